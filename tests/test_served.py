"""The real server, spoken to as a browser does (bench/load.py's client): the menu it
sends, and what each page costs to open and to change, held to the page list's budgets.

Time is noisy on a shared machine, but counts are not: the number of elements (one
websocket message each) and the bytes of one open are the same on every run, so a page
that grows past its budget fails here, in CI, before a lecture hall finds it.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from threads import in_a_thread

from pages.ui.registry import HOME, PAGES

FLOOR = Path(__file__).resolve().parent.parent / "bench" / "minimal_app.py"


@pytest.fixture(scope="module")
def server(bench):
    with bench.harness.running_server() as (url, _proc):
        yield url


class Counting:
    """Counts what a client receives: elements and blocks, navigation messages, bytes."""

    def __init__(self, client):
        self.client, self.elements, self.menus = client, 0, []
        note = client._note

        def counted(msg):
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") in ("new_element", "add_block"):
                self.elements += 1
            elif kind == "navigation":
                self.menus.append(msg.navigation)
            note(msg)

        client._note = counted

    def reset(self):
        self.elements, self.client.received, self.menus = 0, 0, []


def opened(bench, url, path, poke=None):
    """Open ``path`` as a fresh tab; then, if ``poke`` names a control, move it once.
    Returns (open elements, open bytes, menus, change elements, the control moved)."""

    async def go():
        async with bench.load.Client(url, path) as c:
            count = Counting(c)
            await c.rerun()
            out = [count.elements, c.received, count.menus, None, None]
            if poke is not None:
                ctl = c.controls[poke[1]]
                count.reset()
                await c.rerun(ctl, round((ctl.lo + min(ctl.hi, 40.0)) / 2 + 1, 1))
                out[3:] = [count.elements, ctl]
            return out

    return in_a_thread(asyncio.run, go())


def test_a_page_opened_first_after_a_start_gets_the_page_lists_menu(bench):
    """A folder named pages beside app.py puts Streamlit in its old mode, with a menu of
    file names, until a run calls st.navigation: the first page asked for after a start
    must still show the page list's menu (pages/ui/menu.py)."""
    with bench.harness.running_server() as (url, _proc):
        *_, menus, _, _ = opened(bench, url, "Softmax")
    last = menus[-1]
    assert [(p.page_name, p.url_pathname) for p in last.app_pages] == [
        (e.title, e.url_path) for e in PAGES
    ]


def test_the_menu_is_the_page_list_in_order_with_home_the_default(bench, server):
    *_, menus, _, _ = opened(bench, server, "")
    menu = menus[-1]  # the last one stands
    assert [p.page_name for p in menu.app_pages] == [e.title for e in PAGES]
    assert [p.url_pathname for p in menu.app_pages] == [e.url_path for e in PAGES]
    assert [p.icon for p in menu.app_pages] == [e.icon for e in PAGES]
    assert [p.is_default for p in menu.app_pages] == [e is HOME for e in PAGES]
    # A student's answer page is reached by its link only.
    assert [p.is_hidden for p in menu.app_pages] == [not e.menu for e in PAGES]


@pytest.mark.parametrize("entry", PAGES, ids=[e.title for e in PAGES])
def test_one_open_stays_within_the_pages_budget(bench, server, entry):
    elements, received, *_ = opened(bench, server, entry.url_path)
    assert elements <= entry.budget.elements, (
        f"{entry.title}: {elements} elements in one open, budget {entry.budget.elements}"
    )
    assert received <= entry.budget.kb * 1024, (
        f"{entry.title}: {received / 1024:.1f} kB in one open, budget {entry.budget.kb} kB"
    )


@pytest.mark.parametrize("entry", [e for e in PAGES if e.poke], ids=lambda e: e.title)
def test_a_move_of_the_main_control_reruns_its_demo_alone_within_budget(bench, server, entry):
    *_, changed, control = opened(bench, server, entry.url_path, entry.poke)
    assert changed <= entry.budget.change, (
        f"{entry.title}: a change sends {changed} elements, budget {entry.budget.change}"
    )
    # The page's demo is a fragment (ui.demo): a change does not rerun the whole page.
    assert control.fragment or entry.title == "Check my answer"


def test_the_floor_sends_two_elements(bench):
    """The yardstick of the budgets: one slider, one chart."""
    with bench.harness.running_server(app=FLOOR) as (url, _proc):
        elements, *_ = opened(bench, url, "")
    assert elements == 2


def test_no_page_formats_a_table_through_a_pandas_styler(monkeypatch):
    """A Styler makes Streamlit format every cell again in Python, one at a time: 43 % of
    the server's time with a class on the pages. Every page, every fold open."""
    from streamlit.elements.lib import pandas_styler_utils

    from pagetest import open_page, tables

    def refuse(*args, **kwargs):
        raise AssertionError("a table went through a pandas Styler")

    monkeypatch.setattr(pandas_styler_utils, "marshall_styler", refuse)
    shown = 0
    for entry in PAGES:
        at = open_page(None if entry is HOME else entry.file)
        assert not at.exception, [e.value for e in at.exception]
        assert not at.get("arrow_data_frame") and not at.dataframe, entry.title
        shown += len(tables(at))
    assert shown > 10  # the pages' tables are there, as Markdown
