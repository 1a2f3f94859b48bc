"""What the MLP page's step view draws, for every step: the data the browser is sent
(pages/ui/step_walk.py). Pure functions of metl_core's views, tested on their own."""

from __future__ import annotations

import numpy as np

from metl_core.figures import backprop as FB
from metl_core.teaching import backprop_steps as BP
from pages.ui.text import check_note, fmt

SHOWN = {"yhat": "ŷ"}  # a step's name as the page writes it


def check_text(v) -> dict:
    kind = "check" if v.phase == "forward" else "gradient check"
    return {
        "check_label": f"{kind} of {SHOWN.get(v.name, v.name)} alone",
        "verdict": "pass" if v.check.ok else "fail",
        "note": check_note(v.check)
        if np.isfinite(v.value).all()
        else "no difference to measure: this tensor holds NaN, from a value it reads that "
        "could not be computed",
        "against": f"against {v.check.what}",
    }


def shaped(name: str, dims: tuple) -> str:
    return f"{SHOWN.get(name, name)} ({FB.node_shape(name, *dims)})"


def top_data(views: list, mistake: str | None, dims: tuple) -> dict:
    """What the browser draws above the formula, for every step: the strip of steps with
    their checks, the step's place, and the diagram lit for it."""
    marks = []
    for w in views:
        text = f"{SHOWN.get(w.name, w.name)} {'✓' if w.check.ok else '✗'}"
        if mistake and w.name == BP.MISTAKES[mistake].step:
            text += " ⚠ enters here"
        marks.append(text)
    per_step = [
        {
            "computing": v.name,
            "reads": list(v.reads),
            "wrong": v.wrong,
            "caption": f"Step {i + 1} of {len(BP.ORDER)}, "
            f"{'forward' if v.name in BP.FORWARD else 'backward'} pass.",
            "alt": f"The network's graph, computing {shaped(v.name, dims)} from "
            + (", ".join(shaped(r, dims) for r in v.reads) or "the input"),
        }
        for i, v in enumerate(views)
    ]
    cue = "On a narrow screen the graph scrolls sideways."
    return {"marks": marks, "views": per_step, "scroll_cue": cue, **FB.diagram_data(dims)}


def middle_data(views: list) -> dict:
    """The shapes and the check of every step."""
    return {
        "views": [
            {
                "shapes": v.shapes,
                "shapes_numeric": v.shapes_numeric,
                "problem": f"{v.problem}. A missing transpose is caught by the shapes "
                "unless H = Dy: set H equal to Dy to watch a wrong value travel on."
                if v.problem
                else "",
                **check_text(v),
            }
            for v in views
        ]
    }


def numbers_data(views: list, env: dict, mistake: str | None, row: int, col: int) -> dict:
    """Every step's equation with numbers for the picked entry, clamped into its tensor."""
    out = []
    for v in views:
        shape = v.value.shape
        wanted = (row, col)[-len(shape) :] if shape else ()
        index, clamped = BP.clamp_index(wanted, shape)
        sym = BP.symbol(v.name)
        out.append(
            {
                "clamped": f"Entry {list(wanted)} is outside {sym} ({'×'.join(map(str, shape))}): "
                f"showing {sym}{list(index)}, the nearest entry inside."
                if clamped
                else "",
                "numbers": BP.numbers(v.name, env, index, mistake).text,
                "entry": (f"The tensor's entry {sym}{list(index)}" if shape else f"The value {sym}")
                + f" = {fmt(float(v.value[index]), 10)}."
                + (
                    " Rows are the N samples."
                    if len(shape) == 2 and v.name not in ("dW1", "dW2")
                    else ""
                ),
            }
        )
    return {"views": out}
