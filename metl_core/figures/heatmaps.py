"""Heatmaps of vectors, weights and matrices, each on its own symmetric colour range.
Plain Plotly: no Streamlit here."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from metl_core.text.export import number_text

from . import kit

# Cells get their numbers written in when a row has at most this many entries: more
# would not be readable on a phone.
LABELLED_CELLS = 12
ROW_PX, ROW_GAP_PX = 84, 46  # a vector's row, and the gap above it that holds its name


def vector_heatmaps(rows: Sequence[tuple[str, np.ndarray]], title: str) -> go.Figure:
    """One row per named vector, its values written in, all in one heatmap trace.

    Each row has its own symmetric colour range around 0 (red positive, blue negative):
    the colour is the value over the row's largest magnitude, as the colour bar below
    says; ``customdata`` holds the values themselves, NaN-padded to the longest row, and
    they are what is written and hovered. Each row's name is written above it, inside
    the plot, so the cells keep the whole width on a narrow screen. One trace on one pair
    of axes draws in the browser in about half the time of a panel per vector.
    """
    names = [name for name, _ in rows]
    vectors = [np.ravel(np.asarray(v, dtype=float)) for _, v in rows]
    width = max((v.size for v in vectors), default=0) or 1
    labelled = width <= LABELLED_CELLS
    values = np.full((len(rows), width), np.nan)  # NaN: no entry there, drawn as a gap
    colour = values.copy()
    short = [[""] * width for _ in rows]
    for r, v in enumerate(vectors):
        values[r, : v.size] = v
        colour[r, : v.size] = v / kit.symmetric_bound(v)
        short[r][: v.size] = [number_text(t, 3) for t in v]
    data = [
        {
            "type": "heatmap",
            "z": colour,
            "x": [f"[{k}]" for k in range(width)],
            "y": names,
            "zmid": 0,
            "zmin": -1,
            "zmax": 1,
            "colorscale": kit.DIVERGING,
            "showscale": True,
            "colorbar": {
                "orientation": "h",
                "y": -0.02,
                "yanchor": "top",
                "thickness": 12,
                "len": 0.8,
                "x": 0.5,
                "xanchor": "center",
                "tickvals": [-1, 0, 1],
                "ticktext": ["−row's largest |v|", "0", "+row's largest |v|"],
                "title": {"text": "colour: each row on its own scale", "side": "top"},
            },
            "xgap": 2,
            "ygap": ROW_GAP_PX,
            "hoverongaps": False,
            "customdata": values,
            "text": short if labelled else None,
            "texttemplate": "%{text}" if labelled else None,
            "hovertemplate": "%{y}<br>entry %{x}: %{customdata:.6g}<extra></extra>",
        }
    ]
    # Each name just above its row, left-aligned in the gap, instead of as a tick label.
    names_shown = [
        {
            "text": name,
            "x": 0,
            "xref": "paper",
            "xanchor": "left",
            "y": r - 0.5,
            "yref": "y",
            "yanchor": "top",
            "yshift": -3,
            "showarrow": False,
            "font": {"size": 13},
        }
        for r, name in enumerate(names)
    ]
    layout = {
        "title": kit.heading(title),
        "height": ROW_PX * len(rows) + 190,
        "margin": {"l": 10, "r": 10, "t": 90, "b": 90},
        "xaxis": {"type": "category", "side": "top", "showgrid": False},
        "yaxis": {
            "type": "category",
            "autorange": "reversed",
            "showticklabels": False,
            "showgrid": False,
        },
        "annotations": names_shown,
    }
    return kit.build(data, layout)


def weight_heatmaps(pairs: Sequence[tuple[str, np.ndarray, str, np.ndarray]], title: str):
    """Each weight matrix above its bias row, stacked, so no title sits beside another.

    ``pairs`` holds (matrix name, matrix, bias name, bias): a Dx×H matrix and its H
    biases share their columns, the bias drawn as one row under the matrix. A pair shares
    one symmetric colour range, shown by its own colour bar; every cell has its number
    written in while the matrix has at most :data:`LABELLED_CELLS` columns.
    """
    panels = []
    for mname, matrix, bname, bias in pairs:
        m = np.atleast_2d(np.asarray(matrix, dtype=float))
        b = np.asarray(bias, dtype=float).reshape(1, -1)
        bound = kit.symmetric_bound(np.concatenate([m.ravel(), b.ravel()]))
        panels += [(mname, m, bound, True), (bname, b, bound, False)]
    title_px, cell_px, axis_px = 40, 34, 46  # a bias row also holds the column axis below it
    heights = [title_px + cell_px * p[1].shape[0] + (0 if p[3] else axis_px) for p in panels]
    total = sum(heights)
    data, annotations = [], []
    layout = {"title": kit.heading(title), "margin": {"l": 46, "r": 56, "t": 70, "b": 10}}
    top = 1.0
    for i, ((name, m, bound, is_matrix), px) in enumerate(zip(panels, heights, strict=True)):
        suffix = "" if i == 0 else str(i + 1)
        lo = max(0.0, top - px / total)
        domain = [lo + (0 if is_matrix else axis_px / total), top - title_px / total]
        rows_n, cols_n = m.shape
        trace = kit.diverging_heatmap(m, bound, name, suffix, showscale=is_matrix, xgap=1, ygap=1)
        if cols_n <= LABELLED_CELLS:
            # Two digits past four columns, so a phone's narrow cells still hold them.
            digits = 3 if cols_n <= 4 else 2
            trace["text"] = [[number_text(v, digits) for v in row] for row in m]
            trace["texttemplate"] = "%{text}"
        if is_matrix:
            # One colour bar per pair (matrix and bias share the range), beside the matrix.
            trace["colorbar"] = {
                "y": domain[0],
                "yanchor": "bottom",
                "len": domain[1] - domain[0],
                "thickness": 10,
            }
        data.append(trace)
        xaxis = kit.axis("column", anchor=f"y{suffix}", tick0=0, dtick=kit.tick_step(cols_n))
        if is_matrix:
            xaxis["visible"] = False  # the bias row below shows the same columns
        else:
            xaxis["matches"] = f"x{'' if i == 1 else i}"
        layout[f"xaxis{suffix}"] = xaxis
        layout[f"yaxis{suffix}"] = kit.axis(
            "row" if is_matrix else "bias",
            domain=domain,
            anchor=f"x{suffix}",
            autorange="reversed",
            tick0=0,
            dtick=kit.tick_step(rows_n),
            showticklabels=is_matrix,
        )
        title_note = kit.panel_title(name, 0.0, domain[1])
        title_note.update({"xanchor": "left", "yshift": 4})
        annotations.append(title_note)
        top = lo
    layout["annotations"] = annotations
    layout["height"] = total + 80
    return kit.build(data, layout)


def matrix_heatmaps(mats: Sequence[tuple[str, np.ndarray]], title: str) -> go.Figure:
    """Matrices and vectors side by side, each with its own symmetric colour range."""
    n, gap = len(mats), 0.06
    w = (1.0 - gap * (n - 1)) / n
    data, layout = (
        [],
        {
            "title": kit.heading(title),
            "height": 380,
            "margin": {"l": 50, "r": 20, "t": 80, "b": 50},
            "annotations": [],
        },
    )
    for c, (name, values) in enumerate(mats, start=1):
        m = np.asarray(values, dtype=float)
        m = m[:, None] if m.ndim == 1 else m
        bound = kit.symmetric_bound(m)
        suffix = "" if c == 1 else str(c)
        domain = [max(0.0, (c - 1) * (w + gap)), min(1.0, (c - 1) * (w + gap) + w)]
        data.append(kit.diverging_heatmap(m, bound, name, suffix, showscale=False))
        # Whole-number ticks only: a one-column bias panel got ticks at -0.5 and 0.5.
        rows, cols = m.shape
        layout[f"xaxis{suffix}"] = kit.axis(
            "column", domain=domain, anchor=f"y{suffix}", tick0=0, dtick=kit.tick_step(cols)
        )
        layout[f"yaxis{suffix}"] = kit.axis(
            "row", autorange="reversed", anchor=f"x{suffix}", tick0=0, dtick=kit.tick_step(rows)
        )
        layout["annotations"].append(kit.panel_title(name, (domain[0] + domain[1]) / 2))
    return kit.build(data, layout)
