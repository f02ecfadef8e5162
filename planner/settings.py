"""The one Settings object, built from the environment and CLI flags and passed explicitly.

Domain code never reads the environment itself; it receives what it needs from here.
"""

import getpass
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from planner.errors import ValidationError

DEFAULT_DATABASE_URL = "sqlite:///planner.db"
# A web sign-in ends after this long without a request (idle) and this long after it
# began (absolute), whatever happens in between; see the README.
DEFAULT_SESSION_IDLE = timedelta(minutes=60)
DEFAULT_SESSION_LIFETIME = timedelta(hours=12)
DURATION_VARIABLES = (
    ("session_idle_timeout", "PLANNER_SESSION_IDLE_MINUTES", "minutes"),
    ("session_lifetime", "PLANNER_SESSION_LIFETIME_HOURS", "hours"),
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
        ):
            if env.get(variable):
                values[name] = env[variable]
        for name, variable, unit in DURATION_VARIABLES:
            if env.get(variable):
                values[name] = _duration(env[variable], variable, unit)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


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
