import numpy as np
import pytest

import metl_core as M


def quadratic(x):
    return float(np.sum(x**2)), 2 * x


def test_gradcheck_passes_a_right_gradient():
    x = np.random.default_rng(0).normal(size=(3, 2))
    r = M.gradcheck(quadratic, x)
    assert r.ok
    assert r.max_rel_error < 1e-8
    np.testing.assert_allclose(r.numeric, 2 * x, rtol=1e-6)
    np.testing.assert_array_equal(r.analytic, 2 * x)


def test_gradcheck_finds_a_wrong_gradient_and_where():
    x = np.array([1.0, 2.0, 3.0])

    def wrong(v):
        g = 2 * v
        g[1] += 0.5
        return float(np.sum(v**2)), g

    r = M.gradcheck(wrong, x)
    assert not r.ok
    assert r.worst_index == (1,)
    assert r.max_rel_error == pytest.approx(0.5 / 4.5, rel=1e-6)


def test_gradcheck_uses_the_assignments_relative_error():
    np.testing.assert_allclose(M.relative_error([0.0, 10.0], [1e-6, 11.0]), [1e-6, 1 / 11])


def test_gradcheck_leaves_x_unchanged():
    x = np.array([[0.5, -1.5], [2.0, 3.0]])
    before = x.copy()

    def mutating(v):
        out = (float(np.sum(np.sin(v))), np.cos(v))
        v += 1.0  # a careless f must not leak into the caller's x
        return out

    M.gradcheck(mutating, x)
    np.testing.assert_array_equal(x, before)


def test_gradcheck_works_on_0d_arrays():
    r = M.gradcheck(lambda v: (float(v**3), 3 * v**2), np.array(1.5))
    assert r.ok
    assert r.worst_index == ()


def test_gradcheck_reports_nan_gradient_as_failure():
    r = M.gradcheck(lambda v: (float(v.sum()), np.full_like(v, np.nan)), np.ones(2))
    assert not r.ok
    assert r.max_rel_error == np.inf


def test_gradcheck_rejects_misshapen_gradient():
    with pytest.raises(ValueError, match="shape"):
        M.gradcheck(lambda v: (float(v.sum()), np.ones(3)), np.ones(2))


def test_gradcheck_on_empty_x_is_ok():
    r = M.gradcheck(lambda v: (0.0, v), np.zeros(0))
    assert r.ok and r.worst_index is None


def cubic_costs(points):
    """sum(x**3) for each row of a (B, ...) stack."""
    return np.sum(points**3, axis=tuple(range(1, points.ndim)))


def test_gradcheck_batched_agrees_with_the_loop():
    x = np.random.default_rng(1).normal(size=(3, 4))
    batched = M.gradcheck_batched(cubic_costs, x, 3 * x**2)
    loop = M.gradcheck(lambda v: (float(np.sum(v**3)), 3 * v**2), x)
    assert batched.ok and loop.ok
    np.testing.assert_allclose(batched.numeric, loop.numeric, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(batched.numeric, 3 * x**2, atol=2e-8)  # error h² = 1e-8


def test_gradcheck_batched_finds_a_wrong_gradient_and_where():
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    wrong = 3 * x**2
    wrong[1, 0] *= 1.01
    r = M.gradcheck_batched(cubic_costs, x, wrong)
    assert not r.ok and r.worst_index == (1, 0)


def test_gradcheck_batched_refuses_mismatched_shapes():
    with pytest.raises(ValueError, match="gradient has shape"):
        M.gradcheck_batched(cubic_costs, np.zeros(3), np.zeros(2))
    with pytest.raises(ValueError, match="costs must return shape"):
        M.gradcheck_batched(lambda pts: np.zeros(1), np.zeros(3), np.zeros(3))


def test_gradcheck_batched_of_a_scalar_point():
    r = M.gradcheck_batched(lambda pts: np.sin(pts), 0.5, np.cos(0.5))
    assert r.ok and r.numeric.shape == ()
