"""The notes, in their order: each step in correct LaTeX, checked live with numbers."""

import contextlib

import numpy as np
import streamlit as st

import metl_core as M
from metl_core.teaching import notes as N
from metl_core.text import export as X
from pages.ui.checks import checks
from pages.ui.frame import demo, explain, page
from pages.ui.inputs import class_index, vector_input
from pages.ui.show import download, erratum, formula, numbers, table
from pages.ui.url import url_option

TOPIC = "step_by_step"  # its formulas: the registry's entries of this topic
STEPS = {
    1: "1. Softmax: the definition",
    2: "2. Softmax is invariant to one added constant",
    3: "3. The sigmoid and its derivative",
    4: "4. The gradient of cross-entropy: ŷ − y",
    5: "5. Backpropagation, layer by layer",
    6: "6. The number of parameters",
}
# The step control's labels (the link carries them: ?nstep=3 works too).
SHORT = {
    1: "1 Softmax",
    2: "2 Invariance",
    3: "3 Sigmoid",
    4: "4 CE gradient",
    5: "5 Backprop",
    6: "6 Parameters",
}
INTROS = {
    2: "The constant must be the same for every logit: c·1 = (c, …, c). The counterexample "
    "adds a seeded non-constant vector u instead.",
    4: "[j = k] is the Iverson bracket: 1 when j = k and 0 otherwise. The sum runs over i; "
    "j names the logit being differentiated. The notes call the logits θ here (softmax(θ)); "
    "in step 5 they use θ for the sigmoid.",
    5: "This page numbers the δs from the output back: δ1 belongs to z2, δ2 to h and δ3 to "
    "z1, the opposite of the layer indices. Careful: in the notes δ is the sigmoid σ, and "
    "so is θ here (θ′ = σ′), which in step 4 was the logits.",
}

view = page(
    "The notes, step by step",
    "Read this beside METL TP 1: every equality is evaluated at numbers you choose, and every "
    "mistake in the notes is shown next to the correction.",
)


# The fields of N.Inputs, in order, and the step: what the cached checks are keyed on.
@st.cache_resource(max_entries=128, show_spinner=False)
def checks_of(fields: tuple, step: int) -> dict[str, tuple[N.Check, N.Check | None]]:
    """The step's checks and their wrong versions', once per set of inputs: a class that
    opens one link computes them once, and only the step that is open."""
    inputs = N.Inputs(*fields)
    return {
        e.key: (e.check(inputs), e.wrong_check(inputs) if e.wrong_check else None)
        for e in N.entries(topic=TOPIC, step=step)
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


def inputs_row() -> tuple:
    """The numbers every check is evaluated at, as the fields of :class:`N.Inputs`."""
    with st.container(horizontal=True, vertical_alignment="bottom"):
        x = vector_input(
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
        c = st.number_input(
            "constant c (step 2)", -1000.0, 1000.0, 3.0, key="nc", bind="query-params"
        )
        k = st.number_input("true class k (step 4)", 0, 19, 0, key="nk", bind="query-params")
        seed = st.number_input(
            "seed (steps 2 and 5)", 0, 2**31 - 1, 0, key="nseed", bind="query-params"
        )
        Dx = st.number_input("Dx (steps 5 and 6)", 1, 32, 4, key="ndx", bind="query-params")
        H = st.number_input("H (steps 5 and 6)", 1, 32, 3, key="nh", bind="query-params")
        Dy = st.number_input("Dy (steps 5 and 6)", 1, 32, 3, key="ndy", bind="query-params")
    k = class_index(k, x.size, "logits")
    return tuple(float(v) for v in x), float(c), int(k), int(seed), (Dx, H, Dy)


def show_step(step: int, fields: tuple) -> dict[str, N.Check]:
    """Every registry entry of the notes' ``step``: its formula, its erratum, its checks;
    returns the checks of the correct maths."""
    Dx, H, Dy = fields[4]
    values = {"count": f"{M.param_count(Dx, H, Dy):,}".replace(",", "{,}")}
    done = checks_of(fields, step)
    st.header(STEPS[step], anchor=False)
    if step in INTROS:
        explain(INTROS[step])
    results = {}
    for i, entry in enumerate(N.entries(topic=TOPIC, step=step)):
        # The first entry is the page's demo: presentation mode keeps it on one screen.
        with st.container(key="notes_first") if i == 0 else contextlib.nullcontext():
            filled = {v: values[v] for v in entry.values}
            if entry.source:  # the erratum shows the correct formula under the wrong one
                erratum(entry.key, **filled)
            else:
                formula(entry.key, **filled)
            right, wrong = done[entry.key]
            results[entry.label] = right
            items = [(entry.label, right)]
            if wrong is not None:
                items.append((entry.wrong_label, wrong, entry.source))
            checks(*items)
    return results


def backprop_table(fields: tuple) -> None:
    """Step 5's gradient checks, of the correct backward pass and of the notes'."""
    (Dx, H, Dy), seed = fields[4], fields[3]
    label, backprop, typo = backprop_checks(fields)
    st.caption(
        f"A {Dx}-{H}-{Dy} network from seed {seed}, true class {label}; centred finite "
        "differences with step Δ = 1e-4. The error of a gradient check is |num − ana| / "
        "max(1, |num|, |ana|), as in the assignment: relative for large gradients, absolute "
        "for small ones; the tolerance is 1e-5."
    )
    table(
        {
            "gradient": list(backprop),
            "largest error": [r.error for r in backprop.values()],
            "passes (tolerance 1e-5)": [r.ok for r in backprop.values()],
            "with the notes' θ²(z1): error": [typo[n].error for n in backprop],
            "with the notes' θ²(z1): passes": [typo[n].ok for n in backprop],
        },
        digits=3,
    )
    explain(
        "Code that takes δ3 from the notes' last line (θ²(z1) = σ(z1)²) gets dz1 wrong, and "
        "with it dW1, db1 and dx; dz2, dW2, db2 and dh, computed before it, still pass."
    )


def the_demo() -> tuple:
    """The open step of the notes, the numbers it is checked at, and its checks."""
    url_option("nstep", list(STEPS), SHORT.get)
    step = st.segmented_control(
        "Step of the notes",
        list(STEPS),
        format_func=SHORT.get,
        default=1,
        key="nstep",
        bind="query-params",
        required=True,
    )
    step = step if step in STEPS else 1
    # The step first, the numbers it is checked at under it (they are drawn first, in
    # the slot below, because the checks read them).
    step_slot = st.container()
    fields = inputs_row()
    with step_slot:
        results = show_step(step, fields)
    if step == 5:
        with step_slot:
            backprop_table(fields)
    passed = f"{sum(r.ok for r in results.values())} of {len(results)}"
    with st.container(horizontal=True, vertical_alignment="center"):
        numbers(
            {f"checks of the correct maths in step {step} that pass": passed},
            "total",
        )
        download(
            f"Every check of step {step} (CSV)",
            lambda: X.to_csv(
                {
                    "check": list(results),
                    "largest_difference": [r.error for r in results.values()],
                    "tolerance": [r.tol for r in results.values()],
                    "passes": [r.ok for r in results.values()],
                }
            ),
            f"notes_checks_step{step}.csv",
            key="dl_notes",
        )
    return ()


demo("notes", the_demo)

view.finish()
