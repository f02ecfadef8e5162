"""The schedule form over HTTP: native date and time fields, the time-zone list, invitees
from the directory, the recurrence builder and its preview, the daylight-saving choices."""

import re

from sqlalchemy import select

from planner.db import unit_of_work
from planner.meetings.models import Meeting
from tests.web.conftest import csrf_token
from tests.web.manage_routes import CONF
from tests.web.test_manage_pages import error_text, text

FIELDS = {
    "title": "Builder consultation",
    "kind": "consultation-group",
    "start": "2019-10-01",
    "start-time": "10:00",
    "end": "2019-10-01",
    "end-time": "11:00",
    "timezone": "America/New_York",
    "visibility": "restricted",
    "status": "tentative",
    "repeat_interval": "1",
}


def post(client, data, lang="en"):
    page = text(client.get(f"/{lang}/manage/fourth-2020/meetings"))
    return client.post(
        f"/{lang}/manage/fourth-2020/meetings", data={**data, "csrf_token": csrf_token(page)}
    )


def saved(engine, title):
    with unit_of_work(engine) as session:
        meeting = session.scalar(select(Meeting).where(Meeting.title == title))
        if meeting is None:
            return None
        invited = sorted(
            i.party.code if i.party else f"#{i.contact_id}" for i in meeting.invitations
        )
        return meeting.recurrence, meeting.start_utc.isoformat(), invited


def test_the_form_offers_native_inputs_cities_and_the_directory(signed_in, demo):
    page = text(signed_in("organizer").get(f"{CONF}/meetings"))
    assert '<input id="start" name="start" type="date"' in page
    assert 'id="start-time" name="start-time" type="time"' in page
    # the conference's zone is chosen; cities come from CLDR, grouped by region
    assert re.search(r'<option selected value="America/New_York">[^<]*New York', page)
    assert '<optgroup label="Americas">' in page
    assert re.search(r'value="SEMIPALATINSK"> [^<]+<span class="muted"><bdi>SEMIPALATINSK', page)
    assert 'name="invite" value="MNG"' in page


def test_the_city_names_follow_the_page_language(signed_in, demo):
    client = signed_in("organizer")
    page = text(client.get("/fr/manage/fourth-2020/meetings"))
    assert re.search(r'<option selected value="America/New_York">[^<]*États-Unis', page)
    assert '<optgroup label="Amériques">' in page
    page = text(client.get("/zh/manage/fourth-2020/meetings"))
    assert re.search(r'value="Asia/Almaty">[^<]*阿拉木图', page)


def test_preview_lists_the_occurrences_and_saves_nothing(signed_in, demo, dump):
    client = signed_in("organizer")
    before = dump()
    builder = {"repeat_frequency": "MONTHLY", "repeat_ordinal": "2", "repeat_weekdays": "TU"}
    response = post(client, {**FIELDS, **builder, "repeat_count": "6", "action": "preview"})
    assert response.status_code == 200
    preview = re.search(r'<section class="preview".*?</section>', text(response), re.S).group(0)
    assert "2019-10-01 14:00Z" in preview  # UTC
    assert "FREQ=MONTHLY;COUNT=6;INTERVAL=1;BYDAY=2TU" in preview
    listed = re.findall(r"<li>(\d{4}-\d\d-\d\d) 10:00", preview)
    second_tuesdays = ["2019-10-08", "2019-11-12", "2019-12-10", "2020-01-14", "2020-02-11"]
    assert listed == [*second_tuesdays, "2020-03-10"]
    assert dump() == before


def test_scheduling_with_the_builder_and_checked_invitees(signed_in, demo, engine):
    client = signed_in("organizer")
    data = {
        **FIELDS,
        "repeat_frequency": "WEEKLY",
        "repeat_weekdays": ["MO", "TH"],
        "repeat_until": "2019-10-17",
        "invite": ["SEMIPALATINSK", "MNG"],
    }
    response = post(client, data)
    assert response.status_code == 302, text(response)
    rule, start, invited = saved(engine, "Builder consultation")
    assert rule == "FREQ=WEEKLY;UNTIL=20191018T035959Z;INTERVAL=1;BYDAY=MO,TH"
    assert start == "2019-10-01T14:00:00+00:00"
    assert invited == ["MNG", "SEMIPALATINSK"]


def test_the_raw_rule_is_used_when_an_expert_types_one(signed_in, demo, engine):
    client = signed_in("organizer")
    data = {**FIELDS, "repeat_frequency": "WEEKLY", "repeat": "FREQ=DAILY;COUNT=3"}
    assert post(client, data).status_code == 302
    assert saved(engine, "Builder consultation")[0] == "FREQ=DAILY;COUNT=3"


def test_a_builder_refusal_shows_next_to_its_field(signed_in, demo, dump):
    client = signed_in("organizer")
    before = dump()
    response = post(client, {**FIELDS, "repeat_frequency": "MONTHLY"})
    assert response.status_code == 422
    assert "a number of times or a last day" in error_text(text(response), "repeat_count")
    assert dump() == before


def test_a_time_in_the_gap_offers_the_times_either_side(signed_in, demo, dump, engine):
    client = signed_in("organizer")
    before = dump()
    gap = {**FIELDS, "start": "2020-03-08", "start-time": "02:30", "end": "2020-03-08"}
    gap["end-time"] = "04:00"
    response = post(client, gap)
    assert response.status_code == 422
    page = text(response)
    assert "02:30 does not exist in America/New_York" in error_text(page, "start")
    assert re.search(r'name="gap" value="earlier"> Earlier: 01:30', page)
    assert re.search(r'name="gap" value="later"> Later: 03:30', page)
    assert dump() == before
    assert post(client, {**gap, "gap": "later"}).status_code == 302
    assert saved(engine, "Builder consultation")[1] == "2020-03-08T07:30:00+00:00"  # 03:30 EDT


def test_an_all_day_meeting_ignores_the_times(signed_in, demo, engine):
    client = signed_in("organizer")
    data = {**FIELDS, "all_day": "y", "end": "2019-10-02"}
    assert post(client, data).status_code == 302, text(post(client, data))
    with unit_of_work(engine) as session:
        meeting = session.scalar(select(Meeting).where(Meeting.title == FIELDS["title"]))
        assert meeting.all_day
        assert (meeting.start_date.isoformat(), meeting.end_date.isoformat()) == (
            "2019-10-01",
            "2019-10-02",
        )


def test_the_live_preview_answers_json_from_the_same_preview(signed_in, demo, dump):
    client = signed_in("organizer")
    before = dump()
    url = "/en/manage/fourth-2020/meetings/preview.json"
    builder = {"repeat_frequency": "MONTHLY", "repeat_ordinal": "2", "repeat_weekdays": "TU"}
    answer = client.get(url, query_string={**FIELDS, **builder, "repeat_count": "3"})
    assert answer.status_code == 200
    assert answer.json["utc"] == "2019-10-01 14:00Z – 2019-10-01 15:00Z"
    assert answer.json["conference"] == "2019-10-01 10:00 – 2019-10-01 11:00"
    assert answer.json["occurrences"] == [
        "2019-10-08 10:00",
        "2019-11-12 10:00",
        "2019-12-10 10:00",
    ]
    gap = {**FIELDS, "start": "2020-03-08", "start-time": "02:30", "end": "2020-03-08"}
    refused = client.get(url, query_string=gap)
    assert refused.status_code == 422
    assert refused.json["field"] == "start"
    assert "does not exist" in refused.json["error"]
    assert dump() == before


def test_the_live_preview_is_for_organizers(signed_in, demo):
    url = "/en/manage/fourth-2020/meetings/preview.json"
    assert signed_in("viewer").get(url, query_string=FIELDS).status_code == 403


def test_the_page_lets_its_script_ask_this_site_only(signed_in, demo):
    response = signed_in("organizer").get(f"{CONF}/meetings")
    directives = dict(
        part.strip().split(" ", 1)
        for part in response.headers["Content-Security-Policy"].split(";")
    )
    assert directives["connect-src"] == "'self'"


def test_a_live_preview_answered_after_the_save_keeps_the_saved_message(app, signed_in, demo):
    """The form's script asks for a preview 300 ms after the last keystroke; a click on
    Schedule within that time answers the save first and the preview after. The browser keeps
    the last cookie it is sent, so a preview answered with the cookie it was asked with (as
    Flask does for a permanent session, on every request) put back the cookie from before the
    save, and the page after the save lost its "Meeting N scheduled." (CI saw it once, in a
    real browser). A request that changes nothing in the session must send no cookie."""
    client = signed_in("organizer")
    text(client.get(f"{CONF}/meetings"))  # the sign-in's message is shown and gone
    before_the_save = client.get_cookie("session").value
    saving = post(client, {**FIELDS, "title": "Raced consultation"})
    assert saving.status_code == 302
    asked_before_the_save = app.test_client()
    asked_before_the_save.set_cookie("session", before_the_save)
    preview = asked_before_the_save.get(
        f"{CONF}/meetings/preview.json",
        query_string={k: v for k, v in FIELDS.items() if k != "title"},
    )
    assert preview.status_code == 200, text(preview)
    assert "Set-Cookie" not in preview.headers
    assert "scheduled." in text(client.get(saving.headers["Location"]))
