"""The notes registry: every formula shown is evaluated, the right one passes, the wrong fails."""

import ast
import inspect
import re
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import metl_core as M
from metl_core.teaching import backprop_steps as BP
from metl_core.teaching import notes as N
from metl_core.teaching.notes import entry_checks as EC
from metl_core.teaching.notes.entry import compare
from pages.ui.registry import PAGES

from strategies import moderate, vectors

ROOT = Path(__file__).resolve().parent.parent
ENTRIES = list(N.REGISTRY.values())
# The MLP page's step view shows the line of the step it is at, looked up by name.
DYNAMIC = {"4_MLP_backprop": {BP.registry_key(name) for name in BP.ORDER}}
# The app's side of the map: the page that shows each topic of the notes, and back.
PAGE_OF = {e.topic: Path(e.file).stem for e in PAGES if e.topic}
TOPIC_OF = {stem: topic for topic, stem in PAGE_OF.items()}
WRONG = [e for e in ENTRIES if e.wrong_check is not None]


@st.composite
def inputs(draw):
    """Inputs within the step-by-step page's bounds: |x| ≤ 700, |c| ≤ 1000, small networks."""
    x = draw(vectors(st.floats(-700, 700), min_size=2, max_size=8))
    return N.Inputs(
        tuple(float(v) for v in x),
        draw(st.floats(-1000, 1000)),
        draw(st.integers(0, x.size - 1)),
        draw(st.integers(0, 2**31 - 1)),
        tuple(draw(st.integers(1, 6)) for _ in range(3)),
    )


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.key)
def test_every_entry_s_formula_passes_its_check_at_the_default_inputs(entry):
    result = entry.check(N.Inputs())
    assert result.ok, (entry.key, result.error, result.tol)


@pytest.mark.parametrize("entry", WRONG, ids=lambda e: e.key)
def test_every_wrong_version_fails_its_check_at_the_default_inputs(entry):
    result = entry.wrong_check(N.Inputs())
    assert not result.ok and result.error > 100 * result.tol, (entry.key, result.error)


@settings(max_examples=25)
@given(inputs())
def test_every_correct_formula_passes_at_any_inputs_the_page_allows(i):
    failed = {e.key: e.check(i).error for e in ENTRIES if not e.check(i).ok}
    assert not failed


def test_each_entry_with_a_wrong_version_says_who_wrote_it_and_why():
    for e in ENTRIES:
        if e.wrong_latex:
            assert e.source in (N.NOTES, N.VARIANT, N.UNCLEAR), e.key
            assert len(e.reason) > 30, e.key
        if e.wrong_check is not None:
            assert e.wrong_label and e.wrong_latex, e.key
        if e.source in (N.NOTES, N.VARIANT) and e.wrong_check is None:
            assert "evaluate" in e.reason, f"{e.key}: say why the wrong text cannot be evaluated"


def test_the_variants_the_notes_never_wrote_are_labelled_as_variants():
    # The notes derive ŷ − y correctly and count the biases; y − ŷ and Dx·H + H·Dy are ours.
    assert N.REGISTRY["ce-sign"].source == N.VARIANT
    assert N.REGISTRY["param-count"].source == N.VARIANT
    seed = ROOT.parent / "shared" / "seed" / "TP1.md"
    if seed.exists():  # the notes themselves, beside a clone
        text = seed.read_text()
        assert "\\hat{y} - y" in text and "y - \\hat{y}" not in text


def test_the_invariance_chain_adds_one_constant_not_a_vector():
    latex = N.REGISTRY["softmax-invariance"].latex
    assert "c_i" not in latex and "c_j" not in latex
    assert r"\forall c \in \mathbb{R}" in latex and r"\mathbb{R}^n" not in latex


def test_the_dx_formula_brackets_the_hadamard_product_before_w1():
    latex = N.REGISTRY["mlp-dx"].latex
    assert latex.index(r"\bigl(") < latex.index(r"\odot") < latex.index(r"\bigr)")
    assert latex.index(r"\bigr)") < latex.index("W_1^{\\top}")


def test_the_invariance_chain_check_catches_a_non_constant_shift():
    x = np.array([1.0, 2.0, -0.5])
    assert N.check_invariance_chain(x, 3.0).ok
    assert not N.check_shift_invariance(x, [0.0, 1.0, 0.0]).ok
    assert not N.check_notes_last_line(x).ok


def test_literal_softmax_is_exact_where_float64_exp_overflows():
    np.testing.assert_allclose(N.literal_softmax([1001.0, 1002.0]), M.softmax([1001.0, 1002.0]))
    p = N.literal_softmax([-740.0, -741.0])
    np.testing.assert_allclose(p, [1 / (1 + np.exp(-1)), 1 / (1 + np.exp(1))], rtol=1e-15)


@given(vectors(moderate, min_size=2))
def test_the_checks_pass_on_metl_core_for_any_moderate_logits(x):
    assert N.check_softmax_definition(x).ok
    assert N.check_sums_to_one(x).ok
    assert N.check_shift_invariance(x, 123.25).ok


def test_range_check_needs_the_values_inside_and_both_ends_approached():
    s = M.sigmoid(np.linspace(-30, 30, 121))
    assert N.check_range(s, 0.0, 1.0).ok
    assert not N.check_range(s, -1.0, 1.0).ok  # never near −1
    assert not N.check_range(np.array([0.0, 0.5, 1.0]), 0.0, 1.0).ok  # touches the ends
    assert not N.check_range(np.array([0.2, 0.8]), 0.0, 1.0).ok  # ends not approached


def test_sigmoid_derivative_check_catches_wrong_derivatives():
    x = np.linspace(-6, 6, 25)
    assert N.check_sigmoid_derivative(x).ok
    assert not N.check_sigmoid_derivative(x, derivative=lambda v: M.sigmoid(v) ** 2).ok


def test_ce_gradient_check_catches_wrong_gradients():
    x = np.array([1.0, 2.0, -0.5])
    assert N.check_ce_gradient(x, 1).ok
    assert not N.check_ce_gradient(x, 1, grad=lambda z, k: M.softmax(z)).ok


@pytest.mark.parametrize("N_rows", [None, 1, 5])
def test_the_notes_backward_carries_theta_squared_into_every_gradient_after_it(N_rows):
    p = M.init_params(4, 3, 2, seed=1)
    rng = np.random.default_rng(2)
    x = rng.normal(size=4) if N_rows is None else rng.normal(size=(N_rows, 4))
    label = 1 if N_rows is None else rng.integers(0, 2, size=N_rows)
    _, cache = M.forward(p, x)
    good, notes = M.backward(p, cache, label), N.notes_backward(p, cache, label)
    for name in ("dz2", "dW2", "db2", "dh"):
        np.testing.assert_allclose(notes[name], good[name], err_msg=name)
    for name in ("dz1", "dW1", "db1", "dx"):
        assert notes[name].shape == good[name].shape
        assert not np.allclose(notes[name], good[name]), name


def test_the_notes_backward_fails_the_check_from_dz1_on():
    p, x, label = N.Inputs().network
    checks = N.check_backprop(p, x, label, backward_fn=N.notes_backward)
    assert {n for n, c in checks.items() if not c.ok} == {"dz1", "dW1", "db1", "dx"}


def test_param_count_check_catches_forgotten_biases():
    assert N.check_param_count(10, 5, 10).ok
    bad = N.check_param_count(10, 5, 10, count=N.count_without_biases)
    assert not bad.ok and bad.error == 15.0


def test_render_fills_in_exactly_the_values_an_entry_takes():
    e = N.REGISTRY["param-count"]
    assert "115" in e.render(count="115") and "«" not in e.render(count="115")
    with pytest.raises(ValueError, match="takes the values"):
        e.render()


def test_compare_handles_shape_mismatch_and_nan():
    assert compare([1.0, 2.0], [1.0], 1.0).error == np.inf
    assert compare([np.nan], [1.0], 1.0).error == np.inf


def _calls(path: Path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            yield node


def test_pages_show_formulas_only_from_the_registry():
    """No page writes LaTeX of its own, and every ui.formula / ui.erratum names an entry
    that lists the page."""
    for path in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        for call in _calls(path):
            assert call.func.attr != "latex", f"{path.name}:{call.lineno} writes its own LaTeX"
            if call.func.attr in ("formula", "erratum") and isinstance(call.args[0], ast.Constant):
                key = call.args[0].value
                assert key in N.REGISTRY, f"{path.name}: unknown formula {key!r}"
                topic = TOPIC_OF.get(path.stem)
                assert topic in N.REGISTRY[key].topics, f"{key} does not list {path.stem}'s topic"


def test_every_entry_is_shown_on_each_page_it_lists():
    """The step-by-step page shows its entries by looping over the registry; every other
    page names each of its entries."""
    for e in ENTRIES:
        for stem in {PAGE_OF[t] for t in e.topics} - {"6_Notes_step_by_step"}:
            tree = ast.parse((ROOT / "pages" / f"{stem}.py").read_text())
            # ... or in a table it imports from pages/ui (the exercises' statements).
            trees = [tree] + [
                ast.parse((ROOT / f"{node.module.replace('.', '/')}.py").read_text())
                for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom)
                and (node.module or "").startswith("pages.ui.")
                and (ROOT / f"{node.module.replace('.', '/')}.py").exists()
            ]
            named = {  # a key named in a call, or in a table the page looks keys up in
                node.value
                for t in trees
                for node in ast.walk(t)
                if isinstance(node, ast.Constant) and node.value in N.REGISTRY
            }
            named |= DYNAMIC.get(stem, set())
            assert e.key in named, f"{e.key} lists {stem}, which does not show it"


def test_every_check_is_a_function_named_after_its_entry():
    """No lambda: "softmax-definition" is checked by entry_checks.softmax_definition, its
    wrong version by softmax_definition_wrong; and every such function checks an entry."""
    named = set()
    for e in ENTRIES:
        name = e.key.replace("-", "_").lower()
        for fn, want in ((e.check, name), (e.wrong_check, name + "_wrong")):
            if fn is None:
                continue
            assert (fn.__module__, fn.__name__) == (EC.__name__, want), (e.key, fn)
            named.add(want)
    public = {
        n for n, f in vars(EC).items() if inspect.isfunction(f) and f.__module__ == EC.__name__
    }
    assert public - {n for n in public if n.startswith("_")} == named


def test_the_entries_are_written_with_keywords_only():
    """No entry counts its fields by position, and none can: Entry takes keywords only."""
    tree = ast.parse((ROOT / "metl_core" / "teaching" / "notes" / "data.py").read_text())
    calls = [
        n for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n.func) == "Entry"
    ]
    assert len(calls) == len(ENTRIES) and not any(c.args for c in calls)
    with pytest.raises(TypeError):
        N.Entry("k", 1, ("softmax",), "label", "x", EC.softmax_definition)


def test_every_entry_is_shown_on_a_page_that_exists():
    """Each entry names topics of metl_core's, and the app's page list gives each topic
    one page, a page file that exists."""
    stems = {p.stem for p in (ROOT / "pages").glob("*.py")}
    assert sorted(PAGE_OF) == sorted(N.TOPICS)  # one page per topic, and one topic per page
    assert set(PAGE_OF.values()) <= stems
    for e in ENTRIES:
        assert e.topics and set(e.topics) <= set(N.TOPICS), e.key


def test_the_readme_errata_table_is_the_registry():
    titles = {e.topic: e.title for e in PAGES if e.topic}
    readme = (ROOT / "README.md").read_text()
    assert N.errata_table(titles) in readme


class TestTheErrataSayWhatKindOfMistakeItIs:
    """Issue 32 rows 14-19, 34-36: how the notes' mistakes are labelled."""

    HEADINGS: ClassVar[dict[str, str]] = {
        N.NOTES: "where the notes go wrong",
        N.UNCLEAR: "where the notes are unclear",
        N.VARIANT: "not one the notes make",
    }

    def test_no_reason_repeats_its_heading(self):
        # The page writes the heading ("A classic mistake, not one the notes make.") before
        # the reason: a reason saying it again reads twice in one sentence (#15).
        for e in ENTRIES:
            if e.source:
                assert self.HEADINGS[e.source] not in e.reason.lower(), e.key

    def test_a_false_statement_of_the_notes_is_filed_as_their_mistake(self):
        # "HDx is the dimension of xW1" is false, and the app's own check fails it (#14).
        e = N.REGISTRY["param-count-shapes"]
        assert e.source == N.NOTES and "That is wrong" in e.reason
        assert "More exactly" not in e.reason and not e.wrong_check(N.Inputs()).ok
        assert "one layer NN" in e.reason  # #35: one hidden layer, two weight layers

    def test_unclear_entries_are_never_false_as_written_and_check_what_they_suggest(self):
        # #16: both loose codomains are "not false"; what each suggests is checked, alike.
        for key in ("sigmoid-definition", "softmax-range"):
            e = N.REGISTRY[key]
            assert e.source == N.UNCLEAR and "not false" in e.reason, key
            assert e.wrong_label.startswith("what "), key
            assert not e.wrong_check(N.Inputs()).ok, key

    def test_the_correct_softmax_range_says_n_at_least_2(self):
        assert r"(n \ge 2)" in N.REGISTRY["softmax-range"].latex  # #17

    def test_every_silent_slip_of_the_notes_is_named(self):
        assert "δ(x) = 1/(1 + e^(−xᵢ))" in N.REGISTRY["sigmoid-definition"].reason  # #36
        assert "typo" in N.REGISTRY["softmax-sums-to-one"].reason  # #34
        assert "typo" in N.REGISTRY["softmax-definition"].reason

    def test_theta_is_said_to_mean_two_things_where_it_is_used(self):
        # #18: the logits in the CE step, the sigmoid in the backprop step.
        for key in ("ce-gradient", "bp-dz1", "mlp-dx"):
            reason = N.REGISTRY[key].reason
            assert "θ" in reason and "logits" in reason and ("sigmoid" in reason or "σ" in reason)

    def test_k_is_the_true_class_in_every_formula(self):
        # #19: page 4 wrote k for a running class index; everywhere else k is the true class.
        for e in ENTRIES:
            assert not re.search(r"\\sum_\{k\b|_\{n ?k\}", e.latex), e.key
        assert r"\log \hat y_{n, k_n}" in N.REGISTRY["bp-CE"].latex
