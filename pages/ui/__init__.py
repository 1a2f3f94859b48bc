"""Streamlit helpers shared by the pages: layout, safe messages and parsed inputs.

Not a page itself: Streamlit lists only the *.py files directly inside pages/.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.errors import StreamlitAPIException
from streamlit.runtime.scriptrunner import get_script_run_ctx

import metl_core as M
from metl_core.figures import text as FT
from metl_core.teaching import notes as N
from metl_core.text.parsing import ParseError
from pages.ui import in_browser, menu
from pages.ui import streamlit_private as private
from pages.ui.registry import COMMON_SECTIONS, HOME, PAGES, PageEntry
from pages.ui.text import (  # noqa: F401  (re-exported for the pages)
    cell,
    echo,
    error_text,
    escape_md,
    fmt,
    human_bytes,
    markdown_table,
    near_one,
    numbers_markdown,
    vector_text,
)

_SAFE_KEY = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


class Page:
    """What :func:`page` set up; call :meth:`finish` once every widget exists."""

    def __init__(self, url_before, notice_slot, entry: PageEntry = HOME, view=None) -> None:
        self.url_before = url_before
        self.notice_slot = notice_slot
        self.entry = entry
        self.view = view or View()

    def finish(self) -> None:
        """Say which values from the link were ignored (Streamlit drops invalid ones)."""
        ignored = ignored_url_values(self.url_before)
        if ignored:
            shown = ", ".join(f"{echo(k)} = {echo(v)}" for k, v in ignored)
            self.notice_slot.warning(
                f"Ignored from the link: {shown}. Not a valid value here, so the default is "
                "shown instead."
            )
        if self.entry.menu:  # a page reached by its own link (a student's) is not shared
            share_panel(self.entry, self.view)


def presenting() -> bool:
    """Presentation mode, switched on by ``?present=1`` in the URL."""
    return st.query_params.get("present", "").lower() in ("1", "true", "yes", "on")


def current_entry() -> PageEntry:
    """The page list's entry of the page being run."""
    ctx = get_script_run_ctx()
    info = ctx.pages_manager.get_pages().get(ctx.page_script_hash) if ctx else None
    if info:
        path = Path(info["script_path"]).resolve()
        root = Path(ctx.main_script_path).resolve().parent
        for entry in PAGES:
            if root / entry.file == path:
                return entry
    return HOME


@dataclasses.dataclass(frozen=True)
class View:
    """What a link asks to hide or focus on, read against the page list's names.

    ``hide`` holds the names this page accepts (sections, then widget keys), ``focus``
    the one section to show alone (or ""), ``unknown`` every other name the link gave.
    """

    hide: tuple[str, ...] = ()
    focus: str = ""
    unknown: tuple[str, ...] = ()


def requested_view(params: dict[str, list[str]], entry: PageEntry) -> View:
    """The :class:`View` that ``hide=a,b`` and ``focus=s`` in ``params`` ask of ``entry``.

    Only the page list's names of the page qualify, never the controls that stop or
    reset, so a link cannot leave a running Playground without Pause. A name of another
    page, a misspelt one or one of those controls is kept in ``unknown``, to be reported.
    """
    accepted = set(entry.view_names)
    raw = ",".join(params.get("hide", []))
    names = [part.strip() for part in raw.split(",") if part.strip()]
    hide = tuple(dict.fromkeys(k for k in names if k in accepted))
    unknown = [k for k in names if k not in accepted]
    focus = ""
    for f in (v.strip() for v in params.get("focus", []) if v.strip()):
        if f in entry.sections and not focus:
            focus = f
        else:
            unknown.append(f)
    return View(hide, focus, tuple(dict.fromkeys(unknown)))


def hidden_controls(entry: PageEntry | None = None) -> list[str]:
    """Widget keys and section names in ``?hide=a,b`` that this page lets hide."""
    params = {k: st.query_params.get_all(k) for k in ("hide",)}
    return list(requested_view(params, entry or current_entry()).hide)


def _hidden_selectors(name: str, entry: PageEntry) -> list[str]:
    """CSS selectors of what hiding ``name`` hides (names from the page list only)."""
    if name == "errata":
        return ["[class*='st-key-erratum-']"]
    if name in entry.folds:  # a fold is its own expander, keyed open_<name>
        return [f".st-key-open_{name}"]
    if name in COMMON_SECTIONS or name in entry.sections:
        return [f".st-key-section-{name}"]
    # A control, and the preset buttons that fill it in (a container keyed <key>-presets).
    return [f".st-key-{name}", f"[class*='st-key-{name}-presets']"]


DARK_RED = "#ff8a94"  # 9.3:1 on black, and black on it


def _presentation_css(view: View, entry: PageEntry) -> str:
    rules = [
        # No sidebar, no explanations, larger type for the back of a lecture hall.
        "[data-testid=stSidebar], [data-testid=stSidebarCollapsedControl] {display: none;}",
        # Room above the title for Streamlit's fixed header, so the title is not clipped.
        "[data-testid=stMainBlockContainer] {max-width: 100%; padding: 4rem 3rem 1.5rem;}",
        "[data-testid=stMarkdownContainer] p, [data-testid=stWidgetLabel] p {font-size: 1.35rem;}",
        "[data-testid=stMarkdownContainer] li, [data-testid=stCaptionContainer] p "
        "{font-size: 1.2rem;}",
        "[data-testid=stMetricValue] * {font-size: 2.6rem !important;}",
        ".katex {font-size: 1.6em;}",
        "h1 {font-size: 3.2rem !important;}",
        f"{FOLD_LABEL} {{font-size: 2rem !important;}}",
        # Typed values, dropdowns and buttons as large as the labels.
        "[data-testid=stTextInputRootElement] input, [data-testid=stNumberInputContainer] input,"
        " [data-testid=stSelectbox] input, [data-testid=stMultiSelect] input,"
        " [data-testid=stBaseButton-secondary] p {font-size: 1.35rem !important;}",
        "[data-testid=stTextInputRootElement], [data-testid=stNumberInputContainer],"
        " [data-testid=stSelectbox] [role=group] {min-height: 3rem;}",
        # Slider values larger and lifted clear of the track; the min and max below it.
        "[data-testid=stSliderThumbValue] {font-size: 1.3rem; top: -2.6rem;}",
        "[data-testid=stSlider] {padding-top: 1rem;}",
        # ... and the label lifted clear of the value (they overlapped at 1.35rem).
        "[data-testid=stSlider] [data-testid=stWidgetLabel] {margin-bottom: 1.5rem;}",
        "[data-testid=stSliderTickBar] {font-size: 1.1rem;}",
        # Tables are drawn as HTML tables when presenting (ui.table), so type can grow.
        "[data-testid=stTable] td, [data-testid=stTable] th,"
        " [data-testid=stMarkdownContainer] td, [data-testid=stMarkdownContainer] th"
        " {font-size: 1.3rem;}",
        # A selected segment's red on its pink: 6.1:1; a darker red has 9:1 (the dark theme's
        # rule, more specific, keeps its light red).
        "[data-testid=stButtonGroup] button[data-selected=true] p {color: #7a1c21 !important;}",
        # Captions opaque: Streamlit draws them at 60 % opacity, under 7:1 for any text colour.
        "[data-testid=stCaptionContainer] {opacity: 1 !important;}",
        # On the dark theme (marked by pages/ui/in_browser.py) no one red reaches 7:1 both
        # as slider values on black and under the Run button's white label: a light red
        # for both, the label in black (9.3:1 each way).
        f"html[data-metl-theme=dark] [data-testid=stSliderThumbValue] p {{color: {DARK_RED}"
        " !important;}",
        # (A form's primary button, such as a poll's Send, has a testid of its own.)
        "html[data-metl-theme=dark] [data-testid=stBaseButton-primary],"
        " html[data-metl-theme=dark] [data-testid=stBaseButton-primaryFormSubmit]"
        f" {{background-color: {DARK_RED} !important; border-color: {DARK_RED} !important;}}",
        "html[data-metl-theme=dark] [data-testid=stBaseButton-primary] p,"
        " html[data-metl-theme=dark] [data-testid=stBaseButton-primaryFormSubmit] p"
        " {color: #000000 !important;}",
    ]
    hidden = list(view.hide)
    if view.focus:
        hidden += [s for s in entry.sections if s != view.focus]
    for name in dict.fromkeys(hidden):  # only names from the page list reach this HTML
        rules += [f"{sel} {{display: none;}}" for sel in _hidden_selectors(name, entry)]
    return "\n".join(rules)


# Focus and reduced motion (#20 items 3, 4). The browser's prefers-reduced-motion reaches
# CSS only (the server cannot read it, and the proxy's CSP refuses the blob: scripts a
# component would need), so CSS does it: no transition or animation anywhere, and of the
# two controls :func:`moving` and :func:`still` wrap, only the still one is shown.
# ``?motion=reduce`` applies the same rules without the preference (a shared link).
_REDUCE = (
    "*, *::before, *::after {animation-duration: 0.01ms !important;"
    " animation-iteration-count: 1 !important; transition-duration: 0.01ms !important;"
    " transition-delay: 0s !important; scroll-behavior: auto !important;}"
    " [class*='st-key-motion-moving-'] {display: none !important;}"
)
_FULL = "[class*='st-key-motion-still-'] {display: none !important;}"
# Streamlit marks a focused page link or table-toolbar button by a 15 % grey background
# only, too faint to see (WCAG 2.4.7); an outline in the text colour, in either theme.
# A formula that scrolls sideways is focusable (pages/ui/in_browser.py) and shows it too.
_FOCUS = (
    "[data-testid=stPageLink-NavLink]:focus-visible,"
    " [data-testid=stBaseButton-elementToolbar]:focus-visible,"
    " .katex-display[tabindex]:focus-visible,"
    " [data-testid=stMarkdownContainer] table[tabindex]:focus-visible,"
    " [data-testid=stSidebarNavLink]:focus-visible"
    " {outline: 2px solid currentColor !important; outline-offset: 1px;}"
)


def reduced_motion() -> bool:
    """Whether ``?motion=reduce`` asked for reduced motion; kept for the session, since
    page links drop the query string; ``?motion=full`` clears it."""
    asked = st.query_params.get("motion", "").lower()
    if asked in ("reduce", "full"):
        st.session_state["_motion_reduce"] = asked == "reduce"
    return bool(st.session_state.get("_motion_reduce", False))


# A fold's label is its section's heading (ui.fold): set like one, not like a caption.
FOLD_LABEL = "[class*='st-key-open_'] > [data-testid=stExpander] > details > summary p"
_FOLDS = f"{FOLD_LABEL} {{font-size: 1.4rem; font-weight: 600;}}"
# On a phone a fold's own side padding (1 rem each side) took the width its heatmaps'
# cell numbers need.
_NARROW = (
    "@media (max-width: 640px) {[data-testid=stExpanderDetails]"
    " {padding-left: 0.25rem; padding-right: 0.25rem;}}"
)


# Wide formulas and tables scroll sideways instead of being cut off on a narrow screen;
# a row of labelled numbers (ui.numbers) is set large, like Streamlit's metrics.
_KATEX = (
    ".katex-display {overflow-x: auto; overflow-y: hidden}"
    " [data-testid=stMarkdownContainer] table {display: block; overflow-x: auto;}"
    " [class*='st-key-numbers-'] [data-testid=stMarkdownContainer]"
    " {display: flex; flex-wrap: wrap; gap: 0.25rem 2rem;}"
    " [class*='st-key-numbers-'] p {margin: 0;}"
    " [class*='st-key-numbers-'] strong {font-size: 1.75rem; font-weight: 400; line-height: 1.3;}"
    # The selected segment of a segmented control, in the dark theme: Streamlit's dark
    # primary on its tinted background has 4.3:1 (under AA); the light red has 8:1.
    f" html[data-metl-theme=dark] [data-testid=stButtonGroup] button[data-selected=true] p"
    f" {{color: {DARK_RED} !important;}}"
)


def _frame_css(forced: bool) -> str:
    """Every page's fixed rules: visible focus, the phone's folds, and motion as the browser
    or link asks."""
    if forced:
        return f"{_KATEX} {_FOCUS} {_FOLDS} {_NARROW} {_REDUCE}"
    return (
        f"{_KATEX} {_FOCUS} {_FOLDS} {_NARROW}"
        f" @media (prefers-reduced-motion: reduce) {{{_REDUCE}}}"
        f" @media not (prefers-reduced-motion: reduce) {{{_FULL}}}"
    )


def _page_css(view: View, entry: PageEntry) -> str:
    """The page's one style element: the fixed rules, and presentation mode's when on."""
    rules = _frame_css(reduced_motion())
    if presenting():
        rules += "\n" + _presentation_css(view, entry)
    return f"<style>{rules}</style>"


def moving(key: str):
    """A container for a control that starts motion (Play): hidden under reduced motion."""
    return st.container(key=f"motion-moving-{key}")


def still(key: str):
    """A container for its still counterpart (Next step): shown only under reduced motion."""
    return st.container(key=f"motion-still-{key}")


def fold(label: str, name: str):
    """A part of the page folded under ``label`` and built only while it is open::

        box = ui.fold("Shapes, checked", "shapes")
        if box.open:
            with box:
                ...

    The fold is the page's section ``name`` (a link can hide it). A closed fold costs the
    page one element instead of its charts and tables, on every rerun and in the browser.
    Bound to the URL as ``open_<name>``, so a link can open it; ``focus=<name>`` opens it.
    """
    return lazy_expander(label, name, expanded=st.query_params.get("focus", "") == name)


def demo(name: str, draw: Callable[[], tuple], folds: tuple[str, ...] = ()) -> tuple:
    """Draw the page's demo with ``draw()``, as a fragment: a control moved inside it
    reruns only the demo, not the page, which is what lets a class share one server.

    ``draw()`` returns the inputs that the rest of the page reads; they come back from
    here. When they change in a rerun of the demo alone while one of ``folds`` (the
    page's folds that read them) is open, the whole page runs again, so that no open
    fold shows numbers of the inputs before.
    """
    slot = f"_demo_{name}"

    @st.fragment
    def run() -> None:
        inputs = draw()
        held = st.session_state.get(slot, inputs)
        st.session_state[slot] = inputs
        if (
            private.in_fragment_rerun()
            and not _equal(held, inputs)
            and any(st.session_state.get(f"open_{f}") for f in folds)
        ):
            st.rerun(scope="app")

    run()
    return st.session_state[slot]


def lazy_expander(label: str, key: str, expanded: bool = False):
    """An expander whose content the page builds only while it is open (``if box.open``):
    closed, it is one element; bound to the URL as ``open_<key>``."""
    return st.expander(
        label, expanded=expanded, key=f"open_{key}", bind="query-params", on_change="rerun"
    )


def section(name: str):
    """A named part of the page (``with ui.section("shift"):``) that a link can hide or
    focus on; the name must be in the page list's ``sections`` of the page."""
    return st.container(key=f"section-{name}")


def _url_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def _carried(target: PageEntry) -> dict[str, str]:
    """The presentation parameters a link to ``target`` keeps: present, and the hidden
    names and focus that ``target`` also has (another page's names would be reported)."""
    if not presenting():
        return {}
    view = requested_view(_url_params(), current_entry())
    out = {"present": "1"}
    hide = [k for k in view.hide if k in target.view_names]
    if hide:
        out["hide"] = ",".join(hide)
    if view.focus and view.focus in target.sections:
        out["focus"] = view.focus
    return out


def page_link(file: str, label: str, icon: str = "➡️", query_params=None) -> None:
    """``st.page_link`` to another page that keeps presentation mode and its hidden set;
    an arrow unless ``icon`` says otherwise."""
    target = next((e for e in PAGES if e.file == file), HOME)
    params = {**(query_params or {}), **_carried(target)}
    st.page_link(file, label=label, icon=icon, query_params=params or None)


def share_link(base: str, params: dict[str, list[str]], present: bool, hide, focus: str) -> str:
    """The link to ``base`` with the page's ``params`` and the chosen presentation view."""
    from urllib.parse import urlencode

    kept = [(k, v) for k, vs in params.items() if k not in ("present", "hide", "focus") for v in vs]
    if present:
        kept.append(("present", "1"))
    if hide:
        kept.append(("hide", ",".join(hide)))
    if focus:
        kept.append(("focus", focus))
    query = urlencode(kept, safe=",")
    return f"{base}?{query}" if query else base


def share_panel(entry: PageEntry, view: View) -> None:
    """A panel that builds the link for this view, with a copy button, and lists the names
    ``hide=`` accepts here; in the sidebar, or at the foot of the page when presenting."""
    # Built only while open: a closed panel is one element per rerun instead of six.
    where = (st.container() if presenting() else st.sidebar).expander(
        "Share this view", key="_share_open", on_change="rerun"
    )
    if not where.open:
        if view.unknown and not presenting():
            st.sidebar.warning(_unknown_text(view, entry))
        return
    with where:
        present = st.checkbox("presentation mode", value=presenting(), key="_share_present")
        hide = st.multiselect("hide", entry.view_names, default=list(view.hide), key="_share_hide")
        none = "(the whole page)"
        focus = st.selectbox(
            "show one section alone",
            [none, *entry.sections],
            index=(1 + entry.sections.index(view.focus)) if view.focus else 0,
            key="_share_focus",
        )
        base = st.context.url or f"{home_href()}{entry.url_path}"
        link = share_link(base, _url_params(), present, hide, "" if focus == none else focus)
        # A fenced block: Streamlit draws it with a copy button, and the page's own st.code
        # elements stay the page's. urlencode leaves no backtick or newline in the link.
        st.markdown(f"```text\n{link.replace('`', '%60')}\n```")
        st.caption(
            "hide= accepts here: "
            + ", ".join(entry.view_names)
            + ". focus= accepts: "
            + (", ".join(entry.sections) or "(no sections on this page)")
            + "."
        )
        if view.unknown and not presenting():  # when presenting, the page says it at the top
            st.warning(_unknown_text(view, entry))


def _unknown_text(view: View, entry: PageEntry) -> str:
    shown = ", ".join(echo(k) for k in view.unknown)
    return (
        f"Not on this page, so not hidden or focused: {shown}. hide= accepts "
        f"{escape_md(', '.join(entry.view_names))}; focus= accepts "
        f"{escape_md(', '.join(entry.sections) or 'nothing here')}."
    )


_SWITCH = "_ui_switch_soon"


def switch_soon(file: str, query_params: dict[str, str]) -> None:
    """Go to the page ``file`` with ``query_params`` at the start of the next run: for a
    widget's callback, where Streamlit cannot switch pages yet (the page list of the run is
    not known), nor later in the run once a widget bound to the link exists."""
    st.session_state[_SWITCH] = (file, query_params)


def page(title: str, lead: str) -> Page:
    """Page config, the page's style, the title and a one-line lead.

    The menu is Streamlit's own (``st.navigation`` in app.py), drawn by the browser from
    one message; a page open sends only what is below.
    """
    menu.ensure()
    target = st.session_state.pop(_SWITCH, None)
    if target:
        st.switch_page(target[0], query_params=target[1])
    # "auto" collapses the sidebar on a phone.
    st.set_page_config(
        page_title=f"{title} · METL Explorer",
        page_icon="🧮",
        layout="wide",
        initial_sidebar_state="auto",
    )
    url_before = _url_params()
    _drop_overflowing_numbers(url_before)
    entry = current_entry()
    view = requested_view(url_before, entry)
    # One style element: fixed rules, and when presenting only names from the page list.
    st.html(_page_css(view, entry))
    in_browser.mount()
    with section("title"):
        st.title(title, anchor=False)
        explain(lead, caption=True)
    if presenting() and view.unknown:
        st.warning(_unknown_text(view, entry))
    return Page(url_before, st.empty(), entry, view)


def home_href() -> str:
    """The root of the app, under ``server.baseUrlPath`` when one is set."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/" if base else "/"


def explain(text: str, caption: bool = False) -> None:
    """Explanatory Markdown; not sent in presentation mode, where the room reads the
    charts and the teacher says the rest."""
    if not presenting():
        (st.caption if caption else st.markdown)(text)


def memo(key: str, inputs: tuple, build: Callable):
    """``build()``, reused while ``inputs`` are what they were last time in this session.

    For figures and computations that a rerun would otherwise redo unchanged: a slider
    elsewhere on the page reruns the script, not the inputs of this part. Numbers,
    strings, arrays and tuples of them compare by value; any other object only as the
    same object (a training state is replaced, never changed, when it moves on).
    """
    slot = f"_memo_{key}"
    held = st.session_state.get(slot)
    if held is not None and _equal(held[0], inputs):
        return held[1]
    value = build()
    st.session_state[slot] = (inputs, value)
    return value


def _equal(a, b) -> bool:
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.shape == b.shape and a.dtype == b.dtype and bool(np.array_equal(a, b))
    if isinstance(a, (int, float, str, bytes, bool, type(None))):
        return a == b
    if isinstance(a, tuple):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    return False  # other objects count as the same only when they are the same object


def read_only(obj):
    """``obj`` with every NumPy array among its dataclass fields made read-only.

    For what ``st.cache_resource`` returns: one object shared by every session, so a
    write by one page (or one student's session) must fail instead of changing the others'.
    """
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return obj


def download(label: str, data, file_name: str, key: str) -> None:
    """A download button for CSV or JSON text, typed by the file name's ending.

    ``data`` may be a callable: Streamlit then builds the file only when it is clicked,
    instead of on every rerun.
    """
    mime = "application/json" if file_name.endswith(".json") else "text/csv"
    st.download_button(label, data, file_name=file_name, mime=mime, key=key, icon="⬇️")


def _same(raw: list[str], value) -> bool:
    """Whether the URL strings ``raw`` denote the widget's ``value``."""
    values = value if isinstance(value, (tuple, list)) else [value]
    if len(raw) != len(values):
        return False
    for r, v in zip(raw, values, strict=True):
        if isinstance(v, bool):
            if r.strip().lower() != str(v).lower():
                return False
        elif isinstance(v, (int, float)):
            try:
                if float(r) != float(v):
                    return False
            except ValueError:
                return False
        elif str(r) != str(v):
            return False
    return True


def respell(raw: str, options, format_func: Callable = str) -> str | None:
    """How the widget writes the option that the URL text ``raw`` denotes, or None.

    "3" denotes the option 3.0, which a select_slider writes "3.0": a value equal to an
    option is that option, whatever its spelling. Text that names no option gives None.
    """
    text = str(raw).strip()
    spelt = [format_func(o) for o in options]
    if text in spelt:
        return text
    try:
        number = float(text)
    except ValueError:
        return None
    for option, written in zip(options, spelt, strict=True):
        numeric = isinstance(option, (int, float, np.number)) and not isinstance(option, bool)
        if numeric and float(option) == number:
            return written
    return None


_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _drop_overflowing_numbers(params: dict[str, list[str]]) -> None:
    """Keep from the widgets a link's number too large for a float (``n=1e999``, 5,000
    digits): Streamlit seeds an integer input with ``int(float(text))``, which raises on
    it and breaks the page. The widget keeps its default and :meth:`Page.finish` reports
    the value as ignored, like any other it did not take."""
    for key, raw in params.items():
        one = raw[0].strip() if len(raw) == 1 else ""
        if _NUMBER.fullmatch(one) and not np.isfinite(float(one)):
            private.set_link_value(key, None)
            # And out of the address bar, as widgets do with what they refuse; not when
            # typed into a bound text field, whose widget owns the URL's value.
            with contextlib.suppress(StreamlitAPIException):
                st.query_params.pop(key, None)


def url_option(
    key: str, options, format_func: Callable = str, aliases: dict[str, str] | None = None
) -> None:
    """Call just before a bound select_slider, selectbox or radio with ``key``.

    Streamlit seeds the widget from the link only when the text is exactly an option as
    the widget writes it, so ``lr=3`` for the option 3.0 was dropped and reported as
    ignored. This rewrites such a value to the widget's spelling before it reads the link;
    ``aliases`` maps other names of an option to its spelling (``yhat`` for ``ŷ``).
    """
    raw = st.query_params.get_all(key)
    if len(raw) != 1:
        return
    spelt = (aliases or {}).get(raw[0].strip()) or respell(raw[0], options, format_func)
    if spelt is None or spelt == raw[0]:
        return
    private.set_link_value(key, spelt)


def ignored_url_values(before: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(key, value) pairs of the link that a widget on this page did not take.

    A bound widget removes its parameter from the URL when the value is invalid and also
    when it equals the default; only the first case is reported.
    """
    ignored = []
    for key, raw in before.items():
        if key not in st.session_state or key in st.query_params:
            continue
        if not _same(raw, st.session_state[key]):
            ignored.append((key, ", ".join(raw)))
    return ignored


# How each kind of wrong version is introduced beside the correct formula.
_WRONG_HEADING = {
    N.NOTES: ("Where the notes go wrong.", "The notes write"),
    N.UNCLEAR: ("Where the notes are unclear.", "The notes write"),
    N.VARIANT: ("A classic mistake, not one the notes make.", "A deliberately wrong variant"),
}


def _filled(latex: str, key: str) -> str:
    # A «name» left in a formula would print as a product of letters (c·o·u·n·t).
    if "«" in latex or "»" in latex:
        raise ValueError(f"{key}: a «placeholder» is not filled in: {latex}")
    return latex


def formula(key: str, **values) -> None:
    """The registry entry's correct formula, with any numbers it takes filled in."""
    st.latex(_filled(N.REGISTRY[key].render(**values), key))


def erratum(key: str, lead: str = "", **values) -> None:
    """The registry entry's wrong version, then its correct formula (with the numbers it
    takes filled in, as :func:`formula` does), with the reason: one bordered box, after
    ``lead`` (Markdown the page wrote) when given."""
    entry = N.REGISTRY[key]
    heading, wrong = _WRONG_HEADING[entry.source]
    correct = _filled(entry.render(**values), key)
    with st.container(border=True, key=f"erratum-{key}"):
        st.markdown((f"{lead}\n\n" if lead else "") + f"**{heading}** {entry.reason}")
        # Side by side where there is room; one under the other on a phone.
        with st.container(horizontal=True):
            st.markdown(f"{wrong}:\n$$\n{entry.wrong_latex}\n$$", width="stretch")
            st.markdown(f"Correct:\n$$\n{correct}\n$$", width="stretch")


def chart(fig: go.Figure, key: str, width: int | None = None, alt: str | None = None) -> None:
    """A full-width Plotly chart in the current Streamlit theme; larger when presenting.

    ``width`` fixes the width in pixels. Charts redrawn several times a second need it:
    Streamlit hides a stretched chart until it has measured its container, so a chart
    updated faster than that would never be seen.

    Screen readers get the chart's accessible name: ``alt`` (a page's sentence about
    what it shows) followed by the numbers read from the figure itself
    (:func:`metl_core.figures.text.describe`); below it, an expander bound to the URL
    (``table_<key>``) shows the plotted numbers as a table when opened.
    """
    if presenting():
        fig = go.Figure(fig, _validate=False)  # a copy: the caller's may be cached
        # Streamlit's theme sets its own small fonts; explicit sizes win over it.
        big = {"size": 20}
        fig.update_layout(
            font=big,
            title_font=big,
            legend_font=big,
            height=int((fig.layout.height or 450) * 1.4),
        )
        fig.update_xaxes(tickfont=big, title_font=big)
        fig.update_yaxes(tickfont=big, title_font=big)
        fig.update_annotations(font_size=20)
        fig.update_traces(textfont_size=18, selector={"type": "heatmap"})  # cell numbers
    if width is not None:
        fig = go.Figure(fig, _validate=False).update_layout(width=width)
    # The page's demo, when presenting, fills the rest of the first screen: its box is
    # sized by the browser (pages/ui/in_browser.py), the chart stretches to it.
    fit = presenting() and key in current_entry().demo
    if fit:  # the browser's box gives the height
        fig = go.Figure(fig, _validate=False).update_layout(height=None, autosize=True)
    with st.container(key=f"fit-{key}") if fit else contextlib.nullcontext():
        st.plotly_chart(
            fig,
            key=key,
            config=PLOTLY_CONFIG,
            theme="streamlit",
            width="stretch" if width is None else "content",
            height="stretch" if fit else "content",
            alt=FT.describe(fig, alt),
        )
    _chart_table(fig, key)


TABLE_ROWS = 500  # a heatmap of 61 × 61 cells is no table to read; its first rows are shown


def _chart_table(fig: go.Figure, key: str) -> None:
    """The chart's numbers, built only while its expander is open."""
    with st.expander(
        "Numbers of this chart, as a table", key=f"table_{key}", bind="query-params"
    ) as box:
        if box.open:
            cols, total = FT.table(fig, TABLE_ROWS)
            shown = {
                k: [_cell_text(v) for v in col]
                for k, col in cols.items()
                if any(v is not None for v in col)
            }
            st.dataframe(shown, hide_index=True)
            if total > TABLE_ROWS:
                st.caption(f"The first {TABLE_ROWS} of {total:,} rows.")


def _cell_text(v) -> str:
    # One type per column (text): x holds class names on some charts, numbers on others.
    if v is None:
        return ""
    return f"{v:.6g}" if isinstance(v, float) else str(v)


def vector_input(
    label: str,
    key: str,
    default: str,
    max_entries: int,
    help: str | None = None,
    min_entries: int = 1,
    check: Callable[[np.ndarray], str | None] | None = None,
) -> np.ndarray:
    """A text field parsed by :func:`metl_core.parse_vector`, bound to the URL.

    A bad value shows an error that says what is wrong, and the page goes on with the
    last good vector (or the default), so nothing else on the page is lost.
    """
    good_key = f"_{key}_last_good"
    text = st.text_input(label, value=default, key=key, help=help, bind="query-params")
    try:
        values = M.parse_vector(text, max_entries=max_entries)
        problem = None
        if values.size < min_entries:
            problem = f"Enter at least {min_entries} numbers, for example {default}."
        elif check:
            problem = check(values)
        message = escape_md(problem) if problem else None
    except ParseError as err:
        message = error_text(err)
    except (ValueError, OverflowError):  # not ours: never show Python's own words
        message = "This text could not be read as numbers. Type numbers such as 1, 2, 3."
    if message:
        fallback = st.session_state.get(good_key, M.parse_vector(default))
        shown = ", ".join(f"{v:g}" for v in fallback)
        st.error(f"{message}  \nStill showing the last good value: {escape_md(shown)}.")
        return fallback
    st.session_state[good_key] = values
    return values


def keep_choice(key: str, options: list[str], nearest: Callable[[str], str]) -> None:
    """Call before a bound widget whose options follow other inputs.

    A value the session holds that is no longer an option (``pair = z3-z4`` after the
    logits went from 5 to 3) becomes ``nearest(value)``, so the widget and the URL both
    move to it instead of the URL keeping a value that the page would refuse when the link
    is opened. (A link that is stale already is reported by :meth:`Page.finish`.)
    """
    held = st.session_state.get(key)
    if held is not None and held not in options:
        value = nearest(str(held))
        st.session_state[key] = value if value in options else options[0]


_EXPECTED_TO_FAIL = {
    N.NOTES: "the notes' version, expected to fail",
    N.UNCLEAR: "what the notes' wording suggests, expected to fail",
    N.VARIANT: "a deliberately wrong variant (not in the notes), expected to fail",
}


def check_note(result) -> str:
    """A check's largest difference against its tolerance, in words."""
    return f"largest difference {fmt(result.error, 2)} (tolerance {result.tol:g})"


def check_row(label: str, result, source: str = "") -> tuple[str, str, str]:
    """(label, verdict, note) of a numeric check. ``source`` (NOTES, UNCLEAR or VARIANT
    from :mod:`metl_core.teaching.notes`) marks a check of a wrong version, which should fail;
    empty for a check of the correct formula."""
    note = check_note(result)
    if source:
        note += (
            f" — {_EXPECTED_TO_FAIL[source]}" if not result.ok else " — it passes at these inputs"
        )
    return label, "pass" if result.ok else "fail", note


def checks(*items: tuple) -> None:
    """Numeric checks as one small table, a row each: what is checked, pass or fail, and
    the difference against the tolerance. Each item is (label, result[, source])."""
    rows = [check_row(*item) for item in items]
    st.markdown(
        markdown_table(
            {
                "check": [r[0] for r in rows],
                "verdict": [r[1] for r in rows],
                "difference": [r[2] for r in rows],
            }
        )
    )


def check(label: str, result, source: str = "") -> None:
    """One numeric check, as :func:`checks` draws it."""
    checks((label, result, source))


def class_index(k: int, n: int, what: str) -> int:
    """``k`` if it names one of ``n`` classes; otherwise say so and fall back to class 0."""
    if k < n:
        return k
    st.error(
        f"Class {k} does not exist: with {n} {what} the classes are 0 to {n - 1}. "
        "Showing class 0 instead."
    )
    return 0


def table(df, digits: int = 6, index=None, **_ignored) -> None:
    """A table of numbers as :func:`fmt` writes them: one Markdown element.

    ``df`` is a DataFrame (its index labels the rows), a dict of equal-length columns
    with ``index`` for the row labels, or a list of rows as dicts.
    """
    if isinstance(df, list):
        df = {k: [row[k] for row in df] for k in (df[0] if df else {})}
    if isinstance(df, pd.DataFrame):
        columns = {str(c): df[c].to_numpy() for c in df.columns}
        labels = None if isinstance(df.index, pd.RangeIndex) else [str(i) for i in df.index]
    else:
        columns, labels = df, index
    st.markdown(markdown_table(columns, labels, digits))


def numbers(items: dict[str, str], key: str) -> None:
    """A row of labelled numbers (already written by :func:`fmt`), each its label over
    its value set large, like metrics, wrapping onto more lines where the column is
    narrow (the container ``numbers-<key>``): two elements for any count."""
    with st.container(key=f"numbers-{key}"):
        st.markdown(numbers_markdown(items))
