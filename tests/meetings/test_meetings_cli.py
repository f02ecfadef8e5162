"""Meetings through the CLI: scheduling, revisions, cancellations, clashes and refusals."""

import json

import pytest

NY = "America/New_York"
NY_MEETING = [
    "meeting",
    "add",
    "fourth-2020",
    "--title",
    "Prep",
    "--start",
    "2019-12-03 10:00",
    "--end",
    "2019-12-03 12:00",
    "--timezone",
    "America/New_York",
    "--venue",
    "UNHQ Conference Room 7",
]


def added_id(result) -> int:
    assert result.exit_code == 0, result.output
    return int(result.stdout.split()[-1])


def shown(cli, meeting_id: int) -> dict:
    result = cli("meeting", "show", str(meeting_id), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_list_json_has_the_contract_keys_and_utc_instants(cli, demo):
    meeting_id = added_id(cli(*NY_MEETING))
    rows = json.loads(cli("meeting", "list", "fourth-2020", "--format", "json").stdout)
    row = next(row for row in rows if row["id"] == meeting_id)
    assert row["uid"].endswith("@127.0.0.1") and len(row["uid"].split("@")[0]) == 36
    assert (row["title"], row["status"], row["timezone"]) == (
        "Prep",
        "tentative",
        "America/New_York",
    )
    assert (row["start_local"], row["end_local"]) == ("2019-12-03T10:00", "2019-12-03T12:00")
    assert (row["start_utc"], row["end_utc"]) == (
        "2019-12-03T15:00:00+00:00",
        "2019-12-03T17:00:00+00:00",
    )
    assert row["sequence"] == 0
    assert [r["id"] for r in rows] == sorted(
        (r["id"] for r in rows), key=lambda i: next(r["start_utc"] for r in rows if r["id"] == i)
    )


def test_list_filters_by_utc_dates(cli, demo):
    rows = json.loads(
        cli(
            "meeting", "list", "--from", "2020-04-01", "--to", "2020-04-30", "--format", "json"
        ).stdout
    )
    # the series' last occurrence (14 Apr) and the conference (24 Apr)
    assert {row["uid"].split("@")[0] for row in rows} == {
        "consultation-group-2019-2020",
        "fourth-conference-2020",
    }


def test_sequence_rises_for_time_place_and_status_not_for_agenda_typos(cli, demo):
    meeting_id = added_id(cli(*NY_MEETING))
    assert cli("meeting", "update", str(meeting_id), "--agenda", "Agnda").exit_code == 0
    assert (
        cli(
            "meeting", "update", str(meeting_id), "--agenda", "Agenda", "--title", "Prep."
        ).exit_code
        == 0
    )
    assert shown(cli, meeting_id)["sequence"] == 0
    assert cli("meeting", "update", str(meeting_id), "--venue", "Room 4").exit_code == 0
    assert shown(cli, meeting_id)["sequence"] == 1
    assert cli("meeting", "update", str(meeting_id), "--status", "confirmed").exit_code == 0
    assert shown(cli, meeting_id)["sequence"] == 2
    result = cli(
        "meeting",
        "reschedule",
        str(meeting_id),
        "--start",
        "2019-12-04 10:00",
        "--end",
        "2019-12-04 13:00",
    )
    assert result.exit_code == 0, result.output
    record = shown(cli, meeting_id)
    assert record["sequence"] == 3
    assert record["start_utc"] == "2019-12-04T15:00:00+00:00"
    assert record["end_utc"] == "2019-12-04T18:00:00+00:00"
    assert cli("meeting", "cancel", str(meeting_id), "--reason", "No quorum").exit_code == 0
    record = shown(cli, meeting_id)
    assert (record["status"], record["cancel_reason"], record["sequence"]) == (
        "cancelled",
        "No quorum",
        4,
    )
    ids = [row["id"] for row in json.loads(cli("meeting", "list", "--format", "json").stdout)]
    assert meeting_id in ids  # kept, never deleted


def test_an_occurrence_moves_and_another_is_cancelled(cli, demo):
    meeting_id = added_id(
        cli(
            "meeting", "add", "fourth-2020", "--title", "Series", "--start", "2020-01-07 09:00",
            "--end", "2020-01-07 10:00", "--timezone", "Europe/Vienna",
            "--repeat", "FREQ=WEEKLY;UNTIL=20200401",
        )
    )  # fmt: skip
    moved = cli(
        "meeting", "reschedule", str(meeting_id), "--occurrence", "2020-03-24",
        "--start", "2020-03-25 14:00", "--end", "2020-03-25 15:00",
    )  # fmt: skip
    assert moved.exit_code == 0, moved.output
    assert (
        cli(
            "meeting",
            "cancel",
            str(meeting_id),
            "--occurrence",
            "2020-03-31",
            "--reason",
            "Holiday",
        ).exit_code
        == 0
    )
    record = shown(cli, meeting_id)
    assert (
        record["repeat"] == "FREQ=WEEKLY;UNTIL=20200401T215959Z"
    )  # end of 1 Apr in Vienna, in UTC
    assert record["status"] == "tentative" and record["sequence"] == 0
    starts = [item["start"] for item in record["occupies_utc"]]
    assert len(starts) == 12  # 13 Tuesdays from 7 Jan to 31 Mar, one cancelled
    assert "2020-03-24T08:00:00+00:00" not in starts
    assert "2020-03-25T13:00:00+00:00" in starts  # 14:00 CET; Vienna moves to CEST on 29 Mar
    assert starts[-1] == "2020-03-25T13:00:00+00:00"
    assert "2020-03-17T08:00:00+00:00" in starts
    occurrences = {o["original_start_local"]: o for o in record["occurrences"]}
    assert occurrences["2020-03-31T09:00"]["cancelled"] is True
    assert occurrences["2020-03-24T09:00"]["sequence"] == 1


def test_clash_in_utc_terms_is_a_warning_on_stderr(cli, demo):
    first = added_id(cli(*NY_MEETING, "--invite", "MNG"))
    result = cli(
        "meeting", "add", "fourth-2020", "--title", "Geneva call", "--start", "2019-12-03 16:00",
        "--end", "2019-12-03 17:00", "--timezone", "Europe/Zurich", "--invite", "MONGOLIA",
    )  # fmt: skip
    second = added_id(result)
    assert result.stderr.startswith("warning: ")
    assert f"overlaps meeting {first}" in result.stderr and "MNG" in result.stderr
    # a zone invites its states: SEMIPALATINSK includes KAZ
    third = cli(
        "meeting", "add", "fourth-2020", "--title", "Zone", "--start", "2019-12-03 11:00",
        "--end", "2019-12-03 11:30", "--timezone", "America/New_York", "--invite", "SEMIPALATINSK",
        "--invite", "KAZ", "--venue", "elsewhere",
    )  # fmt: skip
    assert added_id(third) and "warning" not in third.stderr  # nothing in common with the others
    same_venue = cli(*NY_MEETING[:4], "Other", *NY_MEETING[5:])
    assert added_id(same_venue) and "same venue UNHQ Conference Room 7" in same_venue.stderr
    assert cli("meeting", "cancel", str(second), "--reason", "moved online").exit_code == 0
    later = cli(
        "meeting", "add", "fourth-2020", "--title", "Late", "--start", "2019-12-03 12:00",
        "--end", "2019-12-03 13:00", "--timezone", NY, "--venue", "UNHQ Conference Room 7",
    )  # fmt: skip
    assert added_id(later) and later.stderr == ""  # touching end to start is no overlap


def test_ambiguous_time_is_accepted_when_the_user_says_which(cli, demo):
    earlier = added_id(
        cli(*NY_MEETING[:5], "--start", "2019-11-03 01:30", "--end", "2019-11-03 03:00",
            "--timezone", "America/New_York", "--fold", "earlier")
    )  # fmt: skip
    later = added_id(
        cli(*NY_MEETING[:5], "--start", "2019-11-03 01:30", "--end", "2019-11-03 03:00",
            "--timezone", "America/New_York", "--fold", "later")
    )  # fmt: skip
    assert shown(cli, earlier)["start_utc"] == "2019-11-03T05:30:00+00:00"
    assert shown(cli, later)["start_utc"] == "2019-11-03T06:30:00+00:00"


def _series(cli) -> int:
    return added_id(
        cli("meeting", "add", "fourth-2020", "--title", "S", "--start", "2020-01-07 09:00",
            "--end", "2020-01-07 10:00", "--timezone", "UTC", "--repeat", "FREQ=WEEKLY;COUNT=3")
    )  # fmt: skip


ADD = NY_MEETING[:5]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [*ADD, "--start", "2020-03-08 02:30", "--end", "2020-03-08 04:00", "--timezone", NY],
            "error: start: 2020-03-08 02:30 does not exist in America/New_York",
        ),
        (
            [*ADD, "--start", "2019-11-03 01:30", "--end", "2019-11-03 03:00", "--timezone", NY],
            "error: start: 2019-11-03 01:30 is ambiguous in America/New_York",
        ),
        (
            [*ADD, "--start", "2019-12-03 10:00", "--end", "2019-12-03 10:00", "--timezone", "UTC"],
            "error: end: 2019-12-03 10:00 is not after the start",
        ),
        (
            [*ADD, "--start", "2019-12-03 10:00", "--end", "2019-12-03 11:00",
             "--timezone", "Mars/Olympus"],
            "error: timezone: unknown IANA time zone 'Mars/Olympus'",
        ),
        (
            [*ADD, "--start", "2019-12-03 10:00", "--end", "2019-12-03 11:00", "--timezone", "UTC",
             "--repeat", "FREQ=FORTNIGHTLY;COUNT=3"],
            "error: repeat: 'FREQ=FORTNIGHTLY;COUNT=3' is not a valid RRULE",
        ),
        (
            [*ADD, "--start", "2019-12-03 10:00", "--end", "2019-12-03 11:00", "--timezone", "UTC",
             "--repeat", "FREQ=WEEKLY"],
            "error: repeat: 'FREQ=WEEKLY' never ends",
        ),
        (
            [*ADD, "--start", "2019-12-03 10:00", "--end", "2019-12-03 11:00", "--timezone", "UTC",
             "--invite", "MNG", "--invite", "ATLANTIS"],
            "error: invite: no party with code 'ATLANTIS'",
        ),
        (
            [*ADD, "--start", "2019-12-03 10:00", "--end", "2019-12-03 11:00", "--timezone", "UTC",
             "--invite", "999"],
            "error: invite: no contact with id 999",
        ),
        (
            [*ADD, "--start", "3 Dec 2019", "--end", "2019-12-03 11:00", "--timezone", "UTC"],
            "error: start: '3 Dec 2019' is not a local time",
        ),
        (
            ["meeting", "add", "nowhere", "--title", "T", "--start", "2019-12-03 10:00", "--end",
             "2019-12-03 11:00", "--timezone", "UTC"],
            "error: conference: no conference 'nowhere'",
        ),
    ],
)  # fmt: skip
def test_refused_add_leaves_the_database_unchanged(refused, demo, args, message):
    refused(args, message)


def test_refused_changes_leave_the_database_unchanged(cli, demo, dump):
    cancelled = added_id(cli(*NY_MEETING))
    assert cli("meeting", "cancel", str(cancelled), "--reason", "r").exit_code == 0
    series = _series(cli)
    assert (
        cli(
            "meeting", "cancel", str(series), "--occurrence", "2020-01-14", "--reason", "r"
        ).exit_code
        == 0
    )
    refusals = [
        (
            ["meeting", "reschedule", str(cancelled), "--start", "2019-12-05 10:00",
             "--end", "2019-12-05 11:00"],
            f"error: meeting: meeting {cancelled} is cancelled; it cannot be rescheduled",
        ),
        (
            ["meeting", "cancel", str(cancelled), "--reason", "again"],
            f"error: meeting: meeting {cancelled} is already cancelled",
        ),
        (
            ["meeting", "update", str(cancelled), "--status", "confirmed"],
            f"error: status: meeting {cancelled} is cancelled",
        ),
        (
            ["meeting", "reschedule", str(series), "--occurrence", "2020-01-14",
             "--start", "2020-01-15 09:00", "--end", "2020-01-15 10:00"],
            "error: occurrence: the occurrence of 2020-01-14 is cancelled",
        ),
        (
            ["meeting", "cancel", str(series), "--occurrence", "2020-01-08", "--reason", "r"],
            f"error: occurrence: meeting {series} has no occurrence on 2020-01-08",
        ),
        (
            ["meeting", "reschedule", str(series), "--start", "2020-03-08 02:30",
             "--end", "2020-03-08 04:00", "--timezone", NY],
            "error: meeting: ",
        ),
        (
            ["meeting", "update", str(series), "--invite", "NOPE"],
            "error: invite: no party with code 'NOPE'",
        ),
        (["meeting", "show", "4242"], "error: meeting: no meeting with id 4242"),
        (["meeting", "cancel", str(series), "--reason", "  "], "error: reason: must not be empty"),
    ]  # fmt: skip
    for args, message in refusals:
        before = dump()
        result = cli(*args)
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.startswith(message), (args, result.stderr)
        assert dump() == before, args


def test_gap_refused_on_reschedule_too(cli, demo, dump):
    meeting_id = added_id(cli(*NY_MEETING))
    before = dump()
    result = cli(
        "meeting",
        "reschedule",
        str(meeting_id),
        "--start",
        "2020-03-08 02:30",
        "--end",
        "2020-03-08 04:00",
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("error: start: 2020-03-08 02:30 does not exist")
    assert dump() == before


def test_changes_are_audited(cli, demo):
    meeting_id = added_id(cli(*NY_MEETING))
    cli("meeting", "update", str(meeting_id), "--agenda", "Chair")
    cli("meeting", "cancel", str(meeting_id), "--reason", "r")
    rows = json.loads(cli("audit", "list", "--entity", "meeting", "--format", "json").stdout)
    mine = [row for row in rows if row["entity_id"] == str(meeting_id)]
    assert [row["action"] for row in mine] == ["create", "update", "cancel"]
    assert mine[2]["before"]["status"] == "tentative" and mine[2]["after"]["status"] == "cancelled"


def test_an_occurrence_moved_before_its_series_start_still_clashes(cli, demo):
    series = added_id(
        cli("meeting", "add", "fourth-2020", "--title", "Weekly", "--start", "2019-12-10 10:00",
            "--end", "2019-12-10 11:00", "--timezone", NY, "--venue", "Room A",
            "--repeat", "FREQ=WEEKLY;COUNT=3")
    )  # fmt: skip
    moved = cli("meeting", "reschedule", str(series), "--occurrence", "2019-12-17",
                "--start", "2019-12-02 10:00", "--end", "2019-12-02 11:00")  # fmt: skip
    assert moved.exit_code == 0, moved.output
    result = cli(
        "meeting", "add", "fourth-2020", "--title", "Early", "--start", "2019-12-02 10:30",
        "--end", "2019-12-02 11:30", "--timezone", NY, "--venue", "Room A",
    )  # fmt: skip
    assert added_id(result)
    assert f"overlaps meeting {series}" in result.stderr and "same venue Room A" in result.stderr
