"""What an entry of the notes is: the formula, its check, and what the check returns.

A :class:`Check` compares the two sides of an equality at concrete :class:`Inputs`;
:func:`compare`, :func:`all_equal` and :func:`gradient_check` make one. An :class:`Entry`
holds one formula on screen, the topics that show it (:data:`TOPICS`), its check, and,
where the notes wrote something else, that version with its own check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from metl_core.maths.gradcheck import gradcheck
from metl_core.maths.mlp import Params, init_params

# --- Checks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One side of an equality against the other, at concrete inputs.

    Attributes
    ----------
    lhs, rhs : ndarray
        The two sides, evaluated.
    error : float
        The largest absolute difference, or for gradient checks the largest
        |num − ana| / max(1, |num|, |ana|); inf where a side is NaN or the shapes differ.
    tol : float
        The largest error that still counts as equal.
    """

    lhs: np.ndarray
    rhs: np.ndarray
    error: float
    tol: float

    @property
    def ok(self) -> bool:
        return bool(self.error <= self.tol)


def compare(lhs, rhs, tol: float) -> Check:
    """``lhs`` against ``rhs``: the largest absolute difference (inf for another shape)."""
    lhs, rhs = np.asarray(lhs, dtype=float), np.asarray(rhs, dtype=float)
    if lhs.shape != rhs.shape:
        return Check(lhs, rhs, float("inf"), tol)
    with np.errstate(invalid="ignore", over="ignore"):
        diff = np.abs(lhs - rhs)
    err = float(np.max(diff)) if diff.size else 0.0
    return Check(lhs, rhs, err if np.isfinite(err) else float("inf"), tol)


def all_equal(members: Iterable, tol: float) -> Check:
    """Every member of a chain of equalities against the first: the largest difference."""
    members = [np.asarray(m, dtype=float) for m in members]
    worst = max((compare(m, members[0], tol) for m in members[1:]), key=lambda c: c.error)
    return Check(members[0], worst.lhs, worst.error, tol)


def gradient_check(f, at, grad, tol: float = 1e-5) -> Check:
    """``grad`` against centred differences of the scalar ``f`` at ``at`` (h = 1e-4)."""
    r = gradcheck(lambda v: (f(v), np.asarray(grad, dtype=float)), at, tol=tol)
    return Check(r.analytic, r.numeric, r.max_rel_error, tol)


def worst(checks: dict[str, Check]) -> Check:
    """Checks by name sharing one tolerance: the one with the largest error."""
    return max(checks.values(), key=lambda c: c.error)


def worst_of(*checks: Check) -> Check:
    """Several checks sharing one tolerance: the one with the largest error."""
    return max(checks, key=lambda c: c.error)


# --- Inputs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """What the checks are evaluated at: the step-by-step page's controls.

    Attributes
    ----------
    x : tuple of float
        Logits (steps 1, 2 and 4), at least two, each within ±700.
    c : float
        The constant added in step 2.
    k : int
        The true class in step 4, below len(x).
    seed : int
        Seeds the non-constant shift of step 2 and the network of step 5.
    dims : (Dx, H, Dy)
        The network of steps 5 and 6.
    """

    x: tuple[float, ...] = (1.0, 2.0, -0.5)
    c: float = 3.0
    k: int = 0
    seed: int = 0
    dims: tuple[int, int, int] = (4, 3, 3)

    @property
    def xv(self) -> np.ndarray:
        return np.asarray(self.x, dtype=float)

    @cached_property
    def u(self) -> np.ndarray:
        """A seeded non-constant vector of the size of x, entries in [−3, 3]."""
        u = np.random.default_rng(self.seed).uniform(-3.0, 3.0, size=len(self.x))
        u[0] = -3.5  # entries differ whatever the draw, so softmax(x + u) != softmax(x)
        u[-1] = 3.5
        return u

    @property
    def grid(self) -> np.ndarray:
        """Points where σ is checked: [−8, 8] in steps of 1/2."""
        return np.linspace(-8.0, 8.0, 33)

    @cached_property
    def network(self) -> tuple[Params, np.ndarray, int]:
        """Seeded weights, a seeded input row and a true class for the Dx-H-Dy network."""
        Dx, H, Dy = self.dims
        params = init_params(Dx, H, Dy, seed=self.seed)
        x = np.round(np.random.default_rng(self.seed + 1).normal(0.0, 2.0, size=Dx), 2)
        return params, x, int(self.seed % Dy)


# --- Entries ---------------------------------------------------------------------------------

NOTES = "notes"  # the notes wrote the wrong version
VARIANT = "variant"  # a deliberately wrong variant: the notes never wrote it
UNCLEAR = "unclear"  # the notes are not wrong here, only unclear or loose

# The topics a formula is shown under, named by metl_core: the app maps each to its page
# (pages/ui/registry.py), so that metl_core knows no file of the app.
TOPICS: dict[str, str] = {
    "softmax": "softmax: invariance, naive against stable, temperature, its Jacobian",
    "sigmoid": "the sigmoid, its derivative σ(1 − σ), finite differences, vanishing gradients",
    "cross_entropy": "the gradient ŷ − y of cross-entropy, stable CE, how a gradient check works",
    "backprop": "backprop through the notes' network, one line at a time, for a batch",
    "parameter_count": "the parameter count (Dx + 1)H + (H + 1)Dy",
    "step_by_step": "the notes' six steps in their order, each equality checked",
    "exercises": "the statements and answers of the seeded exercises",
}


@dataclass(frozen=True, kw_only=True)
class Entry:
    """One formula shown on screen, and what is known about it.

    Attributes
    ----------
    key : str
        How pages and tests name it.
    step : int
        The step of the notes it belongs to (1 to 6), or 0 beyond the notes.
    topics : tuple of str
        The topics (:data:`TOPICS`) under which it is shown.
    label : str
        What the check states, in words and symbols.
    latex : str
        The correct formula. ``«name»`` marks a number a page fills in (:meth:`render`).
    check : callable
        ``check(inputs) -> Check`` evaluates ``latex`` at :class:`Inputs` and passes.
    wrong_latex : str
        The notes' formula (``source == NOTES``), a deliberately wrong variant
        (``VARIANT``), or the notes' loose wording (``UNCLEAR``); empty when there is none.
    wrong_check : callable or None
        ``wrong_check(inputs) -> Check`` evaluates ``wrong_latex`` and fails at the default
        inputs; None where the wrong text cannot be evaluated (``reason`` says why).
    source : str
        NOTES, VARIANT, UNCLEAR, or "" when the entry has no wrong version.
    reason : str
        Why the wrong version is wrong, in one or two sentences.
    wrong_label : str
        What the wrong check states.
    values : tuple of str
        The names of the numbers a page fills in, each marked ``«name»`` in ``latex``.
    """

    key: str
    step: int
    topics: tuple[str, ...]
    label: str
    latex: str
    check: Callable[[Inputs], Check]
    wrong_latex: str = ""
    wrong_check: Callable[[Inputs], Check] | None = None
    source: str = ""
    reason: str = ""
    wrong_label: str = ""
    values: tuple[str, ...] = field(default=())

    def render(self, **values) -> str:
        """The correct LaTeX with each ``«name»`` replaced by ``values[name]``."""
        if set(values) != set(self.values):
            raise ValueError(f"{self.key} takes the values {self.values}, got {tuple(values)}")
        text = self.latex
        for name, v in values.items():
            text = text.replace(f"«{name}»", str(v))
        return text
