"""The visibility crawl: planted secrets appear exactly where the one rule allows, nowhere else.

Through the CLI (as an organizer would) the test plants a restricted meeting with a
restricted agenda, a restricted series with one occurrence moved to its own venue, a
contact's e-mail and a party's overdue pledge, each carrying a unique marker. It then
requests every GET route of the app's route table, with every parameter filled from the
data set, in both languages, signed out and as each role, follows every link found on
those pages (starting from the portal), and fetches every feed (party feeds: one
party of each visibility case and a random sample, see :func:`party_feed_sample`).
Each marker must be absent wherever the rule forbids it and present where the rule
says it is shown.

The app's clock stands at 2020-03-01, when the sample pledges are overdue, so the
readiness panel names parties in "Largest overdue pledges" (a per-party figure).
"""

import io
import itertools
import json
import random
import re
import zipfile
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.actions.models import Action
from planner.conferences.models import Conference
from planner.directory.models import Contact, Party
from planner.finance.models import Payment, Pledge
from planner.meetings.invitees import with_own_zones
from planner.meetings.models import Invitation, Meeting
from tests.test_documents import pdf_pages
from tests.web.conftest import PASSWORD, Account, SteppingClock, sign_in

CONF = "fourth-2020"
LANGS = ("en", "zh")
ROLES = ("signed-out", "viewer", "organizer", "finance")
BASE = "http://127.0.0.1:8000"  # Settings.public_base_url: absolute links in pages
PARTY_FEEDS = 20  # party feeds fetched at random beyond one of each visibility case
PARTY_FEED_SEED = 20200424  # fixed: every run fetches the same feeds
# Thousands of requests, three to four minutes per engine on this 2-core machine: the one test
# that was most of `make test-fast`. It stays in `make test` and CI on both engines.
pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Marker:
    """A planted secret: who may see it on pages, and which feeds may carry it."""

    name: str
    text: str
    pages: bool  # shown to signed-in roles (staff) on pages; never to the signed-out
    private_feed: bool  # in the invited contact's private feed


RESTRICTED_TITLE = Marker("restricted meeting", "MkrRestrictedMeeting7q", True, True)
AGENDA = Marker("restricted agenda", "MkrRestrictedAgenda7q", True, True)
SERIES_TITLE = Marker("restricted series", "MkrRestrictedSeries7q", True, True)
MOVED_VENUE = Marker("moved occurrence's venue", "MkrMovedVenue7q", True, True)
EMAIL = Marker("contact e-mail", "mkr-contact-7q@example.org", True, False)
PLEDGE = Marker("per-party pledge", "MKR-PLEDGE-7Q", True, False)
MARKERS = (RESTRICTED_TITLE, AGENDA, SERIES_TITLE, MOVED_VENUE, EMAIL, PLEDGE)


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock(datetime(2020, 3, 1, 12, 0, tzinfo=UTC))


def last_word(result) -> str:
    assert result.exit_code == 0, result.output
    return result.output.split()[-1]


@dataclass
class Planted:
    contact_id: int
    restricted_id: int
    series_id: int
    token: str
    accounts: dict[str, Account] = field(default_factory=dict)


@pytest.fixture
def planted(cli, demo) -> Planted:
    contact = int(
        last_word(
            cli(
                "contact", "add", "--name", "Crawl Contact", "--email", EMAIL.text, "--party", "KAZ"
            )
        )
    )
    meeting = ("meeting", "add", CONF, "--timezone", "America/New_York")
    restricted = int(
        last_word(
            cli(
                *meeting,
                "--title",
                f"Drafting group {RESTRICTED_TITLE.text}",
                "--start",
                "2020-03-03 10:00",
                "--end",
                "2020-03-03 12:00",
                "--venue",
                "UNHQ Crawl Room",
                "--agenda",
                f"Item 1 {AGENDA.text}",
                "--visibility",
                "restricted",
                "--invite",
                str(contact),
            )
        )
    )
    # A public meeting at the same time and place: the clash must not name the restricted one.
    cli(
        *meeting,
        "--title",
        "Open briefing",
        "--start",
        "2020-03-03 10:00",
        "--end",
        "2020-03-03 11:00",
        "--venue",
        "UNHQ Crawl Room",
    )
    series = int(
        last_word(
            cli(
                *meeting,
                "--title",
                f"Consultations {SERIES_TITLE.text}",
                "--start",
                "2020-03-10 15:00",
                "--end",
                "2020-03-10 16:00",
                "--repeat",
                "FREQ=MONTHLY;COUNT=3",
                "--visibility",
                "restricted",
                "--invite",
                "KAZ",
                "--status",
                "confirmed",
            )
        )
    )
    moved = cli(
        "meeting",
        "reschedule",
        str(series),
        "--occurrence",
        "2020-04-10",
        "--start",
        "2020-04-11 15:00",
        "--end",
        "2020-04-11 16:00",
        "--venue",
        f"Annex {MOVED_VENUE.text}",
    )
    assert moved.exit_code == 0, moved.output
    # The chair designated at the restricted meeting: recommendation 11's fact names the place.
    designated = cli(
        *("chair", "designate", CONF, "--nomination", "1", "--date", "2020-02-01"),
        *("--at", f"Drafting group {RESTRICTED_TITLE.text}"),
    )
    assert designated.exit_code == 0, designated.output
    pledge = cli(
        *("pledge", "add", CONF, "--party", "KAZ", "--amount", "1000", "--currency", "USD"),
        *("--due", "2020-01-15", "--date", "2019-12-01", "--reference", PLEDGE.text),
    )
    assert pledge.exit_code == 0, pledge.output
    issued = cli(
        "contact", "feed-token", "issue", str(contact), "--conference", CONF, "--format", "json"
    )
    assert issued.exit_code == 0, issued.output
    token = json.loads(issued.output)["url"].rsplit("/", 1)[-1].removesuffix(".ics")
    accounts = {}
    for role in ROLES[1:]:
        added = cli(
            "user",
            "add",
            f"crawl-{role}",
            "--role",
            role,
            "--password-stdin",
            input=PASSWORD + "\n",
        )
        assert added.exit_code == 0, added.output
        accounts[role] = Account(f"crawl-{role}", role)
    return Planted(contact, restricted, series, token, accounts)


def data_set(engine) -> dict[str, list]:
    """Every value a route parameter can take, read from the database."""
    with Session(engine) as session:
        slugs = {c.id: c.slug for c in session.scalars(select(Conference))}
        parties = session.scalars(select(Party).order_by(Party.code)).all()

        def owned(model, key):
            rows = session.execute(select(model.conference_id, key).order_by(key))
            return [{"conf": slugs[conference], "id": value} for conference, value in rows]

        return {
            "conferences": sorted(slugs.values()),
            "zones": [party.code for party in parties if party.kind == "zone"],
            "parties": [party.code for party in parties],
            "party_feeds": party_feed_sample(session, parties),
            "contacts": list(session.scalars(select(Contact.id).order_by(Contact.id))),
            "meeting_id": owned(Meeting, Meeting.id),
            "number": owned(Action, Action.number),
            "pledge_id": owned(Pledge, Pledge.id),
            "payment_id": owned(Payment, Payment.id),
        }


def party_feed_sample(session: Session, parties: list[Party]) -> list[str]:
    """The parties whose feeds the crawl fetches: one of each visibility case, and more.

    A party's feed shows what is invited to the party, to one of its zones, or to
    nobody in particular: parties of one kind whose invitations (their own and
    their zones') reach the same meetings see the same feed. One party of each
    such case is fetched, KAZ (the planted secrets' party) and a seeded random
    sample of the others, instead of all of them (hundreds of feeds per engine).
    """
    invited: dict[int, set[int]] = {}
    for meeting_id, party_id in session.execute(
        select(Invitation.meeting_id, Invitation.party_id).where(Invitation.party_id.is_not(None))
    ):
        invited.setdefault(party_id, set()).add(meeting_id)
    cases: dict[tuple[str, frozenset[int]], str] = {}
    for party in parties:
        reached = with_own_zones(session, {party.id})
        meetings = frozenset(m for reach in reached for m in invited.get(reach, ()))
        cases.setdefault((party.kind, meetings), party.code)
    chosen = {*cases.values(), "KAZ"}
    others = [party.code for party in parties if party.code not in chosen]
    chosen.update(random.Random(PARTY_FEED_SEED).sample(others, min(PARTY_FEEDS, len(others))))
    return sorted(chosen)


def route_urls(app, data: dict, token: str) -> tuple[list[str], list[str]]:
    """Every GET rule of the route table with its parameters filled: (pages, feeds).

    A parameter the test does not know how to fill fails the test: a new route must be
    added here, not skipped.
    """
    adapter = app.url_map.bind("localhost")
    pages, feeds = [], []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        arguments = set(rule.arguments)
        choices: list[list[dict]] = []
        owned = arguments & {"meeting_id", "number", "pledge_id", "payment_id"}
        for name in owned:
            choices.append([{"conf": row["conf"], name: row["id"]} for row in data[name]])
            arguments -= {name, "conf"}
        for name in sorted(arguments):
            if name == "lang":
                values = list(LANGS)
            elif name in ("slug", "conf", "conference"):
                values = data["conferences"]
            elif name == "code":
                party_feed = rule.endpoint == "feeds.party_feed"
                values = data["party_feeds"] if party_feed else data["zones"]
            elif name == "contact_id":
                values = data["contacts"]
            elif name == "token":
                values = [token]
            elif name == "language":  # the translations pages: one left-to-right, one not
                values = ["fr", "ar"]
            else:
                pytest.fail(f"the crawl cannot fill <{name}> of {rule.rule}: add it to the crawl")
            choices.append([{name: value} for value in values])
        for combination in itertools.product(*choices):
            values = {key: value for part in combination for key, value in part.items()}
            url = adapter.build(rule.endpoint, values)
            (feeds if url.endswith(".ics") else pages).append(url)
    return pages, feeds


def body(response) -> str:
    """The response as text: XLSX unzipped (its sheets and shared strings), PDFs' pages
    extracted, feeds unfolded."""
    data = response.get_data()
    if response.mimetype == "application/pdf":
        return " ".join(pdf_pages(data))
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    text = data.decode("utf-8")
    return text.replace("\r\n ", "") if response.mimetype == "text/calendar" else text


HREF = re.compile(r'href="([^"#]*)')


def links(url: str, html: str) -> list[str]:
    """Same-site links of a page, as paths (absolute links to the public address included)."""
    found = []
    for href in HREF.findall(html):
        href = href.replace("&amp;", "&")
        if href.startswith(BASE):
            href = href[len(BASE) :]
        parts = urlsplit(urljoin(url, href))
        if parts.scheme or parts.netloc or not parts.path:
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


@dataclass
class Visit:
    role: str
    url: str
    status: int
    text: str


def crawl(client, seeds: list[str], role: str) -> list[Visit]:
    """GET every seed and every same-site link found on the pages, once each."""
    queue, seen, visits = deque(seeds), set(seeds), []
    while queue:
        url = queue.popleft()
        response = client.get(url)
        text = body(response)
        visits.append(Visit(role, url, response.status_code, text))
        assert response.status_code < 500, f"{role} {url}: {response.status_code}"
        if response.mimetype == "text/html":
            for link in links(url, text):
                if link not in seen:
                    seen.add(link)
                    queue.append(link)
    return visits


def client_for(app, role: str, planted: Planted):
    client = app.test_client()
    if role != "signed-out":
        response = sign_in(client, planted.accounts[role])
        assert response.status_code == 302, response.get_data(as_text=True)
    return client


def allowed(marker: Marker, visit: Visit, private_feed: str) -> bool:
    """The rule, restated for the test: where each marker may appear."""
    if visit.url.endswith(".ics") and "/manage/" not in visit.url:
        return marker.private_feed and visit.url == private_feed
    # pages, and a meeting's "Add to calendar" file beside its signed-in page
    return marker.pages and visit.role != "signed-out"


def test_every_marker_appears_exactly_where_the_rule_allows(app, engine, planted):
    data = data_set(engine)
    pages, feeds = route_urls(app, data, planted.token)
    private_feed = f"/calendars/private/{planted.token}.ics"
    assert private_feed in feeds
    visits: list[Visit] = []
    for role in ROLES:
        visits += crawl(client_for(app, role, planted), ["/", *pages], role)
    visits += crawl(app.test_client(), feeds, "signed-out")

    leaks = [
        f"{marker.name} on {visit.role} {visit.url}"
        for visit in visits
        for marker in MARKERS
        if marker.text in visit.text and not allowed(marker, visit, private_feed)
    ]
    assert not leaks, "\n".join(leaks)

    def seen(marker: Marker, role: str, url: str) -> bool:
        matching = [v for v in visits if v.role == role and v.url == url]
        assert matching, f"{url} was not visited as {role}"
        return all(marker.text in visit.text for visit in matching)

    private = [m for m in MARKERS if m.private_feed]
    assert [m.name for m in private if not seen(m, "signed-out", private_feed)] == []
    for role, lang in itertools.product(ROLES[1:], LANGS):
        manage = f"/{lang}/manage/{CONF}"
        expected = {
            RESTRICTED_TITLE: [f"{manage}/meetings", f"/{lang}/conferences/{CONF}"],
            SERIES_TITLE: [f"{manage}/meetings", f"/{lang}/conferences/{CONF}"],
            MOVED_VENUE: [f"/{lang}/conferences/{CONF}"],
            EMAIL: [f"/{lang}/manage/contacts"],
            PLEDGE: [
                f"{manage}/finance/pledges",
                f"/{lang}/conferences/{CONF}",
                f"/{lang}/conferences/{CONF}/summary.pdf",  # the summary's overdue pledges
            ],
        }
        missing = [
            f"{marker.name} on {url}"
            for marker, urls in expected.items()
            for url in urls
            if not seen(marker, role, url)
        ]
        assert not missing, f"{role}: {missing}"

    rules = [rule for rule in app.url_map.iter_rules() if "GET" in rule.methods]
    coverage = {
        "GET rules": len(rules),
        "GET rules with a language": sum(1 for rule in rules if "lang" in rule.arguments),
        "filled page URLs (en+zh)": len(pages),
        "feeds": len(feeds),
        "requests per role": {
            role: sum(1 for visit in visits if visit.role == role) for role in ROLES
        },
        "requests by language": {
            lang: sum(1 for visit in visits if visit.url.startswith(f"/{lang}/")) for lang in LANGS
        },
        "requests": len(visits),
        "distinct URLs": len({visit.url for visit in visits}),
    }
    print(f"visibility crawl coverage: {coverage}")
