"""Users of the web planner: roles, password hashes, sign-in failure counters

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 08:52:50.363735
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import planner.db
import planner.finance.money

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("failed_signins", sa.Integer(), nullable=False),
        sa.Column("last_failed_signin_at", planner.db.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "role IN ('organizer', 'finance', 'viewer')", name=op.f("ck_users_role")
        ),
        sa.CheckConstraint(
            "failed_signins >= 0", name=op.f("ck_users_failed_signins_not_negative")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )


def downgrade() -> None:
    op.drop_table("users")
