"""Train the notes' network live on toy data: decision regions, loss curves, divergence."""

import time
from dataclasses import dataclass, field

import streamlit as st

import metl_core as M
from metl_core import export as X
from metl_core import figures as F
from metl_core import train as T
from pages import ui

view = ui.page(
    "Playground",
    "The notes' network, 2 inputs → H sigmoid units → softmax over K classes, trained live "
    "with mini-batch SGD by backpropagation through its eight equations.",
)

LEARNING_RATES = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0]
BATCHES = [1, 8, 16, 32, 64, 128, 256]
L2S = [0.0, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1]
GRID = 120
HIDDEN_GRID = 40  # a unit's panel is a quarter of the width: 40 × 40 cells are 7 px or more
CURVE_POINTS = 200  # the most history points a curve is sent, however long it runs


# A resource, not data: the same object comes back (nothing is unpickled on each rerun),
# shared by every session, so its arrays are read-only.
@st.cache_resource(max_entries=32, show_spinner=False)
def dataset(name: str, classes: int, noise: float, seed: int) -> T.Dataset:
    return ui.read_only(T.make_dataset(name, n=600, classes=classes, noise=noise, seed=seed))


r1 = st.columns(4)
name = r1[0].selectbox("data set", T.DATASETS, index=1, key="ds", bind="query-params")
classes = r1[1].slider("classes", 2, 5, 2, key="classes", bind="query-params")
noise = r1[2].slider("noise", 0.0, 1.0, 0.1, step=0.05, key="noise", bind="query-params")
seed = r1[3].number_input("seed", 0, 2**31 - 1, 0, key="pseed", bind="query-params")
r2 = st.columns(6)
ui.url_option("lr", LEARNING_RATES)  # a link's lr=3 is the option 3.0
ui.url_option("batch", BATCHES)
ui.url_option("l2", L2S, lambda v: f"{v:g}")
hidden = r2[0].slider("hidden size H", 1, 64, 16, key="hidden", bind="query-params")
lr = r2[1].select_slider(
    "learning rate (log scale)", LEARNING_RATES, value=1.0, key="lr", bind="query-params"
)
batch = r2[2].select_slider("batch size", BATCHES, value=32, key="batch", bind="query-params")
per_update = r2[3].slider("steps per update", 1, 200, 25, key="per", bind="query-params")
l2 = r2[4].select_slider(
    "L2", L2S, value=0.0, format_func=lambda v: f"{v:g}", key="l2", bind="query-params"
)
r2[5].metric("parameters (Dx + 1)H + (H + 1)K", f"{M.param_count(2, hidden, classes):,}")

data = dataset(name, classes, float(noise), int(seed))


@dataclass
class Playground:
    """All the playground keeps between reruns, in one place in the session: only what the
    next update needs (the figures are rebuilt from the state; no grid is kept)."""

    config: tuple  # (data set, classes, noise, seed, H): a new one starts over
    state: T.TrainState
    running: bool = False
    check: M.GradCheckResult | None = None  # the last gradient check, until a reset
    pacer: T.Pacer = field(default_factory=T.Pacer)
    last: float = 0.0  # time.monotonic() when the last timed update began


config = (name, classes, float(noise), int(seed), hidden)
pg: Playground | None = st.session_state.get("playground")
if pg is None or pg.config != config:  # new data or a new network: start over
    pg = st.session_state.playground = Playground(config, T.start(data, hidden, seed=int(seed)))


def _reset() -> None:
    pg.state, pg.running, pg.check = T.start(data, hidden, seed=int(seed)), False, None


def _step() -> None:
    pg.state = T.train(pg.state, data, per_update, lr, batch, l2)


def _run(on: bool) -> None:
    pg.running = on and not pg.state.diverged
    pg.pacer, pg.last = T.Pacer(), time.monotonic()


def _check() -> None:
    pg.check = T.gradcheck_now(pg.state.params, data.X_train, data.y_train)


# A row that wraps instead of stacking, so on a phone Run and Pause stay just above the
# regions they control.
with st.container(horizontal=True, vertical_alignment="center", key="buttons"):
    st.button("Run", on_click=_run, args=(True,), type="primary", key="btn_run")
    st.button("Pause", on_click=_run, args=(False,), key="btn_pause")
    st.button("Step", on_click=_step, key="btn_step")
    st.button("Reset", on_click=_reset, key="btn_reset")
    st.button("Check gradients now", on_click=_check, key="btn_check")

# The timers are declared by a full run; a stretched interval comes with one (see below).
timer = pg.pacer.interval if pg.running else None
heavy_timer = pg.pacer.heavy if pg.running else None


@st.fragment(run_every=timer)
def curves_area() -> None:
    """Reruns at the timer rate while training runs: a few steps, the numbers, the curves."""
    if pg.running and not pg.state.diverged:
        now = time.monotonic()
        # A late update means the server is busy: stretch the interval rather than let
        # updates queue. Streamlit sets a timer when a full run declares the fragment.
        stretch = pg.pacer.tick(now - pg.last)
        pg.last = now
        pg.state = T.train(pg.state, data, per_update, lr, batch, l2)
        if pg.state.diverged:
            pg.running = False
        if pg.state.diverged or stretch:
            st.rerun()
    state = pg.state
    h = state.history
    m = st.columns(2)
    m[0].metric("step", f"{state.step:,}")
    m[1].metric("test accuracy", f"{h.test_acc[-1]:.1%}")
    m = st.columns(3)
    m[0].metric("train loss", f"{h.train_loss[-1]:.4f}")
    m[1].metric("test loss", f"{h.test_loss[-1]:.4f}")
    m[2].metric("train accuracy", f"{h.train_acc[-1]:.1%}")
    if state.diverged:
        st.error(state.diverged)
    elif pg.running and pg.pacer.stretched:
        st.warning(
            f"The server is busy: one update every {pg.pacer.interval:g} s instead of "
            f"{pg.pacer.base:g} s, the regions every {pg.pacer.heavy:g} s."
        )
    elif pg.running:
        st.caption(
            f"Running: {per_update} steps every {pg.pacer.interval:g} s, the regions redrawn "
            f"every {pg.pacer.heavy:g} s. Pause stops it."
        )
    # The chart is sent a bounded sample of the history; the download gets all of it.
    thinned = T.thin(h, CURVE_POINTS)
    ui.chart(F.training_curves(thinned), key="curves")
    ui.chart(F.gradient_norm_curves(thinned), key="grad_norms")
    ui.explain(
        "The norms of dW1 and dW2 for the mean CE over the training points: how much each "
        "layer still learns. dW1 carries a factor σ′(z1) ≤ 1/4 that dW2 does "
        "not, so when the hidden units saturate, the first layer's gradient falls first.",
        caption=True,
    )
    ui.download(
        "Loss and accuracy history (CSV)",
        lambda: X.to_csv(
            {
                "step": h.step,
                "train_loss": h.train_loss,
                "test_loss": h.test_loss,
                "train_accuracy": h.train_acc,
                "test_accuracy": h.test_acc,
                "grad_norm_W1": h.grad_W1,
                "grad_norm_W2": h.grad_W2,
            }
        ),
        "training_history.csv",
        key="dl_history",
    )


def regions_figure(state: T.TrainState, data: T.Dataset):
    grid = T.decision_grid(state.params, data.bounds, n=GRID, units=0)
    return F.decision_figure(*grid[:3], data.X_train, data.y_train, data.X_test, data.y_test)


# What every student sees on opening the page: fresh weights from the link's inputs alone,
# so one figure serves the whole class (never changed: a presenting chart is a copy).
@st.cache_resource(max_entries=32, show_spinner=False)
def first_regions(name: str, classes: int, noise: float, seed: int, hidden: int):
    data = dataset(name, classes, noise, seed)
    return regions_figure(T.start(data, hidden, seed=seed), data)


@st.fragment(run_every=heavy_timer)
def regions_area() -> None:
    """The decision regions: redrawn at most about once a second while training runs."""
    state = pg.state
    if state.step == 0:
        regions = first_regions(*config)
    else:  # kept while the state is (a slider of the next steps moved, say)
        regions = ui.memo("regions", (state,), lambda: regions_figure(state, data))
    ui.chart(regions, key="regions")


@st.fragment(run_every=heavy_timer)
def hidden_area() -> None:
    """Each hidden unit over the plane, computed only while this view is on."""
    # Declared here, before it is read; inside the fragment, so it redraws only this part.
    if st.toggle("show each hidden unit over the plane", key="show_hidden", bind="query-params"):
        xs, ys, _, hid = T.decision_grid(pg.state.params, data.bounds, n=HIDDEN_GRID, units=16)
        ui.chart(F.hidden_units_figure(xs, ys, hid), key="hidden_units")


left, right = st.columns([3, 2])
with left:
    regions_area()
with right:
    curves_area()
hidden_area()

check = pg.check
if check is not None:
    (st.success if check.ok else st.error)(
        f"Gradient check of all {check.analytic.size} weights and biases at the current "
        f"parameters, on 10 training points: largest check error {check.max_rel_error:.2e} "
        "(|num − ana| / max(1, |num|, |ana|)) — "
        + ("pass at 1e-5." if check.ok else "FAIL at 1e-5.")
    )
ui.explain(
    "Each step takes a random batch of training points, runs the forward pass of the notes, "
    "backpropagates ∂CE/∂z2 = ŷ − y down to dW1, and moves every weight against its "
    "gradient. The notes derive only ∂CE/∂x; the weight gradients are the MLP page's "
    "dW1 = xᵀδ3, db1 = Σ δ3, dW2 = hᵀδ1, db2 = Σ δ1. Training divides them by the batch "
    "size N (the mean CE), where the MLP page and the assignment sum over the batch: "
    "with the sum, the same learning rate would take steps N times larger. Crosses are "
    "test points, never trained on."
)

view.finish()
