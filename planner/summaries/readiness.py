"""The readiness picture of a conference as of a date, computed once for every output.

The CLI summary (text, Markdown, HTML, any language) and the web page's readiness
panel render this one tree; nothing in it is recomputed in a template, and no
template reads a clock. Each part comes from the owning module's own function:
``chair_status``, ``status_of_contributions``, ``derived_statuses``, the meetings'
schedule and clash detection. Building it costs a fixed number of queries whatever
the number of meetings, pledges and payments (tests/summaries/test_queries.py).

The picture is computed for a viewer (:mod:`planner.visibility`): the public's leaves out
restricted meetings and, unless the conference publishes them, every per-party figure
(the largest overdue pledges name their parties), so the public page, ``planner
summary --viewer public`` and the signed-in workspace can differ.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from planner.actions.derived import DerivedStatus, derived_statuses
from planner.actions.operations import is_late, list_actions
from planner.chair.status import ChairStatus, chair_status
from planner.conferences.models import Conference
from planner.conferences.operations import conference_by_slug
from planner.conferences.timeline import as_of_moment
from planner.content.localized import Texts, texts_of
from planner.finance.charts import ChartData, chart_data
from planner.finance.status import OverduePledge, StatusReport, status_of_contributions
from planner.summaries.meetings import MeetingsPicture, meetings_picture
from planner.summaries.warnings import SummaryWarning, warnings_for
from planner.visibility import Viewer, sees_party_finance

LARGEST_OVERDUE = 5  # how many overdue pledges the summary names


@dataclass(frozen=True)
class ConferenceFacts:
    slug: str
    title: str
    start_date: date
    end_date: date
    venue: str
    timezone: str
    currency: str
    days_to_go: int  # negative once the conference has started
    translations: Texts  # of the title and venue (see planner.content.localized)

    @property
    def phase(self) -> str:
        """before | during | after, for the "days to go" line."""
        if self.days_to_go > 0:
            return "before"
        return (
            "during" if self.days_to_go + (self.end_date - self.start_date).days >= 0 else "after"
        )


@dataclass(frozen=True)
class FinancePicture:
    currency: str
    pledged: Decimal
    paid: Decimal
    outstanding: Decimal
    overdue: Decimal
    credit: Decimal
    budget: Decimal | None
    gap: Decimal | None
    percent_pledged: Decimal | None
    percent_funded: Decimal | None
    parties: int  # parties with an entry
    overdue_count: int  # pledges with an overdue amount
    overdue_since: date | None  # the earliest unpaid due date among them
    largest_overdue: tuple[OverduePledge, ...]  # empty unless per_party
    per_party: bool  # whether the viewer may see per-party figures
    budget_is_sample: bool
    sample: bool
    charts: ChartData  # per-party bars only when per_party


@dataclass(frozen=True)
class ActionItem:
    number: int
    title: str
    status: str  # the organizers' own status
    owner: str | None  # party code
    owner_name: str | None
    due_date: date | None
    late: bool
    derived: DerivedStatus | None


@dataclass(frozen=True)
class Readiness:
    as_of: date
    conference: ConferenceFacts
    chair: ChairStatus
    meetings: MeetingsPicture
    finance: FinancePicture
    actions: tuple[ActionItem, ...]
    warnings: tuple[SummaryWarning, ...]

    @property
    def sample(self) -> bool:
        """Whether any figure shown rests on invented data (every output then says SAMPLE)."""
        return self.chair.sample or self.finance.sample or self.meetings.sample


def _finance(report: StatusReport, conference: Conference, viewer: Viewer) -> FinancePicture:
    per_party = sees_party_finance(viewer, conference)
    totals = report.totals
    return FinancePicture(
        currency=report.currency,
        pledged=totals.pledged,
        paid=totals.paid,
        outstanding=totals.outstanding,
        overdue=totals.overdue,
        credit=totals.credit,
        budget=report.budget,
        gap=report.gap,
        percent_pledged=report.percent(totals.pledged),
        percent_funded=report.percent(totals.paid),
        parties=len(report.rows),
        overdue_count=len(report.overdue_pledges),
        overdue_since=min((pledge.since for pledge in report.overdue_pledges), default=None),
        largest_overdue=tuple(report.overdue_pledges[:LARGEST_OVERDUE]) if per_party else (),
        per_party=per_party,
        budget_is_sample=report.budget_is_sample,
        sample=report.sample,
        charts=chart_data(report, per_party),
    )


def _actions(
    session: Session,
    conference: Conference,
    as_of: date,
    viewer: Viewer,
    chair: ChairStatus,
    contributions: StatusReport,
) -> tuple[ActionItem, ...]:
    derived = derived_statuses(
        session, conference, as_of, viewer, chair=chair, contributions=contributions
    )
    return tuple(
        ActionItem(
            number=action.number,
            title=action.title,
            status=action.status,
            owner=action.owner.code if action.owner else None,
            owner_name=action.owner.name if action.owner else None,
            due_date=action.due_date,
            late=is_late(action, as_of),
            derived=derived.get(action.number),
        )
        for action in list_actions(session, conference.slug)
    )


def readiness(
    session: Session, conference: Conference | str, as_of: date, viewer: Viewer
) -> Readiness:
    """Everything ``viewer`` may see of the conference, as of the start of ``as_of`` in its zone."""
    if isinstance(conference, str):
        conference = conference_by_slug(session, conference)
    now: datetime = as_of_moment(conference, as_of)
    facts = ConferenceFacts(
        slug=conference.slug,
        title=conference.title,
        start_date=conference.start_date,
        end_date=conference.end_date,
        venue=conference.venue,
        timezone=conference.timezone,
        currency=conference.currency,
        days_to_go=(conference.start_date - as_of).days,
        translations=texts_of(conference.translations),
    )
    chair = chair_status(session, conference, as_of)
    meetings = meetings_picture(session, conference, now, viewer)
    contributions = status_of_contributions(session, conference, as_of)
    finance = _finance(contributions, conference, viewer)
    return Readiness(
        as_of=as_of,
        conference=facts,
        chair=chair,
        meetings=meetings,
        finance=finance,
        actions=_actions(session, conference, as_of, viewer, chair, contributions),
        warnings=warnings_for(facts, chair, meetings, finance),
    )
