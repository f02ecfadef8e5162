"""In a real headless browser: the conference, calendars and contributions pages in Arabic
(right to left) and Russian, with the page's direction, no horizontal overflow, and Latin
codes isolated so that they keep their own direction inside Arabic text.

Screenshots land in ``test-artifacts/browser/<engine>-languages/``.
"""

import pytest

from tests.web.servers import threaded_server
from tests.web.test_browser import ARTIFACTS, Visit, chromium  # noqa: F401 (fixture)

pytestmark = pytest.mark.slow

PAGES = {
    "conference": "/conferences/fourth-2020",
    "calendars": "/conferences/fourth-2020/calendars",
    "contributions": "/manage/fourth-2020/finance/contributions?as_of=2020-04-24",
}
# What each page says in its language: proof that the page is translated, not only turned.
HEADINGS = {
    ("ar", "conference"): "المؤتمر الرابع للمناطق الخالية من الأسلحة النووية ومنغوليا",
    ("ar", "calendars"): "التقاويم",
    ("ar", "contributions"): "حالة المساهمات",
    ("ru", "conference"): "Четвертая конференция зон, свободных от ядерного оружия, и Монголии",
    ("ru", "calendars"): "Календари",
    ("ru", "contributions"): "Положение со взносами",
}
STATE = {"ar": "كازاخستان", "ru": "Казахстан"}

OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def sign_in(page, base: str, lang: str, account) -> None:
    page.goto(f"{base}/{lang}/sign-in")
    page.locator("input[name=username]").fill(account.username)
    page.locator("input[name=password]").fill(account.password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{base}/{lang}/")


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("ru", "ltr")])
def test_pages_in_arabic_and_russian(
    chromium,  # noqa: F811
    app,
    database_url,
    demo,
    make_user,
    lang,
    direction,
):
    from playwright.sync_api import expect

    account = make_user(f"officer-{lang}", "finance")
    engine_name = database_url.split(":", 1)[0].split("+")[0]
    with threaded_server(app) as base:
        browser = chromium.new_context(locale=lang, viewport={"width": 1024, "height": 800})
        page = browser.new_page()
        visit = Visit(page, ARTIFACTS / f"{engine_name}-languages-{lang}")
        sign_in(page, base, lang, account)
        for name, path in PAGES.items():
            page.goto(f"{base}/{lang}{path}")
            html = page.locator("html")
            expect(html).to_have_attribute("dir", direction)
            expect(html).to_have_attribute("lang", lang)
            expect(page.locator("h1")).to_contain_text(HEADINGS[lang, name])
            assert page.evaluate(OVERFLOW) <= 0, f"{name} scrolls sideways in {lang}"
            visit.shot(f"{name}-{lang}")
        # The contributions table: the state in the reader's language, the code isolated.
        kaz = page.locator("#party-KAZ")
        expect(kaz).to_contain_text(STATE[lang])
        code = kaz.locator("bdi", has_text="KAZ")
        expect(code).to_have_count(1)
        if direction == "rtl":
            # The table mirrors: the zone column (first in the source) is on the right.
            cells = kaz.locator("td")
            first = cells.nth(0).bounding_box()
            second = cells.nth(1).bounding_box()
            assert first["x"] > second["x"]
            assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        browser.close()
