"""How the checker's worker imports a student's files (inside the sandbox).

- Every module of the student's folder is loaded by :class:`StudentLoader`: Python 2's
  ``/`` is kept where the file is Python 2 (two integers divide rounding down, and each
  place where that differs from Python 3 is recorded), and a module that raises while it
  is imported is kept as far as it got, the error recorded, instead of failing the file
  that imports it. A name it never defined becomes :class:`Unavailable`, which raises
  :class:`FromBroken` only when called: q2_neural imports q2_gradcheck as the starter
  code does, and a broken gradcheck must not stop the network's check.
- Line numbers are the student's own: those of a converted file are mapped back.
"""

from __future__ import annotations

import ast
import importlib.abc
import importlib.machinery
import operator
import sys
import traceback  # here, before a student's traceback.py could shadow it
import types
from pathlib import Path

import numpy as np


class TooSlow(BaseException):
    """Raised by the alarm; a BaseException, so a student's ``except Exception`` lets it by."""


class FromBroken(Exception):
    """A student module called a function of a sibling file that could not be imported."""

    def __init__(self, name: str, file: str, error: str, where: str):
        super().__init__(f"{name} from {file}")
        self.evidence = {"name": name, "file": file, "error": error, "where": where}


class State:
    """What the worker learns while the student's code runs."""

    def __init__(self, folder: Path, manifest: dict):
        self.folder = folder
        self.manifest = manifest
        self.errors: dict[str, BaseException] = {}  # module name -> its import error
        self.files: dict[str, str] = {}  # module name -> its file, relative to the folder
        self.divisions: dict[tuple[str, int], dict] = {}

    def rel(self, filename: str) -> str | None:
        try:
            return Path(filename).resolve().relative_to(self.folder).as_posix()
        except (ValueError, OSError):
            return None

    def line(self, rel: str, line: int | None) -> int | None:
        """The student's line for ``line`` of the copy of ``rel``."""
        lines = self.manifest.get(rel, {}).get("lines")
        if line and lines and 0 < line <= len(lines):
            return lines[line - 1]
        return line

    def where(self, err: BaseException) -> str:
        """ "in file, line N" for the deepest frame in the student's folder, or ""."""
        if isinstance(err, SyntaxError) and err.filename:
            rel = self.rel(err.filename)
            if rel is not None:
                known = self.manifest.get(rel, {}).get("error")
                line = known["line"] if known else self.line(rel, err.lineno)
                return f"in {rel}, line {line}"
        frames = [
            (rel, f.lineno)
            for f in _frames(err)
            if (rel := self.rel(f.filename)) is not None and not f.filename.startswith("<")
        ]
        if not frames:
            return ""
        rel, line = frames[-1]
        return f"in {rel}, line {self.line(rel, line)}"

    def import_error(self, module_name: str) -> dict | None:
        err = self.errors.get(module_name)
        if err is None:
            return None
        rel = self.files.get(module_name, module_name + ".py")
        known = self.manifest.get(rel, {}).get("error")
        if known:
            return {"error": known["error"], "where": f"in {rel}, line {known['line']}"}
        return {"error": error_text(err), "where": self.where(err)}


def _frames(err: BaseException):
    return traceback.extract_tb(err.__traceback__)


def error_text(err: BaseException) -> str:
    text = str(err).splitlines()[0] if str(err) else ""
    if isinstance(err, SyntaxError) and getattr(err, "msg", None):
        text = err.msg.splitlines()[0]
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


class Unavailable:
    """A name a broken student module never defined: calling it says why."""

    def __init__(self, name: str, file: str, info: dict):
        self._why = (name, file, info.get("error", ""), info.get("where", ""))

    def __call__(self, *args, **kwargs):
        raise FromBroken(*self._why)

    def __repr__(self) -> str:
        return f"<{self._why[0]} from {self._why[1]}, which could not be imported>"


class BrokenModule(types.ModuleType):
    """A student module whose import raised: what it defined before stays usable."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        state: State = self.__dict__["__metl_state__"]
        info = state.import_error(self.__name__) or {}
        return Unavailable(name, state.files.get(self.__name__, self.__name__), info)


# --- Python 2's / -------------------------------------------------------------------------


def _is_int(v) -> bool:
    if isinstance(v, (int, np.integer)):  # bool is an int, in Python 2 too
        return True
    return isinstance(v, np.ndarray) and v.dtype.kind in "iub"


def _show(v) -> str:
    if isinstance(v, np.ndarray):
        return f"an integer array of shape {v.shape}"
    if isinstance(v, (float, np.floating)):
        return f"{float(v):.8g}"
    return str(v)


def _helpers(state: State, rel: str) -> dict:
    """The functions the rewritten ``/`` and ``/=`` of one Python 2 file call."""

    def note(a, b, result, line):
        key = (rel, line)
        if key in state.divisions or len(state.divisions) >= 20:
            return
        with np.errstate(all="ignore"):
            true = np.true_divide(a, b)
            differs = np.asarray(true != result)
        if not differs.any():
            return  # 6 / 3: the same number in both
        at = tuple(np.argwhere(differs)[0]) if differs.ndim else ()
        py2, py3 = np.asarray(result)[at], np.asarray(true)[at]
        if differs.ndim:
            a_at = np.broadcast_to(np.asarray(a), differs.shape)[at]
            b_at = np.broadcast_to(np.asarray(b), differs.shape)[at]
        else:
            a_at, b_at = a, b
        state.divisions[key] = {
            "file": rel,
            "line": state.line(rel, line),
            "a": _show(a_at),
            "b": _show(b_at),
            "py2": _show(py2.item()),
            "py3": _show(py3.item()),
        }

    def div(a, b, line):
        if _is_int(a) and _is_int(b):
            result = a // b
            note(a, b, result, line)
            return result
        return a / b

    def idiv(a, b, line):
        if _is_int(a) and _is_int(b):
            result = operator.ifloordiv(a, b)  # in place for an array, as Python 2's /=
            note(a, b, result, line)
            return result
        return operator.itruediv(a, b)

    def idiv_item(obj, key, b, line):
        obj[key] = idiv(obj[key], b, line)

    def idiv_attr(obj, name, b, line):
        setattr(obj, name, idiv(getattr(obj, name), b, line))

    return {
        "__metl_div__": div,
        "__metl_idiv__": idiv,
        "__metl_idiv_item__": idiv_item,
        "__metl_idiv_attr__": idiv_attr,
        "__metl_slice__": slice,
    }


def _call(name: str, *args: ast.expr) -> ast.Call:
    return ast.Call(ast.Name(name, ast.Load()), list(args), [])


def _index(node: ast.expr) -> ast.expr:
    """A subscript's index as an expression (``a[1:3]`` → ``slice(1, 3, None)``)."""
    if isinstance(node, ast.Slice):
        parts = [
            p if p is not None else ast.Constant(None) for p in (node.lower, node.upper, node.step)
        ]
        return _call("__metl_slice__", *parts)
    if isinstance(node, ast.Tuple):
        return ast.Tuple([_index(e) for e in node.elts], ast.Load())
    return node


class Py2Division(ast.NodeTransformer):
    """``a / b`` → ``__metl_div__(a, b, line)``, and ``/=`` likewise, each operand evaluated
    once, as Python 2 evaluates them."""

    def visit_BinOp(self, node: ast.BinOp):
        self.generic_visit(node)
        if not isinstance(node.op, ast.Div):
            return node
        return ast.copy_location(
            _call("__metl_div__", node.left, node.right, ast.Constant(node.lineno)), node
        )

    def visit_AugAssign(self, node: ast.AugAssign):
        self.generic_visit(node)
        if not isinstance(node.op, ast.Div):
            return node
        line, t = ast.Constant(node.lineno), node.target
        if isinstance(t, ast.Name):
            value = _call("__metl_idiv__", ast.Name(t.id, ast.Load()), node.value, line)
            new = ast.Assign([ast.Name(t.id, ast.Store())], value)
        elif isinstance(t, ast.Subscript):
            new = ast.Expr(_call("__metl_idiv_item__", t.value, _index(t.slice), node.value, line))
        elif isinstance(t, ast.Attribute):
            new = ast.Expr(
                _call("__metl_idiv_attr__", t.value, ast.Constant(t.attr), node.value, line)
            )
        else:
            return node
        return ast.copy_location(new, node)


# --- the loader -----------------------------------------------------------------------------


class StudentLoader(importlib.machinery.SourceFileLoader):
    def __init__(self, fullname: str, path: str, state: State, target: str):
        super().__init__(fullname, path)
        self.state, self.target = state, target
        self.rel = state.rel(path) or Path(path).name

    def source_to_code(self, data, path, *, _optimize=-1):
        text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
        tree = ast.parse(text, path)
        if self.state.manifest.get(self.rel, {}).get("division"):
            tree = ast.fix_missing_locations(Py2Division().visit(tree))
        return compile(tree, path, "exec", dont_inherit=True)

    def exec_module(self, module):
        self.state.files[module.__name__] = self.rel
        module.__dict__["__metl_state__"] = self.state
        if self.state.manifest.get(self.rel, {}).get("division"):
            module.__dict__.update(_helpers(self.state, self.rel))
        try:
            super().exec_module(module)
        except TooSlow:
            raise
        except BaseException as err:  # SyntaxError, ImportError, SystemExit, a failed test...
            self.state.errors[module.__name__] = err
            module.__class__ = BrokenModule


class StudentFinder(importlib.abc.MetaPathFinder):
    """Finds the student's modules (and packages, such as utils/) in the copied folder."""

    def __init__(self, state: State, target: str):
        self.state, self.target = state, target

    def find_spec(self, fullname, path=None, target=None):
        where = [str(self.state.folder)] if path is None else list(path)
        if not any(self.state.rel(p) is not None for p in where):
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, where)
        if spec is None or not spec.origin or not spec.origin.endswith(".py"):
            return None
        if self.state.rel(spec.origin) is None:
            return None
        spec.loader = StudentLoader(fullname, spec.origin, self.state, self.target)
        return spec


def numpy_shims() -> None:
    """Put back the NumPy names old code uses and NumPy 1.24 / 2.0 removed (np.float, ...)."""
    values = {
        "float": float,
        "int": int,
        "object": object,
        "complex": complex,
        "str": str,
        "unicode": str,
        "float_": np.float64,
        "complex_": np.complex128,
        "string_": np.bytes_,
        "unicode_": np.str_,
        "Inf": np.inf,
        "PINF": np.inf,
        "NINF": -np.inf,
        "infty": np.inf,
        "NaN": np.nan,
        "product": np.prod,
        "cumproduct": np.cumprod,
        "alltrue": np.all,
        "sometrue": np.any,
        "round_": np.round,
        "asscalar": lambda a: np.asarray(a).item(),
    }
    for name, value in values.items():
        if name not in np.__dict__:  # not hasattr: that would warn for some of them
            setattr(np, name, value)


def install(state: State, target: str) -> None:
    sys.dont_write_bytecode = True
    numpy_shims()
    sys.path.insert(0, str(state.folder))
    sys.meta_path.insert(0, StudentFinder(state, target))
