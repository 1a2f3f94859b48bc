"""Behind the network pages: inputs within range, seeded vectors, sizes in memory."""

from __future__ import annotations

import numpy as np

from .._arrays import as_float_array

MAX_INPUT = 1e6


def check_input(x, dx: int) -> str | None:
    """Why ``x`` cannot be the network's input for Dx = ``dx``, or None when it can.

    Inputs beyond ±1e6 are refused: x W1 could overflow, and the sigmoids can saturate
    at 0 or 1 long before, leaving nothing to see.
    """
    x = as_float_array(x)
    if x.shape != (dx,):
        return f"x has {x.size} numbers but Dx is {dx}: type exactly {dx}."
    if np.any(np.abs(x) > MAX_INPUT):
        return (
            f"Keep every entry of x within ±{MAX_INPUT:g}: beyond that the sigmoids can "
            "saturate at 0 or 1 and x W1 can overflow."
        )
    return None


def random_vector(n: int, seed: int = 0, scale: float = 2.0) -> np.ndarray:
    """n seeded normal draws times ``scale``, rounded to 2 decimals for display."""
    return np.round(np.random.default_rng(seed).normal(0.0, scale, size=int(n)), 2)


def memory_bytes(count: int) -> dict[str, int]:
    """Bytes taken by ``count`` parameters at float32 and float64 (exact ints)."""
    return {"float32": 4 * int(count), "float64": 8 * int(count)}


def human_bytes(n: int) -> str:
    """Bytes in binary units: 460 B, 1.5 KiB, 3.2 GiB, ..."""
    n = int(n)
    units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"]
    size, k = float(n), 0
    while size >= 1024 and k < len(units) - 1:
        size /= 1024
        k += 1
    return f"{n} B" if k == 0 else f"{size:.3g} {units[k]}"
