"""A content text in the reader's language, or the original marked as such.

One rule for every face (web pages, summaries, feeds, status tables): the text
recorded for the reader's language; else the catalogs' translation of the original
(the reference data set's conference title and venue are translated there); else
the original, in English, with ``is_original`` set so that the face marks it:
HTML with a ``lang`` attribute and the catalog's mark "(original in English)",
plain text (txt, md, CSV, the CLI's tables) with the mark only, a feed with a
LANGUAGE parameter and the mark. English readers read the originals unmarked.

Records are ORM rows (a conference, a meeting: ``translations`` is their list of
translation rows) or the summaries' plain views of them, which carry their
translations as :data:`Texts` so that the picture computed once renders in any
language.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from planner.content.models import ConferenceTranslation, MeetingTranslation
from planner.i18n import DEFAULT_LOCALE, gettext, mark_space, translations

# language -> field -> text, the fields that are translated
Texts = Mapping[str, Mapping[str, str]]
FIELDS = ("title", "venue", "agenda")


@dataclass(frozen=True)
class Localized:
    """A text and the language it is in; ``is_original``: a fallback the reader did not ask for."""

    text: str
    language: str
    is_original: bool

    def __str__(self) -> str:
        return self.text


def original_mark(locale: str) -> str:
    """The mark after a text shown in its original English to a reader of ``locale``."""
    _ = translations(locale).gettext
    return _("(original in English)")


def with_original_mark(text: str, locale: str) -> str:
    """An original's text followed by its mark, spaced as the language spaces a bracketed
    mark (``Focal points （英文原文）`` would put a space before a full-width bracket)."""
    return text + mark_space(locale) + original_mark(locale)


def texts_of(
    rows: Iterable[ConferenceTranslation | MeetingTranslation],
) -> dict[str, dict[str, str]]:
    """Translation rows as :data:`Texts` (for the summaries' views and the CLI's JSON)."""
    return {
        row.language: {field: value for field in FIELDS if (value := getattr(row, field, None))}
        for row in rows
    }


def choose(original: str | None, texts: Texts, field: str, locale: str) -> Localized | None:
    """The text of ``field`` for a reader of ``locale`` (None when there is no original)."""
    if original is None:
        return None
    if locale == DEFAULT_LOCALE:
        return Localized(original, DEFAULT_LOCALE, is_original=False)
    translated = texts.get(locale, {}).get(field)
    if translated:
        return Localized(translated, locale, is_original=False)
    catalogued = gettext(locale, original)
    if catalogued != original:
        return Localized(catalogued, locale, is_original=False)
    return Localized(original, DEFAULT_LOCALE, is_original=True)


def localized(record: object, field: str, locale: str) -> Localized | None:
    """``record``'s ``field`` (title, venue, agenda) for a reader of ``locale``; None if unset."""
    original: str | None = getattr(record, field)
    if original is None or locale == DEFAULT_LOCALE:  # English needs no translations loaded
        return choose(original, {}, field, locale)
    recorded = getattr(record, "translations", ())
    texts = recorded if isinstance(recorded, Mapping) else texts_of(recorded)
    return choose(original, texts, field, locale)


def marked(found: Localized | None, locale: str) -> str:
    """One plain string: the text, and the mark after an original (txt, md, CSV, tables)."""
    if found is None:
        return ""
    return with_original_mark(found.text, locale) if found.is_original else found.text


def plain_text(record: object, field: str, locale: str) -> str:
    return marked(localized(record, field, locale), locale)
