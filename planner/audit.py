"""The audit log: who changed what, when, and the values before and after.

Operations call :func:`record` for every change they make, inside the same
session, so an entry exists exactly when the change was committed.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from planner.db import Base, UTCDateTime
from planner.settings import utc_now


@dataclass(frozen=True)
class Context:
    """Who is acting and what time it is; passed to every operation that changes data."""

    actor: str
    clock: Callable[[], datetime] = field(default=utc_now)

    def now(self) -> datetime:
        return self.clock()


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(60), index=True)
    entity_id: Mapped[str] = mapped_column(String(100))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


def plain(value: Any) -> Any:
    """A JSON-safe form of a column value: exact decimals and ISO dates as strings."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def snapshot(record: Base) -> dict[str, Any]:
    """The record's column values, for the before/after of an audit entry."""
    return {
        column.key: plain(getattr(record, column.key)) for column in record.__mapper__.column_attrs
    }


def record(
    session: Session,
    context: Context,
    action: str,
    entity: str,
    entity_id: object,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        at=context.now(),
        actor=context.actor,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        before=json.loads(json.dumps(before, default=plain)) if before is not None else None,
        after=json.loads(json.dumps(after, default=plain)) if after is not None else None,
    )
    session.add(entry)
    return entry


def list_entries(
    session: Session, entity: str | None = None, limit: int | None = None
) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id)
    if entity:
        query = query.where(AuditEntry.entity == entity)
    if limit:
        query = query.order_by(None).order_by(AuditEntry.id.desc()).limit(limit)
        return list(reversed(session.scalars(query).all()))
    return list(session.scalars(query))
