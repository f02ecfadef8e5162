"""The finance ledger: pledges (with instalments), payments, cancellations and voids.

Every row is an entry that is written once and never edited: a cancellation or a
void is a new row pointing at what it cancels or voids, so the original amounts
stay visible and the ledger can be read as it stood on any date. How payments
settle pledges (the allocations) is derived from these entries when the ledger
is read; see ``planner.finance.ledger`` and docs/decisions.md.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from planner.conferences.models import Conference
from planner.db import Base, UTCDateTime
from planner.directory.models import Party
from planner.finance.money import RATE_DECIMALS, ExactDecimal, currency_check


def _money_checks() -> tuple[CheckConstraint, ...]:
    return (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("rate > 0", name="rate_positive"),
        CheckConstraint(currency_check("currency"), name="currency_code"),
    )


class ExchangeRate(Base):
    """One unit of ``currency`` is worth ``rate`` units of ``to_currency`` from ``valid_from``
    until the next rate for the pair (the UN operational rates of exchange change monthly).

    Written once: a wrong rate is superseded by a later one, and the records that took
    it keep pointing at it, so what was used stays visible.
    """

    __tablename__ = "exchange_rates"
    __table_args__ = (
        CheckConstraint("rate > 0", name="rate_positive"),
        CheckConstraint(currency_check("currency"), name="currency_code"),
        CheckConstraint(currency_check("to_currency"), name="to_currency_code"),
        CheckConstraint("currency <> to_currency", name="two_currencies"),
        UniqueConstraint("currency", "to_currency", "valid_from"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    currency: Mapped[str] = mapped_column(String(3))
    to_currency: Mapped[str] = mapped_column(String(3))
    valid_from: Mapped[date] = mapped_column(Date)
    rate: Mapped[Decimal] = mapped_column(ExactDecimal(scale=RATE_DECIMALS))
    source: Mapped[str | None] = mapped_column(Text)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LedgerEntryColumns:
    """The columns a pledge and a payment share: who, for which conference, how much, at what rate.

    Declared once so that the two entries cannot drift apart (a CHECK or a width changed
    on one only); each table still gets its own copy of every column and index.
    """

    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(ExactDecimal())
    currency: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal] = mapped_column(ExactDecimal(scale=RATE_DECIMALS))
    reference: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # How the rate was obtained: the rates table's row it was taken from, or NULL when the
    # officer gave it (or the record is in the reporting currency, rate 1).
    rate_id: Mapped[int | None] = mapped_column(ForeignKey("exchange_rates.id"))

    @declared_attr
    def exchange_rate(cls) -> Mapped["ExchangeRate | None"]:
        return relationship("ExchangeRate")

    @declared_attr
    def conference(cls) -> Mapped[Conference]:
        return relationship(Conference)

    @declared_attr
    def party(cls) -> Mapped[Party]:
        return relationship(Party)


class Pledge(LedgerEntryColumns, Base):
    """What a party promised for a conference; the amount is never changed after recording."""

    __tablename__ = "pledges"
    __table_args__ = (
        *_money_checks(),
        UniqueConstraint("conference_id", "party_id", "reference"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pledged_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)

    instalments: Mapped[list["Instalment"]] = relationship(
        back_populates="pledge", order_by="Instalment.due_on"
    )


class Instalment(Base):
    """One due date and amount of a pledge paid in instalments (they add up to the pledge)."""

    __tablename__ = "pledge_instalments"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        UniqueConstraint("pledge_id", "due_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pledge_id: Mapped[int] = mapped_column(ForeignKey("pledges.id"), index=True)
    due_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(ExactDecimal())

    pledge: Mapped[Pledge] = relationship(back_populates="instalments")


class PledgeCancellation(Base):
    """A pledge withdrawn: what was not yet paid is released; the reason is kept."""

    __tablename__ = "pledge_cancellations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pledge_id: Mapped[int] = mapped_column(ForeignKey("pledges.id"), unique=True)
    cancelled_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Payment(LedgerEntryColumns, Base):
    """Money received from a party, optionally aimed at one pledge (``pledge_id``)."""

    __tablename__ = "payments"
    __table_args__ = (
        *_money_checks(),
        UniqueConstraint("conference_id", "party_id", "reference"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pledge_id: Mapped[int | None] = mapped_column(ForeignKey("pledges.id"), index=True)
    received_on: Mapped[date] = mapped_column(Date)


class Void(Base):
    """A reversing entry: the payment or pledge it points at counts for nothing from ``voided_on``.

    Each record can be voided once (unique keys), so voiding twice is refused by
    the database as well as by the operation.
    """

    __tablename__ = "voids"
    __table_args__ = (
        CheckConstraint("(payment_id IS NULL) <> (pledge_id IS NULL)", name="exactly_one_record"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"), unique=True)
    pledge_id: Mapped[int | None] = mapped_column(ForeignKey("pledges.id"), unique=True)
    voided_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
