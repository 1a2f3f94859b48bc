"""Toy 2-D data sets and mini-batch SGD for the notes' network, in plain NumPy.

Everything is seeded through ``np.random.default_rng``; nothing touches the global RNG.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace

import numpy as np

from .arrays import check_dim
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
        X = np.stack([y + flip * np.cos(t), flip * np.sin(t) + 0.5 * (y % 2)], axis=1)
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


POINT_DECIMALS = 4


def make_dataset(
    name: str = "moons",
    n: int = 600,
    classes: int = 2,
    noise: float = 0.1,
    seed: int = 0,
    test_fraction: float = 0.25,
) -> Dataset:
    """A seeded toy data set, its features scaled to zero mean and unit variance and kept
    to 4 decimals (so a browser that trains on them gets them exactly, in few bytes).

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
    X = np.round((X - X.mean(axis=0)) / X.std(axis=0), POINT_DECIMALS)
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
    sample: Callable[[int], np.ndarray] | None = None,
) -> TrainState:
    """Run up to ``steps`` mini-batch SGD steps; stop early, with a reason, on divergence.

    The history is recorded once, after the last step, so a page can call this with a few
    steps at a time and draw one point per call. ``sample(batch)`` gives each step's row
    indices (a :class:`BrowserSampler` replays the browser's); by default the state's
    generator draws them.
    """
    if state.diverged:
        return state
    params, rng = state.params, state.rng
    n = data.X_train.shape[0]
    batch = min(max(int(batch_size), 1), n)
    step, reason = state.step, None
    for _ in range(int(steps)):
        if sample is not None:
            idx = sample(batch)
        else:
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


# --- Training in the browser ---------------------------------------------------------------
# The Playground trains in each student's browser (pages/ui/live_train.py), so a class of
# trainers costs the server nothing per update. The browser draws its batches with the
# generator below, written here once more so that a test can replay its steps with
# sgd_step and compare. It is a sampler, not a source of randomness for this package.

_U32 = 0xFFFFFFFF


def mulberry32(seed: int):
    """The browser's uniform numbers in [0, 1): Tommy Ettinger's mulberry32, a 32-bit
    generator that JavaScript computes exactly with ``Math.imul``. An infinite iterator."""
    a = int(seed) & _U32
    while True:
        a = (a + 0x6D2B79F5) & _U32
        t = ((a ^ (a >> 15)) * (1 | a)) & _U32
        t = ((t + (((t ^ (t >> 7)) * (61 | t)) & _U32)) & _U32) ^ t
        yield ((t ^ (t >> 14)) & _U32) / 4294967296


class BrowserSampler:
    """The browser's mini-batches of n training points: each call draws ``batch`` indices
    without replacement (a partial Fisher–Yates shuffle of one running permutation), or
    all n in order when the batch is n or more, as :func:`train` does."""

    def __init__(self, seed: int, n: int):
        self.n = check_dim(n, "n")
        self._u = mulberry32(seed)
        self._order = list(range(self.n))

    def __call__(self, batch: int) -> np.ndarray:
        n, order = self.n, self._order
        b = min(max(int(batch), 1), n)
        if b >= n:
            return np.arange(n)
        for i in range(b):
            j = i + int(next(self._u) * (n - i))
            order[i], order[j] = order[j], order[i]
        return np.array(order[:b])


def browser_seed(seed: int) -> int:
    """The seed of the browser's batches for the Playground's ``seed`` (the weights take
    ``seed``, as in :func:`start`)."""
    return (int(seed) + 1) & _U32


def _numbers(values, shape: tuple[int, ...], what: str) -> np.ndarray:
    # JSON has no NaN or infinity: the browser's JSON.stringify sends them as null.
    a = np.array([np.nan if v is None else v for v in values], dtype=float)
    if a.size != int(np.prod(shape)):
        raise ValueError(f"{what} has {a.size} numbers, expected {int(np.prod(shape))}")
    return a.reshape(shape)


HISTORY_FIELDS = tuple(f.name for f in fields(History))


def from_browser(previous: TrainState, report: dict, lr: float, classes: int) -> TrainState:
    """The state the browser reports after training from ``previous``.

    ``report`` holds ``step``, ``params`` (W1, b1, W2, b2 as flat row-major lists),
    ``records`` (one list per update, in :data:`HISTORY_FIELDS` order, since the last
    report) and ``stopped`` with ``loss`` when a step's batch loss ended the run. Why it
    diverged, if it did, is decided here by :func:`diagnose`, as :func:`train` decides.

    Raises ValueError for a report that does not fit ``previous`` (wrong shapes, a step
    count going back): the page keeps ``previous`` then.
    """
    if not isinstance(report, dict):
        raise ValueError("a report is a JSON object")
    sent = report.get("params") or {}
    params = Params(
        *(_numbers(sent.get(name, []), a.shape, name) for name, a in previous.params.items())
    )
    step = int(report.get("step", -1))
    records = [list(r) for r in report.get("records") or []]
    if step < previous.step or any(len(r) != len(HISTORY_FIELDS) for r in records):
        raise ValueError("the report does not continue the page's state")
    old = previous.history
    history = History(*(list(getattr(old, f)) for f in HISTORY_FIELDS))
    for r in records:
        for f, v in zip(HISTORY_FIELDS, r, strict=True):
            getattr(history, f).append(int(v) if f == "step" else np.nan if v is None else float(v))
    reason = None
    if report.get("stopped"):
        loss = report.get("loss")
        reason = diagnose(params, np.nan if loss is None else float(loss), lr)
    elif records:
        limit = 10 * np.log(classes)
        reason = diagnose(params, history.train_loss[-1], lr, loss_limit=limit)
    return replace(previous, params=params, step=step, history=history, diverged=reason)


def to_browser(state: TrainState, max_points: int = 200) -> dict:
    """What the browser needs to go on from ``state``: the weights as flat lists and a
    thinned history to draw (non-finite numbers as None, which JSON can carry)."""

    def plain(values) -> list:
        return [float(v) if np.isfinite(v) else None for v in np.ravel(values)]

    h = thin(state.history, max_points)
    columns = [h.step if f == "step" else plain(getattr(h, f)) for f in HISTORY_FIELDS]
    return {
        "step": state.step,
        "params": {name: plain(a) for name, a in state.params.items()},
        "history": [list(row) for row in zip(*columns, strict=True)],
        "diverged": state.diverged is not None,
    }


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


def gradcheck_now(params: Params, X, y, n: int = 10):
    """:func:`metl_core.gradcheck` of every weight at the current parameters, on n points."""
    Xs, ys = np.asarray(X)[:n], np.asarray(y)[:n]
    labels = np.eye(params.dims[2])[ys]
    return gradcheck(lambda th: forward_backward_prop(Xs, labels, th, params.dims), params.flat())
