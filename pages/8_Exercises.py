"""Check my answer: a seeded exercise, graded entry by entry with the checker's diagnosis."""

import numpy as np
import streamlit as st

from metl_core.mistakes import diagnose as D
from metl_core.mistakes import messages as MSG
from metl_core.teaching import exercises as EX
from metl_core.text import export as X
from pages.ui import poll_view
from pages.ui.exercise import (
    BACKPROP_HINTS,
    HINTS,
    MAX_SEED,
    MENU,
    STATEMENTS,
    TASKS,
    TITLES,
    parse,
    shape_words,
    tex,
)
from pages.ui.frame import page
from pages.ui.show import download, formula, table
from pages.ui.text import escape_md


def _fresh_answer() -> None:
    """A new exercise starts with an empty answer and the hint and the answer hidden."""
    st.session_state["answer"] = ""
    st.session_state["hint"] = False
    st.session_state["reveal"] = False


view = page(
    "Check my answer",
    "A seeded exercise: share the link and the whole class gets the same one. "
    "Type the numbers; each entry is graded, and a wrong answer gets its mistake named.",
)
row = st.container(horizontal=True)
kind = row.selectbox(
    "exercise",
    EX.KINDS,
    format_func=MENU.get,
    key="kind",
    bind="query-params",
    on_change=_fresh_answer,
)
seed = int(
    row.number_input(
        "seed", 0, MAX_SEED, 1, key="seed", bind="query-params", on_change=_fresh_answer
    )
)
# Shown only where it applies: a disabled control's grey label is below AA contrast.
quantity = (
    row.selectbox(
        "gradient",
        EX.BACKPROP,
        index=1,
        key="quantity",
        bind="query-params",
        on_change=_fresh_answer,
    )
    if kind == "backprop"
    else "dW2"
)
ex = EX.make_exercise(kind, seed, quantity)

with st.container(horizontal=True, vertical_alignment="center"):
    st.subheader(TITLES[kind])
    poll_view.ask_button(kind, seed, quantity)
formula(STATEMENTS[kind], **{k: tex(v) for k, v in ex.given.items()})
st.markdown(TASKS[kind].format(q=quantity))
tol_words = "exactly" if ex.tol == 0 else f"within {ex.tol:g} (four decimals are enough)"
text = st.text_area(
    f"Your answer: {shape_words(ex.expected.shape)}, {tol_words}",
    key="answer",
    bind="query-params",
    placeholder="one row per line, e.g.\n0.1, 0.2, 0.7"
    if ex.expected.ndim == 2
    else "0.1, 0.2, 0.7",
)

verdict = st.container()
left, right = st.columns(2)
hint = left.toggle("Show a hint", key="hint", bind="query-params")
if hint:
    left.info(HINTS.get(kind) or BACKPROP_HINTS[quantity])
# The answer comes after the hint: its switch appears once the hint is shown.
reveal = hint and right.toggle("Show the answer", key="reveal", bind="query-params")
if reveal:
    rows = np.atleast_2d(ex.expected)
    st.code("\n".join(", ".join(f"{v:.8g}" for v in row) for row in rows), language=None)

with verdict:
    if not text.strip():
        st.info("Type your answer above, then press Ctrl+Enter or click outside the box.")
    else:
        try:
            got = parse(text, ex.expected.shape)
        except ValueError as err:
            st.error(f"{escape_md(err)}  \nYour text is kept above: correct it and try again.")
        else:
            d = ex.grade(got)
            if d.code == "shape":
                typed = shape_words(got.shape)
                grouped = " Type it without thousands separators." if kind == "count" else ""
                st.error(
                    f"The answer should be {shape_words(ex.expected.shape)}; you typed {typed}."
                    f"{grouped}  \nYour text is kept above: correct it and try again."
                )
            elif d.ok:
                st.success("Right: every entry matches.")
            else:
                st.error(f"Not yet: {escape_md(MSG.describe(d.code, d.evidence, reveal))}.")
            if got.shape == ex.expected.shape:
                marks = np.where(D.rel_error(ex.expected, got) <= ex.tol, "✓", "✗")
                grid = np.atleast_2d(marks)
                table({f"column {j}": grid[:, j] for j in range(grid.shape[1])})

download(
    "This exercise (JSON)",
    lambda: X.to_json({"kind": kind, "seed": seed, "quantity": quantity, "given": ex.given}),
    f"exercise_{kind}_{seed}.json",
    key="dl_exercise",
)
view.finish()
