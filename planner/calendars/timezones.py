"""VTIMEZONE components computed from the IANA database, one observance per transition.

icalendar's own ``Timezone.from_tzinfo`` groups transitions into one observance
with a long multi-value RDATE list, which several real engines mis-read, and
dates each onset in the *new* local time where RFC 5545 counts it in the
offset in force before the change (TZOFFSETFROM). Here each transition in the
years a feed needs is its own STANDARD or DAYLIGHT observance with a single
DTSTART in the old offset's wall clock: every engine reads that the same way,
and zones whose rules changed (Asia/Almaty, UTC+6 to UTC+5 in March 2024) come
out right because nothing assumes this year's rule held in other years.
"""

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

STEP = timedelta(days=1)
RESOLUTION = timedelta(seconds=1)


def _state(instant: datetime, zone: ZoneInfo) -> tuple[timedelta, bool, str]:
    local = instant.astimezone(zone)
    return local.utcoffset() or timedelta(0), bool(local.dst()), local.tzname() or ""


def transitions(
    zone: ZoneInfo, start: datetime, end: datetime
) -> list[tuple[datetime, tuple[Any, ...], tuple[Any, ...]]]:
    """Each change of offset, DST flag or name between two UTC instants: (instant, old, new)."""
    found = []
    instant, state = start, _state(start, zone)
    while instant < end:
        probe = min(instant + STEP, end)
        probe_state = _state(probe, zone)
        if probe_state == state:
            instant = probe
            continue
        low, high = instant, probe  # state(low) == state, state(high) != state
        while high - low > RESOLUTION:
            middle = low + (high - low) / 2
            middle = middle.replace(microsecond=0)
            if _state(middle, zone) == state:
                low = middle
            else:
                high = middle
        new_state = _state(high, zone)
        found.append((high, state, new_state))
        instant, state = high, new_state
    return found


@lru_cache(maxsize=512)
def vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    """The VTIMEZONE for ``tzid`` from 1 January of ``first_year`` to the end of ``last_year``.

    The component is cached and shared: callers must not modify it.
    """
    zone = ZoneInfo(tzid)
    start = datetime(first_year, 1, 1, tzinfo=zone).astimezone(UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=zone).astimezone(UTC)
    component = Timezone()
    component.add("TZID", tzid)
    offset, is_dst, name = _state(start, zone)
    component.add_component(
        _observance(is_dst, (start + offset).replace(tzinfo=None), offset, offset, name)
    )
    for instant, (old_offset, _, _), (new_offset, new_dst, new_name) in transitions(
        zone, start, end
    ):
        onset = (instant + old_offset).replace(tzinfo=None)
        component.add_component(_observance(new_dst, onset, old_offset, new_offset, new_name))
    return component


def _observance(
    is_dst: bool, onset: datetime, offset_from: timedelta, offset_to: timedelta, name: str
) -> TimezoneStandard | TimezoneDaylight:
    observance = TimezoneDaylight() if is_dst else TimezoneStandard()
    observance.add("DTSTART", onset)
    observance.add("TZOFFSETFROM", offset_from)
    observance.add("TZOFFSETTO", offset_to)
    if name:
        observance.add("TZNAME", name)
    return observance
