"""Every class of bad input, in every input of every page: a message, never a traceback."""

import re

import pytest

from pages.ui.registry import PAGES as REGISTRY

from pagetest import EXPLORER, assert_clean, figures, metrics, open_page, tables, widget

SOFTMAX = "pages/1_Softmax.py"
CE = "pages/3_Cross_entropy_gradient.py"
MLP = "pages/4_MLP_backprop.py"
NOTES = "pages/6_Notes_step_by_step.py"
PLAYGROUND = "pages/7_Playground.py"

# (page, text input key, setup before typing) for every free-text field.
TEXT_FIELDS = [
    (SOFTMAX, "logits", None),
    (CE, "z", None),
    (MLP, "x", ("radio", "xmode", "typed")),
    (NOTES, "nx", None),
]

REFUSED = {
    "empty": "",
    "whitespace": "   \t ",
    "doubled separator": "1,,2",
    "trailing separator": "1, 2,",
    "unbalanced bracket": "[1, 2",
    "semicolons": "1; 2",
    "word": "one, two",
    "hex": "0x1F, 2",
    "expression": "1/2, 3",
    "boolean": "True, False",
    "nan": "nan, 1",
    "inf": "1, inf",
    "overflow": "1e999, 1",
    "too many entries": ", ".join(["1"] * 1500),
    "too long": "1" * 20_000,
    "markup": "<script>alert(1)</script>",
    "ambiguous digit": "\u0661, 2",
}
ACCEPTED = {
    "unicode minus": "\u22121, 2, 0.5, 3",
    "full-width digits": "\uff11, \uff12, \uff13, \uff14",
    "huge logits": "1e308, -1e308, 0, 1",
}


def _open(page, setup):
    at = open_page(page)
    if setup:
        kind, key, value = setup
        widget(at, kind, key).set_value(value).run()
    return at


@pytest.mark.parametrize("text", REFUSED.values(), ids=REFUSED.keys())
@pytest.mark.parametrize("page, key, setup", TEXT_FIELDS, ids=[f[1] for f in TEXT_FIELDS])
def test_bad_text_shows_an_error_and_keeps_the_page(page, key, setup, text):
    at = _open(page, setup)
    charts_before = set(figures(at))
    widget(at, "text_input", key).set_value(text).run()
    assert_clean(at)
    assert at.error, "an error explains the problem"
    message = at.error[0].value
    assert "Still showing the last good value" in message
    assert set(figures(at)) == charts_before, "the charts are still there"


@pytest.mark.parametrize("text", ACCEPTED.values(), ids=ACCEPTED.keys())
@pytest.mark.parametrize("page, key, setup", TEXT_FIELDS, ids=[f[1] for f in TEXT_FIELDS])
def test_unusual_but_valid_text_is_accepted_or_explained(page, key, setup, text):
    at = _open(page, setup)
    widget(at, "text_input", key).set_value(text).run()
    assert_clean(at)
    assert figures(at) or page == NOTES
    if page == MLP and "1e308" in text:
        assert any("Keep every entry of x within" in e.value for e in at.error)
    elif page == NOTES and "1e308" in text:
        assert any("≤ 700 here" in e.value for e in at.error)
    elif page == MLP:
        assert not at.error  # four numbers for Dx = 4
    else:
        assert not at.error


def test_markup_is_shown_as_text():
    at = open_page(SOFTMAX)
    widget(at, "text_input", "logits").set_value("<b>bold</b>").run()
    msg = at.error[0].value
    assert "` <b>bold</b> `" in msg  # in a code span, so Markdown shows it literally


# --- What a crafted link or a pasted text can put in a message (issue 19, items 1 and 2) ---

# Each would render as markup if echoed as Markdown; MARK is a word only the user typed.
MARK = "EVILMARK"
INJECTIONS = {
    "setext heading": f"LESSON {MARK}\n=\n",
    "atx heading": f"# {MARK}",
    "www autolink": f"see www.{MARK}.example",
    "url autolink": f"https://{MARK}.example/x",
    "markdown link": f"[{MARK}](http://a.example)",
    "indented code block": f"1\n        {MARK}",
    "html": f"<b>{MARK}</b>",
    "backticks": f"``{MARK}` x",
    "colour directive": f":red[{MARK}]",
    "bidi override": f"\u202e{MARK}",
}


def _outside_code(message: str) -> str:
    """The message with every code span removed: what Markdown would interpret."""
    return re.sub(r"(`+) .*? \1", "", message)


def _assert_plain_echo(message: str, lines: int, echoed: bool = True) -> None:
    assert message.count("\n") == lines - 1, "user text adds no line"
    assert MARK not in _outside_code(message), "user text appears only as code"
    assert (MARK in message) == echoed


@pytest.mark.parametrize("value", INJECTIONS.values(), ids=INJECTIONS.keys())
def test_a_link_value_is_echoed_as_plain_text_in_the_ignored_notice(value):
    at = open_page(PLAYGROUND, {"ds": value})
    assert_clean(at)
    (notice,) = [w.value for w in at.warning if "Ignored from the link" in w.value]
    _assert_plain_echo(notice, lines=1)


@pytest.mark.parametrize("value", INJECTIONS.values(), ids=INJECTIONS.keys())
def test_a_typed_entry_is_echoed_as_plain_text_in_the_error(value):
    at = open_page(SOFTMAX, {"logits": f"1, {value}"})
    assert_clean(at)
    # Brackets are refused before any entry is read: nothing of the user's is echoed then.
    _assert_plain_echo(at.error[0].value, lines=2, echoed=not value.endswith(("]", ")")))


@pytest.mark.parametrize("digits", [3_560, 3_600, 9_990])
def test_a_huge_entry_gives_a_short_message_in_our_words(digits):
    at = open_page(SOFTMAX)
    widget(at, "text_input", "logits").set_value("0x" + "f" * digits).run()
    assert_clean(at)
    message = at.error[0].value
    assert len(message) < 300
    assert "hexadecimal" in message
    assert "4300" not in message and "limit" not in message  # Python's int-to-text limit


def test_a_long_link_value_is_cut_short_in_the_notice():
    at = open_page(PLAYGROUND, {"ds": "x" * 5_000})
    (notice,) = [w.value for w in at.warning if "Ignored from the link" in w.value]
    assert len(notice) < 250 and "…" in notice


def test_the_other_widgets_keep_their_values_after_a_bad_entry():
    at = open_page(SOFTMAX)
    widget(at, "slider", "c").set_value(42.0).run()
    widget(at, "text_input", "logits").set_value("1, 2, 3").run()
    widget(at, "text_input", "logits").set_value("oops").run()
    assert widget(at, "slider", "c").value == 42.0
    assert tables(at)[0]["x + added"] == ["43", "44", "45"]  # the last good logits


def test_huge_logits_on_the_softmax_page_show_the_naive_lesson():
    at = open_page(SOFTMAX)
    widget(at, "text_input", "logits").set_value("1e308, -1e308").run()
    assert_clean(at)
    assert any("naive formula fails" in w.value for w in at.warning)
    widget(at, "select_slider", "T").set_value(0.01).run()
    assert_clean(at)


def test_huge_logits_on_the_ce_page_explain_the_field_and_the_check():
    at = open_page(CE)
    widget(at, "text_input", "z").set_value("1e308, -1e308, 0").run()
    assert_clean(at)
    assert any("too large to draw" in w.value for w in at.warning)
    assert metrics(at)["gradient check (h = 1e-4, tolerance 1e-5)"] == "n/a"


def _limits(w):
    p = w.proto
    if hasattr(p, "options") and len(p.options):  # select_slider
        return [0, len(p.options) - 1]
    return [p.min, p.max]


@pytest.mark.parametrize("page", EXPLORER)
def test_every_slider_and_number_field_at_its_minimum_and_maximum(page):
    at = open_page(page)
    charts = set(figures(at))
    controls = [("slider", w) for w in at.slider] + [("number_input", w) for w in at.number_input]
    controls += [("select_slider", w) for w in at.select_slider]
    assert controls
    for kind, w in controls:
        key = w.key
        for end in (0, 1):
            target = widget(at, kind, key)
            if kind == "select_slider":
                value = target.options[-1 if end else 0]
                target.set_value(type(target.value)(value))
            elif kind == "slider" and isinstance(target.value, tuple):
                lo, hi = target.proto.min, target.proto.max
                target.set_value((lo, hi) if end else (lo, lo + target.proto.step))
            else:
                bound = target.proto.max if end else target.proto.min
                target.set_value(type(target.value)(bound))
            at.run()
            assert_clean(at)
            assert set(figures(at)) == charts, (key, end)


OVERFLOWING = {"1e999": "1e999", "-1e999": "-1e999", "5,000 digits": "9" * 5000}


@pytest.mark.parametrize("value", OVERFLOWING.values(), ids=OVERFLOWING.keys())
@pytest.mark.parametrize("entry", REGISTRY, ids=[e.title for e in REGISTRY])
def test_a_link_number_too_large_for_a_float_is_ignored_with_a_notice(entry, value):
    """Streamlit seeds an integer input with int(float(text)), which raises on these: every
    control a link can set takes them and says so, the page goes on."""
    for key in entry.hideable:
        at = open_page(entry.file, {key: value})
        assert_clean(at)
        integer = [w for w in at.get("number_input") if w.key == key and w.step == int(w.step)]
        if integer:
            assert any("Ignored from the link" in w.value and key in w.value for w in at.warning)
        assert key not in at.query_params  # gone from the address bar too
