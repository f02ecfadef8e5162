"""Outbox notices: a meeting's change queued as one row, made one message per recipient
by the sender

Revision ID: 0017
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import planner.db

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("occurrence_start_local", sa.DateTime(timezone=False), nullable=True),
        sa.Column("queued_at", planner.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "method IN ('REQUEST', 'CANCEL')", name=op.f("ck_outbox_notices_method")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_outbox_notices_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_notices")),
    )


def downgrade() -> None:
    op.drop_table("outbox_notices")
