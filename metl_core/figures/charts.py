"""The explorer's charts: bars per class, softmax against temperature, the sigmoid and
its tangent, the CE field over two logits and against the margin, the parameters per
tensor and the network's chain. Plain Plotly: no Streamlit here."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from metl_core.maths.softmax import entropy
from metl_core.teaching.explore import (
    CEField,
    MarginCurve,
    SigmoidCurve,
    SlopeCheck,
    TemperatureSweep,
)

from . import kit


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
                "x": kit.class_labels(values.size),
                "y": values,
                "name": name,
                "marker": {"color": kit.SERIES[k % len(kit.SERIES)]},
                "hovertemplate": "%{x}: %{y:.6g}<extra>" + name + "</extra>",
            }
        )
    yaxis = {"range": list(y_range)} if y_range is not None else {}
    return kit.figure(data, title, "class", y_title, barmode="group", bargap=0.25, yaxis=yaxis)


def temperature_figure(sweep: TemperatureSweep, t0: float, p0: np.ndarray) -> go.Figure:
    """Left: softmax(x / T0) as bars. Right: entropy against T on a log axis, T0 marked."""
    n = p0.size
    h0 = float(entropy(p0))
    data = [
        {
            "type": "bar",
            "x": kit.class_labels(n),
            "y": p0,
            "marker": {"color": kit.OKABE_ITO["blue"]},
            "name": "probability",
            "xaxis": "x",
            "yaxis": "y",
        },
        {
            "type": "scatter",
            "x": sweep.temperatures,
            "y": sweep.entropies,
            "mode": "lines",
            "line": {"color": kit.OKABE_ITO["orange"], "width": 3},
            "name": "entropy",
            "xaxis": "x2",
            "yaxis": "y2",
        },
        {
            "type": "scatter",
            "x": [t0],
            "y": [h0],
            "mode": "markers",
            "marker": {"size": 12, "color": kit.OKABE_ITO["vermillion"]},
            "name": "current T",
            "xaxis": "x2",
            "yaxis": "y2",
        },
    ]
    log_n = float(np.log(n))
    layout = {
        "height": 380,
        "margin": kit.MARGIN,
        "showlegend": False,
        "xaxis": kit.axis("class", domain=[0.0, 0.4], anchor="y"),
        "yaxis": kit.axis("probability", range=[0, 1.05], anchor="x"),
        "xaxis2": kit.axis(
            "temperature T (log scale)", type="log", domain=[0.52, 1.0], anchor="y2"
        ),
        "yaxis2": kit.axis("entropy (nats)", anchor="x2"),
        "annotations": [
            kit.panel_title(f"softmax(x / T) at T = {t0:.3g}", 0.2),
            kit.panel_title("entropy S(T) in nats", 0.76),
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
        "shapes": [kit.hline(log_n, xref="x2 domain", yref="y2")],
    }
    return kit.build(data, layout)


def sigmoid_figure(curve: SigmoidCurve, check: SlopeCheck) -> go.Figure:
    """σ and σ' over the range, with the tangent of slope σ'(x0) at the point (x0, σ(x0))."""
    tangent = check.value + check.slope * (curve.x - check.x0)
    data = [
        {
            "type": "scatter",
            "x": curve.x,
            "y": curve.s,
            "name": "σ(x)",
            "line": {"color": kit.OKABE_ITO["blue"], "width": 3},
        },
        {
            "type": "scatter",
            "x": curve.x,
            "y": curve.ds,
            "name": "σ′(x) = σ(x)(1 − σ(x))",
            "line": {"color": kit.OKABE_ITO["orange"], "width": 3, "dash": "dash"},
        },
        {
            "type": "scatter",
            "x": curve.x,
            "y": tangent,
            "name": f"tangent at x0, slope {check.slope:.4g}",
            "line": {"color": kit.OKABE_ITO["green"], "width": 2, "dash": "dot"},
        },
        {
            "type": "scatter",
            "x": [check.x0],
            "y": [check.value],
            "mode": "markers",
            "name": "(x0, σ(x0))",
            "marker": {"size": 12, "color": kit.OKABE_ITO["vermillion"]},
        },
    ]
    return kit.figure(
        data,
        "The sigmoid and its derivative",
        "x",
        "value",
        height=440,
        xaxis={"range": [float(curve.x[0]), float(curve.x[-1])]},
        yaxis={"range": [-0.15, 1.15]},
        shapes=[kit.hline(0.0), kit.hline(1.0)],
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
            "colorscale": kit.SEQUENTIAL,
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
            "line": {"color": kit.OKABE_ITO["vermillion"], "width": 4},
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
                "color": kit.OKABE_ITO["vermillion"],
                "line": {"color": "white", "width": 2},
            },
        },
    ]
    return kit.figure(
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
            "line": {"color": kit.OKABE_ITO["blue"], "width": 3},
        },
        {
            "type": "scatter",
            "x": curve.d,
            "y": tangent,
            "name": f"slope −σ(−d) = {curve.slope0:.4g}",
            "line": {"color": kit.OKABE_ITO["green"], "dash": "dot", "width": 2},
        },
        {
            "type": "scatter",
            "x": [curve.d0],
            "y": [curve.cost0],
            "mode": "markers",
            "name": "current margin",
            "marker": {"size": 12, "color": kit.OKABE_ITO["vermillion"]},
        },
    ]
    return kit.figure(
        data,
        "Two classes: CE against the margin",
        "margin d = z_true − z_other",
        "CE",
        yaxis={"range": [-0.05 * top - 0.05, 1.05 * top + 0.05]},
    )


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
            "marker": {
                "color": [kit.OKABE_ITO[k] for k in ("blue", "sky", "vermillion", "orange")]
            },
            "hovertemplate": "%{x}: %{text} parameters<extra></extra>",
        }
    ]
    if max(counts) > 1000 * min(counts):
        yaxis = {"type": "log"}
    else:
        yaxis = {"range": [0, 1.2 * max(counts)]}
    return kit.figure(
        data, "Parameters per tensor", "tensor", "parameters", height=360, yaxis=yaxis
    )


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
                "arrowcolor": kit.OKABE_ITO["grey"],
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
                "color": kit.SERIES[: len(nodes)],
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
    return kit.build(data, layout)
