"""How a finite-difference check behaves as its step h shrinks.

Taylor's theorem gives the truncation error of each difference, and float64 adds a
rounding error of about ε|f(x)|/h (ε = 2.2e-16), which grows as h shrinks:

    (f(x + h) − f(x)) / h − f′(x)        ≈ (h/2) f″(x)   + ε|f(x)|/h   (one-sided, O(h))
    (f(x + h) − f(x − h)) / 2h − f′(x)   ≈ (h²/6) f‴(x)  + ε|f(x)|/h   (centred, O(h²))

So on log-log axes the error falls with slope 1 (one-sided) or 2 (centred) while
truncation dominates, and rises with slope −1 once rounding does. :func:`classify` says
which of these a sweep shows, and why, from the sweep's own numbers: the pages choose
their words from it, never from the fitted slope alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .arrays import as_float_array
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


def sigmoid_derivatives(s) -> tuple:
    """σ′, σ″, σ‴, σ⁗ and σ⁽⁵⁾ at a point where σ = s, as polynomials in s and d = s(1 − s)."""
    s = as_float_array(s)
    d = s * (1 - s)
    return (
        d,
        d * (1 - 2 * s),
        d * (1 - 6 * d),
        d * (1 - 2 * s) * (1 - 12 * d),
        d * (1 - 30 * d + 120 * d**2),
    )


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
        (value_rounding + step_rounding) / h, divided as the error is: the order of the
        rounding error.
    metric : str
        "relative": |fd − f′| / |f′|; "gradcheck": the largest over coordinates of
        |num − ana| / max(1, |num|, |ana|).
    next_one_sided, next_centred : ndarray, shape (m,)
        The next Taylor terms, (h²/6)|f‴| and (h⁴/120)|f⁽⁵⁾|, divided as the error is:
        what shows where a leading term vanishes.
    gradient : float
        The largest |f′| (over the coordinates): what the check measures.
    value_rounding : float
        How far a computed value of f may be from the true one, about ε·|f|.
    value_spacing : float
        The gap between neighbouring float64 values of f near f(x): two values of f
        closer than this are the same float64 or neighbours.
    step_rounding : float
        The largest |f′|·spacing/2 over the coordinates: what rounding x ± h to float64
        (by up to half its spacing) changes f by.
    spacing : float
        float64's spacing at the largest |xⱼ|.
    scale : float
        What the error is divided by: |f′| for a relative error, 1 for the gradient check.
    """

    h: np.ndarray
    one_sided: np.ndarray
    centred: np.ndarray
    trunc_one_sided: np.ndarray
    trunc_centred: np.ndarray
    rounding: np.ndarray
    metric: str
    next_one_sided: np.ndarray
    next_centred: np.ndarray
    gradient: float
    value_rounding: float
    value_spacing: float
    step_rounding: float
    spacing: float
    scale: float

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

    σ″ = σ′(1 − 2σ), σ‴ = σ′(1 − 6σ′) and σ⁽⁵⁾ give the Taylor terms.
    """
    hs, x0 = _steps(hs), float(x0)
    exact = float(sigmoid_derivative(x0))
    s = float(sigmoid(x0))
    _, second, third, _, fifth = (float(v) for v in sigmoid_derivatives(s))
    denom = abs(exact)
    with np.errstate(divide="ignore", invalid="ignore"):
        fwd = np.abs(one_sided(sigmoid, x0, hs) - exact) / denom
        mid = np.abs(centred(sigmoid, x0, hs) - exact) / denom
    spacing = float(np.spacing(abs(x0)))
    value, step = EPS * s, spacing * denom / 2
    return StepSweep(
        hs,
        fwd,
        mid,
        hs / 2 * abs(second) / denom,
        hs**2 / 6 * abs(third) / denom,
        (value + step) / hs / denom,
        "relative",
        hs**2 / 6 * abs(third) / denom,
        hs**4 / 120 * abs(fifth) / denom,
        denom,
        value,
        float(np.spacing(s)),
        step,
        spacing,
        denom,
    )


def ce_sweep(z, k: int, hs=STEPS) -> StepSweep:
    """The gradient check of CE at the logits z (true class k), for every step.

    The error is the assignment's, |num − ana| / max(1, |num|, |ana|), largest over the
    coordinates. Along zⱼ, with the others fixed, ŷⱼ is a sigmoid of zⱼ, so CE's
    derivatives along zⱼ are ŷⱼ − yⱼ and then the sigmoid's: ∂²CE/∂zⱼ² = ŷⱼ(1 − ŷⱼ),
    ∂³CE/∂zⱼ³ = ŷⱼ(1 − ŷⱼ)(1 − 2ŷⱼ), and so on. Every |ŷⱼ − yⱼ| ≤ 1, so the denominator
    is 1 up to rounding: here the "relative" error is the absolute one.
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
        # CE = −(z_k − m) + log Σ e^(zᵢ − m) is stored to about ε·max(1, CE); rounding
        # z ± h moves each zⱼ by up to half its spacing, and CE by |ŷⱼ − yⱼ| times that.
        value = EPS * (1 + abs(base))
        step = float(np.max(np.spacing(np.abs(z)) * np.abs(ana) / 2))
        rounding = (value + step) / hs
    fwd = relative_error(fwd_num, ana[None]).max(axis=1)
    mid = relative_error(mid_num, ana[None]).max(axis=1)
    d2, d3, _, d5, _ = sigmoid_derivatives(p)  # ŷⱼ is a sigmoid of zⱼ: σ′, σ″, σ⁗
    top = [float(np.max(np.abs(d))) for d in (d2, d3, d5)]
    return StepSweep(
        hs,
        fwd,
        mid,
        hs / 2 * top[0],
        hs**2 / 6 * top[1],
        rounding,
        "gradcheck",
        hs**2 / 6 * top[1],
        hs**4 / 120 * top[2],
        float(np.max(np.abs(ana))),
        value,
        # log Σ e^(zᵢ − m) takes the log of a sum ≥ 1: CE's values lie on a grid of
        # float64's spacing at max(1, CE), however small CE is.
        float(np.spacing(max(1.0, abs(base)))),
        step,
        float(np.spacing(np.max(np.abs(z)))),
        1.0,
    )


# --- What a sweep shows, and why ----------------------------------------------------------

LEAD, NEXT, ROUNDING = "lead", "next", "rounding"  # the terms that can dominate an error
# Why one difference's errors behave as they do over its fitted range (Reading.cause):
TAYLOR = "taylor"  # the leading Taylor term: slope 1 one-sided, 2 centred
MIXED = "mixed"  # that term at large h, rounding below a crossover: the slope is between
VANISHING = "vanishing"  # the leading term's coefficient is (close to) 0: the next shows
DOMINATED = "rounding dominates"  # rounding exceeds the Taylor terms over the whole range
# Why no term can be read at all (Diagnosis.cause), else TERMS:
ZERO = "zero"  # every error is exactly 0: nothing to fit
NOT_FINITE = "not finite"  # f overflows at x ± h: no error to read
BELOW_ROUNDING = "below rounding"  # the gradient moves f by less than f's own rounding
TERMS = "terms"  # each difference is read from its Taylor terms and rounding
ORDER = {"one-sided": 1, "centred": 2}  # the leading term's power of h


@dataclass(frozen=True)
class Reading:
    """Which term dominates one difference's error over its fitted range of steps.

    Attributes
    ----------
    difference : str
        "one-sided" or "centred".
    window : (float, float)
        The fitted range of steps (:data:`TRUNCATION`).
    dominant : tuple of str
        The largest predicted term (LEAD, NEXT or ROUNDING), from the window's largest
        step down, one entry per change: ``(LEAD, ROUNDING)`` is the leading Taylor term
        at large h and rounding below a crossover.
    crossovers : tuple of float
        The step where each change happens (one fewer than ``dominant``).
    slope : float
        The fitted slope over the window (NaN if it cannot be fitted).
    vanishing : bool
        The leading Taylor term is no larger than the next one even at the window's
        largest step: its coefficient (f″ one-sided, f‴ centred) is 0 or close to it.
    cause : str
        TAYLOR, MIXED (rounding takes over inside the window and the fitted slope is
        more than 0.1 from the leading term's), VANISHING or DOMINATED.
    """

    difference: str
    window: tuple[float, float]
    dominant: tuple[str, ...]
    crossovers: tuple[float, ...]
    slope: float
    vanishing: bool
    cause: str

    @property
    def order(self) -> int:
        return ORDER[self.difference]

    def takes_over(self, term: str) -> float:
        """The step below which ``term`` dominates (NaN if it never does in the window)."""
        for i, t in enumerate(self.dominant[1:]):
            if t == term:
                return self.crossovers[i]
        return float("nan")


@dataclass(frozen=True)
class Diagnosis:
    """What a :class:`StepSweep` shows, and why: its ``cause``, then each difference.

    ``cause`` is ZERO, NOT_FINITE or BELOW_ROUNDING when no term can be read, else TERMS.
    ``change`` is 2h·|f′| at the assignment's h: how far f moves across the centred step.
    """

    cause: str
    one_sided: Reading
    centred: Reading
    change: float
    sweep: StepSweep

    @property
    def rounding_from_step(self) -> bool:
        """Rounding x ± h, rather than f's values, makes most of the rounding error."""
        return self.sweep.step_rounding > self.sweep.value_rounding


def _crossing(h, ratio, i: int) -> float:
    """Where log(ratio) crosses 0 between steps i and i + 1, by log-log interpolation
    (exact for two power laws)."""
    a, b = np.log(ratio[i]), np.log(ratio[i + 1])
    if not (np.isfinite(a) and np.isfinite(b)) or a == b:
        return float(np.sqrt(h[i] * h[i + 1]))
    t = a / (a - b)
    return float(np.exp(np.log(h[i]) + t * (np.log(h[i + 1]) - np.log(h[i]))))


def _read(sweep: StepSweep, difference: str) -> Reading:
    window = TRUNCATION[difference]
    if difference == "one-sided":
        lead, nxt, slope = sweep.trunc_one_sided, sweep.next_one_sided, sweep.slope_one_sided
    else:
        lead, nxt, slope = sweep.trunc_centred, sweep.next_centred, sweep.slope_centred
    inside = np.flatnonzero((sweep.h >= window[0]) & (sweep.h <= window[1]))[::-1]
    terms = np.nan_to_num(np.stack([lead, nxt, sweep.rounding])[:, inside], nan=np.inf)
    # Largest step first. A tie (0 = 0 where both Taylor terms vanish) goes to the later term.
    winner = [2 - int(np.argmax(col[::-1])) for col in terms.T]
    names = (LEAD, NEXT, ROUNDING)
    dominant, crossovers = [names[winner[0]]], []
    for j in range(1, len(winner)):
        if names[winner[j]] != dominant[-1]:
            old, new = winner[j - 1], winner[j]
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = terms[old] / terms[new]
            crossovers.append(_crossing(sweep.h[inside], ratio, j - 1))
            dominant.append(names[new])
    top = inside[0]
    vanishing = bool(lead[top] <= nxt[top])
    if vanishing:
        cause = VANISHING
    elif dominant[0] == ROUNDING:
        cause = DOMINATED
    elif ROUNDING in dominant and not abs(slope - ORDER[difference]) <= 0.1:
        cause = MIXED
    else:
        cause = TAYLOR
    return Reading(difference, window, tuple(dominant), tuple(crossovers), slope, vanishing, cause)


def classify(sweep: StepSweep) -> Diagnosis:
    """Why the sweep's errors behave as they do, read from the sweep's own numbers.

    In order: every error exactly 0 (ZERO); an error that is not finite (NOT_FINITE); a
    gradient so small that across the centred step at h = 1e-4 it moves f by less than
    the gap between neighbouring float64 values of f, so f(x + h) and f(x − h) are the
    same float64 or neighbours (BELOW_ROUNDING); otherwise each difference is read from
    its Taylor terms and rounding (TERMS, see :class:`Reading`).
    """
    one, two = _read(sweep, "one-sided"), _read(sweep, "centred")
    change = 2 * ASSIGNMENT_H * sweep.gradient
    if np.all(sweep.one_sided == 0) and np.all(sweep.centred == 0):
        cause = ZERO
    elif not (np.all(np.isfinite(sweep.one_sided)) and np.all(np.isfinite(sweep.centred))):
        cause = NOT_FINITE
    elif change < sweep.value_spacing:
        cause = BELOW_ROUNDING
    else:
        cause = TERMS
    return Diagnosis(cause, one, two, change, sweep)


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
    "BELOW_ROUNDING",
    "DOMINATED",
    "EPS",
    "LEAD",
    "MIXED",
    "NEXT",
    "NOT_FINITE",
    "ORDER",
    "ROUNDING",
    "STEPS",
    "TAYLOR",
    "TERMS",
    "TRUNCATION",
    "VANISHING",
    "ZERO",
    "Diagnosis",
    "KinkCheck",
    "Reading",
    "StepSweep",
    "ce_sweep",
    "centred",
    "classify",
    "fit_slope",
    "one_sided",
    "relu",
    "relu_kink_check",
    "sigmoid_derivatives",
    "sigmoid_sweep",
]
