"""Queueing: the operations that schedule, move or cancel a meeting call these, in their
own session and transaction, so a message exists exactly when the change was committed.

A change every recipient is to hear of is queued as one row, an
:class:`~planner.notifications.models.InvitationNotice`: telling 200 people costs what
telling three does (benchmarks/mail.py). The sender makes it one outbox row per
recipient of the meeting as it is then, in one ``INSERT ... SELECT`` over the
recipients query: the database copies each one's address, name and language, and makes
the Message-ID from the notice's token and the contact's id (fixed from then on). The
few people a change concerns alone (new invitees, the uninvited) get their rows at once,
by the same statement.

Changes to one meeting for one person within the coalescing window become one
message: the sender takes only the newest waiting row of a meeting and person, once the
oldest of them is a window old, and supersedes the older ones when it sends that one
(:func:`planner.notifications.sending.send_batch`). Nothing here commits.
"""

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import cast

from sqlalchemy import ColumnElement, Select, Table, and_, func, insert, literal
from sqlalchemy.orm import Session

from planner.audit import Context
from planner.directory.models import Contact
from planner.i18n import DEFAULT_LOCALE
from planner.meetings.models import Meeting
from planner.notifications.models import (
    InvitationNotice,
    MessageKind,
    MessageStatus,
    Method,
    OutboxMessage,
)
from planner.notifications.recipients import mailable, recipients_query

outbox_table = cast(Table, OutboxMessage.__table__)  # Core: no ORM bookkeeping per row
notices_table = cast(Table, InvitationNotice.__table__)


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
) -> None:
    """Queue ``method`` (REQUEST, or CANCEL of the meeting or of the ``occurrence`` with
    this original local start) to every recipient of the meeting, as one notice, or to
    those in ``only`` (contact ids: a few new invitees), as their messages."""
    query = recipients_query(meeting)
    if query is None:
        return
    if only is not None:
        query = query.where(Contact.id.in_(set(only)))
        _queue(session, meeting, method.value, occurrence, query, context.now(), _token())
        return
    session.execute(
        insert(notices_table).values(
            token=_token(),
            meeting_id=meeting.id,
            method=method.value,
            occurrence_start_local=occurrence,
            queued_at=context.now(),
        )
    )


def expand(session: Session, notice: InvitationNotice, meeting: Meeting) -> None:
    """The notice's messages, one per recipient of the meeting as it is now: whoever was
    uninvited since got a CANCEL of their own, whoever was invited since is told too."""
    query = recipients_query(meeting)
    if query is not None:
        _queue(
            session,
            meeting,
            notice.method,
            notice.occurrence_start_local,
            query,
            notice.queued_at,
            notice.token,
        )


def queue_withdrawals(
    session: Session, context: Context, meeting: Meeting, contact_ids: Iterable[int]
) -> None:
    """Queue a CANCEL of ``meeting`` to these contacts, who are no longer among its
    recipients (uninvited, or no longer allowed to see it): their calendars drop it."""
    query = mailable(contact_ids)
    _queue(session, meeting, Method.CANCEL.value, None, query, context.now(), _token())


def _token() -> str:
    """What a change's Message-IDs share: ``<token.contact-id@host>`` is unique."""
    return uuid.uuid4().hex


def _queue(
    session: Session,
    meeting: Meeting,
    method: str,
    occurrence: datetime | None,
    query: Select[Contact],
    queued_at: datetime,
    token: str,
) -> None:
    """One outbox row per contact of ``query``, in one statement."""
    message_id = (
        literal(f"<{token}.")
        + func.cast(Contact.id, outbox_table.c.message_id.type)
        + literal(f"@{_host(meeting)}>")
    )
    rows = query.with_only_columns(
        message_id,
        literal(MessageKind.INVITATION.value),
        literal(method),
        literal(meeting.id),
        literal(occurrence, outbox_table.c.occurrence_start_local.type),
        Contact.id,
        Contact.email,
        Contact.name,
        func.coalesce(Contact.language, DEFAULT_LOCALE),
        literal(MessageStatus.QUEUED.value),
        literal(queued_at, outbox_table.c.queued_at.type),
        literal(queued_at, outbox_table.c.not_before.type),
        literal(queued_at, outbox_table.c.next_attempt_at.type),
        literal(0),
    )
    columns = (
        "message_id", "kind", "method", "meeting_id", "occurrence_start_local", "contact_id",
        "recipient", "recipient_name", "language", "status", "queued_at", "not_before",
        "next_attempt_at", "attempts",
    )  # fmt: skip
    session.execute(insert(outbox_table).from_select(columns, rows))
