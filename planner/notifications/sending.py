"""Delivering what is due: a few messages per transaction (:data:`BATCH_SIZE`), claimed
with ``FOR UPDATE SKIP LOCKED`` so that several senders on PostgreSQL never take the
same message, over one SMTP connection for the whole run.

A message is marked sent only after the server accepted it, in the transaction that
claimed it: a sender killed in between leaves its batch queued (the locks die with the
connection) and the next sender sends it again; what the server had already accepted
arrives a second time with the same Message-ID. Delivery is at least once; nothing is
lost. On SQLite, run one sender at a time.
"""

import email
import email.policy
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import parseaddr

from sqlalchemy import ColumnElement, Engine, exists, func, select, text, update
from sqlalchemy.orm import Session, aliased, selectinload

from planner.conferences.models import Conference
from planner.db import get_by_id, unit_of_work
from planner.errors import Conflict
from planner.meetings.models import Meeting
from planner.notifications.compose import (
    Edition,
    EditionKey,
    edition,
    invitation_email,
    secretariat_address,
)
from planner.notifications.models import (
    InvitationNotice,
    MessageKind,
    MessageStatus,
    Method,
    OutboxMessage,
)
from planner.notifications.outbox import expand, merged, waiting_for
from planner.notifications.recipients import recipients_query
from planner.notifications.transports import PermanentFailure, TemporaryFailure, Transport

RETRY_CAP = timedelta(hours=6)
BATCH_SIZE = 10
"""Messages per transaction: one commit (on SQLite, a wait for the disk) for ten
messages, and at most ten sent twice when a sender is killed."""


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
    """The messages to send at ``now``: waiting and past their retry time; of the
    invitations waiting for one meeting and person, only the newest (it says what they
    all would have said), and with a window only once the oldest of them is that old."""
    other = aliased(OutboxMessage)
    siblings = waiting_for(other, OutboxMessage.meeting_id, OutboxMessage.contact_id)
    condition = (
        (OutboxMessage.status == MessageStatus.QUEUED.value)
        & (OutboxMessage.next_attempt_at <= now)
        & ~exists().where(siblings, other.id > OutboxMessage.id)
    )
    if coalesce:  # only invitations gather changes; a letter is due when queued
        condition &= (OutboxMessage.kind != MessageKind.INVITATION.value) | exists().where(
            siblings, other.not_before <= now - coalesce
        )
    return condition


def backoff(attempts: int, base: timedelta) -> timedelta:
    """The wait after the ``attempts``-th temporary failure: base, 2×base, 4×base, ..."""
    wait: timedelta = base * 2 ** (attempts - 1)
    return min(wait, RETRY_CAP)


class Editions:
    """The invitations written during one sending run, by what decides their words
    (:class:`~planner.notifications.compose.EditionKey`), with each conference's From:
    a meeting told to hundreds of people is read and written once per language."""

    def __init__(self, mail_from: str | None) -> None:
        self.mail_from = mail_from
        self.written: dict[EditionKey, tuple[Edition, str]] = {}

    def get(self, session: Session, key: EditionKey) -> tuple[Edition, str]:
        """The edition of ``key`` and the From it goes out with."""
        if key not in self.written:
            meeting = session.scalars(
                select(Meeting)
                .where(Meeting.id == key.meeting_id)
                .options(selectinload(Meeting.overrides))
            ).one()
            conference = session.get_one(Conference, meeting.conference_id)
            sender = self.mail_from or secretariat_address(conference)
            self.written[key] = (edition(key, meeting, conference), sender)
        return self.written[key]


def compose(
    session: Session,
    message: OutboxMessage,
    editions: Editions,
    meeting_state: tuple[int, datetime] | None = None,
) -> EmailMessage:
    """The complete e-mail of a queued message, From included; ``meeting_state`` is the
    sequence and last modification of an invitation's meeting when the caller read them
    already (the sender reads them with the message)."""
    if message.kind == MessageKind.INVITATION:
        if message.meeting_id is None:  # the table's CHECK says an invitation has one
            raise TypeError("an invitation without its meeting")
        if meeting_state is None:
            meeting = session.get_one(Meeting, message.meeting_id)
            meeting_state = (meeting.sequence, meeting.last_modified)
        sequence, last_modified = meeting_state
        key = EditionKey(
            message.meeting_id,
            sequence,
            last_modified,
            message.method or Method.REQUEST.value,
            message.occurrence_start_local,
            message.language,
        )
        written, sender = editions.get(session, key)
        return invitation_email(message, written, sender)
    letter = email.message_from_bytes(message.body or b"", policy=email.policy.default)
    if not isinstance(letter, EmailMessage):  # the default policy always builds these
        raise TypeError("a stored letter did not parse as an EmailMessage")
    if editions.mail_from:
        letter.replace_header("From", editions.mail_from)
    return letter


def _gather(session: Session, message: OutboxMessage) -> None:
    """Supersede the invitations for the same meeting and person queued before this one
    and make this one say what they all would have (:func:`merged`)."""
    if message.kind != MessageKind.INVITATION:
        return
    earlier = session.execute(
        update(OutboxMessage)
        .where(
            waiting_for(OutboxMessage, message.meeting_id, message.contact_id),
            OutboxMessage.id < message.id,
        )
        .values(status=MessageStatus.SUPERSEDED.value)
        .returning(
            OutboxMessage.method, OutboxMessage.occurrence_start_local, OutboxMessage.not_before
        )
        .execution_options(synchronize_session=False)
    ).all()
    if earlier:
        message.method, message.occurrence_start_local = merged(
            message.method or Method.REQUEST.value,
            message.occurrence_start_local,
            [(method, occurrence) for method, occurrence, _ in earlier],
        )
        message.not_before = min(first for _, _, first in earlier)


def _deliver(
    session: Session,
    transport: Transport,
    policy: Policy,
    now: datetime,
    mail: EmailMessage,
    message: OutboxMessage,
) -> str:
    """Hand one composed message to the transport and record what came of it."""
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


def send_batch(
    engine: Engine,
    transport: Transport,
    policy: Policy,
    now: datetime,
    editions: Editions,
    size: int = BATCH_SIZE,
) -> list[str]:
    """Claim up to ``size`` of the oldest due messages and deliver them; their new
    statuses, none when nothing is due."""
    with unit_of_work(engine) as session:
        if engine.dialect.name == "postgresql":
            # losing the marks in a server crash only sends the messages again, with
            # their Message-IDs (at least once): the commit need not wait for the disk
            session.execute(text("SET LOCAL synchronous_commit TO OFF"))
        claimed = session.execute(
            select(OutboxMessage, Meeting.sequence, Meeting.last_modified)
            .outerjoin(Meeting, Meeting.id == OutboxMessage.meeting_id)
            .where(due(now, policy.coalesce))
            .order_by(OutboxMessage.id)
            .limit(size)
            .with_for_update(of=OutboxMessage, skip_locked=True)
        ).all()
        outcomes = []
        for message, sequence, last_modified in claimed:
            _gather(session, message)
            state = None if sequence is None else (sequence, last_modified)
            mail = compose(session, message, editions, state)
            outcomes.append(_deliver(session, transport, policy, now, mail, message))
        return outcomes


def expand_notices(engine: Engine) -> int:
    """Make every queued notice its messages (:func:`~planner.notifications.outbox.expand`),
    each in the order queued, in one transaction; how many notices there were. Notices
    another sender is expanding are skipped (PostgreSQL: ``SKIP LOCKED``)."""
    with unit_of_work(engine) as session:
        notices = session.scalars(
            select(InvitationNotice).order_by(InvitationNotice.id).with_for_update(skip_locked=True)
        ).all()
        for notice in notices:
            meeting = session.scalars(
                select(Meeting)
                .where(Meeting.id == notice.meeting_id)
                .options(selectinload(Meeting.invitations))
            ).one()
            expand(session, notice, meeting)
            session.delete(notice)
        return len(notices)


def send_due(
    engine: Engine,
    transport: Transport,
    policy: Policy,
    now: datetime,
    limit: int | None = None,
) -> SendReport:
    """Deliver every message due at ``now`` (each tried once in this run)."""
    report = SendReport()
    editions = Editions(policy.mail_from)
    expand_notices(engine)
    while limit is None or report.sent + report.deferred + report.failed < limit:
        left = (
            BATCH_SIZE if limit is None else limit - report.sent - report.deferred - report.failed
        )
        outcomes = send_batch(engine, transport, policy, now, editions, min(left, BATCH_SIZE))
        if not outcomes:
            break
        report.sent += outcomes.count(MessageStatus.SENT.value)
        report.failed += outcomes.count(MessageStatus.FAILED.value)
        report.deferred += outcomes.count("deferred")
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


@dataclass(frozen=True)
class PendingNotice:
    """A queued change not yet made messages (the sender does that): shown in the outbox's
    listing with the number of people it will reach, so that a change queued is seen."""

    notice: InvitationNotice
    recipients: int


def pending_notices(session: Session) -> list[PendingNotice]:
    notices = session.scalars(select(InvitationNotice).order_by(InvitationNotice.id))
    pending = []
    for notice in notices:
        query = recipients_query(session.get_one(Meeting, notice.meeting_id))
        count = 0
        if query is not None:
            count = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        pending.append(PendingNotice(notice, count))
    return pending


def list_messages(session: Session, status: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if status:
        query = query.where(OutboxMessage.status == status)
    return list(session.scalars(query))
