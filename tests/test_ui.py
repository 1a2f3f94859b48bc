"""Unit tests of the pages' frame helpers that need no running page."""

import dataclasses

import numpy as np
import pytest

from metl_core import train as T
from pages import ui
from pages.ui.registry import PAGES


def test_a_cached_data_set_is_read_only_and_still_trains():
    data = ui.read_only(T.make_dataset("spirals", n=200, classes=3, seed=1))
    arrays = [v for v in vars(data).values() if isinstance(v, np.ndarray)]
    assert len(arrays) == 4 and not any(a.flags.writeable for a in arrays)
    for a in arrays:
        with pytest.raises(ValueError, match="read-only"):
            a[0] = a[1]
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.X_train = data.X_test
    state = T.train(T.start(data, 8, seed=0), data, 20, 0.5, 16, 0.0)
    assert state.step == 20  # training only reads the data set


@pytest.mark.parametrize(
    "value",
    ["LESSON\n=\n", "a\n        b", "see www.example.com", "x`y``z", "\u202etxet", "\x00\x1b[2J"],
)
def test_echo_is_one_line_of_inline_code(value):
    shown = ui.echo(value)
    fence = shown.split(" ", 1)[0]
    assert set(fence) == {"`"} and shown.endswith(" " + fence)
    inner = shown[len(fence) + 1 : -len(fence) - 1]
    assert fence not in inner  # the fence is longer than any run of backticks inside
    assert "\n" not in shown and "\u202e" not in shown and "\x1b" not in shown


def test_echo_cuts_long_values():
    assert len(ui.echo("x" * 5000)) < 50


def test_url_paths_are_those_streamlit_derives_from_the_file_names():
    assert [e.url_path for e in PAGES][:3] == ["", "Softmax", "Sigmoid"]
    assert all(" " not in e.url_path for e in PAGES)
