"""Loads the data set's meetings from ``meetings.toml``.

UIDs are derived from each meeting's stable key and LAST-MODIFIED from its
``recorded_at``, so loading twice changes nothing and ``make run`` writes the
same calendar file every time.
"""

import tomllib
from datetime import datetime
from importlib.resources import files
from typing import Any

from sqlalchemy.orm import Session

from planner.audit import Context
from planner.conferences.operations import conference_by_slug
from planner.meetings import invitees
from planner.meetings.models import Invitation, Meeting, OccurrenceOverride
from planner.meetings.operations import DEFAULT_UID_HOST, parse_when
from planner.meetings.schedule import occurrence_on
from planner.meetings.timing import normalize_rule, occurrences, parse_local
from planner.reference.sync import sync


def read_data() -> dict[str, Any]:
    return tomllib.loads(files("planner.reference").joinpath("meetings.toml").read_text("utf-8"))


def load(session: Session, context: Context) -> None:
    for data in read_data()["meetings"]:
        _load_meeting(session, context, data)


def _load_meeting(session: Session, context: Context, data: dict[str, Any]) -> None:
    when = parse_when(
        data["start"], data["end"], data["timezone"], all_day=data.get("all_day", False)
    )
    rule = (
        normalize_rule(data["repeat"], when.timed_start, when.timezone)
        if data.get("repeat")
        else None
    )
    recorded_at: datetime = data["recorded_at"]
    moved = {
        index: parse_when(override["start"], override["end"], when.timezone)
        for index, override in enumerate(data.get("overrides", []))
        if not override.get("cancelled")
    }
    ends = [when.end_utc]
    if rule:
        ends += [
            o.end_utc
            for o in occurrences(
                when.timed_start, when.start_utc, when.end_utc, when.timezone, rule
            )
        ]
    ends += [move.end_utc for move in moved.values()]
    meeting = sync(
        session,
        context,
        Meeting,
        {"uid": f"{data['key']}@{DEFAULT_UID_HOST}"},
        {
            "conference_id": conference_by_slug(session, data["conference"]).id,
            "title": data["title"],
            "kind": data["kind"],
            "status": data["status"],
            "visibility": data["visibility"],
            "is_sample": data["sample"],
            "timezone": when.timezone,
            "all_day": when.all_day,
            "start_local": when.start_local,
            "end_local": when.end_local,
            "start_date": when.start_date,
            "end_date": when.end_date,
            "start_utc": when.start_utc,
            "end_utc": when.end_utc,
            "span_end_utc": max(ends),
            "recurrence": rule,
            "venue": data.get("venue"),
            "online_url": data.get("online_url"),
            "agenda": data.get("agenda"),
            "outcome": data.get("outcome"),
            "source": data.get("source"),
            "sequence": data["sequence"],
            "created_at": recorded_at,
            "last_modified": recorded_at,
        },
        "meeting",
    )
    for code in data.get("invite", []):
        party = invitees.resolve(session, code)
        sync(
            session,
            context,
            Invitation,
            {"meeting_id": meeting.id, "party_id": party.id},
            {},
            "meeting_invitation",
        )
    for index, override in enumerate(data.get("overrides", [])):
        original = occurrence_on(meeting, parse_local(override["occurrence"], "occurrence").date())
        move = moved.get(index)
        sync(
            session,
            context,
            OccurrenceOverride,
            {"meeting_id": meeting.id, "original_start_local": original.original_local},
            {
                "original_start_utc": original.start_utc,
                "cancelled": bool(override.get("cancelled")),
                "cancel_reason": override.get("cancel_reason"),
                "start_local": move.start_local if move else None,
                "end_local": move.end_local if move else None,
                "start_utc": move.start_utc if move else None,
                "end_utc": move.end_utc if move else None,
                "sequence": override["sequence"],
                "last_modified": override["recorded_at"],
            },
            "meeting_override",
        )
