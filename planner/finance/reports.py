"""The status of contributions as a text table, CSV or XLSX (JSON is ``StatusReport.as_json``).

Spreadsheet outputs carry real numbers (XLSX: numeric cells with the currency's
number format) and neutralise any text a spreadsheet would run as a formula.
Sample data is announced by a ``SAMPLE DATA`` line and a ``sample`` column.
"""

import csv
import io
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Font

from planner.finance.ledger import PartyFigures
from planner.finance.money import format_amount, minor_unit, round_to_minor_unit
from planner.finance.status import StatusReport
from planner.spreadsheets import safe_spreadsheet_text

AMOUNT_COLUMNS = ("pledged", "paid", "outstanding", "overdue", "credit")
COLUMNS = ("zone", "party", "name", *AMOUNT_COLUMNS, "last_payment", "status", "sample")
SAMPLE_LINE = (
    "SAMPLE DATA: figures marked sample are invented for demonstration, not real contributions"
)


def _row_values(
    zone: str | None, party: str, name: str, figures: PartyFigures, status: str
) -> dict[str, Any]:
    return {
        "zone": zone or "",
        "party": party,
        "name": name,
        **{column: getattr(figures, column) for column in AMOUNT_COLUMNS},
        "last_payment": figures.last_payment.isoformat() if figures.last_payment else "",
        "status": status,
        "sample": "yes" if figures.sample else "no",
    }


def _rows(report: StatusReport) -> list[dict[str, Any]]:
    rows = [
        _row_values(row.zone, row.party, row.name, row.figures, row.figures.status)
        for row in report.rows
    ]
    rows.append(_row_values("", "TOTAL", "", report.totals, ""))
    rows[-1]["sample"] = "yes" if report.sample else "no"
    return rows


def _summary_lines(report: StatusReport) -> list[str]:
    currency = report.currency
    lines = []
    if report.budget is not None and report.gap is not None:
        sample = " (SAMPLE)" if report.budget_is_sample else ""
        lines.append(
            f"Budget {format_amount(report.budget, currency)}{sample}; "
            f"pledged {report.percent(report.totals.pledged)}%, "
            f"funded (paid) {report.percent(report.totals.paid)}%, "
            f"funding gap {format_amount(report.gap, currency)}"
        )
    else:
        lines.append("Budget: not set")
    aging = ", ".join(
        f"{name} days {format_amount(amount, currency)}"
        for name, amount in report.totals.aging.items()
    )
    lines.append(f"Overdue by age: {aging}")
    return lines


def render_table(report: StatusReport) -> str:
    currency = report.currency
    lines = [
        f"Status of contributions: {report.title} ({report.conference})",
        f"As of {report.as_of.isoformat()}, amounts in {currency}",
    ]
    if report.sample:
        lines.append(SAMPLE_LINE)
    lines.append("")
    headers = ["zone", "party", *AMOUNT_COLUMNS, "last payment", "status", "sample"]
    table = [headers]
    previous_zone = None
    for row in _rows(report):
        zone = row["zone"] if row["zone"] != previous_zone else ""
        previous_zone = row["zone"]
        table.append(
            [
                zone,
                row["party"],
                *(format_amount(row[column], currency) for column in AMOUNT_COLUMNS),
                row["last_payment"],
                row["status"],
                "SAMPLE" if row["sample"] == "yes" else "",
            ]
        )
    widths = [max(len(line[index]) for line in table) for index in range(len(headers))]
    numeric = {index for index, name in enumerate(headers) if name in AMOUNT_COLUMNS}

    def fmt(line: list[str]) -> str:
        cells = [
            text.rjust(width) if index in numeric else text.ljust(width)
            for index, (text, width) in enumerate(zip(line, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    lines.append(fmt(table[0]))
    lines.append("  ".join("-" * width for width in widths))
    lines.extend(fmt(line) for line in table[1:-1])
    lines.append("  ".join("-" * width for width in widths))
    lines.append(fmt(table[-1]))
    lines.append("")
    lines.extend(_summary_lines(report))
    if report.by_currency:
        lines.append("By original currency:")
        for code, sums in report.by_currency.items():
            parts = ", ".join(
                f"{name} {format_amount(amount, code)}" for name, amount in sums.items()
            )
            lines.append(f"  {code}: {parts}")
    return "\n".join(lines)


def render_csv(report: StatusReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in _rows(report):
        writer.writerow(
            [
                str(round_to_minor_unit(row[name], report.currency))
                if name in AMOUNT_COLUMNS
                else safe_spreadsheet_text(str(row[name]))
                for name in COLUMNS
            ]
        )
    if report.sample:
        writer.writerow([SAMPLE_LINE])
    return buffer.getvalue()


def number_format(currency: str) -> str:
    decimals = minor_unit(currency)
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def write_xlsx(report: StatusReport, path: str | Path | IO[bytes]) -> None:
    """A workbook: the status sheet (frozen header, totals row) and the currency breakdown."""
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = "Status"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    amount_format = number_format(report.currency)
    for row in _rows(report):
        sheet.append(
            [
                round_to_minor_unit(row[name], report.currency)
                if name in AMOUNT_COLUMNS
                else safe_spreadsheet_text(str(row[name]))
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
    sheet.append([f"As of {report.as_of.isoformat()}, amounts in {report.currency}"])
    if report.sample:
        sheet.append([SAMPLE_LINE])
    for line in _summary_lines(report):
        sheet.append([safe_spreadsheet_text(line)])

    breakdown = workbook.create_sheet("By currency")
    names = list(next(iter(report.by_currency.values())).keys()) if report.by_currency else []
    breakdown.append(["currency", *names])
    for cell in breakdown[1]:
        cell.font = Font(bold=True)
    breakdown.freeze_panes = "A2"
    for code, sums in report.by_currency.items():
        breakdown.append([code, *(round_to_minor_unit(sums[name], code) for name in names)])
        for cell in breakdown[breakdown.max_row][1:]:
            cell.number_format = number_format(code)

    aging = workbook.create_sheet("Aging")
    aging.append(["overdue by days", f"amount ({report.currency})"])
    for name, amount in report.totals.aging.items():
        aging.append([name, round_to_minor_unit(amount, report.currency)])
        aging.cell(aging.max_row, 2).number_format = amount_format
    workbook.save(path)
