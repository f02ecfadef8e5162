"""Forms warn, and save: a pledge overdue the day it is recorded, a date far from the
conference's (the advisories come from planner.advisories; today is 2019-10-01)."""

import html
import re
from datetime import date

import pytest
from sqlalchemy import select

from planner.advisories import FAR_FROM_DATES, Advisory, far_from_conference
from planner.conferences.models import Conference
from planner.db import unit_of_work
from planner.finance.models import Payment, Pledge
from tests.web.conftest import csrf_token
from tests.web.test_manage_pages import text

WARNING = re.compile(r'<p class="flash warning" role="status">(.*?)</p>', re.S)


def post_and_follow(client, path, data):
    page = text(client.get(path))
    response = client.post(path, data={**data, "csrf_token": csrf_token(page)})
    assert response.status_code == 302, text(response)
    page = text(client.get(response.headers["Location"]))
    return [html.unescape(warning) for warning in WARNING.findall(page)]


def count(engine, model) -> int:
    with unit_of_work(engine) as session:
        return len(session.scalars(select(model)).all())


PLEDGES = "/en/manage/fourth-2020/finance/pledges"
PAYMENTS = "/en/manage/fourth-2020/finance/payments"


def test_a_pledge_due_in_the_past_is_saved_with_a_warning(signed_in, demo, engine):
    client = signed_in("finance")
    before = count(engine, Pledge)
    data = {"party": "MNG", "amount": "1000", "currency": "USD", "due": "2019-09-15"}
    data["date"] = "2019-09-01"  # recorded a month late
    warnings = post_and_follow(client, PLEDGES, data)
    assert count(engine, Pledge) == before + 1
    assert warnings == [
        "Saved, but already overdue: the amount due on September 15, 2019 is unpaid."
    ]


def test_a_pledge_due_later_is_saved_without_a_word(signed_in, demo):
    data = {"party": "MNG", "amount": "1000", "currency": "USD", "due": "2019-12-31"}
    assert post_and_follow(signed_in("finance"), PLEDGES, data) == []


def test_an_instalment_already_due_warns_with_its_date(signed_in, demo):
    data = {"party": "KAZ", "amount": "900", "currency": "USD", "date": "2019-09-01"}
    data["instalment"] = "2019-09-30=300\r\n2020-03-31=600"
    warnings = post_and_follow(signed_in("finance"), PLEDGES, data)
    assert [w for w in warnings if "September 30, 2019" in w and "overdue" in w]


def test_a_payment_years_away_from_the_conference_warns(signed_in, demo, engine):
    client = signed_in("finance")
    before = count(engine, Payment)
    data = {"party": "MNG", "amount": "250", "currency": "USD", "received": "2012-10-01"}
    warnings = post_and_follow(client, PAYMENTS, data)
    assert count(engine, Payment) == before + 1
    assert warnings == [
        "Saved, but October 1, 2012 is more than a year from the conference's dates: "
        "check the year."
    ]


def test_a_meeting_years_away_warns_in_the_readers_language(signed_in, demo):
    client = signed_in("organizer")
    data = {
        "title": "Typo year",
        "kind": "preparatory",
        "start": "2029-10-21",
        "start-time": "10:00",
        "end": "2029-10-21",
        "end-time": "11:00",
        "timezone": "America/New_York",
        "visibility": "public",
        "status": "tentative",
        "repeat_interval": "1",
    }
    warnings = post_and_follow(client, "/fr/manage/fourth-2020/meetings", data)
    assert len(warnings) == 1 and "21 octobre 2029" in warnings[0]


@pytest.mark.parametrize(
    ("day", "far"),
    # 365 days either side; 2020 is a leap year
    [("2019-04-25", False), ("2019-04-24", True), ("2021-04-24", False), ("2021-04-25", True)],
)
def test_far_means_more_than_a_year_outside_the_conference(day, far):
    conference = Conference(start_date=date(2020, 4, 24), end_date=date(2020, 4, 24))
    expected = [Advisory(FAR_FROM_DATES, "start", date.fromisoformat(day))] if far else []
    assert far_from_conference(conference, date.fromisoformat(day), "start") == expected
