"""Check a student's CS224n assignment 1 code against metl_core, and name the mistakes.

    python -m metl_core.check PATH...              # a terminal report, one line per function
    python -m metl_core.check --json PATH...       # the same as JSON
    python -m metl_core.check --class FOLDER       # every student's sub-folder, one CSV

PATH is a folder (the assignment's q1_softmax.py, q2_sigmoid.py, q2_gradcheck.py and
q2_neural.py in it) or .py files. The files are copied to a temporary folder, Python 2
converted to Python 3 mechanically (:mod:`metl_core._check_files`); each file is then
imported, and each function checked, in a Python process of its own, in a sandbox
(:mod:`metl_core._check_sandbox`) with a time and a memory limit, so that a crash, a hang
or a traceback in the student's code becomes one line of the report.

Verdicts: pass, warn (passes what the assignment asks, with a note), fail, unchecked (its
file could not be imported) and missing. The exit code is 0 if and only if every function
expected passes (a warning passes) and every file could be read; 1 otherwise; 2 for a
wrong command line; 3 if the checker itself failed. The rules are in docs/checker.md.

The words of every diagnosis are in :data:`MESSAGES`, shared with the exercises page.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import importlib
import io
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np

from metl_core import maths as M

from . import diagnose as D
from . import files as F
from . import loader as I
from . import sandbox as S

NAMES = ("softmax", "sigmoid", "sigmoid_grad", "gradcheck_naive", "forward_backward_prop")
TIME_LIMIT = 10.0  # seconds per call of the student's function
MEMORY_LIMIT = S.MEMORY_LIMIT_MB
MOVED_X_TOL = 1e-10  # x after a gradient check: |Δ| ≤ 1e-10 · max(1, |x|) is rounding
VERDICTS = ("pass", "warn", "fail", "unchecked", "missing")
# The folder that holds metl_core: the workers import the checker from there.
CHECKER_ROOT = Path(__file__).resolve().parents[2]

# --- the words: one table for the checker and the exercises page ------------------------------

MESSAGES = {
    "ok": "right",
    "not_numbers": "returned {type}, not an array of numbers",
    "shape": "returned shape {got}, expected {expected}",
    "entry": "first wrong entry at {index}: expected {expected}, got {got}",
    "not_finite": "gives {got} at {index} (expected {expected})",
    # softmax
    "no_max_shift": (
        "softmax without the max shift: exp overflows for large logits (inf / inf = NaN) "
        "and underflows for very negative ones (0 / 0 = NaN). Subtract each row's max "
        "before exp"
    ),
    "global_max_shift": (
        "subtracts the max of the whole matrix, not each row's: a row far below that max "
        "underflows to 0 / 0"
    ),
    "columns": "normalises the columns instead of the rows: each row should sum to 1",
    "whole_sum": "divides by the sum of the whole matrix instead of each row's sum",
    "sum_x_denominator": ("divides by Σⱼ xⱼ, the notes' typo, instead of Σⱼ exp(xⱼ)"),
    # sigmoid and its derivative
    "tanh": "computes tanh(x), whose range is (−1, 1), instead of σ(x) = 1 / (1 + exp(−x))",
    "sigmoid_sign": "computes 1 / (1 + exp(x)) = σ(−x): the minus sign in exp(−x) is missing",
    "exp_overflow": (
        "computes σ as eˣ / (1 + eˣ), which gives inf / inf = NaN once eˣ overflows "
        "(x > 709); 1 / (1 + e⁻ˣ) gives the same values and no NaN"
    ),
    "x_for_s": (
        "sigmoid_grad takes its argument for x and applies σ again; it is given s = σ(x), "
        "so it should return s (1 − s)"
    ),
    "sigma_squared": "uses σ² (the notes' θ²) in place of σ′ = σ (1 − σ)",
    "tanh_derivative": "uses 1 − σ² (the form of tanh′ = 1 − tanh²) instead of σ (1 − σ)",
    "sigma_only": "gives σ(x) itself, not its derivative σ(x) (1 − σ(x))",
    "x_times_one_minus_x": "computes x (1 − x): the formula s (1 − s) takes s = σ(x), not x",
    # cross-entropy and backprop
    "sign_flip": "has the sign flipped: ∂CE/∂z is ŷ − y, not y − ŷ",
    "forgot_y": "gives ŷ: subtract the one-hot y to get ŷ − y",
    "minus_log": "gives −y log ŷ, the loss itself, not its gradient ŷ − y",
    "no_sigma_prime": "forgets σ′ in dz1: dz1 = dh ⊙ σ′(z1) = dh ⊙ h (1 − h), not dh",
    "mean": (
        "divides by the batch size N = {n}: the assignment's cost and gradient are sums "
        "over the batch, not means"
    ),
    "transposed": "has {parts} transposed: dW = (layer input)ᵀ dz has the shape of W",
    "missing_bias": "is missing the bias gradient {parts} (Σ over the batch of dz)",
    "bias_not_summed": "{part} is not summed over the batch: it is one row per sample",
    "cost_wrong": "the cost is {got}, expected {expected} (the CE summed over the batch)",
    "cost_not_scalar": "the cost has shape {got}; it should be one number",
    "not_pair": "returned {type}, not a pair (cost, gradient)",
    # gradcheck_naive
    "gradcheck_rejects_right": (
        "says the check failed for a right gradient ({call}); it printed: {printed}"
    ),
    "gradcheck_one_sided": (
        "says a right gradient failed for a quadratic but passes a linear function: "
        "a one-sided difference (f(x + h) − f(x)) / h? Use (f(x + h) − f(x − h)) / 2h"
    ),
    "gradcheck_separable_only": (
        "says a right gradient failed for (Σx)², whose entries depend on each other, though "
        "it passes Σx²: does it call f on x[ix] ± h alone? Move x[ix] inside x and call "
        "f(x) ({call}); it printed: {printed}"
    ),
    "gradcheck_accepts_wrong": (
        "says the check passed for a wrong gradient ({call}); it printed: {printed}"
    ),
    "gradcheck_silent": ("printed neither 'passed' nor 'failed' ({call}); it printed: {printed}"),
    "gradcheck_raises_on_failure": (
        "raised {error} {where} on a wrong gradient ({call}), where it should print that "
        "the check failed"
    ),
    "gradcheck_changes_x": (
        "leaves x changed after the check: {change}. Restore each x[ix] after moving it"
    ),
    "count_no_bias": "counts only the weights Dx·H + H·Dy: each layer also has a bias",
    "count_one_bias": "counts only one of the two bias vectors: b1 has H entries, b2 has Dy",
    "count_product": "multiplies Dx·H·Dy: the layers' parameters add up, (Dx + 1)H + (H + 1)Dy",
    "entry_hidden": "first wrong entry at {index}: you have {got}",
    # bad files and calls
    "raised": "raised {error} {where}",
    "uses_broken": (
        "calls {name} from {file}, which could not be imported ({error} {where}): "
        "fix that file first"
    ),
    "too_slow": "took more than {limit} s on one call and was stopped",
    "too_much_memory": "ran out of memory (the limit is {limit} MB) {where}",
    "import_error": "could not be imported: {error} {where}",
    "import_partial": (
        "raised {error} while it was imported {where}: importing it fails; the functions "
        "it defined before that were checked"
    ),
    "import_too_slow": "took more than {limit} s to import and was stopped",
    "fissix_missing": (
        "is Python 2, and converting it needs fissix: pip install -r requirements.txt"
    ),
    "crashed": "stopped Python itself (exit code {rc})",
    "internal": "could not be checked: {error}",
    "not_found": "no such file or folder",
    "not_python": "is not a .py file",
    "no_file": "not checked: there is no {file} in {folder}",
    "not_defined": "not checked: {file} does not define it",
    "unchecked": "not checked: {file} {reason}",
    "nothing_found": (
        "none of softmax, sigmoid, sigmoid_grad, gradcheck_naive or forward_backward_prop was found"
    ),
    # notes
    "python2": (
        "{files} {verb} Python 2: checked after a mechanical conversion to Python 3 (fissix); "
        "your files are unchanged"
    ),
    "py2_division": (
        "Python 2's / rounds a division of two integers down: in {file}, line {line}, "
        "{a} / {b} gave {py2}, where Python 3 gives {py3}. It was checked with Python 2's "
        "meaning, as you wrote it; under Python 3, write // if you mean it"
    ),
    "numpy_removed": (
        "{file} uses {names}, which today's NumPy no longer has: checked with the meaning "
        "they had ({now})"
    ),
    "no_sandbox": (
        "No sandbox ({reason}): the code ran in a temporary copy with the time and memory "
        "limits, but with your own rights and network. Check only code you trust "
        "(docs/checker.md)"
    ),
    "class_needs_sandbox": (
        "--class runs other people's code, and the sandbox is not available here ({reason}). "
        "Install bubblewrap (Debian and Ubuntu: apt-get install bubblewrap), or pass "
        "--no-sandbox to run it with your own rights"
    ),
    "checker_failed": "The checker itself failed ({error}). Please report it",
}
_NAMED_ELSEWHERE = ("entry", "not_finite", "cost_wrong", "raised", "shape")

# A few words for each mistake an exercise can name, as a class poll's chart labels its bar
# ("11 forgot to subtract y"): what students did, without the numbers of any one answer.
MISTAKE_NAMES = {
    "entry": "wrong, no classic mistake found",
    "no_max_shift": "no max shift before exp",
    "global_max_shift": "shifted by the whole matrix's max",
    "columns": "normalised the columns",
    "whole_sum": "divided by the whole matrix's sum",
    "sum_x_denominator": "divided by Σ xⱼ, not Σ exp(xⱼ)",
    "tanh": "computed tanh(x)",
    "sigmoid_sign": "dropped the minus in exp(−x)",
    "x_for_s": "applied σ twice: σ′(σ(x))",
    "sigma_squared": "used σ² for σ′",
    "tanh_derivative": "used 1 − σ², tanh's derivative",
    "sigma_only": "gave σ(x), not σ′(x)",
    "x_times_one_minus_x": "used x (1 − x), not σ(x)(1 − σ(x))",
    "sign_flip": "flipped the sign: y − ŷ",
    "forgot_y": "forgot to subtract y",
    "minus_log": "gave the loss −y log ŷ",
    "no_sigma_prime": "forgot σ′ in dz1",
    "mean": "divided by the batch size",
    "transposed": "transposed dW",
    "missing_bias": "left out the bias gradient",
    "bias_not_summed": "did not sum the bias over the batch",
    "count_no_bias": "forgot the biases",
    "count_one_bias": "counted one bias vector only",
    "count_product": "multiplied Dx·H·Dy",
}


def _show(value) -> str:
    """Evidence as a student reads it: 8 significant digits, indices as [i, j]."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return f"{value:.8g}"
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return " and ".join(value)
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


class _Shown(dict):
    def __missing__(self, key: str) -> str:
        return "?"  # evidence left out (or hidden): never a KeyError, never a brace


def _mean_rest(evidence: dict, reveal: bool) -> str:
    """What follows "divides by the batch size": is the rest right, or what else is wrong."""
    only, then = evidence.get("only"), evidence.get("then")
    out = []
    if only == "cost":
        out.append("Only the cost is divided, so the gradient is not the gradient of the cost")
    elif only == "gradient":
        out.append("Only the gradient is divided, so it is not the gradient of the cost")
    if then == "ok":
        rest = "Multiplied back by N, the rest is right"
        if evidence.get("consistent"):
            rest += ": cost and gradient agree, so the assignment's own gradient check passes"
        out.append(rest)
    elif then == "mean":
        out.append("Multiplied back by N, it is still divided by N: it divides twice")
    elif then:
        second = describe(then, evidence.get("then_evidence") or {}, reveal)
        if then in _NAMED_ELSEWHERE:
            out.append(f"The gradient is also wrong: {second}")
        elif only == "cost":
            out.append(f"The gradient also {second}")
        else:
            out.append(f"Multiplied back by N, it also {second}")
    return "".join(f". {s}" for s in out)


def describe(code: str, evidence: dict | None = None, reveal: bool = True) -> str:
    """The sentence for a diagnosis ``code`` with its ``evidence`` filled in.

    ``reveal=False`` leaves out the expected values, for an exercise whose answer the
    student has not asked to see.
    """
    evidence = dict(evidence or {})
    if not reveal:
        evidence.pop("expected", None)
        code = "entry_hidden" if code == "entry" else code
    shown = _Shown({k: _show(v) for k, v in evidence.items() if not isinstance(v, dict)})
    text = MESSAGES.get(code, code).format_map(shown)
    text = " ".join(text.split())  # an empty {where} leaves no double space
    if code == "entry" and "part" in evidence:
        text = text.replace("entry at ", f"entry in {evidence['part']} at ", 1)
    if code == "mean":
        text += _mean_rest(evidence, reveal)
    extra = []
    if "x" in evidence:
        extra.append(f"at the input {_show(evidence['x'])}")
    if code not in ("entry", "not_finite") and {"index", "expected", "got"} <= set(evidence):
        part = evidence.get("part", "")
        extra.append(
            f"first wrong entry {part}{_show(evidence['index'])}: "
            f"expected {_show(evidence['expected'])}, got {_show(evidence['got'])}"
        )
    return text + (" (" + "; ".join(extra) + ")" if extra else "")


# --- the worker: runs in its own process (in the sandbox), imports the student's file ---------


def _alarm(signum, frame):
    raise I.TooSlow


def _timed(fn, args, limit: float):
    """``fn(*args)`` stopped after ``limit`` seconds where the platform has an alarm clock;
    elsewhere the parent's process timeout stops it."""
    armed = hasattr(signal, "setitimer")
    if armed:
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        return fn(*args)
    finally:
        if armed:
            signal.setitimer(signal.ITIMER_REAL, 0)


class _Failed(Exception):
    """A check found a problem: carries the diagnosis."""

    def __init__(self, diagnosis: D.Diagnosis):
        super().__init__(diagnosis.code)
        self.diagnosis = diagnosis


class _Run:
    """One worker's context: where the student's files are, and the limits."""

    def __init__(self, state: I.State, limit: float, memory: int):
        self.state, self.limit, self.memory = state, limit, memory
        self.warnings: list[D.Diagnosis] = []
        self.called: list[dict] = []  # which of the student's CALLEES the function called

    def call(self, fn, args, call: str):
        try:
            return _timed(fn, args, self.limit)
        except I.TooSlow:
            raise _Failed(D.Diagnosis("too_slow", {"limit": self.limit, "call": call})) from None
        except I.FromBroken as err:
            raise _Failed(D.Diagnosis("uses_broken", err.evidence | {"call": call})) from None
        except MemoryError as err:
            ev = {"limit": self.memory, "where": self.state.where(err), "call": call}
            raise _Failed(D.Diagnosis("too_much_memory", ev)) from None
        except Exception as err:  # the student's code raised: report it, never a traceback
            ev = {"error": I.error_text(err), "where": self.state.where(err), "call": call}
            raise _Failed(D.Diagnosis("raised", ev)) from None

    def judge(self, d: D.Diagnosis, call: str, extra: bool = False) -> None:
        """A finding on one case: fail, or (on a case beyond the assignment's) a warning."""
        if d.ok:
            return
        found = D.Diagnosis(d.code, d.evidence | {"call": call})
        if extra or (d.code == "mean" and d.evidence.get("consistent")):
            self.warnings.append(found)
            return
        raise _Failed(found)


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


def _check_elementwise(run: _Run, fn, cases, diagnose):
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


def _run_gradcheck(run: _Run, fn, f, x, call):
    buf = _Capped()
    x_in = np.array(x, dtype=np.float64)
    with contextlib.redirect_stdout(buf):
        returned = run.call(fn, (f, x_in), call)
    printed = buf.getvalue().strip()
    change = _moved(np.asarray(x, np.float64), np.asarray(x_in))
    if change is not None:
        raise _Failed(D.Diagnosis("gradcheck_changes_x", {"call": call, "change": change}))
    short = " / ".join(line.strip() for line in printed.splitlines()[:3])[:200] or "nothing"
    return _verdict(printed, returned), short


def _check_gradcheck(run: _Run, fn):
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
            raise _Failed(D.Diagnosis("gradcheck_silent", {"call": call, "printed": printed}))
        if not said:
            if f in (square_of_sum, quadratic_form):
                code = "gradcheck_separable_only"
            else:
                lin, _ = _run_gradcheck(run, fn, linear, x, "3 Σx")
                code = "gradcheck_one_sided" if lin else "gradcheck_rejects_right"
            raise _Failed(D.Diagnosis(code, {"call": call, "printed": printed}))
    for call, f, x in wrong:
        try:
            said, printed = _run_gradcheck(run, fn, f, x, call)
        except _Failed as failed:
            d = failed.diagnosis
            if d.code != "raised":
                raise
            raise _Failed(D.Diagnosis("gradcheck_raises_on_failure", d.evidence)) from None
        if said is None:
            raise _Failed(D.Diagnosis("gradcheck_silent", {"call": call, "printed": printed}))
        if said:
            raise _Failed(
                D.Diagnosis("gradcheck_accepts_wrong", {"call": call, "printed": printed})
            )
    return len(right) + len(mixed) + len(wrong)


def _network_case(n: int, dims, scale: float = 1.0, seed: int = 0):
    rng = np.random.default_rng(seed)
    dx, h, dy = dims
    data = rng.normal(size=(n, dx)) * scale
    labels = np.zeros((n, dy))
    labels[np.arange(n), rng.integers(0, dy, n)] = 1
    params = rng.normal(size=M.param_count(dx, h, dy))
    return data, labels, params


def _check_network(run: _Run, fn):
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
            raise _Failed(D.Diagnosis("not_pair", {"type": type(out).__name__, "call": call}))
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


def _watch(state: I.State) -> dict:
    """The code objects of the student's softmax, sigmoid and sigmoid_grad, to see which
    ones the network calls."""
    watched = {}
    for mod_name, rel in state.files.items():
        module = sys.modules.get(mod_name)
        for name in CALLEES:
            fn = getattr(module, "__dict__", {}).get(name)
            if (
                callable(fn)
                and getattr(fn, "__module__", None) == mod_name
                and hasattr(fn, "__code__")
            ):
                watched[fn.__code__] = {"function": name, "file": rel}
    return watched


def _traced(run: _Run, check, fn):
    """``check(run, fn)``, recording which of the student's CALLEES it called."""
    watched, called = _watch(run.state), run.called

    def profile(frame, event, arg):
        if event == "call" and frame.f_code in watched and watched[frame.f_code] not in called:
            called.append(watched[frame.f_code])

    sys.setprofile(profile)
    try:
        return check(run, fn)
    finally:
        sys.setprofile(None)


def _worker(task: dict) -> dict:
    """Import the student's file and list its functions ("list"), or check one function
    ("check"). Never raises, never prints a traceback."""
    warnings.simplefilter("ignore")
    folder = Path(task["folder"]).resolve()
    state = I.State(folder, task["manifest"])
    limit, memory = float(task["limit"]), int(task["memory"])
    rel = task["file"]
    module_name = Path(rel).stem
    result: dict
    try:
        I.install(state, module_name)
        try:
            module = _timed(importlib.import_module, (module_name,), limit)
        except I.TooSlow:
            return {"error": {"code": "import_too_slow", "evidence": {"limit": limit}}}
        except BaseException as err:  # not the student's module (a name clash): say so
            ev = {"error": I.error_text(err), "where": state.where(err)}
            return {"error": {"code": "import_error", "evidence": ev}}
        own = state.import_error(module_name)
        if task["task"] == "list":
            found = [
                n
                for n in NAMES
                if callable(module.__dict__.get(n))
                and getattr(module.__dict__[n], "__module__", None) == module_name
            ]
            result = {"functions": found}
            if own is not None:
                code = "import_partial" if found else "import_error"
                if own["error"] == "fissix_missing":
                    code, own = "fissix_missing", {}
                result["error"] = {"code": code, "evidence": own}
        else:
            name = task["name"]
            run = _Run(state, limit, memory)
            try:
                if name == "forward_backward_prop":
                    checks = _traced(run, CHECKS[name], module.__dict__[name])
                else:
                    checks = CHECKS[name](run, module.__dict__[name])
                if run.warnings:
                    d, *more = run.warnings
                    result = {"verdict": "warn", "code": d.code, "evidence": d.evidence}
                    seen = {d.code}
                    result["more"] = []
                    for w in more:  # each further kind of warning, once
                        if w.code not in seen:
                            seen.add(w.code)
                            result["more"].append({"code": w.code, "evidence": w.evidence})
                else:
                    result = {"verdict": "pass", "checks": checks}
            except _Failed as failed:
                d = failed.diagnosis
                result = {"verdict": "fail", "code": d.code, "evidence": d.evidence}
            result["called"] = run.called
    except BaseException as err:  # a fault of the checker itself, reported in one line
        result = {"error": {"code": "internal", "evidence": {"error": I.error_text(err)}}}
    result["divisions"] = list(state.divisions.values())
    return result


def _worker_main(task_file: str) -> int:
    with open(task_file, encoding="utf-8") as fh:
        task = json.load(fh)
    # From here on, nothing the student's code prints reaches the checker's own output.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.chdir(task["folder"])
    result = _worker(task)
    with open(task["out"], "w", encoding="utf-8") as fh:
        json.dump(_jsonable(result), fh)
    return 0


def _jsonable(obj):
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, (np.floating, float)):
        v = float(obj)
        return v if math.isfinite(v) else str(v)
    if isinstance(obj, (np.integer, np.bool_)):
        return obj.item()
    return obj


# --- the parent: finds the files, runs the workers, writes the report --------------------------


class _Spawner:
    """Starts workers: one fresh copy of the prepared files each, in the sandbox."""

    def __init__(self, sandbox: S.Sandbox, tmp: Path, limit: float, memory: int, hide):
        self.sandbox, self.tmp, self.limit, self.memory = sandbox, tmp, limit, memory
        self.hide = hide
        self.root = CHECKER_ROOT
        self.count = 0

    def __call__(self, master: Path, manifest: dict, task: dict, timeout: float):
        """Run one worker; (its JSON result or None, exit code or None on a timeout, its
        last line on stderr)."""
        self.count += 1
        work = self.tmp / f"run-{self.count}"
        code = work / "code"
        shutil.copytree(master, code)
        task = task | {
            "folder": str(code),
            "manifest": manifest,
            "limit": self.limit,
            "memory": self.memory,
            "out": str(work / "result.json"),
        }
        (work / "task.json").write_text(json.dumps(task), encoding="utf-8")
        argv = [sys.executable, "-m", "metl_core.check", "--worker", str(work / "task.json")]
        cmd = S.command(self.sandbox, work, self.hide, argv)
        try:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=S.environment(self.root, work),
                cwd=code,
                start_new_session=True,  # one process group: a timeout ends all of it
                preexec_fn=S.limits(self.memory, int(timeout) + 5),
            )
        except OSError as err:
            return None, -1, str(err)
        try:
            _, err = proc.communicate(timeout=timeout)
            rc = proc.returncode
        except subprocess.TimeoutExpired:
            _kill(proc)
            return None, None, ""
        except BaseException:  # Ctrl-C: the worker is in a session of its own, end it too
            _kill(proc)
            raise
        finally:
            shutil.rmtree(code, ignore_errors=True)
        tail = err.decode(errors="replace").strip().splitlines()[-1:] if err else []
        try:
            with open(work / "result.json", encoding="utf-8") as fh:
                return json.load(fh), rc, "".join(tail)
        except (OSError, ValueError):
            return None, rc, "".join(tail)
        finally:
            shutil.rmtree(work, ignore_errors=True)


def _kill(proc: subprocess.Popen) -> None:
    with contextlib.suppress(OSError, AttributeError):  # no killpg on Windows
        os.killpg(proc.pid, signal.SIGKILL)
    proc.kill()
    proc.communicate()


def _units(paths: list[str]) -> tuple[list[dict], list[dict]]:
    """What to check: one unit per folder (an assignment), and explicit files grouped by
    their folder; and the paths that cannot be checked."""
    units, problems, by_folder = [], [], {}
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            units.append({"folder": F.assignment_folder(p.resolve()), "given": p, "files": None})
        elif not p.exists():
            problems.append({"path": raw, "code": "not_found", "evidence": {}})
        elif p.suffix != ".py" or not p.is_file():
            problems.append({"path": raw, "code": "not_python", "evidence": {}})
        else:
            p = p.resolve()
            if p.parent not in by_folder:
                by_folder[p.parent] = {"folder": p.parent, "given": p.parent, "files": []}
                units.append(by_folder[p.parent])
            if p.name not in by_folder[p.parent]["files"]:
                by_folder[p.parent]["files"].append(p.name)
    return units, problems


def _checked_files(unit: dict) -> list[str]:
    """The files of a unit that are imported and searched for the five functions."""
    if unit["files"] is not None:
        return unit["files"]
    folder = unit["folder"]
    starters = [name for name in F.ROLES if (folder / name).is_file()]
    if starters:
        return starters
    return sorted(p.name for p in folder.glob("*.py") if p.is_file())


class _Checker:
    def __init__(self, spawn: _Spawner, limit: float):
        self.spawn, self.limit = spawn, limit

    def unit(self, unit: dict, tmp: Path) -> dict:
        folder: Path = unit["folder"]
        master = tmp / f"master-{id(unit)}"
        master.mkdir()
        manifest = F.copy_folder(folder, master)
        files = [f for f in _checked_files(unit) if f in manifest]
        functions, problems, notes = [], [], []
        converted = sorted(f for f, info in manifest.items() if info.get("python") == 2)
        if converted:
            verb = "is" if len(converted) == 1 else "are"
            shown = (
                ", ".join(converted[:-1]) + " and " + converted[-1]
                if len(converted) > 1
                else converted[0]
            )
            notes.append({"code": "python2", "evidence": {"files": shown, "verb": verb}})
        for file, info in sorted(manifest.items()):
            if info.get("numpy_removed"):
                used = info["numpy_removed"]
                ev = {
                    "file": file,
                    "names": ", ".join(f"np.{n}" for n in used),
                    "now": ", ".join(F.NUMPY_REMOVED[n] for n in used),
                }
                notes.append({"code": "numpy_removed", "evidence": ev})
        fallback = 30 + 3 * self.limit  # only where the in-process alarm could not stop a call
        listed: dict[str, dict] = {}
        for file in files:
            res, rc, tail = self.spawn(master, manifest, {"task": "list", "file": file}, fallback)
            entry = {"path": str(folder / file), "file": file}
            if res is None:
                if rc is None:
                    code, ev = "import_too_slow", {"limit": fallback}
                elif tail.startswith("bwrap") or rc == -1:
                    code, ev = "internal", {"error": tail or "the worker could not start"}
                else:
                    code, ev = "crashed", {"rc": rc}
                res = {"functions": [], "error": {"code": code, "evidence": ev}}
            if "error" in res:
                problems.append(entry | res["error"])
            listed[file] = res
            notes += [{"code": "py2_division", "evidence": d} for d in res.get("divisions", [])]
        owners = self._owners(unit, files, listed)
        for name in NAMES:
            if name not in owners:
                continue
            file, reason = owners[name]
            entry = {"path": str(folder / file), "file": file, "function": name}
            if reason is not None:
                item = entry | reason
                item["ok"] = False
                functions.append(item)
                continue
            res, rc, tail = self.spawn(
                master,
                manifest,
                {"task": "check", "file": file, "name": name},
                fallback + 12 * self.limit,
            )
            if res is None:
                code, ev = (
                    ("too_slow", {"limit": self.limit}) if rc is None else ("crashed", {"rc": rc})
                )
                res = {"verdict": "fail", "code": code, "evidence": ev}
            elif "error" in res:
                res = {"verdict": "fail"} | res["error"] | {"divisions": res.get("divisions", [])}
            item = entry | {"verdict": res["verdict"], "ok": res["verdict"] in ("pass", "warn")}
            if res["verdict"] == "pass":
                item["checks"] = res["checks"]
            else:
                item |= {"code": res["code"], "evidence": res["evidence"]}
            item["called"] = res.get("called", [])
            item["notes"] = res.get("more", []) + [
                {"code": "py2_division", "evidence": d} for d in res.get("divisions", [])
            ]
            functions.append(item)
        return {"functions": functions, "files": problems, "notes": notes}

    def _owners(self, unit, files, listed) -> dict[str, tuple[str, dict | None]]:
        """For each function: the file it is checked in, and why not (None: it is)."""
        owners: dict[str, tuple[str, dict | None]] = {}
        for name in NAMES:
            role = next((f for f, names in F.ROLES.items() if name in names), None)
            candidates = [f for f in files if name in listed[f].get("functions", ())]
            if role in candidates:
                owners[name] = (role, None)
            elif candidates:  # not in its own file, but defined in another one
                owners[name] = (candidates[0], None)
            elif unit["files"] is None or role in unit["files"]:
                # Expected: a folder expects all five, a starter file its own.
                if role in listed:
                    err = listed[role].get("error")
                    if err is not None and err["code"] != "import_partial":
                        reason = {
                            "verdict": "unchecked",
                            "code": "unchecked",
                            "evidence": {
                                "file": role,
                                "reason": describe(err["code"], err["evidence"]),
                                "cause": err["code"],
                            },
                        }
                    else:
                        reason = {
                            "verdict": "missing",
                            "code": "not_defined",
                            "evidence": {"file": role},
                        }
                else:
                    ev = {"file": role, "folder": "the folder"}  # only a folder expects it
                    reason = {"verdict": "missing", "code": "no_file", "evidence": ev}
                owners[name] = (role, reason)
        return owners


def run(
    paths: list[str],
    limit: float = TIME_LIMIT,
    memory: int = MEMORY_LIMIT,
    sandbox: S.Sandbox | None = None,
    hide: list[Path] | None = None,
) -> dict:
    """Check every function found under ``paths``; the report as a JSON-friendly dict."""
    units, problems = _units(paths)
    functions, notes = [], []
    with tempfile.TemporaryDirectory(prefix="metl-check-") as tmp_name:
        tmp = Path(tmp_name).resolve()
        if sandbox is None:
            sandbox = S.find(tmp)
        if not sandbox.on:
            notes.append({"code": "no_sandbox", "evidence": {"reason": sandbox.reason}})
        hidden = hide if hide is not None else _hideable([u["given"] for u in units])
        checker = _Checker(_Spawner(sandbox, tmp, limit, memory, hidden), limit)
        for unit in units:
            part = checker.unit(unit, tmp)
            functions += part["functions"]
            problems += part["files"]
            notes += part["notes"]
    functions.sort(key=lambda f: (NAMES.index(f["function"]), f["path"]))  # the order of use
    for f in functions:
        f["message"] = _message(f)
    _hint_callees(functions)
    for p in problems:
        p["message"] = describe(p["code"], p["evidence"])
    for n in notes:
        n["message"] = describe(n["code"], n["evidence"])
    ok = bool(functions) and not problems and all(f["ok"] for f in functions)
    return {
        "ok": ok,
        "functions": functions,
        "files": problems,
        "notes": notes,
        "sandbox": {"on": sandbox.on, "reason": sandbox.reason},
    }


def _hideable(folders: list[Path]) -> list[Path]:
    """The student's folders, to be invisible in the sandbox (only the copy is seen),
    except a folder that holds the checker or Python itself."""
    needed = [CHECKER_ROOT, Path(sys.prefix), Path(sys.base_prefix)]
    needed += [Path(p) for p in sys.path if p]
    out = []
    for folder in folders:
        folder = folder.resolve()
        if folder == Path(folder.anchor):
            continue
        if not any(_inside(n.resolve(), folder) for n in needed) and folder not in out:
            out.append(folder)
    return out


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def _hint_callees(functions: list[dict]) -> None:
    """A network that fails with no named mistake, and really called a function that
    fails (or warns) too, is told to fix that one first."""
    bad = {
        (f["function"], f["file"]): f["verdict"]
        for f in functions
        if f.get("verdict") in ("fail", "warn")
    }
    for f in functions:
        if f["function"] != "forward_backward_prop" or f.get("code") not in _NAMED_ELSEWHERE:
            continue
        culprits = [c["function"] for c in f.get("called", []) if (c["function"], c["file"]) in bad]
        if culprits:
            verb, pron = ("fails", "that") if len(culprits) == 1 else ("fail", "those")
            f["message"] += (
                f". It calls {' and '.join(culprits)}, which {verb} too: fix {pron} first"
            )


def _message(item: dict) -> str:
    if item.get("verdict") == "pass":
        return f"all {item['checks']} checks passed"
    text = describe(item["code"], item["evidence"])
    if item.get("verdict") == "warn":
        text = "passes what the assignment asks; but it " + text
    call = item["evidence"].get("call")
    if call and item["code"] not in (
        "gradcheck_rejects_right",
        "gradcheck_accepts_wrong",
        "gradcheck_silent",
        "gradcheck_separable_only",
        "gradcheck_raises_on_failure",
    ):
        text += f" — on {call}"
    return text


_MARKS = {"pass": "✓", "warn": "!", "fail": "✗", "unchecked": "✗", "missing": "✗"}


def format_report(report: dict) -> str:
    lines = [f"! {n['message']}" for n in report["notes"] if n["code"] == "no_sandbox"]
    lines += [
        f"· {n['message']}" for n in report["notes"] if n["code"] in ("python2", "numpy_removed")
    ]
    for f in report["functions"]:
        mark = _MARKS.get(f.get("verdict"), "✗")
        lines.append(f"{mark} {f['function']} ({f['file']}): {f['message']}")
        for n in f.get("notes", []):
            text = describe(n["code"], n["evidence"])
            if n["code"] != "py2_division" and n["evidence"].get("call"):
                text = f"also on {n['evidence']['call']}: {text}"
            lines.append(f"    note: {text}")
    for p in report["files"]:
        lines.append(f"✗ {p.get('file', p['path'])}: {p['message']}")
    shown = {
        (n["evidence"]["file"], n["evidence"]["line"])
        for f in report["functions"]
        for n in f.get("notes", [])
        if n["code"] == "py2_division"
    }
    for n in report["notes"]:  # a division at import time
        if (
            n["code"] == "py2_division"
            and (n["evidence"]["file"], n["evidence"]["line"]) not in shown
        ):
            lines.append(f"    note: {n['message']}")
    if not report["functions"]:
        lines.append("✗ " + MESSAGES["nothing_found"])
    lines.append(summary(report))
    return "\n".join(lines)


def summary(report: dict) -> str:
    """ "3 of 5 functions pass (1 with a warning); 1 not checked, 1 missing." and so on."""
    counts = {v: sum(f.get("verdict") == v for f in report["functions"]) for v in VERDICTS}
    n = len(report["functions"])
    text = f"{counts['pass'] + counts['warn']} of {n} functions pass"
    if counts["warn"]:
        text += f" ({counts['warn']} with a warning)"
    rest = []
    if counts["unchecked"]:
        rest.append(f"{counts['unchecked']} not checked")
    if counts["missing"]:
        names = ", ".join(
            f["function"] for f in report["functions"] if f.get("verdict") == "missing"
        )
        rest.append(f"{counts['missing']} missing ({names})")
    if report["files"]:
        k = len(report["files"])
        rest.append(f"{k} file{'s' if k > 1 else ''} with a problem")
    text += ("; " + ", ".join(rest) if rest else "") + "."
    return text + (" All good." if report["ok"] else "")


# --- a whole class ---------------------------------------------------------------------------


CSV_COLUMNS = ("student", "function", "verdict", "mistake")


def class_rows(student: str, report: dict) -> list[dict]:
    """The CSV rows of one student: one per function (the five, in order), then one per
    file that could not be read (its name in the function column)."""
    rows = []
    for f in report["functions"]:
        mistake = "" if f.get("verdict") == "pass" else f.get("code", "")
        if f.get("verdict") == "unchecked":  # why: import_error, import_too_slow, crashed ...
            mistake = f.get("evidence", {}).get("cause", mistake)
        rows.append(
            {
                "student": student,
                "function": f["function"],
                "verdict": f["verdict"],
                "mistake": mistake,
            }
        )
    for p in report["files"]:
        rows.append(
            {
                "student": student,
                "function": p.get("file", p["path"]),
                "verdict": "fail",
                "mistake": p["code"],
            }
        )
    return rows


def run_class(folder: Path, out, limit: float, memory: int, sandbox: S.Sandbox, echo) -> bool:
    """Check each sub-folder of ``folder`` as one student's; write the CSV to ``out`` (a
    text file). True if every student passes everything."""
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    students = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    all_ok = bool(students)
    hide = _hideable([folder])
    for student in students:
        try:
            report = run([str(student)], limit, memory, sandbox, hide)
        except Exception as err:  # the checker's own fault on one folder: the class goes on
            ev = {"error": I.error_text(err)}
            report = {
                "ok": False,
                "files": [],
                "functions": [
                    {"function": n, "verdict": "unchecked", "code": "internal", "evidence": ev}
                    for n in NAMES
                ],
            }
        if not report["functions"]:  # an empty folder: still five rows, all missing
            report["functions"] = [
                {"function": n, "verdict": "missing", "code": "no_file", "ok": False} for n in NAMES
            ]
        writer.writerows(class_rows(student.name, report))
        out.flush()
        all_ok &= report["ok"]
        bad = [
            f"{f['function']} ({f.get('code', f['verdict'])})"
            for f in report["functions"]
            if f.get("verdict") not in ("pass", "missing")  # the summary names the missing
        ]
        echo(
            f"{student.name}: {summary(report)}"
            + (f" Not passing: {', '.join(bad)}." if bad else "")
        )
    return all_ok


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        return _worker_main(argv[1])
    parser = argparse.ArgumentParser(
        prog="python -m metl_core.check",
        description="Check CS224n assignment 1 code (q1_softmax.py, q2_sigmoid.py, "
        "q2_gradcheck.py, q2_neural.py) against metl_core and name the mistakes. "
        "Exit code: 0 when every function passes, 1 otherwise, 2 for a wrong command line.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="a folder, or .py files")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--class",
        dest="klass",
        metavar="FOLDER",
        help="check each sub-folder of FOLDER as one student's, and write one CSV",
    )
    parser.add_argument(
        "--csv",
        metavar="FILE",
        help="where --class writes its CSV (default: FOLDER's name + '-check.csv', here)",
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=TIME_LIMIT,
        metavar="SECONDS",
        help=f"longest a single call may take (default {TIME_LIMIT:g})",
    )
    parser.add_argument(
        "--memory-limit",
        type=int,
        default=MEMORY_LIMIT,
        metavar="MB",
        help=f"memory a worker may use (default {MEMORY_LIMIT})",
    )
    parser.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run the code without the bubblewrap sandbox (your own rights and network)",
    )
    args = parser.parse_args(argv)
    if bool(args.paths) == bool(args.klass):
        parser.error("give PATHs, or --class FOLDER")
    with contextlib.suppress(AttributeError, ValueError):  # a console without ✓ gets "?"
        sys.stdout.reconfigure(errors="replace")
    try:
        return _main(args)
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader left (| head): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as err:  # the checker's own fault: one line, never a traceback
        print(describe("checker_failed", {"error": I.error_text(err)}), file=sys.stderr)
        return 3


def _main(args) -> int:
    limit, memory = max(args.time_limit, 0.01), max(args.memory_limit, 64)
    with tempfile.TemporaryDirectory(prefix="metl-probe-") as probe:
        sandbox = S.Sandbox(None, "--no-sandbox") if args.no_sandbox else S.find(Path(probe))
    if args.klass:
        folder = Path(args.klass)
        if not folder.is_dir():
            print(f"✗ {args.klass}: {MESSAGES['not_found']}", file=sys.stderr)
            return 2
        if not sandbox.on and not args.no_sandbox:
            print(describe("class_needs_sandbox", {"reason": sandbox.reason}), file=sys.stderr)
            return 2
        if not sandbox.on:
            print("! " + describe("no_sandbox", {"reason": sandbox.reason}), flush=True)
        target = Path(args.csv or f"{folder.resolve().name}-check.csv")
        with open(target, "w", newline="", encoding="utf-8") as out:
            ok = run_class(folder, out, limit, memory, sandbox, lambda s: print(s, flush=True))
        print(f"Wrote {target}.", flush=True)
        return 0 if ok else 1
    report = run(args.paths, limit, memory, sandbox)
    if args.json:
        text = json.dumps(report, ensure_ascii=False, indent=2, allow_nan=False)
    else:
        text = format_report(report)
    print(text, flush=True)
    return 0 if report["ok"] else 1
