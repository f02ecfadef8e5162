"""Warnings that do not refuse: a record that is overdue the day it is recorded, a date
far from the conference's own.

Forms save such records (a pledge recorded late is still a pledge) and tell the user
what looks wrong. Each advisory is a code, the field it concerns and its date; the face
words it in the reader's language. Whether a pledge is overdue is the ledger's answer
(:mod:`planner.finance.ledger`), never a second rule here.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from planner.conferences.models import Conference
from planner.finance.models import Payment, Pledge
from planner.finance.status import load_ledger
from planner.meetings.models import Meeting

# a date more than a year before the conference opens or after it closes is likely a typo
FAR_FROM_CONFERENCE = timedelta(days=365)
OVERDUE_AT_ONCE = "overdue-at-once"
FAR_FROM_DATES = "far-from-conference"


@dataclass(frozen=True)
class Advisory:
    code: str
    field: str
    day: date


def far_from_conference(conference: Conference, day: date, field: str) -> list[Advisory]:
    """An advisory when ``day`` lies more than :data:`FAR_FROM_CONFERENCE` outside the
    conference's dates."""
    if (
        conference.start_date - FAR_FROM_CONFERENCE
        <= day
        <= conference.end_date + FAR_FROM_CONFERENCE
    ):
        return []
    return [Advisory(FAR_FROM_DATES, field, day)]


def pledge_advisories(session: Session, pledge: Pledge, today: date) -> list[Advisory]:
    """A pledge overdue on the day it is recorded, or dated far from the conference."""
    conference = session.get_one(Conference, pledge.conference_id)
    state = load_ledger(session, conference, today).ledger.pledges.get(pledge.id)
    advisories = []
    if state is not None and state.overdue > 0 and state.overdue_since is not None:
        advisories.append(Advisory(OVERDUE_AT_ONCE, "due", state.overdue_since))
    advisories += far_from_conference(conference, pledge.pledged_on, "date")
    if pledge.due_on is not None:
        advisories += far_from_conference(conference, pledge.due_on, "due")
    return advisories


def payment_advisories(session: Session, payment: Payment) -> list[Advisory]:
    conference = session.get_one(Conference, payment.conference_id)
    return far_from_conference(conference, payment.received_on, "received")


def meeting_advisories(session: Session, meeting: Meeting) -> list[Advisory]:
    conference = session.get_one(Conference, meeting.conference_id)
    return far_from_conference(conference, meeting.start_utc.date(), "start")
