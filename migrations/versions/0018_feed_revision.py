"""Feed revision: one number that every change a feed could show raises, in its transaction

A web worker that knows what a feed's address answered at this number answers the
same while it is unchanged, with one indexed read instead of the feed's stamp query
(see planner/calendars/revision.py). The number is raised by triggers, not by the
application, so that no writer can forget it: the web, the CLI, another process or
plain SQL. The tables are those the feeds, their audiences (conference, party,
contact, token, visibility) and their validators are made from; a test checks that
a feed request reads no other table.

On PostgreSQL the triggers are deferred constraint triggers, run at COMMIT, and raise
the number once per transaction: the row is locked only from the commit on, after the
transaction's own locks, so two writers never wait for each other in opposite orders
(an immediate trigger would lock the row at the first change and make deadlocks of
transactions that touch the same meetings in different orders). SQLite has one writer
at a time: plain row triggers.

Revision ID: 0018
Revises: 0017
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WATCHED = (
    "conferences",
    "conference_translations",
    "meetings",
    "meeting_overrides",
    "meeting_invitations",
    "meeting_translations",
    "parties",
    "memberships",
    "contacts",
    "feed_tokens",
)
OPERATIONS = ("insert", "update", "delete")

RAISE_ONCE = """
CREATE FUNCTION feed_revision_raise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('planner.feed_revision_raised', true) IS DISTINCT FROM 'yes' THEN
        UPDATE feed_revision SET revision = revision + 1 WHERE id = 1;
        PERFORM set_config('planner.feed_revision_raised', 'yes', true);
    END IF;
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "feed_revision",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_feed_revision_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_revision")),
    )
    op.execute("INSERT INTO feed_revision (id, revision) VALUES (1, 1)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(RAISE_ONCE)
        for table in WATCHED:
            op.execute(
                f"CREATE CONSTRAINT TRIGGER feed_revision_{table}"
                f" AFTER INSERT OR UPDATE OR DELETE ON {table}"
                " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
                " EXECUTE FUNCTION feed_revision_raise()"
            )
        return
    for table in WATCHED:
        for operation in OPERATIONS:
            op.execute(
                f"CREATE TRIGGER feed_revision_{table}_{operation}"
                f" AFTER {operation.upper()} ON {table}"
                " BEGIN UPDATE feed_revision SET revision = revision + 1 WHERE id = 1; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in WATCHED:
            op.execute(f"DROP TRIGGER feed_revision_{table} ON {table}")
        op.execute("DROP FUNCTION feed_revision_raise()")
    else:
        for table in WATCHED:
            for operation in OPERATIONS:
                op.execute(f"DROP TRIGGER feed_revision_{table}_{operation}")
    op.drop_table("feed_revision")
