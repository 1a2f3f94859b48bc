"""AppTest: the sections of issue 15 render, show metl_core's numbers, and follow their inputs."""

import numpy as np
import pytest

import metl_core as M
from metl_core.maths import finite_differences as FD
from metl_core.maths import jacobian as JAC
from metl_core.maths import saturation as SAT
from metl_core.teaching import notes as N
from pages.ui import fd_text as FDT
from pages.ui.registry import PAGES
from pages.ui.text import echo, fmt

from pagetest import (
    assert_clean,
    checks,
    figures,
    formulas,
    metrics,
    numbers_of,
    open_page,
    tables,
    trace,
    widget,
)

SOFTMAX = "pages/1_Softmax.py"
SIGMOID = "pages/2_Sigmoid.py"
CE = "pages/3_Cross_entropy_gradient.py"


def latex_shown(at) -> list[str]:
    """Each LaTeX element's formula, without the $$ lines Streamlit wraps it in."""
    return formulas(at)


def table_with(at, column: str) -> dict[str, np.ndarray]:
    """The first table with ``column``; its cells, shown as text, read back as numbers."""
    for t in tables(at):
        if column in t:
            return {k: numbers_of(v) for k, v in t.items() if k}
    raise KeyError(column)


@pytest.mark.parametrize(
    "page, keys",
    [
        (
            SOFTMAX,
            [
                "softmax-jacobian",
                "softmax-jacobian-rows",
                "ce-chain-rule",
                "ce-gradient-sums-to-zero",
            ],
        ),
        (
            SIGMOID,
            [
                "sigmoid-slope-bound",
                "sigmoid-vanishing",
                "sigmoid-grad-argument",
                "sigmoid-relative-error",
                "fd-error-terms",
            ],
        ),
        (
            CE,
            [
                "ce-gradient-sums-to-zero",
                "ce-stable",
                "fd-error-terms",
                "gradcheck-error",
                "gradcheck-kink",
            ],
        ),
    ],
)
def test_each_new_formula_and_erratum_comes_from_the_registry(page, keys):
    at = open_page(page)
    assert_clean(at)
    shown = latex_shown(at)
    (topic,) = [e.topic for e in PAGES if e.file == page]
    for key in keys:
        entry = N.REGISTRY[key]
        assert topic in entry.topics
        # An erratum repeats the correct formula beside the wrong one: count it once more.
        assert shown.count(entry.latex) >= 1 + bool(entry.wrong_latex), key
        if entry.wrong_latex:
            assert entry.wrong_latex in shown, key


# --- Softmax --------------------------------------------------------------------------------


def test_softmax_jacobian_heatmap_is_the_core_jacobian_and_follows_the_logits():
    at = open_page(SOFTMAX)
    fig = figures(at)["jacobian"]
    np.testing.assert_allclose(fig["data"][0]["z"], JAC.softmax_jacobian([1.0, 2.0]))
    diff = JAC.softmax_jacobian([1.0, 2.0]) - JAC.numeric_jacobian(M.softmax, [1.0, 2.0])
    np.testing.assert_allclose(fig["data"][1]["z"], diff)
    m = metrics(at)
    assert checks(at)["J = centred differences"][0] == "pass"
    assert m["largest |J − finite differences|"] == fmt(float(np.max(np.abs(diff))), 2)
    widget(at, "text_input", "logits").set_value("3, 1, -2").run()
    assert_clean(at)
    np.testing.assert_allclose(
        figures(at)["jacobian"]["data"][0]["z"], JAC.softmax_jacobian([3.0, 1.0, -2.0])
    )


def test_softmax_jacobian_of_logits_too_large_to_nudge_says_so_and_still_draws_J():
    at = open_page(SOFTMAX)
    widget(at, "text_input", "logits").set_value("1e12, 0").run()
    assert_clean(at)
    fig = figures(at)["jacobian"]
    assert len(fig["data"]) == 1
    np.testing.assert_allclose(fig["data"][0]["z"], JAC.softmax_jacobian([1e12, 0.0]))
    assert any("too large to nudge" in i.value for i in at.info)


def test_softmax_chain_rule_table_follows_the_class_and_the_smoothing():
    at = open_page(SOFTMAX, {"logits": "1, 2, -0.5"})
    table = table_with(at, "−(y/ŷ)·J (chain rule)")
    x = np.array([1.0, 2.0, -0.5])
    y = JAC.smoothed_target(0, 3, 0.2)
    np.testing.assert_allclose(table["target y"], y)
    np.testing.assert_allclose(table["−(y/ŷ)·J (chain rule)"], JAC.ce_grad_chain_rule(x, y))
    np.testing.assert_allclose(table["ŷ − y"], M.softmax(x) - y)
    widget(at, "number_input", "jac_k").set_value(2).run()
    widget(at, "slider", "jac_eps").set_value(0.5).run()
    assert_clean(at)
    table = table_with(at, "−(y/ŷ)·J (chain rule)")
    y = JAC.smoothed_target(2, 3, 0.5)
    np.testing.assert_allclose(table["target y"], y)
    np.testing.assert_allclose(table["ŷ Σy − y"], JAC.ce_grad_simplified(x, y))
    assert float(metrics(at)["Σⱼ (ŷ − y)ⱼ at these logits"]) == pytest.approx(0, abs=1e-15)


def test_softmax_chain_rule_class_out_of_range_says_so_and_uses_class_0():
    at = open_page(SOFTMAX, {"jac_k": "7"})
    assert_clean(at)
    assert any("Class 7 does not exist" in e.value for e in at.error)
    np.testing.assert_allclose(
        table_with(at, "target y")["target y"], JAC.smoothed_target(0, 2, 0.2)
    )


def test_softmax_chain_rule_warns_where_a_probability_underflows():
    at = open_page(SOFTMAX, {"logits": "1000, 0", "jac_eps": "0.5"})
    assert_clean(at)
    assert any("divides by 0" in w.value for w in at.warning)
    assert np.isnan(table_with(at, "−(y/ŷ)·J (chain rule)")["−(y/ŷ)·J (chain rule)"]).all()
    assert any("Softmax is saturated here" in i.value for i in at.info)


# --- Sigmoid --------------------------------------------------------------------------------


def test_sigmoid_grad_mistake_shows_x_times_one_minus_x_beside_the_right_value():
    at = open_page(SIGMOID)
    m = metrics(at)
    assert m["sigmoid_grad(σ(x0)): right"] == fmt(float(M.sigmoid_grad(M.sigmoid(1.0))), 8)
    assert m["sigmoid_grad(x0): the mistake"] == "0"  # 1 · (1 − 1)
    widget(at, "slider", "x0").set_value(-2.5).run()
    assert_clean(at)
    m = metrics(at)
    assert m["sigmoid_grad(x0): the mistake"] == fmt(-2.5 * 3.5, 8)
    assert m["σ′(x0)"] == fmt(float(M.sigmoid_derivative(-2.5)), 8)


def test_sigmoid_step_plot_is_the_core_sweep_and_follows_x0():
    at = open_page(SIGMOID)
    np.testing.assert_allclose(trace(at, "sigmoid_steps", 1), FD.sigmoid_sweep(1.0).centred)
    m = metrics(at)
    assert m["fitted slope, one-sided (h from 1e-6 to 1e-2)"] == "1"
    assert m["fitted slope, centred (h from 1e-4 to 1e-2)"] == "2"
    widget(at, "slider", "x0").set_value(0.0).run()
    assert_clean(at)
    np.testing.assert_allclose(trace(at, "sigmoid_steps", 0), FD.sigmoid_sweep(0.0).one_sided)
    assert any("σ″(x0)" in i.value for i in at.info)


@pytest.mark.parametrize("x0", [1.3, 0.0, 11.0, 30.0])
def test_sigmoid_step_commentary_is_the_cause_read_from_the_sweep(x0):
    at = open_page(SIGMOID, {"x0": str(x0)})
    assert_clean(at)
    said = FDT.sigmoid_messages(FD.classify(FD.sigmoid_sweep(x0)), x0)
    infos = [i.value for i in at.info]
    if said:
        assert "\n\n".join(said) in infos
    else:  # the plain Taylor regime: nothing to explain
        assert not any("slope" in v or "error" in v for v in infos), infos
    assert not any("h⁴" in i.value for i in at.info) or x0 not in (1.3, 0.0)  # #1


def test_sigmoid_vanishing_plot_follows_layers_spread_and_seed():
    at = open_page(SIGMOID)
    v = SAT.vanishing(20, 1.0, seed=0, chains=8)
    np.testing.assert_allclose(trace(at, "vanishing", 8), v.median)
    np.testing.assert_allclose(trace(at, "vanishing", 9), v.bound)
    widget(at, "slider", "vg_layers").set_value(5).run()
    widget(at, "slider", "vg_spread").set_value(3.0).run()
    widget(at, "number_input", "vg_seed").set_value(7).run()
    assert_clean(at)
    v = SAT.vanishing(5, 3.0, seed=7, chains=8)
    np.testing.assert_allclose(trace(at, "vanishing", 0), v.products[0])
    assert metrics(at)["bound (1/4)^5"] == fmt(0.25**5, 3)


def test_sigmoid_vanishing_takes_its_controls_from_the_link():
    at = open_page(SIGMOID, {"vg_layers": "5", "vg_spread": "3", "vg_seed": "7"})
    assert_clean(at)
    np.testing.assert_allclose(
        trace(at, "vanishing", 8), SAT.vanishing(5, 3.0, seed=7, chains=8).median
    )


@pytest.mark.parametrize("key, bad", [("vg_layers", "500"), ("vg_spread", "abc")])
def test_sigmoid_vanishing_ignores_a_bad_link_value_and_says_so(key, bad):
    at = open_page(SIGMOID, {key: bad})
    assert_clean(at)
    assert any(f"{echo(key)} = {echo(bad)}" in w.value for w in at.warning)
    assert len(trace(at, "vanishing", 9)) == 20


# --- Cross-entropy --------------------------------------------------------------------------


def test_ce_stable_section_shows_1000_against_inf_and_follows_the_logits():
    at = open_page(CE)
    m = metrics(at)
    assert m["CE = −z_k + logsumexp(z) (z = (1000, 0), k = 1)"] == "1000"
    assert m["CE, naive (z = (1000, 0), k = 1)"] == "inf"
    assert m["CE, log of stable softmax (z = (1000, 0), k = 1)"] == "inf"
    assert m["CE = −z_k + logsumexp(z) (your z, k = 0)"] == fmt(
        float(M.cross_entropy([2.0, 1.0, 0.1], 0)), 8
    )
    widget(at, "text_input", "z").set_value("0, 2000").run()
    assert_clean(at)
    m = metrics(at)
    assert m["CE = −z_k + logsumexp(z) (your z, k = 0)"] == "2000"
    assert m["CE, naive (your z, k = 0)"] == "inf"


def test_ce_step_plot_is_the_core_sweep_and_follows_the_logits_and_class():
    at = open_page(CE)
    np.testing.assert_allclose(trace(at, "ce_steps", 1), FD.ce_sweep([2.0, 1.0, 0.1], 0).centred)
    widget(at, "text_input", "z").set_value("1, 2, -0.5").run()
    widget(at, "number_input", "k").set_value(2).run()
    assert_clean(at)
    s = FD.ce_sweep([1.0, 2.0, -0.5], 2)
    np.testing.assert_allclose(trace(at, "ce_steps", 0), s.one_sided)
    assert metrics(at)["centred error at h = 1e-4"] == fmt(s.at(1e-4)[1], 2)


@pytest.mark.parametrize("z", ["30, 0", "1000, 0, 3", "0, 0", "2, 1, 0.1"])
def test_ce_step_commentary_is_the_cause_read_from_the_sweep(z):
    at = open_page(CE, {"z": z})
    assert_clean(at)
    sweep = FD.ce_sweep([float(v) for v in z.split(",")], 0)
    said = FDT.ce_messages(FD.classify(sweep))
    infos = [i.value for i in at.info]
    if said:
        assert "\n\n".join(said) in infos
    else:  # the plain Taylor regime: nothing to explain
        assert not any("slope" in v or "error" in v for v in infos), infos
    m = metrics(at)
    assert m["fitted slope, centred (h from 1e-4 to 1e-2)"] == FDT.slope_text(sweep.slope_centred)
    if z == "1000, 0, 3":  # #10: nothing to fit is a dash, not NaN
        assert m["fitted slope, one-sided (h from 1e-6 to 1e-2)"] == "—"


def test_ce_kink_check_fails_within_h_of_the_kink_and_passes_beyond():
    at = open_page(CE)
    m = metrics(at)
    assert m["centred difference"] == "0.625" and m["relu′(x)"] == "1"
    assert any("straddle" in w.value for w in at.warning)
    widget(at, "slider", "kink_xh").set_value(2.0).run()
    assert_clean(at)
    assert metrics(at)["check error"] == fmt(FD.relu_kink_check(2e-4).error, 2)
    assert float(metrics(at)["check error"]) < 1e-10
    assert any("one side" in s.value for s in at.success)


class TestWhatTheReviewFoundIsSaidRightNow:
    """Issue 32: each sentence the review found wrong, as the page shows it now."""

    def test_a_saturated_softmax_is_not_said_to_stop_learning(self):  # row 6
        at = open_page(SOFTMAX, {"logits": "50, 0, -50"})
        (info,) = [i.value for i in at.info if "saturated here" in i.value]
        assert "does not stall learning" in info and "vanish" not in info

    @pytest.mark.parametrize(
        "logits, small", [("-800, 0", "underflows to 0"), ("-720, 0", "is subnormal")]
    )
    def test_agreeing_softmaxes_do_not_claim_every_exp_is_ordinary(self, logits, small):  # 39
        at = open_page(SOFTMAX, {"logits": logits})
        (info,) = [i.value for i in at.info if i.value.startswith("Both agree")]
        assert small in info and "in both" in info

    def test_a_subnormal_keeps_52_bits_at_most(self):  # row 7
        at = open_page(SOFTMAX, {"logits": "-740, -741"})
        (warning,) = [w.value for w in at.warning if "subnormal" in w.value]
        assert "52 just below" in warning and "all of them" not in warning

    def test_the_entropy_is_s_in_the_figure_as_in_the_formula(self):  # row 23
        at = open_page(SOFTMAX)
        titles = [a["text"] for a in figures(at)["temperature"]["layout"]["annotations"]]
        assert any("S(T)" in t for t in titles) and not any("H(T)" in t for t in titles)

    def test_the_vector_caption_names_only_plotted_logits(self):  # row 31
        at = open_page(CE, {"z": "2, 1, 0.1", "k": "0", "pair": "z1-z2"})
        (caption,) = [c.value for c in at.caption if "Arrows point" in c.value]
        assert "z0 is not one of the two plotted, so both components point down" in caption
        at = open_page(CE, {"z": "2, 1, 0.1", "k": "0", "pair": "z0-z2"})
        (caption,) = [c.value for c in at.caption if "Arrows point" in c.value]
        assert "up the true class's logit (z0)" in caption

    def test_the_vanishing_caption_says_each_layer_s_product(self):  # row 32
        at = open_page(SIGMOID)
        (caption,) = [c.value for c in at.caption if "one-unit layers" in c.value]
        assert "∂s_l/∂s₀; at l = L" in caption

    def test_the_notes_hdx_is_their_mistake_corrected_once(self):  # row 14
        at = open_page("pages/5_Parameter_count.py")
        said = [m.value for m in at.markdown if "HDx is the dimension" in m.value]
        assert len(said) == 1 and "Where the notes go wrong" in said[0]
        assert "That is wrong" in said[0] and "More exactly" not in said[0]

    def test_the_walk_says_which_lines_are_the_notes_and_what_x_is(self):  # rows 20, 28, 29
        at = open_page("pages/4_MLP_backprop.py")
        (caption,) = [c.value for c in at.caption if c.value.startswith("Each step is one line")]
        assert (
            "the notes' four lines (dz2, dh, dz1, dx)" in caption and "X for the input x" in caption
        )
        (shapes,) = [t for t in tables(at) if "why" in t]
        assert shapes["why"][shapes["gradient"].index("dW2")].startswith("hᵀ: each entry dW2[j,c]")

    def test_the_playground_quotes_the_mlp_page_as_it_is(self):  # rows 20, 26, 28
        at = open_page("pages/7_Playground.py")
        text = " ".join(m.value for m in at.markdown)
        assert "dW1 = Xᵀδ3" in text and "no weight gradient" in text and "λW" in text
