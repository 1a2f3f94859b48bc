import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import metl_core as M

from strategies import any_finite, matrices, moderate, vectors


def test_softmax_of_one_two_by_hand():
    e1, e2 = np.exp(1.0), np.exp(2.0)
    np.testing.assert_allclose(M.softmax([1, 2]), [e1 / (e1 + e2), e2 / (e1 + e2)], rtol=1e-15)


def test_softmax_of_equal_logits_is_uniform():
    np.testing.assert_array_equal(M.softmax([3.0, 3.0, 3.0, 3.0]), [0.25] * 4)


@pytest.mark.parametrize("x", [[1001, 1002], [-1001, -1002], [1e308, -1e308], [-1e308, 1e308]])
def test_softmax_is_stable_for_huge_logits(x):
    p = M.softmax(x)
    assert np.all(np.isfinite(p))
    assert p.sum() == pytest.approx(1.0)


def test_softmax_of_assignment_examples():
    np.testing.assert_allclose(M.softmax([1001, 1002]), [0.26894142, 0.73105858], atol=1e-8)
    np.testing.assert_allclose(M.softmax([-1001, -1002]), [0.73105858, 0.26894142], atol=1e-8)
    np.testing.assert_allclose(
        M.softmax([[1001, 1002], [3, 4]]), [[0.26894142, 0.73105858]] * 2, atol=1e-8
    )


def test_softmax_along_axis_zero_sums_columns():
    x = np.arange(12.0).reshape(3, 4)
    p = M.softmax(x, axis=0)
    np.testing.assert_allclose(p.sum(axis=0), np.ones(4))
    np.testing.assert_allclose(p[:, 1], M.softmax(x[:, 1]))


def test_softmax_on_3d_array_matches_each_slice():
    x = np.random.default_rng(0).normal(size=(2, 3, 4))
    p = M.softmax(x, axis=1)
    for i in range(2):
        for k in range(4):
            np.testing.assert_allclose(p[i, :, k], M.softmax(x[i, :, k]))


def test_softmax_plus_inf_entries_share_equally():
    np.testing.assert_array_equal(M.softmax([np.inf, 1.0, np.inf, -np.inf]), [0.5, 0, 0.5, 0])


def test_softmax_minus_inf_entry_gets_zero():
    np.testing.assert_array_equal(M.softmax([-np.inf, 0.0, 0.0]), [0, 0.5, 0.5])


@pytest.mark.parametrize("x", [[-np.inf, -np.inf], [np.nan, 1.0], [np.nan, np.inf]])
def test_softmax_all_minus_inf_or_nan_slice_is_nan(x):
    assert np.all(np.isnan(M.softmax(x)))


def test_softmax_limits_are_per_slice():
    x = np.array([[np.inf, 0.0], [1.0, 2.0], [-np.inf, -np.inf]])
    p = M.softmax(x)
    np.testing.assert_array_equal(p[0], [1, 0])
    np.testing.assert_allclose(p[1], M.softmax([1.0, 2.0]))
    assert np.all(np.isnan(p[2]))


@pytest.mark.parametrize("t", [0, -1, np.inf, -np.inf, np.nan, "1", None, True])
def test_softmax_rejects_bad_temperature(t):
    with pytest.raises(ValueError):
        M.softmax([1.0, 2.0], temperature=t)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_softmax_tiny_temperature_gives_argmax_with_ties_shared(dtype):
    x = np.array([1.0, 3.0, 2.0, 3.0], dtype=dtype)
    np.testing.assert_array_equal(M.softmax(x, temperature=1e-300), [0, 0.5, 0, 0.5])


def test_softmax_huge_temperature_is_nearly_uniform():
    np.testing.assert_allclose(M.softmax([1, 2, 3], temperature=1e6), [1 / 3] * 3, rtol=1e-5)


def test_softmax_temperature_divides_the_logits():
    x = np.array([0.3, -1.2, 2.0])
    np.testing.assert_allclose(M.softmax(x, temperature=2.5), M.softmax(x / 2.5), rtol=1e-14)


def test_softmax_keeps_float32():
    assert M.softmax(np.array([1, 2], dtype=np.float32)).dtype == np.float32
    assert M.softmax(np.array([1, 2], dtype=np.float32), temperature=0.01).dtype == np.float32


def test_softmax_turns_integers_into_float64():
    assert M.softmax(np.array([1, 2])).dtype == np.float64


def test_softmax_of_empty_array_is_empty():
    assert M.softmax(np.zeros((0, 3))).shape == (0, 3)


def test_softmax_rejects_0d_and_complex():
    with pytest.raises(ValueError):
        M.softmax(1.0)
    with pytest.raises(TypeError):
        M.softmax([1j, 2])


@given(vectors())
def test_softmax_sums_to_one_and_lies_in_unit_interval(x):
    p = M.softmax(x)
    assert np.all((p >= 0) & (p <= 1))
    assert p.sum() == pytest.approx(1.0, abs=1e-12)


@given(matrices())
def test_softmax_rows_sum_to_one(x):
    np.testing.assert_allclose(M.softmax(x, axis=1).sum(axis=1), 1.0, rtol=1e-12)


@given(vectors(moderate), st.floats(-1000, 1000))
def test_softmax_is_unchanged_by_adding_one_constant(x, c):
    np.testing.assert_allclose(M.softmax(x + c), M.softmax(x), atol=1e-12)


@given(vectors(moderate, min_size=2), vectors(st.floats(-5, 5), min_size=2))
def test_softmax_changes_when_adding_a_non_constant_vector(x, c):
    n = min(len(x), len(c))
    x, c = x[:n], c[:n]
    assume(np.ptp(c) > 0.1)  # not a multiple of the ones vector
    # softmax(x + c) = softmax(x) exactly when log-softmax shifts by one constant.
    shift = M.log_softmax(x + c) - M.log_softmax(x)
    assert np.ptp(shift) == pytest.approx(np.ptp(c), abs=1e-9)
    if max(np.ptp(x), np.ptp(x + c)) < 30:  # no entry saturates to exactly 0 or 1
        assert not np.allclose(M.softmax(x + c), M.softmax(x), rtol=1e-6, atol=0)


@given(vectors(any_finite))
def test_log_softmax_equals_log_of_softmax_where_it_does_not_underflow(x):
    p = M.softmax(x)
    ok = p > 1e-300
    np.testing.assert_allclose(M.log_softmax(x)[ok], np.log(p[ok]), rtol=1e-9, atol=1e-12)


def test_log_softmax_is_exact_for_far_apart_logits():
    out = M.log_softmax([0.0, -1e4])
    assert out[1] == -1e4
    assert out[0] == 0.0


def test_log_softmax_limits_match_softmax():
    np.testing.assert_allclose(M.log_softmax([np.inf, np.inf, 0.0]), [np.log(0.5)] * 2 + [-np.inf])
    assert np.all(np.isnan(M.log_softmax([-np.inf, -np.inf])))


def test_naive_softmax_overflows_where_the_stable_one_does_not():
    assert np.all(np.isnan(M.naive_softmax([1001.0, 1002.0])))
    assert np.all(np.isnan(M.naive_softmax([-1001.0, -1002.0])))
    np.testing.assert_allclose(M.naive_softmax([1.0, 2.0]), M.softmax([1.0, 2.0]))


def test_entropy_of_uniform_is_log_n_and_of_one_hot_is_zero():
    assert M.entropy([0.25] * 4) == pytest.approx(np.log(4))
    assert M.entropy([0.0, 1.0, 0.0]) == 0.0


@given(vectors(moderate))
def test_entropy_lies_between_zero_and_log_n(x):
    h = M.entropy(M.softmax(x))
    assert -1e-12 <= h <= np.log(len(x)) + 1e-12
