"""The parent: finds the files, runs a worker per file and per function, and writes the
report (a JSON-friendly dict)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from metl_core.mistakes.messages import NAMED_ELSEWHERE, describe

from . import files as F
from . import sandbox as S
from .cases import NAMES

TIME_LIMIT = 10.0  # seconds per call of the student's function
MEMORY_LIMIT = S.MEMORY_LIMIT_MB
# The folder that holds metl_core: the workers import the checker from there.
CHECKER_ROOT = Path(__file__).resolve().parents[2]


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
        hidden = hide if hide is not None else hideable([u["given"] for u in units])
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


def hideable(folders: list[Path]) -> list[Path]:
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
        if f["function"] != "forward_backward_prop" or f.get("code") not in NAMED_ELSEWHERE:
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
