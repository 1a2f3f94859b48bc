"""Ask the class: what a poll asks, how an answer is read and graded, and what the
projector shows of the answers. No Streamlit and no database here (``poll_store.py``
keeps the answers, ``poll_view.py`` draws them); every function is tested on its own.

A question is one of the exercises (:func:`metl_core.teaching.exercises.make_exercise`), graded by
the same checker as the exercises page, so a wrong answer gets its mistake named.
What is stored of an answer is the numbers it holds, written out again here
(:func:`canonical`): never the text the student typed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import plotly.graph_objects as go

from metl_core import figures as F
from metl_core.mistakes import diagnose as D
from metl_core.mistakes import messages as MSG
from metl_core.teaching import exercises as EX
from metl_core.text.export import number_text
from metl_core.text.parsing import ParseError
from pages.ui.exercise import BACKPROP_HINTS, HINTS, TITLES, parse, shape_words, tex

# A matrix answer of the exercises is at most 3 × 4 numbers of a dozen characters; 2,000
# is ample, and anything longer (a 10 MB paste) is refused before it is read.
MAX_ANSWER_CHARS = 2_000
# Short codes a class types or reads off the projector: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 4
OPEN_SECONDS = 3 * 3600  # a poll closes by itself after a lecture's length
KEEP_DAYS = 7  # then its answers are deleted (docs/classroom.md)
MAX_SEED = 10**6


# --- a question and its answers ------------------------------------------------------------


def new_code(randbelow: Callable[[int], int] = secrets.randbelow) -> str:
    """A fresh short code, e.g. "K7QA"."""
    return "".join(CODE_ALPHABET[randbelow(len(CODE_ALPHABET))] for _ in range(CODE_LENGTH))


def clean_code(text: str) -> str | None:
    """A typed code in its stored form (upper case, spaces dropped), or None when it cannot
    be one: wrong length or a character outside :data:`CODE_ALPHABET`."""
    code = "".join(str(text).split()).upper()[: CODE_LENGTH + 1]
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code


def new_secret() -> str:
    """The owner's secret: held in the teacher's session, stored only as its hash."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """The hash of an owner's secret or a student's token, as the database holds it."""
    return hashlib.sha256(str(secret).encode()).hexdigest()


def student_id(token: str) -> str:
    """The anonymous id of a student's token: in the database and the CSV, never the token
    itself, so neither can be used to answer in the student's name."""
    return digest("student:" + str(token))[:16]


def question(kind: str, seed: int, quantity: str = "dW2") -> EX.Exercise:
    """The exercise a poll asks; ValueError for a kind or quantity that does not exist."""
    if kind not in EX.KINDS or not 0 <= int(seed) <= MAX_SEED:
        raise ValueError(f"no question {kind!r} with seed {seed!r}")
    return EX.make_exercise(kind, int(seed), quantity if kind == "backprop" else "dW2")


def title(ex: EX.Exercise) -> str:
    """The question's heading, e.g. "σ′ at a point" or "A gradient of the seeded network: dz1"."""
    return TITLES[ex.kind] + (f": {ex.quantity}" if ex.kind == "backprop" else "")


@dataclass(frozen=True)
class Graded:
    """An answer as it is stored: its numbers written out (rows on lines), the number
    itself for a one-number question, "right" or "wrong", and the mistake's code ("" when
    right; "entry" when wrong with no classic mistake found)."""

    answer: str
    value: float | None
    verdict: str
    mistake: str
    diagnosis: D.Diagnosis = field(compare=False, default=D.OK)

    @property
    def right(self) -> bool:
        return self.verdict == "right"


def canonical(values: np.ndarray) -> str:
    """The numbers of an answer as text that reads back to the same floats: one row a line."""

    def one(v: float) -> str:
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)

    rows = np.atleast_2d(np.asarray(values, dtype=np.float64))
    return "\n".join(", ".join(one(float(v)) for v in row) for row in rows)


def grade(text, ex: EX.Exercise) -> Graded:
    """Read and grade a typed answer to ``ex``.

    Raises
    ------
    ParseError
        With what is wrong, for anything that is not an answer to store: not text, too
        long, not numbers (markup, SQL and the like), NaN or infinity, or the wrong shape.
    """
    if not isinstance(text, str):
        raise ParseError("An answer is text: numbers such as 0.1, 0.2, 0.7.")
    if len(text) > MAX_ANSWER_CHARS:
        raise ParseError(
            f"The answer is longer than {MAX_ANSWER_CHARS:,} characters. Type the numbers only."
        )
    got = parse(text, ex.expected.shape)
    d = ex.grade(got)
    if d.code in ("shape", "not_numbers"):
        raise ParseError(
            f"The answer should be {shape_words(ex.expected.shape)}; this is "
            f"{shape_words(got.shape)}."
        )
    value = float(got.ravel()[0]) if ex.expected.size == 1 and got.size == 1 else None
    verdict = "right" if d.ok else "wrong"
    return Graded(canonical(got), value, verdict, "" if d.ok else d.code, d)


def feedback(g: Graded) -> str:
    """What the student reads at once (plain text): right, or the named mistake."""
    if g.right:
        return "Right: every entry matches."
    return "Not yet: " + MSG.describe(g.diagnosis.code, g.diagnosis.evidence, reveal=False) + "."


def mistake_name(code: str) -> str:
    """A few words for a mistake's code, as the projector's chart labels it."""
    return MSG.MISTAKE_NAMES.get(code, MSG.MISTAKE_NAMES["entry"])


# --- what the projector shows ----------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """The answers so far: how many, how many right, the named mistakes with their counts
    (most frequent first), and the numbers of a one-number question."""

    total: int
    right: int
    mistakes: tuple[tuple[str, int], ...]
    values: tuple[float, ...] = ()

    @property
    def share_right(self) -> float:
        return self.right / self.total if self.total else 0.0


def tally(counts: Iterable[tuple[str, str, int]], values: Iterable[float] = ()) -> Tally:
    """A :class:`Tally` from (verdict, mistake, count) rows, as the database groups them."""
    total = right = 0
    named: dict[str, int] = {}
    for verdict, mistake, n in counts:
        total += int(n)
        if verdict == "right":
            right += int(n)
        else:
            label = mistake_name(mistake or "entry")
            named[label] = named.get(label, 0) + int(n)
    order = sorted(named.items(), key=lambda kv: (-kv[1], kv[0]))
    return Tally(total, right, tuple(order), tuple(float(v) for v in values))


def summary(t: Tally) -> str:
    """The projector's line of counts, as Markdown (our words and numbers only)."""
    if not t.total:
        return "0 answers so far"
    answers = "answer" if t.total == 1 else "answers"
    return f"{t.total} {answers} · {round(100 * t.share_right)} % right ({t.right} of {t.total})"


def mistakes_text(t: Tally) -> str:
    """The named mistakes as one line each ("11 forgot to subtract y"), for a screen reader
    and for the chart's alt text."""
    return "; ".join(f"{n} {label}" for label, n in t.mistakes) or "no wrong answer"


# Colours of the theme's text on both backgrounds (the bars carry their numbers as text).
BAR = "#a4262c"
RIGHT_MARK = "#08501a"


def mistakes_figure(t: Tally) -> go.Figure:
    """The named mistakes as horizontal bars, the most frequent on top, each labelled with
    its count and its words (built as the explorer's figures are: ``figures._build``)."""
    labels = [label for label, _ in t.mistakes][::-1]
    counts = [n for _, n in t.mistakes][::-1]
    bars = {
        "type": "bar",
        "x": counts,
        "y": labels,
        "orientation": "h",
        "marker": {"color": BAR},
        "text": [str(n) for n in counts],
        "textposition": "outside",
        "textfont": {"color": F.TEXT},
        "cliponaxis": False,
        "hovertemplate": "%{x} %{y}<extra></extra>",
    }
    layout = {
        "title": {"text": "The class's mistakes"},
        "height": max(220, 70 + 48 * len(labels)),
        "margin": {"l": 10, "r": 40, "t": 50, "b": 40},
        "xaxis": {"title": {"text": "answers"}, "rangemode": "tozero", "dtick": _tick(counts)},
        "yaxis": {"automargin": True},
        "showlegend": False,
    }
    return F.build([bars], layout)


def _tick(counts: list[int]) -> int:
    """A whole step between a count axis's ticks: no tick at 1.5 answers."""
    top = max(counts, default=1)
    return 1 if top <= 10 else int(10 ** math.floor(math.log10(top)))


HIST_BINS = 20


def histogram(values: Iterable[float], correct: float | None = None, bins: int = HIST_BINS):
    """Bin edges and counts of one-number answers, with ``correct`` (when given) inside the
    range. The range stops at Tukey's far fences (3 interquartile ranges past the
    quartiles), so that one far-off answer does not squash the rest into one bar; answers
    beyond them count in the first or last bin.

    Returns ``(edges, counts, outside)``: ``outside`` is how many were moved to an end.
    """
    v = np.asarray(list(values), dtype=np.float64)
    v = v[np.isfinite(v)]
    if not v.size:
        return np.array([0.0, 1.0]), np.array([0]), 0
    q1, q3 = np.percentile(v, [25, 75])
    lo, hi = max(v.min(), q1 - 3 * (q3 - q1)), min(v.max(), q3 + 3 * (q3 - q1))
    if correct is not None and math.isfinite(correct):
        lo, hi = min(lo, correct), max(hi, correct)
    if hi <= lo:  # every answer the same number
        pad = max(abs(lo) * 0.05, 0.05)
        lo, hi = lo - pad, hi + pad
    else:
        pad = (hi - lo) * 0.05
        lo, hi = lo - pad, hi + pad
    outside = int(np.sum((v < lo) | (v > hi)))
    counts, edges = np.histogram(np.clip(v, lo, hi), bins=bins, range=(lo, hi))
    return edges, counts, outside


def histogram_figure(values: Iterable[float], correct: float | None = None) -> go.Figure:
    """The one-number answers as a histogram; ``correct``, when given (once the answer is
    revealed), is marked by a vertical line with its value."""
    edges, counts, outside = histogram(values, correct)
    bars = {
        "type": "bar",
        "x": ((edges[:-1] + edges[1:]) / 2).tolist(),
        "y": counts.tolist(),
        "width": np.diff(edges).tolist(),
        "marker": {"color": BAR},
        "hovertemplate": "%{y} answers near %{x:.6g}<extra></extra>",
    }
    title = "The answers"
    if outside:
        title += f" ({outside} far off, counted at the ends)"
    layout = {
        "title": {"text": title},
        "height": 300,
        "bargap": 0.05,
        "margin": {"l": 10, "r": 10, "t": 50, "b": 40},
        "xaxis": {"title": {"text": "answer"}},
        "yaxis": {
            "title": {"text": "answers"},
            "rangemode": "tozero",
            "dtick": _tick(counts.tolist()),
        },
        "showlegend": False,
    }
    if correct is not None:
        layout["shapes"] = [
            {
                "type": "line",
                "x0": correct,
                "x1": correct,
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"color": RIGHT_MARK, "width": 4},
            }
        ]
        layout["annotations"] = [
            {
                "x": correct,
                "y": 1,
                "yref": "paper",
                "yanchor": "bottom",
                "text": f"correct: {number_text(correct)}",
                "showarrow": False,
                "font": {"color": RIGHT_MARK},
            }
        ]
    return F.build([bars], layout)


def answer_text(ex: EX.Exercise) -> str:
    """The correct answer as the projector shows it at reveal: rows on lines, 6 digits."""
    rows = np.atleast_2d(ex.expected)
    return "\n".join(", ".join(number_text(v) for v in row) for row in rows)


def derivation(ex: EX.Exercise) -> str:
    """How the answer is reached, with the question's own numbers: Markdown with LaTeX,
    built from our numbers and words only."""
    g = ex.given
    if ex.kind == "softmax":
        e = np.exp(g["z"] - g["z"].max())
        return (
            f"{HINTS['softmax']}\n\n$$e^{{z - \\max z}} = {tex(np.round(e, 4))},\\quad "
            f"\\sum = {e.sum():.4f}$$\n\n$$\\operatorname{{softmax}}(z) = "
            f"{tex(np.round(ex.expected, 4))}$$"
        )
    if ex.kind == "sigma_prime":
        x = g["x"]
        s = 1 / (1 + math.exp(-x))
        return (
            f"{HINTS['sigma_prime']}\n\n$$\\sigma({x:g}) = \\frac{{1}}{{1 + e^{{{-x:g}}}}}"
            f" = {s:.4f},\\qquad \\sigma'({x:g}) = {s:.4f}\\,(1 - {s:.4f}) = "
            f"{float(ex.expected[0]):.4f}$$"
        )
    if ex.kind == "ce_grad":
        yhat = ex.expected.copy()
        yhat[g["k"]] += 1
        return (
            f"{HINTS['ce_grad']}\n\n$$\\hat y = \\operatorname{{softmax}}(z) = "
            f"{tex(np.round(yhat, 4))},\\quad y = e_{{{g['k']}}}$$\n\n"
            f"$$\\hat y - y = {tex(np.round(ex.expected, 4))}$$"
        )
    if ex.kind == "count":
        dx, h, dy = g["Dx"], g["H"], g["Dy"]
        return (
            f"{HINTS['count']}\n\n$$(D_x + 1)H + (H + 1)D_y = ({dx} + 1)\\cdot {h} + "
            f"({h} + 1)\\cdot {dy} = {(dx + 1) * h} + {(h + 1) * dy} = "
            f"{int(ex.expected[0])}$$"
        )
    return f"{BACKPROP_HINTS[ex.quantity]}\n\n$${ex.quantity} = {tex(np.round(ex.expected, 4))}$$"


# --- the teacher's download --------------------------------------------------------------------

CSV_COLUMNS = ("time", "anonymous id", "answer", "verdict", "mistake")


def csv_text(rows: Iterable[tuple[float, str, str, str, str]]) -> str:
    """The answers as CSV: (epoch seconds, anonymous id, answer, verdict, mistake code)
    rows; time in UTC (ISO 8601), a matrix's rows joined by "; ", the mistake in words."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(CSV_COLUMNS)
    for at, who, answer, verdict, mistake in rows:
        when = datetime.fromtimestamp(at, UTC).isoformat(timespec="seconds")
        words = "" if verdict == "right" else mistake_name(mistake or "entry")
        out.writerow([when, who, "; ".join(answer.splitlines()), verdict, words])
    return buf.getvalue()


# --- a student's pace ---------------------------------------------------------------------------


@dataclass
class RateLimit:
    """At most ``burst`` answers at once, then one every ``every`` seconds (a token
    bucket), per browser session: enough to correct a typo, not to flood the database."""

    burst: int = 5
    every: float = 2.0
    tokens: float = -1.0
    at: float = 0.0

    def allow(self, now: float) -> bool:
        if self.tokens < 0:  # first use
            self.tokens, self.at = float(self.burst), now
        self.tokens = min(self.burst, self.tokens + max(0.0, now - self.at) / self.every)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False

    def wait(self) -> float:
        """Seconds until the next answer is allowed."""
        return max(0.0, (1 - self.tokens) * self.every)
