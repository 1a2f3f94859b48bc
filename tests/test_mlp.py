import numpy as np
import pytest
from hypothesis import given, settings

import metl_core as M

from strategies import network_dims, seeds


def batch(dims, n=4, seed=0):
    dx, _, dy = dims
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, dx)), rng.integers(0, dy, size=n)


def test_assignment_sanity_check_passes():
    # CS224n q2_neural sanity check: N = 20, dimensions [10, 5, 10].
    n, dims = 20, [10, 5, 10]
    rng = np.random.default_rng(224)
    data = rng.normal(size=(n, dims[0]))
    labels = np.eye(dims[2])[rng.integers(0, dims[2], size=n)]
    theta = rng.normal(size=M.param_count(*dims))
    assert theta.size == 115
    result = M.gradcheck(lambda p: M.forward_backward_prop(data, labels, p, dims), theta)
    assert result.ok, result.max_rel_error


def test_forward_backward_prop_cost_is_summed_ce():
    dims = (3, 4, 2)
    x, y = batch(dims, n=5)
    params = M.init_params(*dims, seed=3)
    cost, grad = M.forward_backward_prop(x, np.eye(2)[y], params.flat(), dims)
    assert cost == pytest.approx(float(M.loss(params, x, y)))
    assert grad.shape == (M.param_count(*dims),)


def test_forward_backward_prop_rejects_wrong_vector_length():
    with pytest.raises(ValueError, match="115"):
        M.forward_backward_prop(np.zeros((1, 10)), np.eye(10)[:1], np.zeros(114), [10, 5, 10])


def test_forward_computes_the_notes_equations():
    p = M.init_params(3, 4, 2, seed=1)
    p.b1[:] = [0.1, -0.2, 0.3, 0.0]
    p.b2[:] = [0.5, -0.5]
    x = np.array([[1.0, -2.0, 0.5]])
    yhat, c = M.forward(p, x)
    z1 = x @ p.W1 + p.b1
    h = 1 / (1 + np.exp(-z1))
    z2 = h @ p.W2 + p.b2
    np.testing.assert_allclose(c.z1, z1)
    np.testing.assert_allclose(c.h, h)
    np.testing.assert_allclose(c.z2, z2)
    np.testing.assert_allclose(yhat, np.exp(z2) / np.exp(z2).sum(axis=1, keepdims=True))
    assert c["yhat"] is c.yhat and c["x"] is c.x


def test_forward_accepts_one_sample_as_a_vector():
    p = M.init_params(3, 4, 2)
    yhat, cache = M.forward(p, [1.0, 2.0, 3.0])
    assert yhat.shape == (2,) and cache.h.shape == (4,)
    yhat2, _ = M.forward(p, [[1.0, 2.0, 3.0]])
    np.testing.assert_allclose(yhat2[0], yhat)


def test_forward_rejects_wrong_input_width():
    with pytest.raises(ValueError, match=r"\(N, 3\)"):
        M.forward(M.init_params(3, 4, 2), np.zeros((2, 4)))


def test_backward_matches_the_notes_formulas():
    p = M.init_params(3, 4, 2, seed=2)
    x, y = np.array([0.3, -1.0, 2.0]), 1
    yhat, c = M.forward(p, x)
    g = M.backward(p, c, y)
    onehot = np.array([0.0, 1.0])
    np.testing.assert_allclose(g.dz2, yhat - onehot)
    np.testing.assert_allclose(g.dh, (yhat - onehot) @ p.W2.T)
    np.testing.assert_allclose(g.dz1, g.dh * c.h * (1 - c.h))
    np.testing.assert_allclose(g.dx, g.dz1 @ p.W1.T)
    np.testing.assert_allclose(g.dW1, np.outer(x, g.dz1))
    np.testing.assert_allclose(g.dW2, np.outer(c.h, g.dz2))
    np.testing.assert_allclose(g.db1, g.dz1)
    np.testing.assert_allclose(g.db2, g.dz2)
    assert g["dW1"] is g.dW1


@settings(max_examples=25)
@given(network_dims, seeds)
def test_every_layer_gradient_passes_gradcheck(dims, seed):
    x, y = batch(dims, n=3, seed=seed)
    p = M.init_params(*dims, seed=seed)
    _, cache = M.forward(p, x)
    g = M.backward(p, cache, y)

    # Input gradient: CE as a function of x.
    r = M.gradcheck(lambda v: (M.loss(p, v, y), g.dx), x)
    assert r.ok, ("dx", r.max_rel_error)
    # Each parameter in turn.
    for name in ("W1", "b1", "W2", "b2"):

        def f(v, name=name):
            q = M.Params(**{k: (v if k == name else a) for k, a in p.items()})
            return M.loss(q, x, y), g["d" + name]

        r = M.gradcheck(f, p[name])
        assert r.ok, (name, r.max_rel_error)


@settings(max_examples=25)
@given(network_dims, seeds)
def test_hidden_and_logit_gradients_pass_gradcheck(dims, seed):
    x, y = batch(dims, n=3, seed=seed)
    p = M.init_params(*dims, seed=seed)
    _, c = M.forward(p, x)
    g = M.backward(p, c, y)

    def from_z2(z2):
        return M.cross_entropy(z2, y), g.dz2

    def from_h(h):
        return M.cross_entropy(h @ p.W2 + p.b2, y), g.dh

    def from_z1(z1):
        return M.cross_entropy(M.sigmoid(z1) @ p.W2 + p.b2, y), g.dz1

    for name, f, at in (("dz2", from_z2, c.z2), ("dh", from_h, c.h), ("dz1", from_z1, c.z1)):
        r = M.gradcheck(f, at)
        assert r.ok, (name, r.max_rel_error)


@given(network_dims, seeds)
def test_param_count_equals_size_of_init_params(dims, seed):
    p = M.init_params(*dims, seed=seed)
    assert M.param_count(*dims) == sum(a.size for _, a in p.items()) == p.flat().size == p.size
    assert sum(M.param_breakdown(*dims).values()) == M.param_count(*dims)


def test_param_count_known_values():
    assert M.param_count(10, 5, 10) == 115
    assert M.param_count(784, 100, 10) == 79_510
    assert M.param_breakdown(10, 5, 10) == {"W1": 50, "b1": 5, "W2": 50, "b2": 10}


def test_param_count_is_exact_at_10_to_the_12():
    n = 10**12
    count = M.param_count(n, n, n)
    assert isinstance(count, int)
    assert count == 2 * n * n + 2 * n
    assert M.param_count(np.int64(n), n, 1) == (n + 1) * n + n + 1


@pytest.mark.parametrize("bad", [0, -1, -(10**12)])
def test_param_count_rejects_non_positive_dims(bad):
    with pytest.raises(ValueError):
        M.param_count(bad, 5, 10)
    with pytest.raises(ValueError):
        M.init_params(3, bad, 2)


@pytest.mark.parametrize("bad", [10.0, 2.5, "10", None, True])
def test_param_count_rejects_non_integer_dims(bad):
    with pytest.raises(TypeError):
        M.param_count(10, 5, bad)


def test_init_params_is_seeded_and_leaves_global_rng_alone():
    state = np.random.get_state()[1].copy()  # noqa: NPY002 - checking it is untouched
    a, b = M.init_params(4, 3, 2, seed=7), M.init_params(4, 3, 2, seed=7)
    np.testing.assert_array_equal(a.flat(), b.flat())
    assert not np.array_equal(a.W1, M.init_params(4, 3, 2, seed=8).W1)
    np.testing.assert_array_equal(np.random.get_state()[1], state)  # noqa: NPY002


def test_init_params_shapes():
    p = M.init_params(5, 4, 3)
    assert (p.W1.shape, p.b1.shape, p.W2.shape, p.b2.shape) == ((5, 4), (4,), (4, 3), (3,))
    assert p.dims == (5, 4, 3)


def test_params_round_trip_through_flat_vector():
    p = M.init_params(3, 4, 2, seed=5)
    q = M.Params.from_flat(p.flat(), p.dims)
    for name, a in p.items():
        np.testing.assert_array_equal(q[name], a)


@settings(max_examples=25)
@given(network_dims, seeds)
def test_batch_gradients_are_the_sums_of_one_sample_gradients(dims, seed):
    x, y = batch(dims, n=3, seed=seed)
    p = M.init_params(*dims, seed=seed)
    whole = M.backward(p, M.forward(p, x)[1], y)
    each = [M.backward(p, M.forward(p, x[i])[1], int(y[i])) for i in range(3)]
    for name in ("dW1", "db1", "dW2", "db2"):
        np.testing.assert_allclose(whole[name], sum(g[name] for g in each), rtol=1e-12, atol=1e-15)
    for name in ("dz2", "dh", "dz1", "dx"):  # one row per sample
        np.testing.assert_allclose(whole[name], [g[name] for g in each], rtol=1e-12, atol=1e-15)


def test_fields_by_name_are_the_attributes_and_unknown_names_are_refused():
    p = M.init_params(3, 4, 2)
    assert [k for k, _ in p.items()] == ["W1", "b1", "W2", "b2"]
    assert all(p[k] is a for k, a in p.items())
    with pytest.raises(KeyError):
        p["dims"]


def test_zero_params_are_shaped_like_init_params_and_all_zero():
    z, r = M.zero_params(4, 5, 3), M.init_params(4, 5, 3)
    assert [a.shape for _, a in z.items()] == [a.shape for _, a in r.items()]
    assert all(not a.any() for _, a in z.items())
    assert sum(a.size for _, a in M.zero_params(10**3, 10**4, 10).items()) == M.param_count(
        10**3, 10**4, 10
    )


def test_zero_params_of_a_huge_network_hold_no_memory_and_are_read_only():
    # A server counts the Parameter count page's networks this way: no 80 MB arrays.
    z = M.zero_params(10**4, 10**3, 10)
    assert all(a.base is not None and a.base.nbytes == 8 for _, a in z.items())
    assert all(not a.flags.writeable for _, a in z.items())
    yhat, _ = M.forward(M.zero_params(3, 2, 4), [1.0, 2.0, 3.0])
    np.testing.assert_allclose(yhat, np.full(4, 0.25))
