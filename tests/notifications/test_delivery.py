"""Delivery faults against a real SMTP server on loopback: a server that is down, a
temporary refusal, a permanent one, a sender killed after the server took a message,
and two senders at once (PostgreSQL). Nothing is lost; nothing but the killed sender's
message arrives twice, and that one with the same Message-ID."""

import email
import email.policy
import json
import mailbox
import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from planner.db import unit_of_work
from planner.directory.operations import add_contact
from planner.meetings.operations import add_meeting
from planner.notifications.models import OutboxMessage
from planner.notifications.sending import send_due
from planner.notifications.transports import SmtpTransport
from tests.conftest import FIXED_NOW
from tests.notifications.conftest import AT_ONCE, SmtpHandler, free_port, wait_until

PLANNER = str(Path(sys.executable).with_name("planner"))


def _invite(engine, context, people, *keys):
    with unit_of_work(engine) as session:
        meeting = add_meeting(
            session, context, conference="fourth-2020", title="Consultations",
            start="2020-03-10 10:00", end="2020-03-10 12:00", timezone="America/New_York",
            invite=[str(people[key]) for key in keys],
        )  # fmt: skip
        return meeting.id


def _outbox(engine) -> list[OutboxMessage]:
    with unit_of_work(engine) as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def _send(engine, url, now=FIXED_NOW):
    transport = SmtpTransport(url)
    try:
        return send_due(engine, transport, AT_ONCE, now)
    finally:
        transport.close()


def test_a_server_that_is_down_defers_with_backoff_and_loses_nothing(engine, context, people):
    _invite(engine, context, people, "es", "zh")
    port = free_port()  # nothing listens here yet
    url = f"smtp://127.0.0.1:{port}"
    report = _send(engine, url)
    assert (report.sent, report.deferred) == (0, 2)
    for message in _outbox(engine):
        assert (message.status, message.attempts) == ("queued", 1)
        assert message.next_attempt_at == FIXED_NOW + timedelta(minutes=1)
        assert "Connection refused" in (message.last_error or "")
    assert _send(engine, url, FIXED_NOW + timedelta(seconds=30)).deferred == 0  # backing off
    assert _send(engine, url, FIXED_NOW + timedelta(minutes=1)).deferred == 2
    assert {m.next_attempt_at for m in _outbox(engine)} == {FIXED_NOW + timedelta(minutes=3)}
    handler = SmtpHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert _send(engine, url, FIXED_NOW + timedelta(minutes=3)).sent == 2
    finally:
        controller.stop()
    assert sorted(handler.by_recipient()) == ["ana@example.org", "li@example.org"]
    assert [(m.status, m.attempts) for m in _outbox(engine)] == [("sent", 3), ("sent", 3)]


def test_a_temporary_refusal_is_retried_and_then_delivered(engine, context, people, smtp_server):
    _invite(engine, context, people, "es")
    smtp_server.handler.answers = ["451 4.3.0 Mailbox busy, try again later"]
    assert _send(engine, smtp_server.url).deferred == 1
    (message,) = _outbox(engine)
    assert message.last_error == "451 4.3.0 Mailbox busy, try again later"
    assert _send(engine, smtp_server.url, FIXED_NOW + timedelta(minutes=1)).sent == 1
    (message,) = _outbox(engine)
    assert (message.status, message.attempts) == ("sent", 2)
    assert len(smtp_server.handler.received) == 1


def test_a_permanent_refusal_is_recorded_and_not_retried(engine, context, people, smtp_server, cli):
    _invite(engine, context, people, "es")
    smtp_server.handler.answers = ["550 5.1.1 No such mailbox here"]
    assert _send(engine, smtp_server.url).failed == 1
    (message,) = _outbox(engine)
    assert (message.status, message.last_error) == ("failed", "550 5.1.1 No such mailbox here")
    assert _send(engine, smtp_server.url, FIXED_NOW + timedelta(days=1)).sent == 0
    assert smtp_server.handler.received == []
    result = cli("outbox", "retry", str(message.id))
    assert result.exit_code == 0, result.output
    assert _send(engine, smtp_server.url, datetime.now(UTC)).sent == 1  # the CLI's clock
    assert smtp_server.handler.received[0].message["Message-ID"] == message.message_id


def test_a_sender_killed_after_acceptance_resends_once_with_the_same_message_id(
    engine, context, people, smtp_server, database_url
):
    _invite(engine, context, people, "es", "ru", "zh")
    process: dict[str, subprocess.Popen] = {}

    def kill_the_sender() -> None:  # the server took the message; the sender never hears
        smtp_server.handler.on_accept = None
        os.kill(process["sender"].pid, signal.SIGKILL)
        process["sender"].wait()

    smtp_server.handler.on_accept = kill_the_sender
    environment = {**os.environ, "PLANNER_SMTP_URL": smtp_server.url}
    process["sender"] = subprocess.Popen(
        [PLANNER, "--database", database_url, "outbox", "send", "--now"], env=environment
    )
    try:  # a new process on a busy machine may take a while to start
        process["sender"].wait(timeout=120)
    finally:
        if process["sender"].poll() is None:  # never left running against the next test
            process["sender"].kill()
    assert process["sender"].returncode == -signal.SIGKILL
    assert [m.status for m in _outbox(engine)] == ["queued", "queued", "queued"]

    def all_sent() -> bool:  # PostgreSQL ends the killed session's lock when it notices
        _send(engine, smtp_server.url)
        return all(m.status == "sent" for m in _outbox(engine))

    wait_until(all_sent, seconds=60)
    counts = Counter(item.message["Message-ID"] for item in smtp_server.handler.received)
    first, *others = _outbox(engine)
    assert counts == {first.message_id: 2, **{m.message_id: 1 for m in others}}


def test_two_senders_at_once_send_each_message_once(
    engine, context, quiet_demo, smtp_server, database_url
):
    if engine.dialect.name != "postgresql":
        pytest.skip("several senders need FOR UPDATE SKIP LOCKED (PostgreSQL)")
    with unit_of_work(engine) as session:
        ids = [
            add_contact(
                session, context, name=f"Delegate {n}", email=f"d{n}@example.org", party="MEX"
            ).id
            for n in range(30)
        ]
    _invite(engine, context, {str(i): i for i in ids}, *map(str, ids))
    smtp_server.handler.delay = 0.02  # long enough for the two to overlap
    environment = {**os.environ, "PLANNER_SMTP_URL": smtp_server.url}
    senders = [
        subprocess.Popen(
            [PLANNER, "--database", database_url, "outbox", "send", "--now"],
            env=environment,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        outputs = [sender.communicate(timeout=180)[0] for sender in senders]
    finally:
        for sender in senders:
            if sender.poll() is None:
                sender.kill()
    assert all(sender.returncode == 0 for sender in senders)
    counts = Counter(item.message["Message-ID"] for item in smtp_server.handler.received)
    assert len(counts) == 30 and set(counts.values()) == {1}
    assert all(m.status == "sent" for m in _outbox(engine))
    assert all(not output.startswith("sent 0,") for output in outputs), outputs  # both worked


def test_without_smtp_the_messages_go_into_a_maildir(
    engine, context, people, cli, database_url, tmp_path, monkeypatch
):
    _invite(engine, context, people, "es", "zh")
    maildir = tmp_path / "mail"
    monkeypatch.delenv("PLANNER_SMTP_URL", raising=False)
    if engine.dialect.name == "sqlite":  # the default: mail/ beside the database
        assert Path(database_url.removeprefix("sqlite:///")).parent / "mail" == maildir
    else:
        monkeypatch.setenv("PLANNER_MAILDIR", str(maildir))
    result = cli("outbox", "send", "--now")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"sent 2, deferred 0, failed 0 (Maildir {maildir})"
    box = mailbox.Maildir(maildir, create=False)
    messages = [
        email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
        for key in box.iterkeys()
    ]
    assert sorted(m["Message-ID"] for m in messages) == sorted(
        m.message_id for m in _outbox(engine)
    )


def test_bad_input_is_refused_and_changes_nothing(refused, cli, people, monkeypatch):
    refused(
        ["contact", "add", "--name", "X", "--lang", "de"], "error: language: 'de' must be one of"
    )
    refused(["contact", "update", str(people["es"]), "--lang", "xx"], "error: language:")
    refused(["contact", "update", "999", "--no-mail"], "error: contact: no contact with id 999")
    refused(
        ["contact", "update", str(people["es"]), "--email", "li@example.org"],
        "error: email: a contact with e-mail li@example.org already exists",
    )
    refused(["outbox", "retry", "abc"], "error: message: 'abc' is not an outbox message id")
    refused(["outbox", "retry", "999"], "error: message: no outbox message with id 999")
    monkeypatch.setenv("PLANNER_SMTP_URL", "http://mail.example.org")
    refused(["outbox", "send"], "error: PLANNER_SMTP_URL: must look like smtp://")
    monkeypatch.setenv("PLANNER_MAIL_COALESCE", "soon")
    refused(["outbox", "list"], "error: PLANNER_MAIL_COALESCE:")


def test_a_queued_change_is_listed_with_its_recipients_before_it_is_sent(
    engine, context, people, cli, tmp_path, monkeypatch
):
    meeting = _invite(engine, context, people, "es", "zh")
    first = json.loads(cli("outbox", "list", "--format", "json").stdout)
    moved = cli("meeting", "reschedule", str(meeting), "--start", "2020-03-11T10:00",
                "--end", "2020-03-11T12:00")  # fmt: skip
    assert moved.exit_code == 0, moved.output
    listed = json.loads(cli("outbox", "list", "--format", "json").stdout)
    assert listed[: len(first)] == first
    (notice,) = listed[len(first) :]
    assert notice["id"].startswith("notice ")
    assert (notice["status"], notice["method"], notice["meeting"]) == ("queued", "REQUEST", meeting)
    assert notice["recipient"] == "recipients: 2 (when sent)"
    assert json.loads(cli("outbox", "list", "--status", "sent", "--format", "json").stdout) == []
    monkeypatch.delenv("PLANNER_SMTP_URL", raising=False)
    monkeypatch.setenv("PLANNER_MAILDIR", str(tmp_path / "mail"))
    assert cli("outbox", "send", "--now").exit_code == 0
    after = json.loads(cli("outbox", "list", "--format", "json").stdout)
    assert not [row for row in after if str(row["id"]).startswith("notice")]
    assert all(row["status"] in ("sent", "superseded") for row in after)
