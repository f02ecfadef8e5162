"""Our feeds as independent engines read them: ical.js (JavaScript) and vobject (Python).

Each check compares the UTC instants the parsers compute from the feed's own
VTIMEZONEs with the instants the planner stored, on both sides of DST changes
and across a zone whose rules changed (Asia/Almaty, UTC+6 to UTC+5 on 1 March 2024).
"""

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.calendars.feeds import audience, build_feed
from planner.calendars.serializer import FeedHeader, serialize
from planner.db import unit_of_work
from planner.meetings.models import Meeting
from planner.meetings.operations import add_meeting, cancel_meeting, reschedule_meeting
from planner.meetings.schedule import intervals
from tests.calendars.parsers import parse_with_icaljs, parse_with_vobject
from tests.examples import examples_to_try

PARSERS = (parse_with_icaljs, parse_with_vobject)

# (local start, zone, the UTC instant it must be): each pair straddles a change of offset
INSTANTS = [
    ("2020-03-06 10:00", "America/New_York", datetime(2020, 3, 6, 15, 0, tzinfo=UTC)),
    ("2020-03-09 10:00", "America/New_York", datetime(2020, 3, 9, 14, 0, tzinfo=UTC)),
    ("2019-11-01 10:00", "America/New_York", datetime(2019, 11, 1, 14, 0, tzinfo=UTC)),
    ("2019-11-04 10:00", "America/New_York", datetime(2019, 11, 4, 15, 0, tzinfo=UTC)),
    ("2020-03-27 10:00", "Europe/Vienna", datetime(2020, 3, 27, 9, 0, tzinfo=UTC)),
    ("2020-03-30 10:00", "Europe/Vienna", datetime(2020, 3, 30, 8, 0, tzinfo=UTC)),
    ("2020-04-03 10:00", "Australia/Sydney", datetime(2020, 4, 2, 23, 0, tzinfo=UTC)),
    ("2020-04-06 10:00", "Australia/Sydney", datetime(2020, 4, 6, 0, 0, tzinfo=UTC)),
    ("2019-08-28 10:00", "Asia/Almaty", datetime(2019, 8, 28, 4, 0, tzinfo=UTC)),
    ("2024-02-28 10:00", "Asia/Almaty", datetime(2024, 2, 28, 4, 0, tzinfo=UTC)),
    ("2024-03-04 10:00", "Asia/Almaty", datetime(2024, 3, 4, 5, 0, tzinfo=UTC)),
    ("2020-04-24 10:00", "Asia/Ulaanbaatar", datetime(2020, 4, 24, 2, 0, tzinfo=UTC)),
]


def _add(session, context, title, start, end, zone, **options) -> Meeting:
    return add_meeting(
        session, context, conference="fourth-2020", title=title, start=start, end=end,
        timezone=zone, **options,
    )  # fmt: skip


def test_utc_instants_across_dst_and_rule_changes(engine, context, demo):
    with unit_of_work(engine) as session:
        for index, (start, zone, _) in enumerate(INSTANTS):
            end = start[:-5] + "11:30"
            _add(session, context, f"m{index}", start, end, zone)
        _add(session, context, "later", "2019-11-03 01:30", "2019-11-03 02:30",
             "America/New_York", fold="later")  # fmt: skip
        feed = build_feed(session, audience(session, "fourth-2020"))
    expected = {f"m{index}": utc for index, (_, _, utc) in enumerate(INSTANTS)}
    expected["later"] = datetime(2019, 11, 3, 6, 30, tzinfo=UTC)
    for parse in PARSERS:
        parsed = parse(feed)
        starts = {e["summary"]: e["start"] for e in parsed.events if e["summary"] in expected}
        assert starts == expected, parse.__name__
        ends = {
            e["summary"]: e["end"] - e["start"] for e in parsed.events if e["summary"] in expected
        }
        assert ends["m9"].total_seconds() == 1.5 * 3600, parse.__name__


def test_weekly_series_across_the_dst_change_keeps_its_local_time(engine, context, demo):
    with unit_of_work(engine) as session:
        meeting = _add(session, context, "weekly", "2020-02-25 10:00", "2020-02-25 11:00",
                       "America/New_York", repeat="FREQ=WEEKLY;UNTIL=20200317")  # fmt: skip
        uid, stored = meeting.uid, intervals(meeting)
        feed = build_feed(session, audience(session, "fourth-2020"))
    assert [start.hour for start, _ in stored] == [15, 15, 14, 14]
    for parse in PARSERS:
        assert parse(feed).scheduled(uid) == stored, parse.__name__


def test_series_with_a_moved_and_a_cancelled_occurrence_expands_the_same(engine, context, demo):
    with unit_of_work(engine) as session:
        meeting = _add(session, context, "monthly", "2019-11-12 15:00", "2019-11-12 16:30",
                       "Asia/Almaty", repeat="FREQ=MONTHLY;BYDAY=2TU;COUNT=6")  # fmt: skip
        reschedule_meeting(session, context, meeting.id, occurrence="2020-01-14",
                           start="2020-01-16 09:00", end="2020-01-16 10:00")  # fmt: skip
        cancel_meeting(session, context, meeting.id, occurrence="2020-03-10", reason="holiday")
        uid, stored = meeting.uid, intervals(meeting)
        feed = build_feed(session, audience(session, "fourth-2020"))
    assert len(stored) == 5
    assert datetime(2020, 1, 16, 3, 0, tzinfo=UTC) in [start for start, _ in stored]
    for parse in PARSERS:
        parsed = parse(feed)
        assert parsed.scheduled(uid) == stored, parse.__name__
        statuses = [status for _, _, status in parsed.occurrences[uid]]
        assert statuses.count("CANCELLED") == 1, parse.__name__
        masters = [e for e in parsed.events if e["uid"] == uid and e["recurrence_id"] is None]
        assert len(masters) == 1


def test_the_reference_series_expands_the_same_in_every_parser(engine, demo):
    with unit_of_work(engine) as session:
        feed = build_feed(session, audience(session, "fourth-2020"))
        meetings = {m.uid: intervals(m) for m in session.query(Meeting)}
    results = [parse(feed) for parse in PARSERS]
    for uid, stored in meetings.items():
        if not uid.startswith(("nur-sultan", "fourth-conference", "focal-points")):
            for parsed in results:
                assert parsed.scheduled(uid) == stored, uid
    for parsed in results:
        seminar = parsed.scheduled("nur-sultan-seminar-2019@planner.nwfz")
        assert [(str(s), str(e)) for s, e in seminar] == [("2019-08-28", "2019-08-30")]
        assert parsed.method == "PUBLISH"
        assert all(event["attendees"] == 0 for event in parsed.events)


TITLES = {
    "zh": "无核武器区和蒙古第四次会议筹备会议：协调员磋商、主席人选与财务承诺的落实情况审议",
    "ar": "الاجتماع التحضيري للمؤتمر الرابع للمناطق الخالية من الأسلحة النووية ومنغوليا، نيويورك",
    "ru": "Подготовительное совещание к Четвёртой конференции зон, свободных от ядерного оружия;"
    " Монголия",
}


def test_chinese_arabic_and_russian_titles_round_trip(engine, context, demo):
    with unit_of_work(engine) as session:
        for language, title in TITLES.items():
            venue = f"Salle {language}, Genève; « 2 » \\ 3"
            _add(session, context, title, "2019-12-03 10:00", "2019-12-03 11:00", "UTC",
                 venue=venue, agenda=f"{title}\n第二行")  # fmt: skip
        feed = build_feed(session, audience(session, "fourth-2020"))
    for line in feed.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # no character split across a fold
    for parse in PARSERS:
        events = {e["summary"]: e for e in parse(feed).events}
        for language, title in TITLES.items():
            assert events[title]["location"] == f"Salle {language}, Genève; « 2 » \\ 3"
            assert f"Agenda: {title}\n第二行" in events[title]["description"]


texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r")
    | st.sampled_from("\n\\;,:\"'"),
    min_size=1,
    max_size=120,
)


def _transient_meeting(index: int, title: str, venue: str) -> Meeting:
    stamp = datetime(2019, 10, 1, 12, 0, tzinfo=UTC)
    return Meeting(
        id=index, uid=f"prop-{index}@planner.nwfz", title=title, kind="other", status="confirmed",
        visibility="public", is_sample=False, timezone="Europe/Vienna", all_day=False,
        start_local=datetime(2020, 3, 2, 10), end_local=datetime(2020, 3, 2, 11),
        start_utc=datetime(2020, 3, 2, 9, tzinfo=UTC), end_utc=datetime(2020, 3, 2, 10, tzinfo=UTC),
        span_end_utc=datetime(2020, 3, 2, 10, tzinfo=UTC), venue=venue, sequence=0,
        created_at=stamp, last_modified=stamp, overrides=[],
    )  # fmt: skip


@settings(
    max_examples=examples_to_try(25, fast=5),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(st.tuples(texts, texts), min_size=1, max_size=6), texts)
def test_any_text_round_trips_through_every_parser(pairs, name):
    from icalendar import Calendar

    meetings = [_transient_meeting(i, title, venue) for i, (title, venue) in enumerate(pairs)]
    feed = serialize(FeedHeader(name=name, organizer="secretariat@example.org"), meetings)
    assert all(len(line) <= 75 for line in feed.split(b"\r\n"))
    own = Calendar.from_ical(feed)  # (icalendar 7 reads X-WR-CALNAME back unescaped: not checked)
    assert [(str(e["SUMMARY"]), str(e["LOCATION"])) for e in own.walk("VEVENT")] == pairs
    for parse in PARSERS:
        parsed = parse(feed)
        assert parsed.name == " ".join(name.split()), parse.__name__  # names are one line
        assert [(e["summary"], e["location"]) for e in parsed.events] == pairs, parse.__name__


@pytest.mark.parametrize("parse", PARSERS, ids=lambda p: p.__name__)
def test_cancelled_and_tentative_meetings_stay_visible(engine, context, demo, parse):
    with unit_of_work(engine) as session:
        meeting = _add(session, context, "gone", "2019-12-03 10:00", "2019-12-03 11:00", "UTC")
        cancel_meeting(session, context, meeting.id, reason="no quorum")
        feed = build_feed(session, audience(session, "fourth-2020"))
    events = {e["summary"]: e for e in parse(feed).events}
    assert events["gone"]["status"] == "CANCELLED" and events["gone"]["sequence"] == 1
    assert "Cancelled: no quorum" in events["gone"]["description"]
    conference = events["Fourth Conference of Nuclear-Weapon-Free Zones and Mongolia"]
    assert conference["status"] == "TENTATIVE"
