"""Helpers for AppTest: open a page through the home script, read charts and numbers."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

from pages.ui.registry import PAGES as ENTRIES
from pages.ui.registry import TOPICS

ROOT = Path(__file__).resolve().parent.parent
PAGES = [entry.file for entry in TOPICS]  # every page but home, from the one page list
EXPLORER = [entry.file for entry in TOPICS if entry.explorer]  # not the class poll's


def open_page(
    page: str | None = None,
    query: dict[str, str] | None = None,
    state: dict | None = None,
    folded: bool = False,
) -> AppTest:
    """Run ``page`` (a path such as "pages/1_Softmax.py", or None for home) and return it.

    Every fold of the page (``ui.fold``) is opened by its link parameter unless ``folded``
    or ``query`` says otherwise, so tests see the whole page. ``state`` sets session state
    first (an expander opened by its key, say)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    opened = {} if folded or page is None else unfolded(page)
    for k, v in {**opened, **(query or {})}.items():
        at.query_params[k] = v
    for k, v in (state or {}).items():
        at.session_state[k] = v
    if page:
        at.switch_page(page)
    return at.run()


def unfolded(page: str) -> dict[str, str]:
    """The link parameters that open every fold of ``page``, from the page list."""
    return next(e.unfolded for e in ENTRIES if e.file == page)


def _decode(obj):
    """Turn Plotly's {"dtype", "bdata"} arrays back into numpy, recursively."""
    if isinstance(obj, dict):
        if set(obj) >= {"dtype", "bdata"}:
            arr = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=np.dtype(obj["dtype"]))
            if "shape" in obj:  # "61, 61" in the JSON
                arr = arr.reshape([int(n) for n in str(obj["shape"]).split(",")])
            return arr
        return {k: _decode(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_decode(v) for v in obj]
    return obj


def figures(at: AppTest) -> dict[str, dict]:
    """Every Plotly chart on the page, decoded, by the key it was given."""
    out = {}
    for el in at.get("plotly_chart"):
        key = el.proto.id.rsplit("-", 1)[-1]
        out[key] = _decode(json.loads(el.proto.spec))
    return out


def drawn_by_browser(at: AppTest, field: str, value=None) -> dict:
    """The data the page sent the first of its browser-drawn components whose data has
    ``field`` (equal to ``value``, when given)."""
    for el in at.get("bidi_component"):
        data = json.loads(el.proto.json)
        if isinstance(data, str):  # sent as one JSON text (pages/ui/step_walk.py, live_train)
            data = json.loads(data)
        if field in data and (value is None or data[field] == value):
            return data
    raise AssertionError(f"no component drawn from data with {field!r} on the page")


def walk(at: AppTest, part: str = "top") -> dict:
    """The data the MLP page's step view (``pages/ui/step_walk.py``) draws its ``part``
    from, with ``view``: the step the server shows, as the browser draws it on load."""
    data = drawn_by_browser(at, "part", part)
    return {**data, "view": data["views"][data["at"]], "step": data["order"][data["at"]]}


def trace(at: AppTest, key: str, index: int = 0, axis: str = "y") -> np.ndarray:
    """One trace's data along ``axis`` from the chart with ``key``."""
    return np.asarray(figures(at)[key]["data"][index][axis], dtype=float)


def vector_rows(at: AppTest, key: str) -> list[np.ndarray]:
    """The vectors of a :func:`metl_core.figures.vector_heatmaps` chart, row by row."""
    values = np.asarray(figures(at)[key]["data"][0]["customdata"], dtype=float)
    return [row[~np.isnan(row)] for row in values]


_ESCAPED = re.compile(r"\\(.)")


def _cells(line: str) -> list[str]:
    """A Markdown table row's cells, unescaped (ui.text.markdown_table escapes with \\)."""
    parts = re.split(r"(?<!\\)\|", line.strip())[1:-1]
    return [_ESCAPED.sub(r"\1", part).strip() for part in parts]


def parse_table(markdown: str) -> dict[str, list[str]]:
    """A Markdown table as the page shows it: its columns of cell text, by heading
    (the row labels, when there are, under the heading "")."""
    lines = [ln for ln in markdown.strip().splitlines() if ln.startswith("|")]
    head = _cells(lines[0])
    rows = [_cells(ln) for ln in lines[2:]]
    return {h: [r[i] for r in rows] for i, h in enumerate(head)}


def _blocks(node, prefix: str):
    """Every container keyed ``prefix...`` under ``node``, depth first."""
    for child in getattr(node, "children", {}).values():
        if (getattr(child, "key", None) or "").startswith(prefix):
            yield child
        yield from _blocks(child, prefix)


def metrics(at: AppTest) -> dict[str, str]:
    """Every labelled number on the page: st.metric, and each row of ui.numbers."""
    out = {m.label: m.value for m in at.metric}
    for box in _blocks(at.main, "numbers-"):
        for md in box.markdown:
            for item in md.value.split("\n\n"):  # "label  \n**value**" (ui.text)
                label, value = item.split("  \n")
                out[_ESCAPED.sub(r"\1", label)] = _ESCAPED.sub(r"\1", value.strip("*"))
    return out


def tables(at: AppTest) -> list[dict[str, list[str]]]:
    """Every table of the page (ui.table and ui.checks), in order, as parse_table reads it;
    the rows of ui.numbers are metrics, not tables."""
    numbers = {id(md) for box in _blocks(at.main, "numbers-") for md in box.markdown}
    return [
        parse_table(md.value)
        for md in at.main.markdown
        if md.value.lstrip().startswith("|") and id(md) not in numbers
    ]


def numbers_of(column: list[str]) -> np.ndarray:
    """A table column of numbers as ui.fmt writes them (NaN, inf and −inf by name)."""
    return np.array([float(v.replace("−", "-")) for v in column])


def checks(at: AppTest) -> dict[str, tuple[str, str]]:
    """Every numeric check on the page (ui.checks): label -> (verdict, note)."""
    out = {}
    for t in tables(at):
        if list(t) == ["check", "verdict", "difference"]:
            out |= dict(
                zip(t["check"], zip(t["verdict"], t["difference"], strict=True), strict=True)
            )
    return out


def widget(at: AppTest, kind: str, key: str):
    """The widget of ``kind`` (e.g. "slider", "text_input") with ``key``."""
    for w in getattr(at, kind):
        if w.key == key:
            return w
    raise KeyError(f"no {kind} with key {key!r}")


def assert_clean(at: AppTest) -> None:
    """No exception element on the page."""
    assert not at.exception, [e.value for e in at.exception]


def page_css(at: AppTest) -> str:
    """The style the page sent (its one style element: ui.page; and any of its own)."""
    return "".join(
        el.proto.body for el in at.get("html") if "<style>" in getattr(el.proto, "body", "")
    )


_DISPLAY = re.compile(r"\$\$\n(.*?)\n\$\$", re.S)


def formulas(at: AppTest) -> list[str]:
    """The LaTeX of every formula on the page, in order: each st.latex (ui.formula), and
    each display formula inside Markdown (an erratum's two)."""
    out = [el.value.strip().removeprefix("$$").removesuffix("$$").strip() for el in at.latex]
    for el in at.main.get("markdown"):
        out += [f.strip() for f in _DISPLAY.findall(el.value)]
    return out
