import mpmath
import numpy as np
import pytest
from hypothesis import given

import metl_core as M

from strategies import logits_and_labels, moderate, vectors


def test_cross_entropy_by_hand():
    z = np.array([1.0, 2.0, 3.0])
    expected = -np.log(np.exp(1.0) / np.exp(z).sum())
    assert M.cross_entropy(z, 0) == pytest.approx(expected, rel=1e-14)


def test_cross_entropy_of_huge_margin_is_exact():
    assert M.cross_entropy([1000.0, 0.0], 1) == 1000.0
    assert M.cross_entropy([1000.0, 0.0], 0) == 0.0


def test_cross_entropy_accepts_one_hot_and_probabilities():
    z = np.array([[0.5, -1.0, 2.0], [1.0, 1.0, 0.0]])
    idx = np.array([2, 0])
    onehot = np.eye(3)[idx]
    assert M.cross_entropy(z, onehot) == pytest.approx(M.cross_entropy(z, idx))
    soft = np.array([[0.2, 0.3, 0.5], [1 / 3, 1 / 3, 1 / 3]])
    # CE is linear in y: a soft target costs the y-weighted sum of the one-hot costs.
    per_class = np.stack([M.cross_entropy(z, np.full(2, k), "none") for k in range(3)], axis=1)
    assert M.cross_entropy(z, soft) == pytest.approx((soft * per_class).sum(), rel=1e-14)


def test_cross_entropy_reductions():
    z = np.array([[0.5, -1.0, 2.0], [1.0, 1.0, 0.0]])
    y = np.array([2, 0])
    per = M.cross_entropy(z, y, reduction="none")
    assert per.shape == (2,)
    assert M.cross_entropy(z, y, "sum") == pytest.approx(per.sum())
    assert M.cross_entropy(z, y, "mean") == pytest.approx(per.mean())
    with pytest.raises(ValueError):
        M.cross_entropy(z, y, "max")


def test_cross_entropy_zero_target_class_with_minus_inf_logit_contributes_zero():
    assert M.cross_entropy([-np.inf, 0.0], 1) == 0.0


@pytest.mark.parametrize("bad", [2, -1, np.array([0, 3])])
def test_cross_entropy_rejects_out_of_range_labels(bad):
    z = np.zeros((2, 2)) if np.ndim(bad) else np.zeros(2)
    with pytest.raises(ValueError, match="out of range"):
        M.cross_entropy(z, bad)


@pytest.mark.parametrize(
    "bad", [[0.5, 0.2], [1.5, -0.5], [np.nan, 1.0], [[1.0, 0.0]], np.array([0, 1, 0])]
)
def test_cross_entropy_rejects_malformed_targets(bad):
    with pytest.raises(ValueError):
        M.cross_entropy([1.0, 2.0], bad)


@given(logits_and_labels())
def test_cross_entropy_is_non_negative(data):
    z, y = data
    assert np.all(M.cross_entropy(z, y, reduction="none") >= 0)


@given(logits_and_labels())
def test_cross_entropy_gradient_sums_to_zero_across_classes(data):
    z, y = data
    np.testing.assert_allclose(M.cross_entropy_grad(z, y).sum(axis=1), 0, atol=1e-12)


def exact_grad_and_ce(row, k: int) -> tuple[list[float], float]:
    """yhat - y and -log yhat_k for one row, in 50-digit arithmetic, independent of NumPy."""
    with mpmath.workdps(50):
        e = [mpmath.exp(mpmath.mpf(float(v))) for v in row]
        yhat = [v / mpmath.fsum(e) for v in e]
        return [float(p - (j == k)) for j, p in enumerate(yhat)], float(-mpmath.log(yhat[k]))


@given(logits_and_labels())
def test_cross_entropy_gradient_is_yhat_minus_y_in_50_digit_arithmetic(data):
    z, y = data
    exact = np.array([exact_grad_and_ce(row, k)[0] for row, k in zip(z, y, strict=True)])
    np.testing.assert_allclose(M.cross_entropy_grad(z, y), exact, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(M.cross_entropy_grad(z, y, "mean"), exact / len(y), atol=1e-15)
    np.testing.assert_array_equal(M.cross_entropy_grad(z, y, "none"), M.cross_entropy_grad(z, y))


def test_cross_entropy_gradient_known_values():
    # Equal logits: yhat is uniform, so the gradient is 1/C everywhere but 1/C - 1 at the label.
    np.testing.assert_array_equal(
        M.cross_entropy_grad([0.0, 0.0, 0.0, 0.0], 2), [0.25, 0.25, -0.75, 0.25]
    )
    # z = (0, log 3): yhat = (1/4, 3/4).
    np.testing.assert_allclose(
        M.cross_entropy_grad([0.0, np.log(3.0)], 0), [-0.75, 0.75], rtol=1e-15
    )


@given(logits_and_labels(max_rows=4, max_classes=6))
def test_cross_entropy_gradient_passes_gradcheck(data):
    z, y = data
    for reduction in ("sum", "mean"):
        result = M.gradcheck(
            lambda v: (M.cross_entropy(v, y, reduction), M.cross_entropy_grad(v, y, reduction)), z
        )
        assert result.ok, result.max_rel_error


@given(vectors(moderate, min_size=2))
def test_cross_entropy_of_one_sample_is_minus_log_yhat_in_50_digit_arithmetic(z):
    exact = exact_grad_and_ce(z, 0)[1]
    assert M.cross_entropy(z, 0) == pytest.approx(exact, rel=1e-13, abs=1e-13)


def test_cross_entropy_keeps_float32():
    z = np.float32([1.0, 2.0])
    assert M.cross_entropy(z, 1).dtype == np.float32
    assert M.cross_entropy_grad(z, 1).dtype == np.float32
