"""Pledges and payments as listed rows: what is paid, outstanding and allocated as of a date.

Shared by ``pledge list``/``payment list`` and the finance officer's web pages, so both
show the same figures from the same replayed ledger. The rows are dataclasses (the pages
read their attributes); ``dataclasses.asdict`` gives the CLI's records, whose keys are the
fields in the order declared here (a stable JSON shape).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from planner.finance.ledger import PledgeStatus
from planner.finance.money import plain_rate, round_to_minor_unit
from planner.finance.status import LedgerView


@dataclass
class PledgeRow:
    id: int
    conference: str
    party: str
    amount: Decimal
    currency: str
    rate: Decimal
    pledged: date
    due: list[str]  # "due date=amount", one per instalment
    paid: Decimal | None  # None for a voided pledge: it never counted
    outstanding: Decimal | None
    overdue: Decimal | None
    status: PledgeStatus
    reason: str | None  # why it was cancelled or voided
    reference: str | None
    note: str | None
    sample: bool
    rate_from_table: int | None = None  # the rates table's entry the rate came from; None: given


@dataclass
class AllocationRow:
    pledge: int
    amount: Decimal  # in the payment's currency
    pledge_amount: Decimal  # in the pledge's currency
    pledge_currency: str


@dataclass
class PaymentRow:
    id: int
    entry: str  # payment, or void for the reversing row that follows a voided payment
    conference: str
    party: str
    date: date
    amount: Decimal
    currency: str
    rate: Decimal
    pledge: int | None
    allocations: list[AllocationRow] = field(default_factory=list)
    credit: Decimal | None = None
    reference: str | None = None
    note: str | None = None
    sample: bool = False
    rate_from_table: int | None = None  # the rates table's entry the rate came from; None: given


def pledge_rows(view: LedgerView) -> list[PledgeRow]:
    rows = []
    for entry in view.pledge_entries:
        info = view.pledges[entry.id]

        def money(amount: Decimal, currency: str = entry.currency) -> Decimal:
            return round_to_minor_unit(amount, currency)

        state = view.ledger.pledges.get(entry.id)
        rows.append(
            PledgeRow(
                id=entry.id,
                conference=view.conference.slug,
                party=view.parties[entry.party_id].code,
                amount=money(entry.amount),
                currency=entry.currency,
                rate=plain_rate(entry.rate),
                pledged=entry.pledged_on,
                due=[f"{due}={money(amount)}" for due, amount in entry.schedule],
                paid=money(state.paid) if state else None,
                outstanding=money(state.outstanding) if state else None,
                overdue=money(state.overdue) if state else None,
                status=state.status if state else PledgeStatus.VOIDED,
                reason=info.cancel_reason or info.void_reason,
                reference=info.reference,
                note=info.note,
                sample=entry.is_sample,
                rate_from_table=info.rate_from_table,
            )
        )
    return rows


def payment_rows(view: LedgerView) -> list[PaymentRow]:
    """Each payment with its allocations, and each void as a reversing row after it."""
    rows = []
    for entry in view.payment_entries:
        info = view.payments[entry.id]
        state = view.ledger.payments.get(entry.id)
        code = view.parties[entry.party_id].code
        allocations = []
        for allocation in state.allocations if state else []:
            pledge_currency = view.ledger.pledges[allocation.pledge_id].entry.currency
            allocations.append(
                AllocationRow(
                    pledge=allocation.pledge_id,
                    amount=round_to_minor_unit(allocation.payment_amount, entry.currency),
                    pledge_amount=round_to_minor_unit(allocation.pledge_amount, pledge_currency),
                    pledge_currency=pledge_currency,
                )
            )
        amount = round_to_minor_unit(entry.amount, entry.currency)
        payment = PaymentRow(
            id=entry.id,
            entry="payment",
            conference=view.conference.slug,
            party=code,
            date=entry.received_on,
            amount=amount,
            currency=entry.currency,
            rate=plain_rate(entry.rate),
            pledge=entry.pledge_id,
            allocations=allocations,
            credit=round_to_minor_unit(state.credit, entry.currency) if state else None,
            reference=info.reference,
            note=info.note,
            sample=entry.is_sample,
            rate_from_table=info.rate_from_table,
        )
        rows.append(payment)
        if info.voided_on:
            rows.append(
                PaymentRow(
                    id=entry.id,
                    entry="void",
                    conference=view.conference.slug,
                    party=code,
                    date=info.voided_on,
                    amount=-amount,
                    currency=entry.currency,
                    rate=payment.rate,
                    pledge=entry.pledge_id,
                    reference=info.reference,
                    note=info.void_reason,
                    sample=entry.is_sample,
                )
            )
    return rows
