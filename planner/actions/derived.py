"""Statuses that the planner derives from its own data for some recommendations.

The one place that turns planner data into a status per recommendation: ``action list``
shows it beside the manual status and the status summary calls :func:`derived_statuses`.
Each derivation is a small function registered under its recommendation number with
:func:`derives`; a recommendation without one simply has no derived status.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from planner.chair.status import DESIGNATED, NOMINATIONS_OPEN, OVERDUE, chair_status, describe
from planner.conferences.models import Conference
from planner.finance.money import format_money
from planner.finance.status import status_of_contributions

DERIVED_STATES = ("open", "in_progress", "done", "overdue")


@dataclass(frozen=True)
class DerivedStatus:
    state: str  # one of DERIVED_STATES
    fact: str  # the short fact behind it, for people


Derivation = Callable[[Session, Conference, date], DerivedStatus]
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
    session: Session, conference: Conference, as_of: date
) -> dict[int, DerivedStatus]:
    """The derived status of every recommendation that has a derivation, as of a date."""
    return {
        number: derivation(session, conference, as_of)
        for number, derivation in sorted(DERIVATIONS.items())
    }


CHAIR_STATES = {DESIGNATED: "done", OVERDUE: "overdue", NOMINATIONS_OPEN: "in_progress"}


@derives(11)
def chair_designation(session: Session, conference: Conference, as_of: date) -> DerivedStatus:
    """Recommendation 11: designate the chair as early as possible."""
    status = chair_status(session, conference, as_of)
    return DerivedStatus(CHAIR_STATES.get(status.state, "open"), describe(status))


SAMPLE_MARK = " [SAMPLE data]"


@derives(12)
def financial_commitments(session: Session, conference: Conference, as_of: date) -> DerivedStatus:
    """Recommendation 12: honour the financial commitments (pledged and paid against the budget).

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
