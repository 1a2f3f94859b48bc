"""Every chart's text in Streamlit's strong text colour, and no chart that moves by itself."""

import pytest
from streamlit.elements.lib.streamlit_plotly_theme import GRAY_90
from test_figures import FIGURE_NAMES, every_figure


def _text_colours(layout: dict) -> dict[str, str | None]:
    colours = {"font": layout.get("font", {}).get("color")}
    for key, axis in layout.items():
        if key[:5] in ("xaxis", "yaxis"):
            colours[f"{key}.tickfont"] = axis.get("tickfont", {}).get("color")
            colours[f"{key}.title"] = axis.get("title", {}).get("font", {}).get("color")
    return colours


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_chart_text_is_streamlits_strong_text_colour_in_either_theme(name):
    # GRAY_90 is the placeholder Streamlit's frontend swaps for its dark grey on a light
    # background and its light grey on a dark one; its own axis grey has 3.7:1 on white.
    layout = every_figure()[name].to_dict()["layout"]
    wrong = {k: v for k, v in _text_colours(layout).items() if v != GRAY_90}
    assert not wrong, wrong


@pytest.mark.parametrize("name", FIGURE_NAMES)
def test_no_chart_animates_by_itself(name):
    # With prefers-reduced-motion nothing may move unasked; Plotly moves only with frames
    # or a layout transition, so none is allowed.
    fig = every_figure()[name].to_dict()
    assert not fig.get("frames")
    assert fig["layout"].get("transition", {}).get("duration", 0) == 0
