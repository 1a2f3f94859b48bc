"""Where the homework checker runs a student's code: a bubblewrap sandbox.

Each worker runs as ``bwrap ... python -m metl_core.check --worker``: new user, pid,
network, IPC and UTS namespaces (so no network at all), the whole file system mounted
read-only, a private empty /tmp, and only the worker's temporary copy of the student's
files writable. A memory limit (RLIMIT_AS), a file-size limit (RLIMIT_FSIZE) and a CPU
limit apply to it, and the environment is emptied (a teacher's variables never reach the
student's code). The worker process dies with the checker (``--die-with-parent``).

Where bubblewrap is missing or cannot make namespaces (macOS, Windows, a Linux whose
user namespaces are off), :func:`find` says why, and the checker runs the code without
the sandbox only when allowed: in a temporary copy, with the same limits where the
system has them, but with the user's own rights and network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

try:
    import resource
except ImportError:  # Windows: no rlimits
    resource = None

MEMORY_LIMIT_MB = 1024
FILE_LIMIT_MB = 64
ENV_BWRAP = "METL_CHECK_BWRAP"  # another bubblewrap binary, or "none" to go without


@dataclass(frozen=True)
class Sandbox:
    """How workers are started: ``bwrap`` is the binary's path, or None without the
    sandbox (``reason`` then says why)."""

    bwrap: str | None
    reason: str = ""

    @property
    def on(self) -> bool:
        return self.bwrap is not None


def _needed_under_tmp() -> list[Path]:
    """What the worker must still read that lies under /tmp, which the sandbox empties:
    the Python it runs (a virtual environment may live there) and the checker's code."""
    import metl_core as M

    here = Path(M.__file__).resolve().parent.parent
    python = Path(sys.executable).resolve()
    found = []
    for path in (Path(sys.prefix), Path(sys.base_prefix), python.parent.parent, here):
        path = path.resolve()
        if path.is_relative_to("/tmp") and path != Path("/tmp") and path not in found:
            found.append(path)
    return found


def _bwrap_args(bwrap: str, work: Path, hide: list[Path]) -> list[str]:
    args = [
        bwrap,
        "--die-with-parent",
        "--new-session",  # no TIOCSTI into the teacher's terminal
        "--unshare-all",  # pid, net, ipc, uts, cgroup: no network interface but lo
        "--unshare-user",  # and a user namespace, in which no new one can be made
        "--disable-userns",
        "--ro-bind",
        "/",
        "/",
        "--dev",
        "/dev",
        "--proc",
        "/proc",
        "--tmpfs",
        "/tmp",
    ]
    for path in _needed_under_tmp():  # read-only, as the rest of the file system
        args += ["--ro-bind", str(path), str(path)]
    for folder in hide:  # the class's other folders: not even readable
        args += ["--tmpfs", str(folder)]
    return [*args, "--bind", str(work), str(work), "--chdir", str(work), "--"]


def find(probe_dir: Path | None = None) -> Sandbox:
    """The sandbox to use on this machine, checked by starting Python in it once."""
    wanted = os.environ.get(ENV_BWRAP, "")
    if wanted.lower() == "none":
        return Sandbox(None, f"{ENV_BWRAP}=none")
    if sys.platform != "linux":
        return Sandbox(None, f"bubblewrap runs on Linux only, not on {sys.platform}")
    bwrap = shutil.which(wanted or "bwrap")
    if bwrap is None:
        return Sandbox(None, f"bubblewrap ({wanted or 'bwrap'}) is not installed")
    work = probe_dir or Path.cwd()
    try:
        done = subprocess.run(
            [*_bwrap_args(bwrap, work, []), sys.executable, "-c", "pass"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        return Sandbox(None, f"bubblewrap could not start: {err}")
    if done.returncode != 0:
        said = done.stderr.decode(errors="replace").strip().splitlines()
        return Sandbox(None, f"bubblewrap could not start: {said[-1] if said else done.returncode}")
    return Sandbox(bwrap)


def limits(memory_mb: int, cpu_seconds: int):
    """A ``preexec_fn`` that sets the worker's limits (None where there are no rlimits)."""
    if resource is None:
        return None

    def apply() -> None:
        for name, value in (
            ("RLIMIT_AS", memory_mb << 20),
            ("RLIMIT_FSIZE", FILE_LIMIT_MB << 20),
            ("RLIMIT_CPU", cpu_seconds),
            ("RLIMIT_CORE", 0),
        ):
            which = getattr(resource, name, None)
            if which is None:
                continue
            try:
                _, hard = resource.getrlimit(which)
                cap = value if hard == resource.RLIM_INFINITY else min(value, hard)
                resource.setrlimit(which, (cap, hard if name == "RLIMIT_CORE" else cap))
            except (ValueError, OSError):
                pass  # a limit this system refuses: the time limit still applies

    return apply


def command(sandbox: Sandbox, work: Path, hide: list[Path], argv: list[str]) -> list[str]:
    """The command that runs ``argv`` (a Python command line) for the worker in ``work``."""
    if not sandbox.on:
        return argv
    return _bwrap_args(sandbox.bwrap, work, hide) + argv


def environment(root: Path, work: Path) -> dict[str, str]:
    """The worker's whole environment: nothing of the user's but PATH and the locale."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(root),
        "HOME": str(work),
        "TMPDIR": str(work),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONHASHSEED": "0",
        # One thread each: the limits hold, and a class checked on 2 cores stays fair.
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    for name in ("LANG", "LC_ALL", "SYSTEMROOT"):  # SYSTEMROOT: Python on Windows needs it
        if name in os.environ:
            env[name] = os.environ[name]
    return env
