"""Plotly figure builders for the explorer. Plain Plotly: no Streamlit here.

Colours are the Okabe-Ito palette, safe for the common colour-vision deficiencies, and
no template is set, so Streamlit's light and dark themes style the rest.

Each figure is built in one call from plain dicts, by :func:`_build`, which skips
Plotly's validation: building incrementally (or with ``make_subplots``) cost 10 to 25 ms
a figure, one validated call 1 to 3 ms, and an unvalidated one a third of that. The
tests validate every builder's output instead, and check that validation would not
change a byte of the figure's JSON. Subplots are laid out by hand with axis domains.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.colors as pc
import plotly.graph_objects as go
import plotly.io as pio

from metl_core.maths.softmax import entropy
from metl_core.teaching.explore import (
    CEField,
    MarginCurve,
    SigmoidCurve,
    SlopeCheck,
    TemperatureSweep,
)
from metl_core.text.export import number_text

OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}
SERIES = [OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky")]
CLASS_COLOURS = [OKABE_ITO[k] for k in ("blue", "orange", "green", "purple", "vermillion")]
# Colour scales spelled out: "RdBu_r" is Plotly.py's name, which plotly.js does not know.
DIVERGING = pc.get_colorscale("RdBu_r")  # ColorBrewer RdBu: fine with red-green blindness
SEQUENTIAL = pc.get_colorscale("Viridis")
# Streamlit's placeholder for its strong text colour, which its frontend swaps for gray90 on
# a light background and gray10 on a dark one (theme="streamlit"). Its default for axis and
# annotation text, gray70, has 3.7:1 on white: below WCAG AA (4.5:1).
TEXT = "#000037"
MARGIN = {"l": 60, "r": 20, "t": 60, "b": 50}
LEGEND_TOP = {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1}


_TEMPLATES: dict[str, dict] = {}


def _template(types: frozenset[str] = frozenset()) -> dict:
    """The default template (Streamlit sets its own), with trace defaults only for the
    trace ``types`` the figure has: the rest was most of a small figure's bytes."""
    name = pio.templates.default
    if name not in _TEMPLATES:
        _TEMPLATES[name] = pio.templates[name].to_plotly_json() if name else {}
    full = _TEMPLATES[name]
    if not full:
        return {}
    data = {t: v for t, v in full.get("data", {}).items() if t in types}
    return {**({"data": data} if data else {}), "layout": full.get("layout", {})}


def _build(data: list, layout: dict) -> go.Figure:
    """A figure from trace and layout dicts, unvalidated (see the module docstring)."""
    layout = _readable(layout)
    types = frozenset(t.get("type", "scatter") for t in data)
    return go.Figure(data=data, layout={"template": _template(types), **layout}, _validate=False)


def _readable(layout: dict) -> dict:
    """``layout`` with every text in :data:`TEXT` unless set (a copy: callers share dicts).

    Explicit layout values, unlike the template, win over Streamlit's chart theme.
    """
    out = {**layout, "font": {"color": TEXT, **layout.get("font", {})}}
    for key, axis in layout.items():
        if key[:5] in ("xaxis", "yaxis") and isinstance(axis, dict):
            title = axis.get("title", {})
            out[key] = {
                **axis,
                "tickfont": {"color": TEXT, **axis.get("tickfont", {})},
                "title": {**title, "font": {"color": TEXT, **title.get("font", {})}},
            }
    return out


def _axis(title: str, **extra) -> dict:
    return {"title": {"text": title}, **extra}


def _title(text: str) -> dict:
    return {"text": text}


def _panel_title(text: str, x: float, y: float = 1.0) -> dict:
    """A subplot title as make_subplots writes it: an annotation above the panel."""
    return {
        "text": text,
        "x": x,
        "y": y,
        "xref": "paper",
        "yref": "paper",
        "xanchor": "center",
        "yanchor": "bottom",
        "showarrow": False,
        "font": {"size": 14},
    }


def _hline(y: float, xref: str = "x domain", yref: str = "y") -> dict:
    return {
        "type": "line",
        "xref": xref,
        "x0": 0,
        "x1": 1,
        "yref": yref,
        "y0": y,
        "y1": y,
        "line": {"dash": "dot", "color": OKABE_ITO["grey"], "width": 1},
        "opacity": 0.7,
    }


def _figure(data: list, title: str, x_title: str, y_title: str, height: int = 380, **layout):
    """One figure with a title, titled axes and the shared margins and legend."""
    base = {
        "title": _title(title),
        "height": height,
        "margin": MARGIN,
        "legend": LEGEND_TOP,
        "xaxis": _axis(x_title),
        "yaxis": _axis(y_title),
    }
    for key, value in layout.items():
        if key in ("xaxis", "yaxis"):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    return _build(data, base)


def class_labels(n: int) -> list[str]:
    """Tick labels for n classes: "class 0", "class 1", ..."""
    return [f"class {i}" for i in range(n)]


def grouped_bars(
    series: Sequence[tuple[str, np.ndarray]], title: str, y_title: str, y_range=None
) -> go.Figure:
    """Bars per class, one colour per named series."""
    data = []
    for k, (name, values) in enumerate(series):
        values = np.asarray(values, dtype=float)
        data.append(
            {
                "type": "bar",
                "x": class_labels(values.size),
                "y": values,
                "name": name,
                "marker": {"color": SERIES[k % len(SERIES)]},
                "hovertemplate": "%{x}: %{y:.6g}<extra>" + name + "</extra>",
            }
        )
    yaxis = {"range": list(y_range)} if y_range is not None else {}
    return _figure(data, title, "class", y_title, barmode="group", bargap=0.25, yaxis=yaxis)


def temperature_figure(sweep: TemperatureSweep, t0: float, p0: np.ndarray) -> go.Figure:
    """Left: softmax(x / T0) as bars. Right: entropy against T on a log axis, T0 marked."""
    n = p0.size
    h0 = float(entropy(p0))
    data = [
        {
            "type": "bar",
            "x": class_labels(n),
            "y": p0,
            "marker": {"color": OKABE_ITO["blue"]},
            "name": "probability",
            "xaxis": "x",
            "yaxis": "y",
        },
        {
            "type": "scatter",
            "x": sweep.temperatures,
            "y": sweep.entropies,
            "mode": "lines",
            "line": {"color": OKABE_ITO["orange"], "width": 3},
            "name": "entropy",
            "xaxis": "x2",
            "yaxis": "y2",
        },
        {
            "type": "scatter",
            "x": [t0],
            "y": [h0],
            "mode": "markers",
            "marker": {"size": 12, "color": OKABE_ITO["vermillion"]},
            "name": "current T",
            "xaxis": "x2",
            "yaxis": "y2",
        },
    ]
    log_n = float(np.log(n))
    layout = {
        "height": 380,
        "margin": MARGIN,
        "showlegend": False,
        "xaxis": _axis("class", domain=[0.0, 0.4], anchor="y"),
        "yaxis": _axis("probability", range=[0, 1.05], anchor="x"),
        "xaxis2": _axis("temperature T (log scale)", type="log", domain=[0.52, 1.0], anchor="y2"),
        "yaxis2": _axis("entropy (nats)", anchor="x2"),
        "annotations": [
            _panel_title(f"softmax(x / T) at T = {t0:.3g}", 0.2),
            _panel_title("entropy S(T) in nats", 0.76),
            {
                "text": "log n (uniform)",
                "x": 1,
                "xref": "x2 domain",
                "xanchor": "right",
                "y": log_n,
                "yref": "y2",
                "yanchor": "bottom",
                "showarrow": False,
            },
        ],
        "shapes": [_hline(log_n, xref="x2 domain", yref="y2")],
    }
    return _build(data, layout)


def sigmoid_figure(curve: SigmoidCurve, check: SlopeCheck) -> go.Figure:
    """σ and σ' over the range, with the tangent of slope σ'(x0) at the point (x0, σ(x0))."""
    tangent = check.value + check.slope * (curve.x - check.x0)
    data = [
        {
            "type": "scatter",
            "x": curve.x,
            "y": curve.s,
            "name": "σ(x)",
            "line": {"color": OKABE_ITO["blue"], "width": 3},
        },
        {
            "type": "scatter",
            "x": curve.x,
            "y": curve.ds,
            "name": "σ′(x) = σ(x)(1 − σ(x))",
            "line": {"color": OKABE_ITO["orange"], "width": 3, "dash": "dash"},
        },
        {
            "type": "scatter",
            "x": curve.x,
            "y": tangent,
            "name": f"tangent at x0, slope {check.slope:.4g}",
            "line": {"color": OKABE_ITO["green"], "width": 2, "dash": "dot"},
        },
        {
            "type": "scatter",
            "x": [check.x0],
            "y": [check.value],
            "mode": "markers",
            "name": "(x0, σ(x0))",
            "marker": {"size": 12, "color": OKABE_ITO["vermillion"]},
        },
    ]
    return _figure(
        data,
        "The sigmoid and its derivative",
        "x",
        "value",
        height=440,
        xaxis={"range": [float(curve.x[0]), float(curve.x[-1])]},
        yaxis={"range": [-0.15, 1.15]},
        shapes=[_hline(0.0), _hline(1.0)],
    )


def _arrow_segments(xs, ys, dxs, dys, scale):
    """Line segments with small heads, as one trace's x and y with None breaks."""
    lx, ly = [], []
    for x, y, dx, dy in zip(xs, ys, np.asarray(dxs) * scale, np.asarray(dys) * scale, strict=True):
        ex, ey = x + dx, y + dy
        lx += [x, ex, None]
        ly += [y, ey, None]
        length = np.hypot(dx, dy)
        if length > 0:
            ux, uy = dx / length, dy / length
            head = 0.3 * length
            for sx, sy in ((-uy, ux), (uy, -ux)):
                lx += [ex, ex - head * (ux * 0.8 - sx * 0.5), None]
                ly += [ey, ey - head * (uy * 0.8 - sy * 0.5), None]
    return lx, ly


def ce_field_figure(field: CEField, i: int, j: int) -> go.Figure:
    """Contours of CE over (z_i, z_j) with arrows of −∇CE, and the current point."""
    a, b = field.axis_a, field.axis_b
    step = (a[-1] - a[0]) / max(np.sqrt(field.arrow_a.size) - 1, 1)
    norms = np.hypot(field.arrow_da, field.arrow_db)
    scale = 0.9 * step / max(float(norms.max()), 1e-12)
    lx, ly = _arrow_segments(field.arrow_a, field.arrow_b, field.arrow_da, field.arrow_db, scale)
    px, py = field.point
    gx, gy = field.point_grad
    g_scale = 2 * step / max(np.hypot(gx, gy), 1e-12)
    hx, hy = _arrow_segments([px], [py], [gx], [gy], g_scale)
    data = [
        {
            "type": "contour",
            "x": a,
            "y": b,
            "z": field.cost,
            "colorscale": SEQUENTIAL,
            "ncontours": 20,
            "opacity": 0.85,
            "colorbar": {"title": {"text": "CE"}},
            "name": "CE",
            "hovertemplate": f"z{i}=%{{x:.3g}}<br>z{j}=%{{y:.3g}}<br>CE=%{{z:.4g}}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": lx,
            "y": ly,
            "mode": "lines",
            "line": {"color": "white", "width": 1.6},
            "name": "−∇CE",
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "x": hx,
            "y": hy,
            "mode": "lines",
            "line": {"color": OKABE_ITO["vermillion"], "width": 4},
            "name": "−∇CE at the current logits",
        },
        {
            "type": "scatter",
            "x": [px],
            "y": [py],
            "mode": "markers",
            "name": "current logits",
            "marker": {
                "size": 13,
                "color": OKABE_ITO["vermillion"],
                "line": {"color": "white", "width": 2},
            },
        },
    ]
    return _figure(
        data,
        f"CE over logits z{i} and z{j}, the others fixed",
        f"logit z{i}",
        f"logit z{j}",
        height=520,
        xaxis={"range": [a[0], a[-1]]},
        yaxis={"range": [b[0], b[-1]]},
    )


def margin_figure(curve: MarginCurve) -> go.Figure:
    """Two classes: CE against the margin d = z_true − z_other, with the tangent at d0."""
    tangent = curve.cost0 + curve.slope0 * (curve.d - curve.d0)
    top = float(np.nanmax(curve.cost)) if np.isfinite(curve.cost).any() else 1.0
    data = [
        {
            "type": "scatter",
            "x": curve.d,
            "y": curve.cost,
            "name": "CE = log(1 + e^(−d))",
            "line": {"color": OKABE_ITO["blue"], "width": 3},
        },
        {
            "type": "scatter",
            "x": curve.d,
            "y": tangent,
            "name": f"slope −σ(−d) = {curve.slope0:.4g}",
            "line": {"color": OKABE_ITO["green"], "dash": "dot", "width": 2},
        },
        {
            "type": "scatter",
            "x": [curve.d0],
            "y": [curve.cost0],
            "mode": "markers",
            "name": "current margin",
            "marker": {"size": 12, "color": OKABE_ITO["vermillion"]},
        },
    ]
    return _figure(
        data,
        "Two classes: CE against the margin",
        "margin d = z_true − z_other",
        "CE",
        yaxis={"range": [-0.05 * top - 0.05, 1.05 * top + 0.05]},
    )


def _symmetric_bound(values: np.ndarray) -> float:
    finite = values[np.isfinite(values)]
    bound = float(np.max(np.abs(finite))) if finite.size else 0.0
    return bound or 1.0


def _stack(n: int, gap: float) -> list[list[float]]:
    """Vertical domains for n panels, top first, separated by ``gap``."""
    h = (1.0 - gap * (n - 1)) / n
    # Clip: rounding can leave the last edge at -1e-16, which Plotly refuses.
    return [[max(0.0, 1.0 - r * (h + gap) - h), min(1.0, 1.0 - r * (h + gap))] for r in range(n)]


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
        colour[r, : v.size] = v / _symmetric_bound(v)
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
            "colorscale": DIVERGING,
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
        "title": _title(title),
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
    return _build(data, layout)


def diverging_heatmap(
    m: np.ndarray, bound: float, name: str, suffix: str, where: str = "row %{y}, col %{x}", **more
) -> dict:
    """A heatmap trace of ``m`` on the diverging scale, white at 0 and symmetric within
    ±``bound``, on the axes ``x{suffix}``/``y{suffix}``; ``where`` names a cell in the hover
    text, and ``more`` adds keys (colour bar, gaps, cell text)."""
    return {
        "type": "heatmap",
        "z": m,
        "zmid": 0,
        "zmin": -bound,
        "zmax": bound,
        "colorscale": DIVERGING,
        "hovertemplate": f"{name}<br>{where}: %{{z:.6g}}<extra></extra>",
        "xaxis": f"x{suffix}",
        "yaxis": f"y{suffix}",
        **more,
    }


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
        bound = _symmetric_bound(np.concatenate([m.ravel(), b.ravel()]))
        panels += [(mname, m, bound, True), (bname, b, bound, False)]
    title_px, cell_px, axis_px = 40, 34, 46  # a bias row also holds the column axis below it
    heights = [title_px + cell_px * p[1].shape[0] + (0 if p[3] else axis_px) for p in panels]
    total = sum(heights)
    data, annotations = [], []
    layout = {"title": _title(title), "margin": {"l": 46, "r": 56, "t": 70, "b": 10}}
    top = 1.0
    for i, ((name, m, bound, is_matrix), px) in enumerate(zip(panels, heights, strict=True)):
        suffix = "" if i == 0 else str(i + 1)
        lo = max(0.0, top - px / total)
        domain = [lo + (0 if is_matrix else axis_px / total), top - title_px / total]
        rows_n, cols_n = m.shape
        trace = diverging_heatmap(m, bound, name, suffix, showscale=is_matrix, xgap=1, ygap=1)
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
        xaxis = _axis("column", anchor=f"y{suffix}", tick0=0, dtick=_tick_step(cols_n))
        if is_matrix:
            xaxis["visible"] = False  # the bias row below shows the same columns
        else:
            xaxis["matches"] = f"x{'' if i == 1 else i}"
        layout[f"xaxis{suffix}"] = xaxis
        layout[f"yaxis{suffix}"] = _axis(
            "row" if is_matrix else "bias",
            domain=domain,
            anchor=f"x{suffix}",
            autorange="reversed",
            tick0=0,
            dtick=_tick_step(rows_n),
            showticklabels=is_matrix,
        )
        title_note = _panel_title(name, 0.0, domain[1])
        title_note.update({"xanchor": "left", "yshift": 4})
        annotations.append(title_note)
        top = lo
    layout["annotations"] = annotations
    layout["height"] = total + 80
    return _build(data, layout)


def _tick_step(n: int) -> int:
    """A whole-number tick step giving at most about 8 ticks over n cells."""
    return max(1, -(-n // 8))


def matrix_heatmaps(mats: Sequence[tuple[str, np.ndarray]], title: str) -> go.Figure:
    """Matrices and vectors side by side, each with its own symmetric colour range."""
    n, gap = len(mats), 0.06
    w = (1.0 - gap * (n - 1)) / n
    data, layout = (
        [],
        {
            "title": _title(title),
            "height": 380,
            "margin": {"l": 50, "r": 20, "t": 80, "b": 50},
            "annotations": [],
        },
    )
    for c, (name, values) in enumerate(mats, start=1):
        m = np.asarray(values, dtype=float)
        m = m[:, None] if m.ndim == 1 else m
        bound = _symmetric_bound(m)
        suffix = "" if c == 1 else str(c)
        domain = [max(0.0, (c - 1) * (w + gap)), min(1.0, (c - 1) * (w + gap) + w)]
        data.append(diverging_heatmap(m, bound, name, suffix, showscale=False))
        # Whole-number ticks only: a one-column bias panel got ticks at -0.5 and 0.5.
        rows, cols = m.shape
        layout[f"xaxis{suffix}"] = _axis(
            "column", domain=domain, anchor=f"y{suffix}", tick0=0, dtick=_tick_step(cols)
        )
        layout[f"yaxis{suffix}"] = _axis(
            "row", autorange="reversed", anchor=f"x{suffix}", tick0=0, dtick=_tick_step(rows)
        )
        layout["annotations"].append(_panel_title(name, (domain[0] + domain[1]) / 2))
    return _build(data, layout)


def param_bars(breakdown: dict[str, int]) -> go.Figure:
    """Parameters per tensor; a log axis when the counts span more than 3 decades."""
    names, counts = list(breakdown), [int(v) for v in breakdown.values()]
    data = [
        {
            "type": "bar",
            "x": names,
            "y": counts,
            "text": [f"{c:,}" for c in counts],
            "textposition": "outside",
            "marker": {"color": [OKABE_ITO[k] for k in ("blue", "sky", "vermillion", "orange")]},
            "hovertemplate": "%{x}: %{text} parameters<extra></extra>",
        }
    ]
    if max(counts) > 1000 * min(counts):
        yaxis = {"type": "log"}
    else:
        yaxis = {"range": [0, 1.2 * max(counts)]}
    return _figure(data, "Parameters per tensor", "tensor", "parameters", height=360, yaxis=yaxis)


def network_diagram(dims: tuple[int, int, int] | None = None) -> go.Figure:
    """The notes' network as a chain x → z1 → h → z2 → ŷ → CE, with the rule on each arrow."""
    dx, h, dy = dims if dims else ("Dx", "H", "Dy")
    nodes = [
        ("x", f"input<br>1×{dx}"),
        ("z1", f"1×{h}"),
        ("h", f"hidden<br>1×{h}"),
        ("z2", f"logits<br>1×{dy}"),
        ("ŷ", f"probabilities<br>1×{dy}"),
        ("CE", "loss<br>scalar"),
    ]
    rules = ["·W1 + b1", "σ(·)", "·W2 + b2", "softmax", "−Σ y log ŷ"]
    xs = np.arange(len(nodes)) * 2.0
    notes = []
    for k, x in enumerate(xs[:-1]):
        notes.append(
            {
                "x": x + 1.55,
                "y": 0,
                "ax": x + 0.45,
                "ay": 0,
                "xref": "x",
                "yref": "y",
                "axref": "x",
                "ayref": "y",
                "showarrow": True,
                "arrowhead": 2,
                "arrowsize": 1.2,
                "arrowwidth": 2,
                "arrowcolor": OKABE_ITO["grey"],
                "text": "",
            }
        )
        notes.append(
            {"x": x + 1.0, "y": 0.42, "text": rules[k], "showarrow": False, "font": {"size": 14}}
        )
    for x, (_, sub) in zip(xs, nodes, strict=True):
        notes.append({"x": x, "y": -0.62, "text": sub, "showarrow": False, "font": {"size": 12}})
    data = [
        {
            "type": "scatter",
            "x": xs,
            "y": np.zeros(len(nodes)),
            "mode": "markers+text",
            "marker": {
                "size": 58,
                "color": SERIES[: len(nodes)],
                "line": {"width": 2, "color": "white"},
            },
            "text": [f"<b>{name}</b>" for name, _ in nodes],
            "textfont": {"size": 18, "color": "white"},
            "hoverinfo": "skip",
        }
    ]
    layout = {
        "height": 220,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "showlegend": False,
        "xaxis": {"visible": False, "range": [-0.8, float(xs[-1]) + 0.8]},
        "yaxis": {"visible": False, "range": [-1.0, 0.8]},
        "annotations": notes,
    }
    return _build(data, layout)


def colour_stops(scale) -> list[list[float]]:
    """A Plotly colour scale as [position, r, g, b] rows, for drawing outside Plotly."""
    rows = []
    for pos, colour in scale:
        rgb = pc.hex_to_rgb(colour) if colour.startswith("#") else pc.unlabel_rgb(colour)
        rows.append([float(pos), *(float(c) for c in rgb)])
    return rows
