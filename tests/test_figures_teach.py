"""The figures of the explanations (issue 15): valid Plotly, and drawing what they claim."""

import dataclasses
import json

import numpy as np
import plotly.graph_objects as go
import pytest

import metl_core as M
from metl_core.figures import teach as FT
from metl_core.maths import finite_differences as FD
from metl_core.maths import jacobian as JAC
from metl_core.maths import saturation as SAT

Z = np.array([1.0, 2.0, -0.5])


def every_figure() -> dict[str, go.Figure]:
    return {
        "jacobian": FT.jacobian_figure(JAC.softmax_jacobian(Z), JAC.numeric_jacobian(M.softmax, Z)),
        "jacobian_alone": FT.jacobian_figure(JAC.softmax_jacobian(np.arange(12.0))),
        "vanishing": FT.vanishing_figure(SAT.vanishing(15, 1.0, seed=2)),
        "steps_sigmoid": FT.step_error_figure(FD.sigmoid_sweep(1.0), "t"),
        "steps_ce": FT.step_error_figure(FD.ce_sweep(Z, 0), "t"),
        "steps_rounding_only": FT.step_error_figure(FD.sigmoid_sweep(40.0), "t"),
    }


@pytest.mark.parametrize("name", list(every_figure()))
def test_figure_is_valid_plotly_and_validation_would_change_nothing(name):
    fig = every_figure()[name]
    validated = go.Figure(fig.to_dict())
    assert json.loads(fig.to_json()) == json.loads(validated.to_json())


@pytest.mark.parametrize("name", list(every_figure()))
def test_every_axis_is_titled(name):
    layout = every_figure()[name].to_plotly_json()["layout"]
    axes = [v for k, v in layout.items() if k.startswith(("xaxis", "yaxis"))]
    assert axes and all(a.get("title", {}).get("text") for a in axes)


def test_jacobian_figure_shows_J_and_its_difference_from_finite_differences():
    Jz, Jn = JAC.softmax_jacobian(Z), JAC.numeric_jacobian(M.softmax, Z)
    fig = FT.jacobian_figure(Jz, Jn)
    np.testing.assert_array_equal(fig.data[0].z, Jz)
    np.testing.assert_array_equal(fig.data[1].z, Jz - Jn)
    assert fig.data[0].text[0][1] == f"{Jz[0, 1]:.3g}"  # values written in
    assert fig.layout.yaxis.autorange == "reversed"  # row i = 0 at the top, like a matrix
    assert len(FT.jacobian_figure(Jz).data) == 1
    assert FT.jacobian_figure(JAC.softmax_jacobian(np.arange(12.0))).data[0].text is None


def test_vanishing_figure_draws_each_chain_the_median_and_the_bound_on_a_log_axis():
    v = SAT.vanishing(10, 2.0, seed=1, chains=4)
    fig = FT.vanishing_figure(v)
    assert len(fig.data) == 4 + 2
    for row, trace in zip(v.products, fig.data[:4], strict=True):
        np.testing.assert_array_equal(trace.y, row)
    np.testing.assert_array_equal(fig.data[-2].y, v.median)
    np.testing.assert_array_equal(fig.data[-1].y, 0.25 ** np.arange(1, 11))
    assert fig.layout.yaxis.type == "log"


def test_step_error_figure_is_log_log_with_both_differences_references_and_the_mark():
    s = FD.sigmoid_sweep(1.0)
    fig = FT.step_error_figure(s, "t")
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"
    np.testing.assert_array_equal(fig.data[0].y, s.one_sided)
    np.testing.assert_array_equal(fig.data[1].y, s.centred)
    np.testing.assert_array_equal(fig.data[2].y, s.trunc_one_sided)
    np.testing.assert_array_equal(fig.data[3].y, s.trunc_centred)
    np.testing.assert_array_equal(fig.data[4].y, s.rounding)
    mark = fig.data[5]
    assert set(x for x in mark.x if x is not None) == {1e-4}
    assert list(mark.y[-2:]) == list(s.at(1e-4))
    lo, hi = fig.layout.yaxis.range
    assert 10**lo <= np.nanmin(s.centred) and 10**hi >= np.nanmax(s.one_sided)
    # h from 1e-12 to 1e-1, the slopes' references with slopes 1, 2 and −1.
    assert (s.h[0], s.h[-1]) == pytest.approx((1e-12, 1e-1))
    for trace, slope in zip(fig.data[2:5], (1, 2, -1), strict=True):
        y = np.asarray(trace.y)
        assert np.log10(y[-1] / y[0]) / np.log10(s.h[-1] / s.h[0]) == pytest.approx(slope)


def test_step_error_figure_leaves_exact_zeros_as_gaps():
    # An error of exactly 0 (the difference hit f′ to the last digit) has no log.
    s = FD.sigmoid_sweep(1.0)
    centred = s.centred.copy()
    centred[[3, 7]] = 0.0
    fig = FT.step_error_figure(dataclasses.replace(s, centred=centred), "t")
    y = np.asarray(fig.data[1].y, dtype=float)
    assert np.isnan(y[[3, 7]]).all() and np.isfinite(np.delete(y, [3, 7])).all()
