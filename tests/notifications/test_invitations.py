"""Invitations over a real SMTP server: who gets them, in which language, and what their
calendar part says, checked by libical's iTIP rules, ical.js and the feed itself."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from planner.audit import Context
from planner.calendars.feeds import audience, build_feed
from planner.content.operations import translate_meeting
from planner.db import unit_of_work
from planner.directory.operations import add_contact
from planner.meetings.operations import (
    add_meeting,
    cancel_meeting,
    meeting_by_id,
    reschedule_meeting,
    update_meeting,
)
from planner.notifications.models import OutboxMessage
from planner.notifications.sending import send_due
from planner.notifications.transports import SmtpTransport
from tests.calendars.parsers import check_with_libical, parse_with_icaljs
from tests.conftest import FIXED_NOW
from tests.notifications.conftest import AT_ONCE, calendar_part

INVITED = ["TLATELOLCO", "MONGOLIA"]
RUSSIAN_MARK = "(оригинал на английском)"  # after a title shown in its original English


def _send(engine, smtp_server, now=FIXED_NOW, policy=AT_ONCE):
    transport = SmtpTransport(smtp_server.url)
    try:
        return send_due(engine, transport, policy, now)
    finally:
        transport.close()


def _schedule(engine, context, people, **options):
    invite = options.pop("invite", [*INVITED, str(people["zh"])])
    with unit_of_work(engine) as session:
        meeting = add_meeting(
            session, context, conference="fourth-2020", title="Focal points consultation",
            start="2020-03-10 10:00", end="2020-03-10 12:00", timezone="America/New_York",
            venue="Conference Room 4", invite=invite, **options,
        )  # fmt: skip
        return meeting.id


def _feed_event(engine, meeting_id):
    with unit_of_work(engine) as session:
        uid = meeting_by_id(session, meeting_id).uid
        feed = build_feed(session, audience(session, "fourth-2020"))
    calendar = icalendar.Calendar.from_ical(feed)
    masters = [e for e in calendar.walk("VEVENT") if e["UID"] == uid and "RECURRENCE-ID" not in e]
    return masters[0]


def _only_event(message):
    calendar = icalendar.Calendar.from_ical(calendar_part(message))
    (event,) = [e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" not in e]
    return calendar, event


def test_schedule_move_and_cancel_reach_each_invitee_in_their_language(
    engine, context, people, smtp_server
):
    meeting_id = _schedule(engine, context, people)
    report = _send(engine, smtp_server)
    assert report.sent == 3
    received = smtp_server.handler.by_recipient()
    # Mexico through Tlatelolco, Mongolia through its zone, Li directly; not Fiji (not
    # invited), not the opted-out Mexican contact
    assert sorted(received) == ["ana@example.org", "bat@example.org", "li@example.org"]
    expected_subjects = {
        "ana@example.org": ("es", "Invitación: Focal points consultation (original en inglés)"),
        "bat@example.org": (
            "ru",
            "Приглашение: Focal points consultation (оригинал на английском)",
        ),
        "li@example.org": ("zh", "邀请：Focal points consultation（英文原文）"),
    }
    for address, (language, subject) in expected_subjects.items():
        (message,) = received[address]
        assert message["Content-Language"] == language
        assert message["Subject"] == subject
        assert message.get_content_type() == "multipart/alternative"
        kinds = [part.get_content_type() for part in message.iter_parts()]
        assert kinds == ["text/plain", "text/html", "text/calendar"]
        calendar_type = list(message.iter_parts())[2]
        assert calendar_type.get_param("method") == "REQUEST"
        calendar, event = _only_event(message)
        assert calendar["METHOD"] == "REQUEST"
        assert str(event["ATTENDEE"]) == f"mailto:{address}"
        assert str(event["ORGANIZER"]) == "mailto:secretariat@planner.nwfz"
        feed_event = _feed_event(engine, meeting_id)
        assert (event["UID"], event["SEQUENCE"]) == (feed_event["UID"], feed_event["SEQUENCE"])
    text = next(received["ana@example.org"][0].iter_parts()).get_content()
    assert "Estimado/a Ana Pérez:" in text
    assert "Conference Room 4" in text
    chinese = next(received["li@example.org"][0].iter_parts()).get_content()
    # the date and its times joined as CLDR joins them in Chinese: a space, no ASCII comma
    assert "2020年3月10日周二 10:00–12:00（America/New_York）" in chinese

    smtp_server.handler.received.clear()
    with unit_of_work(engine) as session:
        reschedule_meeting(
            session, context, meeting_id, start="2020-03-11 15:00", end="2020-03-11 17:00"
        )
    assert _send(engine, smtp_server).sent == 3
    moved = smtp_server.handler.by_recipient()["bat@example.org"][0]
    assert moved["Subject"].startswith("Изменение")
    _, event = _only_event(moved)
    assert event["SEQUENCE"] == _feed_event(engine, meeting_id)["SEQUENCE"] == 1
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2020, 3, 11, 19, 0, tzinfo=UTC)

    smtp_server.handler.received.clear()
    with unit_of_work(engine) as session:
        cancel_meeting(session, context, meeting_id, reason="Merged with the plenary")
    assert _send(engine, smtp_server).sent == 3
    cancelled = smtp_server.handler.by_recipient()["li@example.org"][0]
    calendar, event = _only_event(cancelled)
    assert calendar["METHOD"] == "CANCEL"
    assert list(cancelled.iter_parts())[2].get_param("method") == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == _feed_event(engine, meeting_id)["SEQUENCE"] == 2
    assert "Merged with the plenary" in next(cancelled.iter_parts()).get_content()
    # In Spanish: the status of one meeting (not the plural heading of a list), and what the
    # calendar part does to a cancelled meeting (not "adds it to your calendar")
    spanish = next(smtp_server.handler.by_recipient()["ana@example.org"][0].iter_parts())
    words = spanish.get_content()
    assert "Estado: Cancelada" in words.splitlines() and "Canceladas" not in words
    assert "marca la reunión como cancelada en su calendario" in words
    assert "añade la reunión" not in words


def test_request_and_cancel_pass_libical_itip_rules_and_read_right_in_icaljs(
    engine, context, people, smtp_server
):
    """A series with a cancelled occurrence (REQUEST: an EXDATE), the cancellation of one
    occurrence (CANCEL with RECURRENCE-ID) and of the whole series."""
    series = _schedule(
        engine, context, people, invite=[str(people["zh"])], repeat="FREQ=WEEKLY;COUNT=4"
    )
    assert _send(engine, smtp_server).sent == 1
    with unit_of_work(engine) as session:
        cancel_meeting(session, context, series, reason="Holiday", occurrence="2020-03-17")
    assert _send(engine, smtp_server).sent == 1
    with unit_of_work(engine) as session:
        reschedule_meeting(
            session, context, series, start="2020-03-24 11:00", end="2020-03-24 13:00",
            occurrence="2020-03-24",
        )  # fmt: skip
    assert _send(engine, smtp_server).sent == 1
    feed_after_move = parse_with_icaljs(_conference_feed(engine))
    with unit_of_work(engine) as session:
        cancel_meeting(session, context, series, reason="Programme ended")
    assert _send(engine, smtp_server).sent == 1
    first, occurrence_cancel, moved, cancel = smtp_server.handler.received
    methods = []
    for item in (first, occurrence_cancel, moved, cancel):
        data = calendar_part(item.message)
        libical = check_with_libical(data)
        assert libical["parse_errors"] == [] and libical["restriction_errors"] == []
        parsed = parse_with_icaljs(data)
        methods.append(parsed.method)
    assert methods == ["REQUEST", "CANCEL", "REQUEST", "CANCEL"]
    # the occurrence's cancellation names it; the move's REQUEST leaves it out (EXDATE)
    cancelled_one = parse_with_icaljs(calendar_part(occurrence_cancel.message))
    (event,) = cancelled_one.events
    assert event["recurrence_id"] == datetime(2020, 3, 17, 14, 0, tzinfo=UTC)
    assert event["status"] == "CANCELLED"
    after_move = parse_with_icaljs(calendar_part(moved.message))
    uid = after_move.events[0]["uid"]
    assert after_move.scheduled(uid) == [
        (datetime(2020, 3, 10, 14, 0, tzinfo=UTC), datetime(2020, 3, 10, 16, 0, tzinfo=UTC)),
        (datetime(2020, 3, 24, 15, 0, tzinfo=UTC), datetime(2020, 3, 24, 17, 0, tzinfo=UTC)),
        (datetime(2020, 3, 31, 14, 0, tzinfo=UTC), datetime(2020, 3, 31, 16, 0, tzinfo=UTC)),
    ]
    sequences = {e["recurrence_id"]: e["sequence"] for e in after_move.events}
    assert sequences == {
        e["recurrence_id"]: e["sequence"]
        for e in feed_after_move.events
        if e["uid"] == uid and e["status"] != "CANCELLED"
    }


def _conference_feed(engine) -> bytes:
    with unit_of_work(engine) as session:
        return build_feed(session, audience(session, "fourth-2020"))


def test_restricted_meetings_reach_only_their_invitees(engine, context, people, smtp_server):
    _schedule(
        engine, context, people, visibility="restricted", invite=["MONGOLIA", str(people["zh"])]
    )
    assert _send(engine, smtp_server).sent == 2
    assert sorted(smtp_server.handler.by_recipient()) == ["bat@example.org", "li@example.org"]


def test_changes_within_the_window_become_one_message_with_the_latest_state(
    engine, people, smtp_server
):
    def at(minutes):
        moment = FIXED_NOW + timedelta(minutes=minutes)
        return Context(actor="tester", clock=lambda: moment)

    meeting_id = _schedule(engine, at(0), people, invite=[str(people["zh"])])
    for minute, hour in ((2, 14), (4, 16)):
        with unit_of_work(engine) as session:
            reschedule_meeting(
                session, at(minute), meeting_id,
                start=f"2020-03-10 {hour}:00", end=f"2020-03-10 {hour + 1}:00",
            )  # fmt: skip
    window = AT_ONCE.__class__(**{**AT_ONCE.__dict__, "coalesce": timedelta(minutes=10)})
    # due ten minutes after the first change, not after the last
    assert _send(engine, smtp_server, FIXED_NOW + timedelta(minutes=9), window).sent == 0
    assert _send(engine, smtp_server, FIXED_NOW + timedelta(minutes=10), window).sent == 1
    with unit_of_work(engine) as session:
        rows = [(m.status, m.not_before) for m in session.query(OutboxMessage).order_by("id")]
    first_change = ("superseded", FIXED_NOW)
    assert rows == [
        first_change,
        ("superseded", FIXED_NOW + timedelta(minutes=2)),
        ("sent", FIXED_NOW),
    ]
    (item,) = smtp_server.handler.received
    _, event = _only_event(item.message)
    assert event["SEQUENCE"] == 2
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2020, 3, 10, 20, 0, tzinfo=UTC)


def test_opted_out_contacts_and_unnotified_changes_get_nothing(
    engine, context, people, smtp_server, cli
):
    result = cli("contact", "update", str(people["zh"]), "--no-mail")
    assert result.exit_code == 0, result.output
    meeting_id = _schedule(engine, context, people, invite=[str(people["zh"]), "MONGOLIA"])
    with unit_of_work(engine) as session:
        reschedule_meeting(
            session, context, meeting_id, start="2020-03-12 10:00", end="2020-03-12 11:00",
            notify=False,
        )  # fmt: skip
    _send(engine, smtp_server)
    assert sorted(smtp_server.handler.by_recipient()) == ["bat@example.org"]
    assert len(smtp_server.handler.received) == 1


def test_a_refused_change_queues_nothing(engine, context, people, dump):
    before = dump()
    with pytest.raises(Exception, match="not after the start"), unit_of_work(engine) as session:
        add_meeting(
            session, context, conference="fourth-2020", title="Broken", start="2020-03-10 10:00",
            end="2020-03-10 09:00", timezone="America/New_York", invite=INVITED,
        )  # fmt: skip
    assert dump() == before


def test_people_no_longer_invited_get_a_cancel_in_their_language(
    engine, context, people, smtp_server
):
    meeting_id = _schedule(engine, context, people)
    assert _send(engine, smtp_server).sent == 3
    smtp_server.handler.received.clear()
    with unit_of_work(engine) as session:
        update_meeting(session, context, meeting_id, uninvite=["MONGOLIA", str(people["zh"])])
    assert _send(engine, smtp_server).sent == 2
    received = smtp_server.handler.by_recipient()
    assert sorted(received) == ["bat@example.org", "li@example.org"]  # not Ana: still invited
    feed_event = _feed_event(engine, meeting_id)
    assert feed_event["SEQUENCE"] == 1  # the feed and the CANCEL agree: it rose
    subjects = {
        "bat@example.org": f"Больше не приглашены: Focal points consultation {RUSSIAN_MARK}",
        "li@example.org": "不再受邀：Focal points consultation（英文原文）",
    }
    for address, subject in subjects.items():
        (message,) = received[address]
        assert message["Subject"] == subject
        data = calendar_part(message)
        libical = check_with_libical(data)
        assert libical["parse_errors"] == [] and libical["restriction_errors"] == []
        calendar, event = _only_event(message)
        assert calendar["METHOD"] == "CANCEL"
        assert (event["UID"], event["SEQUENCE"]) == (feed_event["UID"], 1)
        assert str(event["ATTENDEE"]) == f"mailto:{address}"
        # an "uninvite" (RFC 5546 3.2.5): the meeting itself is not cancelled
        assert "STATUS" not in event and feed_event["STATUS"] == "TENTATIVE"
    assert parse_with_icaljs(calendar_part(received["li@example.org"][0])).method == "CANCEL"
    russian = next(received["bat@example.org"][0].iter_parts()).get_content()
    assert "удаляет заседание из вашего календаря" in russian

    smtp_server.handler.received.clear()
    with unit_of_work(engine) as session:  # recipients are invitees: restricting removes none
        update_meeting(session, context, meeting_id, visibility="restricted")
    assert _send(engine, smtp_server).sent == 0
    with unit_of_work(engine) as session:
        assert meeting_by_id(session, meeting_id).sequence == 1


def test_people_told_in_one_language_each_get_their_own_name_and_attendee(
    engine, context, people, smtp_server
):
    """The words are written once per language; the greeting and ATTENDEE are each one's."""
    with unit_of_work(engine) as session:
        add_contact(
            session, context, name="Ruiz & <Hijos>", email="ruiz@example.org", party="MEX",
            language="es",
        )  # fmt: skip
    _schedule(engine, context, people, invite=["TLATELOLCO"])
    assert _send(engine, smtp_server).sent == 2
    received = smtp_server.handler.by_recipient()
    for address, name, html_name in (
        ("ana@example.org", "Ana Pérez", "Ana Pérez"),
        ("ruiz@example.org", "Ruiz & <Hijos>", "Ruiz &amp; &lt;Hijos&gt;"),
    ):
        (message,) = received[address]
        text, html, _ = message.iter_parts()
        assert f"Estimado/a {name}:" in text.get_content()
        assert f"Estimado/a {html_name}:" in html.get_content()
        _, event = _only_event(message)
        assert str(event["ATTENDEE"]) == f"mailto:{address}"
        assert event["ATTENDEE"].params["CN"] == name


def test_the_organizers_translation_is_the_title_of_the_mail_and_of_its_calendar_entry(
    engine, context, people, smtp_server
):
    """One rule for every face (planner.content.localized): the title recorded for the
    reader's language, else the original marked. The mail had only looked in the catalogs
    and its calendar part was always in English, so a Spanish reader's calendar showed
    another title than the Spanish feed of the same meeting."""
    meeting_id = _schedule(engine, context, people)
    with unit_of_work(engine) as session:
        translate_meeting(
            session, context, meeting_by_id(session, meeting_id),
            {"es": {"title": "Consulta de los coordinadores", "venue": "Sala de conferencias 4"}},
        )  # fmt: skip
    assert _send(engine, smtp_server).sent == 3
    received = smtp_server.handler.by_recipient()
    spanish = received["ana@example.org"][0]
    assert spanish["Subject"] == "Invitación: Consulta de los coordinadores"
    assert "Sala de conferencias 4" in next(spanish.iter_parts()).get_content()
    calendar, event = _only_event(spanish)
    assert str(event["SUMMARY"]) == "Consulta de los coordinadores"
    assert event["SUMMARY"].params["LANGUAGE"] == "es"
    assert str(event["LOCATION"]) == "Sala de conferencias 4"
    assert str(calendar["NAME"]) == "Consulta de los coordinadores"
    with unit_of_work(engine) as session:
        spanish_feed = build_feed(session, audience(session, "fourth-2020"), language="es")
    assert "SUMMARY;LANGUAGE=es:Consulta de los coordinadores" in spanish_feed.decode()
    _, russian = _only_event(received["bat@example.org"][0])
    assert str(russian["SUMMARY"]) == "Focal points consultation (оригинал на английском)"
    assert russian["SUMMARY"].params["LANGUAGE"] == "en"
    assert parse_with_icaljs(calendar_part(spanish)).events[0]["summary"] == (
        "Consulta de los coordinadores"
    )
