"""Local wall-clock times, their UTC instants, and recurrence rules.

What the organizer says ("10:00 New York time") is kept; the UTC instant is
derived here. A local time that does not exist (the clocks skip it) or that
exists twice (the clocks fall back over it) is refused unless the caller says
which of the two instants is meant: silently picking one would put a meeting
an hour off for everybody in another zone.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rruleset, rrulestr
from icalendar.prop import vRecur

from planner.errors import ValidationError
from planner.validation import FIRST_DATE, LAST_DATE, in_date_range

FOLDS = {"earlier": 0, "later": 1}
LOCAL_FORMAT = "YYYY-MM-DD HH:MM"
_LOCAL_SHAPE = re.compile(
    r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?"
)
# one rule, nothing else: the characters RFC 5545's RRULE value can hold, no line break,
# no second "RRULE:" (icalendar would read such text as something else without a word)
_RULE_SHAPE = re.compile(r"[A-Za-z0-9=;,+-]+")
MAX_OCCURRENCES = 500
ALLOWED_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}


class AmbiguousLocalTime(ValidationError):
    """A wall-clock time that happens twice: a form can offer the earlier/later choice."""


class SkippedLocalTime(ValidationError):
    """A wall-clock time the clocks jump over: a form can offer the real times either side."""

    def __init__(self, field: str, local: datetime, zone_name: str) -> None:
        super().__init__(
            field=field, code="time.skipped", time=f"{local:%Y-%m-%d %H:%M}", zone=zone_name
        )
        self.local, self.zone_name = local, zone_name


def parse_local(value: date | str, field: str) -> datetime:
    """A naive wall-clock time as typed: ``YYYY-MM-DD HH:MM`` (seconds are dropped).

    Only that shape (``T`` may stand for the space): ``20200214T1000`` and other
    ISO 8601 variants are refused, like ``20200214`` for a date.
    """
    if isinstance(value, datetime):
        parsed = value
    else:
        text = str(value).strip()
        try:
            if not _LOCAL_SHAPE.fullmatch(text):
                raise ValueError(text)
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise ValidationError(
                field=field, code="time.malformed", value=value, shape=LOCAL_FORMAT
            ) from None
    if parsed.tzinfo is not None:
        raise ValidationError(field=field, code="time.has_offset", value=value)
    in_date_range(parsed, field)
    return parsed.replace(second=0, microsecond=0)


def fold_number(fold: str | None) -> int | None:
    if fold is None:
        return None
    if fold not in FOLDS:
        raise ValidationError(field="fold", code="choice.unknown", value=fold, choices=tuple(FOLDS))
    return FOLDS[fold]


def clock_reading(local: datetime, zone_name: str) -> str:
    """``once``, ``twice`` (the clocks go back over it) or ``skipped`` (they jump over it)."""
    zone = ZoneInfo(zone_name)
    earlier = local.replace(tzinfo=zone, fold=0)
    if earlier.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != local:
        return "skipped"
    return (
        "once" if earlier.utcoffset() == local.replace(tzinfo=zone, fold=1).utcoffset() else "twice"
    )


def unambiguous(local: datetime, zone_name: str) -> bool:
    """The wall-clock time happens exactly once in the zone (not skipped, not repeated)."""
    return clock_reading(local, zone_name) == "once"


def local_instant(local: datetime, zone_name: str, fold: int = 0) -> datetime:
    """The UTC instant of any wall-clock time: ``fold`` picks one of a repeated pair, and a
    skipped time counts in the offset before the gap (RFC 5545, section 3.3.5)."""
    if clock_reading(local, zone_name) == "skipped":
        fold = 0
    return local.replace(tzinfo=ZoneInfo(zone_name), fold=fold).astimezone(UTC)


def to_utc(local: datetime, zone_name: str, field: str, fold: int | None = None) -> datetime:
    """The UTC instant of a wall-clock time in ``zone_name``; gaps and folds refused."""
    reading = clock_reading(local, zone_name)
    if reading == "skipped":
        raise SkippedLocalTime(field, local, zone_name)
    if reading == "twice" and fold is None:
        raise AmbiguousLocalTime(
            field=field, code="time.ambiguous", time=f"{local:%Y-%m-%d %H:%M}", zone=zone_name
        )
    return local_instant(local, zone_name, fold or 0)


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
    if not _RULE_SHAPE.fullmatch(raw):
        raise ValidationError(field=field, code="rrule.characters", value=text)
    try:
        rule = vRecur.from_ical(raw)
    except (ValueError, TypeError) as error:
        raise ValidationError(
            field=field, code="rrule.invalid", value=text, reason=str(error)
        ) from None
    frequency = (rule.get("FREQ") or [None])[0]
    if frequency not in ALLOWED_FREQUENCIES:
        raise ValidationError(field=field, code="rrule.frequency", value=text)
    if "COUNT" in rule and "UNTIL" in rule:
        raise ValidationError(field=field, code="rrule.count_and_until", value=text)
    if "COUNT" not in rule and "UNTIL" not in rule:
        raise ValidationError(field=field, code="rrule.endless", value=text)
    if "UNTIL" in rule:
        rule["UNTIL"] = [_until_utc(rule["UNTIL"][0], zone_name)]
    canonical: str = rule.to_ical().decode("ascii")
    occurrences = list(_expand(canonical, start_local, zone_name))
    if not occurrences:
        raise ValidationError(field=field, code="rrule.no_occurrence", value=text)
    last = occurrences[-1].date()
    if last > LAST_DATE:
        raise ValidationError(
            field=field,
            code="rrule.until_out_of_range",
            value=text,
            until=last,
            first=FIRST_DATE,
            last=LAST_DATE,
        )
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
        recurrence: rrule | rruleset = rrulestr(
            rule, dtstart=start_local.replace(tzinfo=ZoneInfo(zone_name))
        )
    except (ValueError, TypeError) as error:
        raise ValidationError(
            field=field, code="rrule.invalid", value=rule, reason=str(error)
        ) from None
    for index, occurrence in enumerate(recurrence):
        if index >= MAX_OCCURRENCES:
            raise ValidationError(
                field=field, code="rrule.too_many", value=rule, limit=MAX_OCCURRENCES
            )
        yield occurrence


def occurrences(
    start_local: datetime, start_utc: datetime, end_utc: datetime, zone_name: str, rule: str | None
) -> list[Occurrence]:
    """Every occurrence of a meeting (one when it does not repeat), before overrides.

    Each occurrence keeps the local wall-clock time of the first; one the clocks repeat
    takes the same instant of the pair as the first (``--fold``), one they skip counts
    in the offset before the gap, as in RFC 5545.
    """
    if not rule:
        return [Occurrence(start_local, start_utc, end_utc)]
    duration = end_utc - start_utc
    fold = int(local_instant(start_local, zone_name, 0) != start_utc)
    result = []
    for occurrence in _expand(rule, start_local, zone_name):
        local = occurrence.replace(tzinfo=None)
        start = local_instant(local, zone_name, fold)
        result.append(Occurrence(local, start, start + duration))
    return result


GAP_CHOICES = ("earlier", "later")


def out_of_gap(local: datetime, zone_name: str, choice: str) -> datetime:
    """A skipped wall-clock time moved to a real one: ``earlier`` reads it in the offset
    after the jump (02:30 in New York's spring gap is 01:30 standard time), ``later`` in the
    offset before it (03:30 daylight time); the moment and the jump's length decide both.
    A time that is not skipped stays as it is."""
    if choice not in GAP_CHOICES:
        raise ValidationError(field="gap", code="choice.unknown", value=choice, choices=GAP_CHOICES)
    if clock_reading(local, zone_name) != "skipped":
        return local
    zone = ZoneInfo(zone_name)
    instant = local.replace(tzinfo=zone, fold=1 if choice == "earlier" else 0).astimezone(UTC)
    return instant.astimezone(zone).replace(tzinfo=None)
