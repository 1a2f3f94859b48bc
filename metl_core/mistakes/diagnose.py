"""Name a student's mistake: recompute each classic wrong version and compare.

A diagnosis is a code and its evidence (JSON-friendly numbers and indices); the words
for each code live in one table, :data:`metl_core.mistakes.messages.MESSAGES`, shared by the
command-line checker and the exercises page.

Entries are compared one by one: ``got`` matches ``expected`` where
|got - expected| <= tol * max(1, |expected|), an absolute tolerance for small entries
and a relative one for large entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from metl_core import maths as M  # the public names only: the modules behind them may move

TOL = 1e-8  # for code: float64 work agrees to ~1e-15, so 1e-8 leaves room only for rounding
_QUIET = {"over": "ignore", "under": "ignore", "invalid": "ignore", "divide": "ignore"}
PARTS = ("dW1", "db1", "dW2", "db2")  # the assignment's packing order


@dataclass(frozen=True)
class Diagnosis:
    """``code`` names what was found ("ok" when nothing is wrong); ``evidence`` shows it."""

    code: str
    evidence: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.code == "ok"


OK = Diagnosis("ok")


def _num(v) -> float | str:
    """A float for JSON: NaN and infinities spelt as strings."""
    v = float(v)
    return v if np.isfinite(v) else str(v)


def as_numbers(got) -> np.ndarray | None:
    """``got`` as a float64 array, or None when it is not an array of real numbers."""
    if got is None or isinstance(got, (str, bytes, dict)):
        return None
    try:
        arr = np.asarray(got)
        if arr.dtype == object or not (
            np.issubdtype(arr.dtype, np.floating)
            or np.issubdtype(arr.dtype, np.integer)
            or arr.dtype == np.bool_
        ):
            return None
        return arr.astype(np.float64)
    except (TypeError, ValueError):
        return None


def rel_error(expected, got) -> np.ndarray:
    """|got - expected| / max(1, |expected|) per entry; inf where either is not finite
    (0 where both are the same NaN or infinity, so a wrong version's NaN can match)."""
    e, g = np.asarray(expected, np.float64), np.asarray(got, np.float64)
    with np.errstate(**_QUIET):
        err = np.abs(g - e) / np.maximum(1.0, np.abs(e))
    same = (np.isnan(e) & np.isnan(g)) | (np.isinf(e) & (e == g))
    return np.where(same, 0.0, np.where(np.isfinite(err), err, np.inf))


def matches(expected, got, tol: float = TOL) -> bool:
    """Same shape and every entry within ``tol`` (see the module docstring)."""
    e, g = np.asarray(expected, np.float64), as_numbers(got)
    return g is not None and g.shape == e.shape and bool(np.all(rel_error(e, g) <= tol))


def compare(expected, got, tol: float = TOL, x=None) -> Diagnosis:
    """The first thing wrong with ``got``: its type, its shape, or its first wrong entry.

    ``x``, the input (when shaped like the output), is added to the evidence of a
    non-finite entry, to show which input broke it.
    """
    e = np.asarray(expected, np.float64)
    g = as_numbers(got)
    if g is None:
        return Diagnosis("not_numbers", {"type": type(got).__name__})
    if g.shape != e.shape:
        return Diagnosis("shape", {"expected": list(e.shape), "got": list(g.shape)})
    err = rel_error(e, g)
    bad = np.argwhere(err > tol)
    if not bad.size:
        return OK
    ix = tuple(int(i) for i in bad[0])
    ev = {"index": list(ix), "expected": _num(e[ix]), "got": _num(g[ix]), "tol": tol}
    if not np.isfinite(g[ix]):
        if x is not None and np.shape(x) == e.shape:
            ev["x"] = _num(np.asarray(x, np.float64)[ix])
        return Diagnosis("not_finite", ev)
    return Diagnosis("entry", ev)


def _first_match(got, variants, tol: float) -> str | None:
    for code, wrong in variants:
        if matches(wrong, got, tol):
            return code
    return None


def _diagnose(expected, got, variants, tol: float, x=None, evidence=None) -> Diagnosis:
    """OK, else the first wrong version ``got`` matches, else :func:`compare`'s finding."""
    first = compare(expected, got, tol, x)
    if first.ok or first.code == "not_numbers":
        return first
    code = _first_match(got, variants(), tol)
    if code is None:
        return first
    ev = dict(evidence or {})
    if first.code in ("entry", "not_finite"):
        ev |= {
            k: first.evidence[k] for k in ("index", "expected", "got", "x") if k in first.evidence
        }
    return Diagnosis(code, ev)


# --- softmax and sigmoid ----------------------------------------------------------------------


def softmax_variants(x) -> list[tuple[str, np.ndarray]]:
    """The classic wrong softmaxes of ``x`` (rows of a matrix, or one vector)."""
    x = np.asarray(x, np.float64)
    out = [("no_max_shift", M.naive_softmax(x))]
    with np.errstate(**_QUIET):
        shifted = np.exp(x - np.max(x))  # one max for the whole matrix
        out.append(("global_max_shift", shifted / np.sum(shifted, axis=-1, keepdims=True)))
        m = x - np.max(x, axis=-1, keepdims=True)
        if x.ndim == 2 and x.shape[0] > 1:
            out.append(("columns", M.softmax(x, 0)))
            out.append(("whole_sum", shifted / np.sum(shifted)))
            out.append(("whole_sum", np.exp(m) / np.sum(np.exp(m))))  # each row shifted
        # The notes' e^{x_i} / sum_j x_j, as written and after a max shift.
        for top, bottom in ((x, x), (m, m), (m, x)):  # as written, shifted, half shifted
            out.append(("sum_x_denominator", np.exp(top) / np.sum(bottom, axis=-1, keepdims=True)))
    return out


def diagnose_softmax(x, got, tol: float = TOL) -> Diagnosis:
    """softmax of the rows of ``x`` (or of the vector ``x``) against ``got``."""
    x = np.asarray(x, np.float64)
    return _diagnose(M.softmax(x), got, lambda: softmax_variants(x), tol, x)


def sigmoid_variants(x) -> list[tuple[str, np.ndarray]]:
    x = np.asarray(x, np.float64)
    with np.errstate(**_QUIET):
        e = np.exp(x)  # eˣ / (1 + eˣ): σ itself, but inf / inf = NaN once eˣ overflows
        ratio = e / (1 + e)
    return [("tanh", np.tanh(x)), ("sigmoid_sign", M.sigmoid(-x)), ("exp_overflow", ratio)]


def diagnose_sigmoid(x, got, tol: float = TOL) -> Diagnosis:
    x = np.asarray(x, np.float64)
    return _diagnose(M.sigmoid(x), got, lambda: sigmoid_variants(x), tol, x)


def sigmoid_grad_variants(s) -> list[tuple[str, np.ndarray]]:
    """Wrong σ′ from s = σ(x). Taking the argument for x applies σ once more: σ′(s)."""
    s = np.asarray(s, np.float64)
    return [
        ("x_for_s", M.sigmoid_derivative(s)),
        ("sigma_squared", s * s),
        ("tanh_derivative", 1 - s * s),
    ]


def diagnose_sigmoid_grad(s, got, tol: float = TOL) -> Diagnosis:
    """``got`` should be σ′(x) = s (1 - s), given s = σ(x)."""
    s = np.asarray(s, np.float64)
    return _diagnose(M.sigmoid_grad(s), got, lambda: sigmoid_grad_variants(s), tol, s)


def diagnose_sigmoid_derivative(x, got, tol: float = TOL) -> Diagnosis:
    """``got`` should be σ′(x) at the pre-activation ``x`` (the page's exercise)."""
    x = np.asarray(x, np.float64)
    s = M.sigmoid(x)

    def variants():
        return [
            ("sigma_only", s),
            ("x_times_one_minus_x", x * (1 - x)),
            ("sigma_squared", s * s),
            ("tanh_derivative", 1 - s * s),
        ]

    return _diagnose(M.sigmoid_derivative(x), got, variants, tol)


def diagnose_ce_grad(z, k: int, got, tol: float = TOL) -> Diagnosis:
    """``got`` should be ∂CE/∂z = ŷ - y for logits ``z`` and true class ``k``."""
    z = np.asarray(z, np.float64)
    yhat = M.softmax(z)
    y = M.target_distribution(k, z.shape)

    def variants():
        return [("sign_flip", y - yhat), ("forgot_y", yhat), ("minus_log", -np.log(yhat) * y)]

    return _diagnose(yhat - y, got, variants, tol)


# --- the network ------------------------------------------------------------------------------


def unpack(theta, dims) -> dict[str, np.ndarray]:
    """The assignment's packed vector as W1 (Dx, H), b1 (H,), W2 (H, Dy), b2 (Dy,)."""
    dx, h, dy = (int(d) for d in dims)
    theta = np.asarray(theta, np.float64)
    shapes = {"W1": (dx, h), "b1": (h,), "W2": (h, dy), "b2": (dy,)}
    out, ofs = {}, 0
    for name, shape in shapes.items():
        n = int(np.prod(shape))
        out[name] = theta[ofs : ofs + n].reshape(shape)
        ofs += n
    return out


def pack(g: dict[str, np.ndarray]) -> np.ndarray:
    """dW1, db1, dW2, db2 flattened row-major and joined, as the assignment returns them."""
    return np.concatenate([np.ravel(g[k]) for k in PARTS])


def backprop_variants(x, y, W1, b1, W2, b2) -> dict[str, dict[str, np.ndarray]]:
    """Every gradient of the summed CE, the right way ("right") and each classic wrong way.

    x (N, Dx), y one-hot (N, Dy). Each value maps dz2, dW2, db2, dh, dz1, dW1, db1, dx to
    an array. The forward pass is the notes': z1 = x W1 + b1, h = σ(z1), z2 = h W2 + b2.
    """
    x, y = np.atleast_2d(np.asarray(x, np.float64)), np.atleast_2d(np.asarray(y, np.float64))
    h = M.sigmoid(x @ W1 + b1)
    yhat = M.softmax(h @ W2 + b2)

    def back(dz2, dsig):
        dh = dz2 @ W2.T
        dz1 = dh * dsig
        return {
            "dz2": dz2,
            "dW2": h.T @ dz2,
            "db2": dz2.sum(axis=0),
            "dh": dh,
            "dz1": dz1,
            "dW1": x.T @ dz1,
            "db1": dz1.sum(axis=0),
            "dx": dz1 @ W1.T,
        }

    right = back(yhat - y, M.sigmoid_grad(h))
    n = x.shape[0]
    return {
        "right": right,
        "sign_flip": back(y - yhat, M.sigmoid_grad(h)),
        "no_sigma_prime": back(yhat - y, 1.0),
        "sigma_squared": back(yhat - y, h * h),  # the notes' θ²(z1)
        "x_for_s": back(yhat - y, M.sigmoid_derivative(h)),  # sigmoid_grad(s) given x
        "mean": {k: v / n for k, v in right.items()},
        "transposed": right | {"dW1": right["dW1"].T, "dW2": right["dW2"].T},
        "transposed_W1": right | {"dW1": right["dW1"].T},
        "transposed_W2": right | {"dW2": right["dW2"].T},
        "missing_bias": right | {"db1": 0 * right["db1"], "db2": 0 * right["db2"]},
        "missing_b1": right | {"db1": 0 * right["db1"]},
        "missing_b2": right | {"db2": 0 * right["db2"]},
    }


_SAME_CODE = {
    "transposed_W1": "transposed",
    "transposed_W2": "transposed",
    "missing_b1": "missing_bias",
    "missing_b2": "missing_bias",
}
_WHICH = {
    "transposed": ["dW1", "dW2"],
    "transposed_W1": ["dW1"],
    "transposed_W2": ["dW2"],
    "missing_bias": ["db1", "db2"],
    "missing_b1": ["db1"],
    "missing_b2": ["db2"],
}


def diagnose_backprop(name: str, expected, variants, got, tol: float = TOL) -> Diagnosis:
    """One backprop quantity ``name`` (dz2, ..., dx) against ``got`` (the page's exercise).

    ``variants`` is :func:`backprop_variants`' result; ``expected`` the core's value.
    """
    expected = np.asarray(expected, np.float64)
    g = as_numbers(got)
    right = variants["right"]
    n = right["dz2"].shape[0]
    if (
        name in ("db1", "db2")
        and g is not None
        and g.shape == (n, *expected.shape)
        and n > 1
        and matches(right["dz" + name[-1]], g, tol)
    ):
        return Diagnosis("bias_not_summed", {"part": name, "got": list(g.shape)})

    def candidates():
        seen = []
        for code, grads in variants.items():
            if code == "right" or matches(grads[name], expected, tol):
                continue  # a wrong version that agrees here names nothing
            seen.append((_SAME_CODE.get(code, code), grads[name]))
        return seen

    d = _diagnose(expected, got, candidates, tol)
    if d.code in ("transposed", "missing_bias"):
        d = Diagnosis(d.code, d.evidence | {"parts": [name]})
    elif d.code == "mean":
        d = Diagnosis(d.code, d.evidence | {"n": n, "then": "ok"})
    elif (
        d.code in ("entry", "not_finite") and n > 1 and g is not None and g.shape == expected.shape
    ):
        for code, wrong in candidates():  # a mean over a second bug: name both
            if code != "mean" and matches(wrong, g * n, tol):
                parts = {"parts": [name]} if code in ("transposed", "missing_bias") else {}
                then = {"then": code, "then_evidence": parts}
                return Diagnosis("mean", d.evidence | {"n": n} | then)
    return d


def diagnose_forward_backward(data, labels, params, dims, cost, grad, tol: float = TOL):
    """The assignment's ``forward_backward_prop`` output (cost, grad) against the core's.

    Returns ``(cost_diagnosis, grad_diagnosis)``.
    """
    exp_cost, exp_grad = M.forward_backward_prop(data, labels, params, dims)
    exp_grad = np.asarray(exp_grad, np.float64)
    n = np.atleast_2d(np.asarray(data)).shape[0]
    return (
        _diagnose_cost(exp_cost, cost, n, tol),
        _diagnose_packed(data, labels, params, dims, exp_grad, grad, tol),
    )


def _diagnose_cost(expected: float, got, n: int, tol: float) -> Diagnosis:
    c = as_numbers(got)
    if c is None:
        return Diagnosis("not_numbers", {"type": type(got).__name__, "part": "cost"})
    if c.size != 1:
        return Diagnosis("cost_not_scalar", {"got": list(c.shape)})
    c = float(c.ravel()[0])
    if matches(expected, c, tol):
        return OK
    ev = {"part": "cost", "expected": _num(expected), "got": _num(c), "n": n}
    if n > 1 and matches(expected / n, c, tol):
        return Diagnosis("mean", ev)
    return Diagnosis("cost_wrong", ev)


def _diagnose_packed(data, labels, params, dims, expected, grad, tol: float) -> Diagnosis:
    _, h, dy = (int(d) for d in dims)
    g = as_numbers(grad)
    if g is None:
        return Diagnosis("not_numbers", {"type": type(grad).__name__, "part": "gradient"})
    p = expected.size
    short = {p - h - dy: ["db1", "db2"], p - h: ["db1"], p - dy: ["db2"]}
    if g.ndim == 1 and g.size in short and g.size != p:
        return Diagnosis("missing_bias", {"parts": short[g.size], "expected": [p], "got": [g.size]})
    if g.shape != expected.shape:
        return Diagnosis("shape", {"expected": [p], "got": list(g.shape), "part": "gradient"})
    if matches(expected, g, tol):
        return OK
    first = OK  # the first wrong entry, named by the part it belongs to
    got_parts, exp_parts = unpack(g, dims), unpack(expected, dims)
    for name in PARTS:
        first = compare(exp_parts[name[1:]], got_parts[name[1:]], tol)
        if not first.ok:
            first = Diagnosis(first.code, first.evidence | {"part": name})
            break
    w = unpack(params, dims)
    variants = backprop_variants(data, labels, w["W1"], w["b1"], w["W2"], w["b2"])
    n = np.atleast_2d(np.asarray(data)).shape[0]
    ev = {k: v for k, v in first.evidence.items() if k != "tol"}

    def named(vec) -> Diagnosis | None:
        """The classic wrong gradient ``vec`` is, the batch mean aside."""
        for code, grads in variants.items():
            if code not in ("right", "mean") and matches(pack(grads), vec, tol):
                parts = {"parts": _WHICH[code]} if code in _WHICH else {}
                return Diagnosis(_SAME_CODE.get(code, code), parts)
        return None

    found = named(g)
    if found is not None:
        return Diagnosis(found.code, ev | found.evidence)
    if n > 1:  # a mean: multiplied back by N, is the rest right, or is a second bug there?
        back = g * n
        if matches(expected, back, tol):
            return Diagnosis("mean", ev | {"n": n, "then": "ok"})
        if matches(expected, back * n, tol):
            return Diagnosis("mean", ev | {"n": n, "then": "mean"})
        second = named(back)
        if second is not None:
            then = {"then": second.code, "then_evidence": second.evidence}
            return Diagnosis("mean", ev | {"n": n} | then)
    return first


def combine_network(cost: Diagnosis, grad: Diagnosis) -> Diagnosis:
    """One finding for ``forward_backward_prop`` from its cost's and its gradient's.

    A batch mean is named wherever it is; with both divided and nothing else wrong the
    evidence says ``consistent`` (cost and gradient agree: the assignment's own gradient
    check passes); with only one divided, ``only`` says which; a second bug is ``then``.
    """
    if cost.ok:
        if grad.code == "mean":
            return Diagnosis("mean", grad.evidence | {"only": "gradient"})
        return grad
    if cost.code != "mean":
        return cost  # a wrong cost first: the gradient is the cost's gradient
    ev = dict(cost.evidence)
    if grad.ok:
        return Diagnosis("mean", ev | {"only": "cost"})
    if grad.code == "mean":
        if grad.evidence.get("then") == "ok":  # no entry is wrong but for the factor N
            ev = {k: v for k, v in grad.evidence.items() if k not in ("index", "expected", "got")}
            return Diagnosis("mean", ev | {"consistent": True})
        return Diagnosis("mean", grad.evidence)
    then = {"then": grad.code, "then_evidence": grad.evidence}
    return Diagnosis("mean", ev | {"only": "cost"} | then)


def diagnose_count(dims, got) -> Diagnosis:
    """``got`` should be the parameter count (Dx + 1) H + (H + 1) Dy, exactly."""
    dx, h, dy = (int(d) for d in dims)

    def variants():
        return [
            ("count_no_bias", np.array([dx * h + h * dy])),
            ("count_one_bias", np.array([dx * h + h + h * dy])),
            ("count_one_bias", np.array([dx * h + h * dy + dy])),
            ("count_product", np.array([dx * h * dy])),
        ]

    return _diagnose(np.array([M.param_count(dx, h, dy)]), got, variants, 0.0)
