"""Every model, imported in one place so that ``Base.metadata`` is complete for Alembic."""

from planner.audit import AuditEntry
from planner.conferences.models import Conference
from planner.db import Base
from planner.directory.models import Contact, Membership, Party, ZoneTreaty
from planner.meetings.models import Invitation, Meeting, OccurrenceOverride

__all__ = [
    "AuditEntry",
    "Base",
    "Conference",
    "Contact",
    "Invitation",
    "Meeting",
    "Membership",
    "OccurrenceOverride",
    "Party",
    "ZoneTreaty",
]
