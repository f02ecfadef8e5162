"""What a feed's address answered, kept by a worker while the data's revision stands.

A subscriber's calendar polls an unchanged feed over and over. Computing the feed's
validators costs the audience (conference, party or token, visibility), the stamp
query over the feed's meetings and a transaction around them; on PostgreSQL some
five round trips per request, which bounded the unchanged feed at the rate of its
stamp. The ``feed_revision`` row (:class:`planner.calendars.models.FeedRevision`)
is replaced by triggers in the transaction of every change a feed could show, so
while it reads the same, every feed is what it was: a worker that remembers what an
address answered at that revision answers the same after one indexed read, in
autocommit (no BEGIN, no ROLLBACK), with no ORM objects loaded.

Never stale: the revision is read before anything the answer is made from, so what
is remembered under a revision is at least as new as that revision; a change
committed before a request began has replaced the value that request reads, and the
request then computes its answer afresh.

The revision is read on an engine of its own, without the pool's pre-ping (a round
trip of its own on every request): a connection that the server closed meanwhile
(a restart, an idle time-out) fails the read once, SQLAlchemy then invalidates the
pool's older connections, and the read is tried again on a new one.
"""

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

from sqlalchemy import Engine, exc, select

from planner.calendars.models import FeedRevision

Value = TypeVar("Value")
ADDRESSES = 4096  # addresses remembered per worker, the least recently asked for forgotten


def data_revision(engine: Engine) -> str:
    """The current revision; ``engine`` in autocommit, so that the read is one statement."""
    statement = select(FeedRevision.revision).where(FeedRevision.id == 1)
    try:
        with engine.connect() as connection:
            return connection.execute(statement).scalar_one()
    except exc.DBAPIError as error:
        if not error.connection_invalidated:
            raise
    with engine.connect() as connection:  # a new connection: the old one was gone
        return connection.execute(statement).scalar_one()


class Remembered(Generic[Value]):
    """Per worker: a value per address, each valid at the revision it was computed at.

    Locked: ``planner serve`` answers in threads, and one thread's eviction between
    another's lookup and its move to the end would be a KeyError.
    """

    def __init__(self, engine: Engine, addresses: int = ADDRESSES):
        self.engine = engine
        self.addresses = addresses
        self.values: OrderedDict[Hashable, tuple[str, Value]] = OrderedDict()
        self.lock = threading.Lock()

    def revision(self) -> str:
        return data_revision(self.engine)

    def get(self, address: Hashable, revision: str) -> Value | None:
        """What ``address`` answered at ``revision``, if that is when it was computed."""
        with self.lock:
            held = self.values.get(address)
            if held is None or held[0] != revision:
                return None
            self.values.move_to_end(address)
            return held[1]

    def remember(self, address: Hashable, revision: str, value: Value) -> None:
        """``value``, computed from data read after ``revision`` was."""
        with self.lock:
            self.values[address] = (revision, value)
            self.values.move_to_end(address)
            while len(self.values) > self.addresses:
                self.values.popitem(last=False)
