"""How the worker calls a student's function: within a time limit, every exception it
raises (or memory it runs out of) turned into a diagnosis, never a traceback."""

from __future__ import annotations

import signal

from metl_core.mistakes import diagnose as D

from . import loader as I


def _alarm(signum, frame):
    raise I.TooSlow


def timed(fn, args, limit: float):
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


class Failed(Exception):
    """A check found a problem: carries the diagnosis."""

    def __init__(self, diagnosis: D.Diagnosis):
        super().__init__(diagnosis.code)
        self.diagnosis = diagnosis


class Run:
    """One worker's context: where the student's files are, and the limits."""

    def __init__(self, state: I.State, limit: float, memory: int):
        self.state, self.limit, self.memory = state, limit, memory
        self.warnings: list[D.Diagnosis] = []
        self.called: list[dict] = []  # which of the student's CALLEES the function called

    def call(self, fn, args, call: str):
        try:
            return timed(fn, args, self.limit)
        except I.TooSlow:
            raise Failed(D.Diagnosis("too_slow", {"limit": self.limit, "call": call})) from None
        except I.FromBroken as err:
            raise Failed(D.Diagnosis("uses_broken", err.evidence | {"call": call})) from None
        except MemoryError as err:
            ev = {"limit": self.memory, "where": self.state.where(err), "call": call}
            raise Failed(D.Diagnosis("too_much_memory", ev)) from None
        except Exception as err:  # the student's code raised: report it, never a traceback
            ev = {"error": I.error_text(err), "where": self.state.where(err), "call": call}
            raise Failed(D.Diagnosis("raised", ev)) from None

    def judge(self, d: D.Diagnosis, call: str, extra: bool = False) -> None:
        """A finding on one case: fail, or (on a case beyond the assignment's) a warning."""
        if d.ok:
            return
        found = D.Diagnosis(d.code, d.evidence | {"call": call})
        if extra or (d.code == "mean" and d.evidence.get("consistent")):
            self.warnings.append(found)
            return
        raise Failed(found)
