"""Hypothesis strategies shared by the tests, kept in one place."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

# Finite logits across the whole float64 range, and moderate ones for exact identities.
any_finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
moderate = st.floats(-50, 50, allow_nan=False, allow_infinity=False)


def vectors(elements=any_finite, min_size=1, max_size=20):
    """1-D float64 arrays."""
    return hnp.arrays(np.float64, st.integers(min_size, max_size), elements=elements)


def matrices(elements=moderate, max_rows=6, max_cols=6):
    """2-D float64 arrays of at least 1 x 1."""
    shape = st.tuples(st.integers(1, max_rows), st.integers(1, max_cols))
    return hnp.arrays(np.float64, shape, elements=elements)


def logits_and_labels(max_rows=6, max_classes=8):
    """(logits of shape (N, C), int labels of shape (N,)) with C >= 2."""

    @st.composite
    def build(draw):
        n = draw(st.integers(1, max_rows))
        c = draw(st.integers(2, max_classes))
        z = draw(hnp.arrays(np.float64, (n, c), elements=moderate))
        y = draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, c - 1)))
        return z, y

    return build()


dims = st.integers(1, 12)
network_dims = st.tuples(dims, dims, dims)
seeds = st.integers(0, 2**32 - 1)

# --- For the explanations beyond the notes (issue 15) ---------------------------------------
# Logits whose softmax stays well inside float64 (no probability rounds to 0), for checks
# that divide by ŷ or compare with finite differences.
tame = st.floats(-20, 20, allow_nan=False, allow_infinity=False)


def distributions(n: int):
    """Probability vectors of length n (entries > 0, summing to 1), as softmax of tame logits."""
    return hnp.arrays(np.float64, n, elements=tame).map(
        lambda v: np.exp(v - v.max()) / np.exp(v - v.max()).sum()
    )


def logits_and_target(max_classes=8):
    """(tame logits of shape (n,), a probability target of shape (n,)) with n >= 1."""

    @st.composite
    def build(draw):
        n = draw(st.integers(1, max_classes))
        return draw(hnp.arrays(np.float64, n, elements=tame)), draw(distributions(n))

    return build()


preactivation = st.floats(-6, 6, allow_nan=False, allow_infinity=False)
