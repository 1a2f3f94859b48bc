"""METL Explorer: the entry point. It serves every page of the one page list
(``pages/ui/registry.py``) through Streamlit's navigation, which draws the menu."""

from pages.ui import menu

menu.navigation().run()
