"""Several processes record payments for the same pledges at once (PostgreSQL, the multi-user
engine): every payment is recorded exactly once, allocations never exceed what is due, and the
totals are exact."""

import multiprocessing
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from planner.audit import Context
from planner.db import make_engine, unit_of_work
from planner.errors import Conflict
from planner.finance import operations
from planner.finance.models import Payment
from planner.finance.status import load_ledger, status_of_contributions

CONF = "fourth-2020"
WORKERS = 4
PAYMENTS_EACH = 12


def record_payments(url: str, worker: int, pledge_ids: list[int], barrier) -> list[str]:
    """One process: wait for the others, then record payments as fast as possible."""
    engine = make_engine(url)
    context = Context(actor=f"worker-{worker}", clock=lambda: datetime(2020, 4, 1, tzinfo=UTC))
    outcomes = []
    barrier.wait()
    for n in range(PAYMENTS_EACH):
        reference = "SHARED" if n == 0 else f"W{worker}-{n}"  # all workers race for SHARED
        try:
            with unit_of_work(engine) as session:
                operations.add_payment(
                    session,
                    context,
                    CONF,
                    party="TKM",
                    amount="333.33" if n % 2 else "250",
                    currency="USD" if n % 3 else "EUR",
                    rate=None if n % 3 else "1.10",
                    received=date(2020, 3, 1 + n),
                    pledge=pledge_ids[n % len(pledge_ids)] if n % 4 == 0 else None,
                    reference=reference,
                )
            outcomes.append(f"ok {reference}")
        except Conflict as error:
            outcomes.append(f"conflict {reference}: {error}")
    engine.dispose()
    return outcomes


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # the multi-user engine
def test_concurrent_payments_are_recorded_once_and_never_overallocated(
    database_url, engine, context, demo
):
    with unit_of_work(engine) as session:
        pledge_ids = [
            operations.add_pledge(
                session, context, CONF, party="TKM", amount=amount, currency=currency,
                rate=rate, due=due, pledged_on="2020-01-01", reference=f"TKM-{n}",
            ).id
            for n, (amount, currency, rate, due) in enumerate(
                [("3000", "USD", None, "2020-02-01"), ("2000", "EUR", "1.10", "2020-03-01"),
                 ("4000", "USD", None, "2020-05-01")]
            )
        ]  # fmt: skip
    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Manager().Barrier(WORKERS)
    with spawn.Pool(WORKERS) as pool:
        results = pool.starmap(
            record_payments, [(database_url, w, pledge_ids, barrier) for w in range(WORKERS)]
        )
    outcomes = [line for result in results for line in result]
    assert sum(line.startswith("ok SHARED") for line in outcomes) == 1
    assert sum(line.startswith("conflict SHARED") for line in outcomes) == WORKERS - 1
    assert all("already has a payment" in line or "just recorded" in line
               for line in outcomes if line.startswith("conflict"))  # fmt: skip

    expected = WORKERS * (PAYMENTS_EACH - 1) + 1
    with unit_of_work(engine) as session:
        tkm = select(Payment).where(Payment.reference.is_not(None), Payment.party.has(code="TKM"))
        payments = session.scalars(tkm).all()
        assert len(payments) == expected
        assert len({(p.reference) for p in payments}) == expected
        ledger = load_ledger(session, CONF, date(2020, 12, 31)).ledger
        for pledge_id in pledge_ids:
            state = ledger.pledges[pledge_id]
            allocated = sum(
                (a.pledge_amount for p in ledger.payments.values() for a in p.allocations
                 if a.pledge_id == pledge_id),
                Decimal(0),
            )  # fmt: skip
            assert allocated == state.paid <= state.entry.amount
        for payment in payments:
            state = ledger.payments[payment.id]
            spent = sum((a.payment_amount for a in state.allocations), Decimal(0))
            assert spent + state.credit == payment.amount
        by_currency = status_of_contributions(session, CONF, date(2020, 12, 31)).by_currency
        usd = session.scalar(select(func.sum(Payment.amount)).where(Payment.currency == "USD"))
        assert by_currency["USD"]["paid"] == usd
        row = next(
            r for r in status_of_contributions(session, CONF, date(2020, 12, 31)).rows
            if r.party == "TKM"
        )  # fmt: skip
        figures = row.figures
        assert figures.pledged - figures.outstanding == (
            figures.paid - figures.credit + figures.exchange_loss - figures.exchange_gain
        )
        assert figures.outstanding == 0 and figures.credit > 0
