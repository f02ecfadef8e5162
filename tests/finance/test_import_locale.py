"""Importing in the finance officer's locale, and every problem of a row at once (issue 11)."""

import json

from tests.finance.test_import import AS_OF, CONF, write

FRENCH = (
    "party;amount;currency;pledged;due;instalments;rate;reference;note\n"
    "THA;1 234,50;USD;01/02/2020;31/05/2020;;;FR-THA-1;espace simple\n"
    "KAZ;12\u00a0000;EUR;01/02/2020;;31/03/2020=4\u202f000 30/06/2020=8\u00a0000;1,1;FR-KAZ-1;\n"
)


def test_a_french_file_reads_decimal_commas_spaces_and_day_first_dates(cli, demo, tmp_path):
    path = write(tmp_path, "promesses.csv", FRENCH)
    result = cli("import", "pledges", CONF, path, "--locale", "fr_FR")
    assert result.exit_code == 0, result.stderr
    listed = json.loads(cli("pledge", "list", CONF, "--as-of", AS_OF, "--format", "json").stdout)
    mine = {row["reference"]: row for row in listed if row["reference"].startswith("FR-")}
    assert mine["FR-THA-1"]["amount"] == "1234.50"
    assert mine["FR-THA-1"]["due"] == ["2020-05-31=1234.50"]
    assert mine["FR-KAZ-1"]["amount"] == "12000.00"
    assert mine["FR-KAZ-1"]["due"] == ["2020-03-31=4000.00", "2020-06-30=8000.00"]


def test_the_default_stays_strict_and_the_cli_says_how_to_read_commas(cli, demo, dump, tmp_path):
    before = dump()
    result = cli("import", "pledges", CONF, write(tmp_path, "promesses.csv", FRENCH))
    assert result.exit_code == 1
    assert "line 2: amount: '1 234,50' is not a number: it has a comma" in result.stderr
    assert result.stderr.strip().endswith("\n(use --locale fr_FR)")  # the CLI's hint, own line
    assert dump() == before


def test_an_unknown_locale_is_refused(cli, demo, dump, tmp_path):
    before = dump()
    result = cli("import", "pledges", CONF, write(tmp_path, "p.csv", FRENCH), "--locale", "xx_QQ")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: locale: 'xx_QQ' is not a CLDR locale")
    assert dump() == before


def test_a_row_reports_every_problem_it_has(cli, demo, dump, tmp_path):
    text = (
        "party,amount,currency,pledged,due,reference\n"
        "ZZZ,-5,USD,20200214,2020-05-31,\n"
        "KAZ,100,USD,2020-03-01,2020-02-01,R-2\n"
    )
    before = dump()
    result = cli("import", "pledges", CONF, write(tmp_path, "p.csv", text))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "error: file: 2 bad rows, nothing imported"
    assert lines[1] == (
        "  line 2: party: 'ZZZ' is not a state on the conference's party list; "
        "amount: must be greater than zero, got -5; reference: must not be empty; "
        "pledged: '20200214' is not a date (YYYY-MM-DD)"
    )
    assert lines[2] == "  line 3: due: 2020-02-01 is before the pledge date 2020-03-01"
    assert dump() == before
