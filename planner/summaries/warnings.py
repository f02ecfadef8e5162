"""What needs the organizers' attention, ordered by severity, each with the fact behind it.

The rules read only the parts of the readiness picture already computed; they never
query. Severity: ``high`` puts the conference itself at risk (no chair, no preparatory
meeting left, money missing close to the date), ``medium`` needs a follow-up (overdue
pledges, unconfirmed meetings this week), ``low`` is for information (clashes, which
organizers sometimes plan on purpose). Within one severity the order below holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from planner.chair.status import ChairState, ChairStatus
from planner.summaries.meetings import ClashView, MeetingOccurrence, MeetingsPicture

if TYPE_CHECKING:
    from planner.summaries.readiness import ConferenceFacts, FinancePicture

SEVERITIES = ("high", "medium", "low")
FUNDING_GAP_WINDOW_DAYS = 90  # a gap this close to the opening is a high-severity warning


@dataclass(frozen=True)
class SummaryWarning:
    """One warning: ``kind`` picks the sentence, the other fields are its facts."""

    kind: (
        str  # chair_overdue | no_preparatory | funding_gap | overdue_pledges | unconfirmed | clash
    )
    severity: str
    sample: bool
    days: int | None = None
    on: date | None = None
    amount: Decimal | None = None
    percent: Decimal | None = None
    count: int | None = None
    meeting: MeetingOccurrence | None = None
    clash: ClashView | None = None


def warnings_for(
    conference: ConferenceFacts,
    chair: ChairStatus,
    meetings: MeetingsPicture,
    finance: FinancePicture,
) -> tuple[SummaryWarning, ...]:
    found: list[SummaryWarning] = []
    coming = conference.days_to_go > 0
    if chair.state == ChairState.OVERDUE and conference.phase != "after":
        active = [n for n in chair.nominations if n.withdrawn_on is None]
        found.append(
            SummaryWarning(
                "chair_overdue",
                "high",
                chair.sample,
                days=chair.days_overdue,
                on=chair.target_date,
                count=len(active),
            )
        )
    next_preparatory = meetings.next_preparatory
    if coming and (next_preparatory is None or next_preparatory.first_day >= conference.start_date):
        last = meetings.last_preparatory
        found.append(
            SummaryWarning(
                "no_preparatory",
                "high",
                bool(last and last.sample),
                days=conference.days_to_go,
                on=last.first_day if last else None,
            )
        )
    if (
        coming
        and conference.days_to_go <= FUNDING_GAP_WINDOW_DAYS
        and finance.gap is not None
        and finance.gap > 0
    ):
        found.append(
            SummaryWarning(
                "funding_gap",
                "high",
                finance.sample,
                days=conference.days_to_go,
                amount=finance.gap,
                percent=finance.percent_funded,
            )
        )
    if finance.overdue > 0:
        found.append(
            SummaryWarning(
                "overdue_pledges",
                "medium",
                finance.sample,
                amount=finance.overdue,
                count=finance.overdue_count,
                on=finance.overdue_since,
            )
        )
    for occurrence in meetings.tentative_soon:
        found.append(SummaryWarning("unconfirmed", "medium", occurrence.sample, meeting=occurrence))
    for clash in meetings.clashes:
        found.append(SummaryWarning("clash", "low", clash.sample, clash=clash))
    return tuple(sorted(found, key=lambda warning: SEVERITIES.index(warning.severity)))
