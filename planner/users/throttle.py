"""Throttling failed sign-ins by the name tried, known or not.

A few free attempts, then an exponentially growing wait, capped. The counter is kept
per name in ``signin_throttles`` (an atomic upsert, safe across workers), so an
unknown name waits exactly as long as a known one: the answers and their timing say
nothing about which names exist.
"""

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from planner.users.models import SignInThrottle

FREE_ATTEMPTS = 3
FIRST_DELAY = timedelta(seconds=1)
MAX_DELAY = timedelta(minutes=15)
MAX_DOUBLINGS = 20  # 2**20 seconds is far beyond MAX_DELAY already
NAME_LENGTH = 60  # the longest username; a longer name cannot exist and is cut


def attempted_name(value: str | None) -> str:
    """The name as a username would be looked up, without characters a database may refuse
    (PostgreSQL refuses NUL): the key of the throttle and the actor in the audit log."""
    name = "".join(ch for ch in (value or "").strip().lower() if ch.isprintable())
    return name[:NAME_LENGTH]


def signin_delay(failures: int) -> timedelta:
    """How long a name waits after its last failure before the next attempt counts."""
    if failures < FREE_ATTEMPTS:
        return timedelta(0)
    doublings = min(failures - FREE_ATTEMPTS, MAX_DOUBLINGS)  # no overflow for huge counts
    delay: timedelta = min(FIRST_DELAY * 2**doublings, MAX_DELAY)
    return delay


def signin_wait(session: Session, name: str, now: datetime) -> timedelta:
    """How long ``name`` must still wait before an attempt is checked at all."""
    throttle = session.get(SignInThrottle, name)
    if throttle is None:
        return timedelta(0)
    return max(timedelta(0), throttle.last_failure_at + signin_delay(throttle.failures) - now)


def count_failure(session: Session, name: str, now: datetime) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(SignInThrottle).values(name=name, failures=1, last_failure_at=now)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[SignInThrottle.name],
            set_={"failures": SignInThrottle.failures + 1, "last_failure_at": now},
        ),
        execution_options={"synchronize_session": False},
    )
    session.expire_all()  # the throttle row just changed under any loaded copy


def clear_failures(session: Session, name: str) -> None:
    session.execute(
        delete(SignInThrottle).where(SignInThrottle.name == name),
        execution_options={"synchronize_session": False},
    )
