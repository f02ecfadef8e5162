"""The one iCalendar serializer: meetings in, bytes out, nothing else read.

Every value comes from the data (DTSTAMP and LAST-MODIFIED are the meeting's
``last_modified``; UIDs are stored), so the same data gives byte-identical
output and an HTTP cache can trust it. It publishes (METHOD:PUBLISH) and so
lists no ATTENDEE: invitations decide who receives a feed, not what it says.
Cancelled meetings and occurrences stay in the feed with STATUS:CANCELLED so
that subscribers see the cancellation instead of a silently vanished event.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vDuration, vRecur, vText, vUri

from planner.calendars.timezones import vtimezone
from planner.meetings.models import Meeting, OccurrenceOverride

PRODID = "-//planner//NWFZ conference planner//EN"
DEFAULT_REFRESH = timedelta(hours=1)
SAMPLE_PREFIX = "[SAMPLE] "
SAMPLE_NOTE = "SAMPLE: invented for demonstration; not a real meeting."
STATUS = {"tentative": "TENTATIVE", "confirmed": "CONFIRMED", "cancelled": "CANCELLED"}


@dataclass(frozen=True)
class FeedHeader:
    """What the calendar says about itself."""

    name: str
    description: str | None = None
    refresh: timedelta = DEFAULT_REFRESH


class _Zones:
    """The TZIDs a feed uses and the years each must cover."""

    def __init__(self) -> None:
        self.years: dict[str, tuple[int, int]] = {}

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
    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", PRODID)
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    # icalendar 7 types NAME and X-WR-CALNAME as unknown (no TEXT escaping): say vText
    calendar.add("NAME", vText(header.name))
    calendar.add("X-WR-CALNAME", vText(header.name))
    if header.description:
        calendar.add("DESCRIPTION", vText(header.description))
        calendar.add("X-WR-CALDESC", vText(header.description))
    calendar.add("REFRESH-INTERVAL", vDuration(header.refresh), parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(header.refresh))
    zones = _Zones()
    events = []
    for meeting in meetings:
        events.append(_master(meeting, zones))
        events.extend(_override(meeting, override, zones) for override in meeting.overrides)
    calendar.subcomponents.extend(zones.components())
    calendar.subcomponents.extend(events)
    return calendar.to_ical()


def _timed(local: datetime, utc: datetime, tzid: str, zones: _Zones) -> datetime:
    """A local time with its TZID, or the UTC instant when the local time is the later
    of an ambiguous pair (a TZID value would be read as the earlier one)."""
    aware = local.replace(tzinfo=ZoneInfo(tzid))
    if aware.astimezone(UTC) != utc:
        return utc
    zones.use(tzid, local)
    return aware


def _common(event: Event, meeting: Meeting, last_modified: datetime, sequence: int) -> None:
    event.add("UID", meeting.uid)
    event.add("DTSTAMP", last_modified)
    event.add("LAST-MODIFIED", last_modified)
    event.add("CREATED", meeting.created_at)
    event.add("SEQUENCE", sequence)
    event.add("SUMMARY", (SAMPLE_PREFIX if meeting.is_sample else "") + meeting.title)
    description = _description(meeting)
    if description:
        event.add("DESCRIPTION", description)
    event.add("CATEGORIES", [meeting.kind])
    if meeting.online_url:
        event.add(
            "CONFERENCE",
            vUri(meeting.online_url),
            parameters={"VALUE": "URI", "FEATURE": "AUDIO,VIDEO", "LABEL": "Join online"},
        )
    if meeting.info_url:
        event.add("URL", vUri(meeting.info_url))
    if meeting.organizer_email:
        parameters = {"CN": meeting.organizer_name} if meeting.organizer_name else {}
        event.add(
            "ORGANIZER", vCalAddress(f"mailto:{meeting.organizer_email}"), parameters=parameters
        )


def _description(meeting: Meeting) -> str:
    parts: Sequence[str | None] = (
        SAMPLE_NOTE if meeting.is_sample else None,
        f"Cancelled: {meeting.cancel_reason}" if meeting.cancel_reason else None,
        meeting.agenda and f"Agenda: {meeting.agenda}",
        meeting.outcome and f"Outcome: {meeting.outcome}",
        meeting.source and f"Source: {meeting.source}",
    )
    return "\n\n".join(part for part in parts if part)


def _status(event: Event, status: str) -> None:
    event.add("STATUS", STATUS[status])
    event.add("TRANSP", "TRANSPARENT" if status == "cancelled" else "OPAQUE")


def _master(meeting: Meeting, zones: _Zones) -> Event:
    event = Event()
    _common(event, meeting, meeting.last_modified, meeting.sequence)
    if meeting.all_day:
        event.add("DTSTART", meeting.start_date)
        event.add("DTEND", meeting.end_date + timedelta(days=1))
    else:
        event.add(
            "DTSTART", _timed(meeting.start_local, meeting.start_utc, meeting.timezone, zones)
        )
        event.add("DTEND", _timed(meeting.end_local, meeting.end_utc, meeting.timezone, zones))
    if meeting.recurrence:
        event.add("RRULE", vRecur.from_ical(meeting.recurrence))
        zones.use(meeting.timezone, meeting.span_end_utc.astimezone(ZoneInfo(meeting.timezone)))
    if meeting.venue:
        event.add("LOCATION", meeting.venue)
    _status(event, meeting.status)
    return event


def _override(meeting: Meeting, override: OccurrenceOverride, zones: _Zones) -> Event:
    event = Event()
    _common(event, meeting, override.last_modified, override.sequence)
    tzid = meeting.timezone
    original = override.original_start_local
    event.add("RECURRENCE-ID", _timed(original, override.original_start_utc, tzid, zones))
    if override.cancelled:
        end_utc = override.original_start_utc + (meeting.end_utc - meeting.start_utc)
        end_local = end_utc.astimezone(ZoneInfo(tzid)).replace(tzinfo=None)
        event.add("DTSTART", _timed(original, override.original_start_utc, tzid, zones))
        event.add("DTEND", _timed(end_local, end_utc, tzid, zones))
    else:
        event.add("DTSTART", _timed(override.start_local, override.start_utc, tzid, zones))
        event.add("DTEND", _timed(override.end_local, override.end_utc, tzid, zones))
    venue = override.venue or meeting.venue
    if venue:
        event.add("LOCATION", venue)
    if override.cancelled and override.cancel_reason:
        event["DESCRIPTION"] = vText(
            "\n\n".join(
                filter(None, (f"Cancelled: {override.cancel_reason}", _description(meeting)))
            )
        )
    _status(event, "cancelled" if override.cancelled else meeting.status)
    return event
