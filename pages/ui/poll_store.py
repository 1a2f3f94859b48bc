"""The polls and their answers in a SQL database, through SQLAlchemy Core: the schema and
its versions, and every query. SQLite or PostgreSQL; every value is a bound parameter.

No Streamlit: the pages pass the engine of ``st.connection("polls", type="sql")``
(``pages/ui/poll_view.py``); the tests and the benchmark pass their own.

Writers at once lose nothing: an answer is one statement, an upsert on (poll, student)
that reads the poll's state in the same statement (on PostgreSQL under a share lock of
the poll's row), so an answer either lands while the poll is open or is refused, and two
replicas writing at once each keep their row.
"""

from __future__ import annotations

import threading
import time
import weakref
from dataclasses import dataclass

from sqlalchemy import (
    Column,
    Engine,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    cast,
    delete,
    event,
    func,
    literal,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.schema import CreateIndex, CreateTable

from pages.ui import poll as P

SCHEMA_VERSION = 1
_LOCK_KEY = 0x4D45544C  # "METL": PostgreSQL's advisory lock while the schema is migrated

metadata = MetaData()
schema = Table(
    "metl_schema",
    metadata,
    Column("part", String(32), primary_key=True),
    Column("version", Integer, nullable=False),
)
polls = Table(
    "metl_polls",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(8), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("seed", Integer, nullable=False),
    Column("quantity", String(8), nullable=False),
    Column("owner", String(64), nullable=False),  # sha256 of the owner's secret
    Column("created", Float, nullable=False),  # seconds since the epoch, UTC
    Column("expires", Float, nullable=False),  # open until then, unless closed before
    Column("closed", Float),
    Column("revealed", Float),
)
answers = Table(
    "metl_answers",
    metadata,
    Column("poll_id", Integer, primary_key=True),  # metl_polls.id; deleted with its poll
    Column("student", String(32), primary_key=True),  # poll.student_id(token)
    Column("answer", Text, nullable=False),  # poll.canonical: numbers only
    Column("value", Float),  # the number of a one-number answer, for the histogram
    Column("verdict", String(8), nullable=False),
    Column("mistake", String(32), nullable=False),
    Column("created", Float, nullable=False),
    Column("updated", Float, nullable=False),
)
_polls_created = Index("metl_polls_created", polls.c.created)

# Version n is reached by running MIGRATIONS[n] on version n - 1. Each statement is
# idempotent on its own (IF NOT EXISTS), so a run cut short can simply be run again.
MIGRATIONS = {
    1: [
        CreateTable(polls, if_not_exists=True),
        CreateTable(answers, if_not_exists=True),
        CreateIndex(_polls_created, if_not_exists=True),
    ],
}


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL: the projector reads while students write; NORMAL is durable in WAL at each
    # checkpoint and skips an fsync per answer; wait for the writer's lock, never fail.
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=15000")
    cur.close()


_ready: weakref.WeakSet[Engine] = weakref.WeakSet()
_ready_lock = threading.Lock()


def ready(engine: Engine) -> Engine:
    """Set up ``engine`` once per process: SQLite's pragmas, then the schema migrated."""
    with _ready_lock:
        if engine not in _ready:
            if engine.dialect.name == "sqlite" and not event.contains(
                engine, "connect", _sqlite_pragmas
            ):
                event.listen(engine, "connect", _sqlite_pragmas)
                engine.dispose()  # connections made before the listener lack the pragmas
            migrate(engine)
            _ready.add(engine)
    return engine


def dispose_all() -> None:
    """Close every connection of the engines set up here (tests end with it)."""
    with _ready_lock:
        for engine in list(_ready):
            engine.dispose()


def _insert(engine: Engine):
    return (postgresql if engine.dialect.name == "postgresql" else sqlite).insert


def migrate(engine: Engine) -> int:
    """Bring the schema to :data:`SCHEMA_VERSION`; safe to run again, and from several
    processes at once. Returns the version found before."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(select(func.pg_advisory_xact_lock(_LOCK_KEY)))
        conn.execute(CreateTable(schema, if_not_exists=True))
        found = conn.execute(select(schema.c.version).where(schema.c.part == "polls")).scalar()
        for version in range((found or 0) + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
        stmt = _insert(engine)(schema).values(part="polls", version=SCHEMA_VERSION)
        conn.execute(
            stmt.on_conflict_do_update(
                index_elements=[schema.c.part], set_={"version": stmt.excluded.version}
            )
        )
    return found or 0


@dataclass(frozen=True)
class Poll:
    id: int
    code: str
    kind: str
    seed: int
    quantity: str
    created: float
    expires: float
    closed: float | None
    revealed: float | None

    def is_open(self, now: float | None = None) -> bool:
        return self.closed is None and (time.time() if now is None else now) < self.expires

    @property
    def exercise(self):
        return P.question(self.kind, self.seed, self.quantity)


_POLL_COLUMNS = [
    polls.c.id,
    polls.c.code,
    polls.c.kind,
    polls.c.seed,
    polls.c.quantity,
    polls.c.created,
    polls.c.expires,
    polls.c.closed,
    polls.c.revealed,
]


def create(
    engine: Engine,
    kind: str,
    seed: int,
    quantity: str,
    secret: str,
    now: float | None = None,
    code=P.new_code,
) -> Poll:
    """A new open poll of the exercise (kind, seed, quantity), owned by ``secret``.

    Polls past their keeping time are deleted first (:data:`poll.KEEP_DAYS`).
    """
    P.question(kind, seed, quantity)  # ValueError for a question that does not exist
    now = time.time() if now is None else now
    purge(engine, now - P.KEEP_DAYS * 86400)
    quantity = quantity if kind == "backprop" else ""
    for _ in range(20):  # a code in use: draw another
        row = {
            "code": code(),
            "kind": kind,
            "seed": int(seed),
            "quantity": quantity,
            "owner": P.digest(secret),
            "created": now,
            "expires": now + P.OPEN_SECONDS,
        }
        try:
            with engine.begin() as conn:
                poll_id = conn.execute(polls.insert().values(**row)).inserted_primary_key[0]
        except IntegrityError:
            continue
        return Poll(
            poll_id, row["code"], kind, int(seed), quantity, now, row["expires"], None, None
        )
    raise RuntimeError("no free poll code after 20 draws")


def find(engine: Engine, code: str) -> Poll | None:
    """The poll with ``code`` (as :func:`poll.clean_code` writes it), or None."""
    with engine.connect() as conn:
        row = conn.execute(select(*_POLL_COLUMNS).where(polls.c.code == code)).first()
    return Poll(*row) if row else None


def submit(
    engine: Engine, poll_id: int, student: str, g: P.Graded, now: float | None = None
) -> bool:
    """Store ``g`` as the student's answer (replacing an earlier one) if the poll is open;
    False, storing nothing, when it is closed, expired or gone."""
    now = time.time() if now is None else now
    source = (
        select(
            literal(poll_id, Integer),
            literal(student, String),
            literal(g.answer, Text),
            cast(literal(g.value), Float),  # a typed NULL for a vector's answer
            literal(g.verdict, String),
            literal(g.mistake, String),
            cast(literal(now), Float),
            cast(literal(now), Float),
        )
        .where(polls.c.id == poll_id, polls.c.closed.is_(None), polls.c.expires > now)
        .with_for_update(read=True, of=polls)
    )
    names = ["poll_id", "student", "answer", "value", "verdict", "mistake", "created", "updated"]
    stmt = _insert(engine)(answers).from_select(names, source)
    stmt = stmt.on_conflict_do_update(
        index_elements=[answers.c.poll_id, answers.c.student],
        set_={k: stmt.excluded[k] for k in ("answer", "value", "verdict", "mistake", "updated")},
    )
    with engine.begin() as conn:  # RETURNING: psycopg gives no rowcount for INSERT ... SELECT
        return conn.execute(stmt.returning(answers.c.poll_id)).first() is not None


def answer_of(engine: Engine, poll_id: int, student: str) -> str | None:
    """The answer the student last stored (its canonical text), or None."""
    with engine.connect() as conn:
        return conn.execute(
            select(answers.c.answer).where(
                answers.c.poll_id == poll_id, answers.c.student == student
            )
        ).scalar()


def tally(engine: Engine, poll_id: int, with_values: bool = False) -> P.Tally:
    """The counts the projector shows, read in one transaction."""
    with engine.connect() as conn:
        counts = conn.execute(
            select(answers.c.verdict, answers.c.mistake, func.count())
            .where(answers.c.poll_id == poll_id)
            .group_by(answers.c.verdict, answers.c.mistake)
        ).all()
        values = (
            conn.execute(
                select(answers.c.value).where(
                    answers.c.poll_id == poll_id, answers.c.value.is_not(None)
                )
            )
            .scalars()
            .all()
            if with_values
            else ()
        )
    return P.tally(counts, values)


def count(engine: Engine, poll_id: int) -> int:
    """The rows stored for the poll (the benchmark checks the projector against it)."""
    with engine.connect() as conn:
        return conn.execute(
            select(func.count()).select_from(answers).where(answers.c.poll_id == poll_id)
        ).scalar_one()


# --- the owner's actions: each matches the secret's hash in the same statement ---------------


def _owned(code: str, secret: str):
    return (polls.c.code == code) & (polls.c.owner == P.digest(secret))


def is_owner(engine: Engine, code: str, secret: str) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(polls.c.id).where(_owned(code, secret))).first() is not None


def close(engine: Engine, code: str, secret: str, now: float | None = None) -> bool:
    """Close the poll; False if ``secret`` is not its owner's (or it was closed already)."""
    now = time.time() if now is None else now
    with engine.begin() as conn:
        res = conn.execute(
            update(polls).where(_owned(code, secret), polls.c.closed.is_(None)).values(closed=now)
        )
    return res.rowcount == 1


def reveal(engine: Engine, code: str, secret: str, now: float | None = None) -> bool:
    """Reveal the answer, closing the poll if it is open; False if not the owner."""
    now = time.time() if now is None else now
    with engine.begin() as conn:
        res = conn.execute(
            update(polls)
            .where(_owned(code, secret))
            .values(closed=func.coalesce(polls.c.closed, now), revealed=now)
        )
    return res.rowcount == 1


def clear(engine: Engine, code: str, secret: str) -> int | None:
    """Delete every answer of the poll; how many, or None if not the owner."""
    with engine.begin() as conn:
        poll_id = conn.execute(select(polls.c.id).where(_owned(code, secret))).scalar()
        if poll_id is None:
            return None
        return conn.execute(delete(answers).where(answers.c.poll_id == poll_id)).rowcount


def rows(engine: Engine, code: str, secret: str) -> list[tuple] | None:
    """The answers for the CSV, oldest first: (updated, student, answer, verdict, mistake);
    None if not the owner."""
    with engine.connect() as conn:
        poll_id = conn.execute(select(polls.c.id).where(_owned(code, secret))).scalar()
        if poll_id is None:
            return None
        return [
            tuple(r)
            for r in conn.execute(
                select(
                    answers.c.updated,
                    answers.c.student,
                    answers.c.answer,
                    answers.c.verdict,
                    answers.c.mistake,
                )
                .where(answers.c.poll_id == poll_id)
                .order_by(answers.c.updated, answers.c.student)
            )
        ]


def claim(engine: Engine, code: str, secret: str) -> bool:
    """Make ``secret`` the poll's owner. Only for a session that gave the teacher password
    (``poll_view``): the previous owner's session loses its rights."""
    with engine.begin() as conn:
        res = conn.execute(update(polls).where(polls.c.code == code).values(owner=P.digest(secret)))
    return res.rowcount == 1


def purge(engine: Engine, before: float) -> int:
    """Delete the polls created before ``before`` (epoch seconds) and their answers."""
    old = select(polls.c.id).where(polls.c.created < before)
    with engine.begin() as conn:
        conn.execute(delete(answers).where(answers.c.poll_id.in_(old)))
        return conn.execute(delete(polls).where(polls.c.created < before)).rowcount
