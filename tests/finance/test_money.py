"""Money parsing against ISO 4217 minor units, and exact storage on every engine."""

import re
from decimal import ROUND_DOWN, ROUND_UP, Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import (
    BigInteger,
    Column,
    Integer,
    MetaData,
    Table,
    create_engine,
    insert,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import dialect as postgresql_dialect
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect
from sqlalchemy.exc import StatementError

from planner.errors import ValidationError
from planner.finance.money import (
    DECIMAL_COMMA,
    ExactDecimal,
    convert,
    currency_check,
    currency_code,
    format_amount,
    format_money,
    from_whole_units,
    minor_unit,
    parse_amount,
    parse_decimal,
    parse_rate,
    plain_rate,
    rate_for,
    round_to_minor_unit,
    stored_units,
    to_reporting,
    whole_units,
)
from tests.conftest import ENGINES


@pytest.mark.parametrize(("currency", "decimals"), [("JPY", 0), ("USD", 2), ("KWD", 3)])
def test_minor_units_come_from_iso_4217(currency, decimals):
    assert minor_unit(currency) == decimals


@pytest.mark.parametrize(
    ("text", "currency", "expected"),
    [
        ("10.5", "USD", Decimal("10.50")),
        ("100", "JPY", Decimal("100")),
        ("1.234", "KWD", Decimal("1.234")),
        (" 7 ", "eur", Decimal("7.00")),
    ],
)
def test_parse_amount_accepts_amounts_within_the_minor_unit(text, currency, expected):
    assert parse_amount(text, currency) == expected


@pytest.mark.parametrize(
    ("text", "currency", "reason"),
    [
        ("10.005", "USD", "more decimals than USD allows (2)"),
        ("100.5", "JPY", "more decimals than JPY allows (0)"),
        ("0", "USD", "greater than zero"),
        ("-1", "USD", "greater than zero"),
        ("abc", "USD", "not a number"),
        ("NaN", "USD", "not a finite number"),
    ],
)
def test_parse_amount_refuses(text, currency, reason):
    with pytest.raises(ValidationError, match=re.escape(reason)) as refused:
        parse_amount(text, currency)
    assert refused.value.field == "amount"


@pytest.mark.parametrize("code", ["XYZ", "", "XAU", "dollars"])
def test_unknown_or_unit_less_currencies_are_refused(code):
    with pytest.raises(ValidationError) as refused:
        currency_code(code)
    assert refused.value.field == "currency"


def test_floats_never_become_money():
    with pytest.raises(TypeError):
        parse_amount(0.1, "USD")


exact_decimals = st.decimals(
    min_value=Decimal("-999999999999.999999"),
    max_value=Decimal("999999999999.999999"),
    places=6,
    allow_nan=False,
    allow_infinity=False,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.lists(exact_decimals, min_size=1, max_size=5))
def test_exact_decimal_round_trips_and_sums_exactly(engine, values):
    table = Table(
        "money_probe",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("amount", ExactDecimal()),
    )
    table.create(engine, checkfirst=True)
    try:
        with engine.begin() as connection:
            connection.execute(insert(table), [{"amount": value} for value in values])
            stored = connection.scalars(select(table.c.amount).order_by(table.c.id)).all()
        assert stored == values
        assert sum(stored, Decimal(0)) == sum(values, Decimal(0))
    finally:
        table.drop(engine)


# --- parsing at its boundaries -------------------------------------------------------------


def test_currency_codes_are_normalised_and_explained():
    assert currency_code(" eur ") == "EUR"
    with pytest.raises(ValidationError, match=r"^currency: unknown ISO 4217 currency code 'XYZ'$"):
        currency_code("XYZ")
    with pytest.raises(ValidationError, match=r"^currency: unknown ISO 4217 currency code None$"):
        currency_code(None)
    with pytest.raises(ValidationError, match=r"^to: XAU is not a currency with a minor unit$"):
        currency_code("xau", "to")


def test_decimals_are_parsed_exactly_and_refused_with_the_field_named():
    assert parse_decimal(" 1_000.25 ", "budget") == Decimal("1000.25")
    assert parse_decimal(7, "budget") == Decimal(7)
    with pytest.raises(ValidationError, match=r"^budget: 'ten' is not a number$"):
        parse_decimal("ten", "budget")
    with pytest.raises(ValidationError, match=r"^budget: 'Infinity' is not a finite number$"):
        parse_decimal("Infinity", "budget")
    with pytest.raises(TypeError, match=r"^money must not be a float$"):
        parse_decimal(1.5, "budget")


def test_amounts_at_the_edges_of_their_minor_unit():
    assert str(parse_amount("10", "USD")) == "10.00"  # stored at the currency's scale
    assert parse_amount("0.01", "USD") == Decimal("0.01")
    assert parse_amount("0.001", "KWD") == Decimal("0.001")
    assert parse_amount("1", "JPY") == Decimal(1)
    with pytest.raises(ValidationError, match=r"^total: must be greater than zero, got 0.00$"):
        parse_amount("0.00", "USD", "total")
    with pytest.raises(
        ValidationError, match=r"^amount: 0.0001 has more decimals than KWD allows \(3\)$"
    ):
        parse_amount("0.0001", "KWD")


def test_rates_may_have_exactly_ten_decimals():
    assert parse_rate("0.0000000001") == Decimal("0.0000000001")
    assert parse_rate("1") == Decimal(1)
    assert parse_rate("1.1037") == Decimal("1.1037")
    with pytest.raises(ValidationError, match=r"^rate: 1.00000000001 has more than 10 decimals$"):
        parse_rate("1.00000000001")
    with pytest.raises(ValidationError, match=r"^rate: must be greater than zero, got 0$"):
        parse_rate("0")
    with pytest.raises(ValidationError, match=r"^rate: 'x' is not a number$"):
        parse_rate("x")
    with pytest.raises(ValidationError, match=r"^fx: must be greater than zero, got -1.1$"):
        parse_rate("-1.1", "fx")


def test_the_reporting_currency_has_rate_one_and_others_need_theirs():
    for one in (None, "", "1", "1.0000"):
        assert rate_for("USD", "USD", one) == 1
    with pytest.raises(
        ValidationError, match=r"^rate: USD is the reporting currency; its rate can only be 1$"
    ):
        rate_for("USD", "USD", "1.10")
    with pytest.raises(ValidationError, match=r"^rate: must be greater than zero"):
        rate_for("USD", "USD", "0")
    assert rate_for("EUR", "USD", "1.1037") == Decimal("1.1037")
    assert rate_for("USD", "EUR", "0.9") == Decimal("0.9")  # a reporting currency other than USD
    for missing in (None, ""):
        with pytest.raises(
            ValidationError,
            match=r"^rate: EUR is not the reporting currency USD: give its exchange rate$",
        ):
            rate_for("EUR", "USD", missing)
    with pytest.raises(ValidationError, match=r"^rate: must be greater than zero, got 0$"):
        rate_for("EUR", "USD", "0")


def test_numbers_are_read_as_the_locale_writes_them():
    for space in (" ", "\u00a0", "\u202f"):  # any of the three spaces groups in French
        assert parse_decimal(f"1{space}234,50", "budget", "fr_FR") == Decimal("1234.50")
    assert parse_decimal("1.234,50", "budget", "de_DE") == Decimal("1234.50")
    assert parse_decimal("1,234.50", "budget", "en_US") == Decimal("1234.50")
    assert parse_decimal(" 0,25 ", "budget", "de_DE") == Decimal("0.25")
    # A German dot groups; a space is not a German group, so it is not taken for one.
    with pytest.raises(ValidationError, match=r"^budget: '1 234,50' is not a number in de_DE$"):
        parse_decimal("1 234,50", "budget", "de_DE")
    with pytest.raises(ValidationError) as refused:
        parse_decimal("1,234.50", "budget", "de_DE")  # strict: misplaced groups are refused
    assert (refused.value.message, refused.value.field, refused.value.code) == (
        "'1,234.50' is not a number in de_DE",
        "budget",
        "amount.not_a_number_in_locale",
    )


def test_plain_text_is_read_the_same_whatever_the_machine_locale(monkeypatch):
    monkeypatch.setattr("babel.numbers.LC_NUMERIC", "de_DE")  # Babel's default, from the env
    assert parse_decimal("1.5", "budget") == Decimal("1.5")
    assert parse_decimal("1234.50", "budget") == Decimal("1234.50")
    with pytest.raises(ValidationError) as refused:
        parse_decimal("1,5", "budget")
    assert refused.value.code == DECIMAL_COMMA


def test_arabic_uses_latin_digits_with_comma_groups():
    assert parse_decimal("1,234.50", "amount", "ar") == Decimal("1234.50")
    assert parse_amount("1,234.5", "EGP", locale="ar_EG") == Decimal("1234.50")
    with pytest.raises(
        ValidationError, match=r"^amount: '1\u066c234\u066b50' is not a number in ar$"
    ):
        parse_decimal("1\u066c234\u066b50", "amount", "ar")  # Arabic-Indic separators


def test_a_comma_without_a_locale_is_refused_with_its_own_code():
    with pytest.raises(ValidationError) as refused:
        parse_decimal("12,50", "amount")
    assert (refused.value.message, refused.value.field, refused.value.code) == (
        "'12,50' is not a number: it has a comma where a decimal point (1234.50) is expected",
        "amount",
        DECIMAL_COMMA,
    )
    with pytest.raises(ValidationError) as refused:
        parse_decimal("ten", "amount")
    assert (refused.value.field, refused.value.code) == ("amount", "amount.not_a_number")


def test_amounts_and_rates_take_the_locale():
    assert parse_amount("1 234,50", "EUR", locale="fr_FR") == Decimal("1234.50")
    assert parse_amount("1.234,5", "EUR", "total", "de_DE") == Decimal("1234.50")
    with pytest.raises(ValidationError, match=r"^total: '1.234,5' is not a number in fr_FR$"):
        parse_amount("1.234,5", "EUR", "total", "fr_FR")
    assert parse_rate("1,1037", locale="fr_FR") == Decimal("1.1037")
    assert parse_rate("1,1037", "fx", "de_DE") == Decimal("1.1037")
    with pytest.raises(ValidationError, match=r"^fx: 'x' is not a number in de_DE$"):
        parse_rate("x", "fx", "de_DE")
    assert rate_for("EUR", "USD", "1,1037", "fr_FR") == Decimal("1.1037")
    assert rate_for("USD", "USD", "1,0000", "de_DE") == 1
    with pytest.raises(ValidationError, match=r"^rate: '1,5' is not a number in en_US$"):
        rate_for("EUR", "USD", "1,5", "en_US")
    with pytest.raises(ValidationError, match=r"^rate: '1,5' is not a number in en_US$"):
        rate_for("USD", "USD", "1,5", "en_US")


def test_amounts_and_rates_stay_below_their_limits():
    assert parse_amount("999999999999.99", "USD") == Decimal("999999999999.99")
    with pytest.raises(
        ValidationError,
        match=r"^total: 1000000000000 is too large: amounts stay below 1,000,000,000,000$",
    ):
        parse_amount("1000000000000", "USD", "total")
    with pytest.raises(ValidationError, match=r"^amount: must be greater than zero, got -0.01$"):
        parse_amount("-0.01", "USD")
    assert parse_rate("99999999.9999999999") == Decimal("99999999.9999999999")
    with pytest.raises(
        ValidationError, match=r"^fx: 100000000 is too large: rates stay below 100,000,000$"
    ):
        parse_rate("100000000", "fx")
    with pytest.raises(ValidationError, match=r"^fx: 1.00000000001 has more than 10 decimals$"):
        parse_rate("1.00000000001", "fx")


# --- rounding and conversion ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "currency", "rounded"),
    [("0.125", "USD", "0.12"), ("0.135", "USD", "0.14"), ("0.1251", "USD", "0.13"),
     ("2.5", "JPY", "2"), ("3.5", "JPY", "4"), ("0.0005", "KWD", "0.000"),
     ("-0.125", "USD", "-0.12")],
)  # fmt: skip
def test_rounding_to_the_minor_unit_is_half_even(amount, currency, rounded):
    result = round_to_minor_unit(Decimal(amount), currency)
    assert str(result) == rounded


def test_rounding_can_be_asked_to_go_up_and_stays_exact_for_long_amounts():
    assert round_to_minor_unit(Decimal("0.121"), "USD", ROUND_UP) == Decimal("0.13")
    long = Decimal("123456789012345678901234567.891")  # 30 digits: more than a default context
    assert str(round_to_minor_unit(long, "USD")) == "123456789012345678901234567.89"


def test_to_reporting_multiplies_by_the_rate_and_rounds_half_even():
    assert to_reporting(Decimal("0.05"), Decimal("2.5"), "USD") == Decimal("0.12")
    assert to_reporting(Decimal("100"), Decimal("0.0091"), "USD") == Decimal("0.91")
    assert str(to_reporting(Decimal("10.00"), Decimal("110.5"), "JPY")) == "1105"


def test_convert_goes_through_both_reporting_rates():
    # 100 EUR at 1.1 USD is 110 USD; at 0.0091 USD per yen that is 12087.91 JPY.
    assert str(convert(Decimal("100.00"), Decimal("1.1"), Decimal("0.0091"), "JPY")) == "12088"
    assert convert(Decimal("0.25"), Decimal(1), Decimal(2), "EUR") == Decimal("0.12")
    assert convert(Decimal("0.25"), Decimal(1), Decimal(2), "EUR", ROUND_UP) == Decimal("0.13")


def test_rounding_up_takes_any_fraction_of_a_minor_unit_and_other_roundings_are_refused():
    # half a yen: the smallest fraction there is, one unit over a denominator of two
    assert str(convert(Decimal(1), Decimal(1), Decimal(2), "JPY", ROUND_UP)) == "1"
    with pytest.raises(ValueError, match=r"^unsupported rounding ROUND_DOWN$"):
        convert(Decimal("0.25"), Decimal(1), Decimal(2), "EUR", ROUND_DOWN)


def test_formatting_uses_the_currency_decimals_and_thousands_separators():
    assert format_amount(Decimal("1234.5"), "USD") == "1,234.50"
    assert format_amount(Decimal("1234567.5"), "JPY") == "1,234,568"
    assert format_amount(Decimal("0.0625"), "KWD") == "0.062"
    assert format_money(Decimal("1234.5"), "EUR") == "EUR 1,234.50"


def test_plain_rates_drop_the_storage_scale():
    assert str(plain_rate(Decimal("1.1000000000"))) == "1.1"
    assert str(plain_rate(Decimal("100.0000000000"))) == "100"


# --- storage -------------------------------------------------------------------------------


@pytest.fixture(params=ENGINES)
def bare_engine(request):
    """An engine with nothing migrated: the probes below only need a temporary table."""
    if request.param == "sqlite":
        engine = create_engine("sqlite://")
    else:
        engine = create_engine(request.getfixturevalue("postgres_server").url)
    yield engine
    engine.dispose()


def probe_table():
    return Table(
        "money_probe",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("amount", ExactDecimal()),
        prefixes=["TEMPORARY"],
    )


def test_exact_decimal_stores_the_full_range_and_nothing_finer(bare_engine):
    """Nothing finer on either engine: PostgreSQL's NUMERIC(24, 6) alone would round it."""
    table = probe_table()
    values = [Decimal("999999999999.999999"), Decimal("-0.000001"), Decimal("0.1"), None]
    with bare_engine.connect() as connection:
        table.create(connection)
        connection.execute(insert(table), [{"amount": value} for value in values])
        stored = connection.scalars(select(table.c.amount).order_by(table.c.id)).all()
        assert stored == values
        assert all(isinstance(value, Decimal) for value in stored[:3])
        assert str(stored[2]) in ("0.1", "0.100000")
        with pytest.raises(StatementError, match="more than 6 decimals"):
            connection.execute(insert(table), [{"amount": Decimal("0.0000001")}])
        connection.rollback()


def test_exact_decimal_refuses_floats_and_scales_integers_on_sqlite():
    column = ExactDecimal()
    sqlite, postgres = sqlite_dialect(), postgresql_dialect()
    assert column.process_bind_param(Decimal("1.5"), sqlite) == 1_500_000
    assert column.process_result_value(1_500_000, sqlite) == Decimal("1.5")
    assert column.process_bind_param(Decimal("1.5"), postgres) == Decimal("1.5")
    assert column.process_bind_param(None, sqlite) is None
    assert column.process_result_value(None, postgres) is None
    with pytest.raises(TypeError, match=r"^money must not be a float$"):
        column.process_bind_param(1.5, postgres)
    numeric = column.load_dialect_impl(postgres)
    assert (numeric.precision, numeric.scale, numeric.asdecimal) == (24, 6, True)
    assert isinstance(column.load_dialect_impl(sqlite), BigInteger)
    assert ExactDecimal(12, 2).process_bind_param(Decimal("1.5"), sqlite) == 150


def test_whole_units_are_the_stored_integers_and_nothing_finer():
    assert whole_units(Decimal("1.5"), 6) == 1_500_000
    assert whole_units(Decimal("-0.0000000001"), 10) == -1
    assert from_whole_units(1_500_000, 6) == Decimal("1.5")
    with pytest.raises(ValueError, match=r"^1E-7 has more than 6 decimals, more than is stored$"):
        whole_units(Decimal("0.0000001"), 6)


def test_stored_units_reads_amounts_and_rates_as_their_stored_integers(bare_engine):
    table = Table(
        "units_probe",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("amount", ExactDecimal()),
        Column("rate", ExactDecimal(scale=10)),
        prefixes=["TEMPORARY"],
    )
    rows = [
        {"amount": Decimal("999999999999.999999"), "rate": Decimal("99999999.9999999999")},
        {"amount": Decimal("-0.000001"), "rate": Decimal("0.0000000001")},
    ]
    query = select(stored_units(table.c.amount, 6), stored_units(table.c.rate, 10))
    with bare_engine.connect() as connection:
        table.create(connection)
        connection.execute(insert(table), rows)
        units = connection.execute(query.order_by(table.c.id)).all()
        connection.rollback()
    assert [tuple(row) for row in units] == [
        (999_999_999_999_999_999, 999_999_999_999_999_999),
        (-1, 1),
    ]
    assert all(type(value) is int for row in units for value in row)


def test_stored_units_scales_and_casts_numeric_on_postgresql():
    """The SQL, so that the scaling is checked where no PostgreSQL server is at hand."""
    amount = probe_table().c.amount
    assert str(stored_units(amount, 6).compile(dialect=postgresql_dialect())) == (
        "CAST(money_probe.amount * 1000000 AS BIGINT)"
    )
    assert str(stored_units(amount, 10).compile(dialect=sqlite_dialect())) == "money_probe.amount"


@pytest.mark.parametrize(
    ("code", "valid"),
    [("USD", True), ("usd", False), ("1SD", False), ("U1D", False), ("US1", False),
     ("US", False), ("USDX", False), ("U D", False)],
)  # fmt: skip
def test_the_currency_check_constraint(bare_engine, code, valid):
    with bare_engine.connect() as connection:
        check = currency_check(f"'{code}'")
        result = connection.execute(text(f"SELECT CASE WHEN {check} THEN 1 ELSE 0 END"))
        assert result.scalar() == int(valid)
