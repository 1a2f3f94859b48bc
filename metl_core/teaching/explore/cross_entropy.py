"""Behind the Cross-entropy page: CE over a plane of two logits, and the margin view."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from metl_core.maths.arrays import as_float_array
from metl_core.maths.cross_entropy import cross_entropy, cross_entropy_grad
from metl_core.maths.sigmoid import sigmoid


@dataclass(frozen=True)
class CEField:
    """CE over a plane of two logits, the others held fixed, and −∇CE on a coarse grid."""

    axis_a: np.ndarray  # fine grid of z_i for the contour, shape (n,)
    axis_b: np.ndarray  # fine grid of z_j
    cost: np.ndarray  # (n, n), cost[q, p] at (axis_a[p], axis_b[q])
    arrow_a: np.ndarray  # coarse grid points
    arrow_b: np.ndarray
    arrow_da: np.ndarray  # −∂CE/∂z_i at each coarse point
    arrow_db: np.ndarray
    point: tuple[float, float]
    point_grad: tuple[float, float]  # −∇CE at the current logits, in the plane


def resolvable(values, step: float, ratio: float = 1e-3) -> bool:
    """True when every value is finite and float64's spacing there is <= ratio * step.

    A plot needs steps of ``step`` to be distinct; a finite difference with step h needs
    a far smaller ratio, since its rounding error is about spacing / h.
    """
    v = np.abs(as_float_array(values))
    return bool(np.all(np.isfinite(v)) and np.all(np.spacing(v) <= step * ratio))


def ce_field(
    logits, target: int, i: int = 0, j: int = 1, span: float = 6.0, n: int = 61, m: int = 11
) -> CEField:
    """CE(z) as z_i and z_j move within ± ``span`` of their current values, others fixed.

    Arrows are the negative gradient, the direction gradient descent moves the logits.

    Raises
    ------
    ValueError
        For fewer than two logits, or logits so large that float64 cannot resolve a
        plane of that width around them (near 1e308 its spacing is about 1e292).
    """
    z = as_float_array(logits)
    if z.ndim != 1 or z.size < 2:
        raise ValueError("need a vector of at least two logits")
    ci, cj = float(z[i]), float(z[j])
    if not resolvable([ci, cj], span / n):
        raise ValueError(
            f"z{i} = {ci:.4g} and z{j} = {cj:.4g} are too large to draw: float64 cannot tell "
            f"them from their neighbours {span / n:.2g} away. The bars and numbers above stay "
            "exact; try logits below about 1e10 for this view."
        )

    def plane(k):
        offsets = np.linspace(-span, span, k)
        return np.meshgrid(ci + offsets, cj + offsets)

    A, B = plane(n)
    Z = np.broadcast_to(z, (*A.shape, z.size)).copy()
    Z[..., i], Z[..., j] = A, B
    cost = cross_entropy(Z, np.full(A.shape, target), reduction="none")
    Ac, Bc = plane(m)
    Zc = np.broadcast_to(z, (*Ac.shape, z.size)).copy()
    Zc[..., i], Zc[..., j] = Ac, Bc
    g = cross_entropy_grad(Zc, np.full(Ac.shape, target))
    g0 = cross_entropy_grad(z, target)
    return CEField(
        A[0],
        B[:, 0],
        cost,
        Ac.ravel(),
        Bc.ravel(),
        -g[..., i].ravel(),
        -g[..., j].ravel(),
        (ci, cj),
        (-float(g0[i]), -float(g0[j])),
    )


@dataclass(frozen=True)
class MarginCurve:
    """Two classes: CE as a function of the margin d = z_true − z_other."""

    d: np.ndarray
    cost: np.ndarray
    d0: float
    cost0: float
    slope0: float  # dCE/dd = −(1 − ŷ_true) = −σ(−d)


def ce_margin_curve(logits, target: int, span: float = 10.0, n: int = 401) -> MarginCurve:
    """With two classes CE = log(1 + e^{−d}), d = z_true − z_other; its slope is −σ(−d)."""
    z = as_float_array(logits)
    if z.shape != (2,):
        raise ValueError("the margin view needs exactly two logits")
    d0 = float(z[target] - z[1 - target])
    d = np.linspace(d0 - span, d0 + span, n) if np.isfinite(d0) else np.linspace(-span, span, n)
    pair = np.stack([d, np.zeros_like(d)], axis=1)
    cost = cross_entropy(pair, np.zeros(n, dtype=int), reduction="none")
    return MarginCurve(d, cost, d0, float(cross_entropy(z, target)), -float(sigmoid(-d0)))
