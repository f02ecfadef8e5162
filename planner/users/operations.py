"""Adding users, changing passwords, disabling and enabling accounts, checking a sign-in."""

import math
import re
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner import audit
from planner.audit import Context
from planner.errors import Conflict, NotFound, PlannerError, ValidationError
from planner.users.models import ROLES, User
from planner.users.passwords import (
    checked_password,
    decoy_hash,
    hash_password,
    needs_rehash,
    password_matches,
)
from planner.users.sessions import end_user_sessions
from planner.users.throttle import (
    attempted_name,
    clear_failures,
    client_key,
    count_failure,
    signin_wait,
)
from planner.validation import required_text

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,59}$")


class SignInRefused(PlannerError):
    """Wrong username or password, or a disabled account."""

    http_status = 401


class SignInThrottled(PlannerError):
    """Too many recent failures for this name; wait ``seconds`` before trying again."""

    http_status = 429

    def __init__(self, wait: timedelta):
        self.seconds = max(1, math.ceil(wait.total_seconds()))  # waiting this long is enough
        super().__init__(field="password", code="signin.throttled", seconds=self.seconds)


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
        raise ValidationError(field=field, code="user.bad_username")
    return username


def role_name(value: str | None, field: str = "role") -> str:
    role = (value or "").strip().lower()
    if role not in ROLES:
        raise ValidationError(field=field, code="choice.unknown", value=value, choices=ROLES)
    return role


def user_by_username(session: Session, username: str, field: str = "username") -> User:
    user = session.scalar(select(User).where(User.username == (username or "").strip().lower()))
    if user is None:
        raise NotFound(field=field, code="user.unknown", value=username)
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
    )
    if session.scalar(select(User.id).where(User.username == username)):
        raise Conflict(field="username", code="user.duplicate", value=username)
    session.add(user)
    session.flush()
    audit.record(session, context, "create", "user", username, after=user_record(user))
    return user


def change_password(session: Session, context: Context, username: str, password: str) -> User:
    """Set a new password; every session of the user ends and the sign-in throttle clears."""
    user = user_by_username(session, username)
    user.password_hash = hash_password(checked_password(password))
    clear_failures(session, user.username)
    end_user_sessions(session, user, context.now(), "password-changed")
    audit.record(session, context, "change-password", "user", user.username)
    return user


def disable_user(session: Session, context: Context, username: str) -> User:
    """Stop a user from signing in; every session of the user ends at once."""
    user = user_by_username(session, username)
    if user.disabled:
        raise Conflict(field="username", code="user.already_disabled", value=user.username)
    before = user_record(user)
    user.disabled = True
    end_user_sessions(session, user, context.now(), "disabled")
    audit.record(session, context, "disable", "user", user.username, before, user_record(user))
    return user


def enable_user(session: Session, context: Context, username: str) -> User:
    """Let a disabled user sign in again (sessions ended by the disabling stay ended)."""
    user = user_by_username(session, username)
    if not user.disabled:
        raise Conflict(field="username", code="user.not_disabled", value=user.username)
    before = user_record(user)
    user.disabled = False
    audit.record(session, context, "enable", "user", user.username, before, user_record(user))
    return user


def sign_out_everywhere(session: Session, context: Context, username: str) -> int:
    """End every session of the user, on every device; how many were live."""
    user = user_by_username(session, username)
    ended = end_user_sessions(session, user, context.now(), "sign-out-everywhere")
    audit.record(
        session, context, "sign-out-everywhere", "user", user.username, after={"ended": ended}
    )
    return ended


def _refuse(
    session: Session, context: Context, name: str, reason: str, refusal: PlannerError
) -> PlannerError:
    """Audit a refused sign-in (the actor is the name tried) and return the refusal to raise."""
    attempt = Context(actor=name, clock=context.clock)
    audit.record(session, attempt, "sign-in-refused", "user", name, after={"reason": reason})
    return refusal


def authenticate(
    session: Session, context: Context, username: str, password: str, address: str | None = None
) -> User:
    """The user whose credentials these are, or a refusal.

    Known and unknown names take the same path: the throttle is looked up by the name
    tried, exactly one Argon2 verification runs (against a decoy hash when no user has
    that name), and a failure is counted and audited the same way. The caller must
    commit the session even when this raises, or the count and the audit entry are lost.
    While a name, or the client ``address`` it comes from, waits out its delay, attempts
    are refused without checking the password.
    """
    name = attempted_name(username)
    client = client_key(address)
    now = context.now()
    user = session.scalar(select(User).where(User.username == name))
    wait = signin_wait(session, name, client, now)
    if wait > timedelta(0):
        raise _refuse(session, context, name, "throttled", SignInThrottled(wait))
    matches = password_matches(user.password_hash if user else decoy_hash(), password or "")
    if user is None or not matches:
        count_failure(session, name, client, now)
        reason = "unknown-user" if user is None else "wrong-password"
        raise _refuse(
            session, context, name, reason, SignInRefused(field="password", code="signin.wrong")
        )
    if user.disabled:
        raise _refuse(
            session,
            context,
            name,
            "disabled",
            SignInRefused(field="username", code="signin.disabled"),
        )
    clear_failures(session, name)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user
