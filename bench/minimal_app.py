"""The floor for the latency benchmark: one slider and one Plotly chart, nothing else."""

import plotly.graph_objects as go
import streamlit as st

a = st.slider("a", 0.0, 10.0, 1.0, step=0.1, key="a")
st.plotly_chart(go.Figure(go.Scatter(x=[0, 1, 2], y=[0, a, 2 * a])), key="chart")
