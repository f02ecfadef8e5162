"""The planner's input domain: every value accepted here is valid everywhere it goes.

CLI, web forms and CSV imports all reach the operations, and the operations parse
what they are given through these functions, so the three faces refuse the same
things with the same message naming the field. The limits are the narrowest of
the places a value travels to: a calendar feed and its readers, both database
engines, the rendered summaries (docs/decisions.md, issue 11).

- Dates: ``YYYY-MM-DD`` exactly, from 1970-01-01 to 2100-12-31 (``DATE_RANGE``).
- Text: no control characters; newline and tab only in multi-line fields.
- Time zones: canonical IANA names (and ``UTC``), not links such as ``US/Eastern``
  or the machine-dependent ``localtime``.
"""

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planner.errors import PlannerError, ValidationError

FIRST_DATE = date(1970, 1, 1)
LAST_DATE = date(2100, 12, 31)
DATE_RANGE = f"{FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MULTILINE_ALLOWED = frozenset("\n\t")
# "UTC" is a link to Etc/UTC in the IANA database, but it is what people type and every
# calendar engine knows it.
_EXTRA_ZONES = frozenset({"UTC"})

T = TypeVar("T")


def _clean(value: str | None, field: str, multiline: bool) -> str:
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n") if multiline else value or ""
    text = text.strip()
    allowed = _MULTILINE_ALLOWED if multiline else frozenset()
    for character in text:
        if character not in allowed and unicodedata.category(character) in ("Cc", "Cs"):
            kind = (
                "a line break or tab" if character in _MULTILINE_ALLOWED else "a control character"
            )
            raise ValidationError(f"contains {kind} (U+{ord(character):04X})", field)
    return text


def required_text(
    value: str | None, field: str, max_length: int = 300, *, multiline: bool = False
) -> str:
    text = _clean(value, field, multiline)
    if not text:
        raise ValidationError("must not be empty", field)
    if len(text) > max_length:
        raise ValidationError(f"is longer than {max_length} characters", field)
    return text


def optional_text(
    value: str | None, field: str, max_length: int = 2000, *, multiline: bool = False
) -> str | None:
    text = _clean(value, field, multiline)
    if len(text) > max_length:
        raise ValidationError(f"is longer than {max_length} characters", field)
    return text or None


def in_date_range(day: date | datetime, field: str) -> None:
    """Refuses a date outside ``DATE_RANGE`` (year 1 or 9999 would break every feed)."""
    plain = day.date() if isinstance(day, datetime) else day
    if not FIRST_DATE <= plain <= LAST_DATE:
        raise ValidationError(f"{plain.isoformat()} is outside {DATE_RANGE}", field)


def parse_date(value: date | str, field: str) -> date:
    """An ISO 8601 calendar date written ``YYYY-MM-DD`` (not ``20200214``), within range."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        in_date_range(value, field)
        return value
    text = str(value).strip()
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError(text)
        parsed = date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"{value!r} is not a date (YYYY-MM-DD)", field) from None
    in_date_range(parsed, field)
    return parsed


@cache
def canonical_zones() -> frozenset[str]:
    """The zone names of the IANA database (``Z`` lines of tzdata.zi), without its links."""
    source = resources.files("tzdata").joinpath("zoneinfo", "tzdata.zi").read_text("utf-8")
    zones = {line.split()[1] for line in source.splitlines() if line.startswith("Z ")}
    return frozenset(zones | _EXTRA_ZONES)


def timezone_name(value: str, field: str = "timezone") -> str:
    """A canonical IANA time-zone name such as ``America/New_York``."""
    name = (value or "").strip()
    if name not in canonical_zones():
        raise ValidationError(f"{value!r} is not a canonical IANA time zone", field)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(f"{value!r} is not a canonical IANA time zone", field) from None
    return name


class Problems(ValidationError):
    """Several refusals at once: a CSV row reports every field at fault, not the first."""

    def __init__(self, errors: list[PlannerError]):
        super().__init__("; ".join(str(error) for error in errors), errors[0].field)
        self.errors = errors

    def __str__(self) -> str:
        return self.message


class Collector:
    """Parses fields one after another, keeping every refusal, then raises them together."""

    def __init__(self) -> None:
        self.errors: list[PlannerError] = []

    def take(self, parse: Callable[[], T]) -> T | None:
        try:
            return parse()
        except Problems as problems:
            self.errors.extend(problems.errors)
        except PlannerError as error:
            self.errors.append(error)
        return None

    def raise_any(self) -> None:
        if self.errors:
            raise Problems(self.errors)
