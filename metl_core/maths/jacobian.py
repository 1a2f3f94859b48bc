"""The softmax Jacobian, finite-difference Jacobians, and ∂CE/∂z by the chain rule.

ŷ = softmax(z) is a row vector; J[i, j] = ∂ŷᵢ/∂zⱼ = ŷᵢ([i = j] − ŷⱼ), that is
J = diag(ŷ) − ŷᵀŷ, where ŷᵀŷ is the n × n outer product.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .arrays import as_float_array
from .softmax import softmax


def _logits(z) -> np.ndarray:
    z = as_float_array(z)
    if z.ndim != 1 or z.size == 0:
        raise ValueError(f"need a non-empty vector of logits, got shape {z.shape}")
    return z


def softmax_jacobian(z) -> np.ndarray:
    """J = diag(ŷ) − ŷᵀŷ with ŷ = softmax(z).

    Parameters
    ----------
    z : array_like, shape (n,)
        Logits.

    Returns
    -------
    ndarray, shape (n, n)
        J[i, j] = ∂ŷᵢ/∂zⱼ. Symmetric; every row and column sums to 0 up to rounding.
    """
    p = softmax(_logits(z))
    return np.diag(p) - np.outer(p, p)


def softmax_jacobian_elementwise(z) -> np.ndarray:
    """diag(ŷ ⊙ (1 − ŷ)): the Jacobian softmax would have if it acted entrywise like σ.

    A deliberately wrong variant, kept to be shown and checked against finite differences:
    it keeps J's diagonal and drops the off-diagonal −ŷᵢŷⱼ.
    """
    p = softmax(_logits(z))
    return np.diag(p * (1 - p))


def numeric_jacobian(f: Callable[[np.ndarray], np.ndarray], z, h: float = 1e-5) -> np.ndarray:
    """Centred differences: column j is (f(z + h eⱼ) − f(z − h eⱼ)) / 2h.

    Parameters
    ----------
    f : callable
        Maps a vector of shape (n,) to a vector of shape (m,).
    z : array_like, shape (n,)
        The point; never modified.
    h : float, optional
        The step. Default 1e-5.

    Returns
    -------
    ndarray, shape (m, n)
        J[i, j] ≈ ∂fᵢ/∂zⱼ.
    """
    z = np.array(_logits(z), dtype=np.float64)
    steps = h * np.eye(z.size)
    cols = [
        (np.asarray(f(z + e), dtype=float) - np.asarray(f(z - e), dtype=float)) / (2 * h)
        for e in steps
    ]
    return np.stack(cols, axis=-1)


def ce_grad_chain_rule(z, y) -> np.ndarray:
    """∂CE/∂z = (∂CE/∂ŷ) J = −(y / ŷ) J, the chain rule taken literally.

    Parameters
    ----------
    z : array_like, shape (n,)
        Logits.
    y : array_like, shape (n,)
        The target. Classes with yᵢ = 0 contribute nothing, even where ŷᵢ is 0.

    Returns
    -------
    ndarray, shape (n,)
        The row vector −Σᵢ (yᵢ / ŷᵢ) J[i, :]. Where ŷᵢ underflowed to 0 with yᵢ > 0 the
        literal quotient is infinite and the result is not finite: the simplified form
        :func:`ce_grad_simplified` never divides.
    """
    z, y = _logits(z), as_float_array(y)
    p = softmax(z)
    # A subnormal ŷᵢ makes −yᵢ/ŷᵢ overflow to inf: the result is then not finite, as said.
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        dce_dp = np.where(y != 0, -y / p, 0.0)  # ∂CE/∂ŷᵢ = −yᵢ / ŷᵢ
        return dce_dp @ softmax_jacobian(z)


def ce_grad_simplified(z, y) -> np.ndarray:
    """ŷ Σᵢ yᵢ − y: the chain rule's result, which is ŷ − y only when y sums to 1."""
    z, y = _logits(z), as_float_array(y)
    return softmax(z) * np.sum(y) - y


def smoothed_target(k: int, n: int, eps: float) -> np.ndarray:
    """(1 − eps) one-hot at k + eps / n: a target that sums to 1 for every eps in [0, 1]."""
    if not 0 <= k < n:
        raise ValueError(f"class {k} is out of range for {n} classes")
    if not 0.0 <= eps <= 1.0:
        raise ValueError(f"eps must be between 0 and 1, got {eps}")
    y = np.full(n, eps / n)
    y[k] += 1.0 - eps
    return y


__all__ = [
    "ce_grad_chain_rule",
    "ce_grad_simplified",
    "numeric_jacobian",
    "smoothed_target",
    "softmax_jacobian",
    "softmax_jacobian_elementwise",
]
