"""The one iCalendar serializer: meetings in, bytes out, nothing else read.

Every value comes from the data (DTSTAMP and LAST-MODIFIED are the meeting's
``last_modified``; UIDs are stored), so the same data gives byte-identical
output and an HTTP cache can trust it. Feeds publish (METHOD:PUBLISH) and so
list no ATTENDEE: invitations decide who receives a feed, not what it says.
Cancelled meetings and occurrences stay in the feed with STATUS:CANCELLED so
that subscribers see the cancellation instead of a silently vanished event.

A feed is written in one language. The English feed is the original texts as
they are. In another language SUMMARY, LOCATION and DESCRIPTION come from the
meeting's translations (:mod:`planner.content.localized`) and carry a LANGUAGE
parameter (RFC 5545 3.2.10) naming the language of their content: a title
without a translation is the English original, LANGUAGE=en, followed by the
catalog's mark "(original in English)"; a venue without one is LANGUAGE=en
without a mark (clients look a LOCATION up on maps); the words the feed adds
(Agenda:, Cancelled:, Join online) come from the catalogs.

An e-mail invitation (:func:`itip_calendar`) is the same events, with the same UID and
SEQUENCE, under METHOD:REQUEST or CANCEL and with the recipient's ATTENDEE, so that
a client that both subscribed and got the invitation shows one event.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from icalendar import (
    Alarm,
    Calendar,
    Event,
    vCalAddress,
    vCategory,
    vDDDLists,
    vDDDTypes,
    vDuration,
    vInt,
    vRecur,
    vText,
    vUri,
)

from planner.calendars.timezones import vtimezone
from planner.content.localized import Localized, localized, with_original_mark
from planner.errors import ValidationError
from planner.i18n import DEFAULT_LOCALE, translations
from planner.meetings.models import Meeting, MeetingStatus, OccurrenceOverride
from planner.meetings.schedule import series_occurrences
from planner.meetings.timing import Occurrence, local_instant, unambiguous

PRODID = "-//planner//NWFZ conference planner//EN"
END = b"END:VCALENDAR\r\n"
DEFAULT_REFRESH = timedelta(hours=1)
SAMPLE_PREFIX = "[SAMPLE] "
Shared = TypeVar("Shared")  # a property object that _Feed.share builds once
STATUS: dict[str, str] = {
    status: status.value.upper() for status in MeetingStatus
}  # the iCalendar STATUS values


@dataclass(frozen=True)
class FeedHeader:
    """What the calendar says about itself."""

    name: str
    organizer: str  # e-mail address: the ORGANIZER of events that name none of their own
    description: str | None = None
    refresh: timedelta = DEFAULT_REFRESH
    language: str = DEFAULT_LOCALE  # of the name, the description and the events' texts
    method: str = "PUBLISH"  # REQUEST or CANCEL for an invitation sent by e-mail (RFC 5546)


@dataclass(frozen=True)
class Attendee:
    """The recipient of an invitation, written as the events' ATTENDEE."""

    email: str
    name: str | None = None


class _Feed:
    """The shared values of one feed build, and the TZIDs one meeting's events use.

    Equal values (a status, a kind, a venue, a timestamp) become one property object
    shared by every event that uses it: icalendar builds a parameter dictionary for
    each property object, which costs more than serializing it. Nothing modifies a
    property once built, so sharing is safe. ``years`` is per meeting (see
    :class:`EventBlock`), ``shared`` per build; ``organizer`` is the address of events
    that name no organizer of their own; ``language`` the language of the feed.
    """

    def __init__(
        self,
        organizer: str,
        shared: dict[tuple[Any, ...], Any] | None = None,
        attendee: Attendee | None = None,
        language: str = DEFAULT_LOCALE,
    ) -> None:
        self.organizer = organizer
        self.attendee = attendee
        self.language = language
        self.gettext = translations(language).gettext
        self.years: dict[str, tuple[int, int]] = {}
        self.shared: dict[tuple[Any, ...], Any] = {} if shared is None else shared

    def share(self, key: tuple[Any, ...], build: Callable[[], Shared]) -> Shared:
        if key not in self.shared:
            self.shared[key] = build()
        shared: Shared = self.shared[key]
        return shared

    def text(self, value: str) -> vText:
        return self.share(("text", value), lambda: vText(value))

    def content(self, value: Localized, marked: bool = True) -> vText:
        """A content text in this feed's language: the English feed's as it is; another's
        with the LANGUAGE of its content, and (``marked``) the mark after an original."""
        if self.language == DEFAULT_LOCALE:
            return self.text(value.text)
        text = value.text
        if marked and value.is_original:
            text = with_original_mark(text, self.language)
        return self.share(
            ("content", text, value.language),
            lambda: vText(text, params={"LANGUAGE": value.language}),
        )

    def instant(self, value: datetime | date) -> vDDDTypes:
        key = ("instant", type(value), value, getattr(value, "tzinfo", None))
        return self.share(key, lambda: vDDDTypes(value))

    def use(self, tzid: str, *instants: datetime) -> None:
        years = [instant.year for instant in instants]
        first, last = self.years.get(tzid, (min(years), max(years)))
        self.years[tzid] = (min(first, *years), max(last, *years))


@dataclass(frozen=True)
class EventBlock:
    """One meeting's VEVENTs as bytes (its master, then its overrides), and the years
    each TZID they use must cover: what a feed needs of a meeting, so that a cache can
    keep it and a feed can be assembled from blocks built at different times."""

    ical: bytes
    zones: tuple[tuple[str, int, int], ...]  # (tzid, first year, last year), sorted


def serialize(header: FeedHeader, meetings: Iterable[Meeting]) -> bytes:
    """The feed as RFC 5545 bytes (CRLF, folded at 75 octets without splitting UTF-8).

    ``meetings`` must have their ``overrides`` (and, for a feed in another language than
    English, their ``translations``) loaded; they are written in the order given, each
    master followed by its overrides.
    """
    shared: dict[tuple[Any, ...], Any] = {}
    return assemble(
        header,
        [
            event_block(meeting, header.organizer, shared, language=header.language)
            for meeting in meetings
        ],
    )


def event_block(
    meeting: Meeting,
    organizer: str,
    shared: dict[tuple[Any, ...], Any] | None = None,
    attendee: Attendee | None = None,
    language: str = DEFAULT_LOCALE,
) -> EventBlock:
    """The meeting's events, from the meeting (with its overrides and translations), the
    feed's fallback ``organizer`` and ``language`` only (nothing else is read: a cache keyed
    by the meeting's revision, that address and the language stays right). ``shared`` lets
    one build reuse equal property objects; ``attendee`` (invitations only) is written into
    every event."""
    feed = _Feed(organizer, shared, attendee, language)
    return _block(_events(meeting, feed), feed)


def _events(meeting: Meeting, feed: _Feed, *, request: bool = False) -> list[Event]:
    """The master, its overrides, then the pinned occurrences. A ``request`` (iTIP) may
    only carry TENTATIVE or CONFIRMED events (RFC 5546 3.2.2): a cancelled occurrence
    is an EXDATE of the master there instead of a cancelled override."""
    master = _master(meeting, feed)
    overrides = list(meeting.overrides)
    if request:
        dropped = [o.original_start_local for o in overrides if o.cancelled]
        overrides = [o for o in overrides if not o.cancelled]
        if dropped:
            master["EXDATE"] = vDDDLists(
                [_local(day, meeting.timezone, feed).dt for day in dropped]
            )
    events = [master]
    events.extend(_override(meeting, override, feed) for override in overrides)
    events.extend(_pinned(meeting, occurrence, feed) for occurrence in _misread(meeting))
    return events


def _block(events: Sequence[Event], feed: _Feed) -> EventBlock:
    zones = tuple((tzid, *feed.years[tzid]) for tzid in sorted(feed.years))
    return EventBlock(b"".join(event.to_ical() for event in events), zones)


MAX_ALARMS = 3
LONGEST_ALARM = timedelta(weeks=4)


def alarms_from_text(text: str | None) -> tuple[timedelta, ...]:
    """A subscriber's alarms, ``P1D,PT15M`` (RFC 5545 durations before the start): at most
    three, each from a minute to four weeks, longest first, each once."""
    values = [part.strip() for part in (text or "").split(",") if part.strip()]
    if len(values) > MAX_ALARMS:
        raise ValidationError(
            field="alarms", code="alarms.too_many", limit=MAX_ALARMS, count=len(values)
        )
    found = set()
    for value in values:
        try:
            # icalendar 7 leaves vDuration's parser and writer untyped
            before = vDuration.from_ical(value.upper())  # type: ignore[no-untyped-call]
        except ValueError:
            raise ValidationError(field="alarms", code="alarms.malformed", value=value) from None
        if not isinstance(before, timedelta) or not timedelta(minutes=1) <= before <= LONGEST_ALARM:
            raise ValidationError(field="alarms", code="alarms.out_of_range", value=value)
        found.add(before)
    return tuple(sorted(found, reverse=True))


def alarms_text(alarms: Sequence[timedelta]) -> str:
    """The canonical spelling of alarms (what a feed's identity names)."""
    spelled = (vDuration(before).to_ical() for before in alarms)  # type: ignore[no-untyped-call]
    return ",".join(text.decode("ascii") for text in spelled)


def with_alarms(
    block: EventBlock, alarms: Sequence[timedelta], language: str = DEFAULT_LOCALE
) -> EventBlock:
    """The events with a display alarm this long before each one starts: a subscriber's
    choice on a private feed (public feeds carry none), its text in the feed's ``language``.
    Added to the serialized events, so the cached blocks every feed shares stay without
    alarms."""
    if not alarms:
        return block
    text = translations(language).gettext("Reminder")
    description = (
        vText(text) if language == DEFAULT_LOCALE else vText(text, params={"LANGUAGE": language})
    )
    components = b"".join(_alarm(before, description).to_ical() for before in alarms)
    return EventBlock(block.ical.replace(_END_EVENT, components + _END_EVENT), block.zones)


_END_EVENT = b"END:VEVENT\r\n"


def _alarm(before: timedelta, description: vText) -> Alarm:
    alarm = Alarm()
    alarm["ACTION"] = vText("DISPLAY")
    alarm["DESCRIPTION"] = description
    alarm["TRIGGER"] = vDuration(-before)
    return alarm


@dataclass(frozen=True)
class ItipCalendar:
    """An invitation's calendar for everyone it goes to, with a stand-in ATTENDEE:
    built once per state of a meeting and method, then given each recipient's line."""

    data: bytes

    def for_attendee(self, attendee: Attendee) -> bytes:
        # every line folds on its own (RFC 5545 3.1), so the recipient's folded line can
        # take the place of the stand-in's folded line
        return self.data.replace(_attendee_line(_STAND_IN), _attendee_line(attendee))


_STAND_IN = Attendee("attendee@stand-in.invalid")  # RFC 2606: never a real address


def _attendee_line(attendee: Attendee) -> bytes:
    """The folded ATTENDEE line of ``attendee``, as icalendar writes it in an event."""
    event = Event()
    event["ATTENDEE"] = _attendee(attendee)
    lines: bytes = event.to_ical()
    return lines.removeprefix(b"BEGIN:VEVENT\r\n").removesuffix(b"END:VEVENT\r\n")


def itip_calendar(
    meeting: Meeting,
    organizer: str,
    method: str,
    occurrence: datetime | None = None,
    *,
    withdrawn: bool = False,
    language: str = DEFAULT_LOCALE,
) -> ItipCalendar:
    """An invitation (RFC 5546): METHOD ``REQUEST`` with the meeting's events as the feed
    has them, or ``CANCEL`` of the meeting or, given its original local start, of one
    ``occurrence`` of a series (its override alone, RECURRENCE-ID); the ATTENDEE is
    each recipient's (:meth:`ItipCalendar.for_attendee`). A ``withdrawn`` CANCEL tells
    an attendee they are no longer invited to a meeting that still takes place: RFC 5546
    (3.2.5) says it carries no STATUS, which would cancel the meeting itself. The texts
    are in the recipient's ``language``, as a feed in that language has them (the mail
    around the calendar is in it too)."""
    feed = _Feed(organizer, attendee=_STAND_IN, language=language)
    if occurrence is None:
        events = (
            [_master(meeting, feed)] if method == "CANCEL" else _events(meeting, feed, request=True)
        )
        if withdrawn:
            events[0].pop("STATUS")
        block = _block(events, feed)
    else:
        overrides = [o for o in meeting.overrides if o.original_start_local == occurrence]
        if not overrides:
            raise ValueError(f"meeting {meeting.id} has no override for {occurrence}")
        block = _block([_override(meeting, overrides[0], feed)], feed)
    header = FeedHeader(
        name=str(_summary(meeting, feed)), organizer=organizer, method=method, language=language
    )
    return ItipCalendar(assemble(header, [block]))


def assemble(header: FeedHeader, blocks: Sequence[EventBlock]) -> bytes:
    """The calendar around the blocks, in their order, with one VTIMEZONE per TZID used.

    The bytes equal ``Calendar.to_ical()`` of the whole: icalendar writes a
    component's properties, then each subcomponent's lines, then its END line.
    """
    name = " ".join(header.name.split())  # a calendar's name is one line in every client
    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", PRODID)
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", header.method)
    # icalendar 7 types NAME and X-WR-CALNAME as unknown (no TEXT escaping): say vText.
    # ical.js knows neither property and keeps unknown values raw, escapes included,
    # unless the value type is named: VALUE=TEXT makes it unescape them.
    text_type = {"VALUE": "TEXT"}
    named, described = text_type, {}
    if header.language != DEFAULT_LOCALE:  # the English feed's bytes stay as they were
        named, described = {**text_type, "LANGUAGE": header.language}, {"LANGUAGE": header.language}
    calendar.add("NAME", vText(name), parameters=named)
    calendar.add("X-WR-CALNAME", vText(name), parameters=text_type)
    if header.description:
        calendar.add("DESCRIPTION", vText(header.description), parameters=described)
        calendar.add("X-WR-CALDESC", vText(header.description), parameters=text_type)
    calendar.add("REFRESH-INTERVAL", vDuration(header.refresh), parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(header.refresh))
    years: dict[str, tuple[int, int]] = {}
    for block in blocks:
        for tzid, first, last in block.zones:
            low, high = years.get(tzid, (first, last))
            years[tzid] = (min(low, first), max(high, last))
    for tzid in sorted(years):
        first, last = years[tzid]
        # one year of margin: UTC and local years differ around New Year
        calendar.add_component(vtimezone(tzid, first - 1, last + 1))
    head: bytes = calendar.to_ical().removesuffix(END)
    return b"".join((head, *(block.ical for block in blocks), END))


def _timed(local: datetime, utc: datetime, tzid: str, feed: _Feed) -> vDDDTypes:
    """A local time with its TZID when every reader maps it to ``utc``, else the UTC instant.

    A wall-clock time the clocks pass twice (or skip) is read differently by
    different engines (ical.js and libical take the repeated 01:30 as the later
    one), so such an instant is written in UTC, which nobody misreads.
    """
    if not unambiguous(local, tzid) or local_instant(local, tzid) != utc:
        return feed.instant(utc)
    feed.use(tzid, local)
    return feed.instant(local.replace(tzinfo=ZoneInfo(tzid)))


def _local(local: datetime, tzid: str, feed: _Feed) -> vDDDTypes:
    """The TZID form whatever the reading: a series' DTSTART and RECURRENCE-IDs must be
    local so that the rule repeats at the same wall-clock time and each reader matches
    an override to the instance it expanded (both read the same local time the same way)."""
    feed.use(tzid, local)
    return feed.instant(local.replace(tzinfo=ZoneInfo(tzid)))


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
    event["SUMMARY"] = _summary(meeting, feed)
    description = _description(meeting, feed)
    if description:
        event["DESCRIPTION"] = _in_feed_language(description, feed)
    event["CATEGORIES"] = feed.share(("kind", meeting.kind), lambda: vCategory([meeting.kind]))
    online_url = meeting.online_url
    if online_url:
        event["CONFERENCE"] = feed.share(
            ("conference", online_url),
            lambda: vUri(
                online_url,
                params={
                    "VALUE": "URI",
                    "FEATURE": ["AUDIO", "VIDEO"],
                    "LABEL": feed.gettext("Join online"),
                },
            ),
        )
    if meeting.info_url:
        event["URL"] = vUri(meeting.info_url)
    # METHOD:PUBLISH requires an ORGANIZER (RFC 5546; libical's check refuses events without)
    email = meeting.organizer_email or feed.organizer
    name = meeting.organizer_name if meeting.organizer_email else None
    event["ORGANIZER"] = feed.share(
        ("organizer", email, name),
        lambda: vCalAddress(f"mailto:{email}", params={"CN": name} if name else None),
    )
    if feed.attendee is not None:
        event["ATTENDEE"] = _attendee(feed.attendee)


def _attendee(attendee: Attendee) -> vCalAddress:
    params = {"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "FALSE"}
    if attendee.name:
        params = {"CN": attendee.name, **params}
    return vCalAddress(f"mailto:{attendee.email}", params=params)


def _in_feed_language(text: str, feed: _Feed) -> vText:
    """A text the feed writes in its own language (labels around content)."""
    if feed.language == DEFAULT_LOCALE:
        return vText(text)
    return vText(text, params={"LANGUAGE": feed.language})


def _cancelled(reason: str, feed: _Feed) -> str:
    return feed.gettext("Cancelled: %(reason)s") % {"reason": reason}


def _description(meeting: Meeting, feed: _Feed) -> str:
    """Notes on the meeting in the feed's language; an agenda without a translation is
    the English original, marked after it (the outcome and sources are not translated)."""
    _ = feed.gettext
    agenda = localized(meeting, "agenda", feed.language)
    agenda_text = None
    if agenda is not None:
        marked = agenda.is_original and feed.language != DEFAULT_LOCALE
        agenda_text = with_original_mark(agenda.text, feed.language) if marked else agenda.text
    parts: Sequence[str | None] = (
        _("SAMPLE: invented for demonstration; not a real meeting.") if meeting.is_sample else None,
        _cancelled(meeting.cancel_reason, feed) if meeting.cancel_reason else None,
        agenda_text and _("Agenda: %(agenda)s") % {"agenda": agenda_text},
        meeting.outcome and _("Outcome: %(outcome)s") % {"outcome": meeting.outcome},
        meeting.source and _("Source: %(source)s") % {"source": meeting.source},
    )
    return "\n\n".join(part for part in parts if part)


def _location(meeting: Meeting, feed: _Feed) -> vText | None:
    if feed.language == DEFAULT_LOCALE:
        return feed.text(meeting.venue) if meeting.venue else None
    venue = localized(meeting, "venue", feed.language)
    return None if venue is None else feed.content(venue, marked=False)


def _status(event: Event, status: str, feed: _Feed) -> None:
    event["STATUS"] = feed.text(STATUS[status])
    event["TRANSP"] = feed.text("TRANSPARENT" if status == MeetingStatus.CANCELLED else "OPAQUE")


def _summary(meeting: Meeting, feed: _Feed) -> vText:
    """The meeting's title in the feed's language (SAMPLE marked), as its events say it."""
    prefix = SAMPLE_PREFIX if meeting.is_sample else ""
    if feed.language == DEFAULT_LOCALE:  # the originals: nothing to look up
        return vText(prefix + meeting.title)
    title = localized(meeting, "title", feed.language)
    summary = feed.content(title or Localized(meeting.title, DEFAULT_LOCALE, False))
    return vText(prefix + str(summary), params=summary.params)


def _master(meeting: Meeting, feed: _Feed) -> Event:
    event = Event()
    _common(event, meeting, meeting.last_modified, meeting.sequence, feed)
    if meeting.all_day:
        first_day, last_day = meeting.days
        event["DTSTART"] = feed.instant(first_day)
        event["DTEND"] = feed.instant(last_day + timedelta(days=1))
    elif meeting.recurrence:
        tzid = meeting.timezone
        start_local, end_local = meeting.local_span
        event["DTSTART"] = _local(start_local, tzid, feed)
        if unambiguous(start_local, tzid) and unambiguous(end_local, tzid):
            event["DTEND"] = _local(end_local, tzid, feed)
        else:  # a reader's own reading of the local start must not change the length
            event["DURATION"] = vDuration(meeting.end_utc - meeting.start_utc)
        event["RRULE"] = vRecur.from_ical(meeting.recurrence)
        feed.use(tzid, meeting.span_end_utc.astimezone(ZoneInfo(tzid)))
    else:
        tzid = meeting.timezone
        start_local, end_local = meeting.local_span
        event["DTSTART"] = _timed(start_local, meeting.start_utc, tzid, feed)
        event["DTEND"] = _timed(end_local, meeting.end_utc, tzid, feed)
    location = _location(meeting, feed)
    if location is not None:
        event["LOCATION"] = location
    _status(event, meeting.status, feed)
    return event


def _override(meeting: Meeting, override: OccurrenceOverride, feed: _Feed) -> Event:
    event = Event()
    _common(event, meeting, override.last_modified, override.sequence, feed)
    tzid = meeting.timezone
    original = override.original_start_local
    event["RECURRENCE-ID"] = _local(original, tzid, feed)
    if override.cancelled:
        end_utc = override.original_start_utc + (meeting.end_utc - meeting.start_utc)
        end_local = end_utc.astimezone(ZoneInfo(tzid)).replace(tzinfo=None)
        event["DTSTART"] = _timed(original, override.original_start_utc, tzid, feed)
        event["DTEND"] = _timed(end_local, end_utc, tzid, feed)
    else:
        start_local, end_local, start_utc, end_utc = override.moved_to
        event["DTSTART"] = _timed(start_local, start_utc, tzid, feed)
        event["DTEND"] = _timed(end_local, end_utc, tzid, feed)
    # an occurrence's own venue has no translations: it is the original, in English
    location = (
        feed.content(Localized(override.venue, DEFAULT_LOCALE, True), marked=False)
        if override.venue
        else _location(meeting, feed)
    )
    if location is not None:
        event["LOCATION"] = location
    if override.cancelled and override.cancel_reason:
        cancelled = _cancelled(override.cancel_reason, feed)
        description = "\n\n".join(filter(None, (cancelled, _description(meeting, feed))))
        event["DESCRIPTION"] = _in_feed_language(description, feed)
    _status(event, MeetingStatus.CANCELLED if override.cancelled else meeting.status, feed)
    return event


def _misread(meeting: Meeting) -> list[Occurrence]:
    """Occurrences of a series that readers would place differently, not overridden.

    Readers expand the rule in local time and each resolves a local time the clocks
    repeat or skip its own way; and ical.js adds the series' length in wall-clock
    time, so an occurrence spanning a clock change, or ending at a repeated local
    time, ends an hour off (RFC 5545 says the length is exact). An override pinning
    such an occurrence to its UTC instants makes every reader agree.
    """
    if not meeting.recurrence:
        return []
    zone = ZoneInfo(meeting.timezone)
    overridden = {override.original_start_local for override in meeting.overrides}
    return [
        occurrence
        for occurrence in series_occurrences(meeting)
        if occurrence.original_local not in overridden
        and not (
            unambiguous(occurrence.original_local, meeting.timezone)
            and unambiguous(_wall(occurrence.end_utc, zone), meeting.timezone)
            and occurrence.start_utc.astimezone(zone).utcoffset()
            == occurrence.end_utc.astimezone(zone).utcoffset()
        )
    ]


def _wall(instant: datetime, zone: ZoneInfo) -> datetime:
    return instant.astimezone(zone).replace(tzinfo=None)


def _pinned(meeting: Meeting, occurrence: Occurrence, feed: _Feed) -> Event:
    """An override that only states the instants of an occurrence readers would misread."""
    event = Event()
    _common(event, meeting, meeting.last_modified, meeting.sequence, feed)
    tzid = meeting.timezone
    event["RECURRENCE-ID"] = _local(occurrence.original_local, tzid, feed)
    event["DTSTART"] = feed.instant(occurrence.start_utc)
    event["DTEND"] = feed.instant(occurrence.end_utc)
    location = _location(meeting, feed)
    if location is not None:
        event["LOCATION"] = location
    _status(event, meeting.status, feed)
    return event
