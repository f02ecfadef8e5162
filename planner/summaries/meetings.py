"""The meetings part of the readiness picture: what was held, what comes, what clashes.

Occurrences come from ``planner.meetings.schedule`` (moves and cancellations applied)
and clashes from ``planner.meetings.clashes``; this module only sorts them around the
as-of instant. Meetings keep no history, so they are shown as they stand now (a
cancellation recorded after the as-of date already shows); chair and finance, which
keep dated histories, are replayed to the as-of date. Only the meetings the viewer may
see take part, so neither a list, a clash nor a warning names a meeting hidden from them.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from planner.conferences.models import Conference
from planner.conferences.timeline import is_held
from planner.content.localized import Texts, texts_of
from planner.meetings.clashes import Clash, InvitedParty, clashes_among
from planner.meetings.models import Meeting, MeetingKind, MeetingStatus
from planner.meetings.operations import list_meetings
from planner.meetings.schedule import Scheduled, scheduled_occurrences
from planner.visibility import Viewer

SOON = timedelta(days=7)  # "within a week": unconfirmed meetings this close are warned about


@dataclass(frozen=True)
class MeetingOccurrence:
    """One occurrence of a meeting, in its own time zone and in UTC."""

    meeting_id: int
    title: str
    kind: str
    status: str  # tentative | confirmed | cancelled (this occurrence)
    series: bool
    moved: bool
    all_day: bool
    timezone: str
    start_local: datetime  # aware, in the meeting's zone
    end_local: datetime
    start_utc: datetime
    end_utc: datetime
    first_day: date  # all-day meetings: their dates (end inclusive)
    last_day: date
    venue: str | None
    cancel_reason: str | None
    sample: bool
    translations: Texts  # of the title and venue (see planner.content.localized)


@dataclass(frozen=True)
class ClashView:
    first: str  # titles, the earlier meeting first
    first_id: int
    second: str
    second_id: int
    at_utc: datetime
    venue: str | None
    parties: tuple[InvitedParty, ...]  # the first few parties both reach
    more_parties: int
    same_contact: bool
    sample: bool


@dataclass(frozen=True)
class MeetingsPicture:
    held: tuple[MeetingOccurrence, ...]
    upcoming: tuple[MeetingOccurrence, ...]
    cancelled: tuple[MeetingOccurrence, ...]
    clashes: tuple[ClashView, ...]
    next_preparatory: MeetingOccurrence | None
    last_preparatory: MeetingOccurrence | None
    tentative_soon: tuple[MeetingOccurrence, ...]

    @property
    def empty(self) -> bool:
        return not (self.held or self.upcoming or self.cancelled)

    @property
    def sample(self) -> bool:
        everything = (*self.held, *self.upcoming, *self.cancelled)
        return any(occurrence.sample for occurrence in everything)


def _occurrence(meeting: Meeting, scheduled: Scheduled) -> MeetingOccurrence:
    zone = ZoneInfo(meeting.timezone)
    length = timedelta(0)
    if meeting.all_day:
        first_day, last_day = meeting.days
        length = last_day - first_day
    start_local = scheduled.start_utc.astimezone(zone)
    texts = texts_of(meeting.translations)
    if scheduled.venue != meeting.venue:  # a moved occurrence's own venue is not translated
        texts = {
            language: {"title": fields["title"]}
            for language, fields in texts.items()
            if "title" in fields
        }
    return MeetingOccurrence(
        meeting_id=meeting.id,
        title=meeting.title,
        kind=meeting.kind,
        status=MeetingStatus.CANCELLED if scheduled.cancelled else meeting.status,
        series=bool(meeting.recurrence),
        moved=scheduled.moved,
        all_day=meeting.all_day,
        timezone=meeting.timezone,
        start_local=start_local,
        end_local=scheduled.end_utc.astimezone(zone),
        start_utc=scheduled.start_utc,
        end_utc=scheduled.end_utc,
        first_day=start_local.date(),
        last_day=start_local.date() + length,
        venue=scheduled.venue,
        cancel_reason=scheduled.cancel_reason,
        sample=meeting.is_sample,
        translations=texts,
    )


def clash_view(clash: Clash) -> ClashView:
    """What the templates' ``clash`` message needs of a clash (``_messages.txt``)."""
    return ClashView(
        first=clash.meeting.title,
        first_id=clash.meeting.id,
        second=clash.other.title,
        second_id=clash.other.id,
        at_utc=clash.at,
        venue=clash.venue,
        parties=clash.named_parties,
        more_parties=clash.more_parties,
        same_contact=clash.same_contact,
        sample=clash.meeting.is_sample or clash.other.is_sample,
    )


def meetings_picture(
    session: Session, conference: Conference, now: datetime, viewer: Viewer
) -> MeetingsPicture:
    """Held (ended before ``now``), upcoming, cancelled; clashes among the coming meetings."""
    meetings = list_meetings(session, conference.slug, viewer=viewer)
    occurrences = sorted(
        (
            _occurrence(meeting, scheduled)
            for meeting in meetings
            for scheduled in scheduled_occurrences(meeting)
        ),
        key=lambda occurrence: (occurrence.start_utc, occurrence.meeting_id),
    )
    live = [
        occurrence for occurrence in occurrences if occurrence.status != MeetingStatus.CANCELLED
    ]
    held = tuple(occurrence for occurrence in live if is_held(occurrence.end_utc, now))
    upcoming = tuple(occurrence for occurrence in live if not is_held(occurrence.end_utc, now))
    preparatory_held = [
        occurrence for occurrence in held if occurrence.kind == MeetingKind.PREPARATORY
    ]
    clashes = [clash for clash in clashes_among(session, meetings) if clash.at >= now]
    return MeetingsPicture(
        held=held,
        upcoming=upcoming,
        cancelled=tuple(o for o in occurrences if o.status == MeetingStatus.CANCELLED),
        clashes=tuple(clash_view(clash) for clash in clashes),
        next_preparatory=next((o for o in upcoming if o.kind == MeetingKind.PREPARATORY), None),
        last_preparatory=preparatory_held[-1] if preparatory_held else None,
        tentative_soon=tuple(
            o for o in upcoming if o.status == MeetingStatus.TENTATIVE and o.start_utc < now + SOON
        ),
    )
