"""Wall-clock times, UTC instants and recurrence rules, one rule at a time (pure)."""

import time
from datetime import UTC, date, datetime, timedelta

import pytest

from planner.errors import ValidationError
from planner.meetings.timing import (
    AmbiguousLocalTime,
    Occurrence,
    clock_reading,
    day_start_utc,
    fold_number,
    local_instant,
    normalize_rule,
    occurrences,
    out_of_gap,
    parse_local,
    to_utc,
    unambiguous,
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
    refused(r"'first' must be one of earlier or later", fold_number, "first", field="fold")


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
        r"clocks go back\); say which: the earlier or the later$",
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


SKIPPED = datetime(2020, 3, 8, 2, 30)  # New York jumps from 02:00 EST to 03:00 EDT
TWICE = datetime(2020, 11, 1, 1, 30)  # New York goes back from 02:00 EDT to 01:00 EST


def test_the_clock_reading_tells_once_twice_and_skipped():
    assert clock_reading(START, NEW_YORK) == "once"
    assert clock_reading(datetime(2020, 7, 1, 10), NEW_YORK) == "once"
    assert clock_reading(SKIPPED, NEW_YORK) == "skipped"
    assert clock_reading(TWICE, NEW_YORK) == "twice"
    assert clock_reading(TWICE.replace(fold=1), NEW_YORK) == "twice"
    assert clock_reading(datetime(2020, 11, 1, 2, 0), NEW_YORK) == "once"  # just after the fold
    assert clock_reading(datetime(2020, 3, 8, 3, 0), NEW_YORK) == "once"  # just after the gap
    assert clock_reading(TWICE, "UTC") == "once"
    assert [unambiguous(t, NEW_YORK) for t in (START, SKIPPED, TWICE)] == [True, False, False]


def test_the_instant_of_any_wall_clock_time():
    assert in_utc(local_instant(START, NEW_YORK)) == utc(2020, 3, 2, 15)
    assert in_utc(local_instant(TWICE, NEW_YORK)) == utc(2020, 11, 1, 5, 30)  # earlier by default
    assert in_utc(local_instant(TWICE, NEW_YORK, 0)) == utc(2020, 11, 1, 5, 30)
    assert in_utc(local_instant(TWICE, NEW_YORK, 1)) == utc(2020, 11, 1, 6, 30)
    # a skipped time counts in the offset before the gap (EST), whatever the fold
    assert in_utc(local_instant(SKIPPED, NEW_YORK, 0)) == utc(2020, 3, 8, 7, 30)
    assert in_utc(local_instant(SKIPPED, NEW_YORK, 1)) == utc(2020, 3, 8, 7, 30)
    assert in_utc(local_instant(SKIPPED, "Europe/Paris", 1)) == utc(2020, 3, 8, 1, 30)


def test_parse_local_accepts_the_t_and_refuses_other_shapes_and_dates_out_of_range():
    assert parse_local("2020-03-02T10:15", "start") == datetime(2020, 3, 2, 10, 15)
    for compact in ("20200302T1000", "2020-03-02", "2020-03-02 10:00x"):
        refused(rf"^start: {compact!r} is not a local time \(YYYY-MM-DD HH:MM\)$", parse_local,
                compact, "start", field="start")  # fmt: skip
    refused(r"^end: 1969-12-31 is outside 1970-01-01 to 2037-12-31$", parse_local,
            "1969-12-31 23:59", "end", field="end")  # fmt: skip
    refused(r"^end: 2038-01-01 is outside 1970-01-01 to 2037-12-31$", parse_local,
            "2038-01-01 00:00", "end", field="end")  # fmt: skip
    refused(r"^end: '2020-03-02T10:00Z' carries a UTC offset; give the local time and its "
            r"time zone$", parse_local, "2020-03-02T10:00Z", "end", field="end")  # fmt: skip


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("FREQ=DAILY;COUNT=2\nRRULE:FREQ=DAILY",
         r"^repeat: 'FREQ=DAILY;COUNT=2\\nRRULE:FREQ=DAILY' "
         r"is not one RRULE \(only letters, digits and = ; , \+ - may appear\)$"),
        ("RRULE:FREQ=DAILY;COUNT=2 x",
         r"^repeat: 'RRULE:FREQ=DAILY;COUNT=2 x' is not one RRULE"),
        ("FREQ=DAILY;COUNT=2;UNTIL=20200401",
         r"^repeat: 'FREQ=DAILY;COUNT=2;UNTIL=20200401' has both COUNT and UNTIL$"),
        ("COUNT=2", r"^repeat: 'COUNT=2' needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY$"),
        ("FREQ=YEARLY;COUNT=19", r"^repeat: 'FREQ=YEARLY;COUNT=19' repeats until 2038-03-02, "
         r"outside 1970-01-01 to 2037-12-31$"),
        ("FREQ=DAILY;UNTIL=20380102", r"^repeat: 'FREQ=DAILY;UNTIL=20380103T045959Z' gives more "
         r"than 500 occurrences$"),
        ("FREQ=YEARLY;UNTIL=20380401", r"^repeat: 'FREQ=YEARLY;UNTIL=20380401' repeats until "
         r"2038-03-02, outside 1970-01-01 to 2037-12-31$"),
    ],
)  # fmt: skip
def test_rules_refused_with_the_text_as_given(text, reason):
    refused(reason, normalize_rule, text, START, NEW_YORK)


def test_a_rule_may_end_on_the_last_date():
    assert normalize_rule("FREQ=YEARLY;COUNT=18", START, NEW_YORK) == "FREQ=YEARLY;COUNT=18"
    late = datetime(2037, 12, 30, 10)
    assert normalize_rule("FREQ=DAILY;COUNT=2", late, NEW_YORK) == "FREQ=DAILY;COUNT=2"
    refused(r"repeats until 2038-01-01, outside", normalize_rule, "FREQ=DAILY;COUNT=3", late,
            NEW_YORK)  # fmt: skip
    assert normalize_rule("freq=weekly;count=2", START, NEW_YORK) == "FREQ=WEEKLY;COUNT=2"
    assert normalize_rule("rrule:FREQ=DAILY;UNTIL=20200303", START, "Asia/Tokyo") == (
        "FREQ=DAILY;UNTIL=20200303T145959Z"
    )


def test_a_series_keeps_the_instant_of_the_pair_its_first_meeting_took():
    hour = timedelta(hours=1)
    for fold, first in ((0, utc(2020, 11, 1, 5, 30)), (1, utc(2020, 11, 1, 6, 30))):
        series = occurrences(TWICE, first, first + hour, NEW_YORK, "FREQ=DAILY;COUNT=2")
        assert series == [
            Occurrence(TWICE, first, first + hour),
            Occurrence(datetime(2020, 11, 2, 1, 30), utc(2020, 11, 2, 6, 30),
                       utc(2020, 11, 2, 7, 30)),
        ], fold  # fmt: skip
        assert all(o.original_local.tzinfo is None for o in series)


def test_a_series_meeting_the_clocks_skip_counts_before_the_gap():
    first = datetime(2020, 3, 1, 2, 30)
    start = utc(2020, 3, 1, 7, 30)
    series = occurrences(first, start, start + timedelta(minutes=45), NEW_YORK,
                         "FREQ=WEEKLY;COUNT=3")  # fmt: skip
    assert [(o.original_local, o.start_utc, o.end_utc) for o in series] == [
        (first, start, start + timedelta(minutes=45)),
        (SKIPPED, utc(2020, 3, 8, 7, 30), utc(2020, 3, 8, 8, 15)),
        (datetime(2020, 3, 15, 2, 30), utc(2020, 3, 15, 6, 30), utc(2020, 3, 15, 7, 15)),
    ]


@pytest.mark.parametrize(
    ("zone", "skipped", "earlier", "later"),
    [
        # New York jumps from 02:00 EST to 03:00 EDT: an hour either way
        (NEW_YORK, SKIPPED, datetime(2020, 3, 8, 1, 30), datetime(2020, 3, 8, 3, 30)),
        # London from 01:00 GMT to 02:00 BST
        ("Europe/London", datetime(2020, 3, 29, 1, 30), datetime(2020, 3, 29, 0, 30),
         datetime(2020, 3, 29, 2, 30)),
        # Lord Howe Island moves its clocks by half an hour, from 02:00 to 02:30
        ("Australia/Lord_Howe", datetime(2020, 10, 4, 2, 15), datetime(2020, 10, 4, 1, 45),
         datetime(2020, 10, 4, 2, 45)),
    ],
)  # fmt: skip
def test_a_skipped_time_moves_out_of_the_gap_by_the_length_of_the_jump(
    zone, skipped, earlier, later
):
    assert out_of_gap(skipped, zone, "earlier") == earlier
    assert out_of_gap(skipped, zone, "later") == later
    assert clock_reading(earlier, zone) == clock_reading(later, zone) == "once"


def test_a_time_that_is_not_skipped_stays_out_of_gap_as_it_is():
    for choice in ("earlier", "later"):
        assert out_of_gap(START, NEW_YORK, choice) == START
        assert out_of_gap(TWICE, NEW_YORK, choice) == TWICE  # repeated, not skipped
        assert out_of_gap(SKIPPED, "Asia/Tokyo", choice) == SKIPPED  # a zone without DST
    refused(r"^gap: 'sooner' must be one of earlier or later$", out_of_gap, SKIPPED, NEW_YORK,
            "sooner", field="gap")  # fmt: skip
