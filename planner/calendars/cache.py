"""The feed cache: a layer around the one serializer, shared by every worker through the database.

A calendar feed of 10,000 meetings costs seconds to build and every subscriber
polls it. Two levels keep that cost to the meetings that changed:

- **Whole feeds** (:class:`FeedCache`, table ``feed_cache``): the bytes of each
  feed under the entity tag that names them (serializer version, feed identity,
  data stamp). After a change the first request claims the rebuild; the others
  wait for it (past :data:`WAIT_SECONDS` a waiter builds the feed itself). They
  never answer with the previous bytes meanwhile: the change may have narrowed
  what the feed's viewer may see (a meeting made restricted, an invitation
  withdrawn), and the previous bytes would show it for as long as the rebuild
  takes. Whether a change narrowed the visible set cannot be told from the stamp
  alone (a meeting leaving and another arriving keep the count), and a rebuild
  serializes only the changed meetings, so waiting is short and always right.
  Each worker also keeps recent feeds in memory, checked against the tag of
  every request, so an unchanged feed costs one stamp query and no read of its
  bytes. Each feed is stored with its gzip, made once by the worker that built it.
- **Events** (:func:`build_feed_incrementally`, table ``feed_event_cache``): each meeting's
  VEVENT bytes in each language for its revision (``last_modified``, ``sequence``)
  and the serializer's version. A rebuild serializes only the meetings whose revision
  moved and assembles the rest from their stored bytes, in the feed's order.

Cache rows are written in their own short transactions on the session's engine,
not in the request's: a claim must be visible to the other workers at once, and a
request that ends without committing must not take a built feed with it.
"""

import gzip
import hashlib
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from operator import attrgetter
from typing import Any

from cachetools import LRUCache
from sqlalchemy import Connection, Engine, Row, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from planner.calendars.feeds import Audience, feed_loading, feed_selection, header
from planner.calendars.models import CachedEvents, CachedFeed
from planner.calendars.serializer import EventBlock, assemble, event_block, with_alarms
from planner.calendars.version import serializer_version
from planner.i18n import DEFAULT_LOCALE
from planner.meetings.models import Meeting

LEASE = timedelta(minutes=2)  # a claim older than this is abandoned: another worker takes over
# how long to wait for another worker's build before building here: below gunicorn's
# default worker timeout (30 s), so that a waiter behind a dead claim is not killed
WAIT_SECONDS = 20.0
POLL_SECONDS = 0.05
MEMORY_BYTES = 64 * 1024 * 1024  # per worker
LOAD_CHUNK = 500  # meetings loaded per query when their events must be built
# zlib's default: 10,000 meetings (7.1 MB) give 232 kB in about 80 ms, built once per
# version; level 1 is three times faster but a third larger, level 9 twice as slow for 6 % less
GZIP_LEVEL = 6


@dataclass(frozen=True)
class FeedBytes:
    """A feed's bytes, their gzip, and the validators that belong to exactly these bytes.

    The gzip is made once per version, by the worker that builds the bytes, and stored
    beside them: calendar clients send ``Accept-Encoding: gzip``, and a feed of 10,000
    meetings is some 7 MB as text but about 30 times less compressed, which is what
    limits how many full responses a server can send.
    """

    etag: str
    last_modified: datetime | None
    body: bytes
    gzipped: bytes

    @classmethod
    def compressing(cls, etag: str, last_modified: datetime | None, body: bytes) -> "FeedBytes":
        # mtime=0: the same bytes always give the same gzip (no build time in its header)
        return cls(etag, last_modified, body, gzip.compress(body, GZIP_LEVEL, mtime=0))

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped)


class FeedCache:
    """Whole feeds by identity: this worker's memory first, then the shared table, then a build."""

    def __init__(
        self,
        engine: Engine,
        clock: Callable[[], datetime],
        memory_bytes: int = MEMORY_BYTES,
        sleep: Callable[[float], None] = time.sleep,
        wait_seconds: float = WAIT_SECONDS,
    ):
        self.engine = engine
        self.clock = clock
        self.sleep = sleep
        self.wait_seconds = wait_seconds
        # Least recently used first out, by size. Locked: ``planner serve`` answers in
        # threads, and an eviction between another thread's look-up and its use of the
        # entry would fail that thread's request.
        self.memory: LRUCache[str, FeedBytes] = LRUCache(memory_bytes, getsizeof=attrgetter("size"))
        self.memory_lock = threading.Lock()

    def feed(
        self,
        identity: str,
        etag: str,
        last_modified: datetime | None,
        build: Callable[[], bytes],
    ) -> FeedBytes:
        """The feed tagged ``etag``: from memory, the shared table, or built (here or by
        the worker that claimed the build, which this one then waits for).

        ``etag`` and ``last_modified`` are the current data's validators; ``build``
        makes the bytes they stand for. Never the bytes of another tag: those may
        show meetings the viewer may no longer see.
        """
        with self.memory_lock:
            held = self.memory.get(identity)
        if held is not None and held.etag == etag:
            return held
        found = self._stored(identity, etag)
        if found is None:
            try:
                found = FeedBytes.compressing(etag, last_modified, build())
            except BaseException:
                self._release(identity, etag)
                raise
            self._store(identity, found)
        return self._remember(identity, found)

    def _stored(self, identity: str, etag: str) -> FeedBytes | None:
        """The stored feed tagged ``etag``, waiting while another worker builds it; None
        when this worker is to build it (it holds the claim, or waited long enough)."""
        give_up = time.monotonic() + self.wait_seconds
        while True:
            row = self._validators(identity)
            if row is not None and row.etag == etag:
                found = self._read(identity, etag, row.last_modified)
                if found is not None:
                    return found
                continue  # replaced meanwhile: look again
            if self._claim(identity, etag, exists=row is not None):
                return None
            self.sleep(POLL_SECONDS)
            if time.monotonic() > give_up:  # the builder is slow or gone: build it here
                return None

    def _validators(self, identity: str) -> Row[str | None, datetime | None] | None:
        """The stored feed's tag and Last-Modified (without its bytes, which may be large)."""
        with self.engine.connect() as connection:
            return connection.execute(
                select(CachedFeed.etag, CachedFeed.last_modified).where(
                    CachedFeed.identity == identity
                )
            ).one_or_none()

    def _read(self, identity: str, etag: str, last_modified: datetime | None) -> FeedBytes | None:
        """The stored bytes and their gzip if they are still those tagged ``etag``."""
        with self.engine.connect() as connection:
            row = connection.execute(
                select(CachedFeed.body, CachedFeed.body_gzip).where(
                    CachedFeed.identity == identity, CachedFeed.etag == etag
                )
            ).one_or_none()
        if row is None or row.body is None or row.body_gzip is None:
            return None
        return FeedBytes(etag, last_modified, row.body, row.body_gzip)

    def _claim(self, identity: str, etag: str, exists: bool) -> bool:
        """Whether this worker may build ``etag`` now (nobody else is, or their claim expired)."""
        now = self.clock()
        with self.engine.begin() as connection:
            if not exists:
                return _insert_if_absent(
                    connection, identity, building_etag=etag, building_since=now
                )
            claimed = connection.execute(
                update(CachedFeed)
                .where(
                    CachedFeed.identity == identity,
                    or_(CachedFeed.etag.is_(None), CachedFeed.etag != etag),  # not built meanwhile
                    or_(
                        CachedFeed.building_etag.is_(None),
                        CachedFeed.building_since < now - LEASE,
                    ),
                )
                .values(building_etag=etag, building_since=now)
            )
            return claimed.rowcount == 1

    def _store(self, identity: str, built: FeedBytes) -> None:
        """Share the built feed with the other workers (and end this worker's claim)."""
        with self.engine.begin() as connection:
            values = {
                "etag": built.etag,
                "last_modified": built.last_modified,
                "body": built.body,
                "body_gzip": built.gzipped,
                "building_etag": None,
                "building_since": None,
            }
            stored = connection.execute(
                update(CachedFeed).where(CachedFeed.identity == identity).values(**values)
            )
            if stored.rowcount == 0:  # emptied meanwhile
                _insert_if_absent(connection, identity, **values)

    def _release(self, identity: str, etag: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                update(CachedFeed)
                .where(CachedFeed.identity == identity, CachedFeed.building_etag == etag)
                .values(building_etag=None, building_since=None)
            )

    def _remember(self, identity: str, feed: FeedBytes) -> FeedBytes:
        """Keep ``feed`` in this worker's memory, unless it alone is over the budget."""
        if feed.size <= self.memory.maxsize:
            with self.memory_lock:
                self.memory[identity] = feed
        return feed


def _insert(connection: Connection, table: type) -> postgresql.Insert | sqlite.Insert:
    """INSERT with ON CONFLICT, which both engines spell the same way in SQLAlchemy."""
    if connection.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def _insert_if_absent(connection: Connection, identity: str, **values: Any) -> bool:
    """Insert the row unless another worker just did (then: False)."""
    statement = _insert(connection, CachedFeed).values(identity=identity, **values)
    # RETURNING, not rowcount: psycopg with SQLAlchemy 2.1 reports -1 for this INSERT
    inserted = statement.on_conflict_do_nothing().returning(CachedFeed.identity)
    return connection.execute(inserted).first() is not None


def build_feed_incrementally(
    session: Session, audience: Audience, language: str = DEFAULT_LOCALE
) -> bytes:
    """The audience's feed in ``language``, byte for byte what
    :func:`planner.calendars.feeds.build_feed` gives, serializing only the meetings whose
    events are not stored in that language for their revision."""
    organizer = audience.conference.secretariat_email
    version = _events_version(serializer_version(), organizer)
    selection = feed_selection(audience)
    revisions = session.execute(
        selection.with_only_columns(
            Meeting.id, Meeting.last_modified, Meeting.sequence, Meeting.is_sample
        )
    ).all()
    stored = {
        row.meeting_id: row
        for row in session.execute(
            select(
                CachedEvents.meeting_id,
                CachedEvents.last_modified,
                CachedEvents.sequence,
                CachedEvents.ical,
                CachedEvents.zones,
            ).where(
                CachedEvents.meeting_id.in_(
                    selection.with_only_columns(Meeting.id).order_by(None).scalar_subquery()
                ),
                CachedEvents.language == language,
                CachedEvents.serializer_version == version,
            )
        )
    }
    blocks: dict[int, EventBlock] = {}
    stale = []
    for meeting in revisions:
        row = stored.get(meeting.id)
        if row is None or (row.last_modified, row.sequence) != (
            meeting.last_modified,
            meeting.sequence,
        ):
            stale.append(meeting.id)
        else:
            blocks[meeting.id] = EventBlock(row.ical, _parse_zones(row.zones))
    blocks.update(_build_events(session, stale, version, organizer, language))
    sample = any(meeting.is_sample for meeting in revisions)
    return assemble(
        header(audience, sample, language),
        [with_alarms(blocks[meeting.id], audience.alarms, language) for meeting in revisions],
    )


def _events_version(serializer: str, organizer: str) -> str:
    """Stored events hold for the serializer's version and the feed's fallback ORGANIZER
    (the conference's secretariat address, named by events without an organizer of their
    own): a new address must not be served from events written with the old one."""
    return hashlib.sha256(f"{serializer}|{organizer}".encode()).hexdigest()


def _build_events(
    session: Session, ids: list[int], version: str, organizer: str, language: str
) -> dict[int, EventBlock]:
    """Serialize these meetings' events in ``language`` and store them for their revision."""
    built: dict[int, EventBlock] = {}
    shared: dict[tuple[Any, ...], Any] = {}
    rows = []
    for start in range(0, len(ids), LOAD_CHUNK):
        chunk = ids[start : start + LOAD_CHUNK]
        meetings = session.scalars(
            select(Meeting).where(Meeting.id.in_(chunk)).options(*feed_loading(language))
        )
        for meeting in meetings:
            block = built[meeting.id] = event_block(meeting, organizer, shared, language=language)
            rows.append(
                {
                    "meeting_id": meeting.id,
                    "language": language,
                    "serializer_version": version,
                    "last_modified": meeting.last_modified,
                    "sequence": meeting.sequence,
                    "ical": block.ical,
                    "zones": _format_zones(block.zones),
                }
            )
    if rows:
        bind = session.get_bind()  # stored in a transaction of its own: a GET commits nothing
        engine = bind if isinstance(bind, Engine) else bind.engine
        with engine.begin() as connection:
            statement = _insert(connection, CachedEvents)
            key = ("meeting_id", "language")
            replace = {name: statement.excluded[name] for name in rows[0] if name not in key}
            connection.execute(
                statement.on_conflict_do_update(index_elements=list(key), set_=replace), rows
            )
    return built


def _format_zones(zones: Iterable[tuple[str, int, int]]) -> str:
    return "\n".join(f"{tzid} {first} {last}" for tzid, first, last in zones)


@lru_cache(maxsize=4096)
def _parse_zones(text: str) -> tuple[tuple[str, int, int], ...]:
    """Memoized: a rebuild reads every stored event's zones, and most events share a few
    texts (10,000 meetings in five zones: parsing each took a sixth of the response after
    one change)."""
    zones = []
    for line in text.splitlines():
        tzid, first, last = line.split(" ")
        zones.append((tzid, int(first), int(last)))
    return tuple(zones)
