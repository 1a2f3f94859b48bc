"""The notes' one-hidden-layer network, forward and backward.

    z1 = x W1 + b1      h = sigma(z1)      z2 = h W2 + b2      yhat = softmax(z2)
    CE = -sum y log yhat

Backward, each line the derivative of the forward rule above it:

    dz2 = yhat - y              dW2 = h^T dz2     db2 = sum_n dz2
    dh  = dz2 W2^T
    dz1 = dh * h (1 - h)        dW1 = x^T dz1     db1 = sum_n dz1
    dx  = dz1 W1^T

Every name that starts with ``d`` is a gradient of the summed CE; the sizes are Dx, H
and Dy.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from .arrays import as_float_array, check_dim
from .cross_entropy import cross_entropy, target_distribution
from .sigmoid import sigmoid
from .softmax import softmax


class _Fields:
    """Fields by name as well as by attribute, for loops over them: ``cache["z1"] is cache.z1``."""

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in {f.name for f in fields(self)}:
            raise KeyError(name)
        return getattr(self, name)

    def items(self) -> list[tuple[str, np.ndarray]]:
        return [(f.name, getattr(self, f.name)) for f in fields(self)]


@dataclass
class Params(_Fields):
    """Weights of the network: W1 (Dx, H), b1 (H,), W2 (H, Dy), b2 (Dy,)."""

    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray

    @property
    def dims(self) -> tuple[int, int, int]:
        """(Dx, H, Dy)."""
        return self.W1.shape[0], self.W1.shape[1], self.W2.shape[1]

    @property
    def size(self) -> int:
        """The entries of W1, b1, W2 and b2 together: the parameters, counted one by one."""
        return sum(a.size for _, a in self.items())

    def flat(self) -> np.ndarray:
        """W1, b1, W2, b2 packed row-major into one vector, as in the assignment."""
        return np.concatenate([a.ravel() for _, a in self.items()])

    @classmethod
    def from_flat(cls, theta, dims) -> Params:
        """Unpack a vector made by :meth:`flat` for dimensions (Dx, H, Dy).

        Examples
        --------
        >>> p = Params.from_flat(np.arange(13.0), (2, 3, 1))
        >>> p.W1.shape, p.b1.shape, p.W2.shape, p.b2.shape
        ((2, 3), (3,), (3, 1), (1,))
        >>> p.b2
        array([12.])
        """
        Dx, H, Dy = (check_dim(d, n) for d, n in zip(dims, ("Dx", "H", "Dy"), strict=True))
        theta = as_float_array(theta)
        if theta.shape != (param_count(Dx, H, Dy),):
            raise ValueError(
                f"expected {param_count(Dx, H, Dy)} parameters for {Dx}-{H}-{Dy}, "
                f"got shape {theta.shape}"
            )
        ends = np.cumsum([Dx * H, H, H * Dy])
        W1, b1, W2, b2 = np.split(theta, ends)
        return cls(W1.reshape(Dx, H), b1, W2.reshape(H, Dy), b2)


@dataclass
class Cache(_Fields):
    """What :func:`forward` keeps for :func:`backward`.

    x (N, Dx), z1 and h (N, H), z2 and yhat (N, Dy); without the N axis for one sample.
    """

    x: np.ndarray
    z1: np.ndarray
    h: np.ndarray
    z2: np.ndarray
    yhat: np.ndarray


@dataclass
class Grads(_Fields):
    """Gradients of the summed CE, each shaped like the value it is taken against.

    dz2 (N, Dy), dh and dz1 (N, H), dx (N, Dx), without the N axis for one sample;
    dW1 (Dx, H), db1 (H,), dW2 (H, Dy), db2 (Dy,).
    """

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


def param_count(Dx, H, Dy) -> int:
    """Number of parameters (Dx + 1) H + (H + 1) Dy, as an exact Python int.

    W1 is Dx x H and b1 has H entries; W2 is H x Dy and b2 has Dy entries.

    Parameters
    ----------
    Dx, H, Dy : int
        Input, hidden and output sizes, each >= 1. Any size works, 10**12 included:
        nothing is allocated.

    Raises
    ------
    TypeError
        For a non-integer size (a float such as 10.0, a string, a bool).
    ValueError
        For a size < 1.

    Examples
    --------
    The assignment's 10-5-10 network, and one for MNIST:

    >>> param_count(10, 5, 10)
    115
    >>> param_count(784, 100, 10)
    79510
    """
    Dx, H, Dy = check_dim(Dx, "Dx"), check_dim(H, "H"), check_dim(Dy, "Dy")
    return (Dx + 1) * H + (H + 1) * Dy


def param_breakdown(Dx, H, Dy) -> dict[str, int]:
    """Parameters per tensor: {"W1": Dx*H, "b1": H, "W2": H*Dy, "b2": Dy}, exact ints.

    Examples
    --------
    >>> param_breakdown(10, 5, 10)
    {'W1': 50, 'b1': 5, 'W2': 50, 'b2': 10}
    """
    Dx, H, Dy = check_dim(Dx, "Dx"), check_dim(H, "H"), check_dim(Dy, "Dy")
    return {"W1": Dx * H, "b1": H, "W2": H * Dy, "b2": Dy}


def init_params(Dx, H, Dy, seed=0, dtype=np.float64) -> Params:
    """Seeded random weights for a Dx-H-Dy network.

    Weights are drawn from N(0, 2 / (fan_in + fan_out)) (Glorot), biases start at 0.
    Uses ``np.random.default_rng(seed)``, never the global RNG.

    Returns
    -------
    Params
        W1 (Dx, H), b1 (H,), W2 (H, Dy), b2 (Dy,).
    """
    Dx, H, Dy = check_dim(Dx, "Dx"), check_dim(H, "H"), check_dim(Dy, "Dy")
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, np.sqrt(2.0 / (Dx + H)), size=(Dx, H)).astype(dtype)
    W2 = rng.normal(0.0, np.sqrt(2.0 / (H + Dy)), size=(H, Dy)).astype(dtype)
    return Params(W1, np.zeros(H, dtype), W2, np.zeros(Dy, dtype))


def zero_params(Dx, H, Dy, dtype=np.float64) -> Params:
    """A Dx-H-Dy network with every weight and bias 0, shaped as :func:`init_params`.

    Each tensor is a read-only view of one zero (stride 0), so a network of any size takes
    a few bytes: counting the entries of a 10**7-parameter network allocates nothing, where
    real zeros would cost 80 MB, and a server's memory would keep them. Copy a tensor
    (``np.array(p.W1)``) to write into it.
    """
    Dx, H, Dy = check_dim(Dx, "Dx"), check_dim(H, "H"), check_dim(Dy, "Dy")
    zero = np.zeros((), dtype)
    return Params(*(np.broadcast_to(zero, s) for s in ((Dx, H), (H,), (H, Dy), (Dy,))))


def forward(params: Params, x) -> tuple[np.ndarray, Cache]:
    """Forward pass z1 = x W1 + b1, h = sigma(z1), z2 = h W2 + b2, yhat = softmax(z2).

    Parameters
    ----------
    params : Params
        W1 (Dx, H), b1 (H,), W2 (H, Dy), b2 (Dy,).
    x : array_like, shape (N, Dx) or (Dx,)
        A batch of N samples, or one sample.

    Returns
    -------
    yhat : ndarray, shape (N, Dy) or (Dy,)
    cache : Cache
        x, z1, h, z2 and yhat, for :func:`backward`.

    Examples
    --------
    With every weight 0 the prediction is uniform and the hidden units sit at sigma(0):

    >>> yhat, cache = forward(zero_params(3, 2, 4), [1.0, 2.0, 3.0])
    >>> yhat
    array([0.25, 0.25, 0.25, 0.25])
    >>> cache.h
    array([0.5, 0.5])
    """
    x = as_float_array(x)
    Dx = params.W1.shape[0]
    if x.ndim not in (1, 2) or x.shape[-1] != Dx:
        raise ValueError(f"x must have shape (N, {Dx}) or ({Dx},), got {x.shape}")
    z1 = x @ params.W1 + params.b1
    h = sigmoid(z1)
    z2 = h @ params.W2 + params.b2
    yhat = softmax(z2, axis=-1)
    return yhat, Cache(x, z1, h, z2, yhat)


def backward(params: Params, cache: Cache, target) -> Grads:
    """Backward pass: the gradients of the summed CE for ``target``.

    Parameters
    ----------
    params : Params
    cache : Cache
        From :func:`forward`: x (N, Dx), h (N, H), yhat (N, Dy), or one sample without N.
    target : int, array_like
        Class indices of shape (N,) (an int for one sample), or one-hot rows shaped
        like yhat.

    Returns
    -------
    Grads
        dz2 (N, Dy), dh (N, H), dz1 (N, H), dx (N, Dx), shaped like z2, h, z1, x;
        dW1 (Dx, H), db1 (H,), dW2 (H, Dy), db2 (Dy,), shaped like the parameters and
        summed over the N samples.

    Examples
    --------
    With every weight 0, yhat is uniform, so dz2 = yhat - y and only the biases of the
    output layer and W2 get a gradient:

    >>> p = zero_params(3, 2, 4)
    >>> _, cache = forward(p, [1.0, 2.0, 3.0])
    >>> g = backward(p, cache, 1)
    >>> g.dz2
    array([ 0.25, -0.75,  0.25,  0.25])
    >>> g.dW2
    array([[ 0.125, -0.375,  0.125,  0.125],
           [ 0.125, -0.375,  0.125,  0.125]])
    >>> g.dx
    array([0., 0., 0.])
    """
    W1, W2 = params.W1, params.W2
    x, h, yhat = cache.x, cache.h, cache.yhat
    y = target_distribution(target, yhat.shape, yhat.dtype)
    n = tuple(range(x.ndim - 1))  # the sample axis N, or none for one sample

    dz2 = yhat - y
    dW2 = np.tensordot(h, dz2, (n, n))  # h^T dz2: a sum over samples of outer products
    db2 = dz2.sum(axis=n)
    dh = dz2 @ W2.T
    dz1 = dh * h * (1 - h)
    dW1 = np.tensordot(x, dz1, (n, n))  # x^T dz1
    db1 = dz1.sum(axis=n)
    dx = dz1 @ W1.T
    return Grads(dz2=dz2, dh=dh, dz1=dz1, dx=dx, dW1=dW1, db1=db1, dW2=dW2, db2=db2)


def loss(params: Params, x, target) -> float:
    """Summed CE of the network's prediction for ``x``.

    Examples
    --------
    A uniform guess over 4 classes costs log 4 per sample:

    >>> float(loss(zero_params(3, 2, 4), [[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]], [0, 3]))
    2.772588722239781
    """
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
