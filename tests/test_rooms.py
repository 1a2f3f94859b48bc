"""metl_core's rooms hold: the maths needs only NumPy, every module reads in one sitting,
and no module depends on itself through others.

All three read the source (the AST of every module under metl_core/), so an import
inside a function counts as much as one at the top: it runs the first time the function
is called, and a cycle it closes only shows then.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import metl_core as M

PACKAGE = Path(M.__file__).resolve().parent
ROOT = PACKAGE.parent
MAX_LINES = 500
# Pure data, exempt from the length limit: each holds no function, class or lambda.
DATA_MODULES = {"metl_core/teaching/notes/data.py"}
FORBIDDEN = ("plotly", "streamlit")


def module_name(path: Path) -> str:
    parts = path.resolve().relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def room(package: str) -> list[str]:
    return [m for m in MODULES if m == package or m.startswith(package + ".")]


# Where NumPy and the standard library are all that may be reached: every module of the
# maths (and of text, which `import metl_core` loads), and `import metl_core` itself.
NUMPY_ONLY = {
    "metl_core.maths": room("metl_core.maths"),
    "metl_core.text": room("metl_core.text"),
    "import metl_core": ["metl_core"],
}


def _package_of(name: str) -> str:
    """The package a module's relative imports start from."""
    return name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]


def _imported(name: str) -> set[str]:
    """Every module ``name`` imports, as absolute names, wherever the import stands: at
    the top, in a function, under a condition, or as importlib.import_module("...")."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text(), str(MODULES[name]))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = _package_of(name).split(".")
                package = package[: len(package) - (node.level - 1)]
                base = ".".join(package + ([node.module] if node.module else []))
            for a in node.names:  # `from p import m` imports the module p.m where there is one
                found.add(f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", ""))
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return found


def _ancestors(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def import_graph() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(metl_core module -> the metl_core modules it makes Python run, -> the outside
    top-level packages it imports). Importing a.b.c runs the packages a and a.b first, so
    each counts, except those the importer is itself inside (already being imported)."""
    inner: dict[str, set[str]] = {}
    outer: dict[str, set[str]] = {}
    for name in MODULES:
        inner[name], outer[name] = set(), set()
        own = {*_ancestors(name), name}
        for target in _imported(name):
            if target.split(".")[0] != "metl_core":
                outer[name].add(target.split(".")[0])
                continue
            # `import metl_core.x.y` where y is a name in x, not a module: the module is x
            while target not in MODULES:
                target = target.rpartition(".")[0]
            inner[name] |= {m for m in (*_ancestors(target), target) if m not in own}
    return inner, outer


INNER, OUTER = import_graph()


def a_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path that ends where it starts, or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def reached(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo += graph[node]
    return seen


# --- the graph itself is read right --------------------------------------------------------


def test_the_graph_sees_imports_inside_functions_and_relative_ones():
    # fissix is imported only inside a function of the checker's file preparation.
    assert "fissix" in OUTER["metl_core.check.files"]
    # `from . import loader as I` in the checker's package: the module, not the package.
    assert "metl_core.check.loader" in INNER["metl_core.check.calls"]
    # metl_core's own package runs the maths, and every room's modules reach NumPy.
    assert "metl_core.maths.softmax" in reached(INNER, "metl_core")
    assert all("numpy" in OUTER[m] for m in ("metl_core.maths.mlp", "metl_core.mistakes.diagnose"))


def test_a_cycle_is_found_when_there_is_one():
    assert a_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert a_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


# --- the rules -----------------------------------------------------------------------------


def test_no_module_of_metl_core_depends_on_itself():
    cycle = a_cycle(INNER)
    assert cycle is None, "an import cycle: " + " -> ".join(cycle)


@pytest.mark.parametrize("where", sorted(NUMPY_ONLY))
def test_the_maths_imports_neither_plotly_nor_streamlit(where):
    """Followed through every module it reaches, imports inside functions included."""
    modules = set().union(*(reached(INNER, m) for m in NUMPY_ONLY[where]))
    used = {pkg: sorted(m for m in modules if pkg in OUTER[m]) for pkg in FORBIDDEN}
    assert not any(used.values()), used
    others = {pkg for m in modules for pkg in OUTER[m]} - set(sys.stdlib_module_names)
    assert others <= {"numpy"}, others


def test_importing_the_maths_loads_neither_plotly_nor_streamlit():
    """The same, as Python runs it: every module of metl_core.maths imported afresh."""
    maths = room("metl_core.maths") + room("metl_core.text")
    code = (
        f"import sys, metl_core; [__import__(m) for m in {maths!r}]; "
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(FORBIDDEN)!r}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
    assert len(maths) > 10  # the rooms are where this test looks


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_reads_in_one_sitting(name):
    rel = MODULES[name].relative_to(ROOT).as_posix()
    lines = len(MODULES[name].read_text().splitlines())
    if rel in DATA_MODULES:
        return  # held by the next test
    assert lines <= MAX_LINES, f"{rel} has {lines} lines: split it by what its parts do"


@pytest.mark.parametrize("rel", sorted(DATA_MODULES))
def test_a_module_exempt_from_the_length_is_pure_data(rel):
    tree = ast.parse((ROOT / rel).read_text())
    code = [
        type(n).__name__
        for n in ast.walk(tree)
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda))
    ]
    assert not code, f"{rel} is exempt as data, but defines {code}"
    docstring = [tree.body[0]] if ast.get_docstring(tree) else []
    statements = [n for n in tree.body if n not in docstring]
    kinds = {type(n).__name__ for n in statements}
    assert kinds <= {"Import", "ImportFrom", "Assign", "AnnAssign"}, kinds
    # An exemption that is no longer needed goes: the list names only what needs it.
    assert len((ROOT / rel).read_text().splitlines()) > MAX_LINES


def test_metl_core_knows_no_file_of_the_app():
    """The notes name topics, and the app's page list maps each to its page: no string in
    metl_core's code (docstrings aside) names a page file."""
    from pages.ui.registry import PAGES

    names = {e.file for e in PAGES} | {Path(e.file).stem for e in PAGES if e.file[6].isdigit()}
    found = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text())
        docstrings = {
            id(n.body[0].value)
            for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef)) and ast.get_docstring(n)
        }
        found += [
            (name, node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and any(page in node.value for page in names)
        ]
    assert not found, found
    assert len(names) > 10  # the page list is where this test looks


def test_one_alias_per_module_and_no_alias_for_two_modules():
    """ruff (ICN001) makes every import of a module listed in pyproject.toml use its
    alias; the list itself must give no two modules the same one (FT once meant two)."""
    import tomllib

    config = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())
    aliases = config["tool"]["ruff"]["lint"]["flake8-import-conventions"]["extend-aliases"]
    assert "ICN" in config["tool"]["ruff"]["lint"]["select"]
    assert len(set(aliases.values())) == len(aliases), aliases
    assert {"metl_core.figures.teach", "metl_core.figures.text"} <= set(aliases)
