"""Feed cache: the bytes of each feed and of each meeting's events, shared by every worker

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import planner.db

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feed_cache",
        sa.Column("identity", sa.String(length=200), nullable=False),
        sa.Column("etag", sa.String(length=64), nullable=True),
        sa.Column("last_modified", planner.db.UTCDateTime(), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.Column("building_etag", sa.String(length=64), nullable=True),
        sa.Column("building_since", planner.db.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "(etag IS NULL) = (body IS NULL)", name=op.f("ck_feed_cache_body_has_its_etag")
        ),
        sa.CheckConstraint(
            "(building_etag IS NULL) = (building_since IS NULL)",
            name=op.f("ck_feed_cache_claim_has_its_time"),
        ),
        sa.PrimaryKeyConstraint("identity", name=op.f("pk_feed_cache")),
    )
    op.create_table(
        "feed_event_cache",
        sa.Column("meeting_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("serializer_version", sa.String(length=64), nullable=False),
        sa.Column("last_modified", planner.db.UTCDateTime(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("ical", sa.LargeBinary(), nullable=False),
        sa.Column("zones", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_feed_event_cache_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_feed_event_cache")),
    )


def downgrade() -> None:
    op.drop_table("feed_event_cache")
    op.drop_table("feed_cache")
