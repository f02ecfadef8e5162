"""The bundled reference data set and its loader (``planner demo``).

Each feature contributes a loader step; they run in order inside one session,
so the data set loads completely or not at all.
"""

from collections.abc import Callable

from sqlalchemy import delete
from sqlalchemy.orm import Session

from planner import audit
from planner.audit import Context
from planner.models import Base, FeedRevision
from planner.reference import actions, chair, contacts, directory, finance, meetings

LoaderStep = Callable[[Session, Context], None]

STEPS: tuple[LoaderStep, ...] = (
    directory.load,
    meetings.load,
    chair.load,
    actions.load,
    finance.load,
    contacts.load,
)


def load_reference(session: Session, context: Context, *, reset: bool = False) -> None:
    """Load the data set; with ``reset``, empty every table first (demo databases only)."""
    if reset:
        for table in reversed(Base.metadata.sorted_tables):
            if table is not FeedRevision.__table__:  # its one row is the feeds', not data
                session.execute(delete(table))
        audit.record(session, context, "reset", "database", "*")
    for step in STEPS:
        step(session, context)
    session.flush()
