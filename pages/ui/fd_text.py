"""What the sigmoid and cross-entropy pages say about their gradient check's errors.

Each sentence is chosen by the cause :func:`metl_core.maths.finite_differences.classify` reads
from the sweep, never by the fitted slope alone, and states the sweep's own numbers.
No Streamlit here: pure functions, tested on every input the pages allow.
"""

from __future__ import annotations

import numpy as np

from metl_core.maths import finite_differences as FD
from metl_core.maths.sigmoid import sigmoid, sigmoid_derivative
from pages.ui.text import fmt, near_one

WINDOW = {"one-sided": "1e-6…1e-2", "centred": "1e-4…1e-2"}


def slope_text(slope: float) -> str:
    """A fitted slope as the pages show it: "—" where there is nothing to fit."""
    return "—" if not np.isfinite(slope) else fmt(slope, 3)


def _at_top(sweep: FD.StepSweep, values: np.ndarray, difference: str) -> float:
    """``values`` at the largest step of the difference's fitted range."""
    top = FD.TRUNCATION[difference][1]
    return float(values[int(np.argmin(np.abs(np.log(sweep.h / top))))])


def _below(reading: FD.Reading) -> str:
    """The clause on rounding taking over inside the range, or ""."""
    hc = reading.takes_over(FD.ROUNDING)
    if not np.isfinite(hc):
        return ""
    return (
        f" for h above ≈ {fmt(hc, 2)}; below that rounding takes over, so the slope "
        f"fitted over {WINDOW[reading.difference]} ({slope_text(reading.slope)}) mixes the two"
    )


def _vanishing(
    reading: FD.Reading, name: str, value: float, term: str, power: str, where: str = ""
) -> str:
    """A vanishing leading coefficient ``name`` = ``value``: what shows instead."""
    which = "h term" if reading.difference == "one-sided" else "h² term"
    size = "is 0" if value == 0 else f"is only {fmt(value, 2)}"
    head = f"Here {name} {size}{where}, so the {reading.difference} error's {which} vanishes"
    if reading.dominant[0] == FD.NEXT:
        return f"{head} and the next one, {term}, shows: the error falls like {power}" + (
            _below(reading) + "."
        )
    return (
        f"{head}, and what is left is below the rounding of the function's values: the fit "
        f"over {WINDOW[reading.difference]} sees rounding (slope {slope_text(reading.slope)})."
    )


def _mixed(reading: FD.Reading, rounding: str) -> str:
    hc = reading.takes_over(FD.ROUNDING)
    return (
        f"The {reading.difference} error: below h ≈ {fmt(hc, 2)}, inside the fitted range, "
        f"rounding ({rounding}) exceeds the Taylor term, so the slope fitted over "
        f"{WINDOW[reading.difference]} ({slope_text(reading.slope)}) is not the Taylor slope "
        f"{reading.order} alone: it mixes in the rounding error, which grows like 1/h."
    )


def sigmoid_messages(diagnosis: FD.Diagnosis, x0: float) -> list[str]:
    """The sigmoid page's sentences on its sweep at x0 (none in the plain Taylor regime)."""
    sweep = diagnosis.sweep
    s, g = float(sigmoid(x0)), float(sigmoid_derivative(x0))
    if diagnosis.cause == FD.BELOW_ROUNDING:
        return [
            f"Here σ′(x0) = {fmt(g, 2)} is so small that across the centred step at "
            f"h = 1e-4 σ moves by only 2hσ′ ≈ {fmt(diagnosis.change, 2)}, less than the gap "
            f"between neighbouring float64 values near σ(x0) = {near_one(s)} "
            f"({fmt(sweep.value_spacing, 2)}): σ(x0 + h) and σ(x0 − h) are the same float64 "
            "or neighbours, so the finite difference at h = 1e-4 is 0 or noise, with no digit "
            "of σ′ right. Neither Taylor slope shows."
        ]
    if diagnosis.cause != FD.TERMS:  # ZERO, NOT_FINITE: σ′ > 0 and σ ≤ 1 on this page
        return ["Every error here is exactly 0 or not finite: there is no slope to fit."]
    out = []
    for r in (diagnosis.one_sided, diagnosis.centred):
        if r.cause == FD.VANISHING and r.difference == "one-sided":
            out.append(_vanishing(r, "σ″(x0) = σ′(1 − 2σ)", g * (1 - 2 * s), "(h²/6)|σ‴|", "h²"))
        elif r.cause == FD.VANISHING:
            out.append(
                _vanishing(r, "σ‴(x0) = σ′(1 − 6σ′)", g * (1 - 6 * g), "(h⁴/120)|σ⁽⁵⁾|", "h⁴")
            )
        elif r.cause == FD.MIXED:
            out.append(_mixed(r, f"about ε|σ(x0)|/h, divided by σ′(x0) = {fmt(g, 2)}"))
        elif r.cause == FD.DOMINATED:
            out.append(
                f"The {r.difference} error: rounding dominates over the whole fitted range. "
                f"σ′(x0) = {fmt(g, 2)} is small next to σ(x0) = {near_one(s)}, so the "
                "rounding of σ's values, about ε|σ(x0)|/h, divided by σ′(x0), is larger "
                f"than the Taylor term even at h = 1e-2 (slope {slope_text(r.slope)})."
            )
    return out


def _ce_rounding(diagnosis: FD.Diagnosis) -> str:
    sweep = diagnosis.sweep
    if diagnosis.rounding_from_step:
        return (
            f"of z ± h: float64's spacing near the largest |zⱼ| is {fmt(sweep.spacing, 2)}, "
            "so each zⱼ ± h is rounded by up to half of it"
        )
    return f"of CE's values, stored to about ε·(1 + CE) ≈ {fmt(sweep.value_rounding, 2)}"


def ce_messages(diagnosis: FD.Diagnosis) -> list[str]:
    """The cross-entropy page's sentences on its sweep (none in the plain Taylor regime)."""
    sweep = diagnosis.sweep
    step = (
        f" z ± h is rounded too: float64's spacing near the largest |zⱼ| is "
        f"{fmt(sweep.spacing, 2)}."
        if sweep.spacing >= 0.01 * FD.ASSIGNMENT_H
        else ""
    )
    if diagnosis.cause == FD.ZERO:
        if sweep.gradient == 0:
            return [
                "Here ŷ is one-hot in float64: the gradient ŷ − y and every derivative of CE "
                "round to 0, and CE(z ± h) all round to the same number. Every difference "
                "quotient is exactly 0, so is every error, and there is no slope to fit (—)."
            ]
        return ["Every difference quotient here equals the gradient exactly: no error to fit."]
    if diagnosis.cause == FD.NOT_FINITE:
        return [
            "At these logits CE(z ± h) is not finite in float64 (it overflows), so the "
            "check's error cannot be measured."
        ]
    if diagnosis.cause == FD.BELOW_ROUNDING:
        return [
            "Here the gradient is too small for CE's rounding: its largest entry, "
            f"{fmt(sweep.gradient, 2)}, moves CE by only {fmt(diagnosis.change, 2)} across "
            "the centred step at h = 1e-4, less than the gap between neighbouring float64 "
            f"values of CE there ({fmt(sweep.value_spacing, 2)}).{step} CE(z + h eⱼ) and "
            "CE(z − h eⱼ) are the same float64 or neighbours, so the numeric gradient is 0 or "
            "noise and the error is about the whole gradient: neither Taylor slope shows."
        ]
    out = []
    for r in (diagnosis.one_sided, diagnosis.centred):
        if r.cause == FD.VANISHING and r.difference == "one-sided":
            value = _at_top(sweep, sweep.trunc_one_sided, "one-sided") * 2 / 1e-2
            out.append(
                _vanishing(
                    r,
                    "every ∂²CE/∂zⱼ² = ŷⱼ(1 − ŷⱼ)",
                    value,
                    "(h²/6)|∂³CE/∂zⱼ³|",
                    "h²",
                    " (ŷ is one-hot, or nearly)",
                )
            )
        elif r.cause == FD.VANISHING:
            value = _at_top(sweep, sweep.trunc_centred, "centred") * 6 / 1e-4
            out.append(
                _vanishing(
                    r,
                    "every ∂³CE/∂zⱼ³ = ŷⱼ(1 − ŷⱼ)(1 − 2ŷⱼ)",
                    value,
                    "in h⁴",
                    "h⁴",
                    " (it is 0 where ŷⱼ is ½, 0 or 1)",
                )
            )
        elif r.cause == FD.MIXED:
            out.append(_mixed(r, _ce_rounding(diagnosis)))
        elif r.cause == FD.DOMINATED:
            lead = _at_top(sweep, sweep.trunc_one_sided, r.difference)
            if r.difference == "centred":
                lead = _at_top(sweep, sweep.trunc_centred, r.difference)
            out.append(
                f"The {r.difference} error: rounding dominates over the whole fitted range. "
                f"Even at h = 1e-2 the Taylor term is only {fmt(lead, 2)}, below the rounding "
                f"{_ce_rounding(diagnosis)} (slope {slope_text(r.slope)})."
            )
    return out
