"""Reads a feed on stdin with libical (Evolution, GNOME) and prints what it says, as JSON.

Run with the system Python (/usr/bin/python3), which has Debian's python3-gi and
gir1.2-ical-3.0; the project's virtualenv has neither. libical's iTIP restriction
check (``icalrestriction_check``) adds an X-LIC-ERROR property to every component
that breaks a rule of the calendar's METHOD; those are listed, with each event's
DTSTART and DTEND as UTC seconds computed from the feed's own VTIMEZONEs, and each
series expanded by libical's own recurrence iterator with its overrides applied.
"""

import json
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402


def _errors(component) -> list[str]:
    found = []
    prop = component.get_first_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
    while prop is not None:
        found.append(
            f"{ICalGLib.Component.kind_to_string(component.isa())}: {prop.get_xlicerror()}"
        )
        prop = component.get_next_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
    child = component.get_first_component(ICalGLib.ComponentKind.ANY_COMPONENT)
    while child is not None:
        found.extend(_errors(child))
        child = component.get_next_component(ICalGLib.ComponentKind.ANY_COMPONENT)
    return found


def _utc(calendar, prop_kind, event):
    prop = event.get_first_property(prop_kind)
    if prop is None:
        return None
    value = (
        prop.get_dtstart()
        if prop_kind == ICalGLib.PropertyKind.DTSTART_PROPERTY
        else (
            prop.get_dtend()
            if prop_kind == ICalGLib.PropertyKind.DTEND_PROPERTY
            else prop.get_recurrenceid()
        )
    )
    if value.is_date():
        return {"date": f"{value.get_year():04d}-{value.get_month():02d}-{value.get_day():02d}"}
    tzid = prop.get_first_parameter(ICalGLib.ParameterKind.TZID_PARAMETER)
    zone = ICalGLib.Timezone.get_utc_timezone()
    if tzid is not None:
        zone = calendar.get_timezone(tzid.get_tzid())
    return {"utc": value.as_timet_with_zone(zone)}


def _time(calendar, prop, value):
    """(the value with its zone, the zone) for a DTSTART or RECURRENCE-ID property."""
    tzid = prop.get_first_parameter(ICalGLib.ParameterKind.TZID_PARAMETER)
    zone = ICalGLib.Timezone.get_utc_timezone()
    if tzid is not None:
        zone = calendar.get_timezone(tzid.get_tzid())
    return value, zone


def _instant(value, zone):
    if value.is_date():
        return {"date": f"{value.get_year():04d}-{value.get_month():02d}-{value.get_day():02d}"}
    return {"utc": value.as_timet_with_zone(zone)}


def _occurrences(calendar) -> dict:
    """Every series expanded by libical (RecurIterator), overrides matched by instant."""
    kind = ICalGLib.PropertyKind
    masters, overrides = [], {}
    event = calendar.get_first_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    while event is not None:
        if event.get_first_property(kind.RECURRENCEID_PROPERTY) is None:
            masters.append(event)
        else:
            mine = overrides.setdefault(event.get_uid(), {})
            mine[_utc(calendar, kind.RECURRENCEID_PROPERTY, event)["utc"]] = event
        event = calendar.get_next_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    found = {}
    for master in masters:
        start_prop = master.get_first_property(kind.DTSTART_PROPERTY)
        start, zone = _time(calendar, start_prop, start_prop.get_dtstart())
        first = _utc(calendar, kind.DTSTART_PROPERTY, master)
        if master.get_first_property(kind.DTEND_PROPERTY) is not None:
            end = _utc(calendar, kind.DTEND_PROPERTY, master)
        else:
            seconds = master.get_first_property(kind.DURATION_PROPERTY).get_duration().as_int()
            end = {"utc": first["utc"] + seconds}
        status = _status(master)
        rule = master.get_first_property(kind.RRULE_PROPERTY)
        if rule is None:
            found[master.get_uid()] = [{"start": first, "end": end, "status": status}]
            continue
        length = end["utc"] - first["utc"]
        iterator = ICalGLib.RecurIterator.new(rule.get_rrule(), start)
        listed, mine = [], overrides.get(master.get_uid(), {})
        occurrence = iterator.next()
        while occurrence is not None and not occurrence.is_null_time() and len(listed) < 1000:
            at = occurrence.as_timet_with_zone(zone)
            override = mine.get(at)
            if override is None:
                listed.append({"start": {"utc": at}, "end": {"utc": at + length}, "status": status})
            else:
                listed.append(
                    {
                        "start": _utc(calendar, kind.DTSTART_PROPERTY, override),
                        "end": _utc(calendar, kind.DTEND_PROPERTY, override),
                        "status": _status(override),
                    }
                )
            occurrence = iterator.next()
        found[master.get_uid()] = listed
    return found


def _status(event) -> str:
    prop = event.get_first_property(ICalGLib.PropertyKind.STATUS_PROPERTY)
    return prop.get_value_as_string() if prop is not None else None


def main() -> None:
    text = sys.stdin.read()
    calendar = ICalGLib.Component.new_from_string(text)
    parse_errors = _errors(calendar)
    calendar.strip_errors()
    calendar.check_restrictions()
    events = []
    event = calendar.get_first_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    while event is not None:
        events.append(
            {
                "uid": event.get_uid(),
                "summary": event.get_summary(),
                "start": _utc(calendar, ICalGLib.PropertyKind.DTSTART_PROPERTY, event),
                "end": _utc(calendar, ICalGLib.PropertyKind.DTEND_PROPERTY, event),
                "recurrence_id": _utc(calendar, ICalGLib.PropertyKind.RECURRENCEID_PROPERTY, event),
            }
        )
        event = calendar.get_next_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    json.dump(
        {
            "occurrences": _occurrences(calendar),
            "parse_errors": parse_errors,
            "restriction_errors": _errors(calendar),
            "events": events,
        },
        sys.stdout,
    )


main()
