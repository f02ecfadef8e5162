"""Private feed tokens: hashed, revocable, one live token per contact and conference

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 09:18:34.274592
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import planner.db
import planner.finance.money

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feed_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("issued_at", planner.db.UTCDateTime(), nullable=False),
        sa.Column("revoked_at", planner.db.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "length(token_hash) = 64", name=op.f("ck_feed_tokens_token_hash_is_sha256_hex")
        ),
        sa.CheckConstraint(
            "revoked_at IS NULL OR revoked_at >= issued_at",
            name=op.f("ck_feed_tokens_revoked_after_issue"),
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_feed_tokens_conference_id_conferences"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_feed_tokens_contact_id_contacts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_feed_tokens_token_hash")),
    )
    with op.batch_alter_table("feed_tokens", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feed_tokens_conference_id"), ["conference_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_feed_tokens_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(
            "uq_feed_tokens_live_per_contact_and_conference",
            ["contact_id", "conference_id"],
            unique=True,
            sqlite_where=sa.text("revoked_at IS NULL"),
            postgresql_where=sa.text("revoked_at IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("feed_tokens", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_feed_tokens_live_per_contact_and_conference",
            sqlite_where=sa.text("revoked_at IS NULL"),
            postgresql_where=sa.text("revoked_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_feed_tokens_contact_id"))
        batch_op.drop_index(batch_op.f("ix_feed_tokens_conference_id"))

    op.drop_table("feed_tokens")
