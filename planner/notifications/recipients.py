"""Who is told about a meeting: the contacts invited directly and those of the invited
parties (a zone invites its states), each with an address and not opted out.

Whether a person may learn of a restricted meeting is :mod:`planner.visibility`'s
answer (:func:`~planner.visibility.contact_sees`); nothing here decides it.
"""

from collections.abc import Iterable

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import Session

from planner import visibility
from planner.directory.models import Contact, Membership
from planner.meetings.models import Meeting


def recipients_query(meeting: Meeting) -> Select[Contact] | None:
    """The people an invitation to ``meeting`` goes to, as one query (the zones' member
    states and the visibility rule are subqueries of it), or None when it invites nobody:
    scheduling a meeting for hundreds of people costs no round trip per person or per step,
    and the outbox can use it as a subquery rather than a list of hundreds of ids."""
    direct = {i.contact_id for i in meeting.invitations if i.contact_id is not None}
    parties = {i.party_id for i in meeting.invitations if i.party_id is not None}
    if not direct and not parties:
        return None
    invited: list[ColumnElement[bool]] = []
    if direct:
        invited.append(Contact.id.in_(direct))
    if parties:
        states = select(Membership.state_id).where(Membership.zone_id.in_(parties))
        invited += [Contact.party_id.in_(parties), Contact.party_id.in_(states)]
    return select(Contact).where(or_(*invited), *_mailable(), visibility.contact_sees(meeting))


def _mailable() -> tuple[ColumnElement[bool], ...]:
    """Contacts e-mail may go to: with an address, not opted out."""
    return Contact.email.is_not(None), Contact.mail_opt_out.is_(False)


def mailable(contact_ids: Iterable[int]) -> Select[Contact]:
    """These contacts, those e-mail may go to: whom a meeting no longer includes is told
    so, though no longer among its recipients."""
    return select(Contact).where(Contact.id.in_(set(contact_ids)), *_mailable())


def recipients(session: Session, meeting: Meeting) -> list[Contact]:
    """The people an invitation to ``meeting`` goes to, by id."""
    query = recipients_query(meeting)
    return [] if query is None else list(session.scalars(query.order_by(Contact.id)))
