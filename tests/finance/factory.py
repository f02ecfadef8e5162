"""Bulk ledger data for query-count tests and benchmarks: many parties, pledges and payments."""

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from planner.conferences.models import Conference
from planner.directory.models import Membership, Party
from planner.finance.models import Instalment, Payment, Pledge, PledgeCancellation, Void

RATES = {"USD": Decimal(1), "EUR": Decimal("1.1"), "JPY": Decimal("0.0091")}
START = date(2019, 10, 1)


def fill(session: Session, parties: int, pledges: int, payments: int, seed: int = 7) -> Conference:
    """A conference ``bulk-<seed>`` with synthetic states in one zone and their ledger entries."""
    rng = random.Random(seed)
    now = datetime(2020, 1, 1, tzinfo=UTC)
    conference = Conference(
        slug=f"bulk-{seed}",
        title="Bulk",
        start_date=date(2021, 1, 1),
        end_date=date(2021, 1, 1),
        venue="Nowhere",
        timezone="UTC",
        currency="USD",
        budget=Decimal("1000000"),
    )
    zone = Party(code=f"ZONE{seed}", kind="zone", name="Bulk zone")
    session.add_all([conference, zone])
    session.flush()
    party_ids = list(
        session.scalars(
            insert(Party).returning(Party.id, sort_by_parameter_order=True),
            [
                {"code": f"B{seed}{n:04d}", "kind": "state", "name": f"State {n}"}
                for n in range(parties)
            ],
        )
    )
    session.execute(
        insert(Membership),
        [
            {"state_id": pid, "zone_id": zone.id, "role": "party", "as_of": START, "source": "t"}
            for pid in party_ids
        ],
    )
    pledge_rows, schedules = [], []
    for n in range(pledges):
        currency = rng.choice(list(RATES))
        amount = Decimal(rng.randint(1000, 100000)) * (100 if currency == "JPY" else 2)
        due_on = START + timedelta(days=rng.randint(0, 300))
        in_instalments = n % 10 == 0
        pledge_rows.append(
            {
                "conference_id": conference.id,
                "party_id": party_ids[n % parties],
                "amount": amount,
                "currency": currency,
                "rate": RATES[currency],
                "pledged_on": START,
                "due_on": None if in_instalments else due_on,
                "reference": f"P{n}",
                "is_sample": False,
                "recorded_at": now,
            }
        )
        schedules.append(
            [(due_on, amount / 2), (due_on + timedelta(days=90), amount / 2)]
            if in_instalments
            else []
        )
    pledge_ids = _insert(session, Pledge, pledge_rows)
    instalments = [
        {"pledge_id": pid, "due_on": due_on, "amount": amount}
        for pid, schedule in zip(pledge_ids, schedules, strict=True)
        for due_on, amount in schedule
    ]
    _insert(session, Instalment, instalments)
    payment_rows = []
    for n in range(payments):
        currency = rng.choice(list(RATES))
        payment_rows.append(
            {
                "conference_id": conference.id,
                "party_id": party_ids[n % parties],
                "pledge_id": None,
                "amount": Decimal(rng.randint(1, 5000)),
                "currency": currency,
                "rate": RATES[currency],
                "received_on": START + timedelta(days=rng.randint(0, 200)),
                "reference": f"M{n}",
                "is_sample": False,
                "recorded_at": now,
            }
        )
    payment_ids = _insert(session, Payment, payment_rows)
    _insert(
        session,
        Void,
        [
            {
                "payment_id": pid,
                "voided_on": START + timedelta(days=250),
                "reason": "t",
                "recorded_at": now,
            }
            for pid in payment_ids[:: max(1, payments // 20)]
        ],
    )
    _insert(
        session,
        PledgeCancellation,
        [
            {
                "pledge_id": pid,
                "cancelled_on": START + timedelta(days=100),
                "reason": "t",
                "recorded_at": now,
            }
            for pid in pledge_ids[1 :: max(1, pledges // 10)]
        ],
    )
    session.flush()
    assert session.scalar(select(Conference.id).where(Conference.slug == conference.slug))
    return conference


def _insert(session: Session, model, rows: list[dict]) -> list[int]:
    """Bulk insert (one statement), returning the new ids in the order of ``rows``."""
    if not rows:
        return []
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(session.scalars(statement, rows))
