"""Plotly figure builders for the explorer. Plain Plotly: no Streamlit here.

Colours are the Okabe-Ito palette, safe for the common colour-vision deficiencies, and
no template is set, so Streamlit's light and dark themes style the rest.

- :mod:`.kit`: the palette, the shared layout pieces, and :func:`build`, one unvalidated
  call per figure (the tests validate every builder's output instead);
- :mod:`.charts` and :mod:`.heatmaps`: the topic pages' figures, importable from here;
- :mod:`.teach` (the explanations beyond the notes), :mod:`.backprop` (the backward
  pass) and :mod:`.text` (a figure as text, for screen readers): imported by name.
"""

from .charts import (
    ce_field_figure,
    grouped_bars,
    margin_figure,
    network_diagram,
    param_bars,
    sigmoid_figure,
    temperature_figure,
)
from .heatmaps import LABELLED_CELLS, matrix_heatmaps, vector_heatmaps, weight_heatmaps
from .kit import (
    CLASS_COLOURS,
    DIVERGING,
    LEGEND_TOP,
    MARGIN,
    OKABE_ITO,
    SEQUENTIAL,
    SERIES,
    TEXT,
    build,
    class_labels,
    colour_stops,
    diverging_heatmap,
)

__all__ = [
    "CLASS_COLOURS",
    "DIVERGING",
    "LABELLED_CELLS",
    "LEGEND_TOP",
    "MARGIN",
    "OKABE_ITO",
    "SEQUENTIAL",
    "SERIES",
    "TEXT",
    "build",
    "ce_field_figure",
    "class_labels",
    "colour_stops",
    "diverging_heatmap",
    "grouped_bars",
    "margin_figure",
    "matrix_heatmaps",
    "network_diagram",
    "param_bars",
    "sigmoid_figure",
    "temperature_figure",
    "vector_heatmaps",
    "weight_heatmaps",
]
