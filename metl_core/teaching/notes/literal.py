"""The notes' formulas evaluated literally: sums of exponentials taken as written, in
``decimal`` arithmetic (40 digits, no overflow or underflow below e^(10^8)), not through
the stable softmax they are meant to check.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable

import numpy as np

from metl_core.maths.cross_entropy import target_distribution

CTX = decimal.Context(prec=40, Emax=10**8, Emin=-(10**8))


def decimal_exp(v) -> list[decimal.Decimal]:
    """e^(v_i) in 40-digit decimal arithmetic: no overflow or underflow for |v| < 10^8."""
    return [CTX.exp(decimal.Decimal(float(a))) for a in np.ravel(v)]


def floats(ds: Iterable[decimal.Decimal]) -> np.ndarray:
    return np.array([float(d) for d in ds])


def decimal_softmax(x) -> list[decimal.Decimal]:
    e = decimal_exp(x)
    total = CTX.plus(sum(e[1:], e[0])) if e else decimal.Decimal(1)
    return [CTX.divide(a, total) for a in e]


def literal_softmax(x) -> np.ndarray:
    """e^(x_i) / Σ_j e^(x_j) exactly as written, in decimal arithmetic (a reference)."""
    return floats(decimal_softmax(x))


def strictly_inside(x) -> bool:
    """Every e^(x_i) / Σ_j e^(x_j) > 0, and every 1 − it > 0, that is Σ_(j≠i) e^(x_j) > 0
    (summed on its own: next to a far larger term, 40 digits would round it away)."""
    e = decimal_exp(x)
    rest = [sum(e[:i] + e[i + 1 :], decimal.Decimal(0)) for i in range(len(e))]
    return all(p > 0 for p in decimal_softmax(x)) and all(r > 0 for r in rest)


def literal_ce(z, k: int) -> list[float]:
    """−Σ_i y_i log ŷ_i, −log ŷ_k and −z_k + log Σ_i e^(z_i), each in decimal arithmetic."""
    p, e = decimal_softmax(z), decimal_exp(z)
    y = target_distribution(k, (len(p),))
    total = -sum(
        CTX.multiply(decimal.Decimal(float(yi)), CTX.ln(pi)) for yi, pi in zip(y, p, strict=True)
    )
    return [
        float(total),
        float(-CTX.ln(p[k])),
        float(-decimal.Decimal(float(z[k])) + CTX.ln(sum(e[1:], e[0]))),
    ]


def literal_chain_rule(z, y) -> np.ndarray:
    """−Σᵢ (yᵢ/ŷᵢ) ŷᵢ([i = j] − ŷⱼ) for each j, as written, in decimal arithmetic: in
    float64 a ŷᵢ that underflows makes yᵢ/ŷᵢ infinite (the page says so)."""
    p = decimal_softmax(z)
    y = [decimal.Decimal(float(v)) for v in np.ravel(y)]
    n = len(p)
    return floats(
        -sum(
            (CTX.divide(y[i], p[i]) * p[i] * ((1 if i == j else 0) - p[j]) for i in range(n)),
            decimal.Decimal(0),
        )
        for j in range(n)
    )
