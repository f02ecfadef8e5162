"""Feed cache: each stored feed's gzip beside its bytes

The web feeds answer ``Accept-Encoding: gzip`` with the gzip of the feed, made once
per version by the worker that builds it and shared through this column. The stored
feeds are emptied first (they are derived bytes: the next request builds them again
from the event cache), so that every row that has a body has its gzip.

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM feed_cache")
    with op.batch_alter_table("feed_cache") as batch:
        batch.add_column(sa.Column("body_gzip", sa.LargeBinary(), nullable=True))
        batch.create_check_constraint(
            op.f("ck_feed_cache_body_has_its_gzip"), "(body IS NULL) = (body_gzip IS NULL)"
        )


def downgrade() -> None:
    with op.batch_alter_table("feed_cache") as batch:
        batch.drop_constraint(op.f("ck_feed_cache_body_has_its_gzip"), type_="check")
        batch.drop_column("body_gzip")
