"""finance ledger

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 08:52:45.927065
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import planner.db
import planner.finance.money

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CURRENCY_IS_THREE_CAPITALS = (
    "length(currency) = 3 AND upper(currency) = currency"
    " AND lower(substr(currency, 1, 1)) <> substr(currency, 1, 1)"
    " AND lower(substr(currency, 2, 1)) <> substr(currency, 2, 1)"
    " AND lower(substr(currency, 3, 1)) <> substr(currency, 3, 1)"
)


def upgrade() -> None:
    op.create_table(
        "pledges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column(
            "amount", planner.finance.money.ExactDecimal(precision=24, scale=6), nullable=False
        ),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column(
            "rate", planner.finance.money.ExactDecimal(precision=24, scale=10), nullable=False
        ),
        sa.Column("pledged_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("reference", sa.String(length=100), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_pledges_amount_positive")),
        sa.CheckConstraint(
            CURRENCY_IS_THREE_CAPITALS,
            name=op.f("ck_pledges_currency_code"),
        ),
        sa.CheckConstraint("rate > 0", name=op.f("ck_pledges_rate_positive")),
        sa.ForeignKeyConstraint(
            ["conference_id"], ["conferences.id"], name=op.f("fk_pledges_conference_id_conferences")
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_pledges_party_id_parties")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledges")),
        sa.UniqueConstraint(
            "conference_id",
            "party_id",
            "reference",
            name=op.f("uq_pledges_conference_id_party_id_reference"),
        ),
    )
    with op.batch_alter_table("pledges", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pledges_conference_id"), ["conference_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_pledges_party_id"), ["party_id"], unique=False)

    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Integer(), nullable=True),
        sa.Column(
            "amount", planner.finance.money.ExactDecimal(precision=24, scale=6), nullable=False
        ),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column(
            "rate", planner.finance.money.ExactDecimal(precision=24, scale=10), nullable=False
        ),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_payments_amount_positive")),
        sa.CheckConstraint(
            CURRENCY_IS_THREE_CAPITALS,
            name=op.f("ck_payments_currency_code"),
        ),
        sa.CheckConstraint("rate > 0", name=op.f("ck_payments_rate_positive")),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_payments_conference_id_conferences"),
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_payments_party_id_parties")
        ),
        sa.ForeignKeyConstraint(
            ["pledge_id"], ["pledges.id"], name=op.f("fk_payments_pledge_id_pledges")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint(
            "conference_id",
            "party_id",
            "reference",
            name=op.f("uq_payments_conference_id_party_id_reference"),
        ),
    )
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payments_conference_id"), ["conference_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_payments_party_id"), ["party_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payments_pledge_id"), ["pledge_id"], unique=False)

    op.create_table(
        "pledge_cancellations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Integer(), nullable=False),
        sa.Column("cancelled_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["pledge_id"], ["pledges.id"], name=op.f("fk_pledge_cancellations_pledge_id_pledges")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledge_cancellations")),
        sa.UniqueConstraint("pledge_id", name=op.f("uq_pledge_cancellations_pledge_id")),
    )
    op.create_table(
        "pledge_instalments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column(
            "amount", planner.finance.money.ExactDecimal(precision=24, scale=6), nullable=False
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_pledge_instalments_amount_positive")),
        sa.ForeignKeyConstraint(
            ["pledge_id"], ["pledges.id"], name=op.f("fk_pledge_instalments_pledge_id_pledges")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledge_instalments")),
        sa.UniqueConstraint(
            "pledge_id", "due_on", name=op.f("uq_pledge_instalments_pledge_id_due_on")
        ),
    )
    with op.batch_alter_table("pledge_instalments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pledge_instalments_pledge_id"), ["pledge_id"], unique=False
        )

    op.create_table(
        "voids",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("pledge_id", sa.Integer(), nullable=True),
        sa.Column("voided_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(payment_id IS NULL) <> (pledge_id IS NULL)", name=op.f("ck_voids_exactly_one_record")
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payments.id"], name=op.f("fk_voids_payment_id_payments")
        ),
        sa.ForeignKeyConstraint(
            ["pledge_id"], ["pledges.id"], name=op.f("fk_voids_pledge_id_pledges")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voids")),
        sa.UniqueConstraint("payment_id", name=op.f("uq_voids_payment_id")),
        sa.UniqueConstraint("pledge_id", name=op.f("uq_voids_pledge_id")),
    )


def downgrade() -> None:
    op.drop_table("voids")
    with op.batch_alter_table("pledge_instalments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pledge_instalments_pledge_id"))

    op.drop_table("pledge_instalments")
    op.drop_table("pledge_cancellations")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payments_pledge_id"))
        batch_op.drop_index(batch_op.f("ix_payments_party_id"))
        batch_op.drop_index(batch_op.f("ix_payments_conference_id"))

    op.drop_table("payments")
    with op.batch_alter_table("pledges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pledges_party_id"))
        batch_op.drop_index(batch_op.f("ix_pledges_conference_id"))

    op.drop_table("pledges")
