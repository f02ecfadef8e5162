"""E-mail: queueing and sending 10,000 invitations to a local SMTP server (aiosmtpd on
loopback), and the outbox's cost on ``meeting reschedule`` with 200 recipients.

- throughput: one meeting inviting a party with N contacts queues one notice in the
  scheduling transaction; ``send_due`` makes it N messages and delivers them all over
  one SMTP connection (ten messages per transaction; what they say written once per
  language), so ``send_seconds`` includes making the rows. The SMTP
  server runs in its own process and only counts what it takes in, so that its parsing
  is not measured as the sender's; the ceiling is the same transport sending one
  ready-made message over and over, measured in the same run.
- overhead: the same reschedule with and without ``notify`` (alternating, median of the
  runs), counting only the time spent in the database (cursor executes and the commit).
  Target: notifying adds under 20% to the command's database time.
Prints JSON. Run: ``python benchmarks/mail.py [--postgres URL] [--messages N]``.
"""

import argparse
import asyncio
import json
import multiprocessing
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aiosmtpd.controller import Controller
from sqlalchemy import delete, event, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._database import scratch_database
from planner.audit import Context
from planner.db import make_engine, unit_of_work
from planner.directory.models import Contact
from planner.directory.operations import party_by_code
from planner.meetings.operations import add_meeting, reschedule_meeting
from planner.notifications.models import OutboxMessage
from planner.notifications.sending import Editions, Policy, compose, send_due
from planner.notifications.transports import SmtpTransport
from planner.reference import load_reference
from tests.notifications.conftest import free_port

NOW = datetime(2019, 10, 1, 12, 0, tzinfo=UTC)
RUNS = 31
CEILING_MESSAGES = 300


class CountingHandler:
    """Takes every message in and counts it (in the server's process)."""

    def __init__(self, count) -> None:
        self.count = count

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.count.get_lock():
            self.count.value += 1
        return "250 OK"


def _serve(port: int, count, ready) -> None:
    controller = Controller(CountingHandler(count), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    try:
        asyncio.run(asyncio.Event().wait())  # until terminated
    finally:
        controller.stop()


def smtp_ceiling(url: str, mail, count: int) -> float:
    """Messages per second the transport alone reaches: one ready-made message sent
    ``count`` times over one connection."""
    transport = SmtpTransport(url)
    started = time.perf_counter()
    for _ in range(count):
        transport.deliver("secretariat@planner.nwfz", "d0@example.org", mail)
    elapsed = time.perf_counter() - started
    transport.close()
    return count / elapsed


def _contacts(engine, party: str, count: int, prefix: str) -> None:
    with unit_of_work(engine) as session:
        party_id = party_by_code(session, party).id
        session.execute(
            insert(Contact),
            [
                {"name": f"Delegate {n}", "email": f"{prefix}{n}@example.org",
                 "party_id": party_id, "language": ("fr", "es", "ru", "zh", "ar", None)[n % 6],
                 "mail_opt_out": False}
                for n in range(count)
            ],
        )  # fmt: skip


def _meeting(engine, context, party: str) -> int:
    with unit_of_work(engine) as session:
        return add_meeting(
            session, context, conference="fourth-2020", title="Consultations",
            start="2020-03-10 10:00", end="2020-03-10 12:00", timezone="America/New_York",
            invite=[party],
        ).id  # fmt: skip


class DatabaseTime:
    """Seconds spent in cursor executes and commits on an engine, while ``on``."""

    def __init__(self, engine) -> None:
        self.total = 0.0
        self.on = False
        event.listen(engine, "before_cursor_execute", self._start)
        event.listen(engine, "after_cursor_execute", self._stop)
        self._began = 0.0

    def _start(self, *_args) -> None:
        self._began = time.perf_counter()

    def _stop(self, *_args) -> None:
        if self.on:
            self.total += time.perf_counter() - self._began


def reschedule_overhead(engine, context, meeting_id: int) -> dict[str, float]:
    clock = DatabaseTime(engine)
    timings: dict[bool, list[float]] = {True: [], False: []}
    for run in range(RUNS * 2):
        notify = run % 2 == 1
        day = 11 + run % 15
        with unit_of_work(engine) as session:
            clock.total, clock.on = 0.0, True
            reschedule_meeting(
                session, context, meeting_id, start=f"2020-04-{day:02d} 10:00",
                end=f"2020-04-{day:02d} 12:00", notify=notify,
            )  # fmt: skip
            session.flush()
            executes = clock.total
            commit_started = time.perf_counter()
        commit = time.perf_counter() - commit_started
        clock.on = False
        timings[notify].append(executes + commit)
    quiet, notified = statistics.median(timings[False]), statistics.median(timings[True])
    return {
        "reschedule_db_ms_without_outbox": round(quiet * 1000, 2),
        "reschedule_db_ms_with_outbox": round(notified * 1000, 2),
        "outbox_overhead_ratio": round((notified - quiet) / quiet, 3),
        "target_overhead_ratio": 0.2,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", metavar="URL", help="server URL; default: SQLite file")
    parser.add_argument("--messages", type=int, default=10_000)
    args = parser.parse_args()
    context = Context(actor="bench", clock=lambda: NOW)
    port = free_port()
    url = f"smtp://127.0.0.1:{port}"
    received, ready = multiprocessing.Value("l", 0), multiprocessing.Event()
    server = multiprocessing.Process(target=_serve, args=(port, received, ready), daemon=True)
    server.start()
    ready.wait(30)
    try:
        with scratch_database(args.postgres) as database:
            engine = make_engine(database)
            with unit_of_work(engine) as session:
                load_reference(session, context)
                # the data set's own invitations to its sample contacts are not measured
                session.execute(delete(OutboxMessage))
            _contacts(engine, "MEX", args.messages, "d")
            started = time.perf_counter()
            _meeting(engine, context, "MEX")
            queued = time.perf_counter() - started
            transport = SmtpTransport(url)
            policy = Policy(coalesce=None, retry_base=timedelta(minutes=1), max_attempts=3)
            started = time.perf_counter()
            report = send_due(engine, transport, policy, NOW)
            sent = time.perf_counter() - started
            transport.close()
            assert report.sent == args.messages == received.value, (report, received.value)
            with unit_of_work(engine) as session:
                sample = compose(
                    session, session.scalars(select(OutboxMessage)).first(), Editions(None)
                )
            ceiling = smtp_ceiling(url, sample, min(args.messages, CEILING_MESSAGES))
            _contacts(engine, "NZL", 200, "nz")
            overhead_meeting = _meeting(engine, context, "NZL")
            overhead = reschedule_overhead(engine, context, overhead_meeting)
            engine.dispose()
    finally:
        server.terminate()
        server.join()
    sent_per_second = args.messages / sent
    print(
        json.dumps(
            {
                "benchmark": "mail",
                "engine": "postgresql" if args.postgres else "sqlite",
                "messages": args.messages,
                "queue_seconds": round(queued, 3),
                "queued_per_second": round(args.messages / queued),
                "send_seconds": round(sent, 3),
                "sent_per_second": round(sent_per_second, 1),
                "smtp_ceiling_per_second": round(ceiling, 1),
                "sent_share_of_ceiling": round(sent_per_second / ceiling, 3),
                **overhead,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
