"""The one money module: exact decimals, ISO 4217 currencies and their minor units.

Amounts are ``Decimal`` from the moment they are parsed; floats never appear.
Minor units come from the ``iso4217`` package (the ISO 4217 list, maintained),
so JPY has 0 decimals, USD 2 and KWD 3.
"""

from decimal import Decimal, InvalidOperation

import iso4217
from sqlalchemy import BigInteger, Numeric
from sqlalchemy.types import TypeDecorator

from planner.errors import ValidationError


def currency_code(text: str, field: str = "currency") -> str:
    """A known ISO 4217 currency code with a minor unit (so not XAU, XDR...), upper-cased."""
    code = (text or "").strip().upper()
    try:
        exponent = iso4217.Currency(code).exponent
    except ValueError:
        raise ValidationError(f"unknown ISO 4217 currency code {text!r}", field) from None
    if exponent is None:
        raise ValidationError(f"{code} is not a currency with a minor unit", field)
    return code


def minor_unit(currency: str) -> int:
    """How many decimals an amount in ``currency`` may have."""
    return iso4217.Currency(currency_code(currency)).exponent


def parse_decimal(text: object, field: str) -> Decimal:
    """A finite Decimal from user text; floats are refused so no binary rounding sneaks in."""
    if isinstance(text, float):
        raise TypeError("money must not be a float")
    try:
        value = Decimal(str(text).strip().replace("_", ""))
    except InvalidOperation:
        raise ValidationError(f"{text!r} is not a number", field) from None
    if not value.is_finite():
        raise ValidationError(f"{text!r} is not a finite number", field)
    return value


def parse_amount(text: object, currency: str, field: str = "amount") -> Decimal:
    """A positive amount within the currency's minor unit (10.005 USD, 100.5 JPY are refused)."""
    value = parse_decimal(text, field)
    if value <= 0:
        raise ValidationError(f"must be greater than zero, got {value}", field)
    decimals = minor_unit(currency)
    if value != value.quantize(Decimal(1).scaleb(-decimals), rounding="ROUND_DOWN"):
        raise ValidationError(
            f"{value} has more decimals than {currency} allows ({decimals})", field
        )
    return value.quantize(Decimal(1).scaleb(-decimals))


def in_minor_units(value: Decimal, currency: str) -> Decimal:
    """``value`` shown with exactly the currency's decimals (storage keeps six)."""
    return value.quantize(Decimal(1).scaleb(-minor_unit(currency)))


class ExactDecimal(TypeDecorator):
    """A decimal column that stays exact on every engine.

    PostgreSQL stores ``NUMERIC(precision, scale)``. SQLite has no decimal type
    (it would round through a float), so there the value is stored as an integer
    count of ``10**-scale`` units: exact, comparable and summable in SQL.
    """

    impl = Numeric
    cache_ok = True

    def __init__(self, precision: int = 24, scale: int = 6):
        super().__init__(precision=precision, scale=scale, asdecimal=True)
        self.scale = scale

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(self.impl.precision, self.scale, asdecimal=True))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("money must not be a float")
        value = Decimal(value)
        if dialect.name == "sqlite":
            scaled = value.scaleb(self.scale)
            if scaled != scaled.to_integral_value():
                raise ValueError(f"{value} has more than {self.scale} decimals")
            return int(scaled)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if dialect.name == "sqlite":
            return Decimal(int(value)).scaleb(-self.scale)
        return Decimal(value)
