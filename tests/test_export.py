import csv
import io
import json

import numpy as np
import pytest

from metl_core.text import export as X


def test_to_csv_round_trips_floats_exactly():
    x = np.array([0.1, 1 / 3, -1e-300, 1e308])
    text = X.to_csv({"x": x, "i": np.arange(4)}, index=["a", "b", "c", "d"])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["row", "x", "i"]
    assert [float(r[1]) for r in rows[1:]] == list(x)
    assert [r[0] for r in rows[1:]] == ["a", "b", "c", "d"]
    assert [r[2] for r in rows[1:]] == ["0", "1", "2", "3"]


def test_to_csv_spells_non_finite_values():
    text = X.to_csv({"v": [np.nan, np.inf, -np.inf]})
    assert text.splitlines()[1:] == ["NaN", "inf", "-inf"]


def test_to_csv_refuses_ragged_columns():
    with pytest.raises(ValueError, match="length"):
        X.to_csv({"a": [1, 2], "b": [1]})


def test_to_json_is_strict_and_exact():
    obj = {"W": np.array([[0.1, 2.0]]), "n": 10**24, "bad": np.float64("nan"), "t": (np.inf,)}
    parsed = json.loads(X.to_json(obj))
    assert parsed == {"W": [[0.1, 2.0]], "n": 10**24, "bad": "NaN", "t": ["inf"]}
    assert "NaN," not in X.to_json({"a": float("nan")}).replace('"NaN"', "")


@pytest.mark.parametrize(
    "value, text",
    [
        (1e-320, "1e-320"),
        (5e-324, "5e-324"),
        (-0.0, "-0.0"),
        (1e308, "1e+308"),
        (-1e-310, "-1e-310"),
    ],
)
def test_files_write_tiny_huge_and_signed_zero_values_exactly(value, text):
    row = X.to_csv({"v": [value]}).splitlines()[1]
    assert row == text and float(row) == value and str(float(row))[0] == text[0]
    assert json.loads(X.to_json({"v": value}))["v"] == value


def test_files_spell_nan_and_infinities_by_name_in_json_too():
    parsed = json.loads(X.to_json({"v": np.array([np.nan, np.inf, -np.inf, 1e-320])}))
    assert parsed["v"] == ["NaN", "inf", "-inf", 1e-320]
