import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import metl_core as M

from strategies import any_finite, moderate, vectors


def test_sigmoid_of_zero_is_one_half():
    assert M.sigmoid(0.0) == 0.5


def test_sigmoid_derivative_at_zero_is_one_quarter():
    assert M.sigmoid_derivative(0.0) == 0.25
    assert M.sigmoid_grad(0.5) == 0.25


def test_sigmoid_known_value():
    assert M.sigmoid(1.0) == pytest.approx(1 / (1 + np.exp(-1.0)), rel=1e-15)


def test_sigmoid_has_no_overflow_at_plus_minus_1000():
    # pytest runs with warnings as errors, so an overflow warning would fail here.
    np.testing.assert_array_equal(M.sigmoid([-1000.0, 1000.0]), [0.0, 1.0])


def test_sigmoid_of_infinities():
    np.testing.assert_array_equal(M.sigmoid([-np.inf, np.inf]), [0.0, 1.0])
    assert np.isnan(M.sigmoid(np.nan))


@given(vectors(any_finite))
def test_sigmoid_lies_in_closed_unit_interval(x):
    s = M.sigmoid(x)
    assert np.all((s >= 0) & (s <= 1))


@given(vectors(st.floats(-30, 30)))
def test_sigmoid_is_strictly_inside_zero_one_for_moderate_x(x):
    s = M.sigmoid(x)
    assert np.all((s > 0) & (s < 1))


@given(vectors(any_finite))
def test_sigmoid_of_minus_x_is_one_minus_sigmoid(x):
    np.testing.assert_allclose(M.sigmoid(-x), 1 - M.sigmoid(x), rtol=0, atol=1e-15)


@pytest.mark.parametrize("x", [0.0, 1e-12, -1e-12, 1e-300, 5e-324])
def test_sigmoid_derivative_never_rounds_above_one_quarter(x):
    assert M.sigmoid_derivative(x) <= 0.25


@given(vectors(any_finite))
def test_sigmoid_derivative_is_at_most_one_quarter(x):
    assert np.all(M.sigmoid_derivative(x) <= 0.25)


@given(vectors(moderate))
def test_sigmoid_derivative_equals_s_times_one_minus_s(x):
    s = M.sigmoid(x)
    # sigma(x) sigma(-x) is the same product without the cancellation in 1 - s.
    np.testing.assert_allclose(M.sigmoid_derivative(x), s * M.sigmoid(-x), rtol=1e-14)
    np.testing.assert_allclose(M.sigmoid_derivative(x), s * (1 - s), rtol=1e-6, atol=3e-16)
    np.testing.assert_array_equal(M.sigmoid_grad(s), s * (1 - s))


def test_sigmoid_derivative_keeps_the_tails():
    d = M.sigmoid_derivative([-40.0, 40.0])
    assert np.all(d > 0)
    assert d[0] == pytest.approx(np.exp(-40.0), rel=1e-15)
    # The product form loses it: sigma(40) rounds to 1.
    assert M.sigmoid_grad(M.sigmoid(40.0)) == 0.0


def test_sigmoid_derivative_relative_error_against_mpmath():
    mpmath.mp.dps = 50
    xs = np.linspace(-700, 700, 2801)
    ours = M.sigmoid_derivative(xs)
    ref = []
    for x in xs:
        e = mpmath.exp(-abs(mpmath.mpf(x)))
        ref.append(float(e / (1 + e) ** 2))
    ref = np.array(ref)
    rel = np.abs(ours - ref) / ref
    assert rel.max() < 1e-15


def test_sigmoid_derivative_passes_gradcheck():
    x = np.random.default_rng(1).normal(scale=4, size=(3, 4))
    result = M.gradcheck(lambda v: (M.sigmoid(v).sum(), M.sigmoid_derivative(v)), x)
    assert result.ok, result.max_rel_error


def test_sigmoid_keeps_float32_and_promotes_ints():
    assert M.sigmoid(np.float32([1, 2])).dtype == np.float32
    assert M.sigmoid_derivative(np.float32([1, 2])).dtype == np.float32
    assert M.sigmoid(np.array([1, 2])).dtype == np.float64
