"""``planner outbox send|list|retry``: delivering the e-mail the planner has queued."""

import time
from typing import Any

import click

from planner.cli.app import CliState, pass_state
from planner.cli.output import emit, format_option
from planner.db import ensure_migrated
from planner.notifications.models import (
    MESSAGE_STATUSES,
    MessageKind,
    MessageStatus,
    OutboxMessage,
)
from planner.notifications.sending import (
    PendingNotice,
    Policy,
    list_messages,
    pending_notices,
    retry,
    send_due,
)
from planner.notifications.transports import transport_for

LIST_COLUMNS = ("id", "status", "kind", "method", "recipient", "meeting", "attempts", "last_error")


def message_record(message: OutboxMessage) -> dict[str, Any]:
    return {
        "id": message.id,
        "message_id": message.message_id,
        "status": message.status,
        "kind": message.kind,
        "method": message.method,
        "meeting": message.meeting_id,
        "recipient": message.recipient,
        "language": message.language,
        "queued_at": message.queued_at,
        "attempts": message.attempts,
        "next_attempt_at": message.next_attempt_at,
        "sent_at": message.sent_at,
        "last_error": message.last_error,
    }


def notice_record(pending: PendingNotice) -> dict[str, Any]:
    """A queued change the sender has not yet made messages: one row for all its people."""
    notice = pending.notice
    return {
        "id": f"notice {notice.id}",
        "message_id": None,
        "status": MessageStatus.QUEUED.value,
        "kind": MessageKind.INVITATION.value,
        "method": notice.method,
        "meeting": notice.meeting_id,
        "recipient": f"recipients: {pending.recipients} (when sent)",
        "language": None,
        "queued_at": notice.queued_at,
        "attempts": 0,
        "next_attempt_at": None,
        "sent_at": None,
        "last_error": None,
    }


@click.group("outbox")
def outbox_group() -> None:
    """E-mail waiting to be sent, sent, or refused."""


@outbox_group.command("send")
@click.option("--now", "at_once", is_flag=True, help="Do not wait for the coalescing window.")
@click.option("--loop", is_flag=True, help="Keep sending what becomes due until interrupted.")
@click.option(
    "--interval", type=click.IntRange(min=1), default=30, show_default=True, metavar="SECONDS"
)
@pass_state
def outbox_send(state: CliState, at_once: bool, loop: bool, interval: int) -> None:
    """Deliver due messages by SMTP (PLANNER_SMTP_URL), else into the Maildir."""
    settings = state.settings
    policy = Policy(
        coalesce=None if at_once else settings.mail_coalesce,
        retry_base=settings.mail_retry_base,
        max_attempts=settings.mail_max_attempts,
        mail_from=settings.mail_from,
    )
    ensure_migrated(state.engine)
    transport = transport_for(settings.smtp_url, settings.maildir_path(), settings.smtp_ca_file)
    try:
        while True:
            report = send_due(state.engine, transport, policy, settings.clock())
            click.echo(
                f"sent {report.sent}, deferred {report.deferred}, failed {report.failed}"
                f" ({transport.description})"
            )
            if not loop:
                break
            time.sleep(interval)
    finally:
        transport.close()


@outbox_group.command("list")
@click.option("--status", type=click.Choice(MESSAGE_STATUSES))
@format_option
@pass_state
def outbox_list(state: CliState, status: str | None, fmt: str) -> None:
    """List the outbox's messages, oldest first, then the changes queued for every
    recipient of a meeting that the next ``outbox send`` makes messages."""
    with state.session() as session:
        rows = [message_record(message) for message in list_messages(session, status)]
        if status in (None, MessageStatus.QUEUED.value):
            rows += [notice_record(pending) for pending in pending_notices(session)]
    emit(rows, fmt, None if fmt == "json" else LIST_COLUMNS)


@outbox_group.command("retry")
@click.argument("message_id", metavar="ID")
@pass_state
def outbox_retry(state: CliState, message_id: str) -> None:
    """Send a failed message again (at the next ``outbox send``)."""
    with state.session() as session:
        message = retry(session, message_id, state.settings.clock())
        number = message.id
    click.echo(f"queued message {number} again")


COMMANDS = (outbox_group,)
