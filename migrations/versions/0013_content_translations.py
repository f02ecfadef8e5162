"""Content translations: a conference's and a meeting's texts in other languages; the
event cache keyed by language too

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LANGUAGES = "language IN ('ar', 'zh', 'fr', 'ru', 'es')"


def upgrade() -> None:
    op.create_table(
        "conference_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=True),
        sa.Column("venue", sa.String(length=300), nullable=True),
        sa.CheckConstraint(LANGUAGES, name=op.f("ck_conference_translations_language")),
        sa.CheckConstraint(
            "title IS NOT NULL OR venue IS NOT NULL",
            name=op.f("ck_conference_translations_translates_something"),
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_conference_translations_conference_id_conferences"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conference_translations")),
        sa.UniqueConstraint(
            "conference_id",
            "language",
            name=op.f("uq_conference_translations_conference_id_language"),
        ),
    )
    op.create_index(
        op.f("ix_conference_translations_conference_id"),
        "conference_translations",
        ["conference_id"],
    )
    op.create_table(
        "meeting_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=True),
        sa.Column("venue", sa.String(length=300), nullable=True),
        sa.Column("agenda", sa.Text(), nullable=True),
        sa.CheckConstraint(LANGUAGES, name=op.f("ck_meeting_translations_language")),
        sa.CheckConstraint(
            "title IS NOT NULL OR venue IS NOT NULL OR agenda IS NOT NULL",
            name=op.f("ck_meeting_translations_translates_something"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_translations_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_translations")),
        sa.UniqueConstraint(
            "meeting_id", "language", name=op.f("uq_meeting_translations_meeting_id_language")
        ),
    )
    op.create_index(
        op.f("ix_meeting_translations_meeting_id"), "meeting_translations", ["meeting_id"]
    )
    # Cached events are per language now. The rows are a cache (rebuilt on demand), but
    # they are kept: the ones there are English, which the new column says.
    with op.batch_alter_table("feed_event_cache", recreate="always") as batch:
        batch.add_column(
            sa.Column("language", sa.String(length=8), nullable=False, server_default="en")
        )
        batch.drop_constraint("pk_feed_event_cache", type_="primary")
        batch.create_primary_key("pk_feed_event_cache", ["meeting_id", "language"])
    with op.batch_alter_table("feed_event_cache") as batch:
        batch.alter_column("language", server_default=None)


def downgrade() -> None:
    op.execute("DELETE FROM feed_event_cache WHERE language <> 'en'")
    with op.batch_alter_table("feed_event_cache", recreate="always") as batch:
        batch.drop_constraint("pk_feed_event_cache", type_="primary")
        batch.drop_column("language")
        batch.create_primary_key("pk_feed_event_cache", ["meeting_id"])
    op.drop_index(op.f("ix_meeting_translations_meeting_id"), table_name="meeting_translations")
    op.drop_table("meeting_translations")
    op.drop_index(
        op.f("ix_conference_translations_conference_id"), table_name="conference_translations"
    )
    op.drop_table("conference_translations")
