"""The public meetings page and the subscribe links (both languages, no sign-in)."""

import pytest

from planner.db import unit_of_work
from planner.meetings.operations import add_meeting
from planner.settings import Settings
from planner.web import create_app

XSS = '<script>alert("x")</script>'
RESTRICTED = "NWFZ focal points: draft outcome document (restricted)"
PREPARATORY = "Preparatory meeting for the Fourth Conference of NWFZs and Mongolia"


def text(response) -> str:
    return response.get_data(as_text=True).replace("\u202f", " ")  # CLDR: narrow no-break space


def sections(page: str) -> dict[str, str]:
    """The page cut at its three headings (the clock of the tests is 1 October 2019)."""
    upcoming = page.index('<h2 id="upcoming">')
    past = page.index('<h2 id="past">')
    cancelled = page.index('<h2 id="cancelled">')
    return {
        "upcoming": page[upcoming:past],
        "past": page[past:cancelled],
        "cancelled": page[cancelled:],
    }


def test_meetings_page_lists_public_meetings_by_time_in_local_time_and_utc(client, demo):
    response = client.get("/en/conferences/fourth-2020/meetings")
    assert response.status_code == 200
    page = text(response)
    assert RESTRICTED not in page
    parts = sections(page)
    assert PREPARATORY in parts["upcoming"]
    assert "Oct 15, 2019, 1:15 PM – 2:30 PM" in parts["upcoming"]  # New York (EDT)
    assert "Oct 15, 2019, 5:15 PM – 6:30 PM" in parts["upcoming"]  # UTC
    assert "Dec 10, 2019, 8:00 PM – 9:30 PM" in parts["upcoming"]  # UTC in EST
    assert "Jan 16, 2020, 3:00 PM – 4:30 PM" in parts["upcoming"]  # a moved occurrence
    assert "Seminar on fostering cooperation" in parts["past"]
    assert "August 28, 2019 – August 29, 2019" in parts["past"]
    assert "Mar 10, 2020, 3:00 PM – 4:30 PM" in parts["cancelled"]
    assert "Mar 10, 2020" not in parts["upcoming"]
    assert parts["upcoming"].index(PREPARATORY) < parts["upcoming"].index("Apr 14, 2020")


def test_meetings_page_in_chinese(client, demo):
    page = text(client.get("/zh/conferences/fourth-2020/meetings"))
    parts = sections(page)
    assert "2019年10月15日 13:15 – 14:30" in parts["upcoming"]
    assert "2019年10月15日 17:15 – 18:30" in parts["upcoming"]
    assert "即将举行" in page and "已取消" in page and "订阅" in page


def test_meeting_title_with_markup_is_escaped(client, demo, engine, context):
    with unit_of_work(engine) as session:
        add_meeting(session, context, conference="fourth-2020", title=XSS,
                    start="2019-11-05 10:00", end="2019-11-05 11:00", timezone="Europe/Vienna",
                    venue=XSS)  # fmt: skip
    page = text(client.get("/en/conferences/fourth-2020/meetings"))
    assert XSS not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_unknown_conference_meetings_and_calendars_are_404(client, demo):
    assert client.get("/en/conferences/fifth-2030/meetings").status_code == 404
    assert client.get("/zh/conferences/fifth-2030/calendars").status_code == 404


@pytest.fixture
def public_client(database_url, clock):
    settings = Settings(
        database_url=database_url,
        secret_key="test-secret",
        clock=clock,
        public_base_url="https://planner.example.org/",
    )
    app = create_app(settings)
    yield app.test_client()
    app.extensions["planner"].dispose()


def test_conference_page_links_the_meetings_and_the_feed(public_client, demo):
    page = text(public_client.get("/en/conferences/fourth-2020"))
    assert 'href="/en/conferences/fourth-2020/meetings"' in page
    assert 'href="/en/conferences/fourth-2020/calendars"' in page
    assert 'href="webcal://planner.example.org/calendars/fourth-2020.ics"' in page
    assert 'value="https://planner.example.org/calendars/fourth-2020.ics"' in page
    assert 'data-copy="https://planner.example.org/calendars/fourth-2020.ics"' in page
    assert page.index('id="facts"') < page.index('id="calendar"')


def test_calendars_page_gives_every_partys_feed(public_client, demo):
    page = text(public_client.get("/zh/conferences/fourth-2020/calendars"))
    for code in ("MONGOLIA", "PELINDABA", "MNG", "KAZ", "NZL", "OPANAL", "IAEA"):
        # the Chinese page offers the feeds in Chinese
        url = f"planner.example.org/calendars/fourth-2020/parties/{code}.ics?lang=zh"
        assert f'href="webcal://{url}"' in page, code
        assert f'data-copy="https://{url}"' in page, code
    assert "蒙古" in page and "复制" in page


def test_links_on_the_page_lead_to_the_feeds(public_client, demo):
    page = text(public_client.get("/en/conferences/fourth-2020/calendars"))
    path = "/calendars/fourth-2020/parties/KAZ.ics"
    assert f"https://planner.example.org{path}" in page
    response = public_client.get(path)
    assert response.status_code == 200
    assert response.data.startswith(b"BEGIN:VCALENDAR")
