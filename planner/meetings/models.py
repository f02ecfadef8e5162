"""Meetings, their single-occurrence overrides and their invitations.

A meeting keeps what the organizer said (local wall-clock times plus an IANA
zone name, or dates for all-day meetings) and the UTC instants derived from it,
which queries, clash detection and feed versions use. ``span_end_utc`` is the
end of the last occurrence of a series (the end of the meeting otherwise), so
that "what happens between A and B" stays one indexed range query.
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.content.models import MeetingTranslation
from planner.db import Base, UTCDateTime
from planner.directory.models import Contact, Party


class MeetingKind(StrEnum):
    CONFERENCE = "conference"
    PREPARATORY = "preparatory"
    FOCAL_POINTS = "focal-points"
    CONSULTATION_GROUP = "consultation-group"
    SEMINAR = "seminar"
    SIDE_EVENT = "side-event"
    OTHER = "other"


class MeetingStatus(StrEnum):
    TENTATIVE = "tentative"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"  # kept, never deleted: feeds must show the cancellation


class Visibility(StrEnum):
    PUBLIC = "public"
    RESTRICTED = "restricted"  # only the parties and contacts invited


# The values as plain strings, in order: the CHECK constraints (and the choices) are
# written from these, so the schema stays what the migrations created.
MEETING_KINDS = tuple(kind.value for kind in MeetingKind)
MEETING_STATUSES = tuple(status.value for status in MeetingStatus)
VISIBILITIES = tuple(visibility.value for visibility in Visibility)


class Meeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint(f"kind IN {MEETING_KINDS}", name="kind"),
        CheckConstraint(f"status IN {MEETING_STATUSES}", name="status"),
        CheckConstraint(f"visibility IN {VISIBILITIES}", name="visibility"),
        CheckConstraint("end_utc > start_utc", name="ends_after_start"),
        CheckConstraint("span_end_utc >= end_utc", name="span_covers_meeting"),
        CheckConstraint("sequence >= 0", name="sequence_not_negative"),
        CheckConstraint(
            "(all_day AND start_date IS NOT NULL AND end_date >= start_date"
            " AND start_local IS NULL AND end_local IS NULL)"
            " OR (NOT all_day AND start_local IS NOT NULL AND end_local > start_local"
            " AND start_date IS NULL AND end_date IS NULL)",
            name="dates_or_times",
        ),
        CheckConstraint(
            "status = 'cancelled' OR cancel_reason IS NULL", name="reason_only_when_cancelled"
        ),
        # the feed stamp (count and latest last_modified of a conference's public meetings,
        # planner.calendars.feeds.feed_stamp) read from the index alone, on every feed request
        Index("ix_meetings_feed_stamp", "conference_id", "visibility", "last_modified"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id"), index=True)
    uid: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20))
    visibility: Mapped[str] = mapped_column(String(20))
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    timezone: Mapped[str] = mapped_column(String(64))
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    start_local: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))
    end_local: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    start_utc: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    end_utc: Mapped[datetime] = mapped_column(UTCDateTime)
    span_end_utc: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    recurrence: Mapped[str | None] = mapped_column(String(500))
    venue: Mapped[str | None] = mapped_column(String(300))
    online_url: Mapped[str | None] = mapped_column(String(500))
    info_url: Mapped[str | None] = mapped_column(String(500))
    organizer_name: Mapped[str | None] = mapped_column(String(200))
    organizer_email: Mapped[str | None] = mapped_column(String(320))
    agenda: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_modified: Mapped[datetime] = mapped_column(UTCDateTime)

    overrides: Mapped[list["OccurrenceOverride"]] = relationship(
        back_populates="meeting",
        order_by="OccurrenceOverride.original_start_utc",
        cascade="all, delete-orphan",
    )

    @property
    def days(self) -> tuple[date, date]:
        """First and last day of an all-day meeting (the ``dates_or_times`` CHECK holds both)."""
        if self.start_date is None or self.end_date is None:
            raise ValueError(f"meeting {self.id} is timed, it has no days")
        return self.start_date, self.end_date

    @property
    def local_span(self) -> tuple[datetime, datetime]:
        """Wall-clock start and end of a timed meeting (the ``dates_or_times`` CHECK holds both)."""
        if self.start_local is None or self.end_local is None:
            raise ValueError(f"meeting {self.id} is all-day, it has no local times")
        return self.start_local, self.end_local

    invitations: Mapped[list["Invitation"]] = relationship(
        back_populates="meeting", order_by="Invitation.id", cascade="all, delete-orphan"
    )
    translations: Mapped[list[MeetingTranslation]] = relationship(
        order_by=MeetingTranslation.language, cascade="all, delete-orphan"
    )


class OccurrenceOverride(Base):
    """One occurrence of a series, moved or cancelled, keyed by its original start."""

    __tablename__ = "meeting_overrides"
    __table_args__ = (
        UniqueConstraint("meeting_id", "original_start_local"),
        CheckConstraint(
            "cancelled OR (start_local IS NOT NULL AND end_local > start_local"
            " AND start_utc IS NOT NULL AND end_utc > start_utc)",
            name="moved_or_cancelled",
        ),
        CheckConstraint("cancelled OR cancel_reason IS NULL", name="reason_only_when_cancelled"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    original_start_local: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    original_start_utc: Mapped[datetime] = mapped_column(UTCDateTime)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    start_local: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))
    end_local: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))
    start_utc: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_utc: Mapped[datetime | None] = mapped_column(UTCDateTime)
    venue: Mapped[str | None] = mapped_column(String(300))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    last_modified: Mapped[datetime] = mapped_column(UTCDateTime)

    meeting: Mapped[Meeting] = relationship(back_populates="overrides")

    @property
    def moved_to(self) -> tuple[datetime, datetime, datetime, datetime]:
        """A moved occurrence's local start and end, then UTC (``moved_or_cancelled`` holds all)."""
        start_local, end_local, start_utc, end_utc = (
            self.start_local,
            self.end_local,
            self.start_utc,
            self.end_utc,
        )
        if start_local is None or end_local is None or start_utc is None or end_utc is None:
            raise ValueError(f"occurrence {self.id} is cancelled, not moved")
        return start_local, end_local, start_utc, end_utc


class Invitation(Base):
    """A party (state, zone or organization) or a single contact invited to a meeting."""

    __tablename__ = "meeting_invitations"
    __table_args__ = (
        UniqueConstraint("meeting_id", "party_id"),
        UniqueConstraint("meeting_id", "contact_id"),
        CheckConstraint("(party_id IS NULL) <> (contact_id IS NULL)", name="party_or_contact"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"), index=True)

    meeting: Mapped[Meeting] = relationship(back_populates="invitations")
    party: Mapped[Party | None] = relationship()
    contact: Mapped[Contact | None] = relationship()
