"""Cross-entropy of softmax logits, and its gradient yhat - y.

CE = -sum_i y_i log yhat_i with yhat = softmax(z). Its gradient with respect to the
logits z is yhat - y when y sums to one.
"""

from __future__ import annotations

import numpy as np

from .arrays import as_float_array
from .softmax import log_softmax, softmax

REDUCTIONS = ("sum", "mean", "none")


def _check_reduction(reduction: str) -> str:
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {REDUCTIONS}, got {reduction!r}")
    return reduction


def _logits(logits) -> np.ndarray:
    z = as_float_array(logits)
    if z.ndim == 0 or z.shape[-1] == 0:
        raise ValueError("logits need a non-empty class axis (the last one)")
    return z


def target_distribution(target, shape: tuple[int, ...], dtype=np.float64) -> np.ndarray:
    """Return the dense target y with the logits' ``shape``.

    Parameters
    ----------
    target : int, array_like of int, or array_like of float
        Class indices with shape ``shape[:-1]`` (an int for one sample), or a one-hot
        or probability array of shape ``shape`` whose entries are >= 0 and whose rows
        sum to 1.
    shape : tuple of int
        Shape of the logits, classes last.

    Raises
    ------
    ValueError
        For an index outside [0, n_classes), a shape that fits neither form, or a
        probability row that is negative, not finite, or does not sum to 1.
    """
    n_classes = shape[-1]
    t = np.asarray(target)
    if t.dtype == np.bool_:
        t = t.astype(np.float64)
    if np.issubdtype(t.dtype, np.integer) and t.shape == tuple(shape[:-1]):
        if t.size and (t.min() < 0 or t.max() >= n_classes):
            bad = t[(t < 0) | (t >= n_classes)].flat[0]
            raise ValueError(
                f"class index {bad} is out of range: with {n_classes} classes it must be "
                f"between 0 and {n_classes - 1}"
            )
        y = np.zeros(shape, dtype=dtype)
        np.put_along_axis(y, t[..., None], 1, axis=-1)
        return y
    if t.shape != tuple(shape):
        raise ValueError(
            f"target must be class indices of shape {tuple(shape[:-1])} or a probability "
            f"array of shape {tuple(shape)}; got shape {t.shape} and dtype {t.dtype}"
        )
    y = as_float_array(t).astype(dtype)
    if not np.all(np.isfinite(y)) or np.any(y < 0):
        raise ValueError("target probabilities must be finite and >= 0")
    if not np.allclose(y.sum(axis=-1), 1.0, rtol=0, atol=1e-5):
        raise ValueError("each target row must sum to 1 (one-hot or a probability vector)")
    return y


def cross_entropy(logits, target, reduction: str = "sum"):
    """Cross-entropy -sum_i y_i log softmax(z)_i, computed from :func:`log_softmax`.

    Parameters
    ----------
    logits : array_like, shape (C,) or (..., C)
        Logits z, classes on the last axis.
    target : int, array_like
        Class indices of shape ``logits.shape[:-1]``, or one-hot / probabilities shaped
        like ``logits``. See :func:`target_distribution`.
    reduction : {"sum", "mean", "none"}, optional
        "sum" (the notes' CE, summed over samples), "mean" over samples, or "none"
        for one loss per sample, of shape ``logits.shape[:-1]``.

    Returns
    -------
    float scalar or ndarray
        CE >= 0, in the logits' float dtype.

    Notes
    -----
    Never the log of a probability that underflowed: ``cross_entropy([1000, 0], 1)``
    is exactly 1000, where log(softmax) would give inf. Classes with y_i = 0 contribute
    0 even where log yhat_i is -inf.

    Examples
    --------
    A uniform guess over two classes costs log 2; a confident wrong one costs its margin:

    >>> cross_entropy([[0.0, 0.0], [3.0, 0.0]], [0, 1], reduction="none").round(4)
    array([0.6931, 3.0486])
    >>> float(cross_entropy([1000.0, 0.0], 1))
    1000.0
    """
    _check_reduction(reduction)
    z = _logits(logits)
    y = target_distribution(target, z.shape, z.dtype)
    logp = log_softmax(z, axis=-1)
    with np.errstate(invalid="ignore"):
        per_sample = -np.sum(np.where(y > 0, y * logp, 0), axis=-1)
    if reduction == "none":
        return per_sample
    total = np.sum(per_sample)
    if reduction == "mean":
        total = total / max(per_sample.size, 1)
    return total.astype(z.dtype)[()]


def cross_entropy_grad(logits, target, reduction: str = "sum") -> np.ndarray:
    """Gradient of :func:`cross_entropy` with respect to the logits: yhat - y.

    Parameters
    ----------
    logits, target, reduction
        As in :func:`cross_entropy`. "none" gives each sample the gradient of its own
        loss, which is the same array as for "sum".

    Returns
    -------
    ndarray, same shape as ``logits``
        yhat - y, divided by the number of samples for "mean". Each row sums to 0.

    Examples
    --------
    Equal logits give yhat = 1/4 for each of 4 classes, so 1/4 - 1 at the label:

    >>> cross_entropy_grad([0.0, 0.0, 0.0, 0.0], 2)
    array([ 0.25,  0.25, -0.75,  0.25])
    """
    _check_reduction(reduction)
    z = _logits(logits)
    y = target_distribution(target, z.shape, z.dtype)
    grad = softmax(z, axis=-1)
    grad -= y
    if reduction == "mean":
        grad /= max(grad.size // z.shape[-1], 1)
    return grad
