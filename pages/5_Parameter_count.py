"""Live calculator for the parameter count (Dx + 1)H + (H + 1)Dy, exact at any size."""

import streamlit as st

import metl_core as M
from metl_core import figures as F
from metl_core.teaching import explore as E
from metl_core.text import export as X
from pages.ui import poll_view
from pages.ui.frame import demo, explain, page, page_link, section
from pages.ui.show import chart, download, erratum, formula, numbers
from pages.ui.text import human_bytes

view = page(
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


def _preset() -> None:
    """A preset pill: fill in its dimensions, then let go."""
    chosen = st.session_state.get("count-presets")
    st.session_state["count-presets"] = None
    if chosen in PRESETS:
        st.session_state["pdx"], st.session_state["ph"], st.session_state["pdy"] = PRESETS[chosen]


def the_demo() -> tuple:
    """The calculator: the dimensions, the count, its parts and the check."""
    with section("calculator"):
        controls, plot = st.columns([2, 3])
        with controls:
            with st.container(horizontal=True):
                Dx = st.number_input(
                    "Dx (input size)", 1, MAX_DIM, 10, key="pdx", bind="query-params"
                )
                H = st.number_input("H (hidden size)", 1, MAX_DIM, 5, key="ph", bind="query-params")
                Dy = st.number_input(
                    "Dy (output size)", 1, MAX_DIM, 10, key="pdy", bind="query-params"
                )
            Dx, H, Dy = int(Dx), int(H), int(Dy)
            st.pills("Try these networks", list(PRESETS), key="count-presets", on_change=_preset)
            count = M.param_count(Dx, H, Dy)
            parts = M.param_breakdown(Dx, H, Dy)
            mem = E.memory_bytes(count)
            numbers(
                {
                    "parameters": f"{count:,}",
                    "memory at float32": human_bytes(mem["float32"]),
                    "memory at float64": human_bytes(mem["float64"]),
                },
                "count",
            )
            st.caption(
                f"{mem['float32']:,} bytes at float32, {mem['float64']:,} at float64. "
                f"W1: {Dx:,}×{H:,} = {parts['W1']:,} · b1: {parts['b1']:,} · "
                f"W2: {H:,}×{Dy:,} = {parts['W2']:,} · b2: {parts['b2']:,}"
            )
            if count <= BUILD_LIMIT:
                st.success(
                    "Check: an instantiated network has "
                    f"{M.zero_params(Dx, H, Dy).size:,} parameters."
                )
            else:
                st.info(
                    f"{count:,} parameters is more than {BUILD_LIMIT:,}, so the network was not "
                    "built: the count is exact integer arithmetic."
                )
        with plot:
            formula(
                "param-count-live",
                **{
                    k: f"{v:,}".replace(",", "{,}")
                    for k, v in zip(("Dx", "H", "Dy", "count"), (Dx, H, Dy, count), strict=True)
                },
            )
            chart(F.param_bars(parts), key="param_bars")
        with st.container(horizontal=True, vertical_alignment="center"):
            download(
                "The counts (JSON)",
                lambda: X.to_json(
                    {"Dx": Dx, "H": H, "Dy": Dy, "parameters": count, "per_tensor": parts}
                    | {f"bytes_{k}": v for k, v in mem.items()}
                ),
                "parameter_count.json",
                key="dl_count",
            )
            if max(Dx, H, Dy) <= 32:
                page_link(
                    "pages/4_MLP_backprop.py",
                    label=f"Run backprop through this {Dx}-{H}-{Dy} network",
                    query_params={"dx": str(Dx), "h": str(H), "dy": str(Dy)},
                )
        explain(
            "The word-window net classifies the middle word of a 5-word window of 300-d word "
            "vectors (5 × 300 = 1500 inputs) into 5 classes, like CS224n's window-based entity "
            "tagger (4 entity types plus O, “not an entity”; the assignment's own version is "
            "150-200-5: 3-word windows of 50-d vectors).",
            caption=True,
        )
        erratum("param-count-shapes")
    return ()


demo("count", the_demo)

# A fresh exercise of this page's topic, for the class (pages/9_Ask_the_class.py).
poll_view.ask_button("count")
view.finish()
