"""Who may see what: the one rule every page, feed, summary and export asks.

A :class:`Viewer` says who is looking; the functions below answer for it, and nothing
else in the planner filters restricted meetings, contact details or per-party figures.

- ``public``: anyone, signed out. Public meetings only; no contact details; the status
  of contributions in totals, per party only once the conference publishes it
  (:data:`PER_PARTY`, set by an organizer and audited).
- ``party-feed``: a party's calendar at an address anyone may guess. Public meetings
  that invite the party (directly or through one of its zones) or nobody in particular.
- ``invitee``: a contact through its private, token-protected feed (or a party's
  calendar written by the CLI). Public meetings plus the restricted meetings the
  contact, its party or the party's zones are invited to.
- the signed-in roles (``viewer``, ``finance``, ``organizer``): the secretariat sees
  everything. The CLI has full database access and reads as ``organizer`` unless told
  otherwise (``planner summary --viewer public`` writes the circulable version).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, false, or_, select, true
from sqlalchemy.orm import Session

from planner.conferences.models import PER_PARTY, Conference
from planner.directory.models import Contact, Membership, Party
from planner.meetings.invitees import with_own_zones
from planner.meetings.models import Invitation, Meeting
from planner.users.models import ROLES

PUBLIC = "public"
PARTY_FEED = "party-feed"
INVITEE = "invitee"
VIEWER_KINDS = (PUBLIC, PARTY_FEED, INVITEE, *ROLES)


@dataclass(frozen=True)
class Viewer:
    """Who is looking, with the parties (zones included) and contact that widen their view."""

    kind: str
    party_ids: frozenset[int] = frozenset()
    contact_id: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in VIEWER_KINDS:
            raise ValueError(f"unknown viewer kind {self.kind!r}")

    @property
    def is_staff(self) -> bool:
        """A signed-in member of the secretariat (or the CLI acting as one)."""
        return self.kind in ROLES


ANYONE = Viewer(PUBLIC)
ORGANIZER = Viewer("organizer")  # the CLI's default: full database access


def for_role(role: str | None) -> Viewer:
    """The viewer of a web request: the signed-in user's role, or the public when signed out."""
    return ANYONE if role is None else Viewer(role)


def for_party(session: Session, party: Party, *, guessable: bool) -> Viewer:
    """A party's calendar: ``guessable`` when its address holds no secret (public only)."""
    parties = frozenset(with_own_zones(session, {party.id}))
    return Viewer(PARTY_FEED if guessable else INVITEE, parties)


def for_contact(session: Session, contact: Contact) -> Viewer:
    """A contact's private feed: its own invitations and those of its party and zones."""
    parties = with_own_zones(session, {contact.party_id} if contact.party_id else set())
    return Viewer(INVITEE, frozenset(parties), contact.id)


def sees_meeting(viewer: Viewer) -> ColumnElement[bool]:
    """The SQL condition on ``meetings`` rows this viewer may see (any conference)."""
    if viewer.is_staff:
        return true()
    public = Meeting.visibility == "public"
    if viewer.kind == PUBLIC:
        return public
    invited_party = exists().where(
        Invitation.meeting_id == Meeting.id, Invitation.party_id.in_(viewer.party_ids)
    )
    if viewer.kind == PARTY_FEED:
        open_to_all = ~exists().where(Invitation.meeting_id == Meeting.id)
        return public & (invited_party | open_to_all)
    invited: list[ColumnElement[bool]] = (
        [Invitation.party_id.in_(viewer.party_ids)] if viewer.party_ids else []
    )
    if viewer.contact_id is not None:
        invited.append(Invitation.contact_id == viewer.contact_id)
    restricted = (
        exists().where(Invitation.meeting_id == Meeting.id, or_(*invited)) if invited else false()
    )
    return public | restricted


def contact_sees(meeting: Meeting) -> ColumnElement[bool]:
    """The SQL condition on ``contacts`` rows whose private feed (:func:`for_contact`) shows
    the meeting: the same rule as :func:`sees_meeting` for an ``invitee``, said per contact
    so that a query over many contacts can filter on it (tests/test_visibility.py holds the
    two to each other)."""
    if meeting.visibility == "public":
        return true()
    zones_of_party = (
        select(Membership.zone_id).where(Membership.state_id == Contact.party_id).correlate(Contact)
    )
    return exists().where(
        Invitation.meeting_id == meeting.id,
        or_(
            Invitation.contact_id == Contact.id,
            Invitation.party_id == Contact.party_id,
            Invitation.party_id.in_(zones_of_party),
        ),
    )


def contacts_seeing(session: Session, meeting: Meeting, contact_ids: Iterable[int]) -> set[int]:
    """Which of these contacts' private feeds show the meeting, in one query however many
    they are (:func:`contact_sees`)."""
    ids = list(contact_ids)
    if not ids:
        return set()
    return set(
        session.scalars(select(Contact.id).where(Contact.id.in_(ids), contact_sees(meeting)))
    )


def names_hidden_meeting(session: Session, viewer: Viewer, conference_id: int, text: str) -> bool:
    """Whether a free-text reference to a meeting (where the chair was designated) names,
    by UID or title, a meeting of the conference this viewer may not see."""
    hidden = select(Meeting.id).where(
        Meeting.conference_id == conference_id,
        or_(Meeting.uid == text.strip(), Meeting.title == text.strip()),
        ~sees_meeting(viewer),
    )
    return session.scalar(hidden.limit(1)) is not None


def sees_contact_details(viewer: Viewer) -> bool:
    """E-mail addresses and titles of contacts: the secretariat only."""
    return viewer.is_staff


def sees_party_finance(viewer: Viewer, conference: Conference) -> bool:
    """Per-party figures of the status of contributions (who pledged, paid, owes what).

    The secretariat always; everyone else once the conference publishes them.
    """
    return viewer.is_staff or conference.contributions_publication == PER_PARTY
