"""Throttling failed sign-ins by the name tried, known or not, and by the client's address.

A few free attempts, then an exponentially growing wait, capped. The counters are kept
in the database (an atomic upsert, safe across workers):
- per name in ``signin_throttles``, so an unknown name waits exactly as long as a known
  one: the answers and their timing say nothing about which names exist;
- per client address in ``signin_address_throttles`` (an IPv6 address by its /64, the
  block one machine is given), so that trying one password on many names is slowed down
  too. An office behind one address shares that counter, so it allows more failures and
  forgets them after a quiet hour; a success does not clear it (an attacker with an
  account of their own could otherwise reset it between guesses).
Rows idle for a day are deleted whenever a failure is counted: the tables stay small
however many names are tried, and nothing is kept longer than it serves.
"""

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import InstrumentedAttribute, Session

from planner.users.models import AddressThrottle, FailedSignIns, SignInThrottle

FIRST_DELAY = timedelta(seconds=1)
MAX_DELAY = timedelta(minutes=15)
MAX_DOUBLINGS = 20  # 2**20 seconds is far beyond MAX_DELAY already
NAME_LENGTH = 60  # the longest username; a longer name cannot exist and is cut
IDLE_ROWS_KEPT = timedelta(days=1)  # far beyond MAX_DELAY: a pruned row was waiting no more
IPV6_BLOCK = 64


@dataclass(frozen=True)
class Throttle:
    """One kind of counter: its table, its key column, its free attempts, and after how
    quiet a time its count starts again (None: only a success clears it)."""

    model: type[FailedSignIns]
    key: InstrumentedAttribute[str]
    free_attempts: int
    forget_after: timedelta | None

    def delay(self, failures: int) -> timedelta:
        """How long a key waits after its last failure before the next attempt counts."""
        if failures < self.free_attempts:
            return timedelta(0)
        doublings = min(failures - self.free_attempts, MAX_DOUBLINGS)  # no overflow
        delay: timedelta = min(FIRST_DELAY * 2**doublings, MAX_DELAY)
        return delay

    def wait(self, session: Session, key: str, now: datetime) -> timedelta:
        row = session.get(self.model, key)
        if row is None:
            return timedelta(0)
        if self.forget_after is not None and now - row.last_failure_at >= self.forget_after:
            return timedelta(0)
        return max(timedelta(0), row.last_failure_at + self.delay(row.failures) - now)

    def count_failure(self, session: Session, key: str, now: datetime) -> None:
        dialect = session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        failures = self.model.failures + 1
        if self.forget_after is not None:
            quiet = self.model.last_failure_at <= now - self.forget_after
            failures = case((quiet, 1), else_=failures)
        statement = insert(self.model).values(
            {self.key.key: key, "failures": 1, "last_failure_at": now}
        )
        session.execute(
            statement.on_conflict_do_update(
                index_elements=[self.key],
                set_={"failures": failures, "last_failure_at": now},
            ),
            execution_options={"synchronize_session": False},
        )

    def clear(self, session: Session, key: str) -> None:
        session.execute(
            delete(self.model).where(self.key == key),
            execution_options={"synchronize_session": False},
        )

    def prune(self, session: Session, now: datetime) -> None:
        session.execute(
            delete(self.model).where(self.model.last_failure_at < now - IDLE_ROWS_KEPT),
            execution_options={"synchronize_session": False},
        )


BY_NAME = Throttle(SignInThrottle, SignInThrottle.name, free_attempts=3, forget_after=None)
BY_ADDRESS = Throttle(
    AddressThrottle, AddressThrottle.address, free_attempts=20, forget_after=timedelta(hours=1)
)


def attempted_name(value: str | None) -> str:
    """The name as a username would be looked up, without characters a database may refuse
    (PostgreSQL refuses NUL): the key of the throttle and the actor in the audit log."""
    name = "".join(ch for ch in (value or "").strip().lower() if ch.isprintable())
    return name[:NAME_LENGTH]


def client_key(address: str | None) -> str | None:
    """The address counter's key: an IPv4 address itself, an IPv6 address's /64 network.
    None when the address is unknown or not an IP address (a Unix socket, a test client)."""
    try:
        parsed = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return None
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:  # ::ffff:192.0.2.1 is that IPv4 client
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, IPV6_BLOCK), strict=False))
    return str(parsed)


def signin_wait(session: Session, name: str, address: str | None, now: datetime) -> timedelta:
    """How long an attempt for ``name`` from ``address`` must still wait before it is
    checked at all: the longer of the two counters' waits."""
    wait = BY_NAME.wait(session, name, now)
    if address is not None:
        wait = max(wait, BY_ADDRESS.wait(session, address, now))
    return wait


def count_failure(session: Session, name: str, address: str | None, now: datetime) -> None:
    for throttle in (BY_NAME, BY_ADDRESS):
        throttle.prune(session, now)
    BY_NAME.count_failure(session, name, now)
    if address is not None:
        BY_ADDRESS.count_failure(session, address, now)
    session.expire_all()  # the throttle rows just changed under any loaded copy


def clear_failures(session: Session, name: str) -> None:
    """A success clears the name's counter (not the address's: see the module's docstring)."""
    BY_NAME.clear(session, name)
