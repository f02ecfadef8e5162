"""Idempotent loading: make a stored record match the data file, auditing only real changes.

Running ``planner demo`` twice must change nothing, so each record is looked up
by its natural key and written only when a value differs.
"""

from typing import Any, TypeVar

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from planner import audit
from planner.audit import Context
from planner.db import Base

Model = TypeVar("Model", bound=Base)


def sync(
    session: Session,
    context: Context,
    model: type[Model],
    key: dict[str, Any],
    values: dict[str, Any],
    entity: str,
) -> Model:
    """The record of ``model`` with ``key``, created or updated so that it holds ``values``."""
    query = select(model).filter_by(**key)
    existing = session.scalar(query)
    if existing is None:
        created = model(**key, **values)
        session.add(created)
        session.flush()
        audit.record(
            session, context, "create", entity, _label(created, key), after=audit.snapshot(created)
        )
        return created
    changed = {name: value for name, value in values.items() if getattr(existing, name) != value}
    if changed:
        before = audit.snapshot(existing)
        for name, value in changed.items():
            setattr(existing, name, value)
        session.flush()
        audit.record(
            session,
            context,
            "update",
            entity,
            _label(existing, key),
            before=before,
            after=audit.snapshot(existing),
        )
    return existing


def _label(record: Base, key: dict[str, Any]) -> str:
    values = key.values() if key else inspect(record).identity or ()
    return "/".join(str(value) for value in values)
