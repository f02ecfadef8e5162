"""Sign-in throttling by client address; idle throttle rows prunable

A second counter of failed sign-ins, by the client's address (an IPv6 address by its
/64), so that one password tried on many names is slowed down too. Both throttle
tables get an index on ``last_failure_at``: each counted failure deletes the rows
idle for a day, which keeps the tables small however many names are tried.

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import planner.db

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "signin_address_throttles",
        sa.Column("address", sa.String(length=50), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", planner.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "failures > 0", name=op.f("ck_signin_address_throttles_failures_positive")
        ),
        sa.PrimaryKeyConstraint("address", name=op.f("pk_signin_address_throttles")),
    )
    op.create_index(
        op.f("ix_signin_address_throttles_last_failure_at"),
        "signin_address_throttles",
        ["last_failure_at"],
    )
    op.create_index(
        op.f("ix_signin_throttles_last_failure_at"), "signin_throttles", ["last_failure_at"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_signin_throttles_last_failure_at"), table_name="signin_throttles")
    op.drop_index(
        op.f("ix_signin_address_throttles_last_failure_at"),
        table_name="signin_address_throttles",
    )
    op.drop_table("signin_address_throttles")
