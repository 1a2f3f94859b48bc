"""Check my answer: a seeded exercise, graded entry by entry with the checker's diagnosis."""

import numpy as np
import streamlit as st

import metl_core as M
from metl_core import check as C
from metl_core import diagnose as D
from metl_core import export as X
from pages import ui

# The statement of each kind, a formula of the notes registry (metl_core/notes.py).
STATEMENTS = {
    "softmax": "exercise-softmax",
    "sigma_prime": "exercise-sigma_prime",
    "ce_grad": "exercise-ce_grad",
    "backprop": "exercise-backprop",
    "count": "exercise-count",
}
TITLES = {
    "softmax": "Softmax of given logits",
    "sigma_prime": "σ′ at a point",
    "ce_grad": "∂CE/∂z for given logits and class",
    "backprop": "A gradient of the seeded network",
    "count": "A parameter count",
}
# The names in the menu, which are also what the link carries (?kind=backprop).
MENU = {
    "softmax": "softmax",
    "sigma_prime": "sigma prime",
    "ce_grad": "CE gradient",
    "backprop": "backprop",
    "count": "parameter count",
}
TASKS = {
    "softmax": "Give softmax(z), one number per class.",
    "sigma_prime": "Give σ′(x), one number.",
    "ce_grad": "Give ∂CE/∂z, one number per class (indices start at 0).",
    "backprop": (
        "The network is z1 = x W1 + b1, h = σ(z1), z2 = h W2 + b2, ŷ = softmax(z2), with the CE "
        "summed over the batch of 2 rows of x, each with its true class. Give {q}."
    ),
    "count": "Give the number of parameters of a Dx-H-Dy network (weights and biases).",
}
HINTS = {
    "softmax": "Take exp of each logit, then divide each by the sum of all of them.",
    "sigma_prime": "First σ(x) = 1 / (1 + exp(−x)), then σ(x) (1 − σ(x)).",
    "ce_grad": "Compute ŷ = softmax(z), then subtract 1 at the true class: ŷ − y.",
    "count": "W1 is Dx×H and b1 has H entries; W2 is H×Dy and b2 has Dy entries.",
}
BACKPROP_HINTS = {
    "dz2": "dz2 = ŷ − y, one row per sample.",
    "dW2": "dW2 = hᵀ dz2, shaped like W2 (4×3).",
    "db2": "db2 = the sum over the batch of dz2's rows.",
    "dh": "dh = dz2 W2ᵀ, one row per sample.",
    "dz1": "dz1 = dh ⊙ σ′(z1), with σ′(z1) = h (1 − h).",
    "dW1": "dW1 = xᵀ dz1, shaped like W1 (3×4).",
    "db1": "db1 = the sum over the batch of dz1's rows.",
    "dx": "dx = dz1 W1ᵀ, one row per sample.",
}
MAX_SEED = 10**6


def _fresh_answer() -> None:
    """A new exercise starts with an empty answer and the hint and the answer hidden."""
    st.session_state["answer"] = ""
    st.session_state["hint"] = False
    st.session_state["reveal"] = False


def _tex(v) -> str:
    a = np.asarray(v)
    if a.ndim == 0:
        return f"{a.item():g}"
    rows = np.atleast_2d(a)
    body = r" \\ ".join(" & ".join(f"{c:g}" for c in row) for row in rows)
    return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"


def _shape_words(shape: tuple[int, ...]) -> str:
    if len(shape) == 2 and shape[0] == 1:
        return f"one line of {shape[1]} numbers"
    if len(shape) == 1:
        return "1 number" if shape[0] == 1 else f"one line of {shape[0]} numbers"
    return f"{shape[0]} lines of {shape[1]} numbers"


def _parse(text: str, shape: tuple[int, ...]) -> np.ndarray:
    """The typed answer: one line is a vector (when a vector is asked for), several lines
    a matrix; a ValueError says what is wrong. The shape itself is graded later."""
    lines = [line for line in text.splitlines() if line.strip()]
    rows = []
    for i, line in enumerate(lines, 1):
        try:
            rows.append(M.parse_vector(line))
        except ValueError as err:
            raise ValueError(f"Line {i}: {err}" if len(lines) > 1 else str(err)) from None
    if len({r.size for r in rows}) > 1:
        sizes = ", ".join(str(r.size) for r in rows)
        raise ValueError(f"The lines have different lengths ({sizes}): a matrix needs equal rows.")
    return rows[0] if len(shape) == 1 and len(rows) == 1 else np.array(rows)


view = ui.page(
    "Check my answer",
    "A seeded exercise: share the link and the whole class gets the same one. "
    "Type the numbers; each entry is graded, and a wrong answer gets its mistake named.",
)
row = st.container(horizontal=True)
kind = row.selectbox(
    "exercise",
    D.KINDS,
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
        D.BACKPROP,
        index=1,
        key="quantity",
        bind="query-params",
        on_change=_fresh_answer,
    )
    if kind == "backprop"
    else "dW2"
)
ex = D.make_exercise(kind, seed, quantity)

st.subheader(TITLES[kind])
ui.formula(STATEMENTS[kind], **{k: _tex(v) for k, v in ex.given.items()})
st.markdown(TASKS[kind].format(q=quantity))
tol_words = "exactly" if ex.tol == 0 else f"within {ex.tol:g} (four decimals are enough)"
text = st.text_area(
    f"Your answer: {_shape_words(ex.expected.shape)}, {tol_words}",
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
            got = _parse(text, ex.expected.shape)
        except ValueError as err:
            st.error(f"{ui.escape_md(err)}  \nYour text is kept above: correct it and try again.")
        else:
            d = ex.grade(got)
            if d.code == "shape":
                typed = _shape_words(got.shape)
                grouped = " Type it without thousands separators." if kind == "count" else ""
                st.error(
                    f"The answer should be {_shape_words(ex.expected.shape)}; you typed {typed}."
                    f"{grouped}  \nYour text is kept above: correct it and try again."
                )
            elif d.ok:
                st.success("Right: every entry matches.")
            else:
                st.error(f"Not yet: {ui.escape_md(C.describe(d.code, d.evidence, reveal))}.")
            if got.shape == ex.expected.shape:
                marks = np.where(D.rel_error(ex.expected, got) <= ex.tol, "✓", "✗")
                grid = np.atleast_2d(marks)
                ui.table({f"column {j}": grid[:, j] for j in range(grid.shape[1])})

ui.download(
    "This exercise (JSON)",
    lambda: X.to_json({"kind": kind, "seed": seed, "quantity": quantity, "given": ex.given}),
    f"exercise_{kind}_{seed}.json",
    key="dl_exercise",
)
view.finish()
