"""When a meeting actually happens: its occurrences with moved and cancelled ones applied."""

from dataclasses import dataclass
from datetime import date, datetime

from planner.errors import NotFound, ValidationError
from planner.meetings.models import Meeting, MeetingStatus, OccurrenceOverride
from planner.meetings.timing import Occurrence, occurrences


def series_occurrences(meeting: Meeting) -> list[Occurrence]:
    """The occurrences the rule gives (one for a single meeting), before overrides."""
    if meeting.all_day:
        return [
            Occurrence(
                datetime.combine(meeting.days[0], datetime.min.time()),
                meeting.start_utc,
                meeting.end_utc,
            )
        ]
    return occurrences(
        meeting.local_span[0],
        meeting.start_utc,
        meeting.end_utc,
        meeting.timezone,
        meeting.recurrence,
    )


@dataclass(frozen=True)
class Scheduled:
    """One occurrence as it stands: the rule's date with a move or a cancellation applied."""

    original_local: datetime
    start_utc: datetime
    end_utc: datetime
    venue: str | None
    cancelled: bool  # the occurrence alone (or the whole meeting) is cancelled
    cancel_reason: str | None
    moved: bool


def scheduled_occurrences(meeting: Meeting) -> list[Scheduled]:
    """Every occurrence, moved ones at their new time and cancelled ones kept, by start."""
    overrides = {o.original_start_local: o for o in meeting.overrides}
    whole_cancelled = meeting.status == MeetingStatus.CANCELLED
    result = []
    for occurrence in series_occurrences(meeting):
        override = overrides.get(occurrence.original_local)
        moved = override is not None and not override.cancelled
        start_utc, end_utc, venue = occurrence.start_utc, occurrence.end_utc, meeting.venue
        if override is not None and moved:
            _local_start, _local_end, start_utc, end_utc = override.moved_to
            venue = override.venue or meeting.venue
        cancelled = whole_cancelled or (override is not None and override.cancelled)
        reason = meeting.cancel_reason if whole_cancelled else None
        if override is not None and override.cancelled:
            reason = reason or override.cancel_reason
        result.append(
            Scheduled(
                original_local=occurrence.original_local,
                start_utc=start_utc,
                end_utc=end_utc,
                venue=venue,
                cancelled=cancelled,
                cancel_reason=reason,
                moved=moved,
            )
        )
    return sorted(result, key=lambda scheduled: (scheduled.start_utc, scheduled.end_utc))


def intervals(meeting: Meeting) -> list[tuple[datetime, datetime]]:
    """The UTC intervals the meeting occupies, sorted, cancelled occurrences left out."""
    return [
        (scheduled.start_utc, scheduled.end_utc)
        for scheduled in scheduled_occurrences(meeting)
        if not scheduled.cancelled
    ]


def span_end(meeting: Meeting) -> datetime:
    """The end of the last occurrence, moved ones included (what ``span_end_utc`` stores)."""
    ends = [occurrence.end_utc for occurrence in series_occurrences(meeting)]
    ends += [override.end_utc for override in meeting.overrides if override.end_utc]
    return max(ends)


def occurrence_on(meeting: Meeting, day: date) -> Occurrence:
    """The occurrence of a series originally scheduled on a local date."""
    if not meeting.recurrence:
        raise ValidationError(
            field="occurrence", code="occurrence.not_a_series", meeting=meeting.id
        )
    matches = [o for o in series_occurrences(meeting) if o.original_local.date() == day]
    if not matches:
        raise NotFound(
            field="occurrence", code="occurrence.none_that_day", meeting=meeting.id, day=day
        )
    if len(matches) > 1:
        raise ValidationError(
            field="occurrence", code="occurrence.several_that_day", meeting=meeting.id, day=day
        )
    return matches[0]


def override_for(meeting: Meeting, occurrence: Occurrence) -> OccurrenceOverride | None:
    for override in meeting.overrides:
        if override.original_start_local == occurrence.original_local:
            return override
    return None
