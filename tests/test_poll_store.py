"""The polls' storage (pages/ui/poll_store.py) on a real SQLite file and a real PostgreSQL
server (`database_url` in conftest.py: skipped without a server, never under CI)."""

import multiprocessing
import threading

import pytest
from sqlalchemy import create_engine, inspect, select

from pages.ui import poll as P
from pages.ui import poll_store as S

SECRET = "owner-secret"


def right(poll) -> P.Graded:
    ex = poll.exercise
    return P.grade(", ".join(f"{v:.6f}" for v in ex.expected.ravel()), ex)


def wrong(poll, mistake_value: float) -> P.Graded:
    return P.grade(f"{mistake_value:.6f}", poll.exercise)


def test_the_schema_is_versioned_and_made_again_without_harm(database_url):
    engine = create_engine(database_url)
    try:
        assert S.migrate(engine) == 0  # a new database
        assert S.migrate(engine) == S.SCHEMA_VERSION  # found, nothing to do
        tables = set(inspect(engine).get_table_names())
        assert {"metl_schema", "metl_polls", "metl_answers"} <= tables
        with engine.connect() as conn:
            assert conn.execute(select(S.schema.c.version)).scalar_one() == S.SCHEMA_VERSION
        # A run cut short after the version table, before the tables: run again, completes.
        with engine.begin() as conn:
            conn.execute(S.answers.delete())
            conn.execute(S.schema.update().values(version=0))
        S.answers.drop(engine)
        assert S.migrate(engine) == 0
        assert "metl_answers" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_several_processes_can_make_the_schema_at_once(database_url):
    engines = [create_engine(database_url) for _ in range(4)]
    errors = []
    start = threading.Barrier(len(engines))

    def go(e):
        start.wait()
        try:
            S.migrate(e)
        except Exception as err:  # collected, asserted below
            errors.append(err)

    threads = [threading.Thread(target=go, args=(e,)) for e in engines]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for e in engines:
        e.dispose()
    assert errors == []


def test_a_poll_is_created_found_and_its_code_is_drawn_again_when_taken(db):
    first = S.create(db, "sigma_prime", 3, "", SECRET, code=lambda: "AAAA")
    draws = iter(["AAAA", "AAAA", "CCCC"])
    second = S.create(db, "ce_grad", 4, "dW2", SECRET, code=lambda: next(draws))
    assert (first.code, second.code) == ("AAAA", "CCCC")
    found = S.find(db, "CCCC")
    assert found == second and found.is_open() and found.quantity == ""
    assert S.find(db, "DDDD") is None
    with db.connect() as conn:  # only the secret's hash is stored
        owners = conn.execute(select(S.polls.c.owner)).scalars().all()
    assert SECRET not in owners and P.digest(SECRET) in owners


def test_one_answer_per_student_changeable_while_open(db):
    poll = S.create(db, "sigma_prime", 3, "", SECRET)
    x = poll.exercise.given["x"]
    assert S.submit(db, poll.id, "s1", wrong(poll, x * (1 - x)), now=poll.created + 1)
    assert S.submit(db, poll.id, "s2", right(poll), now=poll.created + 2)
    assert S.submit(db, poll.id, "s1", right(poll), now=poll.created + 3)  # changed
    assert S.count(db, poll.id) == 2
    t = S.tally(db, poll.id, with_values=True)
    assert (t.total, t.right, t.mistakes) == (2, 2, ())
    assert len(t.values) == 2
    with db.connect() as conn:
        created, updated = conn.execute(
            select(S.answers.c.created, S.answers.c.updated).where(S.answers.c.student == "s1")
        ).one()
    assert (created, updated) == (poll.created + 1, poll.created + 3)
    assert S.answer_of(db, poll.id, "s1") == right(poll).answer
    assert S.answer_of(db, poll.id, "nobody") is None


def test_the_tally_names_the_mistakes(db):
    poll = S.create(db, "sigma_prime", 3, "", SECRET)
    x = poll.exercise.given["x"]
    for i in range(3):
        S.submit(db, poll.id, f"w{i}", wrong(poll, x * (1 - x)))
    S.submit(db, poll.id, "r", right(poll))
    t = S.tally(db, poll.id)
    assert (t.total, t.right) == (4, 1)
    assert t.mistakes == (("used x (1 − x), not σ(x)(1 − σ(x))", 3),)


def test_no_answer_is_taken_after_close_or_expiry_or_for_a_poll_that_is_gone(db):
    poll = S.create(db, "sigma_prime", 3, "", SECRET)
    assert S.close(db, poll.code, SECRET)
    assert not S.submit(db, poll.id, "late", right(poll))
    old = S.create(db, "sigma_prime", 4, "", SECRET, now=1_000.0)  # expired long ago
    assert not S.submit(db, old.id, "late", right(old), now=1_000.0 + P.OPEN_SECONDS + 1)
    assert S.submit(db, old.id, "in time", right(old), now=1_000.0 + 10)
    assert not S.submit(db, 10**6, "nowhere", right(poll))
    assert S.count(db, poll.id) == 0 and S.count(db, old.id) == 1


def test_only_the_owner_closes_reveals_clears_and_downloads(db):
    poll = S.create(db, "sigma_prime", 3, "", SECRET)
    S.submit(db, poll.id, "s1", right(poll))
    for thief in ("", "guess", poll.code, P.digest(SECRET)):  # the hash is no key either
        assert not S.is_owner(db, poll.code, thief)
        assert not S.close(db, poll.code, thief)
        assert not S.reveal(db, poll.code, thief)
        assert S.clear(db, poll.code, thief) is None
        assert S.rows(db, poll.code, thief) is None
    assert S.find(db, poll.code).closed is None and S.count(db, poll.id) == 1
    assert S.is_owner(db, poll.code, SECRET)
    (row,) = S.rows(db, poll.code, SECRET)
    assert row[1:] == ("s1", right(poll).answer, "right", "")
    assert S.reveal(db, poll.code, SECRET)  # reveal closes an open poll
    after = S.find(db, poll.code)
    assert after.closed is not None and after.revealed is not None and not after.is_open()
    assert S.clear(db, poll.code, SECRET) == 1 and S.count(db, poll.id) == 0


def test_clearing_one_poll_leaves_the_others(db):
    a = S.create(db, "sigma_prime", 3, "", SECRET)
    b = S.create(db, "sigma_prime", 3, "", "other")
    S.submit(db, a.id, "s", right(a))
    S.submit(db, b.id, "s", right(b))
    assert S.clear(db, a.code, SECRET) == 1
    assert (S.count(db, a.id), S.count(db, b.id)) == (0, 1)


def test_the_teacher_password_claim_moves_the_ownership(db):
    poll = S.create(db, "sigma_prime", 3, "", SECRET)
    assert S.claim(db, poll.code, "new-secret")
    assert S.is_owner(db, poll.code, "new-secret") and not S.is_owner(db, poll.code, SECRET)
    assert not S.claim(db, "ZZZZ", "x")


def test_old_polls_and_their_answers_are_purged(db):
    old = S.create(db, "sigma_prime", 3, "", SECRET, now=1_000.0)
    S.submit(db, old.id, "s", right(old), now=1_010.0)
    new = S.create(db, "sigma_prime", 3, "", SECRET)  # creating purges the old
    assert S.find(db, old.code) is None and S.count(db, old.id) == 0
    assert S.find(db, new.code) is not None


def _replica(url: str, poll_id: int, students: range, answer: str, value: float) -> int:
    """One replica of the app: its own process and engine, answering for ``students``."""
    engine = create_engine(url)
    g = P.Graded(answer, value, "right", "")
    taken = sum(S.submit(engine, poll_id, f"s{i}", g) for i in students)
    engine.dispose()
    return taken


def test_two_replicas_writing_at_once_lose_nothing(db, database_url):
    poll = S.create(db, "sigma_prime", 3, "", SECRET)
    ctx = multiprocessing.get_context("spawn")
    # Students 40-79 answer through both replicas (a phone that reconnected elsewhere).
    jobs = [(database_url, poll.id, range(80), "0.1", 0.1)]
    jobs.append((database_url, poll.id, range(40, 120), "0.2", 0.2))
    with ctx.Pool(2) as pool:
        taken = pool.starmap(_replica, jobs)
    assert taken == [80, 80]
    assert S.count(db, poll.id) == 120
    with db.connect() as conn:
        got = dict(conn.execute(select(S.answers.c.student, S.answers.c.answer)).all())
    assert all(got[f"s{i}"] == "0.1" for i in range(40))
    assert all(got[f"s{i}"] == "0.2" for i in range(80, 120))
    assert all(got[f"s{i}"] in ("0.1", "0.2") for i in range(40, 80))


def test_answers_racing_a_close_are_either_kept_or_refused_never_lost(db):
    poll = S.create(db, "sigma_prime", 3, "", SECRET)
    g = right(poll)
    accepted, stop = [], threading.Event()

    def student(n):
        i = 0
        while not stop.is_set() and i < 400:
            if S.submit(db, poll.id, f"t{n}-{i}", g):
                accepted.append(f"t{n}-{i}")
            elif stop.is_set() or S.find(db, poll.code).closed is not None:
                return
            i += 1

    threads = [threading.Thread(target=student, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    while len(accepted) < 20:
        threading.Event().wait(0.005)
    assert S.close(db, poll.code, SECRET)
    after = len(accepted)
    assert not S.submit(db, poll.id, "after", g)
    stop.set()
    for t in threads:
        t.join()
    with db.connect() as conn:
        stored = set(conn.execute(select(S.answers.c.student)).scalars())
    assert stored == set(accepted)  # every answer told "sent" is there, and no other
    assert len(accepted) - after <= 3  # at most the statements already running


@pytest.mark.parametrize("typed", ["0.1'); DROP TABLE metl_answers; --", "0.1 OR 1=1"])
def test_sql_in_an_answer_never_reaches_the_database(db, typed):
    poll = S.create(db, "sigma_prime", 3, "", SECRET)
    with pytest.raises(ValueError):
        P.grade(typed, poll.exercise)
    # And were it stored as text, it is a bound value, not SQL.
    assert S.submit(db, poll.id, "s1", P.Graded(typed, None, "wrong", "entry"))
    assert S.answer_of(db, poll.id, "s1") == typed
    assert "metl_answers" in inspect(db).get_table_names()


def test_an_answer_sent_while_the_close_is_being_written_waits_for_it_and_is_refused(db):
    poll = S.create(db, "sigma_prime", 3, "", SECRET)
    result = []
    with db.connect() as teacher:
        closing = teacher.begin()
        teacher.execute(S.polls.update().where(S.polls.c.id == poll.id).values(closed=1.0))
        phone = threading.Thread(
            target=lambda: result.append(S.submit(db, poll.id, "s1", right(poll)))
        )
        phone.start()
        phone.join(1.0)
        assert phone.is_alive()  # held by the close, not answered from a stale read
        closing.commit()
        phone.join(20)
    assert result == [False] and S.count(db, poll.id) == 0
