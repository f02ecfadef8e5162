"""Server-side sign-in sessions: opened at sign-in, ended by sign-out, a new password,
a disabled account, "sign out everywhere", or a time-out.

The browser's cookie carries a random session id; the database holds its SHA-256
with the user, the creation and last-seen times and, once ended, when and why. A
copied cookie therefore stops working the moment its row is ended, in every worker.
These functions take a Session first and never commit.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from planner.users.models import User, WebSession

SESSION_ID_BYTES = 32
# Last-seen is written at most this often, so that browsing does not write on every
# request; the idle time-out is therefore exact to within this interval.
TOUCH_INTERVAL = timedelta(minutes=1)


@dataclass(frozen=True)
class SessionLimits:
    """How long a session may sit unused (idle) and how long it may live at all (absolute)."""

    idle: timedelta
    absolute: timedelta


def session_id_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def open_session(session: Session, user: User, now: datetime) -> str:
    """A new session for ``user``; the returned id goes into the cookie and nowhere else."""
    session_id = secrets.token_urlsafe(SESSION_ID_BYTES)
    session.add(
        WebSession(
            token_hash=session_id_hash(session_id),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
        )
    )
    session.flush()
    return session_id


def _expiry(row: WebSession, user: User, now: datetime, limits: SessionLimits) -> str | None:
    if user.disabled:
        return "disabled"
    if now - row.created_at > limits.absolute:
        return "expired"
    if now - row.last_seen_at > limits.idle:
        return "idle"
    return None


def session_user(
    session: Session, session_id: str, now: datetime, limits: SessionLimits
) -> User | None:
    """The user signed in with this session id, or None (unknown, ended, timed out).

    A session found timed out is ended here, so that it can never come back.
    """
    row = session.scalar(
        select(WebSession).where(WebSession.token_hash == session_id_hash(session_id))
    )
    if row is None or row.ended_at is not None:
        return None
    user = session.get(User, row.user_id)
    if user is None:
        return None
    reason = _expiry(row, user, now, limits)
    if reason is not None:
        row.ended_at, row.end_reason = now, reason
        return None
    if now - row.last_seen_at >= TOUCH_INTERVAL:
        row.last_seen_at = now
    return user


def end_session(session: Session, session_id: str, now: datetime, reason: str) -> None:
    session.execute(
        update(WebSession)
        .where(WebSession.token_hash == session_id_hash(session_id), WebSession.ended_at.is_(None))
        .values(ended_at=now, end_reason=reason)
        .execution_options(synchronize_session=False)
    )


def end_user_sessions(session: Session, user: User, now: datetime, reason: str) -> int:
    """End every live session of ``user``; how many there were."""
    result = session.execute(
        update(WebSession)
        .where(WebSession.user_id == user.id, WebSession.ended_at.is_(None))
        .values(ended_at=now, end_reason=reason)
        .execution_options(synchronize_session=False)
    )
    ended: int = result.rowcount  # type: ignore[attr-defined]  # an UPDATE's CursorResult
    return ended
