"""Seeded exercises, for the exercises page and a class poll: the numbers of each, its
answer computed by metl_core, and the grading of a typed answer, which names the classic
mistake it is (the same diagnoses as the homework checker, :mod:`metl_core.mistakes.diagnose`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import metl_core as M
from metl_core.mistakes import diagnose as D
from metl_core.teaching.backprop_steps import BACKWARD

KINDS = ("softmax", "sigma_prime", "ce_grad", "backprop", "count")
PAGE_TOL = 2e-4  # a typed answer: four decimals are enough, three are not always
# What a backprop exercise asks for: any gradient of the backward pass, in its order.
BACKPROP = BACKWARD


@dataclass(frozen=True)
class Exercise:
    """One seeded exercise: the numbers it gives, its answer, and how to grade an answer.

    ``given`` maps names (z, x, k, W1, ...) to the numbers of the statement; ``expected``
    is the answer, a vector or a matrix (a single number is a vector of one).
    """

    kind: str
    seed: int
    quantity: str
    given: dict
    expected: np.ndarray
    tol: float

    def grade(self, got) -> D.Diagnosis:
        g = self.given
        if self.kind == "softmax":
            return D.diagnose_softmax(g["z"], got, self.tol)
        if self.kind == "sigma_prime":
            return D.diagnose_sigmoid_derivative(np.array([g["x"]]), got, self.tol)
        if self.kind == "ce_grad":
            return D.diagnose_ce_grad(g["z"], g["k"], got, self.tol)
        if self.kind == "count":
            return D.diagnose_count((g["Dx"], g["H"], g["Dy"]), got)
        y = M.target_distribution(g["k"], (len(g["k"]), g["W2"].shape[1]))
        variants = D.backprop_variants(g["x"], y, g["W1"], g["b1"], g["W2"], g["b2"])
        return D.diagnose_backprop(self.quantity, self.expected, variants, got, self.tol)


def make_exercise(kind: str, seed: int, quantity: str = "dW2") -> Exercise:
    """The exercise of ``kind`` (one of :data:`KINDS`) drawn from ``seed``.

    For "backprop", ``quantity`` is one of :data:`BACKPROP`: a gradient of the summed CE
    of a 3-4-3 network at a batch of 2, with one-decimal weights.
    """
    rng = np.random.default_rng([KINDS.index(kind), int(seed)])
    if kind == "softmax":
        z = rng.integers(-3, 4, int(rng.integers(3, 6))).astype(np.float64)
        return Exercise(kind, seed, "", {"z": z}, M.softmax(z), PAGE_TOL)
    if kind == "sigma_prime":
        x = round(float(rng.uniform(-4, 4)), 1)
        return Exercise(kind, seed, "", {"x": x}, M.sigmoid_derivative(np.array([x])), PAGE_TOL)
    if kind == "ce_grad":
        z = np.round(rng.uniform(-2, 2, int(rng.integers(3, 5))), 1)
        k = int(rng.integers(z.size))
        return Exercise(kind, seed, "", {"z": z, "k": k}, M.cross_entropy_grad(z, k), PAGE_TOL)
    if kind == "count":
        dims = int(rng.integers(2, 800)), int(rng.integers(10, 300)), int(rng.integers(2, 20))
        given = dict(zip(("Dx", "H", "Dy"), dims, strict=True))
        return Exercise(kind, seed, "", given, np.array([M.param_count(*dims)]), 0.0)
    if kind != "backprop" or quantity not in BACKPROP:
        raise ValueError(f"no exercise {kind!r} / {quantity!r}")
    n, dx, h, dy = 2, 3, 4, 3

    def w(*shape):
        return np.round(rng.normal(0, 1, shape), 1) + 0.0  # + 0.0: no -0 on screen

    given = {
        "x": rng.integers(-2, 3, (n, dx)).astype(np.float64),
        "k": rng.integers(0, dy, n),
        "W1": w(dx, h),
        "b1": w(h),
        "W2": w(h, dy),
        "b2": w(dy),
    }
    params = M.Params(given["W1"], given["b1"], given["W2"], given["b2"])
    _, cache = M.forward(params, given["x"])
    grads = M.backward(params, cache, given["k"])
    return Exercise(kind, seed, quantity, given, np.asarray(grads[quantity]), PAGE_TOL)
