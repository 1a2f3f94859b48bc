"""METL Explorer: the entry point. It serves every page of the one page list
(``pages/ui/registry.py``) through Streamlit's navigation, which draws the menu."""

import streamlit as st

from pages.ui import menu

# The favicon, before the menu: else the browser fetches the page's menu icon from a
# font server (outside the app's Content Security Policy, and unreachable offline).
st.set_page_config(page_icon="🧮")
menu.navigation().run()
