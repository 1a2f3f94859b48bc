"""Backprop one line at a time: each view equals the library's pass, checks itself, and a
mistake swapped into one line fails its check from that line on."""

import json
import re

import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import metl_core as M
from metl_core.figures import backprop as FB
from metl_core.teaching import backprop_steps as BP
from metl_core.teaching import notes as N

from strategies import seeds

small_dims = st.tuples(st.integers(1, 6), st.integers(1, 6), st.integers(1, 6))
batch_sizes = st.integers(1, 9)

# Where each mistake's wrong value reaches: the line it swaps and every line reading it.
DOWNSTREAM = {
    "sign": {"dz2", "dW2", "db2", "dh", "dz1", "dW1", "db1", "dx"},
    "transpose": {"dh", "dz1", "dW1", "db1", "dx"},
    "theta2": {"dz1", "dW1", "db1", "dx"},
    "no_sigma_prime": {"dz1", "dW1", "db1", "dx"},
}


def batch_of(dims, n, seed=0):
    return BP.seeded_batch(M.init_params(*dims, seed=seed), n, seed)


def with_biases(b, seed=0):
    """The same batch with nonzero biases (init_params starts them at 0)."""
    p, rng = b.params, np.random.default_rng(seed)
    b1, b2 = rng.normal(size=p.b1.shape), rng.normal(size=p.b2.shape)
    return BP.Batch(type(p)(p.W1, b1, p.W2, b2), b.X, b.labels)


@given(small_dims, batch_sizes, seeds)
def test_every_view_equals_the_librarys_forward_and_backward(dims, n, seed):
    b = with_biases(batch_of(dims, n, seed), seed)
    env, problems = BP.run_lines(b)
    assert not problems
    _, cache = M.forward(b.params, b.X)
    for name in ("z1", "h", "z2", "yhat"):
        np.testing.assert_allclose(env[name], getattr(cache, name), rtol=1e-12, atol=1e-15)
    assert float(env["CE"]) == pytest.approx(M.cross_entropy(cache.z2, b.labels), rel=1e-12)
    for name, g in BP.core_grads(b).items():
        np.testing.assert_allclose(env[name], g, rtol=1e-10, atol=1e-14, err_msg=name)


@pytest.mark.parametrize("n", [1, 2, 5, 17, 64])
def test_every_views_own_check_passes_for_every_batch_size(n):
    views = BP.views(with_biases(batch_of((4, 5, 3), n, seed=n)))
    assert [v.name for v in views] == list(BP.ORDER)
    assert all(v.check.ok for v in views), [(v.name, v.check.error) for v in views]
    assert {v.phase for v in views[:5]} == {"forward"}
    assert {v.phase for v in views[5:]} == {"backward"}


@settings(max_examples=25)
@given(small_dims, st.integers(1, 64), seeds)
def test_gradient_checks_pass_for_any_batch_and_dimensions(dims, n, seed):
    b = batch_of(dims, n, seed)
    env, _ = BP.run_lines(b)
    for name in BP.BACKWARD:
        c = BP.check_tensor(name, b, env[name], env)
        assert c.ok, (name, c.error)


@pytest.mark.parametrize("n", [1, 3, 64])
@pytest.mark.parametrize("mistake", list(BP.MISTAKES))
def test_each_mistake_fails_from_its_first_step_on_and_nowhere_before(mistake, n):
    b = batch_of((4, 3, 3), n, seed=2)  # H = Dy: the missing transpose still multiplies
    t = BP.travel(b, mistake)
    assert t.enters == t.first_failure == BP.MISTAKES[mistake].step
    assert set(t.failing) == DOWNSTREAM[mistake]
    first = BP.ORDER.index(t.enters)
    assert all(name not in t.failing for name in BP.ORDER[:first])


@pytest.mark.parametrize("mistake", list(BP.MISTAKES))
def test_a_mistake_swaps_exactly_one_line(mistake):
    b = batch_of((3, 4, 4), 3, seed=1)
    right, _ = BP.run_lines(b)
    wrong, _ = BP.run_lines(b, mistake)
    step = BP.MISTAKES[mistake].step
    before = BP.ORDER[: BP.ORDER.index(step)]
    for name in before:
        np.testing.assert_array_equal(wrong[name], right[name])
    expected = {
        "sign": right["y"] - right["yhat"],
        "transpose": right["dz2"] @ b.params.W2,
        "theta2": right["dh"] * M.sigmoid(right["z1"]) ** 2,
        "no_sigma_prime": right["dh"],
    }[mistake]
    np.testing.assert_allclose(wrong[step], expected, rtol=1e-13)
    assert not np.allclose(wrong[step], right[step])


def test_the_notes_theta2_mistake_is_what_notes_backward_carries_downstream():
    # The mistake mechanism generalises notes.notes_backward: same tensors, any mistake.
    b = batch_of((4, 5, 3), 4, seed=3)
    wrong, _ = BP.run_lines(b, "theta2")
    _, cache = M.forward(b.params, b.X)
    notes = N.notes_backward(b.params, cache, b.labels)
    for name, value in notes.items():
        np.testing.assert_allclose(wrong[name], value, rtol=1e-12, atol=1e-15, err_msg=name)


def test_a_missing_transpose_with_h_unequal_dy_is_a_shape_error_that_travels_as_nan():
    b = batch_of((4, 5, 3), 2)
    env, problems = BP.run_lines(b, "transpose")
    assert set(problems) == {"dh"} and "cannot be multiplied" in problems["dh"]
    for name in ("dh", "dz1", "dW1", "db1", "dx"):
        assert np.isnan(env[name]).all(), name
    t = BP.travel(b, "transpose")
    assert t.first_failure == "dh" and set(t.failing) == DOWNSTREAM["transpose"]
    v = BP.view(b, "dh", "transpose")
    assert v.problem and "5" in v.shapes_numeric and v.check.error == np.inf


def test_an_unknown_mistake_is_refused():
    with pytest.raises(ValueError, match="unknown mistake"):
        BP.run_lines(batch_of((2, 2, 2), 1), "typo")


def _all_indices(shape):
    return list(np.ndindex(*shape)) if shape else [()]


@pytest.mark.parametrize("mistake", [None, *BP.MISTAKES])
@pytest.mark.parametrize("n", [1, 4])
def test_the_equation_with_numbers_equals_the_tensor_entry_everywhere(n, mistake):
    b = with_biases(batch_of((3, 4, 4), n, seed=5))
    env, _ = BP.run_lines(b, mistake)
    for name in BP.ORDER:
        for index in _all_indices(env[name].shape):
            nums = BP.numbers(name, env, index, mistake)
            assert nums.value == pytest.approx(float(env[name][index]), rel=1e-12, abs=1e-15)
            assert nums.text.startswith(f"{nums.lhs} = {nums.symbolic} = ")
            assert nums.text.endswith(f" = {BP.num(nums.value)}")


def test_the_numbers_shown_are_the_factors_read():
    b = batch_of((4, 5, 3), 1)
    env, _ = BP.run_lines(b)
    nums = BP.numbers("dW1", env, (2, 3))
    x, d = env["x"][0, 2], env["dz1"][0, 3]
    assert nums.text == (
        f"dW1[2,3] = x[0,2]·dz1[0,3] = {BP.num(x)} × ({BP.num(d)}) = {BP.num(x * d)}"
        if d < 0
        else f"dW1[2,3] = x[0,2]·dz1[0,3] = {BP.num(x)} × {BP.num(d)} = {BP.num(x * d)}"
    )
    many = BP.numbers("dW1", BP.run_lines(batch_of((4, 5, 3), 10))[0], (0, 0))
    assert "Σₙ" in many.symbolic and "… (10 terms in all)" in many.shown


def test_num_uses_a_true_minus_and_names_non_finite_values():
    assert BP.num(-0.078287) == "−0.07829"
    assert (BP.num(np.nan), BP.num(np.inf), BP.num(-np.inf)) == ("NaN", "∞", "−∞")


@given(small_dims, batch_sizes)
def test_the_shape_product_ends_in_the_shape_of_the_value(dims, n):
    b = batch_of(dims, n)
    for v in BP.views(b):
        result = v.shapes_numeric.rsplit("→", 1)[1].strip()
        shape = () if result == "scalar" else tuple(int(s) for s in result.split("×"))
        assert shape == v.value.shape, (v.name, v.shapes_numeric)
        assert not re.search(r"\b(N|Dx|Dy|H)\b", v.shapes_numeric)


def test_the_shapes_table_has_every_gradient_and_explains_transposes_and_odot():
    rows = BP.shapes_table(1, 4, 5, 3)
    assert [r["gradient"] for r in rows] == list(BP.BACKWARD)
    by = {r["gradient"]: r for r in rows}
    assert by["dW2"]["here"] == "(1×5)ᵀ(1×3) → 5×3"
    assert "diag" in by["dz1"]["why"] and "ᵀ" in by["dh"]["why"]


def test_clamp_index_moves_inside_and_says_whether_it_moved():
    assert BP.clamp_index((7, 9), (4, 5)) == ((3, 4), True)
    assert BP.clamp_index((2, 3), (4, 5)) == ((2, 3), False)
    assert BP.clamp_index((-1,), (3,)) == ((0,), True)
    assert BP.clamp_index((5, 5), ()) == ((), False)


def test_make_batch_refuses_wrong_shapes_and_labels():
    p = M.init_params(3, 2, 2)
    with pytest.raises(ValueError, match="X must have shape"):
        BP.make_batch(p, np.ones((2, 4)), [0, 1])
    with pytest.raises(ValueError, match="labels must have shape"):
        BP.make_batch(p, np.ones((2, 3)), [0])
    with pytest.raises(ValueError, match="out of range"):
        BP.make_batch(p, np.ones((1, 3)), [2])


def test_a_larger_batch_keeps_the_rows_it_had():
    p = M.init_params(4, 5, 3)
    small, big = BP.seeded_batch(p, 3, 7), BP.seeded_batch(p, 9, 7)
    np.testing.assert_array_equal(big.X[:3], small.X)
    np.testing.assert_array_equal(big.labels[:3], small.labels)


def test_scaling_w1_saturates_the_hidden_units_and_dw1_vanishes():
    b = batch_of((4, 5, 3), 8, seed=1)
    sweep = BP.scale_sweep(b, [1.0, 1024.0])
    assert sweep["saturated"][1] > 0.9 > 0.1 > sweep["saturated"][0]
    assert sweep["dW1"][1] < sweep["dW1"][0] / 10
    assert sweep["dW2"][1] > sweep["dW2"][0] / 10  # dW2 does not pass through σ′
    assert BP.saturation(b).mean_sigma_prime <= 0.25


def test_outer_products_sum_to_the_matrix_product():
    b = batch_of((3, 4, 2), 6)
    env, _ = BP.run_lines(b)
    outer = BP.outer_products(env["h"], env["dz2"])
    assert outer.shape == (6, 4, 2)
    np.testing.assert_allclose(outer.sum(axis=0), env["dW2"], rtol=1e-12, atol=1e-15)
    assert BP.outer_sum_check(b).ok


# --- The registry entries of the walk ------------------------------------------------------

BP_ENTRIES = [e for e in N.entries(topic="backprop") if e.key.startswith("bp-")]
INPUTS = [N.Inputs(), N.Inputs(seed=3, dims=(2, 6, 4)), N.Inputs(seed=9, dims=(5, 2, 2))]


def test_every_view_has_a_registry_entry_and_every_mistake_an_erratum():
    keys = {e.key for e in BP_ENTRIES}
    assert {BP.registry_key(name) for name in BP.ORDER} <= keys
    for m in BP.MISTAKES.values():
        entry = N.REGISTRY[m.key]
        assert entry.source == {"notes": N.NOTES, "variant": N.VARIANT}[m.source]
        assert entry.wrong_latex and entry.reason and entry.wrong_check


@pytest.mark.parametrize("inputs", INPUTS, ids=["default", "2-6-4", "5-2-2"])
@pytest.mark.parametrize("entry", BP_ENTRIES, ids=[e.key for e in BP_ENTRIES])
def test_each_entry_passes_and_its_wrong_version_fails(entry, inputs):
    assert entry.step == 5 and entry.topics == ("backprop",)
    c = entry.check(inputs)
    assert c.ok, (entry.key, c.error)
    if entry.wrong_check is not None:
        assert not entry.wrong_check(inputs).ok, entry.key


def test_entry_checks_run_on_one_row_and_on_a_batch():
    one, five = BP.check_batches(N.Inputs())
    assert one.dims[0] == 1 and five.dims[0] == 5
    # The mean of the outer products is right for one row and wrong for a batch.
    assert BP.check_outer_sums(N.Inputs(), mean=True).error > 0.1
    assert BP.check_mean_gradient(N.Inputs()).ok


# --- The highlighted diagram ---------------------------------------------------------------


def test_the_diagram_has_a_node_for_every_value_a_step_computes_or_reads():
    d = FB.diagram_data((2, 4, 5, 3))
    names = [n["name"] for n in d["nodes"]]
    assert len(set(names)) == len(names)
    for v in BP.views(batch_of((4, 5, 3), 2)):
        assert {v.name, *v.reads} <= set(names), v.name
    assert all(a in names and b in names for a, b in d["edges"])
    x0, x1, y0, y1 = d["box"]
    assert all(x0 < n["x"] < x1 and y0 < n["y"] < y1 for n in d["nodes"])
    # Every node has its own place: a step's light never lands on two nodes.
    assert len({(n["x"], n["y"]) for n in d["nodes"]}) == len(names)


def test_the_diagram_labels_shapes_for_the_batch():
    shapes = {n["name"]: n["shape"] for n in FB.diagram_data((7, 4, 5, 3))["nodes"]}
    assert (shapes["x"], shapes["z1"], shapes["dW1"], shapes["b2"], shapes["CE"]) == (
        "7×4",
        "7×5",
        "4×5",
        "3",
        "scalar",
    )
    assert shapes["yhat"] == shapes["dz2"] == "7×3"


@pytest.mark.parametrize(
    "build",
    [
        lambda: FB.delta_sizes_figure(BP.saturation(batch_of((4, 5, 3), 2)).sizes),
        lambda: FB.scale_sweep_figure(BP.scale_sweep(batch_of((4, 5, 3), 2), [0.5, 1, 8]), 1),
    ],
    ids=["delta_sizes", "scale_sweep"],
)
def test_figure_is_valid_plotly_and_validation_would_change_nothing(build):
    fig = build()
    validated = go.Figure(fig.to_dict())
    assert json.loads(fig.to_json()) == json.loads(validated.to_json())
