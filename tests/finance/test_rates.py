"""The rates table through the CLI, on both engines: a record without a rate takes the rate in
force on its own date and says which; an explicit rate wins; none in force is refused with the
database unchanged; imports are all or nothing with every bad row's line number."""

import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from planner.db import unit_of_work
from planner.finance.models import ExchangeRate, Payment, Pledge
from tests.finance.test_finance_cli import CONF, payment_args, pledge_args


@pytest.fixture
def euro_rates(cli, demo):
    """EUR to USD: 1.12 from January 2020, 1.09 from April 2020 (invented figures)."""
    ids = []
    for valid_from, rate in (("2020-01-01", "1.12"), ("2020-04-01", "1.09")):
        result = cli(
            "rate", "add", "EUR", "--to", "USD", "--from", valid_from, "--rate", rate,
            "--source", "test rates",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        ids.append(int(result.stdout.split()[-1]))
    return ids


def stored(engine, model, record_id):
    with unit_of_work(engine) as session:
        record = session.get(model, record_id)
        return record.rate, record.rate_id


def test_rate_list_shows_every_rate_in_date_order(cli, euro_rates):
    result = cli("rate", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    eur = [
        (row["valid_from"], row["rate"], row["source"]) for row in rows if row["currency"] == "EUR"
    ]
    assert eur[-2:] == [("2020-01-01", "1.12", "test rates"), ("2020-04-01", "1.09", "test rates")]


def test_a_pledge_without_a_rate_takes_the_rate_in_force_on_its_date_and_says_so(
    cli, engine, euro_rates
):
    result = cli(
        *pledge_args(**{"--currency": "EUR", "--date": "2020-03-15", "--due": "2020-05-01"})
    )
    assert result.exit_code == 0, result.output
    assert "1.12" in result.stderr and "2020-03-15" in result.stderr
    assert "test rates" in result.stderr and result.stderr.startswith("notice: rate:")
    pledge_id = int(result.stdout.split()[-1])
    assert stored(engine, Pledge, pledge_id) == (Decimal("1.12"), euro_rates[0])


def test_a_payment_takes_the_rate_of_its_received_date_and_an_explicit_rate_wins(
    cli, engine, euro_rates
):
    result = cli(*payment_args(**{"--currency": "EUR", "--received": "2020-04-10"}))
    assert result.exit_code == 0, result.output
    assert "1.09" in result.stderr and "2020-04-10" in result.stderr
    assert stored(engine, Payment, int(result.stdout.split()[-1])) == (
        Decimal("1.09"), euro_rates[1],
    )  # fmt: skip
    given = cli(*payment_args(**{"--currency": "EUR", "--received": "2020-04-10", "--rate": "1.1"}))
    assert given.exit_code == 0, given.output
    assert "notice" not in given.stderr
    given_id = int(given.stdout.split()[-1])
    assert stored(engine, Payment, given_id) == (Decimal("1.1"), None)
    listed = json.loads(cli("payment", "list", CONF, "--format", "json").stdout)
    sources = {row["id"]: row["rate_from_table"] for row in listed if row["id"] >= given_id - 1}
    assert sources == {given_id - 1: euro_rates[1], given_id: None}


def test_no_rate_in_force_is_refused_naming_the_field(refused, euro_rates):
    refused(
        pledge_args(**{"--currency": "EUR", "--date": "2019-12-31", "--due": "2020-05-01"}),
        "error: rate: no EUR to USD rate is in force on 2019-12-31",
    )
    refused(
        payment_args(**{"--currency": "JPY", "--received": "2020-04-10"}),
        "error: rate: no JPY to USD rate is in force on 2020-04-10",
    )


@pytest.mark.parametrize(
    ("rate", "message"),
    [
        (("EUR", "USD", "2020-01-01", "0"), "error: rate: must be greater"),
        (
            ("EUR", "USD", "2020-01-01", "1.2"),
            "error: valid_from: a EUR to USD rate from 2020-01-01 is already recorded (1.12)",
        ),
        (("EUR", "EUR", "2020-01-01", "1"), "error: to: EUR to EUR"),
        (("XYZ", "USD", "2020-01-01", "1"), "error: currency: unknown"),
        (("EUR", "USD", "2020-02-30", "1"), "error: valid_from:"),
    ],
)
def test_a_bad_rate_is_refused(refused, euro_rates, rate, message):
    currency, to, valid_from, value = rate
    refused(["rate", "add", currency, "--to", to, "--from", valid_from, "--rate", value], message)


def test_rate_import_is_all_or_nothing_with_every_bad_line(cli, dump, engine, euro_rates, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "currency,to,valid_from,rate,source\n"
        "JPY,USD,2020-01-01,0.0091,UN\n"
        "JPY,USD,2020-02-01,-1,UN\n"
        "EUR,USD,2020-01-01,1.5,UN\n"
        "JPY,USD,2020-01-01,0.0091,UN\n",
        encoding="utf-8",
    )
    before = dump()
    result = cli("rate", "import", str(bad))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: file: 3 bad rows, nothing imported",
        "  line 3: rate: must be greater than zero, got -1",
        "  line 4: rate: EUR to USD from 2020-01-01 is already recorded as 1.12, not 1.5",
        "  line 5: valid_from: the same rate already appears on line 2",
    ]
    assert dump() == before
    good = tmp_path / "good.csv"
    good.write_text(
        "currency,to,valid_from,rate,source\n"
        "JPY,USD,2020-01-01,0.0091,UN operational rates of exchange\n"
        "EUR,USD,2020-01-01,1.12,test rates\n",
        encoding="utf-8",
    )
    result = cli("rate", "import", str(good))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "added 1 rates"
    with unit_of_work(engine) as session:
        jpy = session.scalars(select(ExchangeRate).where(ExchangeRate.currency == "JPY")).all()
        assert [(row.rate, row.source) for row in jpy] == [
            (Decimal("0.0091"), "UN operational rates of exchange")
        ]


def test_an_imported_payment_without_a_rate_takes_the_rate_in_force(
    cli, engine, euro_rates, tmp_path
):
    payments = tmp_path / "payments.csv"
    payments.write_text(
        "party,amount,currency,received,reference\n"
        "KAZ,100,EUR,2020-02-01,RATE-1\n"
        "KAZ,100,EUR,2020-04-02,RATE-2\n",
        encoding="utf-8",
    )
    result = cli("import", "payments", CONF, str(payments))
    assert result.exit_code == 0, result.output
    with unit_of_work(engine) as session:
        rows = session.execute(
            select(Payment.reference, Payment.rate, Payment.rate_id)
            .where(Payment.reference.in_(["RATE-1", "RATE-2"]))
            .order_by(Payment.reference)
        ).all()
    assert [tuple(row) for row in rows] == [
        ("RATE-1", Decimal("1.12"), euro_rates[0]), ("RATE-2", Decimal("1.09"), euro_rates[1]),
    ]  # fmt: skip
    early = tmp_path / "early.csv"
    early.write_text(
        "party,amount,currency,received,reference\nKAZ,100,EUR,2019-02-01,RATE-3\n",
        encoding="utf-8",
    )
    result = cli("import", "payments", CONF, str(early))
    assert result.exit_code == 1
    assert "line 2: rate: no EUR to USD rate is in force on 2019-02-01" in result.stderr
