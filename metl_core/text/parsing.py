"""Parse what a student types into a vector, or say plainly what is wrong with it."""

from __future__ import annotations

import re
import unicodedata

import numpy as np

MAX_CHARS = 10_000
MAX_ENTRIES = 1_000
EXAMPLE = "1, 2, 3"

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
# Dashes that unambiguously mean minus when they stand before a number.
_MINUS_SIGNS = dict.fromkeys(map(ord, "\u2212\u2012\u2013\ufe63\uff0d"), "-")
_NON_FINITE = re.compile(r"[+-]?(nan|inf|infinity)", re.IGNORECASE)


SHOWN_CHARS = 20  # the longest excerpt of an entry that a message quotes


def excerpt(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` on one line, whitespace collapsed, at most ``limit`` characters."""
    one_line = " ".join(str(text).split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


class ParseError(ValueError):
    """What is wrong with a typed vector, in a student's words.

    ``str(err)`` quotes a short excerpt of the offending entry. ``template`` holds
    ``{entry}`` where that excerpt goes and ``entry`` the excerpt, so that a page can
    show the student's text its own way (as code, never as markup).
    """

    def __init__(self, template: str, entry: str | None = None) -> None:
        self.template = template
        self.entry = None if entry is None else excerpt(entry)
        shown = template if entry is None else template.replace("{entry}", f'"{self.entry}"')
        super().__init__(shown)


def _explain(entry: str, position: int) -> str:
    """Why ``entry`` (1-based ``position``) is not a number, as a :class:`ParseError`
    template."""
    where = f"Entry {position}, {{entry}},"
    low = entry.lower()
    if _NON_FINITE.fullmatch(low):
        return f"{where} is not a finite number: NaN and infinity are not allowed."
    if re.fullmatch(r"[+-]?0x[0-9a-f]+", low):
        # Only short ones are converted: Python refuses to print an int of 4,300 digits.
        value = f" (it is {int(low, 16)})" if len(low) <= 18 else ""
        return f"{where} is hexadecimal: write it in decimal{value}."
    if low in ("true", "false"):
        return f"{where} is a boolean: write 1 or 0."
    if re.search(r"[a-z]", low):
        return f"{where} is not a number."
    if re.search(r"\d", entry) and re.search(r"[*/^()+-]", entry.lstrip("+-")):
        return f"{where} looks like an expression: type its value instead (0.5, not 1/2)."
    if " " in entry:
        return f"{where} holds a space: with commas, separate every number by a comma."
    return f"{where} is not a number."


def parse_vector(text, max_entries: int = MAX_ENTRIES, max_chars: int = MAX_CHARS) -> np.ndarray:
    """Parse "1, 2, 3", "1 2 3" or "[1, 2, 3]" into a 1-D float64 array.

    Parameters
    ----------
    text : str
        Numbers separated by commas, or by spaces when there is no comma, optionally
        inside one pair of square brackets or parentheses. Decimal notation only
        (``-1.5``, ``2e-3``). The unicode minus and full-width digits are read as
        their ASCII forms.
    max_entries : int, optional
        Most numbers accepted. Default 1000.
    max_chars : int, optional
        Longest text accepted. Default 10000.

    Returns
    -------
    ndarray, shape (n,), float64
        Every entry finite.

    Raises
    ------
    ParseError
        A ValueError with a message that names the entry and the reason: empty text, an empty
        entry ("1,,2", "1, 2,"), unbalanced brackets, semicolons, words, hex,
        expressions, booleans, NaN, inf, a number too large for float64, too many
        entries or too long a text.
    """
    if not isinstance(text, str):
        raise ParseError(f"Expected text such as {EXAMPLE}, got {type(text).__name__}.")
    if len(text) > max_chars:
        raise ParseError(
            f"The text is {len(text):,} characters long; at most {max_chars:,} are accepted."
        )
    # NFKC maps full-width digits and commas to ASCII; the minus signs need a table.
    s = unicodedata.normalize("NFKC", text).translate(_MINUS_SIGNS).strip()
    if not s:
        raise ParseError(f"Nothing was entered. Type numbers such as {EXAMPLE}.")
    opened, closed = s[0] in "[(", s[-1] in "])"
    if opened or closed:
        pair = s[0] + s[-1]
        if pair not in ("[]", "()"):
            raise ParseError(f"The brackets are unbalanced. Write [{EXAMPLE}] or {EXAMPLE}.")
        s = s[1:-1].strip()
    if any(c in s for c in "[]"):
        raise ParseError(f"Use one pair of brackets at most, as in [{EXAMPLE}].")
    if ";" in s:
        raise ParseError(f"Separate the numbers with commas or spaces, not ';': {EXAMPLE}.")
    if not s:
        raise ParseError(f"The brackets are empty. Type numbers such as [{EXAMPLE}].")

    entries = [e.strip() for e in s.split(",")] if "," in s else s.split()
    if len(entries) > max_entries:
        raise ParseError(
            f"{len(entries):,} numbers were entered; at most {max_entries:,} are accepted."
        )
    values = np.empty(len(entries), dtype=np.float64)
    for i, entry in enumerate(entries):
        if not entry:
            raise ParseError(
                f"Entry {i + 1} is empty: there is a doubled or trailing comma. Write {EXAMPLE}."
            )
        if not _NUMBER.fullmatch(entry):
            raise ParseError(
                _explain(entry, i + 1) + f" Example of the right form: {EXAMPLE}.", entry
            )
        value = float(entry)
        if not np.isfinite(value):
            raise ParseError(
                f"Entry {i + 1}, {{entry}}, is too large: the largest float64 is about 1.8e308.",
                entry,
            )
        values[i] = value
    return values
