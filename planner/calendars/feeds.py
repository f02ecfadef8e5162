"""Which meetings a feed shows, the feed itself, and its cheap version for HTTP caching.

Who sees which meeting is decided by :mod:`planner.visibility`, never here: the
conference feed is the public's; a party's feed published at an address anyone may
guess keeps to the public meetings inviting the party (directly or through its
zones) or nobody in particular; a contact's private feed (and a party's calendar
written by the CLI) adds the restricted meetings they are invited to.

Every feed exists in the six languages: the calendar's name and description from
the catalogs and the conference's translations, a party by its CLDR or catalogued
name, the events' texts from the meetings' translations (see the serializer).
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

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
from planner.content.localized import localized
from planner.directory.operations import contact_by_id, party_by_code
from planner.errors import NotFound, ValidationError
from planner.i18n import DEFAULT_LOCALE, LOCALES, party_name, translations
from planner.meetings.models import Meeting
from planner.visibility import Viewer


@dataclass(frozen=True)
class Audience:
    """Who a feed is for (the viewer) and what names it."""

    conference: Conference
    label: str | None
    viewer: Viewer = visibility.ANYONE
    party_code: str | None = None  # a party's feed: its name is translated (CLDR, catalogs)
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
        raise ValidationError(field="contact", code="feed.party_and_contact")
    if party:
        found = party_by_code(session, party)
        viewer = visibility.for_party(session, found, guessable=public_only)
        return Audience(record, found.name, viewer, party_code=found.code)
    if contact is not None:
        try:
            contact_id = int(contact)
        except (TypeError, ValueError):
            raise ValidationError(
                field="contact", code="contact.malformed_id", value=contact
            ) from None
        person = contact_by_id(session, contact_id)
        return Audience(record, person.name, visibility.for_contact(session, person))
    return Audience(record, None)


def feed_language(value: str | None) -> str:
    """One of the six languages (English when not given); anything else is refused."""
    if value is None or value == "":
        return DEFAULT_LOCALE
    if value not in LOCALES:
        raise ValidationError(field="lang", code="choice.unknown", value=value, choices=LOCALES)
    return value


def feed_selection(audience: Audience) -> Select[Meeting]:
    """The feed's meetings in the feed's order (the cache selects other columns of it)."""
    return select(Meeting).where(audience.visible()).order_by(Meeting.start_utc, Meeting.id)


def feed_meetings(
    session: Session, audience: Audience, language: str = DEFAULT_LOCALE
) -> list[Meeting]:
    """The feed's meetings with what the serializer reads: their overrides and, for a feed
    in another language than English (the originals'), their translations."""
    return list(session.scalars(feed_selection(audience).options(*feed_loading(language))))


def feed_loading(language: str) -> tuple[LoaderOption, ...]:
    if language == DEFAULT_LOCALE:
        return (selectinload(Meeting.overrides),)
    return (selectinload(Meeting.overrides), selectinload(Meeting.translations))


def calendar_name(audience: Audience, language: str) -> str:
    """The conference's title in ``language`` (its translation, else the catalogs', else
    the original marked as such), then whose feed it is."""
    _ = translations(language).gettext
    title = localized(audience.conference, "title", language)
    name = audience.conference.title if title is None else title.text
    if title is not None and title.is_original and language != DEFAULT_LOCALE:
        name = f"{name} {_('(original in English)')}"
    if audience.label:
        label = (
            party_name(audience.party_code, audience.label, language)
            if audience.party_code
            else audience.label  # a contact's own name, as given
        )
        name = f"{name} — {label}"
    return name


def header(audience: Audience, sample: bool, language: str = DEFAULT_LOCALE) -> FeedHeader:
    """The feed's name and description in ``language``; ``sample``: whether any of its
    meetings is SAMPLE."""
    _ = translations(language).gettext
    title = localized(audience.conference, "title", language)
    description = _("Meetings of %(title)s") % {
        "title": audience.conference.title if title is None else title.text
    }
    if sample:
        description += _(" (includes SAMPLE meetings invented for demonstration, marked [SAMPLE])")
    return FeedHeader(
        name=calendar_name(audience, language),
        organizer=audience.conference.secretariat_email,
        description=description,
        language=language,
    )


def build_feed(session: Session, audience: Audience, language: str = DEFAULT_LOCALE) -> bytes:
    meetings = feed_meetings(session, audience, language)
    shared: dict[tuple[Any, ...], Any] = {}
    organizer = audience.conference.secretariat_email
    blocks = [
        with_alarms(
            event_block(meeting, organizer, shared, language=language), audience.alarms, language
        )
        for meeting in meetings
    ]
    return assemble(header(audience, any(m.is_sample for m in meetings), language), blocks)


@dataclass(frozen=True)
class FeedStamp:
    """What HTTP caching needs to know about a feed without building it."""

    version: str
    last_modified: datetime | None  # None for a feed without meetings


def feed_stamp(session: Session, audience: Audience, language: str = DEFAULT_LOCALE) -> FeedStamp:
    """The feed's version and last change, from one aggregate query (no feed is built).

    Every change to a meeting or to one of its occurrences or invitations moves
    the meeting's ``last_modified``; a meeting leaving the feed changes the count.
    The conference title and the audience name the feed, so they are hashed in too, as
    the feed's language gives them (a new translation of the title changes the stamp).
    """
    count, latest = session.execute(
        select(func.count(Meeting.id), func.max(Meeting.last_modified)).where(audience.visible())
    ).one()
    stamp = latest.isoformat() if latest is not None else "-"
    conference = audience.conference
    key = "|".join(
        (
            calendar_name(audience, language),
            language,
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
        raise NotFound(field="meeting", code="meeting.unknown_id", id=meeting_id)
    conference = session.get_one(Conference, meeting.conference_id)
    audience = Audience(conference, meeting.title, viewer)
    return serialize(header(audience, meeting.is_sample), [meeting])
