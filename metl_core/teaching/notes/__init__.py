"""The notes as data: every formula the explorer shows, with the check that evaluates it.

One :class:`Entry` per formula on screen. It holds the correct LaTeX and a check that
evaluates that formula at concrete :class:`Inputs` and passes. Where the notes (or a
deliberately wrong variant the explorer shows for teaching) wrote something else, the
entry also holds that LaTeX, the reason it is wrong, and a check of it that fails. Pages
draw every formula from :data:`REGISTRY`, and the tests evaluate every entry, so the
formula shown and the formula checked cannot drift apart.

Checks evaluate the formula as written: sums of exponentials are taken literally in
``decimal`` arithmetic (40 digits, no overflow below e^(10^8)), not through the stable
softmax they are meant to check.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from metl_core.maths import finite_differences as _fd
from metl_core.maths.arrays import as_float_array
from metl_core.maths.cross_entropy import cross_entropy, cross_entropy_grad, target_distribution
from metl_core.maths.gradcheck import gradcheck, relative_error
from metl_core.maths.jacobian import (
    ce_grad_simplified,
    numeric_jacobian,
    softmax_jacobian,
    softmax_jacobian_elementwise,
)
from metl_core.maths.mlp import Params, backward, forward, init_params, param_count, zero_params
from metl_core.maths.saturation import (
    SLOPE_MAX,
    chain_gradient,
    chain_network,
    random_preactivations,
)
from metl_core.maths.sigmoid import sigmoid, sigmoid_derivative, sigmoid_grad
from metl_core.maths.softmax import entropy, log_softmax, naive_softmax, softmax
from metl_core.maths.stable_ce import logsumexp
from metl_core.teaching import backprop_steps as BP
from metl_core.teaching.exercises import BACKPROP, make_exercise
from metl_core.teaching.explore import sigmoid_slope_check

# --- Checks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One side of an equality against the other, at concrete inputs.

    Attributes
    ----------
    lhs, rhs : ndarray
        The two sides, evaluated.
    error : float
        The largest absolute difference, or for gradient checks the largest
        |num − ana| / max(1, |num|, |ana|); inf where a side is NaN or the shapes differ.
    tol : float
        The largest error that still counts as equal.
    """

    lhs: np.ndarray
    rhs: np.ndarray
    error: float
    tol: float

    @property
    def ok(self) -> bool:
        return bool(self.error <= self.tol)


def _compare(lhs, rhs, tol: float) -> Check:
    lhs, rhs = np.asarray(lhs, dtype=float), np.asarray(rhs, dtype=float)
    if lhs.shape != rhs.shape:
        return Check(lhs, rhs, float("inf"), tol)
    with np.errstate(invalid="ignore", over="ignore"):
        diff = np.abs(lhs - rhs)
    err = float(np.max(diff)) if diff.size else 0.0
    return Check(lhs, rhs, err if np.isfinite(err) else float("inf"), tol)


def _chain(members: Iterable, tol: float) -> Check:
    """Every member of a chain of equalities against the first: the largest difference."""
    members = [np.asarray(m, dtype=float) for m in members]
    worst = max((_compare(m, members[0], tol) for m in members[1:]), key=lambda c: c.error)
    return Check(members[0], worst.lhs, worst.error, tol)


def _gradcheck(f, at, grad, tol: float = 1e-5) -> Check:
    """``grad`` against centred differences of the scalar ``f`` at ``at`` (h = 1e-4)."""
    r = gradcheck(lambda v: (f(v), np.asarray(grad, dtype=float)), at, tol=tol)
    return Check(r.analytic, r.numeric, r.max_rel_error, tol)


_CTX = decimal.Context(prec=40, Emax=10**8, Emin=-(10**8))


def _exp(v) -> list[decimal.Decimal]:
    """e^(v_i) in 40-digit decimal arithmetic: no overflow or underflow for |v| < 10^8."""
    return [_CTX.exp(decimal.Decimal(float(a))) for a in np.ravel(v)]


def _floats(ds: Iterable[decimal.Decimal]) -> np.ndarray:
    return np.array([float(d) for d in ds])


def _softmax_decimal(x) -> list[decimal.Decimal]:
    e = _exp(x)
    total = _CTX.plus(sum(e[1:], e[0])) if e else decimal.Decimal(1)
    return [_CTX.divide(a, total) for a in e]


def literal_softmax(x) -> np.ndarray:
    """e^(x_i) / Σ_j e^(x_j) exactly as written, in decimal arithmetic (a reference)."""
    return _floats(_softmax_decimal(x))


def _strictly_inside(x) -> bool:
    """Every e^(x_i) / Σ_j e^(x_j) > 0, and every 1 − it > 0, that is Σ_(j≠i) e^(x_j) > 0
    (summed on its own: next to a far larger term, 40 digits would round it away)."""
    e = _exp(x)
    rest = [sum(e[:i] + e[i + 1 :], decimal.Decimal(0)) for i in range(len(e))]
    return all(p > 0 for p in _softmax_decimal(x)) and all(r > 0 for r in rest)


def _literal_ce(z, k: int) -> list[float]:
    """−Σ_i y_i log ŷ_i, −log ŷ_k and −z_k + log Σ_i e^(z_i), each in decimal arithmetic."""
    p, e = _softmax_decimal(z), _exp(z)
    y = target_distribution(k, (len(p),))
    total = -sum(
        _CTX.multiply(decimal.Decimal(float(yi)), _CTX.ln(pi)) for yi, pi in zip(y, p, strict=True)
    )
    return [
        float(total),
        float(-_CTX.ln(p[k])),
        float(-decimal.Decimal(float(z[k])) + _CTX.ln(sum(e[1:], e[0]))),
    ]


# --- Inputs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """What the checks are evaluated at: the step-by-step page's controls.

    Attributes
    ----------
    x : tuple of float
        Logits (steps 1, 2 and 4), at least two, each within ±700.
    c : float
        The constant added in step 2.
    k : int
        The true class in step 4, below len(x).
    seed : int
        Seeds the non-constant shift of step 2 and the network of step 5.
    dims : (Dx, H, Dy)
        The network of steps 5 and 6.
    """

    x: tuple[float, ...] = (1.0, 2.0, -0.5)
    c: float = 3.0
    k: int = 0
    seed: int = 0
    dims: tuple[int, int, int] = (4, 3, 3)

    @property
    def xv(self) -> np.ndarray:
        return np.asarray(self.x, dtype=float)

    @cached_property
    def u(self) -> np.ndarray:
        """A seeded non-constant vector of the size of x, entries in [−3, 3]."""
        u = np.random.default_rng(self.seed).uniform(-3.0, 3.0, size=len(self.x))
        u[0] = -3.5  # entries differ whatever the draw, so softmax(x + u) != softmax(x)
        u[-1] = 3.5
        return u

    @property
    def grid(self) -> np.ndarray:
        """Points where σ is checked: [−8, 8] in steps of 1/2."""
        return np.linspace(-8.0, 8.0, 33)

    @cached_property
    def network(self) -> tuple[Params, np.ndarray, int]:
        """Seeded weights, a seeded input row and a true class for the Dx-H-Dy network."""
        Dx, H, Dy = self.dims
        params = init_params(Dx, H, Dy, seed=self.seed)
        x = np.round(np.random.default_rng(self.seed + 1).normal(0.0, 2.0, size=Dx), 2)
        return params, x, int(self.seed % Dy)


# --- The notes' versions, and deliberately wrong variants -----------------------------------


def notes_softmax(x) -> np.ndarray:
    """The notes' softmax(x)_i = e^(x_i) / Σ_j x_j (the denominator lost its exp)."""
    x = as_float_array(x)
    with np.errstate(all="ignore"):
        return np.exp(x) / np.sum(x)


def notes_backward(params: Params, cache, target) -> dict[str, np.ndarray]:
    """The notes' backward pass: θ²(z1) = σ(z1)² where σ′(z1) belongs.

    The backprop walk's lines with the notes' mistake injected, so the wrong δ3 is carried
    into every gradient computed from it (dz1, dW1, db1, dx), as it would be in code
    written from the notes. Only z2's and W2's gradients, and dh, stay right. ``target``
    holds class indices; the gradients are shaped as :func:`metl_core.backward`'s.
    """
    batch = BP.make_batch(params, cache.x, target)
    env, _ = BP.run_lines(batch, "theta2")
    per_sample = {"dz2": cache.z2, "dh": cache.h, "dz1": cache.z1, "dx": cache.x}
    grads = ("dz2", "dW2", "db2", "dh", "dz1", "dW1", "db1", "dx")
    return {g: env[g].reshape(per_sample[g].shape) if g in per_sample else env[g] for g in grads}


def count_without_biases(Dx: int, H: int, Dy: int) -> int:
    """Dx H + H Dy: what is left of the count if the biases are forgotten."""
    return Dx * H + H * Dy


# --- The checks behind the entries ----------------------------------------------------------


def check_softmax_definition(x, formula: Callable = softmax, tol: float = 1e-12) -> Check:
    """formula(x) against e^(x_i) / Σ_j e^(x_j) evaluated literally (decimal arithmetic)."""
    with np.errstate(all="ignore"):
        return _compare(formula(as_float_array(x)), literal_softmax(x), tol)


def check_sums_to_one(x, formula: Callable = softmax, tol: float = 1e-12) -> Check:
    """Σ_i formula(x)_i against 1."""
    with np.errstate(all="ignore"):
        return _compare(np.sum(formula(as_float_array(x))), 1.0, tol)


def check_range(values, lo: float, hi: float, reach: float = 1e-9) -> Check:
    """Whether (lo, hi) is the range of the sampled values: all strictly inside, and both
    ends approached within ``reach``. The error is the largest distance by which a value
    leaves the interval or an end is not approached."""
    v = as_float_array(values)
    outside = max(float(np.max(lo - v, initial=0.0)), float(np.max(v - hi, initial=0.0)))
    touches = float(np.sum(v <= lo) + np.sum(v >= hi))
    gap = max(float(np.min(v)) - lo, hi - float(np.max(v)))
    return _compare(max(outside, touches, max(gap - reach, 0.0)), 0.0, 0.0)


def check_shift_invariance(x, c, tol: float = 1e-12) -> Check:
    """softmax(x + c) against softmax(x), both evaluated literally, for a scalar or vector c."""
    x = as_float_array(x)
    c = np.broadcast_to(as_float_array(c), x.shape)
    return _compare(literal_softmax(x + c), literal_softmax(x), tol)


def check_invariance_chain(x, c: float, tol: float = 1e-12) -> Check:
    """Each member of e^(x_i+c)/Σ_j e^(x_j+c) = e^c e^(x_i)/(e^c Σ_j e^(x_j)) = softmax(x)_i."""
    x = as_float_array(x)
    ec = _exp([c])[0]
    e_shift, e = _exp(x + c), _exp(x)
    first = _floats(_CTX.divide(a, sum(e_shift[1:], e_shift[0])) for a in e_shift)
    total = sum(e[1:], e[0])
    second = _floats(_CTX.divide(ec * a, ec * total) for a in e)
    return _chain([first, second, softmax(x)], tol)


def check_notes_last_line(x, tol: float = 1e-12) -> Check:
    """The notes' last line e^(x_i) / Σ_j e^(x_i) (= 1/n) against softmax(x)_i."""
    x = as_float_array(x)
    e = _exp(x)
    notes = _floats(_CTX.divide(a, a * len(e)) for a in e)
    return _compare(notes, literal_softmax(x), tol)


def check_sigmoid_derivative(
    x, derivative: Callable = sigmoid_derivative, h: float = 1e-5, tol: float = 1e-8
) -> Check:
    """derivative(x) against the centred difference of σ, (σ(x + h) − σ(x − h)) / 2h."""
    x = as_float_array(x)
    numeric = (sigmoid(x + h) - sigmoid(x - h)) / (2 * h)
    return _compare(derivative(x), numeric, tol)


def check_ce_gradient(z, k: int, grad: Callable = cross_entropy_grad, tol: float = 1e-5) -> Check:
    """grad(z, k) against centred finite differences of CE at z (the assignment's check)."""
    z = as_float_array(z)
    return _gradcheck(lambda v: cross_entropy(v, k), z, grad(z, k), tol)


def _network_costs(params: Params, x, label: int):
    """Summed CE as a function of each tensor the backward pass differentiates."""
    _, cache = forward(params, x)
    W1, b1, W2, b2 = params.W1, params.b1, params.W2, params.b2

    def head(z2):
        return cross_entropy(z2, label, reduction="sum")

    def net(x=cache.x, W1=W1, b1=b1, W2=W2, b2=b2):
        return head(sigmoid(x @ W1 + b1) @ W2 + b2)

    return cache, {
        "dz2": (head, cache.z2),
        "dh": (lambda v: head(v @ W2 + b2), cache.h),
        "dz1": (lambda v: head(sigmoid(v) @ W2 + b2), cache.z1),
        "dx": (lambda v: net(x=v), cache.x),
        "dW1": (lambda v: net(W1=v), W1),
        "db1": (lambda v: net(b1=v), b1),
        "dW2": (lambda v: net(W2=v), W2),
        "db2": (lambda v: net(b2=v), b2),
    }


def check_backprop(
    params: Params, x, label: int, backward_fn: Callable | None = None, tol: float = 1e-5
) -> dict[str, Check]:
    """Every gradient of ``backward_fn`` (default :func:`metl_core.backward`) against
    centred finite differences of the summed CE, by name (dz2, dW2, …, dx)."""
    cache, costs = _network_costs(params, x, label)
    grads = (backward_fn or backward)(params, cache, label)
    return {name: _gradcheck(f, at, grads[name], tol) for name, (f, at) in costs.items()}


def check_param_count(Dx: int, H: int, Dy: int, count: Callable = param_count) -> Check:
    """count(Dx, H, Dy) against the number of entries of a network actually built."""
    built = sum(a.size for _, a in zero_params(Dx, H, Dy).items())
    return _compare(float(count(Dx, H, Dy)), float(built), 0.0)


def _worst(checks: dict[str, Check]) -> Check:
    return max(checks.values(), key=lambda c: c.error)


# --- The registry ---------------------------------------------------------------------------

NOTES = "notes"  # the notes wrote the wrong version
VARIANT = "variant"  # a deliberately wrong variant: the notes never wrote it
UNCLEAR = "unclear"  # the notes are not wrong here, only unclear or loose


@dataclass(frozen=True)
class Entry:
    """One formula shown on screen, and what is known about it.

    Attributes
    ----------
    key : str
        How pages and tests name it.
    step : int
        The step of the notes it belongs to (1 to 6), or 0 beyond the notes.
    pages : tuple of str
        Page files (stems, such as "1_Softmax") that show it.
    label : str
        What the check states, in words and symbols.
    latex : str
        The correct formula. ``«name»`` marks a number a page fills in (:meth:`render`).
    check : callable
        ``check(inputs) -> Check`` evaluates ``latex`` at :class:`Inputs` and passes.
    wrong_latex : str
        The notes' formula (``source == NOTES``), a deliberately wrong variant
        (``VARIANT``), or the notes' loose wording (``UNCLEAR``); empty when there is none.
    wrong_check : callable or None
        ``wrong_check(inputs) -> Check`` evaluates ``wrong_latex`` and fails at the default
        inputs; None where the wrong text cannot be evaluated (``reason`` says why).
    source : str
        NOTES, VARIANT, UNCLEAR, or "" when the entry has no wrong version.
    reason : str
        Why the wrong version is wrong, in one or two sentences.
    wrong_label : str
        What the wrong check states.
    """

    key: str
    step: int
    pages: tuple[str, ...]
    label: str
    latex: str
    check: Callable[[Inputs], Check]
    wrong_latex: str = ""
    wrong_check: Callable[[Inputs], Check] | None = None
    source: str = ""
    reason: str = ""
    wrong_label: str = ""
    values: tuple[str, ...] = field(default=())

    def render(self, **values) -> str:
        """The correct LaTeX with each ``«name»`` replaced by ``values[name]``."""
        if set(values) != set(self.values):
            raise ValueError(f"{self.key} takes the values {self.values}, got {tuple(values)}")
        text = self.latex
        for name, v in values.items():
            text = text.replace(f"«{name}»", str(v))
        return text


_SOFTMAX_DEF = r"\operatorname{softmax}(x)_i = \frac{e^{x_i}}{\sum_{j=1}^{n} e^{x_j}}"
_INVARIANCE_CHAIN = (
    r"\operatorname{softmax}(x + c\mathbf{1})_i"
    r" = \frac{e^{x_i + c}}{\sum_{j=1}^{n} e^{x_j + c}}"
    r" = \frac{e^{c}\, e^{x_i}}{e^{c} \sum_{j=1}^{n} e^{x_j}}"
    r" = \operatorname{softmax}(x)_i \qquad \forall c \in \mathbb{R}"
)


_WEIGHT_GRADS = ("dW1", "db1", "dW2", "db2")
_INPUT_GRADS = ("dx", "dh")


def _backprop_dx(inputs: Inputs, dsigma: Callable) -> Check:
    """((ŷ − y) W2ᵀ ⊙ dsigma(z1)) W1ᵀ, evaluated literally, against finite differences."""
    params, x, label = inputs.network
    _, cache = forward(params, x)
    y = target_distribution(label, cache.yhat.shape)
    dx = ((cache.yhat - y) @ params.W2.T * dsigma(cache.z1)) @ params.W1.T
    f, at = _network_costs(params, x, label)[1]["dx"]
    return _gradcheck(f, at, dx)


_ENTRIES: tuple[Entry, ...] = (
    # 1 -- softmax ---------------------------------------------------------------------------
    Entry(
        "softmax-definition",
        1,
        ("1_Softmax", "6_Notes_step_by_step"),
        "M.softmax(x) = e^(xᵢ) / Σⱼ e^(xⱼ)",
        _SOFTMAX_DEF + r",\qquad x \in \mathbb{R}^n",
        lambda i: check_softmax_definition(i.xv),
        wrong_latex=r"\operatorname{softmax}(x)_i = \frac{e^{x_i}}{\sum_{j=1}^{n} x_j}",
        wrong_check=lambda i: check_softmax_definition(i.xv, formula=notes_softmax),
        source=NOTES,
        reason="The denominator must sum the exponentials e^(xⱼ), not the logits xⱼ. The "
        "notes' mapping one line above, x ↦ e^x / Σⱼ e^(xⱼ), has the right denominator (and "
        "lacks the index i on e^x): this line is a typo.",
        wrong_label="the notes' e^(xᵢ) / Σⱼ xⱼ = the definition",
    ),
    Entry(
        "softmax-sums-to-one",
        1,
        ("6_Notes_step_by_step",),
        "Σᵢ softmax(x)ᵢ = 1",
        r"\sum_{i=1}^{n} \operatorname{softmax}(x)_i = 1",
        lambda i: check_sums_to_one(i.xv),
        wrong_latex=r"\sum_{k=1}^n \operatorname{softmax}(x) = 1\ \text{ with }\ "
        r"\operatorname{softmax}(x)_i = \frac{e^{x_i}}{\sum_{j=1}^{n} x_j}",
        wrong_check=lambda i: check_sums_to_one(i.xv, formula=notes_softmax),
        source=NOTES,
        reason="The claim is right (its summand lacks the index k). But with the notes' second "
        "line, softmax(x)ᵢ = e^(xᵢ) / Σⱼ xⱼ (a typo: their mapping just above has Σⱼ e^(xⱼ)), "
        "the sum is Σᵢ e^(xᵢ) / Σⱼ xⱼ, which never equals 1: e^t ≥ 1 + t > t makes it more "
        "than 1 when Σⱼ xⱼ > 0, gives negative entries when Σⱼ xⱼ < 0, and is undefined when "
        "Σⱼ xⱼ = 0.",
        wrong_label="the notes' e^(xᵢ) / Σⱼ xⱼ sums to 1",
    ),
    Entry(
        "softmax-range",
        1,
        ("6_Notes_step_by_step",),
        "every softmax(x)ᵢ lies strictly between 0 and 1",
        r"\operatorname{softmax}: \mathbb{R}^n \to (0, 1)^n\quad (n \ge 2)",
        lambda i: _compare(float(_strictly_inside(i.xv)), 1.0, 0.0),
        wrong_latex=r"\operatorname{softmax}: \mathbb{R}^n \to [0, 1]^n",
        # What the loose codomain suggests, evaluated: an entry exactly 0 or 1.
        wrong_check=lambda i: _compare(float(not _strictly_inside(i.xv)), 1.0, 0.0),
        source=UNCLEAR,
        reason="As a codomain [0, 1]ⁿ is not false, but it suggests that an entry can be "
        "exactly 0 or 1, which for n ≥ 2 it never is: each e^(xᵢ) > 0, so every entry is "
        "strictly between 0 and 1 (in exact arithmetic; in floating point a far smaller logit "
        "can round to 0). For n = 1 softmax is the constant 1.",
        wrong_label="what [0, 1]ⁿ suggests: some softmax(x)ᵢ is exactly 0 or 1",
    ),
    Entry(
        "softmax-stable",
        1,
        ("1_Softmax",),
        "naive = stable, in exact arithmetic",
        r"\underbrace{\frac{e^{x_i}}{\sum_j e^{x_j}}}_{\text{naive}} = "
        r"\underbrace{\frac{e^{x_i - m}}{\sum_j e^{x_j - m}}}_{\text{stable}},"
        r"\qquad m = \max_j x_j",
        lambda i: _chain(
            [literal_softmax(i.xv), literal_softmax(i.xv - i.xv.max()), softmax(i.xv)], 1e-12
        ),
    ),
    Entry(
        "softmax-temperature",
        0,
        ("1_Softmax",),
        "entropy → log(number of tied maxima) as T → 0⁺, → log n as T → ∞",
        r"\operatorname{softmax}(x / T)_i = \frac{e^{x_i / T}}{\sum_j e^{x_j / T}},\quad "
        r"S(p) = -\sum_i p_i \log p_i:\quad S \xrightarrow[T \to 0^+]{} \log r,\quad "
        r"S \xrightarrow[T \to \infty]{} \log n,\quad "
        r"r = \#\{i : x_i = \max_j x_j\}",
        lambda i: _temperature_limits(i.xv),
    ),
    # 2 -- invariance ------------------------------------------------------------------------
    Entry(
        "softmax-invariance",
        2,
        ("1_Softmax", "6_Notes_step_by_step"),
        "softmax(x + c·1) = softmax(x)",
        _INVARIANCE_CHAIN,
        lambda i: check_invariance_chain(i.xv, i.c),
        wrong_latex=r"\forall c \in \mathbb{R}^n:\ "
        r"\operatorname{softmax}(x + c) = \operatorname{softmax}(x)",
        wrong_check=lambda i: check_shift_invariance(i.xv, i.u),
        source=NOTES,
        reason="Taking e^(cⱼ) out of the sum over j is allowed only when every cⱼ is the "
        "same constant c. For a general c ∈ ℝⁿ the claim is false: softmax((0, 0) + (0, 1)) "
        "= (0.269, 0.731), not softmax(0, 0) = (0.5, 0.5).",
        wrong_label="softmax(x + u) = softmax(x) for a non-constant u",
    ),
    Entry(
        "softmax-invariance-indices",
        2,
        ("6_Notes_step_by_step",),
        "the chain ends on softmax(x)ᵢ",
        _INVARIANCE_CHAIN,
        lambda i: check_invariance_chain(i.xv, i.c),
        wrong_latex=r"\frac{e^{(x_i+c_i)}}{\sum_{i=1}^{n} e^{(x_i+c_j)}} \;\cdots\;"
        r" = \frac{e^{x_i}}{\sum_{j=1}^n e^{x_i}}",
        wrong_check=lambda i: check_notes_last_line(i.xv),
        source=NOTES,
        reason="The proof mixes its indices: its first sum runs over i with terms in j, and "
        "its last line sums e^(xᵢ), which does not depend on j, so it equals 1/n, not "
        "softmax(x)ᵢ. With one constant c and every sum taken over j, the chain is right.",
        wrong_label="the notes' last line e^(xᵢ) / Σⱼ e^(xᵢ) = softmax(x)ᵢ",
    ),
    # 3 -- sigmoid ---------------------------------------------------------------------------
    Entry(
        "sigmoid-definition",
        3,
        ("2_Sigmoid", "6_Notes_step_by_step"),
        "σ(x) = 1 / (1 + e^(−x)), and its range is (0, 1)",
        r"\sigma: \mathbb{R}^n \to (0, 1)^n,\quad \sigma(x)_i = \frac{1}{1 + e^{-x_i}}"
        r"\quad\text{(entrywise)}",
        lambda i: check_range(sigmoid(np.linspace(-30.0, 30.0, 121)), 0.0, 1.0),
        wrong_latex=r"\sigma : \mathbb{R}^n \to [-1, 1]^n",
        # What the loose codomain suggests, evaluated: a negative value of σ.
        wrong_check=lambda i: _compare(
            float(np.any(sigmoid(np.linspace(-30.0, 30.0, 121)) < 0)), 1.0, 0.0
        ),
        source=UNCLEAR,
        reason="As a codomain [−1, 1] is not false, but it suggests that σ can be negative, "
        "which it never is: since e^(−x) > 0, 1 + e^(−x) > 1, so σ(x) lies strictly between "
        "0 and 1 and comes as close as you like to both; (−1, 1) is the range of tanh. The "
        "notes then write δ(x) = 1/(1 + e^(−xᵢ)), the vector x on the left and one entry xᵢ "
        "on the right: σ acts entrywise, σ(x)ᵢ = 1/(1 + e^(−xᵢ)).",
        wrong_label="what [−1, 1] suggests: some σ(x) < 0, for x in [−30, 30]",
    ),
    Entry(
        "sigmoid-derivative",
        3,
        ("2_Sigmoid", "6_Notes_step_by_step"),
        "σ(1 − σ) = finite difference of σ, on [−8, 8]",
        r"\sigma'(x) = \frac{e^{-x}}{(1 + e^{-x})^2} = \sigma(x)\bigl(1 - \sigma(x)\bigr)"
        r"\quad\text{entrywise; the Jacobian of } \sigma \text{ is }"
        r" \operatorname{diag}\bigl(\sigma'(x)\bigr)",
        lambda i: _chain(
            [
                sigmoid_derivative(i.grid),
                np.exp(-i.grid) / (1 + np.exp(-i.grid)) ** 2,
                sigmoid(i.grid) * (1 - sigmoid(i.grid)),
                check_sigmoid_derivative(i.grid).rhs,
            ],
            1e-8,
        ),
    ),
    Entry(
        "sigmoid-derivation",
        3,
        ("2_Sigmoid",),
        "each step of the derivation, on [−8, 8]",
        r"\frac{d}{dx}\bigl(1 + e^{-x}\bigr)^{-1}"
        r" = -\bigl(1 + e^{-x}\bigr)^{-2}\cdot\bigl(-e^{-x}\bigr)"
        r" = \frac{1}{1 + e^{-x}}\cdot\frac{(1 + e^{-x}) - 1}{1 + e^{-x}}"
        r" = \sigma(x)\bigl(1 - \sigma(x)\bigr)",
        lambda i: _chain(
            [
                check_sigmoid_derivative(i.grid).rhs,
                -((1 + np.exp(-i.grid)) ** -2) * -np.exp(-i.grid),
                1 / (1 + np.exp(-i.grid)) * ((1 + np.exp(-i.grid)) - 1) / (1 + np.exp(-i.grid)),
                sigmoid(i.grid) * (1 - sigmoid(i.grid)),
            ],
            1e-8,
        ),
    ),
    # 4 -- cross-entropy ---------------------------------------------------------------------
    Entry(
        "ce-definition",
        4,
        ("3_Cross_entropy_gradient", "6_Notes_step_by_step"),
        "−Σᵢ yᵢ log ŷᵢ = −log ŷₖ = −zₖ + log Σᵢ e^(zᵢ)",
        r"CE = -\sum_{i=1}^{n} y_i \log \hat y_i = -\log \hat y_k"
        r" = -z_k + \log \sum_{i=1}^{n} e^{z_i}"
        r"\qquad (\hat y = \operatorname{softmax}(z),\ y \text{ one-hot at } k)",
        lambda i: _chain([cross_entropy(i.xv, i.k), *_literal_ce(i.xv, i.k)], 1e-12),
    ),
    Entry(
        "ce-gradient",
        4,
        ("3_Cross_entropy_gradient", "6_Notes_step_by_step"),
        "ŷ − y = finite differences of CE",
        r"\frac{\partial CE}{\partial z_j} = -[j = k] + \frac{e^{z_j}}{\sum_{i=1}^{n} e^{z_i}}"
        r" = \hat y_j - y_j,\qquad [j = k] = 1 \text{ if } j = k,\ 0 \text{ otherwise}",
        lambda i: check_ce_gradient(i.xv, i.k),
        wrong_latex=r"\frac{\partial CE}{\partial \theta} = \partial\bigl(-\theta + \log "
        r"\textstyle\sum e^{\theta_i}\bigr) \;\cdots\; = \frac{e^{\theta_i}}{\sum e^{\theta}} - y",
        source=NOTES,
        reason="The result ŷ − y is right, but the derivation switches from the hot index k "
        "to i and differentiates the scalar CE with respect to the vector θ (the notes' name "
        "for the logits z here; in the backprop step their θ is the sigmoid) as if θ were a "
        "scalar. Its middle lines cannot be evaluated as written; the clean version takes "
        "one logit zⱼ at a time.",
    ),
    Entry(
        "ce-sign",
        4,
        ("6_Notes_step_by_step",),
        "ŷ − y, not y − ŷ",
        r"\frac{\partial CE}{\partial z} = \hat y - y",
        lambda i: check_ce_gradient(i.xv, i.k),
        wrong_latex=r"\frac{\partial CE}{\partial z} = y - \hat y",
        wrong_check=lambda i: check_ce_gradient(
            i.xv, i.k, grad=lambda z, t: -cross_entropy_grad(z, t)
        ),
        source=VARIANT,
        reason="With y − ŷ, gradient descent would climb the loss.",
        wrong_label="y − ŷ (the sign flipped) = finite differences",
    ),
    # 5 -- backpropagation -------------------------------------------------------------------
    Entry(
        "mlp-forward",
        5,
        ("6_Notes_step_by_step",),
        "metl_core.forward = the four equations",
        r"z_1 = xW_1 + b_1,\quad h = \sigma(z_1),\quad z_2 = hW_2 + b_2,\quad"
        r"\hat y = \operatorname{softmax}(z_2)",
        lambda i: _forward_check(i),
    ),
    Entry(
        "mlp-deltas",
        5,
        ("6_Notes_step_by_step",),
        "every gradient of the backward pass = finite differences",
        r"\delta_1 = \frac{\partial CE}{\partial z_2} = \hat y - y,\quad "
        r"\delta_2 = \frac{\partial CE}{\partial h} = \delta_1 W_2^{\top},\quad "
        r"\delta_3 = \frac{\partial CE}{\partial z_1} = \delta_2 \odot \sigma'(z_1),\quad "
        r"\frac{\partial CE}{\partial x} = \delta_3 W_1^{\top}",
        lambda i: _worst(check_backprop(*i.network)),
    ),
    Entry(
        "mlp-weights",
        5,
        ("6_Notes_step_by_step",),
        "dW1, db1, dW2, db2 = finite differences",
        r"\frac{\partial CE}{\partial W_1} = x^{\top}\delta_3,\quad "
        r"\frac{\partial CE}{\partial b_1} = \delta_3,\quad "
        r"\frac{\partial CE}{\partial W_2} = h^{\top}\delta_1,\quad "
        r"\frac{\partial CE}{\partial b_2} = \delta_1",
        lambda i: _worst(
            {k: v for k, v in check_backprop(*i.network).items() if k in _WEIGHT_GRADS}
        ),
    ),
    Entry(
        "mlp-dx",
        5,
        ("4_MLP_backprop", "6_Notes_step_by_step"),
        "((ŷ − y)W2ᵀ ⊙ σ′(z1)) W1ᵀ = finite differences",
        r"\frac{\partial CE}{\partial x} = \bigl((\hat y - y)\, W_2^{\top} \odot "
        r"\sigma'(z_1)\bigr)\, W_1^{\top},\qquad "
        r"\sigma'(z_1) = \sigma(z_1)\bigl(1 - \sigma(z_1)\bigr)",
        lambda i: _backprop_dx(i, sigmoid_derivative),
        wrong_latex=r"\frac{\partial CE}{\partial x} = (\hat y - y)\,\omega_2^{\top} \odot "
        r"\theta^{2}(z_1)\, W_1^{\top}",
        wrong_check=lambda i: _backprop_dx(i, lambda z: sigmoid(z) ** 2),
        source=NOTES,
        reason="θ²(z1) is a typo for σ′(z1) = σ(z1)(1 − σ(z1)); the lines before write θ′ for "
        "σ′ (θ, the logits in the CE step, is the sigmoid here), and w₂, then ω₂, for W2. The "
        "brackets matter: ⊙ applies before the product with W1ᵀ.",
        wrong_label="∂CE/∂x with the notes' θ²(z1) = finite differences",
    ),
    Entry(
        "mlp-layer-notation",
        5,
        ("6_Notes_step_by_step",),
        "z = xW + b gives ∂CE/∂x = ∂CE/∂z · Wᵀ",
        r"z_1 = xW_1 + b_1 \;\Rightarrow\; \frac{\partial CE}{\partial x}"
        r" = \frac{\partial CE}{\partial z_1} W_1^{\top},\qquad "
        r"z_2 = hW_2 + b_2 \;\Rightarrow\; \frac{\partial CE}{\partial h}"
        r" = \frac{\partial CE}{\partial z_2} W_2^{\top}",
        lambda i: _worst(
            {k: v for k, v in check_backprop(*i.network).items() if k in ("dx", "dh")}
        ),
        wrong_latex=r"\frac{\partial z_i}{\partial x_i} = W_i^{\top}",
        source=UNCLEAR,
        reason="Read as a Jacobian with row vectors, ∂zᵢ/∂xᵢ = Wᵢᵀ is right. What is unclear "
        "is the index: here i numbers layers (x₂ = h), while elsewhere xᵢ is an entry of x. "
        "The statement has no single reading to evaluate; the rules it stands for are "
        "checked instead.",
    ),
    # 5 -- backprop, one line at a time (the MLP page; metl_core/backprop_steps.py).
    # Each check evaluates its line literally for N = 1 and N = 5 rows (BP.check_line).
    Entry(
        "bp-z1",
        5,
        ("4_MLP_backprop",),
        "XW1 + b1 = metl_core.forward's z1",
        r"z_1 = XW_1 + b_1\qquad (X \in \mathbb{R}^{N\times D_x},\ b_1"
        r"\text{ added to each of the } N \text{ rows})",
        lambda i: Check(*BP.check_line(i, "z1").sides),
    ),
    Entry(
        "bp-h",
        5,
        ("4_MLP_backprop",),
        "σ(z1) entrywise = metl_core.forward's h",
        r"h = \sigma(z_1),\qquad h_{nj} = \frac{1}{1 + e^{-z_{1,nj}}}",
        lambda i: Check(*BP.check_line(i, "h").sides),
    ),
    Entry(
        "bp-z2",
        5,
        ("4_MLP_backprop",),
        "hW2 + b2 = metl_core.forward's z2",
        r"z_2 = hW_2 + b_2",
        lambda i: Check(*BP.check_line(i, "z2").sides),
    ),
    Entry(
        "bp-yhat",
        5,
        ("4_MLP_backprop",),
        "softmax of each row of z2 = metl_core.forward's ŷ",
        r"\hat y_{nc} = \frac{e^{z_{2,nc}}}{\sum_{c'=1}^{D_y} e^{z_{2,nc'}}}\qquad"
        r"\text{(softmax of each row)}",
        lambda i: Check(*BP.check_line(i, "yhat").sides),
    ),
    Entry(
        "bp-CE",
        5,
        ("4_MLP_backprop",),
        "−Σₙ Σ_c y[n,c] log ŷ[n,c] = metl_core.cross_entropy, summed",
        r"CE = -\sum_{n=1}^{N} \sum_{c=1}^{D_y} y_{nc} \log \hat y_{nc}"
        r" = -\sum_{n=1}^{N} \log \hat y_{n, k_n}\qquad (k_n \text{ the true class of row } n)",
        lambda i: Check(*BP.check_line(i, "CE").sides),
    ),
    Entry(
        "bp-dz2",
        5,
        ("4_MLP_backprop",),
        "ŷ − y = finite differences of the summed CE in z2",
        r"\delta_1 = \frac{\partial CE}{\partial z_2} = \hat y - y",
        lambda i: Check(*BP.check_line(i, "dz2").sides),
        wrong_latex=r"\delta_1 = \frac{\partial CE}{\partial z_2} = y - \hat y",
        wrong_check=lambda i: Check(*BP.check_line(i, "dz2", "sign").sides),
        source=VARIANT,
        reason="With y − ŷ every gradient computed after it changes sign too, so each of "
        "them points uphill: gradient descent would climb the loss.",
        wrong_label="y − ŷ = finite differences",
    ),
    Entry(
        "bp-dW2",
        5,
        ("4_MLP_backprop",),
        "hᵀδ1 = finite differences of the summed CE in W2",
        r"\frac{\partial CE}{\partial W_2} = h^{\top}\delta_1"
        r" = \sum_{n=1}^{N} h_n^{\top}\,\delta_{1,n}",
        lambda i: Check(*BP.check_line(i, "dW2").sides),
    ),
    Entry(
        "bp-db2",
        5,
        ("4_MLP_backprop",),
        "Σₙ δ1ₙ = finite differences of the summed CE in b2",
        r"\frac{\partial CE}{\partial b_2} = \sum_{n=1}^{N} \delta_{1,n}",
        lambda i: Check(*BP.check_line(i, "db2").sides),
    ),
    Entry(
        "bp-dh",
        5,
        ("4_MLP_backprop",),
        "δ1W2ᵀ = finite differences of the summed CE in h",
        r"\delta_2 = \frac{\partial CE}{\partial h} = \delta_1 W_2^{\top}",
        lambda i: Check(*BP.check_line(i, "dh").sides),
        wrong_latex=r"\delta_2 = \frac{\partial CE}{\partial h} = \delta_1 W_2",
        wrong_check=lambda i: Check(*BP.check_line(i, "dh", "transpose").sides),
        source=VARIANT,
        reason="δ1 is N × Dy and W2 is H × Dy: the product δ1W2 exists only when H = Dy, "
        "and then it is a wrong N × H matrix that the shapes do not catch.",
        wrong_label="δ1W2 (transpose missing) = finite differences",
    ),
    Entry(
        "bp-dz1",
        5,
        ("4_MLP_backprop",),
        "δ2 ⊙ σ′(z1) = finite differences of the summed CE in z1",
        r"\delta_3 = \delta_2 \odot \sigma'(z_1)"
        r" = \delta_2 \odot \sigma(z_1)\bigl(1 - \sigma(z_1)\bigr)",
        lambda i: Check(*BP.check_line(i, "dz1").sides),
        wrong_latex=r"\delta_3 = \delta_2 \odot \theta^{2}(z_1)"
        r"\quad\text{(read from their last line)}",
        wrong_check=lambda i: Check(*BP.check_line(i, "dz1", "theta2").sides),
        source=NOTES,
        reason="The notes' line for ∂CE/∂z1 is right, with θ′(z1) (their θ is σ here; in the "
        "CE step it was the logits). Their last "
        "line, ∂CE/∂x = (ŷ − y)ω2ᵀ ⊙ θ²(z1) W1ᵀ, has θ²(z1) in its place: read as "
        "δ3 = δ2 ⊙ σ(z1)², a typo for σ′(z1) = σ(z1)(1 − σ(z1)). Code that takes δ3 from "
        "that line carries the wrong δ3 into dW1, db1 and ∂CE/∂x.",
        wrong_label="δ2 ⊙ σ(z1)² = finite differences",
    ),
    Entry(
        "bp-dz1-diag",
        5,
        ("4_MLP_backprop",),
        "δ2ₙ diag(σ′(z1ₙ)), row by row = finite differences in z1",
        r"\frac{\partial h_n}{\partial z_{1,n}} = \operatorname{diag}\bigl(\sigma'(z_{1,n})"
        r"\bigr)\ \Rightarrow\ \delta_{3,n} = \delta_{2,n}\operatorname{diag}\bigl("
        r"\sigma'(z_{1,n})\bigr) = \delta_{2,n} \odot \sigma'(z_{1,n})",
        lambda i: Check(*BP.check_diag_jacobian(i).sides),
        wrong_latex=r"\delta_3 = \delta_2",
        wrong_check=lambda i: Check(*BP.check_diag_jacobian(i, forget=True).sides),
        source=VARIANT,
        reason="h = σ(z1) sits between z1 and the loss, so the chain rule multiplies by its "
        "Jacobian diag(σ′(z1)). "
        "Since σ′ ≤ 1/4, dropping it makes δ3 at least 4 times too large.",
        wrong_label="δ3 = δ2 (σ′ forgotten) = finite differences",
    ),
    Entry(
        "bp-dW1",
        5,
        ("4_MLP_backprop",),
        "Xᵀδ3 = finite differences of the summed CE in W1",
        r"\frac{\partial CE}{\partial W_1} = X^{\top}\delta_3"
        r" = \sum_{n=1}^{N} x_n^{\top}\,\delta_{3,n}",
        lambda i: Check(*BP.check_line(i, "dW1").sides),
    ),
    Entry(
        "bp-db1",
        5,
        ("4_MLP_backprop",),
        "Σₙ δ3ₙ = finite differences of the summed CE in b1",
        r"\frac{\partial CE}{\partial b_1} = \sum_{n=1}^{N} \delta_{3,n}",
        lambda i: Check(*BP.check_line(i, "db1").sides),
    ),
    Entry(
        "bp-dx",
        5,
        ("4_MLP_backprop",),
        "δ3W1ᵀ = finite differences of the summed CE in X",
        r"\frac{\partial CE}{\partial X} = \delta_3 W_1^{\top}",
        lambda i: Check(*BP.check_line(i, "dx").sides),
    ),
    Entry(
        "bp-batch-sum",
        5,
        ("4_MLP_backprop",),
        "the sums of N outer products = finite differences of the summed CE",
        r"\frac{\partial CE}{\partial W_2} = \sum_{n=1}^{N} h_n^{\top}\delta_{1,n},\quad"
        r"\frac{\partial CE}{\partial b_2} = \sum_{n=1}^{N} \delta_{1,n},\quad"
        r"\frac{\partial CE}{\partial W_1} = \sum_{n=1}^{N} x_n^{\top}\delta_{3,n},\quad"
        r"\frac{\partial CE}{\partial b_1} = \sum_{n=1}^{N} \delta_{3,n}",
        lambda i: Check(*BP.check_outer_sums(i).sides),
        wrong_latex=r"\frac{\partial CE}{\partial W_2} = \frac{1}{N}\sum_{n=1}^{N} "
        r"h_n^{\top}\delta_{1,n}",
        wrong_check=lambda i: Check(*BP.check_outer_sums(i, mean=True).sides),
        source=VARIANT,
        reason="The mean of the outer products is the "
        "gradient of the mean CE, not of the summed CE, which is N times larger. The "
        "direction is the same; only the size, and so the step a learning rate makes, "
        "differs.",
        wrong_label="the mean of the outer products = gradient of the summed CE",
    ),
    Entry(
        "bp-sum-mean",
        5,
        ("4_MLP_backprop",),
        "(1/N)·(gradient of the sum) = finite differences of the mean CE",
        r"\frac{\partial}{\partial W}\Bigl(\frac{1}{N}CE\Bigr)"
        r" = \frac{1}{N}\frac{\partial CE}{\partial W}\ \Rightarrow\ "
        r"W - \eta\,\frac{\partial}{\partial W}\Bigl(\frac{1}{N}CE\Bigr)"
        r" = W - \frac{\eta}{N}\,\frac{\partial CE}{\partial W}",
        lambda i: Check(*BP.check_mean_gradient(i).sides),
    ),
    # 6 -- the parameter count ---------------------------------------------------------------
    Entry(
        "param-count",
        6,
        ("6_Notes_step_by_step",),
        "(Dx + 1)H + (H + 1)Dy = entries of a built network",
        r"\underbrace{D_x H}_{W_1:\ D_x\times H} + \underbrace{H}_{b_1} + "
        r"\underbrace{H D_y}_{W_2:\ H\times D_y} + \underbrace{D_y}_{b_2} "
        r"= (D_x + 1)H + (H + 1)D_y = «count»",
        lambda i: check_param_count(*i.dims),
        wrong_latex=r"D_x H + H D_y",
        wrong_check=lambda i: check_param_count(*i.dims, count=count_without_biases),
        source=VARIANT,
        reason="Forgetting the biases leaves out H parameters (b1) and Dy (b2).",
        wrong_label="Dx·H + H·Dy (biases forgotten) = entries of a built network",
        values=("count",),
    ),
    Entry(
        "param-count-live",
        6,
        ("5_Parameter_count",),
        "(Dx + 1)·H + (H + 1)·Dy = entries of a built network",
        r"(D_x + 1)H + (H + 1)D_y = («Dx» + 1)\cdot «H» + («H» + 1)\cdot «Dy»"
        r" = \mathbf{«count»}",
        lambda i: check_param_count(*i.dims, count=lambda Dx, H, Dy: (Dx + 1) * H + (H + 1) * Dy),
        values=("Dx", "H", "Dy", "count"),
    ),
    Entry(
        "param-count-shapes",
        6,
        ("5_Parameter_count", "6_Notes_step_by_step"),
        "W1 is Dx × H and xW1 is 1 × H",
        r"W_1 \in \mathbb{R}^{D_x \times H}\ (D_x H \text{ weights}),\qquad"
        r" x W_1 \in \mathbb{R}^{1 \times H}",
        lambda i: _compare(
            [
                *init_params(*i.dims).W1.shape,
                (np.ones((1, i.dims[0])) @ init_params(*i.dims).W1).size,
            ],
            [i.dims[0], i.dims[1], i.dims[1]],
            0.0,
        ),
        wrong_latex=r"\dim(xW_1) = H D_x,\quad \dim(hW_2) = H D_y",
        wrong_check=lambda i: _compare(np.prod(_shapes(i)[2:]), i.dims[0] * i.dims[1], 0.0),
        source=NOTES,
        reason="The notes say “HDx is the dimension of xW1”. That is wrong: xW1 is 1 × H, the "
        "shape of b1, and HDx is the number of weights in W1 (Dx × H). Likewise “the layer "
        "produces output dimension HDy” is wrong: hW2 is 1 × Dy, and HDy counts W2's weights. "
        "(Their “one layer NN” means one hidden layer: there are two weight layers, W1 and "
        "W2, each with its own bias.)",
        wrong_label="xW1 has H·Dx entries",
    ),
    # 0 -- the exercises page's statements ---------------------------------------------------
    Entry(
        "exercise-softmax",
        0,
        ("8_Exercises",),
        "the answer is e^(zᵢ) / Σⱼ e^(zⱼ)",
        r"\operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}"
        r"\quad\text{for}\quad z = «z»",
        lambda i: _compare(
            _exercise("softmax", i.seed).expected,
            literal_softmax(_exercise("softmax", i.seed).given["z"]),
            1e-12,
        ),
        values=("z",),
    ),
    Entry(
        "exercise-sigma_prime",
        0,
        ("8_Exercises",),
        "the answer is σ(x)(1 − σ(x)) = finite difference of σ",
        r"\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)\quad\text{at}\quad x = «x»",
        lambda i: check_sigmoid_derivative(
            np.array([_exercise("sigma_prime", i.seed).given["x"]]),
            derivative=lambda v: _exercise("sigma_prime", i.seed).expected,
        ),
        values=("x",),
    ),
    Entry(
        "exercise-ce_grad",
        0,
        ("8_Exercises",),
        "the answer is ŷ − y = finite differences of CE",
        r"\frac{\partial CE}{\partial z}\quad\text{for}\quad z = «z»,"
        r"\quad\text{true class } k = «k»",
        lambda i: check_ce_gradient(
            _exercise("ce_grad", i.seed).given["z"],
            _exercise("ce_grad", i.seed).given["k"],
            grad=lambda z, k: _exercise("ce_grad", i.seed).expected,
        ),
        values=("z", "k"),
    ),
    Entry(
        "exercise-backprop",
        0,
        ("8_Exercises",),
        "every answer = finite differences of the summed CE",
        r"\begin{gathered} x = «x»,\quad \text{classes } «k» \\"
        r"W_1 = «W1»,\quad b_1 = «b1» \\ W_2 = «W2»,\quad b_2 = «b2» \end{gathered}",
        lambda i: _exercise_backprop(i),
        values=("x", "k", "W1", "b1", "W2", "b2"),
    ),
    Entry(
        "exercise-count",
        0,
        ("8_Exercises",),
        "the answer = entries of a built network",
        r"D_x = «Dx»,\; H = «H»,\; D_y = «Dy»",
        lambda i: _compare(
            _exercise("count", i.seed).expected[0],
            check_param_count(
                *(_exercise("count", i.seed).given[d] for d in ("Dx", "H", "Dy"))
            ).rhs,
            0.0,
        ),
        values=("Dx", "H", "Dy"),
    ),
    # 0 -- beyond the notes: the why behind the formulas (issue 15) ---------------------------
    Entry(
        "softmax-jacobian",
        0,
        ("1_Softmax",),
        "diag(ŷ) − ŷᵀŷ = centred differences of softmax",
        r"\begin{gathered}J = \frac{\partial \hat y}{\partial z} = \operatorname{diag}(\hat y)"
        r" - \hat y^{\top}\hat y\\[6pt] J_{ij} = \frac{\partial \hat y_i}{\partial z_j}"
        r" = \hat y_i\bigl([i = j] - \hat y_j\bigr)\end{gathered}",
        lambda i: check_softmax_jacobian(i.xv),
        wrong_latex=r"J = \operatorname{diag}\bigl(\hat y \odot (1 - \hat y)\bigr)",
        wrong_check=lambda i: check_softmax_jacobian(i.xv, jacobian=softmax_jacobian_elementwise),
        source=VARIANT,
        reason="Treating softmax as entrywise, like σ, keeps only the diagonal ŷᵢ(1 − ŷᵢ). "
        "Every ŷᵢ shares the denominator Σⱼ exp(zⱼ), so raising one logit zⱼ lowers every "
        "other ŷᵢ: the off-diagonal entries are −ŷᵢŷⱼ, not 0.",
        wrong_label="diag(ŷ ⊙ (1 − ŷ)) = centred differences of softmax",
    ),
    Entry(
        "softmax-jacobian-rows",
        0,
        ("1_Softmax",),
        "J·1 = ŷ − ŷ Σⱼŷⱼ = the derivative along 1 = 0",
        r"(J\mathbf{1})_i = \sum_{j} \hat y_i\bigl([i = j] - \hat y_j\bigr)"
        r" = \hat y_i - \hat y_i \sum_{j} \hat y_j = 0,\qquad"
        r"\operatorname{softmax}(z + t\mathbf{1}) = \operatorname{softmax}(z)"
        r" + t\,(J\mathbf{1})^{\top} + O(t^2)",
        lambda i: check_jacobian_rows(i.xv),
    ),
    Entry(
        "ce-chain-rule",
        0,
        ("1_Softmax",),
        "−(y/ŷ)J = ŷΣy − y = ŷ − y = finite differences, for a target summing to 1",
        r"\begin{aligned}\frac{\partial CE}{\partial z_j}"
        r" &= \sum_{i} \frac{\partial CE}{\partial \hat y_i}\, J_{ij}"
        r" = -\sum_{i} \frac{y_i}{\hat y_i}\,\hat y_i\bigl([i = j] - \hat y_j\bigr)\\"
        r" &= -y_j + \hat y_j \sum_{i} y_i = \hat y_j - y_j"
        r"\quad\text{when } \sum_{i} y_i = 1\end{aligned}",
        lambda i: check_ce_chain_rule(i.xv, [softmax(i.u), target_distribution(i.k, (len(i.x),))]),
        wrong_latex=r"\frac{\partial CE}{\partial z} = \hat y - y"
        r"\quad\text{for a target } y = 2e_k,\ \textstyle\sum_i y_i = 2",
        wrong_check=lambda i: check_ce_chain_rule(
            i.xv, [2 * target_distribution(i.k, (len(i.x),))], simplified=False
        ),
        source=VARIANT,
        reason="The last step uses Σᵢ yᵢ = 1. For a target that does not sum to 1 (counts, "
        "say y = 2eₖ) the chain rule gives ŷ Σᵢ yᵢ − y, not ŷ − y.",
        wrong_label="ŷ − y = finite differences of −Σᵢ yᵢ log ŷᵢ for y = 2eₖ",
    ),
    Entry(
        "ce-gradient-sums-to-zero",
        0,
        ("1_Softmax", "3_Cross_entropy_gradient"),
        "Σⱼ(ŷ − y)ⱼ = Σŷ − Σy = d/dt CE(z + t·1) = 0",
        r"\sum_{j} (\hat y - y)_j = \sum_{j} \hat y_j - \sum_{j} y_j = 1 - 1 = 0,\qquad"
        r"\text{so } \frac{d}{dt}\, CE(z + t\mathbf{1}) = \nabla_z CE \cdot \mathbf{1} = 0",
        lambda i: check_gradient_sums_to_zero(i.xv, i.k),
    ),
    Entry(
        "sigmoid-slope-bound",
        0,
        ("2_Sigmoid",),
        "σ′ = σ(1 − σ) = 1/4 − (σ − 1/2)² ≤ 1/4, = 1/4 at 0, on [−8, 8]",
        r"\sigma'(x) = \sigma(x)\bigl(1 - \sigma(x)\bigr)"
        r" = \tfrac14 - \bigl(\sigma(x) - \tfrac12\bigr)^2 \le \tfrac14,"
        r"\quad\text{with equality only at } x = 0\ \bigl(\sigma(0) = \tfrac12\bigr)",
        lambda i: check_slope_bound(i.grid),
    ),
    Entry(
        "sigmoid-vanishing",
        0,
        ("2_Sigmoid",),
        "Πₗ wₗσ′(aₗ) = finite differences of s_L, and |it| ≤ (1/4)^L Π|wₗ|",
        r"\frac{\partial s_L}{\partial s_0} = \prod_{l=1}^{L} w_l\,\sigma'(a_l),\qquad"
        r"\Bigl|\frac{\partial s_L}{\partial s_0}\Bigr| \le \Bigl(\frac14\Bigr)^{L}"
        r"\prod_{l=1}^{L} |w_l|"
        r"\qquad (s_l = \sigma(a_l),\ a_l = w_l s_{l-1} + b_l)",
        lambda i: check_vanishing(i.seed),
    ),
    Entry(
        "sigmoid-grad-argument",
        0,
        ("2_Sigmoid",),
        "sigmoid_grad(σ(x)) = finite difference of σ, on [−8, 8]",
        r"\begin{gathered}\texttt{sigmoid\_grad}(s) = s(1 - s) \text{ takes } s = \sigma(x):\\"
        r"\sigma'(x) = \texttt{sigmoid\_grad}\bigl(\sigma(x)\bigr)\end{gathered}",
        lambda i: check_sigmoid_derivative(i.grid, derivative=lambda v: sigmoid_grad(sigmoid(v))),
        wrong_latex=r"\sigma'(x) = \texttt{sigmoid\_grad}(x) = x(1 - x)",
        wrong_check=lambda i: check_sigmoid_derivative(i.grid, derivative=sigmoid_grad),
        source=VARIANT,
        reason="The assignment's sigmoid_grad takes the sigmoid's output s = σ(x), which the "
        "forward pass has already computed. Passing the pre-activation x gives x(1 − x): "
        "0 at x = 1 where σ′(1) ≈ 0.197, and negative for every x outside [0, 1], where σ′ is "
        "always positive.",
        wrong_label="sigmoid_grad(x) = finite difference of σ",
    ),
    Entry(
        "sigmoid-relative-error",
        0,
        ("2_Sigmoid",),
        "the page's relative error is |fd − σ′| / |σ′|, on [−8, 8]",
        r"\text{relative error} = \frac{\bigl|\mathrm{fd} - \sigma'(x_0)\bigr|}"
        r"{\bigl|\sigma'(x_0)\bigr|},\qquad"
        r"\mathrm{fd} = \frac{\sigma(x_0 + h) - \sigma(x_0 - h)}{2h}",
        lambda i: check_sigmoid_relative_error(i.grid),
    ),
    Entry(
        "fd-error-terms",
        0,
        ("2_Sigmoid", "3_Cross_entropy_gradient"),
        "errors = (h/2)|f″| and (h²/6)|f‴| up to the next term (σ at 1, CE at x); slopes 1, 2",
        r"\begin{aligned}\frac{f(x+h) - f(x)}{h} - f'(x) &= \frac{h}{2}\,f''(x) + O(h^2)\\"
        r"\frac{f(x+h) - f(x-h)}{2h} - f'(x) &= \frac{h^2}{6}\,f'''(x) + O(h^4)\\"
        r"\text{rounding error} &\sim \frac{\varepsilon\,|f(x)|}{h}\\"
        r"\varepsilon &= 2^{-52} \approx 2.2\times 10^{-16}\end{aligned}",
        lambda i: check_error_terms(i.xv, i.k),
        wrong_latex=r"\begin{gathered}\text{the smaller } h \text{, the smaller the error:}\\"
        r"\operatorname{err}(10^{-12}) \le \operatorname{err}(10^{-4})\end{gathered}",
        wrong_check=lambda i: check_smaller_step_is_better(i.xv, i.k),
        source=VARIANT,
        reason="True in exact arithmetic, false in float64: below about ∛ε ≈ 6·10⁻⁶ the "
        "centred difference loses more to rounding (~ε|f|/h) than it gains in truncation.",
        wrong_label="centred error at h = 1e-12 ≤ at h = 1e-4 (σ at 1; CE at x)",
    ),
    Entry(
        "gradcheck-error",
        0,
        ("3_Cross_entropy_gradient",),
        "the gradient check's error is |num − ana| / max(1, |num|, |ana|)",
        r"\begin{gathered}\operatorname{err}_j = \frac{|\mathrm{num}_j - \mathrm{ana}_j|}"
        r"{\max\bigl(1, |\mathrm{num}_j|, |\mathrm{ana}_j|\bigr)}\\"
        r"\text{pass if } \max_j \operatorname{err}_j \le 10^{-5}\end{gathered}",
        lambda i: check_gradcheck_error(i.xv, i.k),
        wrong_latex=r"\begin{gathered}\operatorname{err}_j = \frac{|\mathrm{num}_j"
        r" - \mathrm{ana}_j|}{|\mathrm{ana}_j|}\\ \text{at } z = (30, 0),\ k = 0\end{gathered}",
        wrong_check=lambda i: check_gradcheck_error([30.0, 0.0], 0, pure_relative=True),
        source=VARIANT,
        reason="A purely relative error divides by |anaⱼ|, which can be almost 0. At z = (30, 0) "
        "the gradient's first entry is ŷ₀ − 1 ≈ −9.3·10⁻¹⁴, and CE(z ± h e₀) round to the same "
        "float64, so num₀ = 0: the right gradient fails with a relative error of 1. With "
        "max(1, …) that error is 9.3·10⁻¹⁴: relative for large gradients, absolute for small "
        "ones, and never a division by almost 0.",
        wrong_label="|num − ana| / |ana| ≤ 1e-5 at z = (30, 0), k = 0",
    ),
    Entry(
        "gradcheck-kink",
        0,
        ("3_Cross_entropy_gradient",),
        "the centred difference of relu at x = h/4 is (x + h)/2h ≠ 1",
        r"0 < x < h:\quad \frac{\operatorname{relu}(x+h) - \operatorname{relu}(x-h)}{2h}"
        r" = \frac{(x + h) - 0}{2h} = \frac12 + \frac{x}{2h} \ne 1 = \operatorname{relu}'(x)",
        lambda i: check_relu_kink(),
    ),
    Entry(
        "ce-stable",
        0,
        ("3_Cross_entropy_gradient",),
        "−z_k + logsumexp(z) in float64 = CE in 40 digits (at x, and at (1000, 0), k = 1)",
        r"\begin{gathered}\operatorname{logsumexp}(z) = m + \log \sum_{i} e^{z_i - m},"
        r"\quad m = \max_i z_i\\ \log \hat y_k = z_k - \operatorname{logsumexp}(z)\\"
        r"CE = -z_k + \operatorname{logsumexp}(z)\end{gathered}",
        lambda i: check_stable_ce([(i.xv, i.k), (np.array([1000.0, 0.0]), 1)]),
        wrong_latex=r"\begin{gathered}CE = -\log\Bigl(\frac{e^{z_k}}{\sum_{i} e^{z_i}}\Bigr)"
        r"\\ \text{in float64, at } z = (1000, 0),\ k = 1\end{gathered}",
        wrong_check=lambda i: check_stable_ce([(np.array([1000.0, 0.0]), 1)], naive=True),
        source=VARIANT,
        reason="The same number in exact arithmetic, not in float64: exp(1000) overflows "
        "(above exp(709.78)), so ŷ₀ = inf/inf = NaN and ŷ₁ = 1/inf = 0; even the stable softmax "
        "rounds ŷ₁ = exp(−1000) ≈ 5·10⁻⁴³⁵ to 0, below the smallest float64 (≈ 4.9·10⁻³²⁴). "
        "log 0 = −inf, so CE = inf instead of 1000.",
        wrong_label="−log(e^(z_k) / Σ e^(zᵢ)) in float64 = CE at (1000, 0), k = 1",
    ),
)


def _temperature_limits(x: np.ndarray) -> Check:
    """S(softmax(x/T)) against log m (m = how many logits tie for the maximum) at a T far
    below the gap to the next logit, and against log n at a T far above the spread."""
    top = x.max()
    m = int(np.sum(x == top))
    gaps = top - x[x < top]
    t_small = float(gaps.min()) / 50 if gaps.size else 1.0  # e^(−50) leaves ~1e-20
    t_large = max(float(np.ptp(x)), 1.0) * 1e7
    lhs = [entropy(softmax(x / t_small)), entropy(softmax(x / t_large))]
    return _compare(lhs, [np.log(m), np.log(x.size)], 1e-9)


def _exercise(kind: str, seed: int, quantity: str = "dW2"):
    return make_exercise(kind, seed, quantity)


def _exercise_backprop(i: Inputs) -> Check:
    """Every gradient the backprop exercise asks for against finite differences."""
    checks = {}
    for q in BACKPROP:
        ex = _exercise("backprop", i.seed, q)
        g = ex.given
        params = Params(g["W1"], g["b1"], g["W2"], g["b2"])
        f, at = _network_costs(params, g["x"], g["k"])[1][q]
        checks[q] = _gradcheck(f, at, ex.expected)
    return _worst(checks)


def _shapes(i: Inputs) -> list[int]:
    """W1's shape, then the shape of xW1 for one input row x: [Dx, H, 1, H]."""
    W1 = init_params(*i.dims, seed=i.seed).W1
    return [*W1.shape, *(np.ones((1, i.dims[0])) @ W1).shape]


def _forward_check(i: Inputs) -> Check:
    params, x, _ = i.network
    yhat, cache = forward(params, x)
    z1 = x @ params.W1 + params.b1
    h = 1 / (1 + np.exp(-z1))
    z2 = h @ params.W2 + params.b2
    literal = literal_softmax(z2)
    return _chain(
        [np.concatenate([cache.z1, cache.h, cache.z2, yhat]), np.concatenate([z1, h, z2, literal])],
        1e-12,
    )


REGISTRY: dict[str, Entry] = {e.key: e for e in _ENTRIES}


def entries(page: str | None = None, step: int | None = None) -> list[Entry]:
    """The entries shown on ``page`` (a file stem) and/or of the notes' ``step``, in order."""
    return [
        e
        for e in _ENTRIES
        if (page is None or page in e.pages) and (step is None or e.step == step)
    ]


def errata() -> list[Entry]:
    """The entries where the notes wrote something wrong or unclear, in the notes' order."""
    return [e for e in _ENTRIES if e.source in (NOTES, UNCLEAR)]


def errata_table(titles: dict[str, str]) -> str:
    """The README's table of the notes' mistakes, one row per erratum, from the registry.

    ``titles`` maps a page's file stem to its title. LaTeX goes in ``$…$``, which GitHub
    renders as maths.
    """
    rows = ["| the notes write | correct | why | shown on |", "| --- | --- | --- | --- |"]
    for e in errata():
        pages = ", ".join(titles[p] for p in e.pages)
        correct = re.sub(r"«[^»]*»", r"\\ldots", e.latex)  # a page fills these in
        rows.append(f"| ${e.wrong_latex}$ | ${correct}$ | {e.reason} | {pages} |")
    return "\n".join(rows)


__all__ = [
    "NOTES",
    "REGISTRY",
    "UNCLEAR",
    "VARIANT",
    "Check",
    "Entry",
    "Inputs",
    "check_backprop",
    "check_ce_gradient",
    "check_invariance_chain",
    "check_notes_last_line",
    "check_param_count",
    "check_range",
    "check_shift_invariance",
    "check_sigmoid_derivative",
    "check_softmax_definition",
    "check_sums_to_one",
    "count_without_biases",
    "entries",
    "errata",
    "errata_table",
    "literal_softmax",
    "notes_backward",
    "notes_softmax",
]


# --- Checks of the explanations beyond the notes (issue 15) ----------------------------------


def _worst_of(*checks: Check) -> Check:
    """Several checks sharing one tolerance: the one with the largest error."""
    return max(checks, key=lambda c: c.error)


def check_softmax_jacobian(
    z, jacobian: Callable = softmax_jacobian, h: float = 1e-5, tol: float = 1e-8
) -> Check:
    """jacobian(z), and diag(ŷ) − ŷᵀŷ with ŷ evaluated literally, against centred
    differences of softmax (step h) in every direction eⱼ."""
    z = as_float_array(z)
    p = literal_softmax(z)
    numeric = numeric_jacobian(softmax, z, h)
    return _chain([numeric, jacobian(z), np.diag(p) - p[:, None] * p[None, :]], tol)


def check_jacobian_rows(z, t: float = 1e-5, tol: float = 1e-9) -> Check:
    """J·1, ŷ − ŷ Σⱼŷⱼ and the centred derivative of softmax along 1, against 0."""
    z = as_float_array(z)
    p = literal_softmax(z)
    along_ones = (softmax(z + t) - softmax(z - t)) / (2 * t)
    return _chain(
        [np.zeros(z.size), softmax_jacobian(z) @ np.ones(z.size), p - p * np.sum(p), along_ones],
        tol,
    )


def _ce_of_target(z, y) -> float:
    """−Σᵢ yᵢ log ŷᵢ for any target y (counts allowed), from the stable log-softmax."""
    return float(-np.sum(np.where(y != 0, y * log_softmax(z), 0.0)))


def _literal_chain_rule(z, y) -> np.ndarray:
    """−Σᵢ (yᵢ/ŷᵢ) ŷᵢ([i = j] − ŷⱼ) for each j, as written, in decimal arithmetic: in
    float64 a ŷᵢ that underflows makes yᵢ/ŷᵢ infinite (the page says so)."""
    p = _softmax_decimal(z)
    y = [decimal.Decimal(float(v)) for v in np.ravel(y)]
    n = len(p)
    return _floats(
        -sum(
            (_CTX.divide(y[i], p[i]) * p[i] * ((1 if i == j else 0) - p[j]) for i in range(n)),
            decimal.Decimal(0),
        )
        for j in range(n)
    )


def check_ce_chain_rule(z, targets, simplified: bool = True, tol: float = 1e-8) -> Check:
    """For each target y: −(y/ŷ)J, −y + ŷ Σᵢyᵢ and ŷ − y against centred differences of
    −Σᵢ yᵢ log ŷᵢ. With ``simplified=False`` only ŷ − y is compared (the variant's claim)."""
    z = as_float_array(z)
    checks = []
    for y in targets:
        y = as_float_array(y)
        p = literal_softmax(z)
        numeric = numeric_jacobian(lambda v, y=y: [_ce_of_target(v, y)], z)[0]
        members = [numeric, p - y]
        if simplified:
            members += [_literal_chain_rule(z, y), -y + p * np.sum(y), ce_grad_simplified(z, y)]
        # The centred difference (h = 1e-5) rounds CE(z ± h), about ε·|CE| each.
        rounding = 4 * np.finfo(np.float64).eps * (abs(_ce_of_target(z, y)) + 1) / 1e-5
        checks.append(_chain(members, tol + rounding))
    return _worst_of(*checks)


def check_gradient_sums_to_zero(z, k: int, t: float = 1e-5, tol: float = 1e-9) -> Check:
    """Σⱼ(ŷ − y)ⱼ, Σŷ − Σy (ŷ literal) and the centred derivative of CE along 1, against 0."""
    z = as_float_array(z)
    y = target_distribution(k, z.shape)
    along_ones = (cross_entropy(z + t, k) - cross_entropy(z - t, k)) / (2 * t)
    members = [0.0, np.sum(cross_entropy_grad(z, k)), np.sum(literal_softmax(z)) - np.sum(y)]
    # The difference quotient rounds CE(z ± t), about ε·CE each: that much error divided by t.
    rounding = 4 * np.finfo(np.float64).eps * (abs(float(cross_entropy(z, k))) + 1) / t
    return _chain([*members, along_ones], tol + rounding)


def check_slope_bound(x, tol: float = 1e-15) -> Check:
    """σ′ = σ(1 − σ) = 1/4 − (σ − 1/2)² on x, no value above 1/4, and σ′(0) = 1/4."""
    x = as_float_array(x)
    s = sigmoid(x)
    chain = _chain([sigmoid_derivative(x), s * (1 - s), 0.25 - (s - 0.5) ** 2], tol)
    excess = float(max(np.max(sigmoid_derivative(x)) - SLOPE_MAX, 0.0))
    at_zero = _compare(sigmoid_derivative(0.0), SLOPE_MAX, tol)
    return _worst_of(chain, _compare(excess, 0.0, tol), at_zero)


def check_vanishing(seed: int, layers: int = 6, tol: float = 1e-4) -> Check:
    """Πₗ wₗσ′(aₗ) against the centred derivative of the built chain h_L(x) at x0 = 0, and
    each depth's |product| against (1/4)^L Π|wₗ|, at seeded pre-activations N(0, 1) and
    weights N(0, 2²). The first error is relative above 1e-6 and absolute below, where
    the difference's rounding (about ε/h ≈ 1e-11) is no longer small next to the product;
    the second is relative."""
    pre = random_preactivations(layers, 1.0, seed)[0]
    w = np.random.default_rng(seed + 1).normal(0.0, 2.0, size=layers)
    grads = chain_gradient(pre, w)
    h = 1e-5
    rel = []
    for depth in range(1, layers + 1):
        f = chain_network(pre[:depth], 0.0, w[:depth])
        numeric = float((f(h) - f(-h)) / (2 * h))
        rel.append(abs(numeric - grads[depth - 1]) / max(abs(grads[depth - 1]), 1e-6))
    bound = SLOPE_MAX ** np.arange(1, layers + 1) * np.cumprod(np.abs(w))
    excess = np.maximum(np.abs(grads) / bound - 1.0, 0.0)
    return _compare(np.concatenate([rel, excess]), np.zeros(2 * layers), tol)


def check_sigmoid_relative_error(x, tol: float = 0.0) -> Check:
    """The page's relative error (explore.sigmoid_slope_check, h = 1e-5) and the error of
    the sweep's centred difference at h = 1e-5, against |fd − σ′| / |σ′| written out."""
    x = as_float_array(x)
    h = 1e-5
    fd = (sigmoid(x + h) - sigmoid(x - h)) / (2 * h)
    literal = np.abs(fd - sigmoid_derivative(x)) / np.abs(sigmoid_derivative(x))
    page = [sigmoid_slope_check(v, h).rel_error for v in x]
    sweep = [float(_fd.sigmoid_sweep(v, [h]).centred[0]) for v in x]
    return _chain([literal, page, sweep], tol)


def _error_terms(sweep: _fd.StepSweep, scale: float = 1.0, h: float = 1e-3) -> list[float]:
    """By how much each measured error at h misses its leading Taylor term by more than
    10 % plus what the formula leaves out: the next term, O(h²) one-sided and O(h⁴)
    centred (derivatives of σ and of CE along a logit are below 1), and rounding.
    ``scale`` divides those as the error is divided (1/|f′| for a relative error)."""
    i = int(np.argmin(np.abs(np.log(sweep.h / h))))
    hi = float(sweep.h[i])
    misses = []
    for err, lead, rest in (
        (sweep.one_sided[i], sweep.trunc_one_sided[i], hi**2 / 6 * scale),
        (sweep.centred[i], sweep.trunc_centred[i], hi**4 / 120 * scale),
    ):
        allowed = 0.1 * lead + rest + 4 * sweep.rounding[i]
        misses.append(max(abs(float(err) - float(lead)) - float(allowed), 0.0))
    return [m if np.isfinite(m) else np.inf for m in misses]


def check_error_terms(z, k: int, x0: float = 1.0) -> Check:
    """The Taylor terms against the measured errors at h = 1e-3, for σ at x0 and CE at the
    logits z (each within 10 % plus the next term and rounding), and the fitted slopes of
    σ's errors in the truncation range, 1 and 2 within 0.1."""
    s = _fd.sigmoid_sweep(x0)
    slopes = [abs(s.slope_one_sided - 1.0), abs(s.slope_centred - 2.0)]
    slopes = [max(d - 0.1, 0.0) for d in slopes]
    terms = _error_terms(s, 1 / float(sigmoid_derivative(x0))) + _error_terms(_fd.ce_sweep(z, k))
    return _compare(np.nan_to_num(slopes + terms, nan=np.inf), np.zeros(6), 0.0)


def check_smaller_step_is_better(z, k: int, x0: float = 1.0) -> Check:
    """The variant's claim err(1e-12) ≤ err(1e-4) for the centred difference: the error is
    by how much err(1e-12) exceeds err(1e-4), as a ratio minus 1 (0 if it does not)."""
    excess = []
    for sweep in (_fd.sigmoid_sweep(x0, [1e-12, 1e-4]), _fd.ce_sweep(z, k, [1e-12, 1e-4])):
        tiny, assignment = sweep.centred
        excess.append(max(tiny / assignment - 1.0, 0.0))
    return _compare(excess, np.zeros(2), 0.0)


def check_gradcheck_error(z, k: int, pure_relative: bool = False, tol: float = 1e-5) -> Check:
    """The assignment's check of ŷ − y at z: metl_core.gradcheck's error against
    |num − ana| / max(1, |num|, |ana|) written out (tolerance 0), then that error against
    ``tol``. With ``pure_relative`` the written-out error is |num − ana| / |ana| instead."""
    z = as_float_array(z)
    r = gradcheck(lambda v: (cross_entropy(v, k), cross_entropy_grad(v, k)), z)
    num, ana = r.numeric, r.analytic
    with np.errstate(divide="ignore", invalid="ignore"):
        written = np.abs(num - ana) / (
            np.abs(ana) if pure_relative else np.maximum(1.0, np.maximum(np.abs(num), np.abs(ana)))
        )
    if not pure_relative and not np.array_equal(written, r.rel_error):
        return Check(written, r.rel_error, float("inf"), tol)
    return _compare(written, np.zeros_like(written), tol)


def check_relu_kink(h: float = _fd.ASSIGNMENT_H, tol: float = 1e-9) -> Check:
    """At x = h/4: the centred difference of relu, (x + h)/2h and 1/2 + x/2h agree, and
    differ from relu′(x) = 1 by more than the gradient check's 1e-5 (inf error if not)."""
    x = h / 4
    fd = float(_fd.centred(_fd.relu, x, h))
    chain = _chain([fd, (x + h) / (2 * h), 0.5 + x / (2 * h)], tol)
    if not relative_error(fd, 1.0) > 1e-5:
        return Check(chain.lhs, chain.rhs, float("inf"), tol)
    return chain


def check_stable_ce(cases, naive: bool = False, tol: float = 1e-12) -> Check:
    """For each (z, k): −z_k + logsumexp(z) in float64 (or, with ``naive``, −log of the
    unshifted softmax in float64) against −z_k + log Σ e^(zᵢ) in 40-digit decimals, as a
    relative error."""
    errors = []
    for z, k in cases:
        z = as_float_array(z)
        exact = _literal_ce(z, k)[2]
        with np.errstate(all="ignore"):
            value = float(-np.log(naive_softmax(z)[k])) if naive else -z[k] + logsumexp(z)
            errors.append(abs(value - exact) / max(abs(exact), 1.0))
    errors = [e if np.isfinite(e) else float("inf") for e in errors]
    return _compare(errors, np.zeros(len(errors)), tol)
