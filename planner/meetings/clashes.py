"""Clash detection: overlapping occurrences at the same venue or with invitees in common.

Clashes are warnings, not refusals: organizers double-book on purpose (a side
event during a plenary). Overlap is judged in UTC, so a 10:00 New York meeting
clashes with a 16:00 Geneva one.

Who a meeting reaches (zones expanded to their states) and the parties' codes are
read for all the meetings at once, so checking one meeting against its candidates
or a whole conference's meetings against each other costs a fixed number of
queries, whatever the number of meetings.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from planner.directory.models import Membership, Party
from planner.i18n import DEFAULT_LOCALE, party_label
from planner.meetings.models import Meeting, MeetingStatus, OccurrenceOverride
from planner.meetings.schedule import intervals

MAX_NAMED_PARTIES = 5


@dataclass(frozen=True)
class InvitedParty:
    """A party both meetings reach: its code, and its recorded name for the catalogs
    (a zone's or an organization's; a state is named from CLDR through its code)."""

    code: str
    name: str


@dataclass(frozen=True)
class Clash:
    """Two meetings that overlap and share a venue, parties or a contact."""

    meeting: Meeting
    other: Meeting
    at: datetime  # the first overlapping instant, UTC
    venue: str | None  # the venue both use, as the other meeting names it
    parties: tuple[InvitedParty, ...]  # the parties both reach, by code
    same_contact: bool

    @property
    def named_parties(self) -> tuple[InvitedParty, ...]:
        """The first few (a clash between two zone-wide meetings names dozens)."""
        return self.parties[:MAX_NAMED_PARTIES]

    @property
    def more_parties(self) -> int:
        return max(0, len(self.parties) - MAX_NAMED_PARTIES)

    def describe(self) -> str:
        """One English sentence (the CLI's warning line), naming the parties as the CLI's
        tables do: ``Nigeria (NGA)``."""
        reasons = []
        if self.venue:
            reasons.append(f"same venue {self.venue}")
        if self.parties:
            named = [party_label(p.code, p.name, DEFAULT_LOCALE) for p in self.named_parties]
            more = [f"and {self.more_parties} more"] if self.more_parties else []
            reasons.append("both invite " + ", ".join([*named, *more]))
        if self.same_contact:
            reasons.append("both invite the same contact")
        return (
            f'meeting {self.meeting.id} "{self.meeting.title}" overlaps meeting {self.other.id} '
            f'"{self.other.title}" at {self.at:%Y-%m-%d %H:%M} UTC ({"; ".join(reasons)})'
        )


def find_clashes(session: Session, meeting: Meeting) -> list[Clash]:
    """Every other meeting that overlaps this one and shares a venue or invitees, as data:
    the CLI prints :meth:`Clash.describe`, a web page words it in its language."""
    if meeting.status == MeetingStatus.CANCELLED:
        return []
    mine = intervals(meeting)
    if not mine:
        return []
    first, last = min(start for start, _ in mine), max(end for _, end in mine)
    candidates = session.scalars(
        select(Meeting)
        .where(
            Meeting.id != meeting.id,
            Meeting.status != MeetingStatus.CANCELLED,
            # an occurrence moved earlier than its series' first start still counts
            or_(
                Meeting.start_utc < last,
                Meeting.overrides.any(OccurrenceOverride.start_utc < last),
            ),
            Meeting.span_end_utc > first,
        )
        .options(selectinload(Meeting.invitations), selectinload(Meeting.overrides))
        .order_by(Meeting.start_utc, Meeting.id)
    ).all()
    if not candidates:
        return []
    reach = _Reach(session, [meeting, *candidates])
    found = (_clash(meeting, mine, other, intervals(other), reach) for other in candidates)
    return [clash for clash in found if clash is not None]


def clashes_among(session: Session, meetings: Sequence[Meeting]) -> list[Clash]:
    """Every clashing pair among these meetings, once each (earlier meeting first), by time.

    The meetings' invitations and overrides should be loaded with them (as
    ``list_meetings`` does); the rest costs two queries.
    """
    active = sorted(
        (meeting for meeting in meetings if meeting.status != MeetingStatus.CANCELLED),
        key=lambda meeting: (meeting.start_utc, meeting.id),
    )
    occupied = {meeting.id: intervals(meeting) for meeting in active}
    active = [meeting for meeting in active if occupied[meeting.id]]
    if len(active) < 2:
        return []
    reach = _Reach(session, active)
    clashes = []
    for index, meeting in enumerate(active):
        mine = occupied[meeting.id]
        for other in active[index + 1 :]:
            theirs = occupied[other.id]
            if theirs[0][0] >= max(end for _, end in mine) or mine[0][0] >= max(
                end for _, end in theirs
            ):
                continue
            clash = _clash(meeting, occupied[meeting.id], other, occupied[other.id], reach)
            if clash is not None:
                clashes.append(clash)
    return sorted(clashes, key=lambda clash: (clash.at, clash.meeting.id, clash.other.id))


class _Reach:
    """The parties each meeting reaches (zones expanded), with their codes and names:
    two queries."""

    def __init__(self, session: Session, meetings: Sequence[Meeting]):
        invited = {i.party_id for m in meetings for i in m.invitations if i.party_id}
        self.members: dict[int, set[int]] = defaultdict(set)
        if invited:
            for zone_id, state_id in session.execute(
                select(Membership.zone_id, Membership.state_id).where(
                    Membership.zone_id.in_(invited)
                )
            ):
                self.members[zone_id].add(state_id)
        reached = invited.union(*self.members.values())
        self.named: dict[int, InvitedParty] = {}
        if reached:
            rows = session.execute(
                select(Party.id, Party.code, Party.name).where(Party.id.in_(reached))
            )
            self.named = {party_id: InvitedParty(code, name) for party_id, code, name in rows}

    def parties(self, meeting: Meeting) -> set[int]:
        direct = {i.party_id for i in meeting.invitations if i.party_id}
        return direct.union(*(self.members.get(party_id, set()) for party_id in direct))


def _clash(
    meeting: Meeting,
    mine: list[tuple[datetime, datetime]],
    other: Meeting,
    theirs: list[tuple[datetime, datetime]],
    reach: _Reach,
) -> Clash | None:
    venue = (
        other.venue
        if _venue_key(meeting.venue) and (_venue_key(meeting.venue) == _venue_key(other.venue))
        else None
    )
    shared = reach.parties(meeting) & reach.parties(other)
    my_contacts = {i.contact_id for i in meeting.invitations if i.contact_id}
    same_contact = bool(my_contacts & {i.contact_id for i in other.invitations if i.contact_id})
    if not (venue or shared or same_contact):
        return None
    overlap = _first_overlap(mine, theirs)
    if overlap is None:
        return None
    parties = tuple(sorted((reach.named[party_id] for party_id in shared), key=lambda p: p.code))
    return Clash(meeting, other, overlap, venue, parties, same_contact)


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
