"""Parsers for user input shared by every feature; each names the field it refuses."""

from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from planner.errors import ValidationError


def required_text(value: str | None, field: str, max_length: int = 300) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError("must not be empty", field)
    if len(text) > max_length:
        raise ValidationError(f"is longer than {max_length} characters", field)
    return text


def optional_text(value: str | None, field: str, max_length: int = 2000) -> str | None:
    text = (value or "").strip()
    if len(text) > max_length:
        raise ValidationError(f"is longer than {max_length} characters", field)
    return text or None


def parse_date(value: date | str, field: str) -> date:
    """An ISO 8601 calendar date (YYYY-MM-DD)."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(f"{value!r} is not a date (YYYY-MM-DD)", field) from None


def timezone_name(value: str, field: str = "timezone") -> str:
    """A canonical IANA time-zone name such as ``America/New_York``."""
    name = (value or "").strip()
    if name not in available_timezones():
        raise ValidationError(f"unknown IANA time zone {value!r}", field)
    try:
        ZoneInfo(name)
    except ZoneInfoNotFoundError:
        raise ValidationError(f"unknown IANA time zone {value!r}", field) from None
    return name
