import copy
import dataclasses
import itertools
import json

import numpy as np
import pytest

import metl_core as M
from metl_core.maths import train as T


@pytest.mark.parametrize("name", T.DATASETS)
@pytest.mark.parametrize("k", [2, 3, 5])
def test_datasets_are_seeded_split_and_scaled(name, k):
    a = T.make_dataset(name, n=200, classes=k, noise=0.1, seed=3)
    b = T.make_dataset(name, n=200, classes=k, noise=0.1, seed=3)
    np.testing.assert_array_equal(a.X_train, b.X_train)
    assert a.X_train.shape == (150, 2) and a.X_test.shape == (50, 2)
    assert set(np.unique(np.concatenate([a.y_train, a.y_test]))) == set(range(k))
    X = np.vstack([a.X_train, a.X_test])
    # Scaled, then kept to 4 decimals: the mean and spread hold to that rounding.
    np.testing.assert_allclose(X.mean(axis=0), 0, atol=1e-4)
    np.testing.assert_allclose(X.std(axis=0), 1, atol=1e-4)
    np.testing.assert_array_equal(X, np.round(X, T.POINT_DECIMALS))
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


# Interleaved moons need a curved boundary: 16 sigmoid units sit on a plateau near 85 %
# for a few thousand steps at lr = 1, and leave it sooner at lr = 3.
@pytest.mark.parametrize("name, steps, lr", [("moons", 3000, 3.0), ("blobs", 1500, 1.0)])
def test_training_reaches_95_percent_test_accuracy(name, steps, lr):
    d = T.make_dataset(name, n=600, classes=2, noise=0.1, seed=0)
    s = T.train(T.start(d, hidden=16, seed=0), d, steps=steps, lr=lr, batch_size=32)
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


def test_gradcheck_now_passes_at_trained_weights_and_fails_on_a_broken_backward(monkeypatch):
    d = T.make_dataset("moons", seed=0)
    s = T.train(T.start(d, 6), d, 200, lr=1.0)
    r = T.gradcheck_now(s.params, d.X_train, d.y_train)
    assert r.ok and r.analytic.size == M.param_count(2, 6, 2)
    from metl_core.maths import mlp

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


# --- Training in the browser: the sampler it replays and the reports it sends -------------


def test_mulberry32_gives_the_published_first_numbers_in_the_unit_interval():
    # mulberry32(0)'s first outputs as 32-bit integers, from the reference C code:
    # z = (a += 0x6D2B79F5); z = (z ^ z >> 15) * (z | 1); z ^= z + (z ^ z >> 7) * (z | 61);
    # return z ^ z >> 14.
    def reference(a, count):
        out = []
        for _ in range(count):
            a = (a + 0x6D2B79F5) & 0xFFFFFFFF
            z = ((a ^ (a >> 15)) * (a | 1)) & 0xFFFFFFFF
            z ^= (z + ((z ^ (z >> 7)) * (z | 61) & 0xFFFFFFFF)) & 0xFFFFFFFF
            out.append((z ^ (z >> 14)) / 2**32)
        return out

    got = list(itertools.islice(T.mulberry32(0), 1000))
    assert got[:1000] == reference(0, 1000)
    assert all(0.0 <= u < 1.0 for u in got)
    assert abs(np.mean(got) - 0.5) < 0.03  # uniform, roughly: the mean of 1000 draws
    assert list(itertools.islice(T.mulberry32(2**32 + 5), 10)) == reference(5, 10)


@pytest.mark.parametrize("n, batch", [(450, 32), (450, 1), (40, 39), (40, 40), (40, 256)])
def test_browser_batches_are_distinct_indices_in_range_or_all_in_order(n, batch):
    sample = T.BrowserSampler(3, n)
    seen = set()
    for _ in range(max(50, 20 * n // min(batch, n))):
        idx = sample(batch)
        assert len(idx) == min(batch, n) and len(set(idx.tolist())) == len(idx)
        assert idx.min() >= 0 and idx.max() < n
        seen.update(idx.tolist())
        if batch >= n:
            assert idx.tolist() == list(range(n))
    assert len(seen) == n  # every point gets its turn
    same, other = T.BrowserSampler(4, n), T.BrowserSampler(4, n)
    assert [same(batch).tolist() for _ in range(3)] == [other(batch).tolist() for _ in range(3)]
    if batch < n:
        assert T.BrowserSampler(5, n)(batch).tolist() != T.BrowserSampler(4, n)(batch).tolist()


def test_train_takes_its_batches_from_a_sampler_when_given_one():
    data = T.make_dataset("moons", seed=0)
    start = T.start(data, 6, seed=0)
    a = T.train(start, data, 10, 1.0, 16, sample=T.BrowserSampler(9, len(data.y_train)))
    b = T.train(start, data, 10, 1.0, 16, sample=T.BrowserSampler(9, len(data.y_train)))
    c = T.train(start, data, 10, 1.0, 16)
    np.testing.assert_array_equal(a.params.W1, b.params.W1)
    assert not np.array_equal(a.params.W1, c.params.W1)


def _report(state: T.TrainState, new: T.TrainState, **extra) -> dict:
    """What the browser sends after training from ``state`` to ``new``."""
    sent = T.to_browser(new, max_points=10**6)
    rows = sent["history"][len(state.history.step) :]
    return {"token": 1, "step": new.step, "params": sent["params"], "records": rows, **extra}


def test_a_report_from_the_browser_becomes_the_state_it_describes():
    data = T.make_dataset("spirals", classes=3, seed=2)
    start = T.start(data, 5, seed=2)
    # train() appends to the history it was given; the browser's start is the page's copy.
    new = T.train(T.train(copy.deepcopy(start), data, 7, 0.5, 8), data, 7, 0.5, 8)
    got = T.from_browser(start, _report(start, new), 0.5, 3)
    assert got.step == 14 and got.diverged is None
    for (_, a), (_, b) in zip(got.params.items(), new.params.items(), strict=True):
        np.testing.assert_array_equal(a, b)
    for f in T.HISTORY_FIELDS:
        assert getattr(got.history, f) == getattr(new.history, f)
    assert start.history.step == [0]  # the state reported from is left as it was


def test_a_report_that_does_not_fit_the_state_is_refused():
    data = T.make_dataset("moons", seed=0)
    start = T.start(data, 4, seed=0)
    new = T.train(start, data, 5, 1.0)
    good = _report(start, new)
    wrong_shape = {**good, "params": {**good["params"], "W2": good["params"]["W2"][:-1]}}
    backwards = {**T.to_browser(start), "step": -1, "records": []}
    short_row = {**good, "records": [[5, 0.1]]}
    for bad in (wrong_shape, backwards, short_row, {"params": {}}, "W1"):
        with pytest.raises(ValueError):
            T.from_browser(new if bad is backwards else start, bad, 1.0, 2)


def test_a_report_of_divergence_is_explained_by_diagnose():
    data = T.make_dataset("circles", seed=0)
    start = T.start(data, 4, seed=0)
    nan = {**_report(start, start), "stopped": True, "loss": None}  # JSON's null for NaN
    nan["params"] = {**nan["params"], "W1": [None, *nan["params"]["W1"][1:]]}
    assert "NaN or infinite" in T.from_browser(start, nan, 100.0, 2).diverged
    data = T.make_dataset("circles", classes=3, seed=0)
    start = T.start(data, 16, seed=0)
    high = T.train(copy.deepcopy(start), data, 200, 100.0)
    assert "rose to" in high.diverged
    assert T.from_browser(start, _report(start, high), 100.0, 3).diverged == high.diverged


def test_what_the_browser_is_sent_is_json_with_a_thinned_history():
    data = T.make_dataset("moons", seed=0)
    state = T.start(data, 3, seed=0)
    for _ in range(300):
        state.history.step.append(state.history.step[-1] + 1)
        for f in T.HISTORY_FIELDS[1:]:
            getattr(state.history, f).append(np.inf)
    sent = T.to_browser(state, max_points=200)
    json.dumps(sent, allow_nan=False)  # no NaN or inf: JSON's null instead
    assert len(sent["history"]) <= 201 and sent["history"][-1][0] == 300
    assert sent["history"][-1][1] is None and sent["params"]["b1"] == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("classes", [2, 3])
def test_the_moons_interleave_so_that_no_straight_line_separates_two_of_them(classes):
    # Each moon's tips reach into the hollow of the next: a line misclassifies many points.
    d = T.make_dataset("moons", 600, classes, noise=0.1, seed=0)
    X, y = np.vstack([d.X_train, d.X_test]), np.concatenate([d.y_train, d.y_test])
    pair = y <= 1
    A = np.c_[X[pair], np.ones(pair.sum())]
    w, *_ = np.linalg.lstsq(A, np.where(y[pair] == 1, 1.0, -1.0), rcond=None)
    assert np.mean((A @ w > 0) == (y[pair] == 1)) < 0.92
