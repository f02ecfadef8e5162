"""A recurrence rule from the words of a form: "every month on the second Tuesday, 6 times".

Organizers choose a frequency, an interval, weekdays or an ordinal weekday of the month,
and a count or a last day; :func:`build_rule` writes the RRULE with icalendar's ``vRecur``
(so the rule's text is the library's, never hand-joined), and the meeting operations then
check it exactly as a rule typed by an expert (:func:`planner.meetings.timing.normalize_rule`).
"""

from collections.abc import Iterable
from datetime import date

from icalendar.prop import vRecur

from planner.errors import ValidationError
from planner.validation import parse_date

FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ORDINALS = (1, 2, 3, 4, -1)  # "the last Friday" is -1
MAX_INTERVAL = 99


def _whole_number(value: str | int | None, field: str, low: int, high: int) -> int:
    text = str(value).strip() if value is not None else ""
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValidationError(
            field=field, code="number.out_of_range", value=value, low=low, high=high
        )
    return int(text)


def build_rule(
    frequency: str | None,
    *,
    interval: str | int | None = 1,
    weekdays: Iterable[str] = (),
    ordinal: str | int | None = None,
    count: str | int | None = None,
    until: str | date | None = None,
) -> str | None:
    """The RRULE the choices describe, or None when the meeting does not repeat.

    ``ordinal`` (1..4, -1 for the last) with one weekday means "the second Tuesday of the
    month" and needs a monthly frequency; a series ends after ``count`` occurrences or on
    ``until`` (a local date), exactly one of the two.
    """
    chosen = (frequency or "").strip().upper()
    if not chosen:
        return None
    if chosen not in FREQUENCIES:
        raise ValidationError(
            field="repeat", code="choice.unknown", value=frequency, choices=FREQUENCIES
        )
    days = [day.strip().upper() for day in weekdays if day.strip()]
    unknown = [day for day in days if day not in WEEKDAYS]
    if unknown:
        raise ValidationError(field="repeat_weekdays", code="recurrence.weekday", value=unknown[0])
    rule = vRecur(FREQ=chosen, INTERVAL=_whole_number(interval, "repeat_interval", 1, MAX_INTERVAL))
    if ordinal not in (None, ""):
        number = int(str(ordinal)) if str(ordinal).lstrip("-").isdigit() else None
        if number not in ORDINALS:
            raise ValidationError(
                field="repeat_ordinal", code="choice.unknown", value=ordinal, choices=ORDINALS
            )
        if chosen != "MONTHLY" or len(days) != 1:
            raise ValidationError(field="repeat_ordinal", code="recurrence.ordinal_needs_month")
        rule["BYDAY"] = [f"{number}{days[0]}"]
    elif days:
        rule["BYDAY"] = days
    if count not in (None, "") and until not in (None, ""):
        raise ValidationError(field="repeat_count", code="recurrence.count_and_until")
    if count not in (None, ""):
        rule["COUNT"] = _whole_number(count, "repeat_count", 1, 500)
    elif until:
        rule["UNTIL"] = parse_date(until, "repeat_until")
    else:
        raise ValidationError(field="repeat_count", code="recurrence.no_end")
    # vRecur.to_ical carries no annotations in icalendar 7
    text: str = rule.to_ical().decode("ascii")  # type: ignore[no-untyped-call]
    return text
