"""Train the notes' network live on toy data: decision regions, loss curves, divergence."""

import contextlib
import secrets
import zlib
from dataclasses import dataclass

import streamlit as st

import metl_core as M
from metl_core import figures as F
from metl_core.maths import train as T
from metl_core.text import export as X
from pages.ui import live_train
from pages.ui.frame import demo, explain, page
from pages.ui.inputs import read_only
from pages.ui.present import presenting
from pages.ui.show import download
from pages.ui.url import url_option

view = page(
    "Playground",
    "The notes' network, 2 inputs → H sigmoid units → softmax over K classes, trained live "
    "with mini-batch SGD by backpropagation (the MLP page's backward pass).",
)

LEARNING_RATES = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0]
BATCHES = [1, 8, 16, 32, 64, 128, 256]
L2S = [0.0, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1]
GRID = 120
HIDDEN_GRID = 40  # a unit's panel is a quarter of the width: 40 × 40 cells are 7 px or more
CURVE_POINTS = 200  # the most history points a curve draws, however long it runs
INTERVAL = 0.25  # seconds between updates while running


# A resource, not data: the same object comes back (nothing is unpickled on each rerun),
# shared by every session, so its arrays are read-only.
@st.cache_resource(max_entries=32, show_spinner=False)
def dataset(name: str, classes: int, noise: float, seed: int) -> T.Dataset:
    return read_only(T.make_dataset(name, n=600, classes=classes, noise=noise, seed=seed))


@dataclass
class Playground:
    """All the playground keeps between reruns, in one place in the session. The browser
    trains (pages/ui/live_train.py); this is the state it last reported, for the gradient
    check and the download, and what it must start from."""

    config: tuple  # (data set, classes, noise, seed, H): a new one starts over
    state: T.TrainState
    token: int  # changed whenever the browser must start over from ``state``
    running: bool = False
    steps_asked: int = 0  # Step presses under this token: the browser runs an update each
    check: M.GradCheckResult | None = None  # the last gradient check, until a reset
    check_step: int = 0  # the step whose weights it checked
    check_asked: bool = False  # Check pressed while running: check at the next report


# The points as the browser takes them, once per data set for the whole class.
@st.cache_resource(max_entries=32, show_spinner=False)
def points(name: str, classes: int, noise: float, seed: int) -> dict:
    data = dataset(name, classes, noise, seed)
    return {
        "train": {"X": data.X_train.ravel().tolist(), "y": data.y_train.tolist()},
        "test": {"X": data.X_test.ravel().tolist(), "y": data.y_test.tolist()},
        "bounds": list(data.bounds),
        # Tells the browser when the points change (it redraws them only then).
        "points_id": zlib.crc32(repr((name, classes, noise, seed)).encode()),
    }


def text(classes: int) -> dict:
    """The words the live view draws, for ``classes`` classes."""
    return {
        "regions": "Decision regions (faded where unsure)",
        "regions_alt": "Decision regions of the network after step {step}: each point of the "
        "plane coloured by the class the network predicts there, faded where it is unsure, "
        "with the training points as circles and the test points as crosses.",
        "classes": F.class_labels(classes),
        "marks": "● training points, × test points (never trained on)",
        "metrics": ["step", "test accuracy", "train loss", "test loss", "train accuracy"],
        "train": "train",
        "test": "test",
        "loss_title": "mean cross-entropy (log scale)",
        "acc_title": "accuracy",
        "accuracy": "accuracy",
        "step": "step",
        "norms_title": "Gradient norm per layer",
        "norm": "norm (log scale)",
        "W1": "‖dW1‖ (first layer)",
        "W2": "‖dW2‖ (output layer)",
        "curves_alt": "Loss and accuracy against the step; at step {0}: train CE {1}, "
        "test CE {2}, train accuracy {3}, test accuracy {4}.",
        "norms_alt": "Gradient norm per layer against the step; at step {0}: ‖dW1‖ {5}, ‖dW2‖ {6}.",
        "units_title": "Hidden units over the plane ({m} of {H})",
        "unit_alt": "Hidden unit h{j}'s activation over the plane, from 0 to 1.",
        "unit_scale": "the unit's activation σ(z1)",
    }


def the_demo() -> tuple:
    """Everything the class moves: the data, the network, the controls and the live view."""
    # The demo first (Run and the view), the settings under it: on a projector and a
    # phone alike the view is on the first screen, Run within the thumb's reach.
    demo_slot = st.container()
    # Two rows that wrap on a narrow screen: one element each, however many controls.
    r1 = st.container(horizontal=True)
    name = r1.selectbox("data set", T.DATASETS, index=1, key="ds", bind="query-params")
    classes = r1.slider("classes", 2, 5, 2, key="classes", bind="query-params")
    noise = r1.slider("noise", 0.0, 1.0, 0.1, step=0.05, key="noise", bind="query-params")
    seed = r1.number_input("seed", 0, 2**31 - 1, 0, key="pseed", bind="query-params")
    r2 = st.container(horizontal=True)
    url_option("lr", LEARNING_RATES)  # a link's lr=3 is the option 3.0
    url_option("batch", BATCHES)
    url_option("l2", L2S, lambda v: f"{v:g}")
    hidden = r2.slider("hidden size H", 1, 64, 16, key="hidden", bind="query-params")
    lr = r2.select_slider(
        "learning rate (log scale)", LEARNING_RATES, value=1.0, key="lr", bind="query-params"
    )
    batch = r2.select_slider("batch size", BATCHES, value=32, key="batch", bind="query-params")
    per_update = r2.slider("steps per update", 1, 200, 25, key="per", bind="query-params")
    l2 = r2.select_slider(
        "L2",
        L2S,
        value=0.0,
        format_func=lambda v: f"{v:g}",
        key="l2",
        bind="query-params",
        help="L2 = λ adds (λ/2)(‖W1‖² + ‖W2‖²) to the mean CE (the biases are not penalised): "
        "each step then also shrinks W1 and W2 by ηλW, and the gradient check, which checks "
        "the CE alone, is no longer the whole gradient the step uses.",
    )
    r2.metric("parameters (Dx + 1)H + (H + 1)K", f"{M.param_count(2, hidden, classes):,}")

    data = dataset(name, classes, float(noise), int(seed))

    config = (name, classes, float(noise), int(seed), hidden)
    pg: Playground | None = st.session_state.get("playground")
    if pg is None or pg.config != config:  # new data or a new network: start over
        # A new session's first token is one no browser has seen: after a server restart the
        # page, still open, starts over with the server instead of going on where it was.
        token = pg.token + 1 if pg else secrets.randbelow(2**31)
        pg = st.session_state.playground = Playground(
            config, T.start(data, hidden, int(seed)), token
        )

    def _reset() -> None:
        pg.state, pg.running, pg.check = T.start(data, hidden, seed=int(seed)), False, None
        pg.token, pg.steps_asked = pg.token + 1, 0

    def _step() -> None:
        if not pg.running and not pg.state.diverged:
            pg.steps_asked += 1

    def _run(on: bool) -> None:
        pg.running = on and not pg.state.diverged

    def _took(report) -> None:
        """What the browser reports when it stops: its weights and the history since."""
        if not isinstance(report, dict) or report.get("token") != pg.token:
            return  # another network's, or not a report at all (a crafted message)
        try:
            pg.state = T.from_browser(pg.state, report, lr, classes)
        except (ValueError, TypeError):
            return  # does not fit this network: keep ours
        if pg.state.diverged:
            pg.running = False
        if pg.check_asked:
            pg.check_asked = False
            _check_now()

    def _check_now() -> None:
        pg.check = T.gradcheck_now(pg.state.params, data.X_train, data.y_train)
        pg.check_step = pg.state.step

    def _check() -> None:
        if pg.running:  # the browser holds the weights: stop it, check what it reports
            pg.running, pg.check_asked = False, True
        else:
            _check_now()

    with demo_slot:
        # A row that wraps instead of stacking, so on a phone Run and Pause stay just above the
        # regions they control.
        with st.container(horizontal=True, vertical_alignment="center", key="buttons"):
            stuck = pg.state.diverged is not None  # until Reset: the message above says why
            st.button(
                "Run", on_click=_run, args=(True,), type="primary", key="btn_run", disabled=stuck
            )
            st.button("Pause", on_click=_run, args=(False,), key="btn_pause")
            st.button("Step", on_click=_step, key="btn_step", disabled=stuck or pg.running)
            st.button("Reset", on_click=_reset, key="btn_reset")
            st.button("Check gradients now", on_click=_check, key="btn_check")

        show_hidden = st.toggle(
            "show each hidden unit over the plane", key="show_hidden", bind="query-params"
        )

        # What happened, above the view it is about (a phone would scroll past it below).
        if pg.state.diverged:
            st.error(pg.state.diverged)
        elif pg.running:
            st.caption(
                f"Running in your browser: {per_update} steps every {INTERVAL:g} s (or as fast as "
                "this device allows), the regions and curves redrawn after each. Pause stops it."
            )
        check = pg.check
        if check is not None:
            (st.success if check.ok else st.error)(
                f"Gradient check of all {check.analytic.size} weights and biases at the weights of "
                f"step {pg.check_step:,}, on 10 training points: largest check error "
                f"{check.max_rel_error:.2e} "
                "(|num − ana| / max(1, |num|, |ana|)) — "
                + ("pass at 1e-5." if check.ok else "FAIL at 1e-5.")
            )

        # Presenting, the view learns the height left on the first screen.
        fits = st.container(key="fitvar-live") if presenting() else contextlib.nullcontext()
        with fits:
            live_train.view(
                {
                    **points(name, classes, float(noise), int(seed)),
                    "token": pg.token,
                    "state": T.to_browser(pg.state, CURVE_POINTS),
                    "classes": classes,
                    "hidden": hidden,
                    "sampler_seed": T.browser_seed(int(seed)),
                    "lr": lr,
                    "batch": batch,
                    "per": per_update,
                    "l2": l2,
                    "running": pg.running,
                    "step_request": pg.steps_asked,
                    "interval": INTERVAL,
                    "grid": GRID,
                    "hidden_grid": HIDDEN_GRID,
                    "curve_points": CURVE_POINTS,
                    "show_hidden": show_hidden,
                    "palette": F.CLASS_COLOURS,
                    "scale": F.colour_stops(F.SEQUENTIAL),
                    "present": presenting(),
                    "text": text(classes),
                },
                key="live",
                on_report=_took,
            )

    explain(
        "The norms of dW1 and dW2 for the mean CE over the training points: how much each "
        "layer still learns. dW1 carries a factor σ′(z1) ≤ 1/4 that dW2 does "
        "not, so when the hidden units saturate, the first layer's gradient falls first.",
        caption=True,
    )
    h = pg.state.history
    download(
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
    if pg.running:
        st.caption("The download holds the history up to the last Pause or Step.")
    return ()


demo("playground", the_demo)

explain(
    "Each step takes a random batch of training points, runs the forward pass of the notes, "
    "backpropagates ∂CE/∂z2 = ŷ − y down to dW1, and moves every weight against its "
    "gradient (of the CE, plus λW for W1 and W2 when L2 = λ > 0). The notes derive ∂CE/∂z2, "
    "∂CE/∂h, ∂CE/∂z1 and ∂CE/∂x but no weight gradient; those are the MLP page's "
    "dW1 = Xᵀδ3, db1 = Σₙ δ3, dW2 = hᵀδ1, db2 = Σₙ δ1, X the batch's rows. Training divides "
    "them by the batch "
    "size N (the mean CE), where the MLP page and the assignment sum over the batch: "
    "with the sum, the same learning rate would take steps N times larger. Crosses are "
    "test points, never trained on."
)

view.finish()
