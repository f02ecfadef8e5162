"""Real-database fixtures: every database test runs on SQLite and on PostgreSQL.

PostgreSQL runs need ``PLANNER_TEST_POSTGRES_URL`` (a server URL, e.g.
``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``); without it they are
skipped with that reason. Each test session creates its own PostgreSQL database,
so several test runs can share one server. Schemas are migrated and the reference
data set is loaded once per run; each test gets a copy (SQLite) or a reset
(PostgreSQL) of that state.
"""

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner, Result
from sqlalchemy import Engine, create_engine, event, make_url, select, text
from sqlalchemy.orm import Session

import planner.models
from planner.audit import Context
from planner.cli import main
from planner.db import make_engine, unit_of_work, upgrade
from planner.reference import load_reference
from planner.users import passwords

POSTGRES_URL = os.environ.get("PLANNER_TEST_POSTGRES_URL")
POSTGRES_REQUIRED = os.environ.get("PLANNER_TEST_REQUIRE_POSTGRES") == "1"  # set by .ci/run
ENGINES = ("sqlite", "postgresql")
FIXED_NOW = datetime(2019, 10, 1, 12, 0, tzinfo=UTC)


def fixed_clock() -> datetime:
    return FIXED_NOW


@pytest.fixture(autouse=True)
def cheap_password_hashing(request, monkeypatch) -> Iterator[None]:
    """Argon2 at its lowest cost, unless the test is marked ``production_hashing``.

    The production parameters (64 MiB, three passes) take a tenth of a second per hash on
    a quiet machine and a second on a busy one, and hundreds of tests create users and
    sign in: what they check does not depend on the cost. The decoy hash is made afresh
    with whichever hasher the test uses, so that both cost the same, as in production.
    """
    if "production_hashing" not in request.keywords:
        cheapest = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        monkeypatch.setattr(passwords, "_hasher", cheapest)
    passwords.decoy_hash.cache_clear()
    yield
    passwords.decoy_hash.cache_clear()


def pytest_addoption(parser):
    parser.addoption(
        "--engine",
        action="append",
        choices=ENGINES,
        help="run the database tests on this engine only (repeatable; default: every engine)",
    )


def pytest_collection_modifyitems(config, items):
    """With ``--engine``, deselect the database tests parametrized for the other engines.

    Then the tests marked ``slow`` go first, in their order: xdist hands out tests one at a
    time as workers free up, so the minutes-long sweeps (the every-page browser test, the
    crawl) start at once instead of being the last test one worker runs while the other
    has finished (81 s of a 358 s run on two workers).
    """
    chosen = config.getoption("engine")
    if chosen:
        kept, deselected = [], []
        for item in items:
            params = item.callspec.params if hasattr(item, "callspec") else {}
            engine = params.get("database_url", params.get("empty_database_url"))
            (kept if engine is None or engine in chosen else deselected).append(item)
        if deselected:
            config.hook.pytest_deselected(items=deselected)
            items[:] = kept
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


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


def _load_demo(url: str) -> None:
    engine = make_engine(url)
    with unit_of_work(engine) as session:
        load_reference(session, Context(actor="tester", clock=fixed_clock))
    engine.dispose()


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "planner.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def demo_sqlite_template(tmp_path_factory, migrated_sqlite_template) -> Path:
    """The migrated template with the reference data set loaded, once per run."""
    path = tmp_path_factory.mktemp("demo-template") / "planner.db"
    shutil.copyfile(migrated_sqlite_template, path)
    _load_demo(f"sqlite:///{path}")
    return path


class PostgresTestDatabase:
    """The run's migrated PostgreSQL database, put back into a known state before each test.

    Migrating (or copying a template database) per test costs seconds; TRUNCATE
    costs most of a second even on empty tables, because it gives every table
    new files. Deleting the rows of a few small tables and setting the sequences
    back costs milliseconds, so each test starts from a reset: empty, or the
    reference data set copied back from a snapshot taken once per run (schema
    ``demo_snapshot`` with a copy of every table, and the sequences' values).
    """

    SNAPSHOT = "demo_snapshot"

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        # parents first; the feed revision's one row stays (the triggers replace its value)
        self.tables = [
            table
            for table in planner.models.Base.metadata.sorted_tables
            if table is not planner.models.FeedRevision.__table__
        ]
        with self.engine.connect() as connection:
            self.empty_sequences = self._sequences(connection)
        self.demo_sequences: dict[str, tuple[int, bool]] | None = None

    @staticmethod
    def _sequences(connection) -> dict[str, tuple[int, bool]]:
        rows = connection.execute(
            text(
                "SELECT quote_ident(sequencename), last_value FROM pg_sequences"
                " WHERE schemaname = 'public'"
            )
        )
        # setval(name, 1, false): the next value is 1, as for a new sequence
        return {name: (1, False) if last is None else (last, True) for name, last in rows}

    def take_demo_snapshot(self) -> None:
        self.reset(with_demo=False)
        _load_demo(self.url)
        with self.engine.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {self.SNAPSHOT}"))
            for table in self.tables:
                connection.execute(
                    text(f'CREATE TABLE {self.SNAPSHOT}."{table.name}" AS TABLE "{table.name}"')
                )
            self.demo_sequences = self._sequences(connection)

    def reset(self, with_demo: bool) -> None:
        """One script, one round trip: the statements of a reset cost less than sending them."""
        if with_demo and self.demo_sequences is None:
            self.take_demo_snapshot()
        statements = [f'DELETE FROM "{table.name}"' for table in reversed(self.tables)]
        if with_demo:
            statements += [
                f'INSERT INTO "{table.name}" TABLE {self.SNAPSHOT}."{table.name}"'
                for table in self.tables
            ]
        sequences = self.demo_sequences if with_demo else self.empty_sequences
        statements += [
            f"SELECT setval('{name}', {value}, {str(called).lower()})"
            for name, (value, called) in sequences.items()
        ]
        with self.engine.begin() as connection:
            connection.exec_driver_sql(";\n".join(statements))

    def dispose(self) -> None:
        self.engine.dispose()


@pytest.fixture(scope="session")
def postgres_database(postgres_server) -> Iterator[PostgresTestDatabase]:
    """The run's own database: migrated once, commits not waiting for the disk (a test
    database need not survive a crash of the server)."""
    url = postgres_server.create()
    with postgres_server.admin.connect() as connection:
        name = make_url(url).database
        connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    database = PostgresTestDatabase(url)
    yield database
    database.dispose()
    postgres_server.drop(url)


@pytest.fixture(params=ENGINES)
def database_url(request, tmp_path) -> str:
    """The URL of a migrated database, on each engine in turn.

    Empty, or holding the reference data set when the test uses the ``demo``
    fixture (directly or through another fixture): the data set is loaded once
    per run and copied into each test's database, which costs milliseconds
    where loading it costs seconds.
    """
    with_demo = "demo" in request.fixturenames
    if request.param == "sqlite":
        template = "demo_sqlite_template" if with_demo else "migrated_sqlite_template"
        path = tmp_path / "planner.db"
        shutil.copyfile(request.getfixturevalue(template), path)
        return f"sqlite:///{path}"
    database = request.getfixturevalue("postgres_database")
    database.reset(with_demo)
    return database.url


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
def demo(database_url) -> None:
    """The reference data set, loaded and committed (as actor ``tester`` at ``FIXED_NOW``).

    ``database_url`` sees this fixture among the test's and copies the data set in
    from the run's template before anything else touches the database.
    """


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


def recorded_statements(engine: Engine, action: Callable[[], object]) -> tuple[list[str], object]:
    """The SQL statements ``action`` runs on ``engine``, and what it returned."""
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        result = action()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return statements, result


def count_queries(engine: Engine, action: Callable[[], object]) -> tuple[int, object]:
    """How many SQL statements ``action`` runs on ``engine``, and what it returned."""
    statements, result = recorded_statements(engine, action)
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


@pytest.fixture
def refused(cli, dump) -> Callable[..., Result]:
    """Run a CLI command that must be refused: exit 1, one ``error:`` line starting with
    ``message`` on stderr, and every row of the database exactly as before."""

    def run(args: list[str], message: str) -> Result:
        before = dump()
        result = cli(*args)
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith(message), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert dump() == before
        return result

    return run
