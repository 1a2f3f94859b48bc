"""The shared diagnosis: each classic mistake recomputed, recognised, and put in words."""

import numpy as np
import pytest

import metl_core as M
from metl_core.mistakes import diagnose as D
from metl_core.mistakes import messages as MSG
from metl_core.teaching import exercises as EX


def _net(seed: int, n: int = 5, dims=(4, 3, 5)):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, dims[0]))
    k = rng.integers(0, dims[2], n)
    y = M.target_distribution(k, (n, dims[2]))
    theta = rng.normal(size=M.param_count(*dims))
    return x, k, y, theta, dims


def _worded(d: D.Diagnosis) -> str:
    text = MSG.describe(d.code, d.evidence)
    assert "{" not in text, text  # every placeholder found its evidence
    return text


# --- compare -------------------------------------------------------------------------------------


def test_compare_finds_the_first_wrong_entry_in_row_major_order():
    e = np.arange(6.0).reshape(2, 3)
    g = e.copy()
    g[1, 0] += 1
    g[1, 2] += 1
    d = D.compare(e, g)
    assert (d.code, d.evidence["index"], d.evidence["expected"], d.evidence["got"]) == (
        "entry",
        [1, 0],
        3.0,
        4.0,
    )


def test_tolerance_is_absolute_below_one_and_relative_above():
    assert D.compare([0.0], [5e-9]).ok and not D.compare([0.0], [2e-8]).ok
    assert D.compare([1e6], [1e6 + 5e-3]).ok and not D.compare([1e6], [1e6 + 2e-2]).ok


@pytest.mark.parametrize(
    "got, code",
    [
        (None, "not_numbers"),
        ("0.5", "not_numbers"),
        ([[0.5, 0.5]], "shape"),
        ([np.nan, 0.5], "not_finite"),
        ([np.inf, 0.5], "not_finite"),
        ([0.5, 0.5], "ok"),
        ((0.5, 0.5), "ok"),
    ],
)
def test_compare_says_what_kind_of_wrong(got, code):
    assert D.compare([0.5, 0.5], got).code == code


# --- softmax and sigmoid -------------------------------------------------------------------------

X = np.array([[1.0, 2.0, -1.0], [3.0, 0.5, 2.0], [1001.0, 1002.0, 1000.0]])


def _global_shift(x):
    with np.errstate(invalid="ignore", under="ignore"):
        e = np.exp(x - x.max())  # the first rows underflow to 0 / 0
        return e / e.sum(axis=1, keepdims=True)


@pytest.mark.parametrize(
    "x, wrong, code",
    [
        (X, M.naive_softmax(X), "no_max_shift"),
        (X, M.softmax(X, 0), "columns"),
        (X[:2], np.exp(X[:2]) / np.sum(X[:2], axis=1, keepdims=True), "sum_x_denominator"),
        (np.array([1.0, 2.0]), np.exp([1.0, 2.0]) / 3, "sum_x_denominator"),
        (X[:2], np.exp(X[:2]) / np.exp(X[:2]).sum(), "whole_sum"),
        (X, _global_shift(X), "global_max_shift"),
    ],
)
def test_each_wrong_softmax_is_named(x, wrong, code):
    d = D.diagnose_softmax(x, wrong)
    assert d.code == code
    _worded(d)


def test_the_right_softmax_is_ok_and_a_stranger_mistake_gets_its_first_entry():
    assert D.diagnose_softmax(X, M.softmax(X)).ok
    d = D.diagnose_softmax(X, M.softmax(X) ** 2)
    assert d.code == "entry" and d.evidence["index"] == [0, 0]


S = M.sigmoid(np.array([[1.0, 2.0], [-1.0, -2.0]]))


@pytest.mark.parametrize(
    "wrong, code",
    [
        (M.sigmoid_derivative(S), "x_for_s"),
        (S**2, "sigma_squared"),
        (1 - S**2, "tanh_derivative"),
    ],
)
def test_each_wrong_sigmoid_grad_is_named(wrong, code):
    d = D.diagnose_sigmoid_grad(S, wrong)
    assert d.code == code
    _worded(d)


def test_sigmoid_grad_given_x_is_sigma_prime_of_s():
    # sigmoid_grad(s) written for x computes σ(s)(1 - σ(s)), which is σ'(s), not σ'(x).
    wrong = M.sigmoid(S) * (1 - M.sigmoid(S))
    assert D.diagnose_sigmoid_grad(S, wrong).code == "x_for_s"


@pytest.mark.parametrize(
    "wrong, code",
    [(np.tanh, "tanh"), (lambda x: 1 / (1 + np.exp(x)), "sigmoid_sign")],
)
def test_each_wrong_sigmoid_is_named(wrong, code):
    x = np.array([-2.0, 0.5, 3.0])
    assert D.diagnose_sigmoid(x, wrong(x)).code == code


def test_ce_gradient_mistakes_are_named():
    z, k = np.array([0.5, -1.0, 2.0]), 1
    right = M.cross_entropy_grad(z, k)
    assert D.diagnose_ce_grad(z, k, right).ok
    assert D.diagnose_ce_grad(z, k, -right).code == "sign_flip"
    assert D.diagnose_ce_grad(z, k, M.softmax(z)).code == "forgot_y"


# --- the network ---------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(4))
def test_the_right_variant_is_the_cores_backward(seed):
    x, k, y, theta, dims = _net(seed)
    w = D.unpack(theta, dims)
    right = D.backprop_variants(x, y, w["W1"], w["b1"], w["W2"], w["b2"])["right"]
    params = M.Params(w["W1"], w["b1"], w["W2"], w["b2"])
    _, cache = M.forward(params, x)
    grads = M.backward(params, cache, k)
    for name in EX.BACKPROP:
        np.testing.assert_allclose(right[name], grads[name], rtol=1e-12, atol=1e-14)
    _, packed = M.forward_backward_prop(x, y, theta, dims)
    np.testing.assert_allclose(D.pack(right), packed, rtol=1e-12, atol=1e-14)


NET_CODES = {
    "sign_flip": "sign_flip",
    "no_sigma_prime": "no_sigma_prime",
    "sigma_squared": "sigma_squared",
    "x_for_s": "x_for_s",
    "mean": "mean",
    "transposed": "transposed",
    "transposed_W1": "transposed",
    "transposed_W2": "transposed",
    "missing_bias": "missing_bias",
    "missing_b1": "missing_bias",
    "missing_b2": "missing_bias",
}


@pytest.mark.parametrize("variant", NET_CODES)
def test_each_wrong_packed_gradient_is_named(variant):
    x, _, y, theta, dims = _net(1)
    w = D.unpack(theta, dims)
    wrong = D.backprop_variants(x, y, w["W1"], w["b1"], w["W2"], w["b2"])[variant]
    cost, _ = M.forward_backward_prop(x, y, theta, dims)
    cost_d, grad_d = D.diagnose_forward_backward(x, y, theta, dims, cost, D.pack(wrong))
    assert cost_d.ok and grad_d.code == NET_CODES[variant]
    _worded(grad_d)


def test_a_left_out_bias_gradient_is_named_from_the_length():
    x, _, y, theta, dims = _net(2)
    cost, grad = M.forward_backward_prop(x, y, theta, dims)
    h, dy = dims[1], dims[2]
    without_b1 = np.delete(grad, slice(dims[0] * h, dims[0] * h + h))
    d = D.diagnose_forward_backward(x, y, theta, dims, cost, without_b1)[1]
    assert (d.code, d.evidence["parts"]) == ("missing_bias", ["db1"])
    d = D.diagnose_forward_backward(x, y, theta, dims, cost, grad[:-dy])[1]
    assert (d.code, d.evidence["parts"]) == ("missing_bias", ["db2"])


def test_a_mean_cost_and_a_wrong_cost_are_told_apart():
    x, _, y, theta, dims = _net(3)
    cost, grad = M.forward_backward_prop(x, y, theta, dims)
    assert D.diagnose_forward_backward(x, y, theta, dims, cost / 5, grad)[0].code == "mean"
    assert D.diagnose_forward_backward(x, y, theta, dims, cost + 1, grad)[0].code == "cost_wrong"
    assert D.diagnose_forward_backward(x, y, theta, dims, [cost, 1], grad)[0].code == (
        "cost_not_scalar"
    )


def test_an_unnamed_gradient_mistake_gives_the_part_and_the_entry():
    x, _, y, theta, dims = _net(4)
    cost, grad = M.forward_backward_prop(x, y, theta, dims)
    bad = grad.copy()
    bad[dims[0] * dims[1] + dims[1] + 2] += 0.5  # dW2[0, 2]
    d = D.diagnose_forward_backward(x, y, theta, dims, cost, bad)[1]
    assert (d.code, d.evidence["part"], d.evidence["index"]) == ("entry", "dW2", [0, 2])
    assert _worded(d).startswith("first wrong entry in dW2 at [0, 2]")


@pytest.mark.parametrize("name", EX.BACKPROP)
def test_each_backprop_quantity_names_the_sign_flip_and_the_mean(name):
    x, _, y, theta, dims = _net(5)
    w = D.unpack(theta, dims)
    v = D.backprop_variants(x, y, w["W1"], w["b1"], w["W2"], w["b2"])
    right = v["right"][name]
    assert D.diagnose_backprop(name, right, v, right).ok
    assert D.diagnose_backprop(name, right, v, -right).code == "sign_flip"
    d = D.diagnose_backprop(name, right, v, right / 5)
    assert d.code == "mean" and "N = 5" in _worded(d)


def test_a_bias_gradient_not_summed_over_the_batch_is_named():
    x, _, y, theta, dims = _net(6)
    w = D.unpack(theta, dims)
    v = D.backprop_variants(x, y, w["W1"], w["b1"], w["W2"], w["b2"])
    d = D.diagnose_backprop("db2", v["right"]["db2"], v, v["right"]["dz2"])
    assert d.code == "bias_not_summed"


def test_parameter_count_mistakes_are_named_and_graded_exactly():
    right = M.param_count(10, 5, 10)
    assert D.diagnose_count((10, 5, 10), [right]).ok
    assert D.diagnose_count((10, 5, 10), [right + 1]).code == "entry"
    assert D.diagnose_count((10, 5, 10), [10 * 5 + 5 * 10]).code == "count_no_bias"
    assert D.diagnose_count((10, 5, 10), [10 * 5 + 5 + 5 * 10]).code == "count_one_bias"


# --- exercises -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", EX.KINDS)
def test_an_exercise_is_the_same_for_the_same_seed_and_its_answer_grades_right(kind):
    a, b = EX.make_exercise(kind, 11), EX.make_exercise(kind, 11)
    np.testing.assert_array_equal(a.expected, b.expected)
    assert a.grade(a.expected).ok
    assert not a.grade(a.expected + 1).ok
    others = [EX.make_exercise(kind, s).expected for s in range(5)]
    assert len({o.tobytes() for o in others}) > 1


def test_the_words_hide_the_expected_value_on_request():
    d = D.compare([0.25, 0.5], [0.25, 0.75])
    assert "expected 0.5" in MSG.describe(d.code, d.evidence)
    hidden = MSG.describe(d.code, d.evidence, reveal=False)
    assert "0.5" not in hidden.replace("0.75", "") and "0.75" in hidden


# --- one mistake does not hide another --------------------------------------------------------


def _fb(seed: int = 7, n: int = 6):
    x, _, y, theta, dims = _net(seed, n)
    w = D.unpack(theta, dims)
    v = D.backprop_variants(x, y, w["W1"], w["b1"], w["W2"], w["b2"])
    cost, _ = M.forward_backward_prop(x, y, theta, dims)
    return x, y, theta, dims, v, cost


def _network(cost_factor: float, grad, seed: int = 7):
    x, y, theta, dims, _, cost = _fb(seed)
    return D.combine_network(
        *D.diagnose_forward_backward(x, y, theta, dims, cost * cost_factor, grad)
    )


def test_a_consistent_mean_is_named_and_said_to_be_right_otherwise():
    *_, v, _ = _fb()
    d = _network(1 / 6, D.pack(v["right"]) / 6)
    assert (d.code, d.evidence["then"], d.evidence.get("consistent")) == ("mean", "ok", True)
    assert "index" not in d.evidence  # no entry is wrong but for the factor N
    assert _worded(d).endswith("so the assignment's own gradient check passes")


@pytest.mark.parametrize(
    "variant, divisor, then",
    [("no_sigma_prime", 6, "no_sigma_prime"), ("right", 36, "mean"), ("sign_flip", 6, "sign_flip")],
)
def test_a_mean_over_a_second_bug_names_the_second_bug(variant, divisor, then):
    *_, v, _ = _fb()
    d = _network(1 / 6, D.pack(v[variant]) / divisor)
    assert (d.code, d.evidence["then"]) == ("mean", then)
    assert not d.evidence.get("consistent")
    words = _worded(d)
    if then == "mean":
        assert "it divides twice" in words
    else:
        assert "Multiplied back by N, it also " + MSG.describe(then, {})[:20] in words


def test_a_mean_of_only_the_cost_or_only_the_gradient_says_which():
    *_, v, _ = _fb()
    d = _network(1 / 6, D.pack(v["right"]))
    assert (d.code, d.evidence["only"]) == ("mean", "cost")
    d = _network(1.0, D.pack(v["right"]) / 6)
    assert (d.code, d.evidence["only"], d.evidence["then"]) == ("mean", "gradient", "ok")
    assert "Only the gradient is divided" in _worded(d)


def test_a_mean_cost_with_an_unnamed_gradient_bug_names_both():
    *_, v, _ = _fb()
    bad = D.pack(v["right"]) * 0  # Python 2's (1 / N) * gradient
    d = _network(1 / 6, bad)
    assert (d.code, d.evidence["only"], d.evidence["then"]) == ("mean", "cost", "entry")
    assert "The gradient is also wrong: first wrong entry in dW1" in _worded(d)


def test_a_typed_backprop_answer_divided_by_n_names_the_second_bug_too():
    x, _, y, theta, dims = _net(5)
    w = D.unpack(theta, dims)
    v = D.backprop_variants(x, y, w["W1"], w["b1"], w["W2"], w["b2"])
    d = D.diagnose_backprop("dW1", v["right"]["dW1"], v, v["no_sigma_prime"]["dW1"] / 5)
    assert (d.code, d.evidence["then"]) == ("mean", "no_sigma_prime")
    d = D.diagnose_backprop("dW1", v["right"]["dW1"], v, v["right"]["dW1"] / 5)
    assert (d.code, d.evidence["then"]) == ("mean", "ok")


def test_a_row_shifted_softmax_over_the_whole_sum_is_named():
    e = np.exp(X[:2] - X[:2].max(axis=1, keepdims=True))
    assert D.diagnose_softmax(X[:2], e / e.sum()).code == "whole_sum"


def test_the_exp_ratio_sigmoid_is_named_where_it_overflows():
    x = np.array([-1000.0, 1000.0])
    with np.errstate(over="ignore", invalid="ignore"):
        got = np.exp(x) / (1 + np.exp(x))
    d = D.diagnose_sigmoid(x, got)
    assert d.code == "exp_overflow" and "709" in _worded(d)
    assert D.diagnose_sigmoid(x[:1] / 100, np.exp(x[:1] / 100) / (1 + np.exp(x[:1] / 100))).ok


def test_the_reviewed_words_for_tanh_and_the_max_shift():
    assert MSG.MESSAGES["tanh_derivative"].startswith("uses 1 − σ² (the form of tanh′ = 1 − tanh²)")
    assert "underflows for very negative ones (0 / 0 = NaN)" in MSG.MESSAGES["no_max_shift"]
    assert "overflows for large logits (inf / inf = NaN)" in MSG.MESSAGES["no_max_shift"]
