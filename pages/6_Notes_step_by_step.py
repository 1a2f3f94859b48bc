"""The notes, in their order: each step in correct LaTeX, checked live with numbers."""

import numpy as np
import streamlit as st

import metl_core as M
from metl_core import export as X
from metl_core import notes as N
from pages import ui

PAGE = "6_Notes_step_by_step"
STEPS = {
    1: "1. Softmax: the definition",
    2: "2. Softmax is invariant to one added constant",
    3: "3. The sigmoid and its derivative",
    4: "4. The gradient of cross-entropy: ŷ − y",
    5: "5. Backpropagation, layer by layer",
    6: "6. The number of parameters",
}
INTROS = {
    2: "The constant must be the same for every logit: c·1 = (c, …, c). The counterexample "
    "adds a seeded non-constant vector u instead.",
    4: "[j = k] is the Iverson bracket: 1 when j = k and 0 otherwise. The sum runs over i; "
    "j names the logit being differentiated.",
    5: "This page numbers the δs from the output back: δ1 belongs to z2, δ2 to h and δ3 to "
    "z1, the opposite of the layer indices. Careful: in the notes δ is the sigmoid σ.",
}

view = ui.page(
    "The notes, step by step",
    "Read this beside METL TP 1: every equality is evaluated at numbers you choose, and every "
    "mistake in the notes is shown next to the correction.",
)

st.subheader("Inputs for the checks")
c1, c2, c3, c4 = st.columns([3, 1, 1, 1])
with c1:
    x = ui.vector_input(
        "x (used by steps 1, 2 and 4)",
        key="nx",
        default="1, 2, -0.5",
        max_entries=20,
        min_entries=2,
        check=lambda v: (
            None
            if np.max(np.abs(v)) <= 700
            else "Keep |xᵢ| ≤ 700 here, so that the numbers stay readable in the checks."
        ),
    )
c = c2.number_input("constant c (step 2)", -1000.0, 1000.0, 3.0, key="nc", bind="query-params")
k = c3.number_input("true class k (step 4)", 0, 19, 0, key="nk", bind="query-params")
seed = c4.number_input("seed (steps 2 and 5)", 0, 2**31 - 1, 0, key="nseed", bind="query-params")
d1, d2, d3 = st.columns(3)
Dx = d1.number_input("Dx (steps 5 and 6)", 1, 32, 4, key="ndx", bind="query-params")
H = d2.number_input("H (steps 5 and 6)", 1, 32, 3, key="nh", bind="query-params")
Dy = d3.number_input("Dy (steps 5 and 6)", 1, 32, 3, key="ndy", bind="query-params")
k = ui.class_index(k, x.size, "logits")
# The fields of N.Inputs, in order: what the cached checks are keyed on.
FIELDS = (tuple(float(v) for v in x), float(c), int(k), int(seed), (Dx, H, Dy))

results: dict[str, N.Check] = {}


@st.cache_resource(max_entries=64, show_spinner=False)
def checks_of(fields: tuple) -> dict[str, tuple[N.Check, N.Check | None]]:
    """Every entry's check and its wrong version's, once per set of inputs: a class that
    opens one link computes them once."""
    inputs = N.Inputs(*fields)
    return {
        e.key: (e.check(inputs), e.wrong_check(inputs) if e.wrong_check else None)
        for e in N.entries(page=PAGE)
    }


@st.cache_resource(max_entries=64, show_spinner=False)
def backprop_checks(fields: tuple) -> tuple[int, dict, dict]:
    """The network's true class, and the gradient checks of the correct backward pass and
    of the notes' (θ²(z1))."""
    params, x_net, label = N.Inputs(*fields).network
    return (
        label,
        N.check_backprop(params, x_net, label),
        N.check_backprop(params, x_net, label, backward_fn=N.notes_backward),
    )


done = checks_of(FIELDS)


def show_step(step: int) -> None:
    """Every registry entry of the notes' ``step``: its formula, its erratum, its checks."""
    st.header(STEPS[step])
    if step in INTROS:
        ui.explain(INTROS[step])
    for entry in N.entries(page=PAGE, step=step):
        values = {"count": f"{M.param_count(Dx, H, Dy):,}".replace(",", "{,}")}
        if entry.source:  # the erratum shows the correct formula beside the wrong one
            ui.erratum(entry.key)
        else:
            ui.formula(entry.key, **{v: values[v] for v in entry.values})
        results[entry.label], wrong = done[entry.key]
        items = [(entry.label, results[entry.label])]
        if wrong is not None:
            items.append((entry.wrong_label, wrong, entry.source))
        ui.checks(*items)


for step in (1, 2, 3, 4):
    show_step(step)
show_step(5)

label, backprop, typo = backprop_checks(FIELDS)
st.caption(
    f"A {Dx}-{H}-{Dy} network from seed {seed}, true class {label}; centred finite "
    "differences with step Δ = 1e-4. The error of a gradient check is |num − ana| / max(1, "
    "|num|, |ana|), as in the assignment: relative for large gradients, absolute for small ones."
)
st.dataframe(
    {
        "gradient": list(backprop),
        "largest error": [r.error for r in backprop.values()],
        "passes at 1e-5": [r.ok for r in backprop.values()],
        "with the notes' θ²(z1): error": [typo[n].error for n in backprop],
        "with the notes' θ²(z1): passes": [typo[n].ok for n in backprop],
    },
    hide_index=True,
    width="stretch",
    column_config={
        "largest error": st.column_config.NumberColumn(format="%.2e"),
        "with the notes' θ²(z1): error": st.column_config.NumberColumn(format="%.2e"),
    },
)
ui.explain(
    "Code that takes δ3 from the notes' last line (θ²(z1) = σ(z1)²) gets dz1 wrong, and with "
    "it dW1, db1 and dx; dz2, dW2, db2 and dh, computed before it, still pass."
)

show_step(6)

st.divider()
passed = sum(r.ok for r in results.values())
st.metric("checks of the correct maths that pass", f"{passed} of {len(results)}")
ui.download(
    "Every check on this page (CSV)",
    lambda: X.to_csv(
        {
            "check": list(results),
            "largest_difference": [r.error for r in results.values()],
            "tolerance": [r.tol for r in results.values()],
            "passes": [r.ok for r in results.values()],
        }
    ),
    "notes_checks.csv",
    key="dl_notes",
)

view.finish()
