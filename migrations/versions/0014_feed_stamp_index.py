"""Meetings: an index that answers the feed stamp (count, latest change) on its own

Every feed request computes the feed's version from the count and the latest
last_modified of the conference's visible meetings; with this index the public
feed's stamp is read from the index without touching the meetings' rows.

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_meetings_feed_stamp",
        "meetings",
        ["conference_id", "visibility", "last_modified"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_meetings_feed_stamp", table_name="meetings")
