"""The CLI skeleton through click's runner: output formats, ids, exit codes, the audit actor."""

import csv
import io
import json

import click
import pytest

CONFERENCE_ARGS = (
    "conference",
    "add",
    "fifth-2025",
    "--title",
    "Fifth Conference",
    "--start",
    "2025-04-25",
    "--end",
    "2025-04-25",
    "--timezone",
    "America/New_York",
    "--venue",
    "New York",
    "--budget",
    "1000.50",
)


def test_conference_add_prints_the_new_id_last_and_show_finds_it(cli):
    result = cli(*CONFERENCE_ARGS)
    assert result.exit_code == 0, result.output
    new_id = result.stdout.split()[-1]
    listed = json.loads(cli("conference", "list", "--format", "json").stdout)
    assert [c["id"] for c in listed] == [int(new_id)]
    shown = json.loads(cli("conference", "show", "fifth-2025", "--format", "json").stdout)
    assert shown["budget"] == "1000.50"
    assert shown["start"] == "2025-04-25"


def test_conference_add_with_json_prints_the_whole_record(cli):
    record = json.loads(cli(*CONFERENCE_ARGS, "--format", "json").stdout)
    assert record["slug"] == "fifth-2025" and record["timezone"] == "America/New_York"
    assert record["currency"] == "USD"


def test_lists_in_every_format(cli, demo):
    table = cli("party", "list", "--zone", "SEMIPALATINSK").stdout
    assert table.splitlines()[0].split() == ["id", "code", "kind", "name", "zones"]
    assert "Kazakhstan" in table
    rows = list(csv.DictReader(io.StringIO(cli("party", "list", "--format", "csv").stdout)))
    assert len([row for row in rows if row["kind"] == "state"]) == 105
    parties = json.loads(cli("party", "list", "--zone", "MONGOLIA", "--format", "json").stdout)
    assert parties == [
        {
            "id": parties[0]["id"],
            "code": "MNG",
            "kind": "state",
            "name": "Mongolia",
            "zones": ["MONGOLIA"],
        },
    ]


def test_contact_add_and_list(cli, demo):
    result = cli(
        "contact",
        "add",
        "--name",
        "Focal Point (sample)",
        "--email",
        "focal.point@example.org",
        "--party",
        "mng",
        "--title",
        "Counsellor",
    )
    assert result.exit_code == 0, result.output
    contacts = json.loads(cli("contact", "list", "--format", "json").stdout)
    added = [contact for contact in contacts if contact["email"] == "focal.point@example.org"]
    assert len(contacts) > len(added)  # the demo's sample contacts are listed too
    assert added == [
        {
            "id": int(result.stdout.split()[-1]),
            "name": "Focal Point (sample)",
            "title": "Counsellor",
            "email": "focal.point@example.org",
            "party": "MNG",
            "language": None,
            "mail": True,
        }
    ]


def test_audit_log_records_the_actor_and_the_values(cli):
    cli(*CONFERENCE_ARGS)
    entries = json.loads(cli("audit", "list", "--format", "json").stdout)
    assert len(entries) == 1
    entry = entries[0]
    assert (entry["actor"], entry["action"], entry["entity"], entry["entity_id"]) == (
        "tester",
        "create",
        "conference",
        "fifth-2025",
    )
    assert entry["before"] is None and entry["after"]["venue"] == "New York"


@pytest.mark.parametrize(
    "args",
    [
        ("conference", "add"),
        ("conference", "list", "--format", "xml"),
        ("no-such-command",),
    ],
)
def test_bad_usage_exits_2(cli, args):
    assert cli(*args).exit_code == 2


def test_commands_refuse_an_unmigrated_database(tmp_path):
    from click.testing import CliRunner

    from planner.cli import main

    result = CliRunner().invoke(
        main, ["--database", f"sqlite:///{tmp_path / 'new.db'}", "conference", "list"]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("error: database: schema is not up to date")


def test_a_constraint_that_a_concurrent_writer_trips_is_an_error_line(database_url):
    """Two writers can both pass the operation's checks; the database refuses the second."""
    from click.testing import CliRunner
    from sqlalchemy import insert

    from planner.cli.app import CliState, PlannerGroup, pass_state
    from planner.directory.models import Party
    from planner.settings import Settings

    @click.group(cls=PlannerGroup)
    @click.pass_context
    def app(ctx):
        ctx.obj = CliState(Settings(database_url=database_url))

    @app.command()
    @pass_state
    def race(state):
        with state.session() as session:
            session.execute(insert(Party), [{"code": "DUP", "kind": "state", "name": "A"}] * 2)

    result = CliRunner().invoke(app, ["race"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: database: refused by a constraint")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("meeting", "show", "abc"), "error: meeting: 'abc' is not a meeting id"),
        (("meeting", "show", "999"), "error: meeting: no meeting with id 999"),
        (("payment", "void", "x1", "--reason", "typo"), "error: payment: 'x1' is not a payment"),
        (("chair", "withdraw", "42"), "error: nomination: no nomination with id 42"),
    ],
)
def test_record_ids_are_checked_the_same_way_everywhere(cli, demo, dump, args, message):
    before = dump()
    result = cli(*args)
    assert (result.exit_code, result.stderr.startswith(message)) == (1, True), result.stderr
    assert dump() == before
