"""Real-database fixtures: every database test runs on SQLite and on PostgreSQL.

PostgreSQL runs need ``PLANNER_TEST_POSTGRES_URL`` (a server URL, e.g.
``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``); without it they are
skipped with that reason. Each test session creates its own PostgreSQL database,
so several test runs can share one server; tables are emptied between tests.
"""

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, create_engine, event, make_url, select, text
from sqlalchemy.orm import Session

import planner.models
from planner.audit import Context
from planner.cli import main
from planner.db import make_engine, unit_of_work, upgrade
from planner.reference import load_reference

POSTGRES_URL = os.environ.get("PLANNER_TEST_POSTGRES_URL")
POSTGRES_REQUIRED = os.environ.get("PLANNER_TEST_REQUIRE_POSTGRES") == "1"  # set by .ci/run
ENGINES = ("sqlite", "postgresql")
FIXED_NOW = datetime(2019, 10, 1, 12, 0, tzinfo=UTC)


def fixed_clock() -> datetime:
    return FIXED_NOW


class PostgresServer:
    """Creates and drops throw-away databases on the test server."""

    def __init__(self, url: str):
        self.url = make_url(url)
        if self.url.drivername == "postgresql":
            self.url = self.url.set(drivername="postgresql+psycopg")
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")

    def create(self) -> str:
        name = f"planner_test_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    if not POSTGRES_URL:
        if POSTGRES_REQUIRED:
            pytest.fail("PostgreSQL is required here but PLANNER_TEST_POSTGRES_URL is not set")
        pytest.skip("PostgreSQL run skipped: PLANNER_TEST_POSTGRES_URL is not set")
    server = PostgresServer(POSTGRES_URL)
    try:
        with server.admin.connect():
            pass
    except Exception as error:  # a set URL that does not answer is a failure, not a skip
        pytest.fail(f"PLANNER_TEST_POSTGRES_URL is set but PostgreSQL is unreachable: {error}")
    yield server
    server.admin.dispose()


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "planner.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def migrated_postgres_url(postgres_server) -> Iterator[str]:
    url = postgres_server.create()
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    postgres_server.drop(url)


def _empty_all_tables(url: str) -> None:
    engine = make_engine(url)
    names = ", ".join(f'"{table.name}"' for table in planner.models.Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=ENGINES)
def database_url(request, tmp_path, migrated_sqlite_template) -> str:
    """The URL of a migrated, empty database, on each engine in turn."""
    if request.param == "sqlite":
        path = tmp_path / "planner.db"
        shutil.copyfile(migrated_sqlite_template, path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("migrated_postgres_url")
    _empty_all_tables(url)
    return url


@pytest.fixture(params=ENGINES)
def empty_database_url(request, tmp_path) -> Iterator[str]:
    """The URL of a database with no tables at all, for migration tests."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    server = request.getfixturevalue("postgres_server")
    url = server.create()
    yield url
    server.drop(url)


@pytest.fixture
def engine(database_url) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def context() -> Context:
    return Context(actor="tester", clock=fixed_clock)


@pytest.fixture
def session(engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def demo(engine, context) -> None:
    """The reference data set, loaded and committed."""
    with unit_of_work(engine) as session:
        load_reference(session, context)


@pytest.fixture
def cli(database_url) -> Callable[..., Result]:
    """Run ``planner`` in-process against the test database, as actor ``tester``."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Result:
        return runner.invoke(
            main,
            ["--database", database_url, "--actor", "tester", *args],
            input=input,
            catch_exceptions=False,
        )

    return run


def count_queries(engine: Engine, action: Callable[[], object]) -> tuple[int, object]:
    """How many SQL statements ``action`` runs on ``engine``, and what it returned."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        result = action()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements), result


def dump_database(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order: compare before and after a refusal."""
    dump = {}
    with engine.connect() as connection:
        for table in planner.models.Base.metadata.sorted_tables:
            rows = connection.execute(select(table).order_by(*table.primary_key.columns))
            dump[table.name] = [tuple(row) for row in rows]
    return dump


@pytest.fixture
def dump(engine) -> Callable[[], dict[str, list[tuple]]]:
    return lambda: dump_database(engine)
