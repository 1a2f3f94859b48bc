"""Plotly figure builders for the explorer. Plain Plotly: no Streamlit here.

Colours are the Okabe-Ito palette, safe for the common colour-vision deficiencies, and
no template is set, so Streamlit's light and dark themes style the rest.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .explore import CEField, MarginCurve, SigmoidCurve, SlopeCheck, TemperatureSweep

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
DIVERGING = "RdBu_r"  # ColorBrewer RdBu: readable with red-green colour blindness


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str, height: int = 380):
    fig.update_layout(
        title={"text": title},
        height=height,
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        bargap=0.25,
    )
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title)
    return fig


def class_labels(n: int) -> list[str]:
    """Tick labels for n classes: "class 0", "class 1", ..."""
    return [f"class {i}" for i in range(n)]


def grouped_bars(
    series: Sequence[tuple[str, np.ndarray]], title: str, y_title: str, y_range=None
) -> go.Figure:
    """Bars per class, one colour per named series."""
    fig = go.Figure()
    for k, (name, values) in enumerate(series):
        values = np.asarray(values, dtype=float)
        fig.add_bar(
            x=class_labels(values.size),
            y=values,
            name=name,
            marker_color=SERIES[k % len(SERIES)],
            hovertemplate="%{x}: %{y:.6g}<extra>" + name + "</extra>",
        )
    fig.update_layout(barmode="group")
    if y_range is not None:
        fig.update_yaxes(range=list(y_range))
    return _layout(fig, title, "class", y_title)


def temperature_figure(sweep: TemperatureSweep, t0: float, p0: np.ndarray) -> go.Figure:
    """Left: softmax(x / T0) as bars. Right: entropy against T on a log axis, T0 marked."""
    n = p0.size
    fig = make_subplots(
        rows=1,
        cols=2,
        column_widths=[0.45, 0.55],
        subplot_titles=(f"softmax(x / T) at T = {t0:.3g}", "entropy H(T) in nats"),
    )
    fig.add_bar(
        x=class_labels(n), y=p0, marker_color=OKABE_ITO["blue"], name="probability", row=1, col=1
    )
    fig.add_scatter(
        x=sweep.temperatures,
        y=sweep.entropies,
        mode="lines",
        line={"color": OKABE_ITO["orange"], "width": 3},
        name="entropy",
        row=1,
        col=2,
    )
    h0 = float(-np.sum(p0[p0 > 0] * np.log(p0[p0 > 0])))
    fig.add_scatter(
        x=[t0],
        y=[h0],
        mode="markers",
        marker={"size": 12, "color": OKABE_ITO["vermillion"]},
        name="current T",
        row=1,
        col=2,
    )
    fig.add_hline(
        y=float(np.log(n)),
        line_dash="dot",
        line_color=OKABE_ITO["grey"],
        annotation_text="log n (uniform)",
        row=1,
        col=2,
    )
    fig.update_xaxes(type="log", title_text="temperature T (log scale)", row=1, col=2)
    fig.update_xaxes(title_text="class", row=1, col=1)
    fig.update_yaxes(range=[0, 1.05], title_text="probability", row=1, col=1)
    fig.update_yaxes(title_text="entropy (nats)", row=1, col=2)
    fig.update_layout(height=380, margin={"l": 60, "r": 20, "t": 60, "b": 50}, showlegend=False)
    return fig


def sigmoid_figure(curve: SigmoidCurve, check: SlopeCheck) -> go.Figure:
    """σ and σ' over the range, with the tangent of slope σ'(x0) at the point (x0, σ(x0))."""
    fig = go.Figure()
    fig.add_scatter(
        x=curve.x, y=curve.s, name="σ(x)", line={"color": OKABE_ITO["blue"], "width": 3}
    )
    fig.add_scatter(
        x=curve.x,
        y=curve.ds,
        name="σ′(x) = σ(x)(1 − σ(x))",
        line={"color": OKABE_ITO["orange"], "width": 3, "dash": "dash"},
    )
    tangent = check.value + check.slope * (curve.x - check.x0)
    fig.add_scatter(
        x=curve.x,
        y=tangent,
        name=f"tangent at x0, slope {check.slope:.4g}",
        line={"color": OKABE_ITO["green"], "width": 2, "dash": "dot"},
    )
    fig.add_scatter(
        x=[check.x0],
        y=[check.value],
        mode="markers",
        name="(x0, σ(x0))",
        marker={"size": 12, "color": OKABE_ITO["vermillion"]},
    )
    for y in (0.0, 1.0):
        fig.add_hline(y=y, line_dash="dot", line_color=OKABE_ITO["grey"], opacity=0.6)
    fig.update_yaxes(range=[-0.15, 1.15])
    fig.update_xaxes(range=[float(curve.x[0]), float(curve.x[-1])])
    return _layout(fig, "The sigmoid and its derivative", "x", "value", height=440)


def _arrow_segments(xs, ys, dxs, dys, scale):
    """Line segments with small heads, as one trace's x and y with None breaks."""
    lx, ly = [], []
    for x, y, dx, dy in zip(xs, ys, dxs * scale, dys * scale, strict=True):
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
    fig = go.Figure()
    fig.add_contour(
        x=a,
        y=b,
        z=field.cost,
        colorscale="Viridis",
        ncontours=20,
        opacity=0.85,
        colorbar={"title": {"text": "CE"}},
        name="CE",
        hovertemplate=f"z{i}=%{{x:.3g}}<br>z{j}=%{{y:.3g}}<br>CE=%{{z:.4g}}<extra></extra>",
    )
    lx, ly = _arrow_segments(field.arrow_a, field.arrow_b, field.arrow_da, field.arrow_db, scale)
    fig.add_scatter(
        x=lx,
        y=ly,
        mode="lines",
        line={"color": "white", "width": 1.6},
        name="−∇CE",
        hoverinfo="skip",
    )
    px, py = field.point
    gx, gy = field.point_grad
    g_scale = 2 * step / max(np.hypot(gx, gy), 1e-12)
    hx, hy = _arrow_segments([px], [py], np.array([gx]), np.array([gy]), g_scale)
    fig.add_scatter(
        x=hx,
        y=hy,
        mode="lines",
        line={"color": OKABE_ITO["vermillion"], "width": 4},
        name="−∇CE at the current logits",
    )
    fig.add_scatter(
        x=[px],
        y=[py],
        mode="markers",
        name="current logits",
        marker={
            "size": 13,
            "color": OKABE_ITO["vermillion"],
            "line": {"color": "white", "width": 2},
        },
    )
    fig.update_xaxes(range=[a[0], a[-1]])
    fig.update_yaxes(range=[b[0], b[-1]])
    return _layout(
        fig, f"CE over logits z{i} and z{j}, the others fixed", f"logit z{i}", f"logit z{j}", 520
    )


def margin_figure(curve: MarginCurve) -> go.Figure:
    """Two classes: CE against the margin d = z_true − z_other, with the tangent at d0."""
    fig = go.Figure()
    fig.add_scatter(
        x=curve.d,
        y=curve.cost,
        name="CE = log(1 + e^(−d))",
        line={"color": OKABE_ITO["blue"], "width": 3},
    )
    tangent = curve.cost0 + curve.slope0 * (curve.d - curve.d0)
    fig.add_scatter(
        x=curve.d,
        y=tangent,
        name=f"slope −σ(−d) = {curve.slope0:.4g}",
        line={"color": OKABE_ITO["green"], "dash": "dot", "width": 2},
    )
    fig.add_scatter(
        x=[curve.d0],
        y=[curve.cost0],
        mode="markers",
        name="current margin",
        marker={"size": 12, "color": OKABE_ITO["vermillion"]},
    )
    top = float(np.nanmax(curve.cost)) if np.isfinite(curve.cost).any() else 1.0
    fig.update_yaxes(range=[-0.05 * top - 0.05, 1.05 * top + 0.05])
    return _layout(fig, "Two classes: CE against the margin", "margin d = z_true − z_other", "CE")


def vector_heatmaps(rows: Sequence[tuple[str, np.ndarray]], title: str) -> go.Figure:
    """One row per named vector, each a 1 × D heatmap with its values written in.

    Each row has its own symmetric colour range around 0 (red positive, blue negative).
    """
    height = 125 * len(rows) + 70
    fig = make_subplots(
        rows=len(rows),
        cols=1,
        subplot_titles=[name for name, _ in rows],
        vertical_spacing=min(70 / height, 0.9 / max(len(rows) - 1, 1)),
    )
    for r, (name, values) in enumerate(rows, start=1):
        v = np.atleast_2d(np.asarray(values, dtype=float))
        finite = v[np.isfinite(v)]
        bound = float(np.max(np.abs(finite))) if finite.size else 0.0
        bound = bound or 1.0
        labelled = v.shape[1] <= 16
        fig.add_heatmap(
            z=v,
            x=[f"[{k}]" for k in range(v.shape[1])],
            y=[""],
            zmid=0,
            zmin=-bound,
            zmax=bound,
            colorscale=DIVERGING,
            showscale=False,
            text=[[f"{t:.3g}" for t in v[0]]] if labelled else None,
            texttemplate="%{text}" if labelled else None,
            hovertemplate=f"{name}<br>entry %{{x}}: %{{z:.6g}}<extra></extra>",
            row=r,
            col=1,
        )
        fig.update_xaxes(type="category", row=r, col=1)
    fig.update_layout(
        title={"text": title}, height=height, margin={"l": 30, "r": 20, "t": 70, "b": 30}
    )
    return fig


def matrix_heatmaps(mats: Sequence[tuple[str, np.ndarray]], title: str) -> go.Figure:
    """Matrices and vectors side by side, each with its own symmetric colour range."""
    fig = make_subplots(
        rows=1, cols=len(mats), subplot_titles=[n for n, _ in mats], horizontal_spacing=0.06
    )
    for c, (name, values) in enumerate(mats, start=1):
        m = np.asarray(values, dtype=float)
        m = m[:, None] if m.ndim == 1 else m
        bound = float(np.max(np.abs(m))) if m.size and np.isfinite(m).all() else 1.0
        fig.add_heatmap(
            z=m,
            zmid=0,
            zmin=-bound or -1,
            zmax=bound or 1,
            colorscale=DIVERGING,
            showscale=False,
            hovertemplate=f"{name}<br>row %{{y}}, col %{{x}}: %{{z:.6g}}<extra></extra>",
            row=1,
            col=c,
        )
        fig.update_yaxes(autorange="reversed", title_text="row", row=1, col=c)
        fig.update_xaxes(title_text="column", row=1, col=c)
    fig.update_layout(
        title={"text": title}, height=380, margin={"l": 50, "r": 20, "t": 80, "b": 50}
    )
    return fig


def param_bars(breakdown: dict[str, int]) -> go.Figure:
    """Parameters per tensor; a log axis when the counts span more than 3 decades."""
    names, counts = list(breakdown), [int(v) for v in breakdown.values()]
    fig = go.Figure()
    fig.add_bar(
        x=names,
        y=counts,
        text=[f"{c:,}" for c in counts],
        textposition="outside",
        marker_color=[OKABE_ITO[k] for k in ("blue", "sky", "vermillion", "orange")],
        hovertemplate="%{x}: %{text} parameters<extra></extra>",
    )
    if max(counts) > 1000 * min(counts):
        fig.update_yaxes(type="log")
    else:
        fig.update_yaxes(range=[0, 1.2 * max(counts)])
    return _layout(fig, "Parameters per tensor", "tensor", "parameters", height=360)


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
    fig = go.Figure()
    xs = np.arange(len(nodes)) * 2.0
    for k, x in enumerate(xs[:-1]):
        fig.add_annotation(
            x=x + 1.55,
            y=0,
            ax=x + 0.45,
            ay=0,
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            showarrow=True,
            arrowhead=2,
            arrowsize=1.2,
            arrowwidth=2,
            arrowcolor=OKABE_ITO["grey"],
            text="",
        )
        fig.add_annotation(x=x + 1.0, y=0.42, text=rules[k], showarrow=False, font={"size": 14})
    fig.add_scatter(
        x=xs,
        y=np.zeros(len(nodes)),
        mode="markers+text",
        marker={"size": 58, "color": SERIES[: len(nodes)], "line": {"width": 2, "color": "white"}},
        text=[f"<b>{name}</b>" for name, _ in nodes],
        textfont={"size": 18, "color": "white"},
        hoverinfo="skip",
    )
    for x, (_, sub) in zip(xs, nodes, strict=True):
        fig.add_annotation(x=x, y=-0.62, text=sub, showarrow=False, font={"size": 12})
    fig.update_xaxes(visible=False, range=[-0.8, xs[-1] + 0.8])
    fig.update_yaxes(visible=False, range=[-1.0, 0.8])
    fig.update_layout(height=220, margin={"l": 10, "r": 10, "t": 10, "b": 10}, showlegend=False)
    return fig


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)


CLASS_COLOURS = [OKABE_ITO[k] for k in ("blue", "orange", "green", "purple", "vermillion")]


def decision_figure(xs, ys, probs, X_train, y_train, X_test, y_test) -> go.Figure:
    """Decision regions coloured by the predicted class, faded where the network is unsure,
    with the training points (circles) and the test points (crosses) on top."""
    k = probs.shape[-1]
    cls = np.argmax(probs, axis=-1)
    conf = np.max(probs, axis=-1)
    strength = (conf - 1.0 / k) / (1.0 - 1.0 / k)  # 0 at a uniform guess, 1 when certain
    palette = np.stack([_rgb(c) for c in CLASS_COLOURS[:k]])
    rgba = np.empty((*cls.shape, 4), dtype=np.uint8)
    rgba[..., :3] = palette[cls].astype(np.uint8)
    rgba[..., 3] = (40 + 150 * np.clip(strength, 0, 1)).astype(np.uint8)
    fig = go.Figure()
    fig.add_image(
        z=rgba,
        colormodel="rgba",
        zmin=[0, 0, 0, 0],
        zmax=[255, 255, 255, 255],  # alpha in bytes too, not Plotly's default 0..1
        x0=float(xs[0]),
        dx=float(xs[1] - xs[0]),
        y0=float(ys[0]),
        dy=float(ys[1] - ys[0]),
        hoverinfo="skip",
        name="regions",
    )
    for c in range(k):
        colour = CLASS_COLOURS[c]
        tr, te = X_train[y_train == c], X_test[y_test == c]
        fig.add_scatter(
            x=tr[:, 0],
            y=tr[:, 1],
            mode="markers",
            name=f"class {c} (train)",
            marker={"color": colour, "size": 7, "line": {"color": "white", "width": 1}},
        )
        fig.add_scatter(
            x=te[:, 0],
            y=te[:, 1],
            mode="markers",
            name=f"class {c} (test)",
            marker={"color": colour, "size": 8, "symbol": "x"},
            showlegend=False,
        )
    fig.update_xaxes(range=[float(xs[0]), float(xs[-1])])
    fig.update_yaxes(range=[float(ys[0]), float(ys[-1])], autorange=None)
    _layout(fig, "Decision regions (faded where unsure)", "x₁", "x₂", height=560)
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0})
    return fig


def training_curves(history) -> go.Figure:
    """Train and test loss (log scale) above, accuracy below, against the step."""
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.12,
        subplot_titles=("mean cross-entropy (log scale)", "accuracy"),
    )
    series = (
        ("train", OKABE_ITO["blue"], "solid"),
        ("test", OKABE_ITO["orange"], "dash"),
    )
    panels = (
        (1, (history.train_loss, history.test_loss)),
        (2, (history.train_acc, history.test_acc)),
    )
    for row, pair in panels:
        for (name, colour, dash), values in zip(series, pair, strict=True):
            fig.add_scatter(
                x=history.step,
                y=values,
                name=name,
                mode="lines",
                legendgroup=name,
                showlegend=row == 1,
                line={"color": colour, "dash": dash, "width": 2},
                row=row,
                col=1,
            )
    fig.update_yaxes(type="log", dtick=1, title_text="CE", row=1, col=1)  # powers of 10
    fig.update_yaxes(range=[0, 1.02], title_text="accuracy", row=2, col=1)
    fig.update_xaxes(title_text="step", row=2, col=1)
    fig.update_xaxes(
        title_text="step (shared)", title_standoff=0, showticklabels=False, row=1, col=1
    )
    fig.update_layout(
        height=520,
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.06, "xanchor": "right", "x": 1},
    )
    return fig


def hidden_units_figure(xs, ys, hidden, max_units: int = 16) -> go.Figure:
    """Each hidden unit's activation h_j = σ(z1_j) over the plane, up to ``max_units``."""
    units = min(hidden.shape[-1], max_units)
    cols = min(units, 4)
    rows = -(-units // cols)
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=[f"h{j}" for j in range(units)],
        horizontal_spacing=0.03,
        vertical_spacing=0.08,
    )
    for j in range(units):
        fig.add_heatmap(
            z=hidden[..., j],
            x=xs,
            y=ys,
            zmin=0,
            zmax=1,
            colorscale="Viridis",
            showscale=j == 0,
            row=j // cols + 1,
            col=j % cols + 1,
            hovertemplate=f"h{j}" + " = %{z:.3f}<extra></extra>",
        )
    fig.update_xaxes(showticklabels=False)
    fig.update_yaxes(showticklabels=False)
    fig.update_layout(
        title={"text": f"Hidden units over the plane (first {units})"},
        height=190 * rows + 80,
        margin={"l": 20, "r": 20, "t": 80, "b": 20},
    )
    return fig
