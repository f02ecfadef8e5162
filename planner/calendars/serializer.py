"""The one iCalendar serializer: meetings in, bytes out, nothing else read.

Every value comes from the data (DTSTAMP and LAST-MODIFIED are the meeting's
``last_modified``; UIDs are stored), so the same data gives byte-identical
output and an HTTP cache can trust it. It publishes (METHOD:PUBLISH) and so
lists no ATTENDEE: invitations decide who receives a feed, not what it says.
Cancelled meetings and occurrences stay in the feed with STATUS:CANCELLED so
that subscribers see the cancellation instead of a silently vanished event.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import (
    Calendar,
    Event,
    vCalAddress,
    vCategory,
    vDDDTypes,
    vDuration,
    vInt,
    vRecur,
    vText,
    vUri,
)

from planner.calendars.timezones import vtimezone
from planner.i18n import DEFAULT_LOCALE, translations
from planner.meetings.models import Meeting, OccurrenceOverride

PRODID = "-//planner//NWFZ conference planner//EN"
# Raise whenever the bytes written for the same data change: HTTP validators
# (ETags) include it, so that subscribers are not told an old feed is current.
SERIALIZER_VERSION = "1"
DEFAULT_REFRESH = timedelta(hours=1)
SAMPLE_PREFIX = "[SAMPLE] "
STATUS = {"tentative": "TENTATIVE", "confirmed": "CONFIRMED", "cancelled": "CANCELLED"}


@dataclass(frozen=True)
class FeedHeader:
    """What the calendar says about itself."""

    name: str
    description: str | None = None
    refresh: timedelta = DEFAULT_REFRESH
    lang: str = DEFAULT_LOCALE  # of the words the feed adds to the data (Agenda:, Source:)


class _Feed:
    """The TZIDs a feed uses and the years each must cover, and the feed's shared values.

    Equal values (a status, a kind, a venue, a timestamp) become one property object
    shared by every event that uses it: icalendar builds a parameter dictionary for
    each property object, which costs more than serializing it. Nothing modifies a
    property once built, so sharing is safe.
    """

    def __init__(self, lang: str = DEFAULT_LOCALE) -> None:
        self.years: dict[str, tuple[int, int]] = {}
        self.shared: dict[tuple, object] = {}
        self.gettext = translations(lang).gettext

    def share(self, key: tuple, build: Callable[[], Any]) -> Any:
        if key not in self.shared:
            self.shared[key] = build()
        return self.shared[key]

    def text(self, value: str) -> vText:
        return self.share(("text", value), lambda: vText(value))

    def instant(self, value: datetime | date) -> vDDDTypes:
        key = ("instant", type(value), value, getattr(value, "tzinfo", None))
        return self.share(key, lambda: vDDDTypes(value))

    def use(self, tzid: str, *instants: datetime) -> None:
        years = [instant.year for instant in instants]
        first, last = self.years.get(tzid, (min(years), max(years)))
        self.years[tzid] = (min(first, *years), max(last, *years))

    def components(self):
        for tzid in sorted(self.years):
            first, last = self.years[tzid]
            # one year of margin: UTC and local years differ around New Year
            yield vtimezone(tzid, first - 1, last + 1)


def serialize(header: FeedHeader, meetings: Iterable[Meeting]) -> bytes:
    """The feed as RFC 5545 bytes (CRLF, folded at 75 octets without splitting UTF-8).

    ``meetings`` must have their ``overrides`` loaded; they are written in the
    order given, each master followed by its overrides.
    """
    name = " ".join(header.name.split())  # a calendar's name is one line in every client
    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", PRODID)
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    # icalendar 7 types NAME and X-WR-CALNAME as unknown (no TEXT escaping): say vText
    calendar.add("NAME", vText(name))
    calendar.add("X-WR-CALNAME", vText(name))
    if header.description:
        calendar.add("DESCRIPTION", vText(header.description))
        calendar.add("X-WR-CALDESC", vText(header.description))
    calendar.add("REFRESH-INTERVAL", vDuration(header.refresh), parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(header.refresh))
    feed = _Feed(header.lang)
    events = []
    for meeting in meetings:
        events.append(_master(meeting, feed))
        events.extend(_override(meeting, override, feed) for override in meeting.overrides)
    calendar.subcomponents.extend(feed.components())
    calendar.subcomponents.extend(events)
    return calendar.to_ical()


def _timed(local: datetime, utc: datetime, tzid: str, feed: _Feed) -> vDDDTypes:
    """A local time with its TZID, or the UTC instant when the local time is the later
    of an ambiguous pair (a TZID value would be read as the earlier one)."""
    aware = local.replace(tzinfo=ZoneInfo(tzid))
    if aware.astimezone(UTC) != utc:
        return feed.instant(utc)
    feed.use(tzid, local)
    return feed.instant(aware)


# Properties are set as typed values (``event[NAME] = vText(...)``) rather than with
# ``Component.add``, which guesses the type and rebuilds the parameters on every call:
# the same bytes at less than half the cost, which keeps a 10,000-meeting feed within
# 1.5x of icalendar's bare serialization (benchmarks/calendar_feed.py).


def _common(
    event: Event, meeting: Meeting, last_modified: datetime, sequence: int, feed: _Feed
) -> None:
    event["UID"] = vText(meeting.uid)
    event["DTSTAMP"] = event["LAST-MODIFIED"] = feed.instant(last_modified)
    event["CREATED"] = feed.instant(meeting.created_at)
    event["SEQUENCE"] = vInt(sequence)
    event["SUMMARY"] = vText((SAMPLE_PREFIX if meeting.is_sample else "") + meeting.title)
    description = _description(meeting, feed)
    if description:
        event["DESCRIPTION"] = vText(description)
    event["CATEGORIES"] = feed.share(("kind", meeting.kind), lambda: vCategory([meeting.kind]))
    if meeting.online_url:
        event["CONFERENCE"] = feed.share(
            ("conference", meeting.online_url),
            lambda: vUri(
                meeting.online_url,
                params={"VALUE": "URI", "FEATURE": ["AUDIO", "VIDEO"], "LABEL": "Join online"},
            ),
        )
    if meeting.info_url:
        event["URL"] = vUri(meeting.info_url)
    if meeting.organizer_email:
        event["ORGANIZER"] = feed.share(
            ("organizer", meeting.organizer_email, meeting.organizer_name),
            lambda: vCalAddress(
                f"mailto:{meeting.organizer_email}",
                params={"CN": meeting.organizer_name} if meeting.organizer_name else None,
            ),
        )


def _description(meeting: Meeting, feed: _Feed) -> str:
    _ = feed.gettext
    parts: Sequence[str | None] = (
        _("SAMPLE: invented for demonstration; not a real meeting.") if meeting.is_sample else None,
        _cancelled(meeting.cancel_reason, feed) if meeting.cancel_reason else None,
        meeting.agenda and _("Agenda: %(agenda)s") % {"agenda": meeting.agenda},
        meeting.outcome and _("Outcome: %(outcome)s") % {"outcome": meeting.outcome},
        meeting.source and _("Source: %(source)s") % {"source": meeting.source},
    )
    return "\n\n".join(part for part in parts if part)


def _cancelled(reason: str, feed: _Feed) -> str:
    return feed.gettext("Cancelled: %(reason)s") % {"reason": reason}


def _status(event: Event, status: str, feed: _Feed) -> None:
    event["STATUS"] = feed.text(STATUS[status])
    event["TRANSP"] = feed.text("TRANSPARENT" if status == "cancelled" else "OPAQUE")


def _master(meeting: Meeting, feed: _Feed) -> Event:
    event = Event()
    _common(event, meeting, meeting.last_modified, meeting.sequence, feed)
    if meeting.all_day:
        event["DTSTART"] = feed.instant(meeting.start_date)
        event["DTEND"] = feed.instant(meeting.end_date + timedelta(days=1))
    else:
        tzid = meeting.timezone
        event["DTSTART"] = _timed(meeting.start_local, meeting.start_utc, tzid, feed)
        event["DTEND"] = _timed(meeting.end_local, meeting.end_utc, tzid, feed)
    if meeting.recurrence:
        event["RRULE"] = vRecur.from_ical(meeting.recurrence)
        feed.use(meeting.timezone, meeting.span_end_utc.astimezone(ZoneInfo(meeting.timezone)))
    if meeting.venue:
        event["LOCATION"] = feed.text(meeting.venue)
    _status(event, meeting.status, feed)
    return event


def _override(meeting: Meeting, override: OccurrenceOverride, feed: _Feed) -> Event:
    event = Event()
    _common(event, meeting, override.last_modified, override.sequence, feed)
    tzid = meeting.timezone
    original = override.original_start_local
    event["RECURRENCE-ID"] = _timed(original, override.original_start_utc, tzid, feed)
    if override.cancelled:
        end_utc = override.original_start_utc + (meeting.end_utc - meeting.start_utc)
        end_local = end_utc.astimezone(ZoneInfo(tzid)).replace(tzinfo=None)
        event["DTSTART"] = _timed(original, override.original_start_utc, tzid, feed)
        event["DTEND"] = _timed(end_local, end_utc, tzid, feed)
    else:
        event["DTSTART"] = _timed(override.start_local, override.start_utc, tzid, feed)
        event["DTEND"] = _timed(override.end_local, override.end_utc, tzid, feed)
    venue = override.venue or meeting.venue
    if venue:
        event["LOCATION"] = feed.text(venue)
    if override.cancelled and override.cancel_reason:
        cancelled = _cancelled(override.cancel_reason, feed)
        event["DESCRIPTION"] = vText(
            "\n\n".join(filter(None, (cancelled, _description(meeting, feed))))
        )
    _status(event, "cancelled" if override.cancelled else meeting.status, feed)
    return event
