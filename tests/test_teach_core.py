"""The core behind the explanations of issue 15: Jacobian, saturation, step sweeps, stable CE."""

import decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import metl_core as M
from metl_core.maths import finite_differences as FD
from metl_core.maths import jacobian as JAC
from metl_core.maths import saturation as SAT
from metl_core.maths import stable_ce as SCE

from strategies import any_finite, logits_and_target, preactivation, tame, vectors

# --- The softmax Jacobian -------------------------------------------------------------------


@given(vectors(tame, min_size=1, max_size=8))
def test_softmax_jacobian_matches_centred_differences(z):
    np.testing.assert_allclose(
        JAC.softmax_jacobian(z), JAC.numeric_jacobian(M.softmax, z), rtol=0, atol=1e-8
    )


@given(vectors(any_finite, min_size=1, max_size=12))
def test_softmax_jacobian_is_symmetric_and_its_rows_sum_to_zero(z):
    Jz = JAC.softmax_jacobian(z)
    np.testing.assert_array_equal(Jz, Jz.T)
    np.testing.assert_allclose(Jz.sum(axis=1), 0.0, atol=1e-15 * z.size)


def test_softmax_jacobian_is_diag_minus_outer_product():
    p = M.softmax([1.0, 2.0, -0.5])
    expected = [[p[i] * ((i == j) - p[j]) for j in range(3)] for i in range(3)]
    np.testing.assert_allclose(JAC.softmax_jacobian([1.0, 2.0, -0.5]), expected, rtol=1e-15)


def test_elementwise_jacobian_keeps_the_diagonal_and_misses_the_rest():
    z = [1.0, 2.0, -0.5]
    wrong, right = JAC.softmax_jacobian_elementwise(z), JAC.softmax_jacobian(z)
    np.testing.assert_allclose(np.diag(wrong), np.diag(right), rtol=1e-15)
    assert np.max(np.abs(wrong - JAC.numeric_jacobian(M.softmax, z))) > 0.1


def test_numeric_jacobian_of_a_linear_map_is_its_matrix():
    A = np.array([[1.0, 2.0], [3.0, -4.0], [0.5, 0.0]])
    np.testing.assert_allclose(JAC.numeric_jacobian(lambda v: A @ v, [0.3, -0.7]), A, atol=1e-9)


@given(logits_and_target())
def test_chain_rule_through_the_jacobian_gives_yhat_minus_y_for_targets_summing_to_one(case):
    z, y = case
    expected = M.softmax(z) - y
    np.testing.assert_allclose(JAC.ce_grad_chain_rule(z, y), expected, atol=1e-12)
    np.testing.assert_allclose(JAC.ce_grad_simplified(z, y), expected, atol=1e-15)
    assert abs(np.sum(JAC.ce_grad_chain_rule(z, y))) < 1e-12


def test_chain_rule_for_a_target_summing_to_two_is_not_yhat_minus_y():
    z, y = np.array([1.0, 2.0, -0.5]), np.array([2.0, 0.0, 0.0])
    g = JAC.ce_grad_chain_rule(z, y)
    np.testing.assert_allclose(g, 2 * M.softmax(z) - y, atol=1e-15)
    np.testing.assert_allclose(JAC.ce_grad_simplified(z, y), 2 * M.softmax(z) - y, atol=1e-15)
    assert np.max(np.abs(g - (M.softmax(z) - y))) > 0.1
    # The true gradient still sums to 0 (CE ignores a shift of every logit); ŷ − y does not.
    assert abs(np.sum(g)) < 1e-15 and np.sum(M.softmax(z) - y) == pytest.approx(-1.0)


def test_chain_rule_is_not_finite_where_a_needed_probability_underflows():
    y = np.array([0.5, 0.5])
    assert not np.all(np.isfinite(JAC.ce_grad_chain_rule([1000.0, 0.0], y)))
    np.testing.assert_allclose(JAC.ce_grad_simplified([1000.0, 0.0], y), [0.5, -0.5])
    # A zero target entry contributes nothing, even where ŷ is 0.
    np.testing.assert_array_equal(JAC.ce_grad_chain_rule([1000.0, 0.0], [1.0, 0.0]), [0.0, 0.0])


@given(
    st.integers(1, 20).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n - 1))),
    st.floats(0, 1),
)
def test_smoothed_target_sums_to_one_and_favours_k(nk, eps):
    n, k = nk
    y = JAC.smoothed_target(k, n, eps)
    assert np.sum(y) == pytest.approx(1.0) and np.all(y >= 0)
    assert y[k] == pytest.approx(np.max(y))


@pytest.mark.parametrize("k, n, eps", [(3, 3, 0.1), (-1, 3, 0.1), (0, 3, -0.1), (0, 3, 1.5)])
def test_smoothed_target_refuses_bad_arguments(k, n, eps):
    with pytest.raises(ValueError):
        JAC.smoothed_target(k, n, eps)


# --- Saturation -----------------------------------------------------------------------------


@given(any_finite)
def test_sigmoid_slope_never_exceeds_a_quarter(x):
    assert M.sigmoid_derivative(x) <= SAT.SLOPE_MAX


@given(hnp.arrays(np.float64, st.integers(1, 6), elements=preactivation), st.floats(-3, 3))
def test_chain_gradient_matches_finite_differences_of_the_built_chain(pre, w):
    weights = np.full(pre.shape, w)
    grad = SAT.chain_gradient(pre, weights)[-1]
    f = SAT.chain_network(pre, 0.3, weights)
    h = 1e-5
    up, down = f(0.3 + h), f(0.3 - h)
    numeric = (up - down) / (2 * h)
    # The difference keeps only the digits that survive rounding f's values: an absolute
    # error of a few ε·|f|/h (2e-11 here), whatever the size of the gradient.
    rounding = 4 * np.finfo(float).eps * max(abs(up), abs(down)) / h
    assert numeric == pytest.approx(grad, rel=1e-5, abs=rounding)


@given(hnp.arrays(np.float64, st.integers(1, 30), elements=preactivation))
def test_products_of_sigmoid_slopes_stay_under_the_bound(pre):
    products = SAT.chain_gradient(pre)
    assert np.all(products <= 0.25 ** np.arange(1, pre.size + 1))


def test_chain_network_reproduces_the_requested_preactivations():
    pre = np.array([0.5, -2.0, 3.0])
    f = SAT.chain_network(pre, x0=1.5)
    # Its last pre-activation: invert σ at h_L(x0).
    hL = float(f(1.5))
    assert np.log(hL / (1 - hL)) == pytest.approx(3.0)


def test_vanishing_is_seeded_and_wide_spreads_vanish_faster():
    a, b = SAT.vanishing(12, 1.0, seed=3), SAT.vanishing(12, 1.0, seed=3)
    np.testing.assert_array_equal(a.products, b.products)
    assert a.products.shape == (5, 12) and a.bound[-1] == 0.25**12
    assert SAT.vanishing(12, 0.0).median[-1] == 0.25**12  # every aₗ = 0: the bound itself
    assert SAT.vanishing(12, 4.0, seed=3).median[-1] < a.median[-1]


def test_random_preactivations_refuse_bad_spreads():
    with pytest.raises(ValueError):
        SAT.random_preactivations(3, -1.0, 0)
    with pytest.raises(ValueError):
        SAT.random_preactivations(3, float("nan"), 0)


# --- Error against the step -----------------------------------------------------------------


@given(st.floats(-4, 4), st.floats(0.5, 3))
def test_fit_slope_recovers_a_power_law(log_c, slope):
    h = np.logspace(-6, -1, 21)
    err = 10**log_c * h**slope
    assert FD.fit_slope(h, err, (1e-6, 1e-1)) == pytest.approx(slope)


def test_fit_slope_ignores_exact_zeros_and_needs_two_points():
    h = np.array([1e-3, 1e-2, 1e-1])
    assert FD.fit_slope(h, [0.0, 1e-2, 1e-1], (1e-4, 1)) == pytest.approx(1.0)
    assert np.isnan(FD.fit_slope(h, [0.0, 0.0, 1e-1], (1e-4, 1)))


@pytest.mark.parametrize("x0", [-3.0, -0.5, 1.0, 2.5])
def test_sigmoid_sweep_shows_slopes_one_and_two_then_the_rounding_rise(x0):
    s = FD.sigmoid_sweep(x0)
    assert s.slope_one_sided == pytest.approx(1.0, abs=0.05)
    assert s.slope_centred == pytest.approx(2.0, abs=0.05)
    # Rounding: the smallest step is far worse than the best, and falls with slope −1.
    assert s.centred[0] > 1e3 * s.best()[1]
    assert FD.fit_slope(s.h, s.centred, (1e-12, 1e-9)) == pytest.approx(-1.0, abs=0.3)


def test_sigmoid_sweep_error_is_the_true_relative_error_of_each_difference():
    x0, h = 0.7, 1e-3
    s = FD.sigmoid_sweep(x0, [h])
    d = M.sigmoid_derivative(x0)
    assert s.one_sided[0] == abs((M.sigmoid(x0 + h) - M.sigmoid(x0)) / h - d) / d
    assert s.centred[0] == abs((M.sigmoid(x0 + h) - M.sigmoid(x0 - h)) / (2 * h) - d) / d


def test_sigmoid_sweep_at_zero_loses_its_h_term():
    s = FD.sigmoid_sweep(0.0)
    assert s.trunc_one_sided.max() == 0.0  # σ″(0) = 0
    assert s.at(1e-3)[0] == pytest.approx(1e-6 / 12, rel=1e-3)  # (h²/6)|σ‴(0)| / σ′(0)


@pytest.mark.parametrize("z, k", [([2.0, 1.0, 0.1], 0), ([1.0, 2.0, -0.5], 2), ([0.0, 5.0], 1)])
def test_ce_sweep_at_the_assignment_step_is_the_assignments_gradient_check(z, k):
    s = FD.ce_sweep(z, k, [FD.ASSIGNMENT_H])
    r = M.gradcheck(lambda v: (M.cross_entropy(v, k), M.cross_entropy_grad(v, k)), z)
    assert s.centred[0] == r.max_rel_error
    assert s.slope_centred != s.slope_centred  # one step: no slope (NaN)


def test_ce_sweep_shows_slopes_one_and_two():
    s = FD.ce_sweep([1.0, 2.0, -0.5], 0)
    assert s.slope_one_sided == pytest.approx(1.0, abs=0.05)
    assert s.slope_centred == pytest.approx(2.0, abs=0.05)
    i = int(np.argmin(np.abs(s.h - 1e-3)))
    assert s.one_sided[i] == pytest.approx(s.trunc_one_sided[i], rel=0.05)
    assert s.centred[i] == pytest.approx(s.trunc_centred[i], rel=0.05)


@pytest.mark.parametrize("bad", [[], [0.0], [-1e-3], [np.nan]])
def test_sweeps_refuse_bad_steps(bad):
    with pytest.raises(ValueError):
        FD.sigmoid_sweep(1.0, bad)


@given(st.floats(1e-3, 0.999))
def test_relu_check_straddling_the_kink_gives_half_plus_x_over_2h(frac):
    h = 1e-4
    r = FD.relu_kink_check(frac * h, h)
    assert r.numeric == pytest.approx(0.5 + frac / 2, rel=1e-9)
    assert r.analytic == 1.0 and r.error > 1e-5


@pytest.mark.parametrize("x", [2e-4, -2e-4, 1.0, -3.0])
def test_relu_check_away_from_the_kink_passes(x):
    assert FD.relu_kink_check(x).error <= 1e-10


# --- Stable cross-entropy -------------------------------------------------------------------


def test_ce_of_1000_0_for_class_1_is_1000_only_when_computed_stably():
    r = SCE.ce_three_ways([1000.0, 0.0], 1)
    assert np.isnan(r.log_naive[0]) and r.log_naive[1] == -np.inf
    assert r.log_of_softmax[1] == -np.inf
    assert r.ce_naive == np.inf and r.ce_log_of_softmax == np.inf
    assert r.ce_stable == 1000.0
    np.testing.assert_array_equal(r.log_softmax, [0.0, -1000.0])


@given(vectors(st.floats(-700, 700), min_size=1, max_size=10), st.data())
def test_stable_ce_is_the_core_cross_entropy_and_the_literal_logsumexp(z, data):
    k = data.draw(st.integers(0, z.size - 1))
    r = SCE.ce_three_ways(z, k)
    assert r.ce_stable == pytest.approx(float(M.cross_entropy(z, k)), rel=1e-12, abs=1e-12)
    ctx = decimal.Context(prec=40)
    exact = float(ctx.ln(sum(ctx.exp(decimal.Decimal(float(v))) for v in z)))
    assert SCE.logsumexp(z) == pytest.approx(exact, rel=1e-15, abs=1e-13)


def test_the_three_ways_agree_on_moderate_logits():
    r = SCE.ce_three_ways([2.0, 1.0, 0.1], 0)
    assert r.ce_naive == pytest.approx(r.ce_stable, rel=1e-14)
    assert r.ce_log_of_softmax == pytest.approx(r.ce_stable, rel=1e-14)


@pytest.mark.parametrize("z, k", [([], 0), ([1.0, 2.0], 2)])
def test_ce_three_ways_refuses_bad_input(z, k):
    with pytest.raises(ValueError):
        SCE.ce_three_ways(z, k)


@pytest.mark.parametrize("k", [0, 1, 2])
def test_the_sweep_and_the_three_ways_survive_logits_near_the_float64_limit(k):
    z = [1e308, -1e308, 0.0]
    s = FD.ce_sweep(z, k)
    assert s.one_sided.shape == s.h.shape and not np.isnan(s.centred).any()
    r = SCE.ce_three_ways(z, k)
    assert r.ce_stable == float(M.cross_entropy(z, k))
    assert SCE.logsumexp(z) == 1e308
