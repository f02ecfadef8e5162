"""Local wall-clock times, their UTC instants, and recurrence rules.

What the organizer says ("10:00 New York time") is kept; the UTC instant is
derived here. A local time that does not exist (the clocks skip it) or that
exists twice (the clocks fall back over it) is refused unless the caller says
which of the two instants is meant: silently picking one would put a meeting
an hour off for everybody in another zone.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr
from icalendar.prop import vRecur

from planner.errors import ValidationError

FOLDS = {"earlier": 0, "later": 1}
LOCAL_FORMAT = "YYYY-MM-DD HH:MM"
MAX_OCCURRENCES = 500
ALLOWED_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}


class AmbiguousLocalTime(ValidationError):
    """A wall-clock time that happens twice: a form can offer the earlier/later choice."""


def parse_local(value: datetime | str, field: str) -> datetime:
    """A naive wall-clock time as typed: ``YYYY-MM-DD HH:MM`` (seconds are dropped)."""
    if isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise ValidationError(
                f"{value!r} is not a local time ({LOCAL_FORMAT})", field
            ) from None
    if parsed.tzinfo is not None:
        raise ValidationError(
            f"{value!r} carries a UTC offset; give the local time and --timezone", field
        )
    return parsed.replace(second=0, microsecond=0)


def fold_number(fold: str | None) -> int | None:
    if fold is None:
        return None
    if fold not in FOLDS:
        raise ValidationError(f"{fold!r} must be one of {', '.join(FOLDS)}", "fold")
    return FOLDS[fold]


def to_utc(local: datetime, zone_name: str, field: str, fold: int | None = None) -> datetime:
    """The UTC instant of a wall-clock time in ``zone_name``; gaps and folds refused."""
    zone = ZoneInfo(zone_name)
    earlier = local.replace(tzinfo=zone, fold=0)
    later = local.replace(tzinfo=zone, fold=1)
    round_trip = earlier.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != local:
        raise ValidationError(
            f"{local:%Y-%m-%d %H:%M} does not exist in {zone_name} "
            "(the clocks skip that hour for daylight saving time)",
            field,
        )
    if earlier.utcoffset() != later.utcoffset():
        if fold is None:
            raise AmbiguousLocalTime(
                f"{local:%Y-%m-%d %H:%M} is ambiguous in {zone_name} (it happens twice when "
                "the clocks go back); say which with --fold earlier|later",
                field,
            )
        return (later if fold else earlier).astimezone(UTC)
    return earlier.astimezone(UTC)


def day_start_utc(day: date, zone_name: str) -> datetime:
    """The first instant of a calendar day in a zone (midnight may itself be skipped)."""
    zone = ZoneInfo(zone_name)
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


@dataclass(frozen=True)
class Occurrence:
    """One instance of a (possibly recurring) meeting, before overrides."""

    original_local: datetime
    start_utc: datetime
    end_utc: datetime


def normalize_rule(text: str, start_local: datetime, zone_name: str) -> str:
    """A validated RRULE in canonical form, UNTIL in UTC as RFC 5545 requires with a TZID."""
    field = "repeat"
    raw = (text or "").strip()
    if raw.upper().startswith("RRULE:"):
        raw = raw[len("RRULE:") :]
    try:
        rule = vRecur.from_ical(raw)
    except (ValueError, TypeError) as error:
        raise ValidationError(f"{text!r} is not a valid RRULE ({error})", field) from None
    frequency = (rule.get("FREQ") or [None])[0]
    if frequency not in ALLOWED_FREQUENCIES:
        raise ValidationError(f"{text!r} needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY", field)
    if "COUNT" in rule and "UNTIL" in rule:
        raise ValidationError(f"{text!r} has both COUNT and UNTIL", field)
    if "COUNT" not in rule and "UNTIL" not in rule:
        raise ValidationError(
            f"{text!r} never ends; give COUNT or UNTIL (a series is planned, not endless)", field
        )
    if "UNTIL" in rule:
        rule["UNTIL"] = [_until_utc(rule["UNTIL"][0], zone_name)]
    canonical = rule.to_ical().decode("ascii")
    occurrences = list(_expand(canonical, start_local, zone_name))
    if not occurrences:
        raise ValidationError(f"{text!r} gives no occurrence from the start on", field)
    return canonical


def _until_utc(until: date | datetime, zone_name: str) -> datetime:
    """UNTIL as UTC: a date means the end of that local day, a floating time is local."""
    zone = ZoneInfo(zone_name)
    if not isinstance(until, datetime):
        until = datetime.combine(until, time(23, 59, 59))
    if until.tzinfo is None:
        until = until.replace(tzinfo=zone)
    return until.astimezone(UTC)


def _expand(rule: str, start_local: datetime, zone_name: str) -> Iterator[datetime]:
    field = "repeat"
    try:
        recurrence: rrule = rrulestr(rule, dtstart=start_local.replace(tzinfo=ZoneInfo(zone_name)))
    except (ValueError, TypeError) as error:
        raise ValidationError(f"{rule!r} is not a valid RRULE ({error})", field) from None
    for index, occurrence in enumerate(recurrence):
        if index >= MAX_OCCURRENCES:
            raise ValidationError(f"{rule!r} gives more than {MAX_OCCURRENCES} occurrences", field)
        yield occurrence


def occurrences(
    start_local: datetime, start_utc: datetime, end_utc: datetime, zone_name: str, rule: str | None
) -> list[Occurrence]:
    """Every occurrence of a meeting (one when it does not repeat), before overrides."""
    if not rule:
        return [Occurrence(start_local, start_utc, end_utc)]
    duration = end_utc - start_utc
    result = []
    for occurrence in _expand(rule, start_local, zone_name):
        start = occurrence.astimezone(UTC)
        result.append(Occurrence(occurrence.replace(tzinfo=None), start, start + duration))
    return result
