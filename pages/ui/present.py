"""Presentation mode and the page's style: the one style element every page sends.

``?present=1`` enlarges everything for a lecture hall and hides the sidebar and the
explanations; ``hide=`` and ``focus=`` hide parts by name (names from the page list only
reach the CSS). Reduced motion, visible focus and the phone's folds are fixed rules.
"""

from __future__ import annotations

import streamlit as st

from pages.ui.registry import COMMON_SECTIONS, PageEntry
from pages.ui.url import View


def presenting() -> bool:
    """Presentation mode, switched on by ``?present=1`` in the URL."""
    return st.query_params.get("present", "").lower() in ("1", "true", "yes", "on")


def _hidden_selectors(name: str, entry: PageEntry) -> list[str]:
    """CSS selectors of what hiding ``name`` hides (names from the page list only)."""
    if name == "errata":
        return ["[class*='st-key-erratum-']"]
    if name in entry.folds:  # a fold is its own expander, keyed open_<name>
        return [f".st-key-open_{name}"]
    if name in COMMON_SECTIONS or name in entry.sections:
        return [f".st-key-section-{name}"]
    # A control, and the preset buttons that fill it in (a container keyed <key>-presets).
    return [f".st-key-{name}", f"[class*='st-key-{name}-presets']"]


DARK_RED = "#ff8a94"  # 9.3:1 on black, and black on it


def _presentation_css(view: View, entry: PageEntry) -> str:
    rules = [
        # No sidebar, no explanations, larger type for the back of a lecture hall.
        "[data-testid=stSidebar], [data-testid=stSidebarCollapsedControl] {display: none;}",
        # Room above the title for Streamlit's fixed header, so the title is not clipped.
        "[data-testid=stMainBlockContainer] {max-width: 100%; padding: 4rem 3rem 1.5rem;}",
        "[data-testid=stMarkdownContainer] p, [data-testid=stWidgetLabel] p {font-size: 1.35rem;}",
        "[data-testid=stMarkdownContainer] li, [data-testid=stCaptionContainer] p "
        "{font-size: 1.2rem;}",
        "[data-testid=stMetricValue] * {font-size: 2.6rem !important;}",
        ".katex {font-size: 1.6em;}",
        "h1 {font-size: 3.2rem !important;}",
        f"{FOLD_LABEL} {{font-size: 2rem !important;}}",
        # Typed values, dropdowns and buttons as large as the labels.
        "[data-testid=stTextInputRootElement] input, [data-testid=stNumberInputContainer] input,"
        " [data-testid=stSelectbox] input, [data-testid=stMultiSelect] input,"
        " [data-testid=stBaseButton-secondary] p {font-size: 1.35rem !important;}",
        "[data-testid=stTextInputRootElement], [data-testid=stNumberInputContainer],"
        " [data-testid=stSelectbox] [role=group] {min-height: 3rem;}",
        # Slider values larger and lifted clear of the track; the min and max below it.
        "[data-testid=stSliderThumbValue] {font-size: 1.3rem; top: -2.6rem;}",
        "[data-testid=stSlider] {padding-top: 1rem;}",
        # ... and the label lifted clear of the value (they overlapped at 1.35rem).
        "[data-testid=stSlider] [data-testid=stWidgetLabel] {margin-bottom: 1.5rem;}",
        "[data-testid=stSliderTickBar] {font-size: 1.1rem;}",
        # Tables are Markdown tables (text.markdown_table), so their type can grow.
        "[data-testid=stTable] td, [data-testid=stTable] th,"
        " [data-testid=stMarkdownContainer] td, [data-testid=stMarkdownContainer] th"
        " {font-size: 1.3rem;}",
        # A selected segment's red on its pink: 6.1:1; a darker red has 9:1 (the dark theme's
        # rule, more specific, keeps its light red).
        "[data-testid=stButtonGroup] button[data-selected=true] p {color: #7a1c21 !important;}",
        # Captions opaque: Streamlit draws them at 60 % opacity, under 7:1 for any text colour.
        "[data-testid=stCaptionContainer] {opacity: 1 !important;}",
        # On the dark theme (marked by pages/ui/in_browser.py) no one red reaches 7:1 both
        # as slider values on black and under the Run button's white label: a light red
        # for both, the label in black (9.3:1 each way).
        f"html[data-metl-theme=dark] [data-testid=stSliderThumbValue] p {{color: {DARK_RED}"
        " !important;}",
        # (A form's primary button, such as a poll's Send, has a testid of its own.)
        "html[data-metl-theme=dark] [data-testid=stBaseButton-primary],"
        " html[data-metl-theme=dark] [data-testid=stBaseButton-primaryFormSubmit]"
        f" {{background-color: {DARK_RED} !important; border-color: {DARK_RED} !important;}}",
        "html[data-metl-theme=dark] [data-testid=stBaseButton-primary] p,"
        " html[data-metl-theme=dark] [data-testid=stBaseButton-primaryFormSubmit] p"
        " {color: #000000 !important;}",
    ]
    hidden = list(view.hide)
    if view.focus:
        hidden += [s for s in entry.sections if s != view.focus]
    for name in dict.fromkeys(hidden):  # only names from the page list reach this HTML
        rules += [f"{sel} {{display: none;}}" for sel in _hidden_selectors(name, entry)]
    return "\n".join(rules)


# Focus and reduced motion (#20 items 3, 4). The browser's prefers-reduced-motion reaches
# CSS only (the server cannot read it, and the proxy's CSP refuses the blob: scripts a
# component would need), so CSS does it: no transition or animation anywhere, and of the
# two controls :func:`moving` and :func:`still` wrap, only the still one is shown.
# ``?motion=reduce`` applies the same rules without the preference (a shared link).
_REDUCE = (
    "*, *::before, *::after {animation-duration: 0.01ms !important;"
    " animation-iteration-count: 1 !important; transition-duration: 0.01ms !important;"
    " transition-delay: 0s !important; scroll-behavior: auto !important;}"
    " [class*='st-key-motion-moving-'] {display: none !important;}"
)


_FULL = "[class*='st-key-motion-still-'] {display: none !important;}"


# Streamlit marks a focused page link or table-toolbar button by a 15 % grey background
# only, too faint to see (WCAG 2.4.7); an outline in the text colour, in either theme.
# A formula that scrolls sideways is focusable (pages/ui/in_browser.py) and shows it too.
_FOCUS = (
    "[data-testid=stPageLink-NavLink]:focus-visible,"
    " [data-testid=stBaseButton-elementToolbar]:focus-visible,"
    " .katex-display[tabindex]:focus-visible,"
    " [data-testid=stMarkdownContainer] table[tabindex]:focus-visible,"
    " [data-testid=stSidebarNavLink]:focus-visible"
    " {outline: 2px solid currentColor !important; outline-offset: 1px;}"
)


def reduced_motion() -> bool:
    """Whether ``?motion=reduce`` asked for reduced motion; kept for the session, since
    page links drop the query string; ``?motion=full`` clears it."""
    asked = st.query_params.get("motion", "").lower()
    if asked in ("reduce", "full"):
        st.session_state["_motion_reduce"] = asked == "reduce"
    return bool(st.session_state.get("_motion_reduce", False))


# A fold's label is its section's heading (ui.fold): set like one, not like a caption.
FOLD_LABEL = "[class*='st-key-open_'] > [data-testid=stExpander] > details > summary p"


_FOLDS = f"{FOLD_LABEL} {{font-size: 1.4rem; font-weight: 600;}}"


# On a phone a fold's own side padding (1 rem each side) took the width its heatmaps'
# cell numbers need.
_NARROW = (
    "@media (max-width: 640px) {[data-testid=stExpanderDetails]"
    " {padding-left: 0.25rem; padding-right: 0.25rem;}}"
)


# Wide formulas and tables scroll sideways instead of being cut off on a narrow screen;
# a row of labelled numbers (ui.numbers) is set large, like Streamlit's metrics.
_KATEX = (
    ".katex-display {overflow-x: auto; overflow-y: hidden}"
    " [data-testid=stMarkdownContainer] table {display: block; overflow-x: auto;}"
    " [class*='st-key-numbers-'] [data-testid=stMarkdownContainer]"
    " {display: flex; flex-wrap: wrap; gap: 0.25rem 2rem;}"
    " [class*='st-key-numbers-'] p {margin: 0;}"
    " [class*='st-key-numbers-'] strong {font-size: 1.75rem; font-weight: 400; line-height: 1.3;}"
    # The selected segment of a segmented control, in the dark theme: Streamlit's dark
    # primary on its tinted background has 4.3:1 (under AA); the light red has 8:1.
    f" html[data-metl-theme=dark] [data-testid=stButtonGroup] button[data-selected=true] p"
    f" {{color: {DARK_RED} !important;}}"
)


def _frame_css(forced: bool) -> str:
    """Every page's fixed rules: visible focus, the phone's folds, and motion as the browser
    or link asks."""
    if forced:
        return f"{_KATEX} {_FOCUS} {_FOLDS} {_NARROW} {_REDUCE}"
    return (
        f"{_KATEX} {_FOCUS} {_FOLDS} {_NARROW}"
        f" @media (prefers-reduced-motion: reduce) {{{_REDUCE}}}"
        f" @media not (prefers-reduced-motion: reduce) {{{_FULL}}}"
    )


def page_css(view: View, entry: PageEntry) -> str:
    """The page's one style element: the fixed rules, and presentation mode's when on."""
    rules = _frame_css(reduced_motion())
    if presenting():
        rules += "\n" + _presentation_css(view, entry)
    return f"<style>{rules}</style>"


def moving(key: str):
    """A container for a control that starts motion (Play): hidden under reduced motion."""
    return st.container(key=f"motion-moving-{key}")


def still(key: str):
    """A container for its still counterpart (Next step): shown only under reduced motion."""
    return st.container(key=f"motion-still-{key}")
