"""The finance officer's picture on the web: the exchange differences on the status of
contributions page, and that page and the status summary as the CLI's own PDF documents,
for the same viewers as the HTML pages."""

import json
from datetime import UTC, datetime
from decimal import Decimal

import html5lib
import pytest

from planner.i18n import money_text
from tests.test_documents import pdf_pages
from tests.web.conftest import SteppingClock

CONF = "fourth-2020"
CONTRIBUTIONS = f"/en/manage/{CONF}/finance/contributions"
SUMMARY_PDF = f"/{{lang}}/conferences/{CONF}/summary.pdf"
XHTML = "{http://www.w3.org/1999/xhtml}"
NAMED = "PL-2019-NZL"  # the largest overdue pledge's reference, as of 2020-03-01


@pytest.fixture
def clock() -> SteppingClock:
    """The web's today: the day the demo's summaries and golden files are written for."""
    return SteppingClock(datetime(2020, 3, 1, 12, 0, tzinfo=UTC))


def _table(page: str, table_id: str) -> dict[str, list[str]]:
    """A table's rows by their id (the totals line: ``total``), each cell's text."""
    document = html5lib.parse(page)
    table = next(table for table in document.iter(f"{XHTML}table") if table.get("id") == table_id)
    return {
        (row.get("id") or "").removeprefix("party-").removeprefix("contributions-"): [
            "".join(cell.itertext()).strip() for cell in row
        ]
        for row in table.iter(f"{XHTML}tr")
    }


def test_exchange_losses_and_gains_per_party_and_in_total(signed_in, demo, cli):
    """The page shows the exchange difference columns of `finance status` (they were
    missing): South Africa's and New Zealand's payments arrived at other rates than their
    pledges were valued at, USD 300 and USD 160 of exchange loss."""
    day = "2020-04-20"
    page = signed_in("finance").get(f"{CONTRIBUTIONS}?as_of={day}").get_data(as_text=True)
    rows = _table(page, "contributions")
    header = rows[""]
    loss, gain = header.index("Exchange loss"), header.index("Exchange gain")
    report = json.loads(cli("finance", "status", CONF, "--as-of", day, "--format", "json").stdout)
    for party in report["parties"]:
        shown = rows[party["party"]]
        assert shown[loss] == money_text(Decimal(party["exchange_loss"]), "USD", "en")
        assert shown[gain] == money_text(Decimal(party["exchange_gain"]), "USD", "en")
    assert rows["ZAF"][loss] == "$300.00" and rows["NZL"][loss] == "$160.00"
    assert rows["total"][loss] == "$460.00" and rows["total"][gain] == "$0.00"
    assert report["totals"]["exchange_loss"] == "460.00"
    assert 'id="total-exchange-loss">$460.00<' in page


def _download(response, filename: str) -> list[str]:
    """A PDF attachment's pages as text, after checking that it is one."""
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f"attachment; filename={filename}"
    return pdf_pages(response.data)


def _cli_pdf(cli, tmp_path, *args: str) -> list[str]:
    target = tmp_path / "cli.pdf"
    result = cli(*args, "--format", "pdf", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    return pdf_pages(target)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_contributions_pdf_is_the_cli_document(signed_in, demo, cli, tmp_path, lang):
    """The page's PDF is `finance status --format pdf` for the same day and language."""
    client = signed_in("finance")
    page = client.get(f"/{lang}/manage/{CONF}/finance/contributions?as_of=2020-03-01")
    link = f"/{lang}/manage/{CONF}/finance/contributions.pdf?as_of=2020-03-01"
    assert f'href="{link}"' in page.get_data(as_text=True)
    pages = _download(client.get(link), f"status-of-contributions-{CONF}-2020-03-01.pdf")
    assert pages == _cli_pdf(
        cli, tmp_path, "finance", "status", CONF, "--as-of", "2020-03-01", "--lang", lang
    )
    assert "146,400.00" in " ".join(pages)  # the pledged total, in both languages' digits


def test_contributions_pdf_is_for_signed_in_readers_like_the_page(app, demo):
    """Signed out, the PDF answers like the HTML page: off to the sign-in page."""
    client = app.test_client()
    page = client.get(CONTRIBUTIONS)
    document = client.get(f"{CONTRIBUTIONS.removesuffix('contributions')}contributions.pdf")
    assert page.status_code == document.status_code == 302
    assert "/sign-in" in document.headers["Location"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_summary_pdf_is_the_public_summary_when_signed_out(app, demo, cli, tmp_path, lang):
    """Signed out, the conference page's PDF is `summary --viewer public`: totals, and no
    per-party figure until the organizers publish them."""
    page = app.test_client().get(f"/{lang}/conferences/{CONF}").get_data(as_text=True)
    assert f'href="{SUMMARY_PDF.format(lang=lang)}"' in page
    response = app.test_client().get(SUMMARY_PDF.format(lang=lang))
    pages = _download(response, f"summary-{CONF}-2020-03-01.pdf")
    args = ("summary", CONF, "--as-of", "2020-03-01", "--lang", lang, "--viewer", "public")
    assert pages == _cli_pdf(cli, tmp_path, *args)
    assert NAMED not in " ".join(pages)


def test_summary_pdf_for_the_secretariat_names_the_largest_overdue_pledges(signed_in, demo):
    pages = _download(
        signed_in("organizer").get(SUMMARY_PDF.format(lang="en")),
        f"summary-{CONF}-2020-03-01.pdf",
    )
    assert NAMED in " ".join(pages)


def test_summary_pdf_of_an_unknown_conference_is_not_found(app, demo):
    assert app.test_client().get("/en/conferences/no-such/summary.pdf").status_code == 404
