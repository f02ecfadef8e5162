"""The status of contributions as a text table, CSV or XLSX (JSON is ``StatusReport.as_json``).

Spreadsheet outputs carry real numbers (XLSX: numeric cells with the currency's
number format) and neutralise any text a spreadsheet would run as a formula.
Sample data is announced by a ``SAMPLE DATA`` line and a ``sample`` column.

Every output is in one of the six languages (``lang``): headers, statuses, the
sentences and the party names; amounts in the table follow the language's CLDR
number symbols, while CSV keeps plain machine numbers and ISO dates so that any
spreadsheet reads them back. English headers are the JSON keys' spelling.
"""

import csv
import io
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import IO

from babel import Locale
from babel.numbers import NumberPattern, format_decimal, parse_pattern
from openpyxl import Workbook
from openpyxl.styles import Font

from planner.content.localized import plain_text
from planner.finance.charts import chart_data
from planner.finance.labels import aging_labels, column_labels, pledge_status_labels
from planner.finance.ledger import PartyFigures
from planner.finance.money import minor_unit, round_to_minor_unit
from planner.finance.status import REPORTING_AMOUNTS, StatusReport
from planner.finance.xlsx_charts import add_charts
from planner.i18n import (
    DEFAULT_LOCALE,
    party_label,
    party_name,
    punctuation,
    text_direction,
    translations,
)
from planner.spreadsheets import safe_spreadsheet_text

AMOUNT_COLUMNS = REPORTING_AMOUNTS
# The exchange differences came later: appended, so that spreadsheet columns read by
# position (and the XLSX charts' references) keep their places.
COLUMNS = (
    "zone", "party", "name", "pledged", "paid", "outstanding", "overdue", "credit",
    "last_payment", "status", "sample", "exchange_loss", "exchange_gain",
)  # fmt: skip


def sample_line(lang: str) -> str:
    return translations(lang).gettext(
        "SAMPLE DATA: figures marked sample are invented for demonstration, not real contributions"
    )


def localized_amount(amount: Decimal, currency: str, lang: str) -> str:
    """An amount with exactly the currency's decimals in the language's number symbols."""
    pattern, locale = _amount_format(currency, lang)
    return format_decimal(round_to_minor_unit(amount, currency), pattern, locale=locale)


@cache
def _amount_format(currency: str, lang: str) -> tuple[NumberPattern, Locale]:
    """The parsed pattern and locale of :func:`localized_amount`: Babel parses both again on
    every call given text, half of a status table's time (1,400 amounts for 200 parties)."""
    return parse_pattern(number_format(currency)), Locale.parse(lang)


def display_width(text: str) -> int:
    """Columns a terminal gives the text: two for wide (CJK) characters, none for marks."""
    return sum(
        0
        if unicodedata.combining(char)
        else 2
        if unicodedata.east_asian_width(char) in ("W", "F")
        else 1
        for char in text
    )


@dataclass(frozen=True)
class ReportRow:
    """One line of the status table as every output shows it (the totals line included):
    texts already in the report's language, amounts still exact."""

    zone: str
    zone_label: str  # the zone by name, its code secondary ("" on the totals line)
    party: str
    party_label: str  # the party by name, its code secondary
    name: str
    pledged: Decimal
    paid: Decimal
    outstanding: Decimal
    overdue: Decimal
    credit: Decimal
    exchange_loss: Decimal
    exchange_gain: Decimal
    last_payment: date | None  # None when nothing was paid
    status: str
    sample: str  # the language's "yes" or "no"
    is_sample: bool

    def amounts(self) -> tuple[Decimal, ...]:
        """The amounts in the order of :data:`AMOUNT_COLUMNS`."""
        return tuple(getattr(self, column) for column in AMOUNT_COLUMNS)

    def cell(self, column: str) -> Decimal | str:
        """The value of one of :data:`COLUMNS` as files carry it: amounts are the Decimals,
        the last payment an ISO date ("" when nothing was paid)."""
        if column == "last_payment":
            return self.last_payment.isoformat() if self.last_payment else ""
        value: Decimal | str = getattr(self, column)
        return value


def _row(
    zone: str | None,
    zone_label: str,
    party: str,
    name: str,
    figures: PartyFigures,
    status: str,
    sample: bool,
    lang: str,
) -> ReportRow:
    labels = column_labels(lang)
    return ReportRow(
        zone=zone or "",
        zone_label=zone_label,
        party=party,
        party_label=party_label(party, name, lang) if name else party,
        name=party_name(party, name, lang) if name else "",
        **{column: getattr(figures, column) for column in AMOUNT_COLUMNS},
        last_payment=figures.last_payment,
        status=pledge_status_labels(lang).get(status, status),
        sample=labels["yes"] if sample else labels["no"],
        is_sample=sample,
    )


def report_rows(report: StatusReport, lang: str) -> list[ReportRow]:
    """The table's lines in a language, the totals line last: what every face shows
    (text table, CSV, XLSX, the web page), so none of them sums or labels on its own."""
    rows = [
        _row(
            row.zone,
            party_label(row.zone, row.zone_name, lang),
            row.party,
            row.name,
            row.figures,
            row.figures.status,
            row.figures.sample,
            lang,
        )
        for row in report.rows
    ]
    labels = column_labels(lang)
    rows.append(_row("", "", labels["total"], "", report.totals, "", report.sample, lang))
    return rows


def _percent(value: Decimal | None, lang: str) -> str:
    return format_decimal(value, "#,##0.0", locale=lang) if value is not None else ""


def _summary_lines(report: StatusReport, lang: str) -> list[str]:
    gettext = translations(lang).gettext
    currency = report.currency
    lines = []
    if report.budget is not None and report.gap is not None:
        sample = " (SAMPLE)" if report.budget_is_sample else ""
        lines.append(
            gettext(
                "Budget %(budget)s%(sample)s; pledged %(pledged)s%%, funded (paid) %(paid)s%%, "
                "funding gap %(gap)s"
            )
            % {
                "budget": localized_amount(report.budget, currency, lang),
                "sample": sample,
                "pledged": _percent(report.percent(report.totals.pledged), lang),
                "paid": _percent(report.percent(report.totals.paid), lang),
                "gap": localized_amount(report.gap, currency, lang),
            }
        )
    else:
        lines.append(gettext("Budget: not set"))
    names = aging_labels(lang)
    aging = punctuation(lang, "comma").join(
        gettext("%(days)s days %(amount)s")
        % {"days": names[name], "amount": localized_amount(amount, currency, lang)}
        for name, amount in report.totals.aging.items()
    )
    lines.append(gettext("Overdue by age: %(aging)s") % {"aging": aging})
    return lines


def _as_of_line(report: StatusReport, lang: str) -> str:
    return translations(lang).gettext("As of %(date)s, amounts in %(currency)s") % {
        "date": report.as_of.isoformat(),
        "currency": report.currency,
    }


def render_table(report: StatusReport, lang: str = DEFAULT_LOCALE) -> str:
    gettext = translations(lang).gettext
    currency = report.currency
    lines = [
        gettext("Status of contributions: %(title)s (%(conference)s)")
        % {"title": plain_text(report, "title", lang), "conference": report.conference},
        _as_of_line(report, lang),
    ]
    if report.sample:
        lines.append(sample_line(lang))
    lines.append("")
    labels = column_labels(lang)
    keys = ["zone", "party", *AMOUNT_COLUMNS, "last_payment", "status", "sample"]
    table = [[labels[key] for key in keys]]
    previous_zone = None
    for row in report_rows(report, lang):  # zones and states by name, their codes secondary
        zone = row.zone_label if row.zone != previous_zone else ""
        previous_zone = row.zone
        table.append(
            [
                zone,
                row.party_label,
                *(localized_amount(amount, currency, lang) for amount in row.amounts()),
                str(row.cell("last_payment")),
                row.status,
                "SAMPLE" if row.is_sample else "",
            ]
        )
    widths = [max(display_width(line[index]) for line in table) for index in range(len(keys))]
    numeric = {index for index, key in enumerate(keys) if key in AMOUNT_COLUMNS}

    def fmt(line: list[str]) -> str:
        cells = []
        for index, (text, width) in enumerate(zip(line, widths, strict=True)):
            padding = " " * (width - display_width(text))
            cells.append(padding + text if index in numeric else text + padding)
        return "  ".join(cells).rstrip()

    lines.append(fmt(table[0]))
    lines.append("  ".join("-" * width for width in widths))
    lines.extend(fmt(line) for line in table[1:-1])
    lines.append("  ".join("-" * width for width in widths))
    lines.append(fmt(table[-1]))
    lines.append("")
    lines.extend(_summary_lines(report, lang))
    if report.by_currency:
        lines.append(gettext("By original currency:"))
        for code, sums in report.by_currency.items():
            parts = punctuation(lang, "comma").join(
                f"{labels[name]} {localized_amount(amount, code, lang)}"
                for name, amount in sums.items()
            )
            lines.append(f"  {code}{punctuation(lang, 'colon')}{parts}")
    return "\n".join(lines)


def render_csv(report: StatusReport, lang: str = DEFAULT_LOCALE) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    labels = column_labels(lang)
    writer.writerow([labels[name] for name in COLUMNS])
    for row in report_rows(report, lang):
        writer.writerow(
            [
                str(round_to_minor_unit(Decimal(row.cell(name)), report.currency))
                if name in AMOUNT_COLUMNS
                else safe_spreadsheet_text(str(row.cell(name)))
                for name in COLUMNS
            ]
        )
    if report.sample:
        writer.writerow([sample_line(lang)])
    return buffer.getvalue()


def number_format(currency: str) -> str:
    decimals = minor_unit(currency)
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def write_xlsx(
    report: StatusReport, path: str | Path | IO[bytes], lang: str = DEFAULT_LOCALE
) -> None:
    """A workbook: the status sheet (frozen header, totals row) and the currency breakdown.

    Sheet names stay English (``Status``, ``By currency``, ``Aging``, ``Charts``): scripts and
    formulas address sheets by name, so they are part of the file's interface."""
    gettext = translations(lang).gettext
    labels = column_labels(lang)
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = "Status"
    sheet.sheet_view.rightToLeft = text_direction(lang) == "rtl"
    sheet.append([labels[name] for name in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    amount_format = number_format(report.currency)
    for row in report_rows(report, lang):
        sheet.append(
            [
                round_to_minor_unit(Decimal(row.cell(name)), report.currency)
                if name in AMOUNT_COLUMNS
                else safe_spreadsheet_text(str(row.cell(name)))
                for name in COLUMNS
            ]
        )
        for index, name in enumerate(COLUMNS, start=1):
            if name in AMOUNT_COLUMNS:
                sheet.cell(sheet.max_row, index).number_format = amount_format
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.append([])
    sheet.append([_as_of_line(report, lang)])
    if report.sample:
        sheet.append([sample_line(lang)])
    for line in _summary_lines(report, lang):
        sheet.append([safe_spreadsheet_text(line)])

    breakdown = workbook.create_sheet("By currency")
    names = list(next(iter(report.by_currency.values())).keys()) if report.by_currency else []
    breakdown.append([labels["currency"], *(labels[name] for name in names)])
    for cell in breakdown[1]:
        cell.font = Font(bold=True)
    breakdown.freeze_panes = "A2"
    for code, sums in report.by_currency.items():
        breakdown.append([code, *(round_to_minor_unit(sums[name], code) for name in names)])
        for cell in breakdown[breakdown.max_row][1:]:
            cell.number_format = number_format(code)

    aging = workbook.create_sheet("Aging")
    aging.append(
        [
            gettext("overdue by days"),
            gettext("amount (%(currency)s)") % {"currency": report.currency},
        ]
    )
    bucket_names = aging_labels(lang)
    for name, amount in report.totals.aging.items():
        aging.append([bucket_names[name], round_to_minor_unit(amount, report.currency)])
        aging.cell(aging.max_row, 2).number_format = amount_format
    # a workbook is the secretariat's export (CLI, finance pages): per-party bars included
    add_charts(workbook, chart_data(report, per_party=True), lang, amount_format)
    workbook.save(path)
