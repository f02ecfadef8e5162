"""The serializer is total over the input domain, and every reader agrees with the planner.

Hypothesis generates meetings anywhere the operations accept them (any canonical
zone, times next to clock changes with either fold, series with moved and cancelled
occurrences, all-day meetings, spans of weeks, any text without control characters)
through the same parsers the operations use. Each example is one feed of many
meetings, so each reader's subprocess runs once per example: ical.js (Thunderbird)
and libical (Evolution), each expanding series with its own recurrence engine, must
give the planner's UTC instants for every occurrence, libical must find nothing to
refuse in its iTIP restriction check, and ical.js and vobject must read every title
and the calendar's name back exactly. (vobject's own series expansion is not used
here: through dateutil it puts some occurrences in standard time during summer time,
for example London in April 1978 or 1996, while ical.js and libical agree with the
zone database.)
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from planner.calendars.serializer import FeedHeader, serialize
from planner.calendars.timezones import transitions
from planner.errors import ValidationError
from planner.meetings.models import Meeting, OccurrenceOverride
from planner.meetings.operations import parse_when
from planner.meetings.schedule import scheduled_occurrences, series_occurrences, span_end
from planner.meetings.timing import MAX_OCCURRENCES, clock_reading, normalize_rule
from planner.validation import FIRST_DATE, LAST_DATE, canonical_zones, required_text
from tests.calendars.parsers import (
    check_with_libical,
    libical_reading,
    parse_with_icaljs,
    parse_with_vobject,
)
from tests.examples import examples_to_try

EXAMPLES = examples_to_try(12, fast=3)
MEETINGS_PER_FEED = 30
# zones whose clocks do unusual things: 30-minute DST (Lord Howe), negative DST (Dublin),
# two-hour DST (Troll), DST switched off for Ramadan (Casablanca), changed rules (Almaty)
UNUSUAL_ZONES = (
    "America/New_York",
    "Pacific/Auckland",
    "Australia/Lord_Howe",
    "Europe/Dublin",
    "Antarctica/Troll",
    "Africa/Casablanca",
    "Asia/Almaty",
    "America/Santiago",
    "Pacific/Chatham",
    "Asia/Tehran",
    "Europe/London",
    "UTC",
)
STAMP = datetime(2019, 10, 1, 12, 0, tzinfo=UTC)
# no shrinking: 30 meetings per feed shrink for many minutes; a failure names its meeting
PHASES = (Phase.explicit, Phase.reuse, Phase.generate)

text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\\;,:\"'"),
    min_size=1,
    max_size=60,
).filter(str.strip)
zones = st.sampled_from(UNUSUAL_ZONES) | st.sampled_from(sorted(canonical_zones()))


@st.composite
def local_starts(draw, zone: str) -> datetime:
    """A wall-clock time, often right at a clock change (repeated or skipped minutes)."""
    day = draw(st.dates(FIRST_DATE + timedelta(days=2), LAST_DATE - timedelta(days=60)))
    if draw(st.booleans()):
        begin = datetime(day.year, 1, 1, tzinfo=UTC)
        changes = transitions(ZoneInfo(zone), begin, begin + timedelta(days=366))
        if changes:
            instant, (old_offset, _, _), _ = draw(st.sampled_from(changes))
            wall = (instant + old_offset).replace(tzinfo=None)
            return wall + timedelta(minutes=draw(st.sampled_from((-60, -30, 0, 15, 30, 59, 60))))
    minutes = draw(st.integers(0, 24 * 60 - 1))
    return datetime.combine(day, datetime.min.time()) + timedelta(minutes=minutes)


@st.composite
def meetings(draw, index: int) -> Meeting | None:
    """A meeting as the operations would store it, or None when the draw is refused."""
    zone = draw(zones)
    title = required_text(draw(text), "title")
    stored = Meeting(
        id=index, uid=f"total-{index}@planner.nwfz", title=title, kind="other",
        status=draw(st.sampled_from(("tentative", "confirmed", "cancelled"))),
        visibility="public", is_sample=draw(st.booleans()), venue=draw(text | st.none()),
        agenda=draw(st.none() | text.map(lambda t: t + "\n\ttwo")),
        sequence=draw(st.integers(0, 5)),
        created_at=STAMP, last_modified=STAMP, overrides=[], recurrence=None,
        organizer_email=draw(st.none() | st.just("chair@example.org")), organizer_name=None,
    )  # fmt: skip
    if stored.status == "cancelled":
        stored.cancel_reason = draw(text)
    try:
        if draw(st.integers(0, 4)) == 0:
            first = draw(st.dates(FIRST_DATE, LAST_DATE - timedelta(days=400)))
            last = first + timedelta(days=draw(st.integers(0, 400)))
            when = parse_when(first, last, zone, all_day=True)
        else:
            start = draw(local_starts(zone))
            length = timedelta(minutes=draw(st.sampled_from((15, 90, 60 * 26, 60 * 24 * 20))))
            fold = draw(st.sampled_from(("earlier", "later")))
            when = parse_when(start, start + length, zone, fold=fold)
            if draw(st.booleans()):
                frequency = draw(st.sampled_from(("DAILY", "WEEKLY", "MONTHLY", "YEARLY")))
                rule = f"FREQ={frequency};INTERVAL={draw(st.integers(1, 3))}"
                rule += f";COUNT={draw(st.integers(1, 15))}"
                stored.recurrence = normalize_rule(rule, when.start_local, zone)
    except ValidationError:
        return None  # outside the domain (a skipped time, a series past 2037): refused
    for name in ("timezone", "all_day", "start_local", "end_local", "start_date", "end_date"):
        setattr(stored, name, getattr(when, name))
    stored.start_utc, stored.end_utc = when.start_utc, when.end_utc
    if stored.recurrence:
        _override_some(draw, stored)
    stored.span_end_utc = span_end(stored)
    return stored


def _override_some(draw, meeting: Meeting) -> None:
    """Moves or cancels some occurrences as ``meeting reschedule|cancel --occurrence`` does."""
    found = series_occurrences(meeting)
    assert len(found) <= MAX_OCCURRENCES
    chosen = draw(st.sets(st.integers(0, len(found) - 1), max_size=3))
    for position in sorted(chosen):
        occurrence = found[position]
        override = OccurrenceOverride(
            original_start_local=occurrence.original_local,
            original_start_utc=occurrence.start_utc,
            cancelled=draw(st.booleans()),
            sequence=meeting.sequence + 1,
            last_modified=STAMP,
        )
        if override.cancelled:
            override.cancel_reason = draw(st.none() | text)
        else:
            start = occurrence.original_local + timedelta(hours=draw(st.integers(-30, 30)))
            try:
                when = parse_when(start, start + timedelta(hours=2), meeting.timezone, fold="later")
            except ValidationError:
                continue
            override.start_local, override.end_local = when.start_local, when.end_local
            override.start_utc, override.end_utc = when.start_utc, when.end_utc
        meeting.overrides.append(override)


def _expected(meeting: Meeting) -> list[tuple]:
    """The planner's own occurrences: UTC instants (dates when all-day) and cancellation."""
    if meeting.all_day:
        return [(meeting.start_date, meeting.end_date + timedelta(days=1), meeting.status)]
    return sorted(
        (s.start_utc, s.end_utc, "CANCELLED" if s.cancelled else "kept")
        for s in scheduled_occurrences(meeting)
    )


def _read(occurrences: list[tuple], all_day: bool) -> list[tuple]:
    if all_day:
        return [(start, end, status.lower()) for start, end, status in occurrences]
    return sorted(
        (start, end, "CANCELLED" if status == "CANCELLED" else "kept")
        for start, end, status in occurrences
    )


CASES = {"feeds": 0, "meetings": 0, "occurrences": 0, "series": 0, "repeated_or_skipped": 0}


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    phases=PHASES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data(), text, text)
def test_every_reader_agrees_with_the_planner_on_any_accepted_meeting(data, name, description):
    drawn = [data.draw(meetings(index)) for index in range(MEETINGS_PER_FEED)]
    feed_meetings = [meeting for meeting in drawn if meeting is not None]
    header = FeedHeader(name=name, organizer="secretariat@example.org", description=description)
    feed = serialize(header, feed_meetings)  # total: never raises on accepted input

    libical = check_with_libical(feed)
    assert libical["parse_errors"] == [], libical["parse_errors"]
    assert libical["restriction_errors"] == [], libical["restriction_errors"]
    icaljs = parse_with_icaljs(feed)
    for reader, parsed in (("ical.js", icaljs), ("libical", libical_reading(libical))):
        for meeting in feed_meetings:
            read = _read(parsed.occurrences[meeting.uid], meeting.all_day)
            assert read == _expected(meeting), (reader, _describe(meeting))
    # vobject reads the text (its series expansion misreads some years, see the module doc)
    for parsed in (icaljs, parse_with_vobject(feed)):
        assert parsed.name == " ".join(name.split())
        summaries = {e["uid"]: e["summary"] for e in parsed.events}
        for meeting in feed_meetings:
            prefix = "[SAMPLE] " if meeting.is_sample else ""
            assert summaries[meeting.uid] == prefix + meeting.title
    assert icaljs.description == description
    CASES["feeds"] += 1
    CASES["meetings"] += len(feed_meetings)
    CASES["series"] += sum(1 for meeting in feed_meetings if meeting.recurrence)
    CASES["occurrences"] += sum(len(_expected(meeting)) for meeting in feed_meetings)
    CASES["repeated_or_skipped"] += sum(
        1
        for meeting in feed_meetings
        if not meeting.all_day
        for occurrence in series_occurrences(meeting)
        if clock_reading(occurrence.original_local, meeting.timezone) != "once"
    )
    print(f"feed totality cases so far: {CASES}")


def _describe(meeting: Meeting) -> str:
    """Enough to rebuild the meeting by hand when a reader disagrees."""
    overrides = [(o.original_start_local, o.cancelled, o.start_local) for o in meeting.overrides]
    return (
        f"{meeting.uid} {meeting.timezone} {meeting.start_local or meeting.start_date} "
        f"-> {meeting.end_local or meeting.end_date} utc {meeting.start_utc} "
        f"rule {meeting.recurrence} overrides {overrides} status {meeting.status}"
    )
