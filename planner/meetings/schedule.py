"""When a meeting actually happens: its occurrences with moved and cancelled ones applied."""

from datetime import date, datetime

from planner.errors import NotFound, ValidationError
from planner.meetings.models import Meeting, OccurrenceOverride
from planner.meetings.timing import Occurrence, occurrences


def series_occurrences(meeting: Meeting) -> list[Occurrence]:
    """The occurrences the rule gives (one for a single meeting), before overrides."""
    if meeting.all_day:
        return [
            Occurrence(
                datetime.combine(meeting.start_date, datetime.min.time()),
                meeting.start_utc,
                meeting.end_utc,
            )
        ]
    return occurrences(
        meeting.start_local,
        meeting.start_utc,
        meeting.end_utc,
        meeting.timezone,
        meeting.recurrence,
    )


def intervals(meeting: Meeting) -> list[tuple[datetime, datetime]]:
    """The UTC intervals the meeting occupies, sorted, cancelled occurrences left out."""
    if meeting.status == "cancelled":
        return []
    overrides = {o.original_start_local: o for o in meeting.overrides}
    result = []
    for occurrence in series_occurrences(meeting):
        override = overrides.get(occurrence.original_local)
        if override is None:
            result.append((occurrence.start_utc, occurrence.end_utc))
        elif not override.cancelled:
            result.append((override.start_utc, override.end_utc))
    return sorted(result)


def span_end(meeting: Meeting) -> datetime:
    """The end of the last occurrence, moved ones included (what ``span_end_utc`` stores)."""
    ends = [occurrence.end_utc for occurrence in series_occurrences(meeting)]
    ends += [override.end_utc for override in meeting.overrides if override.end_utc]
    return max(ends)


def occurrence_on(meeting: Meeting, day: date) -> Occurrence:
    """The occurrence of a series originally scheduled on a local date."""
    if not meeting.recurrence:
        raise ValidationError(f"meeting {meeting.id} is not a series", "occurrence")
    matches = [o for o in series_occurrences(meeting) if o.original_local.date() == day]
    if not matches:
        raise NotFound(f"meeting {meeting.id} has no occurrence on {day}", "occurrence")
    if len(matches) > 1:
        raise ValidationError(
            f"meeting {meeting.id} has several occurrences on {day}", "occurrence"
        )
    return matches[0]


def override_for(meeting: Meeting, occurrence: Occurrence) -> OccurrenceOverride | None:
    for override in meeting.overrides:
        if override.original_start_local == occurrence.original_local:
            return override
    return None
