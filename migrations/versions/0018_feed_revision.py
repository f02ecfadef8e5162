"""Feed revision: a value that every change a feed could show replaces, in its transaction

A web worker that knows what a feed's address answered at this value answers the
same while it is unchanged, with one indexed read instead of the feed's stamp query
(see planner/calendars/revision.py). The value is replaced by triggers, not by the
application, so that no writer can forget it: the web, the CLI, another process or
plain SQL. The tables are those the feeds, their audiences (conference, party,
contact, token, visibility) and their validators are made from; a test checks that
a feed request reads no other table.

The value is random (32 hex digits), not a counter: a database put back from a backup
and changed again must not come to a value that a worker remembers for other data.

On PostgreSQL the triggers are deferred constraint triggers, run at COMMIT, and replace
the value once per transaction: the row is locked only from the commit on, after the
transaction's own locks, so two writers never wait for each other in opposite orders
(an immediate trigger would lock the row at the first change and make deadlocks of
transactions that touch the same meetings in different orders). SQLite has one writer
at a time: plain row triggers.

Revision ID: 0018
Revises: 0017
"""

import uuid
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

REPLACE_ONCE = """
CREATE FUNCTION feed_revision_replace() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('planner.feed_revision_replaced', true) IS DISTINCT FROM 'yes' THEN
        UPDATE feed_revision SET revision = replace(gen_random_uuid()::text, '-', '') WHERE id = 1;
        PERFORM set_config('planner.feed_revision_replaced', 'yes', true);
    END IF;
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "feed_revision",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("revision", sa.String(length=32), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_feed_revision_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_revision")),
    )
    op.execute(f"INSERT INTO feed_revision (id, revision) VALUES (1, '{uuid.uuid4().hex}')")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(REPLACE_ONCE)
        for table in WATCHED:
            op.execute(
                f"CREATE CONSTRAINT TRIGGER feed_revision_{table}"
                f" AFTER INSERT OR UPDATE OR DELETE ON {table}"
                " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
                " EXECUTE FUNCTION feed_revision_replace()"
            )
        return
    for table in WATCHED:
        for operation in OPERATIONS:
            op.execute(
                f"CREATE TRIGGER feed_revision_{table}_{operation}"
                f" AFTER {operation.upper()} ON {table}"
                " BEGIN UPDATE feed_revision"
                " SET revision = lower(hex(randomblob(16))) WHERE id = 1; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in WATCHED:
            op.execute(f"DROP TRIGGER feed_revision_{table} ON {table}")
        op.execute("DROP FUNCTION feed_revision_replace()")
    else:
        for table in WATCHED:
            for operation in OPERATIONS:
                op.execute(f"DROP TRIGGER feed_revision_{table}_{operation}")
    op.drop_table("feed_revision")
