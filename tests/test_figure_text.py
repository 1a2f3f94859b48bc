"""Every chart as text (issue #20 item 2): the summary and the table say what the figure draws."""

import numpy as np
import plotly.graph_objects as go
import pytest
import test_figures
import test_figures_teach

import metl_core as M
from metl_core import figures as F
from metl_core.figures import backprop as FB
from metl_core.figures import text as FTX
from metl_core.teaching import backprop_steps as BP

from pagetest import figures, open_page


def every_figure() -> dict[str, go.Figure]:
    batch = BP.seeded_batch(M.init_params(4, 5, 3, seed=0), 2, 0)
    return {
        **test_figures.every_figure(),
        **{f"teach_{k}": v for k, v in test_figures_teach.every_figure().items()},
        "delta_sizes": FB.delta_sizes_figure(BP.saturation(batch).sizes),
        "scale_sweep": FB.scale_sweep_figure(BP.scale_sweep(batch, [0.5, 1, 8]), 1),
    }


NAMES = list(every_figure())


def _data_traces(fig: go.Figure):
    """The traces that carry data: named lines and markers, all bars and heatmaps."""
    for i, t in enumerate(fig.data):
        if t.type in ("heatmap", "contour", "bar") or (t.type != "image" and FTX.plain(t.name)):
            yield i, t


def _finite(values) -> np.ndarray:
    arr = np.asarray([np.nan if v is None else v for v in np.ravel(values)], dtype=float)
    return arr[np.isfinite(arr)]


@pytest.mark.parametrize("name", NAMES)
def test_the_summary_names_every_data_trace_with_its_values_or_their_range(name):
    fig = every_figure()[name]
    text = FTX.describe(fig)
    for i, t in _data_traces(fig):
        along = "x" if getattr(t, "orientation", None) == "h" else "y"
        values = _finite(t.z if t.type in ("heatmap", "contour") else getattr(t, along))
        if values.size == 0:
            continue
        assert (FTX.plain(t.name) or f"series {i + 1}") + ":" in text
        expected = (
            values
            if values.size <= FTX.LISTED and t.type not in ("heatmap", "contour")
            else [values.min(), values.max()]
        )
        for v in expected:
            assert FTX.number(v) in text, (name, t.name, FTX.number(v), text)


@pytest.mark.parametrize("name", NAMES)
def test_the_summary_opens_with_the_title_and_names_the_axes(name):
    fig = every_figure()[name]
    text = FTX.describe(fig)
    title = FTX.plain(fig.layout.title.text)
    assert text.startswith(title or "A chart")
    for key in ("xaxis", "yaxis"):
        axis_title = FTX.plain(fig.layout[key].title.text)
        if axis_title:
            assert f"{key[0]}: {axis_title}" in text


@pytest.mark.parametrize("name", NAMES)
def test_the_table_holds_every_plotted_number_once_in_order(name):
    fig = every_figure()[name]
    cols, total = FTX.table(fig, max_rows=10**6)
    assert len(cols["series"]) == total
    expected = []
    for i, t in enumerate(fig.data):
        if t.type == "image":
            continue
        if t.type in ("heatmap", "contour"):
            expected += [float(v) for v in _finite(t.z)]
        elif t.y is not None:
            pairs = zip(t.x if t.x is not None else range(len(t.y)), t.y, strict=False)
            expected += [
                (FTX.plain(t.name) or f"series {i + 1}", b)
                for a, b in pairs
                if a is not None and b is not None
            ]
    got = [
        v if v is not None else (s, y)
        for s, y, v in zip(cols["series"], cols["y"], cols["value"], strict=True)
    ]
    assert len(got) == len(expected)
    for g, e in zip(got, expected, strict=True):
        if isinstance(e, tuple):
            assert g[0] == e[0]
            assert g[1] == (float(e[1]) if not isinstance(e[1], str) else FTX.plain(e[1]))
        else:
            assert g == pytest.approx(e)


def test_a_cut_table_keeps_the_first_rows_and_counts_them_all():
    fig = test_figures.every_figure()["ce_field"]
    cols, total = FTX.table(fig, max_rows=50)
    full, same_total = FTX.table(fig, max_rows=10**6)
    assert total == same_total > 50
    assert all(len(col) == 50 for col in cols.values())
    assert cols == {k: v[:50] for k, v in full.items()}


def test_the_issues_example_reads_the_two_probabilities_before_and_after_the_shift():
    x = np.array([1.0, 2.0])
    fig = F.grouped_bars(
        [("softmax(x)", M.softmax(x)), ("softmax(x + c)", M.softmax(x + 3))], "t", "p", (0, 1)
    )
    text = FTX.describe(fig, alt="softmax before and after adding c = 3: identical")
    assert text.startswith("softmax before and after adding c = 3: identical.")
    assert "softmax(x): class 0 0.269, class 1 0.731" in text
    assert "softmax(x + c): class 0 0.269, class 1 0.731" in text


@pytest.mark.parametrize(
    "value, shown",
    [(0.26894, "0.269"), (-2.0, "−2"), (float("nan"), "NaN"), (float("-inf"), "minus infinity")],
)
def test_numbers_read_at_three_significant_digits(value, shown):
    assert FTX.number(value) == shown


def test_every_chart_on_a_page_carries_its_summary_and_a_page_sentence_leads_it():
    at = open_page("pages/1_Softmax.py", {"c": "3", "logits": "1, 2"})
    assert not at.exception
    charts = {el.proto.id.rsplit("-", 1)[-1]: el.proto for el in at.get("plotly_chart")}
    specs = figures(at)
    assert set(charts) == set(specs) and charts
    for key, proto in charts.items():
        fig = go.Figure(specs[key])
        if key == "shift_bars":
            assert proto.alt.startswith("Softmax before and after adding c = 3 to every logit:")
            assert "identical" in proto.alt
            assert "class 0 0.269, class 1 0.731" in proto.alt
        else:
            assert proto.alt == FTX.describe(fig), key


def test_a_charts_table_opens_from_the_link_and_shows_the_plotted_numbers():
    at = open_page("pages/1_Softmax.py", {"c": "3", "logits": "1, 2", "table_shift_bars": "true"})
    assert not at.exception
    box = next(e for e in at.expander if e.label.startswith("Numbers of this chart"))
    shown = box.dataframe[0].value
    spec = figures(at)["shift_bars"]["data"]
    plotted = [f"{v:.6g}" for t in spec for v in np.asarray(t["y"], dtype=float)]
    assert list(shown["y"]) == plotted
    assert list(shown["series"]) == ["softmax(x)"] * 2 + ["softmax(x + added)"] * 2
    closed = open_page("pages/1_Softmax.py", {"c": "3", "logits": "1, 2"})
    assert not any(e.dataframe for e in closed.expander if e.label.startswith("Numbers"))
