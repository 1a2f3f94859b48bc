"""The frame of every page: its chrome, its named sections and folds, its demo as a
fragment, the links between pages and the share panel.

A page is::

    view = page("Softmax", "the lead line")
    x = demo("softmax", draw_the_demo, folds=view.entry.folds)
    box = fold("Naive against stable", "naive")
    if box.open:
        with box:
            ...
    view.finish()
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from pages.ui import in_browser, menu
from pages.ui import streamlit_private as private
from pages.ui.inputs import same_value
from pages.ui.present import page_css, presenting
from pages.ui.registry import HOME, PAGES, PageEntry
from pages.ui.text import echo, escape_md
from pages.ui.url import (
    View,
    drop_overflowing_numbers,
    ignored_url_values,
    requested_view,
    share_link,
    url_params,
)


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


def current_entry() -> PageEntry:
    """The page list's entry of the page being run."""
    running = private.page_script()
    if running:
        path, root = running
        for entry in PAGES:
            if root / entry.file == path:
                return entry
    return HOME


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
            and not same_value(held, inputs)
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


def _carried(target: PageEntry) -> dict[str, str]:
    """The presentation parameters a link to ``target`` keeps: present, and the hidden
    names and focus that ``target`` also has (another page's names would be reported)."""
    if not presenting():
        return {}
    view = requested_view(url_params(), current_entry())
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
        link = share_link(base, url_params(), present, hide, "" if focus == none else focus)
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
    url_before = url_params()
    drop_overflowing_numbers(url_before)
    entry = current_entry()
    view = requested_view(url_before, entry)
    # One style element: fixed rules, and when presenting only names from the page list.
    st.html(page_css(view, entry))
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
