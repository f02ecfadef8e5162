"""Where a conference's chair designation stands on a given date.

Computed once here from the stored history, so ``chair status``, the derived status of
recommendation 11 and the status summary all tell the same story. Only what had happened
by ``as_of`` counts: later nominations, endorsements, withdrawals and designations are ignored.
The status is data; its sentence, in every language, is the summaries' ``chair_state``
(``templates/summaries/_messages.txt``), which the web page and the command line print too.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from planner.chair.models import ChairDesignation, ChairEndorsement, ChairNomination, ChairProcess
from planner.chair.operations import designation_chain
from planner.conferences.models import Conference
from planner.conferences.timeline import counting_day


class ChairState(StrEnum):
    """Where the designation of a chair stands as of a date."""

    NOT_STARTED = "not_started"
    NOMINATIONS_OPEN = "nominations_open"
    DESIGNATED = "designated"
    OVERDUE = "overdue"  # the target date passed with no chair


@dataclass(frozen=True)
class EndorsementView:
    party: str
    party_name: str
    endorsed_on: date
    sample: bool


@dataclass(frozen=True)
class NominationView:
    id: int
    state: str
    state_name: str
    person: str | None
    title: str | None
    nominated_by: str | None
    nominated_by_name: str | None
    nominated_on: date
    withdrawn_on: date | None
    sample: bool
    endorsements: tuple[EndorsementView, ...]


@dataclass(frozen=True)
class DesignationView:
    id: int
    nomination: NominationView
    designated_on: date
    at: str | None
    replaced_on: date | None
    replacement_reason: str | None
    sample: bool


@dataclass(frozen=True)
class ChairStatus:
    conference: str
    as_of: date
    state: ChairState
    target_date: date | None
    target_is_sample: bool
    days_overdue: int | None
    chair: DesignationView | None
    history: tuple[DesignationView, ...]
    nominations: tuple[NominationView, ...]

    @property
    def sample(self) -> bool:
        """Whether anything this status rests on is sample data (then every output says so)."""
        return (
            self.target_is_sample
            or any(nomination.sample for nomination in self.nominations)
            or any(designation.sample for designation in self.history)
        )


def _nomination_view(nomination: ChairNomination, as_of: date) -> NominationView:
    withdrawn = (
        nomination.withdrawn_on
        if nomination.withdrawn_on and nomination.withdrawn_on <= as_of
        else None
    )
    return NominationView(
        id=nomination.id,
        state=nomination.state.code,
        state_name=nomination.state.name,
        person=nomination.person,
        title=nomination.title,
        nominated_by=nomination.nominated_by.code if nomination.nominated_by else None,
        nominated_by_name=nomination.nominated_by.name if nomination.nominated_by else None,
        nominated_on=nomination.nominated_on,
        withdrawn_on=withdrawn,
        sample=nomination.is_sample,
        endorsements=tuple(
            EndorsementView(
                party=endorsement.party.code,
                party_name=endorsement.party.name,
                endorsed_on=endorsement.endorsed_on,
                sample=endorsement.is_sample,
            )
            for endorsement in nomination.endorsements
            if endorsement.endorsed_on <= as_of
        ),
    )


def _history(chain: list[ChairDesignation], as_of: date) -> tuple[DesignationView, ...]:
    effective = [designation for designation in chain if designation.designated_on <= as_of]
    views = []
    for index, designation in enumerate(effective):
        successor = effective[index + 1] if index + 1 < len(effective) else None
        views.append(
            DesignationView(
                id=designation.id,
                nomination=_nomination_view(designation.nomination, as_of),
                designated_on=designation.designated_on,
                at=designation.meeting_ref,
                replaced_on=successor.designated_on if successor else None,
                replacement_reason=successor.reason if successor else None,
                sample=designation.is_sample,
            )
        )
    return tuple(views)


def chair_status(session: Session, conference: Conference, as_of: date) -> ChairStatus:
    process = session.get(ChairProcess, conference.id)
    target = process.target_date if process else None
    nominations = session.scalars(
        select(ChairNomination)
        .where(
            ChairNomination.conference_id == conference.id, ChairNomination.nominated_on <= as_of
        )
        .options(
            selectinload(ChairNomination.state),
            selectinload(ChairNomination.nominated_by),
            selectinload(ChairNomination.endorsements).selectinload(ChairEndorsement.party),
        )
        .order_by(ChairNomination.nominated_on, ChairNomination.id)
    ).all()
    history = _history(designation_chain(session, conference), as_of)
    chair = history[-1] if history else None
    counted = counting_day(conference, as_of)  # after the closing the count stops
    days_overdue = (counted - target).days if chair is None and target and as_of > target else None
    if chair is not None:
        state = ChairState.DESIGNATED
    elif days_overdue is not None:
        state = ChairState.OVERDUE
    elif nominations:
        state = ChairState.NOMINATIONS_OPEN
    else:
        state = ChairState.NOT_STARTED
    return ChairStatus(
        conference=conference.slug,
        as_of=as_of,
        state=state,
        target_date=target,
        target_is_sample=bool(process and process.target_is_sample),
        days_overdue=days_overdue,
        chair=chair,
        history=history,
        nominations=tuple(_nomination_view(nomination, as_of) for nomination in nominations),
    )
