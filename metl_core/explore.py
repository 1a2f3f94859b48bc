"""Computations behind the explorer's views: sweeps, grids and checks, in plain NumPy.

The pages call these and only lay out what they return, so each one is tested here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._arrays import as_float_array, check_positive_finite
from .cross_entropy import cross_entropy, cross_entropy_grad
from .gradcheck import GradCheckResult, gradcheck_batched
from .mlp import Params, backward, forward
from .sigmoid import sigmoid, sigmoid_derivative
from .softmax import entropy, naive_softmax, softmax


def shift_vector(n: int, c: float, constant: bool = True, seed: int = 0) -> np.ndarray:
    """The vector added to the logits: c * 1 when ``constant``, else a non-constant one.

    The non-constant vector is c * u with u a seeded draw from [-1, 1]^n (u itself when
    c = 0), so its entries differ and softmax changes.
    """
    if constant:
        return np.full(n, float(c))
    u = np.random.default_rng(seed).uniform(-1.0, 1.0, size=n)
    if n > 1 and np.ptp(u) == 0:  # pragma: no cover - a continuous draw never ties
        u[0] += 1.0
    return float(c) * u if c != 0 else u


@dataclass(frozen=True)
class ShiftComparison:
    """softmax(x) against softmax(x + c) for one added vector c."""

    x: np.ndarray
    c: np.ndarray
    shifted: np.ndarray
    p: np.ndarray
    p_shifted: np.ndarray
    max_abs_diff: float
    invariant: bool


def compare_shift(x, c) -> ShiftComparison:
    """Compare softmax before and after adding ``c`` to the logits.

    ``invariant`` says whether c is a multiple of the ones vector (all entries equal),
    the only case in which softmax(x + c) = softmax(x) for every x.
    """
    x = as_float_array(x)
    c = np.broadcast_to(as_float_array(c), x.shape).astype(np.float64)
    with np.errstate(over="ignore"):
        shifted = x + c  # may reach +-inf for logits near 1e308; softmax copes
    p, q = softmax(x), softmax(shifted)
    with np.errstate(invalid="ignore"):
        diff = float(np.nanmax(np.abs(p - q))) if np.isfinite(p - q).any() else float("nan")
    invariant = bool(c.size == 0 or np.all(c == c.flat[0]))
    return ShiftComparison(x, c, shifted, p, q, diff, invariant)


def shift_rounding(x, c: float) -> float:
    """The rounding of x + c: half a unit in the last place of the largest |xᵢ + c|,
    |xᵢ + c|·2⁻⁵³ ≈ |xᵢ + c|·1.1e-16, which bounds how far softmax(x + c·1) can drift
    from softmax(x) in float64."""
    with np.errstate(over="ignore"):
        top = float(np.max(np.abs(as_float_array(x) + float(c)), initial=0.0))
    return top * np.finfo(np.float64).eps / 2


@dataclass(frozen=True)
class NaiveComparison:
    """The textbook exp(x) / Σ exp(x) beside the stable softmax, and what happened.

    ``case`` is one of
    - "fine": every exp(xᵢ) and their sum are normal floats;
    - "overflow": some exp(xᵢ) is inf (xᵢ > 709.78), so the naive formula gives inf/inf;
    - "sum_overflow": each exp(xᵢ) fits but their sum is inf, so every quotient is 0;
    - "underflow": every exp(xᵢ) is 0 (all xᵢ < −745.13), so the naive formula gives 0/0;
    - "subnormal": the largest exp(xᵢ) is below 2.2e-308, a subnormal float with fewer
      significant bits, so the naive quotients lose precision.
    ``top`` is the largest logit.
    """

    naive: np.ndarray
    stable: np.ndarray
    naive_ok: bool
    case: str
    top: float


def compare_naive(x) -> NaiveComparison:
    """Evaluate both softmaxes at ``x`` and classify what the naive one did."""
    x = as_float_array(x)
    naive, stable = naive_softmax(x), softmax(x)
    with np.errstate(over="ignore", under="ignore"):
        e = np.exp(x)
        total = np.sum(e)
    top = float(np.max(x)) if x.size else 0.0
    if np.isinf(e).any():
        case = "overflow"
    elif np.isinf(total):
        case = "sum_overflow"
    elif total == 0:
        case = "underflow"
    elif np.max(e, initial=0.0) < np.finfo(np.float64).tiny:
        case = "subnormal"
    else:
        case = "fine"
    ok = bool(np.all(np.isfinite(naive)) and np.allclose(naive, stable, rtol=1e-9, atol=1e-15))
    return NaiveComparison(naive, stable, ok, case, top)


@dataclass(frozen=True)
class TemperatureSweep:
    temperatures: np.ndarray
    probs: np.ndarray  # (len(temperatures), n)
    entropies: np.ndarray


def temperature_sweep(x, t_min: float = 0.01, t_max: float = 100.0, n: int = 121):
    """softmax(x / T) and its entropy for T on a log grid from ``t_min`` to ``t_max``."""
    x = as_float_array(x)
    ts = np.geomspace(
        check_positive_finite(t_min, "t_min"), check_positive_finite(t_max, "t_max"), n
    )
    if x.size == 0:
        return TemperatureSweep(ts, np.zeros((n, 0)), np.zeros(n))
    # One pass over all temperatures; shifting by max(x) first keeps (x - m) / T <= 0,
    # so a small T sends far-off logits to -inf (probability 0) instead of overflowing.
    with np.errstate(over="ignore", invalid="ignore"):
        scaled = (x - np.max(x))[None, :] / ts[:, None]
    probs = softmax(scaled, axis=1)
    return TemperatureSweep(ts, probs, entropy(probs, axis=1))


@dataclass(frozen=True)
class SigmoidCurve:
    x: np.ndarray
    s: np.ndarray
    ds: np.ndarray


def sigmoid_curve(lo: float, hi: float, n: int = 201) -> SigmoidCurve:
    """σ and σ' on ``n`` points of [lo, hi]."""
    if not (np.isfinite(lo) and np.isfinite(hi)) or lo >= hi:
        raise ValueError(f"need a finite range lo < hi, got [{lo}, {hi}]")
    xs = np.linspace(lo, hi, n)
    return SigmoidCurve(xs, sigmoid(xs), sigmoid_derivative(xs))


@dataclass(frozen=True)
class SlopeCheck:
    x0: float
    value: float  # σ(x0)
    slope: float  # σ'(x0) = σ(1 − σ)
    finite_difference: float
    h: float
    rel_error: float


def sigmoid_slope_check(x0: float, h: float = 1e-5) -> SlopeCheck:
    """σ'(x0) against the centred difference (σ(x0 + h) − σ(x0 − h)) / 2h."""
    x0 = float(x0)
    s0 = float(sigmoid(x0))
    slope = float(sigmoid_derivative(x0))
    fd = float((sigmoid(x0 + h) - sigmoid(x0 - h)) / (2 * h))
    rel = abs(fd - slope) / max(abs(slope), 1e-300)
    return SlopeCheck(x0, s0, slope, fd, h, rel)


@dataclass(frozen=True)
class DifferenceLimits:
    """Where the centred difference of σ with step h stops working, for x > 0.

    Attributes
    ----------
    first_zero : float
        The smallest x (on a 0.01 grid) where σ(x + h) − σ(x − h) is exactly 0.
    always_zero : float
        From here on it is 0 everywhere on the grid.
    sigma_is_one : float
        The smallest x where σ(x) itself rounds to 1.
    """

    first_zero: float
    always_zero: float
    sigma_is_one: float


def sigmoid_difference_limits(h: float = 1e-5, hi: float = 60.0) -> DifferenceLimits:
    """Where rounding near σ = 1 wipes out the centred difference (σ near 0 never does:
    tiny values keep their relative precision)."""
    xs = np.arange(0.0, hi, 0.01)
    diff = sigmoid(xs + h) - sigmoid(xs - h)
    zero = diff == 0
    last_nonzero = int(np.flatnonzero(~zero)[-1])
    return DifferenceLimits(
        round(float(xs[np.argmax(zero)]), 2),
        round(float(xs[last_nonzero + 1]), 2),
        round(float(xs[np.argmax(sigmoid(xs) == 1.0)]), 2),
    )


@dataclass(frozen=True)
class CEField:
    """CE over a plane of two logits, the others held fixed, and −∇CE on a coarse grid."""

    axis_a: np.ndarray  # fine grid of z_i for the contour, shape (n,)
    axis_b: np.ndarray  # fine grid of z_j
    cost: np.ndarray  # (n, n), cost[q, p] at (axis_a[p], axis_b[q])
    arrow_a: np.ndarray  # coarse grid points
    arrow_b: np.ndarray
    arrow_da: np.ndarray  # −∂CE/∂z_i at each coarse point
    arrow_db: np.ndarray
    point: tuple[float, float]
    point_grad: tuple[float, float]  # −∇CE at the current logits, in the plane


def resolvable(values, step: float, ratio: float = 1e-3) -> bool:
    """True when every value is finite and float64's spacing there is <= ratio * step.

    A plot needs steps of ``step`` to be distinct; a finite difference with step h needs
    a far smaller ratio, since its rounding error is about spacing / h.
    """
    v = np.abs(as_float_array(values))
    return bool(np.all(np.isfinite(v)) and np.all(np.spacing(v) <= step * ratio))


def ce_field(
    logits, target: int, i: int = 0, j: int = 1, span: float = 6.0, n: int = 61, m: int = 11
) -> CEField:
    """CE(z) as z_i and z_j move within ± ``span`` of their current values, others fixed.

    Arrows are the negative gradient, the direction gradient descent moves the logits.

    Raises
    ------
    ValueError
        For fewer than two logits, or logits so large that float64 cannot resolve a
        plane of that width around them (near 1e308 its spacing is about 1e292).
    """
    z = as_float_array(logits)
    if z.ndim != 1 or z.size < 2:
        raise ValueError("need a vector of at least two logits")
    ci, cj = float(z[i]), float(z[j])
    if not resolvable([ci, cj], span / n):
        raise ValueError(
            f"z{i} = {ci:.4g} and z{j} = {cj:.4g} are too large to draw: float64 cannot tell "
            f"them from their neighbours {span / n:.2g} away. The bars and numbers above stay "
            "exact; try logits below about 1e10 for this view."
        )

    def plane(k):
        offsets = np.linspace(-span, span, k)
        return np.meshgrid(ci + offsets, cj + offsets)

    A, B = plane(n)
    Z = np.broadcast_to(z, (*A.shape, z.size)).copy()
    Z[..., i], Z[..., j] = A, B
    cost = cross_entropy(Z, np.full(A.shape, target), reduction="none")
    Ac, Bc = plane(m)
    Zc = np.broadcast_to(z, (*Ac.shape, z.size)).copy()
    Zc[..., i], Zc[..., j] = Ac, Bc
    g = cross_entropy_grad(Zc, np.full(Ac.shape, target))
    g0 = cross_entropy_grad(z, target)
    return CEField(
        A[0],
        B[:, 0],
        cost,
        Ac.ravel(),
        Bc.ravel(),
        -g[..., i].ravel(),
        -g[..., j].ravel(),
        (ci, cj),
        (-float(g0[i]), -float(g0[j])),
    )


@dataclass(frozen=True)
class MarginCurve:
    """Two classes: CE as a function of the margin d = z_true − z_other."""

    d: np.ndarray
    cost: np.ndarray
    d0: float
    cost0: float
    slope0: float  # dCE/dd = −(1 − ŷ_true) = −σ(−d)


def ce_margin_curve(logits, target: int, span: float = 10.0, n: int = 401) -> MarginCurve:
    """With two classes CE = log(1 + e^{−d}), d = z_true − z_other; its slope is −σ(−d)."""
    z = as_float_array(logits)
    if z.shape != (2,):
        raise ValueError("the margin view needs exactly two logits")
    d0 = float(z[target] - z[1 - target])
    d = np.linspace(d0 - span, d0 + span, n) if np.isfinite(d0) else np.linspace(-span, span, n)
    pair = np.stack([d, np.zeros_like(d)], axis=1)
    cost = cross_entropy(pair, np.zeros(n, dtype=int), reduction="none")
    return MarginCurve(d, cost, d0, float(cross_entropy(z, target)), -float(sigmoid(-d0)))


MAX_INPUT = 1e6


def check_input(x, dx: int) -> str | None:
    """Why ``x`` cannot be the network's input for Dx = ``dx``, or None when it can.

    Inputs beyond ±1e6 are refused: x W1 could overflow, and the sigmoids can saturate
    at 0 or 1 long before, leaving nothing to see.
    """
    x = as_float_array(x)
    if x.shape != (dx,):
        return f"x has {x.size} numbers but Dx is {dx}: type exactly {dx}."
    if np.any(np.abs(x) > MAX_INPUT):
        return (
            f"Keep every entry of x within ±{MAX_INPUT:g}: beyond that the sigmoids can "
            "saturate at 0 or 1 and x W1 can overflow."
        )
    return None


@dataclass(frozen=True)
class NetworkState:
    params: Params
    x: np.ndarray
    label: int
    yhat: np.ndarray
    cache: object
    grads: object
    cost: float


def network_state(params: Params, x, label: int, backward_fn=None) -> NetworkState:
    """Forward and backward through the notes' network for one sample.

    ``backward_fn`` replaces :func:`metl_core.backward`, to check another version of it.
    """
    yhat, cache = forward(params, x)
    grads = (backward_fn or backward)(params, cache, label)
    return NetworkState(
        params, cache.x, label, yhat, cache, grads, float(cross_entropy(cache.z2, label))
    )


def _sample_costs(x, label: int, W1, b1, W2, b2) -> np.ndarray:
    """CE of one sample through the network, where any argument may carry a leading
    batch axis of perturbed copies: (B, Dx) inputs, (B, Dx, H) W1s, and so on."""
    x, W1, W2 = np.asarray(x), np.asarray(W1), np.asarray(W2)
    z1 = np.matmul(x[..., None, :], W1)[..., 0, :] + b1
    z2 = np.matmul(sigmoid(z1)[..., None, :], W2)[..., 0, :] + b2
    return _head_costs(z2, label)


def _head_costs(z2, label: int) -> np.ndarray:
    z2 = np.atleast_2d(z2)
    return cross_entropy(z2, np.full(z2.shape[0], label), reduction="none")


def network_gradchecks(
    params: Params, x, label: int, tol: float = 1e-5, backward_fn=None
) -> dict[str, GradCheckResult]:
    """Finite-difference check of every gradient of the network at one sample.

    Keys are "dz2", "dh", "dz1", "dx", "dW1", "db1", "dW2" and "db2"; each check
    perturbs the named quantity and recomputes the summed CE downstream of it, all
    perturbed copies in one batched evaluation (:func:`metl_core.gradcheck_batched`).
    """
    st = network_state(params, x, label, backward_fn)
    c, g, p = st.cache, st.grads, params

    def head(hs):
        return _head_costs(np.matmul(hs, p.W2) + p.b2, label)

    costs = {
        "dz2": (lambda v: _head_costs(v, label), c.z2),
        "dh": (head, c.h),
        "dz1": (lambda v: head(sigmoid(v)), c.z1),
        "dx": (lambda v: _sample_costs(v, label, **dict(p.items())), c.x),
    }
    for name in ("W1", "b1", "W2", "b2"):

        def f(v, name=name):
            parts = {k: (v if k == name else a) for k, a in p.items()}
            return _sample_costs(c.x, label, **parts)

        costs["d" + name] = (f, p[name])
    return {name: gradcheck_batched(f, at, g[name], tol=tol) for name, (f, at) in costs.items()}


def random_vector(n: int, seed: int = 0, scale: float = 2.0) -> np.ndarray:
    """n seeded normal draws times ``scale``, rounded to 2 decimals for display."""
    return np.round(np.random.default_rng(seed).normal(0.0, scale, size=int(n)), 2)


def plot_range(lo: float, hi: float, x0: float, margin: float = 1.0) -> tuple[float, float]:
    """The range [lo, hi] widened, if needed, so that x0 stands inside it."""
    return min(float(lo), float(x0) - margin), max(float(hi), float(x0) + margin)


def memory_bytes(count: int) -> dict[str, int]:
    """Bytes taken by ``count`` parameters at float32 and float64 (exact ints)."""
    return {"float32": 4 * int(count), "float64": 8 * int(count)}


def human_bytes(n: int) -> str:
    """Bytes in binary units: 460 B, 1.5 KiB, 3.2 GiB, ..."""
    n = int(n)
    units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"]
    size, k = float(n), 0
    while size >= 1024 and k < len(units) - 1:
        size /= 1024
        k += 1
    return f"{n} B" if k == 0 else f"{size:.3g} {units[k]}"


# Temperatures offered by the softmax page: 41 steps of 10^0.1 from 0.01 to 100.
TEMPERATURES = [float(f"{t:.3g}") for t in np.logspace(-2, 2, 41)]
