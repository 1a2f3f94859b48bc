import os
import sys

from hypothesis import HealthCheck, settings

# Let `pytest` find metl_core from a fresh clone without installing it.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

settings.register_profile(
    "default", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# Under CI the examples are derandomized, so a run is repeatable; locally they vary.
settings.register_profile("ci", settings.get_profile("default"), derandomize=True)
settings.register_profile("soak", settings.get_profile("default"), max_examples=3000)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default")
)


# --- databases: SQLite always, PostgreSQL when a server is given (always under CI) -----------

import uuid  # noqa: E402

import pytest  # noqa: E402

POSTGRES_ENV = "METL_TEST_POSTGRES_URL"


def postgres_admin_url() -> str:
    """The URL of a PostgreSQL server the tests may create databases on, or skip (fail
    under CI, where .ci/run starts one: `.ci/postgres start` prints such a URL)."""
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        reason = f"no PostgreSQL server: set {POSTGRES_ENV} (`.ci/postgres start` prints one)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL tests cannot run under CI: {reason}", pytrace=False)
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A fresh, empty database: a SQLite file, then a new PostgreSQL database."""
    from sqlalchemy import create_engine, make_url, text

    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'polls.sqlite3'}"
        return
    admin_url = postgres_admin_url()
    name = f"metl_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))  # a name made here, not input
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        from pages.ui import poll_store as S

        S.dispose_all()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture
def db(database_url):
    """An engine on :func:`database_url`, its schema made."""
    from sqlalchemy import create_engine

    from pages.ui import poll_store as S

    engine = create_engine(database_url)
    S.ready(engine)
    yield engine
    engine.dispose()


# --- the bench's scripts, for the tests that drive a real server with them ---------------

from pathlib import Path  # noqa: E402
from types import SimpleNamespace  # noqa: E402

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def bench():
    """bench/'s scripts (``harness``, ``load``, ``browser``), imported as they import each
    other when `make bench` runs them: by bare name from bench/."""
    sys.path.insert(0, str(BENCH))
    try:
        import browser
        import harness
        import load

        yield SimpleNamespace(browser=browser, harness=harness, load=load)
    finally:
        sys.path.remove(str(BENCH))
