"""Delivering what is due: one message per transaction, claimed with ``FOR UPDATE SKIP
LOCKED`` so that several senders on PostgreSQL never take the same message.

A message is marked sent only after the server accepted it, in the transaction that
claimed it: a sender killed in between leaves it queued (its lock dies with the
connection) and the next sender sends it again, with the same Message-ID. Delivery is
at least once; nothing is lost. On SQLite, run one sender at a time.
"""

import email
import email.policy
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import parseaddr

from sqlalchemy import ColumnElement, Engine, select
from sqlalchemy.orm import Session, selectinload

from planner.conferences.models import Conference
from planner.db import get_by_id, unit_of_work
from planner.errors import Conflict
from planner.meetings.models import Meeting
from planner.notifications.compose import invitation_email, secretariat_address
from planner.notifications.models import MessageKind, MessageStatus, OutboxMessage
from planner.notifications.transports import PermanentFailure, TemporaryFailure, Transport

RETRY_CAP = timedelta(hours=6)


@dataclass(frozen=True)
class Policy:
    """How the sender waits: the coalescing window (None: send at once, ``--now``) and
    the retries of temporary failures (doubling from ``retry_base``)."""

    coalesce: timedelta | None
    retry_base: timedelta
    max_attempts: int
    mail_from: str | None = None  # None: the conference secretariat's address


@dataclass
class SendReport:
    sent: int = 0
    deferred: int = 0
    failed: int = 0


def due(now: datetime, coalesce: timedelta | None) -> ColumnElement[bool]:
    condition = (OutboxMessage.status == MessageStatus.QUEUED.value) & (
        OutboxMessage.next_attempt_at <= now
    )
    if coalesce:  # only invitations gather changes; a letter is due when queued
        condition &= (OutboxMessage.kind != MessageKind.INVITATION.value) | (
            OutboxMessage.not_before <= now - coalesce
        )
    return condition


def backoff(attempts: int, base: timedelta) -> timedelta:
    """The wait after the ``attempts``-th temporary failure: base, 2×base, 4×base, ..."""
    wait: timedelta = base * 2 ** (attempts - 1)
    return min(wait, RETRY_CAP)


def compose(session: Session, message: OutboxMessage, mail_from: str | None) -> EmailMessage:
    """The complete e-mail of a queued message, From included."""
    if message.kind == MessageKind.INVITATION:
        meeting = session.scalars(
            select(Meeting)
            .where(Meeting.id == message.meeting_id)
            .options(selectinload(Meeting.overrides))
        ).one()
        conference = session.get_one(Conference, meeting.conference_id)
        return invitation_email(
            message, meeting, conference, mail_from or secretariat_address(conference)
        )
    letter = email.message_from_bytes(message.body or b"", policy=email.policy.default)
    if not isinstance(letter, EmailMessage):  # the default policy always builds these
        raise TypeError("a stored letter did not parse as an EmailMessage")
    if mail_from:
        letter.replace_header("From", mail_from)
    return letter


def send_one(engine: Engine, transport: Transport, policy: Policy, now: datetime) -> str | None:
    """Claim and deliver the oldest due message; its new status, or None when none is due."""
    with unit_of_work(engine) as session:
        message = session.scalars(
            select(OutboxMessage)
            .where(due(now, policy.coalesce))
            .order_by(OutboxMessage.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        ).first()
        if message is None:
            return None
        mail = compose(session, message, policy.mail_from)
        envelope_from = parseaddr(str(mail["From"]))[1]
        message.attempts += 1
        try:
            transport.deliver(envelope_from, message.recipient, mail)
        except TemporaryFailure as error:
            message.last_error = str(error)
            if message.attempts >= policy.max_attempts:
                message.status = MessageStatus.FAILED.value
            else:
                message.next_attempt_at = now + backoff(message.attempts, policy.retry_base)
        except PermanentFailure as error:
            message.last_error = str(error)
            message.status = MessageStatus.FAILED.value
        else:
            message.status = MessageStatus.SENT.value
            message.sent_at = now
        return message.status if message.status != MessageStatus.QUEUED else "deferred"


def send_due(
    engine: Engine,
    transport: Transport,
    policy: Policy,
    now: datetime,
    limit: int | None = None,
) -> SendReport:
    """Deliver every message due at ``now`` (each tried once in this run)."""
    report = SendReport()
    while limit is None or report.sent + report.deferred + report.failed < limit:
        outcome = send_one(engine, transport, policy, now)
        if outcome is None:
            break
        if outcome == MessageStatus.SENT:
            report.sent += 1
        elif outcome == MessageStatus.FAILED:
            report.failed += 1
        else:
            report.deferred += 1
    return report


def retry(session: Session, message_id: object, now: datetime) -> OutboxMessage:
    """Make a failed (or waiting) message due again now, with its attempts counted afresh."""
    message = get_by_id(
        session,
        OutboxMessage,
        message_id,
        "message",
        ("outbox.malformed_id", "outbox.unknown_id"),
    )
    if message.status not in (MessageStatus.FAILED, MessageStatus.QUEUED):
        raise Conflict(
            field="message", code="outbox.not_retryable", id=message.id, status=message.status
        )
    message.status = MessageStatus.QUEUED.value
    message.attempts = 0
    message.next_attempt_at = now
    message.not_before = min(message.not_before, now)
    return message


def list_messages(session: Session, status: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if status:
        query = query.where(OutboxMessage.status == status)
    return list(session.scalars(query))
