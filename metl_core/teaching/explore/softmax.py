"""Behind the Softmax page: an added constant, naive against stable, temperature."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from metl_core.maths.arrays import as_float_array, check_positive_finite
from metl_core.maths.softmax import entropy, naive_softmax, softmax


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
    - "small_entries": the largest exp(xᵢ) is a normal float but a smaller one underflows
      to 0 or is subnormal; the stable softmax takes that same exp (xᵢ − max is as far
      below 0), so both agree, in the tiny entries' rounding too;
    - "overflow": some exp(xᵢ) is inf (xᵢ > 709.78), so the naive formula gives inf/inf;
    - "sum_overflow": each exp(xᵢ) fits but their sum is inf, so every quotient is 0;
    - "underflow": every exp(xᵢ) is 0 (all xᵢ < −745.13), so the naive formula gives 0/0;
    - "subnormal": the largest exp(xᵢ) is below 2.2e-308, a subnormal float with fewer
      significant bits, so the naive quotients lose precision.
    ``top`` is the largest logit, ``low`` the smallest.
    """

    naive: np.ndarray
    stable: np.ndarray
    naive_ok: bool
    case: str
    top: float
    low: float = 0.0


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
    elif np.min(e, initial=np.inf) < np.finfo(np.float64).tiny:
        case = "small_entries"
    else:
        case = "fine"
    ok = bool(np.all(np.isfinite(naive)) and np.allclose(naive, stable, rtol=1e-9, atol=1e-15))
    low = float(np.min(x)) if x.size else 0.0
    return NaiveComparison(naive, stable, ok, case, top, low)


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
