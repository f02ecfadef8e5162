"""Who a meeting reaches: invitees given as party codes or contact ids, and zones expanded.

A zone invites its states, so "same parties" compares the expanded sets.
"""

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.directory.models import Contact, Membership, Party
from planner.directory.operations import contact_by_id, party_by_code
from planner.errors import NotFound


def resolve(session: Session, value: str, field: str = "invite") -> Party | Contact:
    """A party code (``MNG``, ``SEMIPALATINSK``, ``IAEA``) or a contact id (``12``)."""
    text = (value or "").strip()
    if text.isdigit():
        try:
            return contact_by_id(session, int(text), field)
        except NotFound:
            raise NotFound(field=field, code="contact.unknown", value=text) from None
    return party_by_code(session, text, field)


def with_own_zones(session: Session, party_ids: Iterable[int]) -> set[int]:
    """The parties plus every zone a state among them belongs to (whose invitations reach it)."""
    ids = set(party_ids)
    if not ids:
        return ids
    zones = session.scalars(select(Membership.zone_id).where(Membership.state_id.in_(ids)))
    return ids | set(zones)
