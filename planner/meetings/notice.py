"""Who is told when a meeting changes: for now, its invitees.

The confirmation page of a destructive action shows this list before anything is done.
It is the one place to ask: once the outbox sends invitations, the notifications feature
answers here with the addresses it will actually write to.
"""

from planner.directory.models import Contact, Party
from planner.meetings.models import Meeting


def who_will_be_told(meeting: Meeting) -> list[Party | Contact]:
    """The parties and contacts invited to the meeting (a zone stands for its states, as in
    :mod:`planner.visibility`); subscribers who may see the meeting see it in their feeds."""
    told: list[Party | Contact] = []
    for invitation in meeting.invitations:
        if invitation.party is not None:
            told.append(invitation.party)
        elif invitation.contact is not None:
            told.append(invitation.contact)
    return told
