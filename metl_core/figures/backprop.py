"""Figures for the step-by-step backward pass. Plain Plotly: no Streamlit here.

The step diagram is drawn by the browser from :func:`diagram_data` (a step change must
show at once; see ``pages/ui/step_walk.py``). It lays the notes' network out as a graph
of every value a step reads or writes: the forward chain on one row, the parameters above
it, the gradients of the chain below it (with the target y, read by both ŷ − y and CE)
and the parameters' gradients below those. A step lights the node it computes and the
nodes it reads, with an arrow from each.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from . import kit

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
BOX = (-1.2, 10.8, -3.4, 1.8)  # x0, x1, y0, y1 of the drawing
SIDES = [(-0.9, 0.0, "forward"), (-0.9, -2.1, "backward")]  # the rows' labels
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


def diagram_data(dims: tuple[int, int, int, int]) -> dict:
    """The step diagram as numbers for the browser to draw (``pages/ui/step_walk.py``):
    every value a step reads or writes, its shape for the batch, and the forward graph.

    Returns
    -------
    dict
        ``nodes``: name, x, y, label and shape of each node; ``edges``: the forward
        graph's (from, to) pairs; ``box``: (x0, x1, y0, y1); ``sides``: the row labels.

    Examples
    --------
    >>> d = diagram_data((2, 4, 5, 3))
    >>> d["nodes"][0]
    {'name': 'x', 'x': 0.0, 'y': 0.0, 'label': 'x', 'shape': '2×4'}
    >>> [n["shape"] for n in d["nodes"] if n["name"] in ("dW1", "CE")]
    ['scalar', '4×5']
    """
    n, dx, h, dy = dims
    return {
        "nodes": [
            {
                "name": k,
                "x": x,
                "y": y,
                "label": LABELS.get(k, k),
                "shape": node_shape(k, n, dx, h, dy),
            }
            for k, (x, y) in POSITIONS.items()
        ],
        "edges": [list(e) for e in EDGES],
        "box": list(BOX),
        "sides": [{"x": x, "y": y, "text": t} for x, y, t in SIDES],
    }


def delta_sizes_figure(sizes: dict[str, float]) -> go.Figure:
    """Root-mean-square size of each gradient, on a log axis, in the backward order."""
    names = list(sizes)
    values = np.array([max(sizes[k], 1e-300) for k in names])
    data = [
        {
            "type": "bar",
            "x": names,
            "y": values,
            "marker": {"color": kit.OKABE_ITO["blue"]},
            "hovertemplate": "%{x}: %{y:.3g}<extra></extra>",
        }
    ]
    return kit.figure(
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
            "line": {"color": kit.OKABE_ITO["vermillion"], "width": 3},
        },
        {
            "type": "scatter",
            "x": s,
            "y": sweep["dW2"],
            "name": "RMS of dW2",
            "line": {"color": kit.OKABE_ITO["blue"], "width": 3, "dash": "dash"},
        },
        {
            "type": "scatter",
            "x": s,
            "y": sweep["saturated"],
            "name": "saturated fraction of h",
            "yaxis": "y2",
            "line": {"color": kit.OKABE_ITO["green"], "width": 2, "dash": "dot"},
        },
        {
            "type": "scatter",
            "x": [s[k]],
            "y": [sweep["dW1"][k]],
            "mode": "markers",
            "name": "this scale",
            "marker": {"size": 12, "color": kit.OKABE_ITO["vermillion"]},
        },
    ]
    layout = {
        "title": {"text": "Scaling W1 saturates h, and dW1 shrinks"},
        "height": 380,
        "margin": {**kit.MARGIN, "r": 70},
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
    return kit.build(data, layout)
