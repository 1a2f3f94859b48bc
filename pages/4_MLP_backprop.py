"""Backpropagation through the notes' network, one line at a time, for a batch of N rows."""

import streamlit as st

import metl_core as M
from metl_core import figures as F
from metl_core.figures import backprop as FB
from metl_core.teaching import backprop_steps as BP
from metl_core.teaching import explore as E
from metl_core.text import export as X
from pages.ui import poll_view, step_walk
from pages.ui.checks import check
from pages.ui.frame import demo, explain, fold, page, page_link, section
from pages.ui.inputs import class_index, memo, vector_input
from pages.ui.present import moving, presenting, reduced_motion, still
from pages.ui.show import chart, download, erratum, formula, numbers, table
from pages.ui.text import fmt, vector_text
from pages.ui.url import url_option
from pages.ui.walk_data import SHOWN, middle_data, numbers_data, top_data

view = page(
    "MLP backprop",
    "z1 = XW1 + b1, h = σ(z1), z2 = hW2 + b2, ŷ = softmax(z2): walk the backward pass one "
    "equation at a time, with its numbers in it.",
)

SCALES = [0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0, 1024.0]
PLAY_SECONDS = 1.5
NO_MISTAKE = "none"
STEPS = [SHOWN.get(k, k) for k in BP.ORDER]  # the step control's options, as in the URL


def step_label(name: str) -> str:
    return f"{BP.ORDER.index(name) + 1}. {SHOWN.get(name, name)}"


def _input_message(x, Dx: int) -> str | None:
    """Why a typed x cannot be the network's input, in words, or None."""
    problem = E.input_problem(x, Dx)
    if problem == "size":
        return f"x has {x.size} numbers but Dx is {Dx}: type exactly {Dx}."
    if problem == "range":
        return (
            "Keep every entry of x within ±10⁶ (a limit of this page). Well before that the "
            "sigmoids saturate: σ(z) is within 0.05 of 0 or 1 once |z| > 2.9."
        )
    return None


def make_batch(dx, h, dy, seed, x, label, n, scale=1.0) -> BP.Batch:
    params = M.init_params(dx, h, dy, seed=seed)
    return BP.scaled(BP.seeded_batch(params, n, seed, first=x, first_label=label), scale)


# A resource, not data: the same objects come back, not unpickled copies on every rerun.
# Nothing here is changed after it is built.
@st.cache_resource(max_entries=64, show_spinner=False)
def walk(inputs: tuple, mistake: str | None) -> tuple[list, dict, dict]:
    """Every view with its check, the values of every line, and why a line failed."""
    batch = make_batch(*inputs)
    env, problems = BP.run_lines(batch, mistake)
    return BP.views(batch, mistake), env, problems


# --- The walk ------------------------------------------------------------------------------

WALK_HEADING = "Backprop, step by step"
WALK_EXPLAIN = (
    "Each step is one line of the forward pass, then of the backward pass: the notes' four "
    "lines (dz2, dh, dz1, dx), with the weight gradients they leave out put in where they are "
    "first computable. For a batch each row vector of the notes becomes an N-row matrix: X "
    "for the input x; z1, h, z2, ŷ and the δs keep their letters. The diagram lights the "
    "value being computed (orange) and the values it reads (blue). Each step has its own "
    "check: a forward value against the library's forward pass, a gradient against centred "
    "finite differences of the summed CE in that tensor alone, with everything before it at "
    "its true value."
)


def _toggle_play() -> None:
    st.session_state.bp_playing = not st.session_state.get("bp_playing", False)


def _moved_by_hand() -> None:
    st.session_state.bp_moved = True


def _next_step() -> None:
    current = st.session_state.get("step", STEPS[0])
    at = STEPS.index(current) if current in STEPS else -1
    st.session_state.step = STEPS[(at + 1) % len(STEPS)]


_PLAYING = st.session_state.get("bp_playing") and not reduced_motion()


def mistake_control() -> str | None:
    chosen = st.radio(
        "inject a mistake",
        [NO_MISTAKE, *(m.label for m in BP.MISTAKES.values())],
        key="mistake",
        horizontal=True,
        bind="query-params",
        help="Each swaps one line of the backward pass; the wrong value travels on.",
    )
    return next((k for k, m in BP.MISTAKES.items() if m.label == chosen), None)


def step_index() -> int:
    """The step the server last heard of (the browser draws ahead of it)."""
    current = st.session_state.get("step", STEPS[0])
    return STEPS.index(current) if current in STEPS else 0


def browser_data(views: list) -> dict:
    return {"order": list(BP.ORDER), "at": step_index(), "present": presenting()}


@st.fragment(run_every=PLAY_SECONDS if _PLAYING else None)
def step_control(views: list, mistake: str | None, dims: tuple[int, int, int, int]) -> None:
    """The step control and the view above the formula. A step is drawn by the browser the
    moment the slider moves; this fragment's rerun only tells the server."""
    playing = bool(_PLAYING)
    if st.session_state.pop("bp_moved", False) and playing:
        # A step picked by hand pauses Play; else the next tick would move it on at once.
        st.session_state.bp_playing = False
        st.rerun()  # the whole page: the fragment's timer is set when the page runs
    current = st.session_state.get("step", STEPS[0])
    if playing and current in STEPS and not st.session_state.get("bp_play"):
        st.session_state.step = STEPS[(STEPS.index(current) + 1) % len(STEPS)]
    row = st.container(horizontal=True, vertical_alignment="bottom")
    url_option("step", STEPS, aliases=SHOWN)  # a link may say yhat for ŷ
    row.select_slider(
        "step", STEPS, key="step", bind="query-params", on_change=_moved_by_hand, width="stretch"
    )
    with row, moving("bp"):  # under reduced motion, Next step instead: one step a press
        if st.button("⏸ Pause" if playing else "▶ Play", key="bp_play"):
            _toggle_play()
            st.rerun()  # the whole page: the fragment's timer is set when the page runs
    with row, still("bp"):
        st.button("⏭ Next step", key="bp_next", on_click=_next_step)
    step_walk.part(
        "top",
        {**browser_data(views), **top_data(views, mistake, dims)},
        "walk_top",
        fit=presenting(),
    )


def formulas(views: list, mistake: str | None) -> None:
    """Every step's formula from the registry, each in its own box; the browser shows the
    current step's (the server's choice until the browser's script runs)."""
    # One box, a child per step in the walk's order: the browser shows the k-th
    # (pages/ui/step_walk.py), this rule the server's step until its script runs.
    k = step_index() + 1
    st.html(f"<style>.st-key-bp_formulas > :not(:nth-child({k})) {{display: none;}}</style>")
    with st.container(key="bp_formulas"):
        for v in views:
            if v.wrong:
                erratum(
                    BP.MISTAKES[mistake].key,
                    lead=f"**This step's line holds the mistake: {BP.MISTAKES[mistake].title}.**",
                )
            else:
                formula(v.key)


@st.fragment
def entry_view(views: list, env: dict, mistake: str | None) -> None:
    """The shapes, the check and the numbers for one entry of every step; the entry
    pickers rerun only this."""
    step_walk.part("middle", {**browser_data(views), **middle_data(views)}, "walk_middle")
    st.markdown("**The equation with numbers, for one entry**")
    with st.container(horizontal=True):
        row = st.number_input("row", 0, 63, 0, key="row", bind="query-params", width=160)
        col = st.number_input("column", 0, 63, 0, key="col", bind="query-params", width=160)
    data = numbers_data(views, env, mistake, row, col)
    step_walk.part("numbers", {**browser_data(views), **data}, "walk_numbers")


def inputs_view() -> tuple:
    """The network and its batch: the controls every step reads."""
    with section("inputs"):
        st.subheader("The network and its batch")
        with st.container(horizontal=True):
            dx = st.number_input("Dx (inputs)", 1, 32, 4, key="dx", bind="query-params")
            h = st.number_input("H (hidden)", 1, 32, 5, key="h", bind="query-params")
            dy = st.number_input("Dy (classes)", 1, 32, 3, key="dy", bind="query-params")
            seed = st.number_input("seed", 0, 2**31 - 1, 0, key="seed", bind="query-params")
            label = st.number_input("true class", 0, 31, 0, key="label", bind="query-params")
            n = st.number_input(
                "batch size N",
                1,
                64,
                1,
                key="n",
                bind="query-params",
                help="X has N rows: row 0 is x below, the others are drawn from the seed.",
            )
        label = class_index(label, dy, "output classes (Dy)")
        x_row = st.container(horizontal=True, vertical_alignment="bottom")
        mode = x_row.radio(
            "input x",
            ["random", "typed"],
            key="xmode",
            horizontal=True,
            bind="query-params",
        )
        if mode == "typed":
            with x_row:
                x = vector_input(
                    f"x ({dx} numbers, row 0 of X)",
                    key="x",
                    # The seeded x on screen until now, not 1, 1, 1, 1: switching keeps it.
                    default=vector_text(E.random_vector(dx, seed=seed, scale=1.0)),
                    max_entries=32,
                    check=lambda v: _input_message(v, dx),
                )
                if x.size != dx:  # the last good x was typed for another Dx
                    x = E.random_vector(dx, seed=seed, scale=1.0)
        else:
            x = E.random_vector(dx, seed=seed, scale=1.0)
            x_row.text_input(
                "x (random, from the seed)", ", ".join(f"{v:g}" for v in x), disabled=True
            )
        url_option("w1scale", SCALES)
        scale = st.select_slider(
            "scale W1 by",
            SCALES,
            value=1.0,
            key="w1scale",
            bind="query-params",
            help="Large weights push z1 far from 0, where σ is flat: the hidden units saturate.",
        )

    return (dx, h, dy, seed, tuple(float(v) for v in x), label, n, scale)


def demo_view() -> tuple:
    """The demo: the walk first, the inputs it reads drawn under it."""
    walk_slot = section("walk")
    inputs = inputs_view()
    dx, h, dy, _, _, _, n, _ = inputs
    _, env, _ = walk(inputs, None)
    with walk_slot:
        if not presenting():  # the room sees the title; the walk gets the screen
            st.subheader(WALK_HEADING)
        explain(WALK_EXPLAIN, caption=True)
        mistake = mistake_control()
        m_views, m_env, _ = walk(inputs, mistake)
        if mistake:
            failing = [w.name for w in m_views if not w.check.ok]
            enters = step_label(BP.MISTAKES[mistake].step)
            st.caption(
                f"The mistake enters at step {enters}; the checks fail from "
                f"{step_label(failing[0])} on: {', '.join(failing)}."
                if failing
                else f"The mistake enters at step {enters}, but no check fails with these inputs: "
                "here the wrong line gives the same numbers as the right one, to the checks' "
                "tolerance."
            )
        if dy == 1:
            st.info(
                "With one class (Dy = 1) softmax is the constant 1: ŷ = y for every sample, the CE "
                "is 0 and every gradient is 0. Take Dy ≥ 2 to see backprop at work."
            )
        step_control(m_views, mistake, (n, dx, h, dy))
        formulas(m_views, mistake)
        entry_view(m_views, m_env, mistake)
        numbers({"summed CE over the batch": fmt(float(env["CE"]) + 0.0, 6)}, "ce")  # not −0

    return inputs


inputs = demo("mlp", demo_view, folds=view.entry.folds)
dx, h, dy, seed, _, label, n, scale = inputs
batch = make_batch(*inputs)
views, env, _ = walk(inputs, None)

# The gradient check of every gradient: its table and the download share it.
by_name = {w.name: w for w in views}
order = ["dz2", "dh", "dz1", "dx", "dW1", "db1", "dW2", "db2"]
gradcheck_table = {
    "gradient": order,
    "shape": [str(by_name[k].value.shape) for k in order],
    "max check error": [by_name[k].check.error for k in order],
    "passes (tolerance 1e-5)": ["pass" if by_name[k].check.ok else "FAIL" for k in order],
}

# --- Every value at once -------------------------------------------------------------------

values_box = fold("Every value and gradient at once", "values")
if values_box.open:
    with values_box:
        r0 = "row 0 of X" if n > 1 else "x"
        fwd, bwd = st.columns(2)
        with fwd:
            chart(
                F.vector_heatmaps(
                    [
                        (f"x   (1×{dx})", env["x"][0]),
                        (f"z1 = xW1 + b1   (1×{h})", env["z1"][0]),
                        (f"h = σ(z1)   (1×{h})", env["h"][0]),
                        (f"z2 = hW2 + b2   (1×{dy})", env["z2"][0]),
                        (f"ŷ = softmax(z2)   (1×{dy})", env["yhat"][0]),
                    ],
                    f"Forward pass ({r0})",
                ),
                key="forward",
            )
        with bwd:
            chart(
                F.vector_heatmaps(
                    [
                        (f"δ1 = ∂CE/∂z2 = ŷ − y   (1×{dy})", env["dz2"][0]),
                        (f"δ2 = ∂CE/∂h = δ1 W2ᵀ   (1×{h})", env["dh"][0]),
                        (f"δ3 = ∂CE/∂z1 = δ2 ⊙ σ′(z1)   (1×{h})", env["dz1"][0]),
                        (f"∂CE/∂x = δ3 W1ᵀ   (1×{dx})", env["dx"][0]),
                    ],
                    f"Backward pass ({r0})",
                ),
                key="backward",
            )

weights_box = fold("The weights and their gradients", "weights")
if weights_box.open:
    with weights_box:
        pw, gw = st.columns(2)  # side by side on a wide screen, one under the other on a phone
        with pw:
            chart(
                F.weight_heatmaps(
                    [
                        (f"W1  ({dx}×{h})", batch.params["W1"], f"b1  ({h})", batch.params["b1"]),
                        (f"W2  ({h}×{dy})", batch.params["W2"], f"b2  ({dy})", batch.params["b2"]),
                    ],
                    "Weights" + (f" (W1 scaled by {scale:g})" if scale != 1 else ""),
                ),
                key="params",
            )
        with gw:
            chart(
                F.weight_heatmaps(
                    [
                        (f"dW1 = Xᵀδ3  ({dx}×{h})", env["dW1"], f"db1 = Σₙ δ3  ({h})", env["db1"]),
                        (f"dW2 = hᵀδ1  ({h}×{dy})", env["dW2"], f"db2 = Σₙ δ1  ({dy})", env["db2"]),
                    ],
                    f"Weight gradients (summed over N = {n})",
                ),
                key="weights",
            )
        explain(
            "δ1, δ2, δ3 are numbered in the order backprop computes them, which runs opposite to "
            "the layer indices: δ1 belongs to z2, δ3 to z1. Each matrix shares its colour scale "
            "with the bias under it; every number is written in its cell.",
            caption=True,
        )

gradcheck_box = fold("Gradient check", "gradcheck")
if gradcheck_box.open:
    with gradcheck_box:
        explain(
            "Each gradient against centred finite differences of the summed CE, step Δ = 1e-4; "
            "check error |num − ana| / max(1, |num|, |ana|) (the max with 1 keeps tiny "
            "gradients from looking wrong), tolerance 1e-5, as in the assignment.",
            caption=True,
        )
        table(gradcheck_table, digits=3)

# --- Saturation ----------------------------------------------------------------------------

saturation_box = fold("Saturation and vanishing gradients", "saturation")
if saturation_box.open:
    with saturation_box:
        sat = BP.saturation(batch)
        sweep = memo(
            "bp_sweep", inputs[:-1], lambda: BP.scale_sweep(make_batch(*inputs[:-1]), SCALES)
        )
        numbers(
            {
                "saturated hidden units": f"{100 * sat.saturated:.0f} %",
                "mean σ′(z1) (at most 0.25)": fmt(sat.mean_sigma_prime, 3),
                "RMS of dW1": fmt(sat.sizes["dW1"], 3),
                "RMS of dW2": fmt(sat.sizes["dW2"], 3),
            },
            "saturation",
        )
        # What scaling W1 does at these inputs, read from the sweep the plot draws: the
        # text promises only what the numbers above will show.
        one, top = sweep["dW1"][SCALES.index(1.0)], sweep["dW1"][-1]
        effect = (
            f"Scale W1 up (control above) and watch dW1 shrink: here its RMS falls from "
            f"{fmt(one, 3)} at ×1 to {fmt(top, 3)} at ×{SCALES[-1]:g}, where "
            f"{100 * sweep['saturated'][-1]:.0f} % of the hidden units are saturated."
            if top < one / 2
            else f"At these inputs scaling W1 up barely shrinks dW1: its RMS is {fmt(one, 3)} "
            f"at ×1 and {fmt(top, 3)} at ×{SCALES[-1]:g}."
        )
        explain(
            f"A unit counts as saturated when h < {BP.SATURATED} or h > {1 - BP.SATURATED}: there "
            "σ′ = h(1 − h) is below a fifth of its largest value 1/4. Every gradient before h is "
            "multiplied by σ′ on the way back, so dz1, dW1, db1 and dx shrink with it, while dW2 "
            f"carries no σ′. {effect}",
            caption=True,
        )
        g0, g1 = st.columns(2)
        with g0:
            chart(FB.delta_sizes_figure(sat.sizes), key="deltas")
        with g1:
            chart(FB.scale_sweep_figure(sweep, scale), key="sweep")

# --- Shapes --------------------------------------------------------------------------------

shapes_box = fold("Where ⊙ and the transposes come from", "shapes")
if shapes_box.open:
    with shapes_box:
        explain(
            "x is a row vector (1 × Dx), and with a batch X stacks N such rows. Each gradient has "
            "the shape of the value it is taken against; when Dx, H and Dy all differ, the "
            "product that gives it is the only one whose shapes fit.",
            caption=True,
        )
        table(BP.shapes_table(n, dx, h, dy))
        formula("bp-dz1-diag")

# --- Batches -------------------------------------------------------------------------------

batches_box = fold("Batches: sums of outer products", "batches")
if batches_box.open:
    with batches_box:
        formula("bp-batch-sum")
        outer = BP.outer_sum_check(batch)
        check(f"Σ of the N = {n} outer products hₙᵀδ1ₙ = hᵀδ1", outer)
        explain(
            f"Each row n of the batch adds its own outer product hₙᵀδ1ₙ ({h}×{dy}) to dW2, and its "
            f"own δ1ₙ to db2. With the summed CE the gradient grows with N; with the mean CE it is "
            "divided by N. Both point the same way, so a learning rate η for the mean does what "
            "η/N does for the sum: switching from mean to sum without dividing η by N makes each "
            "step N times larger.",
            caption=True,
        )
        formula("bp-sum-mean")
        erratum("bp-batch-sum")


grad_x_box = fold("∂CE/∂x in one line", "grad_x")
if grad_x_box.open:
    with grad_x_box:
        formula("mlp-dx")
        erratum("mlp-dx")

with st.container(horizontal=True, vertical_alignment="center"):
    download(
        "Weights, batch, forward values, gradients and checks (JSON)",
        lambda: X.to_json(
            {
                "dims": {"N": n, "Dx": dx, "H": h, "Dy": dy},
                "seed": seed,
                "W1 scale": scale,
                "labels": batch.labels,
                "params": dict(batch.params.items()),
                "values": {k: env[k] for k in ("x", *BP.ORDER)},
                "gradcheck": gradcheck_table,
            }
        ),
        "mlp_backprop.json",
        key="dl_mlp",
    )

    page_link(
        "pages/5_Parameter_count.py",
        label=f"Count the parameters of this {dx}-{h}-{dy} network",
        query_params={"pdx": str(dx), "ph": str(h), "pdy": str(dy)},
    )
    page_link(
        "pages/6_Notes_step_by_step.py",
        label=f"The notes' backprop step (step 5) with this {dx}-{h}-{dy} network and seed {seed}",
        query_params={"ndx": str(dx), "nh": str(h), "ndy": str(dy), "nseed": str(seed)},
    )

# A fresh exercise of this page's topic, for the class (pages/9_Ask_the_class.py).
poll_view.ask_button("backprop", quantity="dz1")
view.finish()
