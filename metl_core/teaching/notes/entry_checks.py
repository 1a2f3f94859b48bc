"""The check of every entry, by name: ``check(inputs) -> Check``.

Each function is named after its entry's key ("softmax-definition" is checked by
:func:`softmax_definition`), and the check of the entry's wrong version adds ``_wrong``
(:func:`softmax_definition_wrong`). What each one states is the entry's ``label`` (and
``wrong_label``), in :mod:`.data`; the general checks they call are in :mod:`.checks`
and :mod:`.beyond`, the literal arithmetic in :mod:`.literal`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from metl_core.maths.cross_entropy import cross_entropy, cross_entropy_grad, target_distribution
from metl_core.maths.jacobian import (
    softmax_jacobian_elementwise,
)
from metl_core.maths.mlp import Params, forward, init_params
from metl_core.maths.sigmoid import sigmoid, sigmoid_grad
from metl_core.maths.sigmoid import sigmoid_derivative as sigma_prime
from metl_core.maths.softmax import entropy, softmax
from metl_core.teaching import backprop_steps as BP
from metl_core.teaching.exercises import BACKPROP, make_exercise

from .beyond import (
    check_ce_chain_rule,
    check_error_terms,
    check_gradcheck_error,
    check_gradient_sums_to_zero,
    check_jacobian_rows,
    check_relu_kink,
    check_sigmoid_relative_error,
    check_slope_bound,
    check_smaller_step_is_better,
    check_softmax_jacobian,
    check_stable_ce,
    check_vanishing,
)
from .checks import (
    check_backprop,
    check_ce_gradient,
    check_invariance_chain,
    check_notes_last_line,
    check_param_count,
    check_range,
    check_shift_invariance,
    check_sigmoid_derivative,
    check_softmax_definition,
    check_sums_to_one,
    count_without_biases,
    network_costs,
    notes_softmax,
)
from .entry import Check, Inputs, all_equal, compare, gradient_check, worst
from .literal import literal_ce, literal_softmax, strictly_inside

_WEIGHT_GRADS = ("dW1", "db1", "dW2", "db2")


def _backprop_dx(inputs: Inputs, dsigma: Callable) -> Check:
    """((ŷ − y) W2ᵀ ⊙ dsigma(z1)) W1ᵀ, evaluated literally, against finite differences."""
    params, x, label = inputs.network
    _, cache = forward(params, x)
    y = target_distribution(label, cache.yhat.shape)
    dx = ((cache.yhat - y) @ params.W2.T * dsigma(cache.z1)) @ params.W1.T
    f, at = network_costs(params, x, label)[1]["dx"]
    return gradient_check(f, at, dx)


def _sign_flipped_ce_grad(z, k: int) -> np.ndarray:
    """y − ŷ: the CE gradient with its sign flipped."""
    return -cross_entropy_grad(z, k)


def _theta_squared(z1) -> np.ndarray:
    """The notes' θ²(z1) = σ(z1)², written where σ′(z1) belongs."""
    return sigmoid(z1) ** 2


def _count_as_the_page_writes_it(Dx: int, H: int, Dy: int) -> int:
    """(Dx + 1)·H + (H + 1)·Dy, as the parameter-count page writes it."""
    return (Dx + 1) * H + (H + 1) * Dy


def _sigmoid_grad_of_sigmoid(x) -> np.ndarray:
    """sigmoid_grad given s = σ(x), as the assignment calls it."""
    return sigmoid_grad(sigmoid(x))


def _shapes(i: Inputs) -> list[int]:
    """W1's shape, then the shape of xW1 for one input row x: [Dx, H, 1, H]."""
    W1 = init_params(*i.dims, seed=i.seed).W1
    return [*W1.shape, *(np.ones((1, i.dims[0])) @ W1).shape]


# 1 -- softmax ---------------------------------------------------------------------------------


def softmax_definition(i: Inputs) -> Check:
    return check_softmax_definition(i.xv)


def softmax_definition_wrong(i: Inputs) -> Check:
    return check_softmax_definition(i.xv, formula=notes_softmax)


def softmax_sums_to_one(i: Inputs) -> Check:
    return check_sums_to_one(i.xv)


def softmax_sums_to_one_wrong(i: Inputs) -> Check:
    return check_sums_to_one(i.xv, formula=notes_softmax)


def softmax_range(i: Inputs) -> Check:
    return compare(float(strictly_inside(i.xv)), 1.0, 0.0)


def softmax_range_wrong(i: Inputs) -> Check:
    """What the loose codomain suggests, evaluated: an entry exactly 0 or 1."""
    return compare(float(not strictly_inside(i.xv)), 1.0, 0.0)


def softmax_stable(i: Inputs) -> Check:
    return all_equal(
        [literal_softmax(i.xv), literal_softmax(i.xv - i.xv.max()), softmax(i.xv)], 1e-12
    )


def softmax_temperature(i: Inputs) -> Check:
    """S(softmax(x/T)) against log m (m = how many logits tie for the maximum) at a T far
    below the gap to the next logit, and against log n at a T far above the spread."""
    x = i.xv
    top = x.max()
    m = int(np.sum(x == top))
    gaps = top - x[x < top]
    t_small = float(gaps.min()) / 50 if gaps.size else 1.0  # e^(−50) leaves ~1e-20
    t_large = max(float(np.ptp(x)), 1.0) * 1e7
    lhs = [entropy(softmax(x / t_small)), entropy(softmax(x / t_large))]
    return compare(lhs, [np.log(m), np.log(x.size)], 1e-9)


# 2 -- invariance ------------------------------------------------------------------------------


def softmax_invariance(i: Inputs) -> Check:
    return check_invariance_chain(i.xv, i.c)


def softmax_invariance_wrong(i: Inputs) -> Check:
    return check_shift_invariance(i.xv, i.u)


def softmax_invariance_indices(i: Inputs) -> Check:
    return check_invariance_chain(i.xv, i.c)


def softmax_invariance_indices_wrong(i: Inputs) -> Check:
    return check_notes_last_line(i.xv)


# 3 -- sigmoid ---------------------------------------------------------------------------------


def sigmoid_definition(i: Inputs) -> Check:
    return check_range(sigmoid(np.linspace(-30.0, 30.0, 121)), 0.0, 1.0)


def sigmoid_definition_wrong(i: Inputs) -> Check:
    """What the loose codomain suggests, evaluated: a negative value of σ."""
    return compare(float(np.any(sigmoid(np.linspace(-30.0, 30.0, 121)) < 0)), 1.0, 0.0)


def sigmoid_derivative(i: Inputs) -> Check:
    return all_equal(
        [
            sigma_prime(i.grid),
            np.exp(-i.grid) / (1 + np.exp(-i.grid)) ** 2,
            sigmoid(i.grid) * (1 - sigmoid(i.grid)),
            check_sigmoid_derivative(i.grid).rhs,
        ],
        1e-8,
    )


def sigmoid_derivation(i: Inputs) -> Check:
    return all_equal(
        [
            check_sigmoid_derivative(i.grid).rhs,
            -((1 + np.exp(-i.grid)) ** -2) * -np.exp(-i.grid),
            1 / (1 + np.exp(-i.grid)) * ((1 + np.exp(-i.grid)) - 1) / (1 + np.exp(-i.grid)),
            sigmoid(i.grid) * (1 - sigmoid(i.grid)),
        ],
        1e-8,
    )


# 4 -- cross-entropy ---------------------------------------------------------------------------


def ce_definition(i: Inputs) -> Check:
    return all_equal([cross_entropy(i.xv, i.k), *literal_ce(i.xv, i.k)], 1e-12)


def ce_gradient(i: Inputs) -> Check:
    return check_ce_gradient(i.xv, i.k)


def ce_sign(i: Inputs) -> Check:
    return check_ce_gradient(i.xv, i.k)


def ce_sign_wrong(i: Inputs) -> Check:
    return check_ce_gradient(i.xv, i.k, grad=_sign_flipped_ce_grad)


# 5 -- backpropagation -------------------------------------------------------------------------


def mlp_forward(i: Inputs) -> Check:
    """metl_core.forward against the four equations, each written out."""
    params, x, _ = i.network
    yhat, cache = forward(params, x)
    z1 = x @ params.W1 + params.b1
    h = 1 / (1 + np.exp(-z1))
    z2 = h @ params.W2 + params.b2
    literal = literal_softmax(z2)
    return all_equal(
        [np.concatenate([cache.z1, cache.h, cache.z2, yhat]), np.concatenate([z1, h, z2, literal])],
        1e-12,
    )


def mlp_deltas(i: Inputs) -> Check:
    return worst(check_backprop(*i.network))


def mlp_weights(i: Inputs) -> Check:
    return worst({k: v for k, v in check_backprop(*i.network).items() if k in _WEIGHT_GRADS})


def mlp_dx(i: Inputs) -> Check:
    return _backprop_dx(i, sigma_prime)


def mlp_dx_wrong(i: Inputs) -> Check:
    return _backprop_dx(i, _theta_squared)


def mlp_layer_notation(i: Inputs) -> Check:
    return worst({k: v for k, v in check_backprop(*i.network).items() if k in ("dx", "dh")})


# 5 -- backprop, one line at a time: each line evaluated literally for N = 1 and N = 5 ---------


def bp_z1(i: Inputs) -> Check:
    return Check(*BP.check_line(i, "z1").sides)


def bp_h(i: Inputs) -> Check:
    return Check(*BP.check_line(i, "h").sides)


def bp_z2(i: Inputs) -> Check:
    return Check(*BP.check_line(i, "z2").sides)


def bp_yhat(i: Inputs) -> Check:
    return Check(*BP.check_line(i, "yhat").sides)


def bp_ce(i: Inputs) -> Check:
    return Check(*BP.check_line(i, "CE").sides)


def bp_dz2(i: Inputs) -> Check:
    return Check(*BP.check_line(i, "dz2").sides)


def bp_dz2_wrong(i: Inputs) -> Check:
    return Check(*BP.check_line(i, "dz2", "sign").sides)


def bp_dw2(i: Inputs) -> Check:
    return Check(*BP.check_line(i, "dW2").sides)


def bp_db2(i: Inputs) -> Check:
    return Check(*BP.check_line(i, "db2").sides)


def bp_dh(i: Inputs) -> Check:
    return Check(*BP.check_line(i, "dh").sides)


def bp_dh_wrong(i: Inputs) -> Check:
    return Check(*BP.check_line(i, "dh", "transpose").sides)


def bp_dz1(i: Inputs) -> Check:
    return Check(*BP.check_line(i, "dz1").sides)


def bp_dz1_wrong(i: Inputs) -> Check:
    return Check(*BP.check_line(i, "dz1", "theta2").sides)


def bp_dz1_diag(i: Inputs) -> Check:
    return Check(*BP.check_diag_jacobian(i).sides)


def bp_dz1_diag_wrong(i: Inputs) -> Check:
    return Check(*BP.check_diag_jacobian(i, forget=True).sides)


def bp_dw1(i: Inputs) -> Check:
    return Check(*BP.check_line(i, "dW1").sides)


def bp_db1(i: Inputs) -> Check:
    return Check(*BP.check_line(i, "db1").sides)


def bp_dx(i: Inputs) -> Check:
    return Check(*BP.check_line(i, "dx").sides)


def bp_batch_sum(i: Inputs) -> Check:
    return Check(*BP.check_outer_sums(i).sides)


def bp_batch_sum_wrong(i: Inputs) -> Check:
    return Check(*BP.check_outer_sums(i, mean=True).sides)


def bp_sum_mean(i: Inputs) -> Check:
    return Check(*BP.check_mean_gradient(i).sides)


# 6 -- the parameter count ---------------------------------------------------------------------


def param_count(i: Inputs) -> Check:
    return check_param_count(*i.dims)


def param_count_wrong(i: Inputs) -> Check:
    return check_param_count(*i.dims, count=count_without_biases)


def param_count_live(i: Inputs) -> Check:
    return check_param_count(*i.dims, count=_count_as_the_page_writes_it)


def param_count_shapes(i: Inputs) -> Check:
    return compare(
        [
            *init_params(*i.dims).W1.shape,
            (np.ones((1, i.dims[0])) @ init_params(*i.dims).W1).size,
        ],
        [i.dims[0], i.dims[1], i.dims[1]],
        0.0,
    )


def param_count_shapes_wrong(i: Inputs) -> Check:
    return compare(np.prod(_shapes(i)[2:]), i.dims[0] * i.dims[1], 0.0)


# 0 -- the exercises page's statements ---------------------------------------------------------


def exercise_softmax(i: Inputs) -> Check:
    ex = make_exercise("softmax", i.seed)
    return compare(ex.expected, literal_softmax(ex.given["z"]), 1e-12)


def exercise_sigma_prime(i: Inputs) -> Check:
    ex = make_exercise("sigma_prime", i.seed)
    return check_sigmoid_derivative(np.array([ex.given["x"]]), derivative=lambda _: ex.expected)


def exercise_ce_grad(i: Inputs) -> Check:
    ex = make_exercise("ce_grad", i.seed)
    return check_ce_gradient(ex.given["z"], ex.given["k"], grad=lambda *_: ex.expected)


def exercise_backprop(i: Inputs) -> Check:
    """Every gradient the backprop exercise asks for against finite differences."""
    checks = {}
    for q in BACKPROP:
        ex = make_exercise("backprop", i.seed, q)
        g = ex.given
        params = Params(g["W1"], g["b1"], g["W2"], g["b2"])
        f, at = network_costs(params, g["x"], g["k"])[1][q]
        checks[q] = gradient_check(f, at, ex.expected)
    return worst(checks)


def exercise_count(i: Inputs) -> Check:
    ex = make_exercise("count", i.seed)
    built = check_param_count(*(ex.given[d] for d in ("Dx", "H", "Dy"))).rhs
    return compare(ex.expected[0], built, 0.0)


# 0 -- beyond the notes: the why behind the formulas (issue 15) --------------------------------


def softmax_jacobian(i: Inputs) -> Check:
    return check_softmax_jacobian(i.xv)


def softmax_jacobian_wrong(i: Inputs) -> Check:
    return check_softmax_jacobian(i.xv, jacobian=softmax_jacobian_elementwise)


def softmax_jacobian_rows(i: Inputs) -> Check:
    return check_jacobian_rows(i.xv)


def ce_chain_rule(i: Inputs) -> Check:
    return check_ce_chain_rule(i.xv, [softmax(i.u), target_distribution(i.k, (len(i.x),))])


def ce_chain_rule_wrong(i: Inputs) -> Check:
    return check_ce_chain_rule(i.xv, [2 * target_distribution(i.k, (len(i.x),))], simplified=False)


def ce_gradient_sums_to_zero(i: Inputs) -> Check:
    return check_gradient_sums_to_zero(i.xv, i.k)


def sigmoid_slope_bound(i: Inputs) -> Check:
    return check_slope_bound(i.grid)


def sigmoid_vanishing(i: Inputs) -> Check:
    return check_vanishing(i.seed)


def sigmoid_grad_argument(i: Inputs) -> Check:
    return check_sigmoid_derivative(i.grid, derivative=_sigmoid_grad_of_sigmoid)


def sigmoid_grad_argument_wrong(i: Inputs) -> Check:
    return check_sigmoid_derivative(i.grid, derivative=sigmoid_grad)


def sigmoid_relative_error(i: Inputs) -> Check:
    return check_sigmoid_relative_error(i.grid)


def fd_error_terms(i: Inputs) -> Check:
    return check_error_terms(i.xv, i.k)


def fd_error_terms_wrong(i: Inputs) -> Check:
    return check_smaller_step_is_better(i.xv, i.k)


def gradcheck_error(i: Inputs) -> Check:
    return check_gradcheck_error(i.xv, i.k)


def gradcheck_error_wrong(i: Inputs) -> Check:
    return check_gradcheck_error([30.0, 0.0], 0, pure_relative=True)


def gradcheck_kink(i: Inputs) -> Check:
    return check_relu_kink()


def ce_stable(i: Inputs) -> Check:
    return check_stable_ce([(i.xv, i.k), (np.array([1000.0, 0.0]), 1)])


def ce_stable_wrong(i: Inputs) -> Check:
    return check_stable_ce([(np.array([1000.0, 0.0]), 1)], naive=True)
