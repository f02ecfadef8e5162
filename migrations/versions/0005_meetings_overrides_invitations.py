"""meetings, occurrence overrides and invitations

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 08:54:29.797599
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import planner.db
import planner.finance.money

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("all_day", sa.Boolean(), nullable=False),
        sa.Column("start_local", sa.DateTime(), nullable=True),
        sa.Column("end_local", sa.DateTime(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("start_utc", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("end_utc", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("span_end_utc", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recurrence", sa.String(length=500), nullable=True),
        sa.Column("venue", sa.String(length=300), nullable=True),
        sa.Column("online_url", sa.String(length=500), nullable=True),
        sa.Column("info_url", sa.String(length=500), nullable=True),
        sa.Column("organizer_name", sa.String(length=200), nullable=True),
        sa.Column("organizer_email", sa.String(length=320), nullable=True),
        sa.Column("agenda", sa.Text(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_modified", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('conference', 'preparatory', 'focal-points', 'consultation-group',"
            " 'seminar', 'side-event', 'other')",
            name=op.f("ck_meetings_kind"),
        ),
        sa.CheckConstraint(
            "status = 'cancelled' OR cancel_reason IS NULL",
            name=op.f("ck_meetings_reason_only_when_cancelled"),
        ),
        sa.CheckConstraint(
            "status IN ('tentative', 'confirmed', 'cancelled')", name=op.f("ck_meetings_status")
        ),
        sa.CheckConstraint(
            "visibility IN ('public', 'restricted')", name=op.f("ck_meetings_visibility")
        ),
        sa.CheckConstraint(
            "(all_day AND start_date IS NOT NULL AND end_date >= start_date"
            " AND start_local IS NULL AND end_local IS NULL)"
            " OR (NOT all_day AND start_local IS NOT NULL AND end_local > start_local"
            " AND start_date IS NULL AND end_date IS NULL)",
            name=op.f("ck_meetings_dates_or_times"),
        ),
        sa.CheckConstraint("end_utc > start_utc", name=op.f("ck_meetings_ends_after_start")),
        sa.CheckConstraint("sequence >= 0", name=op.f("ck_meetings_sequence_not_negative")),
        sa.CheckConstraint("span_end_utc >= end_utc", name=op.f("ck_meetings_span_covers_meeting")),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_meetings_conference_id_conferences"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
        sa.UniqueConstraint("uid", name=op.f("uq_meetings_uid")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meetings_conference_id"), ["conference_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_meetings_span_end_utc"), ["span_end_utc"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_meetings_start_utc"), ["start_utc"], unique=False)

    op.create_table(
        "meeting_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(party_id IS NULL) <> (contact_id IS NULL)",
            name=op.f("ck_meeting_invitations_party_or_contact"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_meeting_invitations_contact_id_contacts")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_invitations_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_meeting_invitations_party_id_parties")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_invitations")),
        sa.UniqueConstraint(
            "meeting_id", "contact_id", name=op.f("uq_meeting_invitations_meeting_id_contact_id")
        ),
        sa.UniqueConstraint(
            "meeting_id", "party_id", name=op.f("uq_meeting_invitations_meeting_id_party_id")
        ),
    )
    with op.batch_alter_table("meeting_invitations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_invitations_contact_id"), ["contact_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_meeting_invitations_meeting_id"), ["meeting_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_meeting_invitations_party_id"), ["party_id"], unique=False
        )

    op.create_table(
        "meeting_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("original_start_local", sa.DateTime(), nullable=False),
        sa.Column("original_start_utc", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("start_local", sa.DateTime(), nullable=True),
        sa.Column("end_local", sa.DateTime(), nullable=True),
        sa.Column("start_utc", planner.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("end_utc", planner.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("venue", sa.String(length=300), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("last_modified", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "cancelled OR (start_local IS NOT NULL AND end_local > start_local"
            " AND start_utc IS NOT NULL AND end_utc > start_utc)",
            name=op.f("ck_meeting_overrides_moved_or_cancelled"),
        ),
        sa.CheckConstraint(
            "cancelled OR cancel_reason IS NULL",
            name=op.f("ck_meeting_overrides_reason_only_when_cancelled"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_overrides_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_overrides")),
        sa.UniqueConstraint(
            "meeting_id",
            "original_start_local",
            name=op.f("uq_meeting_overrides_meeting_id_original_start_local"),
        ),
    )
    with op.batch_alter_table("meeting_overrides", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_overrides_meeting_id"), ["meeting_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("meeting_overrides", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_overrides_meeting_id"))

    op.drop_table("meeting_overrides")
    with op.batch_alter_table("meeting_invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_invitations_party_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_invitations_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_invitations_contact_id"))

    op.drop_table("meeting_invitations")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meetings_start_utc"))
        batch_op.drop_index(batch_op.f("ix_meetings_span_end_utc"))
        batch_op.drop_index(batch_op.f("ix_meetings_conference_id"))

    op.drop_table("meetings")
