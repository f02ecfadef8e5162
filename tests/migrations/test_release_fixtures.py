"""Every release's fixture database upgrades to head without losing or changing a row.

Each fixture in ``fixtures/`` is named after the head revision of the release that
wrote it (built by ``make_fixture.py`` with that release's code: its demo data plus
rows in every table). The test copies it, upgrades the copy to head with the
planner's own upgrade, and compares every row of every old table, column by column.
"""

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from planner.db import alembic_config, make_engine, upgrade

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("*.db"))
# Columns a later migration retired on purpose, with the migration and why: the only
# values an upgrade may leave behind. Each must really be gone after the upgrade.
RETIRED_COLUMNS = {
    # 0008: sign-in throttling moved to signin_throttles, keyed by the name tried (known or
    # not), so that unknown names are throttled alike; the old per-user counters had no
    # other meaning than the current failure streak.
    ("users", "failed_signins"): "0008",
    ("users", "last_failed_signin_at"): "0008",
}


def _rows(path: Path) -> dict[str, set[tuple]]:
    """Every row of every table, each as a set of (column, value) pairs."""
    with sqlite3.connect(path) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        found = {}
        for table in tables:
            cursor = connection.execute(f'SELECT * FROM "{table}"')
            columns = [column[0] for column in cursor.description]
            found[table] = {tuple(zip(columns, row, strict=True)) for row in cursor}
    return found


def _project(rows: set[tuple], columns: list[str]) -> set[tuple]:
    return {tuple(pair for pair in row if pair[0] in columns) for row in rows}


def test_there_is_a_fixture_for_the_release_before_this_one():
    assert [path.stem for path in FIXTURES][:1] == ["0006"]


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda path: path.stem)
def test_a_release_database_upgrades_to_head_keeping_every_row(fixture, tmp_path):
    copy = tmp_path / fixture.name
    shutil.copy(fixture, copy)
    before = _rows(copy)
    assert all(before[table] for table in before if table != "alembic_version"), "empty table"
    engine = make_engine(f"sqlite:///{copy}")
    upgrade(engine)
    with engine.connect() as connection:
        head = ScriptDirectory.from_config(alembic_config(connection)).get_current_head()
    engine.dispose()
    after = _rows(copy)
    assert after.pop("alembic_version") == {(("version_num", head),)}
    before.pop("alembic_version")
    for table, rows in before.items():
        old_columns = [name for name, _ in next(iter(rows))]
        retired = [name for name in old_columns if (table, name) in RETIRED_COLUMNS]
        kept = [name for name in old_columns if name not in retired]
        new_columns = {name for name, _ in next(iter(after[table]))}
        assert not new_columns & set(retired), table
        assert _project(after[table], kept) == _project(rows, kept), table
        assert len(after[table]) == len(rows), table
