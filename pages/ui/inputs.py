"""Inputs the pages read: typed vectors (a bad one says why and keeps the last good),
classes that must exist, and what a page computes once per set of inputs."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np
import streamlit as st

import metl_core as M
from metl_core.text.parsing import ParseError
from pages.ui.text import error_text, escape_md


def memo(key: str, inputs: tuple, build: Callable):
    """``build()``, reused while ``inputs`` are what they were last time in this session.

    For figures and computations that a rerun would otherwise redo unchanged: a slider
    elsewhere on the page reruns the script, not the inputs of this part. Numbers,
    strings, arrays and tuples of them compare by value; any other object only as the
    same object (a training state is replaced, never changed, when it moves on).
    """
    slot = f"_memo_{key}"
    held = st.session_state.get(slot)
    if held is not None and same_value(held[0], inputs):
        return held[1]
    value = build()
    st.session_state[slot] = (inputs, value)
    return value


def same_value(a, b) -> bool:
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.shape == b.shape and a.dtype == b.dtype and bool(np.array_equal(a, b))
    if isinstance(a, (int, float, str, bytes, bool, type(None))):
        return a == b
    if isinstance(a, tuple):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
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


def class_index(k: int, n: int, what: str) -> int:
    """``k`` if it names one of ``n`` classes; otherwise say so and fall back to class 0."""
    if k < n:
        return k
    st.error(
        f"Class {k} does not exist: with {n} {what} the classes are 0 to {n - 1}. "
        "Showing class 0 instead."
    )
    return 0
