"""Conferences: what public pages show of the status of contributions (totals or per party)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 19:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conferences", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "contributions_publication",
                sa.String(length=20),
                server_default="totals",
                nullable=False,
            )
        )
        batch_op.create_check_constraint(
            op.f("ck_conferences_contributions_publication"),
            "contributions_publication IN ('totals', 'per-party')",
        )


def downgrade() -> None:
    with op.batch_alter_table("conferences", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_conferences_contributions_publication"), type_="check")
        batch_op.drop_column("contributions_publication")
