"""The outbox: every e-mail the planner owes someone, written with the change that causes it.

A row is queued in the same transaction as the change (a refused or rolled-back
change queues nothing) and carries its Message-ID from then on, so a message sent
twice (a sender killed after the server accepted it, before marking it) reaches the
reader as the same message. Invitations are written when sent, from the meeting's
state at that moment (several changes within the coalescing window become one
message with the latest state); reminder letters are written once, when queued.
"""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from planner.db import Base, UTCDateTime
from planner.finance.money import ExactDecimal


class MessageStatus(StrEnum):
    QUEUED = "queued"  # waiting for its time (coalescing window, retry backoff)
    SENT = "sent"  # accepted by the SMTP server (or written into the Maildir)
    FAILED = "failed"  # refused for good (5xx) or out of attempts: kept with the answer
    SUPERSEDED = "superseded"  # a later change to the same meeting for the same person


class MessageKind(StrEnum):
    INVITATION = "invitation"  # iTIP REQUEST or CANCEL for a meeting
    REMINDER = "reminder"  # a letter about an overdue contribution


class Method(StrEnum):
    """The iTIP methods an invitation carries (RFC 5546)."""

    REQUEST = "REQUEST"
    CANCEL = "CANCEL"


MESSAGE_STATUSES = tuple(status.value for status in MessageStatus)
MESSAGE_KINDS = tuple(kind.value for kind in MessageKind)
METHODS = tuple(method.value for method in Method)


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(f"status IN {MESSAGE_STATUSES}", name="status"),
        CheckConstraint(f"kind IN {MESSAGE_KINDS}", name="kind"),
        CheckConstraint(
            f"(kind = 'invitation' AND method IN {METHODS} AND meeting_id IS NOT NULL)"
            " OR (kind = 'reminder' AND method IS NULL AND body IS NOT NULL)",
            name="invitation_or_letter",
        ),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        Index("ix_outbox_due", "status", "next_attempt_at"),
        Index("ix_outbox_pending", "meeting_id", "contact_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[str] = mapped_column(String(250), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    method: Mapped[str | None] = mapped_column(String(10))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    # CANCEL of one occurrence of a series: its original local start (the RECURRENCE-ID)
    occurrence_start_local: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))
    reminder_id: Mapped[int | None] = mapped_column(ForeignKey("payment_reminders.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    recipient: Mapped[str] = mapped_column(String(320))
    recipient_name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(5))
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(20), default=MessageStatus.QUEUED.value)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # when queued; the sender gathers the invitations waiting for one meeting and person
    # once the oldest is a window old, and keeps that one's time on the message it sends
    not_before: Mapped[datetime] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class InvitationNotice(Base):
    """A change that every recipient of a meeting is to hear of, queued as one row in the
    change's transaction; the sender makes it one outbox message per recipient
    (:func:`planner.notifications.sending.expand_notices`), with Message-IDs made from
    its ``token``, and deletes it. Queueing a change for hundreds of people thus writes
    one row, whatever their number."""

    __tablename__ = "outbox_notices"
    __table_args__ = (CheckConstraint(f"method IN {METHODS}", name="method"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(64))
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    method: Mapped[str] = mapped_column(String(10))
    # CANCEL of one occurrence of a series: its original local start
    occurrence_start_local: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PaymentReminder(Base):
    """One reminder of an overdue contribution to one party: what it said and when."""

    __tablename__ = "payment_reminders"
    __table_args__ = (CheckConstraint("overdue > 0", name="overdue_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id"))
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    as_of: Mapped[date] = mapped_column(Date)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    overdue: Mapped[Decimal] = mapped_column(ExactDecimal())
    currency: Mapped[str] = mapped_column(String(3))
