"""The status of contributions page's charts: SVG images whose tables carry the status
figures, under the unchanged Content-Security-Policy, and drawn by a real browser."""

import base64
import xml.etree.ElementTree as ET
from datetime import date

import html5lib
import pytest

from planner.db import unit_of_work
from planner.finance.status import status_of_contributions
from planner.i18n import money_text
from tests.web.servers import threaded_server
from tests.web.test_browser import ARTIFACTS, chromium  # noqa: F401 (fixture)
from tests.web.test_browser_languages import sign_in

AS_OF = date(2020, 3, 1)
PAGE = f"/fr/manage/fourth-2020/finance/contributions?as_of={AS_OF.isoformat()}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def _cells(table: ET.Element) -> list[list[str]]:
    return [["".join(cell.itertext()).strip() for cell in row] for row in table.iter(f"{XHTML}tr")]


def test_charts_with_tables_of_the_status_figures_in_the_language(signed_in, demo, engine):
    response = signed_in("finance").get(PAGE)
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "img-src 'self' data:" in policy
    page = html5lib.parse(response.get_data(as_text=True))
    with unit_of_work(engine) as session:
        report = status_of_contributions(session, "fourth-2020", AS_OF)
    figures = {
        figure.get("id"): figure for figure in page.iter(f"{XHTML}figure") if figure.get("id")
    }
    assert list(figures) == ["chart-budget", "chart-parties", "chart-aging", "chart-cumulative"]
    for figure in figures.values():
        image = figure.find(f"{XHTML}img")
        prefix = "data:image/svg+xml;base64,"
        assert image.get("src").startswith(prefix) and image.get("alt")
        svg = ET.fromstring(base64.b64decode(image.get("src")[len(prefix) :]))
        assert svg.find("{http://www.w3.org/2000/svg}title").text == "".join(
            figure.find(f"{XHTML}figcaption").itertext()
        )

    def money(amount):
        return money_text(amount, "USD", "fr")

    budget = _cells(figures["chart-budget"].find(f".//{XHTML}table"))
    totals = report.totals
    assert budget[1][1:] == [
        money(totals.paid),
        money(totals.outstanding),
        money(report.budget - totals.paid - totals.outstanding),
        money(report.budget),
    ]
    parties = _cells(figures["chart-parties"].find(f".//{XHTML}table"))[1:]
    assert [row[1:] for row in parties] == [
        [
            money(row.figures.paid),
            money(row.figures.outstanding - row.figures.overdue),
            money(row.figures.overdue),
        ]
        for row in report.rows
    ]
    assert parties[0][0].startswith("Thaïlande")


@pytest.mark.slow
@pytest.mark.browser
def test_browser_draws_every_chart(chromium, app, database_url, demo, make_user):  # noqa: F811
    account = make_user("officer-charts", "finance")
    folder = ARTIFACTS / "charts"
    folder.mkdir(parents=True, exist_ok=True)
    with threaded_server(app) as base:
        context = chromium.new_context(locale="ar", viewport={"width": 1024, "height": 800})
        page = context.new_page()
        refused = []
        page.on("console", lambda message: refused.append(message.text))
        sign_in(page, base, "ar", account)
        page.goto(base + PAGE.replace("/fr/", "/ar/"))
        widths = page.eval_on_selector_all(
            "figure.chart img", "images => images.map(image => image.naturalWidth)"
        )
        assert len(widths) == 4 and all(width > 0 for width in widths)
        assert not [text for text in refused if "Content Security Policy" in text]
        page.locator("#charts").screenshot(path=folder / "contributions-ar.png")
        context.close()
