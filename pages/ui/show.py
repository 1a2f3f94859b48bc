"""What a page shows: the registry's formulas and errata, charts with their text, tables
and rows of numbers, downloads.

Numbers are written once, by :func:`pages.ui.text.fmt`, and sent as Markdown: a pandas
``Styler`` would have Streamlit format each cell again, one at a time.
"""

from __future__ import annotations

import contextlib

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from metl_core.figures import text as FTX
from metl_core.teaching import notes as N
from pages.ui.frame import current_entry
from pages.ui.present import presenting
from pages.ui.text import fmt, markdown_table, numbers_markdown

PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


def download(label: str, data, file_name: str, key: str) -> None:
    """A download button for CSV or JSON text, typed by the file name's ending.

    ``data`` may be a callable: Streamlit then builds the file only when it is clicked,
    instead of on every rerun.
    """
    mime = "application/json" if file_name.endswith(".json") else "text/csv"
    st.download_button(label, data, file_name=file_name, mime=mime, key=key, icon="⬇️")


# How each kind of wrong version is introduced beside the correct formula.
_WRONG_HEADING = {
    N.NOTES: ("Where the notes go wrong.", "The notes write"),
    N.UNCLEAR: ("Where the notes are unclear.", "The notes write"),
    N.VARIANT: ("A classic mistake, not one the notes make.", "A deliberately wrong variant"),
}


def _filled(latex: str, key: str) -> str:
    # A «name» left in a formula would print as a product of letters (c·o·u·n·t).
    if "«" in latex or "»" in latex:
        raise ValueError(f"{key}: a «placeholder» is not filled in: {latex}")
    return latex


def formula(key: str, **values) -> None:
    """The registry entry's correct formula, with any numbers it takes filled in."""
    st.latex(_filled(N.REGISTRY[key].render(**values), key))


def erratum(key: str, lead: str = "", **values) -> None:
    """The registry entry's wrong version, then its correct formula (with the numbers it
    takes filled in, as :func:`formula` does), with the reason: one bordered box, after
    ``lead`` (Markdown the page wrote) when given."""
    entry = N.REGISTRY[key]
    heading, wrong = _WRONG_HEADING[entry.source]
    correct = _filled(entry.render(**values), key)
    with st.container(border=True, key=f"erratum-{key}"):
        st.markdown((f"{lead}\n\n" if lead else "") + f"**{heading}** {entry.reason}")
        # Side by side where there is room; one under the other on a phone.
        with st.container(horizontal=True):
            st.markdown(f"{wrong}:\n$$\n{entry.wrong_latex}\n$$", width="stretch")
            st.markdown(f"Correct:\n$$\n{correct}\n$$", width="stretch")


def chart(fig: go.Figure, key: str, width: int | None = None, alt: str | None = None) -> None:
    """A full-width Plotly chart in the current Streamlit theme; larger when presenting.

    ``width`` fixes the width in pixels. Charts redrawn several times a second need it:
    Streamlit hides a stretched chart until it has measured its container, so a chart
    updated faster than that would never be seen.

    Screen readers get the chart's accessible name: ``alt`` (a page's sentence about
    what it shows) followed by the numbers read from the figure itself
    (:func:`metl_core.figure_text.describe`); below it, an expander bound to the URL
    (``table_<key>``) shows the plotted numbers as a table when opened.
    """
    if presenting():
        fig = go.Figure(fig, _validate=False)  # a copy: the caller's may be cached
        # Streamlit's theme sets its own small fonts; explicit sizes win over it.
        big = {"size": 20}
        fig.update_layout(
            font=big,
            title_font=big,
            legend_font=big,
            height=int((fig.layout.height or 450) * 1.4),
        )
        fig.update_xaxes(tickfont=big, title_font=big)
        fig.update_yaxes(tickfont=big, title_font=big)
        fig.update_annotations(font_size=20)
        fig.update_traces(textfont_size=18, selector={"type": "heatmap"})  # cell numbers
    if width is not None:
        fig = go.Figure(fig, _validate=False).update_layout(width=width)
    # The page's demo, when presenting, fills the rest of the first screen: its box is
    # sized by the browser (pages/ui/in_browser.py), the chart stretches to it.
    fit = presenting() and key in current_entry().demo
    if fit:  # the browser's box gives the height
        fig = go.Figure(fig, _validate=False).update_layout(height=None, autosize=True)
    with st.container(key=f"fit-{key}") if fit else contextlib.nullcontext():
        st.plotly_chart(
            fig,
            key=key,
            config=PLOTLY_CONFIG,
            theme="streamlit",
            width="stretch" if width is None else "content",
            height="stretch" if fit else "content",
            alt=FTX.describe(fig, alt),
        )
    _chart_table(fig, key)


TABLE_ROWS = 500  # a heatmap of 61 × 61 cells is no table to read; its first rows are shown


def _chart_table(fig: go.Figure, key: str) -> None:
    """The chart's numbers, built only while its expander is open."""
    with st.expander(
        "Numbers of this chart, as a table", key=f"table_{key}", bind="query-params"
    ) as box:
        if box.open:
            cols, total = FTX.table(fig, TABLE_ROWS)
            shown = {
                k: [_cell_text(v) for v in col]
                for k, col in cols.items()
                if any(v is not None for v in col)
            }
            st.dataframe(shown, hide_index=True)
            if total > TABLE_ROWS:
                st.caption(f"The first {TABLE_ROWS} of {total:,} rows.")


def _cell_text(v) -> str:
    # One type per column (text): x holds class names on some charts, numbers on others.
    if v is None:
        return ""
    return fmt(v) if isinstance(v, float) else str(v)


def table(df, digits: int = 6, index=None) -> None:
    """A table of numbers as :func:`fmt` writes them: one Markdown element.

    ``df`` is a DataFrame (its index labels the rows), a dict of equal-length columns
    with ``index`` for the row labels, or a list of rows as dicts.
    """
    if isinstance(df, list):
        df = {k: [row[k] for row in df] for k in (df[0] if df else {})}
    if isinstance(df, pd.DataFrame):
        columns = {str(c): df[c].to_numpy() for c in df.columns}
        labels = None if isinstance(df.index, pd.RangeIndex) else [str(i) for i in df.index]
    else:
        columns, labels = df, index
    st.markdown(markdown_table(columns, labels, digits))


def numbers(items: dict[str, str], key: str) -> None:
    """A row of labelled numbers (already written by :func:`fmt`), each its label over
    its value set large, like metrics, wrapping onto more lines where the column is
    narrow (the container ``numbers-<key>``): two elements for any count."""
    with st.container(key=f"numbers-{key}"):
        st.markdown(numbers_markdown(items))
