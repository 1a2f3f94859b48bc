import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import metl_core as M
from metl_core.teaching import explore as E


def test_shift_vector_constant_and_not():
    np.testing.assert_array_equal(E.shift_vector(3, 2.5), [2.5, 2.5, 2.5])
    u = E.shift_vector(4, 2.0, constant=False, seed=1)
    assert np.ptp(u) > 0
    np.testing.assert_array_equal(u, E.shift_vector(4, 2.0, constant=False, seed=1))
    assert np.ptp(E.shift_vector(3, 0.0, constant=False)) > 0  # c = 0 still varies


def test_compare_shift_constant_is_invariant():
    r = E.compare_shift([1.0, 2.0, 3.0], E.shift_vector(3, 1000.0))
    assert r.invariant
    assert r.max_abs_diff < 1e-15
    np.testing.assert_array_equal(r.shifted, [1001, 1002, 1003])


def test_compare_shift_non_constant_is_a_counterexample():
    r = E.compare_shift([1.0, 2.0, 3.0], [0.0, 1.0, 0.0])
    assert not r.invariant
    assert r.max_abs_diff > 0.1


def test_compare_shift_at_the_edge_of_float64():
    r = E.compare_shift([1e308, 0.0], [1e308, 1e308])
    assert r.invariant
    np.testing.assert_array_equal(r.p_shifted, [1.0, 0.0])  # x + c overflowed to inf, still right


@pytest.mark.parametrize(
    "x, ok, case",
    [
        ([1.0, 2.0], True, "fine"),
        ([1001.0, 1002.0], False, "overflow"),
        ([-1001.0, -1002.0], False, "underflow"),
        ([709.0, 709.0, 709.0], False, "sum_overflow"),
        ([-740.0, -741.0], False, "subnormal"),
        ([-800.0, 0.0], True, "small_entries"),  # exp(−800) = 0, in both (#32 row 39)
        ([-720.0, 0.0], True, "small_entries"),  # exp(−720) is subnormal, in both
    ],
)
def test_compare_naive_classifies_what_happened(x, ok, case):
    r = E.compare_naive(x)
    assert r.naive_ok is ok and r.case == case
    np.testing.assert_allclose(r.stable, M.softmax(x))


def test_subnormal_exponentials_make_the_naive_softmax_inexact_but_finite():
    r = E.compare_naive([-740.0, -741.0])
    assert np.all(np.isfinite(r.naive)) and abs(r.naive[0] - r.stable[0]) > 1e-3


def test_the_centred_difference_of_sigma_dies_where_sigma_nears_one_not_zero():
    lim = E.sigmoid_difference_limits()
    assert 25.0 <= lim.first_zero <= lim.always_zero <= 30.0
    assert lim.sigma_is_one == pytest.approx(36.74, abs=0.01)
    # The tail near σ = 0 keeps its digits: the error is the h² truncation term alone
    # (h²/6 · |σ‴/σ′|, and σ‴/σ′ = 1 − 6σ′ ≈ 1 there), with no rounding on top.
    check = E.sigmoid_slope_check(-30.0)
    assert check.rel_error == pytest.approx(check.h**2 / 6, rel=1e-2)
    assert E.sigmoid_slope_check(lim.always_zero + 0.5).finite_difference == 0.0


def test_temperature_sweep_rows_are_distributions_and_entropy_grows_with_t():
    s = E.temperature_sweep([1.0, 2.0, -0.5])
    assert s.probs.shape == (121, 3)
    np.testing.assert_allclose(s.probs.sum(axis=1), 1.0)
    assert np.all(np.diff(s.entropies) >= -1e-12)
    assert s.entropies[0] < 1e-10 and s.entropies[-1] == pytest.approx(np.log(3), abs=1e-3)
    np.testing.assert_allclose(s.probs[60], M.softmax([1.0, 2.0, -0.5], temperature=1.0))


def test_temperature_sweep_survives_extreme_logits():
    s = E.temperature_sweep([1e308, -1e308, 0.0])
    np.testing.assert_array_equal(s.probs[:, 0], 1.0)
    assert np.all(s.entropies == 0)


def test_sigmoid_curve_and_its_range_check():
    c = E.sigmoid_curve(-3, 3, n=7)
    np.testing.assert_array_equal(c.x, [-3, -2, -1, 0, 1, 2, 3])
    np.testing.assert_allclose(c.s, M.sigmoid(c.x))
    np.testing.assert_allclose(c.ds, M.sigmoid_derivative(c.x))
    for lo, hi in ((1, 1), (2, 1), (np.nan, 1), (-np.inf, 0)):
        with pytest.raises(ValueError):
            E.sigmoid_curve(lo, hi)


@given(st.floats(-8, 8))
def test_sigmoid_slope_check_agrees_with_finite_differences(x0):
    r = E.sigmoid_slope_check(x0)
    assert r.value == M.sigmoid(x0)
    assert r.slope == M.sigmoid_derivative(x0)
    assert r.rel_error < 1e-6


def test_sigmoid_slope_check_loses_the_tail_to_rounding():
    r = E.sigmoid_slope_check(40.0)
    assert r.slope > 0 and r.finite_difference == 0.0 and r.rel_error == 1.0


def test_plot_range_widens_to_hold_the_point():
    assert E.plot_range(-8, 8, 1.0) == (-8, 8)
    assert E.plot_range(-8, 8, 20.0) == (-8, 21.0)
    assert E.plot_range(-8, 8, -30.0) == (-31.0, 8)


def test_ce_field_matches_the_core_at_every_point():
    z = np.array([2.0, 1.0, 0.1])
    f = E.ce_field(z, 0, 0, 2, span=3.0, n=7, m=3)
    a, b = f.axis_a, f.axis_b
    assert (a[0], a[-1]) == pytest.approx((2 - 3, 2 + 3))
    assert (b[0], b[-1]) == pytest.approx((0.1 - 3, 0.1 + 3))
    # cost[q, p] is CE with z0 = a[p] and z2 = b[q]
    assert f.cost[2, 5] == pytest.approx(M.cross_entropy([a[5], 1.0, b[2]], 0))
    g = M.cross_entropy_grad([f.arrow_a[4], 1.0, f.arrow_b[4]], 0)
    assert (f.arrow_da[4], f.arrow_db[4]) == pytest.approx((-g[0], -g[2]))
    g0 = M.cross_entropy_grad(z, 0)
    assert f.point == (2.0, 0.1) and f.point_grad == pytest.approx((-g0[0], -g0[2]))


def test_ce_field_needs_two_logits():
    with pytest.raises(ValueError):
        E.ce_field([1.0], 0)


@pytest.mark.parametrize("z", [[1e308, -1e308, 0.0], [1e20, 0.0], [np.inf, 0.0]])
def test_ce_field_refuses_logits_too_large_to_resolve(z):
    with pytest.raises(ValueError, match="too large"):
        E.ce_field(z, 0)


def test_ce_field_works_for_large_but_resolvable_logits():
    f = E.ce_field([1e6, 1e6 + 1, 0.0], 1)
    assert np.all(np.isfinite(f.cost))


def test_resolvable():
    assert E.resolvable([1.0, -1e6], 1e-4)
    assert E.resolvable([1e6], 1e-4, ratio=1e-5) and not E.resolvable([1e7], 1e-4, ratio=1e-5)
    assert not E.resolvable([1e308], 1e-4)
    assert not E.resolvable([np.nan], 1.0)


def test_ce_margin_curve_is_log_one_plus_exp_minus_d():
    c = E.ce_margin_curve([1.0, 3.0], 0)
    np.testing.assert_allclose(c.cost, np.log1p(np.exp(-c.d)))
    assert c.d0 == -2.0
    assert c.cost0 == pytest.approx(M.cross_entropy([1.0, 3.0], 0))
    h = 1e-6
    fd = (np.log1p(np.exp(-(c.d0 + h))) - np.log1p(np.exp(-(c.d0 - h)))) / (2 * h)
    assert c.slope0 == pytest.approx(fd, rel=1e-6)
    with pytest.raises(ValueError):
        E.ce_margin_curve([1.0, 2.0, 3.0], 0)


def test_random_vector_is_seeded():
    np.testing.assert_array_equal(E.random_vector(5, seed=3), E.random_vector(5, seed=3))
    assert not np.array_equal(E.random_vector(5, seed=3), E.random_vector(5, seed=4))
    assert E.random_vector(5).shape == (5,)


def test_memory_bytes_are_exact_at_both_precisions():
    assert E.memory_bytes(115) == {"float32": 460, "float64": 920}
    assert E.memory_bytes(10**24)["float64"] == 8 * 10**24


def test_input_problem_names_a_wrong_size_and_an_entry_out_of_range():
    assert E.input_problem([1.0, 2.0], 2) is None
    assert E.input_problem([1.0, 2.0], 3) == "size"
    assert E.input_problem([1e7, 0.0], 2) == "range"
    assert E.input_problem([E.MAX_INPUT, 0.0], 2) is None


def test_shift_rounding_grows_with_c_and_bounds_the_drift():
    x = np.array([1.0, 2.0, -0.5])
    small, large = E.shift_rounding(x, 3.0), E.shift_rounding(x, 900.0)
    assert large > 100 * small
    for c in (3.0, 900.0, -1000.0):
        drift = E.compare_shift(x, E.shift_vector(3, c)).max_abs_diff
        assert drift <= 4 * E.shift_rounding(x, c)
