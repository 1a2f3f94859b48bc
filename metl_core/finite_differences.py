"""How a finite-difference check behaves as its step h shrinks.

Taylor's theorem gives the truncation error of each difference, and float64 adds a
rounding error of about ε|f(x)|/h (ε = 2.2e-16), which grows as h shrinks:

    (f(x + h) − f(x)) / h − f′(x)        ≈ (h/2) f″(x)   + ε|f(x)|/h   (one-sided, O(h))
    (f(x + h) − f(x − h)) / 2h − f′(x)   ≈ (h²/6) f‴(x)  + ε|f(x)|/h   (centred, O(h²))

So on log-log axes the error falls with slope 1 (one-sided) or 2 (centred) while
truncation dominates, and rises with slope −1 once rounding does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._arrays import as_float_array
from .cross_entropy import cross_entropy, cross_entropy_grad
from .gradcheck import relative_error
from .sigmoid import sigmoid, sigmoid_derivative
from .softmax import softmax

EPS = float(np.finfo(np.float64).eps)
ASSIGNMENT_H = 1e-4  # the step of the assignment's gradient check
STEPS = np.logspace(-12, -1, 45)  # four steps a decade, 1e-12 to 1e-1
# Where truncation dominates for a smooth f of moderate size: above √ε ≈ 1.5e-8 for the
# one-sided difference and above ∛ε ≈ 6e-6 for the centred one, with a decade of margin;
# below 1e-2, where the next Taylor term is still small.
TRUNCATION = {"one-sided": (1e-6, 1e-2), "centred": (1e-4, 1e-2)}


def one_sided(f: Callable, x, h) -> np.ndarray:
    """(f(x + h) − f(x)) / h, for a scalar function f and any broadcastable x and h."""
    x, h = as_float_array(x), as_float_array(h)
    return (f(x + h) - f(x)) / h


def centred(f: Callable, x, h) -> np.ndarray:
    """(f(x + h) − f(x − h)) / 2h."""
    x, h = as_float_array(x), as_float_array(h)
    return (f(x + h) - f(x - h)) / (2 * h)


def fit_slope(h, err, window: tuple[float, float]) -> float:
    """The least-squares slope of log err against log h, for h inside ``window``.

    Steps where the error is exactly 0 (no digits to take a log of) are left out; NaN if
    fewer than two steps remain.
    """
    h, err = as_float_array(h), as_float_array(err)
    keep = (h >= window[0]) & (h <= window[1]) & (err > 0) & np.isfinite(err)
    if np.count_nonzero(keep) < 2:
        return float("nan")
    return float(np.polyfit(np.log10(h[keep]), np.log10(err[keep]), 1)[0])


@dataclass(frozen=True)
class StepSweep:
    """The check's error at each step h, measured and as Taylor and rounding predict.

    Attributes
    ----------
    h : ndarray, shape (m,)
        The steps, increasing.
    one_sided, centred : ndarray, shape (m,)
        The measured error of each difference (see ``metric``).
    trunc_one_sided, trunc_centred : ndarray, shape (m,)
        The leading truncation terms (h/2)|f″| and (h²/6)|f‴|, divided as the error is.
    rounding : ndarray, shape (m,)
        ε · scale / h, divided as the error is: the order of the rounding error.
    metric : str
        "relative": |fd − f′| / |f′|; "gradcheck": the largest over coordinates of
        |num − ana| / max(1, |num|, |ana|).
    """

    h: np.ndarray
    one_sided: np.ndarray
    centred: np.ndarray
    trunc_one_sided: np.ndarray
    trunc_centred: np.ndarray
    rounding: np.ndarray
    metric: str

    @property
    def slope_one_sided(self) -> float:
        return fit_slope(self.h, self.one_sided, TRUNCATION["one-sided"])

    @property
    def slope_centred(self) -> float:
        return fit_slope(self.h, self.centred, TRUNCATION["centred"])

    def at(self, h: float) -> tuple[float, float]:
        """(one-sided, centred) error at the sampled step nearest to ``h`` (log scale)."""
        i = int(np.argmin(np.abs(np.log(self.h) - np.log(h))))
        return float(self.one_sided[i]), float(self.centred[i])

    def best(self) -> tuple[float, float]:
        """The step with the smallest centred error, and that error."""
        i = int(np.nanargmin(self.centred))
        return float(self.h[i]), float(self.centred[i])


def _steps(hs) -> np.ndarray:
    hs = as_float_array(hs).ravel()
    if hs.size == 0 or np.any(~np.isfinite(hs)) or np.any(hs <= 0):
        raise ValueError("steps must be finite and > 0")
    return np.sort(hs)


def sigmoid_sweep(x0: float, hs=STEPS) -> StepSweep:
    """The sigmoid page's check of σ′(x0), with its true relative error |fd − σ′| / |σ′|.

    σ″ = σ′(1 − 2σ) and σ‴ = σ′(1 − 6σ′) give the truncation terms.
    """
    hs, x0 = _steps(hs), float(x0)
    exact = float(sigmoid_derivative(x0))
    s = float(sigmoid(x0))
    second, third = exact * (1 - 2 * s), exact * (1 - 6 * exact)
    denom = abs(exact)
    with np.errstate(divide="ignore", invalid="ignore"):
        fwd = np.abs(one_sided(sigmoid, x0, hs) - exact) / denom
        mid = np.abs(centred(sigmoid, x0, hs) - exact) / denom
    return StepSweep(
        hs,
        fwd,
        mid,
        hs / 2 * abs(second) / denom,
        hs**2 / 6 * abs(third) / denom,
        EPS * s / hs / denom,
        "relative",
    )


def ce_sweep(z, k: int, hs=STEPS) -> StepSweep:
    """The gradient check of CE at the logits z (true class k), for every step.

    The error is the assignment's, |num − ana| / max(1, |num|, |ana|), largest over the
    coordinates. Along zⱼ, ∂²CE/∂zⱼ² = ŷⱼ(1 − ŷⱼ) and ∂³CE/∂zⱼ³ = ŷⱼ(1 − ŷⱼ)(1 − 2ŷⱼ).
    Every |ŷⱼ − yⱼ| ≤ 1, so the denominator is 1 up to rounding: here the "relative"
    error is the absolute one.
    """
    hs = _steps(hs)
    z = as_float_array(z).astype(np.float64)
    n = z.size
    ana = cross_entropy_grad(z, k)
    p = softmax(z)
    base = float(cross_entropy(z, k))
    # Every perturbed point at once: rows (h, sign, coordinate).
    shift = hs[:, None, None] * np.eye(n)[None]
    points = np.stack([z + shift, z - shift], axis=1)  # (m, 2, n, n)
    costs = cross_entropy(points, np.full(points.shape[:-1], k), reduction="none")
    plus, minus = costs[:, 0], costs[:, 1]  # (m, n)
    # Logits near ±1e308 give CE = inf: inf − inf is NaN, which relative_error makes inf.
    with np.errstate(over="ignore", invalid="ignore"):
        fwd_num = (plus - base) / hs[:, None]
        mid_num = (plus - minus) / (2 * hs[:, None])
        lse = base + z[k]  # CE = −z_k + logsumexp(z)
        rounding = EPS * (abs(float(z[k])) + abs(lse)) / hs
    fwd = relative_error(fwd_num, ana[None]).max(axis=1)
    mid = relative_error(mid_num, ana[None]).max(axis=1)
    d2 = p * (1 - p)
    d3 = d2 * (1 - 2 * p)
    return StepSweep(
        hs,
        fwd,
        mid,
        hs / 2 * float(np.max(d2)),
        hs**2 / 6 * float(np.max(np.abs(d3))),
        rounding,
        "gradcheck",
    )


def relu(x) -> np.ndarray:
    """max(x, 0)."""
    return np.maximum(as_float_array(x), 0.0)


@dataclass(frozen=True)
class KinkCheck:
    """The centred difference of relu at x, against relu′(x), as the gradient check sees it."""

    x: float
    h: float
    numeric: float
    analytic: float
    error: float  # |num − ana| / max(1, |num|, |ana|)


def relu_kink_check(x: float, h: float = ASSIGNMENT_H) -> KinkCheck:
    """relu′(x) (1 for x > 0, 0 otherwise) against (relu(x + h) − relu(x − h)) / 2h.

    Within h of the kink at 0 the two points straddle it: for 0 < x < h the difference
    is (x + h) / 2h, between 1/2 and 1, not 1.
    """
    x, h = float(x), float(h)
    num = float(centred(relu, x, h))
    ana = 1.0 if x > 0 else 0.0
    return KinkCheck(x, h, num, ana, float(relative_error(num, ana)))


__all__ = [
    "ASSIGNMENT_H",
    "EPS",
    "STEPS",
    "TRUNCATION",
    "KinkCheck",
    "StepSweep",
    "ce_sweep",
    "centred",
    "fit_slope",
    "one_sided",
    "relu",
    "relu_kink_check",
    "sigmoid_sweep",
]
