"""The notes' registry: every entry by its key, the entries of a topic or a step, and the
notes' mistakes (the errata), as the pages and the README show them."""

from __future__ import annotations

import re

from .data import ENTRIES
from .entry import NOTES, UNCLEAR, Entry

REGISTRY: dict[str, Entry] = {e.key: e for e in ENTRIES}


def entries(topic: str | None = None, step: int | None = None) -> list[Entry]:
    """The entries shown under ``topic`` (one of :data:`.entry.TOPICS`) and/or of the notes'
    ``step``, in order."""
    return [
        e
        for e in ENTRIES
        if (topic is None or topic in e.topics) and (step is None or e.step == step)
    ]


def errata() -> list[Entry]:
    """The entries where the notes wrote something wrong or unclear, in the notes' order."""
    return [e for e in ENTRIES if e.source in (NOTES, UNCLEAR)]


def errata_table(titles: dict[str, str]) -> str:
    """The README's table of the notes' mistakes, one row per erratum, from the registry.

    ``titles`` maps each topic to the title of the page that shows it (the app's page
    list knows which). LaTeX goes in ``$…$``, which GitHub renders as maths.
    """
    rows = ["| the notes write | correct | why | shown on |", "| --- | --- | --- | --- |"]
    for e in errata():
        pages = ", ".join(titles[t] for t in e.topics)
        correct = re.sub(r"«[^»]*»", r"\\ldots", e.latex)  # a page fills these in
        rows.append(f"| ${e.wrong_latex}$ | ${correct}$ | {e.reason} | {pages} |")
    return "\n".join(rows)
