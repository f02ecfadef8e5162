"""Adding users, changing passwords, disabling accounts and checking a sign-in."""

import re
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from planner import audit
from planner.audit import Context
from planner.errors import Conflict, NotFound, PlannerError, ValidationError
from planner.users.models import ROLES, User
from planner.users.passwords import (
    checked_password,
    hash_password,
    needs_rehash,
    password_matches,
    spend_verification_time,
)
from planner.validation import required_text

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,59}$")

# Sign-in throttling: a few free attempts, then an exponentially growing wait, capped.
FREE_ATTEMPTS = 3
FIRST_DELAY = timedelta(seconds=1)
MAX_DELAY = timedelta(minutes=15)
MAX_DOUBLINGS = 20  # 2**20 seconds is far beyond MAX_DELAY already


class SignInRefused(PlannerError):
    """Wrong username or password, or a disabled account."""

    http_status = 401


class SignInThrottled(PlannerError):
    """Too many recent failures for this account; wait before trying again."""

    http_status = 429

    def __init__(self, wait: timedelta):
        seconds = max(1, round(wait.total_seconds()))
        super().__init__(f"too many failed sign-ins; try again in {seconds} seconds", "password")
        self.wait = wait


def user_record(user: User) -> dict[str, Any]:
    """What the audit log and listings may show: never the password hash."""
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "disabled": user.disabled,
    }


def normalized_username(value: str | None, field: str = "username") -> str:
    username = (value or "").strip().lower()
    if not USERNAME_PATTERN.match(username):
        raise ValidationError(
            "must be 1-60 lower-case letters, digits, dots, hyphens or underscores", field
        )
    return username


def role_name(value: str | None, field: str = "role") -> str:
    role = (value or "").strip().lower()
    if role not in ROLES:
        raise ValidationError(f"{value!r} is not one of {', '.join(ROLES)}", field)
    return role


def user_by_username(session: Session, username: str, field: str = "username") -> User:
    user = session.scalar(select(User).where(User.username == (username or "").strip().lower()))
    if user is None:
        raise NotFound(f"no user {username!r}", field)
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def add_user(
    session: Session,
    context: Context,
    *,
    username: str,
    role: str,
    password: str,
    display_name: str | None = None,
) -> User:
    username = normalized_username(username)
    user = User(
        username=username,
        display_name=required_text(display_name or username, "display_name", 200),
        role=role_name(role),
        password_hash=hash_password(checked_password(password)),
        disabled=False,
        failed_signins=0,
    )
    if session.scalar(select(User.id).where(User.username == username)):
        raise Conflict(f"a user {username!r} already exists", "username")
    session.add(user)
    session.flush()
    audit.record(session, context, "create", "user", username, after=user_record(user))
    return user


def change_password(session: Session, context: Context, username: str, password: str) -> User:
    """Set a new password; it also clears the failed sign-in counter."""
    user = user_by_username(session, username)
    user.password_hash = hash_password(checked_password(password))
    user.failed_signins = 0
    user.last_failed_signin_at = None
    audit.record(session, context, "change-password", "user", user.username)
    return user


def disable_user(session: Session, context: Context, username: str) -> User:
    user = user_by_username(session, username)
    if user.disabled:
        raise Conflict(f"user {user.username!r} is already disabled", "username")
    before = user_record(user)
    user.disabled = True
    audit.record(session, context, "disable", "user", user.username, before, user_record(user))
    return user


def signin_delay(failures: int) -> timedelta:
    """How long an account waits after its last failure before the next attempt counts."""
    if failures < FREE_ATTEMPTS:
        return timedelta(0)
    doublings = min(failures - FREE_ATTEMPTS, MAX_DOUBLINGS)  # no overflow for huge counts
    delay: timedelta = min(FIRST_DELAY * 2**doublings, MAX_DELAY)
    return delay


def retry_after(user: User, now: datetime) -> timedelta:
    if user.last_failed_signin_at is None:
        return timedelta(0)
    return max(timedelta(0), user.last_failed_signin_at + signin_delay(user.failed_signins) - now)


def authenticate(session: Session, context: Context, username: str, password: str) -> User:
    """The user whose credentials these are, or a refusal.

    A failure is counted on the account (an atomic increment, safe across workers); the
    caller must commit the session even when this raises, or the count is lost. While an
    account waits out its delay, attempts are refused without checking the password.
    """
    user = session.scalar(select(User).where(User.username == (username or "").strip().lower()))
    if user is None:
        spend_verification_time(password or "")
        raise SignInRefused("wrong username or password", "password")
    now = context.now()
    wait = retry_after(user, now)
    if wait > timedelta(0):
        raise SignInThrottled(wait)
    if not password_matches(user.password_hash, password or ""):
        session.execute(
            update(User)
            .where(User.id == user.id)
            .values(failed_signins=User.failed_signins + 1, last_failed_signin_at=now)
        )
        raise SignInRefused("wrong username or password", "password")
    if user.disabled:
        raise SignInRefused("this account is disabled", "username")
    if user.failed_signins or user.last_failed_signin_at:
        user.failed_signins = 0
        user.last_failed_signin_at = None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user
