"""PDF documents (``finance status`` and ``summary --format pdf``): A4 pages with the
conference and as-of date in the header, page numbers, the charts' tables, and Chinese and
Arabic that are real text in fonts that have the glyphs, checked by reading the PDF's text
and fonts and by rasterising its first page."""

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader

from planner.db import unit_of_work
from planner.documents import pdf_from_html
from planner.finance.charts import series_labels
from planner.finance.labels import column_labels
from planner.finance.status import status_of_contributions
from planner.i18n import money_text, translations

CONF = "fourth-2020"
AS_OF = "2020-03-01"
A4 = (595.28, 841.89)  # points
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def pdf_pages(document_or_path: bytes | Path) -> list[str]:
    """Each page's text with its white space collapsed (narrow and no-break spaces too)."""
    document = pypdfium2.PdfDocument(document_or_path)
    pages = [document[index].get_textpage().get_text_range() for index in range(len(document))]
    return [re.sub(r"\s+", " ", page.replace("\u202f", " ").replace("\xa0", " ")) for page in pages]


def _fonts(path: Path) -> set[str]:
    names = set()
    for page in PdfReader(path).pages:
        fonts = page["/Resources"].get("/Font", {})
        names.update(str(font.get_object()["/BaseFont"]) for font in fonts.values())
    return names


def _ink(path: Path, name: str, top: float, bottom: float) -> float:
    """The share of dark pixels in a horizontal band of page 1 (``top``..``bottom`` of its height),
    and the page saved under test-artifacts/ to look at."""
    image = pypdfium2.PdfDocument(path)[0].render(scale=1.5).to_pil().convert("L")
    ARTIFACTS.mkdir(exist_ok=True)
    image.save(ARTIFACTS / f"{name}.png")
    width, height = image.size
    band = image.crop((0, int(height * top), width, int(height * bottom)))
    dark = sum(band.histogram()[:128])
    return dark / (band.size[0] * band.size[1])


def _status_pdf(cli, tmp_path: Path, lang: str, as_of: str = AS_OF) -> Path:
    target = tmp_path / f"status-{lang}.pdf"
    args = ["finance", "status", CONF, "--as-of", as_of, "--format", "pdf", "--lang", lang]
    result = cli(*args, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    return target


def test_status_pdf_is_a4_with_header_figures_charts_and_page_numbers(cli, demo, engine, tmp_path):
    target = _status_pdf(cli, tmp_path, "zh")
    with unit_of_work(engine) as session:
        report = status_of_contributions(session, CONF, date.fromisoformat(AS_OF))
    reader = PdfReader(target)
    sizes = [(float(page.mediabox.width), float(page.mediabox.height)) for page in reader.pages]
    pages = pdf_pages(target)
    # A4 upright, and A4 across for the table of ten columns (which did not fit upright)
    table = next(n for n, page in enumerate(pages) if column_labels("zh")["total"] in page)
    for number, size in enumerate(sizes):
        assert size == pytest.approx(A4 if number < table else A4[::-1], abs=0.5), number
    gettext = translations("zh").gettext
    title = gettext("Fourth Conference of Nuclear-Weapon-Free Zones and Mongolia")
    for number, page in enumerate(pages, start=1):
        assert title[:8] in page  # the running header, on every page
        assert "2020年3月1日" in page
        assert f"第 {number} 页，共 {len(pages)} 页" in page
    document = " ".join(pages)
    assert gettext("Status of contributions") in document
    for amount in (report.totals.paid, report.totals.outstanding, report.budget):
        assert money_text(amount, "USD", "zh").replace("\xa0", " ") in document
    for label in ("pledged_unpaid", "unpledged", "not_yet_due"):
        assert series_labels("zh")[label] in document  # the charts' tables
    assert "蒙古" in document and "SAMPLE" in document
    assert any("CJK" in font for font in _fonts(target))


def test_status_pdf_gives_each_partys_exchange_difference_and_the_totals(
    cli, demo, engine, tmp_path
):
    """South Africa's and New Zealand's euro pledges were paid at a lower rate than they
    were valued at: each loss is in its party's row, their sum in the totals, as on the
    web page."""
    as_of = date(2020, 4, 24)
    with unit_of_work(engine) as session:
        report = status_of_contributions(session, CONF, as_of)
    losing = [row for row in report.rows if row.figures.exchange_loss > 0]
    assert sorted(row.party for row in losing) == ["NZL", "ZAF"]  # or this checks nothing
    document = " ".join(pdf_pages(_status_pdf(cli, tmp_path, "fr", as_of.isoformat())))
    labels = column_labels("fr")
    assert labels["exchange_loss"] in document and labels["exchange_gain"] in document
    assert translations("fr").gettext("Exchange loss") in document

    def shown(amount):
        return money_text(amount, "USD", "fr").replace("\u202f", " ").replace("\xa0", " ")

    # the totals table and the totals line (repeated at the foot of each page of the table)
    assert document.count(shown(report.totals.exchange_loss)) >= 2
    for row in losing:
        assert shown(row.figures.exchange_loss) in document


def test_summary_pdf_in_arabic_is_real_shaped_text(cli, demo, tmp_path):
    target = tmp_path / "summary-ar.pdf"
    args = ["summary", CONF, "--as-of", AS_OF, "--format", "pdf", "--lang", "ar"]
    result = cli(*args, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    document = " ".join(pdf_pages(target))
    gettext = translations("ar").gettext
    assert gettext("Status summary") in document
    assert gettext("Funding gap") in document
    assert series_labels("ar")["unpledged"] in document
    assert any("DejaVu" in font for font in _fonts(target))
    assert _ink(target, "summary-ar-page1", 0.05, 0.2) > 0.01  # the title is drawn, not blank


@pytest.mark.parametrize(
    ("lang", "wording"), [("en", "Page {page} of {pages}"), ("ar", "صفحة {page} من {pages}")]
)
def test_page_numbers_read_in_the_order_of_the_language(cli, demo, tmp_path, lang, wording):
    """Arabic runs right to left: a bare "1 / 3" came out as "3 / 1" (the first number on
    the right), so the number is worded, and the text read back is in reading order."""
    pages = pdf_pages(_status_pdf(cli, tmp_path, lang))
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert page.rstrip().endswith(wording.format(page=number, pages=len(pages)))


def _left_edge(path: Path, page: int, needle: str) -> float:
    """Where the first occurrence of ``needle`` on a page starts, in points from the left."""
    text = pypdfium2.PdfDocument(path)[page].get_textpage()
    found = text.search(needle).get_next()
    assert found, needle
    return text.get_charbox(found[0])[0]


@pytest.mark.parametrize(("lang", "title_side"), [("en", "left"), ("ar", "right")])
def test_running_header_puts_the_title_where_the_language_starts(
    cli, demo, tmp_path, lang, title_side
):
    """Page 2 has no heading of its own: what it shows of the title and the as-of year is
    the running header's. Arabic starts on the right, so its title stands there."""
    target = _status_pdf(cli, tmp_path, lang)
    title = _left_edge(target, 1, translations(lang).gettext("Status of contributions"))
    year = _left_edge(target, 1, "2020")
    assert (title < year) if title_side == "left" else (title > year)


@pytest.mark.slow
def test_chinese_title_is_drawn_in_a_cjk_font_not_tofu(cli, demo, database_url, tmp_path):
    """The same page rendered where fontconfig knows only DejaVu (no CJK font) shows
    boxes in the title: the real page's title band must look different from that one."""
    real = _status_pdf(cli, tmp_path, "zh")
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir>'
        f"<cachedir>{tmp_path / 'fontcache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    tofu = tmp_path / "status-zh-tofu.pdf"
    planner = Path(sys.executable).with_name("planner")
    subprocess.run(
        [str(planner), "--database", database_url, "finance", "status", CONF, "--as-of", AS_OF,
         "--format", "pdf", "--lang", "zh", "-o", str(tofu)],
        check=True, capture_output=True, env={**os.environ, "FONTCONFIG_FILE": str(config)},
    )  # fmt: skip
    assert not any("CJK" in font for font in _fonts(tofu))
    assert any("CJK" in font for font in _fonts(real))
    band = (0.08, 0.16)  # the page's own title, below the running header
    assert _ink(real, "status-zh-page1", *band) > 0.01
    assert _band(real, band) != _band(tofu, band)


def _band(path: Path, band: tuple[float, float]) -> bytes:
    image = pypdfium2.PdfDocument(path)[0].render(scale=1).to_pil().convert("1")
    width, height = image.size
    return image.crop((0, int(height * band[0]), width, int(height * band[1]))).tobytes()


@pytest.mark.parametrize("command", [["finance", "status", CONF], ["summary", CONF]])
def test_pdf_needs_an_output_file(refused, demo, command):
    refused(
        [*command, "--format", "pdf"],
        "error: output: a PDF is written to a file: name one (use -o FILE)",
    )


def test_the_same_page_is_laid_out_once_and_a_changed_page_again():
    """A download asked again with nothing changed is answered from the kept document;
    one changed figure (another HTML) is laid out anew, never answered with the old one."""
    pdf_from_html.cache_clear()
    page = "<!doctype html><html><body><p>Paid: USD 1,000.00</p></body></html>"
    first = pdf_from_html(page)
    assert pdf_from_html(page) is first and pdf_from_html.cache_info().hits == 1
    changed = pdf_from_html(page.replace("1,000.00", "2,000.00"))
    assert pdf_pages(changed) == ["Paid: USD 2,000.00"]
    assert pdf_pages(first) == ["Paid: USD 1,000.00"]
