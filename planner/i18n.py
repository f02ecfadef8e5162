"""Translations and localized names, shared by the web pages and the summaries.

Messages live in Babel catalogs under ``planner/locale/<lang>/LC_MESSAGES/planner.po``
(compiled ``.mo`` files are committed so that the wheel ships them; ``make translations``
extracts, updates and compiles). Country names come from the CLDR territory names that
Babel ships, reached from ISO 3166-1 alpha-3 codes through pycountry: maintained
sources, not a hand-typed table. Days and instants are formatted here only
(:func:`date_text`, :func:`datetime_text`, :func:`date_range_text`), CLDR's patterns plus
what CLDR leaves out (the French "1er"), and a date meets its time through CLDR's own join.

The reference data set's display texts (zone, treaty, region, organization and
conference names, the recommendations' short titles) are extracted from
``planner/reference/*.toml`` by
:func:`extract_reference_data`, so the TOML stays their one source and the catalogs
translate them like any other message.
"""

import tomllib
from collections.abc import Iterator
from datetime import date, datetime, tzinfo
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import IO, Any

import pycountry
from babel import Locale, UnknownLocaleError
from babel.dates import (
    format_datetime,
    format_interval,
    format_time,
    match_skeleton,
    parse_pattern,
    tokenize_pattern,
    untokenize_pattern,
)
from babel.numbers import format_currency, get_currency_symbol
from babel.support import NullTranslations, Translations

# The six official languages of the United Nations, in the UN's order (English alphabetical).
LOCALES = ("ar", "zh", "en", "fr", "ru", "es")
DEFAULT_LOCALE = "en"
# The languages a conference's or a meeting's own texts are translated into: the original
# is in the source language, English (see planner/content).
TRANSLATION_LANGUAGES = tuple(code for code in LOCALES if code != DEFAULT_LOCALE)
# BCP 47 tags for the HTML lang attribute where the bare language is ambiguous.
HTML_LANGUAGE_TAGS = {"zh": "zh-Hans"}
DOMAIN = "planner"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

# Which texts of the reference data set are shown to readers and so are translated.
TRANSLATED_REFERENCE_FIELDS = {
    "zones": ("name", "treaty", "region"),
    "organizations": ("name",),
    "conferences": ("title", "venue"),
    "actions": ("title",),
}


# Punctuation that joins pieces of text, per language: full-width in Chinese (brackets
# too), the Arabic comma and semicolon, a narrow no-break space before French high
# punctuation. Sentences carry theirs in the catalogs; this is for what code joins.
PUNCTUATION = {
    "zh": {"colon": "：", "semicolon": "；", "comma": "，", "open": "（", "close": "）"},
    "ar": {"colon": ": ", "semicolon": "؛ ", "comma": "، "},
    "fr": {"colon": "\u202f: ", "semicolon": "\u202f; ", "comma": ", "},
}
LATIN_PUNCTUATION = {"colon": ": ", "semicolon": "; ", "comma": ", ", "open": " (", "close": ")"}


def punctuation(locale: str, mark: str) -> str:
    """``colon``, ``semicolon``, ``comma`` (each with the space after it, if any), or the
    ``open`` and ``close`` brackets of a secondary mark, as ``locale`` writes them."""
    return PUNCTUATION.get(locale, {}).get(mark, LATIN_PUNCTUATION[mark])


def bracketed(mark: str, locale: str) -> str:
    """A secondary mark (a code, a count, a date) as it follows a text: `` (KAZ)``, and
    full-width with no space in Chinese ``（KAZ）``. Joined by ``+`` so that a ``Markup``
    mark stays ``Markup`` (its ``__radd__`` escapes the brackets, which hold nothing to escape)."""
    return punctuation(locale, "open") + mark + punctuation(locale, "close")


def mark_space(locale: str) -> str:
    """The space between a text and a bracketed mark after it: none before the full-width
    brackets of Chinese, which carry their own."""
    return " " if punctuation(locale, "open").startswith(" ") else ""


# What follows the day of the month when it is the first, where the language writes that
# day as an ordinal and CLDR's patterns do not ("1er mars" in French, "2 mars" after it).
FIRST_DAY_SUFFIXES = {"fr": "er"}
DATE_WIDTHS = ("full", "long", "medium", "short")
DATE_RANGE_FIELDS = ("y", "M", "d")  # the fields a range of days can differ in, largest first


@cache
def _date_pattern(locale: str, form: str) -> str:
    """CLDR's date pattern for a width (``long``) or a skeleton (``yMMMEd``)."""
    cldr = Locale.parse(locale)
    if form in DATE_WIDTHS:
        return str(cldr.date_formats[form].pattern)
    skeleton = (
        form if form in cldr.datetime_skeletons else match_skeleton(form, cldr.datetime_skeletons)
    )
    if skeleton is None:
        raise ValueError(f"no date pattern in {locale!r} for the skeleton {form!r}")
    return str(cldr.datetime_skeletons[skeleton].pattern)


def _with_first_day(pattern: str, locale: str, day: int) -> str:
    """``pattern`` with the language's ordinal after the day field when ``day`` is the first."""
    suffix = FIRST_DAY_SUFFIXES.get(locale)
    if suffix is None or day != 1:
        return pattern
    tokens: list[tuple[str, Any]] = []
    for token in tokenize_pattern(pattern):
        tokens.append(token)
        if token == ("field", ("d", 1)):
            tokens.append(("chars", suffix))
    return str(untokenize_pattern(tokens))


def _day_of(value: date, zone: tzinfo | None) -> date:
    """The calendar day of a date, or of an instant in ``zone`` (its own zone if none)."""
    if isinstance(value, datetime) and zone is not None:
        return value.astimezone(zone).date()
    return value.date() if isinstance(value, datetime) else value


def date_text(value: date, locale: str, form: str = "long", zone: tzinfo | None = None) -> str:
    """A date (or an instant's date in ``zone``) in a CLDR width or skeleton: the one place
    the planner formats a day, so every page, summary, chart and message writes it alike."""
    pattern = _with_first_day(_date_pattern(locale, form), locale, _day_of(value, zone).day)
    return str(format_datetime(value, pattern, tzinfo=zone, locale=locale))


def date_time_join(date_part: str, time_part: str, locale: str, width: str = "medium") -> str:
    """A date and a time (or a span of times) joined as CLDR joins them in ``locale``:
    ``{1}, {0}`` in English, ``{1}، {0}`` with the Arabic comma, ``{1} {0}`` in Chinese."""
    pattern = str(Locale.parse(locale).datetime_formats[width]).replace("'", "")
    return pattern.replace("{0}", time_part).replace("{1}", date_part)


def datetime_text(
    value: datetime, locale: str, width: str = "medium", zone: tzinfo | None = None
) -> str:
    """An instant's date and time in one CLDR width, in ``zone`` (else its own zone)."""
    time_part = str(format_time(value, width, tzinfo=zone, locale=locale))
    return date_time_join(date_text(value, locale, width, zone), time_part, locale, width)


def date_range_text(first: date, last: date, locale: str, skeleton: str = "yMMMd") -> str:
    """A span of days as the language writes one (``Aug 28 – 29, 2019``, ``1er–3 mars 2020``).

    Babel's interval is used as is unless an end is the first of a month in a language that
    writes that day as an ordinal: then CLDR's interval pieces get the ordinal, one by one."""
    if first == last:
        return date_text(first, locale, skeleton)
    needs_ordinal = locale in FIRST_DAY_SUFFIXES and 1 in (first.day, last.day)
    pieces = Locale.parse(locale).interval_formats.get(skeleton) if needs_ordinal else None
    if not pieces:
        return str(format_interval(first, last, skeleton, locale=locale))
    differing = next(
        field
        for field in DATE_RANGE_FIELDS
        if field in pieces and _field(first, field) != _field(last, field)
    )
    return "".join(
        parse_pattern(_with_first_day(pattern, locale, day.day)).apply(day, locale)
        for pattern, day in zip(pieces[differing], (first, last), strict=True)
    )


def _field(day: date, field: str) -> int:
    return {"y": day.year, "M": day.month, "d": day.day}[field]


def locale_name(value: str | None) -> str:
    """One of :data:`LOCALES` for a tag such as ``zh-CN`` or ``en_GB``; else the default."""
    language = (value or "").replace("_", "-").split("-")[0].lower()
    return language if language in LOCALES else DEFAULT_LOCALE


def html_lang(locale: str) -> str:
    return HTML_LANGUAGE_TAGS.get(locale, locale)


@cache
def text_direction(locale: str) -> str:
    """``rtl`` for right-to-left scripts (Arabic), from CLDR's character order."""
    return "rtl" if Locale.parse(locale).character_order == "right-to-left" else "ltr"


def money_text(amount: Decimal, currency: str, locale: str) -> str:
    """An amount in the language's CLDR currency format.

    In right-to-left text a Latin currency symbol such as ``US$`` would come apart
    (the ``$`` is direction-neutral and takes the Arabic direction: ``$US``); a
    left-to-right mark after the symbol keeps it one Latin word."""
    text = format_currency(amount, currency, locale=locale)
    if text_direction(locale) == "rtl":
        symbol = get_currency_symbol(currency, locale=locale)
        if any(char.isascii() and char.isalpha() for char in symbol):
            text = text.replace(symbol, symbol + "\u200e")
    return text


@cache
def language_name(locale: str) -> str:
    """The language's own name for itself (CLDR), as a language menu shows it: ``Français``."""
    name = Locale.parse(locale).get_display_name(locale) or locale
    return name[:1].upper() + name[1:]


@cache
def translations(locale: str) -> NullTranslations:
    """The compiled catalog for ``locale`` (English is the source language: no catalog)."""
    if locale == DEFAULT_LOCALE:
        return NullTranslations()
    catalog = Translations.load(dirname=str(LOCALE_DIR), locales=[locale], domain=DOMAIN)
    if not isinstance(catalog, Translations):
        raise FileNotFoundError(f"no compiled catalog for {locale!r} under {LOCALE_DIR}")
    return catalog


def gettext(locale: str, message: str) -> str:
    return translations(locale).gettext(message)


def country_name(alpha3: str, locale: str) -> str | None:
    """The CLDR name of the country with this ISO 3166-1 alpha-3 code, in ``locale``."""
    country = pycountry.countries.get(alpha_3=(alpha3 or "").upper())
    if country is None:
        return None
    try:
        return Locale.parse(locale).territories.get(country.alpha_2)
    except UnknownLocaleError:
        return None


def party_name(code: str | None, name: str | None, locale: str) -> str:
    """A party in the reader's language: a state by its CLDR name (through its ISO code),
    a zone or an organization by the catalogs, else the recorded name or the code."""
    if not code:
        return ""
    return country_name(code, locale) or gettext(locale, name or code)


def party_label(code: str | None, name: str | None, locale: str) -> str:
    """A party named for a table: its name in the reader's language, the code after it as a
    secondary mark (``Kazakhstan (KAZ)``); the bare code when nothing names it."""
    shown = party_name(code, name, locale)
    if not (code and shown and shown != code):
        return code or ""
    return shown + bracketed(code, locale)


def _item_key(item: dict[str, Any]) -> object:
    """What names an item of the data set in a translator's comment."""
    return item.get("code") or item.get("slug") or item.get("number")


def extract_reference_data(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel extractor for the reference data set's TOML (registered in ``babel.cfg``)."""
    data = tomllib.load(fileobj)
    for section, fields in TRANSLATED_REFERENCE_FIELDS.items():
        for item in data.get(section, []):
            for field in fields:
                if item.get(field):
                    yield (
                        0,
                        None,
                        item[field],
                        [f"{section}.{field} ({_item_key(item)})"],
                    )
