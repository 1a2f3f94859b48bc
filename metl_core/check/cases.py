"""What the worker checks each of the assignment's five functions on: the cases, and how
the answers are judged (the assignment's sanity values first, then harder inputs)."""

from __future__ import annotations

import contextlib
import io

import numpy as np

import metl_core as M
from metl_core.mistakes import diagnose as D

from .calls import Failed, Run

# The assignment's functions, in the order a report lists them (each checked by CHECKS).
NAMES = ("softmax", "sigmoid", "sigmoid_grad", "gradcheck_naive", "forward_backward_prop")
MOVED_X_TOL = 1e-10  # x after a gradient check: |Δ| ≤ 1e-10 · max(1, |x|) is rounding


def _rng() -> np.random.Generator:
    return np.random.default_rng(224)


# Each case: (what the report calls it, the input, beyond what the assignment asks?).
def _softmax_cases():
    rng = _rng()
    return [
        ("the sanity value softmax([1, 2])", np.array([1.0, 2.0]), False),
        ("the vector [1001, 1002]", np.array([1001.0, 1002.0]), False),
        ("the vector [-1001, -1002]", np.array([-1001.0, -1002.0]), False),
        (
            "the sanity value softmax([[1001, 1002], [3, 4]])",
            np.array([[1001.0, 1002], [3, 4]]),
            False,
        ),
        ("the sanity value softmax([[-1001, -1002]])", np.array([[-1001.0, -1002]]), False),
        ("a random vector of 7", rng.normal(0, 3, 7), False),
        ("a random 5×8 matrix", rng.normal(0, 3, (5, 8)), False),
        ("a 4×6 matrix of entries within ±1000", rng.uniform(-1000, 1000, (4, 6)), False),
        ("a 2000×500 matrix", rng.normal(0, 10, (2000, 500)), False),
    ]


def _sigmoid_cases():
    rng = _rng()
    return [
        ("the sanity value sigmoid([[1, 2], [-1, -2]])", np.array([[1.0, 2], [-1, -2]]), False),
        ("a random vector of 6", rng.normal(0, 3, 6), False),
        ("a random 4×5 matrix", rng.normal(0, 3, (4, 5)), False),
        ("the inputs ±50, ±10 and 0", np.array([-50.0, -10, 0, 10, 50]), False),
        ("a 1000×1000 matrix", rng.normal(0, 5, (1000, 1000)), False),
        # The assignment never asks for σ(±1000): a NaN there is a warning (docs/checker.md).
        ("the inputs ±1000", np.array([-1000.0, 1000.0]), True),
    ]


def _check_elementwise(run: Run, fn, cases, diagnose):
    for call, x, extra in cases:
        got = run.call(fn, (x.copy(),), call)
        run.judge(diagnose(x, got), call, extra)
    return len(cases)


def _check_softmax(run, fn):
    return _check_elementwise(run, fn, _softmax_cases(), D.diagnose_softmax)


def _check_sigmoid(run, fn):
    return _check_elementwise(run, fn, _sigmoid_cases(), D.diagnose_sigmoid)


def _check_sigmoid_grad(run, fn):
    cases = [
        ("the sanity value sigmoid_grad(sigmoid([[1, 2], [-1, -2]]))", [[1.0, 2], [-1, -2]]),
        ("s = σ of a random 4×5 matrix", _rng().normal(0, 3, (4, 5))),
        ("s = σ(±1000), σ(±50) and σ(0)", [-1000.0, -50, 0, 50, 1000]),
        ("s = σ of a 1000×1000 matrix", _rng().normal(0, 5, (1000, 1000))),
    ]
    cases = [(call, M.sigmoid(np.asarray(x, dtype=np.float64)), False) for call, x in cases]
    return _check_elementwise(run, fn, cases, D.diagnose_sigmoid_grad)


def _verdict(printed: str, returned):
    """What a gradcheck said: True (passed), False (failed) or None (nothing clear)."""
    low = printed.lower()
    if "fail" in low:
        return False
    if "pass" in low:
        return True
    if isinstance(returned, (bool, np.bool_)):
        return bool(returned)
    return None


class _Capped(io.StringIO):
    """What a gradcheck prints, its first 10,000 characters only."""

    def write(self, s: str) -> int:
        room = 10_000 - self.tell()
        if room > 0:
            super().write(s[:room])
        return len(s)


def _moved(before: np.ndarray, after: np.ndarray) -> str | None:
    """How x changed beyond rounding ("x[0, 2] is off by 1e-04, ..."), or None."""
    if after.shape != before.shape:
        return f"its shape is {after.shape}, not {before.shape}"
    with np.errstate(all="ignore"):
        off = np.abs(after - before) / np.maximum(1.0, np.abs(before))
    off = np.where(np.isnan(off), np.inf, off)
    if not off.size or off.max() <= MOVED_X_TOL:
        return None
    ix = tuple(int(i) for i in np.unravel_index(int(np.argmax(off)), off.shape))
    where = "x" if not ix else "x[" + ", ".join(map(str, ix)) + "]"
    by = float(after[ix] - before[ix])
    return (
        f"{where} is off by {by:.3g} ({before[ix]:.15g} became {after[ix]:.15g}), more than "
        f"rounding (|Δ| ≤ {MOVED_X_TOL:g} · max(1, |x|))"
    )


def _run_gradcheck(run: Run, fn, f, x, call):
    buf = _Capped()
    x_in = np.array(x, dtype=np.float64)
    with contextlib.redirect_stdout(buf):
        returned = run.call(fn, (f, x_in), call)
    printed = buf.getvalue().strip()
    change = _moved(np.asarray(x, np.float64), np.asarray(x_in))
    if change is not None:
        raise Failed(D.Diagnosis("gradcheck_changes_x", {"call": call, "change": change}))
    short = " / ".join(line.strip() for line in printed.splitlines()[:3])[:200] or "nothing"
    return _verdict(printed, returned), short


def _check_gradcheck(run: Run, fn):
    rng = _rng()
    a = rng.normal(size=(3, 3))

    def quad(x):
        return np.sum(x**2), 2 * x

    def linear(x):
        return np.sum(3 * x), 3 * np.ones_like(x)

    def square_of_sum(x):  # not separable: ∂/∂xᵢ depends on every entry
        return np.sum(x) ** 2, 2 * np.sum(x) * np.ones_like(x)

    def quadratic_form(x):  # xᵀAx for a 3-vector: ∇ = (A + Aᵀ) x
        return float(x @ a @ x), (a + a.T) @ x

    def scaled(x):
        return np.sum(x**2), 2.01 * x

    def last_wrong(x):
        g = 2 * x
        g.flat[-1] += 1e-3
        return np.sum(x**2), g

    right = [
        ("Σx² at 123.456", quad, np.array(123.456)),
        ("Σx² at a random 3-vector", quad, rng.normal(size=3)),
        ("Σx² at a random 4×5 matrix", quad, rng.normal(size=(4, 5))),
    ]
    mixed = [
        ("(Σx)² at a random 4×5 matrix", square_of_sum, rng.normal(size=(4, 5))),
        ("xᵀAx at a random 3-vector", quadratic_form, rng.normal(size=3)),
    ]
    wrong = [
        ("gradient 2.01x for Σx² at a random 4×5 matrix", scaled, rng.normal(size=(4, 5))),
        (
            "gradient 2x for Σx², wrong by 0.001 in the last entry only",
            last_wrong,
            rng.normal(size=(3, 4)),
        ),
    ]
    for call, f, x in right + mixed:
        said, printed = _run_gradcheck(run, fn, f, x, call)
        if said is None:
            raise Failed(D.Diagnosis("gradcheck_silent", {"call": call, "printed": printed}))
        if not said:
            if f in (square_of_sum, quadratic_form):
                code = "gradcheck_separable_only"
            else:
                lin, _ = _run_gradcheck(run, fn, linear, x, "3 Σx")
                code = "gradcheck_one_sided" if lin else "gradcheck_rejects_right"
            raise Failed(D.Diagnosis(code, {"call": call, "printed": printed}))
    for call, f, x in wrong:
        try:
            said, printed = _run_gradcheck(run, fn, f, x, call)
        except Failed as failed:
            d = failed.diagnosis
            if d.code != "raised":
                raise
            raise Failed(D.Diagnosis("gradcheck_raises_on_failure", d.evidence)) from None
        if said is None:
            raise Failed(D.Diagnosis("gradcheck_silent", {"call": call, "printed": printed}))
        if said:
            raise Failed(D.Diagnosis("gradcheck_accepts_wrong", {"call": call, "printed": printed}))
    return len(right) + len(mixed) + len(wrong)


def _network_case(n: int, dims, scale: float = 1.0, seed: int = 0):
    rng = np.random.default_rng(seed)
    dx, h, dy = dims
    data = rng.normal(size=(n, dx)) * scale
    labels = np.zeros((n, dy))
    labels[np.arange(n), rng.integers(0, dy, n)] = 1
    params = rng.normal(size=M.param_count(dx, h, dy))
    return data, labels, params


def _check_network(run: Run, fn):
    cases = [
        ("the sanity check, N = 20, dimensions [10, 5, 10]", 20, [10, 5, 10], 1.0, False),
        ("N = 7, dimensions [3, 4, 2]", 7, [3, 4, 2], 1.0, False),
        ("N = 1, dimensions [4, 4, 3]", 1, [4, 4, 3], 1.0, False),
        ("a large batch, N = 2000, dimensions [50, 30, 10]", 2000, [50, 30, 10], 1.0, False),
        # Inputs the assignment never gives: a NaN here (an eˣ / (1 + eˣ) sigmoid) warns.
        ("inputs within ±1000, N = 6, dimensions [5, 3, 4]", 6, [5, 3, 4], 1000.0 / 3, True),
    ]
    for i, (call, n, dims, scale, extra) in enumerate(cases):
        data, labels, params = _network_case(n, dims, scale, seed=i)
        args = (data.copy(), labels.copy(), params.copy(), list(dims))
        out = run.call(fn, args, call)
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            raise Failed(D.Diagnosis("not_pair", {"type": type(out).__name__, "call": call}))
        cost_d, grad_d = D.diagnose_forward_backward(data, labels, params, dims, *out)
        run.judge(D.combine_network(cost_d, grad_d), call, extra)
    return len(cases)


CHECKS = {
    "softmax": _check_softmax,
    "sigmoid": _check_sigmoid,
    "sigmoid_grad": _check_sigmoid_grad,
    "gradcheck_naive": _check_gradcheck,
    "forward_backward_prop": _check_network,
}
# The functions another one may call: a hint names them only when they really were called.
CALLEES = ("softmax", "sigmoid", "sigmoid_grad")
