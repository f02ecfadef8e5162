"""SMTP over TLS against real servers on loopback (aiosmtpd) with a throw-away certificate
authority (trustme): STARTTLS on ``smtp://`` and TLS from the start on ``smtps://``, the
server's certificate checked against PLANNER_SMTP_CA_FILE, a password sent only inside
TLS, and a server whose certificate no trusted authority signed refused (nothing sent,
the reason recorded)."""

import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import select

from planner.db import unit_of_work
from planner.errors import ValidationError
from planner.meetings.operations import add_meeting
from planner.notifications.models import OutboxMessage
from planner.notifications.sending import send_due
from planner.notifications.transports import SmtpTransport
from tests.conftest import FIXED_NOW
from tests.notifications.conftest import AT_ONCE, SmtpHandler, free_port

USER, PASSWORD = "planner", "s3cret pass"


@dataclass
class Logins:
    """What the server's authenticator saw: (login, password, inside TLS) per attempt."""

    seen: list[tuple[str, str, bool]] = field(default_factory=list)

    def __call__(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        inside_tls = server.transport.get_extra_info("ssl_object") is not None
        if isinstance(auth_data, LoginPassword):
            login, password = auth_data.login.decode(), auth_data.password.decode()
            self.seen.append((login, password, inside_tls))
            return AuthResult(success=(login, password) == (USER, PASSWORD))
        return AuthResult(success=False)


@dataclass
class TlsServer:
    handler: SmtpHandler
    logins: Logins
    port: int


@pytest.fixture
def authority(tmp_path) -> tuple[trustme.CA, str]:
    """A certificate authority made for this test, and its certificate as a PEM file."""
    ca = trustme.CA()
    path = tmp_path / "test-ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return ca, str(path)


def _server_context(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


@pytest.fixture
def serve() -> Iterator:
    """Start an aiosmtpd server with these options; stopped after the test."""
    controllers: list[Controller] = []

    def start(**options) -> TlsServer:
        handler, logins, port = SmtpHandler(), Logins(), free_port()
        controller = Controller(
            handler, hostname="127.0.0.1", port=port, authenticator=logins, **options
        )
        controller.start()
        controllers.append(controller)
        return TlsServer(handler, logins, port)

    yield start
    for controller in controllers:
        controller.stop()


def _invite(engine, context, people) -> None:
    with unit_of_work(engine) as session:
        add_meeting(
            session, context, conference="fourth-2020", title="Consultations",
            start="2020-03-10 10:00", end="2020-03-10 12:00", timezone="America/New_York",
            invite=[str(people["es"])],
        )  # fmt: skip


def _send(engine, url: str, ca_file: str | None):
    transport = SmtpTransport(url, ca_file=ca_file)
    try:
        return send_due(engine, transport, AT_ONCE, FIXED_NOW)
    finally:
        transport.close()


def _outbox(engine) -> list[OutboxMessage]:
    with unit_of_work(engine) as session:
        return list(session.scalars(select(OutboxMessage)))


@pytest.mark.parametrize("scheme", ["smtp", "smtps"])
def test_tls_checks_the_certificate_and_the_login_goes_only_inside_it(
    engine, context, people, authority, serve, scheme
):
    ca, ca_file = authority
    tls = _server_context(ca)
    server = serve(
        **{
            "smtp": {"tls_context": tls, "require_starttls": True},  # STARTTLS
            # TLS from the start: aiosmtpd offers AUTH inside TLS only after STARTTLS and
            # does not count this TLS, so it is told to offer it (the login is checked below)
            "smtps": {"ssl_context": tls, "auth_require_tls": False},
        }[scheme]
    )
    _invite(engine, context, people)
    url = f"{scheme}://{USER}:{PASSWORD.replace(' ', '%20')}@127.0.0.1:{server.port}"
    assert _send(engine, url, ca_file).sent == 1
    assert server.logins.seen == [(USER, PASSWORD, True)]
    assert sorted(server.handler.by_recipient()) == ["ana@example.org"]


@pytest.mark.parametrize("scheme", ["smtp", "smtps"])
def test_a_certificate_no_trusted_authority_signed_is_refused(
    engine, context, people, authority, serve, scheme
):
    _, ca_file = authority
    stranger = trustme.CA()  # the server's certificate comes from another authority
    tls = {"smtp": "tls_context", "smtps": "ssl_context"}[scheme]
    server = serve(**{tls: _server_context(stranger)}, auth_require_tls=False)
    _invite(engine, context, people)
    url = f"{scheme}://{USER}:{PASSWORD}@127.0.0.1:{server.port}"
    report = _send(engine, url, ca_file)
    assert (report.sent, report.deferred) == (0, 1)
    (message,) = _outbox(engine)
    assert message.status == "queued" and message.attempts == 1
    assert "CERTIFICATE_VERIFY_FAILED" in (message.last_error or "")
    assert server.handler.received == [] and server.logins.seen == []


def test_no_password_goes_to_a_server_without_starttls(engine, context, people, serve):
    server = serve(auth_require_tls=False)  # it would take a password in clear
    _invite(engine, context, people)
    report = _send(engine, f"smtp://{USER}:{PASSWORD}@127.0.0.1:{server.port}", None)
    assert report.failed == 1
    (message,) = _outbox(engine)
    assert "does not offer STARTTLS" in (message.last_error or "")
    assert server.logins.seen == [] and server.handler.received == []


def test_a_ca_file_that_is_not_one_is_refused(tmp_path):
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate")
    for path in (str(junk), str(tmp_path / "missing.pem")):
        with pytest.raises(ValidationError) as refused:
            SmtpTransport("smtp://127.0.0.1:2525", ca_file=path)
        assert refused.value.field == "PLANNER_SMTP_CA_FILE"
