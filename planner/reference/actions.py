"""Loads the seminar's 13 recommendations as actions from ``actions.toml``.

Only the facts (number, title, source) come from the file; status, owner, due date and
notes belong to the organizers, so a reload never touches them.
"""

import tomllib
from importlib.resources import files
from typing import Any

from sqlalchemy.orm import Session

from planner.actions.models import Action
from planner.audit import Context
from planner.conferences.operations import conference_by_slug
from planner.reference.sync import sync


def read_data() -> dict[str, Any]:
    return tomllib.loads(files("planner.reference").joinpath("actions.toml").read_text("utf-8"))


def load(session: Session, context: Context) -> None:
    data = read_data()
    for action in data["actions"]:
        sync(
            session,
            context,
            Action,
            {
                "conference_id": conference_by_slug(session, action["conference"]).id,
                "number": action["number"],
            },
            {"title": action["title"], "source": data["source"]["document"]},
            "action",
        )
