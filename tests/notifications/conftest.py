"""A real SMTP server on loopback (aiosmtpd) for the e-mail tests, and the people they write to.

The server keeps every message it accepted, parsed by the ``email`` package; its
``answers`` say what to reply to the next messages (``"451 ..."``, ``"550 ..."``) before
it accepts again, and ``on_accept`` runs after a message was taken in, before the
answer goes back (the killed-sender test kills the sender there).
"""

import email
import email.policy
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import delete

from planner.db import unit_of_work
from planner.directory.operations import add_contact, update_contact
from planner.notifications.models import InvitationNotice, OutboxMessage
from planner.notifications.sending import Policy


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Received:
    envelope_to: list[str]
    message: EmailMessage


@dataclass
class SmtpHandler:
    received: list[Received] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    on_accept: Callable[[], None] | None = None
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.answers:
                return self.answers.pop(0)
            parsed = email.message_from_bytes(
                envelope.original_content, policy=email.policy.default
            )
            self.received.append(Received(list(envelope.rcpt_tos), parsed))
        if self.delay:
            time.sleep(self.delay)
        if self.on_accept is not None:
            self.on_accept()
        return "250 OK"

    def by_recipient(self) -> dict[str, list[EmailMessage]]:
        found: dict[str, list[EmailMessage]] = {}
        for item in self.received:
            for address in item.envelope_to:
                found.setdefault(address, []).append(item.message)
        return found


@dataclass
class SmtpServer:
    handler: SmtpHandler
    port: int

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    handler = SmtpHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield SmtpServer(handler, port)
    controller.stop()


AT_ONCE = Policy(coalesce=None, retry_base=timedelta(minutes=1), max_attempts=4)


@pytest.fixture
def quiet_demo(engine, demo) -> None:
    """The data set without the invitations it queues to its sample contacts, so that a
    test sees only the messages it causes (tests/reference checks those invitations)."""
    with unit_of_work(engine) as session:
        session.execute(delete(OutboxMessage))
        session.execute(delete(InvitationNotice))


@pytest.fixture
def people(engine, context, quiet_demo) -> dict[str, int]:
    """Focal points in four languages: of Mexico (a Tlatelolco state), of Mongolia, of
    Fiji (Rarotonga, not invited below), a direct invitee without a party, and one opted out."""
    spec = {
        "es": ("Ana Pérez", "ana@example.org", "MEX", "es"),
        "ru": ("Батбаяр Дорж", "bat@example.org", "MNG", "ru"),
        "fr": ("Claire Martin", "claire@example.org", "FJI", "fr"),
        "zh": ("李伟", "li@example.org", None, "zh"),
        "en": ("Opted Out", "out@example.org", "MEX", None),
    }
    ids = {}
    with unit_of_work(engine) as session:
        for key, (name, address, party, language) in spec.items():
            contact = add_contact(
                session, context, name=name, email=address, party=party, language=language
            )
            ids[key] = contact.id
        update_contact(session, context, ids["en"], mail=False)
    return ids


def calendar_part(message: EmailMessage) -> bytes:
    parts = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    payload = parts[0].get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload


def wait_until(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.02)
