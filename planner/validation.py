"""The planner's input domain: every value accepted here is valid everywhere it goes.

CLI, web forms and CSV imports all reach the operations, and the operations parse
what they are given through these functions, so the three faces refuse the same
things with the same message naming the field. The limits are the narrowest of
the places a value travels to: a calendar feed and its readers, both database
engines, the rendered summaries (docs/decisions.md, issue 11).

- Dates: ``YYYY-MM-DD`` exactly, from 1970-01-01 to 2037-12-31 (``FIRST_DATE`` to
  ``LAST_DATE``): the span of a 32-bit Unix time, past which real readers go wrong
  (dateutil's VTIMEZONE reader, which vobject uses, reads every local time after
  January 2038 in standard time; found by tests/calendars/test_feed_totality.py).
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

from babel import Locale, UnknownLocaleError
from babel.dates import get_date_format

from planner.errors import PlannerError, ValidationError

FIRST_DATE = date(1970, 1, 1)
LAST_DATE = date(2037, 12, 31)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LOCAL_DATE = re.compile(r"(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})")
_MULTILINE_ALLOWED = frozenset("\n\t")
# "UTC" is a link to Etc/UTC in the IANA database, but it is what people type and every
# calendar engine knows it.
_EXTRA_ZONES = frozenset({"UTC"})
_NOT_PLACES = frozenset({"Factory"})  # a zone whose abbreviation is "-00": "time not set"

T = TypeVar("T")


def _clean(value: str | None, field: str, multiline: bool) -> str:
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n") if multiline else value or ""
    text = text.strip()
    allowed = _MULTILINE_ALLOWED if multiline else frozenset()
    for character in text:
        if character not in allowed and unicodedata.category(character) in ("Cc", "Cs"):
            code = (
                "text.line_break" if character in _MULTILINE_ALLOWED else "text.control_character"
            )
            raise ValidationError(field=field, code=code, codepoint=f"{ord(character):04X}")
    return text


def required_text(
    value: str | None, field: str, max_length: int = 300, *, multiline: bool = False
) -> str:
    text = _clean(value, field, multiline)
    if not text:
        raise ValidationError(field=field, code="text.empty")
    if len(text) > max_length:
        raise ValidationError(field=field, code="text.too_long", limit=max_length)
    return text


def optional_text(
    value: str | None, field: str, max_length: int = 2000, *, multiline: bool = False
) -> str | None:
    text = _clean(value, field, multiline)
    if len(text) > max_length:
        raise ValidationError(field=field, code="text.too_long", limit=max_length)
    return text or None


def in_date_range(day: date | datetime, field: str) -> None:
    """Refuses a date outside ``FIRST_DATE``..``LAST_DATE`` (year 9999 would break every feed)."""
    plain = day.date() if isinstance(day, datetime) else day
    if not FIRST_DATE <= plain <= LAST_DATE:
        raise ValidationError(
            field=field, code="date.out_of_range", value=plain, first=FIRST_DATE, last=LAST_DATE
        )


def parse_date(value: date | str, field: str, locale: str | None = None) -> date:
    """An ISO 8601 calendar date written ``YYYY-MM-DD`` (not ``20200214``), within range.

    With a CLDR locale the locale's own order is accepted too (``14/02/2020`` in
    ``fr_FR``, ``14.02.2020`` in ``de_DE``), always with a four-digit year.
    """
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        in_date_range(value, field)
        return value
    text = str(value).strip()
    try:
        if _ISO_DATE.fullmatch(text):
            parsed = date.fromisoformat(text)
        elif locale and (parts := _LOCAL_DATE.fullmatch(text)):
            order = date_order(locale)
            numbers = dict(zip(order, map(int, parts.groups()), strict=True))
            if numbers["y"] < 1000:
                raise ValueError(text)
            parsed = date(numbers["y"], numbers["M"], numbers["d"])
        else:
            raise ValueError(text)
    except ValueError:
        shape = f"YYYY-MM-DD or {locale_date_shape(locale)}" if locale else "YYYY-MM-DD"
        raise ValidationError(
            field=field, code="date.malformed", value=value, shape=shape
        ) from None
    in_date_range(parsed, field)
    return parsed


@cache
def date_order(locale: str) -> tuple[str, str, str]:
    """The order of day, month and year in the locale's short date (CLDR, through Babel)."""
    pattern = get_date_format("short", locale=locale).pattern
    positions = {letter: pattern.find(letter) for letter in "dMy"}
    return tuple(sorted(positions, key=positions.__getitem__))  # type: ignore[return-value]


def locale_date_shape(locale: str) -> str:
    names = {"d": "DD", "M": "MM", "y": "YYYY"}
    return "/".join(names[letter] for letter in date_order(locale))


def known_locale(name: str, field: str = "locale") -> str:
    """A CLDR locale identifier such as ``fr_FR`` (or ``fr-FR``), as Babel knows it."""
    try:
        return str(Locale.parse((name or "").strip().replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError):
        raise ValidationError(field=field, code="locale.unknown", value=name) from None


@cache
def _zone_names() -> tuple[frozenset[str], dict[str, str]]:
    """The IANA database's zones (``Z`` lines of tzdata.zi) and its links (alias -> zone)."""
    lines = resources.files("tzdata").joinpath("zoneinfo", "tzdata.zi").read_text("utf-8")
    records = [line.split() for line in lines.splitlines()]
    zones = {record[1] for record in records if record[0] == "Z"} - _NOT_PLACES
    links = {record[2]: record[1] for record in records if record[0] == "L"}
    return frozenset(zones | _EXTRA_ZONES), links


def canonical_zones() -> frozenset[str]:
    return _zone_names()[0]


def timezone_name(value: str, field: str = "timezone") -> str:
    """A canonical IANA time-zone name such as ``America/New_York``."""
    name = (value or "").strip()
    zones, links = _zone_names()
    if name in links and name not in zones:
        raise ValidationError(field=field, code="timezone.alias", value=value, zone=links[name])
    if name not in zones:
        raise ValidationError(field=field, code="timezone.unknown", value=value)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(field=field, code="timezone.unknown", value=value) from None
    return name


class Problems(ValidationError):
    """Several refusals at once: a CSV row reports every field at fault, not the first."""

    def __init__(self, errors: list[PlannerError]):
        self.errors = errors
        super().__init__(field=errors[0].field)

    def text(self, locale: str | None = None) -> str:
        """Every refusal, each with its field: ``amount: ...; rate: ...``."""
        return "; ".join(
            f"{error.field}: {error.text(locale)}" if error.field else error.text(locale)
            for error in self.errors
        )

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
