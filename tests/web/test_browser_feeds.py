"""In a real headless browser: the meetings page, copying a subscribe link, and an organizer
issuing a private calendar address that then serves the restricted meetings.

Screenshots land in ``test-artifacts/browser/<engine>-feeds/``.
"""

import pytest

from planner.db import unit_of_work
from planner.directory.operations import add_contact
from tests.web.servers import threaded_server
from tests.web.test_browser import ARTIFACTS, Visit, chromium  # noqa: F401 (fixture)

pytestmark = [pytest.mark.slow, pytest.mark.browser]

RESTRICTED = "NWFZ focal points: draft outcome document (restricted)"


def test_attendee_copies_a_feed_and_organizer_issues_a_private_address(
    chromium,  # noqa: F811
    app,
    database_url,
    demo,
    make_user,
    engine,
    context,
):
    from playwright.sync_api import expect

    account = make_user("ana", "organizer")
    with unit_of_work(engine) as session:
        contact_id = add_contact(session, context, name="Kazakh delegate", party="KAZ").id
    engine_name = database_url.split(":", 1)[0].split("+")[0]
    with threaded_server(app) as base:
        browser = chromium.new_context(
            locale="zh-CN",
            viewport={"width": 1200, "height": 900},
            permissions=["clipboard-read", "clipboard-write"],
        )
        page = browser.new_page()
        refused = []  # what the Content-Security-Policy blocked: must stay empty
        page.on("console", lambda m: refused.append(m.text) if "Security Policy" in m.text else 0)
        visit = Visit(page, ARTIFACTS / f"{engine_name}-feeds")

        page.goto(base + "/zh/conferences/fourth-2020")
        expect(page.locator("#calendar")).to_contain_text("会议日程与日历")
        visit.shot("conference-calendar-panel-zh")

        page.get_by_role("link", name="会议日程：即将举行、已举行和已取消").click()
        expect(page.locator("h1")).to_contain_text("会议日程")
        expect(page.locator("table.meetings").first).to_contain_text("2019年10月15日 13:15")
        expect(page.locator("body")).not_to_contain_text(RESTRICTED)
        visit.shot("meetings-zh")

        page.get_by_role("link", name="English").click()
        expect(page.locator("h2#upcoming")).to_have_text("Upcoming")
        visit.shot("meetings-en")

        page.get_by_role(
            "link", name="Calendars for each zone, state and organization"
        ).first.click()
        copy = page.locator("section.card").first.locator("button.copy")
        expect(copy).to_have_text("Copy")
        copy.click()
        expect(copy).to_have_text("Copied")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == "http://127.0.0.1:8000/calendars/fourth-2020.ics"
        page.locator("section.card").first.locator("input.feed-url").focus()
        selected = "document.activeElement.selectionEnd - document.activeElement.selectionStart"
        assert page.evaluate(selected) == len(copied)  # select-on-focus, without inline handlers
        header = "getComputedStyle(document.querySelector('header.site')).backgroundColor"
        assert page.evaluate(header) != "rgba(0, 0, 0, 0)"  # the nonce-marked stylesheet applied
        visit.shot("calendars-en")

        page.goto(base + f"/en/manage/contacts/{contact_id}/calendar")
        page.get_by_label("Username").fill(account.username)
        page.get_by_label("Password").fill(account.password)
        page.get_by_role("button", name="Sign in").click()
        expect(page.locator("h1")).to_have_text("Private calendar: Kazakh delegate")
        page.get_by_role("button", name="Issue a new address").click()
        address = page.get_by_label("Private calendar address").input_value()
        visit.shot("private-address-issued-en")
        served = page.request.get(base + address.removeprefix("http://127.0.0.1:8000"))
        assert served.status == 200
        assert served.headers["content-type"] == "text/calendar; charset=utf-8"
        assert RESTRICTED in served.text()
        assert refused == []
        browser.close()
    assert visit.count == 5
