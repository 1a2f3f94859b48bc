"""The registry entries of issue 15: each correct formula's check passes, each wrong one fails."""

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import metl_core as M
from metl_core.maths import jacobian as JAC
from metl_core.teaching import notes as N

from strategies import tame, vectors

TEACH = [
    "softmax-jacobian",
    "softmax-jacobian-rows",
    "ce-chain-rule",
    "ce-gradient-sums-to-zero",
    "sigmoid-slope-bound",
    "sigmoid-vanishing",
    "sigmoid-grad-argument",
    "sigmoid-relative-error",
    "fd-error-terms",
    "gradcheck-error",
    "gradcheck-kink",
    "ce-stable",
]
WRONG = [k for k in TEACH if N.REGISTRY[k].wrong_check is not None]
TOPICS = {"softmax", "sigmoid", "cross_entropy"}


def test_the_entries_are_the_last_block_of_the_registry_beyond_the_notes():
    keys = [e.key for e in N.ENTRIES]
    assert keys[-len(TEACH) :] == TEACH
    for key in TEACH:
        e = N.REGISTRY[key]
        assert e.step == 0 and set(e.topics) <= TOPICS and e.values == ()
        assert "«" not in e.latex


@pytest.mark.parametrize("key", TEACH)
def test_each_correct_formula_passes_at_the_default_inputs(key):
    result = N.REGISTRY[key].check(N.Inputs())
    assert result.ok, (result.error, result.tol)


@pytest.mark.parametrize("key", WRONG)
def test_each_wrong_version_is_a_variant_that_fails_at_the_default_inputs(key):
    e = N.REGISTRY[key]
    assert e.source == N.VARIANT and e.reason and e.wrong_label and e.wrong_latex
    result = e.wrong_check(N.Inputs())
    assert not result.ok and result.error > 10 * result.tol


def _leading_terms_clear(x) -> bool:
    """Every ŷ away from 0, 1 and 1/2: ∂²CE and ∂³CE along the worst coordinate not small."""
    p = M.softmax(x)
    return bool(np.max(p * (1 - p)) > 0.05 and np.max(np.abs(p * (1 - p) * (1 - 2 * p))) > 0.02)


@settings(max_examples=15)
@given(
    vectors(tame, min_size=2, max_size=6),
    st.integers(0, 5),
    st.integers(0, 1000),
)
def test_the_correct_formulas_pass_at_other_inputs_too(x, k, seed):
    inputs = N.Inputs(x=tuple(x), k=k % x.size, seed=seed)
    for key in TEACH:
        if key == "fd-error-terms" and not _leading_terms_clear(x):
            continue  # a leading Taylor term (almost) vanishes: the next one shows instead
        result = N.REGISTRY[key].check(inputs)
        assert result.ok, (key, result.error, result.tol)


def test_the_jacobian_check_catches_a_transposed_or_sign_flipped_jacobian():
    x = np.array([1.0, 2.0, -0.5, 0.3])
    assert not N.check_softmax_jacobian(x, jacobian=lambda z: -JAC.softmax_jacobian(z)).ok
    assert not N.check_softmax_jacobian(x, jacobian=lambda z: np.diag(M.softmax(z))).ok


def test_the_stable_ce_check_sees_the_overflow_of_the_naive_formula():
    bad = N.check_stable_ce([(np.array([1000.0, 0.0]), 1)], naive=True)
    assert bad.error == np.inf
    assert N.check_stable_ce([(np.array([1.0, 2.0]), 0)], naive=True).ok  # fine when small


def test_the_kink_check_is_about_a_point_within_h_of_the_kink():
    assert N.check_relu_kink().ok
    assert N.check_relu_kink().lhs == pytest.approx(0.625)


def test_the_pure_relative_error_fails_a_right_gradient_with_a_tiny_entry():
    assert N.check_gradcheck_error([30.0, 0.0], 0).ok
    assert not N.check_gradcheck_error([30.0, 0.0], 0, pure_relative=True).ok


# Every command the entries use, as KaTeX knows it; anything else renders in red.
KATEX = {
    "begin",
    "end",
    "gathered",
    "aligned",
    "frac",
    "partial",
    "hat",
    "operatorname",
    "diag",
    "top",
    "bigl",
    "bigr",
    "Bigl",
    "Bigr",
    "qquad",
    "quad",
    "text",
    "sum",
    "prod",
    "sigma",
    "tfrac",
    "le",
    "ne",
    "approx",
    "times",
    "varepsilon",
    "mathrm",
    "max",
    "log",
    "texttt",
    "cdot",
    "nabla",
    "mathbf",
    "odot",
    "textstyle",
    "sim",
}


@pytest.mark.parametrize("key", TEACH)
def test_the_latex_uses_only_known_commands(key):
    # "\quadCE" reads as one unknown command: KaTeX would show it in red.
    e = N.REGISTRY[key]
    text = (e.latex + e.wrong_latex).replace("\\\\", " ")  # a line break, not a command
    used = set(re.findall(r"\\([A-Za-z]+)", text))
    assert used <= KATEX, used - KATEX
