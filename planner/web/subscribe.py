"""Public portal pages for attendees: a conference's meetings and the feeds to subscribe to.

The meetings page lists exactly what the public feed holds (the same selection,
``feed_meetings`` of the public audience, for every reader: the page says "public
meetings only" and offers that feed; signed-in users find every meeting in the
workspace), each occurrence of a series on its own
line with moved and cancelled occurrences applied, in the meeting's own time zone
and in UTC. The subscribe page gives every feed as a ``webcal://`` link (calendar
apps open it as a subscription) and as the plain address to paste into an app's
"subscribe from URL" box, both absolute from ``Settings.public_base_url``.
"""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_time
from flask import Flask, render_template
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from planner.calendars.addresses import absolute, party_feed_path, public_feed_path, webcal
from planner.calendars.feeds import audience, feed_meetings
from planner.conferences.models import Conference
from planner.conferences.operations import conference_by_slug
from planner.conferences.timeline import is_held
from planner.directory.models import PartyKind
from planner.directory.operations import list_parties
from planner.i18n import DEFAULT_LOCALE, date_text, date_time_join
from planner.meetings.models import Meeting, MeetingStatus
from planner.meetings.schedule import series_occurrences
from planner.web.database import db, state
from planner.web.localization import locale, localized_date
from planner.web.portal import Panel, add_conference_panel, blueprint

UTC_ZONE = ZoneInfo("UTC")


@dataclass(frozen=True)
class Subscription:
    """One feed: the address to paste and the ``webcal://`` form that opens a calendar app."""

    url: str
    webcal: str


def subscription(path: str) -> Subscription:
    """The feed as the page's reader would want it: in the page's language (``?lang=``),
    the bare address for English."""
    url = absolute(state().settings.public_base_url, path)
    if locale() != DEFAULT_LOCALE:
        url += f"?lang={locale()}"
    return Subscription(url, webcal(url))


@dataclass(frozen=True)
class Occurrence:
    """A line of the meetings page: one meeting, or one occurrence of a series."""

    meeting: Meeting
    start_utc: datetime
    end_utc: datetime
    cancelled: bool
    moved: bool

    @property
    def local(self) -> str:
        if self.meeting.all_day:
            return _days(self.meeting.start_date, self.meeting.end_date)
        return _span(self.start_utc, self.end_utc, ZoneInfo(self.meeting.timezone))

    @property
    def utc(self) -> str:
        if self.meeting.all_day:
            return ""
        return _span(self.start_utc, self.end_utc, UTC_ZONE)


def _days(first: date | None, last: date | None) -> str:
    if first == last or last is None:
        return localized_date(first)
    return f"{localized_date(first)} – {localized_date(last)}"


def _moment(instant: datetime, lang: str) -> str:
    """Date (medium) and time (short, no seconds) joined as the locale joins them."""
    time_text = format_time(instant, "short", tzinfo=instant.tzinfo, locale=lang)
    return date_time_join(date_text(instant, lang, "medium"), time_text, lang)


def _span(start: datetime, end: datetime, zone: ZoneInfo) -> str:
    """Start and end in ``zone``: the end's date is repeated only when it differs."""
    lang = locale()
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    if local_end.date() == local_start.date():
        until = format_time(local_end, "short", tzinfo=zone, locale=lang)
    else:
        until = _moment(local_end, lang)
    return f"{_moment(local_start, lang)} – {until}"


def occurrences_of(meeting: Meeting) -> list[Occurrence]:
    if not meeting.recurrence:
        cancelled = meeting.status == MeetingStatus.CANCELLED
        return [Occurrence(meeting, meeting.start_utc, meeting.end_utc, cancelled, False)]
    overrides = {override.original_start_local: override for override in meeting.overrides}
    result = []
    for planned in series_occurrences(meeting):
        override = overrides.get(planned.original_local)
        if override is not None and not override.cancelled:
            _start_local, _end_local, start_utc, end_utc = override.moved_to
            result.append(Occurrence(meeting, start_utc, end_utc, False, True))
            continue
        cancelled = meeting.status == MeetingStatus.CANCELLED or override is not None
        result.append(Occurrence(meeting, planned.start_utc, planned.end_utc, cancelled, False))
    return result


@dataclass(frozen=True)
class MeetingsByTime:
    upcoming: list[Occurrence]
    past: list[Occurrence]
    cancelled: list[Occurrence]


def public_meetings(session: Session, conference: str, now: datetime) -> MeetingsByTime:
    """The public feed's meetings, as occurrences: upcoming (soonest first), past (latest
    first) and cancelled. A meeting under way counts as upcoming until it ends."""
    lines = [
        line
        for meeting in feed_meetings(session, audience(session, conference))
        for line in occurrences_of(meeting)
    ]
    lines.sort(key=lambda line: (line.start_utc, line.meeting.id))
    live = [line for line in lines if not line.cancelled]
    return MeetingsByTime(
        upcoming=[line for line in live if not is_held(line.end_utc, now)],
        past=[line for line in reversed(live) if is_held(line.end_utc, now)],
        cancelled=[line for line in lines if line.cancelled],
    )


@blueprint.get("/conferences/<slug>/meetings")
def meetings(slug: str) -> ResponseReturnValue:
    session = db()
    conference = conference_by_slug(session, slug)
    listing = public_meetings(session, conference.slug, state().settings.clock())
    return render_template(
        "web/portal/meetings.html",
        conference=conference,
        listing=listing,
        feed=subscription(public_feed_path(conference.slug)),
    )


@blueprint.get("/conferences/<slug>/calendars")
def calendars(slug: str) -> ResponseReturnValue:
    session = db()
    conference = conference_by_slug(session, slug)
    parties = list_parties(session)
    by_kind = {
        kind: [
            (party, subscription(party_feed_path(conference.slug, party.code)))
            for party in parties
            if party.kind == kind
        ]
        for kind in (PartyKind.ZONE, PartyKind.STATE, PartyKind.ORGANIZATION)
    }
    return render_template(
        "web/portal/calendars.html",
        conference=conference,
        feed=subscription(public_feed_path(conference.slug)),
        by_kind=by_kind,
    )


def calendar_panel(session: Session, conference: Conference) -> Panel:
    return Panel(
        "web/portal/panels/calendar.html",
        {"conference": conference, "feed": subscription(public_feed_path(conference.slug))},
    )


def init_app(app: Flask) -> None:
    add_conference_panel(app, calendar_panel)
