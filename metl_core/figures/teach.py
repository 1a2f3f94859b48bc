"""Figures for the explanations on the topic pages: the softmax Jacobian, vanishing
gradients through sigmoids, and a finite-difference check's error against its step.

Plain Plotly, no Streamlit; built unvalidated in one call like :mod:`metl_core.figures`,
whose colours and helpers these reuse (the tests validate every builder's output).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from metl_core.maths.finite_differences import ASSIGNMENT_H, StepSweep
from metl_core.maths.saturation import Vanishing

from . import kit


def _heatmap(m: np.ndarray, name: str, suffix: str, bound: float, text: bool) -> dict:
    labels = [str(i) for i in range(m.shape[0])]
    return kit.diverging_heatmap(
        m,
        bound,
        name,
        suffix,
        where="i = %{y}, j = %{x}",
        x=labels,
        y=labels,
        showscale=False,
        xgap=1,
        ygap=1,
        text=[[f"{v:.3g}" for v in row] for row in m] if text else None,
        texttemplate="%{text}" if text else None,
    )


def jacobian_figure(J: np.ndarray, J_numeric: np.ndarray | None = None) -> go.Figure:
    """Left: J[i, j] = ∂ŷᵢ/∂zⱼ, values written in up to 8 × 8. Right, when given: J minus
    the finite-difference Jacobian, on its own colour range (it is rounding-sized)."""
    J = np.asarray(J, dtype=float)
    text = J.shape[0] <= 8
    data = [_heatmap(J, "J", "", kit.symmetric_bound(J), text)]
    panels = [("J = diag(ŷ) − ŷᵀŷ", "")]
    if J_numeric is not None:
        diff = J - np.asarray(J_numeric, dtype=float)
        data.append(_heatmap(diff, "J − finite differences", "2", kit.symmetric_bound(diff), text))
        panels.append((f"J − finite differences (largest {np.max(np.abs(diff)):.2g})", "2"))
    domains = ([0.0, 0.47], [0.53, 1.0]) if len(panels) == 2 else ([0.0, 1.0],)
    layout = {
        "height": 420,
        "margin": {"l": 60, "r": 20, "t": 70, "b": 50},
        "annotations": [],
    }
    for (name, suffix), domain in zip(panels, domains, strict=True):
        layout["annotations"].append(kit.panel_title(name, (domain[0] + domain[1]) / 2))
        layout[f"xaxis{suffix}"] = kit.axis(
            "j (logit zⱼ)", domain=domain, anchor=f"y{suffix}", type="category"
        )
        layout[f"yaxis{suffix}"] = kit.axis(
            "i (probability ŷᵢ)", anchor=f"x{suffix}", type="category", autorange="reversed"
        )
    return kit.build(data, layout)


def vanishing_figure(v: Vanishing) -> go.Figure:
    """The bound (1/4)^L and the product of σ′ along each seeded chain, on a log axis."""
    layers = v.layers.astype(float)
    data = [
        {
            "type": "scatter",
            "x": layers,
            "y": row,
            "mode": "lines",
            "line": {"color": kit.OKABE_ITO["sky"], "width": 1},
            "opacity": 0.6,
            "name": "Π σ′(aₗ), one chain",
            "legendgroup": "chains",
            "showlegend": c == 0,
            "hovertemplate": "L = %{x}: %{y:.3g}<extra>chain " + str(c) + "</extra>",
        }
        for c, row in enumerate(v.products)
    ]
    data += [
        {
            "type": "scatter",
            "x": layers,
            "y": v.median,
            "mode": "lines+markers",
            "line": {"color": kit.OKABE_ITO["blue"], "width": 3},
            "name": "median over the chains",
            "hovertemplate": "L = %{x}: %{y:.3g}<extra>median</extra>",
        },
        {
            "type": "scatter",
            "x": layers,
            "y": v.bound,
            "mode": "lines",
            "line": {"color": kit.OKABE_ITO["vermillion"], "width": 3, "dash": "dash"},
            "name": "bound (1/4)ᴸ",
            "hovertemplate": "L = %{x}: %{y:.3g}<extra>(1/4)^L</extra>",
        },
    ]
    return kit.build(
        data,
        {
            "title": kit.heading("A gradient passed back through L sigmoid layers (unit weights)"),
            "height": 420,
            "margin": kit.MARGIN,
            "legend": kit.LEGEND_TOP,
            "xaxis": kit.axis("number of layers L", dtick=max(1, int(np.ceil(layers.size / 10)))),
            "yaxis": kit.axis("|∂s_L / ∂s₀| (log scale)", type="log", exponentformat="power"),
        },
    )


def _positive(values: np.ndarray) -> np.ndarray:
    """Errors for a log axis: exact zeros (no digits left to differ) become gaps."""
    v = np.asarray(values, dtype=float).copy()
    v[~(v > 0)] = np.nan
    return v


def _log_range(*arrays: np.ndarray) -> list[float]:
    values = np.concatenate([a[np.isfinite(a) & (a > 0)] for a in arrays])
    if values.size == 0:
        return [-17.0, 1.0]
    return [float(np.floor(np.log10(values.min()))) - 0.5, float(np.ceil(np.log10(values.max())))]


def step_error_figure(sweep: StepSweep, title: str) -> go.Figure:
    """The check's error against h on log-log axes: both differences as measured, their
    Taylor terms (slopes 1 and 2), the rounding order ε|f|/h (slope −1), and h = 1e-4."""
    one, two = _positive(sweep.one_sided), _positive(sweep.centred)

    def measured(y, name, colour):
        return {
            "type": "scatter",
            "x": sweep.h,
            "y": y,
            "mode": "lines+markers",
            "line": {"color": colour, "width": 3},
            "marker": {"size": 6},
            "name": name,
            "hovertemplate": "h = %{x:.2g}: error %{y:.3g}<extra>" + name + "</extra>",
        }

    def reference(y, name, colour, dash):
        return {
            "type": "scatter",
            "x": sweep.h,
            "y": y,
            "mode": "lines",
            "line": {"color": colour, "width": 1.5, "dash": dash},
            "name": name,
            "hoverinfo": "skip",
        }

    data = [
        measured(one, "one-sided (f(x+h) − f(x)) / h", kit.OKABE_ITO["blue"]),
        measured(two, "centred (f(x+h) − f(x−h)) / 2h", kit.OKABE_ITO["orange"]),
        reference(sweep.trunc_one_sided, "(h/2)|f″|: slope 1", kit.OKABE_ITO["blue"], "dash"),
        reference(sweep.trunc_centred, "(h²/6)|f‴|: slope 2", kit.OKABE_ITO["orange"], "dash"),
        reference(sweep.rounding, "rounding ~ε|f|/h: slope −1", kit.OKABE_ITO["grey"], "dot"),
    ]
    lo, hi = _log_range(one, two)
    at_h = sweep.at(ASSIGNMENT_H)
    data.append(
        {
            "type": "scatter",
            "x": [ASSIGNMENT_H, ASSIGNMENT_H, None, ASSIGNMENT_H, ASSIGNMENT_H],
            "y": [10**lo, 10**hi, None, *at_h],
            "mode": "lines+markers",
            "line": {"color": kit.OKABE_ITO["green"], "width": 2},
            "marker": {"size": [0, 0, 0, 12, 12], "color": kit.OKABE_ITO["green"]},
            "name": "h = 1e-4 (the assignment)",
            "hovertemplate": "h = 1e-4: error %{y:.3g}<extra></extra>",
        }
    )
    y_title = (
        "relative error |fd − f′| / |f′|"
        if sweep.metric == "relative"
        else "max over j of |num − ana| / max(1, |num|, |ana|)"
    )
    return kit.build(
        data,
        {
            "title": kit.heading(title),
            "height": 560,
            "margin": {"l": 70, "r": 20, "t": 60, "b": 140},
            # Below the plot: seven entries would crowd the title above it.
            "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": -0.2, "yanchor": "top"},
            "xaxis": kit.axis("step h (log scale)", type="log", exponentformat="power"),
            "yaxis": kit.axis(y_title, type="log", exponentformat="power", range=[lo, hi]),
        },
    )


__all__ = ["jacobian_figure", "step_error_figure", "vanishing_figure"]
