"""Checks of the explanations beyond the notes (issue 15): the softmax Jacobian and the
chain rule through it, the sigmoid's slope bound and vanishing gradients, a finite
difference's error terms, the gradient check's error, and the stable cross-entropy.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from metl_core.maths import finite_differences as FD
from metl_core.maths.arrays import as_float_array
from metl_core.maths.cross_entropy import cross_entropy, cross_entropy_grad, target_distribution
from metl_core.maths.gradcheck import gradcheck, relative_error
from metl_core.maths.jacobian import (
    ce_grad_simplified,
    numeric_jacobian,
    softmax_jacobian,
)
from metl_core.maths.saturation import (
    SLOPE_MAX,
    chain_gradient,
    chain_network,
    random_preactivations,
)
from metl_core.maths.sigmoid import sigmoid, sigmoid_derivative
from metl_core.maths.softmax import log_softmax, naive_softmax, softmax
from metl_core.maths.stable_ce import logsumexp
from metl_core.teaching.explore import sigmoid_slope_check

from .entry import Check, all_equal, compare, worst_of
from .literal import literal_ce, literal_chain_rule, literal_softmax


def check_softmax_jacobian(
    z, jacobian: Callable = softmax_jacobian, h: float = 1e-5, tol: float = 1e-8
) -> Check:
    """jacobian(z), and diag(ŷ) − ŷᵀŷ with ŷ evaluated literally, against centred
    differences of softmax (step h) in every direction eⱼ."""
    z = as_float_array(z)
    p = literal_softmax(z)
    numeric = numeric_jacobian(softmax, z, h)
    return all_equal([numeric, jacobian(z), np.diag(p) - p[:, None] * p[None, :]], tol)


def check_jacobian_rows(z, t: float = 1e-5, tol: float = 1e-9) -> Check:
    """J·1, ŷ − ŷ Σⱼŷⱼ and the centred derivative of softmax along 1, against 0."""
    z = as_float_array(z)
    p = literal_softmax(z)
    along_ones = (softmax(z + t) - softmax(z - t)) / (2 * t)
    return all_equal(
        [np.zeros(z.size), softmax_jacobian(z) @ np.ones(z.size), p - p * np.sum(p), along_ones],
        tol,
    )


def _ce_of_target(z, y) -> float:
    """−Σᵢ yᵢ log ŷᵢ for any target y (counts allowed), from the stable log-softmax."""
    return float(-np.sum(np.where(y != 0, y * log_softmax(z), 0.0)))


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
            members += [literal_chain_rule(z, y), -y + p * np.sum(y), ce_grad_simplified(z, y)]
        # The centred difference (h = 1e-5) rounds CE(z ± h), about ε·|CE| each.
        rounding = 4 * np.finfo(np.float64).eps * (abs(_ce_of_target(z, y)) + 1) / 1e-5
        checks.append(all_equal(members, tol + rounding))
    return worst_of(*checks)


def check_gradient_sums_to_zero(z, k: int, t: float = 1e-5, tol: float = 1e-9) -> Check:
    """Σⱼ(ŷ − y)ⱼ, Σŷ − Σy (ŷ literal) and the centred derivative of CE along 1, against 0."""
    z = as_float_array(z)
    y = target_distribution(k, z.shape)
    along_ones = (cross_entropy(z + t, k) - cross_entropy(z - t, k)) / (2 * t)
    members = [0.0, np.sum(cross_entropy_grad(z, k)), np.sum(literal_softmax(z)) - np.sum(y)]
    # The difference quotient rounds CE(z ± t), about ε·CE each: that much error divided by t.
    rounding = 4 * np.finfo(np.float64).eps * (abs(float(cross_entropy(z, k))) + 1) / t
    return all_equal([*members, along_ones], tol + rounding)


def check_slope_bound(x, tol: float = 1e-15) -> Check:
    """σ′ = σ(1 − σ) = 1/4 − (σ − 1/2)² on x, no value above 1/4, and σ′(0) = 1/4."""
    x = as_float_array(x)
    s = sigmoid(x)
    equal = all_equal([sigmoid_derivative(x), s * (1 - s), 0.25 - (s - 0.5) ** 2], tol)
    excess = float(max(np.max(sigmoid_derivative(x)) - SLOPE_MAX, 0.0))
    at_zero = compare(sigmoid_derivative(0.0), SLOPE_MAX, tol)
    return worst_of(equal, compare(excess, 0.0, tol), at_zero)


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
    return compare(np.concatenate([rel, excess]), np.zeros(2 * layers), tol)


def check_sigmoid_relative_error(x, tol: float = 0.0) -> Check:
    """The page's relative error (explore.sigmoid_slope_check, h = 1e-5) and the error of
    the sweep's centred difference at h = 1e-5, against |fd − σ′| / |σ′| written out."""
    x = as_float_array(x)
    h = 1e-5
    fd = (sigmoid(x + h) - sigmoid(x - h)) / (2 * h)
    literal = np.abs(fd - sigmoid_derivative(x)) / np.abs(sigmoid_derivative(x))
    page = [sigmoid_slope_check(v, h).rel_error for v in x]
    sweep = [float(FD.sigmoid_sweep(v, [h]).centred[0]) for v in x]
    return all_equal([literal, page, sweep], tol)


def _error_terms(sweep: FD.StepSweep, scale: float = 1.0, h: float = 1e-3) -> list[float]:
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
    s = FD.sigmoid_sweep(x0)
    slopes = [abs(s.slope_one_sided - 1.0), abs(s.slope_centred - 2.0)]
    slopes = [max(d - 0.1, 0.0) for d in slopes]
    terms = _error_terms(s, 1 / float(sigmoid_derivative(x0))) + _error_terms(FD.ce_sweep(z, k))
    return compare(np.nan_to_num(slopes + terms, nan=np.inf), np.zeros(6), 0.0)


def check_smaller_step_is_better(z, k: int, x0: float = 1.0) -> Check:
    """The variant's claim err(1e-12) ≤ err(1e-4) for the centred difference: the error is
    by how much err(1e-12) exceeds err(1e-4), as a ratio minus 1 (0 if it does not)."""
    excess = []
    for sweep in (FD.sigmoid_sweep(x0, [1e-12, 1e-4]), FD.ce_sweep(z, k, [1e-12, 1e-4])):
        tiny, assignment = sweep.centred
        excess.append(max(tiny / assignment - 1.0, 0.0))
    return compare(excess, np.zeros(2), 0.0)


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
    return compare(written, np.zeros_like(written), tol)


def check_relu_kink(h: float = FD.ASSIGNMENT_H, tol: float = 1e-9) -> Check:
    """At x = h/4: the centred difference of relu, (x + h)/2h and 1/2 + x/2h agree, and
    differ from relu′(x) = 1 by more than the gradient check's 1e-5 (inf error if not)."""
    x = h / 4
    fd = float(FD.centred(FD.relu, x, h))
    equal = all_equal([fd, (x + h) / (2 * h), 0.5 + x / (2 * h)], tol)
    if not relative_error(fd, 1.0) > 1e-5:
        return Check(equal.lhs, equal.rhs, float("inf"), tol)
    return equal


def check_stable_ce(cases, naive: bool = False, tol: float = 1e-12) -> Check:
    """For each (z, k): −z_k + logsumexp(z) in float64 (or, with ``naive``, −log of the
    unshifted softmax in float64) against −z_k + log Σ e^(zᵢ) in 40-digit decimals, as a
    relative error."""
    errors = []
    for z, k in cases:
        z = as_float_array(z)
        exact = literal_ce(z, k)[2]
        with np.errstate(all="ignore"):
            value = float(-np.log(naive_softmax(z)[k])) if naive else -z[k] + logsumexp(z)
            errors.append(abs(value - exact) / max(abs(exact), 1.0))
    errors = [e if np.isfinite(e) else float("inf") for e in errors]
    return compare(errors, np.zeros(len(errors)), tol)
