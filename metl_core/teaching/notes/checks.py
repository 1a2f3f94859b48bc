"""The checks behind the entries of the notes' six steps, and the notes' own versions.

Each ``check_*`` evaluates one formula at concrete numbers and returns a :class:`Check`;
a ``formula``, ``derivative``, ``grad`` or ``count`` argument swaps in another version
(the notes', or a deliberately wrong variant), whose check should then fail.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from metl_core.maths.arrays import as_float_array
from metl_core.maths.cross_entropy import cross_entropy, cross_entropy_grad
from metl_core.maths.mlp import Params, backward, forward, param_count, zero_params
from metl_core.maths.sigmoid import sigmoid, sigmoid_derivative
from metl_core.maths.softmax import softmax
from metl_core.teaching import backprop_steps as BP

from .entry import Check, all_equal, compare, gradient_check
from .literal import CTX, decimal_exp, floats, literal_softmax

# --- The notes' versions, and deliberately wrong variants -------------------------------------


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


# --- The checks behind the entries -----------------------------------------------------------


def check_softmax_definition(x, formula: Callable = softmax, tol: float = 1e-12) -> Check:
    """formula(x) against e^(x_i) / Σ_j e^(x_j) evaluated literally (decimal arithmetic)."""
    with np.errstate(all="ignore"):
        return compare(formula(as_float_array(x)), literal_softmax(x), tol)


def check_sums_to_one(x, formula: Callable = softmax, tol: float = 1e-12) -> Check:
    """Σ_i formula(x)_i against 1."""
    with np.errstate(all="ignore"):
        return compare(np.sum(formula(as_float_array(x))), 1.0, tol)


def check_range(values, lo: float, hi: float, reach: float = 1e-9) -> Check:
    """Whether (lo, hi) is the range of the sampled values: all strictly inside, and both
    ends approached within ``reach``. The error is the largest distance by which a value
    leaves the interval or an end is not approached."""
    v = as_float_array(values)
    outside = max(float(np.max(lo - v, initial=0.0)), float(np.max(v - hi, initial=0.0)))
    touches = float(np.sum(v <= lo) + np.sum(v >= hi))
    gap = max(float(np.min(v)) - lo, hi - float(np.max(v)))
    return compare(max(outside, touches, max(gap - reach, 0.0)), 0.0, 0.0)


def check_shift_invariance(x, c, tol: float = 1e-12) -> Check:
    """softmax(x + c) against softmax(x), both evaluated literally, for a scalar or vector c."""
    x = as_float_array(x)
    c = np.broadcast_to(as_float_array(c), x.shape)
    return compare(literal_softmax(x + c), literal_softmax(x), tol)


def check_invariance_chain(x, c: float, tol: float = 1e-12) -> Check:
    """Each member of e^(x_i+c)/Σ_j e^(x_j+c) = e^c e^(x_i)/(e^c Σ_j e^(x_j)) = softmax(x)_i."""
    x = as_float_array(x)
    ec = decimal_exp([c])[0]
    e_shift, e = decimal_exp(x + c), decimal_exp(x)
    first = floats(CTX.divide(a, sum(e_shift[1:], e_shift[0])) for a in e_shift)
    total = sum(e[1:], e[0])
    second = floats(CTX.divide(ec * a, ec * total) for a in e)
    return all_equal([first, second, softmax(x)], tol)


def check_notes_last_line(x, tol: float = 1e-12) -> Check:
    """The notes' last line e^(x_i) / Σ_j e^(x_i) (= 1/n) against softmax(x)_i."""
    x = as_float_array(x)
    e = decimal_exp(x)
    notes = floats(CTX.divide(a, a * len(e)) for a in e)
    return compare(notes, literal_softmax(x), tol)


def check_sigmoid_derivative(
    x, derivative: Callable = sigmoid_derivative, h: float = 1e-5, tol: float = 1e-8
) -> Check:
    """derivative(x) against the centred difference of σ, (σ(x + h) − σ(x − h)) / 2h."""
    x = as_float_array(x)
    numeric = (sigmoid(x + h) - sigmoid(x - h)) / (2 * h)
    return compare(derivative(x), numeric, tol)


def check_ce_gradient(z, k: int, grad: Callable = cross_entropy_grad, tol: float = 1e-5) -> Check:
    """grad(z, k) against centred finite differences of CE at z (the assignment's check)."""
    z = as_float_array(z)
    return gradient_check(lambda v: cross_entropy(v, k), z, grad(z, k), tol)


def network_costs(params: Params, x, label: int):
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
    cache, costs = network_costs(params, x, label)
    grads = (backward_fn or backward)(params, cache, label)
    return {name: gradient_check(f, at, grads[name], tol) for name, (f, at) in costs.items()}


def check_param_count(Dx: int, H: int, Dy: int, count: Callable = param_count) -> Check:
    """count(Dx, H, Dy) against the number of entries of a network actually built."""
    return compare(float(count(Dx, H, Dy)), float(zero_params(Dx, H, Dy).size), 0.0)
