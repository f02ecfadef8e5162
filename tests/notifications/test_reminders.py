"""Reminders of overdue contributions: who gets a letter, in which language, what it says,
and that it is neither repeated within the interval nor sent more than the maximum."""

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from babel.numbers import format_currency
from sqlalchemy import select

from planner.audit import Context
from planner.db import unit_of_work
from planner.directory.operations import add_contact
from planner.notifications.models import OutboxMessage
from planner.notifications.reminders import ENOUGH, QUEUED, TOO_SOON, queue_reminders
from planner.notifications.sending import send_due
from planner.notifications.transports import SmtpTransport
from tests.conftest import FIXED_NOW
from tests.notifications.conftest import AT_ONCE

AS_OF = "2020-03-01"  # the demo: New Zealand and Mexico are overdue (tests/summaries/golden)


def _nzl_contact(engine, context):
    with unit_of_work(engine) as session:
        add_contact(
            session, context, name="Aroha Smith", email="aroha@example.org", party="NZL",
            language="fr",
        )  # fmt: skip


def test_one_letter_per_overdue_party_in_each_contacts_language(
    engine, context, people, cli, dump, smtp_server
):
    _nzl_contact(engine, context)
    before = dump()
    dry = cli(
        "finance", "reminders", "fourth-2020", "--as-of", AS_OF, "--dry-run", "--format", "json"
    )
    assert dry.exit_code == 0, dry.output
    assert dump() == before  # a dry run writes nothing
    plans = {row["party"]: row for row in json.loads(dry.stdout)}
    assert {party: row["outcome"] for party, row in plans.items()} == {
        "NZL": "would be queued",
        "MEX": "would be queued",
    }
    assert plans["MEX"]["recipients"] == "ana@example.org"  # not the opted-out colleague
    result = cli("finance", "reminders", "fourth-2020", "--as-of", AS_OF, "--format", "json")
    assert [row["outcome"] for row in json.loads(result.stdout)] == ["queued", "queued"]
    transport = SmtpTransport(smtp_server.url)
    try:
        assert send_due(engine, transport, AT_ONCE, datetime.now(UTC)).sent == 2  # the CLI's clock
    finally:
        transport.close()
    letters = {a: m[0] for a, m in smtp_server.handler.by_recipient().items()}
    spanish, french = letters["ana@example.org"], letters["aroha@example.org"]
    assert spanish["Subject"].startswith("Recordatorio: contribución a la ")
    assert french["Subject"].startswith("Rappel : contribution à la ")
    assert (spanish["Content-Language"], french["Content-Language"]) == ("es", "fr")
    text = spanish.get_body(("plain",)).get_content()
    assert "saluda atentamente a México" in text
    assert format_currency(Decimal("18200"), "USD", locale="es") in text
    assert "PL-2019-MEX" in text  # the pledge reference to quote with the payment
    for letter in (spanish, french):  # a label ending a line takes its colon, not the space
        lines = letter.get_body(("plain",)).get_content().splitlines()
        assert [line for line in lines if line != line.rstrip()] == []
    html = french.get_body(("html",)).get_content()
    assert (
        'lang="fr"' in html
        and "présente ses compliments au Gouvernement destinataire (Nouvelle-Zélande)" in html
    )
    assert "très haute considération" in html


def test_not_repeated_within_the_interval_nor_beyond_the_maximum(engine, people):
    def run(hours):
        clock = FIXED_NOW + timedelta(hours=hours)
        with unit_of_work(engine) as session:
            plans = queue_reminders(
                session, Context("tester", lambda: clock), "fourth-2020", date(2020, 3, 1),
                interval=timedelta(days=1), max_count=2, sender="s@example.org",
            )  # fmt: skip
        return {plan.party: plan.outcome for plan in plans}["MEX"]

    assert [run(0), run(2), run(48), run(120)] == [QUEUED, TOO_SOON, QUEUED, ENOUGH]
    with unit_of_work(engine) as session:
        letters = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "reminder"))
        assert [m.recipient for m in letters] == ["ana@example.org"] * 2
