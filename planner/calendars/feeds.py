"""Which meetings a feed shows, the feed itself, and its cheap version for HTTP caching.

Who sees which meeting is decided by :mod:`planner.visibility`, never here: the
conference feed is the public's; a party's feed published at an address anyone may
guess keeps to the public meetings inviting the party (directly or through its
zones) or nobody in particular; a contact's private feed (and a party's calendar
written by the CLI) adds the restricted meetings they are invited to.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session, selectinload

from planner import visibility
from planner.calendars.serializer import (
    FeedHeader,
    alarms_text,
    assemble,
    event_block,
    serialize,
    with_alarms,
)
from planner.conferences.models import Conference
from planner.conferences.operations import conference_by_slug
from planner.directory.operations import contact_by_id, party_by_code
from planner.errors import NotFound, ValidationError
from planner.meetings.models import Meeting
from planner.visibility import Viewer


@dataclass(frozen=True)
class Audience:
    """Who a feed is for (the viewer) and what names it."""

    conference: Conference
    label: str | None
    viewer: Viewer = visibility.ANYONE
    alarms: tuple[timedelta, ...] = ()  # a private feed's, chosen by its subscriber

    def visible(self) -> ColumnElement[bool]:
        return (Meeting.conference_id == self.conference.id) & visibility.sees_meeting(self.viewer)


def audience(
    session: Session,
    conference: str,
    party: str | None = None,
    contact: int | str | None = None,
    public_only: bool = False,
) -> Audience:
    """The public's feed, a party's (``public_only`` when its address is guessable), a contact's."""
    record = conference_by_slug(session, conference)
    if party and contact is not None:
        raise ValidationError("give --party or --contact, not both", "contact")
    if party:
        found = party_by_code(session, party)
        viewer = visibility.for_party(session, found, guessable=public_only)
        return Audience(record, found.name, viewer)
    if contact is not None:
        try:
            contact_id = int(contact)
        except (TypeError, ValueError):
            raise ValidationError(f"{contact!r} is not a contact id", "contact") from None
        person = contact_by_id(session, contact_id)
        return Audience(record, person.name, visibility.for_contact(session, person))
    return Audience(record, None)


def feed_selection(audience: Audience) -> Select[Meeting]:
    """The feed's meetings in the feed's order (the cache selects other columns of it)."""
    return select(Meeting).where(audience.visible()).order_by(Meeting.start_utc, Meeting.id)


def feed_meetings(session: Session, audience: Audience) -> list[Meeting]:
    return list(session.scalars(feed_selection(audience).options(selectinload(Meeting.overrides))))


def header(audience: Audience, sample: bool) -> FeedHeader:
    """The feed's name and description; ``sample``: whether any of its meetings is SAMPLE."""
    name = audience.conference.title
    if audience.label:
        name = f"{name} — {audience.label}"
    description = f"Meetings of {audience.conference.title}"
    if sample:
        description += " (includes SAMPLE meetings invented for demonstration, marked [SAMPLE])"
    return FeedHeader(
        name=name, organizer=audience.conference.secretariat_email, description=description
    )


def build_feed(session: Session, audience: Audience) -> bytes:
    meetings = feed_meetings(session, audience)
    shared: dict[tuple[Any, ...], Any] = {}
    organizer = audience.conference.secretariat_email
    blocks = [
        with_alarms(event_block(meeting, organizer, shared), audience.alarms)
        for meeting in meetings
    ]
    return assemble(header(audience, any(m.is_sample for m in meetings)), blocks)


@dataclass(frozen=True)
class FeedStamp:
    """What HTTP caching needs to know about a feed without building it."""

    version: str
    last_modified: datetime | None  # None for a feed without meetings


def feed_stamp(session: Session, audience: Audience) -> FeedStamp:
    """The feed's version and last change, from one aggregate query (no feed is built).

    Every change to a meeting or to one of its occurrences or invitations moves
    the meeting's ``last_modified``; a meeting leaving the feed changes the count.
    The conference title and the audience name the feed, so they are hashed in too.
    """
    count, latest = session.execute(
        select(func.count(Meeting.id), func.max(Meeting.last_modified)).where(audience.visible())
    ).one()
    stamp = latest.isoformat() if latest is not None else "-"
    conference = audience.conference
    key = "|".join(
        (
            conference.title,
            conference.secretariat_email,  # the ORGANIZER of events naming none of their own
            audience.label or "",
            audience.viewer.kind,
            alarms_text(audience.alarms),
            str(count),
            stamp,
        )
    )
    return FeedStamp(hashlib.sha256(key.encode("utf-8")).hexdigest()[:32], latest)


def meeting_calendar(session: Session, viewer: Viewer, meeting_id: int) -> bytes:
    """One meeting as a calendar file ("Add to calendar"), only for a viewer who may see it:
    the same serializer and header as the conference's feed, with this one meeting."""
    meeting = session.scalar(
        select(Meeting)
        .where(Meeting.id == meeting_id, visibility.sees_meeting(viewer))
        .options(selectinload(Meeting.overrides))
    )
    if meeting is None:
        raise NotFound(f"no meeting with id {meeting_id}", "meeting")
    conference = session.get_one(Conference, meeting.conference_id)
    audience = Audience(conference, meeting.title, viewer)
    return serialize(header(audience, meeting.is_sample), [meeting])
