"""Loads zones, their states parties, organizations and conferences from ``directory.toml``."""

import tomllib
from decimal import Decimal
from importlib.resources import files
from typing import Any

import pycountry
from sqlalchemy.orm import Session

from planner.audit import Context
from planner.conferences.models import Conference
from planner.directory.models import Membership, Party, PartyKind, ZoneTreaty
from planner.reference.sync import sync

ISO_3166_SOURCE = "ISO 3166-1 (pycountry)"


def read_data() -> dict[str, Any]:
    return tomllib.loads(files("planner.reference").joinpath("directory.toml").read_text("utf-8"))


def state_name(code: str) -> str:
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        raise ValueError(f"{code} is not an ISO 3166-1 alpha-3 code")
    return country.name


def load(session: Session, context: Context) -> None:
    data = read_data()
    for zone_data in data["zones"]:
        _load_zone(session, context, zone_data)
    for organization in data["organizations"]:
        sync(
            session,
            context,
            Party,
            {"code": organization["code"]},
            {
                "kind": PartyKind.ORGANIZATION,
                "name": organization["name"],
                "source": organization["source"],
                "note": None,
            },
            "party",
        )
    for conference in data["conferences"]:
        budget = conference.get("budget")
        sync(
            session,
            context,
            Conference,
            {"slug": conference["slug"]},
            {
                "title": conference["title"],
                "start_date": conference["start"],
                "end_date": conference["end"],
                "venue": conference["venue"],
                "timezone": conference["timezone"],
                "currency": conference.get("currency", "USD"),
                "budget": Decimal(budget) if budget else None,
                "budget_is_sample": conference.get("budget_is_sample", False),
                "decided_by": conference.get("decided_by"),
                "uncertain": conference.get("uncertain"),
                "source": conference["source"],
            },
            "conference",
        )


def _load_zone(session: Session, context: Context, zone_data: dict[str, Any]) -> None:
    zone = sync(
        session,
        context,
        Party,
        {"code": zone_data["code"]},
        {
            "kind": PartyKind.ZONE,
            "name": zone_data["name"],
            "source": zone_data["source"],
            "note": None,
        },
        "party",
    )
    sync(
        session,
        context,
        ZoneTreaty,
        {"zone_id": zone.id},
        {
            "treaty": zone_data["treaty"],
            "region": zone_data["region"],
            "signed_on": zone_data.get("signed_on"),
            "signed_at": zone_data.get("signed_at"),
            "in_force_on": zone_data.get("in_force_on"),
            "depositary": zone_data.get("depositary"),
            "regional_body": zone_data.get("regional_body"),
            "parties_count": len(zone_data["states"]),
            "count_as_of": zone_data["count_as_of"],
            "uncertain": zone_data.get("uncertain"),
            "source": zone_data["source"],
        },
        "zone_treaty",
    )
    since = zone_data.get("since", {})
    for code in zone_data["states"]:
        state = sync(
            session,
            context,
            Party,
            {"code": code},
            {
                "kind": PartyKind.STATE,
                "name": state_name(code),
                "source": ISO_3166_SOURCE,
                "note": None,
            },
            "party",
        )
        sync(
            session,
            context,
            Membership,
            {"state_id": state.id, "zone_id": zone.id},
            {
                "role": "party",
                "since": since.get(code),
                "as_of": zone_data["count_as_of"],
                "source": zone_data["source"],
            },
            "membership",
        )
