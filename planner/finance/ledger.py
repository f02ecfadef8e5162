"""The ledger as it stood at the end of a date: how payments settle pledges.

Allocations are not stored; they are derived here, deterministically, from the
entries in effect on the as-of date (see docs/decisions.md). That makes voids,
cancellations and ``--as-of`` agree by construction: a voided payment simply is
not replayed, and a later payment cannot change what an earlier date shows.

Replay order: payments by received date, then id. A payment aimed at a pledge
(``pledge_id``) goes to that pledge first and any excess is credit marked as an
overpayment of it; any other payment goes to the party's open pledges in due
order (earliest due date first). Amounts move in the pledge's currency, converted
through both recorded rates and rounded half-even to the minor unit.

Valuation in the reporting currency (IPSAS: receipts at the rate of the day of
receipt). A pledge counts at its own rate; a payment counts as paid at its own
rate, i.e. what arrived. Where the two rates differ, what a payment settled is
worth one amount at the pledge's rate and another at the payment's: the
difference is an exchange loss (less arrived than the pledge's valuation of
what it settled) or an exchange gain, netted per pledge. Per party, and so in
total, the identity is exact by construction::

    pledged - outstanding = paid - credit + exchange loss - exchange gain

where ``pledged - outstanding`` is what was settled at the pledges' rates and
``paid - credit`` is what settled it at the payments' rates. Each payment's value
(``paid``) is its amount times its rate rounded once; its credit likewise; the
allocated rest is shared among its allocations by rounding their running total,
the last one taking any remaining minor unit, so no rounding is lost in between.

This module is pure (no database), so the property tests drive it directly.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_UP, Decimal
from enum import StrEnum
from typing import Any

from planner.finance.money import convert, to_reporting

ZERO = Decimal(0)
AGING_BUCKETS = (("1-30", 30), ("31-90", 90), ("91-180", 180), ("over-180", None))  # last day late


class PledgeStatus(StrEnum):
    """A pledge's standing as of a date (``status`` in every listing, report and JSON)."""

    PENDING = "pending"
    PARTIALLY_PAID = "partially paid"
    PAID = "paid"
    OVERDUE = "overdue"  # from the day after a due date with an unpaid amount
    CANCELLED = "cancelled"
    OVERPAID = "overpaid"
    VOIDED = "voided"  # a pledge recorded by mistake: listed, never replayed
    NO_PLEDGE = "no pledge"  # a party's standing when it paid without pledging


@dataclass(slots=True)
class PledgeEntry:
    id: int
    party_id: int
    amount: Decimal
    currency: str
    rate: Decimal
    pledged_on: date
    schedule: list[tuple[date, Decimal]]  # (due date, amount): one row, or the instalments
    cancelled_on: date | None = None
    voided_on: date | None = None
    is_sample: bool = False


@dataclass(slots=True)
class PaymentEntry:
    id: int
    party_id: int
    amount: Decimal
    currency: str
    rate: Decimal
    received_on: date
    pledge_id: int | None = None
    voided_on: date | None = None
    is_sample: bool = False


@dataclass(slots=True)
class Allocation:
    payment_id: int
    pledge_id: int
    payment_amount: Decimal  # in the payment's currency
    pledge_amount: Decimal  # in the pledge's currency


@dataclass(slots=True)
class PledgeState:
    entry: PledgeEntry
    paid: Decimal = ZERO  # in the pledge's currency
    overpaid: Decimal = ZERO  # reporting currency, credit from payments aimed at this pledge
    cancelled: bool = False
    outstanding: Decimal = ZERO
    overdue: Decimal = ZERO
    overdue_since: date | None = None  # the earliest due date whose amount is unpaid
    aging: dict[str, Decimal] = field(default_factory=dict)  # pledge currency, by bucket
    status: PledgeStatus = PledgeStatus.PENDING

    def open_at(self, day: date) -> bool:
        cancelled = self.entry.cancelled_on
        return self.paid < self.entry.amount and (cancelled is None or day < cancelled)

    @property
    def due_order(self) -> tuple[Any, ...]:
        return _due_order(self.entry)


@dataclass(slots=True)
class PaymentState:
    entry: PaymentEntry
    allocations: list[Allocation] = field(default_factory=list)
    credit: Decimal = ZERO  # in the payment's currency
    value: Decimal = ZERO  # what arrived in the reporting currency: amount times rate, rounded once


@dataclass
class Ledger:
    as_of: date
    reporting_currency: str
    pledges: dict[int, PledgeState]
    payments: dict[int, PaymentState]


def _due_order(entry: PledgeEntry) -> tuple[Any, ...]:
    """Earliest due date (first instalment) first, then the pledge made first, then the id."""
    return (entry.schedule[0][0], entry.pledged_on, entry.id)


def in_effect_on(day: date, recorded_on: date, voided_on: date | None) -> bool:
    return recorded_on <= day and (voided_on is None or voided_on > day)


def replay(
    pledges: list[PledgeEntry],
    payments: list[PaymentEntry],
    as_of: date,
    reporting_currency: str,
) -> Ledger:
    """The state of every pledge and payment in effect at the end of ``as_of``."""
    pledge_states = {
        entry.id: PledgeState(entry)
        for entry in pledges
        if in_effect_on(as_of, entry.pledged_on, entry.voided_on)
    }
    for state in pledge_states.values():
        cancelled_on = state.entry.cancelled_on
        if cancelled_on is not None and cancelled_on > as_of:
            state.entry = _without_cancellation(state.entry)
    open_by_party: dict[int, list[PledgeState]] = defaultdict(list)
    for state in sorted(pledge_states.values(), key=lambda state: state.due_order):
        open_by_party[state.entry.party_id].append(state)

    payment_states: dict[int, PaymentState] = {}
    effective = [
        entry for entry in payments if in_effect_on(as_of, entry.received_on, entry.voided_on)
    ]
    for entry in sorted(effective, key=lambda entry: (entry.received_on, entry.id)):
        payment = PaymentState(
            entry, value=to_reporting(entry.amount, entry.rate, reporting_currency)
        )
        payment_states[entry.id] = payment
        remaining = entry.amount
        target = pledge_states.get(entry.pledge_id) if entry.pledge_id else None
        if target is not None and target.entry.party_id == entry.party_id:
            if target.open_at(entry.received_on):
                remaining = _settle(payment, target, remaining)
            target.overpaid += to_reporting(remaining, entry.rate, reporting_currency)
        else:
            remaining = _settle_in_due_order(payment, open_by_party[entry.party_id], remaining)
        payment.credit = remaining

    for state in pledge_states.values():
        _close(state, as_of)
    return Ledger(as_of, reporting_currency, pledge_states, payment_states)


def _settle_in_due_order(
    payment: PaymentState, candidates: list[PledgeState], remaining: Decimal
) -> Decimal:
    """Settle open pledges oldest-due first, dropping those closed for good.

    Payments are replayed in date order and a pledge never reopens (its paid
    amount only grows, a cancellation only takes effect), so a pledge closed
    for this payment is closed for every later one.
    """
    day = payment.entry.received_on
    closed = False
    for pledge in candidates:
        if remaining <= 0:
            break
        if pledge.open_at(day):
            remaining = _settle(payment, pledge, remaining)
        closed = closed or not pledge.open_at(day)
    if closed:  # most payments close nothing: the list is rebuilt only when one did
        candidates[:] = [pledge for pledge in candidates if pledge.open_at(day)]
    return remaining


def _without_cancellation(entry: PledgeEntry) -> PledgeEntry:
    return replace(entry, cancelled_on=None)


def _settle(payment: PaymentState, pledge: PledgeState, remaining: Decimal) -> Decimal:
    """Move what the pledge still needs out of ``remaining`` (payment currency); return the rest."""
    entry, target = payment.entry, pledge.entry
    needed = target.amount - pledge.paid
    if entry.currency == target.currency:
        pledge_amount = min(needed, remaining)
        payment_amount = pledge_amount
    else:
        available = convert(remaining, entry.rate, target.rate, target.currency)
        if available >= needed:
            pledge_amount = needed
            # Covering a need takes at least the payment units worth it: rounding half-even
            # could settle a small need with a payment amount of zero.
            payment_amount = min(
                remaining, convert(needed, target.rate, entry.rate, entry.currency, ROUND_UP)
            )
        else:
            pledge_amount, payment_amount = available, remaining
    if pledge_amount <= 0:
        return remaining
    pledge.paid += pledge_amount
    payment.allocations.append(Allocation(entry.id, target.id, payment_amount, pledge_amount))
    return remaining - payment_amount


def _close(state: PledgeState, as_of: date) -> None:
    """Outstanding, overdue, aging and status once every payment has been replayed."""
    entry = state.entry
    state.cancelled = entry.cancelled_on is not None
    if state.cancelled:
        state.outstanding = ZERO
        state.status = PledgeStatus.CANCELLED
        return
    state.outstanding = entry.amount - state.paid
    covered = state.paid
    state.aging = {name: ZERO for name, _last in AGING_BUCKETS}
    for due_on, amount in entry.schedule:
        uncovered = amount - min(amount, covered)
        covered -= min(amount, covered)
        days_late = (as_of - due_on).days
        if uncovered > 0 and days_late >= 1:
            state.overdue += uncovered
            state.overdue_since = state.overdue_since or due_on
            state.aging[_bucket(days_late)] += uncovered
    if state.overpaid > 0:
        state.status = PledgeStatus.OVERPAID
    elif state.outstanding == 0:
        state.status = PledgeStatus.PAID
    elif state.overdue > 0:
        state.status = PledgeStatus.OVERDUE
    elif state.paid > 0:
        state.status = PledgeStatus.PARTIALLY_PAID
    else:
        state.status = PledgeStatus.PENDING


def _bucket(days_late: int) -> str:
    """The first bucket whose last day is not passed (buckets ascend; the last has no end)."""
    return next(name for name, last in AGING_BUCKETS if last is None or days_late <= last)


@dataclass
class PartyFigures:
    """One party's row in the reporting currency (the identity is in the module docstring)."""

    pledged: Decimal = ZERO
    paid: Decimal = ZERO
    outstanding: Decimal = ZERO
    overdue: Decimal = ZERO
    credit: Decimal = ZERO
    exchange_loss: Decimal = ZERO
    exchange_gain: Decimal = ZERO
    aging: dict[str, Decimal] = field(
        default_factory=lambda: {name: ZERO for name, _last in AGING_BUCKETS}
    )
    statuses: list[PledgeStatus] = field(default_factory=list)
    last_payment: date | None = None
    sample: bool = False

    @property
    def status(self) -> PledgeStatus:
        return _party_status(self)


def _party_status(figures: PartyFigures) -> PledgeStatus:
    """One word for a party's row (a plain function, so mutation testing reaches it)."""
    if figures.overdue > 0:
        return PledgeStatus.OVERDUE
    if figures.outstanding > 0:
        return PledgeStatus.PARTIALLY_PAID if figures.paid > 0 else PledgeStatus.PENDING
    if not figures.statuses:
        return PledgeStatus.NO_PLEDGE  # paid without pledging: credit, but nothing was overpaid
    if figures.credit > 0:
        return PledgeStatus.OVERPAID
    if PledgeStatus.PAID in figures.statuses:
        return PledgeStatus.PAID
    return PledgeStatus.CANCELLED


def allocation_values(ledger: Ledger) -> dict[int, Decimal]:
    """Pledge id -> what the payments that settled it are worth at the payments' own rates.

    Per payment, the allocated value is its value minus its credit's value (each rounded
    once), shared among its allocations by rounding their running total; the last
    allocation takes the minor unit that rounding the parts separately may leave over.
    """
    currency = ledger.reporting_currency
    values: dict[int, Decimal] = defaultdict(Decimal)
    for payment in ledger.payments.values():
        entry = payment.entry
        allocated = payment.value - credit_value(payment, currency)
        if len(payment.allocations) == 1:  # most payments: the whole allocated value, no sharing
            values[payment.allocations[0].pledge_id] += allocated
            continue
        cumulative, shared = ZERO, ZERO
        for allocation in payment.allocations:
            cumulative += allocation.payment_amount
            value = to_reporting(cumulative, entry.rate, currency) - shared
            shared += value
            values[allocation.pledge_id] += value
        if payment.allocations:
            values[payment.allocations[-1].pledge_id] += allocated - shared
    return values


def credit_value(payment: PaymentState, reporting_currency: str) -> Decimal:
    """The payment's unallocated credit in the reporting currency (most payments have none)."""
    if not payment.credit:
        return ZERO
    return to_reporting(payment.credit, payment.entry.rate, reporting_currency)


def party_figures(ledger: Ledger) -> dict[int, PartyFigures]:
    """Per party, reporting-currency figures valued so that the ledger identity holds exactly.

    A pledge counts at its own recorded rate: what it settled is its value minus
    its outstanding value, and a cancelled pledge counts for what it settled.
    A payment counts at its own rate (``paid`` is what arrived), its unallocated
    credit too; the difference between what a pledge settled at its rate and what
    settled it at the payments' rates is the pledge's exchange loss or gain.
    """
    currency = ledger.reporting_currency
    settled_by = allocation_values(ledger)
    figures: dict[int, PartyFigures] = defaultdict(PartyFigures)
    for state in ledger.pledges.values():
        entry = state.entry
        row = figures[entry.party_id]
        counted = state.paid if state.cancelled else entry.amount
        pledged = to_reporting(counted, entry.rate, currency)
        outstanding = to_reporting(state.outstanding, entry.rate, currency)
        row.pledged += pledged
        row.outstanding += outstanding
        difference = pledged - outstanding - settled_by.get(entry.id, ZERO)
        if difference > 0:
            row.exchange_loss += difference
        else:
            row.exchange_gain -= difference
        # Round the running total, not each bucket, so the buckets add up to the overdue value.
        cumulative, converted = ZERO, ZERO
        for name, amount in state.aging.items():
            cumulative += amount
            value = to_reporting(cumulative, entry.rate, currency) - converted
            converted += value
            row.aging[name] += value
        row.overdue += converted
        row.statuses.append(state.status)
        row.sample = row.sample or entry.is_sample
    for payment in ledger.payments.values():
        received = payment.entry
        row = figures[received.party_id]
        row.credit += credit_value(payment, currency)
        row.paid += payment.value
        if row.last_payment is None or received.received_on > row.last_payment:
            row.last_payment = received.received_on
        row.sample = row.sample or received.is_sample
    return dict(figures)
