"""Statuses that the planner derives from its own data for some recommendations.

The one place that turns planner data into a status per recommendation: ``action list``
shows it beside the manual status and the status summary calls :func:`derived_statuses`.
Each derivation is a small function registered under its recommendation number with
:func:`derives`; a recommendation without one simply has no derived status. A status is
derived for a viewer: the public's counts only the meetings the public may see, so a
restricted meeting never shows through its date or number.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from planner.chair.status import DESIGNATED, NOMINATIONS_OPEN, OVERDUE, chair_status, describe
from planner.conferences.models import Conference
from planner.finance.money import format_money
from planner.finance.status import status_of_contributions
from planner.meetings.operations import list_meetings
from planner.meetings.schedule import intervals
from planner.visibility import Viewer, names_hidden_meeting

DERIVED_STATES = ("open", "in_progress", "done", "overdue")


@dataclass(frozen=True)
class DerivedStatus:
    state: str  # one of DERIVED_STATES
    fact: str  # the short fact behind it, for people


Derivation = Callable[[Session, Conference, date, Viewer], DerivedStatus]
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
    session: Session, conference: Conference, as_of: date, viewer: Viewer
) -> dict[int, DerivedStatus]:
    """The derived status of every recommendation that has a derivation, as of a date."""
    return {
        number: derivation(session, conference, as_of, viewer)
        for number, derivation in sorted(DERIVATIONS.items())
    }


CHAIR_STATES = {DESIGNATED: "done", OVERDUE: "overdue", NOMINATIONS_OPEN: "in_progress"}


@derives(11)
def chair_designation(
    session: Session, conference: Conference, as_of: date, viewer: Viewer
) -> DerivedStatus:
    """Recommendation 11: designate the chair as early as possible.

    Where the chair was designated is left out when it names a meeting hidden from the viewer.
    """
    status = chair_status(session, conference, as_of)
    chair = status.chair
    if chair and chair.at and names_hidden_meeting(session, viewer, conference.id, chair.at):
        status = replace(status, chair=replace(chair, at=None))
    return DerivedStatus(CHAIR_STATES.get(status.state, "open"), describe(status))


SAMPLE_MARK = " [SAMPLE data]"


@derives(12)
def financial_commitments(
    session: Session, conference: Conference, as_of: date, viewer: Viewer
) -> DerivedStatus:
    """Recommendation 12: honour the financial commitments (pledged and paid against the budget).

    Totals only, so every viewer gets the same fact.

    Done once nothing pledged is outstanding and, where a budget is set, what has been paid
    covers it; overdue as soon as any pledged amount that was due is unpaid.
    """
    report = status_of_contributions(session, conference, as_of)
    totals = report.totals
    mark = SAMPLE_MARK if report.sample else ""

    def money(amount):
        return format_money(amount, report.currency)

    if totals.pledged == 0:
        budget = f"; budget {money(report.budget)}" if report.budget else ""
        return DerivedStatus("open", f"no pledges recorded{budget}{mark}")
    fact = f"paid {money(totals.paid)} of {money(totals.pledged)} pledged"
    if report.budget:
        fact += f"; {report.percent(totals.paid)}% of the budget {money(report.budget)}"
    if totals.overdue > 0:
        return DerivedStatus("overdue", f"{fact}; overdue {money(totals.overdue)}{mark}")
    funded = report.gap is None or report.gap <= 0
    state = "done" if totals.outstanding == 0 and funded else "in_progress"
    return DerivedStatus(state, f"{fact}{mark}")


@derives(10)
def preparatory_meetings(
    session: Session, conference: Conference, as_of: date, viewer: Viewer
) -> DerivedStatus:
    """Recommendation 10: preparatory meetings held or scheduled before the conference.

    Counts the occurrences of preparatory meetings (cancelled ones left out) that start before
    the conference opens: done once one has been held, in progress while one is scheduled,
    overdue if the conference opens without any.
    """
    opening = datetime.combine(conference.start_date, time(0), tzinfo=UTC)
    end_of_as_of = datetime.combine(as_of + timedelta(days=1), time(0), tzinfo=UTC)
    meetings = [
        m for m in list_meetings(session, conference.slug, viewer=viewer) if m.kind == "preparatory"
    ]
    sample = any(meeting.is_sample for meeting in meetings)
    mark = SAMPLE_MARK if sample else ""
    starts = sorted(
        (start, ZoneInfo(m.timezone))
        for m in meetings
        for start, _end in intervals(m)
        if start < opening
    )
    held = [start for start in starts if start[0] < end_of_as_of]
    scheduled = [start for start in starts if start[0] >= end_of_as_of]

    def local_day(start: tuple[datetime, ZoneInfo]) -> date:
        return start[0].astimezone(start[1]).date()

    if held:
        fact = f"{len(held)} held (last on {local_day(held[-1])})"
        if scheduled:
            fact += f"; {len(scheduled)} more scheduled, next on {local_day(scheduled[0])}"
        return DerivedStatus("done", fact + mark)
    if scheduled:
        return DerivedStatus(
            "in_progress", f"{len(scheduled)} scheduled, next on {local_day(scheduled[0])}{mark}"
        )
    state = "overdue" if as_of >= conference.start_date else "open"
    return DerivedStatus(state, f"no preparatory meeting scheduled before the conference{mark}")
