"""What a schedule means before it is saved: its instant in UTC and in the conference's
zone, and the first occurrences of its series.

The form's "Preview" and the live preview endpoint both call :func:`preview_schedule`,
which goes through the same checks as scheduling (:func:`parse_when`,
:func:`normalize_rule`): what the preview shows is what saving would store, and what
it refuses, saving would refuse too.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from planner.errors import ValidationError
from planner.meetings.operations import parse_when, series_rule
from planner.meetings.timing import Occurrence, occurrences, out_of_gap, parse_local
from planner.validation import timezone_name

SHOWN_OCCURRENCES = 6


@dataclass(frozen=True)
class SchedulePreview:
    start_utc: datetime
    end_utc: datetime
    conference_zone: str
    start_in_conference_zone: datetime
    end_in_conference_zone: datetime
    rule: str | None = None
    first_occurrences: list[Occurrence] = field(default_factory=list)
    occurrence_count: int = 1


def preview_schedule(
    start: str | date | datetime,
    end: str | date | datetime,
    timezone: str,
    conference_zone: str,
    *,
    all_day: bool = False,
    fold: str | None = None,
    repeat: str | None = None,
    shown: int = SHOWN_OCCURRENCES,
) -> SchedulePreview:
    """The schedule's instants (a refusal is the one scheduling would give) and, for a
    series, its canonical rule, its first ``shown`` occurrences and how many there are."""
    when = parse_when(start, end, timezone, all_day=all_day, fold=fold)
    home = ZoneInfo(timezone_name(conference_zone, "conference_zone"))
    rule = series_rule(when, repeat)
    every = (
        occurrences(when.timed_start, when.start_utc, when.end_utc, when.timezone, rule)
        if rule
        else []
    )
    return SchedulePreview(
        start_utc=when.start_utc,
        end_utc=when.end_utc,
        conference_zone=home.key,
        start_in_conference_zone=when.start_utc.astimezone(home),
        end_in_conference_zone=when.end_utc.astimezone(home),
        rule=rule,
        first_occurrences=every[:shown],
        occurrence_count=max(len(every), 1),
    )


def step_out_of_gap(value: str, zone_name: str, choice: str | None) -> str:
    """A typed local time moved out of a daylight-saving gap as chosen (``earlier`` or
    ``later``, see :func:`out_of_gap`); anything else is returned as typed, for
    scheduling to check (and refuse) as usual."""
    if not choice:
        return value
    try:
        local = parse_local(value, "start")
        zone = timezone_name(zone_name)
    except ValidationError:
        return value
    return f"{out_of_gap(local, zone, choice):%Y-%m-%d %H:%M}"
