"""The ledger identity through the real operations and database, on both engines: any sequence
of pledges, payments, cancellations and voids keeps pledged - outstanding = paid - credit +
exchange loss - exchange gain, in every row and in the totals."""

import itertools
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from planner.conferences.models import Conference
from planner.conferences.operations import add_conference
from planner.directory.models import Party
from planner.errors import PlannerError
from planner.finance import operations
from planner.finance.ledger import PaymentEntry, party_figures, replay
from planner.finance.models import Payment, Void
from planner.finance.status import load_ledger, status_of_contributions

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


any_step = st.one_of(pledge_step, payment_step, correction_step)
# Each example migrates nothing but writes a conference's entries: a dozen per run.
database_examples = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def conference_after(session, context, steps):
    """A new conference with the steps applied; a refused step (paying a cancelled pledge,
    say) changes nothing. Its slug."""
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
            pass
    return slug


@database_examples
@given(
    steps=st.lists(any_step, max_size=12),
    as_of=day,
)
def test_identity_holds_for_any_sequence(session, context, demo, steps, as_of):
    slug = conference_after(session, context, steps)
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


@database_examples
@given(
    steps=st.lists(any_step, max_size=12),
    other=st.lists(any_step, max_size=6),
    as_of=day,
)
def test_status_reads_the_payments_as_the_plain_replay_of_their_records(
    session, context, demo, steps, other, as_of
):
    """The status reads payments as integer rows, their voids in a query of their own, and
    the parties by the ids read: the same figures as replaying the payments loaded as
    records, for any sequence, with another conference's voids beside it."""
    slug = conference_after(session, context, steps)
    conference_after(session, context, other)  # another conference's voids beside it
    view = load_ledger(session, slug, as_of)
    records = session.scalars(
        select(Payment)
        .join(Conference, Conference.id == Payment.conference_id)
        .where(Conference.slug == slug, Payment.received_on <= as_of)
        .order_by(Payment.id)
    ).all()
    voids = {void.payment_id: void.voided_on for void in session.scalars(select(Void))}
    entries = [
        PaymentEntry(
            payment.id,
            payment.party_id,
            payment.amount,
            payment.currency,
            payment.rate,
            payment.received_on,
            payment.pledge_id,
            voids.get(payment.id),
            payment.is_sample,
        )
        for payment in records
    ]
    assert view.payment_entries == entries
    plain = replay(view.pledge_entries, entries, as_of, view.conference.currency)
    assert view.ledger.received == plain.received
    assert view.ledger.receipts == plain.receipts
    assert view.ledger.received_by_currency == plain.received_by_currency
    assert view.ledger.payments == plain.payments
    codes = {party.id: party.code for party in session.scalars(select(Party))}
    expected = {codes[party_id]: row for party_id, row in party_figures(plain).items()}
    report = status_of_contributions(session, slug, as_of)
    assert {row.party: row.figures for row in report.rows} == expected
    assert set(view.parties) == {entry.party_id for entry in view.pledge_entries} | {
        entry.party_id for entry in entries
    }
    session.rollback()
