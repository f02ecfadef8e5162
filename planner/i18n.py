"""Translations and localized names, shared by the web pages and the summaries.

Messages live in Babel catalogs under ``planner/locale/<lang>/LC_MESSAGES/planner.po``
(compiled ``.mo`` files are committed so that the wheel ships them; ``make translations``
extracts, updates and compiles). Country names come from the CLDR territory names that
Babel ships, reached from ISO 3166-1 alpha-3 codes through pycountry: maintained
sources, not a hand-typed table.

The reference data set's display texts (zone, treaty, region, organization and
conference names, the recommendations' short titles) are extracted from
``planner/reference/*.toml`` by
:func:`extract_reference_data`, so the TOML stays their one source and the catalogs
translate them like any other message.
"""

import tomllib
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import IO, Any

import pycountry
from babel import Locale, UnknownLocaleError
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
    return f"{shown}{punctuation(locale, 'open')}{code}{punctuation(locale, 'close')}"


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
