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

Speed (issue 15: 100,000 payments): payments are replayed as integer rows
(:data:`PaymentRow`: amounts in 10**-6 units, rates in 10**-10 units, as the
database stores them), each party's on its own, in one pass that also sums what
arrived per party, day and currency and what each pledge was settled by. Every
rounding goes through ``money.round_ratio``/``money.divide_half_even`` (exact
integers), the same rule ``money.to_reporting`` and ``money.convert`` apply to
Decimals, so the figures are the same to the minor unit. Per-payment states with
Decimal amounts (``Ledger.payments``) are built only when a listing asks.

This module is pure (no database), so the property tests drive it directly.
"""

from collections import defaultdict
from dataclasses import dataclass, field, fields, replace
from datetime import date
from decimal import ROUND_UP, Decimal
from enum import StrEnum
from functools import cached_property
from operator import itemgetter
from typing import Any, cast

from planner.finance.money import (
    MICRO,
    MICRO_EXPONENT,
    RATE_DECIMALS,
    divide_half_even,
    from_minor_units,
    from_whole_units,
    micro_per_minor_unit,
    minor_units_per_unit,
    round_ratio,
    to_reporting,
    whole_units,
)

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
    # What the payments that settled it are worth at their own rates (reporting currency).
    settled_value: Decimal = ZERO

    @property
    def due_order(self) -> tuple[Any, ...]:
        return _due_order(self.entry)


@dataclass(slots=True)
class PaymentState:
    entry: PaymentEntry
    allocations: list[Allocation] = field(default_factory=list)
    credit: Decimal = ZERO  # in the payment's currency
    value: Decimal = ZERO  # what arrived in the reporting currency: amount times rate, rounded once


@dataclass(slots=True)
class Received:
    """A party's payments in effect, in the reporting currency, each valued at its own rate."""

    paid: Decimal = ZERO
    credit: Decimal = ZERO  # the unallocated rest of each payment, at that payment's rate
    last_payment: date | None = None
    sample: bool = False


# A payment as the replay reads it, straight from a database row: PaymentEntry's fields in
# its order, the amount and the rate as whole units of their stored scale (STORED_DECIMALS:
# 10**-6 and 10**-10). Integers, so that 100,000 payments cost no Decimal each; the Decimal
# PaymentEntry is built from it only when a listing asks.
PaymentRow = tuple[int, int, int, str, int, date, int | None, date | None, bool]
PAYMENT_ROW_FIELDS = tuple(column.name for column in fields(PaymentEntry))
STORED_DECIMALS = {"amount": MICRO_EXPONENT, "rate": RATE_DECIMALS}
_ID, _RECEIVED = itemgetter(0), itemgetter(5)
RATE_UNIT = 10**RATE_DECIMALS
# A payment row's amount times its rate is in 10**-6 * 10**-10 units: divided by this, units.
_AMOUNT_TIMES_RATE = MICRO * RATE_UNIT


def payment_row(entry: PaymentEntry) -> PaymentRow:
    """The replay's integer view of a payment entry."""
    values = {name: getattr(entry, name) for name in PAYMENT_ROW_FIELDS}
    for name, decimals in STORED_DECIMALS.items():
        values[name] = whole_units(values[name], decimals)
    return cast(PaymentRow, tuple(values.values()))


def payment_entry(row: PaymentRow) -> PaymentEntry:
    """The payment entry a row stands for, its amounts Decimal again."""
    values: dict[str, Any] = dict(zip(PAYMENT_ROW_FIELDS, row, strict=True))
    for name, decimals in STORED_DECIMALS.items():
        values[name] = from_whole_units(values[name], decimals)
    return PaymentEntry(**values)


@dataclass
class Ledger:
    """The replayed ledger: pledge states, and what arrived summed per party, day and currency.

    Per-payment states (``payments``) are built on first use from the rows and the
    allocations the replay kept: a report needs only the sums.
    """

    as_of: date
    reporting_currency: str
    pledges: dict[int, PledgeState]
    received: dict[int, Received]  # by party id
    receipts: list[tuple[date, Decimal]]  # per day with a payment in effect, in date order
    # Per original currency: the payments' amounts and their unallocated credit.
    received_by_currency: dict[str, tuple[Decimal, Decimal]]
    _rows: list[PaymentRow] = field(repr=False)  # the payments in effect, each party's in order
    _allocations: list[tuple[int, int, int, int]] = field(repr=False)  # ids, then 10**-6 units
    _credits: dict[int, int] = field(repr=False)  # payment id -> credit in 10**-6 units

    @cached_property
    def payments(self) -> dict[int, PaymentState]:
        """Each payment in effect with its allocations, credit and value."""
        states: dict[int, PaymentState] = {}
        for row in self._rows:
            entry = payment_entry(row)
            states[entry.id] = PaymentState(
                entry,
                credit=from_whole_units(self._credits.get(entry.id, 0), MICRO_EXPONENT),
                value=to_reporting(entry.amount, entry.rate, self.reporting_currency),
            )
        for payment_id, pledge_id, payment_amount, pledge_amount in self._allocations:
            states[payment_id].allocations.append(
                Allocation(
                    payment_id,
                    pledge_id,
                    from_whole_units(payment_amount, MICRO_EXPONENT),
                    from_whole_units(pledge_amount, MICRO_EXPONENT),
                )
            )
        return states


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
    return replay_rows(
        pledges, [payment_row(entry) for entry in payments], as_of, reporting_currency
    )


@dataclass(slots=True)
class _Settling:
    """A pledge while payments are replayed: its amounts in 10**-6 units, its rate as a ratio."""

    state: PledgeState
    id: int
    party_id: int
    amount: int
    currency: str
    rate_numerator: int
    rate_denominator: int
    minor: int  # 10**-6 units per minor unit of its currency
    # A payment row's amount times its rate, times this numerator over this denominator, is
    # the amount in minor units of the pledge's currency (before rounding).
    into_numerator: int
    into_denominator: int
    cancelled_on: date | None
    paid: int = 0
    overpaid: int = 0  # reporting currency minor units
    settled_value: int = 0  # reporting currency minor units

    def open_at(self, day: date) -> bool:
        return self.paid < self.amount and (self.cancelled_on is None or day < self.cancelled_on)

    def worth(self, amount: int, rate: int) -> int:
        """What a payment row's amount at its rate is worth in this pledge's currency (10**-6
        units, rounded half-even to the minor unit): the one conversion of a settlement."""
        return self.minor * divide_half_even(
            amount * rate * self.into_numerator, self.into_denominator
        )


def _settling(state: PledgeState) -> _Settling:
    entry = state.entry
    numerator, denominator = entry.rate.as_integer_ratio()
    return _Settling(
        state,
        entry.id,
        entry.party_id,
        whole_units(entry.amount, MICRO_EXPONENT),
        entry.currency,
        numerator,
        denominator,
        micro_per_minor_unit(entry.currency),
        denominator * minor_units_per_unit(entry.currency),
        _AMOUNT_TIMES_RATE * numerator,
        entry.cancelled_on,
    )


def replay_rows(
    pledges: list[PledgeEntry],
    payments: list[PaymentRow],
    as_of: date,
    reporting_currency: str,
) -> Ledger:
    """:func:`replay` on payment rows (see :data:`PaymentRow`): what ``finance status`` reads.

    Amounts move as integers and are rounded by ``money.round_ratio``, the same rounding
    as ``money.convert`` and ``money.to_reporting``; the figures become Decimals again once
    every payment has been replayed.
    """
    settling: dict[int, _Settling] = {}
    for entry in pledges:
        if in_effect_on(as_of, entry.pledged_on, entry.voided_on):
            cancelled_on = entry.cancelled_on
            if cancelled_on is not None and cancelled_on > as_of:
                entry = _without_cancellation(entry)
            settling[entry.id] = _settling(PledgeState(entry))
    open_by_party: dict[int, list[_Settling]] = defaultdict(list)
    for pledge in sorted(settling.values(), key=lambda pledge: pledge.state.due_order):
        open_by_party[pledge.party_id].append(pledge)

    replayed = _Replay(reporting_currency, settling)
    # Parties settle only their own pledges: each party's payments replay on their own.
    by_party: dict[int, list[PaymentRow]] = defaultdict(list)
    for row in payments:
        if row[5] <= as_of and (row[7] is None or row[7] > as_of):
            by_party[row[1]].append(row)
    for party_id, rows in by_party.items():
        # Received date, then id: two stable sorts on one key each are cheaper than one on a
        # tuple, and the first costs one pass when the rows come in id order (as read).
        rows.sort(key=_ID)
        rows.sort(key=_RECEIVED)
        replayed.party(party_id, rows, open_by_party.get(party_id, []))

    minor = reporting_currency
    pledge_states = {}
    for pledge in settling.values():
        state = pledge.state
        state.paid = from_whole_units(pledge.paid, MICRO_EXPONENT)
        state.overpaid = from_minor_units(pledge.overpaid, minor)
        state.settled_value = from_minor_units(pledge.settled_value, minor)
        _close(state, as_of)
        pledge_states[pledge.id] = state
    return Ledger(
        as_of,
        reporting_currency,
        pledge_states,
        {
            party_id: Received(
                from_minor_units(paid, minor), from_minor_units(credit, minor), last, sample
            )
            for party_id, (paid, credit, last, sample) in replayed.by_party.items()
        },
        [(day, from_minor_units(value, minor)) for day, value in sorted(replayed.by_day.items())],
        {
            currency: (
                from_whole_units(amount, MICRO_EXPONENT),
                from_whole_units(credit, MICRO_EXPONENT),
            )
            for currency, (amount, credit) in sorted(replayed.by_currency.items())
        },
        replayed.rows,
        replayed.allocations,
        replayed.credits,
    )


class _Replay:
    """The payments replayed one by one, in received order, and what they add up to."""

    def __init__(self, reporting_currency: str, pledges: dict[int, _Settling]) -> None:
        # A row's amount times its rate divided by this: minor units of the reporting currency.
        self.to_reporting = _AMOUNT_TIMES_RATE // minor_units_per_unit(reporting_currency)
        self.pledges = pledges
        self.rows: list[PaymentRow] = []
        self.allocations: list[tuple[int, int, int, int]] = []
        self.credits: dict[int, int] = {}
        # party id -> (paid, credit) in reporting minor units, last payment, sample
        self.by_party: dict[int, tuple[int, int, date, bool]] = {}
        self.by_day: dict[date, int] = defaultdict(int)
        self.by_currency: dict[str, list[int]] = {}  # currency -> [amount, credit] (10**-6)

    def party(self, party_id: int, rows: list[PaymentRow], candidates: list[_Settling]) -> None:
        """Settle one party's payments in received order and add them to the sums.

        The replay's hot loop: integers only, one pass, and the party's figures in locals.
        Most payments are aimed at no pledge and the earliest-due pledge is open and needs
        more than the payment brings, so it takes the whole payment: that case is settled
        here, every other in :meth:`_payment` (which would settle it the same way, through
        its loop and calls).
        """
        to_reporting, allocations, divide = self.to_reporting, self.allocations, divide_half_even
        by_day, by_currency = self.by_day, self.by_currency
        paid = credited = 0
        sample = False
        for row in rows:
            payment_id, _party, amount, currency, rate, received_on, aimed_at, _void, flag = row
            value = divide(amount * rate, to_reporting)
            paid += value
            sample = sample or flag
            by_day[received_on] += value
            sums = by_currency.get(currency)
            if sums is None:
                sums = by_currency[currency] = [0, 0]  # amount, credit (10**-6 units)
            sums[0] += amount
            if candidates and not aimed_at:
                head = candidates[0]
                if head.cancelled_on is None or received_on < head.cancelled_on:
                    taken = amount if head.currency == currency else head.worth(amount, rate)
                    if 0 < taken < head.amount - head.paid:
                        head.paid += taken
                        head.settled_value += value
                        allocations.append((payment_id, head.id, amount, taken))
                        continue
            credit, remaining = self._payment(row, value, candidates)
            credited += credit
            sums[1] += remaining
        self.rows.extend(rows)
        self.by_party[party_id] = (paid, credited, rows[-1][5], sample)

    def _payment(self, row: PaymentRow, value: int, candidates: list[_Settling]) -> tuple[int, int]:
        """Settle one payment (its aimed pledge first, else the open ones in due order) and
        share its value; its credit (reporting minor units) and what it left unallocated."""
        payment_id, party_id, amount, _currency, rate, received_on, aimed_at = row[:7]
        allocations, to_reporting = self.allocations, self.to_reporting
        first = len(allocations)
        remaining = amount
        target = self.pledges.get(aimed_at) if aimed_at else None
        if target is not None and target.party_id == party_id:
            if target.open_at(received_on):
                remaining = self._settle(row, target, remaining)
            target.overpaid += divide_half_even(remaining * rate, to_reporting)
        elif candidates:
            remaining = self._settle_in_due_order(row, candidates, remaining)
        credit = 0
        if remaining:
            self.credits[payment_id] = remaining
            credit = divide_half_even(remaining * rate, to_reporting)
        if len(allocations) == first + 1:  # one pledge takes the whole allocated value
            self.pledges[allocations[first][1]].settled_value += value - credit
        elif len(allocations) > first:
            self._share(first, value - credit, rate)
        return credit, remaining

    def _share(self, first: int, allocated: int, rate: int) -> None:
        """Share a payment's value among the pledges it settled, at the payment's rate.

        The allocated value (the payment's value minus its credit's, each rounded once) is
        shared by rounding the allocations' running total; the last allocation takes the
        minor unit that rounding the parts separately may leave over.
        """
        allocations = self.allocations
        cumulative = shared = 0
        for _payment, pledge_id, payment_amount, _pledge_amount in allocations[first:]:
            cumulative += payment_amount
            value = divide_half_even(cumulative * rate, self.to_reporting) - shared
            shared += value
            self.pledges[pledge_id].settled_value += value
        self.pledges[allocations[-1][1]].settled_value += allocated - shared

    def _settle_in_due_order(
        self, row: PaymentRow, candidates: list[_Settling], remaining: int
    ) -> int:
        """Settle open pledges oldest-due first, dropping those closed for good.

        Payments are replayed in date order and a pledge never reopens (its paid
        amount only grows, a cancellation only takes effect), so a pledge closed
        for this payment is closed for every later one.
        """
        day = row[5]
        closed = False
        for pledge in candidates:
            if remaining <= 0:
                break
            cancelled_on = pledge.cancelled_on  # open_at, written out: once per payment
            if pledge.paid < pledge.amount and (cancelled_on is None or day < cancelled_on):
                remaining = self._settle(row, pledge, remaining)
                closed = closed or pledge.paid >= pledge.amount
            else:
                closed = True
        if closed:  # most payments close nothing: the list is rebuilt only when one did
            candidates[:] = [pledge for pledge in candidates if pledge.open_at(day)]
        return remaining

    def _settle(self, row: PaymentRow, pledge: _Settling, remaining: int) -> int:
        """Move what the pledge needs out of ``remaining`` (payment currency); return the rest.

        Between currencies the amount goes through both recorded rates, rounded half-even
        to the pledge currency's minor unit; covering a need takes at least the payment
        units worth it (rounded up): half-even could settle a small need with nothing.
        """
        currency, rate = row[3], row[4]
        needed = pledge.amount - pledge.paid
        if currency == pledge.currency:
            pledge_amount = payment_amount = min(needed, remaining)
        else:
            available = pledge.worth(remaining, rate)
            if available >= needed:
                pledge_amount = needed
                payment_amount = min(
                    remaining,
                    micro_per_minor_unit(currency)
                    * round_ratio(
                        needed * pledge.rate_numerator * RATE_UNIT,
                        MICRO * pledge.rate_denominator * rate,
                        currency,
                        ROUND_UP,
                    ),
                )
            else:
                pledge_amount, payment_amount = available, remaining
        if pledge_amount <= 0:
            return remaining
        pledge.paid += pledge_amount
        self.allocations.append((row[0], pledge.id, payment_amount, pledge_amount))
        return remaining - payment_amount


def _without_cancellation(entry: PledgeEntry) -> PledgeEntry:
    return replace(entry, cancelled_on=None)


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


def party_figures(ledger: Ledger) -> dict[int, PartyFigures]:
    """Per party, reporting-currency figures valued so that the ledger identity holds exactly.

    A pledge counts at its own recorded rate: what it settled is its value minus
    its outstanding value, and a cancelled pledge counts for what it settled.
    A payment counts at its own rate (``paid`` is what arrived), its unallocated
    credit too; the difference between what a pledge settled at its rate and what
    settled it at the payments' rates (``settled_value``) is the pledge's exchange
    loss or gain.
    """
    currency = ledger.reporting_currency
    no_value = from_minor_units(0, currency)
    figures: dict[int, PartyFigures] = defaultdict(PartyFigures)
    for state in ledger.pledges.values():
        entry = state.entry
        row = figures[entry.party_id]
        counted = state.paid if state.cancelled else entry.amount
        pledged = to_reporting(counted, entry.rate, currency)
        outstanding = to_reporting(state.outstanding, entry.rate, currency)
        row.pledged += pledged
        row.outstanding += outstanding
        difference = pledged - outstanding - state.settled_value
        if difference > 0:
            row.exchange_loss += difference
        else:
            row.exchange_gain -= difference
        # Round the running total, not each bucket, so the buckets add up to the overdue value.
        # An empty bucket leaves the total as it was: its value is a zero in minor units,
        # as converting the same total again would give (most pledges have no overdue).
        cumulative, converted = ZERO, ZERO
        for name, amount in state.aging.items():
            if amount:
                cumulative += amount
                value = to_reporting(cumulative, entry.rate, currency) - converted
            else:
                value = no_value
            converted += value
            row.aging[name] += value
        row.overdue += converted
        row.statuses.append(state.status)
        row.sample = row.sample or entry.is_sample
    for party_id, received in ledger.received.items():
        row = figures[party_id]
        row.credit += received.credit
        row.paid += received.paid
        row.last_payment = received.last_payment
        row.sample = row.sample or received.sample
    return dict(figures)
