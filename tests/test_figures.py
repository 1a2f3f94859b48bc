import json

import numpy as np
import plotly.graph_objects as go
import pytest

import metl_core as M
from metl_core import figures as F
from metl_core.figures import kit
from metl_core.teaching import explore as E


def all_axes_titled(fig: go.Figure) -> bool:
    layout = fig.to_plotly_json()["layout"]
    axes = [v for k, v in layout.items() if k.startswith(("xaxis", "yaxis"))]
    return all(a.get("title", {}).get("text") for a in axes if a.get("visible", True))


def test_core_and_figures_import_no_streamlit():
    from pathlib import Path

    for path in Path(M.__file__).parent.rglob("*.py"):
        text = path.read_text()
        assert "import streamlit" not in text and "from streamlit" not in text, path


def test_grouped_bars_carry_each_series():
    p, q = M.softmax([1.0, 2.0, 3.0]), M.softmax([3.0, 2.0, 1.0])
    fig = F.grouped_bars([("p", p), ("q", q)], "t", "probability", (0, 1))
    assert [t.name for t in fig.data] == ["p", "q"]
    np.testing.assert_array_equal(fig.data[1].y, q)
    assert list(fig.data[0].x) == ["class 0", "class 1", "class 2"]
    assert fig.data[0].marker.color != fig.data[1].marker.color
    assert fig.layout.barmode == "group" and tuple(fig.layout.yaxis.range) == (0, 1)
    assert all_axes_titled(fig)


# Okabe & Ito (2008), "Color Universal Design": the palette as published.
PUBLISHED_OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}


def test_palette_colours_are_the_published_okabe_ito_values():
    # Grey is not in the palette; it is kept for guide lines and arrows only.
    named = {k: v.upper() for k, v in F.OKABE_ITO.items() if k != "grey"}
    assert named == {k: PUBLISHED_OKABE_ITO[k] for k in named}
    drawn = {c.upper() for c in [*F.SERIES, *F.CLASS_COLOURS]}
    assert drawn <= set(PUBLISHED_OKABE_ITO.values())


def test_temperature_figure_marks_the_current_temperature():
    x = np.array([1.0, 2.0])
    sweep = E.temperature_sweep(x)
    fig = F.temperature_figure(sweep, 0.5, M.softmax(x, temperature=0.5))
    np.testing.assert_allclose(fig.data[0].y, M.softmax(x, temperature=0.5))
    np.testing.assert_array_equal(fig.data[1].x, sweep.temperatures)
    assert fig.data[2].x == (0.5,)
    assert fig.data[2].y[0] == pytest.approx(M.entropy(M.softmax(x, temperature=0.5)))
    assert fig.layout.xaxis2.type == "log"
    assert all_axes_titled(fig)


def test_sigmoid_figure_has_curves_tangent_and_point():
    curve, check = E.sigmoid_curve(-4, 4, 81), E.sigmoid_slope_check(1.0)
    fig = F.sigmoid_figure(curve, check)
    np.testing.assert_array_equal(fig.data[0].y, curve.s)
    np.testing.assert_array_equal(fig.data[1].y, curve.ds)
    tangent = np.asarray(fig.data[2].y)
    assert np.interp(1.0, curve.x, tangent) == pytest.approx(check.value)
    assert (tangent[-1] - tangent[0]) / 8 == pytest.approx(check.slope)
    assert fig.data[3].x == (1.0,)
    assert all_axes_titled(fig)


def test_ce_field_figure_draws_contours_arrows_and_point():
    field = E.ce_field([2.0, 1.0, 0.1], 0)
    fig = F.ce_field_figure(field, 0, 1)
    kinds = [t.type for t in fig.data]
    assert kinds == ["contour", "scatter", "scatter", "scatter"]
    np.testing.assert_array_equal(fig.data[0].z, field.cost)
    assert sum(v is None for v in fig.data[1].x) >= field.arrow_a.size  # one segment per arrow
    assert fig.data[3].x == (2.0,)
    assert all_axes_titled(fig)


def test_margin_figure():
    curve = E.ce_margin_curve([0.0, 1.0], 1)
    fig = F.margin_figure(curve)
    np.testing.assert_array_equal(fig.data[0].y, curve.cost)
    assert fig.data[2].x == (curve.d0,)
    assert all_axes_titled(fig)


def test_vector_heatmaps_one_row_per_vector():
    rows = [("a", np.array([1.0, -2.0])), ("b", np.array([0.5, 0.0, 3.0]))]
    fig = F.vector_heatmaps(rows, "t")
    assert len(fig.data) == 1 and list(fig.data[0].y) == ["a", "b"]
    colour = np.asarray(fig.data[0].z)
    # each row coloured on its own symmetric range: the value over its largest magnitude
    np.testing.assert_array_equal(colour[0], [0.5, -1.0, np.nan])
    np.testing.assert_array_equal(colour[1], [0.5 / 3, 0.0, 1.0])
    assert fig.data[0].zmid == 0 and (fig.data[0].zmin, fig.data[0].zmax) == (-1, 1)
    np.testing.assert_array_equal(fig.data[0].customdata, [[1.0, -2.0, np.nan], [0.5, 0, 3]])
    assert list(fig.data[0].text[1]) == ["0.5", "0", "3"]


def test_vector_heatmaps_of_zeros_and_nan_do_not_break():
    fig = F.vector_heatmaps([("z", np.zeros(3)), ("n", np.array([np.nan, 1.0]))], "t")
    colour = np.asarray(fig.data[0].z)
    np.testing.assert_array_equal(colour[0], [0.0, 0.0, 0.0])
    assert np.isnan(colour[1, 0]) and colour[1, 1] == 1.0
    assert np.isnan(fig.data[0].customdata[1][0]) and fig.data[0].text[1][0] == "NaN"


def test_vector_heatmaps_leave_long_rows_unlabelled_but_hoverable():
    fig = F.vector_heatmaps([("long", np.arange(32.0))], "t")
    assert fig.data[0].text is None and fig.data[0].customdata[0][31] == 31.0


def test_matrix_heatmaps_keep_shapes():
    g = M.backward(M.init_params(3, 4, 2), M.forward(M.init_params(3, 4, 2), [1.0, 2, 3])[1], 0)
    fig = F.matrix_heatmaps([("dW1", g.dW1), ("db1", g.db1)], "t")
    assert np.asarray(fig.data[0].z).shape == (3, 4)
    assert np.asarray(fig.data[1].z).shape == (4, 1)
    assert all_axes_titled(fig)


def test_param_bars_switch_to_a_log_axis_when_counts_are_far_apart():
    small = F.param_bars(M.param_breakdown(10, 5, 10))
    assert list(small.data[0].y) == [50, 5, 50, 10] and small.layout.yaxis.type != "log"
    big = F.param_bars(M.param_breakdown(10**6, 10**3, 2))
    assert big.layout.yaxis.type == "log"
    assert all_axes_titled(small)


def test_network_diagram_shows_the_chain_with_dimensions():
    fig = F.network_diagram((4, 5, 3))
    assert [t.replace("<b>", "").replace("</b>", "") for t in fig.data[0].text] == [
        "x",
        "z1",
        "h",
        "z2",
        "ŷ",
        "CE",
    ]
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "1×4" in notes and "1×5" in notes and "1×3" in notes and "softmax" in notes


@pytest.mark.parametrize("n", range(1, 12))
def test_stacked_panels_stay_inside_the_figure(n):
    for lo, hi in kit._stack(n, 0.07):
        assert 0.0 <= lo < hi <= 1.0


def every_figure() -> dict[str, go.Figure]:
    """One figure from every builder, on inputs like the pages'."""
    x = np.array([2.0, 1.0, 0.1])
    p = M.init_params(3, 4, 2)
    c = M.forward(p, [1.0, -2.0, 0.5])[1]
    g = M.backward(p, c, 1)
    return {
        "grouped_bars": F.grouped_bars([("p", M.softmax(x))], "t", "probability", (0, 1)),
        "temperature": F.temperature_figure(E.temperature_sweep(x), 2.0, M.softmax(x / 2)),
        "sigmoid": F.sigmoid_figure(E.sigmoid_curve(-8, 8, 201), E.sigmoid_slope_check(1.0)),
        "ce_field": F.ce_field_figure(E.ce_field(x, 0), 0, 1),
        "margin": F.margin_figure(E.ce_margin_curve([0.0, 1.0], 1)),
        "vector_heatmaps": F.vector_heatmaps([("x", c.x), ("z1", c.z1), ("h", c.h)], "t"),
        "matrix_heatmaps": F.matrix_heatmaps([("dW1", g.dW1), ("db1", g.db1)], "t"),
        "param_bars": F.param_bars(M.param_breakdown(10, 5, 10)),
        "param_bars_log": F.param_bars(M.param_breakdown(10**6, 10**3, 2)),
        "network_diagram": F.network_diagram((4, 5, 3)),
        "network_diagram_plain": F.network_diagram(),
    }


FIGURE_NAMES = list(every_figure())


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_figure_is_valid_plotly_and_validation_would_change_nothing(name):
    # The builders skip Plotly's validation for speed; here it runs, and must raise on
    # nothing and alter nothing (a colour-scale name Plotly would expand, a list it
    # would retype) in what reaches the browser. Key order aside: JSON objects have none.
    fig = every_figure()[name]
    validated = go.Figure(fig.to_dict())
    assert json.loads(fig.to_json()) == json.loads(validated.to_json())


def test_matrix_heatmaps_tick_whole_rows_and_columns():
    fig = F.matrix_heatmaps([("db1", np.ones(3)), ("big", np.ones((32, 32)))], "t")
    assert (fig.layout.xaxis.dtick, fig.layout.yaxis.dtick) == (1, 1)
    assert (fig.layout.xaxis2.dtick, fig.layout.yaxis2.dtick) == (4, 4)


def test_colour_stops_spell_a_plotly_scale_as_numbers():
    stops = F.colour_stops(F.SEQUENTIAL)
    assert len(stops) == len(F.SEQUENTIAL)
    assert stops[0] == [0.0, 68.0, 1.0, 84.0] and stops[-1][0] == 1.0  # Viridis: #440154
    assert F.colour_stops([[0, "rgb(1, 2, 3)"], [1, "#ffffff"]]) == [
        [0.0, 1.0, 2.0, 3.0],
        [1.0, 255.0, 255.0, 255.0],
    ]
