"""Builds the fixture database of a release: its demo data plus extra rows in every table.

Run it with the *released* code, so that the fixture is what that release wrote:

    git archive <release-commit> | tar -x -C /tmp/release
    PYTHONPATH=/tmp/release .venv/bin/python tests/migrations/make_fixture.py \\
        tests/migrations/fixtures/<head-revision>.db

The commands used exist since 0006; a later release adds rows for its new tables here
(the script refuses to write a fixture that leaves a table empty). Commit the file;
tests/migrations/test_release_fixtures.py upgrades every fixture to head.
"""

import sys
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import create_engine, func, select

import planner
import planner.models
from planner.cli import main

CONF = "fourth-2020"
COMMANDS = [
    ["demo"],
    [
        "contact",
        "add",
        "--name",
        "Fixture Focal Point",
        "--party",
        "MNG",
        "--email",
        "focal@example.org",
    ],
    ["user", "add", "fixture-organizer", "--role", "organizer", "--password-stdin"],
    [
        "meeting",
        "add",
        CONF,
        "--title",
        "Fixture series, «ü» 中文",
        "--kind",
        "consultation-group",
        "--start",
        "2020-01-06 10:00",
        "--end",
        "2020-01-06 11:00",
        "--timezone",
        "America/New_York",
        "--repeat",
        "FREQ=WEEKLY;COUNT=6",
        "--invite",
        "MNG",
        "--visibility",
        "restricted",
    ],
    [
        "pledge",
        "add",
        CONF,
        "--party",
        "KAZ",
        "--amount",
        "1000.50",
        "--currency",
        "EUR",
        "--rate",
        "1.1",
        "--instalment",
        "2020-03-01=500",
        "--instalment",
        "2020-06-01=500.50",
        "--date",
        "2020-01-15",
        "--reference",
        "FIXTURE-1",
    ],
    [
        "payment",
        "add",
        CONF,
        "--party",
        "KAZ",
        "--amount",
        "250",
        "--currency",
        "USD",
        "--received",
        "2020-02-01",
        "--reference",
        "FIXTURE-PAY-1",
    ],
]


def _issue_feed_token(engine, contact_id: int) -> None:
    from planner.audit import Context
    from planner.calendars.tokens import issue_feed_token
    from planner.db import unit_of_work

    with unit_of_work(engine) as session:
        issue_feed_token(session, Context(actor="fixture"), contact_id, CONF)


def main_() -> None:
    target = Path(sys.argv[1]).resolve()
    target.unlink(missing_ok=True)
    url = f"sqlite:///{target}"
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> str:
        result = runner.invoke(main, ["--database", url, "--actor", "fixture", *args], input=input)
        if result.exit_code != 0:
            raise SystemExit(f"{' '.join(args)}: {result.output}")
        return result.output.split()[-1] if result.output.split() else ""

    for args in COMMANDS:
        run(*args, input="a fixture password 123\n" if "--password-stdin" in args else None)
    engine = create_engine(url)
    with engine.connect() as connection:
        meeting = connection.execute(
            select(planner.models.Base.metadata.tables["meetings"].c.id).order_by(
                planner.models.Base.metadata.tables["meetings"].c.id.desc()
            )
        ).scalar()
        contact = connection.execute(
            select(func.max(planner.models.Base.metadata.tables["contacts"].c.id))
        ).scalar()
    run("meeting", "cancel", str(meeting), "--occurrence", "2020-01-13", "--reason", "Fixture")
    run("meeting", "reschedule", str(meeting), "--occurrence", "2020-01-20",
        "--start", "2020-01-21 15:00", "--end", "2020-01-21 16:00")  # fmt: skip
    designated = [
        nomination
        for nomination in ("1", "2", "3", "4")
        if runner.invoke(main, ["--database", url, "--actor", "fixture", "chair", "designate",
                                CONF, "--nomination", nomination, "--date", "2020-03-01"]).exit_code
        == 0
    ][:1]  # fmt: skip
    if not designated:
        raise SystemExit("no nomination could be designated")
    _issue_feed_token(engine, contact)  # 0006 has the operation but no CLI command for it
    run("payment", "void", "1", "--reason", "Fixture: entered twice")
    run("action", "update", CONF, "11", "--note", "Fixture note\nsecond line")
    with engine.connect() as connection:
        empty = [
            name
            for name, table in planner.models.Base.metadata.tables.items()
            if not connection.execute(select(func.count()).select_from(table)).scalar()
        ]
    engine.dispose()
    if empty:
        raise SystemExit(f"add rows for {', '.join(empty)} (every table must have some)")
    print(f"{target}: built with {planner.__file__}")


if __name__ == "__main__":
    main_()
