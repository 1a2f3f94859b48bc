"""Check a student's CS224n assignment 1 code against metl_core, and name the mistakes.

    python -m metl_core.check PATH...              # a terminal report, one line per function
    python -m metl_core.check --json PATH...       # the same as JSON
    python -m metl_core.check --class FOLDER       # every student's sub-folder, one CSV

PATH is a folder (the assignment's q1_softmax.py, q2_sigmoid.py, q2_gradcheck.py and
q2_neural.py in it) or .py files. The files are copied to a temporary folder, Python 2
converted to Python 3 mechanically (:mod:`.files`); each file is then
imported, and each function checked, in a Python process of its own, in a sandbox
(:mod:`.sandbox`) with a time and a memory limit, so that a crash, a hang
or a traceback in the student's code becomes one line of the report.

Verdicts: pass, warn (passes what the assignment asks, with a note), fail, unchecked (its
file could not be imported) and missing. The exit code is 0 if and only if every function
expected passes (a warning passes) and every file could be read; 1 otherwise; 2 for a
wrong command line; 3 if the checker itself failed. The rules are in docs/checker.md.

The words of every diagnosis are in :data:`metl_core.mistakes.messages.MESSAGES`, shared
with the exercises page.

The rooms of the checker: :mod:`.cli` (the command line), :mod:`.runner` (the parent:
finds the files, runs the workers), :mod:`.worker` with :mod:`.cases` and :mod:`.calls`
(what runs in the sandbox), :mod:`.loader` (how a student's files are imported),
and :mod:`.report` (the terminal lines and a class's CSV). Which classic mistake an answer
is, and the words for it, live in :mod:`metl_core.mistakes`, shared with the exercises.
"""

from .cases import NAMES
from .cli import main
from .report import CSV_COLUMNS, VERDICTS, class_rows, format_report, run_class, summary
from .runner import MEMORY_LIMIT, TIME_LIMIT, run

__all__ = [
    "CSV_COLUMNS",
    "MEMORY_LIMIT",
    "NAMES",
    "TIME_LIMIT",
    "VERDICTS",
    "class_rows",
    "format_report",
    "main",
    "run",
    "run_class",
    "summary",
]
