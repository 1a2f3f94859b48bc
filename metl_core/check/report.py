"""The report as a student reads it (one line per function), and a whole class's as one
CSV (one row per student and function)."""

from __future__ import annotations

import csv
from pathlib import Path

from metl_core.mistakes.messages import MESSAGES, describe

from . import loader as I
from . import sandbox as S
from .cases import NAMES
from .runner import hideable, run

VERDICTS = ("pass", "warn", "fail", "unchecked", "missing")
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
    hide = hideable([folder])
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
