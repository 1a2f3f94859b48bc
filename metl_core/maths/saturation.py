"""Why gradients vanish through sigmoids: σ′ ≤ 1/4, so L layers shrink a gradient by up
to (1/4)^L, and far more where the units saturate.

A chain of L one-unit sigmoid layers, sₗ = σ(aₗ) with aₗ = wₗ sₗ₋₁ + bₗ, passes a gradient
back as ∂s_L/∂s₀ = Πₗ wₗ σ′(aₗ). With unit weights that is the product of the σ′ alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .arrays import as_float_array, check_dim
from .sigmoid import sigmoid, sigmoid_derivative

SLOPE_MAX = 0.25  # σ′(0) = σ(0)(1 − σ(0)) = 1/2 · 1/2


def random_preactivations(layers: int, spread: float, seed: int, chains: int = 1) -> np.ndarray:
    """Seeded pre-activations aₗ ~ N(0, spread²), shape (chains, layers)."""
    layers, chains = check_dim(layers, "layers"), check_dim(chains, "chains")
    if not (np.isfinite(spread) and spread >= 0):
        raise ValueError(f"spread must be finite and >= 0, got {spread}")
    return np.random.default_rng(seed).normal(0.0, float(spread), size=(chains, layers))


def chain_gradient(pre, weights=None) -> np.ndarray:
    """The gradient after each layer: Π_{l ≤ L} wₗ σ′(aₗ) for L = 1, 2, ….

    Parameters
    ----------
    pre : array_like, shape (..., L)
        Pre-activations a₁ … a_L along the last axis.
    weights : array_like, shape (..., L), optional
        The weights wₗ; ones by default.

    Returns
    -------
    ndarray, shape of ``pre``
        Entry L − 1 is ∂s_L/∂s₀.
    """
    pre = as_float_array(pre)
    factors = sigmoid_derivative(pre)
    if weights is not None:
        factors = factors * as_float_array(weights)
    return np.cumprod(factors, axis=-1)


def chain_network(pre, x0: float = 0.0, weights=None):
    """The scalar network s_L(x) whose pre-activations at x = x0 are exactly ``pre``.

    The biases are bₗ = aₗ − wₗ sₗ₋₁(x0). Returned as a function of x (array_like), so
    its derivative at x0 can be taken by finite differences and compared with
    :func:`chain_gradient`.
    """
    pre = np.ravel(as_float_array(pre))
    w = np.ones_like(pre) if weights is None else np.ravel(as_float_array(weights))
    biases, h = np.empty_like(pre), float(x0)
    for layer, (a, wl) in enumerate(zip(pre, w, strict=True)):
        biases[layer] = a - wl * h
        h = float(sigmoid(a))

    def h_L(x):
        h = as_float_array(x)
        for wl, b in zip(w, biases, strict=True):
            h = sigmoid(wl * h + b)
        return h

    return h_L


@dataclass(frozen=True)
class Vanishing:
    """The bound (1/4)^L beside products of σ′ at seeded pre-activations.

    Attributes
    ----------
    layers : ndarray of int, shape (L,)
        1 … L.
    bound : ndarray, shape (L,)
        (1/4)^L.
    products : ndarray, shape (chains, L)
        Π_{l ≤ L} σ′(aₗ) per chain.
    pre : ndarray, shape (chains, L)
        The pre-activations drawn.
    """

    layers: np.ndarray
    bound: np.ndarray
    products: np.ndarray
    pre: np.ndarray

    @property
    def median(self) -> np.ndarray:
        """The median product over the chains at each depth."""
        return np.median(self.products, axis=0)


def vanishing(layers: int, spread: float, seed: int = 0, chains: int = 5) -> Vanishing:
    """Products of σ′ through 1 … ``layers`` layers at N(0, spread²) pre-activations."""
    pre = random_preactivations(layers, spread, seed, chains)
    depth = np.arange(1, pre.shape[1] + 1)
    return Vanishing(depth, SLOPE_MAX**depth, chain_gradient(pre), pre)


__all__ = [
    "SLOPE_MAX",
    "Vanishing",
    "chain_gradient",
    "chain_network",
    "random_preactivations",
    "vanishing",
]
