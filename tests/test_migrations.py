"""Migrations build the schema the models describe, and go down and up again, on every engine."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

import planner.models
from planner.db import current_revisions, downgrade, head_revisions, make_engine, upgrade


def schema_differences(engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        return compare_metadata(context, planner.models.Base.metadata)


def test_empty_database_upgrades_to_head_and_matches_the_models(empty_database_url):
    engine = make_engine(empty_database_url)
    assert current_revisions(engine) == ()
    upgrade(engine)
    assert set(current_revisions(engine)) == set(head_revisions())
    assert schema_differences(engine) == []
    engine.dispose()


def test_downgrade_to_base_and_upgrade_again(empty_database_url):
    engine = make_engine(empty_database_url)
    upgrade(engine)
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert schema_differences(engine) == []
    assert {"parties", "conferences", "audit_log"} <= set(inspect(engine).get_table_names())
    engine.dispose()
