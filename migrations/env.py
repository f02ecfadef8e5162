"""Alembic environment: runs on the connection the planner hands over, or on the configured URL.

``planner db upgrade`` passes its own connection (``config.attributes["connection"]``);
the bare ``alembic`` command (configured in pyproject.toml) uses ``PLANNER_DATABASE_URL``
or the default SQLite file. SQLite gets batch mode so ALTERs work there too.
"""

from alembic import context

import planner.models
from planner.db import make_engine
from planner.settings import Settings

target_metadata = planner.models.Base.metadata


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    engine = make_engine(Settings.from_env().database_url)
    with engine.connect() as connection:
        run_migrations(connection)


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run against a database")
run_online()
