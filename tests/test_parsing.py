import numpy as np
import pytest

import metl_core as M
from metl_core.text import parsing as PARSE


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1, 2, 3", [1, 2, 3]),
        ("1 2 3", [1, 2, 3]),
        ("[1, 2, 3]", [1, 2, 3]),
        ("(1, 2)", [1, 2]),
        ("  -1.5e2 ,+.5, 3. ", [-150, 0.5, 3]),
        ("\u22121, 2", [-1, 2]),  # unicode minus
        ("\uff11\uff0c \uff12", [1, 2]),  # full-width digits and comma
        ("7", [7]),
        ("1e308, -1e308", [1e308, -1e308]),
    ],
)
def test_parse_vector_accepts(text, expected):
    out = M.parse_vector(text)
    assert out.dtype == np.float64 and out.ndim == 1
    np.testing.assert_array_equal(out, expected)


@pytest.mark.parametrize(
    "text, words",
    [
        ("", "Nothing was entered"),
        ("   ", "Nothing was entered"),
        ("1,,2", "Entry 2 is empty"),
        ("1, 2,", "Entry 3 is empty"),
        ("[1, 2", "unbalanced"),
        ("1, 2)", "unbalanced"),
        ("[[1, 2]]", "one pair of brackets"),
        ("[]", "empty"),
        ("1; 2", "not ';'"),
        ("1, abc", 'Entry 2, "abc", is not a number'),
        ("0x1F", "hexadecimal"),
        ("1/2", "expression"),
        ("2*3", "expression"),
        ("True", "boolean"),
        ("nan", "NaN and infinity"),
        ("1, -inf", "NaN and infinity"),
        ("1e999", "too large"),
        ("1, 2 3", "holds a space"),
        ("<script>alert</script>", "not a number"),
        ("<script>alert(1)</script>", "is not a number"),
        ("(1), 2", "unbalanced"),
        ("1, (2)+1", "expression"),
        ("1_000", "not a number"),
        ("\u0661", "not a number"),  # Arabic-Indic digit: refused rather than guessed
    ],
)
def test_parse_vector_refuses_with_a_message_that_says_why(text, words):
    with pytest.raises(ValueError) as err:
        M.parse_vector(text)
    assert words in str(err.value)


def test_parse_vector_caps_the_number_of_entries():
    M.parse_vector(", ".join(["1"] * 1000))
    with pytest.raises(ValueError, match="at most 1,000"):
        M.parse_vector(", ".join(["1"] * 1001))
    with pytest.raises(ValueError, match="at most 3"):
        M.parse_vector("1 2 3 4", max_entries=3)


def test_parse_vector_caps_the_length():
    with pytest.raises(ValueError, match="characters"):
        M.parse_vector("1" * 10_001)


def test_parse_vector_refuses_non_text():
    with pytest.raises(ValueError):
        M.parse_vector(None)


def test_parse_vector_shortens_long_entries_in_messages():
    with pytest.raises(ValueError) as err:
        M.parse_vector("x" * 500)
    assert len(str(err.value)) < 200


@pytest.mark.parametrize("digits", [15, 3_600, 9_000])
def test_hexadecimal_of_any_length_is_refused_in_our_words(digits):
    with pytest.raises(PARSE.ParseError) as err:
        M.parse_vector("0x" + "f" * digits)
    message = str(err.value)
    assert "hexadecimal" in message and len(message) < 200
    assert "4300" not in message and "limit" not in message
    if digits <= 16:
        assert f"(it is {16**digits - 1})" in message


def test_a_refused_entry_is_quoted_as_a_one_line_excerpt():
    with pytest.raises(PARSE.ParseError) as err:
        M.parse_vector("1, see\n=\n   www.example.com/a-long-path")
    e = err.value
    assert e.entry == "see = www.example.c…" and "\n" not in e.entry
    assert e.template.startswith("Entry 2, {entry}, is not a number.")
    assert str(e) == e.template.replace("{entry}", f'"{e.entry}"')


def test_messages_without_an_entry_have_no_placeholder():
    with pytest.raises(PARSE.ParseError) as err:
        M.parse_vector("1; 2")
    assert err.value.entry is None and "{entry}" not in str(err.value)


def test_excerpt_collapses_whitespace_and_cuts():
    assert PARSE.excerpt(" a \n\t b\u2028c ") == "a b c"
    assert PARSE.excerpt("x" * 50, limit=10) == "x" * 9 + "…"
