"""AppTest of the exercises page: right, wrong (with the mistake named) and malformed answers."""

import numpy as np
import pytest

import metl_core as M
from metl_core.mistakes import diagnose as D
from metl_core.teaching import exercises as EX

from pagetest import assert_clean, open_page, tables, widget

PAGE = "pages/8_Exercises.py"


def _typed(a: np.ndarray, digits: int = 5) -> str:
    """An array as a student types it: one row per line, a few decimals."""
    return "\n".join(", ".join(f"{v:.{digits}f}" for v in row) for row in np.atleast_2d(a))


def _answer(at, text: str):
    widget(at, "text_area", "answer").set_value(text).run()
    assert_clean(at)
    return at


MENU = {"sigma_prime": "sigma prime", "ce_grad": "CE gradient", "count": "parameter count"}


def _open(kind="softmax", seed=1, quantity="dW2"):
    query = {"kind": MENU.get(kind, kind), "seed": str(seed)}
    if kind == "backprop":
        query["quantity"] = quantity
    at = open_page(PAGE, query)
    assert_clean(at)
    return at


@pytest.mark.parametrize(
    "kind, quantity",
    [("softmax", ""), ("sigma_prime", ""), ("ce_grad", ""), ("count", "")]
    + [("backprop", q) for q in EX.BACKPROP],
)
def test_a_right_answer_to_four_decimals_is_right(kind, quantity):
    ex = EX.make_exercise(kind, 7, quantity or "dW2")
    at = _answer(_open(kind, 7, quantity), _typed(ex.expected, 0 if kind == "count" else 4))
    assert [s.value for s in at.success] == ["Right: every entry matches."]
    assert not at.error


def test_the_link_sets_the_exercise_and_its_numbers_are_the_seeds():
    at = _open("ce_grad", 42)
    ex = EX.make_exercise("ce_grad", 42)
    (statement,) = [x.value for x in at.latex]
    assert f"k = {ex.given['k']}" in statement
    assert " & ".join(f"{v:g}" for v in ex.given["z"]) in statement
    other = _open("ce_grad", 43)
    assert other.latex[0].value != statement


def test_three_decimals_can_be_too_few_and_the_entry_is_marked():
    ex = EX.make_exercise("softmax", 1)
    at = _answer(_open("softmax", 1), _typed(ex.expected + 6e-4))
    assert not at.success
    assert at.error[0].value.startswith("Not yet: first wrong entry at")
    (marks,) = tables(at)
    assert [m for col in marks.values() for m in col] == ["✗"] * ex.expected.size


WRONG = [
    ("softmax", "", lambda g, e: np.exp(g["z"]) / g["z"].sum(), "divides by Σⱼ xⱼ"),
    ("sigma_prime", "", lambda g, e: M.sigmoid(np.array([g["x"]])), "gives σ(x) itself"),
    ("ce_grad", "", lambda g, e: -e, "has the sign flipped"),
    ("backprop", "dW2", lambda g, e: e.T, "has dW2 transposed"),
    ("backprop", "db1", lambda g, e: 0 * e, "missing the bias gradient db1"),
    ("backprop", "dz1", lambda g, e: e / 2, "divides by the batch size N = 2"),
    ("count", "", lambda g, e: e - g["H"] - g["Dy"], "counts only the weights"),
]


@pytest.mark.parametrize("kind, quantity, wrong, words", WRONG, ids=[w[-1] for w in WRONG])
def test_a_classic_mistake_is_named_without_giving_the_answer(kind, quantity, wrong, words):
    ex = EX.make_exercise(kind, 3, quantity or "dW2")
    at = _answer(_open(kind, 3, quantity), _typed(wrong(ex.given, ex.expected), 6))
    (error,) = [e.value for e in at.error]
    assert words in error.replace("\\", "")
    assert "expected" not in error  # the answer stays hidden until asked for


def test_a_backprop_mistake_is_named_for_the_no_sigma_prime_version():
    ex = EX.make_exercise("backprop", 5, "dW1")
    g = ex.given
    y = M.target_distribution(g["k"], (2, 3))
    wrong = D.backprop_variants(g["x"], y, g["W1"], g["b1"], g["W2"], g["b2"])["no_sigma_prime"]
    at = _answer(_open("backprop", 5, "dW1"), _typed(wrong["dW1"], 6))
    assert "forgets σ′ in dz1" in at.error[0].value


def test_a_typed_mean_over_a_second_bug_names_both_as_the_checker_does():
    ex = EX.make_exercise("backprop", 5, "dW1")
    g = ex.given
    y = M.target_distribution(g["k"], (2, 3))
    wrong = D.backprop_variants(g["x"], y, g["W1"], g["b1"], g["W2"], g["b2"])["no_sigma_prime"]
    at = _answer(_open("backprop", 5, "dW1"), _typed(wrong["dW1"] / 2, 6))
    (error,) = [e.value for e in at.error]
    assert "divides by the batch size N = 2" in error
    assert "Multiplied back by N, it also forgets σ′ in dz1" in error


MALFORMED = {
    "a word": ("1, two, 3", "Entry 2"),
    "unequal rows": ("1, 2, 3\n4, 5", "different lengths"),
    "a second bad line": ("1, 2, 3\n4, x, 6", "Line 2"),
    "too few numbers": ("0.5, 0.5", "you typed one line of 2 numbers"),
    "lines for a vector": ("0.1\n0.2\n0.3\n0.4", "you typed 4 lines of 1 numbers"),
    "markup": ("<b>1</b>", "not a number"),
}


@pytest.mark.parametrize("text, words", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_answer_says_what_is_wrong_and_keeps_the_text(text, words):
    at = _answer(_open("softmax", 1), text)
    (error,) = [e.value for e in at.error]
    assert words in error.replace("\\", "")
    assert widget(at, "text_area", "answer").value == text
    assert not at.success


def test_a_count_typed_with_a_thousands_separator_is_explained():
    ex = EX.make_exercise("count", 1)
    at = _answer(_open("count", 1), f"{int(ex.expected[0]):,}")
    assert "without thousands separators" in at.error[0].value


def test_a_wrong_shaped_matrix_says_the_shape_wanted():
    at = _answer(_open("backprop", 2, "dW1"), "1, 2, 3\n4, 5, 6")
    assert "should be 3 lines of 4 numbers; you typed 2 lines of 3 numbers" in at.error[0].value


def test_the_answer_shows_only_after_the_hint_and_on_request():
    ex = EX.make_exercise("sigma_prime", 9)
    at = _open("sigma_prime", 9)
    assert [w.key for w in at.toggle] == ["hint"]  # no way to the answer before the hint
    assert not at.code
    widget(at, "toggle", "hint").set_value(True).run()
    assert "σ(x) (1 − σ(x))" in at.info[-1].value
    assert not at.code
    widget(at, "toggle", "reveal").set_value(True).run()
    assert float(at.code[0].value) == pytest.approx(ex.expected[0], rel=1e-7)


def test_the_answer_is_hidden_from_the_diagnosis_until_shown_then_given():
    ex = EX.make_exercise("softmax", 4)
    at = _answer(_open("softmax", 4), _typed(ex.expected + 0.01))
    assert "expected" not in at.error[0].value
    widget(at, "toggle", "hint").set_value(True).run()
    widget(at, "toggle", "reveal").set_value(True).run()
    assert f"expected {ex.expected[0]:.8g}".replace(".", "\\.") in at.error[0].value


def test_a_new_exercise_starts_with_an_empty_answer_and_hides_the_answer():
    at = _open("softmax", 1)
    widget(at, "toggle", "hint").set_value(True).run()
    _answer(at, "1, 2, 3")
    widget(at, "number_input", "seed").set_value(2).run()
    assert widget(at, "text_area", "answer").value == ""
    assert widget(at, "toggle", "hint").value is False


def test_a_bad_seed_in_the_link_is_reported_and_the_page_goes_on():
    at = open_page(PAGE, {"seed": "banana", "kind": "nonsense"})
    assert_clean(at)
    assert "Ignored from the link" in at.warning[0].value
    assert at.latex


def test_a_link_asking_for_the_answer_without_the_hint_does_not_show_it():
    at = open_page(PAGE, {"kind": "softmax", "seed": "1", "reveal": "true"})
    assert_clean(at)
    assert not at.code
    at = open_page(PAGE, {"kind": "softmax", "seed": "1", "reveal": "true", "hint": "true"})
    assert at.code  # a teacher's link with both shows it
