"""Hostile and special characters: escaped in HTML and Markdown, verbatim in text.

A meeting titled ``<script>alert(1)</script>`` and parties whose names hold ``&``
(a zone we name ourselves, and Antigua & Barbuda, whose CLDR English name has one)
go through every format; the Markdown is parsed by a real CommonMark parser and the
HTML by html5lib, so the test sees what a reader would.
"""

from datetime import date

import html5lib
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from planner.chair.operations import nominate
from planner.directory.models import Membership, Party
from planner.finance.operations import add_pledge
from planner.meetings.operations import add_meeting
from planner.summaries.environment import markdown_text
from tests.summaries.helpers import bare_conference, render_all

SCRIPT = "<script>alert(1)</script>"
NOMINEE = "<b>Ambassador</b>"  # a nominee's name and title go inside the language's brackets
NOMINEE_TITLE = "A & B"
REFERENCE = "<i>PL-1</i>"  # a pledge's reference, bracketed after it in the overdue list
ZONE_NAME = "Zone of Peace & Cooperation *SAMPLE* [test]"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def hostile(session, context, demo):
    conference = bare_conference(session, context)
    zone = Party(code="PEACEZONE", kind="zone", name=ZONE_NAME)
    session.add(zone)
    session.flush()
    antigua = session.query(Party).filter_by(code="ATG").one()
    session.add(
        Membership(
            state_id=antigua.id, zone_id=zone.id, role="party", as_of=date(2019, 1, 1), source="t"
        )
    )
    # Tentative, within a week of the as-of date, and clashing (same venue) with a second one.
    for title in (SCRIPT, "Side event"):
        add_meeting(
            session,
            context,
            conference=conference.slug,
            title=title,
            start="2020-03-03 10:00",
            end="2020-03-03 12:00",
            timezone="Europe/Zurich",
            venue="Room A & B",
        )
    nominate(session, context, conference=conference.slug, party="ATG", by="PEACEZONE",
             on="2020-01-10", person=NOMINEE, title=NOMINEE_TITLE)  # fmt: skip
    add_pledge(
        session,
        context,
        conference.slug,
        party="ATG",
        amount="1000.00",
        currency="USD",
        due="2020-02-01",
        pledged_on="2020-01-05",
        reference=REFERENCE,
    )
    session.commit()
    return render_all(session, conference.slug)


def test_text_shows_everything_verbatim(hostile):
    for lang in ("en", "zh"):
        text = hostile["txt", lang]
        assert text.count(SCRIPT) == 5  # next preparatory, upcoming, two warnings, clash list
        assert ZONE_NAME in text and "Room A & B" in text
    assert "Antigua & Barbuda (<b>Ambassador</b>, A & B)" in hostile["txt", "en"]
    assert "安提瓜和巴布达（<b>Ambassador</b>，A & B）" in hostile["txt", "zh"]
    assert f"({REFERENCE})" in hostile["txt", "en"] and f"（{REFERENCE}）" in hostile["txt", "zh"]
    assert "安提瓜和巴布达" in hostile["txt", "zh"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_html_escapes_the_data(hostile, lang):
    page = hostile["html", lang]
    assert SCRIPT not in page and "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Room A &amp; B" in page and "Room A & B" not in page
    assert "&lt;b&gt;Ambassador&lt;/b&gt;" in page and NOMINEE not in page
    assert "A &amp; B" in page and f"{NOMINEE_TITLE})" not in page
    assert "&lt;i&gt;PL-1&lt;/i&gt;" in page and REFERENCE not in page
    document = html5lib.parse(page)
    assert not document.findall(f".//{XHTML}script")
    texts = "".join(document.itertext())
    assert texts.count(SCRIPT) == 5 and ZONE_NAME in texts
    if lang == "en":
        assert "Antigua & Barbuda" in texts and "Antigua &amp; Barbuda" in page


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_markdown_escapes_specials_and_reads_back_verbatim(hostile, lang):
    source = hostile["md", lang]
    assert "\\<script\\>alert(1)\\</script\\>" in source
    assert "Room A \\& B" in source and "\\*SAMPLE\\* \\[test\\]" in source
    rendered = MarkdownIt("commonmark").enable("table").render(source)
    document = html5lib.parse(rendered)
    assert not document.findall(f".//{XHTML}script")
    texts = "".join(document.itertext())
    assert texts.count(SCRIPT) == 5
    assert ZONE_NAME in texts and "Room A & B" in texts
    # Nothing in the data turned into emphasis or links.
    assert not [
        node for node in document.iter(f"{XHTML}em") if "SAMPLE" in "".join(node.itertext())
    ]
    assert not document.findall(f".//{XHTML}a")


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))))
def test_any_text_reads_back_from_markdown_as_itself(text):
    """Inside a paragraph, escaped text renders to exactly the text (spaces normalized)."""
    rendered = MarkdownIt("commonmark").render(f"x {markdown_text(text)} x\n")
    document = html5lib.parse(rendered)
    paragraph = "".join(document.itertext())
    expected = " ".join(f"x {text} x".split())
    assert " ".join(paragraph.split()) == expected
