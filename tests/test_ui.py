"""Unit tests of the pages' frame helpers that need no running page."""

import dataclasses
import re

import numpy as np
import pytest

from metl_core.maths import train as T
from pages.ui.inputs import read_only
from pages.ui.registry import PAGES
from pages.ui.text import echo, fmt, human_bytes, markdown_table
from pages.ui.url import requested_view, respell, share_link


def test_a_cached_data_set_is_read_only_and_still_trains():
    data = read_only(T.make_dataset("spirals", n=200, classes=3, seed=1))
    arrays = [v for v in vars(data).values() if isinstance(v, np.ndarray)]
    assert len(arrays) == 4 and not any(a.flags.writeable for a in arrays)
    for a in arrays:
        with pytest.raises(ValueError, match="read-only"):
            a[0] = a[1]
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.X_train = data.X_test
    state = T.train(T.start(data, 8, seed=0), data, 20, 0.5, 16, 0.0)
    assert state.step == 20  # training only reads the data set


@pytest.mark.parametrize(
    "value",
    ["LESSON\n=\n", "a\n        b", "see www.example.com", "x`y``z", "\u202etxet", "\x00\x1b[2J"],
)
def test_echo_is_one_line_of_inline_code(value):
    shown = echo(value)
    fence = shown.split(" ", 1)[0]
    assert set(fence) == {"`"} and shown.endswith(" " + fence)
    inner = shown[len(fence) + 1 : -len(fence) - 1]
    assert fence not in inner  # the fence is longer than any run of backticks inside
    assert "\n" not in shown and "\u202e" not in shown and "\x1b" not in shown


def test_echo_cuts_long_values():
    assert len(echo("x" * 5000)) < 50


def test_url_paths_are_those_streamlit_derives_from_the_file_names():
    assert [e.url_path for e in PAGES][:3] == ["", "Softmax", "Sigmoid"]
    assert all(" " not in e.url_path for e in PAGES)


# --- Numbers as they are ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, shown",
    [
        (1e-320, "1e-320"),  # subnormal: scientific, never a run of zeros
        (float("nan"), "NaN"),
        (float("inf"), "inf"),
        (float("-inf"), "−inf"),
        (-0.0, "-0"),  # the sign of zero is kept
        (1e300, "1e+300"),
        (-1.7976931348623157e308, "-1.8e+308"),
        (0.5, "0.5"),
        (5e-324, "5e-324"),  # the smallest float
        (-2.5e-310, "-2.5e-310"),
    ],
)
def test_fmt_shows_tiny_huge_and_non_finite_values_as_they_are(value, shown):
    assert fmt(value, 2 if abs(value) > 1e307 else 6) == shown


def test_a_table_shows_its_floats_through_fmt_once_as_one_markdown_table():
    from pagetest import parse_table

    text = markdown_table(
        {"p": np.array([1e-320, np.nan, -np.inf, -0.0]), "name": ["a|b", "*b*", "c", "d"]},
        index=["row 0", "row 1", "row 2", "row 3"],
    )
    table = parse_table(text)
    assert table == {
        "": ["row 0", "row 1", "row 2", "row 3"],
        "p": ["1e-320", "NaN", "−inf", "-0"],
        "name": ["a|b", "*b*", "c", "d"],  # escaped: no new column, no emphasis
    }
    assert r"a\|b" in text and r"\*b\*" in text


def test_a_table_refuses_columns_of_different_lengths():
    with pytest.raises(ValueError, match="differ in length"):
        markdown_table({"a": [1.0, 2.0], "b": [1.0]})


# --- Link values equal to an option ------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, options, fmt, want",
    [
        ("3", [0.1, 1.0, 3.0], str, "3.0"),  # the Playground's lr=3 for the option 3.0
        ("3.0", [0.1, 1.0, 3.0], str, "3.0"),
        (" 3e0 ", [0.1, 1.0, 3.0], str, "3.0"),
        ("32.0", [8, 16, 32], str, "32"),  # an int option written with a point
        ("2", [0.5, 1.0, 2.0], lambda t: f"{t:g}", "2"),
        ("2.0", [0.5, 1.0, 2.0], lambda t: f"{t:g}", "2"),
        ("4", [0.1, 1.0, 3.0], str, None),  # a number that is no option
        ("abc", [0.1, 1.0], str, None),
        ("z0-z1", ["z0-z1", "z1-z2"], str, "z0-z1"),
        ("1", [True, False], str, None),  # True == 1 in Python, but not as an option
    ],
)
def test_a_value_equal_to_an_option_is_that_option_whatever_its_spelling(raw, options, fmt, want):
    assert respell(raw, options, fmt) == want


# --- The share panel's link and what hide= / focus= accept -----------------------------------


def test_share_link_keeps_the_page_values_and_sets_the_view():
    link = share_link(
        "http://h/Softmax",
        {"logits": ["1, 2"], "present": ["0"], "hide": ["c"]},
        present=True,
        hide=["nonconst", "title"],
        focus="shift",
    )
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(link)
    assert parts.path == "/Softmax" and "hide=nonconst,title" in parts.query
    assert parse_qs(parts.query) == {
        "logits": ["1, 2"],
        "present": ["1"],
        "hide": ["nonconst,title"],
        "focus": ["shift"],
    }
    assert share_link("/x", {}, False, [], "") == "/x"


def test_a_link_names_only_what_the_page_has_and_every_other_name_is_reported():
    from pages.ui.registry import PAGES

    softmax = next(e for e in PAGES if e.title == "Softmax")
    params = {"hide": ["c, errata,btn_pause,ds, nope"], "focus": ["shift", "walk"]}
    view = requested_view(params, softmax)
    assert view.hide == ("c", "errata")
    assert view.focus == "shift"
    assert view.unknown == ("btn_pause", "ds", "nope", "walk")


def test_human_bytes_in_binary_units():
    assert human_bytes(460) == "460 B"
    assert human_bytes(1536) == "1.5 KiB"
    assert human_bytes(3 * 1024**3) == "3 GiB"
    assert human_bytes(8 * 10**24).endswith("YiB")


# --- Streamlit's private parts, in one place ----------------------------------------------


def test_streamlits_private_parts_were_read_on_this_release():
    import streamlit

    from pages.ui import streamlit_private as private

    release = ".".join(streamlit.__version__.split(".")[:2])
    assert release in private.CHECKED_ON, (
        f"Streamlit {streamlit.__version__}: read pages/ui/streamlit_private.py's calls "
        "again on this release, then add it to CHECKED_ON"
    )


def test_only_streamlit_private_reaches_into_streamlits_private_parts():
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    private = re.compile(r"^streamlit\.(runtime|elements|proto|web|components\.v2\.bidi)")
    for path in [root / "app.py", *sorted((root / "pages").rglob("*.py"))]:
        if path.name == "streamlit_private.py":
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            assert not any(private.match(n) for n in names), f"{path.name}: {names}"
            if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
                base = node.value
                while isinstance(base, ast.Attribute):
                    base = base.value
                assert not (isinstance(base, ast.Name) and base.id == "st"), (
                    f"{path.name}:{node.lineno} uses st's private {node.attr}"
                )
