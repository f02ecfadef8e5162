"""The one Settings object, built from the environment and CLI flags and passed explicitly.

Domain code never reads the environment itself; it receives what it needs from here.
"""

import getpass
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from planner.errors import ValidationError

DEFAULT_DATABASE_URL = "sqlite:///planner.db"
# A web sign-in ends after this long without a request (idle) and this long after it
# began (absolute), whatever happens in between; see the README.
DEFAULT_SESSION_IDLE = timedelta(minutes=60)
DEFAULT_SESSION_LIFETIME = timedelta(hours=12)
# E-mail: changes to one meeting for one person within this window become one message;
# a temporary failure is retried after RETRY_BASE, doubling up to RETRY_CAP, at most
# MAX_ATTEMPTS times; a party is reminded of an overdue contribution at most
# REMINDER_MAX times, REMINDER_INTERVAL apart.
DEFAULT_MAIL_COALESCE = timedelta(minutes=10)
DEFAULT_RETRY_BASE = timedelta(minutes=1)
DEFAULT_MAX_ATTEMPTS = 8
DEFAULT_REMINDER_INTERVAL = timedelta(days=30)
DEFAULT_REMINDER_MAX = 3
DURATION_VARIABLES = (
    ("session_idle_timeout", "PLANNER_SESSION_IDLE_MINUTES", "minutes"),
    ("session_lifetime", "PLANNER_SESSION_LIFETIME_HOURS", "hours"),
    ("mail_retry_base", "PLANNER_MAIL_RETRY_SECONDS", "seconds"),
    ("reminder_interval", "PLANNER_REMINDER_INTERVAL_DAYS", "days"),
)
COUNT_VARIABLES = (
    ("mail_max_attempts", "PLANNER_MAIL_MAX_ATTEMPTS"),
    ("reminder_max", "PLANNER_REMINDER_MAX"),
)


def utc_now() -> datetime:
    """The real clock, timezone-aware; tests and ``--as-of`` inject their own."""
    return datetime.now(UTC)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, e.g. in some containers
        return "unknown"


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    actor: str = field(default_factory=_os_user)
    public_base_url: str = "http://127.0.0.1:8000"
    reporting_currency: str = "USD"
    secret_key: str | None = None  # signs web session cookies; the web generates one in development
    clock: Callable[[], datetime] = utc_now
    session_idle_timeout: timedelta = DEFAULT_SESSION_IDLE
    session_lifetime: timedelta = DEFAULT_SESSION_LIFETIME
    smtp_url: str | None = None  # smtp://user:pass@host:587 (STARTTLS), smtps://; none: Maildir
    smtp_ca_file: str | None = None  # PEM of the only authorities SMTP trusts; none: the system's
    mail_from: str | None = None  # the From of every e-mail; none: the conference's secretariat
    maildir: str | None = None  # where e-mail goes without SMTP; none: mail/ beside the database
    mail_coalesce: timedelta = DEFAULT_MAIL_COALESCE
    mail_retry_base: timedelta = DEFAULT_RETRY_BASE
    mail_max_attempts: int = DEFAULT_MAX_ATTEMPTS
    reminder_interval: timedelta = DEFAULT_REMINDER_INTERVAL
    reminder_max: int = DEFAULT_REMINDER_MAX
    # Reverse proxies in front of the web planner whose X-Forwarded-For is believed: the
    # client address that sign-in throttling counts by. 0: the connection's own address
    # (a client could otherwise claim any address and escape the throttle).
    trusted_proxies: int = 0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> "Settings":
        """Settings from ``PLANNER_*`` variables; explicit overrides (CLI flags) win if not None."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for name, variable in (
            ("database_url", "PLANNER_DATABASE_URL"),
            ("actor", "PLANNER_ACTOR"),
            ("public_base_url", "PLANNER_PUBLIC_BASE_URL"),
            ("reporting_currency", "PLANNER_REPORTING_CURRENCY"),
            ("secret_key", "PLANNER_SECRET_KEY"),
            ("smtp_url", "PLANNER_SMTP_URL"),
            ("smtp_ca_file", "PLANNER_SMTP_CA_FILE"),
            ("mail_from", "PLANNER_MAIL_FROM"),
            ("maildir", "PLANNER_MAILDIR"),
        ):
            if env.get(variable):
                values[name] = env[variable]
        for name, variable, unit in DURATION_VARIABLES:
            if env.get(variable):
                values[name] = _duration(env[variable], variable, unit)
        for name, variable in COUNT_VARIABLES:
            if env.get(variable):
                values[name] = _whole(env[variable], variable, minimum=1)
        if env.get("PLANNER_TRUSTED_PROXIES"):
            proxies = _whole(env["PLANNER_TRUSTED_PROXIES"], "PLANNER_TRUSTED_PROXIES", minimum=0)
            values["trusted_proxies"] = proxies
        if env.get("PLANNER_MAIL_COALESCE"):
            minutes = _whole(env["PLANNER_MAIL_COALESCE"], "PLANNER_MAIL_COALESCE", minimum=0)
            values["mail_coalesce"] = timedelta(minutes=minutes)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def maildir_path(self) -> Path:
        """The Maildir for e-mail when no SMTP server is set: ``PLANNER_MAILDIR``, else
        ``mail/`` beside the SQLite database (in the current directory for PostgreSQL)."""
        if self.maildir:
            return Path(self.maildir)
        url = make_url(self.database_url)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            return Path(url.database).resolve().parent / "mail"
        return Path("mail").resolve()


def _duration(value: str, variable: str, unit: str) -> timedelta:
    try:
        amount = int(value)
    except ValueError:
        amount = 0
    if amount <= 0:
        raise ValidationError(
            field=variable, code="setting.not_positive_whole", value=value, unit=unit
        )
    return timedelta(**{unit: amount})


def _whole(value: str, variable: str, minimum: int) -> int:
    try:
        amount = int(value)
    except ValueError:
        amount = minimum - 1
    if amount < minimum:
        raise ValidationError(
            field=variable, code="setting.not_a_count", value=value, minimum=minimum
        )
    return amount
