"""The recommendations as actions: the data set, updates with notes, refusals, derived statuses."""

import csv
import io
import json
from datetime import date

import pytest

from planner.actions.derived import (
    DerivedState,
    DerivedStatus,
    derived_status,
    derived_statuses,
    derives,
)
from planner.actions.operations import update_action
from planner.chair import operations as chair
from planner.chair.status import chair_status
from planner.conferences.operations import conference_by_slug
from planner.db import unit_of_work
from planner.reference import load_reference
from planner.visibility import ORGANIZER
from tests.conftest import dump_database


def actions_json(cli, *extra):
    result = cli("action", "list", "fourth-2020", *extra, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_data_set_has_the_13_recommendations_open_with_their_source(cli, demo):
    actions = actions_json(cli)
    assert [a["number"] for a in actions] == list(range(1, 14))
    assert all(a["status"] == "open" and a["owner"] is None and a["due"] is None for a in actions)
    assert all("13 September 2019" in a["source"] for a in actions)
    titles = [a["title"] for a in actions]
    assert len(set(titles)) == 13 and all(0 < len(title) <= 80 for title in titles)
    assert "chair" in titles[10] and "CTBT" in titles[8]


def test_update_changes_status_owner_due_and_adds_dated_notes(cli, demo):
    result = cli(
        "action", "update", "fourth-2020", "4", "--status", "in_progress", "--owner", "mng",
        "--due", "2019-11-30", "--note", "Missions in New York asked for names",
    )  # fmt: skip
    assert (result.exit_code, result.stdout) == (0, "updated action 4\n")
    cli("action", "update", "fourth-2020", "4", "--note", "Second note")
    action = actions_json(cli)[3]
    assert (action["status"], action["owner"], action["due"]) == (
        "in_progress",
        "MNG",
        "2019-11-30",
    )
    assert [(note["author"], note["text"]) for note in action["notes"]] == [
        ("tester", "Missions in New York asked for names"),
        ("tester", "Second note"),
    ]
    assert all(date.fromisoformat(note["on"]) for note in action["notes"])
    entries = json.loads(cli("audit", "list", "--format", "json").stdout)
    update = next(e for e in entries if e["entity"] == "action" and e["action"] == "update")
    assert (update["before"]["status"], update["after"]["status"]) == ("open", "in_progress")
    assert [e["after"]["text"] for e in entries if e["entity"] == "action_note"] == [
        "Missions in New York asked for names",
        "Second note",
    ]


def test_a_note_is_dated_by_the_injected_clock(session, context, demo):
    action = update_action(session, context, conference="fourth-2020", number=5, note="Draft site")
    assert [(n.noted_on.isoformat(), n.author) for n in action.notes] == [("2019-10-01", "tester")]


def test_an_update_that_changes_nothing_records_nothing(cli, demo, dump):
    before = dump()
    assert cli("action", "update", "fourth-2020", "1", "--status", "open").exit_code == 0
    assert dump() == before


def test_reloading_the_data_set_keeps_the_organizers_changes(engine, context, cli, demo):
    cli("action", "update", "fourth-2020", "9", "--status", "done", "--owner", "CTBTO")
    before = dump_database(engine)
    with unit_of_work(engine) as session:
        load_reference(session, context)
    assert dump_database(engine) == before


def test_late_when_the_due_date_has_passed_and_it_is_not_finished(cli, demo):
    cli("action", "update", "fourth-2020", "1", "--due", "2019-09-30")
    cli("action", "update", "fourth-2020", "2", "--due", "2019-09-30", "--status", "done")
    cli("action", "update", "fourth-2020", "3", "--due", "2019-10-01")
    late = {a["number"]: a["late"] for a in actions_json(cli, "--as-of", "2019-10-01")}
    assert (late[1], late[2], late[3], late[4]) == (True, False, False, False)
    assert actions_json(cli, "--as-of", "2019-10-02")[2]["late"] is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["4", "--status", "finished"],
            "error: status: 'finished' must be one of open, in_progress",
        ),
        (["4", "--owner", "ZZZ"], "error: owner: no party with code 'ZZZ'"),
        (["4", "--due", "next week"], "error: due: 'next week' is not a date"),
        (["4", "--note", "  "], "error: note: must not be empty"),
        (
            ["4"],
            "error: update: give at least one of a status, an owner, a due date or a note "
            "(use --status, --owner, --due, --note)",
        ),
        (["14", "--status", "done"], "error: number: fourth-2020 has no action 14"),
        (["4", "--status", "done", "--owner", "ZZZ"], "error: owner: no party with code"),
    ],
)
def test_update_refusals_change_nothing(cli, demo, dump, args, message):
    before = dump()
    result = cli("action", "update", "fourth-2020", *args)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(message), result.stderr
    assert dump() == before


def test_list_refusals(cli, demo):
    assert cli("action", "list", "nowhere").stderr.startswith("error: conference: no conference")
    bad = cli("action", "list", "fourth-2020", "--as-of", "soon")
    assert (bad.exit_code, bad.stderr) == (
        1,
        "error: as-of: 'soon' is not a date (YYYY-MM-DD) (use --as-of)\n",
    )


def test_recommendation_11_is_derived_from_the_chair_designation(cli, engine, context, demo):
    def derived_11(as_of):
        return actions_json(cli, "--as-of", as_of)[10]

    assert derived_11("2019-10-01")["derived"] == "open"
    assert derived_11("2019-10-15")["derived"] == "in_progress"
    overdue = derived_11("2020-01-15")
    assert overdue["derived"] == "overdue"
    assert overdue["fact"] == (  # the status summary's own sentence
        "Overdue by 15 days: no chair designated by the target date, December 31, 2019 [SAMPLE]"
    )
    assert overdue["status"] == "open"  # the manual status stays as the organizers set it
    with unit_of_work(engine) as session:
        status = chair_status(session, conference_by_slug(session, "fourth-2020"), date(2020, 2, 1))
        [active] = [n.id for n in status.nominations if n.withdrawn_on is None]
        chair.designate(
            session, context, conference="fourth-2020", nomination_id=active, on="2020-02-03"
        )
    done = derived_11("2020-02-03")
    assert done["derived"] == "done" and done["fact"].startswith("Designated: Kazakhstan")
    table = cli("action", "list", "fourth-2020", "--as-of", "2020-02-03").stdout
    row = next(line for line in table.splitlines() if line.startswith("11 "))
    assert "done" in row and "Designated: Kazakhstan" in row
    rows = list(
        csv.DictReader(io.StringIO(cli("action", "list", "fourth-2020", "--format", "csv").stdout))
    )
    assert len(rows) == 13 and rows[10]["derived"] and rows[0]["derived"] == ""


def test_derived_statuses_is_one_registry_keyed_by_recommendation(session, demo):
    statuses = derived_statuses(
        session, conference_by_slug(session, "fourth-2020"), date(2020, 1, 15), ORGANIZER
    )
    assert 11 in statuses
    assert all(
        isinstance(s, DerivedStatus) and s.state in set(DerivedState) for s in statuses.values()
    )
    assert all(1 <= number <= 13 for number in statuses)
    with pytest.raises(ValueError, match="recommendation 11 already has a derivation"):
        derives(11)(lambda session, conference, as_of: DerivedStatus("open", ""))


def test_one_derived_status_is_the_one_of_all_derived_statuses(session, demo):
    conference = conference_by_slug(session, "fourth-2020")
    every = derived_statuses(session, conference, date(2020, 3, 1), ORGANIZER)
    for number in range(1, 14):
        one = derived_status(session, conference, date(2020, 3, 1), ORGANIZER, number)
        assert one == every.get(number), number
    assert {10, 11, 12} <= set(every)


def test_recommendation_12_is_derived_from_the_status_of_contributions(session, context, demo):
    from planner.conferences.operations import add_conference
    from planner.finance import operations as finance

    conference = add_conference(
        session, context, slug="fifth-2025", title="Fifth", start="2025-04-25", end="2025-04-25",
        timezone="America/New_York", venue="New York", budget="1000",
    )  # fmt: skip

    def derived_12(as_of):
        return derived_statuses(session, conference, as_of, ORGANIZER)[12]

    assert derived_12(date(2024, 1, 1)) == DerivedStatus(
        "open", "no pledges recorded; budget USD 1,000.00"
    )
    pledge = finance.add_pledge(
        session, context, "fifth-2025", party="MNG", amount="1000", currency="USD",
        due="2024-06-30", pledged_on="2024-01-10",
    )  # fmt: skip
    finance.add_payment(
        session, context, "fifth-2025", party="MNG", amount="400", currency="USD",
        received="2024-03-01", pledge=pledge.id,
    )  # fmt: skip
    assert derived_12(date(2024, 3, 1)).state == "in_progress"
    assert derived_12(date(2024, 7, 1)) == DerivedStatus(
        "overdue",
        "paid USD 400.00 of USD 1,000.00 pledged; 40.0% of the budget USD 1,000.00; "
        "overdue USD 600.00",
    )
    finance.add_payment(
        session, context, "fifth-2025", party="MNG", amount="600", currency="USD",
        received="2024-07-02",
    )  # fmt: skip
    assert derived_12(date(2024, 7, 2)).state == "done"


def test_recommendation_12_on_the_data_set_is_overdue_and_says_sample(session, demo):
    fourth = conference_by_slug(session, "fourth-2020")
    derived = derived_statuses(session, fourth, date(2020, 4, 24), ORGANIZER)[12]
    assert derived.state == "overdue"
    assert "overdue USD 31,400.00" in derived.fact and derived.fact.endswith("[SAMPLE data]")


def test_recommendation_10_is_derived_from_the_preparatory_meetings(session, context, demo):
    from planner.conferences.operations import add_conference
    from planner.meetings.operations import add_meeting, cancel_meeting

    conference = add_conference(
        session, context, slug="fifth-2025", title="Fifth", start="2025-04-25", end="2025-04-25",
        timezone="America/New_York", venue="New York",
    )  # fmt: skip

    def derived_10(as_of):
        return derived_statuses(session, conference, as_of, ORGANIZER)[10]

    nothing = "no preparatory meeting scheduled before the conference"
    assert derived_10(date(2024, 1, 1)) == DerivedStatus("open", nothing)
    assert derived_10(date(2025, 4, 25)) == DerivedStatus("overdue", nothing)
    # 22:00 in New York is already the next day in UTC: the fact gives the local day.
    add_meeting(
        session, context, conference="fifth-2025", title="Prep", start="2024-10-15 22:00",
        end="2024-10-15 23:00", timezone="America/New_York", kind="preparatory",
    )  # fmt: skip
    monthly = add_meeting(
        session, context, conference="fifth-2025", title="Prep series", kind="preparatory",
        start="2024-11-12 10:00", end="2024-11-12 11:00", timezone="America/New_York",
        repeat="FREQ=MONTHLY;COUNT=12",
    )  # fmt: skip
    add_meeting(
        session, context, conference="fifth-2025", title="Side event", kind="side-event",
        start="2024-09-01 10:00", end="2024-09-01 11:00", timezone="America/New_York",
    )  # fmt: skip
    assert derived_10(date(2024, 10, 1)) == DerivedStatus(
        "in_progress", "7 scheduled, next on 2024-10-15"
    )
    assert derived_10(date(2024, 12, 31)) == DerivedStatus(
        "done", "3 held (last on 2024-12-12); 4 more scheduled, next on 2025-01-12"
    )
    cancel_meeting(session, context, monthly.id, reason="merged into the plenary")
    assert derived_10(date(2024, 12, 31)) == DerivedStatus("done", "1 held (last on 2024-10-15)")


def test_recommendation_10_on_the_data_set_follows_the_first_committee_meeting(session, demo):
    fourth = conference_by_slug(session, "fourth-2020")
    before = derived_statuses(session, fourth, date(2019, 10, 1), ORGANIZER)[10]
    after = derived_statuses(session, fourth, date(2019, 10, 16), ORGANIZER)[10]
    assert before == DerivedStatus("in_progress", "1 scheduled, next on 2019-10-15 [SAMPLE data]")
    assert after == DerivedStatus("done", "1 held (last on 2019-10-15) [SAMPLE data]")
