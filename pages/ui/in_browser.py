"""Fixes that only the browser can make, mounted once per page as fixed script.

- On a phone the menu covers the page: it is closed once a page is picked from it.
- A formula or a table wider than its column scrolls sideways; a box that scrolls must be reachable
  by keyboard (WCAG 2.1.1), so each one that scrolls gets ``tabindex=0`` while it does.
- The theme Streamlit drew is marked on ``<html>`` (``data-metl-theme``), for presentation
  mode's colours on the dark theme (7:1, ``present.page_css``).
- In presentation mode the page's demo (a box keyed ``fit-<key>``) is given the height
  left on the first screen, so it is whole on any projector.

The script is fixed text (components/in_browser/in_browser.js): no user or URL input
ever reaches it.
"""

from __future__ import annotations

import streamlit as st

from pages.ui import components

# Streamlit lays the sidebar over the page below its "md" breakpoint, 768 px wide.
_component = st.components.v2.component(
    "metl.in_browser", js=components.text("in_browser/in_browser.js")
)


def mount() -> None:
    """Mount the script at the foot of the sidebar (it runs once per browser tab)."""
    with st.sidebar:
        _component(key="metl_in_browser")
