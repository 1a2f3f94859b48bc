"""The code the browser runs, in files of its own: one folder per component (its
``.js``, its ``.css``, its ``.html`` if any), shared helpers beside them (``dom.js``).

JavaScript here is linted by eslint and its maths tested by ``node --test``
(``make lint``, ``make test``; ``package.json``). A component's Python wrapper reads
its files with :func:`text` and :func:`script` and hands the text to
``st.components.v2.component``, which takes a component's code as text.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
_EXPORT = re.compile(r"^export (?=(?:async )?function |const |let |class )", re.M)


@cache
def text(name: str) -> str:
    """The file ``name`` of this folder (``live_train/live_train.css``), as text."""
    return (HERE / name).read_text(encoding="utf-8")


def script(*names: str) -> str:
    """The files ``names``, in order, as one script: a module's ``export`` keywords go,
    so that modules written for ``node --test`` read as one component's code."""
    return "\n".join(_EXPORT.sub("", text(n)) for n in names)
