"""Native Excel charts of the status of contributions, on the workbook's ``Charts`` sheet.

The same four pictures as :mod:`planner.finance.charts` (budget, per party, aging,
cumulative payments), drawn by the spreadsheet itself from cells on the ``Charts``
sheet (or the ``Aging`` sheet), so that a finance officer can restyle or reuse them and
every bar points at the number it shows.
"""

from datetime import date
from decimal import Decimal

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.axis import DateAxis
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from planner.finance.charts import ChartData, series_labels
from planner.i18n import party_name, translations

CHART_WIDTH, CHART_HEIGHT = 18, 7.5  # centimetres


def add_charts(workbook: Workbook, data: ChartData, lang: str, amount_format: str) -> None:
    """A ``Charts`` sheet: each chart's figures as a small table, and the chart beside it."""
    gettext = translations(lang).gettext
    names = series_labels(lang)
    sheet = workbook.create_sheet("Charts")
    row = 1

    budget_columns = [names["paid"], names["pledged_unpaid"]]
    budget_values: list[Decimal] = [data.paid, data.pledged_unpaid]
    if data.budget is not None:
        budget_columns.append(names["unpledged"])
        budget_values.append(data.unpledged)
    row = _table(sheet, row, budget_columns, [(names["budget"], budget_values)], amount_format)
    title = gettext("Budget: paid, pledged but unpaid, not yet pledged (%(currency)s)")
    _place(sheet, _stacked(sheet, row, 1, len(budget_columns), title % _currency(data)), row)
    row += 16

    if data.parties:
        parties = [
            (party_name(bar.party, bar.name, lang), [bar.paid, bar.not_yet_due, bar.overdue])
            for bar in data.parties
        ]
        columns = [names["paid"], names["not_yet_due"], names["overdue"]]
        row = _table(sheet, row, columns, parties, amount_format)
        title = gettext("By party: paid, outstanding not yet due, overdue (%(currency)s)")
        chart = _stacked(sheet, row, len(parties), 3, title % _currency(data))
        chart.height = max(CHART_HEIGHT, 1.0 + 0.6 * len(parties))
        _place(sheet, chart, row)
        row += max(16, len(parties) + 4)

    aging = workbook["Aging"]
    chart = BarChart()
    chart.type = "col"
    chart.title = gettext("Overdue amounts by days late (%(currency)s)") % _currency(data)
    chart.add_data(
        Reference(aging, min_col=2, min_row=1, max_row=aging.max_row), titles_from_data=True
    )
    chart.set_categories(Reference(aging, min_col=1, min_row=2, max_row=aging.max_row))
    chart.legend = None
    _place(sheet, chart, row)
    row += 16

    if data.receipts:
        start = row
        sheet.cell(row, 1, gettext("date"))
        sheet.cell(row, 2, names["cumulative"])
        if data.budget is not None:
            sheet.cell(row, 3, names["budget"])
        for day, amount in data.receipts:
            row += 1
            _cumulative_row(sheet, row, day, amount, data.budget, amount_format)
        line = LineChart()
        line.title = gettext(
            "Payments received over time against the budget (%(currency)s)"
        ) % _currency(data)
        line.x_axis = DateAxis(crossAx=100)
        line.x_axis.number_format = "yyyy-mm-dd"
        line.add_data(
            Reference(
                sheet,
                min_col=2,
                max_col=3 if data.budget is not None else 2,
                min_row=start,
                max_row=row,
            ),
            titles_from_data=True,
        )
        line.set_categories(Reference(sheet, min_col=1, min_row=start + 1, max_row=row))
        _place(sheet, line, start)


def _currency(data: ChartData) -> dict[str, str]:
    return {"currency": data.currency}


def _table(
    sheet: Worksheet,
    row: int,
    columns: list[str],
    rows: list[tuple[str, list[Decimal]]],
    amount_format: str,
) -> int:
    """Headers in ``row``, one line per label below; returns the header row."""
    for index, name in enumerate(columns, start=2):
        sheet.cell(row, index, name)
    for offset, (label, values) in enumerate(rows, start=1):
        sheet.cell(row + offset, 1, label)
        for index, value in enumerate(values, start=2):
            sheet.cell(row + offset, index, value).number_format = amount_format
    return row


def _stacked(sheet: Worksheet, header: int, count: int, series: int, title: str) -> BarChart:
    """Horizontal stacked bars: one per line below ``header``, one series per column."""
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = title
    data = Reference(sheet, min_col=2, max_col=1 + series, min_row=header, max_row=header + count)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=header + 1, max_row=header + count))
    chart.y_axis.majorGridlines = None
    chart.x_axis.scaling.orientation = "maxMin"  # first party on top, as in the table
    return chart


def _cumulative_row(
    sheet: Worksheet, row: int, day: date, amount: Decimal, budget: Decimal | None, fmt: str
) -> None:
    sheet.cell(row, 1, day).number_format = "yyyy-mm-dd"
    sheet.cell(row, 2, amount).number_format = fmt
    if budget is not None:
        sheet.cell(row, 3, budget).number_format = fmt


def _place(sheet: Worksheet, chart: BarChart | LineChart, row: int) -> None:
    chart.width = CHART_WIDTH
    chart.height = max(chart.height, CHART_HEIGHT)
    sheet.add_chart(chart, f"F{row}")
