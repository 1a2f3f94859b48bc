"""The sigmoid σ and its derivative σ′ = σ(1 − σ), with a movable tangent."""

import streamlit as st

from metl_core import explore as E
from metl_core import export as X
from metl_core import figures as F
from pages import ui

view = ui.page(
    "Sigmoid", "σ(x) = 1 / (1 + exp(−x)) squashes ℝ into (0, 1); its slope is σ(x)(1 − σ(x))."
)

ui.formula("sigmoid-definition")
ui.formula("sigmoid-derivative")
ui.erratum("sigmoid-definition")


@st.fragment
def interactive_plot() -> None:
    """Reruns alone when its own controls change."""
    left, right = st.columns([1, 3])
    with left:
        lo, hi = st.slider(
            "x range", -30.0, 30.0, (-8.0, 8.0), step=0.5, key="xrange", bind="query-params"
        )
        x0 = st.slider("point x0", -30.0, 30.0, 1.0, step=0.1, key="x0", bind="query-params")
        check = E.sigmoid_slope_check(x0)
        st.metric("σ(x0)", ui.fmt(check.value, 8))
        st.metric("σ′(x0) = σ(1 − σ)", ui.fmt(check.slope, 8))
        st.metric(f"finite difference, h = {check.h:g}", ui.fmt(check.finite_difference, 8))
        st.metric("relative error", ui.fmt(check.rel_error, 2))
        st.caption("relative error = |finite difference − σ′(x0)| / σ′(x0)")
    with right:
        curve = E.sigmoid_curve(*E.plot_range(lo, hi, x0))
        ui.chart(F.sigmoid_figure(curve, check), key="sigmoid")
        ui.download(
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
        lim = E.sigmoid_difference_limits(check.h)
        st.info(
            "For large positive x0, σ(x0 ± h) are both within a few rounding steps of 1, so "
            "their difference cancels and loses digits: with this h it is exactly 0 at places "
            f"from x0 ≈ {lim.first_zero:g} and everywhere from x0 ≈ {lim.always_zero:g} on "
            f"(σ itself rounds to 1 only from x0 ≈ {lim.sigma_is_one:g}). Near 0 there is no "
            "such loss: tiny values of σ keep their relative precision, so the check stays "
            "accurate for negative x0. σ′ itself, computed as e^(−|x|) / (1 + e^(−|x|))², "
            "keeps full precision on both sides."
        )


interactive_plot()

st.subheader("Facts to check on the plot")
a, b, c = st.columns(3)
a.markdown("**Range (0, 1).** σ → 0 as x → −∞ and σ → 1 as x → +∞, never reaching either.")
b.markdown("**Largest slope 1/4, at 0.** σ(0) = 1/2, so σ′(0) = ½ · ½ = ¼; σ′ ≤ ¼ everywhere.")
c.markdown("**Symmetry σ(−x) = 1 − σ(x).** So σ′ is even: σ′(−x) = σ′(x).")
with st.expander("The derivative, step by step"):
    ui.formula("sigmoid-derivation")
    st.markdown(
        "The notes' derivation is right; they write δ for σ and then, in the backprop "
        "section, θ′ for σ′."
    )

view.finish()
