"""Issuing, revoking and checking the tokens of private feeds.

A token is 256 random bits (``secrets.token_urlsafe(32)``), shown once when it is
issued and stored only as its SHA-256: with that much entropy a plain hash cannot
be reversed by guessing, so a slow password hash would only slow every calendar
poll down. A request's token is looked up by its hash (an index, not a scan) and
the stored hash is then compared with :func:`hmac.compare_digest`. Issuing a new
token for a contact and conference revokes the previous one, so a leaked address
is closed by re-issuing.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from planner import audit
from planner.audit import Context
from planner.calendars.models import FeedToken
from planner.conferences.models import Conference
from planner.conferences.operations import conference_by_slug
from planner.directory.models import Contact
from planner.errors import Conflict, NotFound, ValidationError

TOKEN_BYTES = 32
LONGEST_TOKEN = 128  # anything longer is not ours: refused before hashing


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    """A new token: ``token`` exists only here and in the address given to the contact."""

    token: str
    record: FeedToken


def _contact(session: Session, contact_id: int | str, lock: bool = False) -> Contact:
    try:
        number = int(contact_id)
    except (TypeError, ValueError):
        raise ValidationError(
            field="contact", code="contact.malformed_id", value=contact_id
        ) from None
    # the row lock makes concurrent issues for one contact queue (PostgreSQL)
    contact = session.get(Contact, number, with_for_update=lock or None)
    if contact is None:
        raise NotFound(field="contact", code="contact.unknown_id", id=number)
    return contact


def latest_conference(session: Session) -> Conference:
    """The conference starting last: the one being prepared when none is named."""
    conference = session.scalar(
        select(Conference).order_by(Conference.start_date.desc(), Conference.id.desc()).limit(1)
    )
    if conference is None:
        raise NotFound(field="conference", code="conference.none_yet")
    return conference


def _live(session: Session, contact: Contact, conference: Conference | None) -> list[FeedToken]:
    query = select(FeedToken).where(
        FeedToken.contact_id == contact.id, FeedToken.revoked_at.is_(None)
    )
    if conference is not None:
        query = query.where(FeedToken.conference_id == conference.id)
    return list(session.scalars(query.order_by(FeedToken.id)))


def _revoke(session: Session, context: Context, token: FeedToken) -> None:
    before = _public_snapshot(token)
    token.revoked_at = context.now()
    session.flush()
    audit.record(
        session, context, "revoke", "feed_token", token.id, before, _public_snapshot(token)
    )


def _public_snapshot(token: FeedToken) -> dict[str, Any]:
    """The audit's view of a token: never the hash (it would confirm a stolen token)."""
    snapshot = audit.snapshot(token)
    snapshot.pop("token_hash")
    return snapshot


def issue_feed_token(
    session: Session, context: Context, contact_id: int | str, conference: str | None = None
) -> IssuedToken:
    """A new private feed token for the contact (the previous live one is revoked)."""
    contact = _contact(session, contact_id, lock=True)
    record = conference_by_slug(session, conference) if conference else latest_conference(session)
    for old in _live(session, contact, record):
        _revoke(session, context, old)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    issued = FeedToken(
        contact=contact,
        conference=record,
        token_hash=token_digest(token),
        issued_at=context.now(),
    )
    session.add(issued)
    session.flush()
    audit.record(session, context, "issue", "feed_token", issued.id, after=_public_snapshot(issued))
    return IssuedToken(token, issued)


def revoke_feed_tokens(
    session: Session, context: Context, contact_id: int | str, conference: str | None = None
) -> list[FeedToken]:
    """Revoke the contact's live tokens (for one conference when given); refused if none."""
    contact = _contact(session, contact_id, lock=True)
    record = conference_by_slug(session, conference) if conference else None
    live = _live(session, contact, record)
    if not live:
        if record is None:
            raise Conflict(field="contact", code="feed.no_live_token", contact=contact.id)
        raise Conflict(
            field="contact",
            code="feed.no_live_token_for",
            contact=contact.id,
            conference=record.slug,
        )
    for token in live:
        _revoke(session, context, token)
    return live


def live_feed_tokens(session: Session, contact_id: int | str) -> list[FeedToken]:
    contact = _contact(session, contact_id)
    return _live(session, contact, None)


def token_holder(session: Session, token: str) -> FeedToken | None:
    """The live token record for a presented token, or None (unknown, revoked, malformed)."""
    if not token or len(token) > LONGEST_TOKEN:
        return None
    presented = token_digest(token)
    record = session.scalar(
        select(FeedToken)
        .where(FeedToken.token_hash == presented)
        .options(joinedload(FeedToken.conference))
    )
    if record is None or record.revoked_at is not None:
        return None
    if not hmac.compare_digest(record.token_hash, presented):
        return None
    return record
