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

from metl_core.maths.cross_entropy import target_distribution
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


def sigma_prime(z1):
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
    "dz1": lambda e, p: e["dh"] * sigma_prime(e["z1"]),
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
