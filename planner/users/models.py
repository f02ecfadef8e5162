"""A user of the web planner, their sign-in sessions, and the throttle on failed sign-ins.

Everything a sign-in depends on lives in the database, not in a worker's memory, so
that it holds across every gunicorn worker and every machine behind a load balancer:
ending a session in one worker ends it in all of them.
"""

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from planner.db import Base, UTCDateTime

ROLES = ("organizer", "finance", "viewer")
# Why a session ended: the user signed out (here or everywhere), the password changed,
# the account was disabled, or a time-out struck.
SESSION_END_REASONS = (
    "sign-out",
    "sign-out-everywhere",
    "password-changed",
    "disabled",
    "idle",
    "expired",
)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(f"role IN {ROLES}", name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)


class WebSession(Base):
    """One signed-in browser. The cookie holds a random id; only its SHA-256 is stored,
    so a copy of the database does not give anyone a usable session."""

    __tablename__ = "web_sessions"
    __table_args__ = (
        CheckConstraint("length(token_hash) = 64", name="token_hash_is_sha256_hex"),
        CheckConstraint("last_seen_at >= created_at", name="seen_after_creation"),
        CheckConstraint("ended_at IS NULL OR ended_at >= created_at", name="ended_after_creation"),
        CheckConstraint(
            f"(ended_at IS NULL AND end_reason IS NULL) OR "
            f"(ended_at IS NOT NULL AND end_reason IN {SESSION_END_REASONS})",
            name="end_reason_with_end",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(20))


class FailedSignIns:
    """A count of failed sign-ins and when the last one was: the columns of both throttles.

    ``last_failure_at`` is indexed so that rows idle for long can be pruned cheaply.
    """

    @declared_attr.directive
    def __table_args__(cls) -> tuple[CheckConstraint, ...]:
        return (CheckConstraint("failures > 0", name="failures_positive"),)

    failures: Mapped[int] = mapped_column(Integer)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class SignInThrottle(FailedSignIns, Base):
    """Failed sign-ins by the name tried, whether or not a user has that name: an unknown
    name is throttled exactly like a known one, so the answers tell nothing about which
    names exist."""

    __tablename__ = "signin_throttles"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)


class AddressThrottle(FailedSignIns, Base):
    """Failed sign-ins from one client address (an IPv6 address counts by its /64 network),
    whatever names were tried: a client trying one password on many names (password
    spraying) is slowed down although each name alone stays under its own limit."""

    __tablename__ = "signin_address_throttles"

    address: Mapped[str] = mapped_column(String(50), primary_key=True)
