"""Statuses that the planner derives from its own data for some recommendations.

A derived status is structured data: a state, a ``kind`` of fact and its ``values``
(numbers, dates, amounts), which the summaries' templates turn into a sentence in the
reader's language (``derived_fact`` in ``templates/summaries/_messages.txt``). The
English ``fact`` is kept for the command line's ``action list``, which speaks English.

The one place that turns planner data into a status per recommendation: ``action list``
shows it beside the manual status and the status summary calls :func:`derived_statuses`.
Each derivation is a small function registered under its recommendation number with
:func:`derives`; a recommendation without one simply has no derived status. A status is
derived for a viewer: the public's counts only the meetings the public may see, so a
restricted meeting never shows through its date or number.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from planner.chair.status import ChairState, ChairStatus, chair_status
from planner.conferences.models import Conference
from planner.conferences.timeline import as_of_moment, is_held, opening_moment
from planner.finance.money import format_money
from planner.finance.status import StatusReport, status_of_contributions
from planner.i18n import DEFAULT_LOCALE
from planner.meetings.models import MeetingKind
from planner.meetings.operations import list_meetings
from planner.meetings.schedule import intervals
from planner.summaries.environment import sentence
from planner.visibility import Viewer, names_hidden_meeting


class DerivedState(StrEnum):
    """What the data say about a recommendation (beside the organizers' own status)."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class DerivedStatus:
    state: DerivedState
    fact: str  # the short fact behind it, in English (the CLI's table and JSON)
    kind: str = field(default="", compare=False)  # which sentence renders the fact
    values: dict[str, Any] = field(default_factory=dict, compare=False)  # what the sentence says


@dataclass
class Sources:
    """What the derivations read, for one conference and day. The chair's status and the
    status of contributions are computed on first use and once: the readiness picture,
    which shows both itself, hands in what it has already computed."""

    session: Session
    conference: Conference
    as_of: date
    known_chair: ChairStatus | None = None
    known_contributions: StatusReport | None = None

    @cached_property
    def chair(self) -> ChairStatus:
        if self.known_chair is not None:
            return self.known_chair
        return chair_status(self.session, self.conference, self.as_of)

    @cached_property
    def contributions(self) -> StatusReport:
        if self.known_contributions is not None:
            return self.known_contributions
        return status_of_contributions(self.session, self.conference, self.as_of)


Derivation = Callable[[Sources, Viewer], DerivedStatus]
DERIVATIONS: dict[int, Derivation] = {}


def derives(number: int) -> Callable[[Derivation], Derivation]:
    """Register the decorated function as the derivation of recommendation ``number``."""

    def register(function: Derivation) -> Derivation:
        if number in DERIVATIONS:
            raise ValueError(f"recommendation {number} already has a derivation")
        DERIVATIONS[number] = function
        return function

    return register


def derived_statuses(
    session: Session,
    conference: Conference,
    as_of: date,
    viewer: Viewer,
    *,
    chair: ChairStatus | None = None,
    contributions: StatusReport | None = None,
) -> dict[int, DerivedStatus]:
    """The derived status of every recommendation that has a derivation, as of a date;
    ``chair`` and ``contributions``, when the caller has them for the same day, are not
    computed again."""
    sources = Sources(session, conference, as_of, chair, contributions)
    return {
        number: derivation(sources, viewer) for number, derivation in sorted(DERIVATIONS.items())
    }


def derived_status(
    session: Session, conference: Conference, as_of: date, viewer: Viewer, number: int
) -> DerivedStatus | None:
    """One recommendation's derived status (None when it has no derivation), computing
    that one only: a page about one action need not compute every derivation."""
    derivation = DERIVATIONS.get(number)
    return derivation(Sources(session, conference, as_of), viewer) if derivation else None


CHAIR_STATES = {
    ChairState.DESIGNATED: DerivedState.DONE,
    ChairState.OVERDUE: DerivedState.OVERDUE,
    ChairState.NOMINATIONS_OPEN: DerivedState.IN_PROGRESS,
}


@derives(11)
def chair_designation(sources: Sources, viewer: Viewer) -> DerivedStatus:
    """Recommendation 11: designate the chair as early as possible.

    Where the chair was designated is left out when it names a meeting hidden from the viewer.
    """
    status = sources.chair
    chair = status.chair
    session, conference = sources.session, sources.conference
    if chair and chair.at and names_hidden_meeting(session, viewer, conference.id, chair.at):
        status = replace(status, chair=replace(chair, at=None))
    return DerivedStatus(
        CHAIR_STATES.get(status.state, DerivedState.OPEN),
        sentence("chair_state", DEFAULT_LOCALE, status),
        "chair",
        {"chair": status},
    )


SAMPLE_MARK = " [SAMPLE data]"


@derives(12)
def financial_commitments(sources: Sources, viewer: Viewer) -> DerivedStatus:
    """Recommendation 12: honour the financial commitments (pledged and paid against the budget).

    Totals only, so every viewer gets the same fact.

    Done once nothing pledged is outstanding and, where a budget is set, what has been paid
    covers it; overdue as soon as any pledged amount that was due is unpaid.
    """
    report = sources.contributions
    totals = report.totals
    mark = SAMPLE_MARK if report.sample else ""

    values = {
        "currency": report.currency,
        "budget": report.budget,
        "paid": totals.paid,
        "pledged": totals.pledged,
        "percent": report.percent(totals.paid) if report.budget else None,
        "overdue": totals.overdue if totals.overdue > 0 else None,
        "sample": report.sample,
    }

    def money(amount: Decimal) -> str:
        return format_money(amount, report.currency)

    if totals.pledged == 0:
        budget = f"; budget {money(report.budget)}" if report.budget else ""
        return DerivedStatus(
            DerivedState.OPEN, f"no pledges recorded{budget}{mark}", "no_pledges", values
        )
    fact = f"paid {money(totals.paid)} of {money(totals.pledged)} pledged"
    if report.budget:
        fact += f"; {report.percent(totals.paid)}% of the budget {money(report.budget)}"
    if totals.overdue > 0:
        overdue = f"{fact}; overdue {money(totals.overdue)}{mark}"
        return DerivedStatus(DerivedState.OVERDUE, overdue, "paid", values)
    funded = report.gap is None or report.gap <= 0
    state = DerivedState.DONE if totals.outstanding == 0 and funded else DerivedState.IN_PROGRESS
    return DerivedStatus(state, f"{fact}{mark}", "paid", values)


@derives(10)
def preparatory_meetings(sources: Sources, viewer: Viewer) -> DerivedStatus:
    """Recommendation 10: preparatory meetings held or scheduled before the conference.

    Counts the occurrences of preparatory meetings (cancelled ones left out) that start before
    the conference opens: done once one has been held, in progress while one is scheduled,
    overdue if the conference opens without any.
    """
    conference = sources.conference
    opening = opening_moment(conference)
    moment = as_of_moment(conference, sources.as_of)
    meetings = [
        m
        for m in list_meetings(sources.session, conference.slug, viewer=viewer)
        if m.kind == MeetingKind.PREPARATORY
    ]
    sample = any(meeting.is_sample for meeting in meetings)
    mark = SAMPLE_MARK if sample else ""
    occurrences = sorted(
        (start, end, ZoneInfo(m.timezone))
        for m in meetings
        for start, end in intervals(m)
        if start < opening
    )
    held = [(start, zone) for start, end, zone in occurrences if is_held(end, moment)]
    scheduled = [(start, zone) for start, end, zone in occurrences if not is_held(end, moment)]

    def local_day(start: tuple[datetime, ZoneInfo]) -> date:
        return start[0].astimezone(start[1]).date()

    values = {
        "held": len(held),
        "last": local_day(held[-1]) if held else None,
        "scheduled": len(scheduled),
        "next": local_day(scheduled[0]) if scheduled else None,
        "sample": sample,
    }
    if held:
        fact = f"{len(held)} held (last on {local_day(held[-1])})"
        if scheduled:
            fact += f"; {len(scheduled)} more scheduled, next on {local_day(scheduled[0])}"
        return DerivedStatus(DerivedState.DONE, fact + mark, "held", values)
    if scheduled:
        fact = f"{len(scheduled)} scheduled, next on {local_day(scheduled[0])}{mark}"
        return DerivedStatus(DerivedState.IN_PROGRESS, fact, "scheduled", values)
    state = DerivedState.OVERDUE if sources.as_of >= conference.start_date else DerivedState.OPEN
    fact = f"no preparatory meeting scheduled before the conference{mark}"
    return DerivedStatus(state, fact, "none", values)
