"""The HTML summary's structure, read by html5lib as a browser would, and the rtl hook."""

from datetime import date

import html5lib
import pytest

from planner.summaries.formatting import Formatter
from tests.summaries.helpers import render_all

NS = "{http://www.w3.org/1999/xhtml}"
SECTIONS = ["conference", "warnings", "chair", "meetings", "finance", "actions"]


@pytest.fixture
def pages(session, demo):
    rendered = render_all(session, "fourth-2020")
    return {lang: rendered["html", lang] for lang in ("en", "zh")}


def parse(page):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    return parser.parse(page)  # strict: any parse error raises


@pytest.mark.parametrize(
    ("lang", "tag", "title"), [("en", "en", "Status summary"), ("zh", "zh-Hans", "状况摘要")]
)
def test_one_self_contained_page(pages, lang, tag, title):
    document = parse(pages[lang])
    assert document.get("lang") == tag and document.get("dir") == "ltr"
    assert document.find(f"{NS}head/{NS}meta").get("charset") == "utf-8"
    assert document.find(f"{NS}head/{NS}title").text.startswith(title)
    style = document.find(f"{NS}head/{NS}style").text
    assert "@media print" in style and "border-inline-start" in style
    # Nothing to fetch: no scripts, stylesheets or frames; images (the charts) are data: URIs.
    for tag_name in ("script", "link", "iframe", "object"):
        assert not document.findall(f".//{NS}{tag_name}")
    images = document.findall(f".//{NS}img")
    assert len(images) == 4 and all(
        image.get("src").startswith("data:image/svg+xml;base64,") and image.get("alt")
        for image in images
    )
    assert len(document.findall(f".//{NS}h1")) == 1
    sections = [section.get("id") for section in document.iter(f"{NS}section")]
    assert sections == [f"readiness-{name}" for name in SECTIONS]
    assert len(document.findall(f".//{NS}h2")) == len(SECTIONS)


def test_tables_and_lists_carry_the_picture(pages):
    document = parse(pages["en"])
    warnings = document.findall(f".//{NS}ul[@class='warnings']/{NS}li")
    assert [li.get("class") for li in warnings] == ["severity-high"] * 3 + ["severity-medium"]
    actions = document.findall(f".//{NS}table[@class='actions']/{NS}tbody/{NS}tr")
    assert [row.find(f"{NS}td").text for row in actions] == [str(n) for n in range(1, 14)]
    upcoming = document.find(f".//{NS}table[@class='meetings meetings-upcoming']")
    assert upcoming.find(f"{NS}caption").text == "Upcoming (2)"
    headers = [th.text for th in upcoming.findall(f"{NS}thead/{NS}tr/{NS}th")]
    assert headers == ["Local time", "UTC", "Meeting"]
    first = [td.text for td in upcoming.findall(f"{NS}tbody/{NS}tr")[0].findall(f"{NS}td")]
    assert first[0] == "Tue, Apr 14, 2020, 3:00\u202fPM–4:30\u202fPM (America/New_York)"
    assert first[1] == "Tue, Apr 14, 2020, 7:00\u202fPM–8:30\u202fPM UTC"
    finance = {
        row.find(f"{NS}th").text: row.find(f"{NS}td").text
        for row in document.findall(f".//{NS}table[@class='finance']/{NS}tbody/{NS}tr")
    }
    assert finance["Budget"] == "$250,000.00" and finance["Funding gap"] == "$190,000.00"


def test_right_to_left_languages_get_dir_rtl_from_cldr():
    assert Formatter("ar").direction == "rtl" and Formatter("ar").html_lang == "ar"
    assert Formatter("zh").direction == "ltr" and Formatter("zh").html_lang == "zh-Hans"
    assert Formatter("ru").date(date(2020, 4, 24)) == "24 апреля 2020\u202fг."
