"""What the MLP page sends its browser-drawn step view (pages/ui/walk_data.py), computed
from metl_core's views without a page run."""

from __future__ import annotations

import numpy as np

import metl_core as M
from metl_core.teaching import backprop_steps as BP
from metl_core.teaching import explore as E
from pages.ui.walk_data import middle_data, numbers_data, top_data

DIMS = (1, 4, 5, 3)  # N, Dx, H, Dy


def batch(dx=4, h=5, dy=3, n=1):
    params = M.init_params(dx, h, dy, seed=0)
    return BP.seeded_batch(params, n, 0, first=E.random_vector(dx, seed=0, scale=1.0))


def test_the_strip_marks_every_step_checked_and_where_a_mistake_enters():
    views = BP.views(batch(), None)
    top = top_data(views, None, DIMS)
    assert [m.split()[0] for m in top["marks"]] == [v.replace("yhat", "ŷ") for v in BP.ORDER]
    assert all(m.endswith("✓") for m in top["marks"])
    wrong = BP.views(batch(), "theta2")
    top = top_data(wrong, "theta2", DIMS)
    (entering,) = [m for m in top["marks"] if "enters here" in m]
    assert entering.startswith(BP.MISTAKES["theta2"].step)
    assert any(m.endswith("✗") for m in top["marks"])


def test_each_step_lights_what_it_computes_from_what_it_reads():
    views = BP.views(batch(), None)
    for v, drawn in zip(views, top_data(views, None, DIMS)["views"], strict=True):
        assert drawn["computing"] == v.name and drawn["reads"] == list(v.reads)
        assert drawn["caption"].startswith(f"Step {BP.ORDER.index(v.name) + 1} of {len(BP.ORDER)}")


def test_a_missing_transpose_says_when_the_shapes_cannot_catch_it():
    views = BP.views(batch(h=5, dy=3), "transpose")
    problems = [m["problem"] for m in middle_data(views)["views"] if m["problem"]]
    assert problems and all("set H equal to Dy" in p for p in problems)


def test_an_entry_outside_a_tensor_is_clamped_and_said_so():
    b = batch(n=2)
    views = BP.views(b, None)
    env, _ = BP.run_lines(b)
    shown = numbers_data(views, env, None, 9, 9)["views"]
    for v, s in zip(views, shown, strict=True):
        if v.value.shape and max(v.value.shape) <= 9:
            assert "nearest entry inside" in s["clamped"], v.name
    inside = numbers_data(views, env, None, 0, 0)["views"]
    assert not any(s["clamped"] for s in inside)
    assert inside[0]["numbers"] == BP.numbers(views[0].name, env, (0, 0), None).text


def test_a_nan_tensor_has_no_difference_to_measure():
    v = BP.views(batch(), None)[0]
    poisoned = type(v)(**{**v.__dict__, "value": np.full(v.value.shape, np.nan)})
    (note,) = [m["note"] for m in middle_data([poisoned])["views"]]
    assert note.startswith("no difference to measure")
