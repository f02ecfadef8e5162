"""``planner pledge|payment|finance`` through click: refusals leave the database untouched,
and the status of contributions comes out as table, JSON, CSV and a real XLSX workbook."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from planner.db import unit_of_work
from planner.directory.models import Membership, Party
from planner.directory.operations import party_by_code
from planner.i18n import country_name, gettext, party_label

CONF = "fourth-2020"
AS_OF = "2020-04-24"


def pledge_args(**changes) -> list[str]:
    values = {
        "--party": "KAZ",
        "--amount": "1000",
        "--currency": "USD",
        "--due": "2020-03-01",
        "--date": "2020-01-01",
        **changes,
    }
    args = ["pledge", "add", values.pop("conference", CONF)]
    for option, value in values.items():
        if value is not None:
            args += [option, value]
    return args


def payment_args(**changes) -> list[str]:
    values = {
        "--party": "KAZ",
        "--amount": "100",
        "--currency": "USD",
        "--received": "2020-02-01",
        **changes,
    }
    args = ["payment", "add", values.pop("conference", CONF)]
    for option, value in values.items():
        if value is not None:
            args += [option, value]
    return args


@pytest.fixture
def other_conference(cli, demo):
    result = cli(
        "conference", "add", "other-2030", "--title", "Other", "--start", "2030-01-01",
        "--end", "2030-01-01", "--timezone", "UTC", "--venue", "Geneva",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    result = cli(*pledge_args(conference="other-2030", **{"--reference": "OTHER"}))
    return int(result.stdout.split()[-1])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (pledge_args(**{"--amount": "0"}), "error: amount: must be greater than zero"),
        (pledge_args(**{"--amount": "-5"}), "error: amount: must be greater than zero"),
        (pledge_args(**{"--amount": "10.005"}), "error: amount: 10.005 has more decimals"),
        (
            pledge_args(**{"--amount": "100.5", "--currency": "JPY", "--rate": "0.0091"}),
            "error: amount: 100.5 has more decimals than JPY allows (0)",
        ),
        (pledge_args(**{"--currency": "XYZ"}), "error: currency: unknown ISO 4217"),
        (pledge_args(**{"--currency": "EUR"}), "error: rate: no EUR to USD rate is in force"),
        (
            pledge_args(**{"--currency": "EUR", "--rate": "0"}),
            "error: rate: must be greater than zero",
        ),
        (
            pledge_args(**{"--currency": "EUR", "--rate": "-1.1"}),
            "error: rate: must be greater than zero",
        ),
        (pledge_args(**{"--rate": "1.2"}), "error: rate: USD is the reporting currency"),
        (pledge_args(**{"--party": "ZZZ"}), "error: party: no party with code 'ZZZ'"),
        (pledge_args(**{"--party": "USA"}), "error: party: no party with code 'USA'"),
        (
            pledge_args(**{"--party": "IAEA"}),
            "error: party: IAEA is not a state; pledges and payments",
        ),
        (pledge_args(**{"--party": "BANGKOK"}), "error: party: BANGKOK is not a state"),
        (pledge_args(conference="nowhere"), "error: conference: no conference 'nowhere'"),
        (pledge_args(**{"--due": None}), "error: due: give a due date"),
        (
            pledge_args(**{"--instalment": "2020-02-01=400"}),
            "error: due: give either a due date or instalments, not both",
        ),
        (
            pledge_args(**{"--due": None, "--instalment": "2020-02-01=400"}),
            "error: instalment: instalments add up to 400",
        ),
        (pledge_args(**{"--due": "31/03/2020"}), "error: due: '31/03/2020' is not a date"),
        (
            pledge_args(**{"--reference": "PL-2019-KAZ"}),
            "error: reference: KAZ already has a pledge with reference 'PL-2019-KAZ'",
        ),
        (payment_args(**{"--amount": "0"}), "error: amount: must be greater than zero"),
        (payment_args(**{"--currency": "usd1"}), "error: currency: unknown ISO 4217"),
        (payment_args(**{"--currency": "JPY"}), "error: rate: no JPY to USD rate is in force"),
        (payment_args(**{"--received": "yesterday"}), "error: received: 'yesterday' is not"),
        (payment_args(**{"--pledge": "999"}), "error: pledge: no pledge with id 999"),
        (payment_args(**{"--pledge": "1"}), "error: pledge: pledge 1 is MNG's, not KAZ's"),
        (payment_args(**{"--pledge": "5", "--party": "MEX"}), "error: pledge: pledge 5 was"),
        (["payment", "void", "999", "--reason", "x"], "error: payment: no payment with id 999"),
        (["payment", "void", "1", "--reason", " "], "error: reason: must not be empty"),
        (["pledge", "cancel", "5", "--reason", "again"], "error: pledge: pledge 5 was already"),
        (
            ["pledge", "cancel", "1", "--reason", "x", "--date", "2019-01-01"],
            "error: date: 2019-01-01 is before the pledge date",
        ),
        (["finance", "status", CONF, "--as-of", "soon"], "error: as_of: 'soon' is not a date"),
        (["finance", "status", CONF, "--format", "xlsx"], "error: output: an XLSX workbook"),
    ],
)
def test_refused_without_changing_the_database(cli, demo, dump, args, message):
    before = dump()
    result = cli(*args)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(message), result.stderr
    assert dump() == before


def test_payment_for_another_conferences_pledge_is_refused(cli, dump, other_conference):
    before = dump()
    result = cli(*payment_args(**{"--pledge": str(other_conference)}))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"error: pledge: pledge {other_conference} belongs to another conference"
    )
    assert dump() == before


def test_a_party_outside_every_zone_is_not_on_the_party_list(cli, demo, engine, dump):
    with unit_of_work(engine) as session:
        session.add(Party(code="CAN", kind="state", name="Canada"))
    before = dump()
    result = cli(*pledge_args(**{"--party": "CAN"}))
    assert result.exit_code == 1
    assert "not on the conference's party list" in result.stderr
    assert dump() == before


def test_voiding_twice_is_refused_and_the_void_shows_in_payment_list(cli, demo, dump):
    result = cli("payment", "void", "2", "--reason", "duplicate entry", "--date", "2020-01-05")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "voided payment 2 on 2020-01-05"
    before = dump()
    again = cli("payment", "void", "2", "--reason", "again")
    assert again.exit_code == 1
    assert again.stderr.startswith("error: payment: payment 2 was already voided on 2020-01-05")
    assert dump() == before
    rows = json.loads(cli("payment", "list", CONF, "--as-of", AS_OF, "--format", "json").stdout)
    voided = [row for row in rows if row["id"] == 2]
    assert [row["entry"] for row in voided] == ["payment", "void"]
    assert voided[1]["amount"] == "-10000.00" and voided[1]["note"] == "duplicate entry"
    table = cli("payment", "list", CONF, "--as-of", AS_OF).stdout
    assert "void" in table and "duplicate entry" in table


def test_pledge_and_payment_commands_print_ids_and_both_amounts(cli, demo):
    created = cli(*pledge_args(**{"--currency": "EUR", "--rate": "1.10", "--reference": "X1"}))
    assert created.exit_code == 0, created.stderr
    pledge_id = created.stdout.split()[-1]
    paid = cli(*payment_args(**{"--amount": "330", "--pledge": pledge_id}))
    assert paid.exit_code == 0, paid.stderr
    assert f"#{pledge_id} 330.00 USD = 300.00 EUR" in paid.stdout
    as_json = json.loads(cli(*payment_args(**{"--format": "json", "--amount": "5"})).stdout)
    assert as_json["amount"] == "5.00" and as_json["party"] == "KAZ"
    listed = json.loads(cli("pledge", "list", CONF, "--as-of", AS_OF, "--format", "json").stdout)
    mine = next(row for row in listed if str(row["id"]) == pledge_id)
    assert (mine["amount"], mine["paid"], mine["status"]) == ("1000.00", "300.00", "overdue")


def test_status_json_has_the_documented_shape(cli, demo):
    result = cli("finance", "status", CONF, "--as-of", AS_OF, "--format", "json")
    data = json.loads(result.stdout)
    assert set(data) >= {"conference", "as_of", "currency", "totals", "parties", "aging"}
    assert set(data["totals"]) >= {
        "pledged", "paid", "outstanding", "overdue", "credit", "budget", "gap",
    }  # fmt: skip
    for row in data["parties"]:
        assert set(row) >= {
            "party", "zone", "pledged", "paid", "outstanding", "overdue", "credit", "status",
            "last_payment",
        }  # fmt: skip
        for key in ("pledged", "paid", "outstanding", "overdue", "credit"):
            assert isinstance(row[key], str) and Decimal(row[key]) >= 0
        assert row["sample"] is True
    totals = data["totals"]
    for key in ("pledged", "paid", "outstanding", "credit"):
        assert Decimal(totals[key]) == sum(Decimal(row[key]) for row in data["parties"])
    assert Decimal(totals["gap"]) == Decimal(totals["budget"]) - Decimal(totals["paid"])
    assert sum(Decimal(value) for value in data["aging"].values()) == Decimal(totals["overdue"])
    assert set(data["by_currency"]) == {"EUR", "JPY", "USD"}
    assert data["sample"] is True


def test_status_table_and_csv_say_sample_data(cli, demo, tmp_path):
    table = cli("finance", "status", CONF, "--as-of", AS_OF).stdout
    assert "SAMPLE DATA" in table and "TOTAL" in table and "MONGOLIA" in table
    target = tmp_path / "status.csv"
    result = cli("finance", "status", CONF, "--as-of", AS_OF, "--format", "csv", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8"))))
    assert rows[0][:4] == ["zone", "party", "name", "pledged"]
    assert rows[-1][0].startswith("SAMPLE DATA")
    total = next(row for row in rows if row[1:2] == ["TOTAL"])
    parties = [row for row in rows[1:] if len(row) > 3 and row[1] not in ("TOTAL",)]
    assert Decimal(total[3]) == sum(Decimal(row[3]) for row in parties)
    sample = rows[0].index("sample")
    assert all(row[sample] == "yes" for row in parties)


def test_xlsx_has_numbers_formats_frozen_header_totals_and_no_formulas(cli, demo, engine, tmp_path):
    with unit_of_work(engine) as session:
        evil = Party(code="ZZA", kind="state", name='=HYPERLINK("http://x","y")')
        session.add(evil)
        session.flush()
        zone = party_by_code(session, "MONGOLIA")
        session.add(
            Membership(
                state_id=evil.id, zone_id=zone.id, role="party", as_of=date(2020, 1, 1), source="t"
            )
        )
    assert cli(*pledge_args(**{"--party": "ZZA"})).exit_code == 0
    target = tmp_path / "status.xlsx"
    result = cli("finance", "status", CONF, "--as-of", AS_OF, "--format", "xlsx", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    workbook = openpyxl.load_workbook(target)
    sheet = workbook["Status"]
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    pledged = header.index("pledged") + 1
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    total_row = next(index for index, row in enumerate(rows, start=2) if row[1] == "TOTAL")
    party_rows = range(2, total_row)
    assert all(isinstance(sheet.cell(row, pledged).value, int | float) for row in party_rows)
    assert sheet.cell(total_row, pledged).number_format == "#,##0.00"
    assert sheet.cell(total_row, pledged).value == pytest.approx(
        sum(sheet.cell(row, pledged).value for row in party_rows)
    )
    names = [sheet.cell(row, 3).value for row in party_rows]
    assert '\'=HYPERLINK("http://x","y")' in names
    texts = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert not any(text.startswith("=") for text in texts)
    assert any(text.startswith("SAMPLE DATA") for text in texts)
    assert workbook["By currency"]["A2"].value == "EUR"


@pytest.mark.parametrize(
    ("lang", "title", "header", "status"),
    [
        ("ru", "Положение со взносами", "задолженность", "частично оплачено"),
        ("ar", "حالة المساهمات", "المتأخرات", "مدفوع جزئياً"),
        ("zh", "捐款情况", "逾期额", "部分已缴"),
        ("fr", "État des contributions", "solde dû", "partiellement versée"),
        ("es", "Estado de las contribuciones", "pendiente", "pagada parcialmente"),
    ],
)
def test_status_table_in_each_language(cli, demo, lang, title, header, status):
    result = cli("finance", "status", CONF, "--as-of", AS_OF, "--lang", lang)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(title)
    assert header in lines[4]
    kaz = next(line for line in lines if "KAZ" in line)
    assert status in kaz and "partially paid" not in result.stdout
    # the zone and the state by name in the language, each code as a secondary mark
    zone = gettext(lang, "Central Asia (Treaty of Semipalatinsk)")
    assert zone != "Central Asia (Treaty of Semipalatinsk)"
    assert party_label("SEMIPALATINSK", "Central Asia (Treaty of Semipalatinsk)", lang) in kaz
    assert kaz.startswith(f"{zone}{'（' if lang == 'zh' else ' ('}SEMIPALATINSK")
    assert party_label("KAZ", "Kazakhstan", lang).startswith(country_name("KAZ", lang) or "-")
    assert party_label("KAZ", "Kazakhstan", lang) in kaz
    assert "over-180" not in result.stdout


def test_status_table_aligns_wide_characters(cli, demo):
    """Chinese headers take two terminal columns each: the rule under them is as wide."""
    lines = cli("finance", "status", CONF, "--as-of", AS_OF, "--lang", "zh").stdout.splitlines()
    header, rule = lines[4], lines[5]
    starts = [index for index, char in enumerate(rule) if char == "-" and rule[index - 1] == " "]
    widths = [len(part) for part in rule.split("  ")]
    assert sum(widths) + 2 * (len(widths) - 1) == len(rule)
    assert starts  # several columns
    assert sum(2 if "\u4e00" <= char <= "\u9fff" else 1 for char in header) <= len(rule)


def test_status_csv_and_xlsx_headers_and_names_in_the_language(cli, demo, tmp_path):
    target = tmp_path / "status.csv"
    result = cli(
        "finance", "status", CONF, "--as-of", AS_OF, "--format", "csv", "--lang", "ru",
        "-o", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8"))))
    assert rows[0][:4] == ["зона", "участник", "название", "объявлено"]
    kaz = next(row for row in rows if row[1:2] == ["KAZ"])
    assert kaz[2] == "Казахстан" and Decimal(kaz[3]) == Decimal("30000.00")
    assert any(row[1:2] == ["ИТОГО"] for row in rows)
    workbook_path = tmp_path / "status.xlsx"
    result = cli(
        "finance", "status", CONF, "--as-of", AS_OF, "--format", "xlsx", "--lang", "ar",
        "-o", str(workbook_path),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    sheet = openpyxl.load_workbook(workbook_path)["Status"]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["المنطقة", "الطرف", "الاسم", "المتعهد به"]
    assert sheet.sheet_view.rightToLeft
    names = {row[1]: row[2] for row in sheet.iter_rows(min_row=2, values_only=True) if row[1]}
    assert names["KAZ"] == "كازاخستان"
