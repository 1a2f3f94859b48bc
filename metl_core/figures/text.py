"""A figure as text: a one-paragraph summary and a table of its numbers (issue #20).

Screen readers cannot read a Plotly chart's SVG. Both functions here read the figure
itself (its title, axis titles and each trace's data), so the text says what the chart
shows because it is built from the very numbers drawn. Plain Plotly, no Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

LISTED = 6  # a trace with at most this many points is read out in full; longer ones as a range
_TAG = re.compile(r"<[^>]*>")
_GRID_TYPES = ("heatmap", "contour")


def plain(text) -> str:
    """Plotly's HTML-ish label text as plain text: tags dropped, whitespace collapsed."""
    return " ".join(_TAG.sub(" ", str(text or "")).split())


def number(v) -> str:
    """A number at three significant digits; NaN and infinities spelt out."""
    v = float(v)
    if np.isnan(v):
        return "NaN"
    if np.isinf(v):
        return "infinity" if v > 0 else "minus infinity"
    return f"{v:.3g}".replace("-", "−")


def _label(v) -> str:
    if isinstance(v, (int, float, np.number)) and not isinstance(v, bool):
        return number(v)
    return plain(v)


def _values(data) -> np.ndarray | None:
    """A trace's x, y or z as an array; None if absent. Plotly's gap markers (None) go."""
    if data is None:
        return None
    arr = np.asarray(data, dtype=object).ravel() if not isinstance(data, np.ndarray) else data
    return arr


def _numeric(arr: np.ndarray | None) -> np.ndarray | None:
    """The finite numbers among ``arr``, or None when it holds anything but numbers."""
    if arr is None:
        return None
    try:
        out = np.asarray([np.nan if v is None else v for v in np.ravel(arr)], dtype=float)
    except (TypeError, ValueError):
        return None
    return out[np.isfinite(out)]


def _name(trace, i: int) -> str:
    return plain(trace.name) or f"series {i + 1}"


def _range(values: np.ndarray) -> str:
    return f"from {number(values.min())} to {number(values.max())}"


def trace_text(trace, i: int) -> str | None:
    """One trace as a clause: its name, and its values in full or as ranges."""
    name = _name(trace, i)
    kind = trace.type or "scatter"
    if kind == "scatter" and not plain(trace.name):
        return None  # an unnamed line or marker is drawing (arrows, nodes), not data
    if kind == "image":
        return f"{name}: an image"
    if kind in _GRID_TYPES:
        z = np.asarray(trace.z, dtype=float) if trace.z is not None else None
        if z is None or not np.isfinite(z).any():
            return None
        shape = "×".join(str(s) for s in np.atleast_2d(z).shape)
        return f"{name}: {shape} values {_range(z[np.isfinite(z)])}"
    x, y = _values(trace.x), _values(trace.y)
    if y is None:
        return None
    ynum = _numeric(y)
    if ynum is None or ynum.size == 0:
        return None
    if trace.orientation == "h":  # bars lying down: the values are along x
        x, y = y, x
        ynum = _numeric(y)
        if ynum is None or ynum.size == 0:
            return None
    pairs = [(a, b) for a, b in zip(x if x is not None else range(len(y)), y, strict=False)]
    pairs = [(a, b) for a, b in pairs if b is not None and np.isfinite(float(b))]
    if len(pairs) <= LISTED:
        if x is None:
            listed = ", ".join(number(b) for _, b in pairs)
        elif _numeric(x) is not None:  # points in the plane: (x, y)
            listed = ", ".join(f"({number(a)}, {number(b)})" for a, b in pairs)
        else:  # a value per category
            listed = ", ".join(f"{_label(a)} {number(b)}" for a, b in pairs)
        return f"{name}: {listed}"
    xnum = _numeric(x)
    where = f", x {_range(xnum)}" if xnum is not None and xnum.size else ""
    return f"{name}: {len(pairs)} points{where}, y {_range(ynum)}"


def _axis_titles(fig: go.Figure) -> list[str]:
    titles = []
    # The layout's own property names (xaxis, yaxis2, ...): no JSON of the whole figure.
    for key in sorted(k for k in fig.layout if re.fullmatch(r"[xy]axis\d*", k)):
        text = plain(fig.layout[key].title.text)
        if text and f"{key[0]}: {text}" not in titles:
            titles.append(f"{key[0]}: {text}")
    return titles


def describe(fig: go.Figure, alt: str | None = None) -> str:
    """The chart's summary: title, axes, then each trace's name and numbers.

    ``alt`` replaces the title as the opening sentence (a page can say better what the
    chart is about); the numbers read from the figure follow it either way.
    """
    title = plain(alt) or plain(fig.layout.title.text) or "A chart"
    panels = [plain(a.text) for a in fig.layout.annotations or () if plain(a.text)]
    parts = [title.rstrip(".") + "."]
    if panels and not alt:
        parts.append("Labels: " + "; ".join(panels[:6]) + ".")
    axes = _axis_titles(fig)
    if axes:
        parts.append("Axes " + "; ".join(axes) + ".")
    clauses = [c for i, t in enumerate(fig.data) if (c := trace_text(t, i))]
    if clauses:
        parts.append("; ".join(clauses) + ".")
    return " ".join(parts)


def table(fig: go.Figure, max_rows: int = 500) -> tuple[dict[str, list], int]:
    """The plotted numbers as columns (series, x, y, value), at most ``max_rows`` rows.

    Returns the columns and the number of rows there were in all (more than ``max_rows``
    when it was cut). Lines and bars give one row per point (``value`` empty); heatmaps
    one row per cell, with its column and row label as x and y; images none.
    """
    cols: dict[str, list] = {"series": [], "x": [], "y": [], "value": []}
    total = 0

    def add(series: str, x, y, value) -> None:
        nonlocal total
        total += 1
        if total <= max_rows:
            for k, v in zip(cols, (series, x, y, value), strict=True):
                cols[k].append(v)

    for i, trace in enumerate(fig.data):
        name = _name(trace, i)
        kind = trace.type or "scatter"
        if kind == "image":
            continue
        if kind in _GRID_TYPES:
            if trace.z is None:
                continue
            z = np.atleast_2d(np.asarray(trace.z, dtype=float))
            xs = _axis_labels(trace.x, z.shape[1])
            ys = _axis_labels(trace.y, z.shape[0])
            for r in range(z.shape[0]):
                for c in range(z.shape[1]):
                    if np.isfinite(z[r, c]):
                        add(name, xs[c], ys[r], float(z[r, c]))
            continue
        y = _values(trace.y)
        if y is None:
            continue
        x = _values(trace.x)
        xs = list(x) if x is not None else list(range(len(y)))
        for a, b in zip(xs, y, strict=False):
            if a is None or b is None:
                continue
            add(name, _cell(a), _cell(b), None)
    return cols, total


def _axis_labels(labels: Sequence | None, n: int) -> list:
    if labels is None:
        return list(range(n))
    return [_cell(v) for v in list(labels)[:n]]


def _cell(v):
    if isinstance(v, (np.integer, int)) and not isinstance(v, bool):
        return int(v)
    if isinstance(v, (np.floating, float)):
        return float(v)
    return plain(v)
