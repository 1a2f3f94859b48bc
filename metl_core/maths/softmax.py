"""Softmax, log-softmax and the entropy of a softmax distribution.

softmax(x)_i = exp(x_i) / sum_j exp(x_j). Subtracting max(x) first changes nothing,
because softmax(x + c*1) = softmax(x) for any scalar c, and it keeps exp from overflowing.
"""

from __future__ import annotations

import numpy as np

from .arrays import as_float_array, check_positive_finite

_QUIET = {"over": "ignore", "under": "ignore", "invalid": "ignore", "divide": "ignore"}


def _shifted(x: np.ndarray, axis: int, temperature: float):
    """Return ``(z, m)`` with z = (x - max) / T, as a fresh array, and m the slice maxima."""
    m = np.max(x, axis=axis, keepdims=True)
    z = np.subtract(x, m)
    if temperature != 1.0:
        # Divide in at least float64: a float32 1e-300 would round to 0 and give 0/0.
        wide = np.promote_types(z.dtype, np.float64)
        z = np.divide(z, np.asarray(temperature, dtype=wide)).astype(x.dtype, copy=False)
    return z, m


def _infinite_limit(x: np.ndarray, m: np.ndarray, axis: int):
    """Where a slice holds +inf (and no NaN), return the equal shares of its +inf entries."""
    has_pos = np.isposinf(m)
    if not has_pos.any():
        return None, has_pos
    pos = np.isposinf(x)
    share = pos / np.sum(pos, axis=axis, keepdims=True, dtype=np.float64)
    return share.astype(x.dtype, copy=False), has_pos


def softmax(x, axis: int = -1, temperature: float = 1.0) -> np.ndarray:
    """Softmax of ``x / temperature`` along ``axis``, computed stably.

    Parameters
    ----------
    x : array_like, shape (..., n, ...)
        Logits. Float input keeps its dtype; integer or bool input becomes float64.
    axis : int, optional
        The axis that sums to one. Default -1.
    temperature : float, optional
        T in softmax(x / T). Must be finite and > 0. Default 1.

    Returns
    -------
    ndarray, same shape as ``x``
        Probabilities in [0, 1] that sum to 1 along ``axis``.

    Raises
    ------
    ValueError
        If ``temperature`` is not finite and > 0, or ``x`` is 0-d.

    Notes
    -----
    The maximum of each slice is subtracted before ``exp``, so logits such as 1001 or
    -1001, or even +-1e308, neither overflow nor give NaN. Limits are defined:

    * a slice with +inf entries gives them equal shares and 0 elsewhere;
    * a -inf entry gets 0;
    * a slice that is all -inf, or that holds a NaN, gives NaN;
    * as T -> 0 the result tends to the one-hot argmax, ties shared equally, and a tiny
      T such as 1e-300 gives that limit rather than NaN.

    Examples
    --------
    >>> softmax([1.0, 2.0]).round(4)
    array([0.2689, 0.7311])
    >>> softmax([1001.0, 1002.0]).round(4)
    array([0.2689, 0.7311])
    >>> softmax([1.0, 2.0], temperature=1e-300)
    array([0., 1.])
    """
    t = check_positive_finite(temperature, "temperature")
    x = as_float_array(x)
    if x.ndim == 0:
        raise ValueError("softmax needs at least one axis; got a 0-d value")
    if x.size == 0:
        return x.copy()
    with np.errstate(**_QUIET):
        z, m = _shifted(x, axis, t)
        np.exp(z, out=z)
        z /= np.sum(z, axis=axis, keepdims=True)
        share, has_pos = _infinite_limit(x, m, axis)
    if share is not None:
        z = np.where(has_pos, share, z)
    return z


def log_softmax(x, axis: int = -1, temperature: float = 1.0) -> np.ndarray:
    """Logarithm of :func:`softmax`, computed without taking the log of a probability.

    log softmax(x)_i = (x_i - m) - log sum_j exp(x_j - m), with m = max(x).

    Parameters
    ----------
    x : array_like
        Logits; dtype rules as in :func:`softmax`.
    axis : int, optional
        The class axis. Default -1.
    temperature : float, optional
        As in :func:`softmax`.

    Returns
    -------
    ndarray, same shape as ``x``
        Values <= 0, exact for logits far apart.

    Notes
    -----
    Same limits as :func:`softmax`: +inf entries share log(1/k), the others get -inf;
    -inf entries get -inf; an all -inf slice or one with a NaN gives NaN.

    Examples
    --------
    >>> log_softmax([0.0, -1e4])
    array([     0., -10000.])
    """
    t = check_positive_finite(temperature, "temperature")
    x = as_float_array(x)
    if x.ndim == 0:
        raise ValueError("log_softmax needs at least one axis; got a 0-d value")
    if x.size == 0:
        return x.copy()
    with np.errstate(**_QUIET):
        z, m = _shifted(x, axis, t)
        z -= np.log(np.sum(np.exp(z), axis=axis, keepdims=True))
        share, has_pos = _infinite_limit(x, m, axis)
        if share is not None:
            z = np.where(has_pos, np.log(share), z)
    return z


def naive_softmax(x, axis: int = -1) -> np.ndarray:
    """exp(x) / sum exp(x) exactly as written, with no shift: the unstable textbook version.

    Kept to show what goes wrong. Floating-point warnings are silenced; the inf and NaN
    are the lesson.

    Examples
    --------
    >>> naive_softmax([1001.0, 1002.0])  # inf / inf
    array([nan, nan])
    >>> naive_softmax([-1001.0, -1002.0])  # 0 / 0
    array([nan, nan])
    """
    x = as_float_array(x)
    with np.errstate(**_QUIET):
        e = np.exp(x)
        return e / np.sum(e, axis=axis, keepdims=True)


def entropy(p, axis: int = -1) -> np.ndarray:
    """Shannon entropy -sum p log p in nats along ``axis``, with 0 log 0 = 0.

    Parameters
    ----------
    p : array_like
        Probabilities along ``axis``.

    Returns
    -------
    ndarray
        ``p`` reduced along ``axis``; between 0 and log(n) for a distribution over n classes.
    """
    p = as_float_array(p)
    with np.errstate(**_QUIET):
        terms = np.where(p > 0, p * np.log(np.where(p > 0, p, 1)), 0)
    return 0.0 - np.sum(terms, axis=axis)  # 0.0 - x, not -x: no -0.0 for a one-hot
