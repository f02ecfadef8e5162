"""The status of contributions, computed once for the CLI, the web and the summaries.

Reading the ledger costs a fixed number of queries whatever the size of the data
(conference, pledges, instalments, payments, the parties with their zones): each query returns
all the rows of one kind for the conference, and the replay in
``planner.finance.ledger`` does the rest in memory.
"""

import gc
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Row, Select, null, select
from sqlalchemy.orm import Session, aliased

from planner.conferences.models import Conference
from planner.conferences.operations import conference_by_slug
from planner.content.localized import Texts, texts_of
from planner.directory.models import Membership, Party
from planner.finance.ledger import (
    PAYMENT_ROW_FIELDS,
    STORED_DECIMALS,
    ZERO,
    Ledger,
    PartyFigures,
    PaymentEntry,
    PaymentRow,
    PledgeEntry,
    party_figures,
    payment_entry,
    replay_rows,
)
from planner.finance.models import Instalment, Payment, Pledge, PledgeCancellation, Void
from planner.finance.money import (
    round_to_minor_unit,
    stored_units,
    to_reporting,
)

# The reporting-currency amounts of a party's row, summed into the totals.
REPORTING_AMOUNTS = (
    "pledged", "paid", "outstanding", "overdue", "credit", "exchange_loss", "exchange_gain",
)  # fmt: skip
EntryRow = Row[*tuple[Any, ...]]  # a pledge or payment with its corrections, by column name


@dataclass(frozen=True)
class PartyInfo:
    code: str
    name: str
    zone: str | None
    zone_name: str | None = None


@dataclass(frozen=True)
class PaymentDetails:
    """What an entry says beyond the figures; its void only once in effect."""

    reference: str | None
    note: str | None
    voided_on: date | None = None
    void_reason: str | None = None
    rate_from_table: int | None = None  # the rates table's row the rate came from, if any


@dataclass(frozen=True)
class PledgeDetails(PaymentDetails):
    """A pledge's details: a payment's, and its cancellation once in effect."""

    cancelled_on: date | None = None
    cancel_reason: str | None = None


@dataclass
class ReplayedLedger:
    """A conference's ledger at a date, with who the parties are and what the pledges say."""

    conference: Conference
    ledger: Ledger
    parties: dict[int, PartyInfo]
    pledges: dict[int, PledgeDetails]
    pledge_entries: list[PledgeEntry]


@dataclass
class LedgerView(ReplayedLedger):
    """The replayed ledger with every payment entry and its details, as the listings show them."""

    payments: dict[int, PaymentDetails]
    payment_entries: list[PaymentEntry]


def load_ledger(session: Session, conference: Conference | str, as_of: date) -> LedgerView:
    """Every entry of the conference recorded up to ``as_of``, replayed (six queries)."""
    with _no_cycle_collection():
        replayed, rows = _replay(session, conference, as_of)
    return LedgerView(
        **{name.name: getattr(replayed, name.name) for name in fields(ReplayedLedger)},
        payments=_payment_details(session, replayed.conference, as_of),
        payment_entries=[payment_entry(row) for row in sorted(rows, key=itemgetter(0))],
    )


def _replay(
    session: Session, conference: Conference | str, as_of: date
) -> tuple[ReplayedLedger, list[PaymentRow]]:
    """The ledger replayed from its entries (five queries), and the payment rows read.

    Payments are read as integer rows (amounts in 10**-6 units, no Decimal each) and
    without their references and notes: the status of contributions needs only sums.
    """
    if isinstance(conference, str):
        conference = conference_by_slug(session, conference)
    schedules = _instalment_schedules(session, conference, as_of)
    pledge_entries, pledges = [], {}
    for row in _pledge_rows(session, conference, as_of):
        pledge_entries.append(_pledge_entry(row, schedules[row.id]))
        voided_on, void_reason = _in_effect(row.voided_on, row.void_reason, as_of)
        cancelled_on, cancel_reason = _in_effect(row.cancelled_on, row.cancel_reason, as_of)
        pledges[row.id] = PledgeDetails(
            row.reference,
            row.note,
            voided_on,
            void_reason,
            row.rate_id,
            cancelled_on,
            cancel_reason,
        )
    rows = _payment_rows(session, conference, as_of)
    ledger = replay_rows(pledge_entries, rows, as_of, conference.currency)
    involved = {entry.party_id for entry in pledge_entries} | {row[1] for row in rows}
    replayed = ReplayedLedger(
        conference, ledger, _parties(session, involved), pledges, pledge_entries
    )
    return replayed, rows


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while the payment rows are read and replayed.

    Reading 100,000 rows allocates hundreds of thousands of rows, tuples and states,
    none of them in a reference cycle; the collector would walk them all again and
    again as they pile up (a quarter of the report's time). Reference counting still
    frees everything; the collector resumes afterwards, as it was. The status report
    keeps it paused until the rows are freed: resumed while they lived, it walked them
    all once more at the next allocation.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _pledge_rows(session: Session, conference: Conference, as_of: date) -> Sequence[EntryRow]:
    """The conference's pledges recorded by ``as_of``, with any cancellation and void."""
    void = aliased(Void)
    return _core_rows(
        session,
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
            Pledge.rate_id,
            PledgeCancellation.cancelled_on,
            PledgeCancellation.reason.label("cancel_reason"),
            void.voided_on,
            void.reason.label("void_reason"),
        )
        .outerjoin(PledgeCancellation, PledgeCancellation.pledge_id == Pledge.id)
        .outerjoin(void, void.pledge_id == Pledge.id)
        .where(Pledge.conference_id == conference.id, Pledge.pledged_on <= as_of)
        .order_by(Pledge.id),
    )


def _instalment_schedules(
    session: Session, conference: Conference, as_of: date
) -> defaultdict[int, list[tuple[date, Decimal]]]:
    """Pledge id -> its instalments (due date, amount) in due order."""
    schedules: defaultdict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    for pledge_id, due_on, amount in session.execute(
        select(Instalment.pledge_id, Instalment.due_on, Instalment.amount)
        .join(Pledge, Pledge.id == Instalment.pledge_id)
        .where(Pledge.conference_id == conference.id, Pledge.pledged_on <= as_of)
        .order_by(Instalment.pledge_id, Instalment.due_on)
    ):
        schedules[pledge_id].append((due_on, amount))
    return schedules


def _payment_rows(session: Session, conference: Conference, as_of: date) -> list[PaymentRow]:
    """The conference's payments received by ``as_of`` as the replay reads them (two queries).

    Their voids come in a query of their own: joining ``voids`` to every payment cost
    SQLite an index probe per payment and PostgreSQL a hash of all of them, for a
    handful of corrections. That query starts from the voids, each looking up its
    payment's conference by primary key (as a join, both engines planned it from the
    100,000 payments again). No ORDER BY: the replay sorts each party's payments itself,
    which is cheaper than the databases' sort of the whole (PostgreSQL spilled it to disk).
    """
    conference_of_payment = (
        select(Payment.conference_id).where(Payment.id == Void.payment_id).scalar_subquery()
    )
    voided = {
        payment_id: voided_on
        for payment_id, voided_on in session.execute(
            select(Void.payment_id, Void.voided_on).where(conference_of_payment == conference.id)
        )
    }
    columns = {"voided_on": null().label("voided_on")} | {
        name: stored_units(getattr(Payment, name), decimals)
        for name, decimals in STORED_DECIMALS.items()
    }
    statement = select(
        *(
            columns[name] if name in columns else getattr(Payment, name)
            for name in PAYMENT_ROW_FIELDS
        )
    ).where(Payment.conference_id == conference.id, Payment.received_on <= as_of)
    rows = cast(list[PaymentRow], list(_core_rows(session, statement)))
    if voided:
        rows = [row if row[0] not in voided else _voided(row, voided[row[0]]) for row in rows]
    return rows


def _voided(row: PaymentRow, voided_on: date) -> PaymentRow:
    """The row of a payment with its void, read without it."""
    payment_id, party_id, amount, currency, rate, received_on, pledge_id, _none, sample = row
    return (payment_id, party_id, amount, currency, rate, received_on, pledge_id, voided_on, sample)


def _payment_details(
    session: Session, conference: Conference, as_of: date
) -> dict[int, PaymentDetails]:
    """What each payment received by ``as_of`` says beyond its figures, with its void."""
    void = aliased(Void)
    return {
        row.id: PaymentDetails(
            row.reference, row.note, *_in_effect(row.voided_on, row.reason, as_of), row.rate_id
        )
        for row in _core_rows(
            session,
            select(
                Payment.id,
                Payment.reference,
                Payment.note,
                Payment.rate_id,
                void.voided_on,
                void.reason,
            )
            .outerjoin(void, void.payment_id == Payment.id)
            .where(Payment.conference_id == conference.id, Payment.received_on <= as_of),
        )
    }


def _core_rows(session: Session, statement: Select[*tuple[Any, ...]]) -> Sequence[EntryRow]:
    """Plain rows through the session's connection: no ORM result machinery per row.

    Tens of thousands of payments are read for every report; the ORM's row
    processing cost more than the query itself, and these rows are columns, not objects.
    """
    return session.connection().execute(statement).all()


def _pledge_entry(row: EntryRow, instalments: list[tuple[date, Decimal]]) -> PledgeEntry:
    """The ledger's view of a pledge row: one due date, or else its instalments."""
    return PledgeEntry(
        row.id,
        row.party_id,
        row.amount,
        row.currency,
        row.rate,
        row.pledged_on,
        [(row.due_on, row.amount)] if row.due_on is not None else instalments,
        row.cancelled_on,
        row.voided_on,
        row.is_sample,
    )


def _in_effect(on: date | None, reason: str | None, as_of: date) -> tuple[date | None, str | None]:
    """A correction's date and reason, or nothing when it comes after ``as_of``."""
    return (on, reason) if on is not None and on <= as_of else (None, None)


def _parties(session: Session, party_ids: set[int]) -> dict[int, PartyInfo]:
    """Code, name and zone of the parties with an entry read (one query).

    The ids are those of the entries already read, not a union over the conference's
    payments: that union scanned and deduplicated every payment again (on PostgreSQL a
    fifth of the report), for at most a few hundred parties. A state in several zones
    is shown in the first by code.
    """
    if not party_ids:
        return {}
    zone = aliased(Party)
    parties: dict[int, PartyInfo] = {}
    for party_id, code, name, zone_code, zone_name in session.execute(
        select(Party.id, Party.code, Party.name, zone.code, zone.name)
        .outerjoin(Membership, Membership.state_id == Party.id)
        .outerjoin(zone, zone.id == Membership.zone_id)
        .where(Party.id.in_(sorted(party_ids)))
        .order_by(Party.id, zone.code)
    ):
        if party_id not in parties:
            parties[party_id] = PartyInfo(code, name, zone_code, zone_name)
    return parties


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
    translations: Texts = field(default_factory=dict)  # of the title (planner.content.localized)
    receipts: list[tuple[date, Decimal]] = field(default_factory=list)  # per day, reporting

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

    def as_json(self) -> dict[str, Any]:
        """The shape scripts rely on: every amount a decimal string, dates ISO."""

        def text(value: Decimal | None) -> str | None:
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
                "exchange_loss": text(totals.exchange_loss),
                "exchange_gain": text(totals.exchange_gain),
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
                    "exchange_loss": text(row.figures.exchange_loss),
                    "exchange_gain": text(row.figures.exchange_gain),
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
    with _no_cycle_collection():
        return _status(session, conference, as_of)


def _status(session: Session, conference: Conference | str, as_of: date) -> StatusReport:
    view, _rows = _replay(session, conference, as_of)
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
        for name in REPORTING_AMOUNTS:
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
        translations=texts_of(view.conference.translations),
        receipts=view.ledger.receipts,
    )


def _overdue_pledges(view: ReplayedLedger) -> list[OverduePledge]:
    """Pledges with an overdue amount, largest (in the reporting currency) first."""
    currency = view.conference.currency
    overdue = [
        OverduePledge(
            pledge_id=state.entry.id,
            party=view.parties[state.entry.party_id].code,
            name=view.parties[state.entry.party_id].name,
            reference=view.pledges[state.entry.id].reference,
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
    for currency, (paid, credit) in ledger.received_by_currency.items():
        sums = result[currency]
        sums["paid"] += paid
        sums["credit"] += credit
    return dict(sorted(result.items()))
