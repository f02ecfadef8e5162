"""Loads the fictional sample contacts from ``contacts.toml`` and invites them.

The demo's meetings already exist when this step runs, so a contact it creates is, for
those meetings, a person newly reached through an invited party: they are queued an
invitation by :func:`~planner.notifications.outbox.queue_invitations`, the path every
scheduling operation uses. A contact that was already there is queued nothing, so loading
twice changes nothing.
"""

import tomllib
from importlib.resources import files
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.audit import Context
from planner.directory.models import Contact
from planner.directory.operations import party_by_code
from planner.meetings.models import Meeting
from planner.notifications.models import Method
from planner.notifications.outbox import queue_invitations
from planner.reference.sync import sync


def read_data() -> dict[str, Any]:
    return tomllib.loads(files("planner.reference").joinpath("contacts.toml").read_text("utf-8"))


def load(session: Session, context: Context) -> None:
    data = read_data()
    if not data["data_set"]["sample"] or not all(item["sample"] for item in data["contacts"]):
        raise ValueError("contacts.toml holds fictional people and must say sample = true")
    known = set(session.scalars(select(Contact.email)))
    created = {
        contact.id
        for item in data["contacts"]
        if (contact := _load_contact(session, context, item)).email not in known
    }
    if not created:
        return
    for meeting in session.scalars(select(Meeting).order_by(Meeting.id)):
        queue_invitations(session, context, meeting, Method.REQUEST, only=created)


def _load_contact(session: Session, context: Context, data: dict[str, Any]) -> Contact:
    return sync(
        session,
        context,
        Contact,
        {"email": data["email"]},
        {
            "name": data["name"],
            "title": data["title"],
            "party_id": party_by_code(session, data["party"]).id,
            "language": data["language"],
        },
        "contact",
    )
