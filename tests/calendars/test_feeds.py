"""Feed requirements (DESIGN.md "Calendar feeds"), audiences, and the cheap feed version."""

import re
from datetime import UTC, datetime

from icalendar import Calendar

from planner.calendars.feeds import audience, build_feed, feed_stamp
from planner.conferences.operations import add_conference
from planner.db import unit_of_work
from planner.directory.operations import add_contact
from planner.meetings.operations import add_meeting, update_meeting
from planner.reference import load_reference
from tests.calendars.parsers import parse_with_icaljs


def feed_of(engine, conference="fourth-2020", party=None, contact=None) -> bytes:
    with unit_of_work(engine) as session:
        return build_feed(session, audience(session, conference, party, contact))


def version_of(engine, conference="fourth-2020", party=None, contact=None) -> str:
    with unit_of_work(engine) as session:
        return feed_stamp(session, audience(session, conference, party, contact)).version


def unfolded(feed: bytes) -> list[str]:
    return feed.decode("utf-8").replace("\r\n ", "").split("\r\n")


def test_the_conference_feed_meets_the_publishing_requirements(engine, demo):
    feed = feed_of(engine)
    assert feed.endswith(b"END:VCALENDAR\r\n") and b"\n" not in feed.replace(b"\r\n", b"")
    lines = unfolded(feed)
    header = lines[: lines.index("BEGIN:VTIMEZONE")]
    for expected in (
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME;VALUE=TEXT:Fourth Conference of Nuclear-Weapon-Free Zones and Mongolia",
        "NAME;VALUE=TEXT:Fourth Conference of Nuclear-Weapon-Free Zones and Mongolia",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ):
        assert expected in header
    assert any(line.startswith("PRODID:") for line in header)
    assert not any(line.startswith(("ATTENDEE", "RDATE")) for line in lines)
    calendar = Calendar.from_ical(feed)
    used = {m.group(1) for m in re.finditer(r";TZID=([^:;]+)", feed.decode())}
    assert used == {tz["TZID"] for tz in calendar.walk("VTIMEZONE")} == {"America/New_York"}
    masters = [e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" not in e]
    assert len({str(e["UID"]) for e in masters}) == len(masters) == 4  # one is restricted
    series = next(e for e in masters if "RRULE" in e)
    overrides = [
        e for e in calendar.walk("VEVENT") if e["UID"] == series["UID"] and e is not series
    ]
    assert [str(e["STATUS"]) for e in overrides] == ["CONFIRMED", "CANCELLED"]
    assert [e["SEQUENCE"] for e in overrides] == [1, 1]
    for event in calendar.walk("VEVENT"):
        assert event["DTSTAMP"].to_ical() == event["LAST-MODIFIED"].to_ical()
        assert event["DTSTAMP"].to_ical().endswith(b"Z")
    stamps = {str(e["UID"]): e["DTSTAMP"].dt for e in masters}
    assert stamps["nur-sultan-seminar-2019@planner.nwfz"] == datetime(2019, 9, 13, tzinfo=UTC)
    summaries = {str(e["SUMMARY"]) for e in masters}
    assert "[SAMPLE] NWFZ consultation group (monthly, New York)" in summaries
    assert not any("focal points" in s for s in summaries)  # restricted: not in the public feed
    assert "includes SAMPLE meetings" in str(calendar["X-WR-CALDESC"])


def test_same_data_same_bytes_and_rrule_until_in_utc(engine, context, demo):
    with unit_of_work(engine) as session:
        add_meeting(session, context, conference="fourth-2020", title="Series",
                    start="2020-01-07 09:00", end="2020-01-07 10:00", timezone="Europe/Vienna",
                    repeat="FREQ=WEEKLY;UNTIL=20200301T120000")  # fmt: skip
    first = feed_of(engine)
    with unit_of_work(engine) as session:
        load_reference(session, context)  # reloading the data set changes nothing
    assert feed_of(engine) == first
    assert b"RRULE:FREQ=WEEKLY;UNTIL=20200301T110000Z\r\n" in first


def test_calendar_name_is_escaped(engine, context, demo):
    with unit_of_work(engine) as session:
        add_conference(session, context, slug="fifth-2025", title="Fifth; NWFZ, \\ Mongolia",
                       start="2025-04-25", end="2025-04-25", timezone="UTC",
                       venue="NY")  # fmt: skip
    feed = feed_of(engine, "fifth-2025")
    lines = unfolded(feed)
    assert "X-WR-CALNAME;VALUE=TEXT:Fifth\\; NWFZ\\, \\\\ Mongolia" in lines
    assert "NAME;VALUE=TEXT:Fifth\\; NWFZ\\, \\\\ Mongolia" in lines
    # ical.js (Thunderbird, Nextcloud) reads the name back without the escapes
    assert parse_with_icaljs(feed).name == "Fifth; NWFZ, \\ Mongolia"


def _summaries(feed: bytes) -> set[str]:
    return {str(e["SUMMARY"]) for e in Calendar.from_ical(feed).walk("VEVENT")}


RESTRICTED = "[SAMPLE] NWFZ focal points: draft outcome document (restricted)"


def test_restricted_meetings_reach_only_invited_parties_zones_and_contacts(engine, context, demo):
    assert RESTRICTED not in _summaries(feed_of(engine))
    assert RESTRICTED in _summaries(feed_of(engine, party="TLATELOLCO"))
    assert RESTRICTED in _summaries(feed_of(engine, party="MEX"))  # through its zone
    assert RESTRICTED not in _summaries(feed_of(engine, party="IAEA"))
    with unit_of_work(engine) as session:
        delegate = add_contact(session, context, name="Delegate", party="KAZ").id
        expert = add_contact(session, context, name="Expert", party="IAEA").id
        loner = add_contact(session, context, name="Loner").id
        private = add_meeting(session, context, conference="fourth-2020", title="Briefing",
                              start="2020-02-21 10:00", end="2020-02-21 11:00", timezone="UTC",
                              visibility="restricted", invite=[str(expert)])  # fmt: skip
        private_title = private.title
    assert RESTRICTED in _summaries(feed_of(engine, contact=delegate))
    expert_feed = _summaries(feed_of(engine, contact=expert))
    assert private_title in expert_feed and RESTRICTED not in expert_feed
    assert private_title not in _summaries(feed_of(engine, party="IAEA"))
    assert _summaries(feed_of(engine, contact=loner)) == _summaries(feed_of(engine))
    name = Calendar.from_ical(feed_of(engine, party="MEX"))["X-WR-CALNAME"]
    assert str(name).endswith("— Mexico")


def test_feed_version_moves_with_the_feed_and_only_then(engine, context, demo):
    public, mexico = version_of(engine), version_of(engine, party="MEX")
    assert public != mexico
    assert version_of(engine) == public
    with unit_of_work(engine) as session:
        focal = next(m for m in audience_meetings(session) if m.visibility == "restricted")
        focal_id = focal.id
    later = context.__class__(actor="tester", clock=lambda: datetime(2020, 1, 20, tzinfo=UTC))
    with unit_of_work(engine) as session:
        update_meeting(session, later, focal_id, agenda="New agenda")
    assert version_of(engine) == public  # not in the public feed
    assert version_of(engine, party="MEX") != mexico
    with unit_of_work(engine) as session:
        update_meeting(session, later, focal_id, visibility="public")
    assert version_of(engine) != public


def audience_meetings(session):
    from planner.calendars.feeds import feed_meetings

    return feed_meetings(session, audience(session, "fourth-2020", "MEX"))


def test_cli_writes_the_feed_and_says_where(cli, demo, tmp_path):
    target = tmp_path / "out" / "fourth-2020.ics"
    result = cli("calendar", "fourth-2020", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"wrote {target}"
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    stdout = cli("calendar", "fourth-2020", "--party", "KAZ")
    assert RESTRICTED in _summaries(stdout.stdout_bytes)
    refused = cli("calendar", "fourth-2020", "--party", "ZZZ")
    assert refused.exit_code == 1 and refused.stderr.startswith("error: party: no party")
