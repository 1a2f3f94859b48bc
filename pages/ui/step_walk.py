"""The MLP page's step view, drawn in the browser from numbers sent once.

A step change must show at once: a rerun on the server, however small, waits behind
Streamlit's redraw of the whole page. So the server sends every step's view with the
inputs (the diagram's nodes, each step's lit nodes, its shapes, its check, its numbers),
and this script draws the step the page's ``step`` slider shows, the moment the slider
moves. The slider stays a Streamlit widget: it is bound to the URL, and its rerun keeps
the server's state in step; it is no longer waited for.

The script and its style are fixed text, in components/step_walk/. Everything it
draws from ``data`` is set as
text (``textContent``) or as SVG attributes of numbers, never as HTML.
"""

from __future__ import annotations

import json

import streamlit as st

from pages.ui import components

_component = st.components.v2.component(
    "metl.step_walk",
    html=components.text("step_walk/step_walk.html"),
    css=components.text("step_walk/step_walk.css"),
    js=components.script("dom.js", "step_walk/step_walk.js"),
)


def part(name: str, data: dict, key: str, fit: bool = False) -> None:
    """Draw one part of the step view (``top``, ``middle`` or ``numbers``) from ``data``:
    ``order`` (the step names), ``at`` (the server's step, until the slider is found) and
    ``views``, one dict per step with what that part draws. ``fit``: fill the height of
    a box the page sized (presentation mode's demo)."""
    # As JSON text: Streamlit passes a string on as it is, where it scans a dict's values.
    text = json.dumps({**data, "part": name, "fit": fit})
    if fit:
        with st.container(key=f"fit-{key}"):
            _component(data=text, key=key, height="stretch")
    else:
        _component(data=text, key=key)
