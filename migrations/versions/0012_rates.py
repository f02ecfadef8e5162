"""Rates table: the rate in force for a record without one; pledges and payments say which

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import planner.db
import planner.finance.money

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CURRENCY_CHECK = planner.finance.money.currency_check


def upgrade() -> None:
    op.create_table(
        "exchange_rates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("to_currency", sa.String(length=3), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("rate", planner.finance.money.ExactDecimal(scale=10), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", planner.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("rate > 0", name=op.f("ck_exchange_rates_rate_positive")),
        sa.CheckConstraint(
            CURRENCY_CHECK("currency"), name=op.f("ck_exchange_rates_currency_code")
        ),
        sa.CheckConstraint(
            CURRENCY_CHECK("to_currency"), name=op.f("ck_exchange_rates_to_currency_code")
        ),
        sa.CheckConstraint(
            "currency <> to_currency", name=op.f("ck_exchange_rates_two_currencies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_rates")),
        sa.UniqueConstraint(
            "currency",
            "to_currency",
            "valid_from",
            name=op.f("uq_exchange_rates_currency_to_currency_valid_from"),
        ),
    )
    for table in ("pledges", "payments"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("rate_id", sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_rate_id_exchange_rates"),
                "exchange_rates",
                ["rate_id"],
                ["id"],
            )


def downgrade() -> None:
    for table in ("payments", "pledges"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(
                batch_op.f(f"fk_{table}_rate_id_exchange_rates"), type_="foreignkey"
            )
            batch_op.drop_column("rate_id")
    op.drop_table("exchange_rates")
