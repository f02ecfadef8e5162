"""Every page on a phone and on a desktop, and accessible, in a real headless browser.

Every HTML GET route of the app (tests/web/route_values.py fills their parameters) is
opened signed out and as each role, in English, Chinese and Arabic (right to left), at
390 px (a phone) and 1280 px. A page fails if the document is wider than the viewport
(the page scrolls sideways) or if axe-core (tests/web/axe, from its committed lock file)
finds a serious or critical WCAG 2.1 AA violation. One browser serves the whole run, one
context per role.

It runs on SQLite only: what it checks (layout, accessibility, focus) is the HTML, which
does not depend on the engine, and every one of these routes is requested on PostgreSQL
too by the visibility crawl (tests/web/test_visibility_crawl.py), which fails on any
error. A second browser pass over PostgreSQL cost about three minutes of every run.

Left behind for the lead (``test-artifacts/``, git-ignored): the axe results per page
(counts by impact) in ``axe.json`` and screenshots of the main pages at both widths in
``browser/sqlite-every-page/``.
"""

import json
from collections import Counter
from pathlib import Path

import pytest

from tests.node_packages import ensure_node_packages
from tests.web.route_values import route_values, urls_of_every_get_route
from tests.web.servers import threaded_server
from tests.web.test_browser import ARTIFACTS, chromium  # noqa: F401 (fixture)
from tests.web.test_browser_languages import sign_in

pytestmark = [pytest.mark.slow, pytest.mark.browser]

AXE_DIR = Path(__file__).parent / "axe"
AXE_REPORT = ARTIFACTS.parent / "axe.json"
LANGUAGES = ("en", "zh", "ar")
ROLES = ("signed-out", "viewer", "finance", "organizer")
WIDTHS = (390, 1280)
# Feeds, spreadsheets and PDF documents are downloads, not pages.
NOT_PAGES = {"feeds.public_feed", "feeds.party_feed", "feeds.private_feed"} | {
    "finance.contributions_csv",
    "finance.contributions_xlsx",
    "finance.contributions_pdf",
    "readiness.summary_pdf",
    "meetings.calendar_file",  # "Add to calendar": a download, not a page
    "meetings.preview_json",  # the schedule form script's JSON, not a page
}
# Screenshots of these, as the organizer sees them (the finance officer for the import).
MAIN_PAGES = {
    "portal.index",
    "portal.conference",
    "portal.meetings",
    "portal.calendars",
    "portal.zones",
    "portal.zone",
    "workspace.index",
    "meetings.index",
    "meetings.show",
    "chair.index",
    "actions.index",
    "finance.pledges",
    "finance.payments",
    "finance.contributions",
    "manage.contacts",
    "imports.form",
}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FAILING_IMPACTS = {"serious", "critical"}
# axe reads the DOM, which is the same at both widths: every page is audited at 1280 px and,
# for the phone layout (folded menu, scrolling regions), the English pages at 390 px too.
AXE_PHONE_LANGUAGE = "en"
RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map((node) => node.target.join(" ")),
  }));
}"""
WIDER_THAN_VIEWPORT = "() => document.documentElement.scrollWidth - window.innerWidth"
# What a colour marks (a status, a severity, a refused field) is also said in words.
COLOUR_WITHOUT_WORDS = """() => [...document.querySelectorAll(
  '[class*="status-"], [class*="severity-"], .has-error, tr.void, .sample'
)].filter((element) => !element.innerText.trim())
 .map((element) => element.outerHTML.slice(0, 80))"""
# The focused element's outline: style and width in px.
FOCUS_RING = """() => {
  const style = getComputedStyle(document.activeElement);
  return [document.activeElement.tagName, style.outlineStyle, parseFloat(style.outlineWidth)];
}"""
FOCUS_STEPS = 3  # Tab presses checked on each page (skip link, brand, first menu entry)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_page_fits_a_phone_and_passes_axe(
    chromium,  # noqa: F811
    app,
    database_url,
    engine,
    demo,
    context,
    make_user,
):
    axe_script = ensure_node_packages(AXE_DIR, "axe-core") / "axe.min.js"
    values = route_values(engine, context)
    pages = [
        (endpoint, path)
        for endpoint, path in urls_of_every_get_route(app, values, LANGUAGES)
        if endpoint not in NOT_PAGES and endpoint != "root"
    ]
    accounts = {role: make_user(f"every-page-{role}", role) for role in ROLES[1:]}
    engine_name = database_url.split(":", 1)[0].split("+")[0]
    shots = ARTIFACTS / f"{engine_name}-every-page"
    shots.mkdir(parents=True, exist_ok=True)
    for old in shots.glob("*.png"):
        old.unlink()
    problems: list[str] = []
    report: dict[str, dict[str, dict]] = {}  # path -> "role width" -> impact -> count, and rules
    with threaded_server(app) as base:
        for role in ROLES:
            browser = chromium.new_context(viewport={"width": WIDTHS[-1], "height": 900})
            # An init script runs outside the page's Content-Security-Policy, which stays on.
            browser.add_init_script(path=axe_script)
            page = browser.new_page()
            if role in accounts:
                sign_in(page, base, "en", accounts[role])
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                seen = set()  # signed out, every managing page is the same sign-in form
                for endpoint, path in pages:
                    where = f"{path} as {role} at {width} px"
                    response = page.goto(base + path)
                    assert response is not None and response.status < 500, where
                    if page.url.split("?")[0] in seen:
                        continue
                    seen.add(page.url.split("?")[0])
                    problems.extend(
                        f"{where}: colour alone: {html}"
                        for html in page.evaluate(COLOUR_WITHOUT_WORDS)
                    )
                    overflow = page.evaluate(WIDER_THAN_VIEWPORT)
                    if overflow > 0:
                        problems.append(f"{where}: {overflow} px wider than the viewport")
                    if width == WIDTHS[-1]:
                        problems.extend(focus_problems(page, where))
                    lang = path.split("/")[1]
                    if width == WIDTHS[-1] or lang == AXE_PHONE_LANGUAGE:
                        problems.extend(
                            audit(page, where, report.setdefault(path, {}), role, width)
                        )
                    if (
                        endpoint in MAIN_PAGES
                        and lang in ("en", "ar")
                        and role == shot_role(endpoint)
                    ):
                        name = f"{endpoint.replace('.', '-')}-{lang}-{width}px"
                        page.screenshot(path=shots / f"{name}.png", full_page=True)
            browser.close()
    write_axe_report(engine_name, report)
    assert len(pages) >= 20 * len(LANGUAGES)
    assert len(list(shots.glob("*.png"))) == len(MAIN_PAGES) * 2 * len(WIDTHS)
    assert not problems, "\n".join(problems)


def shot_role(endpoint: str) -> str:
    """Whose view of a main page is kept: the import form is the finance officer's."""
    return "finance" if endpoint == "imports.form" else "organizer"


def audit(page, where: str, results: dict, role: str, width: int) -> list[str]:
    """Run axe-core in the page; keep its counts by impact, return what fails."""
    violations = page.evaluate(RUN_AXE, AXE_TAGS)
    results[f"{role} {width}px"] = {
        **Counter(violation["impact"] for violation in violations),
        "rules": sorted(f"{violation['id']} ({violation['impact']})" for violation in violations),
    }
    return [
        f"{where}: axe {v['impact']} {v['id']} ({v['help']}) at {v['targets']}"
        for v in violations
        if v["impact"] in FAILING_IMPACTS
    ]


def focus_problems(page, where: str) -> list[str]:
    """The first few Tab stops each show a focus ring at least 2 px wide."""
    found = []
    for _ in range(FOCUS_STEPS):
        page.keyboard.press("Tab")
        tag, style, width = page.evaluate(FOCUS_RING)
        if style == "none" or width < 2:
            found.append(f"{where}: no visible focus on <{tag}> ({style} {width} px)")
    return found


def write_axe_report(engine_name: str, report: dict) -> None:
    """One entry per engine in test-artifacts/axe.json, kept across the engines' runs."""
    AXE_REPORT.parent.mkdir(parents=True, exist_ok=True)
    known = json.loads(AXE_REPORT.read_text(encoding="utf-8")) if AXE_REPORT.exists() else {}
    known[engine_name] = report
    AXE_REPORT.write_text(json.dumps(known, indent=1, sort_keys=True), encoding="utf-8")


def test_the_menu_folds_on_a_phone_and_opens_without_a_script(
    chromium,  # noqa: F811
    app,
    demo,
):
    from playwright.sync_api import expect

    with threaded_server(app) as base:
        browser = chromium.new_context(
            java_script_enabled=False, viewport={"width": 390, "height": 800}
        )
        page = browser.new_page()
        page.goto(f"{base}/en/")
        zones = page.get_by_role("navigation", name="Main").get_by_role("link", name="Zones")
        expect(zones).to_be_hidden()
        page.get_by_text("Menu", exact=True).click()
        expect(zones).to_be_visible()
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(f"{base}/en/")
        expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
        expect(zones).to_be_visible()
        browser.close()
