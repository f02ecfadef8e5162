"""The recurrence builder's words become the RRULE scheduling checks; the preview and
the gap choice follow the same timing rules as saving."""

from datetime import datetime

import pytest
from dateutil.rrule import rrulestr

from planner.errors import ValidationError
from planner.meetings.preview import preview_schedule, step_out_of_gap
from planner.meetings.recurrence import build_rule
from planner.meetings.timing import SkippedLocalTime, out_of_gap


def test_every_month_on_the_second_tuesday_six_times():
    rule = build_rule("MONTHLY", ordinal="2", weekdays=["TU"], count="6")
    assert rule == "FREQ=MONTHLY;COUNT=6;INTERVAL=1;BYDAY=2TU"
    days = list(rrulestr(rule, dtstart=datetime(2019, 10, 1, 10)))
    assert [day.date().isoformat() for day in days] == [
        "2019-10-08", "2019-11-12", "2019-12-10", "2020-01-14", "2020-02-11", "2020-03-10",
    ]  # fmt: skip


def test_every_week_on_monday_and_thursday_until_the_first_of_march():
    rule = build_rule("weekly", weekdays=["MO", "TH"], until="2020-03-01")
    assert rule == "FREQ=WEEKLY;UNTIL=20200301;INTERVAL=1;BYDAY=MO,TH"
    preview = preview_schedule(
        "2020-02-17 10:00", "2020-02-17 11:00", "Europe/Vienna", "America/New_York", repeat=rule
    )
    assert [o.original_local.strftime("%a %d") for o in preview.first_occurrences] == [
        "Mon 17", "Thu 20", "Mon 24", "Thu 27",
    ]  # fmt: skip
    assert preview.occurrence_count == 4
    assert preview.rule.startswith("FREQ=WEEKLY;UNTIL=20200301T225959Z")  # end of the local day


def test_no_frequency_means_no_series():
    assert build_rule("", count="6") is None


MONTHLY = {"frequency": "MONTHLY", "count": 2}


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"frequency": "HOURLY", "count": "2"}, "repeat"),
        ({"frequency": "WEEKLY", "interval": "0", "count": "2"}, "repeat_interval"),
        ({"frequency": "WEEKLY", "weekdays": ["XX"], "count": "2"}, "repeat_weekdays"),
        ({"frequency": "WEEKLY", "ordinal": "2", "weekdays": ["TU"], "count": 2}, "repeat_ordinal"),
        ({"frequency": "MONTHLY", "ordinal": 5, "weekdays": ["TU"], "count": 2}, "repeat_ordinal"),
        ({**MONTHLY, "ordinal": 2, "weekdays": ["TU", "WE"]}, "repeat_ordinal"),
        ({"frequency": "MONTHLY"}, "repeat_count"),
        ({"frequency": "MONTHLY", "count": "3", "until": "2020-03-01"}, "repeat_count"),
        ({"frequency": "MONTHLY", "count": "501"}, "repeat_count"),
        ({"frequency": "MONTHLY", "until": "1 March"}, "repeat_until"),
    ],
)  # fmt: skip
def test_a_builder_that_says_nothing_clear_is_refused_by_field(arguments, field):
    arguments = dict(arguments)
    frequency = arguments.pop("frequency")
    with pytest.raises(ValidationError) as refusal:
        build_rule(frequency, **arguments)
    assert refusal.value.field == field


def test_the_preview_shows_utc_and_the_conference_zone():
    preview = preview_schedule(
        "2020-04-24 10:00", "2020-04-24 11:00", "Asia/Almaty", "America/New_York"
    )
    assert preview.start_utc.isoformat() == "2020-04-24T04:00:00+00:00"
    assert preview.start_in_conference_zone.isoformat() == "2020-04-24T00:00:00-04:00"
    assert preview.rule is None and preview.occurrence_count == 1


def test_the_preview_refuses_what_scheduling_refuses():
    with pytest.raises(SkippedLocalTime) as refusal:
        preview_schedule("2020-03-08 02:30", "2020-03-08 04:00", "America/New_York", "UTC")
    assert refusal.value.field == "start"
    assert refusal.value.local == datetime(2020, 3, 8, 2, 30)
    with pytest.raises(ValidationError, match="all-day"):
        preview_schedule(
            "2020-03-08", "2020-03-09", "UTC", "UTC", all_day=True, repeat="FREQ=DAILY;COUNT=2"
        )


@pytest.mark.parametrize(
    ("zone", "skipped", "earlier", "later"),
    [
        ("America/New_York", "2020-03-08 02:30", "2020-03-08 01:30", "2020-03-08 03:30"),
        ("Europe/Vienna", "2020-03-29 02:00", "2020-03-29 01:00", "2020-03-29 03:00"),
        ("Australia/Lord_Howe", "2019-10-06 02:15", "2019-10-06 01:45", "2019-10-06 02:45"),
    ],
)
def test_a_time_in_a_gap_moves_to_the_real_times_either_side(zone, skipped, earlier, later):
    assert step_out_of_gap(skipped, zone, "earlier") == earlier
    assert step_out_of_gap(skipped, zone, "later") == later
    assert step_out_of_gap("2020-06-01 02:30", zone, "later") == "2020-06-01 02:30"
    assert step_out_of_gap("not a time", zone, "later") == "not a time"
    with pytest.raises(ValidationError) as refusal:
        out_of_gap(datetime(2020, 3, 8, 2, 30), zone, "sooner")
    assert refusal.value.field == "gap"
