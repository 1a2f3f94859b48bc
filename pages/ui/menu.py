"""The menu: every page of the one page list, as Streamlit's navigation."""

from __future__ import annotations

import streamlit as st

from pages.ui import streamlit_private as private
from pages.ui.registry import HOME, PAGES


def navigation():
    """Give Streamlit the pages, in the page list's order, Home the default at the root;
    returns the page to run."""
    return st.navigation(
        [
            st.Page(
                e.file,
                title=e.title,
                icon=e.icon,
                url_path=e.url_path or None,
                default=e is HOME,
                visibility="visible" if e.menu else "hidden",  # a student's answer page
            )
            for e in PAGES
        ]
    )


def ensure() -> None:
    """Called first by every page. A page that Streamlit ran without app.py (its old
    pages-folder mode, see :func:`streamlit_private.leave_pages_folder_mode`) came with a
    menu of file names: on a session's first run, which a click cannot have started (so
    nothing is lost), it runs again, through app.py's menu."""
    first = "_metl_opened" not in st.session_state
    st.session_state["_metl_opened"] = True
    if private.leave_pages_folder_mode() and first:
        st.rerun()
