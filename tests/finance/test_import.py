"""``planner import pledges|payments``: real files as spreadsheets write them, all or nothing."""

import json

import pytest

CONF = "fourth-2020"
AS_OF = "2020-04-24"

PLEDGES = (
    "party,amount,currency,pledged,due,instalments,rate,reference,note\n"
    "THA,5000.00,USD,2020-02-01,2020-05-31,,,IMP-THA-1,second pledge\n"
    'NZL,1000,EUR,2020-02-01,,"2020-03-31=400 2020-06-30=600",1.1,IMP-NZL-1,\n'
)
PAYMENTS = (
    "party;amount;currency;received;rate;pledge;reference;note\n"
    "THA;2500,00;USD;2020-03-01;;IMP-THA-1;IMP-PAY-1;\n"
)


def write(tmp_path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def payments_json(cli) -> list[dict]:
    return json.loads(cli("payment", "list", CONF, "--as-of", AS_OF, "--format", "json").stdout)


def test_import_pledges_then_payments_and_again_adds_nothing(cli, demo, dump, tmp_path):
    pledges = write(tmp_path, "pledges.csv", PLEDGES, "utf-8-sig")  # with a byte order mark
    result = cli("import", "pledges", CONF, pledges)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "2 rows checked: added 2 pledges, 0 already recorded"
    listed = json.loads(cli("pledge", "list", CONF, "--as-of", AS_OF, "--format", "json").stdout)
    nzl = next(row for row in listed if row["reference"] == "IMP-NZL-1")
    assert nzl["due"] == ["2020-03-31=400.00", "2020-06-30=600.00"]
    assert nzl["status"] == "overdue" and nzl["sample"] is False

    # Semicolon-separated, as spreadsheets write it in comma-decimal locales; "2500,00" is refused.
    bad = write(tmp_path, "payments.csv", PAYMENTS)
    before = dump()
    refused = cli("import", "payments", CONF, bad)
    assert refused.exit_code == 1
    assert "line 2: amount: '2500,00' is not a number" in refused.stderr
    assert dump() == before

    good = write(tmp_path, "payments.csv", PAYMENTS.replace("2500,00", "2500.00"))
    assert cli("import", "payments", CONF, good, "--dry-run").stdout.strip() == (
        "1 rows checked: would add 1 payments, 0 already recorded"
    )
    assert dump() == before
    assert cli("import", "payments", CONF, good).exit_code == 0
    imported = next(row for row in payments_json(cli) if row["reference"] == "IMP-PAY-1")
    assert imported["allocations"][0]["amount"] == "2500.00"
    assert imported["pledge"] is not None

    snapshot = dump()
    again = cli("import", "payments", CONF, good)
    assert again.stdout.strip() == "1 rows checked: added 0 payments, 1 already recorded"
    assert cli("import", "pledges", CONF, pledges).exit_code == 0
    assert dump() == snapshot


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "error: file: is empty"),
        ("party,amount,currency,received,reference\n", "error: file: has a header but no rows"),
        ("party,amount,money,received,reference\n", "error: file: wrong header (missing column"),
        (
            "party,amount,currency,received,reference,colour\nMNG,1,USD,2020-01-01,R,red\n",
            "error: file: wrong header (unknown column colour)",
        ),
    ],
)
def test_malformed_files_are_refused(cli, demo, dump, tmp_path, text, expected):
    before = dump()
    result = cli("import", "payments", CONF, write(tmp_path, "p.csv", text))
    assert result.exit_code == 1
    assert result.stderr.startswith(expected), result.stderr
    assert dump() == before


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_written(cli, demo, dump, tmp_path):
    text = (
        "party,amount,currency,received,rate,pledge,reference\n"
        "MNG,100,USD,2020-01-01,,,OK-1\n"  # fine, but the file is refused as a whole
        "ZZZ,100,USD,2020-01-01,,,R2\n"
        "MNG,0,USD,2020-01-01,,,R3\n"
        "MNG,10.005,USD,2020-01-01,,,R4\n"
        "MNG,100,XYZ,2020-01-01,,,R5\n"
        "MNG,100,EUR,2020-01-01,,,R6\n"
        "MNG,100,USD,01/02/2020,,,R7\n"
        "MNG,100,USD,2020-01-01,,,OK-1\n"
        "MNG,100,USD,2020-01-01,,NOPE,R9\n"
        "MEX,100,USD,2020-01-01,,PL-2019-MEX-USD,R10\n"
        "MNG,100,USD\n"
        "MNG,100,USD,2020-01-01,,,PM-2020-MNG-1\n"
    )
    before = dump()
    result = cli("import", "payments", CONF, write(tmp_path, "bad.csv", text))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "error: file: 11 bad rows, nothing imported"
    reported = {line.split(":")[0].strip(): line for line in lines[1:]}
    assert set(reported) == {f"line {n}" for n in range(3, 14) if n != 2}
    assert "party: 'ZZZ' is not a state" in reported["line 3"]
    assert "amount: must be greater than zero" in reported["line 4"]
    assert "more decimals than USD" in reported["line 5"]
    assert "currency: unknown ISO 4217" in reported["line 6"]
    assert "rate: no EUR to USD rate is in force on 2020-01-01" in reported["line 7"]
    assert "received: '01/02/2020' is not a date" in reported["line 8"]
    assert "already appears on line 2" in reported["line 9"]
    assert "no pledge with reference 'NOPE'" in reported["line 10"]
    assert "was cancelled on 2019-11-20" in reported["line 11"]
    assert "3 fields, the header has 7" in reported["line 12"]
    assert "already recorded with 50000" in reported["line 13"]
    assert dump() == before


def test_not_utf8_is_refused(cli, demo, dump, tmp_path):
    before = dump()
    path = write(
        tmp_path,
        "latin.csv",
        "party,amount,currency,received,reference\nMNG,1,USD,2020-01-01,Ré\n",
        "latin-1",
    )
    result = cli("import", "payments", CONF, path)
    assert result.exit_code == 1 and result.stderr.startswith("error: file: is not UTF-8")
    assert dump() == before


def test_large_files_show_a_progress_bar_on_stderr(cli, demo, tmp_path):
    rows = "".join(f"MNG,1.00,USD,2020-01-01,BULK-{n}\n" for n in range(1500))
    path = write(tmp_path, "bulk.csv", "party,amount,currency,received,reference\n" + rows)
    result = cli("import", "payments", CONF, path)
    assert result.exit_code == 0, result.stderr
    assert "checking rows" in result.stderr
    assert "added 1500 payments" in result.stdout
    report = json.loads(cli("finance", "status", CONF, "--as-of", AS_OF, "--format", "json").stdout)
    mongolia = next(row for row in report["parties"] if row["party"] == "MNG")
    assert mongolia["credit"] == "1500.00"
