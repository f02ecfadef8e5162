"""Independent readers of our feeds: ical.js (JavaScript, what Thunderbird embeds) and vobject.

Neither uses icalendar, which generated the feed, and neither uses this machine's
zone database for TZIDs: both compute UTC instants from the feed's own VTIMEZONE
components (vobject through dateutil's ``tzical``; pytz, its fallback, is not
installed). Both return the same plain structure so tests compare them directly.
"""

import json
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import vobject
import vobject.icalendar

from tests.node_packages import ensure_node_packages

ICALJS_DIR = Path(__file__).parent / "icaljs"

Instant = datetime | date
Occurrence = tuple[Instant, Instant, str]


@dataclass
class Parsed:
    method: str
    name: str
    events: list[dict]
    occurrences: dict[str, list[Occurrence]]
    description: str | None = None

    def scheduled(self, uid: str) -> list[tuple[Instant, Instant]]:
        """The occurrences that happen (cancelled ones left out), sorted."""
        return sorted((s, e) for s, e, status in self.occurrences[uid] if status != "CANCELLED")


def ensure_icaljs() -> None:
    ensure_node_packages(ICALJS_DIR, "ical.js")


def _icaljs_instant(value: dict | None) -> Instant | None:
    if value is None:
        return None
    if "date" in value:
        return date.fromisoformat(value["date"])
    return datetime.fromtimestamp(value["utc"], UTC)


def parse_with_icaljs(feed: bytes) -> Parsed:
    ensure_icaljs()
    completed = subprocess.run(
        ["node", "parse.mjs"], cwd=ICALJS_DIR, input=feed, capture_output=True, check=False
    )
    if completed.returncode != 0:
        raise AssertionError(f"ical.js failed: {completed.stderr.decode()}")
    data = json.loads(completed.stdout)
    events = [
        {
            **event,
            "recurrence_id": _icaljs_instant(event["recurrence_id"]),
            "start": _icaljs_instant(event["start"]),
            "end": _icaljs_instant(event["end"]),
        }
        for event in data["events"]
    ]
    occurrences = {
        uid: [(_icaljs_instant(o["start"]), _icaljs_instant(o["end"]), o["status"]) for o in found]
        for uid, found in data["occurrences"].items()
    }
    assert data["rfc7986_name"] == data["name"], "NAME and X-WR-CALNAME read differently"
    return Parsed(data["method"], data["name"], events, occurrences, data["description"])


def _reset_vobject_timezones() -> None:
    """vobject keeps TZIDs in a process-wide map (first one wins): start each feed afresh."""
    registry = vars(vobject.icalendar)["__tzidMap"]
    registry.clear()
    vobject.icalendar.registerTzid("UTC", vobject.icalendar.utc)


def _utc(value: Instant) -> Instant:
    if isinstance(value, datetime):
        assert value.tzinfo is not None, f"floating time {value}"
        return value.astimezone(UTC)
    return value


def _text(component, name: str) -> str | None:
    line = getattr(component, name, None)
    return None if line is None else line.value


def _end(component) -> Instant:
    """DTEND, or DTSTART plus DURATION counted exactly (RFC 5545, section 3.3.6)."""
    if getattr(component, "dtend", None) is not None:
        return component.dtend.value
    return _utc(component.dtstart.value) + component.duration.value


def parse_with_vobject(feed: bytes) -> Parsed:
    _reset_vobject_timezones()
    calendar = vobject.readOne(feed.decode("utf-8"))
    events = []
    masters, overrides = [], {}
    for component in calendar.vevent_list:
        recurrence_id = getattr(component, "recurrence_id", None)
        event = {
            "uid": component.uid.value,
            "summary": _text(component, "summary"),
            "description": _text(component, "description"),
            "location": _text(component, "location"),
            "status": _text(component, "status"),
            "sequence": int(component.sequence.value),
            "recurrence_id": _utc(recurrence_id.value) if recurrence_id else None,
            "start": _utc(component.dtstart.value),
            "end": _utc(_end(component)),
            "attendees": len(component.contents.get("attendee", [])),
        }
        events.append(event)
        if recurrence_id is None:
            masters.append((component, event))
        else:
            overrides.setdefault(event["uid"], {})[event["recurrence_id"]] = event
    occurrences = {}
    for component, event in masters:
        duration: timedelta = event["end"] - event["start"]
        mine = overrides.get(event["uid"], {})
        if getattr(component, "rrule", None) is None:
            starts = [event["start"]]
        else:
            starts = [_utc(start) for start in component.getrruleset(addRDate=True)]
        found = []
        for start in starts:
            override = mine.get(start)
            if override is None:
                found.append((start, start + duration, event["status"]))
            else:
                found.append((override["start"], override["end"], override["status"]))
        occurrences[event["uid"]] = found
    description = calendar.contents.get("x-wr-caldesc")
    return Parsed(
        calendar.method.value,
        calendar.contents["x-wr-calname"][0].value,
        events,
        occurrences,
        description[0].value if description else None,
    )


LIBICAL_CHECK = Path(__file__).parent / "libical_check.py"
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's python3-gi and gir1.2-ical-3.0 live there


def check_with_libical(feed: bytes) -> dict:
    """libical's reading and its iTIP restriction check (see libical_check.py)."""
    completed = subprocess.run(
        [SYSTEM_PYTHON, str(LIBICAL_CHECK)], input=feed, capture_output=True, check=False
    )
    if completed.returncode != 0:
        raise AssertionError(f"libical failed: {completed.stderr.decode()}")
    return json.loads(completed.stdout)


def libical_reading(data: dict) -> Parsed:
    """What ``check_with_libical`` returned, in the shape of the other readers."""
    occurrences = {
        uid: [(_icaljs_instant(o["start"]), _icaljs_instant(o["end"]), o["status"]) for o in found]
        for uid, found in data["occurrences"].items()
    }
    events = [{**event, "start": _icaljs_instant(event["start"])} for event in data["events"]]
    return Parsed("", "", events, occurrences)
