"""Money parsing against ISO 4217 minor units, and exact storage on every engine."""

import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, Integer, MetaData, Table, insert, select

from planner.errors import ValidationError
from planner.finance.money import ExactDecimal, currency_code, minor_unit, parse_amount


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
