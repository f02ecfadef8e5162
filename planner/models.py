"""Every model, imported in one place so that ``Base.metadata`` is complete for Alembic."""

from planner.actions.models import Action, ActionNote
from planner.audit import AuditEntry
from planner.calendars.models import CachedEvents, CachedFeed, FeedRevision, FeedToken
from planner.chair.models import ChairDesignation, ChairEndorsement, ChairNomination, ChairProcess
from planner.conferences.models import Conference
from planner.content.models import ConferenceTranslation, MeetingTranslation
from planner.db import Base
from planner.directory.models import Contact, Membership, Party, ZoneTreaty
from planner.finance.models import Instalment, Payment, Pledge, PledgeCancellation, Void
from planner.meetings.models import Invitation, Meeting, OccurrenceOverride
from planner.notifications.models import OutboxMessage, PaymentReminder
from planner.users.models import AddressThrottle, SignInThrottle, User, WebSession

__all__ = [
    "Action",
    "ActionNote",
    "AddressThrottle",
    "AuditEntry",
    "Base",
    "CachedEvents",
    "CachedFeed",
    "ChairDesignation",
    "ChairEndorsement",
    "ChairNomination",
    "ChairProcess",
    "Conference",
    "ConferenceTranslation",
    "Contact",
    "FeedRevision",
    "FeedToken",
    "Instalment",
    "Invitation",
    "Meeting",
    "MeetingTranslation",
    "Membership",
    "OccurrenceOverride",
    "OutboxMessage",
    "Party",
    "Payment",
    "PaymentReminder",
    "Pledge",
    "PledgeCancellation",
    "SignInThrottle",
    "User",
    "Void",
    "WebSession",
    "ZoneTreaty",
]
