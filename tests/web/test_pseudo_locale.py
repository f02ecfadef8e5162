"""A pseudo-locale finds the strings that never went through the catalogs.

Every message of ``planner.pot`` is compiled into a throw-away catalog as ``⟦àççéñţéð⟧``
text and installed in place of the French one. Then every page, every summary format
and the status of contributions are rendered. Whatever visible text is left once the
pseudo-translated segments, the data of the database and what CLDR supplies (month,
day and country names) are taken away is English that no catalog knows: an unmarked
string. The French CLDR data keeps dates and numbers in a language that is not the
source's, so an English date would show up too.
"""

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sqlalchemy import String, Text, inspect, select

import planner.i18n
from planner import visibility
from planner.db import Base, unit_of_work
from planner.finance import charts, reports
from planner.finance.status import status_of_contributions
from planner.i18n import FIRST_DAY_SUFFIXES, LOCALES, language_name
from planner.summaries import render
from planner.summaries.readiness import readiness
from planner.web import scheduling
from tests.web.conftest import sign_in
from tests.web.manage_routes import FINANCE_ONLY_PAGES, READ_PAGES

LANG = "fr"
OPEN, CLOSE = "⟦", "⟧"
ACCENTS = str.maketrans("aceinouyACEINOUY", "àçéîñøûýÀÇÉÎÑØÛÝ")
PLACEHOLDER = re.compile(r"%\(\w+\)s|%%")
WORD = re.compile(r"[^\W\d_]{2,}")
PUBLIC_PAGES = (
    "/",
    "/conferences/fourth-2020",
    "/conferences/fourth-2020/meetings",
    "/conferences/fourth-2020/calendars",
    "/zones",
    "/zones/SEMIPALATINSK",
    "/sign-in",
    "/no-such-page",
)
SIGNED_IN_PAGES = ("/account/password", "/manage/contacts")
AS_OF = date(2020, 3, 1)


def pseudo(text: str) -> str:
    """Accented and bracketed, placeholders kept so that formatting still works."""
    parts = PLACEHOLDER.split(text)
    keep = PLACEHOLDER.findall(text)
    out = parts[0].translate(ACCENTS)
    for placeholder, part in zip(keep, parts[1:], strict=True):
        out += placeholder + part.translate(ACCENTS)
    return OPEN + out + CLOSE


@pytest.fixture
def pseudo_locale(tmp_path, monkeypatch):
    with open(planner.i18n.LOCALE_DIR / "planner.pot", "rb") as template_file:
        catalog = read_po(template_file, locale=LANG)
    for message in catalog:
        if not message.id:
            continue
        if message.pluralizable:
            message.string = tuple(pseudo(message.id[1]) for _ in range(catalog.num_plurals))
        else:
            message.string = pseudo(message.id)
    folder = tmp_path / LANG / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "planner.mo", "wb") as mo_file:
        write_mo(mo_file, catalog)
    monkeypatch.setattr(planner.i18n, "LOCALE_DIR", tmp_path)
    caches = (
        planner.i18n.translations,
        render.environment,
        charts.render_charts,
        scheduling._timezone_groups,
    )
    for cached in caches:  # everything made from the catalogs, made again from the pseudo one
        cached.cache_clear()
    yield
    for cached in caches:
        cached.cache_clear()


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes and the labelling attributes.

    ``<code>`` is left out: it holds what must be typed as is (CSV column names)."""

    LABELS = ("title", "aria-label", "placeholder", "alt")

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code"):
            self.hidden += 1
        self.parts.extend(value for name, value in attrs if name in self.LABELS and value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def data_texts(engine) -> list[str]:
    """Every text value stored in the database (titles, names, venues, sources, codes)."""
    texts: set[str] = set()
    with unit_of_work(engine) as session:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text)]
            if not columns or not inspect(engine).has_table(table.name):
                continue
            for row in session.execute(select(*columns)):
                texts.update(str(value) for value in row if value)
    return sorted(texts, key=len, reverse=True)


def cldr_words() -> set[str]:
    """What Babel's CLDR data writes for the locale: months, days, periods, countries."""
    locale = Locale.parse(LANG)
    words: set[str] = set()
    for names in (locale.months, locale.days):
        for context in names.values():
            for width in context.values():
                words.update(WORD.findall(" ".join(map(str, width.values()))))
    words.update(str(value) for value in locale.periods.values())
    for name in (*locale.territories.values(), *map(language_name, LOCALES)):
        words.update(WORD.findall(name))
    words.update(WORD.findall(" ".join(locale.currency_symbols.values())))
    words.update(["UTC", *FIRST_DAY_SUFFIXES.values()])  # "1er": the dates' own ordinal
    return {word.casefold() for word in words}


def leftovers(text: str, data: list[str], allowed: set[str]) -> list[str]:
    """Words that are neither pseudo-translated, nor data, nor CLDR's."""
    innermost = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
    while innermost.search(text):  # messages nest (a sentence holding a number of days)
        text = innermost.sub(" ", text)
    for value in data:
        if len(value) > 3:
            text = text.replace(value, " ")
        elif len(value) > 1:  # a code ("fr", "MNG") only as a word, never inside "Comores"
            text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " ", text)
    words = WORD.findall(text)
    return sorted({word for word in words if word.casefold() not in allowed})


def test_every_visible_string_comes_from_a_catalog_or_the_data(
    pseudo_locale, client, demo, make_user, engine
):
    allowed = cldr_words()
    found: dict[str, list[str]] = {}

    def check(where: str, text: str, data: list[str]) -> None:
        words = leftovers(text, data, allowed)
        if words:
            found[where] = words

    data = data_texts(engine)
    for path in PUBLIC_PAGES:
        response = client.get(f"/{LANG}{path}")
        assert response.status_code in (200, 404), path
        check(path, visible(response.get_data(as_text=True)), data)
    account = make_user("pseudo-finance", "finance")
    assert sign_in(client, account, lang=LANG).status_code == 302
    data = data_texts(engine)
    pages = (*SIGNED_IN_PAGES, *(f"/manage{page}" for page in READ_PAGES + FINANCE_ONLY_PAGES))
    for path in pages:
        if path.endswith((".csv", ".xlsx", ".pdf")):
            continue
        response = client.get(f"/{LANG}{path}")
        assert response.status_code == 200, path
        check(path, visible(response.get_data(as_text=True)), data)
    csv_text = client.get(f"/{LANG}/manage/fourth-2020/finance/contributions.csv").get_data(
        as_text=True
    )
    check("contributions.csv", csv_text, data)
    with unit_of_work(engine) as session:
        picture = readiness(session, "fourth-2020", AS_OF, visibility.ORGANIZER)
        for fmt in render.FORMATS:
            text = render.render_summary(picture, fmt, LANG)
            shown = {"html": visible(text), "md": text.replace("\\", "")}.get(fmt, text)
            check(f"summary.{fmt}", shown, data)
        report = status_of_contributions(session, "fourth-2020", AS_OF)
        check("finance status", reports.render_table(report, LANG), data)
    assert not found, "\n".join(f"{where}: {' '.join(words)}" for where, words in found.items())
