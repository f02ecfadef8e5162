"""Every model, imported in one place so that ``Base.metadata`` is complete for Alembic."""

from planner.audit import AuditEntry
from planner.conferences.models import Conference
from planner.db import Base
from planner.directory.models import Contact, Membership, Party, ZoneTreaty
from planner.finance.models import Instalment, Payment, Pledge, PledgeCancellation, Void

__all__ = [
    "AuditEntry",
    "Base",
    "Conference",
    "Contact",
    "Instalment",
    "Membership",
    "Party",
    "Payment",
    "Pledge",
    "PledgeCancellation",
    "Void",
    "ZoneTreaty",
]
