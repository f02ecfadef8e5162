"""directory, conferences and audit log

Revision ID: 0001
Revises:
Create Date: 2026-11-27 08:45:56.104661
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import planner.db
import planner.finance.money

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", planner.db.UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=60), nullable=False),
        sa.Column("entity_id", sa.String(length=100), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_entity"), ["entity"], unique=False)

    op.create_table(
        "conferences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("venue", sa.String(length=300), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column(
            "budget", planner.finance.money.ExactDecimal(precision=24, scale=6), nullable=True
        ),
        sa.Column("budget_is_sample", sa.Boolean(), nullable=False),
        sa.Column("decided_by", sa.Text(), nullable=True),
        sa.Column("uncertain", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "budget IS NULL OR budget > 0", name=op.f("ck_conferences_budget_positive")
        ),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_conferences_dates_in_order")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conferences")),
        sa.UniqueConstraint("slug", name=op.f("uq_conferences_slug")),
    )
    op.create_table(
        "parties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('state', 'zone', 'organization')", name=op.f("ck_parties_kind")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parties")),
        sa.UniqueConstraint("code", name=op.f("uq_parties_code")),
    )
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("party_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_contacts_party_id_parties")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
        sa.UniqueConstraint("email", name=op.f("uq_contacts_email")),
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contacts_party_id"), ["party_id"], unique=False)

    op.create_table(
        "memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state_id", sa.Integer(), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.CheckConstraint("role IN ('party', 'signatory')", name=op.f("ck_memberships_role")),
        sa.ForeignKeyConstraint(
            ["state_id"], ["parties.id"], name=op.f("fk_memberships_state_id_parties")
        ),
        sa.ForeignKeyConstraint(
            ["zone_id"], ["parties.id"], name=op.f("fk_memberships_zone_id_parties")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memberships")),
        sa.UniqueConstraint("state_id", "zone_id", name=op.f("uq_memberships_state_id_zone_id")),
    )
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_memberships_state_id"), ["state_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_memberships_zone_id"), ["zone_id"], unique=False)

    op.create_table(
        "zone_treaties",
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.Column("treaty", sa.String(length=200), nullable=False),
        sa.Column("region", sa.String(length=200), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("signed_at", sa.String(length=200), nullable=True),
        sa.Column("in_force_on", sa.Date(), nullable=True),
        sa.Column("depositary", sa.String(length=200), nullable=True),
        sa.Column("regional_body", sa.String(length=200), nullable=True),
        sa.Column("parties_count", sa.Integer(), nullable=False),
        sa.Column("count_as_of", sa.Date(), nullable=False),
        sa.Column("uncertain", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["zone_id"], ["parties.id"], name=op.f("fk_zone_treaties_zone_id_parties")
        ),
        sa.PrimaryKeyConstraint("zone_id", name=op.f("pk_zone_treaties")),
    )


def downgrade() -> None:
    op.drop_table("zone_treaties")
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_memberships_zone_id"))
        batch_op.drop_index(batch_op.f("ix_memberships_state_id"))

    op.drop_table("memberships")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contacts_party_id"))

    op.drop_table("contacts")
    op.drop_table("parties")
    op.drop_table("conferences")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_entity"))

    op.drop_table("audit_log")
