"""End to end in a real headless browser (Debian's Chromium driven by Playwright).

A user signs in and reads the portal in Chinese and in English. A screenshot of every
page visited is kept in ``test-artifacts/browser/<engine>/`` (gitignored; CI keeps it).
Without /usr/bin/chromium the test is skipped with that reason, except in CI
(``PLANNER_TEST_REQUIRE_POSTGRES=1``), where a missing browser is a failure.
"""

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.servers import threaded_server

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("PLANNER_TEST_REQUIRE_POSTGRES") == "1":
            pytest.fail("CI needs /usr/bin/chromium for the browser test (.ci/run installs it)")
        pytest.skip("browser test skipped: /usr/bin/chromium is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visit:
    """Keeps a numbered full-page screenshot of each page the test looks at."""

    def __init__(self, page, folder: Path):
        self.page, self.folder, self.count = page, folder, 0
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.png"):
            old.unlink()

    def shot(self, name: str) -> None:
        self.count += 1
        self.page.screenshot(path=self.folder / f"{self.count:02d}-{name}.png", full_page=True)


def test_user_signs_in_and_reads_the_portal_in_chinese_and_english(
    chromium, app, database_url, demo, make_user
):
    from playwright.sync_api import expect

    account = make_user("ana", "organizer")
    engine_name = database_url.split(":", 1)[0].split("+")[0]
    with threaded_server(app) as base:
        context = chromium.new_context(locale="zh-CN", viewport={"width": 1200, "height": 900})
        page = context.new_page()
        visit = Visit(page, ARTIFACTS / engine_name)

        page.goto(base + "/")
        expect(page).to_have_url(base + "/zh/")
        expect(page.locator("h1")).to_have_text("无核武器区和蒙古会议")
        visit.shot("portal-zh")

        page.get_by_role("link", name="登录").click()
        page.get_by_label("用户名").fill(account.username)
        page.get_by_label("密码").fill("wrong password")
        page.get_by_role("button", name="登录").click()
        expect(page.locator("#password-error")).to_have_text("用户名或密码错误。")
        visit.shot("sign-in-refused-zh")

        page.get_by_label("密码").fill(account.password)
        page.get_by_role("button", name="登录").click()
        expect(page).to_have_url(base + "/zh/")
        expect(page.locator(".flash")).to_have_text("已登录：Ana。")
        visit.shot("signed-in-zh")

        page.get_by_role("link", name="第四次无核武器区和蒙古会议").click()
        expect(page.locator("#facts")).to_contain_text("2020年4月24日")
        expect(page.locator("#facts .sample")).to_have_text("SAMPLE")
        visit.shot("conference-zh")

        page.get_by_role("link", name="English").click()
        expect(page).to_have_url(base + "/en/conferences/fourth-2020")
        expect(page.locator("h1")).to_have_text(
            "Fourth Conference of Nuclear-Weapon-Free Zones and Mongolia"
        )
        expect(page.locator("#facts")).to_contain_text("April 24, 2020")
        visit.shot("conference-en")

        page.get_by_role("navigation").get_by_role("link", name="Zones").click()
        expect(page.locator("h1")).to_have_text("Nuclear-weapon-free zones and Mongolia")
        visit.shot("zones-en")

        page.get_by_role("link", name="Central Asia (Treaty of Semipalatinsk)").click()
        expect(page.locator("tbody tr")).to_have_count(5)
        expect(page.get_by_role("cell", name="Kazakhstan")).to_be_visible()
        visit.shot("zone-semipalatinsk-en")

        page.get_by_role("link", name="中文").click()
        expect(page).to_have_url(base + "/zh/zones/SEMIPALATINSK")
        expect(page.get_by_role("cell", name="哈萨克斯坦")).to_be_visible()
        visit.shot("zone-semipalatinsk-zh")

        page.get_by_role("link", name="联系人").click()
        expect(page.locator("h1")).to_have_text("联系人")
        visit.shot("contacts-zh")

        page.get_by_role("button", name="退出登录").click()
        expect(page.locator(".flash")).to_have_text("已退出登录。")
        expect(page.get_by_role("link", name="登录")).to_be_visible()
        visit.shot("signed-out-zh")
        context.close()

    shots = sorted(path.name for path in (ARTIFACTS / engine_name).glob("*.png"))
    assert len(shots) == visit.count == 10
    assert all(re.match(r"\d\d-[a-z-]+\.png$", name) for name in shots)
