"""AppTest: the MLP page walks backprop one step at a time, each step with its equation,
its shapes, its numbers for one entry and its own check; bad input never breaks it."""

import itertools

import numpy as np
import pytest

import metl_core as M
from metl_core.teaching import backprop_steps as BP
from metl_core.teaching import explore as E
from metl_core.teaching import notes as N

from pagetest import (
    assert_clean,
    checks,
    figures,
    formulas,
    metrics,
    open_page,
    tables,
    walk,
    widget,
)

MLP = "pages/4_MLP_backprop.py"
SHOWN = {"yhat": "ŷ"}


def page_batch(dims=(4, 5, 3), seed=0, n=1, label=0, x=None):
    """The batch the page builds for these controls (row 0 random from the seed)."""
    params = M.init_params(*dims, seed=seed)
    first = E.random_vector(dims[0], seed=seed, scale=1.0) if x is None else x
    return BP.seeded_batch(params, n, seed, first=first, first_label=label)


def latex(at) -> list[str]:
    """The LaTeX of every formula on the page, without Streamlit's $$ fences."""
    return formulas(at)


def computing(at) -> list:
    """The node the diagram lights as computed, for the step the page shows."""
    return [walk(at)["view"]["computing"]]


def check_metric(at) -> tuple[str, str]:
    v = walk(at, "middle")["view"]
    return v["check_label"], v["verdict"]


def shapes_line(at) -> str:
    v = walk(at, "middle")["view"]
    return f"{v['shapes']}, here {v['shapes_numeric']}"


def step_strip(at) -> str:
    """The strip of steps as the browser draws it, the current one in bold (**[…]**)."""
    w = walk(at)
    return " · ".join(f"**[{t}]**" if i == w["at"] else t for i, t in enumerate(w["marks"]))


def numbers_text(at) -> str:
    return walk(at, "numbers")["view"]["numbers"]


def clamp_notes(at) -> list[str]:
    note = walk(at, "numbers")["view"]["clamped"]
    return [note] if note else []


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize("name", BP.ORDER)
def test_each_step_shows_its_equation_numbers_shapes_and_check(name, n):
    at = open_page(MLP, {"step": SHOWN.get(name, name), "n": str(n), "row": "1", "col": "2"})
    assert_clean(at)
    b = page_batch(n=n)
    env, _ = BP.run_lines(b)
    v = BP.view(b, name)
    # The equation, from its registry entry: every step's box is on the page, in the
    # steps' order, and the browser shows the one of the step it draws.
    boxes = [N.REGISTRY[BP.view(b, k).key].latex for k in BP.ORDER]
    shown = latex(at)
    start = shown.index(boxes[0])
    assert shown[start : start + len(boxes)] == boxes
    assert walk(at)["step"] == name and boxes[BP.ORDER.index(name)] == N.REGISTRY[v.key].latex
    # Its shapes as a product, for this batch.
    assert shapes_line(at) == f"{v.shapes}, here {v.shapes_numeric}"
    # The numbers for the picked entry (clamped where the tensor is smaller).
    index, _ = BP.clamp_index((1, 2)[-v.value.ndim :] if v.value.ndim else (), v.value.shape)
    assert numbers_text(at) == BP.numbers(name, env, index).text
    # Its own check passes, and the diagram lights this step.
    label, verdict = check_metric(at)
    assert SHOWN.get(name, name) in label and verdict == "pass"
    assert computing(at) == [name]
    # The diagram's text alternative names the step and what it reads, with their shapes.
    alt = walk(at)["view"]["alt"]
    assert alt.startswith(f"The network's graph, computing {SHOWN.get(name, name)} (")
    assert all(f"{SHOWN.get(r, r)} (" in alt for r in v.reads)


def test_the_step_control_moves_the_highlight_and_the_url():
    at = open_page(MLP)
    assert computing(at) == ["z1"]
    for name in ("h", "dz2", "dW1", "dx"):
        widget(at, "select_slider", "step").set_value(SHOWN.get(name, name)).run()
        assert_clean(at)
        assert computing(at) == [name]


def test_play_advances_one_step_per_tick_and_pause_stops():
    at = open_page(MLP, {"step": "dh"})
    at.button(key="bp_play").click().run()
    assert at.button(key="bp_play").label == "⏸ Pause"
    assert computing(at) == ["dz1"]
    at.run()  # a tick of the fragment's timer
    assert computing(at) == ["dW1"]
    at.button(key="bp_play").click().run()
    assert at.button(key="bp_play").label == "▶ Play"
    stopped = computing(at)
    at.run()
    assert computing(at) == stopped


def test_a_step_picked_by_hand_while_playing_pauses_and_stays():
    at = open_page(MLP, {"step": "dh"})
    at.button(key="bp_play").click().run()
    assert computing(at) == ["dz1"] and at.button(key="bp_play").label == "⏸ Pause"
    widget(at, "select_slider", "step").set_value("z2").run()
    assert_clean(at)
    assert at.button(key="bp_play").label == "▶ Play"
    assert computing(at) == ["z2"]
    at.run()
    assert computing(at) == ["z2"]


def test_a_mistake_that_changes_no_number_is_said_so_and_one_class_is_explained():
    at = open_page(MLP, {"dy": "1", "mistake": "y − ŷ", "step": "dz2"})
    assert_clean(at)
    assert any("no check fails with these inputs" in c.value for c in at.caption)
    assert not any("(none)" in c.value for c in at.caption)
    assert any("softmax is the constant 1" in i.value for i in at.info)
    assert metrics(at)["summed CE over the batch"] == "0"


def test_a_tensor_of_nan_says_why_it_has_no_difference():
    at = open_page(MLP, {"mistake": "missing transpose", "step": "dz1"})
    v = walk(at, "middle")["view"]
    assert v["verdict"] == "fail" and "holds NaN" in v["note"] and "inf" not in v["note"]
    assert walk(at, "numbers")["views"][BP.ORDER.index("CE")]["entry"].startswith("The value CE = ")


def test_a_link_may_name_a_step_as_the_core_does():
    at = open_page(MLP, {"step": "yhat"})
    assert_clean(at)
    assert computing(at) == ["yhat"] and not at.warning


def test_play_wraps_from_the_last_step_to_the_first():
    at = open_page(MLP, {"step": "dx"})
    at.button(key="bp_play").click().run()
    assert computing(at) == ["z1"]


@pytest.mark.parametrize("mistake", list(BP.MISTAKES))
def test_a_mistake_is_named_marked_where_it_enters_and_fails_from_there(mistake):
    m = BP.MISTAKES[mistake]
    dims = {"dx": "4", "h": "3", "dy": "3"}  # H = Dy: the missing transpose multiplies
    at = open_page(MLP, {**dims, "mistake": m.label, "step": m.step})
    assert_clean(at)
    strip = step_strip(at)
    assert f"**[{m.step} ✗ ⚠ enters here]**" in strip
    assert strip.count("⚠") == 1
    assert check_metric(at)[1] == "fail"
    assert any("enters at step" in c.value and "fail from" in c.value for c in at.caption)
    # The wrong line is shown beside the correct one, named.
    assert any(m.title in md.value for md in at.markdown)
    assert N.REGISTRY[m.key].wrong_latex in latex(at)
    # Its numbers are the wrong line's, and equal the wrong tensor's entry.
    b = page_batch(dims=(4, 3, 3))
    env, _ = BP.run_lines(b, mistake)
    assert numbers_text(at) == BP.numbers(m.step, env, (0, 0)[-env[m.step].ndim :], mistake).text
    # Every step before it still passes.
    before = strip.split("⚠")[0].split(" · ")[: BP.ORDER.index(m.step)]
    assert before and all("✓" in s for s in before)


def test_a_mistake_is_marked_on_later_steps_and_their_checks_fail():
    at = open_page(MLP, {"mistake": "y − ŷ", "step": "dW1"})
    assert check_metric(at)[1] == "fail"
    assert "dz2 ✗ ⚠ enters here" in step_strip(at)
    at = open_page(MLP, {"mistake": "θ²", "step": "dW2"})
    assert check_metric(at)[1] == "pass"  # dW2 does not read δ3


def test_a_missing_transpose_with_h_unequal_dy_is_explained_by_the_shapes():
    at = open_page(MLP, {"mistake": "missing transpose", "step": "dh"})
    assert_clean(at)
    problem = walk(at, "middle")["view"]["problem"]
    assert "cannot be multiplied" in problem and "H = Dy" in problem
    assert "undefined" in numbers_text(at)
    assert check_metric(at)[1] == "fail"


def test_the_batch_sums_over_n_rows_and_every_check_passes():
    at = open_page(MLP, {"n": "5", "step": "dW2"})
    assert_clean(at)
    assert "(5×5)ᵀ(5×3) → 5×3" in shapes_line(at)
    assert "Σₙ" in numbers_text(at) and "(5 terms in all)" in numbers_text(at)
    b = page_batch(n=5)
    ce = M.cross_entropy(M.forward(b.params, b.X)[1].z2, b.labels, reduction="sum")
    assert float(metrics(at)["summed CE over the batch"]) == pytest.approx(ce, rel=1e-5)
    assert "✗" not in step_strip(at)
    (table,) = [t for t in tables(at) if "max check error" in t]
    assert table["passes (tolerance 1e-5)"] == ["pass"] * 8
    assert checks(at)["Σ of the N = 5 outer products hₙᵀδ1ₙ = hᵀδ1"][0] == "pass"


def test_the_typed_x_is_row_0_of_the_batch():
    at = open_page(MLP, {"xmode": "typed", "x": "1, -1, 2, 0.5", "n": "3", "step": "z1"})
    assert_clean(at)
    assert numbers_text(at).startswith("z1[0,0] = Σᵢ x[0,i]·W1[i,0] + b1[0] = 1 × ")


def test_the_entry_picker_clamps_after_a_change_of_dimensions_and_says_so():
    at = open_page(MLP, {"step": "dW1", "row": "3", "col": "4"})
    assert not clamp_notes(at)
    assert numbers_text(at).startswith("dW1[3,4] = ")
    widget(at, "number_input", "dx").set_value(2).run()
    assert_clean(at)
    assert any("[3, 4] is outside dW1 (2×5)" in i and "dW1[1, 4]" in i for i in clamp_notes(at))
    assert numbers_text(at).startswith("dW1[1,4] = ")
    widget(at, "number_input", "h").set_value(2).run()
    assert numbers_text(at).startswith("dW1[1,1] = ")
    widget(at, "number_input", "dx").set_value(6).run()  # room again: the pick comes back
    widget(at, "number_input", "h").set_value(5).run()
    assert not clamp_notes(at) and numbers_text(at).startswith("dW1[3,4] = ")


def test_the_picker_clamps_to_a_vector_and_a_scalar():
    at = open_page(MLP, {"step": "db1", "row": "2", "col": "9"})
    assert any("outside db1 (5)" in i for i in clamp_notes(at))
    assert numbers_text(at).startswith("db1[4] = ")
    at = open_page(MLP, {"step": "CE"})
    assert numbers_text(at).startswith("CE = −Σₙ log ŷ[n, kₙ] = ")


@pytest.mark.parametrize(
    "query",
    [
        {"n": "0"},
        {"n": "65"},
        {"n": "100000000000"},
        {"n": "abc"},
        {"step": "999"},
        {"step": "-1"},
        {"step": "dQ"},
        {"dx": "0"},
        {"dx": "33"},
        {"h": "-4"},
        {"seed": "-1"},
        {"seed": str(2**31)},
        {"row": "64"},
        {"col": "-1"},
        {"mistake": "everything"},
        {"w1scale": "1e9"},
    ],
    ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()),
)
def test_a_bad_url_value_is_ignored_with_a_notice_and_the_walk_goes_on(query):
    at = open_page(MLP, query)
    assert_clean(at)
    ((key, _),) = query.items()
    assert any("Ignored from the link" in w.value and key in w.value for w in at.warning)
    assert numbers_text(at) and computing(at)
    assert check_metric(at)[1] == "pass"


def test_every_control_at_its_largest_values_keeps_the_walk_working():
    query = {"n": "64", "dx": "32", "h": "32", "dy": "32", "seed": str(2**31 - 1)}
    at = open_page(MLP, {**query, "label": "31", "step": "dW1", "row": "63", "col": "63"})
    assert_clean(at)
    assert not at.warning
    assert check_metric(at)[1] == "pass"
    assert numbers_text(at).startswith("dW1[31,31] = Σₙ ") and "(64 terms in all)" in numbers_text(
        at
    )
    assert "(64×32)ᵀ(64×32) → 32×32" in shapes_line(at)


def test_scaling_w1_saturates_the_hidden_units_and_shrinks_dw1():
    at = open_page(MLP, {"n": "8"})
    low = metrics(at)
    widget(at, "select_slider", "w1scale").set_value(1024.0).run()
    assert_clean(at)
    high = metrics(at)
    assert float(high["saturated hidden units"].rstrip(" %")) > 90
    assert float(low["saturated hidden units"].rstrip(" %")) < 10
    assert float(high["RMS of dW1"]) < float(low["RMS of dW1"]) / 10
    sweep = figures(at)["sweep"]["data"]
    assert sweep[3]["x"] == [1024.0]


class TestPromisesHoldAtTheDefaults:
    """The kind of error of issue 32 #21: the text told the student to watch something
    happen that the page's own numbers, at its defaults, did not show."""

    SCALES = (1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0, 1024.0)

    def saturation_text(self, at) -> str:
        (text,) = [c.value for c in at.caption if "A unit counts as saturated" in c.value]
        return text

    def test_scaling_w1_up_shrinks_dw1_at_every_step_of_the_control(self):
        at = open_page(MLP)  # N = 1, seed 0, 4-5-3: the defaults
        text = self.saturation_text(at)
        assert "watch dW1 shrink" in text
        shown = []
        for scale in self.SCALES:  # the student moves the control up, one step at a time
            widget(at, "select_slider", "w1scale").set_value(scale).run()
            assert_clean(at)
            shown.append(float(metrics(at)["RMS of dW1"]))
        assert all(b < a for a, b in itertools.pairwise(shown)), shown
        # The numbers the text names are the ones the student sees at ×1 and ×1024.
        assert f"falls from {shown[0]:.3g} at ×1 to {shown[-1]:.3g} at ×1024" in text

    def test_the_text_promises_a_shrink_only_where_the_sweep_has_one(self):
        b = page_batch()
        sweep = BP.scale_sweep(b, [1.0, 1024.0])
        assert sweep["dW1"][1] < sweep["dW1"][0] / 2  # the defaults: it does
        # A single unit that never saturates: nothing to promise.
        at = open_page(MLP, {"h": "1", "dx": "1", "xmode": "typed", "x": "0"})
        assert_clean(at)
        text = self.saturation_text(at)
        one = page_batch(dims=(1, 1, 3), x=np.zeros(1))
        sweep = BP.scale_sweep(one, [1.0, 1024.0])
        assert ("watch dW1 shrink" in text) == (sweep["dW1"][1] < sweep["dW1"][0] / 2)

    def test_setting_h_equal_to_dy_lets_a_missing_transpose_travel_on(self):
        at = open_page(MLP, {"mistake": "missing transpose"})
        problems = [v["problem"] for v in walk(at, "middle")["views"] if v["problem"]]
        assert problems and all("set H equal to Dy to watch" in p for p in problems)
        at = open_page(MLP, {"mistake": "missing transpose", "h": "3"})  # Dy is 3
        views = walk(at, "middle")["views"]
        assert not any(v["problem"] for v in views)  # no shape catches it now
        verdicts = [v["verdict"] for v in views]
        assert verdicts[BP.ORDER.index("dh")] == "fail"
        assert all(x == "fail" for x in verdicts[BP.ORDER.index("dh") + 1 :])


def test_the_shapes_table_and_the_diagonal_jacobian_are_shown():
    at = open_page(MLP, {"n": "2"})
    (shapes,) = [t for t in tables(at) if "here" in t]
    assert shapes["gradient"] == list(BP.BACKWARD)
    assert "(2×5)ᵀ(2×3) → 5×3" in shapes["here"]
    assert N.REGISTRY["bp-dz1-diag"].latex in latex(at)


def test_every_formula_on_the_page_comes_from_the_registry():
    for query in ({}, {"mistake": "θ²", "step": "dz1"}, {"mistake": "y − ŷ", "step": "dz2"}):
        at = open_page(MLP, query)
        known = set()
        for e in N.REGISTRY.values():
            known |= {e.latex, e.wrong_latex, e.latex.replace("«", "").replace("»", "")}
        assert latex(at) and all(t in known for t in latex(at))


def test_page_numbers_equal_the_cores_for_a_batch():
    at = open_page(MLP, {"n": "4", "seed": "7", "label": "2", "step": "dx", "row": "3"})
    b = page_batch(seed=7, n=4, label=2)
    env, _ = BP.run_lines(b)
    assert numbers_text(at) == BP.numbers("dx", env, (3, 0)).text
    np.testing.assert_allclose(env["dx"], BP.core_grads(b)["dx"], rtol=1e-10)
