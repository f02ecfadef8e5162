"""Private feed tokens, and the feed cache every web worker shares.

Private feed tokens: the secret in a contact's private calendar address. Only a
hash of each token is stored (see :mod:`planner.calendars.tokens`); a revoked
token is kept, with the time it was revoked, as the record of who could read what
until when. A contact has at most one live token per conference.

The cache (see :mod:`planner.calendars.cache`) holds derived bytes only: emptying
its tables loses nothing but the time to build them again.
"""

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.conferences.models import Conference
from planner.db import Base, UTCDateTime
from planner.directory.models import Contact


class FeedToken(Base):
    __tablename__ = "feed_tokens"
    __table_args__ = (
        CheckConstraint("length(token_hash) = 64", name="token_hash_is_sha256_hex"),
        CheckConstraint(
            "revoked_at IS NULL OR revoked_at >= issued_at", name="revoked_after_issue"
        ),
        Index(
            "uq_feed_tokens_live_per_contact_and_conference",
            "contact_id",
            "conference_id",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), index=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    contact: Mapped[Contact] = relationship()
    conference: Mapped[Conference] = relationship()


class CachedFeed(Base):
    """The latest bytes built of one feed, and who is building a newer version.

    ``etag`` is the entity tag of ``body`` (it names the serializer's version, the
    feed's identity and the data's stamp), ``body_gzip`` its gzip (made once, when
    ``body`` is built); ``building_etag`` and ``building_since`` are a worker's claim
    to build that version, so that the others wait for it instead of building it too.
    """

    __tablename__ = "feed_cache"
    __table_args__ = (
        CheckConstraint("(etag IS NULL) = (body IS NULL)", name="body_has_its_etag"),
        CheckConstraint(
            "(building_etag IS NULL) = (building_since IS NULL)", name="claim_has_its_time"
        ),
        CheckConstraint("(body IS NULL) = (body_gzip IS NULL)", name="body_has_its_gzip"),
    )

    identity: Mapped[str] = mapped_column(String(200), primary_key=True)
    etag: Mapped[str | None] = mapped_column(String(64))
    last_modified: Mapped[datetime | None] = mapped_column(UTCDateTime)
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
    body_gzip: Mapped[bytes | None] = mapped_column(LargeBinary)  # gzip of body, served as such
    building_etag: Mapped[str | None] = mapped_column(String(64))
    building_since: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CachedEvents(Base):
    """One meeting's VEVENT bytes as the serializer wrote them, for its revision.

    A row is current while the meeting's ``last_modified`` and ``sequence`` and the
    serializer's version are those it was built for; the feed of any audience can
    reuse it (a meeting's events say the same in every feed of the same language).
    Each language has its own row: a French feed's events carry the French title.
    """

    __tablename__ = "feed_event_cache"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    serializer_version: Mapped[str] = mapped_column(String(64))
    last_modified: Mapped[datetime] = mapped_column(UTCDateTime)
    sequence: Mapped[int] = mapped_column(Integer)
    ical: Mapped[bytes] = mapped_column(LargeBinary)
    zones: Mapped[str] = mapped_column(Text)  # "tzid first-year last-year" lines


class FeedRevision(Base):
    """A value that every committed change a feed could show has replaced.

    Database triggers (migration 0018) replace it, with a random one, in the
    transaction of the change, on
    every table a feed or its validators are made from, whoever writes (the web, the
    CLI, another process, plain SQL). A worker that knows what a feed's address
    answered at this revision may answer the same while the value is unchanged,
    reading this one row instead of computing the feed's stamp
    (:mod:`planner.calendars.revision`).
    """

    __tablename__ = "feed_revision"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    # random, not a counter: a database put back from a backup and changed again must
    # not come to a value a worker remembers for other data
    revision: Mapped[str] = mapped_column(String(32))
