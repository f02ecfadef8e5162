"""End to end in headless Chromium: an organizer schedules a meeting that reaches the
feed; a finance officer records a payment and the status of contributions changes.

Screenshots of every page visited go to ``test-artifacts/browser/<engine>-manage/``.
"""

import urllib.request
from urllib.parse import urlparse

import pytest
from icalendar import Calendar

from tests.web.servers import threaded_server
from tests.web.test_browser import ARTIFACTS, Visit, chromium  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def download_feed(base_url: str) -> bytes:
    """The conference's public feed as a subscriber downloads it, over HTTP."""
    with urllib.request.urlopen(f"{base_url}/calendars/fourth-2020.ics") as response:
        return response.read()


def test_organizer_schedules_a_meeting_and_finance_records_a_payment(
    chromium,  # noqa: F811
    app,
    clock,
    database_url,
    demo,
    make_user,
):
    from playwright.sync_api import expect

    organizer = make_user("olga", "organizer")
    officer = make_user("fred", "finance")
    engine_name = urlparse(database_url).scheme.split("+")[0]
    with threaded_server(app) as base:
        context = chromium.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        visit = Visit(page, ARTIFACTS / f"{engine_name}-manage")

        def sign_in(account, heading_role_link: str) -> None:
            page.goto(base + "/en/")
            page.get_by_role("link", name="Sign in").click()
            page.get_by_label("Username").fill(account.username)
            page.get_by_label("Password").fill(account.password)
            visit.shot(f"sign-in-{account.role}")
            page.get_by_role("button", name="Sign in").click()
            expect(page.locator(".flash")).to_contain_text("Signed in as")
            page.get_by_role("navigation", name="Main").get_by_role(
                "link", name=heading_role_link
            ).click()
            expect(page.locator("h1")).to_have_text("Manage")
            visit.shot(f"workspace-{account.role}")

        # The organizer schedules a meeting.
        sign_in(organizer, "Meetings and chair")
        fourth = page.locator("section.card", has_text="Fourth Conference")
        fourth.get_by_role("link", name="Meetings", exact=True).click()
        expect(page.locator("h1")).to_have_text("Meetings")
        visit.shot("meetings-before")
        form = page.locator("form.stacked")
        form.get_by_label("Title", exact=True).fill("Web-scheduled consultation on the agenda")
        form.get_by_label("Kind").select_option("consultation-group")
        form.locator("#start").fill("2019-10-22")
        form.locator("#start-time").fill("10:00")
        form.locator("#end").fill("2019-10-22")
        form.locator("#end-time").fill("12:00")
        form.get_by_label("Venue").fill("UNHQ, Conference Room 11")
        for zone in ("MONGOLIA", "SEMIPALATINSK"):  # the zones' group is open
            form.locator(f'input[name="invite"][value="{zone}"]').check()
        visit.shot("schedule-form-filled")
        form.get_by_role("button", name="Schedule", exact=True).click()
        expect(page.locator(".flash").first).to_contain_text("scheduled")
        expect(page.locator("h1")).to_have_text("Web-scheduled consultation on the agenda")
        expect(page.locator("#meeting")).to_contain_text("2019-10-22 14:00Z")  # 10:00 EDT
        visit.shot("meeting-scheduled")
        page.locator("nav.subnav").get_by_role("link", name="Meetings", exact=True).click()
        expect(page.locator("tbody")).to_contain_text("Web-scheduled consultation on the agenda")
        visit.shot("meetings-after")
        page.get_by_role("button", name="Sign out").click()

        feed = Calendar.from_ical(download_feed(base))
        events = [
            event
            for event in feed.walk("VEVENT")
            if str(event["SUMMARY"]) == "Web-scheduled consultation on the agenda"
        ]
        assert len(events) == 1
        assert events[0].decoded("DTSTART").isoformat() == "2019-10-22T10:00:00-04:00"
        assert str(events[0]["LOCATION"]) == "UNHQ, Conference Room 11"

        # Half a year later, the finance officer records a payment.
        clock.advance(days=212)  # 2020-04-30
        sign_in(officer, "Pledges and payments")
        fourth = page.locator("section.card", has_text="Fourth Conference")
        fourth.get_by_role("link", name="Status of contributions").click()
        expect(page.locator("h1")).to_have_text("Status of contributions")
        paid_before = page.locator("#total-paid").inner_text()
        kaz_before = page.locator("#party-KAZ").inner_text()
        visit.shot("contributions-before")
        page.locator("nav.subnav").get_by_role("link", name="Payments").click()
        expect(page.locator("h1")).to_have_text("Payments")
        form = page.locator("form.stacked")
        form.get_by_label("Party", exact=False).fill("KAZ")
        form.get_by_label("Amount").fill("10000")
        form.get_by_label("Received on", exact=False).fill("2020-04-30")
        form.get_by_label("Allocate to").select_option("2")  # KAZ's pledge in instalments
        form.get_by_label("Reference").fill("PM-2020-KAZ-3")
        visit.shot("payment-form-filled")
        form.get_by_role("button", name="Record the payment").click()
        expect(page.locator(".flash")).to_contain_text("recorded")
        expect(page.locator("#payments")).to_contain_text("#2")
        visit.shot("payment-recorded")
        page.locator("nav.subnav").get_by_role("link", name="Status of contributions").click()
        expect(page.locator("#total-paid")).not_to_have_text(paid_before)
        expect(page.locator("#party-KAZ")).not_to_have_text(kaz_before)
        expect(page.locator("#party-KAZ")).to_contain_text("paid")
        visit.shot("contributions-after")
        context.close()

    shots = sorted(path.name for path in (ARTIFACTS / f"{engine_name}-manage").glob("*.png"))
    assert len(shots) == visit.count == 12
