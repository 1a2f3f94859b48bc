"""Ask the class, in Streamlit: the button that asks, the projector and the student's page.

The logic is in ``poll.py`` (grading, tallies, figures) and the queries in
``poll_store.py``; this module only reads the session and draws. Few elements on purpose:
a class of 100 shares one interpreter, and every element is one websocket message.

Who may do what:
- the code in the link carries no power: with it anyone sees the question, answers it,
  and sees the projector's counts (what the room sees anyway);
- closing, revealing, clearing and the download need the poll's owner secret, held in
  the session that asked (``st.session_state``, never in a URL), and matched against its
  hash in the database by every such query;
- with ``METL_TEACHER_PASSWORD`` set, asking needs the password, and the password lets
  another session (the teacher's laptop after a reload) take a poll back.
"""

from __future__ import annotations

import hmac
import os
import secrets
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import segno
import streamlit as st
from sqlalchemy import Engine

from metl_core.teaching import exercises as EX
from metl_core.teaching import notes as N
from metl_core.text.parsing import ParseError
from pages.ui import poll as P
from pages.ui import poll_store as S
from pages.ui.exercise import STATEMENTS, TASKS, shape_words, tex
from pages.ui.frame import home_href, page_link, switch_soon
from pages.ui.present import presenting
from pages.ui.show import chart, download
from pages.ui.text import error_text, escape_md, fmt

PROJECTOR = "pages/9_Ask_the_class.py"
ANSWER = "pages/answer.py"
ROOT = Path(__file__).resolve().parents[2]
REFRESH_SECONDS = 1.5  # the projector's counts: "every second or two"

_PENDING = "_poll_pending"  # the question asked, until the projector creates its poll
_SECRETS = "_poll_secrets"  # code -> owner secret, for the polls this session owns
_TEACHER = "_poll_teacher"  # this session gave the teacher password
_GO = "_poll_go"  # Ask the class was pressed: go to the projector
_SENT = "_poll_sent"  # what the last Send gave: (poll code, message kind, message)


# --- configuration and the connection -----------------------------------------------------


def database_url() -> str:
    """``METL_DATABASE_URL`` (PostgreSQL for replicas), else SQLite in the data folder:
    ``METL_DATA_DIR``, by default ``data/`` beside app.py."""
    url = os.environ.get("METL_DATABASE_URL", "").strip()
    if url:
        return url
    folder = Path(os.environ.get("METL_DATA_DIR", "").strip() or ROOT / "data")
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'polls.sqlite3'}"


def engine() -> Engine:
    """The polls' database through Streamlit's SQL connection, set up once per process."""
    url = database_url()
    extra = {"connect_args": {"timeout": 15}} if url.startswith("sqlite") else {}
    conn = st.connection("polls", type="sql", url=url, pool_pre_ping=True, **extra)
    return S.ready(conn.engine)


def _password() -> str:
    return os.environ.get("METL_TEACHER_PASSWORD", "")


def _may_ask() -> bool:
    return not _password() or st.session_state.get(_TEACHER, False)


def _limit(name: str) -> P.RateLimit:
    return st.session_state.setdefault(name, P.RateLimit())


def answer_url(code: str) -> str:
    """The link students open: ``METL_PUBLIC_URL`` when set, else this server as the
    teacher's browser reached it."""
    base = os.environ.get("METL_PUBLIC_URL", "").strip()
    if not base:
        parts = urlsplit(st.context.url or "http://localhost:8501/")
        base = f"{parts.scheme}://{parts.netloc}{home_href()}"
    return f"{base.rstrip('/')}/answer?{urlencode({'code': code})}"


def qr_svg(url: str) -> str:
    """The link as a QR code, in SVG so that it stays sharp on a projector."""
    return segno.make(url, error="m").svg_inline(scale=8, border=2, dark="#000000", light="#ffffff")


# --- the button that asks -----------------------------------------------------------------


def ask_button(
    kind: str, seed: int | None = None, quantity: str = "dW2", key: str = "ask_class"
) -> None:
    """**Ask the class** this exercise (a fresh seed when ``seed`` is None): opens the
    projector, which starts the poll."""
    # Every action here is a callback: it runs before the script, so no rerun loses it.
    st.button(
        "Ask the class",
        key=key,
        icon=":material/groups:",
        help="Start a live poll of this exercise: the projector shows a link and a QR code, "
        "students answer on their phones, and their mistakes are counted by name.",
        on_click=_ask,
        args=(kind, seed, quantity),
    )


def _ask(kind: str, seed: int | None, quantity: str) -> None:
    seed = secrets.randbelow(P.MAX_SEED + 1) if seed is None else int(seed)
    st.session_state[_PENDING] = {"kind": kind, "seed": seed, "quantity": quantity}
    # The page switch waits for the next run's page(), before any widget bound to the
    # link exists (Streamlit will not switch pages once one does).
    switch_soon(PROJECTOR, {"present": "1"} if presenting() else {})


def _start_pending(db: Engine) -> None:
    """Create the poll the session asked for, once the teacher may ask."""
    asked = st.session_state.get(_PENDING)
    if not asked or not _may_ask():
        return
    secret = P.new_secret()
    poll = S.create(db, asked["kind"], asked["seed"], asked["quantity"], secret)
    st.session_state[_PENDING] = None
    st.session_state.setdefault(_SECRETS, {})[poll.code] = secret
    st.query_params["code"] = poll.code


def _password_form(why: str) -> bool:
    """The teacher password, when one is configured; True once it was given."""
    if st.session_state.get(_TEACHER):
        return True
    with st.form("teacher_password", border=True):
        st.text_input(
            f"Teacher password ({why})", type="password", max_chars=200, key="poll_password"
        )
        st.form_submit_button("Unlock", on_click=_unlock)
    problem = st.session_state.pop("_poll_password_problem", "")
    if problem:
        st.error(problem)
    return False


def _unlock() -> None:
    typed = str(st.session_state.get("poll_password") or "")
    st.session_state["poll_password"] = ""
    if not _limit("_poll_password_rate").allow(time.monotonic()):
        st.session_state["_poll_password_problem"] = "Too many tries: wait a few seconds."
    elif hmac.compare_digest(typed.encode(), _password().encode()):
        st.session_state[_TEACHER] = True
    else:
        st.session_state["_poll_password_problem"] = "That is not the teacher password."


# --- the projector ---------------------------------------------------------------------------


def _question(ex: EX.Exercise) -> str:
    """The question as the projector and the phones show it: heading, statement, task."""
    statement = _statement(ex)
    task = TASKS[ex.kind].format(q=ex.quantity)
    tol = "exactly" if ex.tol == 0 else f"within {ex.tol:g}"
    return (
        f"#### {escape_md(P.title(ex))}\n\n$$\n{statement}\n$$\n\n{escape_md(task)} "
        f"Answer: {shape_words(ex.expected.shape)}, {tol}."
    )


def _statement(ex: EX.Exercise) -> str:
    """The exercise's formula from the notes registry, with its numbers filled in."""
    return N.REGISTRY[STATEMENTS[ex.kind]].render(**{k: tex(v) for k, v in ex.given.items()})


def projector() -> None:
    """The projector page: the question, how to join, the live counts, the owner's buttons."""
    db = None
    if st.session_state.get(_PENDING):
        db = engine()
        if not _may_ask() and not _password_form("to ask the class"):
            return
        _start_pending(db)
    code = P.clean_code(st.query_params.get("code", ""))
    if code is None:
        _no_poll()
        return
    db = db or engine()
    poll = S.find(db, code)
    if poll is None:
        st.error(f"No poll has the code {code}. Ask the class again from an exercise.")
        return
    secret = st.session_state.get(_SECRETS, {}).get(code)
    ex = poll.exercise
    url = answer_url(code)
    with st.container(horizontal=True, gap="large", key="poll-top"):
        with st.container(key="poll-question"):
            st.markdown(_question(ex))
        with st.container(key="poll-join", width=420):
            st.image(qr_svg(url), width=360, alt=f"QR code of the link {url}")
            # A code span: Markdown would autolink the URL and show the escapes in it.
            st.markdown(f"## Code {code}\n\n`{url.replace('`', '')}`", anchors=False)
    _live(db, code, poll.is_open())
    if secret is None and _password() and _password_form("to take this poll back"):
        secret = P.new_secret()
        S.claim(db, code, secret)
        st.session_state.setdefault(_SECRETS, {})[code] = secret
    if secret is not None:
        _owner_buttons(db, poll, secret)
    if urlsplit(url).hostname in ("localhost", "127.0.0.1", "::1"):
        st.warning(
            "Phones cannot open a localhost link: serve the app on an address the class "
            "can reach, or set METL_PUBLIC_URL (docs/classroom.md)."
        )


def _no_poll() -> None:
    st.info(
        "Press **Ask the class** on an exercise (Check my answer) or on a topic page: this "
        "page then shows the question, a link and a QR code for the students' phones, and "
        "their answers as they arrive."
    )
    page_link("pages/8_Exercises.py", "Check my answer")


def _live(db: Engine, code: str, is_open: bool) -> None:
    """The counts, redrawn every :data:`REFRESH_SECONDS` while the poll is open: a fragment,
    so a refresh reruns this function only."""

    @st.fragment(run_every=REFRESH_SECONDS if is_open else None)
    def live() -> None:
        poll = S.find(db, code)
        if poll is None:
            st.error("This poll was deleted.")
            return
        if is_open and not poll.is_open():  # closed elsewhere, or expired: stop the timer
            st.rerun()
        ex = poll.exercise
        one_number = ex.expected.size == 1
        t = S.tally(db, poll.id, with_values=one_number)
        state = "open" if poll.is_open() else "closed"
        st.markdown(f"### {P.summary(t)} · the poll is {state}", anchors=False)
        revealed = poll.revealed is not None
        # Side by side: both fit a projector's first screen.
        with st.container(horizontal=True, gap="large", key="poll-charts"):
            if t.mistakes:
                with st.container():
                    chart(P.mistakes_figure(t), key="poll_mistakes", alt=P.mistakes_text(t))
            if one_number and t.total:
                correct = float(ex.expected[0]) if revealed else None
                with st.container():
                    chart(
                        P.histogram_figure(t.values, correct),
                        key="poll_histogram",
                        alt="The answers as a histogram"
                        + (f", the correct value {fmt(correct)} marked" if revealed else ""),
                    )
        if revealed:
            st.markdown(f"**The answer:** `{P.answer_text(ex)}`\n\n{P.derivation(ex)}")

    live()


def _owner_buttons(db: Engine, poll: S.Poll, secret: str) -> None:
    args = (db, poll.code, secret)
    with st.container(horizontal=True, key="poll-owner"):
        if poll.is_open():
            st.button("Close the poll", key="poll_close", on_click=S.close, args=args)
        if poll.revealed is None:
            st.button("Reveal the answer", key="poll_reveal", on_click=S.reveal, args=args)
        with st.popover("Clear the answers", key="poll_clear_box"):
            st.button(
                "Delete every answer of this poll",
                key="poll_clear",
                type="primary",
                on_click=S.clear,
                args=args,
            )
        download(
            "Answers (CSV)",
            lambda: P.csv_text(S.rows(*args) or []),
            f"poll_{poll.code}.csv",
            key="poll_csv",
        )


# --- the student's page -----------------------------------------------------------------------


def _student_token() -> str:
    """The student's anonymous token, kept in the page's own link (``me=``), so that a
    reload or a new connection finds the answer again; made on the first visit."""
    token = st.query_params.get("me", "")
    if not (16 <= len(token) <= 64 and token.replace("-", "").replace("_", "").isalnum()):
        token = secrets.token_urlsafe(16)
        st.query_params["me"] = token
    return token


def answer_page() -> None:
    """A phone-sized page: the question, one answer field, and the feedback at once."""
    given = st.query_params.get("code", "")
    code = P.clean_code(given)
    if code is None:
        if given:  # a mistyped or cut link: say so, without showing what it carried
            st.error(
                f"This link's code is not a poll code ({P.CODE_LENGTH} letters and digits): "
                "type the code the projector shows."
            )
        _code_form()
        return
    db = engine()
    poll = S.find(db, code)
    if poll is None:
        st.error(f"No poll has the code {code}: check it on the projector.")
        _code_form()
        return
    student = P.student_id(_student_token())
    ex = poll.exercise
    st.markdown(_question(ex))
    key = f"answer_{code}"
    stored = S.answer_of(db, poll.id, student)
    if key not in st.session_state:
        st.session_state[key] = stored or ""
    sent = st.session_state.pop(_SENT, None)
    sent = sent if sent and sent[0] == code else None
    if not poll.is_open():
        _closed(poll, ex, stored, sent)
        return
    with st.form(f"form_{code}", border=False):
        st.text_area(
            "Your answer",
            key=key,
            # Streamlit cuts a longer value to max_chars; one more than the answer may
            # have keeps a long paste too long, refused, instead of cut into a number.
            max_chars=P.MAX_ANSWER_CHARS + 1,
            placeholder="one row per line, e.g.\n0.1, 0.2, 0.7"
            if ex.expected.ndim == 2
            else "e.g. 0.1, 0.2, 0.7",
        )
        st.form_submit_button(
            "Send", type="primary", on_click=_send, args=(db, poll, ex, student, key)
        )
    if sent:
        _said(sent)
    elif stored is not None:
        _verdict(stored, ex, "Your answer is in")


def _send(db: Engine, poll: S.Poll, ex: EX.Exercise, student: str, key: str) -> None:
    """Grade and store the answer typed under ``key``; the page shows what came of it."""

    def say(kind: str, text: str) -> None:
        st.session_state[_SENT] = (poll.code, kind, text)

    if not _limit("_poll_rate").allow(time.monotonic()):
        say("error", "Too many answers in a short time: wait a few seconds, then send again.")
        return
    try:
        graded = P.grade(st.session_state.get(key), ex)
    except ParseError as err:
        say("error", f"{error_text(err)}  \nNothing was sent: correct it and send again.")
        return
    if not S.submit(db, poll.id, student, graded):
        say("error", "The poll is closed: your answer was not taken.")
        return
    say("right" if graded.right else "wrong", _verdict_text(graded, "Sent"))


def _verdict_text(g: P.Graded, lead: str) -> str:
    return escape_md(f"{lead}. {P.feedback(g)}")


def _verdict(stored: str, ex: EX.Exercise, lead: str) -> None:
    """The verdict of the answer the database holds, graded again (its evidence is not
    stored)."""
    try:
        g = P.grade(stored, ex)
    except ParseError:  # stored under another version of the exercise
        st.info(escape_md(f"{lead}."))
        return
    (st.success if g.right else st.error)(_verdict_text(g, lead))


def _said(sent: tuple[str, str, str]) -> None:
    """What the last Send gave (set by :func:`_send`): a verdict or why it was refused."""
    (st.success if sent[1] == "right" else st.error)(sent[2])


def _closed(poll: S.Poll, ex: EX.Exercise, stored: str | None, sent) -> None:
    if sent:
        _said(sent)
    elif stored is None:
        st.info("The poll is closed: no answer was taken from this phone.")
    else:
        _verdict(stored, ex, f"The poll is closed. Your answer was {stored}")
    if poll.revealed is not None:
        st.markdown(f"**The answer:** `{P.answer_text(ex)}`\n\n{P.derivation(ex)}")


def _code_form() -> None:
    with st.form("poll_code", border=False):
        st.text_input("Poll code", max_chars=12, placeholder="e.g. K7QA", key="poll_code_typed")
        st.form_submit_button("Open", type="primary", on_click=_open_code)
    if st.session_state.pop("_poll_code_problem", False):
        st.error(f"A code is {P.CODE_LENGTH} letters and digits, as the projector shows it.")


def _open_code() -> None:
    code = P.clean_code(st.session_state.get("poll_code_typed") or "")
    if code is None:
        st.session_state["_poll_code_problem"] = True
    else:
        st.query_params["code"] = code
