"""The sigmoid σ and its derivative σ′ = σ(1 − σ), with a movable tangent."""

import numpy as np
import streamlit as st

import metl_core as M
from metl_core import figures as F
from metl_core.figures import teach as FT
from metl_core.maths import finite_differences as FD
from metl_core.maths import saturation as SAT
from metl_core.teaching import explore as E
from metl_core.text import export as X
from pages.ui import fd_text as FDT
from pages.ui import poll_view
from pages.ui.frame import explain, fold, lazy_expander, page, section
from pages.ui.show import chart, download, erratum, formula, numbers
from pages.ui.text import fmt, near_one

X0_STEP = 0.1  # the x0 slider's step; its values, -30 to 30, are X0_GRID
X0_GRID = np.round(np.arange(-300, 301) * X0_STEP, 1)

view = page(
    "Sigmoid", "σ(x) = 1 / (1 + exp(−x)) squashes ℝ into (0, 1); its slope is σ(x)(1 − σ(x))."
)


def x0_sections(x0: float) -> None:
    """What follows x0, drawn by the demo's fragment so that it reruns with it."""
    s0 = float(M.sigmoid(x0))
    exact = float(M.sigmoid_derivative(x0))
    right, wrong = float(M.sigmoid_grad(s0)), float(M.sigmoid_grad(x0))
    st.subheader("The assignment's sigmoid_grad(s) takes s = σ(x), not x")
    numbers(
        {
            "σ′(x0)": fmt(exact, 8),
            "sigmoid_grad(σ(x0)): right": fmt(right, 8),
            "sigmoid_grad(x0): the mistake": fmt(wrong, 8),
        },
        "grad",
    )
    off = abs(right - exact) / exact
    if off > 1e-9:
        st.caption(
            f"Right, but {off:.1e} off: s = σ(x0) is within {1 - s0:.1e} of 1, and 1 − s keeps "
            "only the digits left after that rounding. From x0 ≈ 36.74 (beyond this slider's "
            "range), s rounds to 1 and this is 0."
        )
    formula("sigmoid-grad-argument")
    erratum("sigmoid-grad-argument")

    box = fold("How a gradient check works: its error against the step h", "check")
    if box.open:
        with box:
            gradient_check(x0)


def gradient_check(x0: float) -> None:
    sweep = FD.sigmoid_sweep(x0)
    chart(
        FT.step_error_figure(sweep, f"Checking σ′ at x0 = {x0:g}: the error against h"),
        key="sigmoid_steps",
    )
    formula("fd-error-terms")
    explain(
        "Read the plot from the right. For large h the Taylor term dominates: the one-sided "
        "error falls like h (slope 1), the centred one like h² (slope 2), because its h term "
        "cancels. As h shrinks, σ(x0 + h) and σ(x0 − h) agree in more and more of their "
        "digits, and their difference keeps only the rest: the rounding error grows like ε/h "
        "(slope −1). The best step balances the two, near √ε ≈ 1e-8 one-sided and "
        "∛ε ≈ 6e-6 centred; the assignment's 1e-4 usually stays on the truncation side."
    )
    numbers(
        {
            "fitted slope, one-sided (h from 1e-6 to 1e-2)": FDT.slope_text(sweep.slope_one_sided),
            "fitted slope, centred (h from 1e-4 to 1e-2)": FDT.slope_text(sweep.slope_centred),
            "centred error at h = 1e-4": fmt(sweep.at(FD.ASSIGNMENT_H)[1], 2),
        },
        "slopes",
    )
    # The words follow the cause read from the sweep (metl_core), not the slope alone.
    said = FDT.sigmoid_messages(FD.classify(sweep), x0)
    if said:
        st.info("\n\n".join(said))
    st.markdown("**What “relative error” means on this page**")
    formula("sigmoid-relative-error")
    explain(
        "A true relative error, used in the plot and in the numbers beside the curve. The "
        "cross-entropy page's gradient check divides by max(1, |num|, |ana|) instead, as the "
        "assignment does; that page says why."
    )
    erratum("fd-error-terms")


@st.fragment
def interactive_plot() -> None:
    """The demo: reruns alone when its own controls change."""
    left, right = st.columns([1, 3])
    with left:
        x0 = st.slider("point x0", -30.0, 30.0, 1.0, step=X0_STEP, key="x0", bind="query-params")
        lo, hi = st.slider(
            "x range", -30.0, 30.0, (-8.0, 8.0), step=0.5, key="xrange", bind="query-params"
        )
        check = E.sigmoid_slope_check(x0)
        numbers(
            {
                "σ(x0)": near_one(check.value, 8),
                "σ′(x0) = σ(1 − σ)": fmt(check.slope, 8),
                # 1e-4, written as the other pages write the assignment's step
                "finite difference, h = "
                + np.format_float_scientific(check.h, trim="-", exp_digits=1): fmt(
                    check.finite_difference, 8
                ),
                "relative error": fmt(check.rel_error, 2),
            },
            "point",
        )
        st.caption("relative error = |finite difference − σ′(x0)| / σ′(x0)")
    with right:
        curve = E.sigmoid_curve(*E.plot_range(lo, hi, x0))
        chart(F.sigmoid_figure(curve, check), key="sigmoid")
        download(
            "σ, σ′ and the tangent on this range (CSV)",
            lambda: X.to_csv(
                {
                    "x": curve.x,
                    "sigma": curve.s,
                    "sigma_prime": curve.ds,
                    "tangent_at_x0": check.value + check.slope * (curve.x - check.x0),
                }
            ),
            "sigmoid.csv",
            key="dl_sigmoid",
        )

    if check.rel_error > 1e-6:
        lim = E.sigmoid_difference_limits(check.h, X0_GRID[X0_GRID >= 0])
        always = (
            f" and at every value from x0 ≈ {lim.always_zero:g} on"
            if np.isfinite(lim.always_zero)
            else ""
        )
        st.info(
            "For large positive x0, σ(x0 ± h) are both within a few rounding steps of 1, so "
            "their difference cancels and loses digits: with this h it is exactly 0 at some "
            f"values of this slider from x0 ≈ {lim.first_zero:g}{always} (σ itself rounds to 1 "
            f"only from x0 ≈ {lim.sigma_is_one:g}). Near σ = 0 (large negative x0) there is no "
            "such loss: tiny values of σ keep their relative precision, so the check stays "
            "accurate. σ′ itself, computed as e^(−|x|) / (1 + e^(−|x|))², keeps full precision "
            "on both sides."
        )
    x0_sections(x0)


with section("plot"):
    interactive_plot()

with section("definition"):
    formula("sigmoid-definition")
    formula("sigmoid-derivative")
    erratum("sigmoid-definition")

with section("facts"):
    st.markdown(
        "**Facts to check on the plot**\n\n"
        "- **Range (0, 1).** σ → 0 as x → −∞ and σ → 1 as x → +∞, never reaching either "
        "(in exact arithmetic; in float64 σ(x) rounds to 1 from x ≈ 36.74).\n"
        "- **Largest slope 1/4, at 0.** σ(0) = 1/2, so σ′(0) = ½ · ½ = ¼; σ′ ≤ ¼ everywhere.\n"
        "- **Symmetry σ(−x) = 1 − σ(x).** So σ′ is even: σ′(−x) = σ′(x)."
    )
    derivation = lazy_expander("The derivative, step by step", "derivation")
    if derivation.open:
        with derivation:
            formula("sigmoid-derivation")
            st.markdown(
                "The notes' derivation is right; they write δ for σ and then, in the backprop "
                "section, θ′ for σ′. The notes use θ twice: for the logits in the CE step "
                "(softmax(θ)), and for the sigmoid in the backprop step (θ′ = σ′)."
            )

CHAINS = 8  # chains drawn in the vanishing-gradient plot


@st.fragment
def vanishing_section() -> None:
    """Reruns alone when its own controls change."""
    formula("sigmoid-slope-bound")
    explain(
        "σ(1 − σ) is a product of two numbers that sum to 1, largest when both are 1/2. "
        "Backpropagation multiplies the gradient by one σ′ per sigmoid layer (and by that "
        "layer's weight), so through L layers the σ′ factors alone shrink it by at least "
        "4ᴸ: 1e-6 after 10 layers. Pre-activations away from 0 make it far worse: σ′(5) ≈ "
        "0.0066. Weights above 4 in size could make up for it, but they push pre-activations "
        "away from 0, into saturation."
    )
    formula("sigmoid-vanishing")
    c1, c2, c3 = st.columns(3)
    with c1:
        layers = st.slider("layers L", 1, 40, 20, key="vg_layers", bind="query-params")
    with c2:
        spread = st.slider(
            "spread of the pre-activations aₗ (standard deviation)",
            0.0,
            10.0,
            1.0,
            step=0.5,
            key="vg_spread",
            bind="query-params",
        )
    with c3:
        seed = st.number_input(
            "seed of the draw", 0, 10**6, 0, step=1, key="vg_seed", bind="query-params"
        )
    v = SAT.vanishing(layers, spread, seed=int(seed), chains=CHAINS)
    chart(FT.vanishing_figure(v), key="vanishing")
    m1, m2 = st.columns(2)
    m1.metric(f"bound (1/4)^{layers}", fmt(float(v.bound[-1]), 3))
    m2.metric(f"median over {CHAINS} chains of Π σ′(aₗ), L = {layers}", fmt(float(v.median[-1]), 3))
    explain(
        f"Each thin line is one chain of {layers} one-unit layers with unit weights and "
        f"pre-activations drawn from N(0, {spread:g}²) with seed {int(seed)}: at layer l, the "
        "product of the σ′ up to it, which is ∂s_l/∂s₀; at l = L it is the gradient that "
        "reaches the first layer.",
        caption=True,
    )


vanishing_box = fold("σ′ ≤ 1/4, and what it does to a gradient through many layers", "vanishing")
if vanishing_box.open:
    with vanishing_box:
        vanishing_section()

# A fresh exercise of this page's topic, for the class (pages/9_Ask_the_class.py).
poll_view.ask_button("sigma_prime")
view.finish()
