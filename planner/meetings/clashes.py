"""Clash detection: overlapping occurrences at the same venue or with invitees in common.

Clashes are warnings, not refusals: organizers double-book on purpose (a side
event during a plenary). Overlap is judged in UTC, so a 10:00 New York meeting
clashes with a 16:00 Geneva one.
"""

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from planner.directory.models import Party
from planner.meetings.invitees import with_zone_members
from planner.meetings.models import Meeting
from planner.meetings.schedule import intervals


def find_clashes(session: Session, meeting: Meeting) -> list[str]:
    """One sentence per other meeting that overlaps this one and shares a venue or invitees."""
    if meeting.status == "cancelled":
        return []
    mine = intervals(meeting)
    if not mine:
        return []
    first, last = min(start for start, _ in mine), max(end for _, end in mine)
    candidates = session.scalars(
        select(Meeting)
        .where(
            Meeting.id != meeting.id,
            Meeting.status != "cancelled",
            Meeting.start_utc < last,
            Meeting.span_end_utc > first,
        )
        .options(selectinload(Meeting.invitations), selectinload(Meeting.overrides))
        .order_by(Meeting.start_utc, Meeting.id)
    ).all()
    if not candidates:
        return []
    my_parties = with_zone_members(session, _party_ids(meeting))
    my_contacts = {i.contact_id for i in meeting.invitations if i.contact_id}
    my_venue = _venue_key(meeting.venue)
    warnings = []
    for other in candidates:
        reasons = []
        if my_venue and my_venue == _venue_key(other.venue):
            reasons.append(f"same venue {other.venue}")
        shared = my_parties & with_zone_members(session, _party_ids(other))
        if shared:
            reasons.append("both invite " + ", ".join(_party_codes(session, shared)))
        if my_contacts & {i.contact_id for i in other.invitations if i.contact_id}:
            reasons.append("both invite the same contact")
        if not reasons:
            continue
        overlap = _first_overlap(mine, intervals(other))
        if overlap is None:
            continue
        warnings.append(
            f'meeting {meeting.id} "{meeting.title}" overlaps meeting {other.id} '
            f'"{other.title}" at {overlap:%Y-%m-%d %H:%M} UTC ({"; ".join(reasons)})'
        )
    return warnings


def _party_ids(meeting: Meeting) -> set[int]:
    return {i.party_id for i in meeting.invitations if i.party_id}


def _party_codes(session: Session, shared: set[int]) -> list[str]:
    codes = list(
        session.scalars(select(Party.code).where(Party.id.in_(shared)).order_by(Party.code))
    )
    return codes[:5] + ([f"and {len(codes) - 5} more"] if len(codes) > 5 else [])


def _venue_key(venue: str | None) -> str:
    return " ".join((venue or "").casefold().split())


def _first_overlap(
    mine: list[tuple[datetime, datetime]], theirs: list[tuple[datetime, datetime]]
) -> datetime | None:
    """The first instant where two sorted interval lists overlap (a merge, not a product)."""
    i = j = 0
    while i < len(mine) and j < len(theirs):
        start = max(mine[i][0], theirs[j][0])
        if start < min(mine[i][1], theirs[j][1]):
            return start.astimezone(UTC)
        if mine[i][1] <= theirs[j][1]:
            i += 1
        else:
            j += 1
    return None
