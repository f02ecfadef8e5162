"""Wall-clock times, UTC instants and recurrence rules, one rule at a time (pure)."""

import time
from datetime import UTC, date, datetime, timedelta

import pytest

from planner.errors import ValidationError
from planner.meetings.timing import (
    AmbiguousLocalTime,
    Occurrence,
    day_start_utc,
    fold_number,
    normalize_rule,
    occurrences,
    parse_local,
    to_utc,
)

NEW_YORK = "America/New_York"
START = datetime(2020, 3, 2, 10, 0)


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


@pytest.fixture(autouse=True)
def machine_in_tokyo(monkeypatch):
    """A machine clock far from UTC: an instant must come out in UTC, not in local time."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def in_utc(instant):
    assert instant.utcoffset() == timedelta(0), instant
    return instant


def refused(match, action, *args, field="repeat", kind=ValidationError):
    with pytest.raises(kind, match=match) as error:
        action(*args)
    assert error.value.field == field
    return error.value


def test_parse_local_reads_the_typed_time_and_drops_seconds():
    assert parse_local(" 2020-03-02 10:15:42.5 ", "start") == datetime(2020, 3, 2, 10, 15)
    assert parse_local(datetime(2020, 3, 2, 10, 15, 42), "start") == datetime(2020, 3, 2, 10, 15)


def test_parse_local_refuses_what_is_not_a_local_time():
    refused(r"'10 am' is not a local time \(YYYY-MM-DD HH:MM\)", parse_local, "10 am", "start",
            field="start")  # fmt: skip
    refused("carries a UTC offset; give the local time and its time zone", parse_local,
            "2020-03-02 10:00+01:00", "end", field="end")  # fmt: skip
    refused("carries a UTC offset", parse_local, utc(2020, 3, 2, 10), "end", field="end")


def test_fold_names_map_to_the_earlier_and_later_instant():
    assert (fold_number(None), fold_number("earlier"), fold_number("later")) == (None, 0, 1)
    refused(r"'first' must be one of earlier, later", fold_number, "first", field="fold")


def test_to_utc_converts_a_plain_local_time():
    assert in_utc(to_utc(START, NEW_YORK, "start")) == utc(2020, 3, 2, 15)
    assert to_utc(datetime(2020, 7, 1, 10), NEW_YORK, "start", fold=1) == utc(2020, 7, 1, 14)


def test_to_utc_refuses_a_time_the_clocks_skip():
    refused(
        r"^start: 2020-03-08 02:30 does not exist in America/New_York \(the clocks skip that "
        r"hour for daylight saving time\)$",
        to_utc, datetime(2020, 3, 8, 2, 30), NEW_YORK, "start", field="start",
    )  # fmt: skip


def test_to_utc_asks_which_of_two_instants_a_repeated_time_means():
    twice = datetime(2020, 11, 1, 1, 30)
    error = refused(
        r"^end: 2020-11-01 01:30 is ambiguous in America/New_York \(it happens twice when the "
        r"clocks go back\); say which with --fold earlier\|later$",
        to_utc, twice, NEW_YORK, "end", field="end", kind=AmbiguousLocalTime,
    )  # fmt: skip
    assert isinstance(error, ValidationError)
    assert in_utc(to_utc(twice, NEW_YORK, "end", fold=0)) == utc(2020, 11, 1, 5, 30)
    assert in_utc(to_utc(twice, NEW_YORK, "end", fold=1)) == utc(2020, 11, 1, 6, 30)
    # a datetime that already carries fold=1 is still ambiguous until the caller says which
    refused("is ambiguous", to_utc, twice.replace(fold=1), NEW_YORK, "end", field="end")


def test_day_start_is_the_first_instant_of_the_local_day():
    assert in_utc(day_start_utc(date(2020, 3, 2), NEW_YORK)) == utc(2020, 3, 2, 5)
    # Santiago skipped midnight on 2019-09-08 (00:00 became 01:00, UTC-3): the day began 04:00 UTC.
    assert day_start_utc(date(2019, 9, 8), "America/Santiago") == utc(2019, 9, 8, 4)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("FREQ=WEEKLY;COUNT=3", "FREQ=WEEKLY;COUNT=3"),
        ("  rrule:FREQ=MONTHLY;COUNT=2 ", "FREQ=MONTHLY;COUNT=2"),
        ("RRULE:FREQ=DAILY;COUNT=500", "FREQ=DAILY;COUNT=500"),
        ("FREQ=YEARLY;COUNT=2", "FREQ=YEARLY;COUNT=2"),
        # a date: the end of that local day (23:59:59 New York, EDT) in UTC
        ("FREQ=WEEKLY;UNTIL=20200401", "FREQ=WEEKLY;UNTIL=20200402T035959Z"),
        # a floating time is local; a UTC time stays as it is
        ("FREQ=WEEKLY;UNTIL=20200401T100000", "FREQ=WEEKLY;UNTIL=20200401T140000Z"),
        ("FREQ=WEEKLY;UNTIL=20200401T100000Z", "FREQ=WEEKLY;UNTIL=20200401T100000Z"),
        ("FREQ=WEEKLY;UNTIL=20200302T150000Z", "FREQ=WEEKLY;UNTIL=20200302T150000Z"),
    ],
)
def test_rules_are_stored_in_canonical_form(text, canonical):
    assert normalize_rule(text, START, NEW_YORK) == canonical
    if "UNTIL" in canonical:
        (occurrence, *_rest) = occurrences(START, utc(2020, 3, 2, 15), utc(2020, 3, 2, 16),
                                           NEW_YORK, canonical)  # fmt: skip
        in_utc(occurrence.start_utc)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("garbage", r"^repeat: 'garbage' needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY$"),
        ("FREQ=HOURLY;COUNT=2", "needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY"),
        ("", "is not one RRULE"),
        (None, "is not one RRULE"),
        ("FREQ=DAILY;COUNT=x", r"^repeat: 'FREQ=DAILY;COUNT=x' is not a valid RRULE \(.*int"),
        ("FREQ=DAILY;COUNT=2;UNTIL=20200401", r"^repeat: '.*' has both COUNT and UNTIL$"),
        ("FREQ=DAILY", r"^repeat: 'FREQ=DAILY' never ends; give COUNT or UNTIL \(a series is "
                       r"planned, not endless\)$"),
        ("FREQ=DAILY;UNTIL=20200101", r"^repeat: '.*' gives no occurrence from the start on$"),
        ("FREQ=DAILY;UNTIL=20200302T145959Z", "gives no occurrence from the start on"),
        ("FREQ=DAILY;COUNT=501", r"^repeat: '.*' gives more than 500 occurrences$"),
        # accepted by the RRULE grammar, refused by the engine that expands it
        ("FREQ=DAILY;COUNT=2;BYSETPOS=0",
         r"^repeat: 'FREQ=DAILY;COUNT=2;BYSETPOS=0' is not a valid RRULE \(bysetpos must be"),
    ],
)  # fmt: skip
def test_rules_that_are_refused(text, reason):
    refused(reason, normalize_rule, text, START, NEW_YORK)


def test_a_single_meeting_has_one_occurrence():
    end = utc(2020, 3, 2, 16)
    for rule in (None, ""):
        assert occurrences(START, utc(2020, 3, 2, 15), end, NEW_YORK, rule) == [
            Occurrence(START, utc(2020, 3, 2, 15), end)
        ]


def test_a_weekly_series_keeps_its_local_time_across_the_clock_change():
    series = occurrences(
        START, utc(2020, 3, 2, 15), utc(2020, 3, 2, 16, 30), NEW_YORK, "FREQ=WEEKLY;COUNT=2"
    )
    assert series == [
        Occurrence(START, utc(2020, 3, 2, 15), utc(2020, 3, 2, 16, 30)),
        Occurrence(datetime(2020, 3, 9, 10), utc(2020, 3, 9, 14), utc(2020, 3, 9, 15, 30)),
    ]
    assert all(o.original_local.tzinfo is None for o in series)
