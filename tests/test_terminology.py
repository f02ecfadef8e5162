"""The terminology file (planner/reference/terminology.toml) and the catalogs agree.

The file records how the UN writes each name in each language, with its source tier or
``unverified``; the catalogs are what readers see. A catalog that drifted from the
terminology (or a terminology entry with no source and no ``unverified`` mark) fails here.
"""

import tomllib

import pytest
from babel.messages.pofile import read_po

from planner.i18n import LOCALE_DIR, LOCALES, gettext

TERMS = tomllib.loads(
    (LOCALE_DIR.parent / "reference" / "terminology.toml").read_text(encoding="utf-8")
)["terms"]
TRANSLATED = [locale for locale in LOCALES if locale != "en"]


def catalog_texts(locale: str) -> list[str]:
    with open(LOCALE_DIR / locale / "LC_MESSAGES" / "planner.po", "rb") as po_file:
        catalog = read_po(po_file, locale=locale)
    return [
        form
        for message in catalog
        if message.id
        for form in (message.string if isinstance(message.string, tuple) else (message.string,))
    ]


def test_every_term_covers_the_five_other_languages_with_a_tier_or_unverified():
    assert len(TERMS) >= 10
    for term in TERMS:
        for locale in TRANSLATED:
            entry = term[locale]
            assert entry["text"]
            if entry.get("unverified"):
                assert "tier" not in entry
            else:
                assert entry["tier"] in ("A", "B", "C"), term["key"]
                assert entry["source"], term["key"]


@pytest.mark.parametrize("locale", TRANSLATED)
def test_catalog_translates_each_catalogued_name_as_the_terminology_says(locale):
    catalogued = [term for term in TERMS if "msgid" in term]
    assert catalogued
    for term in catalogued:
        assert gettext(locale, term["msgid"]) == term[locale]["text"], term["key"]


@pytest.mark.parametrize("locale", TRANSLATED)
def test_catalog_uses_each_term_inside_its_messages(locale):
    texts = catalog_texts(locale)
    for term in (term for term in TERMS if "msgid" not in term):
        used = term[locale].get("used_as", term[locale]["text"])
        assert any(used.casefold() in text.casefold() for text in texts), (term["key"], used)
