"""A content text in the reader's language, or the original marked as such.

One rule for every face (web pages, summaries, feeds, status tables): the text
recorded for the reader's language; else the catalogs' translation of the original
(the reference data set's conference title and venue are translated there); else
the original, in English, with ``is_original`` set so that the face marks it —
HTML with a ``lang`` attribute and the catalog's mark "(original in English)",
plain text with the mark only, a feed with a LANGUAGE parameter and the mark.
"""

from dataclasses import dataclass

from planner.conferences.models import Conference
from planner.i18n import DEFAULT_LOCALE, gettext, translations
from planner.meetings.models import Meeting


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


def localized(record: Conference | Meeting, field: str, locale: str) -> Localized | None:
    """``record``'s ``field`` (title, venue, agenda) for a reader of ``locale``; None if unset."""
    original: str | None = getattr(record, field)
    if original is None:
        return None
    if locale == DEFAULT_LOCALE:
        return Localized(original, DEFAULT_LOCALE, is_original=False)
    for translation in record.translations:
        if translation.language == locale:
            text = getattr(translation, field, None)
            if text:
                return Localized(text, locale, is_original=False)
    catalogued = gettext(locale, original)
    if catalogued != original:
        return Localized(catalogued, locale, is_original=False)
    return Localized(original, DEFAULT_LOCALE, is_original=True)


def plain_text(record: Conference | Meeting, field: str, locale: str) -> str:
    """The localized text as one plain string, the mark after a fallback (txt, md, CSV)."""
    found = localized(record, field, locale)
    if found is None:
        return ""
    return f"{found.text} {original_mark(locale)}" if found.is_original else found.text
