"""Small helpers shared by the core modules: dtype rules and argument checks."""

from __future__ import annotations

import math
import numbers

import numpy as np


def as_float_array(x) -> np.ndarray:
    """Return ``x`` as a floating array: float inputs keep their dtype, the rest become float64.

    Raises
    ------
    TypeError
        For complex, object or string input, which have no place in this maths.
    """
    arr = np.asarray(x)
    if np.issubdtype(arr.dtype, np.floating):
        return arr
    if arr.dtype == np.bool_ or np.issubdtype(arr.dtype, np.integer):
        return arr.astype(np.float64)
    raise TypeError(f"expected real numbers, got an array of dtype {arr.dtype}")


def check_positive_finite(value, name: str) -> float:
    """Return ``value`` as a float after checking it is a finite real number > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if not math.isfinite(value) or value <= 0.0:
        raise ValueError(f"{name} must be finite and > 0, got {value!r}")
    return value


def check_dim(value, name: str) -> int:
    """Return a layer size as a Python int; refuse bools, non-integers and sizes < 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    value = int(value)
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return value
