"""Translations: the committed .mo files are the compiled .po files; names from CLDR."""

import io
import re
import tomllib

import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from planner.i18n import (
    LOCALE_DIR,
    LOCALES,
    TRANSLATED_REFERENCE_FIELDS,
    country_name,
    extract_reference_data,
    gettext,
    locale_name,
    translations,
)

TRANSLATED = [locale for locale in LOCALES if locale != "en"]


def hashable(value):
    """Plural messages carry lists (read_mo) or tuples (read_po) of forms."""
    return tuple(value) if isinstance(value, list | tuple) else value


def translated(message) -> bool:
    forms = message.string if isinstance(message.string, list | tuple) else [message.string]
    return bool(forms) and all(forms)


def messages(catalog) -> dict:
    return {hashable(message.id): hashable(message.string) for message in catalog if message.id}


@pytest.mark.parametrize("locale", TRANSLATED)
def test_committed_mo_matches_its_po(locale):
    folder = LOCALE_DIR / locale / "LC_MESSAGES"
    with open(folder / "planner.po", "rb") as po_file:
        source = read_po(po_file, locale=locale)
    compiled = io.BytesIO()
    write_mo(compiled, source)
    compiled.seek(0)
    with open(folder / "planner.mo", "rb") as mo_file:
        committed = read_mo(mo_file)
    assert messages(committed) == messages(read_mo(compiled))


@pytest.mark.parametrize("locale", TRANSLATED)
def test_catalog_is_complete_and_current(locale):
    with open(LOCALE_DIR / "planner.pot", "rb") as template_file:
        template = {hashable(message.id) for message in read_po(template_file) if message.id}
    with open(LOCALE_DIR / locale / "LC_MESSAGES" / "planner.po", "rb") as po_file:
        catalog = read_po(po_file, locale=locale)
    done = {hashable(message.id) for message in catalog if message.id and translated(message)}
    assert template <= done
    assert not [message.id for message in catalog if message.id and message.fuzzy]


@pytest.mark.parametrize("data_file", ["directory.toml", "actions.toml"])
def test_every_reference_text_is_in_the_template(data_file):
    path = LOCALE_DIR.parent / "reference" / data_file
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    expected = {
        item[field]
        for section, fields in TRANSLATED_REFERENCE_FIELDS.items()
        for item in data.get(section, [])
        for field in fields
        if item.get(field)
    }
    assert expected
    with open(path, "rb") as toml_file:
        extracted = {message for _, _, message, _ in extract_reference_data(toml_file, (), (), {})}
    assert extracted == expected
    with open(LOCALE_DIR / "planner.pot", "rb") as template_file:
        template = {message.id for message in read_po(template_file)}
    assert expected <= template


def test_reference_text_translates_and_unknown_text_falls_back():
    assert gettext("zh", "Fourth Conference of Nuclear-Weapon-Free Zones and Mongolia") == (
        "第四次无核武器区和蒙古会议"
    )
    assert gettext("zh", "not in any catalog") == "not in any catalog"
    assert gettext("en", "Zones") == "Zones"


@pytest.mark.parametrize(
    ("alpha3", "locale", "name"),
    [
        ("MNG", "zh", "蒙古"),
        ("KAZ", "zh", "哈萨克斯坦"),
        ("ZAF", "zh", "南非"),
        ("CIV", "en", "Côte d’Ivoire"),
    ],
)
def test_country_names_come_from_cldr(alpha3, locale, name):
    assert country_name(alpha3, locale) == name


def test_unknown_country_has_no_name():
    assert country_name("XXX", "zh") is None


@pytest.mark.parametrize(
    ("tag", "locale"),
    [
        ("zh-CN", "zh"),
        ("zh_Hans", "zh"),
        ("en-GB", "en"),
        ("fr-CA", "fr"),
        ("ar_EG", "ar"),
        ("ru", "ru"),
        ("es-419", "es"),
        ("de", "en"),
        (None, "en"),
    ],
)
def test_locale_name(tag, locale):
    assert locale_name(tag) == locale


def test_the_six_official_languages_of_the_united_nations():
    assert sorted(LOCALES) == ["ar", "en", "es", "fr", "ru", "zh"]


@pytest.mark.parametrize(
    ("locale", "forms"), [("ar", 6), ("ru", 3), ("fr", 3), ("es", 3), ("zh", 1)]
)
def test_catalog_has_the_plural_forms_cldr_gives(locale, forms):
    with open(LOCALE_DIR / locale / "LC_MESSAGES" / "planner.po", "rb") as po_file:
        catalog = read_po(po_file, locale=locale)
    assert catalog.num_plurals == get_plural(locale).num_plurals == forms
    plural_messages = [message for message in catalog if message.pluralizable]
    assert plural_messages
    assert all(len(message.string) == forms for message in plural_messages)


@pytest.mark.parametrize(
    ("locale", "count", "text"),
    [
        ("ru", 1, "1 день"),
        ("ru", 2, "2 дня"),
        ("ru", 5, "5 дней"),
        ("ru", 11, "11 дней"),
        ("ru", 21, "21 день"),
        ("ar", 1, "يوم واحد"),
        ("ar", 2, "يومان"),
        ("ar", 3, "3 أيام"),
        ("ar", 11, "11 يومًا"),
        ("ar", 100, "100 يوم"),
        ("fr", 1, "1 jour"),
        ("fr", 2, "2 jours"),
        ("es", 1, "1 día"),
        ("es", 7, "7 días"),
    ],
)
def test_compiled_catalog_picks_the_plural_form_for_the_count(locale, count, text):
    message = translations(locale).ngettext("%(num)s day", "%(num)s days", count)
    assert message % {"num": count} == text


def test_french_high_punctuation_follows_a_narrow_no_break_space():
    """French typography: « : ; ! ? » take a narrow no-break space (U+202F) before them."""
    with open(LOCALE_DIR / "fr" / "LC_MESSAGES" / "planner.po", "rb") as po_file:
        catalog = read_po(po_file, locale="fr")
    texts = [
        form
        for message in catalog
        if message.id
        for form in (message.string if isinstance(message.string, tuple) else (message.string,))
    ]
    assert any("\u202f:" in text for text in texts)
    assert not [text for text in texts if re.search(r"[ \u00a0][:;!?]", text)]
