"""Queueing invitations costs one statement however many people are told: one notice row,
which the sender makes one message per recipient in one INSERT ... SELECT, binding no
value per recipient (a list of hundreds of bound ids once made a statement take ~0.5 s
on PostgreSQL). The outbox's overhead on scheduling is measured in benchmarks/mail.py."""

from sqlalchemy import event, func, insert, select

from planner.db import unit_of_work
from planner.directory.models import Contact
from planner.directory.operations import party_by_code
from planner.meetings.operations import add_meeting, reschedule_meeting
from planner.notifications.models import MessageStatus, OutboxMessage
from planner.notifications.sending import expand_notices

EXPANDED = ("-- the sender expands the notices --", 0, False)


def _party_with_contacts(engine, party: str, count: int) -> None:
    with unit_of_work(engine) as session:
        party_id = party_by_code(session, party).id
        session.execute(
            insert(Contact),
            [
                {"name": f"Delegate {n}", "email": f"{party.lower()}{n}@example.org",
                 "party_id": party_id, "language": None, "mail_opt_out": False}
                for n in range(count)
            ],
        )  # fmt: skip


def _statements_of_reschedule(engine, context, party: str) -> list[tuple[str, int, bool]]:
    """(statement, number of bound values, executemany) of a notifying reschedule."""
    with unit_of_work(engine) as session:
        meeting_id = add_meeting(
            session, context, conference="fourth-2020", title=f"Consultations {party}",
            start="2020-03-10 10:00", end="2020-03-10 12:00", timezone="UTC", invite=[party],
        ).id  # fmt: skip
    statements: list[tuple[str, int, bool]] = []

    def count(_conn, _cursor, statement, parameters, _context, executemany) -> None:
        statements.append((statement, len(parameters), executemany))

    event.listen(engine, "before_cursor_execute", count)
    try:
        with unit_of_work(engine) as session:
            reschedule_meeting(
                session, context, meeting_id, start="2020-03-11 10:00", end="2020-03-11 12:00"
            )
            session.flush()
        statements.append(EXPANDED)
        assert expand_notices(engine) == 2  # the scheduling's and the move's
    finally:
        event.remove(engine, "before_cursor_execute", count)
    with unit_of_work(engine) as session:
        queued = session.scalar(
            select(func.count()).where(
                OutboxMessage.meeting_id == meeting_id,
                OutboxMessage.status == MessageStatus.QUEUED.value,
            )
        )
        superseded = session.scalar(
            select(func.count()).where(
                OutboxMessage.meeting_id == meeting_id,
                OutboxMessage.status == MessageStatus.SUPERSEDED.value,
            )
        )
    contacts = {"NZL": 3, "FJI": 40}[party]
    # the sender supersedes the scheduling's invitation when it sends the newer one
    assert (queued, superseded) == (2 * contacts, 0)
    return statements


def test_queueing_costs_the_same_statements_for_3_or_40_recipients(engine, context, demo):
    _party_with_contacts(engine, "NZL", 3)
    _party_with_contacts(engine, "FJI", 40)
    few = _statements_of_reschedule(engine, context, "NZL")
    many = _statements_of_reschedule(engine, context, "FJI")
    assert [(s[:30], n, executemany) for s, n, executemany in few] == [
        (s[:30], n, executemany) for s, n, executemany in many
    ]
    queueing = many[: many.index(EXPANDED)]
    (notice,) = [s for s, _, _ in queueing if "outbox" in s]
    assert notice.startswith("INSERT INTO outbox_notices")
    messages = [s for s, _, _ in many if s.startswith("INSERT INTO outbox ")]
    assert len(messages) == 2 and all("SELECT" in s for s in messages)  # one per notice
