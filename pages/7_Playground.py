"""Train the notes' network live on toy data: decision regions, loss curves, divergence."""

from dataclasses import dataclass

import streamlit as st

import metl_core as M
from metl_core import export as X
from metl_core import figures as F
from metl_core import train as T
from pages import ui

view = ui.page(
    "Playground",
    "The notes' network, 2 inputs → H sigmoid units → softmax over K classes, trained live "
    "with mini-batch SGD on the gradients derived in the notes.",
)

LEARNING_RATES = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0]
BATCHES = [1, 8, 16, 32, 64, 128, 256]
L2S = [0.0, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1]
GRID = 120


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
r2 = st.columns(5)
hidden = r2[0].slider("hidden size H", 1, 64, 16, key="hidden", bind="query-params")
lr = r2[1].select_slider(
    "learning rate (log scale)", LEARNING_RATES, value=1.0, key="lr", bind="query-params"
)
batch = r2[2].select_slider("batch size", BATCHES, value=32, key="batch", bind="query-params")
per_update = r2[3].slider("steps per update", 1, 200, 25, key="per", bind="query-params")
l2 = r2[4].select_slider(
    "L2", L2S, value=0.0, format_func=lambda v: f"{v:g}", key="l2", bind="query-params"
)

data = dataset(name, classes, float(noise), int(seed))


@dataclass
class Playground:
    """All the playground keeps between reruns, in one place in the session."""

    config: tuple  # (data set, classes, noise, seed, H): a new one starts over
    state: T.TrainState
    running: bool = False
    check: M.GradCheckResult | None = None  # the last gradient check, until a reset


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


def _check() -> None:
    pg.check = T.gradcheck_now(pg.state.params, data.X_train, data.y_train)


b = st.columns([1, 1, 1, 1, 2, 2])
b[0].button("Step", on_click=_step, width="stretch", key="btn_step")
b[1].button("Run", on_click=_run, args=(True,), width="stretch", type="primary", key="btn_run")
b[2].button("Pause", on_click=_run, args=(False,), width="stretch", key="btn_pause")
b[3].button("Reset", on_click=_reset, width="stretch", key="btn_reset")
b[4].button("Check gradients now", on_click=_check, width="stretch", key="btn_check")
b[5].metric("parameters (Dx + 1)H + (H + 1)K", f"{M.param_count(2, hidden, classes):,}")


@st.fragment(run_every=0.25 if pg.running else None)
def training_area() -> None:
    """Only this part reruns while training runs: a few steps, then a redraw."""
    if pg.running and not pg.state.diverged:
        pg.state = T.train(pg.state, data, per_update, lr, batch, l2)
        if pg.state.diverged:
            pg.running = False
            st.rerun()  # a full rerun drops the timer of this fragment
    state = pg.state
    h = state.history
    m = st.columns(5)
    m[0].metric("step", f"{state.step:,}")
    m[1].metric("train loss", f"{h.train_loss[-1]:.4f}")
    m[2].metric("test loss", f"{h.test_loss[-1]:.4f}")
    m[3].metric("train accuracy", f"{h.train_acc[-1]:.1%}")
    m[4].metric("test accuracy", f"{h.test_acc[-1]:.1%}")
    if state.diverged:
        st.error(state.diverged)
    elif pg.running:
        st.caption(f"Running: {per_update} steps every quarter second. Pause stops it.")

    def grid_and_regions():
        grid = T.decision_grid(state.params, data.bounds, n=GRID)
        figure = F.decision_figure(*grid[:3], data.X_train, data.y_train, data.X_test, data.y_test)
        return grid, figure

    # Kept while the state is (a slider of the next steps moved, say): measured to save
    # about 3.5 ms of a 30 ms rerun. A new data set always comes with a new state.
    (xs, ys, _, hid), regions = ui.memo("regions", (state,), grid_and_regions)
    left, right = st.columns([3, 2])
    with left:
        ui.chart(regions, key="regions", width=600)
    with right:
        ui.chart(F.training_curves(h), key="curves", width=400)  # 0.7 ms: not worth a memo
        ui.download(
            "Loss and accuracy history (CSV)",
            lambda: X.to_csv(
                {
                    "step": h.step,
                    "train_loss": h.train_loss,
                    "test_loss": h.test_loss,
                    "train_accuracy": h.train_acc,
                    "test_accuracy": h.test_acc,
                }
            ),
            "training_history.csv",
            key="dl_history",
        )
    # Declared here, before it is read; inside the fragment, so it redraws only this part.
    if st.toggle("show each hidden unit over the plane", key="show_hidden", bind="query-params"):
        ui.chart(F.hidden_units_figure(xs, ys, hid), key="hidden_units")


training_area()

check = pg.check
if check is not None:
    (st.success if check.ok else st.error)(
        f"Gradient check of all {check.analytic.size} weights at the current parameters, on "
        f"10 training points: largest relative error {check.max_rel_error:.2e} — "
        + ("pass at 1e-5." if check.ok else "FAIL at 1e-5.")
    )
ui.explain(
    "Each step takes a random batch of training points, runs the forward pass of the notes, "
    "backpropagates ∂CE/∂z2 = ŷ − y down to dW1, and moves every weight against its "
    "gradient. Crosses are test points, never trained on."
)

view.finish()
