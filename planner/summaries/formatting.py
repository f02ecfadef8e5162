"""Dates, times, numbers, money and names for one language, through Babel and CLDR.

A :class:`Formatter` is handed to the templates as ``fmt`` (the CLI summary and the
web panel alike), so the shared partials format the same way everywhere and never
need to know which language they are in. Adding a UN language needs no code here:
Babel's CLDR data already covers ar, fr, ru and es.
"""

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_time
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent
from markupsafe import Markup

from planner.content.localized import localized, marked, original_mark
from planner.finance.charts import Chart, ChartData, render_charts
from planner.i18n import (
    bracketed,
    date_range_text,
    date_text,
    date_time_join,
    html_lang,
    mark_space,
    money_text,
    party_name,
    punctuation,
    text_direction,
    translations,
)
from planner.summaries.meetings import MeetingOccurrence

PAGE_COUNTERS = re.compile(r"%\((page|pages)\)s")  # the placeholders of the page-number wording


def css_string(text: str) -> str:
    """Text as a quoted CSS string: quotes, backslashes and line breaks escaped, and "<"
    too, so that no wording can close the <style> element it is written into."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    escaped = escaped.replace("\n", "\\a ")
    return f'"{escaped}"'


@dataclass(frozen=True)
class Formatter:
    lang: str

    @property
    def colon(self) -> str:
        return punctuation(self.lang, "colon")

    @property
    def label_colon(self) -> str:
        """The colon that ends a label, kept inside the label's bold: ``：`` in Chinese."""
        return self.colon.rstrip(" ")

    @property
    def label_gap(self) -> str:
        """What follows a bold label's colon: a space, none after a full-width colon."""
        return self.colon[len(self.label_colon) :]

    @property
    def semicolon(self) -> str:
        return punctuation(self.lang, "semicolon")

    @property
    def comma(self) -> str:
        return punctuation(self.lang, "comma")

    @property
    def html_lang(self) -> str:
        return html_lang(self.lang)

    @property
    def direction(self) -> str:
        return text_direction(self.lang)

    @property
    def start_side(self) -> str:
        """Where a line of this language starts (``left``/``right``), for what CSS can only
        place by physical side, such as a printed page's margin boxes."""
        return "right" if self.direction == "rtl" else "left"

    @property
    def end_side(self) -> str:
        return "left" if self.direction == "rtl" else "right"

    @property
    def page_numbers(self) -> str:
        """The CSS ``content`` of a printed page's number, worded by the catalog around the
        page counters: "Page 1 of 3", "صفحة 1 من 3". Bare counters with a slash ("1 / 3")
        read backwards in a right-to-left page, where the bidi algorithm puts the first
        number on the right."""
        wording = translations(self.lang).gettext("Page %(page)s of %(pages)s")
        pieces = PAGE_COUNTERS.split(wording)  # text, counter name, text, counter name, text
        return " ".join(
            f"counter({piece})" if index % 2 else css_string(piece)
            for index, piece in enumerate(pieces)
            if piece
        )

    def date(self, value: date | None) -> str:
        return "" if value is None else date_text(value, self.lang)

    def date_range(self, first: dt.date, last: dt.date) -> str:
        """A span of days, the way the language writes one (``Aug 28 – 29, 2019``)."""
        return self.date(first) if first == last else date_range_text(first, last, self.lang)

    def day(self, value: datetime, zone: str) -> str:
        """The weekday and date of an instant in a time zone (``Tue, Apr 14, 2020``)."""
        return date_text(value, self.lang, "yMMMEd", ZoneInfo(zone))

    def time(self, value: datetime, zone: str) -> str:
        return format_time(value, "short", tzinfo=ZoneInfo(zone), locale=self.lang)

    def aside(self, mark: object) -> str:
        """A secondary mark after a text (a status, a reference, a count, a zone) in the
        language's brackets: `` (confirmed)``, full-width and unspaced in Chinese
        ``（已确认）``. A ``Markup`` mark stays ``Markup``."""
        return bracketed(mark if isinstance(mark, str) else str(mark), self.lang)

    def local_when(self, occurrence: MeetingOccurrence) -> str:
        """When an occurrence happens in its own zone: dates for all-day meetings."""
        if occurrence.all_day:
            return self.date_range(occurrence.first_day, occurrence.last_day)
        zone = occurrence.timezone
        start, end = occurrence.start_utc, occurrence.end_utc
        return self.day_and_times(start, end, zone) + self.aside(zone)

    def utc_when(self, occurrence: MeetingOccurrence) -> str:
        return f"{self.day_and_times(occurrence.start_utc, occurrence.end_utc, 'UTC')} UTC"

    def utc_instant(self, value: datetime) -> str:
        value = value.astimezone(UTC)
        return f"{date_time_join(self.day(value, 'UTC'), self.time(value, 'UTC'), self.lang)} UTC"

    def day_and_times(self, start: datetime, end: datetime, zone: str) -> str:
        """The start's day and the start and end times, joined as the language joins a date
        and a time (the Arabic comma in Arabic, a space in Chinese)."""
        times = f"{self.time(start, zone)}–{self.time(end, zone)}"
        return date_time_join(self.day(start, zone), times, self.lang)

    def number(self, value: int | Decimal) -> str:
        return format_decimal(value, locale=self.lang)

    def money(self, amount: Decimal | None, currency: str) -> str:
        return "" if amount is None else money_text(amount, currency, self.lang)

    def charts(self, data: ChartData) -> tuple[Chart, ...]:
        """The finance charts in this language (the HTML summary and the PDF show them)."""
        return render_charts(data, self.lang)

    def percent(self, value: Decimal | None) -> str:
        """A percentage given as a number of hundredths (``23.4`` -> ``23.4%``)."""
        return "" if value is None else format_percent(value / 100, "#,##0.0%", locale=self.lang)

    def party(self, code: str | None, name: str | None = None) -> str:
        """A party in the language: CLDR names for states, the catalogs for zones and bodies."""
        return party_name(code, name, self.lang)

    def party_names(self, parties: Iterable[Any]) -> str:
        """Parties (anything with ``code`` and ``name``) named in the language, joined by
        its comma: a list that goes on (``and 3 more``), so not closed by "and"."""
        return self.comma.join(self.party(party.code, party.name) for party in parties)

    def parties(self, endorsements: Iterable[Any]) -> str:
        """Several parties (anything with ``party`` and ``party_name``) as one phrase,
        joined the way the language joins a list."""
        names = [self.party(item.party, item.party_name) for item in endorsements]
        return format_list(names, locale=self.lang)

    @staticmethod
    def plain(sentence: str) -> str:
        """A sentence from ``_messages.txt`` as plain text, so an HTML caller escapes it.

        Jinja marks a macro's result safe when the calling template autoescapes, even
        though these macros (in a ``.txt`` template) never escape what they insert.
        """
        return str.__str__(sentence)

    def content(self, record: object, field: str) -> str:
        """A conference's or a meeting's text in the language; the original marked after it."""
        return marked(localized(record, field, self.lang), self.lang)

    def content_html(self, record: object, field: str) -> Markup:
        """:meth:`content` for HTML: an original keeps its ``lang`` (and direction, isolated
        in ``<bdi>``), and its mark is a ``<small class="original">`` after it."""
        found = localized(record, field, self.lang)
        if found is None:
            return Markup("")
        if not found.is_original:
            return Markup("%s") % found.text
        return Markup('<bdi lang="%s">%s</bdi>%s<small class="original">%s</small>') % (
            html_lang(found.language),
            found.text,
            mark_space(self.lang),
            original_mark(self.lang),
        )

    def text(self, value: str | None) -> str:
        """A reference-data text (a conference title, a venue) translated when catalogued."""
        return translations(self.lang).gettext(value) if value else ""
