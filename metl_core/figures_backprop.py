"""Figures for the step-by-step backward pass. Plain Plotly: no Streamlit here.

The diagram lays the notes' network out as a graph of every value a step reads or
writes: the forward chain on one row, the parameters above it, the gradients of the
chain below it (with the target y, read by both ŷ − y and CE) and the parameters'
gradients below those. A step lights the node it computes and the nodes it reads, with
an arrow from each.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from .figures import MARGIN, OKABE_ITO, _build, _figure

# (x, y) of every node; y = 0 is the forward chain.
POSITIONS: dict[str, tuple[float, float]] = {
    "x": (0.0, 0.0),
    "z1": (2.0, 0.0),
    "h": (4.0, 0.0),
    "z2": (6.0, 0.0),
    "yhat": (8.0, 0.0),
    "CE": (10.0, 0.0),
    "W1": (1.2, 1.25),
    "b1": (2.4, 1.25),
    "W2": (5.2, 1.25),
    "b2": (6.4, 1.25),
    "y": (9.0, -1.5),
    "dx": (0.0, -1.5),
    "dz1": (2.0, -1.5),
    "dh": (4.0, -1.5),
    "dz2": (6.0, -1.5),
    "dW1": (1.2, -2.75),
    "db1": (2.4, -2.75),
    "dW2": (5.2, -2.75),
    "db2": (6.4, -2.75),
}
LABELS = {"yhat": "ŷ"}
# The forward graph, drawn faintly under every step.
EDGES = [
    ("x", "z1"),
    ("W1", "z1"),
    ("b1", "z1"),
    ("z1", "h"),
    ("h", "z2"),
    ("W2", "z2"),
    ("b2", "z2"),
    ("z2", "yhat"),
    ("yhat", "CE"),
    ("y", "CE"),
]


def node_shape(name: str, n: int, dx: int, h: int, dy: int) -> str:
    """The shape of a node's tensor for a batch of n rows, as "n×d"."""
    rows = {"x": dx, "z1": h, "h": h, "z2": dy, "yhat": dy, "y": dy}
    rows.update({"d" + k: v for k, v in rows.items()})
    params = {"W1": f"{dx}×{h}", "b1": f"{h}", "W2": f"{h}×{dy}", "b2": f"{dy}"}
    params.update({"d" + k: v for k, v in params.items()})
    if name == "CE":
        return "scalar"
    if name in params:
        return params[name]
    return f"{n}×{rows[name]}"


def _arrow(a: str, b: str, colour: str, width: float) -> dict:
    (x0, y0), (x1, y1) = POSITIONS[a], POSITIONS[b]
    length = float(np.hypot(x1 - x0, y1 - y0)) or 1.0
    # Stop short of both circles so the head stays visible.
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    return {
        "x": x1 - 0.42 * ux,
        "y": y1 - 0.42 * uy,
        "ax": x0 + 0.42 * ux,
        "ay": y0 + 0.42 * uy,
        "xref": "x",
        "yref": "y",
        "axref": "x",
        "ayref": "y",
        "showarrow": True,
        "arrowhead": 2,
        "arrowsize": 1.1,
        "arrowwidth": width,
        "arrowcolor": colour,
        "text": "",
    }


def _nodes(names, name: str, colour: str, size: int, line: dict) -> dict:
    names = list(names)
    return {
        "type": "scatter",
        "name": name,
        "x": [POSITIONS[k][0] for k in names],
        "y": [POSITIONS[k][1] for k in names],
        "customdata": names,
        "mode": "markers+text",
        "marker": {"size": size, "color": colour, "line": line},
        "text": [f"<b>{LABELS.get(k, k)}</b>" for k in names],
        "textfont": {"size": 15, "color": "white"},
        "hoverinfo": "skip",
    }


def step_diagram(
    dims: tuple[int, int, int, int],
    computing: str | None = None,
    reads: tuple[str, ...] = (),
    wrong: bool = False,
) -> go.Figure:
    """The network's values and gradients, with ``computing`` and what it ``reads`` lit.

    Parameters
    ----------
    dims : (N, Dx, H, Dy)
    computing : str, optional
        The node being computed (a key of :data:`POSITIONS`); None lights nothing.
    reads : tuple of str
        The nodes it reads: each gets an arrow to ``computing``.
    wrong : bool
        The step's line is a mistake: the computed node is drawn with a dashed ring.

    Traces, in order: "values" (every node, faint), "reads", "computing". Their
    ``customdata`` holds the node names, so tests and the browser can find them.
    """
    n, dx, h, dy = dims
    unknown = [k for k in (computing, *reads) if k is not None and k not in POSITIONS]
    if unknown:
        raise ValueError(f"no node named {unknown[0]!r} in the diagram")
    lit = {computing, *reads}
    faint = [k for k in POSITIONS if k not in lit]
    white = {"width": 2, "color": "white"}
    data = [
        _nodes(faint, "values", OKABE_ITO["grey"], 44, white),
        _nodes(reads, "reads", OKABE_ITO["sky"], 50, {"width": 3, "color": OKABE_ITO["blue"]}),
        _nodes(
            [computing] if computing else [],
            "computing",
            OKABE_ITO["vermillion"],
            58,
            {"width": 4, "color": OKABE_ITO["yellow"] if wrong else "white"},
        ),
    ]
    notes = [_arrow(a, b, OKABE_ITO["grey"], 1.2) for a, b in EDGES]
    if computing:
        notes += [_arrow(r, computing, OKABE_ITO["vermillion"], 3.0) for r in reads]
    for k, (x, y) in POSITIONS.items():
        notes.append(
            {
                "x": x,
                "y": y - 0.5,
                "text": node_shape(k, n, dx, h, dy),
                "showarrow": False,
                "font": {"size": 11},
            }
        )
    notes += [
        {"x": -0.9, "y": 0.0, "text": "forward", "showarrow": False, "textangle": -90},
        {"x": -0.9, "y": -2.1, "text": "backward", "showarrow": False, "textangle": -90},
    ]
    layout = {
        "height": 330,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "showlegend": False,
        "xaxis": {"visible": False, "range": [-1.2, 10.8], "fixedrange": True},
        "yaxis": {"visible": False, "range": [-3.4, 1.8], "fixedrange": True},
        "annotations": notes,
    }
    return _build(data, layout)


def delta_sizes_figure(sizes: dict[str, float]) -> go.Figure:
    """Root-mean-square size of each gradient, on a log axis, in the backward order."""
    names = list(sizes)
    values = np.array([max(sizes[k], 1e-300) for k in names])
    data = [
        {
            "type": "bar",
            "x": names,
            "y": values,
            "marker": {"color": OKABE_ITO["blue"]},
            "hovertemplate": "%{x}: %{y:.3g}<extra></extra>",
        }
    ]
    return _figure(
        data,
        "Size of each gradient (root mean square of its entries)",
        "gradient, in the order backprop computes them",
        "RMS (log scale)",
        height=340,
        yaxis={"type": "log"},
        showlegend=False,
    )


def scale_sweep_figure(sweep: dict[str, np.ndarray], current: float) -> go.Figure:
    """RMS of dW1 and dW2 and the saturated fraction of h against the scale of W1."""
    s = sweep["scale"]
    k = int(np.argmin(np.abs(np.log(s) - np.log(current))))
    data = [
        {
            "type": "scatter",
            "x": s,
            "y": sweep["dW1"],
            "name": "RMS of dW1",
            "line": {"color": OKABE_ITO["vermillion"], "width": 3},
        },
        {
            "type": "scatter",
            "x": s,
            "y": sweep["dW2"],
            "name": "RMS of dW2",
            "line": {"color": OKABE_ITO["blue"], "width": 3, "dash": "dash"},
        },
        {
            "type": "scatter",
            "x": s,
            "y": sweep["saturated"],
            "name": "saturated fraction of h",
            "yaxis": "y2",
            "line": {"color": OKABE_ITO["green"], "width": 2, "dash": "dot"},
        },
        {
            "type": "scatter",
            "x": [s[k]],
            "y": [sweep["dW1"][k]],
            "mode": "markers",
            "name": "this scale",
            "marker": {"size": 12, "color": OKABE_ITO["vermillion"]},
        },
    ]
    layout = {
        "title": {"text": "Scaling W1 saturates h, and dW1 vanishes"},
        "height": 380,
        "margin": {**MARGIN, "r": 70},
        "legend": {"orientation": "h", "y": -0.25},
        "xaxis": {"title": {"text": "scale of W1 (log)"}, "type": "log"},
        "yaxis": {"title": {"text": "RMS (log)"}, "type": "log"},
        "yaxis2": {
            "title": {"text": "saturated fraction"},
            "overlaying": "y",
            "side": "right",
            "range": [0, 1.05],
            "tickformat": ".0%",
            "dtick": 0.25,
            "showgrid": False,
        },
    }
    return _build(data, layout)
