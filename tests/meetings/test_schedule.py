"""Occurrences with moves and cancellations applied, on meetings built in memory (pure)."""

from datetime import UTC, date, datetime

import pytest

import planner.models  # noqa: F401  (every mapper configured)
from planner.errors import NotFound, ValidationError
from planner.meetings.models import Meeting, OccurrenceOverride
from planner.meetings.schedule import (
    Scheduled,
    intervals,
    occurrence_on,
    override_for,
    scheduled_occurrences,
    series_occurrences,
    span_end,
)
from planner.meetings.timing import Occurrence

WEEKLY = "FREQ=WEEKLY;COUNT=3"


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


def meeting(rule=WEEKLY, overrides=(), **values):
    values.setdefault("status", "confirmed")
    values.setdefault("venue", "Room A")
    return Meeting(
        id=7,
        timezone="UTC",
        all_day=False,
        start_local=datetime(2020, 3, 2, 10),
        end_local=datetime(2020, 3, 2, 11),
        start_utc=utc(2020, 3, 2, 10),
        end_utc=utc(2020, 3, 2, 11),
        recurrence=rule,
        overrides=list(overrides),
        **values,
    )


def moved(day, start_hour, end_hour, venue=None):
    return OccurrenceOverride(
        original_start_local=datetime(2020, 3, day, 10),
        cancelled=False,
        start_local=datetime(2020, 3, day, start_hour),  # the meeting's zone is UTC
        end_local=datetime(2020, 3, day, end_hour),
        start_utc=utc(2020, 3, day, start_hour),
        end_utc=utc(2020, 3, day, end_hour),
        venue=venue,
    )


def cancelled(day, reason="no quorum"):
    return OccurrenceOverride(
        original_start_local=datetime(2020, 3, day, 10), cancelled=True, cancel_reason=reason
    )


def plain(day, venue="Room A"):
    return Scheduled(
        datetime(2020, 3, day, 10), utc(2020, 3, day, 10), utc(2020, 3, day, 11), venue,
        False, None, False,
    )  # fmt: skip


def test_an_all_day_meeting_is_one_occurrence_from_its_start_date():
    conference = Meeting(
        all_day=True,
        start_date=date(2020, 4, 24),
        end_date=date(2020, 4, 24),
        start_utc=utc(2020, 4, 24, 4),
        end_utc=utc(2020, 4, 25, 4),
        recurrence="FREQ=DAILY;COUNT=3",
    )
    assert series_occurrences(conference) == [
        Occurrence(datetime(2020, 4, 24), utc(2020, 4, 24, 4), utc(2020, 4, 25, 4))
    ]
    three_days = Meeting(
        all_day=True,
        start_date=date(2020, 4, 24),
        end_date=date(2020, 4, 26),
        start_utc=utc(2020, 4, 24, 4),
        end_utc=utc(2020, 4, 27, 4),
    )
    assert series_occurrences(three_days) == [
        Occurrence(datetime(2020, 4, 24), utc(2020, 4, 24, 4), utc(2020, 4, 27, 4))
    ]


def test_a_series_without_overrides_is_scheduled_as_the_rule_says():
    assert scheduled_occurrences(meeting()) == [plain(2), plain(9), plain(16)]
    expected = [(p.start_utc, p.end_utc) for p in (plain(2), plain(9), plain(16))]
    assert intervals(meeting()) == expected
    assert span_end(meeting()) == utc(2020, 3, 16, 11)


def test_a_moved_occurrence_takes_its_new_time_and_venue_and_is_sorted_by_it():
    series = meeting(overrides=[moved(2, 12, 13, venue="Room B"), moved(16, 8, 9)])
    first, second, third = scheduled_occurrences(series)
    assert first == Scheduled(datetime(2020, 3, 2, 10), utc(2020, 3, 2, 12), utc(2020, 3, 2, 13),
                              "Room B", False, None, True)  # fmt: skip
    assert second == plain(9)
    assert third == Scheduled(datetime(2020, 3, 16, 10), utc(2020, 3, 16, 8), utc(2020, 3, 16, 9),
                              "Room A", False, None, True)  # fmt: skip
    assert span_end(series) == utc(2020, 3, 16, 11)  # the rule's own end still counts


def test_a_move_past_the_last_occurrence_extends_the_span():
    assert span_end(meeting(overrides=[moved(9, 20, 23)])) == utc(2020, 3, 16, 11)
    assert span_end(meeting(overrides=[moved(16, 20, 23)])) == utc(2020, 3, 16, 23)


def test_occurrences_starting_together_are_ordered_by_their_end():
    pair = meeting(overrides=[moved(2, 12, 15), moved(9, 12, 13)])
    pair.overrides[1].start_utc = utc(2020, 3, 2, 12)
    pair.overrides[1].end_utc = utc(2020, 3, 2, 13)
    ends = [s.end_utc for s in scheduled_occurrences(pair)]
    assert ends == [utc(2020, 3, 2, 13), utc(2020, 3, 2, 15), utc(2020, 3, 16, 11)]


def test_a_cancelled_occurrence_is_kept_with_its_reason_but_occupies_no_time():
    series = meeting(overrides=[cancelled(9)])
    scheduled = scheduled_occurrences(series)
    assert scheduled[1] == Scheduled(
        datetime(2020, 3, 9, 10), utc(2020, 3, 9, 10), utc(2020, 3, 9, 11), "Room A",
        True, "no quorum", False,
    )  # fmt: skip
    assert intervals(series) == [(utc(2020, 3, 2, 10), utc(2020, 3, 2, 11)),
                                 (utc(2020, 3, 16, 10), utc(2020, 3, 16, 11))]  # fmt: skip
    assert span_end(series) == utc(2020, 3, 16, 11)


def test_a_cancelled_meeting_cancels_every_occurrence_with_its_own_reason():
    series = meeting(overrides=[cancelled(9)], status="cancelled", cancel_reason="postponed")
    assert [(s.cancelled, s.cancel_reason) for s in scheduled_occurrences(series)] == [
        (True, "postponed"), (True, "postponed"), (True, "postponed"),
    ]  # fmt: skip
    assert intervals(series) == []
    unexplained = meeting(overrides=[cancelled(9)], status="cancelled", cancel_reason=None)
    assert [s.cancel_reason for s in scheduled_occurrences(unexplained)] == [
        None, "no quorum", None,
    ]  # fmt: skip


def test_a_meeting_not_cancelled_as_a_whole_gives_each_occurrence_its_own_reason():
    series = meeting(overrides=[cancelled(9)], cancel_reason="an old reason")
    assert [s.cancel_reason for s in scheduled_occurrences(series)] == [None, "no quorum", None]


def test_the_occurrence_on_a_date_and_its_override():
    series = meeting(overrides=[cancelled(9)])
    assert occurrence_on(series, date(2020, 3, 9)) == Occurrence(
        datetime(2020, 3, 9, 10), utc(2020, 3, 9, 10), utc(2020, 3, 9, 11)
    )
    assert override_for(series, occurrence_on(series, date(2020, 3, 9))) is series.overrides[0]
    assert override_for(series, occurrence_on(series, date(2020, 3, 16))) is None


def test_the_occurrence_on_a_date_is_refused_when_there_is_none_or_several():
    with pytest.raises(NotFound, match=r"^occurrence: meeting 7 has no occurrence on 2020-03-10$"):
        occurrence_on(meeting(), date(2020, 3, 10))
    with pytest.raises(ValidationError, match=r"^occurrence: meeting 7 is not a series$"):
        occurrence_on(meeting(rule=None), date(2020, 3, 2))
    twice = meeting(rule="FREQ=DAILY;COUNT=4;BYHOUR=10,14")
    several = r"^occurrence: meeting 7 has several occurrences on 2020-03-03$"
    with pytest.raises(ValidationError, match=several):
        occurrence_on(twice, date(2020, 3, 3))
