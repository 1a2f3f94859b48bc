"""The worker: runs in a process of its own (in the sandbox), imports one of the
student's files, and lists its functions or checks one of them.

Started as ``python -m metl_core.check --worker TASK.json``; it writes its result as
JSON and prints nothing, whatever the student's code prints.
"""

from __future__ import annotations

import importlib
import json
import math
import os
import sys
import warnings
from pathlib import Path

import numpy as np

from . import loader as I
from .calls import Failed, Run, timed
from .cases import CALLEES, CHECKS, NAMES


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


def _traced(run: Run, check, fn):
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


def work(task: dict) -> dict:
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
            module = timed(importlib.import_module, (module_name,), limit)
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
            run = Run(state, limit, memory)
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
            except Failed as failed:
                d = failed.diagnosis
                result = {"verdict": "fail", "code": d.code, "evidence": d.evidence}
            result["called"] = run.called
    except BaseException as err:  # a fault of the checker itself, reported in one line
        result = {"error": {"code": "internal", "evidence": {"error": I.error_text(err)}}}
    result["divisions"] = list(state.divisions.values())
    return result


def main(task_file: str) -> int:
    with open(task_file, encoding="utf-8") as fh:
        task = json.load(fh)
    # From here on, nothing the student's code prints reaches the checker's own output.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.chdir(task["folder"])
    result = work(task)
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
