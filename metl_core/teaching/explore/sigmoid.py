"""Behind the Sigmoid page: the curve, the slope check and where it loses its digits."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from metl_core.maths.sigmoid import sigmoid, sigmoid_derivative


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


def sigmoid_slope_check(x0: float, h: float = 1e-4) -> SlopeCheck:
    """σ'(x0) against the centred difference (σ(x0 + h) − σ(x0 − h)) / 2h, at the
    assignment's step h = 1e-4 by default."""
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
        The smallest x of the grid where σ(x + h) − σ(x − h) is exactly 0.
    always_zero : float
        From here on it is 0 at every x of the grid (NaN if not up to the grid's end).
    sigma_is_one : float
        The smallest x where σ(x) itself rounds to 1.
    """

    first_zero: float
    always_zero: float
    sigma_is_one: float


def sigmoid_difference_limits(h: float = 1e-5, grid=None) -> DifferenceLimits:
    """Where rounding near σ = 1 wipes out the centred difference (σ near 0 never does:
    tiny values keep their relative precision), on ``grid`` (default x ≥ 0 in steps of
    0.01, to 60): between its points, where 1 + e^(−x) crosses a rounding boundary, the
    difference can be nonzero again."""
    xs = np.arange(0.0, 60.0, 0.01) if grid is None else np.asarray(grid, dtype=float)
    diff = sigmoid(xs + h) - sigmoid(xs - h)
    zero = diff == 0
    nonzero = np.flatnonzero(~zero)
    last = int(nonzero[-1]) if nonzero.size else -1
    fine = np.arange(0.0, 60.0, 0.01)
    return DifferenceLimits(
        round(float(xs[np.argmax(zero)]), 2) if zero.any() else float("nan"),
        round(float(xs[last + 1]), 2) if last + 1 < xs.size else float("nan"),
        round(float(fine[np.argmax(sigmoid(fine) == 1.0)]), 2),
    )


def plot_range(lo: float, hi: float, x0: float, margin: float = 1.0) -> tuple[float, float]:
    """The range [lo, hi] widened, if needed, so that x0 stands inside it."""
    return min(float(lo), float(x0) - margin), max(float(hi), float(x0) + margin)
