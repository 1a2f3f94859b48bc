"""The class poll's logic (pages/ui/poll.py): grading through the exercises' checker, what
is refused, tallies, the projector's figures, the CSV and the rate limit."""

import json
from datetime import UTC, datetime

import numpy as np
import pytest

import metl_core as M
from metl_core.mistakes import diagnose as D
from metl_core.mistakes import messages as MSG
from metl_core.teaching import exercises as EX
from metl_core.text.parsing import ParseError
from pages.ui import poll as P
from pages.ui.exercise import parse


def typed(a, digits: int = 5) -> str:
    return "\n".join(", ".join(f"{v:.{digits}f}" for v in row) for row in np.atleast_2d(a))


KINDS = [("softmax", ""), ("sigma_prime", ""), ("ce_grad", ""), ("count", "")] + [
    ("backprop", q) for q in EX.BACKPROP
]


@pytest.mark.parametrize("kind, quantity", KINDS)
def test_a_right_answer_is_right_and_stored_as_its_numbers(kind, quantity):
    ex = P.question(kind, 11, quantity or "dW2")
    g = P.grade(typed(ex.expected, 0 if kind == "count" else 5), ex)
    assert g.right and g.verdict == "right" and g.mistake == ""
    assert P.feedback(g) == "Right: every entry matches."
    np.testing.assert_allclose(parse(g.answer, ex.expected.shape), ex.expected, atol=1e-5)
    assert (g.value is not None) == (ex.expected.size == 1)


def _wrong(kind: str, ex) -> dict[str, np.ndarray]:
    """Each classic wrong answer to ``ex``, by the code the checker should name."""
    g = ex.given
    if kind == "sigma_prime":
        x = g["x"]
        s = float(M.sigmoid(x))
        return {
            "x_times_one_minus_x": np.array([x * (1 - x)]),
            "sigma_only": np.array([s]),
            "sigma_squared": np.array([s * s]),
            "tanh_derivative": np.array([1 - s * s]),
        }
    if kind == "ce_grad":
        yhat = M.softmax(g["z"])
        return {"forgot_y": yhat, "sign_flip": -ex.expected}
    if kind == "count":
        dx, h, dy = g["Dx"], g["H"], g["Dy"]
        return {
            "count_no_bias": np.array([dx * h + h * dy]),
            "count_product": np.array([dx * h * dy]),
        }
    if kind == "softmax":
        z = g["z"]
        return {"sum_x_denominator": np.exp(z) / z.sum()}
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["sigma_prime", "ce_grad", "count", "softmax"])
def test_a_classic_mistake_is_named_in_the_student_feedback_and_on_the_chart(kind):
    seed = 2 if kind != "softmax" else 5  # a seed whose logits do not sum to 0
    ex = P.question(kind, seed)
    for code, wrong in _wrong(kind, ex).items():
        g = P.grade(typed(wrong, 0 if kind == "count" else 6), ex)
        assert (g.verdict, g.mistake) == ("wrong", code), code
        assert P.feedback(g).startswith("Not yet: " + MSG.MESSAGES[code].split("{")[0][:20])
        assert P.mistake_name(code) == MSG.MISTAKE_NAMES[code]


def test_backprop_mistakes_are_named():
    ex = P.question("backprop", 4, "dz1")
    g = ex.given
    y = M.target_distribution(g["k"], (2, 3))
    variants = D.backprop_variants(g["x"], y, g["W1"], g["b1"], g["W2"], g["b2"])
    for code in ("no_sigma_prime", "sigma_squared", "sign_flip", "mean"):
        got = P.grade(typed(variants[code]["dz1"], 8), ex)
        assert got.mistake == code
    bias = P.question("backprop", 4, "db1")
    per_sample = P.grade(typed(variants["right"]["dz1"], 8), bias)  # not summed: (2, 4)
    assert per_sample.mistake == "bias_not_summed"


def test_a_wrong_answer_with_no_classic_mistake_counts_as_unnamed():
    ex = P.question("sigma_prime", 2)
    g = P.grade("0.987", ex)
    assert (g.verdict, g.mistake) == ("wrong", "entry")
    assert "you have 0.987" in P.feedback(g)
    assert str(ex.expected[0])[:5] not in P.feedback(g)  # the answer is not given away
    assert P.mistake_name("entry") == MSG.MISTAKE_NAMES["entry"]


BAD = {
    "a 10 MB paste": "1" * 10_000_000,
    "just over the limit": "0." + "1" * P.MAX_ANSWER_CHARS,
    "markup": "<img src=x onerror=alert(1)>",
    "markdown": "**0.5** [link](http://x)",
    "SQL": "0.5'); DROP TABLE metl_answers; --",
    "NaN": "nan",
    "infinity": "-inf",
    "overflow": "1e999",
    "empty": "   \n  ",
    "ragged rows": "1, 2\n3",
}


@pytest.mark.parametrize("name", BAD, ids=list(BAD))
def test_anything_but_an_answer_is_refused_with_a_message(name):
    ex = P.question("sigma_prime", 2)
    with pytest.raises(ParseError) as err:
        P.grade(BAD[name], ex)
    message = str(err.value)
    assert message and len(message) < 300  # a sentence, never the paste itself


def test_a_wrong_shape_is_refused_with_the_shape_asked_for():
    ex = P.question("ce_grad", 2)  # a vector of 3 or 4
    with pytest.raises(ParseError, match="should be one line of"):
        P.grade("0.1", ex)
    with pytest.raises(ParseError, match="should be 1 number"):
        P.grade("0.1, 0.2", P.question("sigma_prime", 2))
    with pytest.raises(ParseError, match="text"):
        P.grade(["0.1"], ex)


def test_the_stored_answer_reads_back_to_the_same_floats():
    values = np.array([[0.1, -2.5e-12, 3.0], [123456789.0, 1e300, -0.0]])
    text = P.canonical(values)
    assert text.splitlines()[0] == "0.1, -2.5e-12, 3"
    np.testing.assert_array_equal(parse(text, values.shape), values)
    assert P.canonical(np.array([241.0])) == "241"


def test_a_tally_groups_the_mistakes_by_name_most_frequent_first():
    rows = [("right", "", 14), ("wrong", "forgot_y", 11), ("wrong", "sign_flip", 6)]
    rows += [("wrong", "entry", 2), ("wrong", "", 1)]
    t = P.tally(rows)
    assert (t.total, t.right) == (34, 14)
    assert t.mistakes == (
        ("forgot to subtract y", 11),
        ("flipped the sign: y − ŷ", 6),
        ("wrong, no classic mistake found", 3),
    )
    assert P.summary(t) == "34 answers · 41 % right (14 of 34)"
    assert P.mistakes_text(t).startswith("11 forgot to subtract y; 6 flipped")
    assert P.summary(P.tally([])) == "0 answers so far"


def test_the_mistakes_chart_has_a_bar_per_mistake_with_its_count():
    t = P.tally([("wrong", "forgot_y", 11), ("wrong", "sign_flip", 6), ("right", "", 3)])
    bar = P.mistakes_figure(t).data[0]
    assert list(bar.y) == ["flipped the sign: y − ŷ", "forgot to subtract y"]  # top = most
    assert list(bar.x) == [6, 11] and list(bar.text) == ["6", "11"]


def test_the_histogram_keeps_the_correct_value_in_range_and_counts_far_answers_at_the_ends():
    rng = np.random.default_rng(0)
    values = np.concatenate([rng.normal(0.2, 0.01, 40), [1e6, -1e6]])
    edges, counts, outside = P.histogram(values, correct=0.25)
    assert edges[0] < 0.19 and edges[-1] > 0.25 and edges[-1] < 1  # not squashed by 1e6
    assert counts.sum() == values.size and outside == 2
    same = P.histogram([0.5, 0.5, 0.5])
    assert same[1].sum() == 3 and same[0][0] < 0.5 < same[0][-1]


def test_the_histogram_marks_the_correct_value_only_when_given():
    hidden = P.histogram_figure([0.1, 0.2, 0.2])
    assert not hidden.layout.shapes and not hidden.layout.annotations
    shown = P.histogram_figure([0.1, 0.2, 0.2], correct=0.19661)
    assert shown.layout.shapes[0].x0 == pytest.approx(0.19661)
    assert shown.layout.annotations[0].text == "correct: 0.19661"
    assert sum(shown.data[0].y) == 3


def test_the_csv_has_time_id_answer_verdict_and_mistake_in_words():
    at = datetime(2026, 12, 6, 10, 30, tzinfo=UTC).timestamp()
    text = P.csv_text([(at, "ab12", "0.1, 0.2\n0.3, 0.4", "wrong", "transposed")])
    head, row = text.splitlines()
    assert head == "time,anonymous id,answer,verdict,mistake"
    assert row == '2026-12-06T10:30:00+00:00,ab12,"0.1, 0.2; 0.3, 0.4",wrong,transposed dW'


def test_the_rate_limit_allows_a_burst_then_one_answer_per_interval():
    r = P.RateLimit(burst=3, every=2.0)
    assert [r.allow(100.0) for _ in range(4)] == [True, True, True, False]
    assert r.wait() == pytest.approx(2.0)
    assert not r.allow(101.0)
    assert r.allow(102.1)
    assert not r.allow(102.2)


def test_codes_are_short_unambiguous_and_read_back_from_what_a_student_types():
    codes = {P.new_code() for _ in range(200)}
    assert all(len(c) == P.CODE_LENGTH and set(c) <= set(P.CODE_ALPHABET) for c in codes)
    assert len(codes) > 190
    assert not set("0O1IL2Z5S8B") & set(P.CODE_ALPHABET)
    assert P.clean_code(" k7qa ") == "K7QA"
    for bad in ("K7Q", "K7QAA", "K0QA", "<b>1", "'; --", ""):
        assert P.clean_code(bad) is None


def test_a_student_is_known_by_a_hash_of_the_token_never_the_token():
    a = P.student_id("token-1")
    assert a == P.student_id("token-1") != P.student_id("token-2")
    assert len(a) == 16 and "token" not in a
    assert P.digest("secret") != "secret" and len(P.digest("secret")) == 64


@pytest.mark.parametrize("kind, quantity", KINDS[:5])
def test_the_revealed_derivation_ends_at_the_answer(kind, quantity):
    ex = P.question(kind, 3, quantity or "dW2")
    text = P.derivation(ex)
    last = float(np.atleast_1d(ex.expected).ravel()[-1])
    shown = str(int(last)) if kind == "count" else f"{last:.4f}".rstrip("0").rstrip(".")
    assert shown.lstrip("-") in text
    assert P.answer_text(ex).count("\n") == np.atleast_2d(ex.expected).shape[0] - 1


def test_a_question_that_does_not_exist_is_refused():
    for args in (("nope", 1), ("softmax", -1), ("softmax", P.MAX_SEED + 1)):
        with pytest.raises(ValueError):
            P.question(*args)
    with pytest.raises(ValueError):
        P.question("backprop", 1, "dW9")


def test_every_mistake_name_has_its_sentence():
    assert set(MSG.MISTAKE_NAMES) <= set(MSG.MESSAGES)


def test_the_projector_figures_are_valid_plotly_and_readable():
    import plotly.graph_objects as go

    from metl_core import figures as F

    t = P.tally([("wrong", "forgot_y", 2), ("right", "", 1)])
    for fig in (P.mistakes_figure(t), P.histogram_figure([0.1, 0.2], correct=0.15)):
        checked = go.Figure(fig.to_dict())  # validated: raises on a wrong property
        assert json.loads(checked.to_json()) == json.loads(fig.to_json())
        assert fig.layout.font.color == F.TEXT  # not Streamlit's grey (3.7:1)
