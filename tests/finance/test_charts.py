"""The finance charts: their bars measured in the SVG against the status of contributions,
their tables equal to its figures, visibility, determinism, and the XLSX's native charts."""

import base64
import itertools
import re
import warnings
import xml.etree.ElementTree as ET
import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from matplotlib import font_manager

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


def _x_range(svg: str, gid: str) -> tuple[float, float]:
    """Leftmost and rightmost x of the rectangle path matplotlib drew for ``gid``."""
    group = ET.fromstring(svg).find(f".//{SVG}g[@id='{gid}']")
    assert group is not None, gid
    numbers = [float(value) for value in re.findall(r"-?\d+(?:\.\d+)?", group[0].get("d", ""))]
    return min(numbers[0::2]), max(numbers[0::2])


def _ticks(svg: str, axis: str) -> list[tuple[float, float]]:
    """Each tick of an axis (``x`` or ``y``) in value order: the x of its mark, and the x
    where its label's text starts."""
    ticks = []
    for group in ET.fromstring(svg).iter(f"{SVG}g"):
        if (group.get("id") or "").startswith(f"{axis}tick_"):
            mark = next(group.iter(f"{SVG}use"))
            label = next(
                inner
                for inner in group.iter(f"{SVG}g")
                if (inner.get("transform") or "").startswith("translate(")
            )
            start = float(label.get("transform").removeprefix("translate(").split()[0])
            ticks.append((float(mark.get("x")), start))
    return ticks


def _legend(svg: str) -> list[str]:
    """The legend's labels from left to right (each label's comment precedes its glyphs)."""
    legend = svg[svg.index('id="legend_1"') :]
    starts = re.findall(
        r'<!-- (.*?) -->\s*<g (?:style="[^"]*" )?transform="translate\(([\d.]+)', legend
    )
    return [label for label, _x in sorted(starts, key=lambda start: float(start[1]))]


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
    render_charts.cache_clear()  # drawn again, not the kept charts
    again = render_charts(chart_data(report, True), "ar")
    assert again is not first
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


SEGMENTS = {
    "budget": ("paid", "pledged_unpaid", "unpledged"),
    "parties": ("paid", "not_yet_due", "overdue"),
}


@pytest.mark.parametrize(("lang", "mirrored"), [("en", False), ("ar", True)])
def test_charts_read_from_the_side_the_language_starts(report, lang, mirrored):
    """Arabic pages read from the right, and so do their charts: bars grow from a zero line
    on the right with their labels beside it, categories and time run right to left, and
    the value axis stands on the right. Measured in the SVG, against English."""
    charts = {chart.name: chart for chart in render_charts(chart_data(report, True), lang)}
    for name, keys in SEGMENTS.items():
        svg = charts[name].svg
        for index in range(len(charts[name].rows)):
            pieces = [_x_range(svg, f"{key}-{index}") for key in keys]
            if mirrored:  # each piece starts where the one before it ended, right to left
                pieces = [(-right, -left) for left, right in pieces]
            for before, after in itertools.pairwise(pieces):
                assert after[0] == pytest.approx(before[1], abs=0.01), (name, index)
        zero = _x_range(svg, f"{keys[0]}-0")[1 if mirrored else 0]
        for mark, label in _ticks(svg, "y"):  # the labels of the bars, at the zero line
            assert mark == pytest.approx(zero, abs=0.01)
            assert (label > zero) if mirrored else (label < zero), name
    names = series_labels(lang)
    key = [names[key] for key in SEGMENTS["parties"]]
    assert _legend(charts["parties"].svg)[: len(key)] == (key[::-1] if mirrored else key)
    aging = charts["aging"].svg
    buckets = [_x_range(aging, f"aging-{key}")[0] for key in report.totals.aging]
    assert buckets == sorted(buckets, reverse=mirrored)  # 1-30 days late first, in reading order
    for name in ("aging", "cumulative"):
        svg = charts[name].svg
        marks = [mark for mark, _label in _ticks(svg, "x")]
        assert marks == sorted(marks, reverse=mirrored), name  # time and lateness run the same way
        (value_axis,) = {round(mark, 2) for mark, _label in _ticks(svg, "y")}
        assert (value_axis >= max(marks)) if mirrored else (value_axis <= min(marks)), name


def test_charts_are_drawn_once_per_figures_and_language_and_redrawn_when_a_figure_changes(
    report,
):
    from dataclasses import replace

    data = chart_data(report, per_party=True)
    render_charts.cache_clear()
    first = render_charts(data, "en")
    assert render_charts(replace(data), "en") is first  # equal figures: kept, not redrawn
    assert render_charts.cache_info().hits == 1
    assert render_charts(data, "fr") is not first
    paid_more = replace(data, paid=data.paid + 1)
    redrawn = render_charts(paid_more, "en")
    assert redrawn[0].svg != first[0].svg and redrawn[0].rows != first[0].rows


@pytest.mark.parametrize("lang", ["zh", "ar"])
def test_every_label_is_drawn_from_a_font_that_has_it_even_after_a_stale_font_list(
    report, monkeypatch, lang
):
    """matplotlib keeps its list of the system's fonts from its first run: a font installed
    later was missing, and Chinese labels came out as empty boxes with a mere warning. The
    list is made stale here (Noto Sans CJK taken out): every glyph must still be found."""
    manager = font_manager.fontManager
    stale = [entry for entry in manager.ttflist if "CJK" not in entry.name]
    monkeypatch.setattr(manager, "ttflist", stale)
    manager._findfont_cached.cache_clear()  # what a fresh process has: no lookups made yet
    render_charts.cache_clear()
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("error", message="Glyph .* missing from font")
            charts = render_charts(chart_data(report, True), lang)
    finally:
        render_charts.cache_clear()
        manager._findfont_cached.cache_clear()
    assert len(charts) == 4
    assert any(entry.name == "Noto Sans CJK JP" for entry in manager.ttflist)
