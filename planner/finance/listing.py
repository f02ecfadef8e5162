"""Pledges and payments as listed rows: what is paid, outstanding and allocated as of a date.

Shared by ``pledge list``/``payment list`` and the finance officer's web pages, so both
show the same figures from the same replayed ledger.
"""

from decimal import Decimal
from typing import Any

from planner.finance.ledger import PledgeStatus
from planner.finance.money import plain_rate, round_to_minor_unit
from planner.finance.status import LedgerView


def pledge_rows(view: LedgerView) -> list[dict[str, Any]]:
    rows = []
    for entry in view.pledge_entries:
        info = view.pledges[entry.id]

        def money(amount: Decimal, currency: str = entry.currency) -> Decimal:
            return round_to_minor_unit(amount, currency)

        state = view.ledger.pledges.get(entry.id)
        rows.append(
            {
                "id": entry.id,
                "conference": view.conference.slug,
                "party": view.parties[entry.party_id].code,
                "amount": money(entry.amount),
                "currency": entry.currency,
                "rate": plain_rate(entry.rate),
                "pledged": entry.pledged_on,
                "due": [f"{due}={money(amount)}" for due, amount in entry.schedule],
                "paid": money(state.paid) if state else None,
                "outstanding": money(state.outstanding) if state else None,
                "overdue": money(state.overdue) if state else None,
                "status": state.status if state else PledgeStatus.VOIDED,
                "reason": info.cancel_reason or info.void_reason,
                "reference": info.reference,
                "note": info.note,
                "sample": entry.is_sample,
            }
        )
    return rows


def payment_rows(view: LedgerView) -> list[dict[str, Any]]:
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
                {
                    "pledge": allocation.pledge_id,
                    "amount": round_to_minor_unit(allocation.payment_amount, entry.currency),
                    "pledge_amount": round_to_minor_unit(allocation.pledge_amount, pledge_currency),
                    "pledge_currency": pledge_currency,
                }
            )
        amount = round_to_minor_unit(entry.amount, entry.currency)
        rows.append(
            {
                "id": entry.id,
                "entry": "payment",
                "conference": view.conference.slug,
                "party": code,
                "date": entry.received_on,
                "amount": amount,
                "currency": entry.currency,
                "rate": plain_rate(entry.rate),
                "pledge": entry.pledge_id,
                "allocations": allocations,
                "credit": round_to_minor_unit(state.credit, entry.currency) if state else None,
                "reference": info.reference,
                "note": info.note,
                "sample": entry.is_sample,
            }
        )
        if info.voided_on:
            rows.append(
                {
                    "id": entry.id,
                    "entry": "void",
                    "conference": view.conference.slug,
                    "party": code,
                    "date": info.voided_on,
                    "amount": -amount,
                    "currency": entry.currency,
                    "rate": plain_rate(entry.rate),
                    "pledge": entry.pledge_id,
                    "allocations": [],
                    "credit": None,
                    "reference": info.reference,
                    "note": info.void_reason,
                    "sample": entry.is_sample,
                }
            )
    return rows
