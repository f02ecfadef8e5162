"""Bugs found from outside (issue 11), through the real database and real readers.

ical.js and libical read a repeated wall-clock time written with a TZID as the later
of the two instants, a series started at the later instant repeated in UTC after the
next clock change, and libical's iTIP check refused every event without ORGANIZER.
"""

from datetime import UTC, datetime

from planner.calendars.feeds import audience, build_feed
from planner.db import unit_of_work
from planner.meetings.operations import add_meeting, cancel_meeting, reschedule_meeting
from planner.meetings.schedule import scheduled_occurrences
from tests.calendars.parsers import check_with_libical, libical_reading, parse_with_icaljs

NY = "America/New_York"


def _readers(feed: bytes):
    return {
        "ical.js": parse_with_icaljs(feed),
        "libical": libical_reading(check_with_libical(feed)),
    }


def _add(session, context, title, start, end, **options):
    return add_meeting(session, context, conference="fourth-2020", title=title, start=start,
                       end=end, timezone=NY, **options)  # fmt: skip


def test_the_earlier_of_a_repeated_hour_is_read_as_the_earlier(engine, context, demo):
    with unit_of_work(engine) as session:
        earlier = _add(session, context, "earlier", "2019-11-03 01:30", "2019-11-03 01:45",
                       fold="earlier")  # fmt: skip
        uid = earlier.uid
        feed = build_feed(session, audience(session, "fourth-2020"))
    expected = [
        (datetime(2019, 11, 3, 5, 30, tzinfo=UTC), datetime(2019, 11, 3, 5, 45, tzinfo=UTC))
    ]
    for name, parsed in _readers(feed).items():
        assert parsed.scheduled(uid) == expected, name


def test_a_series_started_at_the_later_hour_keeps_its_time_and_its_overrides(engine, context, demo):
    with unit_of_work(engine) as session:
        series = _add(session, context, "later", "2019-11-03 01:30", "2019-11-03 02:30",
                      fold="later", repeat="FREQ=WEEKLY;COUNT=4")  # fmt: skip
        cancel_meeting(session, context, series.id, reason="holiday", occurrence="2019-11-10")
        reschedule_meeting(session, context, series.id, occurrence="2019-11-17",
                           start="2019-11-18 09:00", end="2019-11-18 10:00")  # fmt: skip
        uid = series.uid
        expected = sorted(
            (s.start_utc, s.end_utc, s.cancelled) for s in scheduled_occurrences(series)
        )
        feed = build_feed(session, audience(session, "fourth-2020"))
    assert [start.hour for start, _, _ in expected] == [6, 6, 14, 6]  # 01:30 EST, one moved
    for name, parsed in _readers(feed).items():
        read = sorted((s, e, status == "CANCELLED") for s, e, status in parsed.occurrences[uid])
        assert read == expected, name


def test_the_demo_feed_passes_libicals_itip_check(engine, demo):
    with unit_of_work(engine) as session:
        feed = build_feed(session, audience(session, "fourth-2020"))
    checked = check_with_libical(feed)
    assert checked["parse_errors"] == [] and checked["restriction_errors"] == []
    assert feed.count(b"BEGIN:VEVENT") == feed.count(b"\r\nORGANIZER")
    assert b"ORGANIZER:mailto:secretariat@planner.nwfz" in feed
