"""The feed revision: replaced in the transaction of every change a feed could show, by
whoever writes, and never by anything else; what a worker remembers by it is never
answered after such a change, on any engine, from any worker."""

import re
import threading
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, event, insert, select, text, update
from sqlalchemy.sql.util import find_tables

from planner.audit import Context
from planner.calendars.addresses import party_feed_path, private_feed_path
from planner.calendars.models import FeedRevision
from planner.calendars.revision import Remembered, data_revision
from planner.calendars.tokens import issue_feed_token
from planner.db import make_engine, unit_of_work
from planner.directory.models import Membership, Party
from planner.directory.operations import add_contact
from planner.meetings.models import Meeting
from planner.meetings.operations import update_meeting
from planner.reference import load_reference
from tests.calendars.conftest import fresh

PUBLIC = "/calendars/fourth-2020.ics"
SEMINAR = b"Seminar on fostering cooperation"
LATER = Context(actor="tester", clock=lambda: datetime(2020, 1, 20, 9, 30, tzinfo=UTC))
CACHES = {"feed_cache", "feed_event_cache", "feed_revision"}  # derived, or the revision itself


def public_meeting_ids(engine: Engine, count: int) -> list[int]:
    with engine.connect() as connection:
        return list(
            connection.scalars(
                select(Meeting.id).where(Meeting.visibility == "public").order_by(Meeting.id)
            )
        )[:count]


def test_a_change_in_plain_sql_by_another_process_shows_in_every_workers_next_answer(
    two_workers, demo, engine
):
    """No planner code, no ORM: a state joining a zone, written by another program, puts
    the zone's meetings into the state's party feed in every worker at once."""
    clients = [app.test_client() for app in two_workers]
    path = party_feed_path("fourth-2020", "ZAF")
    for client in clients:
        for _ in range(2):  # the second from the worker's memory, by the revision
            assert SEMINAR not in client.get(path).data
    other_process = make_engine(str(engine.url.render_as_string(hide_password=False)))
    with other_process.begin() as connection:
        ids = dict(connection.execute(select(Party.code, Party.id)).all())
        connection.execute(
            insert(Membership).values(
                state_id=ids["ZAF"],
                zone_id=ids["SEMIPALATINSK"],
                role="party",
                as_of=date(2020, 1, 20),
                source="test",
            )
        )
    other_process.dispose()
    for client in clients:
        body = client.get(path).data
        assert SEMINAR in body
        assert body == fresh(engine, party="ZAF", public_only=True)


def test_the_revision_moves_with_each_committed_change_and_only_then(two_workers, demo, engine):
    client = two_workers[0].test_client()
    first = data_revision(engine)
    assert re.fullmatch("[0-9a-f]{32}", first)
    assert client.get(PUBLIC).status_code == 200  # building and storing feeds changes nothing
    assert data_revision(engine) == first
    meeting_id = public_meeting_ids(engine, 1)[0]
    with engine.connect() as connection:
        connection.execute(update(Meeting).where(Meeting.id == meeting_id).values(title="Never"))
        connection.rollback()
    assert data_revision(engine) == first
    seen = {first}
    for minute, title in ((1, "Once"), (2, "Twice")):
        at = Context(actor="tester", clock=lambda m=minute: datetime(2020, 1, 21, 9, m, tzinfo=UTC))
        with unit_of_work(engine) as session:
            update_meeting(session, at, meeting_id, title=title)
        seen.add(data_revision(engine))
        assert title.encode() in client.get(PUBLIC).data
    assert len(seen) == 3


def tables_read(app, action) -> set[str]:
    """The tables named by the statements the app runs (its two engines) during ``action``."""
    read: set[str] = set()

    def listen(conn, clauseelement, multiparams, params, execution_options):
        read.update(
            table.name for table in find_tables(clauseelement, include_crud=True) if table.name
        )

    web = app.extensions["planner"]
    for each in (web.engine, web.answered.engine):
        event.listen(each, "before_execute", listen)
    try:
        action()
    finally:
        for each in (web.engine, web.answered.engine):
            event.remove(each, "before_execute", listen)
    return read


def watched_tables(engine: Engine) -> dict[str, set[str]]:
    """Each table whose triggers replace the revision, with the operations they fire on,
    read from the database's own catalog."""
    watched: dict[str, set[str]] = {}
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            for table, sql in connection.execute(
                text("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
            ):
                found = re.search(r"AFTER (INSERT|UPDATE|DELETE) ON", sql)
                if found and "UPDATE feed_revision SET revision" in sql:
                    watched.setdefault(table, set()).add(found.group(1))
            return watched
        rows = connection.execute(
            text(
                "SELECT c.relname, t.tgtype, t.tgdeferrable, t.tginitdeferred"
                " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " JOIN pg_proc p ON p.oid = t.tgfoid WHERE p.proname = 'feed_revision_replace'"
            )
        )
        for table, kind, deferrable, deferred in rows:
            assert deferrable and deferred, f"{table}: its trigger must run at COMMIT"
            bits = {"INSERT": 4, "DELETE": 8, "UPDATE": 16}
            watched[table] = {name for name, bit in bits.items() if kind & bit}
    return watched


def test_every_table_a_feed_is_made_from_replaces_the_revision_on_every_change(
    two_workers, demo, engine, context
):
    """The fast answer is right only if nothing a feed reads can change without the
    revision: every feed, in two languages, computed and built afresh after a change."""
    with unit_of_work(engine) as session:
        contact_id = add_contact(session, context, name="Delegate", party="KAZ").id
        token = issue_feed_token(session, context, contact_id, "fourth-2020").token
    with unit_of_work(engine) as session:
        update_meeting(session, LATER, public_meeting_ids(engine, 1)[0], title="Moved on")
    app = two_workers[0]
    client = app.test_client()
    paths = [PUBLIC, party_feed_path("fourth-2020", "MNG"), private_feed_path(token)]

    def every_feed() -> None:
        for path in paths:
            for language in ("en", "fr"):
                assert client.get(f"{path}?lang={language}").status_code == 200

    read = tables_read(app, every_feed) - CACHES
    assert {"meetings", "meeting_overrides", "conferences", "feed_tokens"} <= read
    watched = watched_tables(engine)
    for table in read:
        assert watched.get(table) == {"INSERT", "UPDATE", "DELETE"}, table


def test_writers_in_opposite_orders_do_not_deadlock_on_the_revision(demo, engine):
    """On PostgreSQL the revision is written at COMMIT: one writer waiting for another's
    meeting does not hold the revision's row meanwhile (which would deadlock the two)."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    first_id, second_id = public_meeting_ids(engine, 2)
    before = data_revision(engine)

    def rename(connection, meeting_id: int, title: str) -> None:
        connection.execute(update(Meeting).where(Meeting.id == meeting_id).values(title=title))

    one, other = engine.connect(), engine.connect()
    for connection in (one, other):  # a writer waiting for the revision's row fails, not hangs
        connection.exec_driver_sql("SET lock_timeout = '3s'")
    rename(one, first_id, "One first")
    try:
        rename(other, second_id, "Other first")
    except BaseException:
        one.close()
        other.close()
        raise
    failures: list[BaseException] = []

    def then_the_others_meeting() -> None:
        try:
            rename(one, second_id, "One second")  # waits for the other's row lock
            one.commit()
        except BaseException as error:
            failures.append(error)

    waiting = threading.Thread(target=then_the_others_meeting)
    waiting.start()
    waiting.join(0.5)
    assert waiting.is_alive(), "the first writer did not wait for the second's meeting"
    other.commit()  # its trigger writes the revision while the first one waits
    waiting.join(10)
    one.close()
    other.close()
    assert not waiting.is_alive() and failures == []
    with engine.connect() as connection:
        titles = dict(
            connection.execute(
                select(Meeting.id, Meeting.title).where(Meeting.id.in_([first_id, second_id]))
            ).all()
        )
        assert titles == {first_id: "One first", second_id: "One second"}
        assert connection.scalar(select(FeedRevision.revision)) != before


def test_a_connection_the_server_closed_costs_no_failed_feed_request(two_workers, demo, engine):
    """The revision is read without pre-ping: a closed connection is replaced and the read
    tried again, so a server restart or an idle time-out fails no request."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no server to close connections")
    app = two_workers[0]
    client = app.test_client()
    etag = client.get(PUBLIC).headers["ETag"]
    revisions = app.extensions["planner"].answered.engine
    with revisions.connect() as connection:  # the pooled connection the reads use
        pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
    response = client.get(PUBLIC, headers={"If-None-Match": etag})
    assert response.status_code == 304


def test_reloading_the_demo_keeps_the_revision_and_moves_it(two_workers, demo, engine):
    """``planner demo --reset`` empties every table but the revision's."""
    client = two_workers[0].test_client()
    before = data_revision(engine)
    assert client.get(PUBLIC).status_code == 200
    with unit_of_work(engine) as session:
        load_reference(session, LATER, reset=True)
    assert data_revision(engine) != before
    renewed = client.get(PUBLIC)
    assert renewed.status_code == 200
    assert renewed.data == fresh(engine)


def test_a_worker_remembers_answers_for_their_revision_and_a_bounded_number_of_addresses(engine):
    remembered: Remembered[int] = Remembered(engine, addresses=2)
    remembered.remember("a", "one", 1)
    remembered.remember("b", "one", 2)
    assert remembered.get("a", "two") is None  # computed at another revision
    assert remembered.get("a", "one") == 1  # now the most recently asked for
    remembered.remember("c", "one", 3)
    assert remembered.get("b", "one") is None
    assert (remembered.get("a", "one"), remembered.get("c", "one")) == (1, 3)
    assert remembered.revision() == data_revision(engine)
