"""Loads the (sample) chair designation process from ``chair.toml``.

Only what the file states is written: a withdrawal recorded with ``planner chair withdraw``
on a nomination that the file leaves open survives a reload.
"""

import tomllib
from importlib.resources import files
from typing import Any

from sqlalchemy.orm import Session

from planner.audit import Context
from planner.chair.models import ChairEndorsement, ChairNomination, ChairProcess
from planner.conferences.operations import conference_by_slug
from planner.directory.operations import party_by_code
from planner.reference.sync import sync


def read_data() -> dict[str, Any]:
    return tomllib.loads(files("planner.reference").joinpath("chair.toml").read_text("utf-8"))


def load(session: Session, context: Context) -> None:
    data = read_data()
    for process in data["processes"]:
        sync(
            session,
            context,
            ChairProcess,
            {"conference_id": conference_by_slug(session, process["conference"]).id},
            {
                "target_date": process["target_date"],
                "target_is_sample": process["sample"],
                "source": process["source"],
            },
            "chair_process",
        )
    for nomination_data in data["nominations"]:
        _load_nomination(session, context, nomination_data)


def _load_nomination(session: Session, context: Context, data: dict[str, Any]) -> None:
    values = {
        "person": data.get("person"),
        "title": data.get("title"),
        "nominated_by_id": party_by_code(session, data["by"]).id if data.get("by") else None,
        "is_sample": data["sample"],
    }
    if "withdrawn_on" in data:
        values["withdrawn_on"] = data["withdrawn_on"]
    nomination = sync(
        session,
        context,
        ChairNomination,
        {
            "conference_id": conference_by_slug(session, data["conference"]).id,
            "state_id": party_by_code(session, data["state"]).id,
            "nominated_on": data["nominated_on"],
        },
        values,
        "chair_nomination",
    )
    for endorsement in data.get("endorsements", []):
        sync(
            session,
            context,
            ChairEndorsement,
            {
                "nomination_id": nomination.id,
                "party_id": party_by_code(session, endorsement["party"]).id,
            },
            {"endorsed_on": endorsement["on"], "is_sample": data["sample"]},
            "chair_endorsement",
        )
