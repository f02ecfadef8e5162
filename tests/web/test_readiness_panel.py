"""The conference page's readiness panel: the summary's own HTML sections, in both languages."""

import html5lib
import pytest

from planner.meetings.operations import add_meeting

NS = "{http://www.w3.org/1999/xhtml}"
SCRIPT = "<script>alert(1)</script>"


def panel(client, lang):
    page = client.get(f"/{lang}/conferences/fourth-2020").get_data(as_text=True)
    document = html5lib.parse(page)
    found = [s for s in document.iter(f"{NS}section") if s.get("id") == "readiness"]
    assert len(found) == 1
    return page, found[0]


@pytest.mark.parametrize(
    ("lang", "heading", "as_of", "chair"),
    [
        ("en", "Readiness", "As of October 1, 2019", "Not started; target date December 31, 2019"),
        ("zh", "筹备状况", "截至2019年10月1日", "尚未开始；目标日期2019年12月31日"),
    ],
)
def test_panel_shows_the_picture_as_of_today_by_the_app_clock(
    client, demo, lang, heading, as_of, chair
):
    _page, section = panel(client, lang)
    title = section.find(f"{NS}h2")
    assert title.text.strip() == heading
    assert "".join(title.itertext()).strip().endswith(as_of)
    parts = [part.get("id") for part in section.iter(f"{NS}section")]
    assert parts[1:] == [
        f"readiness-{name}"
        for name in ("conference", "warnings", "chair", "meetings", "finance", "actions")
    ]
    assert len(section.findall(f".//{NS}h3")) == 6  # one level below the panel's heading
    text = "".join(section.itertext())
    assert chair in text
    rows = section.findall(f".//{NS}table[@class='actions']/{NS}tbody/{NS}tr")
    assert len(rows) == 13


def test_panel_escapes_meeting_titles(client, demo, session, context):
    add_meeting(
        session,
        context,
        conference="fourth-2020",
        title=SCRIPT,
        start="2019-10-03 10:00",
        end="2019-10-03 11:00",
        timezone="America/New_York",
    )
    session.commit()
    page, section = panel(client, "en")
    assert SCRIPT not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert SCRIPT in "".join(section.itertext())
