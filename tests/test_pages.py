"""AppTest: every page runs, and every main control changes what is shown."""

import copy
import dataclasses

import numpy as np
import pytest

import metl_core as M
from metl_core import figures as F
from metl_core.maths import train as T
from metl_core.teaching import explore as E
from metl_core.teaching import notes as N
from pages.ui.registry import HOME, NEVER_HIDDEN, TOPICS
from pages.ui.registry import PAGES as REGISTRY
from pages.ui.text import fmt as fmt_text

from pagetest import (
    EXPLORER,
    PAGES,
    ROOT,
    assert_clean,
    checks,
    drawn_by_browser,
    figures,
    metrics,
    numbers_of,
    open_page,
    page_css,
    tables,
    trace,
    vector_rows,
    walk,
    widget,
)

SOFTMAX = "pages/1_Softmax.py"
SIGMOID = "pages/2_Sigmoid.py"
CE = "pages/3_Cross_entropy_gradient.py"
MLP = "pages/4_MLP_backprop.py"
COUNT = "pages/5_Parameter_count.py"
NOTES = "pages/6_Notes_step_by_step.py"
EXERCISES = "pages/8_Exercises.py"
PLAYGROUND = "pages/7_Playground.py"


def test_the_page_list_holds_every_page_file_and_only_those():
    on_disk = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))
    assert sorted(e.file for e in REGISTRY) == on_disk
    assert REGISTRY[0].file == "pages/0_Home.py" and (ROOT / "app.py").is_file()
    assert [e.url_path for e in REGISTRY].count("") == 1  # home only
    assert len({e.title for e in REGISTRY}) == len({e.url_path for e in REGISTRY}) == len(REGISTRY)
    assert PAGES[:6] == [SOFTMAX, SIGMOID, CE, MLP, COUNT, NOTES]  # in the order of the notes


@pytest.mark.parametrize("page", [None, *PAGES])
def test_page_runs_without_exception_and_draws_charts(page):
    at = open_page(page)
    assert_clean(at)
    drawn = figures(at) or at.get("bidi_component")  # Plotly's, or the browser's own
    assert drawn or page in (NOTES, EXERCISES), "every topic page draws at least one chart"


def _targets(links) -> list[tuple[str, str]]:
    """(label, href) of each page link; a click goes by the script hash, checked apart."""
    hashes = [ln.proto.page_script_hash for ln in links]
    assert all(hashes) and len(set(hashes)) == len(hashes), "each link names its own page"
    return [(ln.proto.label, ln.proto.page) for ln in links]


def test_home_cards_link_to_every_topic_page_with_its_summary():
    from streamlit.util import calc_hash

    at = open_page()
    cards = at.main.get("page_link")
    # In the notes' order: one row of cards that wraps keeps it on any width.
    assert _targets(cards) == [(f"**{e.title}**", e.url_path) for e in TOPICS]
    assert [ln.proto.page_script_hash for ln in cards] == [calc_hash(e.url_path) for e in TOPICS]
    summaries = [e.summary for e in TOPICS]
    assert [m.value for m in at.main.get("markdown") if m.value in summaries] == summaries


# --- Softmax -------------------------------------------------------------------------------


def test_softmax_bars_follow_the_typed_logits():
    at = open_page(SOFTMAX)
    np.testing.assert_allclose(trace(at, "shift_bars", 0), M.softmax([1, 2]))
    widget(at, "text_input", "logits").set_value("3, 1, -2").run()
    assert_clean(at)
    np.testing.assert_allclose(trace(at, "shift_bars", 0), M.softmax([3, 1, -2]))


def test_softmax_constant_shift_shows_in_the_logits_and_changes_nothing_else():
    at = open_page(SOFTMAX)
    widget(at, "slider", "c").set_value(750.0).run()
    table = tables(at)[0]
    assert table["x + added"] == ["751", "752"]
    np.testing.assert_allclose(trace(at, "shift_bars", 1), trace(at, "shift_bars", 0), atol=1e-15)
    assert float(metrics(at)["largest |softmax(x) − softmax(x + added)|"]) < 1e-12
    assert at.success


def test_softmax_non_constant_vector_changes_the_bars_and_says_so():
    at = open_page(SOFTMAX)
    widget(at, "slider", "c").set_value(2.0).run()
    widget(at, "toggle", "nonconst").set_value(True).run()
    assert_clean(at)
    assert not np.allclose(trace(at, "shift_bars", 1), trace(at, "shift_bars", 0))
    assert any("only" in w.value and "c·1" in w.value for w in at.warning)


@pytest.mark.parametrize(
    "label, x", [("[1001, 1002]", [1001, 1002]), ("[−1001, −1002]", [-1001, -1002])]
)
def test_softmax_presets_set_the_logits_and_show_the_naive_failure(label, x):
    at = open_page(SOFTMAX)
    widget(at, "button_group", "logits-presets").set_value(label).run()
    assert_clean(at)
    np.testing.assert_allclose(trace(at, "shift_bars", 0), M.softmax(x))
    naive = tables(at)[1]
    assert naive["naive exp(x)/Σexp(x)"] == ["NaN", "NaN"]
    assert naive["stable (subtract max)"] == [fmt_text(p) for p in M.softmax(x)]
    assert any("naive formula fails" in w.value for w in at.warning)


def test_softmax_random_preset_draws_new_logits():
    at = open_page(SOFTMAX)
    widget(at, "button_group", "logits-presets").set_value("random").run()
    first = widget(at, "text_input", "logits").value
    widget(at, "button_group", "logits-presets").set_value("random").run()
    assert widget(at, "text_input", "logits").value != first
    assert len(trace(at, "shift_bars", 0)) == 5


def test_softmax_random_logits_differ_between_sessions_and_show_their_seed():
    from metl_core.teaching import explore as E

    draws = []
    for _ in range(2):  # two students, each in a fresh session
        at = open_page(SOFTMAX)
        widget(at, "button_group", "logits-presets").set_value("random").run()
        logits = widget(at, "text_input", "logits").value
        (caption,) = [c.value for c in at.caption if "drawn with seed" in c.value]
        seed = int(caption.rstrip(".").split()[-1])
        assert logits == ", ".join(f"{v:g}" for v in E.random_vector(5, seed=seed))
        draws.append(logits)
    assert draws[0] != draws[1]
    widget(at, "text_input", "logits").set_value("1, 2").run()
    assert not any("drawn with seed" in c.value for c in at.caption)  # not these logits


def test_softmax_temperature_sharpens_the_distribution():
    at = open_page(SOFTMAX)
    before = trace(at, "temperature", 0)
    widget(at, "select_slider", "T").set_value(0.01).run()
    after = trace(at, "temperature", 0)
    np.testing.assert_allclose(before, M.softmax([1, 2]))
    np.testing.assert_allclose(after, M.softmax([1, 2], temperature=0.01))
    assert after.max() > 0.999
    assert float(metrics(at)["entropy S at this T (nats)"]) < 1e-3


# --- Sigmoid -------------------------------------------------------------------------------


def test_sigmoid_curves_are_sigma_and_its_derivative():
    at = open_page(SIGMOID)
    xs = trace(at, "sigmoid", 0, "x")
    np.testing.assert_allclose(trace(at, "sigmoid", 0), M.sigmoid(xs))
    np.testing.assert_allclose(trace(at, "sigmoid", 1), M.sigmoid_derivative(xs))
    assert xs[0] == -8 and xs[-1] == 8


def test_sigmoid_point_moves_with_x0_and_its_slope_is_checked():
    at = open_page(SIGMOID)
    widget(at, "slider", "x0").set_value(-2.5).run()
    assert trace(at, "sigmoid", 3, "x")[0] == -2.5
    m = metrics(at)
    assert float(m["σ′(x0) = σ(1 − σ)"]) == pytest.approx(M.sigmoid_derivative(-2.5), rel=1e-7)
    assert float(m["finite difference, h = 1e-4"]) == pytest.approx(
        M.sigmoid_derivative(-2.5), rel=1e-7
    )


def test_sigmoid_range_slider_sets_the_plotted_range():
    at = open_page(SIGMOID)
    widget(at, "slider", "xrange").set_value((-20.0, 3.0)).run()
    xs = trace(at, "sigmoid", 0, "x")
    assert (xs[0], xs[-1]) == (-20.0, 3.0)


def test_sigmoid_tail_point_explains_the_finite_difference():
    at = open_page(SIGMOID)
    widget(at, "slider", "x0").set_value(30.0).run()
    assert_clean(at)
    # The check's step, the assignment's, on the slider's own values (step 0.1, to 30).
    lim = E.sigmoid_difference_limits(1e-4, np.round(np.arange(0, 301) / 10, 1))
    assert (lim.first_zero, lim.always_zero) == (28.0, 29.2)
    (info,) = [i.value for i in at.info if "cancels" in i.value]
    assert "at some values of this slider from x0 ≈ 28 and at every value from x0 ≈ 29.2" in info
    for x0 in np.arange(29.2, 30.01, 0.1):  # what the page says, at every slider value
        assert E.sigmoid_slope_check(round(x0, 1)).finite_difference == 0.0
    assert f"only from x0 ≈ {lim.sigma_is_one:g}" in info and "large negative x0" in info
    widget(at, "slider", "x0").set_value(-30.0).run()
    assert not [i for i in at.info if "cancels" in i.value]  # accurate near σ = 0


# --- Cross-entropy -------------------------------------------------------------------------


def test_ce_bars_and_loss_follow_logits_and_class():
    at = open_page(CE)
    z = np.array([2, 1, 0.1])
    np.testing.assert_allclose(trace(at, "ce_bars", 2), M.softmax(z) - [1, 0, 0])
    widget(at, "number_input", "k").set_value(2).run()
    np.testing.assert_allclose(trace(at, "ce_bars", 1), [0, 0, 1])
    np.testing.assert_allclose(trace(at, "ce_bars", 2), M.cross_entropy_grad(z, 2))
    assert float(metrics(at)["CE"]) == pytest.approx(M.cross_entropy(z, 2), rel=1e-5)
    widget(at, "text_input", "z").set_value("0, 0, 0, 5").run()
    np.testing.assert_allclose(trace(at, "ce_bars", 0), M.softmax([0, 0, 0, 5]))
    assert metrics(at)["gradient check (h = 1e-4, tolerance 1e-5)"] == "pass"


def test_ce_two_classes_show_the_margin_view():
    at = open_page(CE)
    widget(at, "text_input", "z").set_value("1, 3").run()
    figs = figures(at)
    assert "margin" in figs and "field" not in figs
    d = np.asarray(figs["margin"]["data"][0]["x"])
    np.testing.assert_allclose(figs["margin"]["data"][0]["y"], np.log1p(np.exp(-d)), rtol=1e-12)


def test_ce_field_follows_the_pair_and_the_span():
    at = open_page(CE)
    title = figures(at)["field"]["layout"]["title"]["text"]
    assert "z0 and z1" in title
    widget(at, "selectbox", "pair").set_value("z1-z2").run()
    assert "z1 and z2" in figures(at)["field"]["layout"]["title"]["text"]
    widget(at, "slider", "span").set_value(2.0).run()
    xs = np.asarray(figures(at)["field"]["data"][0]["x"])
    assert (xs[0], xs[-1]) == pytest.approx((1 - 2, 1 + 2))  # z1 = 1, within ± 2


@pytest.mark.parametrize(
    "before, after, n", [("z3-z4", "z1-z2", 3), ("z0-z4", "z0-z2", 3), ("z2-z3", "z1-z2", 3)]
)
def test_ce_pair_is_clamped_in_the_widget_and_the_link_when_the_logits_shrink(before, after, n):
    at = open_page(CE, {"z": "1, 2, 3, 4, 5", "pair": before})
    widget(at, "text_input", "z").set_value(", ".join(["1"] * n)).run()
    assert_clean(at)
    assert widget(at, "selectbox", "pair").value == after
    assert at.query_params["pair"] == after  # what the browser's URL is told
    assert f"z{after[1]} and z{after[-1]}" in figures(at)["field"]["layout"]["title"]["text"]


def test_ce_class_beyond_the_logits_is_an_error_not_a_crash():
    at = open_page(CE)
    widget(at, "number_input", "k").set_value(7).run()
    assert_clean(at)
    assert any("does not exist" in e.value for e in at.error)
    assert "ce_bars" in figures(at)


# --- MLP -----------------------------------------------------------------------------------


def test_mlp_heatmaps_follow_the_dimensions():
    at = open_page(MLP)
    assert [v.size for v in vector_rows(at, "forward")] == [4, 5, 5, 3, 3]
    widget(at, "number_input", "dx").set_value(7).run()
    widget(at, "number_input", "h").set_value(2).run()
    widget(at, "number_input", "dy").set_value(6).run()
    assert_clean(at)
    assert [v.size for v in vector_rows(at, "forward")] == [7, 2, 2, 6, 6]
    w = figures(at)["weights"]["data"]
    assert np.asarray(w[0]["z"]).shape == (7, 2) and np.asarray(w[2]["z"]).shape == (2, 6)


def test_mlp_diagram_follows_the_dimensions():
    def shapes(at):
        return " ".join(n["shape"] for n in walk(at)["nodes"])

    at = open_page(MLP)
    assert "1×4" in shapes(at) and "1×7" not in shapes(at)
    widget(at, "number_input", "seed").set_value(3).run()  # kept: same dimensions
    assert "1×4" in shapes(at)
    widget(at, "number_input", "dx").set_value(7).run()
    assert "1×7" in shapes(at) and "1×4" not in shapes(at)


def test_mlp_heatmaps_show_the_cores_numbers():
    at = open_page(MLP)
    p = M.init_params(4, 5, 3, seed=0)
    x = vector_rows(at, "forward")[0]
    _, cache = M.forward(p, x)
    g = M.backward(p, cache, 0)
    for row, expected in zip(vector_rows(at, "backward"), (g.dz2, g.dh, g.dz1, g.dx), strict=True):
        np.testing.assert_allclose(row, expected)


def test_mlp_seed_and_label_change_the_gradients():
    at = open_page(MLP)
    before = vector_rows(at, "backward")[0]
    widget(at, "number_input", "label").set_value(2).run()
    after_label = vector_rows(at, "backward")[0]
    assert not np.allclose(before, after_label)
    widget(at, "number_input", "seed").set_value(5).run()
    assert not np.allclose(after_label, vector_rows(at, "backward")[0])


def test_mlp_typed_input_is_used_and_a_wrong_length_is_refused():
    at = open_page(MLP)
    widget(at, "radio", "xmode").set_value("typed").run()
    widget(at, "text_input", "x").set_value("1, -1, 2, 0.5").run()
    np.testing.assert_allclose(vector_rows(at, "forward")[0], [1, -1, 2, 0.5])
    widget(at, "text_input", "x").set_value("1, 2").run()
    assert_clean(at)
    assert any("Dx is 4" in e.value for e in at.error)
    np.testing.assert_allclose(vector_rows(at, "forward")[0], [1, -1, 2, 0.5])


def test_mlp_gradient_check_table_passes_everywhere():
    at = open_page(MLP)
    (table,) = [t for t in tables(at) if "max check error" in t]
    assert table["gradient"] == ["dz2", "dh", "dz1", "dx", "dW1", "db1", "dW2", "db2"]
    assert table["passes (tolerance 1e-5)"] == ["pass"] * 8
    assert (numbers_of(table["max check error"]) < 1e-5).all()


# --- Parameter count -----------------------------------------------------------------------


def test_param_count_is_live_and_checked_by_building():
    at = open_page(COUNT)
    assert metrics(at)["parameters"] == "115"
    widget(at, "number_input", "ph").set_value(7).run()
    assert metrics(at)["parameters"] == f"{M.param_count(10, 7, 10):,}"
    assert any(f"{M.param_count(10, 7, 10):,} parameters" in s.value for s in at.success)
    np.testing.assert_array_equal(trace(at, "param_bars"), [70, 7, 70, 10])


@pytest.mark.parametrize(
    "label, dims",
    [("MNIST 784-100-10", (784, 100, 10)), ("word window 1500-100-5", (1500, 100, 5))],
)
def test_param_count_presets(label, dims):
    at = open_page(COUNT)
    widget(at, "button_group", "count-presets").set_value(label).run()
    assert metrics(at)["parameters"] == f"{M.param_count(*dims):,}"
    assert widget(at, "button_group", "count-presets").value is None  # let go after use


def test_param_count_is_exact_at_10_to_the_12_without_building():
    at = open_page(COUNT)
    for key in ("pdx", "ph", "pdy"):
        widget(at, "number_input", key).set_value(10**12).run()
    assert_clean(at)
    assert metrics(at)["parameters"] == f"{2 * 10**24 + 2 * 10**12:,}"
    assert any("was not built" in i.value for i in at.info)


# --- Links: every control restores from the URL, and pages hand their state on -------------


@pytest.mark.parametrize(
    "page, query, expected",
    [
        (
            SOFTMAX,
            {"logits": "3, 1", "c": "12.5", "nonconst": "true", "T": "0.1"},
            {
                ("text_input", "logits"): "3, 1",
                ("slider", "c"): 12.5,
                ("toggle", "nonconst"): True,
                ("select_slider", "T"): 0.1,
            },
        ),
        (
            SIGMOID,
            {"xrange": ["-3", "3"], "x0": "2.5"},
            {("slider", "xrange"): (-3.0, 3.0), ("slider", "x0"): 2.5},
        ),
        (
            CE,
            {"z": "1, 2, 3, 4", "k": "2", "pair": "z0-z3", "span": "3"},
            {
                ("text_input", "z"): "1, 2, 3, 4",
                ("number_input", "k"): 2,
                ("selectbox", "pair"): "z0-z3",
                ("slider", "span"): 3.0,
            },
        ),
        (
            MLP,
            {
                "dx": "3",
                "h": "2",
                "dy": "4",
                "seed": "9",
                "label": "1",
                "xmode": "typed",
                "x": "1, 2, 3",
            },
            {
                ("number_input", "dx"): 3,
                ("number_input", "h"): 2,
                ("number_input", "dy"): 4,
                ("number_input", "seed"): 9,
                ("number_input", "label"): 1,
                ("radio", "xmode"): "typed",
                ("text_input", "x"): "1, 2, 3",
            },
        ),
        (
            COUNT,
            {"pdx": "784", "ph": "100", "pdy": "10"},
            {
                ("number_input", "pdx"): 784,
                ("number_input", "ph"): 100,
                ("number_input", "pdy"): 10,
            },
        ),
    ],
    ids=["softmax", "sigmoid", "ce", "mlp", "count"],
)
def test_query_params_restore_every_control(page, query, expected):
    at = open_page(page, query)
    assert_clean(at)
    assert not at.warning or all("Ignored" not in w.value for w in at.warning)
    for (kind, key), value in expected.items():
        assert widget(at, kind, key).value == value, key


def test_query_params_drive_the_charts():
    at = open_page(CE, {"z": "1, 2, 3, 4", "k": "2"})
    np.testing.assert_allclose(trace(at, "ce_bars", 2), M.cross_entropy_grad([1, 2, 3, 4], 2))
    at = open_page(COUNT, {"pdx": "784", "ph": "100", "pdy": "10"})
    assert metrics(at)["parameters"] == "79,510"


def _links(at):
    return {link.proto.page: link.proto.query_string for link in at.main.get("page_link")}


def test_softmax_and_ce_pages_hand_their_logits_to_each_other():
    from urllib.parse import parse_qs

    at = open_page(SOFTMAX, {"logits": "0.5, -2, 7"})
    z = parse_qs(_links(at)["Cross_entropy_gradient"])["z"][0]
    np.testing.assert_array_equal(M.parse_vector(z), [0.5, -2, 7])
    at = open_page(CE, {"z": z})
    logits = parse_qs(_links(at)["Softmax"])["logits"][0]
    np.testing.assert_array_equal(M.parse_vector(logits), [0.5, -2, 7])


def test_mlp_and_count_pages_hand_their_dimensions_to_each_other():
    from urllib.parse import parse_qs

    at = open_page(MLP, {"dx": "6", "h": "7", "dy": "8"})
    q = parse_qs(_links(at)["Parameter_count"])
    assert (q["pdx"], q["ph"], q["pdy"]) == (["6"], ["7"], ["8"])
    at = open_page(COUNT, {"pdx": "6", "ph": "7", "pdy": "8"})
    q = parse_qs(_links(at)["MLP_backprop"])
    assert (q["dx"], q["h"], q["dy"]) == (["6"], ["7"], ["8"])
    at = open_page(COUNT, {"pdx": "784"})
    assert "MLP_backprop" not in _links(at)  # too wide for the backprop page


@pytest.mark.parametrize("page", EXPLORER)
def test_every_page_offers_its_numbers_for_download(page):
    at = open_page(page)
    buttons = at.get("download_button")
    assert buttons
    # Built on click (deferred), so no file is made on reruns that do not need it.
    assert all(b.proto.deferred_file_id and not b.proto.url for b in buttons)
    assert all(b.proto.label.endswith(("(CSV)", "(JSON)")) for b in buttons)


def test_presentation_mode_hides_sidebar_explanations_and_chosen_controls():
    at = open_page(SOFTMAX, {"present": "1", "hide": "c,nonconst,<b>"})
    assert_clean(at)
    css = page_css(at)
    assert (
        "[data-testid=stSidebar], [data-testid=stSidebarCollapsedControl] {display: none;}" in css
    )
    assert ".st-key-c {display: none;}" in css and ".st-key-nonconst" in css
    assert "<b>" not in css.replace("<style>", "")  # only plain keys reach the CSS
    lead = "adding one constant to every logit changes nothing"
    assert not any(lead in c.value for c in at.caption)  # explanations are not sent
    at = open_page(SOFTMAX)
    assert "[data-testid=stSidebar], [data-testid=stSidebarCollapsedControl]" not in page_css(at)
    assert any(lead in c.value for c in at.caption)


def test_a_link_cannot_hide_what_stops_or_resets_nor_keys_of_other_pages():
    at = open_page(PLAYGROUND, {"present": "1", "hide": "btn_pause,btn_reset,btn_step,logits"})
    assert_clean(at)
    css = page_css(at)
    assert ".st-key-btn_step {display: none;}" in css
    assert "btn_pause" not in css and "btn_reset" not in css
    assert "st-key-logits" not in css  # a Softmax control, not one of this page's
    at = open_page(SOFTMAX, {"present": "1", "hide": "explain-1,ds,logits"})
    css = page_css(at)
    assert ".st-key-logits {display: none;}" in css
    assert "st-key-ds" not in css and ".st-key-explain-1 " not in css


def _widget_keys(at) -> set[str]:
    kinds = ("button", "slider", "select_slider", "number_input", "text_input", "toggle")
    kinds += ("selectbox", "radio", "button_group")
    keys = {w.key for kind in kinds for w in getattr(at, kind)}
    return keys | {b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button")}


@pytest.mark.parametrize("entry", REGISTRY, ids=[e.title for e in REGISTRY])
def test_every_hideable_key_is_a_control_of_its_page_and_none_stops_or_resets(entry):
    at = open_page(None if entry is HOME else entry.file, {"xmode": "typed"})
    assert set(entry.hideable) <= _widget_keys(at)
    assert not set(entry.hideable) & NEVER_HIDDEN


# --- The notes, step by step ---------------------------------------------------------------


@pytest.mark.parametrize("step", range(1, 7))
def test_notes_page_shows_the_open_step_and_every_check_of_it_passes_by_default(step):
    at = open_page(NOTES, {"nstep": str(step)})
    assert_clean(at)
    (header,) = [h.value for h in at.header]
    assert header.split(".")[0] == str(step)  # the open step only: a page a class can share
    entries = N.entries(topic="step_by_step", step=step)
    shown = checks(at)
    assert [shown[e.label][0] for e in entries] == ["pass"] * len(entries)
    total = metrics(at)[f"checks of the correct maths in step {step} that pass"]
    assert total == f"{len(entries)} of {len(entries)}"
    for e in entries:
        if e.wrong_check is not None:
            verdict, note = shown[e.wrong_label]
            assert verdict == "fail"
            assert note.endswith(
                {
                    N.NOTES: "the notes' version, expected to fail",
                    N.UNCLEAR: "what the notes' wording suggests, expected to fail",
                    N.VARIANT: "a deliberately wrong variant (not in the notes), expected to fail",
                }[e.source]
            )


def test_notes_page_step_control_takes_a_link_by_number_or_label():
    for raw in ("4", "4 CE gradient"):
        at = open_page(NOTES, {"nstep": raw})
        assert [h.value.split(".")[0] for h in at.header] == ["4"]
        assert not any("Ignored from the link" in w.value for w in at.warning)


def test_notes_page_backprop_table_carries_the_notes_typo_downstream():
    at = open_page(NOTES, {"nstep": "5", "ndx": "5", "nh": "4", "ndy": "2"})
    assert_clean(at)
    (table,) = [t for t in tables(at) if "gradient" in t]
    assert table["passes (tolerance 1e-5)"] == ["yes"] * len(table["gradient"])
    failing = {
        g
        for g, ok in zip(table["gradient"], table["with the notes' θ²(z1): passes"], strict=True)
        if ok == "no"
    }
    assert failing == {"dz1", "dW1", "db1", "dx"}
    assert any("A 5-4-2 network" in c.value for c in at.caption)


def test_notes_page_checks_follow_the_inputs():
    at = open_page(NOTES, {"nstep": "2"})
    widget(at, "text_input", "nx").set_value("0.3, -4, 2, 8").run()
    widget(at, "number_input", "nc").set_value(-250.0).run()
    widget(at, "number_input", "nk").set_value(3).run()
    widget(at, "number_input", "nseed").set_value(11).run()
    assert_clean(at)
    i = N.Inputs((0.3, -4.0, 2.0, 8.0), -250.0, 3, 11, (4, 3, 3))
    shown = N.check_invariance_chain(i.xv, i.c)
    note = f"largest difference {ui_fmt(shown.error)} (tolerance 1e-12)"
    assert note in [n for _, n in checks(at).values()]
    total = metrics(at)["checks of the correct maths in step 2 that pass"]
    assert total.split(" of ")[0] == total.split(" of ")[1]


def ui_fmt(x: float) -> str:
    return f"{x:.2g}"


# --- Playground ----------------------------------------------------------------------------
# The browser trains (pages/ui/live_train.py; tests/e2e/test_live_train.py runs it). Here:
# what the page sends it, and what the page does with what the browser reports.


def _metric(at, label):
    return metrics(at)[label]


def _sent(at) -> dict:
    """The data the page last sent the browser's live view."""
    return drawn_by_browser(at, "token")


def _moons():
    return T.make_dataset("moons", n=600, classes=2, noise=0.1, seed=0)


def _browser_update(at, updates: int = 1, per: int = 25, lr: float = 1.0, **kw) -> dict:
    """What the browser reports after `updates` updates from the page's state: metl_core's
    training on the browser's batches (the e2e tests check that the two agree)."""
    pg = at.session_state["playground"]
    start = pg.state
    data = kw.pop("data", None) or _moons()
    sample = T.BrowserSampler(T.browser_seed(0), len(data.y_train))
    state = copy.deepcopy(start)
    for _ in range(updates):
        state = T.train(state, data, per, lr, 32, sample=sample)
        if state.diverged:
            break
    sent = T.to_browser(state, max_points=10**6)
    return {
        "token": pg.token,
        "step": state.step,
        "params": sent["params"],
        "records": sent["history"][len(start.history.step) :],
        **kw,
    }


@pytest.fixture
def fake_browser(monkeypatch):
    """Stands in for the browser: ``send(report)`` has the next run hand it to the page,
    which then runs again with it (as its callback does, before the run, in a browser)."""
    import streamlit as st

    from pages.ui import live_train

    real, queue = live_train.view, []

    def view(data, key, on_report):
        real(data, key, on_report)
        if queue:
            on_report(queue.pop(0))
            st.rerun()

    monkeypatch.setattr(live_train, "view", view)
    return type("Browser", (), {"send": staticmethod(queue.append)})


def test_playground_sends_the_browser_its_points_weights_and_settings():
    at = open_page(PLAYGROUND, {"per": "40", "lr": "0.3", "batch": "64", "l2": "0.001"})
    assert_clean(at)
    d, data = _sent(at), _moons()
    np.testing.assert_array_equal(d["train"]["X"], data.X_train.ravel())
    np.testing.assert_array_equal(d["test"]["y"], data.y_test)
    start = T.start(data, 16, 0)
    for name, a in start.params.items():
        np.testing.assert_array_equal(d["state"]["params"][name], a.ravel())
    assert (d["per"], d["lr"], d["batch"], d["l2"]) == (40, 0.3, 64, 0.001)
    assert (d["running"], d["step_request"], d["state"]["step"]) == (False, 0, 0)
    assert d["sampler_seed"] == T.browser_seed(0) and d["classes"] == 2 and d["hidden"] == 16
    assert len(d["text"]["classes"]) == 2 and d["palette"] == F.CLASS_COLOURS


def test_playground_run_pause_step_and_reset_are_told_to_the_browser():
    at = open_page(PLAYGROUND)
    token = _sent(at)["token"]
    at.button(key="btn_run").click().run()
    assert _sent(at)["running"] and any("Running in your browser" in c.value for c in at.caption)
    assert at.button(key="btn_step").disabled  # Step is for a paused network
    at.button(key="btn_pause").click().run()
    assert not _sent(at)["running"]
    at.button(key="btn_step").click().run()
    at.button(key="btn_step").click().run()
    assert _sent(at)["step_request"] == 2
    at.button(key="btn_reset").click().run()
    assert _sent(at)["token"] == token + 1 and _sent(at)["state"]["step"] == 0


def test_playground_takes_the_browsers_report_for_its_check_and_download(fake_browser):
    at = open_page(PLAYGROUND)
    at.button(key="btn_step").click().run()
    fake_browser.send(_browser_update(at, 2))
    at.run()
    assert_clean(at)
    pg = at.session_state["playground"]
    assert pg.state.step == 50 and pg.state.history.step == [0, 25, 50]
    assert _sent(at)["token"] == pg.token  # the browser has these weights: not sent anew
    at.button(key="btn_check").click().run()
    assert pg.check.ok and pg.check.analytic.size == M.param_count(2, 16, 2)
    want = T.gradcheck_now(pg.state.params, _moons().X_train, _moons().y_train)
    assert pg.check.max_rel_error == want.max_rel_error
    assert any("Gradient check of all 82" in s.value for s in at.success)
    assert any("at the weights of step 50," in s.value for s in at.success)


def test_playground_checks_the_weights_the_browser_reports_when_check_is_pressed_running(
    fake_browser,
):
    at = open_page(PLAYGROUND)
    at.button(key="btn_run").click().run()
    at.button(key="btn_check").click().run()  # stops the browser; it then reports
    pg = at.session_state["playground"]
    assert not _sent(at)["running"] and pg.check is None
    fake_browser.send(_browser_update(at, 3))
    at.run()
    assert pg.check is not None and pg.state.step == 75
    want = T.gradcheck_now(pg.state.params, _moons().X_train, _moons().y_train)
    assert pg.check.max_rel_error == want.max_rel_error


def test_playground_ignores_reports_that_do_not_fit_its_state(fake_browser):
    at = open_page(PLAYGROUND)
    good = _browser_update(at)
    crafted = [
        {**good, "token": good["token"] + 7},  # another network's
        {**good, "params": {**good["params"], "W1": ["x"] * 32}},
        {**good, "params": {**good["params"], "W1": good["params"]["W1"][:3]}},
        {**good, "records": [[1, 2]]},
        {**good, "step": -3},
        {**good, "records": "rows"},
        ["not", "a", "report"],
        "report",
    ]
    for report in crafted:
        fake_browser.send(report)
        at.run()
        assert_clean(at)
        assert at.session_state["playground"].state.step == 0, report
    fake_browser.send(good)
    at.run()
    assert at.session_state["playground"].state.step == 25


def test_playground_divergence_the_browser_reports_is_explained_and_reset_recovers(fake_browser):
    link = {"ds": "circles", "classes": "3", "lr": "100.0", "per": "200"}
    at = open_page(PLAYGROUND, link)
    data = T.make_dataset("circles", n=600, classes=3, noise=0.1, seed=0)
    at.button(key="btn_run").click().run()
    report = _browser_update(at, 5, per=200, lr=100.0, data=data)
    fake_browser.send(report)
    at.run()
    assert_clean(at)
    assert any("Training diverged" in e.value for e in at.error)
    assert not _sent(at)["running"] and _sent(at)["state"]["diverged"]
    assert at.button(key="btn_run").disabled and at.button(key="btn_step").disabled
    at.button(key="btn_reset").click().run()
    assert not at.error and not _sent(at)["state"]["diverged"]
    assert not at.button(key="btn_run").disabled


def test_playground_data_set_and_classes_start_the_browser_over():
    at = open_page(PLAYGROUND)
    token = _sent(at)["token"]
    widget(at, "selectbox", "ds").set_value("spirals").run()
    widget(at, "slider", "classes").set_value(4).run()
    assert_clean(at)
    d = _sent(at)
    assert d["token"] == token + 2 and d["classes"] == 4 and len(d["text"]["classes"]) == 4
    assert set(d["train"]["y"]) == {0, 1, 2, 3}
    assert _metric(at, "parameters (Dx + 1)H + (H + 1)K") == f"{M.param_count(2, 16, 4):,}"
    widget(at, "slider", "per").set_value(100).run()  # a setting: the browser goes on
    assert _sent(at)["token"] == token + 2 and _sent(at)["per"] == 100


def test_playground_hidden_units_show_when_toggled_or_when_the_link_asks():
    at = open_page(PLAYGROUND)
    assert _sent(at)["show_hidden"] is False
    widget(at, "toggle", "show_hidden").set_value(True).run()
    assert _sent(at)["show_hidden"] is True
    at = open_page(PLAYGROUND, {"show_hidden": "true"})
    assert_clean(at)
    assert widget(at, "toggle", "show_hidden").value is True and _sent(at)["show_hidden"]


def test_playground_sends_a_bounded_history_and_keeps_all_of_it_for_the_download():
    at = open_page(PLAYGROUND)
    h = at.session_state["playground"].state.history
    for f in dataclasses.fields(h):
        series = getattr(h, f.name)
        series.extend([series[-1]] * 3000)
    h.step[-1] = 3000
    widget(at, "slider", "per").set_value(30).run()  # a rerun that keeps the state
    rows = _sent(at)["state"]["history"]
    assert len(rows) <= 201 and rows[-1][0] == 3000
    assert len(at.session_state["playground"].state.history.step) == 3001


def test_playground_opens_with_the_same_points_and_weights_for_the_whole_class():
    first, other = open_page(PLAYGROUND), open_page(PLAYGROUND)
    assert _sent(first)["train"] == _sent(other)["train"]
    assert _sent(first)["state"]["params"] == _sent(other)["state"]["params"]


def test_a_playground_link_with_lr_3_sets_the_option_3_0_without_a_notice():
    at = open_page(PLAYGROUND, {"lr": "3", "batch": "64.0", "l2": "0.001"})
    assert_clean(at)
    assert widget(at, "select_slider", "lr").value == 3.0
    assert widget(at, "select_slider", "batch").value == 64
    assert widget(at, "select_slider", "l2").value == 0.001
    assert not [w for w in at.warning if "Ignored from the link" in w.value]


def test_the_temperature_slider_is_a_log_grid_from_one_hundredth_to_one_hundred():
    at = open_page(SOFTMAX)
    options = [float(o) for o in widget(at, "select_slider", "T").options]
    assert options[0] == 0.01 and options[-1] == 100 and 1.0 in options and len(options) == 41
    assert np.allclose(np.diff(np.log10(options)), 0.1, atol=3e-3)
