"""Conference secretariat e-mail: the ORGANIZER of every event in its feeds

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 19:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a plain ADD COLUMN (a constant default) instead of batch mode's copy of the table
    op.add_column(
        "conferences",
        sa.Column(
            "secretariat_email",
            sa.String(length=320),
            server_default="secretariat@planner.nwfz",
            nullable=False,
        ),
    )


def downgrade() -> None:
    with op.batch_alter_table("conferences") as batch_op:
        batch_op.drop_column("secretariat_email")
