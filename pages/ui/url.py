"""URL state: what a link asks of a page, and the widgets' values kept in step with it.

Every control is bound to the link (``bind="query-params"``); these helpers read what a
link asks to hide or focus on, let a link name an option as people write it (``lr=3``),
keep a link's too-large numbers away from the widgets, say which of its values a page did
not take, and build the link of a view to share.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Callable

import numpy as np
import streamlit as st
from streamlit.errors import StreamlitAPIException

from pages.ui import streamlit_private as private
from pages.ui.registry import PageEntry


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


def url_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


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


def drop_overflowing_numbers(params: dict[str, list[str]]) -> None:
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
