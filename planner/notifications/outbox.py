"""Queueing: the operations that schedule, move or cancel a meeting call these, in their
own session and transaction, so a message exists exactly when the change was committed.

Queueing is one ``INSERT ... SELECT`` over the recipients query: the database copies
each recipient's address, name and language into a thin row, and its Message-ID is
made in the same statement from a token drawn for this change and the contact's id
(fixed from then on). No value is bound per recipient and nothing else is written, so
telling 200 people costs about what telling three does (benchmarks/mail.py).

Changes to one meeting for one person within the coalescing window become one
message, and the outbox is not read to queue them: the sender takes only the newest
waiting row of a meeting and person, once the oldest of them is a window old, and
supersedes the older ones when it sends that one
(:func:`planner.notifications.sending.send_batch`). Nothing here commits.
"""

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, Select, Table, and_, func, insert, literal
from sqlalchemy.orm import Session

from planner.audit import Context
from planner.directory.models import Contact
from planner.i18n import DEFAULT_LOCALE
from planner.meetings.models import Meeting
from planner.notifications.models import MessageKind, MessageStatus, Method, OutboxMessage
from planner.notifications.recipients import mailable, recipients_query

outbox_table = cast(Table, OutboxMessage.__table__)  # Core: no ORM bookkeeping per row


def new_message_id(host: str) -> str:
    """``<random@host>`` (RFC 5322): fixed when queued, kept through every retry."""
    return f"<{uuid.uuid4().hex}@{host}>"


def _host(meeting: Meeting) -> str:
    return meeting.uid.rpartition("@")[2] or "planner.nwfz"


def merged(
    method: str, occurrence: datetime | None, waiting: Iterable[tuple[str | None, datetime | None]]
) -> tuple[str, datetime | None]:
    """What one message says for a change plus the changes still waiting before it.

    A meeting's cancellation stands alone; one occurrence's cancellation stays one
    only if nothing else waits; anything else is the series' whole current state.
    """
    earlier = list(waiting)
    if method == Method.CANCEL and occurrence is None:
        return method, None
    if not earlier or all(item == (method, occurrence) for item in earlier):
        return method, occurrence
    return Method.REQUEST.value, None


def waiting_for(
    rows: type[OutboxMessage], meeting_id: object, contact_id: object
) -> ColumnElement[bool]:
    """The invitations still queued for one meeting and one person, among ``rows`` (the
    outbox or an alias of it); ``ix_outbox_pending`` answers it."""
    return and_(
        rows.meeting_id == meeting_id,
        rows.contact_id == contact_id,
        rows.kind == MessageKind.INVITATION.value,
        rows.status == MessageStatus.QUEUED.value,
    )


def queue_invitations(
    session: Session,
    context: Context,
    meeting: Meeting,
    method: Method,
    *,
    occurrence: datetime | None = None,
    only: Iterable[int] | None = None,
) -> int:
    """Queue ``method`` (REQUEST, or CANCEL of the meeting or of the ``occurrence`` with
    this original local start) to every recipient of the meeting, or to those in ``only``
    (contact ids); returns how many messages were queued."""
    query = recipients_query(meeting)
    if query is None:
        return 0
    if only is not None:
        query = query.where(Contact.id.in_(set(only)))
    return _queue(session, context, meeting, method, occurrence, query)


def queue_withdrawals(
    session: Session, context: Context, meeting: Meeting, contact_ids: Iterable[int]
) -> int:
    """Queue a CANCEL of ``meeting`` to these contacts, who are no longer among its
    recipients (uninvited, or no longer allowed to see it): their calendars drop it."""
    return _queue(session, context, meeting, Method.CANCEL, None, mailable(contact_ids))


def _queue(
    session: Session,
    context: Context,
    meeting: Meeting,
    method: Method,
    occurrence: datetime | None,
    query: Select[Contact],
) -> int:
    """One outbox row per contact of ``query``, in one statement."""
    now = context.now()
    # unique: one token per change, one contact per row of it
    message_id = (
        literal(f"<{uuid.uuid4().hex}.")
        + func.cast(Contact.id, outbox_table.c.message_id.type)
        + literal(f"@{_host(meeting)}>")
    )
    rows = query.with_only_columns(
        message_id,
        literal(MessageKind.INVITATION.value),
        literal(method.value),
        literal(meeting.id),
        literal(occurrence, outbox_table.c.occurrence_start_local.type),
        Contact.id,
        Contact.email,
        Contact.name,
        func.coalesce(Contact.language, DEFAULT_LOCALE),
        literal(MessageStatus.QUEUED.value),
        literal(now, outbox_table.c.queued_at.type),
        literal(now, outbox_table.c.not_before.type),
        literal(now, outbox_table.c.next_attempt_at.type),
        literal(0),
    )
    columns = (
        "message_id", "kind", "method", "meeting_id", "occurrence_start_local", "contact_id",
        "recipient", "recipient_name", "language", "status", "queued_at", "not_before",
        "next_attempt_at", "attempts",
    )  # fmt: skip
    result = session.execute(insert(outbox_table).from_select(columns, rows))
    return int(cast(CursorResult[Any], result).rowcount)
