"""The one money module: exact decimals, ISO 4217 currencies and their minor units.

Amounts are ``Decimal`` from the moment they are parsed; floats never appear.
Minor units come from the ``iso4217`` package (the ISO 4217 list, maintained),
so JPY has 0 decimals, USD 2 and KWD 3.
"""

from decimal import ROUND_HALF_EVEN, ROUND_UP, Context, Decimal, InvalidOperation
from functools import cache
from typing import Any

import iso4217
from babel.numbers import NumberFormatError, get_group_symbol
from babel.numbers import parse_decimal as babel_parse_decimal
from sqlalchemy import BigInteger, ColumnElement, Numeric, literal_column
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator, TypeEngine

from planner.errors import ValidationError

ONE = Decimal(1)


def currency_code(text: str, field: str = "currency") -> str:
    """A known ISO 4217 currency code with a minor unit (so not XAU, XDR...), upper-cased."""
    code = (text or "").strip().upper()
    problem = _currency_problem(code)
    if problem == "unknown":
        raise ValidationError(field=field, code="currency.unknown", value=text)
    if problem:
        raise ValidationError(field=field, code="currency.no_minor_unit", currency=code)
    return code


@cache
def _currency_problem(code: str) -> str | None:
    """Looked up once per code: imports check the same few currencies on every row."""
    try:
        exponent = iso4217.Currency(code).exponent
    except ValueError:
        return "unknown"
    return "no minor unit" if exponent is None else None


@cache
def minor_unit(currency: str) -> int:
    """How many decimals an amount in ``currency`` may have."""
    exponent = iso4217.Currency(currency_code(currency)).exponent
    assert exponent is not None, "currency_code refuses the codes without a minor unit"
    return exponent


@cache
def _minor_quantum(currency: str) -> Decimal:
    return ONE.scaleb(-minor_unit(currency))


DECIMAL_COMMA = "amount.decimal_comma"
_SPACES = (" ", "\u00a0", "\u202f")  # space, no-break space, narrow no-break space


def parse_decimal(text: object, field: str, locale: str | None = None) -> Decimal:
    """A finite Decimal from user text; floats are refused so no binary rounding sneaks in.

    Without a locale the text is plain (``1234.50``). With a CLDR locale (``fr_FR``) it
    is read as that locale writes numbers, through Babel: ``1 234,50`` with a space, a
    no-break space or a narrow no-break space for grouping.
    """
    if isinstance(text, float):
        raise TypeError("money must not be a float")
    raw = str(text).strip()
    try:
        value = (
            _localized(raw, locale) if locale else Decimal(raw)
        )  # Decimal itself reads 1_000 (PEP 515)
    except (InvalidOperation, NumberFormatError):
        if not locale and "," in raw:
            raise ValidationError(field=field, code=DECIMAL_COMMA, value=text) from None
        if locale:
            raise ValidationError(
                field=field, code="amount.not_a_number_in_locale", value=text, locale=locale
            ) from None
        raise ValidationError(field=field, code="amount.not_a_number", value=text) from None
    if not value.is_finite():
        raise ValidationError(field=field, code="amount.not_finite", value=text)
    return value


def _localized(text: str, locale: str) -> Decimal:
    group = get_group_symbol(locale)
    if group in _SPACES:
        for space in _SPACES:
            text = text.replace(space, group)
    return babel_parse_decimal(text, locale=locale, strict=True)


# Every amount stays below one trillion units of its currency: SQLite keeps an amount as a
# 64-bit count of 10**-6 units (ExactDecimal), which ends near 9.2 * 10**12, and the same
# limit holds on PostgreSQL so that both engines accept exactly the same records.
AMOUNT_LIMIT = Decimal(10) ** 12


def parse_amount(
    text: object, currency: str, field: str = "amount", locale: str | None = None
) -> Decimal:
    """A positive amount within the currency's minor unit (10.005 USD, 100.5 JPY are refused)."""
    value = parse_decimal(text, field, locale)
    if value <= 0:
        raise ValidationError(field=field, code="amount.not_positive", value=value)
    if value >= AMOUNT_LIMIT:
        raise ValidationError(
            field=field, code="amount.too_large", value=value, limit=int(AMOUNT_LIMIT)
        )
    quantized = value.quantize(_minor_quantum(currency))
    if value != quantized:
        raise ValidationError(
            field=field,
            code="amount.too_precise",
            value=value,
            currency=currency,
            decimals=minor_unit(currency),
        )
    return quantized


RATE_DECIMALS = 10
# Rates have ten decimals, so SQLite's 64-bit count of 10**-10 units ends near 9.2 * 10**8.
RATE_LIMIT = Decimal(10) ** 8
# 60 significant digits: rounding any stored amount to a minor unit is exact (products and
# quotients of amounts and rates are rounded by ``round_ratio`` in integers, not in a context).
EXACT = Context(prec=60)


def parse_rate(text: object, field: str = "rate", locale: str | None = None) -> Decimal:
    """An exchange rate: one unit of the record's currency is worth ``rate`` reporting units."""
    value = parse_decimal(text, field, locale)
    if value <= 0:
        raise ValidationError(field=field, code="amount.not_positive", value=value)
    if value >= RATE_LIMIT:
        raise ValidationError(
            field=field, code="rate.too_large", value=value, limit=int(RATE_LIMIT)
        )
    if value != value.quantize(ONE.scaleb(-RATE_DECIMALS)):
        raise ValidationError(
            field=field, code="rate.too_precise", value=value, decimals=RATE_DECIMALS
        )
    return value


def rate_for(
    currency: str, reporting_currency: str, rate: object | None, locale: str | None = None
) -> Decimal:
    """The rate to store: 1 for the reporting currency itself, else the one the officer gave.

    A foreign currency without a rate is refused rather than guessed: the report
    must never mix currencies or invent a conversion.
    """
    if currency == reporting_currency:
        if rate not in (None, "") and parse_rate(rate, locale=locale) != ONE:
            raise ValidationError(
                field="rate", code="rate.reporting_currency_not_one", currency=currency
            )
        return ONE
    if rate in (None, ""):
        raise ValidationError(
            field="rate", code="rate.missing", currency=currency, reporting=reporting_currency
        )
    return parse_rate(rate, locale=locale)


def round_to_minor_unit(amount: Decimal, currency: str, rounding: str = ROUND_HALF_EVEN) -> Decimal:
    """Round to the currency's minor unit: banker's rounding unless a rule says otherwise."""
    return amount.quantize(_minor_quantum(currency), rounding=rounding, context=EXACT)


# Amounts are stored as whole counts of 10**-6 units (ExactDecimal's scale), so the ledger's
# replay adds and compares them as integers and turns them back into Decimals at its edge.
MICRO_EXPONENT = 6
MICRO = 10**MICRO_EXPONENT


def whole_units(value: Decimal, decimals: int) -> int:
    """A value as its whole count of ``10**-decimals`` units (amounts: 6, rates: 10)."""
    units = value.scaleb(decimals)
    if units != units.to_integral_value():
        raise ValueError(f"{value} has more than {decimals} decimals, more than is stored")
    return int(units)


def from_whole_units(units: int, decimals: int) -> Decimal:
    return Decimal(units).scaleb(-decimals)


@cache
def micro_per_minor_unit(currency: str) -> int:
    """How many 10**-6 units make one minor unit of the currency (10,000 for a cent)."""
    return int(10 ** (MICRO_EXPONENT - minor_unit(currency)))


@cache
def minor_units_per_unit(currency: str) -> int:
    return int(10 ** minor_unit(currency))


def divide_half_even(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` (a positive denominator) rounded half-even to a whole number."""
    quotient, remainder = divmod(numerator, denominator)
    twice = 2 * remainder  # floor division: 0 <= remainder < denominator whatever the sign
    if twice > denominator or (twice == denominator and quotient % 2 == 1):
        return quotient + 1
    return quotient


def round_ratio(
    numerator: int, denominator: int, currency: str, rounding: str = ROUND_HALF_EVEN
) -> int:
    """``numerator / denominator`` units of the currency as a whole count of its minor units.

    The one rounding of a product or quotient of amounts and rates: exact integer
    arithmetic, so nothing depends on a decimal context's precision. Banker's rounding,
    or ``ROUND_UP`` (away from zero) where a rule asks for it.
    """
    scaled = numerator * minor_units_per_unit(currency)
    if rounding == ROUND_HALF_EVEN:
        return divide_half_even(scaled, denominator)
    if rounding != ROUND_UP:
        raise ValueError(f"unsupported rounding {rounding}")
    quotient, remainder = divmod(scaled, denominator)
    return quotient + 1 if remainder and scaled > 0 else quotient


def from_minor_units(units: int, currency: str) -> Decimal:
    """A count of the currency's minor units as an amount with exactly its decimals."""
    return Decimal(units).scaleb(-minor_unit(currency))


def to_reporting(amount: Decimal, rate: Decimal, reporting_currency: str) -> Decimal:
    """``amount`` times its recorded rate, rounded to the reporting currency's minor unit."""
    amount_numerator, amount_denominator = amount.as_integer_ratio()
    rate_numerator, rate_denominator = rate.as_integer_ratio()
    units = round_ratio(
        amount_numerator * rate_numerator,
        amount_denominator * rate_denominator,
        reporting_currency,
    )
    return from_minor_units(units, reporting_currency)


def convert(
    amount: Decimal,
    from_rate: Decimal,
    to_rate: Decimal,
    to_currency: str,
    rounding: str = ROUND_HALF_EVEN,
) -> Decimal:
    """An amount in one currency expressed in another through both recorded reporting rates."""
    amount_numerator, amount_denominator = amount.as_integer_ratio()
    from_numerator, from_denominator = from_rate.as_integer_ratio()
    to_numerator, to_denominator = to_rate.as_integer_ratio()
    units = round_ratio(
        amount_numerator * from_numerator * to_denominator,
        amount_denominator * from_denominator * to_numerator,
        to_currency,
        rounding,
    )
    return from_minor_units(units, to_currency)


def format_amount(amount: Decimal, currency: str) -> str:
    """Thousands separators and exactly the currency's decimals: ``1,234.50``."""
    decimals = minor_unit(currency)
    return f"{round_to_minor_unit(amount, currency):,.{decimals}f}"


def plain_rate(rate: Decimal) -> Decimal:
    """A rate without the storage scale's trailing zeros (``1.1``, not ``1.1000000000``)."""
    text = format(rate.normalize(), "f")
    return Decimal(text)


def format_money(amount: Decimal, currency: str) -> str:
    return f"{currency} {format_amount(amount, currency)}"


def currency_check(column: str) -> str:
    """SQL for "three upper-case ASCII letters", the same on SQLite and PostgreSQL.

    ``upper(c) = c`` rules out lower case; a character whose ``lower`` differs
    from itself is then an upper-case letter, which rules out digits and signs.
    """
    letters = " AND ".join(
        f"lower(substr({column}, {index}, 1)) <> substr({column}, {index}, 1)"
        for index in (1, 2, 3)
    )
    return f"length({column}) = 3 AND upper({column}) = {column} AND {letters}"


class ExactDecimal(TypeDecorator[Decimal]):
    """A decimal column that stays exact on every engine.

    PostgreSQL stores ``NUMERIC(precision, scale)``. SQLite has no decimal type
    (it would round through a float), so there the value is stored as an integer
    count of ``10**-scale`` units: exact, comparable and summable in SQL.
    """

    impl = Numeric
    cache_ok = True

    def __init__(self, precision: int = 24, scale: int = 6):
        super().__init__(precision=precision, scale=scale)
        self.scale = scale

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(self.impl_instance)

    def process_bind_param(
        self, value: Decimal | int | str | float | None, dialect: Dialect
    ) -> Decimal | int | None:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("money must not be a float")
        value = Decimal(value)
        # Checked on every engine: PostgreSQL's NUMERIC would round a finer value silently.
        scaled = value.scaleb(self.scale)
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than {self.scale} decimals")
        if dialect.name == "sqlite":
            return int(scaled)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return Decimal(int(value)).scaleb(-self.scale)
        return Decimal(value)


class _StoredUnits(FunctionElement[int]):
    """An ``ExactDecimal`` column read as its integer count of ``10**-scale`` units."""

    type = BigInteger()
    inherit_cache = True
    name = "stored_units"


def stored_units(
    column: QueryableAttribute[Decimal] | ColumnElement[Decimal], scale: int
) -> ColumnElement[int]:
    """The column's exact value as whole ``10**-scale`` units, computed by the database.

    SQLite already stores that integer (``ExactDecimal``); PostgreSQL's ``NUMERIC`` is
    scaled and cast, exactly, since the column has ``scale`` decimals. Reading integers
    spares building a Decimal per value when a report sums tens of thousands of them.
    """
    return _StoredUnits(column, literal_column(str(10**scale)))


@compiles(_StoredUnits)
def _scaled_numeric(element: _StoredUnits, compiler: SQLCompiler, **options: Any) -> str:
    column, factor = element.clauses
    return (
        f"CAST({compiler.process(column, **options)} * "
        f"{compiler.process(factor, **options)} AS BIGINT)"
    )


@compiles(_StoredUnits, "sqlite")
def _stored_integer(element: _StoredUnits, compiler: SQLCompiler, **options: Any) -> str:
    column, _factor = element.clauses
    return str(compiler.process(column, **options))
