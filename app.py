"""METL Explorer: the entry point. It serves every page of the one page list
(``pages/ui/registry.py``) through Streamlit's navigation, which draws the menu."""

import streamlit as st

from pages.ui.registry import HOME, PAGES

st.navigation(
    [
        st.Page(
            e.file,
            title=e.title,
            icon=e.icon,
            url_path=e.url_path or None,
            default=e is HOME,
            visibility="visible" if e.menu else "hidden",
        )
        for e in PAGES
    ]
).run()
