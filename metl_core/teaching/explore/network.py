"""Behind the network pages: inputs within range, seeded vectors, sizes in memory."""

from __future__ import annotations

import numpy as np

from metl_core.maths.arrays import as_float_array

MAX_INPUT = 1e6


def input_problem(x, Dx: int) -> str | None:
    """What keeps ``x`` from being the network's input for this Dx, or None.

    "size" when x does not have Dx entries; "range" when an entry is beyond ±MAX_INPUT
    (x W1 could overflow, and the sigmoids can saturate at 0 or 1 long before, leaving
    nothing to see).
    """
    x = as_float_array(x)
    if x.shape != (Dx,):
        return "size"
    if np.any(np.abs(x) > MAX_INPUT):
        return "range"
    return None


def random_vector(n: int, seed: int = 0, scale: float = 2.0) -> np.ndarray:
    """n seeded normal draws times ``scale``, rounded to 2 decimals for display."""
    return np.round(np.random.default_rng(seed).normal(0.0, scale, size=int(n)), 2)


def memory_bytes(count: int) -> dict[str, int]:
    """Bytes taken by ``count`` parameters at float32 and float64 (exact ints)."""
    return {"float32": 4 * int(count), "float64": 8 * int(count)}
