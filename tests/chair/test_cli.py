"""``planner chair``: what each command prints, in table and JSON, on the data set and beyond."""

import json

from tests.chair.conftest import created_id


def status_json(cli, conference, as_of):
    result = cli("chair", "status", conference, "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def status_lines(cli, as_of, *options):
    """``chair status`` of the data set as of a day, as lines."""
    result = cli("chair", "status", "fourth-2020", "--as-of", as_of, *options)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_the_data_set_is_not_started_on_1_october_2019_and_says_sample(cli, demo):
    lines = status_lines(cli, "2019-10-01")
    assert lines[:4] == [
        "Chair designation: fourth-2020",
        "As of 2019-10-01",
        "Status: not started",
        "Target date: 2019-12-31 [SAMPLE]",
    ]
    assert lines[6].startswith("SAMPLE: items marked [SAMPLE]")
    status = status_json(cli, "fourth-2020", "2019-10-01")
    assert (status["state"], status["nominations"], status["chair"]) == ("not_started", [], None)
    assert status["sample"] is True and status["target_is_sample"] is True


def test_the_data_set_is_overdue_on_15_january_2020(cli, demo):
    status = status_json(cli, "fourth-2020", "2020-01-15")
    assert (status["state"], status["days_overdue"], status["target_date"]) == (
        "overdue",
        15,
        "2019-12-31",
    )
    kaz, mex = status["nominations"]
    assert (kaz["state"], kaz["nominated_by"], kaz["withdrawn_on"], kaz["sample"]) == (
        "KAZ",
        "SEMIPALATINSK",
        None,
        True,
    )
    assert [(e["party"], e["endorsed_on"]) for e in kaz["endorsements"]] == [
        ("MNG", "2019-10-25"),
        ("BANGKOK", "2019-11-05"),
    ]
    assert (mex["state"], mex["withdrawn_on"]) == ("MEX", "2019-11-20")
    table = cli("chair", "status", "fourth-2020", "--as-of", "2020-01-15").stdout
    assert table.splitlines()[2] == "Status: overdue (15 days)"
    endorsers = "Mongolia (MNG) 2019-10-25, Southeast Asia (Treaty of Bangkok) (BANGKOK) 2019-11-05"
    assert endorsers in table
    assert table.count("SAMPLE") >= 4  # target, note, and each nomination row


def test_nominate_endorse_designate_replace_through_the_cli(cli, fifth):
    nominated = cli(
        "chair",
        "nominate",
        fifth,
        "--party",
        "kgz",
        "--person",
        "Person One",
        "--title",
        "Ambassador",
        "--by",
        "semipalatinsk",
        "--date",
        "2024-10-01",
        "--format",
        "json",
    )
    record = json.loads(nominated.stdout)
    assert {k: record[k] for k in ("state", "person", "title", "nominated_by", "nominated_on")} == {
        "state": "KGZ",
        "person": "Person One",
        "title": "Ambassador",
        "nominated_by": "SEMIPALATINSK",
        "nominated_on": "2024-10-01",
    }
    first = record["id"]
    endorsed = cli("chair", "endorse", str(first), "--party", "PELINDABA", "--date", "2024-10-02")
    assert endorsed.stdout.startswith("created endorsement ")
    assert created_id(endorsed)
    designated = cli(
        "chair", "designate", fifth, "--nomination", str(first), "--date", "2024-11-01",
        "--at", "first preparatory meeting",
    )  # fmt: skip
    assert designated.stdout.startswith("created designation ")
    second = created_id(cli("chair", "nominate", fifth, "--party", "UZB", "--date", "2024-12-01"))
    replaced = cli(
        "chair", "designate", fifth, "--nomination", str(second), "--date", "2025-01-10",
        "--replace", "--reason", "Person One took another post", "--format", "json",
    )  # fmt: skip
    assert json.loads(replaced.stdout)["replaces"] == created_id(designated)
    status = status_json(cli, fifth, "2025-01-10")
    assert status["state"] == "designated" and status["sample"] is False
    assert (status["chair"]["nomination"]["state"], status["chair"]["designated_on"]) == (
        "UZB",
        "2025-01-10",
    )
    assert status["history"][0]["replacement_reason"] == "Person One took another post"
    assert status["summary"] == "Designated: Uzbekistan, since January 10, 2025"
    table = cli("chair", "status", fifth, "--as-of", "2025-01-10").stdout
    assert "Chair: Uzbekistan\n" in table
    assert "Designation history" in table and "Person One took another post" in table
    assert "SAMPLE" not in table
    earlier = cli("chair", "status", fifth, "--as-of", "2024-12-15").stdout
    assert "Chair: Kyrgyzstan (Person One, Ambassador) (first preparatory meeting)\n" in earlier
    assert (
        "Summary: Designated: Kyrgyzstan (Person One, Ambassador), since November 1, 2024"
        in earlier
    )
    entries = json.loads(
        cli("audit", "list", "--entity", "chair_designation", "--format", "json").stdout
    )
    assert [e["action"] for e in entries] == ["designate", "replace"]
    assert entries[1]["before"]["nomination_id"] == first


def test_target_sets_the_date_and_withdraw_prints_it(cli, fifth):
    assert cli("chair", "target", fifth, "--date", "2024-12-31").exit_code == 0
    nomination = created_id(
        cli("chair", "nominate", fifth, "--party", "TKM", "--date", "2024-10-01")
    )
    result = cli("chair", "withdraw", str(nomination), "--date", "2024-10-09")
    assert result.stdout == f"withdrew nomination {nomination} on 2024-10-09\n"
    status = status_json(cli, fifth, "2025-01-02")
    assert (status["state"], status["days_overdue"], status["target_is_sample"]) == (
        "overdue",
        2,
        False,
    )


def test_chair_status_speaks_the_language_asked_for(cli, demo):
    """The facts, the tables' headings, the names and the summary sentence come from the
    catalogs and CLDR; the dates in the tables stay ISO, as in every CLI table."""
    lines = status_lines(cli, "2020-03-01", "--lang", "fr")
    french = "\n".join(lines)
    assert lines[:3] == [
        "Désignation de la présidence\u202f: fourth-2020",
        "Au 2020-03-01",
        "État\u202f: en retard (61 jours)",
    ]
    assert "Présidence\u202f: aucune désignation" in lines
    assert (
        "Résumé\u202f: En retard de 61 jours\u202f: aucune présidence désignée à la date "
        "cible, le 31 décembre 2019 [SAMPLE]"
    ) in lines
    assert "Mexique (MEX) [SAMPLE]" in french and "Appuyée par" in french
    assert "Mexico" not in french and "overdue" not in french
    arabic = "\n".join(status_lines(cli, "2020-03-01", "--lang", "ar"))
    summary = json.loads(
        cli(
            *("chair", "status", "fourth-2020", "--as-of", "2020-03-01"),
            "--format",
            "json",
            "--lang",
            "ru",
        ).stdout
    )["summary"]
    assert "المكسيك" in arabic
    assert summary.startswith("Просрочено на 61 день:")
