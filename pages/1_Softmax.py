"""Softmax: definition, invariance to one added constant, stability and temperature."""

import secrets

import numpy as np
import pandas as pd
import streamlit as st

import metl_core as M
from metl_core import explore as E
from metl_core import export as X
from metl_core import figures as F
from pages import ui

view = ui.page(
    "Softmax",
    "softmax(x)ᵢ = exp(xᵢ) / Σⱼ exp(xⱼ): adding one constant to every logit changes nothing.",
)

st.latex(
    r"\operatorname{softmax}(x)_i = \frac{e^{x_i}}{\sum_{j=1}^{n} e^{x_j}},"
    r" \qquad x \in \mathbb{R}^n"
)
ui.erratum(
    r"\operatorname{softmax}(x)_i = \frac{e^{x_i}}{\sum_{j=1}^{n} x_j}",
    r"\operatorname{softmax}(x)_i = \frac{e^{x_i}}{\sum_{j=1}^{n} e^{x_j}}",
    "The notes' denominator sums the logits themselves; it must sum their exponentials.",
)

PRESETS = {
    "[1, 2]": "1, 2",
    "[1001, 1002]": "1001, 1002",
    "[−1001, −1002]": "-1001, -1002",
}


def _set_logits(text: str) -> None:
    st.session_state["logits"] = text


def _random_logits() -> None:
    # A fresh seed per click, so every student draws their own vectors; it is shown, so
    # E.random_vector(5, seed) gives the same ones again.
    seed = secrets.randbelow(1_000_000)
    text = ", ".join(f"{v:g}" for v in E.random_vector(5, seed=seed))
    st.session_state["logits"] = text
    st.session_state["_random_drawn"] = (seed, text)


st.subheader("1. The logits")
cols = st.columns([3, 1, 1, 1, 1], vertical_alignment="bottom")
with cols[0]:
    x = ui.vector_input(
        "Logits x (up to 20 numbers, separated by commas)",
        key="logits",
        default="1, 2",
        max_entries=20,
        help="For example 1, 2, 3 or [1001, 1002]. The unicode minus − is accepted.",
    )
for col, (name, text) in zip(cols[1:4], PRESETS.items(), strict=True):
    col.button(name, on_click=_set_logits, args=(text,), width="stretch")
cols[4].button("random", on_click=_random_logits, width="stretch", key="random_logits")
drawn = st.session_state.get("_random_drawn")
if drawn and drawn[1] == st.session_state.get("logits"):
    st.caption(f"Random logits drawn with seed {drawn[0]}.")


@st.fragment
def shift_section(x) -> None:
    """Reruns alone when its own controls change."""
    st.subheader("2. Add a constant c to every logit")
    c_col, mode_col = st.columns([3, 2])
    with c_col:
        c = st.slider(
            "c, added to every logit", -1000.0, 1000.0, 0.0, step=0.5, key="c", bind="query-params"
        )
    with mode_col:
        non_constant = st.toggle(
            "Add a non-constant vector instead (c·u, u random)", key="nonconst", bind="query-params"
        )

    shift = E.compare_shift(x, E.shift_vector(x.size, c, constant=not non_constant))
    table = pd.DataFrame(
        {
            "x": shift.x,
            "added": shift.c,
            "x + added": shift.shifted,
            "softmax(x)": shift.p,
            "softmax(x + added)": shift.p_shifted,
        },
        index=F.class_labels(x.size),
    )
    left, right = st.columns([2, 3])
    with left:
        st.metric("largest |softmax(x) − softmax(x + added)|", ui.fmt(shift.max_abs_diff, 3))
        if shift.invariant:
            st.success(
                "The added vector is c·1, the same constant everywhere, so softmax is unchanged "
                "(the difference is rounding, about 1e-16)."
            )
        else:
            st.warning(
                "The added vector is not constant, so softmax changes. The invariance holds only "
                "for c·1 = (c, …, c), not for every c ∈ ℝⁿ."
            )
    with right:
        ui.chart(
            F.grouped_bars(
                [("softmax(x)", shift.p), ("softmax(x + added)", shift.p_shifted)],
                "softmax before and after the shift",
                "probability",
                (0, 1.05),
            ),
            key="shift_bars",
        )
    st.dataframe(table, width="stretch")
    d1, d2 = st.columns(2)
    with d1:
        ui.download(
            "Logits and probabilities (CSV)",
            lambda: X.to_csv(table.to_dict(orient="list"), list(table.index)),
            "softmax_shift.csv",
            key="dl_shift",
        )
    with d2:
        st.page_link(
            "pages/3_Cross_entropy_gradient.py",
            label="Open these logits on the cross-entropy page",
            icon="➡️",
            query_params={"z": ui.vector_text(x)},
        )

    with st.expander(
        "Why: the proof, and where the notes' proof breaks", expanded=not shift.invariant
    ):
        st.latex(
            r"\operatorname{softmax}(x + c\mathbf{1})_i = \frac{e^{x_i + c}}{\sum_j e^{x_j + c}}"
            r" = \frac{e^{c}\, e^{x_i}}{e^{c} \sum_j e^{x_j}} = \operatorname{softmax}(x)_i"
        )
        ui.erratum(
            r"\forall c \in \mathbb{R}^n:\ \frac{e^{c_i} e^{x_i}}{e^{c_j} \sum_j e^{x_j}}"
            r" = \frac{e^{x_i}}{\sum_j e^{x_j}}",
            r"\text{only for } c = c\mathbf{1}:\ e^{c_i} = e^{c_j} = e^{c}\ \text{cancels}",
            "The notes take e^{c_j} out of the sum over j, which is only allowed when every c_j is "
            "the same; for a general vector c the claim is false.",
        )


shift_section(x)

st.subheader("3. Naive against stable")
naive = E.compare_naive(x)
st.latex(
    r"\underbrace{\frac{e^{x_i}}{\sum_j e^{x_j}}}_{\text{naive}} \quad\text{vs}\quad"
    r"\underbrace{\frac{e^{x_i - m}}{\sum_j e^{x_j - m}},\ m = \max_j x_j}_{\text{stable}}"
)
st.dataframe(
    pd.DataFrame(
        {"naive exp(x)/Σexp(x)": naive.naive, "stable (subtract max)": naive.stable},
        index=F.class_labels(x.size),
    ),
    width="stretch",
)
(st.info if naive.naive_ok else st.warning)(
    ("Both agree: " if naive.naive_ok else "The naive formula fails: ") + naive.reason
)


@st.fragment
def temperature_section(x) -> None:
    """Reruns alone when its own controls change."""
    st.subheader("4. Temperature")
    T = st.select_slider(
        "temperature T (log scale): softmax(x / T)",
        options=E.TEMPERATURES,
        value=1.0,
        format_func=lambda t: f"{t:g}",
        key="T",
        bind="query-params",
    )
    sweep = E.temperature_sweep(x)
    p_T = M.softmax(x, temperature=T)
    h_T = float(M.entropy(p_T))
    m1, m2 = st.columns(2)
    m1.metric("entropy H at this T (nats)", f"{h_T:.4f}")
    m2.metric("maximum log n (uniform)", f"{np.log(x.size):.4f}")
    ui.chart(F.temperature_figure(sweep, T, p_T), key="temperature")
    ui.explain(
        "Small T sharpens the distribution towards the one-hot argmax (entropy → 0); large T "
        "flattens it towards uniform (entropy → log n).",
        caption=True,
    )
    ui.download(
        "softmax(x / T) and entropy for T from 0.01 to 100 (CSV)",
        lambda: X.to_csv(
            {"T": sweep.temperatures, "entropy": sweep.entropies}
            | {f"p{i}": sweep.probs[:, i] for i in range(x.size)}
        ),
        "softmax_temperature.csv",
        key="dl_temperature",
    )


temperature_section(x)

view.finish()
