"""The status of contributions costs the same number of queries for 10 or 1,000 payments."""

from datetime import date

from sqlalchemy import delete, select

from planner.directory.models import Membership, Party
from planner.finance.status import status_of_contributions
from tests.conftest import count_queries
from tests.finance.factory import fill


def test_query_count_does_not_grow_with_the_data(engine, session):
    small = fill(session, parties=3, pledges=6, payments=10, seed=1)
    large = fill(session, parties=40, pledges=200, payments=1000, seed=2)
    session.commit()
    as_of = date(2020, 6, 1)
    counts = []
    for conference in (small, large):
        session.expunge_all()
        counts.append(
            count_queries(engine, lambda slug=conference.slug: _report(session, slug, as_of))[0]
        )
    assert counts[0] == counts[1] <= 7, counts
    report = status_of_contributions(session, large.slug, as_of)
    assert len(report.rows) == 40
    totals = report.totals
    assert totals.pledged - totals.outstanding == (
        totals.paid - totals.credit + totals.exchange_loss - totals.exchange_gain
    )


def _report(session, slug, as_of):
    report = status_of_contributions(session, slug, as_of)
    report.as_json()  # rendering must not lazy-load anything either


def test_each_party_is_shown_in_its_first_zone_by_code_or_in_none(engine, session):
    """The parties are read with their zones in one query, by the ids of the entries read."""
    conference = fill(session, parties=3, pledges=6, payments=10, seed=3)
    first, second, third = session.scalars(
        select(Party).where(Party.code.like("B3%")).order_by(Party.code)
    ).all()
    other = Party(code="AZONE", kind="zone", name="Another zone")
    session.add(other)
    session.flush()
    session.add(
        Membership(state_id=first.id, zone_id=other.id, role="party", as_of=date(2020, 1, 1),
                   source="t")
    )  # fmt: skip
    session.execute(delete(Membership).where(Membership.state_id == third.id))
    session.commit()
    report = status_of_contributions(session, conference.slug, date(2020, 6, 1))
    assert [(row.party, row.zone, row.zone_name) for row in report.rows] == [
        (first.code, "AZONE", "Another zone"),
        (second.code, "ZONE3", "Bulk zone"),
        (third.code, None, None),
    ]
