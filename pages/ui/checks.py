"""A numeric check, in words: pass or fail, the difference against the tolerance, and
whether a failure is the one expected (the notes' version, a deliberately wrong one)."""

from __future__ import annotations

import streamlit as st

from metl_core.teaching import notes as N
from pages.ui.text import check_note, markdown_table

_EXPECTED_TO_FAIL = {
    N.NOTES: "the notes' version, expected to fail",
    N.UNCLEAR: "what the notes' wording suggests, expected to fail",
    N.VARIANT: "a deliberately wrong variant (not in the notes), expected to fail",
}


def check_row(label: str, result, source: str = "") -> tuple[str, str, str]:
    """(label, verdict, note) of a numeric check. ``source`` (NOTES, UNCLEAR or VARIANT
    from :mod:`metl_core.notes`) marks a check of a wrong version, which should fail;
    empty for a check of the correct formula."""
    note = check_note(result)
    if source:
        note += (
            f" — {_EXPECTED_TO_FAIL[source]}" if not result.ok else " — it passes at these inputs"
        )
    return label, "pass" if result.ok else "fail", note


def checks(*items: tuple) -> None:
    """Numeric checks as one small table, a row each: what is checked, pass or fail, and
    the difference against the tolerance. Each item is (label, result[, source])."""
    rows = [check_row(*item) for item in items]
    st.markdown(
        markdown_table(
            {
                "check": [r[0] for r in rows],
                "verdict": [r[1] for r in rows],
                "difference": [r[2] for r in rows],
            }
        )
    )


def check(label: str, result, source: str = "") -> None:
    """One numeric check, as :func:`checks` draws it."""
    checks((label, result, source))
