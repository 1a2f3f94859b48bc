"""The exercises' words and how a typed answer is read: shared by the exercises page
and the class poll (``pages/ui/poll.py``), so both state, read and grade alike.

No Streamlit here: plain text and :func:`metl_core.parse_vector`.
"""

from __future__ import annotations

import numpy as np

import metl_core as M
from metl_core.text.parsing import ParseError

# The statement of each kind, a formula of the notes registry (metl_core/teaching/notes/).
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


def tex(v) -> str:
    a = np.asarray(v)
    if a.ndim == 0:
        return f"{a.item():g}"
    rows = np.atleast_2d(a)
    body = r" \\ ".join(" & ".join(f"{c:g}" for c in row) for row in rows)
    return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"


def shape_words(shape: tuple[int, ...]) -> str:
    if len(shape) == 2 and shape[0] == 1:
        return f"one line of {shape[1]} numbers"
    if len(shape) == 1:
        return "1 number" if shape[0] == 1 else f"one line of {shape[0]} numbers"
    return f"{shape[0]} lines of {shape[1]} numbers"


def parse(text: str, shape: tuple[int, ...]) -> np.ndarray:
    """The typed answer: one line is a vector (when a vector is asked for), several lines
    a matrix. A :class:`ParseError` says what is wrong, quoting the entry apart so that a
    page shows it as plain text; the shape itself is graded later."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise ParseError("Nothing was entered. Type numbers such as 0.1, 0.2, 0.7.")
    rows = []
    for i, line in enumerate(lines, 1):
        try:
            rows.append(M.parse_vector(line))
        except ParseError as err:
            if len(lines) == 1:
                raise
            raise ParseError(f"Line {i}: {err.template}", err.entry) from None
    if len({r.size for r in rows}) > 1:
        sizes = ", ".join(str(r.size) for r in rows)
        raise ParseError(f"The lines have different lengths ({sizes}): a matrix needs equal rows.")
    return rows[0] if len(shape) == 1 and len(rows) == 1 else np.array(rows)
