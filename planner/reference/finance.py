"""Loads the SAMPLE pledges and payments of ``finance.toml`` (idempotent, audited)."""

import tomllib
from decimal import Decimal
from importlib.resources import files
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.audit import Context
from planner.conferences.operations import conference_by_slug
from planner.directory.operations import party_by_code
from planner.finance.models import Instalment, Payment, Pledge, PledgeCancellation
from planner.finance.money import currency_code, parse_amount, rate_for
from planner.reference.sync import sync

Entry = TypeVar("Entry", Pledge, Payment, PledgeCancellation)


def read_data() -> dict[str, Any]:
    return tomllib.loads(files("planner.reference").joinpath("finance.toml").read_text("utf-8"))


def _money(item: dict[str, Any], reporting_currency: str) -> dict[str, Any]:
    currency = currency_code(item["currency"])
    return {
        "amount": parse_amount(item["amount"], currency),
        "currency": currency,
        "rate": rate_for(currency, reporting_currency, item.get("rate")),
    }


def _sync_entry(
    session: Session,
    context: Context,
    model: type[Entry],
    key: dict[str, Any],
    values: dict[str, Any],
    entity: str,
) -> Entry:
    """Like ``sync``, but a ledger entry's recording time is set once, when it is created."""
    if session.scalar(select(model.id).filter_by(**key)) is None:
        values = {**values, "recorded_at": context.now()}
    return sync(session, context, model, key, values, entity)


def load(session: Session, context: Context) -> None:
    data = read_data()
    if not data["data_set"]["sample"]:
        raise ValueError("finance.toml holds invented figures and must say sample = true")
    conference = conference_by_slug(session, data["data_set"]["conference"])
    pledges: dict[tuple[int, str], Pledge] = {}
    for item in data["pledges"]:
        party = party_by_code(session, item["party"])
        money = _money(item, conference.currency)
        key = {"conference_id": conference.id, "party_id": party.id, "reference": item["reference"]}
        pledge = _sync_entry(
            session,
            context,
            Pledge,
            key,
            {
                **money,
                "pledged_on": item["pledged"],
                "due_on": item.get("due"),
                "note": item.get("note"),
                "is_sample": item["sample"],
            },
            "pledge",
        )
        pledges[(party.id, item["reference"])] = pledge
        for instalment in item.get("instalments", ()):
            sync(
                session,
                context,
                Instalment,
                {"pledge_id": pledge.id, "due_on": instalment["due"]},
                {"amount": Decimal(instalment["amount"])},
                "pledge_instalment",
            )
        if "cancelled" in item:
            _sync_entry(
                session,
                context,
                PledgeCancellation,
                {"pledge_id": pledge.id},
                {
                    "cancelled_on": item["cancelled"]["on"],
                    "reason": item["cancelled"]["reason"],
                },
                "pledge_cancellation",
            )
    for item in data["payments"]:
        party = party_by_code(session, item["party"])
        target = pledges[(party.id, item["pledge"])] if "pledge" in item else None
        _sync_entry(
            session,
            context,
            Payment,
            {"conference_id": conference.id, "party_id": party.id, "reference": item["reference"]},
            {
                **_money(item, conference.currency),
                "received_on": item["received"],
                "pledge_id": target.id if target else None,
                "note": item.get("note"),
                "is_sample": item["sample"],
            },
            "payment",
        )
