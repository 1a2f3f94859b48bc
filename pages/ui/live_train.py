"""The Playground's training, run and drawn in the student's browser.

A class pressing Run at once cannot be served by one server at four updates a second
(each update was ~40 ms of server CPU; thirty students need more than the machine has).
So the server sends a few numbers once (the points, the weights, the settings) and this
script trains the notes' network in the browser, as TensorFlow Playground does: the same
eight equations as ``metl_core.maths.mlp`` (``MATH_JS``, tested equal to it in Chromium), the
batches from ``metl_core.maths.train.BrowserSampler``'s generator, and the regions, the curves
and the hidden units drawn from the weights. The server hears back only when a run stops
(Pause, Step, divergence): the weights and the new history rows, for the gradient check
and the download.

The script and its style are fixed text, in components/live_train/ (the maths in
maths.js, tested by node --test against metl_core). Everything drawn from ``data`` is
set as text (``textContent``), as numeric SVG attributes or as canvas pixels, never as
HTML.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import streamlit as st

from pages.ui import components

# The notes' network in plain JavaScript (components/live_train/maths.js): no DOM, so
# node --test and a blank page can run it alone.
MATH_JS = components.script("live_train/maths.js")

_component = st.components.v2.component(
    "metl.live_train",
    html=components.text("live_train/live_train.html"),
    css=components.text("live_train/live_train.css"),
    js=components.script("dom.js", "live_train/maths.js", "live_train/view.js"),
)


def view(data: dict, key: str, on_report: Callable[[object], None]) -> None:
    """Mount the live view with ``data`` (see the page for its fields). When the browser
    stops (Pause, Step, divergence) it reports; ``on_report(report)`` gets what it sent,
    before the page runs again, so the page is drawn from it."""

    def took() -> None:
        on_report(st.session_state[key]["report"])

    # As JSON text: Streamlit passes a string on as it is, where it scans a dict's values.
    text = json.dumps(data)
    _component(data=text, key=key, on_report_change=took, on_hello_change=lambda: None)
