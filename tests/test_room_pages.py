"""Issue 21 on the pages, through AppTest: numbers as they are, link values that equal an
option, sections a link hides or focuses on, links that keep presentation mode, the share
panel, the MLP page's weights, and the home cards' order."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import metl_core as M
from metl_core.teaching import explore as E
from pages.ui.registry import PAGES, TOPICS
from pages.ui.text import fmt, vector_text
from tests.pagetest import (
    ROOT,
    assert_clean,
    figures,
    open_page,
    page_css,
    tables,
    vector_rows,
    widget,
)

SOFTMAX, CE, MLP = (
    "pages/1_Softmax.py",
    "pages/3_Cross_entropy_gradient.py",
    "pages/4_MLP_backprop.py",
)


def css(at) -> str:
    return page_css(at)


# --- Numbers as they are -----------------------------------------------------------------


def test_a_subnormal_probability_is_shown_in_scientific_notation():
    # ε = 0: with a smoothed target the chain rule divides by the subnormal ŷ
    at = open_page(SOFTMAX, {"logits": "0, -745", "jac_eps": "0.0"})
    assert_clean(at)
    naive = tables(at)[1]  # naive against stable
    cells = [naive[c][1] for c in list(naive)[1:]]
    assert cells == ["5e-324", "5e-324"]  # exp(-745) is the smallest float
    assert not any(re.fullmatch(r"0\.0{5,}\d*", c) for col in naive.values() for c in col)


def test_nan_is_shown_as_nan_where_the_message_says_nan():
    at = open_page(SOFTMAX, {"logits": "1001, 1002"})
    naive = tables(at)[1]
    assert naive["naive exp(x)/Σexp(x)"] == ["NaN", "NaN"]
    assert any("inf/inf = NaN" in w.value for w in at.warning)


def test_the_gradient_check_table_writes_its_errors_through_fmt():
    from metl_core.teaching import backprop_steps as BP

    at = open_page(MLP)
    (table,) = [t for t in tables(at) if "max check error" in t]
    params = M.init_params(4, 5, 3, seed=0)
    x = E.random_vector(4, seed=0, scale=1.0)
    batch = BP.seeded_batch(params, 1, 0, first=x, first_label=0)
    by_name = {v.name: v for v in BP.views(batch, None)}
    expected = [fmt(by_name[g].check.error, 3) for g in table["gradient"]]
    assert table["max check error"] == expected


# --- A link's value equal to an option ------------------------------------------------------


@pytest.mark.parametrize(
    "page, key, raw, value",
    [(MLP, "w1scale", "2", 2.0), (MLP, "w1scale", "2.00", 2.0), (SOFTMAX, "T", "2.0", 2.0)],
)
def test_a_link_value_spelt_otherwise_is_taken_and_not_reported(page, key, raw, value):
    at = open_page(page, {key: raw})
    assert widget(at, "select_slider", key).value == value
    assert not any("Ignored from the link" in w.value for w in at.warning)


def test_a_link_value_that_is_no_option_is_still_reported():
    at = open_page(MLP, {"w1scale": "3"})
    assert widget(at, "select_slider", "w1scale").value == 1.0
    assert any("Ignored from the link" in w.value and "w1scale" in w.value for w in at.warning)


# --- Sections, hide= and focus= -------------------------------------------------------------


@pytest.mark.parametrize("entry", TOPICS, ids=[e.title for e in TOPICS])
def test_every_section_of_the_page_list_is_drawn_by_its_page_once(entry):
    text = (ROOT / entry.file).read_text()
    drawn = re.findall(r'(?<![\w.])(?:section|fold)\((?:"[^"]*", )?"([a-z_]+)"\)', text)
    assert sorted(drawn) == sorted(entry.sections)
    folded = re.findall(r'(?<![\w.])fold\("[^"]*", "([a-z_]+)"\)', text)
    assert folded == list(entry.folds), "the page list's folds are the page's, in order"
    names = entry.view_names
    assert len(set(names)) == len(names), "a section name may not also be a control's key"


def test_focus_shows_one_section_and_hide_hides_sections_controls_and_presets():
    at = open_page(SOFTMAX, {"present": "1", "focus": "shift", "hide": "title,logits"})
    assert_clean(at)
    rules = css(at)
    others = ("definition", "input")
    assert all(f".st-key-section-{s} {{display: none;}}" in rules for s in others)
    folds = ("naive", "temperature", "jacobian")  # a fold is its own expander
    assert all(f".st-key-open_{s} {{display: none;}}" in rules for s in folds)
    assert ".st-key-section-shift " not in rules
    assert ".st-key-section-title {display: none;}" in rules
    assert "[class*='st-key-logits-presets'] {display: none;}" in rules
    assert widget(at, "button_group", "logits-presets").options, "the presets exist"


def test_the_presets_are_keyed_after_their_text_field():
    # hide=logits hides [class*='st-key-logits-presets'] too
    assert widget(open_page(SOFTMAX), "button_group", "logits-presets")


def test_an_unknown_name_in_hide_or_focus_is_reported_with_the_names_accepted():
    at = open_page(SOFTMAX, {"present": "1", "hide": "c,walk", "focus": "nowhere"})
    (warning,) = [w.value for w in at.warning if "Not on this page" in w.value]
    assert "walk" in warning and "nowhere" in warning and "nonconst" in warning
    assert ".st-key-walk" not in css(at) and ".st-key-c {display: none;}" in css(at)


def test_an_unknown_name_is_reported_outside_presentation_with_the_share_panel_folded():
    at = open_page(SOFTMAX, {"hide": "walk"})
    assert [w for w in at.sidebar.warning if "Not on this page" in w.value and "walk" in w.value]


def test_errata_hides_every_box_of_the_notes_mistakes():
    at = open_page(SOFTMAX, {"present": "1", "hide": "errata"})
    assert "[class*='st-key-erratum-'] {display: none;}" in css(at)


# --- Links that keep presentation mode, and the share panel --------------------------------


def link(at, label_part: str):
    return next(el.proto for el in at.get("page_link") if label_part in el.proto.label)


def test_an_in_page_link_keeps_presentation_mode_and_the_names_its_target_has():
    at = open_page(SOFTMAX, {"present": "1", "hide": "title,c,errata", "focus": "shift"})
    q = link(at, "cross-entropy page").query_string
    assert ("present=1" in q and "hide=title%2Cerrata" in q) or "hide=title,errata" in q
    assert "focus" not in q  # the cross-entropy page has no section "shift"
    plain = open_page(SOFTMAX)
    assert "present" not in link(plain, "cross-entropy page").query_string


def test_the_share_panel_builds_the_link_of_this_view_and_lists_the_names():
    closed = open_page(MLP, {"present": "1", "hide": "inputs", "seed": "3"})
    assert not any("present=1" in m.value for m in closed.markdown), "built while folded"
    at = open_page(MLP, {"present": "1", "hide": "inputs", "seed": "3"}, {"_share_open": True})
    (code,) = [m.value.split("\n")[1] for m in at.markdown if "present=1" in m.value]
    assert code.startswith("/MLP_backprop?") and "seed=3" in code and "hide=inputs" in code
    caption = next(c.value for c in at.caption if c.value.startswith("hide= accepts"))
    entry = next(e for e in PAGES if e.file == MLP)
    assert all(name.replace("_", "\\_") in caption or name in caption for name in entry.sections)
    at.checkbox(key="_share_present").uncheck().run()
    assert not any("present=1" in m.value for m in at.markdown if m.value.startswith("```"))


# --- The MLP page --------------------------------------------------------------------------


def test_mlp_shows_w1_and_w2_with_their_numbers_and_a_colour_bar():
    at = open_page(MLP, {"seed": "4"})
    p = M.init_params(4, 5, 3, seed=4)
    params = figures(at)["params"]["data"]
    np.testing.assert_array_equal(np.asarray(params[0]["z"]), p["W1"])
    np.testing.assert_array_equal(np.asarray(params[2]["z"]), p["W2"])
    np.testing.assert_array_equal(np.asarray(params[1]["z"]).ravel(), p["b1"])
    grads = figures(at)["weights"]["data"]
    for trace in (*params, *grads):
        z = np.atleast_2d(np.asarray(trace["z"], dtype=float))
        digits = 3 if z.shape[1] <= 4 else 2  # fewer digits in narrow cells
        assert trace["text"] == [[fmt(v, digits) for v in row] for row in z]
    assert [t.get("showscale") for t in grads] == [True, False, True, False]


def test_mlp_row_wise_colour_scales_have_a_legend():
    at = open_page(MLP)
    for key in ("forward", "backward"):
        trace = figures(at)[key]["data"][0]
        assert trace["showscale"] and "own scale" in trace["colorbar"]["title"]["text"]
        assert "row's largest" in " ".join(trace["colorbar"]["ticktext"])


def test_switching_x_to_typed_keeps_the_seeded_x():
    at = open_page(MLP, {"seed": "7"})
    seeded = vector_rows(at, "forward")[0]
    widget(at, "radio", "xmode").set_value("typed").run()
    assert_clean(at)
    np.testing.assert_array_equal(vector_rows(at, "forward")[0], seeded)
    seeded_text = vector_text(E.random_vector(4, seed=7, scale=1.0))
    assert widget(at, "text_input", "x").value == seeded_text


def test_mlp_links_to_the_step_page_with_its_dimensions_and_seed():
    at = open_page(MLP, {"dx": "6", "h": "2", "dy": "4", "seed": "9"})
    q = link(at, "step 5").query_string
    assert q == "ndx=6&nh=2&ndy=4&nseed=9"
    notes = open_page("pages/6_Notes_step_by_step.py", {"ndx": "6", "nh": "2", "ndy": "4"})
    assert_clean(notes)
    assert widget(notes, "number_input", "ndx").value == 6


# --- Home ----------------------------------------------------------------------------------


def test_home_cards_come_in_the_notes_order_row_by_row():
    at = open_page()
    cards = [el.proto.label for el in at.main.get("page_link")]
    assert cards == [f"**{e.title}**" for e in TOPICS]


def test_the_page_files_draw_in_page_links_through_ui():
    for path in [*Path(ROOT, "pages").glob("[0-6]_*.py")]:
        assert "st.page_link(" not in path.read_text(), path


def test_a_fold_is_built_only_when_opened_by_its_link_or_by_focus():
    closed = open_page(MLP, folded=True)
    assert not figures(closed), "a closed fold was built"
    assert [e.label for e in closed.expander if e.label == "Every value and gradient at once"]
    opened = open_page(MLP, {"open_values": "true"}, folded=True)
    assert {"forward", "backward"} <= set(figures(opened))
    assert "params" not in figures(opened)
    focused = open_page(MLP, {"present": "1", "focus": "weights"}, folded=True)
    assert {"params", "weights"} <= set(figures(focused))


@pytest.mark.parametrize("entry", TOPICS, ids=[e.title for e in TOPICS])
def test_a_page_opened_with_its_folds_closed_draws_the_charts_the_page_list_counts(entry):
    at = open_page(entry.file, folded=True)
    assert_clean(at)
    assert len(at.get("plotly_chart")) == entry.charts


@pytest.mark.parametrize("value", ["maybe", "", "<b>x</b>"])
def test_a_crafted_fold_value_in_a_link_is_reported_and_the_fold_stays_closed(value):
    at = open_page(SOFTMAX, {"open_temperature": value}, folded=True)
    assert not at.exception
    assert "temperature" not in figures(at)
    assert [w for w in at.warning if "Ignored from the link" in w.value and "open" in w.value]
