"""Cross-entropy three ways: through the naive softmax, through the log of the stable
softmax, and stably as −z_k + logsumexp(z), which never takes the log of a probability.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .arrays import as_float_array
from .softmax import naive_softmax, softmax

_QUIET = {"over": "ignore", "under": "ignore", "invalid": "ignore", "divide": "ignore"}


def logsumexp(z) -> float:
    """log Σᵢ e^(zᵢ) = m + log Σᵢ e^(zᵢ − m) with m = max(z): no term exceeds e^0 = 1."""
    z = as_float_array(z)
    if z.ndim != 1 or z.size == 0:
        raise ValueError(f"need a non-empty vector of logits, got shape {z.shape}")
    m = float(np.max(z))
    with np.errstate(over="ignore"):  # 1e308 − (−1e308) is −inf: its exp is 0, as it should be
        return m + float(np.log(np.sum(np.exp(z - m))))


@dataclass(frozen=True)
class CEThreeWays:
    """log ŷ and CE = −log ŷ_k at the same logits, computed three ways.

    Attributes
    ----------
    log_naive : ndarray
        log(e^z / Σ e^z) with no shift: NaN where e^z overflowed (inf / inf), −inf where
        a probability underflowed to 0.
    log_of_softmax : ndarray
        log(softmax(z)) with the stable softmax: −inf where ŷᵢ rounded to 0.
    log_softmax : ndarray
        z − logsumexp(z): finite for every finite z.
    ce_naive, ce_log_of_softmax, ce_stable : float
        −(each)[k]; ce_stable = −z_k + logsumexp(z).
    """

    z: np.ndarray
    k: int
    log_naive: np.ndarray
    log_of_softmax: np.ndarray
    log_softmax: np.ndarray
    ce_naive: float
    ce_log_of_softmax: float
    ce_stable: float


def ce_three_ways(z, k: int) -> CEThreeWays:
    """Evaluate the three ways at the logits ``z`` with true class ``k``."""
    z = as_float_array(z).astype(np.float64)
    lse = logsumexp(z)
    if not 0 <= k < z.size:
        raise ValueError(f"class {k} is out of range for {z.size} logits")
    with np.errstate(**_QUIET):  # the NaN, −inf and inf are the lesson; ±1e308 may overflow
        log_naive = np.log(naive_softmax(z))
        log_of = np.log(softmax(z))
        stable = z - lse
        ce_stable = float(-z[k] + lse)
    return CEThreeWays(
        z,
        int(k),
        log_naive,
        log_of,
        stable,
        float(-log_naive[k]),
        float(-log_of[k]),
        ce_stable,
    )


__all__ = ["CEThreeWays", "ce_three_ways", "logsumexp"]
