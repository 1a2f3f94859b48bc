"""What a step sweep shows, and why (finite_differences.classify): each cause's claim is
checked against the sweep's own numbers, on every x0 the sigmoid page's slider allows and
on logits from ordinary to extreme."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metl_core.maths import finite_differences as FD
from metl_core.maths.sigmoid import sigmoid_derivative
from pages.ui import fd_text as FDT
from pages.ui.text import fmt

from strategies import vectors

SLIDER = np.round(np.arange(-300, 301) / 10, 1)  # the sigmoid page's x0, step 0.1
LOGITS = [
    ([2.0, 1.0, 0.1], 0),
    ([1.0, 2.0, -0.5], 2),
    ([0.0, 0.0, 0.0], 0),
    ([5.0, 0.0, 0.0], 0),
    ([0.0, 0.0], 0),  # ŷ = (½, ½): ∂³CE = 0
    ([3.0, 3.0], 1),
    ([7.0, 7.0, 0.0], 0),
    ([20.0, 0.0], 0),
    ([25.0, 0.0], 0),
    ([30.0, 0.0], 0),  # the gradient, 9e-14, is below CE's rounding
    ([30.0, 0.0], 1),
    ([36.0, 0.0], 0),
    ([300.0, 301.0], 0),
    ([1e7, 1e7 + 1], 0),
    ([1e9, 1e9 + 1], 0),
    ([0.0, 1e6, 1e6 + 1], 0),
    ([1000.0, 0.0, 3.0], 0),  # every error exactly 0
    ([1e6, 0.0], 0),
    ([1e12, 0.0], 1),
    ([1e300, 0.0], 1),
    ([1e308, -1e308, 0.0], 1),  # CE overflows
]


def sweeps():
    for x0 in SLIDER:
        yield f"sigmoid x0={x0}", FD.sigmoid_sweep(x0)
    for z, k in LOGITS:
        yield f"CE z={z} k={k}", FD.ce_sweep(z, k)


ALL = list(sweeps())


def window_of(sweep, difference):
    lo, hi = FD.TRUNCATION[difference]
    inside = (sweep.h >= lo) & (sweep.h <= hi)
    if difference == "one-sided":
        terms = (sweep.trunc_one_sided, sweep.next_one_sided, sweep.rounding)
        return inside, sweep.one_sided, terms
    return inside, sweep.centred, (sweep.trunc_centred, sweep.next_centred, sweep.rounding)


def assert_reading_holds(name, sweep, reading):
    """A reading's claims, against the measured errors of its difference."""
    inside, err, (lead, nxt, rnd) = window_of(sweep, reading.difference)
    terms = np.stack([lead, nxt, rnd])
    for i in np.flatnonzero(inside):
        top = int(np.argmax(terms[:, i]))
        others = np.delete(terms[:, i], top)
        if terms[top, i] < 10 * others.max():
            continue  # no term clearly dominates this step
        if top < 2:  # a Taylor term: the error is that term
            tol = 0.1 * terms[top, i] + others.sum()
            assert abs(err[i] - terms[top, i]) <= tol, (name, reading, sweep.h[i])
        else:  # rounding: the estimate bounds the error
            assert err[i] <= 3 * rnd[i] + lead[i] + nxt[i], (name, reading, sweep.h[i])
    order, slope = reading.order, reading.slope
    if reading.cause == FD.TAYLOR:
        assert abs(slope - order) <= 0.1, (name, reading)
    elif reading.cause == FD.MIXED:
        hc = reading.takes_over(FD.ROUNDING)
        assert reading.window[0] <= hc <= reading.window[1], (name, reading)
        assert abs(slope - order) > 0.1 and slope > -1.5, (name, reading)
    elif reading.cause == FD.DOMINATED:
        assert reading.dominant == (FD.ROUNDING,) and slope < order - 0.5, (name, reading)
    elif reading.cause == FD.VANISHING:
        top = np.flatnonzero(inside)[-1]
        assert lead[top] <= nxt[top], (name, reading)
        if reading.dominant[0] == FD.NEXT:  # the next term shows: one power of h more
            hc = reading.takes_over(FD.ROUNDING)
            lo = max(reading.window[0], 3 * hc) if np.isfinite(hc) else reading.window[0]
            shown = FD.fit_slope(sweep.h, err, (lo, reading.window[1]))
            assert abs(shown - (order + 1)) <= 0.15, (name, reading, shown)
        else:  # rounding shows
            assert slope < 0.5, (name, reading)


class TestEachCauseIsTrueOfItsSweep:
    """The kind of error of issue 32 #1, #2, #9, #10, #38: a message that blamed the
    wrong cause. Whatever the sweep, the cause classify names must be what its numbers
    show."""

    @pytest.mark.parametrize("name, sweep", ALL, ids=[n for n, _ in ALL])
    def test_the_cause_and_each_reading_hold(self, name, sweep):
        d = FD.classify(sweep)
        finite = np.isfinite(sweep.one_sided).all() and np.isfinite(sweep.centred).all()
        if d.cause == FD.ZERO:
            assert not sweep.one_sided.any() and not sweep.centred.any()
            assert np.isnan(sweep.slope_one_sided) and np.isnan(sweep.slope_centred)
        elif d.cause == FD.NOT_FINITE:
            assert not finite
        elif d.cause == FD.BELOW_ROUNDING:
            # f(x ± h) round to the same float64 or nearly: the check at h = 1e-4 gets
            # at most one digit of the gradient, its error is about the whole gradient.
            assert d.change < sweep.value_rounding
            assert sweep.at(FD.ASSIGNMENT_H)[1] >= 0.5 * sweep.gradient / sweep.scale, name
        else:
            assert d.cause == FD.TERMS and finite
            assert_reading_holds(name, sweep, d.one_sided)
            assert_reading_holds(name, sweep, d.centred)

    @settings(max_examples=40, deadline=None)
    @given(
        vectors(st.floats(-40, 40), min_size=2, max_size=6),
        st.integers(0, 5),
        st.sampled_from([1.0, 10.0, 1e3, 1e6, 1e9]),
    )
    def test_the_cause_holds_on_drawn_logits(self, z, k, scale):
        name = f"CE z={list(z * scale)} k={k % z.size}"
        self.test_the_cause_and_each_reading_hold(name, FD.ce_sweep(z * scale, k % z.size))

    def test_every_cause_occurs_among_these_sweeps(self):
        # Otherwise a claim above would be checked on nothing.
        causes = {FD.classify(s).cause for _, s in ALL}
        readings = {r.cause for _, s in ALL for r in (FD.classify(s).one_sided,)} | {
            FD.classify(s).centred.cause for _, s in ALL if FD.classify(s).cause == FD.TERMS
        }
        assert causes == {FD.ZERO, FD.NOT_FINITE, FD.BELOW_ROUNDING, FD.TERMS}
        assert readings >= {FD.TAYLOR, FD.MIXED, FD.VANISHING, FD.DOMINATED}


class TestTheReviewsCases:
    """The sweeps the teaching assistant rendered (issue 32), read as they should be."""

    def test_sigmoid_at_1_3_still_falls_like_h_squared(self):
        d = FD.classify(FD.sigmoid_sweep(1.3))  # σ‴ small, not small enough for h⁴
        assert d.cause == FD.TERMS and d.centred.cause == FD.TAYLOR
        assert d.centred.slope == pytest.approx(2.0, abs=0.02)

    def test_sigmoid_at_0_shows_h_squared_then_rounding_below_its_crossover(self):
        d = FD.classify(FD.sigmoid_sweep(0.0))
        r = d.one_sided
        assert r.cause == FD.VANISHING and r.dominant == (FD.NEXT, FD.ROUNDING)
        # (h²/6)|σ‴|/σ′ = rounding ε σ/(h σ′): h³ = 6 ε σ(0) / |σ‴(0)| = 6 ε · ½ / (1/8)
        assert r.takes_over(FD.ROUNDING) == pytest.approx((24 * FD.EPS) ** (1 / 3), rel=0.05)
        assert d.centred.cause == FD.TAYLOR

    def test_ce_at_30_0_is_a_gradient_below_the_rounding_of_ce(self):
        d = FD.classify(FD.ce_sweep([30.0, 0.0], 0))
        assert d.cause == FD.BELOW_ROUNDING and not d.rounding_from_step
        assert d.change == pytest.approx(2e-4 * 9.3576e-14, rel=1e-4)

    def test_ce_at_1000_0_3_has_every_error_zero(self):
        assert FD.classify(FD.ce_sweep([1000.0, 0.0, 3.0], 0)).cause == FD.ZERO

    def test_ce_at_0_0_loses_its_h_squared_term_and_shows_rounding(self):
        d = FD.classify(FD.ce_sweep([0.0, 0.0], 0))
        assert d.cause == FD.TERMS and not d.rounding_from_step  # z ± h is not rounded
        assert d.centred.cause == FD.VANISHING and d.centred.dominant == (FD.ROUNDING,)
        assert d.one_sided.cause == FD.TAYLOR

    def test_large_logits_are_rounded_in_z_not_in_ce(self):
        d = FD.classify(FD.ce_sweep([1e9, 1e9 + 1], 0))
        assert d.rounding_from_step and d.centred.cause == FD.DOMINATED


def test_the_sigmoid_derivatives_are_those_of_sigma():
    import mpmath

    for x in (-2.1, 0.3, 1.3):
        s = 1 / (1 + mpmath.e ** (-x))
        shown = FD.sigmoid_derivatives(float(s))
        exact = [mpmath.diff(lambda t: 1 / (1 + mpmath.e ** (-t)), x, n) for n in range(1, 6)]
        np.testing.assert_allclose(shown, [float(e) for e in exact], rtol=1e-9, atol=1e-15)


# --- The words the pages choose from a cause (pages/ui/fd_text.py) ---------------------------


def messages_of(name, sweep):
    d = FD.classify(sweep)
    if name.startswith("sigmoid"):
        return d, FDT.sigmoid_messages(d, float(name.split("=")[1]))
    return d, FDT.ce_messages(d)


class TestTheWordsFollowTheCause:
    """The kind of error of issue 32 #1, #9, #38: a sentence whose trigger did not test
    what it says. Each sentence is said exactly where its cause holds, with the sweep's
    own numbers in it."""

    @pytest.mark.parametrize("name, sweep", ALL, ids=[n for n, _ in ALL])
    def test_each_sentence_is_said_where_its_cause_holds(self, name, sweep):
        d, said = messages_of(name, sweep)
        text = " ".join(said)
        readings = (d.one_sided, d.centred)
        plain = d.cause == FD.TERMS and all(r.cause == FD.TAYLOR for r in readings)
        assert bool(said) != plain, (name, said)
        assert ("no slope to fit" in text) == (d.cause == FD.ZERO)
        assert ("same float64 or neighbours" in text) == (d.cause == FD.BELOW_ROUNDING)
        if d.cause != FD.TERMS:
            return
        for r in readings:
            shown = f"slope fitted over {FDT.WINDOW[r.difference]} ({FDT.slope_text(r.slope)})"
            words = f"The {r.difference} error: rounding dominates"
            assert (words in text) == (r.cause == FD.DOMINATED), (name, r)
            if r.cause == FD.MIXED:
                hc = fmt(r.takes_over(FD.ROUNDING), 2)
                assert f"The {r.difference} error: below h ≈ {hc}" in text and shown in text
            which = "h term" if r.difference == "one-sided" else "h² term"
            vanishes = f"so the {r.difference} error's {which} vanishes"
            assert (vanishes in text) == (r.cause == FD.VANISHING), (name, r)
        # The fourth power of h shows only where the centred h² term vanishes.
        assert ("falls like h⁴" in text) == (
            d.centred.cause == FD.VANISHING and d.centred.dominant[0] == FD.NEXT
        )
        # z ± h is blamed only where its rounding is the larger part.
        assert ("of z ± h" in text) <= d.rounding_from_step, name

    def test_the_reviews_cases(self):
        assert FDT.sigmoid_messages(FD.classify(FD.sigmoid_sweep(1.3)), 1.3) == []  # #1
        (zero,) = FDT.sigmoid_messages(FD.classify(FD.sigmoid_sweep(0.0)), 0.0)  # #2
        assert "σ′(1 − 2σ) is 0," in zero and "h above ≈ 1.7e-05" in zero and "(1.53)" in zero
        (tiny,) = FDT.ce_messages(FD.classify(FD.ce_sweep([30.0, 0.0], 0)))  # #9
        assert "9.4e-14" in tiny and "z ± h" not in tiny
        (none,) = FDT.ce_messages(FD.classify(FD.ce_sweep([1000.0, 0.0, 3.0], 0)))  # #10
        assert "exactly 0" in none and "rounding dominates" not in none
        (half,) = FDT.ce_messages(FD.classify(FD.ce_sweep([0.0, 0.0], 0)))  # #38
        assert "∂³CE/∂zⱼ³" in half and "is 0 " in half and "z ± h" not in half

    def test_a_slope_that_cannot_be_fitted_is_a_dash(self):
        assert FDT.slope_text(float("nan")) == "—" and FDT.slope_text(1.99) == "1.99"

    def test_the_sigmoid_words_state_the_sigmoid_s_numbers(self):
        for x0 in (0.0, 11.0, 27.0, 30.0):
            text = " ".join(FDT.sigmoid_messages(FD.classify(FD.sigmoid_sweep(x0)), x0))
            assert fmt(float(sigmoid_derivative(x0)), 2) in text or x0 == 0.0
