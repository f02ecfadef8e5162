"""Scheduling, changing and cancelling meetings and single occurrences of a series.

The revision counter (``sequence``, the iCalendar SEQUENCE) rises when date,
time, duration, place or status change, so calendar clients replace their copy;
a typo fix in the title or agenda only moves ``last_modified``. Nothing is ever
deleted: a cancelled meeting or occurrence stays, with its reason, so feed
subscribers see the cancellation.
"""

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from planner import audit, visibility
from planner.audit import Context
from planner.conferences.operations import conference_by_slug
from planner.db import get_by_id
from planner.directory.models import Contact, Party
from planner.directory.operations import normalized_email
from planner.errors import Conflict, NotFound, ValidationError
from planner.meetings import invitees
from planner.meetings.models import (
    MEETING_KINDS,
    VISIBILITIES,
    Invitation,
    Meeting,
    MeetingStatus,
    OccurrenceOverride,
)
from planner.meetings.schedule import occurrence_on, override_for, span_end
from planner.meetings.timing import fold_number, normalize_rule, parse_local, to_utc
from planner.notifications.models import Method
from planner.notifications.outbox import queue_invitations, queue_withdrawals
from planner.notifications.recipients import recipients
from planner.validation import optional_text, parse_date, required_text, timezone_name
from planner.visibility import Viewer

DEFAULT_UID_HOST = "planner.nwfz"
# what a meeting may be scheduled as (cancelling is its own operation), as plain strings
SCHEDULED_STATUSES = (MeetingStatus.TENTATIVE.value, MeetingStatus.CONFIRMED.value)
PLACE_FIELDS = ("venue", "online_url")


def uid_host(public_base_url: str) -> str:
    """The host part of new UIDs: the planner's public host name, else a fixed default."""
    return urlparse(public_base_url).hostname or DEFAULT_UID_HOST


def new_uid(host: str = DEFAULT_UID_HOST) -> str:
    """``<uuid4>@<host>``: globally unique, fixed at creation, never reused."""
    return f"{uuid.uuid4()}@{host}"


@dataclass(frozen=True)
class When:
    """A validated schedule: local values as given plus derived UTC instants."""

    timezone: str
    all_day: bool
    start_local: datetime | None
    end_local: datetime | None
    start_date: date | None
    end_date: date | None
    start_utc: datetime
    end_utc: datetime

    @property
    def timed_start(self) -> datetime:
        """The local start of a timed schedule (a series needs one; an all-day day has none)."""
        if self.start_local is None:
            raise ValueError("an all-day schedule has no local start")
        return self.start_local


def parse_when(
    start: str | date | datetime,
    end: str | date | datetime,
    timezone: str,
    *,
    all_day: bool = False,
    fold: str | None = None,
) -> When:
    """Checks a schedule: known zone, real local times, end after start (all-day: inclusive)."""
    zone = timezone_name(timezone)
    if all_day:
        first, last = parse_date(start, "start"), parse_date(end, "end")
        if last < first:
            raise ValidationError(
                field="end", code="period.end_before_start", end=last, start=first
            )
        start_utc = datetime.combine(first, time(0)).replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)
        end_utc = (
            datetime.combine(last + timedelta(days=1), time(0))
            .replace(tzinfo=ZoneInfo(zone))
            .astimezone(UTC)
        )
        return When(zone, True, None, None, first, last, start_utc, end_utc)
    fold_value = fold_number(fold)
    start_local, end_local = parse_local(start, "start"), parse_local(end, "end")
    if end_local <= start_local:
        raise ValidationError(
            field="end",
            code="meeting.end_not_after_start",
            end=f"{end_local:%Y-%m-%d %H:%M}",
            start=f"{start_local:%Y-%m-%d %H:%M}",
        )
    start_utc = to_utc(start_local, zone, "start", fold_value)
    end_utc = to_utc(end_local, zone, "end", fold_value)
    if end_utc <= start_utc:
        raise ValidationError(field="end", code="meeting.end_not_after_start_clock_change")
    return When(zone, False, start_local, end_local, None, None, start_utc, end_utc)


def series_rule(when: When, repeat: str | None) -> str | None:
    """The canonical recurrence rule of a schedule, None when it does not repeat."""
    if not repeat:
        return None
    if when.all_day:
        raise ValidationError(field="repeat", code="meeting.all_day_series")
    return normalize_rule(repeat, when.timed_start, when.timezone)


def meeting_by_id(session: Session, meeting_id: object, field: str = "meeting") -> Meeting:
    return get_by_id(
        session, Meeting, meeting_id, field, ("meeting.malformed_id", "meeting.unknown_id")
    )


def _choice(value: str, allowed: Sequence[str], field: str) -> str:
    text = (value or "").strip().lower()
    if text not in allowed:
        raise ValidationError(field=field, code="choice.unknown", value=value, choices=allowed)
    return text


def _url(value: str | None, field: str) -> str | None:
    text = optional_text(value, field, 500)
    if text and not text.lower().startswith(("https://", "http://")):
        raise ValidationError(field=field, code="meeting.bad_online_url", value=text)
    return text


def add_meeting(
    session: Session,
    context: Context,
    *,
    conference: str,
    title: str,
    start: str | date | datetime,
    end: str | date | datetime,
    timezone: str,
    all_day: bool = False,
    fold: str | None = None,
    kind: str = "preparatory",
    status: str = MeetingStatus.TENTATIVE,
    visibility: str = "public",
    venue: str | None = None,
    online_url: str | None = None,
    info_url: str | None = None,
    organizer_name: str | None = None,
    organizer_email: str | None = None,
    agenda: str | None = None,
    repeat: str | None = None,
    invite: Iterable[str] = (),
    is_sample: bool = False,
    source: str | None = None,
    uid: str | None = None,
    uid_host: str = DEFAULT_UID_HOST,
    notify: bool = True,
) -> Meeting:
    """Schedule a meeting; with ``notify``, queue an invitation to each of its recipients."""
    conference_record = conference_by_slug(session, conference)
    meeting_title = required_text(title, "title")
    when = parse_when(start, end, timezone, all_day=all_day, fold=fold)
    rule = series_rule(when, repeat)
    now = context.now()
    meeting = Meeting(
        conference_id=conference_record.id,
        uid=uid or new_uid(uid_host),
        title=meeting_title,
        kind=_choice(kind, MEETING_KINDS, "kind"),
        status=_choice(status, SCHEDULED_STATUSES, "status"),
        visibility=_choice(visibility, VISIBILITIES, "visibility"),
        is_sample=is_sample,
        recurrence=rule,
        venue=optional_text(venue, "venue", 300),
        online_url=_url(online_url, "online_url"),
        info_url=_url(info_url, "info_url"),
        organizer_name=optional_text(organizer_name, "organizer_name", 200),
        organizer_email=normalized_email(organizer_email, "organizer_email"),
        agenda=optional_text(agenda, "agenda", 20000, multiline=True),
        source=optional_text(source, "source", 2000, multiline=True),
        sequence=0,
        created_at=now,
        last_modified=now,
    )
    _apply_when(meeting, when)
    invited = [invitees.resolve(session, value) for value in invite]
    session.add(meeting)
    session.flush()
    for invitee in invited:
        _invite(meeting, invitee)
    session.flush()
    audit.record(session, context, "create", "meeting", meeting.id, after=meeting_snapshot(meeting))
    if notify:
        queue_invitations(session, context, meeting, Method.REQUEST)
    return meeting


def _apply_when(meeting: Meeting, when: When) -> None:
    meeting.timezone = when.timezone
    meeting.all_day = when.all_day
    meeting.start_local, meeting.end_local = when.start_local, when.end_local
    meeting.start_date, meeting.end_date = when.start_date, when.end_date
    meeting.start_utc, meeting.end_utc = when.start_utc, when.end_utc
    meeting.span_end_utc = span_end(meeting)


def _invite(meeting: Meeting, invitee: Party | Contact) -> None:
    if isinstance(invitee, Contact):
        if any(i.contact_id == invitee.id for i in meeting.invitations):
            return
        meeting.invitations.append(Invitation(contact_id=invitee.id))
    else:
        if any(i.party_id == invitee.id for i in meeting.invitations):
            return
        meeting.invitations.append(Invitation(party_id=invitee.id))


def meeting_snapshot(meeting: Meeting) -> dict[str, Any]:
    """The audit view: columns plus invitations and overrides."""
    data = audit.snapshot(meeting)
    data["invitations"] = [
        {"party_id": i.party_id, "contact_id": i.contact_id} for i in meeting.invitations
    ]
    data["overrides"] = [audit.snapshot(o) for o in meeting.overrides]
    return data


def update_meeting(
    session: Session,
    context: Context,
    meeting_id: int | str,
    *,
    title: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    visibility: str | None = None,
    venue: str | None = None,
    online_url: str | None = None,
    info_url: str | None = None,
    organizer_name: str | None = None,
    organizer_email: str | None = None,
    agenda: str | None = None,
    outcome: str | None = None,
    invite: Iterable[str] = (),
    uninvite: Iterable[str] = (),
    notify: bool = True,
) -> Meeting:
    """Change what is given (None = keep; "" clears an optional text).

    With ``notify``: a change that raises the sequence (status, place) sends the new
    state to every recipient; new invitees alone get the invitation they lacked; those
    no longer among the recipients (uninvited, or the meeting made restricted) get a
    CANCEL, and the sequence rises.
    """
    meeting = meeting_by_id(session, meeting_id)
    before = meeting_snapshot(meeting)
    changes: dict[str, object] = {}
    if title is not None:
        changes["title"] = required_text(title, "title")
    if kind is not None:
        changes["kind"] = _choice(kind, MEETING_KINDS, "kind")
    if status is not None:
        new_status = _choice(status, SCHEDULED_STATUSES, "status")
        if meeting.status == MeetingStatus.CANCELLED and new_status != MeetingStatus.CANCELLED:
            raise Conflict(
                field="status", code="meeting.cancelled_not_reinstated", meeting=meeting.id
            )
        changes["status"] = new_status
    if visibility is not None:
        changes["visibility"] = _choice(visibility, VISIBILITIES, "visibility")
    fields: tuple[tuple[str, str | None, Callable[[str], str | None]], ...] = (
        ("venue", venue, lambda v: optional_text(v, "venue", 300)),
        ("online_url", online_url, lambda v: _url(v, "online_url")),
        ("info_url", info_url, lambda v: _url(v, "info_url")),
        ("organizer_name", organizer_name, lambda v: optional_text(v, "organizer_name", 200)),
        ("organizer_email", organizer_email, lambda v: normalized_email(v, "organizer_email")),
        ("agenda", agenda, lambda v: optional_text(v, "agenda", 20000, multiline=True)),
        ("outcome", outcome, lambda v: optional_text(v, "outcome", 20000, multiline=True)),
    )
    for name, value, parse in fields:
        if value is not None:
            changes[name] = parse(value)
    to_invite = [invitees.resolve(session, value) for value in invite]
    to_uninvite = [invitees.resolve(session, value, "uninvite") for value in uninvite]
    changed = {k: v for k, v in changes.items() if getattr(meeting, k) != v}
    # who is told now, when the change may add or remove people
    watched = notify and bool(to_invite or to_uninvite or "visibility" in changed)
    told_before = {p.id for p in recipients(session, meeting)} if watched else set()
    for name, new_value in changed.items():
        setattr(meeting, name, new_value)
    invitations_before = _invitation_keys(meeting)
    for invitee in to_invite:
        _invite(meeting, invitee)
    for invitee in to_uninvite:
        _uninvite(meeting, invitee)
    if not changed and invitations_before == _invitation_keys(meeting):
        return meeting
    told_after = {p.id for p in recipients(session, meeting)} if watched else set()
    # those no longer told get a CANCEL (RFC 5546 "uninvite"), which raises SEQUENCE
    lost = told_before - told_after if meeting.status != MeetingStatus.CANCELLED else set()
    raised = "status" in changed or any(name in changed for name in PLACE_FIELDS)
    if raised or lost:
        meeting.sequence += 1
    meeting.last_modified = context.now()
    session.flush()
    audit.record(
        session,
        context,
        "update",
        "meeting",
        meeting.id,
        before=before,
        after=meeting_snapshot(meeting),
    )
    if notify and raised:
        queue_invitations(session, context, meeting, Method.REQUEST)
    elif told_after - told_before:
        newly = told_after - told_before
        queue_invitations(session, context, meeting, Method.REQUEST, only=newly)
    if lost:
        queue_withdrawals(session, context, meeting, lost)
    return meeting


def _invitation_keys(meeting: Meeting) -> set[tuple[int | None, int | None]]:
    return {(i.party_id, i.contact_id) for i in meeting.invitations}


def _uninvite(meeting: Meeting, invitee: Party | Contact) -> None:
    for invitation in list(meeting.invitations):
        if (isinstance(invitee, Contact) and invitation.contact_id == invitee.id) or (
            not isinstance(invitee, Contact) and invitation.party_id == invitee.id
        ):
            meeting.invitations.remove(invitation)
            return
    if isinstance(invitee, Contact):
        raise NotFound(
            field="uninvite",
            code="meeting.contact_not_invited",
            contact=invitee.id,
            meeting=meeting.id,
        )
    raise NotFound(
        field="uninvite", code="meeting.not_invited", invitee=invitee.code, meeting=meeting.id
    )


def reschedule_meeting(
    session: Session,
    context: Context,
    meeting_id: int | str,
    *,
    start: str | date | datetime,
    end: str | date | datetime,
    timezone: str | None = None,
    all_day: bool | None = None,
    fold: str | None = None,
    occurrence: date | str | None = None,
    venue: str | None = None,
    notify: bool = True,
) -> Meeting:
    """Move a meeting, or with ``occurrence`` one occurrence of a series, to a new time;
    with ``notify``, queue the new state (the whole series) to every recipient."""
    meeting = meeting_by_id(session, meeting_id)
    if meeting.status == MeetingStatus.CANCELLED:
        raise Conflict(
            field="meeting", code="meeting.cancelled_not_rescheduled", meeting=meeting.id
        )
    before = meeting_snapshot(meeting)
    zone = timezone or meeting.timezone
    if occurrence is not None:
        _move_occurrence(
            context, meeting, parse_date(occurrence, "occurrence"), start, end, zone, fold, venue
        )
    else:
        if meeting.overrides:
            raise Conflict(
                field="meeting", code="meeting.series_has_exceptions", meeting=meeting.id
            )
        when = parse_when(
            start, end, zone, all_day=meeting.all_day if all_day is None else all_day, fold=fold
        )
        if meeting.recurrence:
            if when.all_day:
                raise ValidationError(field="all_day", code="meeting.all_day_series")
            meeting.recurrence = normalize_rule(meeting.recurrence, when.timed_start, when.timezone)
        place = optional_text(venue, "venue", 300) if venue is not None else meeting.venue
        if when == _current_when(meeting) and place == meeting.venue:
            return meeting
        _apply_when(meeting, when)
        meeting.venue = place
        meeting.sequence += 1
    meeting.last_modified = context.now()
    meeting.span_end_utc = span_end(meeting)
    session.flush()
    audit.record(
        session,
        context,
        "reschedule",
        "meeting",
        meeting.id,
        before=before,
        after=meeting_snapshot(meeting),
    )
    if notify:
        queue_invitations(session, context, meeting, Method.REQUEST)
    return meeting


def _current_when(meeting: Meeting) -> When:
    return When(
        meeting.timezone,
        meeting.all_day,
        meeting.start_local,
        meeting.end_local,
        meeting.start_date,
        meeting.end_date,
        meeting.start_utc,
        meeting.end_utc,
    )


def _move_occurrence(
    context: Context,
    meeting: Meeting,
    day: date,
    start: str | date | datetime,
    end: str | date | datetime,
    zone: str,
    fold: str | None,
    venue: str | None,
) -> None:
    if zone != meeting.timezone:
        raise ValidationError(
            field="timezone", code="occurrence.other_timezone", zone=meeting.timezone
        )
    original = occurrence_on(meeting, day)
    when = parse_when(start, end, zone, fold=fold)
    override = override_for(meeting, original)
    if override is not None and override.cancelled:
        raise Conflict(field="occurrence", code="occurrence.cancelled_not_rescheduled", day=day)
    if override is None:
        override = OccurrenceOverride(
            original_start_local=original.original_local,
            original_start_utc=original.start_utc,
            cancelled=False,
            sequence=meeting.sequence,
        )
        meeting.overrides.append(override)
    override.start_local, override.end_local = when.start_local, when.end_local
    override.start_utc, override.end_utc = when.start_utc, when.end_utc
    if venue is not None:
        override.venue = optional_text(venue, "venue", 300)
    override.sequence += 1
    override.last_modified = context.now()


def cancel_meeting(
    session: Session,
    context: Context,
    meeting_id: int | str,
    *,
    reason: str,
    occurrence: date | str | None = None,
    notify: bool = True,
) -> Meeting:
    """Cancel a meeting (kept, STATUS:CANCELLED) or one occurrence of a series; with
    ``notify``, queue the cancellation (iTIP CANCEL) to every recipient."""
    meeting = meeting_by_id(session, meeting_id)
    why = required_text(reason, "reason", 2000, multiline=True)
    if meeting.status == MeetingStatus.CANCELLED:
        raise Conflict(field="meeting", code="meeting.already_cancelled", meeting=meeting.id)
    before = meeting_snapshot(meeting)
    if occurrence is not None:
        day = parse_date(occurrence, "occurrence")
        original = occurrence_on(meeting, day)
        override = override_for(meeting, original)
        if override is not None and override.cancelled:
            raise Conflict(field="occurrence", code="occurrence.already_cancelled", day=day)
        if override is None:
            override = OccurrenceOverride(
                original_start_local=original.original_local,
                original_start_utc=original.start_utc,
                sequence=meeting.sequence,
            )
            meeting.overrides.append(override)
        override.cancelled = True
        override.cancel_reason = why
        override.sequence += 1
        override.last_modified = context.now()
        cancelled: datetime | None = override.original_start_local
    else:
        cancelled = None
        meeting.status = MeetingStatus.CANCELLED
        meeting.cancel_reason = why
        meeting.sequence += 1
    meeting.last_modified = context.now()
    session.flush()
    audit.record(
        session,
        context,
        "cancel",
        "meeting",
        meeting.id,
        before=before,
        after=meeting_snapshot(meeting),
    )
    if notify:
        queue_invitations(session, context, meeting, Method.CANCEL, occurrence=cancelled)
    return meeting


def list_meetings(
    session: Session,
    conference: str | None = None,
    start: date | str | None = None,
    end: date | str | None = None,
    *,
    viewer: Viewer,
) -> list[Meeting]:
    """The meetings ``viewer`` may see, by start; ``start``/``end`` (UTC dates, inclusive)
    keep those touching the range."""
    query = (
        select(Meeting)
        .where(visibility.sees_meeting(viewer))
        .options(
            selectinload(Meeting.invitations),
            selectinload(Meeting.overrides),
            selectinload(Meeting.translations),
        )
    )
    if conference:
        query = query.where(Meeting.conference_id == conference_by_slug(session, conference).id)
    if start is not None:
        first = datetime.combine(parse_date(start, "from"), time(0), tzinfo=UTC)
        query = query.where(Meeting.span_end_utc > first)
    if end is not None:
        after = datetime.combine(parse_date(end, "to") + timedelta(days=1), time(0), tzinfo=UTC)
        query = query.where(Meeting.start_utc < after)
    return list(session.scalars(query.order_by(Meeting.start_utc, Meeting.id)))
