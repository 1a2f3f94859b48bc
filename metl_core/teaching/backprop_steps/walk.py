"""The walk's steps: each line of the forward and backward pass as a view, evaluated and
checked; where a mistake enters and where the checks fail; saturation, the gradients'
sizes and the shapes table."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from metl_core.maths.mlp import backward, forward

from .checks import TensorCheck, check_tensor
from .lines import BACKWARD, FORWARD, MISTAKES, ORDER, READS, SHAPES, WHY, Batch, run_lines


@dataclass(frozen=True)
class View:
    """One step of the walk: a line of the forward or backward pass, evaluated.

    Attributes
    ----------
    name : str
        "z1", …, "CE", then "dz2", …, "dx".
    phase : str
        "forward" or "backward".
    key : str
        The registry entry of its equation (:mod:`metl_core.teaching.notes`).
    reads : tuple of str
        The values the line reads.
    shapes, shapes_numeric : str
        Its shapes as a product, in symbols and for this batch.
    value : ndarray
        The tensor (0-d for CE).
    check : TensorCheck
        The check of this tensor alone.
    wrong : bool
        True where the chosen mistake swapped this very line.
    problem : str
        Why the line could not be evaluated (shapes), else "".
    """

    name: str
    phase: str
    key: str
    reads: tuple[str, ...]
    shapes: str
    shapes_numeric: str
    value: np.ndarray
    check: TensorCheck
    wrong: bool
    problem: str


def registry_key(name: str) -> str:
    return f"bp-{name}"


def shapes_numeric(name: str, n: int, dx: int, h: int, dy: int) -> str:
    """:data:`SHAPES` with this batch's numbers in place of the symbols."""
    text = SHAPES[name]
    for sym, v in (("Dx", dx), ("Dy", dy), ("H", h), ("N", n)):
        text = text.replace(sym, str(v))
    return text


def view(batch: Batch, name: str, mistake: str | None = None, env=None, true=None) -> View:
    """The view of one step (cheaper than :func:`views`: one check)."""
    env, problems = env if env is not None else run_lines(batch, mistake)
    true = true if true is not None else (env if mistake is None else run_lines(batch)[0])
    n, dx, h, dy = batch.dims
    wrong = mistake is not None and MISTAKES[mistake].step == name
    shapes = SHAPES[name]
    if wrong and mistake == "transpose":
        shapes = "(N×Dy)(H×Dy) → defined only when Dy = H"
    numeric = (
        shapes_numeric(name, n, dx, h, dy)
        if not (wrong and mistake == "transpose")
        else (f"({n}×{dy})({h}×{dy}) → " + (f"{n}×{dy}" if dy == h else f"no product: {dy} ≠ {h}"))
    )
    return View(
        name,
        "forward" if name in FORWARD else "backward",
        registry_key(name),
        READS[name],
        shapes,
        numeric,
        env[name],
        check_tensor(name, batch, env[name], true),
        wrong,
        problems.get(name, ""),
    )


def views(batch: Batch, mistake: str | None = None) -> list[View]:
    """Every step in order, each with its own check."""
    run = run_lines(batch, mistake)
    true = run[0] if mistake is None else run_lines(batch)[0]
    return [view(batch, name, mistake, run, true) for name in ORDER]


@dataclass(frozen=True)
class Travel:
    """Where a mistake enters the backward pass and where the checks fail."""

    mistake: str
    enters: str
    first_failure: str | None
    failing: tuple[str, ...]


def travel(batch: Batch, mistake: str) -> Travel:
    """The first step where ``mistake`` enters, and the steps whose check fails."""
    vs = views(batch, mistake)
    failing = tuple(v.name for v in vs if not v.check.ok)
    return Travel(mistake, MISTAKES[mistake].step, failing[0] if failing else None, failing)


def core_grads(batch: Batch) -> dict[str, np.ndarray]:
    """:func:`metl_core.backward`'s gradients for this batch, by view name."""
    _, cache = forward(batch.params, batch.X)
    g = backward(batch.params, cache, batch.labels)
    return {name: np.asarray(getattr(g, name)) for name in BACKWARD}


def clamp_index(index, shape: tuple[int, ...]) -> tuple[tuple[int, ...], bool]:
    """``index`` moved inside ``shape`` (each coordinate clamped): (index, changed)."""
    index = tuple(int(i) for i in index)[: len(shape)]
    index = index + (0,) * (len(shape) - len(index))
    clamped = tuple(min(max(i, 0), s - 1) for i, s in zip(index, shape, strict=True))
    return clamped, clamped != index


# --- Saturation, δ sizes, batches ------------------------------------------------------------


@dataclass(frozen=True)
class Saturation:
    """How saturated the hidden units are, and the size of each gradient.

    ``saturated`` is the fraction of entries of h outside [0.05, 0.95], where
    σ′ = h(1 − h) < 0.0475, a fifth of its largest value 1/4.
    """

    saturated: float
    mean_sigma_prime: float
    sizes: dict[str, float]


SATURATED = 0.05


def saturation(batch: Batch) -> Saturation:
    """Saturation of h and the root-mean-square size of every backward tensor."""
    env, _ = run_lines(batch)
    h = env["h"]
    sat = float(np.mean((h < SATURATED) | (h > 1 - SATURATED)))
    sizes = {name: float(np.sqrt(np.mean(env[name] ** 2))) for name in BACKWARD}
    return Saturation(sat, float(np.mean(h * (1 - h))), sizes)


def scaled(batch: Batch, scale: float) -> Batch:
    """The same batch with W1 multiplied by ``scale``."""
    p = batch.params
    return Batch(type(p)(p.W1 * float(scale), p.b1, p.W2, p.b2), batch.X, batch.labels)


def scale_sweep(batch: Batch, scales) -> dict[str, np.ndarray]:
    """Saturation and the RMS of dW1 and dW2 for W1 scaled by each of ``scales``."""
    rows = [saturation(scaled(batch, s)) for s in scales]
    return {
        "scale": np.asarray(scales, dtype=float),
        "saturated": np.array([r.saturated for r in rows]),
        "dW1": np.array([r.sizes["dW1"] for r in rows]),
        "dW2": np.array([r.sizes["dW2"] for r in rows]),
    }


def shapes_table(n: int, dx: int, h: int, dy: int) -> list[dict[str, str]]:
    """Per gradient: its equation, the shapes as a product, and why the ᵀ or ⊙."""
    eq = {
        "dz2": "ŷ − y",
        "dW2": "hᵀ dz2",
        "db2": "Σₙ dz2ₙ",
        "dh": "dz2 W2ᵀ",
        "dz1": "dh ⊙ σ′(z1)",
        "dW1": "Xᵀ dz1",
        "db1": "Σₙ dz1ₙ",
        "dx": "dz1 W1ᵀ",
    }
    return [
        {
            "gradient": name,
            "equation": eq[name],
            "shapes": SHAPES[name],
            "here": shapes_numeric(name, n, dx, h, dy),
            "why": WHY[name],
        }
        for name in BACKWARD
    ]
