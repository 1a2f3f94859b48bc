"""A second reference for the latency benchmark: the floor's one slider, with the Sigmoid
page's own figure (three curves of 201 points, a tangent and a point) instead of three
points. What a page with a real chart costs before anything else is on it."""

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from metl_core import figures as F
from metl_core.teaching import explore as E

a = st.slider("a", -30.0, 30.0, 1.0, step=0.1, key="a")
check = E.sigmoid_slope_check(a)
st.plotly_chart(F.sigmoid_figure(E.sigmoid_curve(*E.plot_range(-8.0, 8.0, a)), check), key="chart")
