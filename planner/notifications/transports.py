"""Where e-mail goes: an SMTP server (smtplib) or, with none configured, a Maildir.

A transport either hands the message over or raises :class:`TemporaryFailure` (try
again later: a 4xx answer, a refused or broken connection) or :class:`PermanentFailure`
(a 5xx answer: the server will never take it), with the server's own words.
"""

import mailbox
import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

from planner.errors import ValidationError

SMTP_PORTS = {"smtp": 587, "smtps": 465}


class TemporaryFailure(Exception):
    """Try again later."""


class PermanentFailure(Exception):
    """The server refused the message for good."""


class _ConnectionLost(Exception):
    """No answer from the server: refused, broken or closed connection, TLS failure."""


class Transport(Protocol):
    description: str

    def deliver(self, envelope_from: str, recipient: str, mail: EmailMessage) -> None: ...

    def close(self) -> None: ...


class MaildirTransport:
    """Each message a file in a Maildir (``new/``) that any mail client opens."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.description = f"Maildir {path}"
        self.box = mailbox.Maildir(path, create=True)

    def deliver(self, envelope_from: str, recipient: str, mail: EmailMessage) -> None:
        self.box.add(mail)

    def close(self) -> None:
        self.box.close()


def tls_context(ca_file: str | None) -> ssl.SSLContext:
    """The certificate checks of every SMTP connection: the server's certificate must
    chain to a trusted authority and name the host (Python's defaults); trusted are the
    system's authorities (``SSL_CERT_FILE`` and ``SSL_CERT_DIR`` move them), or only
    those in ``ca_file`` (``PLANNER_SMTP_CA_FILE``: a PEM file, e.g. a private CA's)."""
    try:
        return ssl.create_default_context(cafile=ca_file)
    except (OSError, ssl.SSLError):
        raise ValidationError(
            field="PLANNER_SMTP_CA_FILE", code="smtp.bad_ca_file", path=ca_file
        ) from None


class SmtpTransport:
    """One connection, opened on first use and reused; ``smtp://`` upgrades with STARTTLS
    (required before a password is sent), ``smtps://`` speaks TLS from the start; the
    server's certificate is checked (:func:`tls_context`)."""

    def __init__(self, url: str, timeout: float = 30.0, ca_file: str | None = None) -> None:
        parts = urlsplit(url)
        if parts.scheme not in SMTP_PORTS or not parts.hostname:
            raise ValidationError(field="PLANNER_SMTP_URL", code="smtp.bad_url")
        self.secure = parts.scheme == "smtps"
        self.host = parts.hostname
        self.port = parts.port or SMTP_PORTS[parts.scheme]
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else ""
        self.timeout = timeout
        self.context = tls_context(ca_file)
        self.description = f"{parts.scheme}://{self.host}:{self.port}"
        self.connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        context = self.context
        connection: smtplib.SMTP
        if self.secure:
            connection = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=context
            )
        else:
            connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            connection.ehlo()
            if connection.has_extn("starttls"):
                connection.starttls(context=context)
                connection.ehlo()
            elif self.user:
                connection.close()
                raise PermanentFailure(
                    f"{self.host} does not offer STARTTLS; the password is not sent in clear"
                )
        if self.user:
            connection.login(self.user, self.password)
        return connection

    def deliver(self, envelope_from: str, recipient: str, mail: EmailMessage) -> None:
        reused = self.connection is not None
        try:
            self._send(envelope_from, recipient, mail)
        except _ConnectionLost as lost:
            if not reused:
                raise TemporaryFailure(str(lost)) from None
            # a connection kept open between messages may have been closed by the server
            # (idle time-out, restart): one fresh connection before the message waits
            try:
                self._send(envelope_from, recipient, mail)
            except _ConnectionLost as again:
                raise TemporaryFailure(str(again)) from None

    def _send(self, envelope_from: str, recipient: str, mail: EmailMessage) -> None:
        try:
            if self.connection is None:
                self.connection = self._connect()
            refused = self.connection.send_message(
                mail, from_addr=envelope_from, to_addrs=[recipient]
            )
        except smtplib.SMTPRecipientsRefused as error:
            code, answer = error.recipients.get(recipient, (550, b"recipient refused"))
            self._fail(code, answer)
        except smtplib.SMTPResponseException as error:
            self.close()
            self._fail(error.smtp_code, error.smtp_error)
        except (smtplib.SMTPException, OSError) as error:
            self.close()
            raise _ConnectionLost(f"{self.description}: {error}") from None
        if refused:
            code, answer = refused[recipient]
            self._fail(code, answer)

    def _fail(self, code: int, answer: bytes | str) -> None:
        text = answer.decode("utf-8", "replace") if isinstance(answer, bytes) else answer
        message = f"{code} {text}"
        if 400 <= code < 500:
            raise TemporaryFailure(message)
        raise PermanentFailure(message)

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                self.connection.close()
            self.connection = None


def transport_for(smtp_url: str | None, maildir: Path, ca_file: str | None = None) -> Transport:
    return SmtpTransport(smtp_url, ca_file=ca_file) if smtp_url else MaildirTransport(maildir)
