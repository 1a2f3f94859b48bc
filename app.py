"""METL Explorer home page: what it is, the network of the notes, and a card per page."""

import streamlit as st

from metl_core import figures as F
from pages import ui

view = ui.page(
    "METL Explorer",
    "The maths of a first neural network, from the METL TP 1 notes, checked with numbers.",
)
ui.explain(
    "Each page takes one part of the notes, lets you change its inputs, and plots the result. "
    "The maths shown is the correct one; where the notes (which follow Stanford CS224n's first "
    "assignment) made a mistake, the page shows what they wrote and why it is wrong."
)
ui.chart(F.network_diagram(), key="home_diagram")

CARDS = [
    (
        "pages/1_Softmax.py",
        "Softmax",
        "Why adding one constant to every logit changes nothing, "
        "why a non-constant vector does, naive against stable, and temperature.",
    ),
    (
        "pages/2_Sigmoid.py",
        "Sigmoid",
        "σ and σ′ = σ(1 − σ) on one plot, with a tangent you move "
        "and a finite-difference check of its slope.",
    ),
    (
        "pages/3_Cross_entropy_gradient.py",
        "Cross-entropy gradient",
        "ŷ − y as bars, as numbers "
        "checked by finite differences, and as a field of arrows over two logits.",
    ),
    (
        "pages/4_MLP_backprop.py",
        "MLP backprop",
        "Every forward value and every gradient of "
        "the one-hidden-layer network as heatmaps, with a gradient check per layer.",
    ),
    (
        "pages/5_Parameter_count.py",
        "Parameter count",
        "A live calculator for (Dx + 1)H + (H + 1)Dy, exact even for layers of 10¹² units.",
    ),
    (
        "pages/6_Notes_step_by_step.py",
        "The notes, step by step",
        "Every step of TP 1 in order, each equality checked live with numbers, and each "
        "mistake of the notes beside its correction.",
    ),
    (
        "pages/7_Playground.py",
        "Playground",
        "Train the notes' network live on moons, circles, XOR or spirals, and watch the "
        "decision regions form and the loss fall.",
    ),
    (
        "pages/8_Exercises.py",
        "Check my answer",
        "Seeded exercises graded entry by entry, with the mistake named when an answer is "
        "wrong; the same diagnosis as python -m metl_core.check for your own code.",
    ),
]
cols = st.columns(3)
for n, (path, title, text) in enumerate(CARDS):
    with cols[n % 3].container(border=True):
        st.page_link(path, label=f"**{title}**", icon="➡️")
        st.write(text)

view.finish()
