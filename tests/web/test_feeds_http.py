"""Calendar feeds over HTTP: headers, the conditional-GET matrix, HEAD, no rebuild on 304,
byte-identity with ``planner calendar``, and which feed shows which restricted meeting."""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

import pytest
from flask import url_for
from icalendar import Calendar
from sqlalchemy import event

from planner.audit import Context
from planner.calendars.addresses import party_feed_path, private_feed_path, public_feed_path
from planner.calendars.tokens import issue_feed_token, revoke_feed_tokens
from planner.db import unit_of_work
from planner.directory.operations import add_contact
from planner.meetings.operations import add_meeting, update_meeting

PUBLIC = "/calendars/fourth-2020.ics"
RESTRICTED = "[SAMPLE] NWFZ focal points: draft outcome document (restricted)"
LATER = Context(actor="tester", clock=lambda: datetime(2020, 1, 20, 9, 30, tzinfo=UTC))


def summaries(body: bytes) -> set[str]:
    return {str(e["SUMMARY"]) for e in Calendar.from_ical(body).walk("VEVENT")}


def http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def test_public_feed_is_served_with_validators_and_equals_the_cli_output(client, demo, cli):
    response = client.get(PUBLIC)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == "inline; filename=fourth-2020.ics"
    assert response.headers["Cache-Control"].startswith("public, max-age=")
    etag = response.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")
    # the latest last_modified of the public meetings in the data set
    assert response.headers["Last-Modified"] == "Tue, 01 Oct 2019 12:00:00 GMT"
    assert response.data == cli("calendar", "fourth-2020").stdout_bytes
    assert RESTRICTED not in summaries(response.data)


def _validators(client) -> tuple[str, datetime]:
    response = client.get(PUBLIC)
    return response.headers["ETag"], parsedate_to_datetime(response.headers["Last-Modified"])


@pytest.mark.parametrize(
    ("if_none_match", "if_modified_since", "status"),
    [
        (None, None, 200),
        ("{etag}", None, 304),
        ('"not-the-tag"', None, 200),
        ('"one", {etag}, "two"', None, 304),
        ('"one","two"', None, 200),
        ("*", None, 304),
        ("W/{etag}", None, 304),  # If-None-Match compares weakly (RFC 9110 13.1.2)
        (None, "same", 304),
        (None, "later", 304),
        (None, "earlier", 200),
        ('"not-the-tag"', "later", 200),  # If-None-Match wins over a fresh date
        ("{etag}", "earlier", 304),  # ... and over a stale one
    ],
)
def test_conditional_get_matrix(client, demo, if_none_match, if_modified_since, status):
    etag, last_modified = _validators(client)
    headers = {}
    if if_none_match is not None:
        headers["If-None-Match"] = if_none_match.format(etag=etag)
    if if_modified_since is not None:
        shift = {"same": timedelta(0), "later": timedelta(days=1), "earlier": -timedelta(seconds=1)}
        headers["If-Modified-Since"] = http_date(last_modified + shift[if_modified_since])
    response = client.get(PUBLIC, headers=headers)
    assert response.status_code == status
    assert response.headers["ETag"] == etag
    assert response.headers["Cache-Control"].startswith("public")
    if status == 304:
        assert response.data == b""
        assert "Content-Type" not in response.headers
    else:
        assert response.data.startswith(b"BEGIN:VCALENDAR\r\n")


def test_head_has_the_get_headers_and_no_body(client, demo):
    get = client.get(PUBLIC)
    head = client.head(PUBLIC)
    assert head.status_code == 200 and head.data == b""
    for name in ("Content-Type", "Content-Length", "ETag", "Last-Modified", "Cache-Control"):
        assert head.headers[name] == get.headers[name], name
    assert int(head.headers["Content-Length"]) == len(get.data)
    conditional = client.head(PUBLIC, headers={"If-None-Match": get.headers["ETag"]})
    assert conditional.status_code == 304 and conditional.data == b""


class Looking:
    """Every SQL statement the app runs while a test looks: on its engine (requests'
    sessions, the feed cache) and on its feeds' revision reads; and the sessions'
    connections taken from the pool."""

    def __init__(self) -> None:
        self.statements: list[str] = []
        self.checkouts: list[object] = []

    def statement(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.statements.append(" ".join(statement.split()))

    def checkout(self, *_connection) -> None:
        self.checkouts.append(_connection)

    def clear(self) -> None:
        self.statements.clear()
        self.checkouts.clear()


@pytest.fixture
def looking(app):
    looking = Looking()
    web = app.extensions["planner"]
    for engine in (web.engine, web.answered.engine):
        event.listen(engine, "before_cursor_execute", looking.statement)
    event.listen(web.engine.pool, "checkout", looking.checkout)
    yield looking
    for engine in (web.engine, web.answered.engine):
        event.remove(engine, "before_cursor_execute", looking.statement)
    event.remove(web.engine.pool, "checkout", looking.checkout)


REVISION_READ = "SELECT feed_revision.revision FROM feed_revision WHERE feed_revision.id = "


@pytest.mark.parametrize(
    "path",
    [PUBLIC, f"{PUBLIC}?lang=fr", party_feed_path("fourth-2020", "MNG")],
)
def test_an_unchanged_feed_costs_one_statement_and_no_session(client, demo, looking, path):
    """Once a worker has answered an address, the same data is answered from its memory
    after reading the data's revision: no audience, no stamp query, no transaction."""
    etag = client.get(path).headers["ETag"]
    gzip_etag = client.get(path, headers={"Accept-Encoding": "gzip"}).headers["ETag"]
    # building the feed loads the meetings and eager-loads their overrides
    assert any("FROM meeting_overrides" in s for s in looking.statements)
    for headers, status in (
        ({"If-None-Match": etag}, 304),
        ({}, 200),
        ({"Accept-Encoding": "gzip"}, 200),
        ({"Accept-Encoding": "gzip", "If-None-Match": gzip_etag}, 304),
    ):
        looking.clear()
        assert client.get(path, headers=headers).status_code == status
        statements = looking.statements
        assert len(statements) == 1 and statements[0].startswith(REVISION_READ), statements
        assert looking.checkouts == [], "a session was opened for an unchanged feed"


def test_an_unchanged_private_feed_costs_one_statement(client, demo, engine, context, looking):
    with unit_of_work(engine) as session:
        contact_id = add_contact(session, context, name="Delegate", party="KAZ").id
        token = issue_feed_token(session, context, contact_id, "fourth-2020").token
    path = private_feed_path(token) + "?alarms=P1D"
    first = client.get(path)
    assert first.status_code == 200
    looking.clear()
    again = client.get(path)
    assert (again.data, again.headers["ETag"]) == (first.data, first.headers["ETag"])
    assert again.headers["X-Robots-Tag"] == "noindex"
    statements = looking.statements
    assert len(statements) == 1 and statements[0].startswith(REVISION_READ), statements
    assert looking.checkouts == []


def test_an_unchanged_feed_is_one_round_trip_to_postgresql(app, client, demo, tmp_path):
    """On the wire (libpq's trace of the protocol): no pre-ping, no BEGIN, no ROLLBACK,
    one query and its Sync."""
    web = app.extensions["planner"]
    if web.engine.dialect.name != "postgresql":
        pytest.skip("the wire protocol of PostgreSQL")
    trace = (tmp_path / "trace").open("w+")

    def traced(dbapi_connection, _record):
        dbapi_connection.pgconn.trace(trace.fileno())
        dbapi_connection.pgconn.set_trace_flags(1 | 2)  # no timestamps, stable output

    web.answered.engine.dispose()
    event.listen(web.answered.engine, "connect", traced)
    etag = client.get(PUBLIC).headers["ETag"]
    for headers in ({"If-None-Match": etag}, {}):
        trace.flush()
        trace.seek(0, 2)
        start = trace.tell()
        assert client.get(PUBLIC, headers=headers).status_code in (200, 304)
        trace.flush()
        trace.seek(start)
        sent = [line.split("\t") for line in trace.read().splitlines()]
        messages = [fields[2] for fields in sent if fields[0] == "F"]
        assert messages == ["Parse", "Bind", "Describe", "Execute", "Sync"], messages
    trace.close()


def test_a_changed_meeting_changes_the_etag_and_the_old_tag_gets_the_new_feed(client, demo, engine):
    old = client.get(PUBLIC)
    with unit_of_work(engine) as session:
        add_meeting(session, LATER, conference="fourth-2020", title="Added later",
                    start="2020-02-03 10:00", end="2020-02-03 11:00",
                    timezone="America/New_York")  # fmt: skip
    response = client.get(PUBLIC, headers={"If-None-Match": old.headers["ETag"]})
    assert response.status_code == 200
    assert response.headers["ETag"] != old.headers["ETag"]
    assert response.headers["Last-Modified"] == "Mon, 20 Jan 2020 09:30:00 GMT"
    assert "Added later" in summaries(response.data)
    since_old = {"If-Modified-Since": old.headers["Last-Modified"]}
    assert client.get(PUBLIC, headers=since_old).status_code == 200


def test_unknown_conference_or_party_is_404(client, demo):
    assert client.get("/calendars/fifth-2030.ics").status_code == 404
    assert client.get("/calendars/fifth-2030/parties/MNG.ics").status_code == 404
    assert client.get("/calendars/fourth-2020/parties/ZZZ.ics").status_code == 404


def test_party_feed_shows_the_partys_public_meetings(client, demo):
    response = client.get("/calendars/fourth-2020/parties/mng.ics")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "inline; filename=fourth-2020-MNG.ics"
    assert response.headers["Cache-Control"].startswith("public")
    feed = Calendar.from_ical(response.data)
    assert str(feed["X-WR-CALNAME"]).endswith("— Mongolia")
    assert RESTRICTED not in summaries(response.data)
    assert summaries(response.data) == summaries(client.get(PUBLIC).data)  # all invite MONGOLIA
    party_tag = response.headers["ETag"]
    assert party_tag != client.get(PUBLIC).headers["ETag"]
    again = client.get(
        "/calendars/fourth-2020/parties/MNG.ics", headers={"If-None-Match": party_tag}
    )
    assert again.status_code == 304


def _contact(engine, context, name: str, party: str | None) -> int:
    with unit_of_work(engine) as session:
        return add_contact(session, context, name=name, party=party).id


def _issue(engine, context, contact_id: int) -> str:
    with unit_of_work(engine) as session:
        return issue_feed_token(session, context, contact_id, "fourth-2020").token


def test_restricted_meetings_only_in_the_invited_contacts_private_feeds(
    client, demo, engine, context
):
    with unit_of_work(engine) as session:
        add_meeting(session, context, conference="fourth-2020", title="Kazakh briefing",
                    start="2020-02-21 10:00", end="2020-02-21 11:00", timezone="Asia/Almaty",
                    visibility="restricted", invite=["KAZ"])  # fmt: skip
    kazakh = _issue(engine, context, _contact(engine, context, "Kazakh delegate", "KAZ"))
    mexican = _issue(engine, context, _contact(engine, context, "Mexican delegate", "MEX"))
    opanal = _issue(engine, context, _contact(engine, context, "OPANAL officer", "OPANAL"))
    feeds = {
        "public": client.get(PUBLIC).data,
        "KAZ party": client.get(party_feed_path("fourth-2020", "KAZ")).data,
        "SEMIPALATINSK party": client.get(party_feed_path("fourth-2020", "SEMIPALATINSK")).data,
        "MEX party": client.get(party_feed_path("fourth-2020", "MEX")).data,
        "KAZ contact": client.get(private_feed_path(kazakh)).data,
        "MEX contact": client.get(private_feed_path(mexican)).data,
        "OPANAL contact": client.get(private_feed_path(opanal)).data,
    }
    shown = {name: summaries(body) for name, body in feeds.items()}
    with_briefing = {name for name, titles in shown.items() if "Kazakh briefing" in titles}
    with_focal_points = {name for name, titles in shown.items() if RESTRICTED in titles}
    assert with_briefing == {"KAZ contact"}
    assert with_focal_points == {"KAZ contact", "MEX contact"}  # invited through their zones


def test_private_feed_equals_the_cli_contact_feed_and_is_private(
    client, demo, engine, context, cli
):
    contact_id = _contact(engine, context, "Delegate", "KAZ")
    token = _issue(engine, context, contact_id)
    response = client.get(private_feed_path(token))
    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("private")
    assert response.headers["Content-Disposition"] == "inline; filename=fourth-2020-private.ics"
    assert (
        response.data == cli("calendar", "fourth-2020", "--contact", str(contact_id)).stdout_bytes
    )
    assert RESTRICTED in summaries(response.data)
    etag = response.headers["ETag"]
    again = client.get(private_feed_path(token), headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["Cache-Control"].startswith("private")


def test_wrong_revoked_and_replaced_tokens_are_404(client, demo, engine, context):
    contact_id = _contact(engine, context, "Delegate", "KAZ")
    first = _issue(engine, context, contact_id)
    assert client.get(private_feed_path(first)).status_code == 200
    for wrong in (first[:-1], first + "x", "x" * 43, "a" * 500, first.upper()):
        assert client.get(private_feed_path(wrong)).status_code == 404, wrong
    second = _issue(engine, context, contact_id)  # re-issuing replaces the address
    assert client.get(private_feed_path(first)).status_code == 404
    assert client.get(private_feed_path(second)).status_code == 200
    with unit_of_work(engine) as session:
        revoke_feed_tokens(session, context, contact_id)
    assert client.get(private_feed_path(second)).status_code == 404
    assert client.head(private_feed_path(second)).status_code == 404
    third = _issue(engine, context, contact_id)
    assert client.get(private_feed_path(third)).status_code == 200


def test_changing_a_restricted_meeting_moves_only_the_feeds_that_show_it(
    client, demo, engine, context
):
    token = _issue(engine, context, _contact(engine, context, "Delegate", "KAZ"))
    public_tag = client.get(PUBLIC).headers["ETag"]
    private_tag = client.get(private_feed_path(token)).headers["ETag"]
    with unit_of_work(engine) as session:
        from planner.meetings.models import Meeting

        focal = session.query(Meeting).filter_by(visibility="restricted").one()
        update_meeting(session, LATER, focal.id, agenda="Revised agenda")
    assert client.get(PUBLIC, headers={"If-None-Match": public_tag}).status_code == 304
    changed = client.get(private_feed_path(token), headers={"If-None-Match": private_tag})
    assert changed.status_code == 200 and b"Revised agenda" in changed.data


def test_routes_agree_with_the_addresses_the_cli_prints(app):
    with app.test_request_context():
        assert url_for("feeds.public_feed", conference="fourth-2020") == public_feed_path(
            "fourth-2020"
        )
        assert url_for("feeds.party_feed", conference="c", code="MNG") == party_feed_path(
            "c", "MNG"
        )
        assert url_for("feeds.private_feed", token="a-b_c") == private_feed_path("a-b_c")
