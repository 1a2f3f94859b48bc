"""The notes' one-hidden-layer network, forward and backward.

    z1 = x W1 + b1      h = sigma(z1)      z2 = h W2 + b2      yhat = softmax(z2)
    CE = -sum y log yhat

Backward, each line the derivative of the forward rule above it:

    dz2 = yhat - y              dW2 = h^T dz2     db2 = sum_n dz2
    dh  = dz2 W2^T
    dz1 = dh * sigma'(z1)       dW1 = x^T dz1     db1 = sum_n dz1
    dx  = dz1 W1^T
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from ._arrays import as_float_array, check_dim
from .cross_entropy import cross_entropy, target_distribution
from .sigmoid import sigmoid
from .softmax import softmax


class _Named:
    """Fields reachable both as attributes and as keys: ``cache.z1 == cache["z1"]``."""

    def __getitem__(self, key: str):
        if key not in self.keys():
            raise KeyError(key)
        return getattr(self, key)

    def keys(self) -> list[str]:
        return [f.name for f in fields(self)]

    def items(self):
        return [(k, getattr(self, k)) for k in self.keys()]


@dataclass
class Params(_Named):
    """Weights of the network: W1 (Dx, H), b1 (H,), W2 (H, Dy), b2 (Dy,)."""

    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray

    @property
    def dims(self) -> tuple[int, int, int]:
        """(Dx, H, Dy)."""
        return self.W1.shape[0], self.W1.shape[1], self.W2.shape[1]

    def flat(self) -> np.ndarray:
        """W1, b1, W2, b2 packed row-major into one vector, as in the assignment."""
        return np.concatenate([a.ravel() for _, a in self.items()])

    @classmethod
    def from_flat(cls, theta, dims) -> Params:
        """Unpack a vector made by :meth:`flat` for dimensions (Dx, H, Dy)."""
        dx, h, dy = (check_dim(d, n) for d, n in zip(dims, ("Dx", "H", "Dy"), strict=True))
        theta = as_float_array(theta)
        if theta.shape != (param_count(dx, h, dy),):
            raise ValueError(
                f"expected {param_count(dx, h, dy)} parameters for {dx}-{h}-{dy}, "
                f"got shape {theta.shape}"
            )
        shapes = ((dx, h), (h,), (h, dy), (dy,))
        parts, ofs = [], 0
        for shape in shapes:
            n = int(np.prod(shape))
            parts.append(theta[ofs : ofs + n].reshape(shape))
            ofs += n
        return cls(*parts)


@dataclass
class Cache(_Named):
    """What :func:`forward` keeps for :func:`backward`: each of shape (N, D) or (D,)."""

    x: np.ndarray
    z1: np.ndarray
    h: np.ndarray
    z2: np.ndarray
    yhat: np.ndarray


@dataclass
class Grads(_Named):
    """Gradients of the summed CE, each shaped like the value it is taken against."""

    dz2: np.ndarray
    dh: np.ndarray
    dz1: np.ndarray
    dx: np.ndarray
    dW1: np.ndarray
    db1: np.ndarray
    dW2: np.ndarray
    db2: np.ndarray

    def params(self) -> Params:
        """The weight gradients as a :class:`Params` (dW1, db1, dW2, db2)."""
        return Params(self.dW1, self.db1, self.dW2, self.db2)


def param_count(dx, h, dy) -> int:
    """Number of parameters (Dx + 1) H + (H + 1) Dy, as an exact Python int.

    W1 is Dx x H and b1 has H entries; W2 is H x Dy and b2 has Dy entries.

    Parameters
    ----------
    dx, h, dy : int
        Input, hidden and output sizes, each >= 1. Any size works, 10**12 included:
        nothing is allocated.

    Raises
    ------
    TypeError
        For a non-integer size (a float such as 10.0, a string, a bool).
    ValueError
        For a size < 1.
    """
    dx, h, dy = check_dim(dx, "Dx"), check_dim(h, "H"), check_dim(dy, "Dy")
    return (dx + 1) * h + (h + 1) * dy


def param_breakdown(dx, h, dy) -> dict[str, int]:
    """Parameters per tensor: {"W1": Dx*H, "b1": H, "W2": H*Dy, "b2": Dy}, exact ints."""
    dx, h, dy = check_dim(dx, "Dx"), check_dim(h, "H"), check_dim(dy, "Dy")
    return {"W1": dx * h, "b1": h, "W2": h * dy, "b2": dy}


def init_params(dx, h, dy, seed=0, dtype=np.float64) -> Params:
    """Seeded random weights for a Dx-H-Dy network.

    Weights are drawn from N(0, 2 / (fan_in + fan_out)) (Glorot), biases start at 0.
    Uses ``np.random.default_rng(seed)``, never the global RNG.

    Returns
    -------
    Params
        W1 (dx, h), b1 (h,), W2 (h, dy), b2 (dy,).
    """
    dx, h, dy = check_dim(dx, "Dx"), check_dim(h, "H"), check_dim(dy, "Dy")
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, np.sqrt(2.0 / (dx + h)), size=(dx, h)).astype(dtype)
    W2 = rng.normal(0.0, np.sqrt(2.0 / (h + dy)), size=(h, dy)).astype(dtype)
    return Params(W1, np.zeros(h, dtype), W2, np.zeros(dy, dtype))


def _reusable(out, shapes: dict[str, tuple[int, ...]], dtype) -> bool:
    """True when ``out`` holds arrays of exactly these shapes and dtype, to write into."""
    return out is not None and all(
        out[k].shape == shape and out[k].dtype == dtype and out[k].flags.writeable
        for k, shape in shapes.items()
    )


def zero_params(dx, h, dy, dtype=np.float64) -> Params:
    """A Dx-H-Dy network with every weight and bias 0, shaped as :func:`init_params`.

    Nothing is drawn and the zeros come from the allocator untouched, so counting the
    entries of a 10**7-parameter network takes microseconds, where drawing its weights
    takes a tenth of a second.
    """
    dx, h, dy = check_dim(dx, "Dx"), check_dim(h, "H"), check_dim(dy, "Dy")
    return Params(
        np.zeros((dx, h), dtype), np.zeros(h, dtype), np.zeros((h, dy), dtype), np.zeros(dy, dtype)
    )


def forward(params: Params, x, out: Cache | None = None) -> tuple[np.ndarray, Cache]:
    """Forward pass z1 = x W1 + b1, h = sigma(z1), z2 = h W2 + b2, yhat = softmax(z2).

    Parameters
    ----------
    params : Params
    x : array_like, shape (N, Dx) or (Dx,)
    out : Cache, optional
        A cache from an earlier call. When its z1, h, z2 and yhat have this call's
        shapes and dtype they are overwritten instead of allocated, as in a training
        loop; otherwise it is ignored. Fresh arrays cost page faults: for N = 512 and
        784-256-10 they were a third of the step's time.

    Returns
    -------
    yhat : ndarray, shape (N, Dy) or (Dy,)
    cache : Cache
        x, z1, h, z2 and yhat, for :func:`backward` (``out`` itself when reused).
    """
    x = as_float_array(x)
    dx, h_dim, dy = params.dims
    if x.ndim not in (1, 2) or x.shape[-1] != dx:
        raise ValueError(f"x must have shape (N, {dx}) or ({dx},), got {x.shape}")
    lead = x.shape[:-1]
    dtype = np.result_type(x, params.W1)
    if not _reusable(
        out,
        {"z1": (*lead, h_dim), "h": (*lead, h_dim), "z2": (*lead, dy), "yhat": (*lead, dy)},
        dtype,
    ):
        z1, h = np.empty((*lead, h_dim), dtype), np.empty((*lead, h_dim), dtype)
        z2, yhat = np.empty((*lead, dy), dtype), np.empty((*lead, dy), dtype)
        out = Cache(x, z1, h, z2, yhat)
    out.x = x
    np.matmul(x, params.W1, out=out.z1)
    out.z1 += params.b1
    sigmoid(out.z1, out=out.h)
    np.matmul(out.h, params.W2, out=out.z2)
    out.z2 += params.b2
    out.yhat[...] = softmax(out.z2, axis=-1)
    return out.yhat, out


def backward(params: Params, cache: Cache, target, out: Grads | None = None) -> Grads:
    """Backward pass: the gradients of the summed CE for ``target``.

    Parameters
    ----------
    params : Params
    cache : Cache
        From :func:`forward`.
    target : int, array_like
        Class indices of shape (N,) (an int for one sample), or one-hot rows shaped
        like yhat.
    out : Grads, optional
        Gradients from an earlier call, overwritten when their shapes and dtype match
        (see :func:`forward`); otherwise ignored.

    Returns
    -------
    Grads
        dz2, dh, dz1, dx shaped like z2, h, z1, x; dW1, db1, dW2, db2 shaped like the
        parameters.
    """
    y = target_distribution(target, cache.yhat.shape, cache.yhat.dtype)
    shapes = {
        "dz2": cache.z2.shape,
        "dh": cache.h.shape,
        "dz1": cache.z1.shape,
        "dx": cache.x.shape,
        "dW1": params.W1.shape,
        "db1": params.b1.shape,
        "dW2": params.W2.shape,
        "db2": params.b2.shape,
    }
    dtype = cache.yhat.dtype
    if not _reusable(out, shapes, dtype):
        out = Grads(**{k: np.empty(shape, dtype) for k, shape in shapes.items()})
    g = out
    x2, h2 = np.atleast_2d(cache.x), np.atleast_2d(cache.h)

    np.subtract(cache.yhat, y, out=g.dz2)  # d CE / d z2
    dz2_2 = np.atleast_2d(g.dz2)
    np.matmul(h2.T, dz2_2, out=g.dW2)
    np.sum(dz2_2, axis=0, out=g.db2)
    np.matmul(g.dz2, params.W2.T, out=g.dh)  # z2 = h W2 + b2
    np.subtract(1.0, cache.h, out=g.dz1)  # h = sigma(z1), so sigma'(z1) = h (1 - h)
    g.dz1 *= cache.h
    g.dz1 *= g.dh
    dz1_2 = np.atleast_2d(g.dz1)
    np.matmul(x2.T, dz1_2, out=g.dW1)
    np.sum(dz1_2, axis=0, out=g.db1)
    np.matmul(g.dz1, params.W1.T, out=g.dx)  # z1 = x W1 + b1
    return g


def loss(params: Params, x, target) -> float:
    """Summed CE of the network's prediction for ``x``."""
    _, cache = forward(params, x)
    return cross_entropy(cache.z2, target, reduction="sum")


def forward_backward_prop(X, labels, params, dimensions) -> tuple[float, np.ndarray]:
    """The assignment's interface: summed CE and its gradient for packed parameters.

    Parameters
    ----------
    X : array_like, shape (N, Dx)
    labels : array_like, shape (N, Dy)
        One-hot rows.
    params : array_like, shape ((Dx + 1) H + (H + 1) Dy,)
        W1, b1, W2, b2 packed row-major.
    dimensions : sequence of 3 ints
        (Dx, H, Dy).

    Returns
    -------
    cost : float
        CE summed over the batch.
    grad : ndarray, shape like ``params``
        dW1, db1, dW2, db2 packed the same way.
    """
    p = Params.from_flat(params, dimensions)
    labels = as_float_array(labels)
    _, cache = forward(p, X)
    g = backward(p, cache, labels)
    cost = cross_entropy(cache.z2, labels, reduction="sum")
    return float(cost), g.params().flat()
