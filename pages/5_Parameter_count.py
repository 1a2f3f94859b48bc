"""Live calculator for the parameter count (Dx + 1)H + (H + 1)Dy, exact at any size."""

import streamlit as st

import metl_core as M
from metl_core import explore as E
from metl_core import export as X
from metl_core import figures as F
from pages import ui
from pages.ui import poll_view

view = ui.page(
    "Parameter count",
    "W1 is Dx×H, b1 has H entries, W2 is H×Dy, b2 has Dy: (Dx + 1)H + (H + 1)Dy in all.",
)

PRESETS = {
    "assignment sanity net 10-5-10": (10, 5, 10),
    "MNIST 784-100-10": (784, 100, 10),
    "word window 1500-100-5": (1500, 100, 5),
}
BUILD_LIMIT = 10**7
MAX_DIM = 10**12


def _preset(dims) -> None:
    st.session_state["pdx"], st.session_state["ph"], st.session_state["pdy"] = dims


@st.cache_data(max_entries=16, show_spinner=False)
def instantiated_count(Dx: int, H: int, Dy: int) -> int:
    return sum(a.size for _, a in M.zero_params(Dx, H, Dy).items())


with ui.section("calculator"):
    cols = st.columns(len(PRESETS))
    for col, (name, dims) in zip(cols, PRESETS.items(), strict=True):
        col.button(name, on_click=_preset, args=(dims,), width="stretch")
    ui.explain(
        "The word-window net classifies the middle word of a 5-word window of 300-d word "
        "vectors (5 × 300 = 1500 inputs) into 5 classes, as in CS224n: 4 entity types plus O, "
        "“not an entity”.",
        caption=True,
    )

    c1, c2, c3 = st.columns(3)
    Dx = c1.number_input("Dx (input size)", 1, MAX_DIM, 10, key="pdx", bind="query-params")
    H = c2.number_input("H (hidden size)", 1, MAX_DIM, 5, key="ph", bind="query-params")
    Dy = c3.number_input("Dy (output size)", 1, MAX_DIM, 10, key="pdy", bind="query-params")
    Dx, H, Dy = int(Dx), int(H), int(Dy)

    count = M.param_count(Dx, H, Dy)
    parts = M.param_breakdown(Dx, H, Dy)
    ui.formula(
        "param-count-live",
        **{
            k: f"{v:,}".replace(",", "{,}")
            for k, v in zip(("Dx", "H", "Dy", "count"), (Dx, H, Dy, count), strict=True)
        },
    )
    ui.erratum("param-count-shapes")
    left, right = st.columns([2, 3])
    with left:
        st.metric("parameters", f"{count:,}")
        mem = E.memory_bytes(count)
        for dtype in ("float32", "float64"):
            st.metric(f"memory at {dtype}", ui.human_bytes(mem[dtype]))
            st.caption(f"{mem[dtype]:,} bytes")
        if count <= BUILD_LIMIT:
            st.success(
                f"Check: an instantiated network has {instantiated_count(Dx, H, Dy):,} parameters."
            )
        else:
            st.info(
                f"{count:,} parameters is more than {BUILD_LIMIT:,}, so the network was not built: "
                "the count is exact integer arithmetic."
            )
    with right:
        ui.chart(F.param_bars(parts), key="param_bars")
        ui.download(
            "The counts (JSON)",
            lambda: X.to_json(
                {"Dx": Dx, "H": H, "Dy": Dy, "parameters": count, "per_tensor": parts}
                | {f"bytes_{k}": v for k, v in mem.items()}
            ),
            "parameter_count.json",
            key="dl_count",
        )
        if max(Dx, H, Dy) <= 32:
            ui.page_link(
                "pages/4_MLP_backprop.py",
                label=f"Run backprop through this {Dx}-{H}-{Dy} network",
                query_params={"dx": str(Dx), "h": str(H), "dy": str(Dy)},
            )

    st.markdown(
        f"W1: {Dx:,}×{H:,} = {parts['W1']:,} · b1: {parts['b1']:,} · "
        f"W2: {H:,}×{Dy:,} = {parts['W2']:,} · b2: {parts['b2']:,}"
    )
    st.info(
        "The notes say “HDx is the dimension of xW1”. More exactly: x is 1×Dx, W1 is Dx×H, so "
        "W1 holds Dx·H weights and xW1 is 1×H, the shape of b1; likewise W2 is H×Dy and b2 has Dy."
    )

# A fresh exercise of this page's topic, for the class (pages/9_Ask_the_class.py).
poll_view.ask_button("count")
view.finish()
