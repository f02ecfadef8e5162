"""Where a day stands in a conference's life: the rules every report shares, defined once.

A report "as of" a day describes the moment that day begins in the conference's
zone (the secretariat's working day). A meeting occurrence is *held* once it has
ended by that moment and *upcoming* otherwise, whoever asks: the summary, the
derived status of recommendation 10 and the web pages. Once the conference has
ended, lateness stops counting: a chair never designated stays "overdue by" the
days between the target and the closing, not a figure that grows every day after.
"""

from datetime import date, datetime

from planner.conferences.models import Conference
from planner.meetings.timing import day_start_utc


def as_of_moment(conference: Conference, as_of: date) -> datetime:
    """The UTC instant a report as of ``as_of`` describes: that day's start in the zone."""
    return day_start_utc(as_of, conference.timezone)


def opening_moment(conference: Conference) -> datetime:
    """When the conference opens: the start of its first day in its own zone."""
    return day_start_utc(conference.start_date, conference.timezone)


def is_held(end_utc: datetime, moment: datetime) -> bool:
    """An occurrence is held once it has ended by the moment described; else upcoming."""
    return end_utc <= moment


def has_ended(conference: Conference, as_of: date) -> bool:
    return as_of > conference.end_date


def counting_day(conference: Conference, as_of: date) -> date:
    """The day lateness is counted to: ``as_of``, but never past the conference's last day."""
    return min(as_of, conference.end_date)
