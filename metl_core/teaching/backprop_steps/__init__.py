"""Backprop one line at a time: the forward and backward pass as ordered views.

Each view is one line of the notes' network for a batch X of N rows (N = 1 is the
notes' single row vector x)::

    z1 = X W1 + b1     h = σ(z1)     z2 = h W2 + b2     ŷ = softmax(z2)     CE = −Σₙ log ŷ[n, yₙ]
    dz2 = ŷ − y        dW2 = hᵀ dz2  db2 = Σₙ dz2ₙ      dh = dz2 W2ᵀ
    dz1 = dh ⊙ σ′(z1)  dW1 = Xᵀ dz1  db1 = Σₙ dz1ₙ      dx = dz1 W1ᵀ

Every line is evaluated literally from the values before it, so a mistake injected in
one line (:data:`MISTAKES`) travels into every line that reads it. Each view carries the
check of its own tensor: forward values against :func:`metl_core.forward`, gradients
against centred differences of the summed CE with everything upstream held at its true
value. A wrong line therefore fails its own check, and so does every later line that
read a wrong value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from metl_core.maths.cross_entropy import cross_entropy, target_distribution
from metl_core.maths.gradcheck import gradcheck_batched
from metl_core.maths.mlp import backward, forward
from metl_core.maths.sigmoid import sigmoid
from metl_core.maths.softmax import softmax

FORWARD = ("z1", "h", "z2", "yhat", "CE")
BACKWARD = ("dz2", "dW2", "db2", "dh", "dz1", "dW1", "db1", "dx")
ORDER = FORWARD + BACKWARD
PARAMS = ("W1", "b1", "W2", "b2")
GRAD_TOL = 1e-5  # the assignment's tolerance for a gradient check
FORWARD_TOL = 1e-12

# What each view reads: the diagram highlights these beside the view's own node.
READS: dict[str, tuple[str, ...]] = {
    "z1": ("x", "W1", "b1"),
    "h": ("z1",),
    "z2": ("h", "W2", "b2"),
    "yhat": ("z2",),
    "CE": ("yhat", "y"),
    "dz2": ("yhat", "y"),
    "dW2": ("h", "dz2"),
    "db2": ("dz2",),
    "dh": ("dz2", "W2"),
    "dz1": ("dh", "z1"),
    "dW1": ("x", "dz1"),
    "db1": ("dz1",),
    "dx": ("dz1", "W1"),
}

# Shapes as a product, in symbols; N is the batch size (1 for the notes' row vector x).
SHAPES: dict[str, str] = {
    "z1": "(N×Dx)(Dx×H) + (H) → N×H",
    "h": "σ(N×H), entrywise → N×H",
    "z2": "(N×H)(H×Dy) + (Dy) → N×Dy",
    "yhat": "softmax(N×Dy), row by row → N×Dy",
    "CE": "−Σ over (N×Dy) ⊙ log(N×Dy) → scalar",
    "dz2": "(N×Dy) − (N×Dy) → N×Dy",
    "dW2": "(N×H)ᵀ(N×Dy) → H×Dy",
    "db2": "Σₙ (N×Dy) → Dy",
    "dh": "(N×Dy)(H×Dy)ᵀ → N×H",
    "dz1": "(N×H) ⊙ (N×H) → N×H",
    "dW1": "(N×Dx)ᵀ(N×H) → Dx×H",
    "db1": "Σₙ (N×H) → H",
    "dx": "(N×H)(Dx×H)ᵀ → N×Dx",
}

# Why each backward shape product is what it is (the shapes table).
WHY: dict[str, str] = {
    "dz2": "ŷ and y have one row per sample",
    "dW2": "hᵀ: each entry dW2[j,c] = Σₙ h[n,j]·dz2[n,c] sums over the samples",
    "db2": "b2 is added to every row, so its gradient sums the rows",
    "dh": "W2ᵀ: z2 = hW2 reads h through W2, so the gradient goes back through W2ᵀ",
    "dz1": "⊙: σ acts entrywise, its Jacobian is diag(σ′(z1)), and a product with a "
    "diagonal matrix is an entrywise product",
    "dW1": "Xᵀ: as for dW2, a sum of N outer products xₙᵀ dz1ₙ",
    "db1": "b1 is added to every row, so its gradient sums the rows",
    "dx": "W1ᵀ: z1 = XW1 reads X through W1",
}


@dataclass(frozen=True)
class Mistake:
    """A classic mistake: one line of the backward pass written wrong."""

    name: str
    title: str
    step: str  # the view whose line it replaces: where it enters
    source: str  # "notes" (the notes wrote it) or "variant" (a deliberately wrong variant)
    key: str  # the registry entry that shows it beside the correct line
    label: str  # short, for a control (and its URL value)


MISTAKES: dict[str, Mistake] = {
    m.name: m
    for m in (
        Mistake("theta2", "the notes' θ²(z1) = σ(z1)² for σ′(z1)", "dz1", "notes", "bp-dz1", "θ²"),
        Mistake("sign", "the sign flip: y − ŷ for ŷ − y", "dz2", "variant", "bp-dz2", "y − ŷ"),
        Mistake(
            "no_sigma_prime",
            "σ′ forgotten: dz1 = dh",
            "dz1",
            "variant",
            "bp-dz1-diag",
            "σ′ forgotten",
        ),
        Mistake(
            "transpose",
            "a missing transpose: dz2 W2 for dz2 W2ᵀ",
            "dh",
            "variant",
            "bp-dh",
            "missing transpose",
        ),
    )
}


@dataclass(frozen=True)
class Batch:
    """The network and the data a pass runs on.

    Attributes
    ----------
    params : Params
        W1 (Dx, H), b1 (H,), W2 (H, Dy), b2 (Dy,).
    X : ndarray, shape (N, Dx)
    labels : ndarray of int, shape (N,)
    """

    params: object
    X: np.ndarray
    labels: np.ndarray

    @property
    def dims(self) -> tuple[int, int, int, int]:
        """(N, Dx, H, Dy)."""
        W1, W2 = self.params.W1, self.params.W2
        return self.X.shape[0], W1.shape[0], W1.shape[1], W2.shape[1]

    @property
    def Y(self) -> np.ndarray:
        """One-hot targets, (N, Dy)."""
        return target_distribution(self.labels, (self.X.shape[0], self.params.W2.shape[1]))


def make_batch(params, X, labels) -> Batch:
    """A :class:`Batch` with X as a 2-D float array and labels as ints, checked."""
    X = np.atleast_2d(np.asarray(X, dtype=float))
    labels = np.atleast_1d(np.asarray(labels)).astype(np.int64)
    if X.ndim != 2 or X.shape[1] != params.W1.shape[0]:
        raise ValueError(f"X must have shape (N, {params.W1.shape[0]}), got {X.shape}")
    if labels.shape != (X.shape[0],):
        raise ValueError(f"labels must have shape ({X.shape[0]},), got {labels.shape}")
    target_distribution(labels, (X.shape[0], params.W2.shape[1]))  # range check
    return Batch(params, X, labels)


def seeded_batch(params, n: int, seed: int, first=None, first_label: int | None = None):
    """N seeded input rows (normal, sd 1, 2 decimals) and labels; ``first`` replaces row 0.

    Row i is drawn from ``default_rng([seed, i])``, so a larger N keeps the rows it had.
    """
    dx, dy = params.W1.shape[0], params.W2.shape[1]
    rows, labels = [], []
    for i in range(int(n)):
        rng = np.random.default_rng([int(seed), i])
        rows.append(np.round(rng.normal(0.0, 1.0, size=dx), 2))
        labels.append(int(rng.integers(0, dy)))
    if first is not None:
        rows[0] = np.asarray(first, dtype=float)
    if first_label is not None:
        labels[0] = int(first_label)
    return make_batch(params, np.array(rows), np.array(labels))


# --- The lines -------------------------------------------------------------------------------


class ShapeMismatch(ValueError):
    """A product whose shapes do not match: what numpy would raise."""


def _matmul(a: np.ndarray, b: np.ndarray, what: str) -> np.ndarray:
    if a.shape[-1] != b.shape[0]:
        raise ShapeMismatch(
            f"{what}: ({a.shape[0]}×{a.shape[1]})({b.shape[0]}×{b.shape[1]}) cannot be "
            f"multiplied: {a.shape[1]} ≠ {b.shape[0]}"
        )
    return a @ b


def _sigma_prime(z1):
    s = sigmoid(z1)
    return s * (1.0 - s)


# Each line computes its tensor from the values before it (env) and the parameters.
_LINES: dict[str, Callable[[dict, object], np.ndarray]] = {
    "z1": lambda e, p: e["x"] @ p.W1 + p.b1,
    "h": lambda e, p: sigmoid(e["z1"]),
    "z2": lambda e, p: e["h"] @ p.W2 + p.b2,
    "yhat": lambda e, p: softmax(e["z2"], axis=-1),
    "CE": lambda e, p: np.asarray(-np.sum(e["y"] * _log_or_zero(e["yhat"], e["y"]))),
    "dz2": lambda e, p: e["yhat"] - e["y"],
    "dW2": lambda e, p: e["h"].T @ e["dz2"],
    "db2": lambda e, p: e["dz2"].sum(axis=0),
    "dh": lambda e, p: e["dz2"] @ p.W2.T,
    "dz1": lambda e, p: e["dh"] * _sigma_prime(e["z1"]),
    "dW1": lambda e, p: e["x"].T @ e["dz1"],
    "db1": lambda e, p: e["dz1"].sum(axis=0),
    "dx": lambda e, p: e["dz1"] @ p.W1.T,
}

# Each mistake swaps exactly one line.
_WRONG_LINES: dict[str, Callable[[dict, object], np.ndarray]] = {
    "sign": lambda e, p: e["y"] - e["yhat"],
    "transpose": lambda e, p: _matmul(e["dz2"], p.W2, "dz2 W2"),
    "theta2": lambda e, p: e["dh"] * sigmoid(e["z1"]) ** 2,
    "no_sigma_prime": lambda e, p: e["dh"].copy(),
}


def _log_or_zero(yhat, y):
    """log ŷ where y > 0, else 0 (so a class with y = 0 adds 0 even if ŷ underflowed)."""
    with np.errstate(divide="ignore"):
        return np.where(y > 0, np.log(np.where(y > 0, yhat, 1.0)), 0.0)


def _line(name: str, mistake: str | None):
    if mistake is not None and MISTAKES[mistake].step == name:
        return _WRONG_LINES[mistake]
    return _LINES[name]


def _shape_of(name: str, n: int, dx: int, h: int, dy: int) -> tuple[int, ...]:
    return {
        "z1": (n, h),
        "h": (n, h),
        "z2": (n, dy),
        "yhat": (n, dy),
        "CE": (),
        "dz2": (n, dy),
        "dW2": (h, dy),
        "db2": (dy,),
        "dh": (n, h),
        "dz1": (n, h),
        "dW1": (dx, h),
        "db1": (h,),
        "dx": (n, dx),
    }[name]


def run_lines(batch: Batch, mistake: str | None = None) -> tuple[dict, dict]:
    """Every line in order: (values by name, problems by name).

    A line that cannot be evaluated (a missing transpose with H ≠ Dy) gives NaN of the
    shape it should have had, with the reason in ``problems``; the NaN then travels on.
    """
    if mistake is not None and mistake not in MISTAKES:
        raise ValueError(f"unknown mistake {mistake!r}; one of {sorted(MISTAKES)}")
    p = batch.params
    n, dx, h, dy = batch.dims
    env = {"x": batch.X, "y": batch.Y, **dict(zip(PARAMS, (p.W1, p.b1, p.W2, p.b2), strict=True))}
    problems: dict[str, str] = {}
    for name in ORDER:
        try:
            with np.errstate(invalid="ignore"):
                env[name] = np.asarray(_line(name, mistake)(env, p), dtype=float)
        except ShapeMismatch as err:
            env[name] = np.full(_shape_of(name, n, dx, h, dy), np.nan)
            problems[name] = str(err)
    return env, problems


# --- Checks of one tensor --------------------------------------------------------------------


@dataclass(frozen=True)
class TensorCheck:
    """One tensor against its reference: ``ok`` when ``error <= tol``.

    For gradients the error is the largest |num − ana| / max(1, |num|, |ana|) against
    centred differences (h = 1e-4) of the summed CE; for forward values the largest
    absolute difference from :func:`metl_core.forward`. inf for NaN or a wrong shape.
    """

    value: np.ndarray
    reference: np.ndarray
    error: float
    tol: float
    what: str

    @property
    def ok(self) -> bool:
        return bool(self.error <= self.tol)

    @property
    def sides(self) -> tuple[np.ndarray, np.ndarray, float, float]:
        """(value, reference, error, tol): the fields of a :class:`metl_core.notes.Check`."""
        return self.value, self.reference, self.error, self.tol


def _ce_rows(z2: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Summed CE for each of B stacked batches: z2 (B, N, Dy) → (B,)."""
    b, n, dy = z2.shape
    per = cross_entropy(z2.reshape(b * n, dy), np.tile(labels, b), reduction="none")
    return per.reshape(b, n).sum(axis=1)


def _chunked(costs: Callable[[np.ndarray], np.ndarray], rows: int) -> Callable:
    """``costs`` evaluated over the stacked points in chunks, to bound memory."""

    def run(points: np.ndarray) -> np.ndarray:
        step = max(1, 2_000_000 // max(rows, 1))
        return np.concatenate([costs(points[i : i + step]) for i in range(0, len(points), step)])

    return run


def _cost_of(name: str, batch: Batch, true: dict):
    """The summed CE as a function of the tensor ``name`` differentiates, and its point."""
    p, lab = batch.params, batch.labels

    def head(z2):
        return _ce_rows(z2, lab)

    def from_h(hs):
        return head(hs @ p.W2 + p.b2)

    def from_z1(zs):
        return from_h(sigmoid(zs))

    def from_x(xs, W1=p.W1, b1=p.b1):
        return from_z1(xs @ W1 + b1)

    table = {
        "dz2": (head, true["z2"]),
        "dh": (from_h, true["h"]),
        "dz1": (from_z1, true["z1"]),
        "dx": (from_x, batch.X),
        "dW1": (lambda W: from_z1(batch.X @ W + p.b1), p.W1),
        "db1": (lambda b: from_z1(batch.X @ p.W1 + b[:, None, :]), p.b1),
        "dW2": (lambda W: head(true["h"] @ W + p.b2), p.W2),
        "db2": (lambda b: head(true["h"] @ p.W2 + b[:, None, :]), p.b2),
    }
    return table[name]


def _width(batch: Batch) -> int:
    n, dx, h, dy = batch.dims
    return n * max(dx, h, dy)


def _forward_reference(name: str, batch: Batch) -> np.ndarray:
    _, cache = forward(batch.params, batch.X)
    if name == "CE":
        return np.asarray(cross_entropy(cache.z2, batch.labels, reduction="sum"), dtype=float)
    return np.asarray({"z1": cache.z1, "h": cache.h, "z2": cache.z2, "yhat": cache.yhat}[name])


def _literal_sigmoid(e: dict) -> np.ndarray:
    with np.errstate(over="ignore"):  # e^(−z) = inf gives 1 / inf = 0, the right limit
        return 1.0 / (1.0 + np.exp(-e["z1"]))


def _literal_softmax(e: dict) -> np.ndarray:
    z = e["z2"]
    ez = np.exp(z - z.max(axis=1, keepdims=True))  # the same ratio, without overflow
    return ez / ez.sum(axis=1, keepdims=True)


# Forward values also checked against their formula written out, beside metl_core.forward.
LITERAL = {"h": _literal_sigmoid, "yhat": _literal_softmax}


def check_tensor(name: str, batch: Batch, value, true: dict | None = None) -> TensorCheck:
    """The check of the tensor ``name`` alone, at ``value``.

    Gradients: against centred differences of the summed CE with respect to that tensor,
    everything upstream of it at its true value. Forward values: against
    :func:`metl_core.forward` (and the summed CE of :func:`metl_core.cross_entropy`).
    """
    value = np.asarray(value, dtype=float)
    true = true if true is not None else run_lines(batch)[0]
    if name in FORWARD:
        ref = _forward_reference(name, batch)
        what = "metl_core.forward" + (" and the formula, literally" if name in LITERAL else "")
        if value.shape != ref.shape or not np.all(np.isfinite(value)):
            return TensorCheck(value, ref, float("inf"), FORWARD_TOL, what)
        err = float(np.max(np.abs(value - ref) / np.maximum(1.0, np.abs(ref)), initial=0.0))
        if name in LITERAL:
            lit = LITERAL[name](true)
            err = max(err, float(np.max(np.abs(value - lit) / np.maximum(1.0, np.abs(lit)))))
        return TensorCheck(value, ref, err, FORWARD_TOL, what)
    costs, at = _cost_of(name, batch, true)
    at = np.asarray(at, dtype=float)
    what = "finite differences of the summed CE"
    if value.shape != at.shape:
        return TensorCheck(value, np.full(at.shape, np.nan), float("inf"), GRAD_TOL, what)
    r = gradcheck_batched(_chunked(costs, _width(batch)), at, value, tol=GRAD_TOL)
    return TensorCheck(value, r.numeric, r.max_rel_error, GRAD_TOL, what)


# --- Numbers for one entry -------------------------------------------------------------------


def num(v: float, digits: int = 4) -> str:
    """A number as shown in an equation: 4 significant digits, true minus, negatives in
    brackets where they follow an operator."""
    v = float(v)
    if np.isnan(v):
        return "NaN"
    if np.isinf(v):
        return "∞" if v > 0 else "−∞"
    text = f"{v:.{digits}g}".replace("-", "−")
    return text


def _factor(v: float) -> str:
    t = num(v)
    return f"({t})" if t.startswith("−") else t


@dataclass(frozen=True)
class Numbers:
    """The equation of one entry with its numbers in it.

    ``terms`` are the products summed (each a tuple of factors), ``extra`` a value added
    after them (a bias), and ``value`` their total evaluated from exactly those numbers.
    """

    lhs: str
    symbolic: str
    shown: str
    value: float

    @property
    def text(self) -> str:
        return f"{self.lhs} = {self.symbolic} = {self.shown} = {num(self.value)}"


def _products(factors: list[tuple[float, ...]], extra: float | None = None, head: int = 3):
    """(text, total) for Σ of the products of ``factors`` (+ ``extra``), first terms shown."""
    shown = [" × ".join(_factor(f) for f in fs) for fs in factors[:head]]
    if len(factors) > head:
        shown.append(f"… ({len(factors)} terms in all)")
    text = " + ".join(shown)
    total = float(sum(float(np.prod(fs)) for fs in factors))
    if extra is not None:
        text += f" + {_factor(extra)}"
        total += float(extra)
    return text, total


def _idx(index) -> str:
    return "[" + ",".join(str(int(i)) for i in index) + "]"


def numbers(name: str, env: dict, index: tuple[int, ...], mistake: str | None = None) -> Numbers:
    """The line ``name`` for the entry at ``index``, with the numbers it reads.

    ``value`` is evaluated from the numbers themselves (full precision), so it equals
    the tensor's entry; the text shows them to 4 significant digits.
    """
    e = env
    wrong = mistake if (mistake and MISTAKES[mistake].step == name) else None
    index = tuple(int(i) for i in index)
    lhs = f"{symbol(name)}{_idx(index)}" if index else name
    n_rows = e["x"].shape[0]
    if name == "z1":
        n, j = index
        fs = [(e["x"][n, i], e["W1"][i, j]) for i in range(e["x"].shape[1])]
        text, total = _products(fs, e["b1"][j])
        return Numbers(lhs, f"Σᵢ x[{n},i]·W1[i,{j}] + b1[{j}]", text, total)
    if name == "h":
        z = e["z1"][index]
        return Numbers(lhs, f"σ(z1{_idx(index)}) = 1 / (1 + e^(−z1))", f"σ({num(z)})", _sig(z))
    if name == "z2":
        n, k = index
        fs = [(e["h"][n, j], e["W2"][j, k]) for j in range(e["h"].shape[1])]
        text, total = _products(fs, e["b2"][k])
        return Numbers(lhs, f"Σⱼ h[{n},j]·W2[j,{k}] + b2[{k}]", text, total)
    if name == "yhat":
        n, k = index
        z = e["z2"][n]
        ez = np.exp(z - z.max())  # the same ratio, without overflow
        den = " + ".join(f"e^{_factor(v)}" for v in z[:3]) + (" + …" if z.size > 3 else "")
        return Numbers(
            lhs,
            f"e^z2[{n},{k}] / Σ_c e^z2[{n},c]",
            f"e^{_factor(z[k])} / ({den})",
            float(ez[k] / ez.sum()),
        )
    if name == "CE":
        picked = [float(e["yhat"][n, int(np.argmax(e["y"][n]))]) for n in range(n_rows)]
        logs = [np.log(v) if v > 0 else -np.inf for v in picked]
        shown = " + ".join(f"log {num(v)}" for v in picked[:3])
        shown += " + …" if n_rows > 3 else ""
        return Numbers("CE", "−Σₙ log ŷ[n, kₙ]", f"−({shown})", float(-np.sum(logs)))
    if name == "dz2":
        yh, y = e["yhat"][index], e["y"][index]
        if wrong == "sign":
            return Numbers(
                lhs, f"y{_idx(index)} − ŷ{_idx(index)}", f"{num(y)} − {_factor(yh)}", y - yh
            )
        return Numbers(lhs, f"ŷ{_idx(index)} − y{_idx(index)}", f"{num(yh)} − {_factor(y)}", yh - y)
    if name in ("dW2", "dW1"):
        i, j = index
        a, d = ("h", "dz2") if name == "dW2" else ("x", "dz1")
        fs = [(e[a][n, i], e[d][n, j]) for n in range(n_rows)]
        text, total = _products(fs)
        sym = f"Σₙ {a}[n,{i}]·{d}[n,{j}]" if n_rows > 1 else f"{a}[0,{i}]·{d}[0,{j}]"
        return Numbers(lhs, sym, text, total)
    if name in ("db2", "db1"):
        (j,) = index
        d = "dz2" if name == "db2" else "dz1"
        fs = [(e[d][n, j],) for n in range(n_rows)]
        text, total = _products(fs)
        return Numbers(lhs, f"Σₙ {d}[n,{j}]" if n_rows > 1 else f"{d}[0,{j}]", text, total)
    if name == "dh":
        n, j = index
        W2, dz2 = e["W2"], e["dz2"]
        if wrong == "transpose":
            if W2.shape[0] != dz2.shape[1]:
                return Numbers(lhs, f"Σ_c dz2[{n},c]·W2[c,{j}]", "undefined (shapes)", np.nan)
            fs = [(dz2[n, k], W2[k, j]) for k in range(dz2.shape[1])]
            text, total = _products(fs)
            return Numbers(lhs, f"Σ_c dz2[{n},c]·W2[c,{j}]", text, total)
        fs = [(dz2[n, k], W2[j, k]) for k in range(dz2.shape[1])]
        text, total = _products(fs)
        return Numbers(lhs, f"Σ_c dz2[{n},c]·W2ᵀ[c,{j}]", text, total)
    if name == "dz1":
        dh, z = e["dh"][index], e["z1"][index]
        s = _sig(z)
        ix = _idx(index)
        if wrong == "theta2":
            return Numbers(lhs, f"dh{ix}·σ(z1{ix})²", f"{num(dh)} × {_factor(s)}²", dh * s * s)
        if wrong == "no_sigma_prime":
            return Numbers(lhs, f"dh{ix}", num(dh), dh)
        return Numbers(
            lhs,
            f"dh{ix}·σ(z1{ix})(1 − σ(z1{ix}))",
            f"{num(dh)} × {num(s)} × {num(1 - s)}",
            dh * (s * (1.0 - s)),
        )
    if name == "dx":
        n, i = index
        fs = [(e["dz1"][n, j], e["W1"][i, j]) for j in range(e["dz1"].shape[1])]
        text, total = _products(fs)
        return Numbers(lhs, f"Σⱼ dz1[{n},j]·W1ᵀ[j,{i}]", text, total)
    raise ValueError(f"unknown step {name!r}")


def symbol(name: str) -> str:
    """How a value is written: ŷ for yhat, every other name as it is."""
    return "ŷ" if name == "yhat" else name


def _sig(z: float) -> float:
    return float(sigmoid(np.asarray([float(z)]))[0])


# --- Views -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class View:
    """One step of the walk: a line of the forward or backward pass, evaluated.

    Attributes
    ----------
    name : str
        "z1", …, "CE", then "dz2", …, "dx".
    phase : str
        "forward" or "backward".
    key : str
        The registry entry of its equation (:mod:`metl_core.notes`).
    reads : tuple of str
        The values the line reads.
    shapes, shapes_numeric : str
        Its shapes as a product, in symbols and for this batch.
    value : ndarray
        The tensor (0-d for CE).
    check : TensorCheck
        The check of this tensor alone.
    wrong : bool
        True where the chosen mistake swapped this very line.
    problem : str
        Why the line could not be evaluated (shapes), else "".
    """

    name: str
    phase: str
    key: str
    reads: tuple[str, ...]
    shapes: str
    shapes_numeric: str
    value: np.ndarray
    check: TensorCheck
    wrong: bool
    problem: str


def registry_key(name: str) -> str:
    return f"bp-{name}"


def shapes_numeric(name: str, n: int, dx: int, h: int, dy: int) -> str:
    """:data:`SHAPES` with this batch's numbers in place of the symbols."""
    text = SHAPES[name]
    for sym, v in (("Dx", dx), ("Dy", dy), ("H", h), ("N", n)):
        text = text.replace(sym, str(v))
    return text


def view(batch: Batch, name: str, mistake: str | None = None, env=None, true=None) -> View:
    """The view of one step (cheaper than :func:`views`: one check)."""
    env, problems = env if env is not None else run_lines(batch, mistake)
    true = true if true is not None else (env if mistake is None else run_lines(batch)[0])
    n, dx, h, dy = batch.dims
    wrong = mistake is not None and MISTAKES[mistake].step == name
    shapes = SHAPES[name]
    if wrong and mistake == "transpose":
        shapes = "(N×Dy)(H×Dy) → defined only when Dy = H"
    numeric = (
        shapes_numeric(name, n, dx, h, dy)
        if not (wrong and mistake == "transpose")
        else (f"({n}×{dy})({h}×{dy}) → " + (f"{n}×{dy}" if dy == h else f"no product: {dy} ≠ {h}"))
    )
    return View(
        name,
        "forward" if name in FORWARD else "backward",
        registry_key(name),
        READS[name],
        shapes,
        numeric,
        env[name],
        check_tensor(name, batch, env[name], true),
        wrong,
        problems.get(name, ""),
    )


def views(batch: Batch, mistake: str | None = None) -> list[View]:
    """Every step in order, each with its own check."""
    run = run_lines(batch, mistake)
    true = run[0] if mistake is None else run_lines(batch)[0]
    return [view(batch, name, mistake, run, true) for name in ORDER]


@dataclass(frozen=True)
class Travel:
    """Where a mistake enters the backward pass and where the checks fail."""

    mistake: str
    enters: str
    first_failure: str | None
    failing: tuple[str, ...]


def travel(batch: Batch, mistake: str) -> Travel:
    """The first step where ``mistake`` enters, and the steps whose check fails."""
    vs = views(batch, mistake)
    failing = tuple(v.name for v in vs if not v.check.ok)
    return Travel(mistake, MISTAKES[mistake].step, failing[0] if failing else None, failing)


def core_grads(batch: Batch) -> dict[str, np.ndarray]:
    """:func:`metl_core.backward`'s gradients for this batch, by view name."""
    _, cache = forward(batch.params, batch.X)
    g = backward(batch.params, cache, batch.labels)
    return {name: np.asarray(getattr(g, name)) for name in BACKWARD}


def clamp_index(index, shape: tuple[int, ...]) -> tuple[tuple[int, ...], bool]:
    """``index`` moved inside ``shape`` (each coordinate clamped): (index, changed)."""
    index = tuple(int(i) for i in index)[: len(shape)]
    index = index + (0,) * (len(shape) - len(index))
    clamped = tuple(min(max(i, 0), s - 1) for i, s in zip(index, shape, strict=True))
    return clamped, clamped != index


# --- Saturation, δ sizes, batches ------------------------------------------------------------


@dataclass(frozen=True)
class Saturation:
    """How saturated the hidden units are, and the size of each gradient.

    ``saturated`` is the fraction of entries of h outside [0.05, 0.95], where
    σ′ = h(1 − h) < 0.0475, a fifth of its largest value 1/4.
    """

    saturated: float
    mean_sigma_prime: float
    sizes: dict[str, float]


SATURATED = 0.05


def saturation(batch: Batch) -> Saturation:
    """Saturation of h and the root-mean-square size of every backward tensor."""
    env, _ = run_lines(batch)
    h = env["h"]
    sat = float(np.mean((h < SATURATED) | (h > 1 - SATURATED)))
    sizes = {name: float(np.sqrt(np.mean(env[name] ** 2))) for name in BACKWARD}
    return Saturation(sat, float(np.mean(h * (1 - h))), sizes)


def scaled(batch: Batch, scale: float) -> Batch:
    """The same batch with W1 multiplied by ``scale``."""
    p = batch.params
    return Batch(type(p)(p.W1 * float(scale), p.b1, p.W2, p.b2), batch.X, batch.labels)


def scale_sweep(batch: Batch, scales) -> dict[str, np.ndarray]:
    """Saturation and the RMS of dW1 and dW2 for W1 scaled by each of ``scales``."""
    rows = [saturation(scaled(batch, s)) for s in scales]
    return {
        "scale": np.asarray(scales, dtype=float),
        "saturated": np.array([r.saturated for r in rows]),
        "dW1": np.array([r.sizes["dW1"] for r in rows]),
        "dW2": np.array([r.sizes["dW2"] for r in rows]),
    }


def outer_products(a: np.ndarray, d: np.ndarray) -> np.ndarray:
    """The N outer products aₙᵀ dₙ, shape (N, A, D): their sum is aᵀ d."""
    return np.einsum("ni,nj->nij", np.atleast_2d(a), np.atleast_2d(d))


def shapes_table(n: int, dx: int, h: int, dy: int) -> list[dict[str, str]]:
    """Per gradient: its equation, the shapes as a product, and why the ᵀ or ⊙."""
    eq = {
        "dz2": "ŷ − y",
        "dW2": "hᵀ dz2",
        "db2": "Σₙ dz2ₙ",
        "dh": "dz2 W2ᵀ",
        "dz1": "dh ⊙ σ′(z1)",
        "dW1": "Xᵀ dz1",
        "db1": "Σₙ dz1ₙ",
        "dx": "dz1 W1ᵀ",
    }
    return [
        {
            "gradient": name,
            "equation": eq[name],
            "shapes": SHAPES[name],
            "here": shapes_numeric(name, n, dx, h, dy),
            "why": WHY[name],
        }
        for name in BACKWARD
    ]


# --- The registry's checks -------------------------------------------------------------------


def check_batches(inputs) -> tuple[Batch, Batch]:
    """Where the registry's checks run: the notes' single row (N = 1) of
    ``inputs.network``, and a seeded batch of N = 5 rows on the same network."""
    params, x, label = inputs.network
    return make_batch(params, np.asarray(x)[None, :], [label]), seeded_batch(params, 5, inputs.seed)


def _worst(checks) -> TensorCheck:
    return max(checks, key=lambda c: c.error)


def check_line(inputs, name: str, mistake: str | None = None) -> TensorCheck:
    """The line ``name`` evaluated literally (with ``mistake``'s version of it, if that is
    where the mistake enters; every line before it true), checked as :func:`check_tensor`
    does, at N = 1 and N = 5: the worse of the two."""
    out = []
    for batch in check_batches(inputs):
        env, _ = run_lines(batch, mistake)
        out.append(check_tensor(name, batch, env[name]))
    return _worst(out)


def check_diag_jacobian(inputs, forget: bool = False) -> TensorCheck:
    """dz1ₙ = dhₙ · diag(σ′(z1ₙ)), the Jacobian product taken literally row by row,
    against finite differences; ``forget`` checks dz1 = dh instead."""
    out = []
    for batch in check_batches(inputs):
        env, _ = run_lines(batch)
        sp = _sigma_prime(env["z1"])
        rows = np.array([env["dh"][n] @ np.diag(sp[n]) for n in range(len(sp))])
        out.append(check_tensor("dz1", batch, env["dh"] if forget else rows, env))
    return _worst(out)


def check_outer_sums(inputs, mean: bool = False) -> TensorCheck:
    """dW2 = Σₙ hₙᵀ dz2ₙ, dW1 = Σₙ xₙᵀ dz1ₙ, db2 = Σₙ dz2ₙ, db1 = Σₙ dz1ₙ, each sum taken
    term by term, against finite differences of the summed CE; ``mean`` divides by N."""
    out = []
    for batch in check_batches(inputs):
        env, _ = run_lines(batch)
        k = 1.0 / batch.dims[0] if mean else 1.0
        sums = {
            "dW2": outer_products(env["h"], env["dz2"]).sum(axis=0),
            "dW1": outer_products(env["x"], env["dz1"]).sum(axis=0),
            "db2": sum(env["dz2"]),
            "db1": sum(env["dz1"]),
        }
        out += [check_tensor(name, batch, k * v, env) for name, v in sums.items()]
    return _worst(out)


def check_mean_gradient(inputs) -> TensorCheck:
    """(1/N) Xᵀ dz1 and (1/N) hᵀ dz2 against finite differences of the mean CE."""
    out = []
    for batch in check_batches(inputs):
        env, _ = run_lines(batch)
        n = batch.dims[0]
        for name in ("dW1", "dW2"):
            costs, at = _cost_of(name, batch, env)
            r = gradcheck_batched(
                lambda pts, c=costs, n=n: c(pts) / n, at, env[name] / n, tol=GRAD_TOL
            )
            out.append(TensorCheck(env[name] / n, r.numeric, r.max_rel_error, GRAD_TOL, "mean CE"))
    return _worst(out)


def outer_sum_check(batch: Batch, a: str = "h", d: str = "dz2") -> TensorCheck:
    """The N outer products aₙᵀ dₙ summed term by term, against the product aᵀ d."""
    env, _ = run_lines(batch)
    total = outer_products(env[a], env[d]).sum(axis=0)
    product = env[a].T @ env[d]
    err = float(np.max(np.abs(total - product) / np.maximum(1.0, np.abs(product))))
    return TensorCheck(total, product, err, FORWARD_TOL, f"{a}ᵀ {d}")
