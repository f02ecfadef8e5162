"""Private feed tokens: the secret in a contact's private calendar address.

Only a hash of each token is stored (see :mod:`planner.calendars.tokens`); a
revoked token is kept, with the time it was revoked, as the record of who could
read what until when. A contact has at most one live token per conference.
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, text
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
