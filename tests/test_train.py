import dataclasses

import numpy as np
import pytest

import metl_core as M
from metl_core import train as T


@pytest.mark.parametrize("name", T.DATASETS)
@pytest.mark.parametrize("k", [2, 3, 5])
def test_datasets_are_seeded_split_and_scaled(name, k):
    a = T.make_dataset(name, n=200, classes=k, noise=0.1, seed=3)
    b = T.make_dataset(name, n=200, classes=k, noise=0.1, seed=3)
    np.testing.assert_array_equal(a.X_train, b.X_train)
    assert a.X_train.shape == (150, 2) and a.X_test.shape == (50, 2)
    assert set(np.unique(np.concatenate([a.y_train, a.y_test]))) == set(range(k))
    X = np.vstack([a.X_train, a.X_test])
    np.testing.assert_allclose(X.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(X.std(axis=0), 1, atol=1e-12)
    assert not np.array_equal(a.X_train, T.make_dataset(name, n=200, classes=k, seed=4).X_train)


def test_noise_spreads_the_points():
    rng = np.random.default_rng(0)
    X, y = T._points("circles", 200, 2, 0.0, rng)
    np.testing.assert_allclose(np.hypot(*X.T), (y + 1) / 2)  # exact rings without noise
    X, y = T._points("circles", 200, 2, 0.3, rng)
    assert np.abs(np.hypot(*X.T) - (y + 1) / 2).max() > 0.05


@pytest.mark.parametrize(
    "kwargs",
    [
        {"name": "nope"},
        {"classes": 1},
        {"classes": 6},
        {"noise": -1.0},
        {"n": 4},
        {"test_fraction": 1.0},
        {"noise": float("nan")},
    ],
)
def test_make_dataset_refuses_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        T.make_dataset(**kwargs)


def test_dataset_bounds_hold_every_point():
    d = T.make_dataset("spirals", classes=3)
    x0, x1, y0, y1 = d.bounds
    X = np.vstack([d.X_train, d.X_test])
    assert x0 < X[:, 0].min() and X[:, 0].max() < x1 and y0 < X[:, 1].min() and X[:, 1].max() < y1


@pytest.mark.parametrize("name", ["moons", "blobs"])
def test_training_reaches_95_percent_test_accuracy(name):
    d = T.make_dataset(name, n=600, classes=2, noise=0.1, seed=0)
    s = T.train(T.start(d, hidden=16, seed=0), d, steps=1500, lr=1.0, batch_size=32)
    assert s.diverged is None
    assert s.history.test_acc[-1] >= 0.95
    assert s.history.train_loss[-1] < s.history.train_loss[0]


def test_sgd_step_follows_the_mean_gradient_with_l2():
    d = T.make_dataset("blobs", n=40, seed=1)
    p = M.init_params(2, 3, 2, seed=2)
    new, loss = T.sgd_step(p, d.X_train, d.y_train, lr=0.5, l2=0.1)
    _, cache = M.forward(p, d.X_train)
    g = M.backward(p, cache, d.y_train)
    n = len(d.y_train)
    np.testing.assert_allclose(new.W1, p.W1 - 0.5 * (g.dW1 / n + 0.1 * p.W1))
    np.testing.assert_allclose(new.b2, p.b2 - 0.5 * g.db2 / n)
    assert loss == pytest.approx(M.cross_entropy(cache.z2, d.y_train, "mean"))


def test_l2_shrinks_the_weights():
    d = T.make_dataset("moons", seed=0)
    free = T.train(T.start(d, 8), d, 300, lr=1.0, l2=0.0)
    tied = T.train(T.start(d, 8), d, 300, lr=1.0, l2=0.05)
    assert np.abs(tied.params.W1).sum() < np.abs(free.params.W1).sum()


def test_training_is_reproducible_from_the_seed():
    d = T.make_dataset("xor", seed=0)
    a = T.train(T.start(d, 8, seed=5), d, 50, lr=0.5)
    b = T.train(T.start(d, 8, seed=5), d, 50, lr=0.5)
    np.testing.assert_array_equal(a.params.flat(), b.params.flat())


def test_history_gets_one_point_per_call():
    d = T.make_dataset("moons", seed=0)
    s = T.start(d, 4)
    for _ in range(3):
        s = T.train(s, d, 10, lr=0.5)
    assert s.history.step == [0, 10, 20, 30] and s.step == 30
    assert len(s.history.test_acc) == 4


@pytest.mark.parametrize("lr", [100.0, 1e6])
def test_a_huge_learning_rate_is_reported_as_divergence_not_a_crash(lr):
    d = T.make_dataset("circles", classes=3, seed=0)
    s = T.train(T.start(d, 16), d, 2000, lr=lr)
    assert s.diverged and "Lower the learning rate" in s.diverged
    stuck = T.train(s, d, 10, lr=0.1)
    assert stuck is s  # a diverged run stays stopped until Reset
    fresh = T.train(T.start(d, 16), d, 1000, lr=1.0)
    assert fresh.diverged is None and fresh.history.test_acc[-1] > 0.9


def test_diagnose_names_each_kind_of_divergence():
    p = M.init_params(2, 2, 2)
    assert T.diagnose(p, 0.5, 1.0) is None
    assert "NaN or infinite" in T.diagnose(p, float("nan"), 1.0)
    big = M.Params(p.W1 * 1e7, p.b1, p.W2, p.b2)
    assert "beyond" in T.diagnose(big, 0.5, 1.0)
    assert "rose to" in T.diagnose(p, 50.0, 1.0, loss_limit=10.0)


def test_decision_grid_is_one_forward_pass_over_the_plane():
    d = T.make_dataset("moons", seed=0)
    s = T.start(d, 5)
    xs, ys, probs, hidden = T.decision_grid(s.params, d.bounds, n=30)
    assert probs.shape == (30, 30, 2) and hidden.shape == (30, 30, 5)
    np.testing.assert_allclose(probs.sum(axis=2), 1.0)
    yhat, _ = M.forward(s.params, [xs[7], ys[3]])
    np.testing.assert_allclose(probs[3, 7], yhat)


def test_gradcheck_now_passes_at_trained_weights_and_fails_on_a_broken_backward(monkeypatch):
    d = T.make_dataset("moons", seed=0)
    s = T.train(T.start(d, 6), d, 200, lr=1.0)
    r = T.gradcheck_now(s.params, d.X_train, d.y_train)
    assert r.ok and r.analytic.size == M.param_count(2, 6, 2)
    import metl_core.mlp as mlp

    real = mlp.backward

    def broken(params, cache, target):
        g = real(params, cache, target)
        g.db1 = g.db1 + 0.01
        return g

    monkeypatch.setattr(mlp, "backward", broken)
    assert not T.gradcheck_now(s.params, d.X_train, d.y_train).ok


def _history(n: int) -> T.History:
    return T.History(*(list(range(n)) for _ in dataclasses.fields(T.History)))


@pytest.mark.parametrize("n", [0, 1, 5, 200, 201, 1500, 14_400])
def test_thinned_history_is_bounded_and_keeps_the_first_and_last_points(n):
    h = _history(n)
    t = T.thin(h, 200)
    assert len(t.step) <= 201 and len(t.step) == len(t.test_acc)
    assert len(t.step) == min(n, len(t.step))
    if n:
        assert t.step[0] == 0 and t.step[-1] == n - 1 and t.train_loss[-1] == n - 1
    assert len(h.step) == n  # the full history stays, for the download


def test_thinned_points_stay_put_from_one_update_to_the_next():
    a, b = T.thin(_history(1000), 200).step, T.thin(_history(1001), 200).step
    assert a[:-1] == b[: len(a) - 1]  # only the appended last point differs
    assert len(set(np.diff(a[:-1]))) == 1  # an even stride


def test_decision_grid_returns_hidden_units_only_when_asked_in_float32():
    d = T.make_dataset("moons", seed=0)
    s = T.start(d, 20)
    _, _, probs, none = T.decision_grid(s.params, d.bounds, n=10, units=0)
    assert none is None and probs.dtype == np.float32
    _, _, _, some = T.decision_grid(s.params, d.bounds, n=10, units=16)
    _, _, _, every = T.decision_grid(s.params, d.bounds, n=10)
    assert some.shape == (10, 10, 16) and every.shape == (10, 10, 20)
    assert some.dtype == np.float32
    np.testing.assert_array_equal(some, every[..., :16])


def test_a_late_update_stretches_the_interval_and_time_on_time_shrinks_it_back():
    p = T.Pacer()
    assert (p.interval, p.heavy, p.stretched) == (0.25, 1.0, False)
    assert not p.tick(0.26)  # on time
    assert not p.tick(0.6)  # one late update may be a full rerun in between
    assert not p.tick(0.26) and not p.tick(0.6)  # not two in a row
    assert p.tick(0.6) and p.interval == 0.5 and p.heavy == 2.0 and p.stretched
    for _ in range(10):
        p.tick(10.0)
    assert p.interval == p.limit  # bounded
    changed = [p.tick(p.interval) for _ in range(8)]
    assert changed == [False] * 7 + [True] and p.interval == p.limit / 2
    for _ in range(100):
        p.tick(p.interval)
    assert p.interval == p.base and not p.stretched


def test_heavy_figures_refresh_at_most_once_a_second_and_no_faster_than_four_updates():
    for interval in (0.25, 0.5, 1.0, 2.0):
        p = T.Pacer(interval=interval)
        assert p.heavy >= 1.0 and p.heavy >= 4 * interval


def test_gradient_norms_are_the_mean_gradients_norms_per_layer():
    data = T.make_dataset("moons", seed=0)
    p = M.init_params(2, 8, data.classes, seed=1)
    g1, g2 = T.gradient_norms(p, data.X_train, data.y_train)
    _, cache = M.forward(p, data.X_train)
    g = M.backward(p, cache, data.y_train)
    n = data.X_train.shape[0]
    assert g1 == pytest.approx(np.sqrt(np.sum(g.dW1**2)) / n)
    assert g2 == pytest.approx(np.sqrt(np.sum(g.dW2**2)) / n)


def test_the_history_records_each_layers_gradient_norm_and_dw1_shrinks_when_w1_saturates():
    data = T.make_dataset("moons", seed=0)
    state = T.start(data, hidden=8, seed=1)
    state = T.train(state, data, steps=20, lr=0.5)
    h = state.history
    assert len(h.grad_W1) == len(h.grad_W2) == len(h.step) == 2
    assert all(v > 0 for v in h.grad_W1 + h.grad_W2)
    p = state.params
    saturated = M.Params(p.W1 * 1000, p.b1, p.W2, p.b2)  # every unit at 0 or 1
    g1, _ = T.gradient_norms(saturated, data.X_train, data.y_train)
    assert g1 < 1e-2 * h.grad_W1[-1]  # 100 times smaller at least
