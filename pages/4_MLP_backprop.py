"""Backpropagation through the notes' one-hidden-layer network, layer by layer."""

import pandas as pd
import streamlit as st

import metl_core as M
from metl_core import explore as E
from metl_core import export as X
from metl_core import figures as F
from pages import ui

view = ui.page(
    "MLP backprop",
    "z1 = xW1 + b1, h = σ(z1), z2 = hW2 + b2, ŷ = softmax(z2): every gradient, every shape.",
)


@st.cache_data(max_entries=64, show_spinner=False)
def gradchecks(dx: int, h: int, dy: int, seed: int, x: tuple, label: int) -> pd.DataFrame:
    params = M.init_params(dx, h, dy, seed=seed)
    results = E.network_gradchecks(params, list(x), label)
    return pd.DataFrame(
        {
            "gradient": list(results),
            "shape": [str(r.analytic.shape) for r in results.values()],
            "max relative error": [r.max_rel_error for r in results.values()],
            "at 1e-5": ["pass" if r.ok else "FAIL" for r in results.values()],
        }
    )


c1, c2, c3 = st.columns(3)
dx = c1.number_input("Dx (inputs)", 1, 32, 4, key="dx", bind="query-params")
h = c2.number_input("H (hidden)", 1, 32, 5, key="h", bind="query-params")
dy = c3.number_input("Dy (classes)", 1, 32, 3, key="dy", bind="query-params")
ui.chart(ui.memo("diagram", (dx, h, dy), lambda: F.network_diagram((dx, h, dy))), key="diagram")


@st.fragment
def sample(dx: int, h: int, dy: int) -> None:
    """The seed, the input and the class: changing one reruns only this part."""
    i0, i1, i2, i3 = st.columns([1, 1, 3, 1])
    seed = i0.number_input("seed", 0, 2**31 - 1, 0, key="seed", bind="query-params")
    mode = i1.radio(
        "input x", ["random", "typed"], key="xmode", horizontal=True, bind="query-params"
    )
    if mode == "typed":
        with i2:
            x = ui.vector_input(
                f"x ({dx} numbers)",
                key="x",
                default=", ".join(["1"] * dx),
                max_entries=32,
                check=lambda v: E.check_input(v, dx),
            )
            if x.size != dx:  # the last good x was typed for another Dx
                x = E.random_vector(dx, seed=seed, scale=1.0)
    else:
        x = E.random_vector(dx, seed=seed, scale=1.0)
        i2.text_input("x (random, from the seed)", ", ".join(f"{v:g}" for v in x), disabled=True)
    label = i3.number_input("true class", 0, 31, 0, key="label", bind="query-params")
    label = ui.class_index(label, dy, "output classes (Dy)")

    params = M.init_params(dx, h, dy, seed=seed)
    state = E.network_state(params, x, label)
    c, g = state.cache, state.grads

    st.metric("CE for this sample", ui.fmt(state.cost, 6))

    fwd, bwd = st.columns(2)
    with fwd:
        ui.chart(
            F.vector_heatmaps(
                [
                    (f"x   (1×{dx})", c.x),
                    (f"z1 = xW1 + b1   (1×{h})", c.z1),
                    (f"h = σ(z1)   (1×{h})", c.h),
                    (f"z2 = hW2 + b2   (1×{dy})", c.z2),
                    (f"ŷ = softmax(z2)   (1×{dy})", c.yhat),
                ],
                "Forward pass",
            ),
            key="forward",
        )
    with bwd:
        ui.chart(
            F.vector_heatmaps(
                [
                    (f"δ1 = ∂CE/∂z2 = ŷ − y   (1×{dy})", g.dz2),
                    (f"δ2 = ∂CE/∂h = δ1 W2ᵀ   (1×{h})", g.dh),
                    (f"δ3 = ∂CE/∂z1 = δ2 ⊙ σ′(z1)   (1×{h})", g.dz1),
                    (f"∂CE/∂x = δ3 W1ᵀ   (1×{dx})", g.dx),
                ],
                "Backward pass",
            ),
            key="backward",
        )
    ui.chart(
        F.matrix_heatmaps(
            [
                (f"dW1 = xᵀδ3  ({dx}×{h})", g.dW1),
                (f"db1 = δ3  ({h})", g.db1),
                (f"dW2 = hᵀδ1  ({h}×{dy})", g.dW2),
                (f"db2 = δ1  ({dy})", g.db2),
            ],
            "Weight gradients",
        ),
        key="weights",
    )
    st.subheader("Gradient check")
    ui.explain(
        "Each gradient against centred finite differences, h = 1e-4; relative error "
        "|num − ana| / max(1, |num|, |ana|), pass at 1e-5 as in the assignment.",
        caption=True,
    )
    table = gradchecks(dx, h, dy, seed, tuple(float(v) for v in x), label)
    st.dataframe(
        table,
        width="stretch",
        hide_index=True,
        column_config={"max relative error": st.column_config.NumberColumn(format="%.2e")},
    )
    ui.download(
        "Weights, forward values, gradients and checks (JSON)",
        lambda: X.to_json(
            {
                "dims": {"Dx": dx, "H": h, "Dy": dy},
                "seed": seed,
                "label": label,
                "params": dict(params.items()),
                "forward": dict(c.items()),
                "cost": state.cost,
                "grads": dict(g.items()),
                "gradcheck": table.to_dict(orient="list"),
            }
        ),
        "mlp_backprop.json",
        key="dl_mlp",
    )


sample(dx, h, dy)

st.subheader("∂CE/∂x in one line")
ui.formula("mlp-dx")
ui.erratum("mlp-dx")

st.page_link(
    "pages/5_Parameter_count.py",
    label=f"Count the parameters of this {dx}-{h}-{dy} network",
    icon="➡️",
    query_params={"pdx": str(dx), "ph": str(h), "pdy": str(dy)},
)

view.finish()
