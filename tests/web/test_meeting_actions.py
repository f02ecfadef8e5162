"""A meeting's page: "Add to calendar" (one event, by the feeds' serializer), its copyable
link, and cancelling through a confirmation page that says what happens and who is told."""

import re

from icalendar import Calendar
from sqlalchemy import select

from planner.db import unit_of_work
from planner.meetings.models import Meeting
from tests.web.conftest import csrf_token
from tests.web.manage_routes import CONF
from tests.web.test_manage_pages import error_text, text


def restricted_meeting(engine) -> Meeting:
    with unit_of_work(engine) as session:
        return session.scalars(
            select(Meeting).where(Meeting.visibility == "restricted").order_by(Meeting.id)
        ).first()


def test_add_to_calendar_downloads_the_one_meeting(signed_in, demo, engine):
    meeting = restricted_meeting(engine)
    client = signed_in("viewer")
    page = text(client.get(f"{CONF}/meetings/{meeting.id}"))
    link = f"/en/manage/fourth-2020/meetings/{meeting.id}/calendar.ics"
    assert f'href="{link}" download' in page
    assert re.search(rf'id="meeting-link"[^>]*value="http[^"]*/meetings/{meeting.id}"', page)
    response = client.get(link)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    events = Calendar.from_ical(response.data).walk("VEVENT")
    assert {str(event["UID"]) for event in events} == {meeting.uid}
    assert str(events[0]["SUMMARY"]).endswith(meeting.title)


def test_a_meeting_of_another_conference_is_not_found(signed_in, demo, engine):
    meeting = restricted_meeting(engine)
    client = signed_in("viewer")
    assert client.get(f"/en/manage/no-such/meetings/{meeting.id}/calendar.ics").status_code == 404


def test_cancelling_asks_for_confirmation_and_a_reason(signed_in, demo, engine, dump):
    meeting = restricted_meeting(engine)
    client = signed_in("organizer")
    detail = text(client.get(f"{CONF}/meetings/{meeting.id}"))
    assert re.search(r'<form[^>]*id="cancel-form" method="get"', detail)
    confirm = text(client.get(f"{CONF}/meetings/{meeting.id}/cancel"))
    assert "will be marked cancelled" in confirm
    told = re.search(r'<ul id="told">(.*?)</ul>', confirm, re.S).group(1)
    with unit_of_work(engine) as session:
        invited = session.get(Meeting, meeting.id).invitations
        codes = [i.party.code for i in invited if i.party]
    assert codes and all(f"<bdi>{code}</bdi>" in told for code in codes)
    assert '<button type="submit" class="danger">Cancel the meeting</button>' in confirm

    before = dump()
    url = f"{CONF}/meetings/{meeting.id}/cancel"
    response = client.post(url, data={"csrf_token": csrf_token(confirm), "cancel-reason": ""})
    assert response.status_code == 422
    assert error_text(text(response), "cancel-reason")
    assert "Who will be told" in text(response)
    assert dump() == before

    data = {"csrf_token": csrf_token(confirm), "cancel-reason": "Postponed by the coordinator"}
    assert client.post(url, data=data).status_code == 302
    with unit_of_work(engine) as session:
        cancelled = session.get(Meeting, meeting.id)
        assert (cancelled.status, cancelled.cancel_reason) == (
            "cancelled",
            "Postponed by the coordinator",
        )


def test_cancelling_one_occurrence_says_so(signed_in, demo, engine):
    client = signed_in("organizer")
    confirm = text(client.get(f"{CONF}/meetings/3/cancel?cancel-occurrence=2019-12-10"))
    assert "The occurrence of 2019-12-10 will be marked cancelled" in confirm
    assert '<option selected value="2019-12-10">' in confirm
