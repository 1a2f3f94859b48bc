"""Numeric checks of each step of the METL TP 1 notes, and the notes' wrong versions.

Each ``check_*`` evaluates both sides of one equality of the notes (or compares an
analytic gradient with finite differences) and returns a :class:`Check`. The formula under
test is a parameter, so the same check can be handed the notes' mistaken version and is
seen to fail: a check that cannot fail would prove nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import explore
from ._arrays import as_float_array
from .cross_entropy import cross_entropy, cross_entropy_grad
from .gradcheck import gradcheck
from .mlp import Grads, Params, backward, param_count, zero_params
from .sigmoid import sigmoid, sigmoid_derivative
from .softmax import softmax


@dataclass(frozen=True)
class Check:
    """One side of an equality against the other, at concrete inputs.

    Attributes
    ----------
    lhs, rhs : ndarray
        The two sides, evaluated.
    error : float
        The largest absolute (or, for gradients, relative) difference; inf if NaN.
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
    with np.errstate(invalid="ignore"):
        diff = np.abs(lhs - rhs)
    err = float(np.max(diff)) if diff.size else 0.0
    return Check(lhs, rhs, err if np.isfinite(err) else float("inf"), tol)


# --- The notes' versions, kept to show they fail --------------------------------------------


def notes_softmax(x) -> np.ndarray:
    """The notes' softmax(x)_i = e^{x_i} / sum_j x_j (the denominator lost its exp)."""
    x = as_float_array(x)
    with np.errstate(all="ignore"):
        return np.exp(x) / np.sum(x)


def notes_dz1(params: Params, cache, target) -> Grads:
    """Backward pass with the notes' last line: theta^2(z1) in place of sigma'(z1)."""
    g = backward(params, cache, target)
    g.dz1 = g.dh * sigmoid(cache.z1) ** 2
    g.dx = g.dz1 @ params.W1.T
    return g


def count_without_biases(dx: int, h: int, dy: int) -> int:
    """Dx H + H Dy: what is left of the count if the biases are forgotten."""
    return dx * h + h * dy


# --- The checks, in the order of the notes --------------------------------------------------


def check_softmax_definition(x, formula: Callable = softmax, tol: float = 1e-12) -> Check:
    """formula(x) against e^{x_i} / sum_j e^{x_j} evaluated literally, for moderate x."""
    x = as_float_array(x)
    with np.errstate(all="ignore"):
        literal = np.exp(x) / np.sum(np.exp(x))
        return _compare(formula(x), literal, tol)


def check_sums_to_one(x, formula: Callable = softmax, tol: float = 1e-12) -> Check:
    """sum_i formula(x)_i against 1."""
    with np.errstate(all="ignore"):
        return _compare(np.sum(formula(as_float_array(x))), 1.0, tol)


def check_shift_invariance(x, c, tol: float = 1e-12) -> Check:
    """softmax(x + c) against softmax(x) for an added vector c (or scalar)."""
    x = as_float_array(x)
    c = np.broadcast_to(as_float_array(c), x.shape)
    return _compare(softmax(x + c), softmax(x), tol)


def check_sigmoid_derivative(
    x, derivative: Callable = sigmoid_derivative, h: float = 1e-5, tol: float = 1e-8
) -> Check:
    """derivative(x) against the centred difference of σ, (σ(x + h) − σ(x − h)) / 2h."""
    x = as_float_array(x)
    numeric = (sigmoid(x + h) - sigmoid(x - h)) / (2 * h)
    return _compare(derivative(x), numeric, tol)


def check_sigmoid_range(x) -> Check:
    """The share of σ(x) that lies strictly inside (0, 1), against 1 (moderate x)."""
    s = sigmoid(as_float_array(x))
    inside = float(np.mean((s > 0) & (s < 1))) if s.size else 1.0
    return _compare(inside, 1.0, 0.0)


def check_ce_gradient(z, k: int, grad: Callable = cross_entropy_grad, tol: float = 1e-5) -> Check:
    """grad(z, k) against centred finite differences of CE at z (assignment's error)."""
    r = gradcheck(lambda v: (cross_entropy(v, k), grad(v, k)), as_float_array(z), tol=tol)
    return Check(r.analytic, r.numeric, r.max_rel_error, tol)


def check_backprop(
    params: Params, x, label: int, backward_fn: Callable = backward, tol: float = 1e-5
) -> dict[str, Check]:
    """Every gradient of ``backward_fn`` against finite differences, by name."""
    results = explore.network_gradchecks(params, x, label, tol=tol, backward_fn=backward_fn)
    return {n: Check(r.analytic, r.numeric, r.max_rel_error, tol) for n, r in results.items()}


def check_param_count(dx: int, h: int, dy: int, count: Callable = param_count) -> Check:
    """count(Dx, H, Dy) against the number of entries of a network actually built."""
    built = sum(a.size for _, a in zero_params(dx, h, dy).items())
    return _compare(float(count(dx, h, dy)), float(built), 0.0)
