"""Toy 2-D data sets and mini-batch SGD for the notes' network, in plain NumPy.

Everything is seeded through ``np.random.default_rng``; nothing touches the global RNG.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

import numpy as np

from ._arrays import check_dim
from .cross_entropy import cross_entropy
from .gradcheck import gradcheck
from .mlp import Params, backward, forward, forward_backward_prop, init_params

DATASETS = ("blobs", "moons", "circles", "xor", "spirals")
MAX_CLASSES = 5


@dataclass(frozen=True)
class Dataset:
    """Points in the plane with class labels, split into train and test.

    X_* have shape (N, 2), y_* shape (N,) with labels 0 .. classes - 1.
    """

    name: str
    classes: int
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(xmin, xmax, ymin, ymax) around every point, with a margin."""
        X = np.vstack([self.X_train, self.X_test])
        lo, hi = X.min(axis=0), X.max(axis=0)
        pad = 0.1 * (hi - lo) + 0.1
        return (
            float(lo[0] - pad[0]),
            float(hi[0] + pad[0]),
            float(lo[1] - pad[1]),
            float(hi[1] + pad[1]),
        )


def _points(name: str, n: int, k: int, noise: float, rng: np.random.Generator):
    y = np.arange(n) % k
    if name == "blobs":
        angle = 2 * np.pi * y / k
        centres = 2.0 * np.stack([np.cos(angle), np.sin(angle)], axis=1)
        X = centres + rng.normal(0.0, 0.4 + noise, size=(n, 2))
    elif name == "moons":
        # A chain of k interleaved half-moons; k = 2 is the usual pair.
        t = rng.uniform(0.0, np.pi, size=n)
        flip = np.where(y % 2 == 0, 1.0, -1.0)
        X = np.stack([y + flip * np.cos(t), flip * np.sin(t) - 0.5 * (y % 2)], axis=1)
        X = X + rng.normal(0.0, noise, size=(n, 2))
    elif name == "circles":
        radius = (y + 1) / k
        t = rng.uniform(0.0, 2 * np.pi, size=n)
        X = radius[:, None] * np.stack([np.cos(t), np.sin(t)], axis=1)
        X = X + rng.normal(0.0, noise * 0.5, size=(n, 2))
    elif name == "xor":
        # Quadrants for 2 classes; a 4 x 4 checkerboard of k classes otherwise.
        X = rng.uniform(-1.0, 1.0, size=(n, 2))
        if k == 2:
            y = (X[:, 0] * X[:, 1] < 0).astype(int)
        else:
            cells = np.floor((X + 1.0) * 2.0).clip(0, 3).astype(int)
            y = (cells[:, 0] + cells[:, 1]) % k
        X = X + rng.normal(0.0, noise * 0.5, size=(n, 2))
    elif name == "spirals":
        t = rng.uniform(0.0, 1.0, size=n)
        angle = 4.0 * t + 2 * np.pi * y / k
        X = t[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
        X = X + rng.normal(0.0, noise * 0.3, size=(n, 2))
    else:
        raise ValueError(f"unknown data set {name!r}; choose one of {DATASETS}")
    return X, y


def make_dataset(
    name: str = "moons",
    n: int = 600,
    classes: int = 2,
    noise: float = 0.1,
    seed: int = 0,
    test_fraction: float = 0.25,
) -> Dataset:
    """A seeded toy data set, its features scaled to zero mean and unit variance.

    Parameters
    ----------
    name : {"blobs", "moons", "circles", "xor", "spirals"}
    n : int
        Points in all, train and test together (>= 8).
    classes : int
        2 to 5.
    noise : float
        >= 0; the spread added to the points, in the data set's own units.
    test_fraction : float
        Share of the points held out for testing, in (0, 1).
    """
    n = check_dim(n, "n")
    k = check_dim(classes, "classes")
    if not 2 <= k <= MAX_CLASSES:
        raise ValueError(f"classes must be between 2 and {MAX_CLASSES}, got {k}")
    if n < 8:
        raise ValueError(f"need at least 8 points, got {n}")
    if not (np.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be finite and >= 0, got {noise}")
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be in (0, 1), got {test_fraction}")
    rng = np.random.default_rng(seed)
    X, y = _points(name, n, k, float(noise), rng)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    order = rng.permutation(n)
    cut = round(n * (1 - test_fraction))
    tr, te = order[:cut], order[cut:]
    return Dataset(name, k, X[tr], y[tr].astype(int), X[te], y[te].astype(int))


def evaluate(params: Params, X, y) -> tuple[float, float]:
    """(mean CE, accuracy) of the network on points X with labels y."""
    _, cache = forward(params, X)
    loss = float(cross_entropy(cache.z2, y, reduction="mean"))
    acc = float(np.mean(np.argmax(cache.z2, axis=1) == y))
    return loss, acc


def sgd_step(params: Params, X, y, lr: float, l2: float = 0.0) -> tuple[Params, float]:
    """One step of gradient descent on the mean CE of the batch, plus (l2 / 2)·Σ W².

    Returns the new parameters and the batch's mean CE before the step.
    """
    _, cache = forward(params, X)
    g = backward(params, cache, y)
    n = X.shape[0]
    loss = float(cross_entropy(cache.z2, y, reduction="mean"))
    with np.errstate(over="ignore", invalid="ignore"):
        new = Params(
            params.W1 - lr * (g.dW1 / n + l2 * params.W1),
            params.b1 - lr * (g.db1 / n),
            params.W2 - lr * (g.dW2 / n + l2 * params.W2),
            params.b2 - lr * (g.db2 / n),
        )
    return new, loss


@dataclass
class History:
    step: list[int] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    test_acc: list[float] = field(default_factory=list)
    # ‖∂CE/∂W1‖ and ‖∂CE/∂W2‖ (Frobenius) of the mean CE over the training set.
    grad_W1: list[float] = field(default_factory=list)
    grad_W2: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class TrainState:
    """Where training stands: weights, step count, history and what went wrong, if anything."""

    params: Params
    step: int
    history: History
    rng: np.random.Generator
    diverged: str | None = None


# Past this size the weights have left every sensible range: the sigmoids can saturate
# and steps only bounce around. Reported as divergence even before inf or NaN appear.
WEIGHT_LIMIT = 1e6


def start(data: Dataset, hidden: int, seed: int = 0) -> TrainState:
    """Fresh weights for a 2-H-K network, evaluated once at step 0."""
    params = init_params(2, hidden, data.classes, seed=seed)
    state = TrainState(params, 0, History(), np.random.default_rng(seed + 1))
    _record(state, data)
    return state


def gradient_norms(params: Params, X, y) -> tuple[float, float]:
    """‖dW1‖ and ‖dW2‖ of the mean CE over the points X: how much each layer still learns.

    With sigmoid units dW1 = xᵀ(δ2 ⊙ σ′(z1)) carries a factor σ′ ≤ 1/4 that dW2 does not,
    so the first layer's gradient is the one that vanishes when the units saturate.
    """
    _, cache = forward(params, X)
    g = backward(params, cache, y)
    n = X.shape[0]
    with np.errstate(over="ignore", invalid="ignore"):
        return float(np.linalg.norm(g.dW1) / n), float(np.linalg.norm(g.dW2) / n)


def _record(state: TrainState, data: Dataset) -> None:
    tr_loss, tr_acc = evaluate(state.params, data.X_train, data.y_train)
    te_loss, te_acc = evaluate(state.params, data.X_test, data.y_test)
    g1, g2 = gradient_norms(state.params, data.X_train, data.y_train)
    h = state.history
    h.step.append(state.step)
    h.train_loss.append(tr_loss)
    h.test_loss.append(te_loss)
    h.train_acc.append(tr_acc)
    h.test_acc.append(te_acc)
    h.grad_W1.append(g1)
    h.grad_W2.append(g2)


def diagnose(params: Params, loss: float, lr: float, loss_limit: float = np.inf) -> str | None:
    """Why training has diverged, in words, or None if it has not.

    Diverged means: NaN or inf in the loss or the weights; weights beyond ±WEIGHT_LIMIT;
    or a loss above ``loss_limit`` (the caller's bound, ten times that of a uniform guess).
    """
    arrays = [a for _, a in params.items()]
    if not np.isfinite(loss) or not all(np.all(np.isfinite(a)) for a in arrays):
        what = "the loss or the weights became NaN or infinite"
    elif max(float(np.max(np.abs(a))) for a in arrays) > WEIGHT_LIMIT:
        what = f"the weights grew beyond ±{WEIGHT_LIMIT:g}, so the sigmoids can saturate"
    elif loss > loss_limit:
        what = (
            f"the training loss rose to {loss:.3g}, more than ten times the {loss_limit / 10:.3g} "
            "of a uniform guess"
        )
    else:
        return None
    return (
        f"Training diverged: {what}. With a learning rate of {lr:g} each step overshoots "
        "the minimum by more than it gains, so the loss grows instead of falling. Lower the "
        "learning rate (try 0.1 to 1), then press Reset to start from fresh weights."
    )


def train(
    state: TrainState,
    data: Dataset,
    steps: int,
    lr: float,
    batch_size: int = 32,
    l2: float = 0.0,
) -> TrainState:
    """Run up to ``steps`` mini-batch SGD steps; stop early, with a reason, on divergence.

    The history is recorded once, after the last step, so a page can call this with a few
    steps at a time and draw one point per call.
    """
    if state.diverged:
        return state
    params, rng = state.params, state.rng
    n = data.X_train.shape[0]
    batch = min(max(int(batch_size), 1), n)
    step, reason = state.step, None
    for _ in range(int(steps)):
        idx = rng.choice(n, size=batch, replace=False) if batch < n else np.arange(n)
        params, loss = sgd_step(params, data.X_train[idx], data.y_train[idx], lr, l2)
        step += 1
        reason = diagnose(params, loss, lr)
        if reason:
            break
    new = replace(state, params=params, step=step, diverged=reason)
    if not reason:
        _record(new, data)
        limit = 10 * np.log(data.classes)
        reason = diagnose(params, new.history.train_loss[-1], lr, loss_limit=limit)
        if reason:
            new = replace(new, diverged=reason)
    return new


def decision_grid(params: Params, bounds, n: int = 150, units: int | None = None):
    """Class probabilities over an n × n grid covering ``bounds``, in one forward pass.

    The results are only drawn, so they are float32 (half the memory a session holds).

    Parameters
    ----------
    units : int or None
        How many hidden units' activations to return: None for all H, 0 for none (then
        ``hidden`` is None and nothing of size n × n × H is kept).

    Returns
    -------
    xs, ys : ndarray, shape (n,)
    probs : ndarray, shape (n, n, K), float32
        probs[j, i] is ŷ at (xs[i], ys[j]).
    hidden : ndarray, shape (n, n, min(units, H)), float32, or None
        The first hidden units' activations h over the plane.
    """
    xmin, xmax, ymin, ymax = bounds
    xs, ys = np.linspace(xmin, xmax, n), np.linspace(ymin, ymax, n)
    gx, gy = np.meshgrid(xs, ys)
    pts = np.stack([gx.ravel(), gy.ravel()], axis=1)
    yhat, cache = forward(params, pts)
    probs = yhat.reshape(n, n, -1).astype(np.float32)
    if units == 0:
        return xs, ys, probs, None
    h = cache.h[:, : units if units is not None else None]
    return xs, ys, probs, h.reshape(n, n, -1).astype(np.float32)


def thin(history: History, max_points: int = 200) -> History:
    """Every 2^k-th point of ``history`` and its last one, at most ``max_points`` + 1 in all.

    What a chart is sent: bounded however long training runs, while the full history stays
    for the download. The stride is a power of two, so the points kept stay the same from
    one update to the next until the stride doubles (the curve does not flicker).
    """
    if max_points < 1:
        raise ValueError(f"max_points must be >= 1, got {max_points}")
    n = len(history.step)
    stride = 1
    while -(-n // stride) > max_points:
        stride *= 2
    idx = list(range(0, n, stride))
    if n and idx[-1] != n - 1:
        idx.append(n - 1)
    series = (getattr(history, f.name) for f in fields(history))
    return History(*([seq[i] for i in idx] for seq in series))


@dataclass
class Pacer:
    """The timer interval of a live page, stretched when the server falls behind.

    ``tick(gap)`` is given the seconds since the previous update began. Two updates in a
    row more than 1.5 intervals apart double the interval (up to ``limit``: one late update
    may be a full rerun in between); eight on time in a row halve it back toward ``base``.
    The heavy figures follow at :attr:`heavy`: at most one redraw a second, and never
    faster than four updates.
    """

    base: float = 0.25
    limit: float = 2.0
    interval: float = 0.25
    on_time: int = 0
    late: int = 0

    @property
    def heavy(self) -> float:
        return max(1.0, 4 * self.interval)

    @property
    def stretched(self) -> bool:
        return self.interval > self.base

    def tick(self, gap: float) -> bool:
        """Take the gap since the last update; return True when the interval changed."""
        self.late = self.late + 1 if gap > 1.5 * self.interval else 0
        if self.late >= 2 and self.interval < self.limit:
            self.interval, self.on_time, self.late = min(2 * self.interval, self.limit), 0, 0
            return True
        self.on_time = self.on_time + 1 if gap <= 1.25 * self.interval else 0
        if self.on_time >= 8 and self.interval > self.base:
            self.interval, self.on_time = max(self.interval / 2, self.base), 0
            return True
        return False


def gradcheck_now(params: Params, X, y, n: int = 10):
    """:func:`metl_core.gradcheck` of every weight at the current parameters, on n points."""
    Xs, ys = np.asarray(X)[:n], np.asarray(y)[:n]
    labels = np.eye(params.dims[2])[ys]
    return gradcheck(lambda th: forward_backward_prop(Xs, labels, th, params.dims), params.flat())
