"""The data set's SAMPLE pledges and payments for the fourth conference."""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from planner.finance.models import Payment, Pledge
from planner.finance.status import load_ledger, status_of_contributions


def test_sample_ledger_covers_the_cases_and_is_marked_sample(session, demo):
    pledges = session.scalars(select(Pledge)).all()
    payments = session.scalars(select(Payment)).all()
    assert pledges and payments
    assert all(entry.is_sample for entry in [*pledges, *payments])
    assert {entry.currency for entry in [*pledges, *payments]} >= {"USD", "EUR", "JPY"}
    assert any(pledge.instalments for pledge in pledges)
    ledger = load_ledger(session, "fourth-2020", date(2020, 4, 24)).ledger
    statuses = {state.status for state in ledger.pledges.values()}
    assert {"overdue", "partially paid", "paid", "pending", "cancelled"} <= statuses
    report = status_of_contributions(session, "fourth-2020", date(2020, 4, 24))
    assert report.sample and report.budget_is_sample
    assert all(row.figures.sample for row in report.rows)
    for row in report.rows:
        figures = row.figures
        assert figures.pledged - figures.outstanding == (
            figures.paid - figures.credit + figures.exchange_loss - figures.exchange_gain
        )


def test_south_africa_paid_what_arrived_and_the_rest_is_an_exchange_loss(session, demo):
    """The issue's example: EUR 10,500 arrived at 1.09 = USD 11,445 (once shown as 11,745, the
    settled part counted at the pledge's rate); the pledge's valuation exceeds it by 300."""
    report = status_of_contributions(session, "fourth-2020", date(2020, 4, 24))
    south_africa = next(row.figures for row in report.rows if row.party == "ZAF")
    assert south_africa.paid == Decimal("11445.00")
    assert (south_africa.exchange_loss, south_africa.exchange_gain) == (Decimal("300.00"), 0)
