"""Each check of the notes page passes on the right formula and fails on a wrong one."""

import numpy as np
import pytest
from hypothesis import given

import metl_core as M
from metl_core import notes as N

from strategies import moderate, vectors

X = np.array([1.0, 2.0, -0.5])


def test_softmax_definition_check_passes_and_catches_the_notes_denominator():
    assert N.check_softmax_definition(X).ok
    bad = N.check_softmax_definition(X, formula=N.notes_softmax)
    assert not bad.ok and bad.error > 0.1
    assert N.check_sums_to_one(X).ok
    assert not N.check_sums_to_one(X, formula=N.notes_softmax).ok


def test_notes_softmax_is_the_notes_formula():
    np.testing.assert_allclose(N.notes_softmax([1.0, 2.0]), np.exp([1.0, 2.0]) / 3.0)


@given(vectors(moderate, min_size=2))
def test_shift_invariance_check_passes_for_every_constant(x):
    assert N.check_shift_invariance(x, 123.25).ok
    assert N.check_shift_invariance(x, np.full(x.shape, -7.5)).ok


def test_shift_invariance_check_fails_for_a_non_constant_vector():
    bad = N.check_shift_invariance(X, [0.0, 1.0, 0.0])
    assert not bad.ok and bad.error > 0.05


def test_sigmoid_derivative_check_passes_and_catches_wrong_derivatives():
    x = np.linspace(-6, 6, 25)
    assert N.check_sigmoid_derivative(x).ok
    assert not N.check_sigmoid_derivative(x, derivative=lambda v: M.sigmoid(v) ** 2).ok
    assert not N.check_sigmoid_derivative(
        x, derivative=lambda v: M.sigmoid(v) * (1 + M.sigmoid(v))
    ).ok


def test_sigmoid_range_check():
    assert N.check_sigmoid_range(np.linspace(-30, 30, 61)).ok
    assert N.check_sigmoid_range(np.linspace(-30, 30, 61)).error == 0.0


def test_ce_gradient_check_passes_and_catches_wrong_signs():
    assert N.check_ce_gradient(X, 1).ok
    assert not N.check_ce_gradient(X, 1, grad=lambda z, k: -M.cross_entropy_grad(z, k)).ok
    assert not N.check_ce_gradient(X, 1, grad=lambda z, k: M.softmax(z)).ok


def test_backprop_check_passes_and_catches_the_notes_typo():
    p = M.init_params(4, 3, 2, seed=1)
    good = N.check_backprop(p, [0.5, -1.0, 2.0, 0.0], 1)
    assert all(c.ok for c in good.values())
    bad = N.check_backprop(p, [0.5, -1.0, 2.0, 0.0], 1, backward_fn=N.notes_dz1)
    assert not bad["dz1"].ok and not bad["dx"].ok


def test_param_count_check_passes_and_catches_forgotten_biases():
    assert N.check_param_count(10, 5, 10).ok
    bad = N.check_param_count(10, 5, 10, count=N.count_without_biases)
    assert not bad.ok and bad.error == 15.0


def test_compare_handles_shape_mismatch_and_nan():
    assert N._compare([1.0, 2.0], [1.0], 1.0).error == np.inf
    assert N._compare([np.nan], [1.0], 1.0).error == np.inf


@pytest.mark.parametrize("tol", [0.0, 1e-12])
def test_check_reports_ok_by_tolerance(tol):
    assert N.Check(np.zeros(1), np.zeros(1), 0.0, tol).ok
    assert not N.Check(np.zeros(1), np.zeros(1), 1e-6, tol).ok
