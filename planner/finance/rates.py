"""The rates table: which exchange rate is in force for a currency on a date.

A pledge or payment in a foreign currency takes the rate the officer gives; without
one it takes the rate in force on its own date (the latest ``valid_from`` on or
before it) and records which row it took (``rate_id``), so how every rate was
obtained stays visible. No rate in force is a refusal, never a guess.
"""

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from planner import audit
from planner.audit import Context
from planner.errors import Conflict, ValidationError
from planner.finance.models import ExchangeRate
from planner.finance.money import ONE, currency_code, parse_rate, rate_for
from planner.validation import optional_text, parse_date

NO_RATE_IN_FORCE = "no-rate-in-force"


def add_rate(
    session: Session,
    context: Context,
    currency: str,
    *,
    to: str,
    valid_from: date | str,
    rate: object,
    source: str | None = None,
    is_sample: bool = False,
) -> ExchangeRate:
    """Record one rate; the same currency pair and date twice is a conflict, not an edit."""
    values = rate_values(currency, to, valid_from, rate, source)
    existing = session.scalar(
        select(ExchangeRate).where(
            ExchangeRate.currency == values["currency"],
            ExchangeRate.to_currency == values["to_currency"],
            ExchangeRate.valid_from == values["valid_from"],
        )
    )
    if existing is not None:
        raise Conflict(
            field="valid_from",
            code="rates.duplicate",
            currency=values["currency"],
            to=values["to_currency"],
            valid_from=values["valid_from"],
            rate=existing.rate.normalize(),
        )
    row = ExchangeRate(**values, is_sample=is_sample, recorded_at=context.now())
    session.add(row)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:  # a concurrent writer recorded the same rate between check and insert
        raise Conflict(field="valid_from", code="rates.just_recorded") from None
    audit.record(session, context, "create", "exchange_rate", row.id, after=audit.snapshot(row))
    return row


def rate_values(
    currency: str,
    to: str,
    valid_from: date | str,
    rate: object,
    source: str | None,
    locale: str | None = None,
) -> dict[str, Any]:
    """A rate row's columns from what was typed; every problem names its field."""
    code = currency_code(currency)
    to_code = currency_code(to, "to")
    if code == to_code:
        raise ValidationError(field="to", code="rates.same_currency", currency=code)
    return {
        "currency": code,
        "to_currency": to_code,
        "valid_from": parse_date(valid_from, "valid_from", locale),
        "rate": parse_rate(rate, locale=locale),
        "source": optional_text(source, "source", 500),
    }


def list_rates(session: Session, currency: str | None = None) -> list[ExchangeRate]:
    query = select(ExchangeRate).order_by(
        ExchangeRate.currency, ExchangeRate.to_currency, ExchangeRate.valid_from
    )
    if currency:
        query = query.where(ExchangeRate.currency == currency_code(currency))
    return list(session.scalars(query))


def rate_in_force(
    session: Session, currency: str, to_currency: str, day: date
) -> ExchangeRate | None:
    """The pair's rate with the latest ``valid_from`` on or before ``day``."""
    return session.scalar(
        select(ExchangeRate)
        .where(
            ExchangeRate.currency == currency,
            ExchangeRate.to_currency == to_currency,
            ExchangeRate.valid_from <= day,
        )
        .order_by(ExchangeRate.valid_from.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class ChosenRate:
    """The rate a record stores and where it came from (``table_rate`` None: given or 1)."""

    rate: Decimal
    table_rate: ExchangeRate | None = None


def no_rate_in_force(currency: str, to_currency: str, day: date) -> ValidationError:
    return ValidationError(
        f"no {currency} to {to_currency} rate is in force on {day}: give the rate or record "
        "one in the rates table",
        "rate",
        NO_RATE_IN_FORCE,
    )


def choose_rate(
    session: Session, currency: str, reporting_currency: str, rate: object | None, day: date
) -> ChosenRate:
    """The given rate wins; else 1 for the reporting currency; else the rate in force on ``day``."""
    if currency == reporting_currency or rate not in (None, ""):
        return ChosenRate(rate_for(currency, reporting_currency, rate))
    found = rate_in_force(session, currency, reporting_currency, day)
    if found is None:
        raise no_rate_in_force(currency, reporting_currency, day)
    return ChosenRate(found.rate, found)


class RatesInForce:
    """Every rate to one currency, loaded once: an import looks up thousands of rows in memory."""

    def __init__(self, session: Session, to_currency: str):
        self.to_currency = to_currency
        self.by_currency: defaultdict[str, list[tuple[date, int, Decimal]]] = defaultdict(list)
        for row_id, currency, valid_from, rate in session.execute(
            select(
                ExchangeRate.id, ExchangeRate.currency, ExchangeRate.valid_from, ExchangeRate.rate
            )
            .where(ExchangeRate.to_currency == to_currency)
            .order_by(ExchangeRate.currency, ExchangeRate.valid_from)
        ):
            self.by_currency[currency].append((valid_from, row_id, rate))

    def on(self, currency: str, day: date) -> tuple[Decimal, int | None]:
        """(rate, rates-table id) in force on ``day``; the reporting currency is 1 itself."""
        if currency == self.to_currency:
            return ONE, None
        rates = self.by_currency.get(currency, [])
        index = bisect_right([valid_from for valid_from, _id, _rate in rates], day)
        if index == 0:
            raise no_rate_in_force(currency, self.to_currency, day)
        _valid_from, row_id, rate = rates[index - 1]
        return rate, row_id
