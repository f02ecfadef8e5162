"""Who is told about a meeting: the contacts invited directly and those of the invited
parties (a zone invites its states), each with an address and not opted out.

Whether a person may learn of a restricted meeting is :mod:`planner.visibility`'s
answer, asked for each of them; nothing here decides it.
"""

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from planner import visibility
from planner.directory.models import Contact, Membership
from planner.meetings.models import Meeting


def recipients(session: Session, meeting: Meeting) -> list[Contact]:
    """The people an invitation to ``meeting`` goes to, by id."""
    direct = {i.contact_id for i in meeting.invitations if i.contact_id is not None}
    parties = {i.party_id for i in meeting.invitations if i.party_id is not None}
    if parties:
        states = session.scalars(select(Membership.state_id).where(Membership.zone_id.in_(parties)))
        parties |= set(states)
    if not direct and not parties:
        return []
    people = list(
        session.scalars(
            select(Contact)
            .where(
                or_(Contact.id.in_(direct), Contact.party_id.in_(parties)),
                Contact.email.is_not(None),
                Contact.mail_opt_out.is_(False),
            )
            .order_by(Contact.id)
        )
    )
    seeing = visibility.contacts_seeing(session, meeting, [person.id for person in people])
    return [person for person in people if person.id in seeing]
