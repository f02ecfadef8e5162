// Reads an iCalendar feed on stdin and prints, as JSON, what ical.js (the engine Thunderbird
// embeds) understands of it: the calendar's properties, every VEVENT, and each series expanded
// into its occurrences with overrides applied. Times are given as UTC seconds computed by
// ical.js from the feed's own VTIMEZONE components, never from this machine's zone database.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const MAX_OCCURRENCES = 1000;
const text = readFileSync(0, "utf8");
const calendar = new ICAL.Component(ICAL.parse(text));
ICAL.TimezoneService.reset();
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(vtimezone);
}

function instant(time) {
  if (!time) return null;
  return time.isDate ? { date: time.toString() } : { utc: time.toUnixTime() };
}

const vevents = calendar.getAllSubcomponents("vevent");
const events = vevents.map((vevent) => ({
  uid: vevent.getFirstPropertyValue("uid"),
  summary: vevent.getFirstPropertyValue("summary"),
  description: vevent.getFirstPropertyValue("description"),
  location: vevent.getFirstPropertyValue("location"),
  status: vevent.getFirstPropertyValue("status"),
  sequence: vevent.getFirstPropertyValue("sequence"),
  recurrence_id: instant(vevent.getFirstPropertyValue("recurrence-id")),
  start: instant(vevent.getFirstPropertyValue("dtstart")),
  end: instant(vevent.getFirstPropertyValue("dtend")),
  attendees: vevent.getAllProperties("attendee").length,
}));

const occurrences = {};
for (const vevent of vevents) {
  if (vevent.hasProperty("recurrence-id")) continue;
  const event = new ICAL.Event(vevent);
  for (const other of vevents) {
    if (other.hasProperty("recurrence-id") && other.getFirstPropertyValue("uid") === event.uid) {
      event.relateException(other);
    }
  }
  const found = [];
  if (event.isRecurring()) {
    const iterator = event.iterator();
    let next;
    while ((next = iterator.next()) && found.length < MAX_OCCURRENCES) {
      const details = event.getOccurrenceDetails(next);
      found.push({
        start: instant(details.startDate),
        end: instant(details.endDate),
        status: details.item.component.getFirstPropertyValue("status"),
      });
    }
  } else {
    found.push({ start: instant(event.startDate), end: instant(event.endDate), status: vevent.getFirstPropertyValue("status") });
  }
  occurrences[event.uid] = found;
}

process.stdout.write(
  JSON.stringify({
    method: calendar.getFirstPropertyValue("method"),
    name: calendar.getFirstPropertyValue("x-wr-calname"),
    rfc7986_name: calendar.getFirstPropertyValue("name"),
    description: calendar.getFirstPropertyValue("x-wr-caldesc"),
    events,
    occurrences,
  }),
);
