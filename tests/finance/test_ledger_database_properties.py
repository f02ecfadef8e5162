"""The ledger identity through the real operations and database, on both engines: any sequence
of pledges, payments, cancellations and voids keeps pledged - outstanding = paid - credit +
exchange loss - exchange gain, in every row and in the totals."""

import itertools
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.conferences.operations import add_conference
from planner.errors import PlannerError
from planner.finance import operations
from planner.finance.status import status_of_contributions

PARTIES = ("MNG", "KAZ", "NZL")
START = date(2020, 1, 1)
slugs = itertools.count()

day = st.integers(0, 200).map(lambda n: START + timedelta(days=n))
pledge_step = st.tuples(
    st.just("pledge"),
    st.sampled_from(PARTIES),
    st.sampled_from(
        [("100", "USD", None), ("250.50", "EUR", "1.1037"), ("50000", "JPY", "0.0091")]
    ),
    day,
    day,
)
payment_step = st.tuples(
    st.just("payment"),
    st.sampled_from(PARTIES),
    st.sampled_from([("80", "USD", None), ("99.99", "EUR", "1.08"), ("12345", "JPY", "0.0093")]),
    day,
    st.none() | st.integers(0, 5),
)
correction_step = st.tuples(
    st.sampled_from(["cancel", "void pledge", "void payment"]), st.integers(0, 5), day
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(st.one_of(pledge_step, payment_step, correction_step), max_size=12),
    as_of=day,
)
def test_identity_holds_for_any_sequence(session, context, demo, steps, as_of):
    slug = f"prop-{next(slugs)}"
    add_conference(
        session, context, slug=slug, title="P", start="2021-01-01", end="2021-01-01",
        timezone="UTC", venue="V",
    )  # fmt: skip
    pledges, payments = [], []
    for step in steps:
        try:
            with session.begin_nested():
                pledges_or_payments(session, context, slug, step, pledges, payments)
        except PlannerError:
            pass  # refused steps (e.g. paying a cancelled pledge) change nothing
    report = status_of_contributions(session, slug, as_of)
    for row in report.rows:
        figures = row.figures
        assert figures.pledged - figures.outstanding == (
            figures.paid - figures.credit + figures.exchange_loss - figures.exchange_gain
        )
        assert min(figures.outstanding, figures.credit) >= 0
        assert min(figures.exchange_loss, figures.exchange_gain) >= 0
        assert figures.overdue <= figures.outstanding
        if figures.status in ("paid", "overpaid", "cancelled"):
            assert figures.outstanding == 0
        if figures.status == "pending":
            assert figures.paid == 0 and figures.overdue == 0
    totals = report.totals
    assert totals.pledged - totals.outstanding == (
        totals.paid - totals.credit + totals.exchange_loss - totals.exchange_gain
    )
    session.rollback()


def pledges_or_payments(session, context, slug, step, pledges, payments):
    kind = step[0]
    if kind == "pledge":
        _kind, party, (amount, currency, rate), pledged_on, due = step
        pledges.append(
            operations.add_pledge(
                session, context, slug, party=party, amount=amount, currency=currency,
                rate=rate, due=max(due, pledged_on), pledged_on=pledged_on,
            ).id
        )  # fmt: skip
    elif kind == "payment":
        _kind, party, (amount, currency, rate), received, target = step
        pledge = pledges[target % len(pledges)] if target is not None and pledges else None
        payments.append(
            operations.add_payment(
                session, context, slug, party=party, amount=amount, currency=currency,
                rate=rate, received=received, pledge=pledge,
            ).id
        )  # fmt: skip
    else:
        _kind, index, on = step
        targets = payments if kind == "void payment" else pledges
        if not targets:
            return
        record = targets[index % len(targets)]
        action = {
            "cancel": operations.cancel_pledge,
            "void pledge": operations.void_pledge,
            "void payment": operations.void_payment,
        }[kind]
        action(session, context, record, reason="property", on=on)
