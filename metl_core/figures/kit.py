"""What every figure builder shares: the colours, the text colour, the margins, and one
unvalidated build from plain dicts. Plain Plotly: no Streamlit here.

Each figure is built in one call from plain dicts, by :func:`build`, which skips
Plotly's validation: building incrementally (or with ``make_subplots``) cost 10 to 25 ms
a figure, one validated call 1 to 3 ms, and an unvalidated one a third of that. The
tests validate every builder's output instead, and check that validation would not
change a byte of the figure's JSON. Subplots are laid out by hand with axis domains.
"""

from __future__ import annotations

import numpy as np
import plotly.colors as pc
import plotly.graph_objects as go
import plotly.io as pio

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


def build(data: list, layout: dict) -> go.Figure:
    """A figure from trace and layout dicts, unvalidated (see the module docstring)."""
    layout = _readable(layout)
    types = frozenset(t.get("type", "scatter") for t in data)
    return go.Figure(data=data, layout={"template": _template(types), **layout}, _validate=False)


def _readable(layout: dict) -> dict:
    """``layout`` with every text in :data:`TEXT` unless set (a copy: callers share dicts).

    Explicit layout values, unlike the template, win over Streamlit's chart theme.
    """
    out = {**layout, "font": {"color": TEXT, **layout.get("font", {})}}
    for key, spec in layout.items():
        if key[:5] in ("xaxis", "yaxis") and isinstance(spec, dict):
            title = spec.get("title", {})
            out[key] = {
                **spec,
                "tickfont": {"color": TEXT, **spec.get("tickfont", {})},
                "title": {**title, "font": {"color": TEXT, **title.get("font", {})}},
            }
    return out


def axis(title: str, **extra) -> dict:
    """An axis with a title, and any other settings."""
    return {"title": {"text": title}, **extra}


def heading(text: str) -> dict:
    """A figure's title."""
    return {"text": text}


def panel_title(text: str, x: float, y: float = 1.0) -> dict:
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


def hline(y: float, xref: str = "x domain", yref: str = "y") -> dict:
    """A dotted grey guide line at height ``y``, across the panel."""
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


def figure(data: list, title: str, x_title: str, y_title: str, height: int = 380, **layout):
    """One figure with a title, titled axes and the shared margins and legend."""
    base = {
        "title": heading(title),
        "height": height,
        "margin": MARGIN,
        "legend": LEGEND_TOP,
        "xaxis": axis(x_title),
        "yaxis": axis(y_title),
    }
    for key, value in layout.items():
        if key in ("xaxis", "yaxis"):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    return build(data, base)


def class_labels(n: int) -> list[str]:
    """Tick labels for n classes: "class 0", "class 1", ..."""
    return [f"class {i}" for i in range(n)]


def symmetric_bound(values: np.ndarray) -> float:
    """The largest finite |value| (1 when there is none), for a colour range around 0."""
    finite = values[np.isfinite(values)]
    bound = float(np.max(np.abs(finite))) if finite.size else 0.0
    return bound or 1.0


def _stack(n: int, gap: float) -> list[list[float]]:
    """Vertical domains for n panels, top first, separated by ``gap``."""
    h = (1.0 - gap * (n - 1)) / n
    # Clip: rounding can leave the last edge at -1e-16, which Plotly refuses.
    return [[max(0.0, 1.0 - r * (h + gap) - h), min(1.0, 1.0 - r * (h + gap))] for r in range(n)]


def tick_step(n: int) -> int:
    """A whole-number tick step giving at most about 8 ticks over n cells."""
    return max(1, -(-n // 8))


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


def colour_stops(scale) -> list[list[float]]:
    """A Plotly colour scale as [position, r, g, b] rows, for drawing outside Plotly."""
    rows = []
    for pos, colour in scale:
        rgb = pc.hex_to_rgb(colour) if colour.startswith("#") else pc.unlabel_rgb(colour)
        rows.append([float(pos), *(float(c) for c in rgb)])
    return rows
