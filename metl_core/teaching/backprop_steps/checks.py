"""The check of one tensor of the walk, and the registry's checks of its lines.

A gradient is checked against centred differences of the summed CE with respect to that
tensor, everything upstream of it at its true value; a forward value against
:func:`metl_core.forward` (and, for h and ŷ, against its formula written out).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from metl_core.maths.cross_entropy import cross_entropy
from metl_core.maths.gradcheck import gradcheck_batched
from metl_core.maths.mlp import forward
from metl_core.maths.sigmoid import sigmoid

from .lines import (
    FORWARD,
    FORWARD_TOL,
    GRAD_TOL,
    Batch,
    make_batch,
    run_lines,
    seeded_batch,
    sigma_prime,
)

# --- One tensor ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TensorCheck:
    """One tensor against its reference: ``ok`` when ``error <= tol``.

    For gradients the error is the largest |num − ana| / max(1, |num|, |ana|) against
    centred differences (h = 1e-4) of the summed CE; for forward values the largest
    absolute difference from :func:`metl_core.forward`. inf for NaN or a wrong shape.
    """

    value: np.ndarray
    reference: np.ndarray
    error: float
    tol: float
    what: str

    @property
    def ok(self) -> bool:
        return bool(self.error <= self.tol)

    @property
    def sides(self) -> tuple[np.ndarray, np.ndarray, float, float]:
        """(value, reference, error, tol): the fields of a notes Check
        (:class:`metl_core.teaching.notes.Check`)."""
        return self.value, self.reference, self.error, self.tol


def _ce_rows(z2: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Summed CE for each of B stacked batches: z2 (B, N, Dy) → (B,)."""
    b, n, dy = z2.shape
    per = cross_entropy(z2.reshape(b * n, dy), np.tile(labels, b), reduction="none")
    return per.reshape(b, n).sum(axis=1)


def _chunked(costs: Callable[[np.ndarray], np.ndarray], rows: int) -> Callable:
    """``costs`` evaluated over the stacked points in chunks, to bound memory."""

    def run(points: np.ndarray) -> np.ndarray:
        step = max(1, 2_000_000 // max(rows, 1))
        return np.concatenate([costs(points[i : i + step]) for i in range(0, len(points), step)])

    return run


def _cost_of(name: str, batch: Batch, true: dict):
    """The summed CE as a function of the tensor ``name`` differentiates, and its point."""
    p, lab = batch.params, batch.labels

    def head(z2):
        return _ce_rows(z2, lab)

    def from_h(hs):
        return head(hs @ p.W2 + p.b2)

    def from_z1(zs):
        return from_h(sigmoid(zs))

    def from_x(xs, W1=p.W1, b1=p.b1):
        return from_z1(xs @ W1 + b1)

    table = {
        "dz2": (head, true["z2"]),
        "dh": (from_h, true["h"]),
        "dz1": (from_z1, true["z1"]),
        "dx": (from_x, batch.X),
        "dW1": (lambda W: from_z1(batch.X @ W + p.b1), p.W1),
        "db1": (lambda b: from_z1(batch.X @ p.W1 + b[:, None, :]), p.b1),
        "dW2": (lambda W: head(true["h"] @ W + p.b2), p.W2),
        "db2": (lambda b: head(true["h"] @ p.W2 + b[:, None, :]), p.b2),
    }
    return table[name]


def _width(batch: Batch) -> int:
    n, dx, h, dy = batch.dims
    return n * max(dx, h, dy)


def _forward_reference(name: str, batch: Batch) -> np.ndarray:
    _, cache = forward(batch.params, batch.X)
    if name == "CE":
        return np.asarray(cross_entropy(cache.z2, batch.labels, reduction="sum"), dtype=float)
    return np.asarray({"z1": cache.z1, "h": cache.h, "z2": cache.z2, "yhat": cache.yhat}[name])


def _literal_sigmoid(e: dict) -> np.ndarray:
    with np.errstate(over="ignore"):  # e^(−z) = inf gives 1 / inf = 0, the right limit
        return 1.0 / (1.0 + np.exp(-e["z1"]))


def _literal_softmax(e: dict) -> np.ndarray:
    z = e["z2"]
    ez = np.exp(z - z.max(axis=1, keepdims=True))  # the same ratio, without overflow
    return ez / ez.sum(axis=1, keepdims=True)


# Forward values also checked against their formula written out, beside metl_core.forward.
LITERAL = {"h": _literal_sigmoid, "yhat": _literal_softmax}


def check_tensor(name: str, batch: Batch, value, true: dict | None = None) -> TensorCheck:
    """The check of the tensor ``name`` alone, at ``value``.

    Gradients: against centred differences of the summed CE with respect to that tensor,
    everything upstream of it at its true value. Forward values: against
    :func:`metl_core.forward` (and the summed CE of :func:`metl_core.cross_entropy`).
    """
    value = np.asarray(value, dtype=float)
    true = true if true is not None else run_lines(batch)[0]
    if name in FORWARD:
        ref = _forward_reference(name, batch)
        what = "metl_core.forward" + (" and the formula, literally" if name in LITERAL else "")
        if value.shape != ref.shape or not np.all(np.isfinite(value)):
            return TensorCheck(value, ref, float("inf"), FORWARD_TOL, what)
        err = float(np.max(np.abs(value - ref) / np.maximum(1.0, np.abs(ref)), initial=0.0))
        if name in LITERAL:
            lit = LITERAL[name](true)
            err = max(err, float(np.max(np.abs(value - lit) / np.maximum(1.0, np.abs(lit)))))
        return TensorCheck(value, ref, err, FORWARD_TOL, what)
    costs, at = _cost_of(name, batch, true)
    at = np.asarray(at, dtype=float)
    what = "finite differences of the summed CE"
    if value.shape != at.shape:
        return TensorCheck(value, np.full(at.shape, np.nan), float("inf"), GRAD_TOL, what)
    r = gradcheck_batched(_chunked(costs, _width(batch)), at, value, tol=GRAD_TOL)
    return TensorCheck(value, r.numeric, r.max_rel_error, GRAD_TOL, what)


def outer_products(a: np.ndarray, d: np.ndarray) -> np.ndarray:
    """The N outer products aₙᵀ dₙ, shape (N, A, D): their sum is aᵀ d."""
    return np.einsum("ni,nj->nij", np.atleast_2d(a), np.atleast_2d(d))


# --- The registry's checks -------------------------------------------------------------------


def check_batches(inputs) -> tuple[Batch, Batch]:
    """Where the registry's checks run: the notes' single row (N = 1) of
    ``inputs.network``, and a seeded batch of N = 5 rows on the same network."""
    params, x, label = inputs.network
    return make_batch(params, np.asarray(x)[None, :], [label]), seeded_batch(params, 5, inputs.seed)


def _worst(checks) -> TensorCheck:
    return max(checks, key=lambda c: c.error)


def check_line(inputs, name: str, mistake: str | None = None) -> TensorCheck:
    """The line ``name`` evaluated literally (with ``mistake``'s version of it, if that is
    where the mistake enters; every line before it true), checked as :func:`check_tensor`
    does, at N = 1 and N = 5: the worse of the two."""
    out = []
    for batch in check_batches(inputs):
        env, _ = run_lines(batch, mistake)
        out.append(check_tensor(name, batch, env[name]))
    return _worst(out)


def check_diag_jacobian(inputs, forget: bool = False) -> TensorCheck:
    """dz1ₙ = dhₙ · diag(σ′(z1ₙ)), the Jacobian product taken literally row by row,
    against finite differences; ``forget`` checks dz1 = dh instead."""
    out = []
    for batch in check_batches(inputs):
        env, _ = run_lines(batch)
        sp = sigma_prime(env["z1"])
        rows = np.array([env["dh"][n] @ np.diag(sp[n]) for n in range(len(sp))])
        out.append(check_tensor("dz1", batch, env["dh"] if forget else rows, env))
    return _worst(out)


def check_outer_sums(inputs, mean: bool = False) -> TensorCheck:
    """dW2 = Σₙ hₙᵀ dz2ₙ, dW1 = Σₙ xₙᵀ dz1ₙ, db2 = Σₙ dz2ₙ, db1 = Σₙ dz1ₙ, each sum taken
    term by term, against finite differences of the summed CE; ``mean`` divides by N."""
    out = []
    for batch in check_batches(inputs):
        env, _ = run_lines(batch)
        k = 1.0 / batch.dims[0] if mean else 1.0
        sums = {
            "dW2": outer_products(env["h"], env["dz2"]).sum(axis=0),
            "dW1": outer_products(env["x"], env["dz1"]).sum(axis=0),
            "db2": sum(env["dz2"]),
            "db1": sum(env["dz1"]),
        }
        out += [check_tensor(name, batch, k * v, env) for name, v in sums.items()]
    return _worst(out)


def check_mean_gradient(inputs) -> TensorCheck:
    """(1/N) Xᵀ dz1 and (1/N) hᵀ dz2 against finite differences of the mean CE."""
    out = []
    for batch in check_batches(inputs):
        env, _ = run_lines(batch)
        n = batch.dims[0]
        for name in ("dW1", "dW2"):
            costs, at = _cost_of(name, batch, env)
            r = gradcheck_batched(
                lambda pts, c=costs, n=n: c(pts) / n, at, env[name] / n, tol=GRAD_TOL
            )
            out.append(TensorCheck(env[name] / n, r.numeric, r.max_rel_error, GRAD_TOL, "mean CE"))
    return _worst(out)


def outer_sum_check(batch: Batch, a: str = "h", d: str = "dz2") -> TensorCheck:
    """The N outer products aₙᵀ dₙ summed term by term, against the product aᵀ d."""
    env, _ = run_lines(batch)
    total = outer_products(env[a], env[d]).sum(axis=0)
    product = env[a].T @ env[d]
    err = float(np.max(np.abs(total - product) / np.maximum(1.0, np.abs(product))))
    return TensorCheck(total, product, err, FORWARD_TOL, f"{a}ᵀ {d}")
