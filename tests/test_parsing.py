import numpy as np
import pytest

import metl_core as M


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
