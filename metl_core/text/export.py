"""Numbers on screen as CSV or JSON, at full float64 precision, for download."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping

import numpy as np

SMALLEST_NORMAL = float(np.finfo(np.float64).tiny)


def number_text(x: float, digits: int = 6) -> str:
    """A number as it is shown on screen: ``digits`` significant digits in general
    format, so 1e-320 reads "1e-320" (never a run of zeros) and 1e300 "1e+300"; NaN and
    ±inf by name ("NaN", "inf", "−inf"); −0 keeps its sign. The pages' ``ui.fmt``, their
    tables and the figures' cell numbers all write numbers through this one function.
    """
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "inf" if x > 0 else "−inf"
    if x != 0 and abs(x) < SMALLEST_NORMAL:
        # A subnormal holds fewer digits than ``digits`` asks: "%g" would print 1e-320 as
        # 9.99989e-321, digits the float never held. Its shortest spelling is what it is.
        return np.format_float_scientific(x, precision=digits - 1, unique=True, trim="-")
    return f"{x:.{digits}g}"


def _cell(v) -> str:
    """A float written so that float(text) gives the same float back; NaN and ±inf spelt."""
    if isinstance(v, (float, np.floating)):
        v = float(v)
        if math.isfinite(v):
            return repr(v)
        return "NaN" if math.isnan(v) else ("inf" if v > 0 else "-inf")
    return str(v)


def to_csv(columns: Mapping[str, object], index: list[str] | None = None) -> str:
    """Columns of equal length as CSV text, with an optional first column of row labels.

    Raises
    ------
    ValueError
        If the columns differ in length.
    """
    cols = {name: np.atleast_1d(np.asarray(values)).ravel() for name, values in columns.items()}
    lengths = {len(c) for c in cols.values()}
    if len(lengths) > 1:
        raise ValueError(f"columns differ in length: {sorted(lengths)}")
    n = lengths.pop() if lengths else 0
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow((["row"] if index is not None else []) + list(cols))
    for r in range(n):
        row = [_cell(c[r].item() if hasattr(c[r], "item") else c[r]) for c in cols.values()]
        writer.writerow(([index[r]] if index is not None else []) + row)
    return buf.getvalue()


def jsonable(obj):
    """Arrays to nested lists, numpy scalars to Python, NaN and ±inf to "NaN"/"inf"/"-inf"."""
    if isinstance(obj, Mapping):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, np.ndarray):
        return jsonable(obj.tolist())
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, np.generic):
        return jsonable(obj.item())
    if isinstance(obj, float) and not math.isfinite(obj):
        return "NaN" if math.isnan(obj) else ("inf" if obj > 0 else "-inf")
    return obj


def to_json(obj) -> str:
    """Strict JSON (no bare NaN) of nested dicts, lists and arrays; ints stay exact."""
    return json.dumps(jsonable(obj), indent=2, allow_nan=False)
