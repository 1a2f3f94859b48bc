"""Softmax: definition, invariance to one added constant, stability and temperature."""

import secrets

import numpy as np
import streamlit as st

import metl_core as M
from metl_core import figures as F
from metl_core.figures import teach as FT
from metl_core.maths import jacobian as JAC
from metl_core.teaching import explore as E
from metl_core.teaching import notes as N
from metl_core.text import export as X
from pages.ui import poll_view
from pages.ui.checks import check
from pages.ui.frame import demo, explain, fold, lazy_expander, page, page_link, section
from pages.ui.inputs import class_index, vector_input
from pages.ui.show import chart, download, erratum, formula, numbers, table
from pages.ui.text import fmt, vector_text
from pages.ui.url import url_option

view = page(
    "Softmax",
    "softmax(x)ᵢ = exp(xᵢ) / Σⱼ exp(xⱼ): adding one constant to every logit changes nothing.",
)

# The temperature slider's options: 41 steps of 10^0.1 from 0.01 to 100, 1 among them.
TEMPERATURES = [float(f"{t:.3g}") for t in np.logspace(-2, 2, 41)]
PRESETS = {
    "[1, 2]": "1, 2",
    "[1001, 1002]": "1001, 1002",
    "[−1001, −1002]": "-1001, -1002",
}
RANDOM = "random"


def _preset() -> None:
    """One of the preset pills: fill in its logits (or draw random ones), then let go."""
    chosen = st.session_state.get("logits-presets")
    st.session_state["logits-presets"] = None
    if chosen == RANDOM:
        # A fresh seed per click, so every student draws their own vectors; it is shown,
        # so E.random_vector(5, seed) gives the same ones again.
        seed = secrets.randbelow(1_000_000)
        text = ", ".join(f"{v:g}" for v in E.random_vector(5, seed=seed))
        st.session_state["logits"] = text
        st.session_state["_random_drawn"] = (seed, text)
    elif chosen in PRESETS:
        st.session_state["logits"] = PRESETS[chosen]


@st.fragment
def shift_section(x) -> None:
    """The demo: reruns alone when its own controls change."""
    controls, plot = st.columns([2, 3])
    with controls:
        c = st.slider(
            "c, added to every logit", -1000.0, 1000.0, 0.0, step=0.5, key="c", bind="query-params"
        )
        non_constant = st.toggle(
            "Add a non-constant vector instead (c·u for a fixed random u; u itself when c = 0)",
            key="nonconst",
            bind="query-params",
        )
        shift = E.compare_shift(x, E.shift_vector(x.size, c, constant=not non_constant))
        numbers({"largest |softmax(x) − softmax(x + added)|": fmt(shift.max_abs_diff, 3)}, "shift")
        if shift.invariant:
            st.success(
                "The added vector is c·1, the same constant everywhere, so softmax is unchanged. "
                "What difference there is comes from rounding xᵢ + c: at most about "
                f"|xᵢ + c|·ε/2 per logit (ε = 2⁻⁵², so here {fmt(E.shift_rounding(x, c), 2)}), "
                "which grows with |c|."
            )
        else:
            st.warning(
                "The added vector is not constant, so softmax changes. The invariance holds only "
                "for c·1 = (c, …, c), not for every c ∈ ℝⁿ."
            )
    with plot:
        chart(
            F.grouped_bars(
                [("softmax(x)", shift.p), ("softmax(x + added)", shift.p_shifted)],
                "softmax before and after the shift",
                "probability",
                (0, 1.05),
            ),
            key="shift_bars",
            alt=(
                f"Softmax before and after adding c = {fmt(c, 4)} to every logit: "
                + ("identical" if shift.invariant else "different")
                if not non_constant
                else "Softmax before and after adding a non-constant vector: different"
            ),
        )
    columns = {
        "x": shift.x,
        "added": shift.c,
        "x + added": shift.shifted,
        "softmax(x)": shift.p,
        "softmax(x + added)": shift.p_shifted,
    }
    labels = F.class_labels(x.size)
    table(columns, index=labels)
    with st.container(horizontal=True, vertical_alignment="center"):
        download(
            "Logits and probabilities (CSV)",
            lambda: X.to_csv(columns, labels),
            "softmax_shift.csv",
            key="dl_shift",
        )
        page_link(
            "pages/3_Cross_entropy_gradient.py",
            label="Open these logits on the cross-entropy page",
            query_params={"z": vector_text(x)},
        )
    proof = lazy_expander("Why: the proof, and where the notes' proof breaks", "proof")
    if proof.open:
        with proof:
            formula("softmax-invariance")
            erratum("softmax-invariance")


def the_demo() -> tuple:
    """The demo: the logits, then what adding c to each does."""
    with section("input"):
        field, presets = st.columns([3, 2], vertical_alignment="bottom")
        with field:
            x = vector_input(
                "Logits x (up to 20 numbers, separated by commas)",
                key="logits",
                default="1, 2",
                max_entries=20,
                help="For example 1, 2, 3 or [1001, 1002]. The unicode minus − is accepted.",
            )
        # keyed <text field>-presets: hiding the field hides its presets too
        presets.pills(
            "Try these logits",
            [*PRESETS, RANDOM],
            key="logits-presets",
            on_change=_preset,
        )
        drawn = st.session_state.get("_random_drawn")
        if drawn and drawn[1] == st.session_state.get("logits"):
            st.caption(f"Random logits drawn with seed {drawn[0]}.")

    with section("shift"):
        shift_section(x)
    return (x,)


(x,) = demo("softmax", the_demo, folds=view.entry.folds)


with section("definition"):
    formula("softmax-definition")
    erratum("softmax-definition")

naive_box = fold("Naive against stable", "naive")
if naive_box.open:
    with naive_box:
        naive = E.compare_naive(x)
        formula("softmax-stable")
        table(
            {"naive exp(x)/Σexp(x)": naive.naive, "stable (subtract max)": naive.stable},
            index=F.class_labels(x.size),
        )
        NAIVE_CASES = {
            "fine": "Both agree: every exp(xᵢ) and their sum are ordinary floats here.",
            "small_entries": "Both agree here, but not because every exp(xᵢ) is an ordinary "
            "float: exp({low:.6g}) {small}. {both}",
            "overflow": "The naive formula fails: exp({top:.6g}) overflows float64 (anything above "
            "e^709.78 ≈ 1.8e308 is inf), so the sum is inf: the overflowing entries become "
            "inf/inf = NaN and the others finite/inf = 0.",
            "sum_overflow": "The naive formula fails: each exp(xᵢ) fits in float64 but their sum "
            "overflows to inf, so every naive probability rounds to 0.",
            "underflow": "The naive formula fails: every exp(xᵢ) underflows to 0 (the largest "
            "logit, {top:.6g}, is below −745.13), so it divides 0 by 0 and gives NaN.",
            "subnormal": "The naive formula loses precision: exp({top:.6g}) is below 2.2e-308, a "
            "subnormal float that keeps fewer significant bits the smaller it is (52 just below "
            "e^−708.4, about 6 at e^−740, 1 near e^−745; a normal float has 53). Here the naive "
            "probabilities are off by up to {error}. Subtracting the maximum first avoids it.",
        }
        with np.errstate(invalid="ignore"):
            gap = float(np.nanmax(np.abs(naive.naive - naive.stable), initial=0.0))
        small = both = ""
        if naive.case == "small_entries":  # the largest exp is normal, the smallest is not
            small = "underflows to 0" if np.exp(naive.low) == 0 else "is subnormal"
            both = (
                "The stable formula's smallest entry is below 2.2e-308 too, so it rounds to 0 "
                "or loses digits in both: subtracting the maximum protects the large entries, "
                "not the tiny ones."
                if np.min(naive.stable) < np.finfo(np.float64).tiny
                else "The stable formula, exp(xᵢ − max), keeps that entry (see the table); the "
                f"naive one is off by {fmt(gap, 2)} there, far below the rounding of the "
                "other entries."
            )
        (st.info if naive.naive_ok else st.warning)(
            NAIVE_CASES[naive.case].format(
                top=naive.top, low=naive.low, error=fmt(gap, 2), small=small, both=both
            )
        )


@st.fragment
def temperature_section(x) -> None:
    """Reruns alone when its own controls change."""
    url_option("T", TEMPERATURES, lambda t: f"{t:g}")
    T = st.select_slider(
        "temperature T (log scale): softmax(x / T)",
        options=TEMPERATURES,
        value=1.0,
        format_func=lambda t: f"{t:g}",
        key="T",
        bind="query-params",
    )
    sweep = E.temperature_sweep(x)
    p_T = M.softmax(x, temperature=T)
    h_T = float(M.entropy(p_T))
    m1, m2 = st.columns(2)
    m1.metric("entropy S at this T (nats)", fmt(h_T, 5))
    m2.metric("maximum log n (uniform)", fmt(float(np.log(x.size)), 5))
    chart(F.temperature_figure(sweep, T, p_T), key="temperature")
    formula("softmax-temperature")
    explain(
        "Small T puts all the probability on the largest logits, shared equally among them if "
        "several tie (entropy → log of their number, 0 for a unique maximum); large T flattens "
        "it towards uniform (entropy → log n).",
        caption=True,
    )
    download(
        "softmax(x / T) and entropy for T from 0.01 to 100 (CSV)",
        lambda: X.to_csv(
            {"T": sweep.temperatures, "entropy": sweep.entropies}
            | {f"p{i}": sweep.probs[:, i] for i in range(x.size)}
        ),
        "softmax_temperature.csv",
        key="dl_temperature",
    )


temperature_box = fold("Temperature", "temperature")
if temperature_box.open:
    with temperature_box:
        temperature_section(x)


FD_STEP = 1e-5  # the step of the Jacobian's finite differences


@st.fragment
def jacobian_section(x) -> None:
    """Reruns alone when its own controls change."""
    explain(
        "Write ŷ = softmax(z) for the logits above (z = x). Nudging one logit zⱼ moves every "
        "probability ŷᵢ, because they share the denominator; the matrix of these rates is "
        "the Jacobian J."
    )
    formula("softmax-jacobian")
    explain(
        "Here ŷ is a row vector, so ŷᵀŷ is the n × n matrix of the products ŷᵢŷⱼ, and "
        "[i = j] is 1 when i = j and 0 otherwise. Row i of J says how ŷᵢ moves, column j "
        "what nudging zⱼ does.",
        caption=True,
    )
    J = JAC.softmax_jacobian(x)
    if E.resolvable(x, FD_STEP, ratio=1e-5):
        numeric = JAC.numeric_jacobian(M.softmax, x, FD_STEP)
        chart(FT.jacobian_figure(J, numeric), key="jacobian")
        if np.max(np.abs(J)) < 1e-12:
            st.info(
                "Softmax is saturated here: ŷ is one-hot to within 1e-12, so every entry of J "
                "is below 1e-12: nudging a logit barely moves ŷ. With cross-entropy this does "
                "not stall learning: ∂CE/∂z = ŷ − y stays of size about 1 when the confident "
                "class is not the true one (−y/ŷ grows as J shrinks), and is about 0 only when "
                "it is."
            )
        left, right = st.columns(2)
        with left:
            st.metric(
                "largest |J − finite differences|", fmt(float(np.max(np.abs(J - numeric))), 2)
            )
            st.caption(
                f"Finite differences: column j is (softmax(z + h eⱼ) − softmax(z − h eⱼ)) / 2h, "
                f"h = {FD_STEP:g}."
            )
        with right:
            check("J = centred differences", N.check_softmax_jacobian(x))
    else:
        chart(FT.jacobian_figure(J), key="jacobian")
        st.info(
            "These logits are too large to nudge accurately enough by h = "
            f"{FD_STEP:g} in float64, so finite differences say nothing here; J itself is "
            "computed from ŷ and stays accurate."
        )
    erratum("softmax-jacobian")

    st.markdown("**Why every row of J sums to 0**")
    formula("softmax-jacobian-rows")
    explain(
        "Section 2 showed that adding the same t to every logit changes nothing. The rate of "
        "change in that direction, 1 = (1, …, 1), is J·1, so it must be 0: this is the "
        "invariance to first order. J is symmetric, so its columns sum to 0 too: raising one "
        "logit takes from the other classes exactly the probability it gives its own."
    )
    st.metric("largest |(J·1)ᵢ| at these logits", fmt(float(np.max(np.abs(J.sum(axis=1)))), 2))

    st.markdown("**From J to ∂CE/∂z = ŷ − y, by the chain rule**")
    explain(
        "CE = −Σᵢ yᵢ log ŷᵢ, so ∂CE/∂ŷᵢ = −yᵢ/ŷᵢ. Multiplying that row vector by J sums over "
        "every path from zⱼ through each ŷᵢ to CE. It works for any target y that sums to 1; "
        "here y is one-hot at class k smoothed by ε: y = (1 − ε) eₖ + ε/n."
    )
    k_col, eps_col = st.columns(2)
    with k_col:
        k = st.number_input(
            "true class k",
            min_value=0,
            max_value=19,
            value=0,
            step=1,
            key="jac_k",
            bind="query-params",
        )
    with eps_col:
        eps = st.slider(
            "label smoothing ε", 0.0, 1.0, 0.2, step=0.05, key="jac_eps", bind="query-params"
        )
    k = class_index(k, x.size, "logits")
    y = JAC.smoothed_target(k, x.size, eps)
    yhat = M.softmax(x)
    chain = JAC.ce_grad_chain_rule(x, y)
    simplified = JAC.ce_grad_simplified(x, y)
    formula("ce-chain-rule")
    columns = {
        "target y": y,
        "ŷ = softmax(z)": yhat,
        "−(y/ŷ)·J (chain rule)": chain,
        "ŷ Σy − y": simplified,
        "ŷ − y": yhat - y,
    }
    table(columns, index=F.class_labels(x.size), digits=10)
    if not np.all(np.isfinite(chain)):
        st.warning(
            "Some ŷᵢ rounded to 0 in float64 where yᵢ > 0, so the literal −yᵢ/ŷᵢ divides by 0 "
            "and the chain-rule column is not finite. The simplified ŷ Σy − y never divides, "
            "which is one reason code uses it."
        )
    m1, m2 = st.columns(2)
    m1.metric("Σᵢ yᵢ", fmt(float(np.sum(y)), 6))
    m2.metric("largest |−(y/ŷ)·J − (ŷ − y)|", fmt(float(np.max(np.abs(chain - (yhat - y)))), 2))
    erratum("ce-chain-rule")

    st.markdown("**Why the gradient ŷ − y sums to 0**")
    formula("ce-gradient-sums-to-zero")
    explain(
        "Both ŷ and y are distributions, so their difference sums to 0. Seen from the "
        "invariance: CE depends on z only through softmax(z), so moving every logit by t "
        "leaves it unchanged, and the gradient has no component along 1: a gradient step on "
        "the logits themselves never changes their mean."
    )
    st.metric("Σⱼ (ŷ − y)ⱼ at these logits", fmt(float(np.sum(yhat - y)), 2))


jacobian_box = fold("The Jacobian: how every probability moves with every logit", "jacobian")
if jacobian_box.open:
    with jacobian_box:
        jacobian_section(x)

# A fresh exercise of this page's topic, for the class (pages/9_Ask_the_class.py).
poll_view.ask_button("softmax")
view.finish()
