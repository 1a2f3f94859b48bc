"""Cross-entropy of softmax logits and its gradient ŷ − y, as bars, numbers and vectors."""

import numpy as np
import pandas as pd
import streamlit as st

import metl_core as M
from metl_core import explore as E
from metl_core import export as X
from metl_core import figures as F
from pages import ui

view = ui.page(
    "Cross-entropy gradient",
    "CE = −Σᵢ yᵢ log ŷᵢ with ŷ = softmax(z); its gradient with respect to the logits is ŷ − y.",
)
st.latex(
    r"CE(z) = -\sum_i y_i \log \operatorname{softmax}(z)_i = -z_k + \log\sum_j e^{z_j}"
    r"\quad\Longrightarrow\quad \frac{\partial CE}{\partial z_j} = \hat y_j - y_j"
)

left, right = st.columns([3, 1])
with left:
    z = ui.vector_input(
        "Logits z (2 to 20 numbers)",
        key="z",
        default="2, 1, 0.1",
        max_entries=20,
        min_entries=2,
        help="For example 2, 1, 0.1. At least two classes.",
    )
with right:
    k = st.number_input(
        "true class k", min_value=0, max_value=19, value=0, step=1, key="k", bind="query-params"
    )
k = ui.class_index(k, z.size, "logits")

yhat = M.softmax(z)
y = np.eye(z.size)[k]
grad = M.cross_entropy_grad(z, k)
cost = float(M.cross_entropy(z, k))
H = 1e-4
fd_ok = E.resolvable(z, H, ratio=1e-5)
check = M.gradcheck(lambda v: (M.cross_entropy(v, k), M.cross_entropy_grad(v, k)), z, h=H)

m1, m2, m3 = st.columns(3)
m1.metric("CE", ui.fmt(cost, 6))
m2.metric("Σⱼ (ŷ − y)ⱼ", ui.fmt(float(grad.sum()), 3))
if fd_ok:
    m3.metric("gradient check at 1e-5", "pass" if check.ok else "FAIL")
    m3.caption(f"largest relative error {check.max_rel_error:.1e}")
else:
    m3.metric("gradient check at 1e-5", "n/a")
    m3.caption(
        f"Logits this large cannot be nudged by h = {H:g} in float64, so finite differences "
        "say nothing here; ŷ − y itself is exact."
    )
ui.chart(
    F.grouped_bars(
        [("ŷ = softmax(z)", yhat), ("y (one-hot)", y), ("ŷ − y = ∂CE/∂z", grad)],
        f"Prediction, target and gradient, true class {k}",
        "value",
    ),
    key="ce_bars",
)
with st.expander("Finite-difference check of the gradient, entry by entry", expanded=False):
    st.dataframe(
        pd.DataFrame(
            {
                "analytic ŷ − y": check.analytic,
                "numeric (CE(z+h) − CE(z−h)) / 2h": check.numeric,
                "relative error": check.rel_error,
            },
            index=F.class_labels(z.size),
        ),
        width="stretch",
    )
d1, d2 = st.columns(2)
with d1:
    ui.download(
        "Logits, ŷ, y and the gradient (CSV)",
        lambda: X.to_csv(
            {
                "z": z,
                "yhat": yhat,
                "y": y,
                "grad_yhat_minus_y": grad,
                "numeric_grad": check.numeric,
            },
            F.class_labels(z.size),
        ),
        "cross_entropy.csv",
        key="dl_ce",
    )
with d2:
    st.page_link(
        "pages/1_Softmax.py",
        label="Open these logits on the softmax page",
        icon="➡️",
        query_params={"logits": ui.vector_text(z)},
    )


def nearest_pair(old: str, n: int) -> str:
    """The pair kept when the logits shrink: z3-z4 with 3 logits becomes z1-z2."""
    try:
        i, j = (int(part) for part in old[1:].split("-z"))
    except ValueError:
        return "z0-z1"
    j = min(max(j, 1), n - 1)
    return f"z{min(max(i, 0), j - 1)}-z{j}"


@st.fragment
def vector_view(z, k) -> None:
    """Reruns alone when its own controls change."""
    st.subheader("The gradient as vectors")
    if z.size == 2:
        ui.explain(
            "With two classes CE depends only on the margin d = z_k − z_other: "
            "CE = log(1 + exp(−d)), whose slope is −σ(−d) = −(1 − ŷ_k)."
        )
        ui.chart(F.margin_figure(E.ce_margin_curve(z, k)), key="margin")
    else:
        pair_col, span_col = st.columns(2)
        with pair_col:
            # The labels are the options, so the URL reads ?pair=z0-z2.
            pairs = [f"z{i}-z{j}" for i in range(z.size) for j in range(i + 1, z.size)]
            ui.keep_choice("pair", pairs, lambda old: nearest_pair(old, z.size))
            pair = st.selectbox(
                "free logits (the others held fixed)", pairs, key="pair", bind="query-params"
            )
            i, j = (int(part) for part in pair[1:].split("-z"))
        with span_col:
            span = st.slider(
                "half-width of the plane", 1.0, 20.0, 6.0, step=0.5, key="span", bind="query-params"
            )
        try:
            field = E.ce_field(z, k, i, j, span=span)
        except ValueError as err:
            st.warning(ui.escape_md(err))
        else:
            ui.chart(F.ce_field_figure(field, i, j), key="field")
        ui.explain(
            "Arrows point along −∇CE, the way gradient descent moves the logits: up the true "
            f"class's logit (z{k}) and down the others'. The contours are levels of CE.",
            caption=True,
        )


vector_view(z, k)

st.subheader("A clean derivation")
ui.explain(
    "The notes reach ŷ − y, but mix their indices on the way (the hot class k, then i) and "
    "differentiate the scalar CE with respect to the vector θ as if θ were a scalar. "
    "With y one-hot at class k, for each logit z_j:"
)
st.latex(
    r"CE = -\log \frac{e^{z_k}}{\sum_i e^{z_i}} = -z_k + \log \sum_i e^{z_i},"
    r"\qquad \frac{\partial CE}{\partial z_j} = -[j = k] + \frac{e^{z_j}}{\sum_i e^{z_i}}"
    r" = \hat y_j - y_j"
)

view.finish()
