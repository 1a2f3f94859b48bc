"""Everything a page shows, read as the student reads it: no placeholder left unfilled.

Issue 32 #13: the notes page's "Correct" parameter count ended in the literal "= count",
because the erratum path stripped the «count» marks without filling them in. In maths
type that reads as the product c·o·u·n·t. These tests read every text, formula, label
and browser-drawn datum of every page, with every fold open, plainly and presented.
"""

import json
import re

import pytest

from metl_core.teaching import backprop_steps as BP
from metl_core.teaching import notes as N
from pages.ui.registry import PAGES as PAGE_LIST

from pagetest import PAGES, assert_clean, formulas, open_page, unfolded

# The folds that ui.lazy_expander draws outside a page's fold list, opened by their link.
INNER = {
    "pages/1_Softmax.py": {"open_proof": "true"},
    "pages/2_Sigmoid.py": {"open_derivation": "true"},
    "pages/3_Cross_entropy_gradient.py": {"open_fd": "true"},
}
NOTES_PAGE = "pages/6_Notes_step_by_step.py"
MLP = "pages/4_MLP_backprop.py"
EXERCISES = "pages/8_Exercises.py"
MENU = {"softmax": "softmax", "sigma_prime": "sigma prime", "ce_grad": "CE gradient"}


def views() -> list[tuple[str, dict]]:
    """Every page with every fold open, and the variants that show other formulas: each
    step of the notes, each mistake of the MLP walk, each kind of exercise."""
    out = [(page, INNER.get(page, {})) for page in PAGES]
    out += [(NOTES_PAGE, {"nstep": str(step)}) for step in range(2, 7)]
    out += [(MLP, {"mistake": m.label}) for m in BP.MISTAKES.values()]
    out += [(EXERCISES, {"kind": k}) for k in ("sigma prime", "CE gradient", "backprop")]
    out += [(EXERCISES, {"kind": "parameter count"})]
    return out


VIEWS = [(page, query, present) for page, query in views() for present in (False, True)]


def _strings(node):
    """Every string a rendered element carries: values, labels, options, help, bodies."""
    for name in ("value", "label", "body", "help", "placeholder", "caption"):
        v = getattr(node, name, None)
        if isinstance(v, str):
            yield v
    for name in ("options",):
        v = getattr(node, name, None)
        if isinstance(v, (list, tuple)):
            yield from (o for o in v if isinstance(o, str))
    proto = getattr(node, "proto", None)
    if proto is not None and type(proto).__name__ == "BidiComponent" and proto.json:
        data = json.loads(proto.json)  # the data a browser-drawn part draws its text from
        if isinstance(data, str):
            data = json.loads(data)
        yield json.dumps(data, ensure_ascii=False)
    for child in getattr(node, "children", {}).values():
        yield from _strings(child)


def shown_text(at) -> list[str]:
    return [s for root in (at.main, at.sidebar) for s in _strings(root)]


def _template(entry: N.Entry) -> re.Pattern:
    """The entry's LaTeX with each «name» as a group that captures what fills it."""
    parts = re.split(r"«([A-Za-z0-9_]+)»", entry.latex)
    pattern, seen = "", set()
    for i, part in enumerate(parts):
        if i % 2 == 0:
            pattern += re.escape(part)
        elif part in seen:
            pattern += f"(?P={part})"
        else:
            pattern += f"(?P<{part}>.+?)"
            seen.add(part)
    return re.compile(pattern + "$", re.S)


FILLED = [e for e in N.REGISTRY.values() if e.values]


class TestNoPlaceholderIsShown:
    """The kind of error, not the instance: on every page and variant, plain and
    presented, nothing shown holds a « » mark, and no formula with numbers to fill in
    shows one of its placeholders' bare names (or nothing) where a number belongs."""

    @pytest.mark.parametrize(
        "page, query, present",
        VIEWS,
        ids=[f"{p.split('/')[1][:-3]}-{q}-{'present' if s else 'plain'}" for p, q, s in VIEWS],
    )
    def test_every_placeholder_shown_is_filled_in(self, page, query, present):
        q = {**unfolded(page), **query, **({"present": "1"} if present else {})}
        at = open_page(page, q)
        assert_clean(at)
        assert not [w.value for w in at.warning if "Ignored from the link" in w.value]
        texts = shown_text(at)
        assert texts, page
        marks = [t for t in texts if "«" in t or "»" in t]
        assert not marks, marks
        for latex in formulas(at):
            for entry in FILLED:
                m = _template(entry).match(latex)
                if not m:
                    continue
                for name, value in m.groupdict().items():
                    bare = value.strip().strip("{}").replace(r"\mathbf{", "").rstrip("}")
                    assert bare and bare != name, (entry.key, name, latex)

    def test_the_template_catches_a_stripped_placeholder(self):
        # The error of #13 as it was shown: the marks gone, the name left.
        entry = N.REGISTRY["param-count"]
        stripped = entry.latex.replace("«count»", "count")
        m = _template(entry).match(stripped)
        assert m and m["count"] == "count"
        assert _template(entry).match(entry.render(count="27"))["count"] == "27"

    def test_every_formula_with_values_is_shown_somewhere_here(self):
        # Otherwise the template check above would look at nothing.
        keys = {e.key for e in FILLED}
        topics = {t for e in FILLED for t in e.topics}
        assert keys >= {"param-count", "param-count-live", "exercise-backprop"}
        assert {e.file for e in PAGE_LIST if e.topic in topics} <= {page for page, _ in views()}
