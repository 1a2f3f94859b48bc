"""Check a student's CS224n assignment 1 code against metl_core, and name the mistakes.

    python -m metl_core.check PATH...            # a terminal report, one line per function
    python -m metl_core.check --json PATH...     # the same as JSON

PATH is a .py file or a folder of them (q1_softmax.py, q2_sigmoid.py, q2_gradcheck.py,
q2_neural.py). Each file is imported, and each function checked, in a Python process of
its own with a time limit, so a crash, a hang or a traceback in the student's code
becomes one line of the report. The exit code is 0 if and only if at least one function
was found and every function found passes.

The words of every diagnosis are in :data:`MESSAGES`, shared with the exercises page.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import traceback
import warnings
from pathlib import Path

import numpy as np

import metl_core as M
from metl_core import diagnose as D

NAMES = ("softmax", "sigmoid", "sigmoid_grad", "gradcheck_naive", "forward_backward_prop")
TIME_LIMIT = 10.0  # seconds per call of the student's function

# --- the words: one table for the checker and the exercises page ------------------------------

MESSAGES = {
    "ok": "right",
    "not_numbers": "returned {type}, not an array of numbers",
    "shape": "returned shape {got}, expected {expected}",
    "entry": "first wrong entry at {index}: expected {expected}, got {got}",
    "not_finite": "gives {got} at {index} (expected {expected})",
    # softmax
    "no_max_shift": (
        "softmax without the max shift: exp overflows for large logits (inf / inf or 0 / 0 "
        "gives NaN). Subtract each row's max before exp"
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
    "x_for_s": (
        "sigmoid_grad takes its argument for x and applies σ again; it is given s = σ(x), "
        "so it should return s (1 − s)"
    ),
    "sigma_squared": "uses σ² (the notes' θ²) in place of σ′ = σ (1 − σ)",
    "tanh_derivative": "uses 1 − σ², tanh's derivative, instead of σ (1 − σ)",
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
    "gradcheck_accepts_wrong": (
        "says the check passed for a wrong gradient ({call}); it printed: {printed}"
    ),
    "gradcheck_silent": ("printed neither 'passed' nor 'failed' ({call}); it printed: {printed}"),
    "gradcheck_changes_x": "leaves x changed after the check: restore each x[ix] after moving it",
    "count_no_bias": "counts only the weights Dx·H + H·Dy: each layer also has a bias",
    "count_one_bias": "counts only one of the two bias vectors: b1 has H entries, b2 has Dy",
    "count_product": "multiplies Dx·H·Dy: the layers' parameters add up, (Dx + 1)H + (H + 1)Dy",
    "entry_hidden": "first wrong entry at {index}: you have {got}",
    # bad files and calls
    "raised": "raised {error} {where}",
    "too_slow": "took more than {limit} s on one call and was stopped",
    "import_error": "could not be imported: {error} {where}",
    "import_too_slow": "took more than {limit} s to import and was stopped",
    "crashed": "stopped Python itself (exit code {rc})",
    "internal": "could not be checked: {error}",
    "not_found": "no such file or folder",
    "not_python": "is not a .py file",
    "nothing_found": (
        "none of softmax, sigmoid, sigmoid_grad, gradcheck_naive or forward_backward_prop was found"
    ),
}

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


def describe(code: str, evidence: dict | None = None, reveal: bool = True) -> str:
    """The sentence for a diagnosis ``code`` with its ``evidence`` filled in.

    ``reveal=False`` leaves out the expected values, for an exercise whose answer the
    student has not asked to see.
    """
    evidence = dict(evidence or {})
    if not reveal:
        evidence.pop("expected", None)
        code = "entry_hidden" if code == "entry" else code
    text = MESSAGES.get(code, code).format_map(_Shown({k: _show(v) for k, v in evidence.items()}))
    text = " ".join(text.split())  # an empty {where} leaves no double space
    if code == "entry" and "part" in evidence:
        text = text.replace("entry at ", f"entry in {evidence['part']} at ", 1)
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


# --- the worker: runs in its own process, imports the student's file ---------------------------


class _TooSlow(BaseException):
    """Raised by the alarm; a BaseException, so a student's ``except Exception`` lets it by."""


def _alarm(signum, frame):
    raise _TooSlow


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


def _where(err: BaseException, folder: Path) -> str:
    """file:line of the deepest frame in the student's folder, for a one-line report."""
    if isinstance(err, SyntaxError) and err.filename:
        return f"in {Path(err.filename).name}, line {err.lineno}"
    frames = traceback.extract_tb(err.__traceback__)
    mine = [f for f in frames if Path(f.filename).resolve().parent == folder]
    return f"in {Path(mine[-1].filename).name}, line {mine[-1].lineno}" if mine else ""


def _error_text(err: BaseException) -> str:
    text = str(err).splitlines()[0] if str(err) else ""
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


class _Failed(Exception):
    """A check found a problem: carries the diagnosis."""

    def __init__(self, diagnosis: D.Diagnosis):
        super().__init__(diagnosis.code)
        self.diagnosis = diagnosis


def _call(fn, args, limit: float, folder: Path, call: str):
    try:
        return _timed(fn, args, limit)
    except _TooSlow:
        raise _Failed(D.Diagnosis("too_slow", {"limit": limit, "call": call})) from None
    except Exception as err:  # the student's code raised: report it, never a traceback
        ev = {"error": _error_text(err), "where": _where(err, folder), "call": call}
        raise _Failed(D.Diagnosis("raised", ev)) from None


def _rng() -> np.random.Generator:
    return np.random.default_rng(224)


def _softmax_cases():
    rng = _rng()
    return [
        ("the sanity value softmax([1, 2])", np.array([1.0, 2.0])),
        ("the sanity value softmax([[1001, 1002], [3, 4]])", np.array([[1001.0, 1002], [3, 4]])),
        ("the sanity value softmax([[-1001, -1002]])", np.array([[-1001.0, -1002]])),
        ("a random vector of 7", rng.normal(0, 3, 7)),
        ("a random 5×8 matrix", rng.normal(0, 3, (5, 8))),
        ("a 4×6 matrix of entries within ±1000", rng.uniform(-1000, 1000, (4, 6))),
        ("a 2000×500 matrix", rng.normal(0, 10, (2000, 500))),
    ]


def _sigmoid_cases():
    rng = _rng()
    return [
        ("the sanity value sigmoid([[1, 2], [-1, -2]])", np.array([[1.0, 2], [-1, -2]])),
        ("a random vector of 6", rng.normal(0, 3, 6)),
        ("a random 4×5 matrix", rng.normal(0, 3, (4, 5))),
        ("the inputs ±1000, ±50 and 0", np.array([-1000.0, -50, 0, 50, 1000])),
        ("a 1000×1000 matrix", rng.normal(0, 5, (1000, 1000))),
    ]


def _check_elementwise(fn, cases, diagnose, limit, folder):
    for call, x in cases:
        got = _call(fn, (x.copy(),), limit, folder, call)
        d = diagnose(x, got)
        if not d.ok:
            raise _Failed(D.Diagnosis(d.code, d.evidence | {"call": call}))
    return len(cases)


def _check_softmax(fn, limit, folder):
    return _check_elementwise(fn, _softmax_cases(), D.diagnose_softmax, limit, folder)


def _check_sigmoid(fn, limit, folder):
    return _check_elementwise(fn, _sigmoid_cases(), D.diagnose_sigmoid, limit, folder)


def _check_sigmoid_grad(fn, limit, folder):
    cases = [
        ("the sanity value sigmoid_grad(sigmoid([[1, 2], [-1, -2]]))", [[1.0, 2], [-1, -2]]),
        ("s = σ of a random 4×5 matrix", _rng().normal(0, 3, (4, 5))),
        ("s = σ(±1000), σ(±50) and σ(0)", [-1000.0, -50, 0, 50, 1000]),
        ("s = σ of a 1000×1000 matrix", _rng().normal(0, 5, (1000, 1000))),
    ]
    cases = [(call, M.sigmoid(np.asarray(x, dtype=np.float64))) for call, x in cases]
    return _check_elementwise(fn, cases, D.diagnose_sigmoid_grad, limit, folder)


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


def _run_gradcheck(fn, f, x, limit, folder, call):
    buf = io.StringIO()
    x_in = np.array(x, dtype=np.float64)
    with contextlib.redirect_stdout(buf):
        returned = _call(fn, (f, x_in), limit, folder, call)
    printed = buf.getvalue().strip()
    if x_in.shape != np.shape(x) or not np.array_equal(x_in, x):
        raise _Failed(D.Diagnosis("gradcheck_changes_x", {"call": call}))
    short = " / ".join(line.strip() for line in printed.splitlines()[:3])[:200] or "nothing"
    return _verdict(printed, returned), short


def _check_gradcheck(fn, limit, folder):
    rng = _rng()

    def quad(x):
        return np.sum(x**2), 2 * x

    def linear(x):
        return np.sum(3 * x), 3 * np.ones_like(x)

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
    wrong = [
        ("gradient 2.01x for Σx² at a random 4×5 matrix", scaled, rng.normal(size=(4, 5))),
        (
            "gradient 2x for Σx², wrong by 0.001 in the last entry only",
            last_wrong,
            rng.normal(size=(3, 4)),
        ),
    ]
    for call, f, x in right:
        said, printed = _run_gradcheck(fn, f, x, limit, folder, call)
        if said is None:
            raise _Failed(D.Diagnosis("gradcheck_silent", {"call": call, "printed": printed}))
        if not said:
            lin, _ = _run_gradcheck(fn, linear, x, limit, folder, "3 Σx")
            code = "gradcheck_one_sided" if lin else "gradcheck_rejects_right"
            raise _Failed(D.Diagnosis(code, {"call": call, "printed": printed}))
    for call, f, x in wrong:
        said, printed = _run_gradcheck(fn, f, x, limit, folder, call)
        if said is None:
            raise _Failed(D.Diagnosis("gradcheck_silent", {"call": call, "printed": printed}))
        if said:
            raise _Failed(
                D.Diagnosis("gradcheck_accepts_wrong", {"call": call, "printed": printed})
            )
    return len(right) + len(wrong)


def _network_case(n: int, dims, scale: float = 1.0, seed: int = 0):
    rng = np.random.default_rng(seed)
    dx, h, dy = dims
    data = rng.normal(size=(n, dx)) * scale
    labels = np.zeros((n, dy))
    labels[np.arange(n), rng.integers(0, dy, n)] = 1
    params = rng.normal(size=M.param_count(dx, h, dy))
    return data, labels, params


def _check_network(fn, limit, folder):
    cases = [
        ("the sanity check, N = 20, dimensions [10, 5, 10]", 20, [10, 5, 10], 1.0),
        ("N = 7, dimensions [3, 4, 2]", 7, [3, 4, 2], 1.0),
        ("N = 1, dimensions [4, 4, 3]", 1, [4, 4, 3], 1.0),
        ("inputs within ±1000, N = 6, dimensions [5, 3, 4]", 6, [5, 3, 4], 1000.0 / 3),
        ("a large batch, N = 2000, dimensions [50, 30, 10]", 2000, [50, 30, 10], 1.0),
    ]
    for i, (call, n, dims, scale) in enumerate(cases):
        data, labels, params = _network_case(n, dims, scale, seed=i)
        args = (data.copy(), labels.copy(), params.copy(), list(dims))
        out = _call(fn, args, limit, folder, call)
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            raise _Failed(D.Diagnosis("not_pair", {"type": type(out).__name__, "call": call}))
        for d in D.diagnose_forward_backward(data, labels, params, dims, *out):
            if not d.ok:
                raise _Failed(D.Diagnosis(d.code, d.evidence | {"call": call}))
    return len(cases)


CHECKS = {
    "softmax": _check_softmax,
    "sigmoid": _check_sigmoid,
    "sigmoid_grad": _check_sigmoid_grad,
    "gradcheck_naive": _check_gradcheck,
    "forward_backward_prop": _check_network,
}


def _import(file: Path):
    folder = file.parent.resolve()
    sys.path.insert(0, str(folder))
    return importlib.import_module(file.stem), folder


def _worker(task: str, file: str, out: str, name: str = "", limit: float = TIME_LIMIT) -> None:
    """Import ``file`` and list its functions ("list"), or check one function ("check");
    write the result as JSON to ``out``. Never raises, never prints a traceback."""
    warnings.simplefilter("ignore")
    result: dict
    path = Path(file)
    try:
        try:
            module, folder = _timed(_import, (path,), limit)
        except _TooSlow:
            result = {"error": {"code": "import_too_slow", "evidence": {"limit": limit}}}
        except BaseException as err:  # SyntaxError, ImportError, SystemExit...
            ev = {"error": _error_text(err), "where": _where(err, path.parent.resolve())}
            result = {"error": {"code": "import_error", "evidence": ev}}
        else:
            if task == "list":
                found = [
                    n
                    for n in NAMES
                    if callable(getattr(module, n, None))
                    and getattr(getattr(module, n), "__module__", None) == module.__name__
                ]
                result = {"functions": found}
            else:
                try:
                    passed = CHECKS[name](getattr(module, name), limit, folder)
                    result = {"ok": True, "checks": passed}
                except _Failed as failed:
                    d = failed.diagnosis
                    result = {"ok": False, "code": d.code, "evidence": d.evidence}
    except BaseException as err:  # a fault of the checker itself, reported in one line
        result = {"error": {"code": "internal", "evidence": {"error": _error_text(err)}}}
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(_jsonable(result), fh)


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


def _spawn(args: list[str], timeout: float) -> tuple[dict | None, int | None]:
    """Run a worker; return (its JSON result or None, exit code or None on timeout)."""
    root = str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "result.json")
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "metl_core.check", "--worker", *args, out],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=timeout,
                env=env,
                cwd=tmp,
            )
        except subprocess.TimeoutExpired:
            return None, None
        try:
            with open(out, encoding="utf-8") as fh:
                return json.load(fh), proc.returncode
        except (OSError, ValueError):
            return None, proc.returncode


def _files(paths: list[str]) -> tuple[list[Path], list[dict]]:
    files, problems = [], []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files += sorted(q.resolve() for q in p.glob("*.py") if q.is_file())
        elif not p.exists():
            problems.append({"path": raw, "code": "not_found", "evidence": {}})
        elif p.suffix != ".py":
            problems.append({"path": raw, "code": "not_python", "evidence": {}})
        else:
            files.append(p.resolve())
    return files, problems


def run(paths: list[str], limit: float = TIME_LIMIT) -> dict:
    """Check every function found under ``paths``; the report as a JSON-friendly dict."""
    files, problems = _files(paths)
    functions = []
    fallback = 30 + 3 * limit  # only where the in-process alarm could not stop a call
    for file in files:
        listed, rc = _spawn(["list", str(file), "-", str(limit)], fallback)
        entry = {"path": str(file), "file": file.name}
        if listed is None:
            code, ev = (
                ("import_too_slow", {"limit": fallback}) if rc is None else ("crashed", {"rc": rc})
            )
            problems.append(entry | {"code": code, "evidence": ev})
            continue
        if "error" in listed:
            problems.append(entry | listed["error"])
            continue
        for name in listed["functions"]:
            res, rc = _spawn(["check", str(file), name, str(limit)], fallback + 10 * limit)
            if res is None:
                code, ev = ("too_slow", {"limit": limit}) if rc is None else ("crashed", {"rc": rc})
                res = {"ok": False, "code": code, "evidence": ev}
            elif "error" in res:
                res = {"ok": False} | res["error"]
            item = entry | {"function": name, "ok": bool(res["ok"])}
            if res["ok"]:
                item["checks"] = res["checks"]
            else:
                item |= {"code": res["code"], "evidence": res["evidence"]}
            item["message"] = _message(item)
            functions.append(item)
    functions.sort(key=lambda f: (NAMES.index(f["function"]), f["path"]))  # the order of use
    failed = {f["function"] for f in functions if not f["ok"]}
    for f in functions:
        below = sorted(failed & {"softmax", "sigmoid", "sigmoid_grad"}, key=NAMES.index)
        unnamed = f.get("code") in ("entry", "not_finite", "cost_wrong", "raised", "shape")
        if f["function"] == "forward_backward_prop" and unnamed and below:
            verb, pron = ("fails", "that") if len(below) == 1 else ("fail", "those")
            f["message"] += (
                f". It may use {' and '.join(below)}, which {verb} too: fix {pron} first"
            )
    for p in problems:
        p["message"] = describe(p["code"], p["evidence"])
    ok = bool(functions) and not problems and all(f["ok"] for f in functions)
    return {"ok": ok, "functions": functions, "files": problems}


def _message(item: dict) -> str:
    if item["ok"]:
        return f"all {item['checks']} checks passed"
    text = describe(item["code"], item["evidence"])
    call = item["evidence"].get("call")
    if call and item["code"] not in (
        "gradcheck_rejects_right",
        "gradcheck_accepts_wrong",
        "gradcheck_silent",
    ):
        text += f" — on {call}"
    return text


def format_report(report: dict) -> str:
    lines = []
    for f in report["functions"]:
        mark = "✓" if f["ok"] else "✗"
        lines.append(f"{mark} {f['function']} ({f['file']}): {f['message']}")
    for p in report["files"]:
        lines.append(f"✗ {p.get('file', p['path'])}: {p['message']}")
    if not report["functions"]:
        lines.append("✗ " + MESSAGES["nothing_found"])
    n_ok = sum(f["ok"] for f in report["functions"])
    lines.append(
        f"{n_ok} of {len(report['functions'])} functions pass."
        + (" All good." if report["ok"] else "")
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        task, file, *rest = argv[1:]
        if task == "list":
            _worker("list", file, rest[-1], limit=float(rest[1]))
        else:
            _worker("check", file, rest[-1], name=rest[0], limit=float(rest[1]))
        return 0
    parser = argparse.ArgumentParser(
        prog="python -m metl_core.check",
        description="Check CS224n assignment 1 code (q1_softmax.py, q2_sigmoid.py, "
        "q2_gradcheck.py, q2_neural.py) against metl_core and name the mistakes.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="a .py file or a folder")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=TIME_LIMIT,
        metavar="SECONDS",
        help=f"longest a single call may take (default {TIME_LIMIT:g})",
    )
    args = parser.parse_args(argv)
    with contextlib.suppress(AttributeError, ValueError):  # a console without ✓ gets "?"
        sys.stdout.reconfigure(errors="replace")
    try:
        report = run(args.paths, max(args.time_limit, 0.01))
        if args.json:
            text = json.dumps(report, ensure_ascii=False, indent=2, allow_nan=False)
        else:
            text = format_report(report)
        print(text, flush=True)
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader left (| head): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
