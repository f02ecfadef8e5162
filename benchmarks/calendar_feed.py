"""Benchmark: the conference feed for 10,000 meetings (200 of them series with overrides).

Measures, in the same run and on the same data:
- ours: the whole build from a SQLite database (query, eager-load overrides, build the
  components, serialize), as ``planner calendar`` and the web layer do it;
- baseline: icalendar alone serializing the same calendar already built in memory
  (``Calendar.to_ical()`` on the parsed feed, which yields the same bytes);
and the peak memory of our build (tracemalloc). Target: ours / baseline <= 1.5.
Prints one JSON object.
"""

import json
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

from icalendar import Calendar

from planner.audit import Context
from planner.calendars.feeds import audience, build_feed, feed_stamp
from planner.conferences.operations import add_conference
from planner.db import make_engine, unit_of_work, upgrade
from planner.meetings.models import Meeting, OccurrenceOverride
from planner.meetings.operations import parse_when
from planner.meetings.schedule import occurrence_on, span_end
from planner.meetings.timing import normalize_rule

MEETINGS = 10_000
SERIES = 200
ZONES = ("America/New_York", "Europe/Vienna", "Asia/Almaty", "Europe/Zurich", "Asia/Ulaanbaatar")
RUNS = 5
STAMP = datetime(2019, 10, 1, 12, 0, tzinfo=UTC)


def populate(engine) -> None:
    context = Context(actor="bench", clock=lambda: STAMP)
    with unit_of_work(engine) as session:
        conference_id = add_conference(
            session, context, slug="bench", title="Benchmark conference", start="2020-04-24",
            end="2020-04-24", timezone="UTC", venue="NY",
        ).id  # fmt: skip
        first = datetime(2019, 9, 2, 9, 0)
        for index in range(MEETINGS):
            zone = ZONES[index % len(ZONES)]
            start = first + timedelta(days=index % 700, hours=index % 8)
            when = parse_when(start, start + timedelta(hours=2), zone)
            is_series = index < SERIES
            meeting = Meeting(
                conference_id=conference_id, uid=f"bench-{index}@planner.nwfz",
                title=f"Meeting {index}: консультации / 磋商 / مشاورات", kind="preparatory",
                status=("tentative", "confirmed", "cancelled")[index % 3], visibility="public",
                is_sample=True, timezone=when.timezone, all_day=False,
                start_local=when.start_local, end_local=when.end_local,
                start_utc=when.start_utc, end_utc=when.end_utc, span_end_utc=when.end_utc,
                recurrence=normalize_rule("FREQ=WEEKLY;COUNT=10", when.start_local, zone)
                if is_series else None,
                venue=f"Room {index % 40}, UN Headquarters, New York",
                online_url="https://meet.example.org/room" if index % 2 else None,
                organizer_email="secretariat@example.org", organizer_name="Secretariat",
                agenda="Agenda item one; item two, with commas.\nSecond line.",
                cancel_reason="No quorum" if index % 3 == 2 else None,
                sequence=index % 4, created_at=STAMP,
                last_modified=STAMP + timedelta(minutes=index),
            )  # fmt: skip
            session.add(meeting)
            if is_series:
                session.flush()
                moved = occurrence_on(meeting, (start + timedelta(weeks=3)).date())
                moved_start = moved.original_local + timedelta(days=1)
                new = parse_when(moved_start, moved_start + timedelta(hours=2), zone)
                cancelled = occurrence_on(meeting, (start + timedelta(weeks=5)).date())
                meeting.overrides.append(OccurrenceOverride(
                    original_start_local=moved.original_local, original_start_utc=moved.start_utc,
                    start_local=new.start_local, end_local=new.end_local, start_utc=new.start_utc,
                    end_utc=new.end_utc, cancelled=False, sequence=1, last_modified=STAMP,
                ))  # fmt: skip
                meeting.overrides.append(OccurrenceOverride(
                    original_start_local=cancelled.original_local,
                    original_start_utc=cancelled.start_utc, cancelled=True,
                    cancel_reason="Holiday", sequence=1, last_modified=STAMP,
                ))  # fmt: skip
                meeting.span_end_utc = span_end(meeting)


def ours(engine) -> bytes:
    with unit_of_work(engine) as session:
        return build_feed(session, audience(session, "bench"))


def version(engine) -> str:
    with unit_of_work(engine) as session:
        return feed_stamp(session, audience(session, "bench")).version


def timed(function, *args) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        engine = make_engine(f"sqlite:///{Path(directory) / 'bench.db'}")
        upgrade(engine)
        populate(engine)
        feed = ours(engine)  # warm-up: imports, VTIMEZONE cache
        in_memory = Calendar.from_ical(feed)
        assert in_memory.to_ical() == feed, "baseline must serialize the very same feed"
        ours_times, baseline_times = [], []
        for _ in range(RUNS):
            ours_times.append(timed(ours, engine)[0])
            baseline_times.append(timed(in_memory.to_ical)[0])
        version_time, _ = timed(version, engine)
        tracemalloc.start()
        ours(engine)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        engine.dispose()
    ours_median, baseline_median = statistics.median(ours_times), statistics.median(baseline_times)
    json.dump(
        {
            "meetings": MEETINGS,
            "series_with_overrides": SERIES,
            "vevents": feed.count(b"BEGIN:VEVENT"),
            "feed_bytes": len(feed),
            "runs": RUNS,
            "ours_from_db_seconds": round(ours_median, 3),
            "icalendar_to_ical_in_memory_seconds": round(baseline_median, 3),
            "ratio": round(ours_median / baseline_median, 2),
            "target_ratio": 1.5,
            "peak_memory_mib": round(peak / 2**20, 1),
            "feed_version_seconds": round(version_time, 4),
        },
        sys.stdout,
        indent=2,
    )
    print()


if __name__ == "__main__":
    main()
