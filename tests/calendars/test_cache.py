"""The feed cache: byte-identical to a fresh build, never stale after a change, shared by
workers, rebuilding only the meetings that changed, and one build at a time."""

import gzip
import threading
import time
from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import event, select

from planner.audit import Context
from planner.calendars import version
from planner.calendars.addresses import party_feed_path, private_feed_path
from planner.calendars.cache import FeedCache, build_feed_incrementally
from planner.calendars.feeds import audience, feed_stamp
from planner.calendars.models import CachedEvents, CachedFeed
from planner.calendars.tokens import issue_feed_token, revoke_feed_tokens
from planner.conferences.models import Conference
from planner.db import unit_of_work
from planner.directory.operations import add_contact
from planner.meetings.models import Meeting
from planner.meetings.operations import add_meeting, cancel_meeting, update_meeting
from tests.calendars.conftest import fresh
from tests.web.conftest import SteppingClock

PUBLIC = "/calendars/fourth-2020.ics"
LATER = Context(actor="tester", clock=lambda: datetime(2020, 1, 20, 9, 30, tzinfo=UTC))


def serializations(app: Flask) -> list[str]:
    """Statements that load meetings' overrides, which only a build of events does."""
    seen: list[str] = []

    def listen(conn, cursor, statement, parameters, context, executemany):
        if "FROM meeting_overrides" in statement:
            seen.append(statement)

    event.listen(app.extensions["planner"].engine, "before_cursor_execute", listen)
    return seen


def test_a_cached_feed_is_byte_identical_to_a_fresh_build_in_every_worker(
    two_workers, demo, engine
):
    first, second = (app.test_client() for app in two_workers)
    built = first.get(PUBLIC)
    assert built.status_code == 200
    assert built.data == fresh(engine)
    from_memory = first.get(PUBLIC)
    assert (from_memory.data, from_memory.headers["ETag"]) == (built.data, built.headers["ETag"])
    loads = serializations(two_workers[1])
    from_the_table = second.get(PUBLIC)  # the other worker's memory is empty
    assert loads == [], "the second worker rebuilt instead of reading the shared cache"
    assert from_the_table.data == built.data
    for name in ("ETag", "Last-Modified", "Content-Length", "Content-Type"):
        assert from_the_table.headers[name] == built.headers[name], name
    with unit_of_work(engine) as session:
        stored = session.scalars(select(CachedFeed)).one()
        assert (stored.identity, stored.body) == ("public|fourth-2020", built.data)
        assert stored.building_etag is None


def test_an_edited_or_cancelled_meeting_is_never_served_stale_by_any_worker(
    two_workers, demo, engine
):
    clients = [app.test_client() for app in two_workers]
    old = [client.get(PUBLIC) for client in clients]
    assert old[0].data == old[1].data
    with unit_of_work(engine) as session:
        meeting = session.scalars(select(Meeting).where(Meeting.visibility == "public")).first()
        update_meeting(session, LATER, meeting.id, title="Renamed in January")
        meeting_id = meeting.id
    for client in clients:
        response = client.get(PUBLIC, headers={"If-None-Match": old[0].headers["ETag"]})
        assert response.status_code == 200
        assert response.data == fresh(engine) and b"Renamed in January" in response.data
        assert response.headers["ETag"] != old[0].headers["ETag"]
    cancelled = Context(actor="tester", clock=lambda: datetime(2020, 1, 22, tzinfo=UTC))
    with unit_of_work(engine) as session:
        cancel_meeting(session, cancelled, meeting_id, reason="No quorum")
    for client in reversed(clients):
        assert client.get(PUBLIC).data == fresh(engine)
        assert b"No quorum" in client.get(PUBLIC).data


def test_after_a_change_both_representations_are_rebuilt_and_shared_by_every_worker(
    two_workers, demo, engine
):
    """The gzip is built with the bytes, once, and never left behind under an old tag."""
    gzip_only = {"Accept-Encoding": "gzip"}
    clients = [app.test_client() for app in two_workers]
    old_plain, old_encoded = clients[0].get(PUBLIC), clients[0].get(PUBLIC, headers=gzip_only)
    with unit_of_work(engine) as session:
        meeting = session.scalars(select(Meeting).where(Meeting.visibility == "public")).first()
        update_meeting(session, LATER, meeting.id, title="Renamed for the gzip")
    first = clients[0].get(
        PUBLIC, headers={**gzip_only, "If-None-Match": old_plain.headers["ETag"]}
    )
    loads = serializations(two_workers[1])
    for client in clients:  # the second reads the first's build from the shared table
        for held in (old_plain, old_encoded):
            plain = client.get(PUBLIC, headers={"If-None-Match": held.headers["ETag"]})
            encoded = client.get(
                PUBLIC, headers={**gzip_only, "If-None-Match": held.headers["ETag"]}
            )
            assert (plain.status_code, encoded.status_code) == (200, 200)
            assert plain.data == fresh(engine) and b"Renamed for the gzip" in plain.data
            assert gzip.decompress(encoded.data) == plain.data
            assert encoded.data == first.data
            assert plain.headers["ETag"] not in (held.headers["ETag"], encoded.headers["ETag"])
            assert encoded.headers["ETag"] == first.headers["ETag"] != old_encoded.headers["ETag"]
    assert loads == [], "the second worker rebuilt instead of reading the shared cache"
    with unit_of_work(engine) as session:
        stored = session.scalars(select(CachedFeed)).one()
        assert (stored.body, stored.body_gzip) == (fresh(engine), first.data)


def test_an_invitation_changes_the_party_feed_in_every_worker(two_workers, demo, engine):
    clients = [app.test_client() for app in two_workers]
    path = party_feed_path("fourth-2020", "BRA")
    with unit_of_work(engine) as session:
        added = add_meeting(session, LATER, conference="fourth-2020", title="Latin American caucus",
                            start="2020-02-05 10:00", end="2020-02-05 11:00",
                            timezone="America/New_York", invite=["MEX"])  # fmt: skip
        added_id = added.id
    before = [client.get(path).data for client in clients]
    assert b"Latin American caucus" not in before[0] and before[0] == before[1]
    invited = Context(actor="tester", clock=lambda: datetime(2020, 1, 23, tzinfo=UTC))
    with unit_of_work(engine) as session:
        update_meeting(session, invited, added_id, invite=["BRA"])
    for client in clients:
        body = client.get(path).data
        assert b"Latin American caucus" in body
        assert body == fresh(engine, party="BRA", public_only=True)


def test_a_new_conference_title_is_never_served_under_the_old_one(two_workers, demo, engine):
    clients = [app.test_client() for app in two_workers]
    old = [client.get(PUBLIC).data for client in clients]
    with unit_of_work(engine) as session:
        conference = session.scalars(select(Conference).filter_by(slug="fourth-2020")).one()
        conference.title = "Fourth Conference (renamed)"
    for client, before in zip(clients, old, strict=True):
        body = client.get(PUBLIC).data
        assert body != before and b"Fourth Conference (renamed)" in body
        assert body == fresh(engine)


def test_a_revoked_token_is_404_although_its_feed_is_cached(two_workers, demo, engine, context):
    clients = [app.test_client() for app in two_workers]
    with unit_of_work(engine) as session:
        contact_id = add_contact(session, context, name="Delegate", party="KAZ").id
        token = issue_feed_token(session, context, contact_id, "fourth-2020").token
    for client in clients:
        response = client.get(private_feed_path(token))
        assert response.status_code == 200
        assert response.data == fresh(engine, contact=contact_id)
    with unit_of_work(engine) as session:
        revoke_feed_tokens(session, context, contact_id)
    for client in clients:
        assert client.get(private_feed_path(token)).status_code == 404
        assert client.head(private_feed_path(token)).status_code == 404


def test_only_the_changed_meeting_is_serialized_again(demo, engine):
    with unit_of_work(engine) as session:
        first = build_feed_incrementally(session, audience(session, "fourth-2020"))
        stored = {row.meeting_id: row.ical for row in session.scalars(select(CachedEvents))}
    assert first == fresh(engine) and len(stored) >= 4
    with unit_of_work(engine) as session:
        changed = session.scalars(select(Meeting).where(Meeting.visibility == "public")).first()
        update_meeting(session, LATER, changed.id, agenda="A new agenda item")
        changed_id = changed.id
    loaded: list[object] = []

    def listen(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().startswith("SELECT meetings.id, meetings.conference_id"):
            values = parameters.values() if isinstance(parameters, dict) else parameters
            loaded.append(list(values))

    event.listen(engine, "before_cursor_execute", listen)
    try:
        with unit_of_work(engine) as session:
            second = build_feed_incrementally(session, audience(session, "fourth-2020"))
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    assert second == fresh(engine) and b"A new agenda item" in second
    assert loaded == [[changed_id]]  # one meeting loaded whole and serialized, the rest reused
    with unit_of_work(engine) as session:
        after = {row.meeting_id: row.ical for row in session.scalars(select(CachedEvents))}
    assert {key for key in stored if stored[key] != after[key]} == {changed_id}


SECRET = "Caucus MkrNarrowed3k"


def restrict(session, meeting_id: int) -> None:
    update_meeting(session, CHANGED, meeting_id, visibility="restricted")


def cancel_and_restrict(session, meeting_id: int) -> None:
    cancel_meeting(session, CHANGED, meeting_id, reason="Moved behind closed doors")
    update_meeting(session, CHANGED, meeting_id, visibility="restricted")


def withdraw_the_invitation(session, meeting_id: int) -> None:
    update_meeting(session, CHANGED, meeting_id, uninvite=["BRA"])


CHANGED = Context(actor="tester", clock=lambda: datetime(2020, 1, 24, 9, 0, tzinfo=UTC))
PUBLIC_FEED: dict[str, object] = {}
BRAZIL_FEED: dict[str, object] = {"party": "BRA", "public_only": True}


def request_feed(cache: FeedCache, engine, who: dict, before_build=lambda: None) -> bytes:
    """What a worker answers for the feed now: its stamp, then the cache (as planner.web.feeds)."""
    with unit_of_work(engine) as session:
        found = audience(session, "fourth-2020", **who)
        stamp = feed_stamp(session, found)

        def build() -> bytes:
            before_build()
            return build_feed_incrementally(session, found)

        identity = f"test|{sorted(who.items())}"
        return cache.feed(identity, stamp.version, stamp.last_modified, build).body


@pytest.mark.parametrize(
    ("change", "who"),
    [
        (restrict, PUBLIC_FEED),
        (cancel_and_restrict, PUBLIC_FEED),
        (withdraw_the_invitation, BRAZIL_FEED),
    ],
    ids=["made restricted", "cancelled and restricted", "invitation withdrawn"],
)
def test_while_one_worker_rebuilds_no_other_serves_a_meeting_the_viewer_may_no_longer_see(
    demo, engine, change, who
):
    """Issue 10: the previous bytes are not served during a rebuild, they may be too wide."""
    clock = SteppingClock(datetime(2020, 1, 24, 10, 0, tzinfo=UTC))
    builder, other = FeedCache(engine, clock), FeedCache(engine, clock)
    with unit_of_work(engine) as session:
        meeting_id = add_meeting(session, LATER, conference="fourth-2020", title=SECRET,
                                 start="2020-02-05 10:00", end="2020-02-05 11:00",
                                 timezone="America/New_York", invite=["BRA", "MEX"]).id  # fmt: skip
    for worker in (builder, other):  # both workers hold the feed that shows the meeting
        assert SECRET.encode() in request_feed(worker, engine, who)
    with unit_of_work(engine) as session:
        change(session, meeting_id)
    building, release = threading.Event(), threading.Event()
    built: list[bytes] = []

    def held_open() -> None:
        building.set()
        assert release.wait(30)

    thread = threading.Thread(
        target=lambda: built.append(request_feed(builder, engine, who, held_open))
    )
    thread.start()
    assert building.wait(30)
    polls: list[float] = []

    def sleep(seconds: float) -> None:
        polls.append(seconds)
        release.set()  # the builder finishes while the other waits for it
        time.sleep(seconds)

    other.sleep = sleep
    try:
        served = request_feed(other, engine, who, lambda: pytest.fail("built twice"))
    finally:
        release.set()
        thread.join(30)
    assert SECRET.encode() not in served
    assert polls, "the other worker did not wait for the build"
    assert served == built[0] == fresh(engine, **who)


def test_without_previous_bytes_the_others_wait_for_the_build(engine):
    clock = SteppingClock(datetime(2020, 1, 21, tzinfo=UTC))
    builder, waiter = FeedCache(engine, clock), FeedCache(engine, clock)
    building, release = threading.Event(), threading.Event()
    results: dict[str, object] = {}

    def slow_build() -> bytes:
        building.set()
        assert release.wait(30)
        return b"first"

    thread = threading.Thread(
        target=lambda: results.update(built=builder.feed("f", "v1", None, slow_build))
    )
    thread.start()
    assert building.wait(30)
    polls: list[float] = []

    def sleep(seconds: float) -> None:
        polls.append(seconds)
        release.set()  # the builder finishes while the other waits

    waiter.sleep = sleep
    waited = waiter.feed("f", "v1", None, lambda: pytest.fail("built twice"))
    thread.join(30)
    assert polls and (waited.etag, waited.body) == ("v1", b"first")
    assert results["built"].body == b"first"
    assert waited.gzipped == results["built"].gzipped  # the builder's, read from the table
    assert gzip.decompress(waited.gzipped) == b"first"


def test_an_abandoned_claim_is_taken_over_after_the_lease(engine):
    clock = SteppingClock(datetime(2020, 1, 21, tzinfo=UTC))
    crashed, other = FeedCache(engine, clock), FeedCache(engine, clock)
    assert crashed.feed("f", "v1", None, lambda: b"one").body == b"one"
    with pytest.raises(RuntimeError):
        crashed.feed("f", "v2", None, lambda: (_ for _ in ()).throw(RuntimeError("boom")))
    # a failed build releases its claim: the next request builds
    assert other.feed("f", "v2", None, lambda: b"two").body == b"two"
    with unit_of_work(engine) as session:  # a claim whose worker died (no release)
        row = session.get(CachedFeed, "f")
        row.building_etag, row.building_since = "v3", clock()
    # within the lease nobody serves v2 instead: a request waits, then builds v3 itself
    impatient = FeedCache(engine, clock, wait_seconds=0.2)
    polls: list[float] = []
    impatient.sleep = lambda seconds: (polls.append(seconds), time.sleep(seconds))
    assert impatient.feed("f", "v3", None, lambda: b"three").body == b"three"
    assert polls, "built at once although the claim was live"
    with unit_of_work(engine) as session:
        row = session.get(CachedFeed, "f")
        row.building_etag, row.building_since = "v4", clock()
    clock.advance(minutes=3)  # past the lease the claim is taken over without waiting
    other.sleep = lambda seconds: pytest.fail("waited for an abandoned claim")
    assert other.feed("f", "v4", None, lambda: b"four").body == b"four"


def test_the_serializer_version_follows_the_output_and_the_tz_database(monkeypatch):
    version.serializer_version.cache_clear()
    today = version.serializer_version()
    monkeypatch.setattr(version, "tz_database_versions", lambda: "tzdata:2099z")
    version.serializer_version.cache_clear()
    other_tz = version.serializer_version()
    monkeypatch.setattr(version, "serialize", lambda header, meetings: b"different output")
    version.serializer_version.cache_clear()
    other_output = version.serializer_version()
    monkeypatch.undo()
    version.serializer_version.cache_clear()
    assert len({today, other_tz, other_output}) == 3
    assert version.serializer_version() == today  # derived, so stable for the same code and data
    assert (
        "tzdata:" in version.tz_database_versions() or "version" in version.tz_database_versions()
    )


def test_a_worker_keeps_the_most_recently_used_feeds_within_its_memory_budget(engine):
    """Feeds over the budget leave oldest-used first; a feed alone over it is served and
    not kept; what is kept is answered without the shared table."""
    clock = SteppingClock(datetime(2020, 1, 21, tzinfo=UTC))
    one_feed = FeedCache(engine, clock).feed("probe", "v1", None, lambda: b"x" * 1000).size
    worker = FeedCache(engine, clock, memory_bytes=2 * one_feed)
    for name in ("a", "b"):
        worker.feed(name, "v1", None, lambda: b"x" * 1000)
    worker.feed("a", "v1", None, lambda: pytest.fail("a is in memory"))  # a used after b
    worker.feed("c", "v1", None, lambda: b"x" * 1000)
    assert sorted(worker.memory) == ["a", "c"]  # b, the least recently used, left
    assert worker.feed("big", "v1", None, lambda: b"y" * 5000).body == b"y" * 5000
    assert "big" not in worker.memory and sorted(worker.memory) == ["a", "c"]
    with unit_of_work(engine) as session:  # what is in memory is answered from it
        session.execute(CachedFeed.__table__.delete())
    assert worker.feed("c", "v1", None, lambda: pytest.fail("c is in memory")).body == b"x" * 1000
