"""The "schedule a meeting" (with a recurrence from the builder) and "record a payment"
flows done with the keyboard alone in headless Chromium: Tab to move, typing to fill,
Space to tick, Enter to follow a link or submit. The result is read from the database.

Only the keyboard acts on the page; the test reads which element has the focus to know
when it has tabbed far enough (as a screen reader user hears it).
"""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from planner.db import unit_of_work
from planner.finance.models import Payment
from planner.meetings.models import Meeting
from tests.web.servers import threaded_server
from tests.web.test_browser import chromium  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.slow, pytest.mark.browser]
MAX_TABS = 400


def tab_to(page, selector: str) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the focus with Tab")


def tab_and_type(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def press_enter_and_load(page) -> None:
    """Enter on a link or in a form, and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def sign_in(page, base: str, account) -> None:
    page.goto(base + "/en/")
    tab_to(page, 'a[href$="/sign-in"], a[href*="/sign-in?"]')
    press_enter_and_load(page)
    tab_and_type(page, "#username", account.username)
    tab_and_type(page, "#password", account.password)
    press_enter_and_load(page)
    assert "Signed in as" in page.locator(".flash").inner_text()


def test_an_organizer_schedules_a_monthly_series_with_the_keyboard_alone(
    chromium,  # noqa: F811
    app,
    demo,
    engine,
    make_user,
):
    from playwright.sync_api import expect

    organizer = make_user("kim", "organizer")
    with threaded_server(app) as base:
        context = chromium.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        sign_in(page, base, organizer)
        page.goto(base + "/en/manage/fourth-2020/meetings")

        tab_and_type(page, "#title", "Keyboard consultation")
        tab_and_type(page, "#kind", "Consultation")  # a closed select follows typing
        # Chromium's native inputs in en-US: month, day, year; hours, minutes, AM/PM
        tab_and_type(page, "#start", "10012019")
        tab_and_type(page, "#start-time", "1000A")
        tab_and_type(page, "#end", "10012019")
        tab_and_type(page, "#end-time", "1130A")
        # the script's live preview (the same preview as the button): 10:00 EDT is 14:00Z
        expect(page.locator("#live-preview")).to_contain_text("2019-10-01 14:00Z")
        tab_to(page, 'input[name="invite"][value="MONGOLIA"]')
        page.keyboard.press("Space")
        tab_and_type(page, "#repeat_frequency", "month")
        tab_and_type(page, "#repeat_ordinal", "second")
        tab_to(page, 'input[name="repeat_weekdays"][value="TU"]')
        page.keyboard.press("Space")
        tab_and_type(page, "#repeat_count", "6")

        tab_to(page, 'button[value="preview"]')
        press_enter_and_load(page)
        listed = page.locator("#schedule-preview li").all_inner_texts()
        assert [item.split(" ")[0] for item in listed] == [
            "2019-10-08", "2019-11-12", "2019-12-10", "2020-01-14", "2020-02-11", "2020-03-10",
        ]  # fmt: skip

        tab_to(page, 'button[value="schedule"]')
        press_enter_and_load(page)
        assert "scheduled" in page.locator(".flash").first.inner_text()
        context.close()

    with unit_of_work(engine) as session:
        meeting = session.scalar(select(Meeting).where(Meeting.title == "Keyboard consultation"))
        assert meeting is not None
        assert meeting.kind == "consultation-group"
        assert meeting.recurrence == "FREQ=MONTHLY;COUNT=6;INTERVAL=1;BYDAY=2TU"
        assert meeting.start_utc.isoformat() == "2019-10-01T14:00:00+00:00"  # 10:00 EDT
        assert [i.party.code for i in meeting.invitations] == ["MONGOLIA"]


def test_a_finance_officer_records_a_payment_with_the_keyboard_alone(
    chromium,  # noqa: F811
    app,
    demo,
    engine,
    make_user,
):
    officer = make_user("fay", "finance")
    with threaded_server(app) as base:
        context = chromium.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        sign_in(page, base, officer)
        page.goto(base + "/en/manage/fourth-2020/finance/payments")

        tab_and_type(page, "#party", "MNG")
        tab_and_type(page, "#amount", "2500.50")
        tab_and_type(page, "#received", "2019-10-01")
        tab_and_type(page, "#reference", "KB-2019-MNG")
        press_enter_and_load(page)  # Enter in a text field submits its form
        assert "recorded" in page.locator(".flash").first.inner_text()
        context.close()

    with unit_of_work(engine) as session:
        payment = session.scalar(select(Payment).where(Payment.reference == "KB-2019-MNG"))
        assert payment is not None
        assert (payment.amount, payment.currency, payment.received_on) == (
            Decimal("2500.50"),
            "USD",
            date(2019, 10, 1),
        )
