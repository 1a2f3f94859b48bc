"""The homework checker's preparation of a student's files: find them, copy them, and
convert Python 2 to Python 3 mechanically (fissix, the maintained fork of lib2to3).

Nothing here runs the student's code: it is read, parsed and written to a temporary copy.
The student's own files are never modified.
"""

from __future__ import annotations

import ast
import difflib
import io
import os
import re
import shutil
import tokenize
from pathlib import Path

# The assignment's files, and the functions each one is for.
ROLES = {
    "q1_softmax.py": ("softmax",),
    "q2_sigmoid.py": ("sigmoid", "sigmoid_grad"),
    "q2_gradcheck.py": ("gradcheck_naive",),
    "q2_neural.py": ("forward_backward_prop",),
}
MAX_FILES = 500  # .py files copied from one student's folder (helpers, utils/ ...)
MAX_BYTES = 1_000_000  # a larger .py file is not the student's homework: left out
SKIP_DIRS = {"__pycache__", "node_modules", "site-packages", "venv", "env"}

# Names that only Python 2 has: a file that compiles as Python 3 but uses one of them,
# without defining it, is Python 2 code whose prints happen to be valid Python 3.
PY2_NAMES = {
    "xrange",
    "raw_input",
    "unicode",
    "basestring",
    "long",
    "unichr",
    "execfile",
    "reduce",
    "cmp",
}
PY2_METHODS = {"iteritems", "iterkeys", "itervalues", "has_key"}
PY2_MODULES = {"cPickle", "cStringIO", "StringIO", "urllib2", "Queue", "ConfigParser"}
# fix_import turns `import q1_softmax` into `from . import q1_softmax`, which fails
# outside a package: the student's folder is a folder, not a package.
_UNWANTED = {"fissix.fixes.fix_import"}


def _walk(folder: Path, depth: int):
    """(relative folder, its file names) for ``folder`` and the sub-folders at most ``depth``
    levels down, hidden and tool folders left out, symbolic links to folders not followed."""
    for here, dirs, names in os.walk(folder):
        rel = Path(here).relative_to(folder)
        dirs[:] = sorted(d for d in dirs if not _skipped(d)) if len(rel.parts) < depth else []
        yield rel, names


def assignment_folder(folder: Path, depth: int = 3) -> Path:
    """The folder that holds the assignment's files: ``folder`` itself, or the sub-folder
    (at most ``depth`` levels down) with the most of them, the shallowest on a tie. A zip
    unpacked as alice/assignment1/q1_softmax.py is found the same as alice/q1_softmax.py."""
    if any((folder / name).is_file() for name in ROLES):
        return folder
    best, best_key = folder, (0, 0)
    for rel, names in _walk(folder, depth):
        key = (len(set(names) & set(ROLES)), -len(rel.parts))
        if key[0] and key > best_key:
            best, best_key = folder / rel, key
    return best


def _skipped(part: str) -> bool:
    return part.startswith(".") or part in SKIP_DIRS


def python_files(folder: Path, depth: int = 6) -> list[Path]:
    """Every .py file under ``folder`` that is copied (relative paths, sorted)."""
    found = []
    for rel, names in _walk(folder, depth):
        for name in sorted(names):
            path = folder / rel / name
            if not name.endswith(".py") or not path.is_file():
                continue  # a FIFO or a dangling link is never opened
            if path.stat().st_size <= MAX_BYTES:
                found.append(rel / name)
        if len(found) >= MAX_FILES:
            break
    return sorted(found[:MAX_FILES])


def read_source(path: Path) -> str:
    """The text of a Python file, in the encoding its coding line names (UTF-8 if none;
    Latin-1 when it is not valid in that encoding, so that no byte stops the check)."""
    data = path.read_bytes()
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return data.decode("latin-1")


def _py3_error(source: str, name: str) -> SyntaxError | None:
    try:
        compile(source, name, "exec", dont_inherit=True)
    except SyntaxError as err:  # TabError and IndentationError included
        return err
    except (ValueError, MemoryError, RecursionError) as err:  # NUL bytes, absurd nesting
        bad = SyntaxError(str(err) or type(err).__name__)
        bad.filename, bad.lineno = name, 1
        return bad
    return None


def uses_python2_names(source: str) -> bool:
    """Whether Python-3-valid ``source`` uses a name only Python 2 has (without defining it)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    defined, loaded = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else defined).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.arg):
            defined.add(node.arg)
        elif isinstance(node, ast.alias):
            if node.name.split(".")[0] in PY2_MODULES:
                return True
            defined.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            if (node.module or "").split(".")[0] in PY2_MODULES:
                return True
        elif isinstance(node, ast.Attribute) and node.attr in PY2_METHODS:
            return True
    return bool((loaded - defined) & PY2_NAMES)


# NumPy names the 2016-17 starter code's era used and NumPy 1.24 / 2.0 removed: the worker puts
# them back (metl_core.check.loader.numpy_shims) and the report says so, file by file.
NUMPY_REMOVED = {
    "float": "float",
    "int": "int",
    "object": "object",
    "complex": "complex",
    "str": "str",
    "unicode": "str",
    "float_": "np.float64",
    "complex_": "np.complex128",
    "string_": "np.bytes_",
    "unicode_": "np.str_",
    "Inf": "np.inf",
    "PINF": "np.inf",
    "NINF": "-np.inf",
    "infty": "np.inf",
    "NaN": "np.nan",
    "product": "np.prod",
    "cumproduct": "np.cumprod",
    "alltrue": "np.all",
    "sometrue": "np.any",
    "round_": "np.round",
    "asscalar": "a.item()",
}


def removed_numpy_names(source: str) -> list[str]:
    """The names of :data:`NUMPY_REMOVED` that ``source`` uses as ``np.NAME`` or
    ``numpy.NAME``."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    found = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in ("np", "numpy")
        and node.attr in NUMPY_REMOVED
    }
    return sorted(found)


def has_future_division(source: str) -> bool:
    return bool(re.search(r"^\s*from\s+__future__\s+import\s+[^#\n]*\bdivision\b", source, re.M))


def _refactor(source: str, name: str, print_function: bool) -> str:
    """``source`` converted by fissix's default fixers (2to3's), or ParseError/TokenError."""
    from fissix import refactor  # imported here: Python 3 files never need it

    fixers = [f for f in refactor.get_fixers_from_package("fissix.fixes") if f not in _UNWANTED]
    tool = refactor.RefactoringTool(fixers, {"print_function": print_function})
    text = source if source.endswith("\n") else source + "\n"
    return str(tool.refactor_string(text, name))


def _expand_indent(source: str) -> str:
    """Leading tabs as Python 2 read them (to the next multiple of 8), which Python 3
    refuses to mix with spaces."""
    lines = source.splitlines(keepends=True)
    out = []
    for line in lines:
        body = line.lstrip(" \t")
        out.append(line[: len(line) - len(body)].expandtabs(8) + body)
    return "".join(out)


def line_map(original: str, converted: str) -> list[int]:
    """For each line of ``converted`` (1-based), the line of ``original`` it comes from.

    The fixers keep lines where they are, except the few that add an import
    (``from functools import reduce``): the lines after it are mapped back one up."""
    a, b = original.splitlines(), converted.splitlines()
    out = [1] * (len(b) + 1)  # index 0 unused
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for j in range(j1, j2):
            if tag == "equal":
                i = i1 + (j - j1)
            elif tag == "replace":
                i = i1 + min(j - j1, i2 - i1 - 1)
            else:  # an inserted line belongs to the line it was inserted before
                i = min(i1, max(len(a) - 1, 0))
            out[j + 1] = i + 1
    return out[1:] if b else []


def _parse_error_line(err: Exception) -> int:
    context = getattr(err, "context", None)  # fissix.pgen2.parse.ParseError
    if context and len(context) > 1 and context[1]:
        return int(context[1][0])
    args = getattr(err, "args", ())
    if len(args) > 1 and isinstance(args[1], tuple) and args[1]:
        return int(args[1][0])  # TokenError("EOF in multi-line statement", (line, col))
    return 1


def prepare_file(source: str, name: str) -> tuple[str, dict]:
    """The text to run for one student file, and what the checker must know about it.

    The info dict: ``python`` (2 or 3), ``division`` (True where Python 2's ``/``
    applies: a Python 2 file without ``from __future__ import division``), ``lines`` (the
    line map of a converted file), and ``error`` ({"error", "line"}) where neither Python
    3 nor the conversion can read the file.
    """
    error = _py3_error(source, name)
    python2 = error is not None or uses_python2_names(source)
    info: dict = {"python": 3, "division": False}
    if not python2:
        info["numpy_removed"] = removed_numpy_names(source)
        return source, info
    try:
        converted = _refactor(source, name, print_function=error is None)
    except ImportError:
        info["error"] = {"error": "fissix_missing", "line": error.lineno if error else 1}
        return source, info
    except Exception as err:  # fissix's ParseError or TokenError: broken in Python 2 too
        if error is None:
            return source, info  # valid Python 3 after all: run it as it is
        # Each grammar stops at the first line it cannot read: a Python 2 file's print
        # statement stops Python 3 early, Python 3 syntax unknown to fissix stops fissix
        # early; the mistake itself is where the later of the two stopped.
        line = max(error.lineno or 1, _parse_error_line(err))
        text = _syntax_text(error) if line == error.lineno else "SyntaxError: invalid syntax"
        info["error"] = {"error": text, "line": line}
        return source, info
    if isinstance(_py3_error(converted, name), TabError):
        converted = _expand_indent(converted)
    still = _py3_error(converted, name)
    lines = line_map(source, converted)
    if still is not None:
        line = lines[still.lineno - 1] if still.lineno and 0 < still.lineno <= len(lines) else 1
        info["error"] = {"error": _syntax_text(still), "line": line}
        return source, info
    info |= {"python": 2, "division": not has_future_division(source), "lines": lines}
    info["numpy_removed"] = removed_numpy_names(converted)
    return converted, info


def _syntax_text(err: SyntaxError) -> str:
    msg = (err.msg or "").splitlines()[0] if getattr(err, "msg", None) else ""
    return f"{type(err).__name__}: {msg}" if msg else type(err).__name__


def copy_folder(folder: Path, dest: Path, only: list[Path] | None = None) -> dict:
    """Copy the student's .py files (all of ``folder``'s, or ``only`` those) to ``dest``,
    Python 2 converted; return the manifest {relative path: info} (see
    :func:`prepare_file`)."""
    manifest = {}
    files = python_files(folder) if only is None else only
    for rel in files:
        src = folder / rel
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            text, info = prepare_file(read_source(src), rel.name)
        except OSError:
            continue
        target.write_text(text, encoding="utf-8")
        manifest[rel.as_posix()] = info
    return manifest


def clean_copy(dest: Path) -> None:
    shutil.rmtree(dest, ignore_errors=True)
