"""The finance charts: their bars measured in the SVG against the status of contributions,
their tables equal to its figures, visibility, determinism, and the XLSX's native charts."""

import base64
import re
import xml.etree.ElementTree as ET
import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from planner.finance.charts import chart_data, render_charts, series_labels
from planner.finance.status import status_of_contributions

CONF = "fourth-2020"
AS_OF = date(2020, 3, 1)
SVG = "{http://www.w3.org/2000/svg}"


def _extent(svg: str, gid: str, axis: int) -> float:
    """Length (axis 0: width, 1: height) of the rectangle path matplotlib drew for ``gid``."""
    tree = ET.fromstring(svg)
    group = tree.find(f".//{SVG}g[@id='{gid}']")
    assert group is not None, gid
    path = group.find(f"{SVG}path")
    assert path is not None
    numbers = [float(value) for value in re.findall(r"-?\d+(?:\.\d+)?", path.get("d", ""))]
    coordinates = numbers[axis::2]
    return max(coordinates) - min(coordinates)


def _comments(svg: str) -> list[str]:
    """The labels: matplotlib writes each text's content as a comment before its glyphs."""
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    tree = ET.fromstring(svg, parser=parser)
    return [element.text.strip() for element in tree.iter() if element.tag is ET.Comment]


@pytest.fixture
def report(session, demo):
    return status_of_contributions(session, CONF, AS_OF)


def test_bars_are_as_long_as_the_status_figures(report):
    charts = {chart.name: chart for chart in render_charts(chart_data(report, True), "en")}
    budget = charts["budget"].svg
    totals = report.totals
    unit = _extent(budget, "paid-0", 0) / float(totals.paid)
    assert _extent(budget, "pledged_unpaid-0", 0) / unit == pytest.approx(
        float(totals.outstanding), rel=1e-3
    )
    assert _extent(budget, "unpledged-0", 0) / unit == pytest.approx(
        float(report.budget - totals.paid - totals.outstanding), rel=1e-3
    )
    parties = charts["parties"].svg
    widest = max(report.rows, key=lambda row: row.figures.paid)
    unit = _extent(parties, f"paid-{report.rows.index(widest)}", 0) / float(widest.figures.paid)
    for index, row in enumerate(report.rows):
        figures = row.figures
        for key, amount in (
            ("paid", figures.paid),
            ("not_yet_due", figures.outstanding - figures.overdue),
            ("overdue", figures.overdue),
        ):
            assert _extent(parties, f"{key}-{index}", 0) == pytest.approx(
                float(amount) * unit, abs=0.01
            ), (row.party, key)
    aging = charts["aging"].svg
    overdue = {name: amount for name, amount in report.totals.aging.items() if amount}
    assert overdue, "the data set has overdue pledges on this date"
    first, amount = next(iter(overdue.items()))
    unit = _extent(aging, f"aging-{first}", 1) / float(amount)
    for name, amount in report.totals.aging.items():
        assert _extent(aging, f"aging-{name}", 1) == pytest.approx(float(amount) * unit, abs=0.01)


def test_tables_equal_the_status_figures(report):
    charts = {chart.name: chart for chart in render_charts(chart_data(report, True), "en")}
    totals = report.totals
    ((_label, budget_row),) = charts["budget"].rows
    assert budget_row == (
        totals.paid,
        totals.outstanding,
        report.budget - totals.paid - totals.outstanding,
        report.budget,
    )
    assert [values for _, values in charts["parties"].rows] == [
        (row.figures.paid, row.figures.outstanding - row.figures.overdue, row.figures.overdue)
        for row in report.rows
    ]
    assert [values[0] for _, values in charts["aging"].rows] == list(totals.aging.values())
    cumulative = [values[0] for _, values in charts["cumulative"].rows]
    assert cumulative == sorted(cumulative) and len(cumulative) == len(report.receipts)
    assert cumulative[-1] == sum(amount for _, amount in report.receipts)


def test_labels_title_desc_and_sample_in_the_language(report):
    for lang, paid in (("fr", "Versé"), ("zh", "已付")):
        chart = render_charts(chart_data(report, True), lang)[0]
        tree = ET.fromstring(chart.svg)
        assert tree.find(f"{SVG}title").text == chart.title
        assert tree.find(f"{SVG}desc").text == chart.description
        labels = _comments(chart.svg)
        assert "SAMPLE" in labels
        assert paid in series_labels(lang)["pledged_unpaid"] + series_labels(lang)["cumulative"]
        assert series_labels(lang)["pledged_unpaid"] in labels, labels
    french = render_charts(chart_data(report, True), "fr")[0]
    assert "250 000" in " ".join(_comments(french.svg)).replace("\u202f", " ")


def test_per_party_chart_only_for_those_who_may_see_it(report):
    public = render_charts(chart_data(report, False), "en")
    assert [chart.name for chart in public] == ["budget", "aging", "cumulative"]
    assert not any(row.name in chart.svg for chart in public for row in report.rows)


def test_same_data_same_bytes(report):
    first = render_charts(chart_data(report, True), "ar")
    again = render_charts(chart_data(report, True), "ar")
    assert [chart.svg for chart in first] == [chart.svg for chart in again]
    assert base64.b64decode(first[0].data_uri.split(",", 1)[1]).decode() == first[0].svg


def test_xlsx_has_native_charts_on_the_right_cells(cli, demo, tmp_path):
    target = tmp_path / "status.xlsx"
    args = ["finance", "status", CONF, "--as-of", AS_OF.isoformat(), "--format", "xlsx"]
    result = cli(*args, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    workbook = openpyxl.load_workbook(target)
    sheet = workbook["Charts"]
    status = workbook["Status"]
    header = [cell.value for cell in status[1]]
    paid = {
        row[1]: row[header.index("paid")] for row in status.iter_rows(min_row=2, values_only=True)
    }
    labels = [cell.value for cell in sheet["A"]]
    headers = [cell.value for cell in sheet["B"]]
    budget_row = labels.index("Budget") + 1
    assert sheet.cell(budget_row, 2).value == pytest.approx(paid["TOTAL"])
    # the charts themselves are parts of the package: read their XML and its cell references
    with zipfile.ZipFile(target) as archive:
        names = sorted(name for name in archive.namelist() if name.startswith("xl/charts/chart"))
        parts = [archive.read(name).decode() for name in names]
    references = [re.findall(r"<f>([^<]+)</f>", part) for part in parts]
    assert len(parts) == 4
    budget, parties, aging, cumulative = references
    assert f"'Charts'!$B${budget_row}" in budget and f"'Charts'!$A${budget_row}" in budget
    assert '<grouping val="stacked"' in parts[0] and '<barDir val="bar"' in parts[0]
    party_count = list(paid).index("TOTAL")  # the rows above the total
    header = headers.index("Paid", budget_row) + 1
    assert f"'Charts'!$A${header + 1}:$A${header + party_count}" in parties
    assert [sheet.cell(row, 2).value for row in range(header + 1, header + party_count + 1)] == [
        pytest.approx(value) for value in list(paid.values())[:party_count]
    ]
    assert "'Aging'!$B$2:$B$5" in aging and "'Aging'!$A$2:$A$5" in aging
    assert "<lineChart>" in parts[3] and any(ref.startswith("'Charts'!$B$") for ref in cumulative)


def test_receipts_count_each_payment_at_its_own_rate(session, demo):
    report = status_of_contributions(session, CONF, date(2020, 4, 24))
    assert report.receipts == sorted(report.receipts)
    assert all(amount > Decimal(0) for _, amount in report.receipts)
