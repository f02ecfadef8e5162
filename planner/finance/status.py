"""The status of contributions, computed once for the CLI, the web and the summaries.

Reading the ledger costs a fixed number of queries whatever the size of the data
(conference, pledges, instalments, payments, parties, zones): each query returns
all the rows of one kind for the conference, and the replay in
``planner.finance.ledger`` does the rest in memory.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import select, union
from sqlalchemy.orm import Session, aliased

from planner.conferences.models import Conference
from planner.conferences.operations import conference_by_slug
from planner.directory.models import Membership, Party
from planner.finance.ledger import (
    ZERO,
    Ledger,
    PartyFigures,
    PaymentEntry,
    PledgeEntry,
    party_figures,
    replay,
)
from planner.finance.models import Instalment, Payment, Pledge, PledgeCancellation, Void
from planner.finance.money import round_to_minor_unit, to_reporting


@dataclass(frozen=True)
class PartyInfo:
    code: str
    name: str
    zone: str | None
    zone_name: str | None = None


@dataclass
class LedgerView:
    """A conference's ledger at a date, with who the parties are and what the entries say."""

    conference: Conference
    ledger: Ledger
    parties: dict[int, PartyInfo]
    pledges: dict[int, dict]  # pledge id -> reference, note, cancellation/void reasons ...
    payments: dict[int, dict]  # payment id -> reference, note, void details ...
    pledge_entries: list[PledgeEntry]
    payment_entries: list[PaymentEntry]


def load_ledger(session: Session, conference: Conference | str, as_of: date) -> LedgerView:
    """Every entry of the conference recorded up to ``as_of``, replayed (six queries)."""
    if isinstance(conference, str):
        conference = conference_by_slug(session, conference)
    pledge_void = aliased(Void)
    payment_void = aliased(Void)
    pledge_rows = session.execute(
        select(
            Pledge.id,
            Pledge.party_id,
            Pledge.amount,
            Pledge.currency,
            Pledge.rate,
            Pledge.pledged_on,
            Pledge.due_on,
            Pledge.is_sample,
            Pledge.reference,
            Pledge.note,
            PledgeCancellation.cancelled_on,
            PledgeCancellation.reason,
            pledge_void.voided_on,
            pledge_void.reason,
        )
        .outerjoin(PledgeCancellation, PledgeCancellation.pledge_id == Pledge.id)
        .outerjoin(pledge_void, pledge_void.pledge_id == Pledge.id)
        .where(Pledge.conference_id == conference.id, Pledge.pledged_on <= as_of)
        .order_by(Pledge.id)
    ).all()
    schedules: dict[int, list] = defaultdict(list)
    for pledge_id, due_on, amount in session.execute(
        select(Instalment.pledge_id, Instalment.due_on, Instalment.amount)
        .join(Pledge, Pledge.id == Instalment.pledge_id)
        .where(Pledge.conference_id == conference.id, Pledge.pledged_on <= as_of)
        .order_by(Instalment.pledge_id, Instalment.due_on)
    ):
        schedules[pledge_id].append((due_on, amount))
    payment_rows = session.execute(
        select(
            Payment.id,
            Payment.party_id,
            Payment.amount,
            Payment.currency,
            Payment.rate,
            Payment.received_on,
            Payment.pledge_id,
            Payment.is_sample,
            Payment.reference,
            Payment.note,
            payment_void.voided_on,
            payment_void.reason,
        )
        .outerjoin(payment_void, payment_void.payment_id == Payment.id)
        .where(Payment.conference_id == conference.id, Payment.received_on <= as_of)
        .order_by(Payment.id)
    ).all()

    pledge_entries, pledges = [], {}
    for row in pledge_rows:
        (pid, party_id, amount, currency, rate, pledged_on, due_on, sample, reference, note) = row[
            :10
        ]
        cancelled_on, cancel_reason, voided_on, void_reason = row[10:]
        schedule = [(due_on, amount)] if due_on is not None else schedules[pid]
        pledge_entries.append(
            PledgeEntry(
                pid,
                party_id,
                amount,
                currency,
                rate,
                pledged_on,
                schedule,
                cancelled_on,
                voided_on,
                sample,
            )
        )
        pledges[pid] = {
            "reference": reference,
            "note": note,
            "cancelled_on": cancelled_on if cancelled_on and cancelled_on <= as_of else None,
            "cancel_reason": cancel_reason if cancelled_on and cancelled_on <= as_of else None,
            "voided_on": voided_on if voided_on and voided_on <= as_of else None,
            "void_reason": void_reason if voided_on and voided_on <= as_of else None,
        }
    payment_entries, payments = [], {}
    for row in payment_rows:
        pid, party_id, amount, currency, rate, received_on, pledge_id, sample = row[:8]
        reference, note, voided_on, void_reason = row[8:]
        payment_entries.append(
            PaymentEntry(
                pid, party_id, amount, currency, rate, received_on, pledge_id, voided_on, sample
            )
        )
        payments[pid] = {
            "reference": reference,
            "note": note,
            "voided_on": voided_on if voided_on and voided_on <= as_of else None,
            "void_reason": void_reason if voided_on and voided_on <= as_of else None,
        }
    ledger = replay(pledge_entries, payment_entries, as_of, conference.currency)
    return LedgerView(
        conference,
        ledger,
        _parties(session, conference),
        pledges,
        payments,
        pledge_entries,
        payment_entries,
    )


def _parties(session: Session, conference: Conference) -> dict[int, PartyInfo]:
    """Code, name and zone of every party with an entry for the conference (two queries)."""
    involved = union(
        select(Pledge.party_id).where(Pledge.conference_id == conference.id),
        select(Payment.party_id).where(Payment.conference_id == conference.id),
    ).subquery()
    zone = aliased(Party)
    zones: dict[int, tuple[str, str]] = {}
    for state_id, code, zone_name in session.execute(
        select(Membership.state_id, zone.code, zone.name)
        .join(zone, zone.id == Membership.zone_id)
        .where(Membership.state_id.in_(select(involved.c[0])))
        .order_by(Membership.state_id, zone.code)
    ):
        zones.setdefault(state_id, (code, zone_name))
    return {
        party_id: PartyInfo(code, name, *zones.get(party_id, (None, None)))
        for party_id, code, name in session.execute(
            select(Party.id, Party.code, Party.name).where(Party.id.in_(select(involved.c[0])))
        )
    }


@dataclass
class StatusRow:
    party: str
    name: str
    zone: str | None
    figures: PartyFigures
    zone_name: str | None = None


@dataclass(frozen=True)
class OverduePledge:
    """A pledge with an unpaid amount past its due date (the summary lists the largest)."""

    pledge_id: int
    party: str
    name: str
    reference: str | None
    currency: str
    overdue: Decimal  # in the pledge's currency
    overdue_reporting: Decimal  # in the conference's reporting currency
    since: date  # the earliest due date still unpaid
    sample: bool


@dataclass
class StatusReport:
    conference: str
    title: str
    as_of: date
    currency: str
    budget: Decimal | None
    budget_is_sample: bool
    rows: list[StatusRow]
    totals: PartyFigures
    by_currency: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    overdue_pledges: list[OverduePledge] = field(default_factory=list)  # largest first

    @property
    def sample(self) -> bool:
        return self.budget_is_sample or any(row.figures.sample for row in self.rows)

    @property
    def gap(self) -> Decimal | None:
        """What the budget still lacks in money received (negative when over-funded)."""
        return None if self.budget is None else self.budget - self.totals.paid

    def percent(self, amount: Decimal) -> Decimal | None:
        if not self.budget:
            return None
        return (amount * 100 / self.budget).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)

    def as_json(self) -> dict:
        """The shape scripts rely on: every amount a decimal string, dates ISO."""

        def text(value):
            if value is None:
                return None
            return str(round_to_minor_unit(value, self.currency))

        totals = self.totals
        return {
            "conference": self.conference,
            "as_of": self.as_of.isoformat(),
            "currency": self.currency,
            "sample": self.sample,
            "totals": {
                "pledged": text(totals.pledged),
                "paid": text(totals.paid),
                "outstanding": text(totals.outstanding),
                "overdue": text(totals.overdue),
                "credit": text(totals.credit),
                "budget": text(self.budget),
                "gap": text(self.gap),
                "percent_pledged": _optional_str(self.percent(totals.pledged)),
                "percent_funded": _optional_str(self.percent(totals.paid)),
            },
            "parties": [
                {
                    "party": row.party,
                    "name": row.name,
                    "zone": row.zone,
                    "pledged": text(row.figures.pledged),
                    "paid": text(row.figures.paid),
                    "outstanding": text(row.figures.outstanding),
                    "overdue": text(row.figures.overdue),
                    "credit": text(row.figures.credit),
                    "status": row.figures.status,
                    "last_payment": _optional_str(row.figures.last_payment),
                    "sample": row.figures.sample,
                }
                for row in self.rows
            ],
            "aging": {name: text(amount) for name, amount in totals.aging.items()},
            "by_currency": {
                code: {key: str(round_to_minor_unit(value, code)) for key, value in sums.items()}
                for code, sums in self.by_currency.items()
            },
        }


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)


def status_of_contributions(
    session: Session, conference: Conference | str, as_of: date
) -> StatusReport:
    """One row per party grouped by zone, totals, aging and the breakdown by original currency."""
    view = load_ledger(session, conference, as_of)
    figures = party_figures(view.ledger)
    rows = sorted(
        (
            StatusRow(info.code, info.name, info.zone, figures[party_id], info.zone_name)
            for party_id, info in view.parties.items()
            if party_id in figures
        ),
        key=lambda row: (row.zone or "~", row.party),
    )
    totals = PartyFigures()
    for row in rows:
        for name in ("pledged", "paid", "outstanding", "overdue", "credit"):
            setattr(totals, name, getattr(totals, name) + getattr(row.figures, name))
        for name, amount in row.figures.aging.items():
            totals.aging[name] += amount
        totals.sample = totals.sample or row.figures.sample
    return StatusReport(
        conference=view.conference.slug,
        title=view.conference.title,
        as_of=as_of,
        currency=view.conference.currency,
        budget=view.conference.budget,
        budget_is_sample=view.conference.budget_is_sample,
        rows=rows,
        totals=totals,
        by_currency=_by_currency(view.ledger),
        overdue_pledges=_overdue_pledges(view),
    )


def _overdue_pledges(view: LedgerView) -> list[OverduePledge]:
    """Pledges with an overdue amount, largest (in the reporting currency) first."""
    currency = view.conference.currency
    overdue = [
        OverduePledge(
            pledge_id=state.entry.id,
            party=view.parties[state.entry.party_id].code,
            name=view.parties[state.entry.party_id].name,
            reference=view.pledges[state.entry.id]["reference"],
            currency=state.entry.currency,
            overdue=state.overdue,
            overdue_reporting=to_reporting(state.overdue, state.entry.rate, currency),
            since=state.overdue_since,
            sample=state.entry.is_sample,
        )
        for state in view.ledger.pledges.values()
        if state.overdue > 0 and state.overdue_since is not None
    ]
    return sorted(overdue, key=lambda pledge: (-pledge.overdue_reporting, pledge.pledge_id))


def _by_currency(ledger: Ledger) -> dict[str, dict[str, Decimal]]:
    """Sums in each original currency, never mixed with another currency."""
    keys = ("pledged", "paid", "outstanding", "overdue", "credit")
    result: dict[str, dict[str, Decimal]] = defaultdict(lambda: dict.fromkeys(keys, ZERO))
    for state in ledger.pledges.values():
        sums = result[state.entry.currency]
        sums["pledged"] += state.paid if state.cancelled else state.entry.amount
        sums["outstanding"] += state.outstanding
        sums["overdue"] += state.overdue
    for payment in ledger.payments.values():
        sums = result[payment.entry.currency]
        sums["paid"] += payment.entry.amount
        sums["credit"] += payment.credit
    return dict(sorted(result.items()))
