"""Text the pages send: safe Markdown, numbers as the pages write them, and tables.

No Streamlit here: these are pure functions of their arguments, tested on their own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

import numpy as np

from metl_core.text.export import number_text
from metl_core.text.parsing import ParseError, excerpt

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def escape_md(text: str) -> str:
    """Escape Markdown and HTML in text the pages wrote; for a user's text use :func:`echo`."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def echo(value, limit: int = 40) -> str:
    """A user's value inside a Markdown message: one line, short, as inline code.

    Whitespace and newlines collapse to single spaces and invisible control characters
    become "�", so no heading, code block, link (``www.`` autolinks included) or HTML
    can form; a code span shows everything else literally.
    """
    text = "".join(
        "\ufffd" if unicodedata.category(c) in ("Cc", "Cf") and not c.isspace() else c
        for c in str(value)
    )
    text = excerpt(text, limit)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}" if text else "(empty)"


def error_text(err: Exception) -> str:
    """A :class:`ParseError` as Markdown, the student's entry as :func:`echo` shows it."""
    if isinstance(err, ParseError) and err.entry is not None:
        return echo(err.entry).join(escape_md(part) for part in err.template.split("{entry}"))
    return escape_md(err)


def fmt(x: float, digits: int = 6) -> str:
    """A number for display, as it is (:func:`metl_core.text.export.number_text`): 1e-320 in
    scientific notation, NaN and ±inf by name, −0 with its sign. Every number on screen
    goes through here; tables through :func:`markdown_table`."""
    return number_text(x, digits)


def vector_text(x: np.ndarray) -> str:
    """A vector as the text a student would type, exact enough to round-trip."""
    return ", ".join(f"{v:.17g}" for v in np.asarray(x, dtype=float))


def human_bytes(n: int) -> str:
    """Bytes in binary units: 460 B, 1.5 KiB, 3.2 GiB, ..."""
    n = int(n)
    units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"]
    size, k = float(n), 0
    while size >= 1024 and k < len(units) - 1:
        size /= 1024
        k += 1
    return f"{n} B" if k == 0 else f"{size:.3g} {units[k]}"


def cell(value, digits: int = 6) -> str:
    """One table cell as Markdown: a float as :func:`fmt` writes it, anything else as
    escaped text (so no cell can open a link, a formula or a new column)."""
    if isinstance(value, (float, np.floating)):
        return fmt(float(value), digits)  # digits, a point, e, signs, NaN, inf: inert
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return escape_md(value) if str(value) else " "


def markdown_table(
    columns: Mapping[str, Sequence], index: Sequence[str] | None = None, digits: int = 6
) -> str:
    """Columns of equal length as one Markdown table, every number formatted once here.

    A pandas ``Styler`` would have Streamlit format each cell again in Python, one at a
    time; one Markdown element is a single message whatever its size.

    Raises
    ------
    ValueError
        If the columns (or the index) differ in length.
    """
    cols = {k: list(np.ravel(np.asarray(v, dtype=object))) for k, v in columns.items()}
    lengths = {len(c) for c in cols.values()} | ({len(index)} if index is not None else set())
    if len(lengths) > 1:
        raise ValueError(f"columns differ in length: {sorted(lengths)}")
    n = lengths.pop() if lengths else 0
    head = ([" "] if index is not None else []) + [escape_md(name) for name in cols]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for r in range(n):
        row = ([escape_md(index[r])] if index is not None else []) + [
            cell(c[r], digits) for c in cols.values()
        ]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def near_one(p: float, digits: int = 6) -> str:
    """A probability as :func:`fmt` writes it, but one within 1e-7 of 1 as "1 − 2.1e-09",
    so that a value the page says never reaches 1 is not printed as 1."""
    p = float(p)
    if 0.9999999 < p < 1.0:
        return f"1 − {fmt(1.0 - p, 2)}"
    return fmt(p, digits)


def numbers_markdown(items: Mapping[str, str]) -> str:
    """Labelled values (already written by :func:`fmt`) as Markdown: one paragraph each,
    the label over the value in bold (``ui.numbers`` sets them side by side)."""
    return "\n\n".join(
        f"{escape_md(label)}  \n**{escape_md(value)}**" for label, value in items.items()
    )


def check_note(result) -> str:
    """A check's largest difference against its tolerance, in words."""
    return f"largest difference {fmt(result.error, 2)} (tolerance {result.tol:g})"
