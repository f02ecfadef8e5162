"""Queueing: the operations that schedule, move or cancel a meeting call these, in their
own session and transaction, so a message exists exactly when the change was committed.

Changes to one meeting for one person that are still waiting in the outbox are
coalesced: the waiting message is superseded by a new one that is due when the first
would have been (its ``not_before``), so a burst of edits within the window becomes one
message, written when sent, with the latest state. Nothing here commits.
"""

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import cast

from sqlalchemy import Table, insert, update
from sqlalchemy.orm import Session

from planner.audit import Context
from planner.directory.models import Contact
from planner.i18n import DEFAULT_LOCALE
from planner.meetings.models import Meeting
from planner.notifications.models import MessageKind, MessageStatus, Method, OutboxMessage
from planner.notifications.recipients import recipients_query

ROWS_PER_INSERT = 1_000
"""Rows in one INSERT: 14 bound values each stays under SQLite's 32,766 and PostgreSQL's
65,535 parameters per statement."""

outbox_table = cast(Table, OutboxMessage.__table__)  # Core: no ORM bookkeeping per row


def new_message_id(host: str) -> str:
    """``<random@host>`` (RFC 5322): fixed when queued, kept through every retry."""
    return f"<{uuid.uuid4().hex}@{host}>"


def _host(meeting: Meeting) -> str:
    return meeting.uid.rpartition("@")[2] or "planner.nwfz"


def _merged(
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
    people = list(session.scalars(query.order_by(Contact.id)))
    if not people:
        return 0
    now = context.now()
    superseded = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.meeting_id == meeting.id,
            OutboxMessage.kind == MessageKind.INVITATION.value,
            OutboxMessage.status == MessageStatus.QUEUED.value,
            # the recipients as a subquery: a list of hundreds of bound ids made this
            # statement take ~0.5 s on PostgreSQL (benchmarks/mail.py)
            OutboxMessage.contact_id.in_(query.with_only_columns(Contact.id)),
        )
        .values(status=MessageStatus.SUPERSEDED.value)
        .returning(
            OutboxMessage.contact_id,
            OutboxMessage.method,
            OutboxMessage.occurrence_start_local,
            OutboxMessage.not_before,
        )
        .execution_options(synchronize_session=False)
    ).all()
    waiting: dict[int | None, list[tuple[str | None, datetime | None, datetime]]] = {}
    for contact_id, old_method, old_occurrence, not_before in superseded:
        waiting.setdefault(contact_id, []).append((old_method, old_occurrence, not_before))
    host = _host(meeting)
    rows = []
    for person in people:
        earlier = waiting.get(person.id, [])
        merged_method, merged_occurrence = _merged(
            method.value, occurrence, ((m, o) for m, o, _ in earlier)
        )
        rows.append(
            {
                "message_id": new_message_id(host),
                "kind": MessageKind.INVITATION.value,
                "method": merged_method,
                "meeting_id": meeting.id,
                "occurrence_start_local": merged_occurrence,
                "contact_id": person.id,
                "recipient": person.email,
                "recipient_name": person.name,
                "language": person.language or DEFAULT_LOCALE,
                "status": MessageStatus.QUEUED.value,
                "queued_at": now,
                "not_before": min([now, *(first for _, _, first in earlier)]),
                "next_attempt_at": now,
                "attempts": 0,
            }
        )
    for start in range(0, len(rows), ROWS_PER_INSERT):
        # one multi-row INSERT per chunk (Core, no RETURNING): one round trip for a whole
        # meeting's recipients instead of a statement per row
        session.execute(insert(outbox_table).values(rows[start : start + ROWS_PER_INSERT]))
    return len(rows)
