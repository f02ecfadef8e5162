"""Database plumbing: the declarative base, engines, sessions and migrations.

Operations receive a ``Session`` and never commit; whoever opened the session
(a CLI command, a web request) commits once. Migrations always run through
Alembic's API so that the CLI, the web server and the tests share one path.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Connection,
    DateTime,
    Engine,
    MetaData,
    TypeDecorator,
    create_engine,
    event,
    exc,
    make_url,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from planner import resource_dir
from planner.errors import NotFound, ValidationError

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SQLITE_BUSY_TIMEOUT_MS = 5000
ModelT = TypeVar("ModelT")


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every engine (SQLite would hand back naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC is required")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def get_by_id(
    session: Session,
    model: type[ModelT],
    record_id: object,
    field: str,
    refusals: tuple[str, str],
) -> ModelT:
    """A record by an id typed by a user: a malformed or unknown id is refused on ``field``
    with the caller's ``refusals`` (the codes of a malformed and of an unknown id)."""
    malformed, unknown = refusals
    try:
        key = int(str(record_id).strip())
    except ValueError:
        raise ValidationError(field=field, code=malformed, value=record_id) from None
    record = session.get(model, key)
    if record is None:
        raise NotFound(field=field, code=unknown, id=key)
    return record


def _configure_sqlite(dbapi_connection: Any, _record: object) -> None:
    """Foreign keys are off by default in SQLite, and concurrent writers need to wait, not fail."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; a malformed or unsupported URL is refused on ``database``."""
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        engine = create_engine(parsed, **kwargs)
    except (exc.ArgumentError, exc.NoSuchModuleError, ImportError, ValueError) as error:
        raise ValidationError(
            field="database", code="database.bad_url", reason=str(error)
        ) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """One session, committed once at the end, rolled back entirely on any error."""
    with session_factory(engine)() as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic configuration pointing at the migrations shipped with the package."""
    config = Config()
    config.set_main_option("script_location", str(resource_dir("migrations")))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _connect(engine: Engine) -> Connection:
    try:
        return engine.connect()
    except exc.OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise ValidationError(
            field="database", code="database.unreachable", reason=reason
        ) from None


def _migrate(engine: Engine, run: Callable[[Config], None]) -> None:
    """Runs migrations in one transaction; on SQLite with foreign keys off meanwhile.

    Alembic's batch mode changes an SQLite table by copying it and dropping the old
    one, which a populated database refuses while other tables' foreign keys point at
    it (tests/migrations found this). SQLite's own procedure for such changes is to
    switch the checks off (only possible outside a transaction), change, then run
    ``foreign_key_check`` before committing; that is what happens here.
    """
    sqlite = engine.dialect.name == "sqlite"
    with _connect(engine) as connection:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                run(alembic_config(connection))
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"migration broke foreign keys: {broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def upgrade(engine: Engine, revision: str = "head") -> None:
    _migrate(engine, lambda config: command.upgrade(config, revision))


def downgrade(engine: Engine, revision: str) -> None:
    _migrate(engine, lambda config: command.downgrade(config, revision))


def current_revisions(engine: Engine) -> tuple[str, ...]:
    with _connect(engine) as connection:
        return MigrationContext.configure(connection).get_current_heads()


@cache
def head_revisions() -> tuple[str, ...]:
    """The migrations' heads, read once per process: reading them parses every migration
    file, and the files a running planner was installed with do not change under it."""
    return tuple(ScriptDirectory.from_config(alembic_config()).get_heads())


def ensure_migrated(engine: Engine) -> None:
    """Refuse to work on a database whose schema is not at the migrations' head."""
    current = set(current_revisions(engine))
    if current != set(head_revisions()):
        state = ", ".join(sorted(current)) or "empty"
        raise ValidationError(field="database", code="database.not_upgraded", state=state)
