"""Server-side web sessions and sign-in throttling by the name tried

The throttle counters move out of ``users`` into a table keyed by the name typed at
sign-in, so that unknown names are throttled exactly like known ones.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 19:08:22.184383
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import planner.db

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "signin_throttles",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", planner.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("failures > 0", name=op.f("ck_signin_throttles_failures_positive")),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_signin_throttles")),
    )
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", planner.db.UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", planner.db.UTCDateTime(), nullable=False),
        sa.Column("ended_at", planner.db.UTCDateTime(), nullable=True),
        sa.Column("end_reason", sa.String(length=20), nullable=True),
        sa.CheckConstraint(
            "(ended_at IS NULL AND end_reason IS NULL) OR (ended_at IS NOT NULL AND end_reason IN "
            "('sign-out', 'sign-out-everywhere', 'password-changed', 'disabled', 'idle', "
            "'expired'))",
            name=op.f("ck_web_sessions_end_reason_with_end"),
        ),
        sa.CheckConstraint(
            "ended_at IS NULL OR ended_at >= created_at",
            name=op.f("ck_web_sessions_ended_after_creation"),
        ),
        sa.CheckConstraint(
            "last_seen_at >= created_at", name=op.f("ck_web_sessions_seen_after_creation")
        ),
        sa.CheckConstraint(
            "length(token_hash) = 64", name=op.f("ck_web_sessions_token_hash_is_sha256_hex")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_web_sessions_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_web_sessions_token_hash")),
    )
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_sessions_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_users_failed_signins_not_negative"), type_="check")
        batch_op.drop_column("failed_signins")
        batch_op.drop_column("last_failed_signin_at")


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("failed_signins", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("last_failed_signin_at", planner.db.UTCDateTime(), nullable=True)
        )
        batch_op.create_check_constraint(
            op.f("ck_users_failed_signins_not_negative"), "failed_signins >= 0"
        )

    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_sessions_user_id"))

    op.drop_table("web_sessions")
    op.drop_table("signin_throttles")
