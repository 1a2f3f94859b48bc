"""METL Explorer home page: what it is, the network of the notes, and a card per page."""

import streamlit as st

from metl_core import figures as F
from pages.ui.frame import explain, page, page_link
from pages.ui.registry import TOPICS
from pages.ui.show import chart

view = page(
    "METL Explorer",
    "The maths of a first neural network, from the METL TP 1 notes, checked with numbers.",
)
explain(
    "Each page takes one part of the notes, lets you change its inputs, and plots the result. "
    "The maths shown is the correct one; where the notes (which follow Stanford CS224n's first "
    "assignment) made a mistake, the page shows what they wrote and why it is wrong."
)
chart(
    F.network_diagram(),
    key="home_diagram",
    alt="The network of the notes as a chain: input x, then ·W1 + b1, σ, ·W2 + b2, softmax "
    "and the cross-entropy −Σ y log ŷ",
)

# One row of cards that wraps: in the notes' order on any width, a phone's included.
with st.container(horizontal=True):
    for entry in TOPICS:
        with st.container(border=True, width=300):
            page_link(entry.file, label=f"**{entry.title}**", icon=entry.icon)
            st.markdown(entry.summary)

view.finish()
