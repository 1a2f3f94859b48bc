"""``python -m metl_core.check``: the command line (see :mod:`metl_core.check`)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
from pathlib import Path

from metl_core.mistakes.messages import MESSAGES, describe

from . import loader as I
from . import sandbox as S
from . import worker
from .report import format_report, run_class
from .runner import MEMORY_LIMIT, TIME_LIMIT, run


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        return worker.main(argv[1])
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
