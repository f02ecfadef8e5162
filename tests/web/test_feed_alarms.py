"""Private feeds carry the alarms their subscriber asks for (``?alarms=P1D,PT15M``); public
feeds none; the cache and the ETag tell the variants apart; bad alarms are refused."""

from icalendar import Calendar

from planner.calendars.tokens import issue_feed_token
from planner.db import unit_of_work
from planner.directory.operations import add_contact
from planner.i18n import gettext
from tests.calendars.parsers import parse_with_icaljs


def _private_address(engine, context) -> str:
    with unit_of_work(engine) as session:
        contact = add_contact(session, context, name="Focal Point", party="MNG")
        issued = issue_feed_token(session, context, contact.id, "fourth-2020")
    return f"/calendars/private/{issued.token}.ics"


def _triggers(body: bytes) -> set[tuple[str, ...]]:
    calendar = Calendar.from_ical(body)
    return {
        tuple(sorted(str(alarm["TRIGGER"].to_ical().decode()) for alarm in event.walk("VALARM")))
        for event in calendar.walk("VEVENT")
    }


def test_private_feeds_carry_the_subscribers_alarms_and_public_ones_none(
    client, demo, engine, context
):
    address = _private_address(engine, context)
    plain = client.get(address)
    with_alarms = client.get(f"{address}?alarms=PT15M,P1D")
    assert plain.status_code == with_alarms.status_code == 200
    assert _triggers(plain.data) == {()}
    assert _triggers(with_alarms.data) == {("-P1D", "-PT15M")}
    assert plain.headers["ETag"] != with_alarms.headers["ETag"]
    again = client.get(f"{address}?alarms=P1D,PT15M")  # the same alarms, spelled otherwise
    assert again.headers["ETag"] == with_alarms.headers["ETag"] and again.data == with_alarms.data
    assert client.get(address).data == plain.data  # the cache kept both variants apart
    assert b"VALARM" not in client.get("/calendars/fourth-2020.ics").data
    assert b"VALARM" not in client.get("/calendars/fourth-2020.ics?alarms=P1D").data
    parsed = parse_with_icaljs(with_alarms.data)  # an independent reader takes the alarms
    assert parsed.events


def test_bad_alarms_are_refused(client, demo, engine, context):
    address = _private_address(engine, context)
    for value in ("soon", "P1D,PT1H,PT30M,PT15M", "PT0S", "P60D"):
        response = client.get(f"{address}?alarms={value}")
        assert 400 <= response.status_code < 500, value
        assert b"alarms" in response.data


def test_alarms_speak_the_feeds_language(client, demo, engine, context):
    """The alarm's text comes from the catalog of the feed's ``?lang=`` (English: as it is)."""
    address = _private_address(engine, context)
    for language in ("en", "ar", "es", "fr", "ru", "zh"):
        body = client.get(f"{address}?alarms=P1D&lang={language}").data
        descriptions = {
            (str(alarm["DESCRIPTION"]), alarm["DESCRIPTION"].params.get("LANGUAGE"))
            for event in Calendar.from_ical(body).walk("VEVENT")
            for alarm in event.walk("VALARM")
        }
        expected_language = None if language == "en" else language
        assert descriptions == {(gettext(language, "Reminder"), expected_language)}, language
        if language != "en":
            assert gettext(language, "Reminder") != "Reminder"
