"""Cancelling or voiding a pledge or a payment goes through a page that says what will
happen and asks for the reason; the entry's own page only links to it."""

import re

import pytest
from sqlalchemy import select

from planner.chair.models import ChairNomination
from planner.db import unit_of_work
from planner.finance.models import Void
from tests.web.conftest import csrf_token
from tests.web.test_manage_pages import error_text, text

FINANCE = "/en/manage/fourth-2020/finance"


@pytest.mark.parametrize(
    ("entry", "action", "says"),
    [
        ("pledges/1", "cancel", "what is not yet paid is no longer expected"),
        ("pledges/1", "void", "a reversing entry takes it out of every total"),
        ("payments/1", "void", "releases its allocations"),
    ],
)
def test_the_entry_page_links_to_a_confirmation_that_explains(signed_in, demo, entry, action, says):
    client = signed_in("finance")
    page = text(client.get(f"{FINANCE}/{entry}"))
    assert re.search(
        rf'<a class="button danger" id="[a-z]+-[a-z]+" href="{FINANCE}/{entry}/{action}"', page
    )
    confirm = text(client.get(f"{FINANCE}/{entry}/{action}"))
    assert says in confirm
    assert "Who will be told" in confirm
    assert re.search(r'<button type="submit" class="danger">', confirm)
    assert f'action="{FINANCE}/{entry}/{action}"' in confirm


def test_voiding_a_payment_needs_its_reason_on_the_confirmation_page(signed_in, demo, dump, engine):
    client = signed_in("finance")
    url = f"{FINANCE}/payments/2/void"
    confirm = text(client.get(url))
    before = dump()
    refused = client.post(url, data={"csrf_token": csrf_token(confirm), "void-reason": ""})
    assert refused.status_code == 422
    assert error_text(text(refused), "void-reason")
    assert "What will happen" in text(refused)
    assert dump() == before
    data = {"csrf_token": csrf_token(confirm), "void-reason": "Entered twice"}
    data["void-date"] = "2019-12-21"  # after it was received
    assert client.post(url, data=data).status_code == 302
    with unit_of_work(engine) as session:
        assert session.scalar(select(Void.reason).where(Void.payment_id == 2)) == "Entered twice"


def test_only_the_finance_officer_sees_a_confirmation(signed_in, demo):
    assert signed_in("organizer").get(f"{FINANCE}/pledges/1/cancel").status_code == 403


CHAIR = "/en/manage/fourth-2020/chair"
WITHDRAW = {"withdraw-nomination": "1", "withdraw-date": "2019-10-16"}


def test_withdrawing_a_nomination_is_confirmed_first(signed_in, demo, dump, engine):
    client = signed_in("organizer")
    token = csrf_token(text(client.get(CHAIR)))
    before = dump()
    asked = client.post(f"{CHAIR}/withdraw", data={"csrf_token": token, **WITHDRAW})
    assert asked.status_code == 200
    page = text(asked)
    assert "Nomination 1: " in page and "will be withdrawn" in page
    assert '<input type="hidden" name="withdraw-nomination" value="1">' in page
    assert '<button type="submit" class="danger" name="withdraw-confirmed" value="y">' in page
    assert dump() == before  # tried and rolled back

    data = {"csrf_token": csrf_token(page), **WITHDRAW, "withdraw-confirmed": "y"}
    assert client.post(f"{CHAIR}/withdraw", data=data).status_code == 302
    with unit_of_work(engine) as session:
        assert session.get(ChairNomination, 1).withdrawn_on is not None


def test_a_refused_withdrawal_shows_its_error_without_asking(signed_in, demo, dump):
    client = signed_in("organizer")
    token = csrf_token(text(client.get(CHAIR)))
    before = dump()
    response = client.post(
        f"{CHAIR}/withdraw", data={"csrf_token": token, "withdraw-nomination": "99"}
    )
    assert response.status_code == 404
    assert "will be withdrawn" not in text(response)
    assert dump() == before


def test_a_first_designation_needs_no_confirmation(signed_in, demo):
    client = signed_in("organizer")
    token = csrf_token(text(client.get(CHAIR)))
    data = {"csrf_token": token, "designate-nomination": "1", "designate-date": "2019-10-16"}
    assert client.post(f"{CHAIR}/designate", data=data).status_code == 302


def test_replacing_the_chair_is_confirmed_with_its_reason(signed_in, demo, dump, engine):
    client = signed_in("organizer")

    def post(path, **fields):
        token = csrf_token(text(client.get(CHAIR)))
        return client.post(f"{CHAIR}/{path}", data={"csrf_token": token, **fields})

    first = {"designate-nomination": "1", "designate-date": "2019-10-16"}
    assert post("designate", **first).status_code == 302
    nominated = {"nominate-party": "MNG", "nominate-date": "2019-10-17"}
    assert post("nominate", **nominated).status_code == 302
    replace = {
        "designate-nomination": "3",
        "designate-date": "2019-10-18",
        "designate-replace": "y",
        "designate-reason": "The first nominee stood down",
    }
    before = dump()
    asked = post("designate", **replace)
    assert asked.status_code == 200
    page = text(asked)
    assert "The designated chair will be replaced by nomination 3: Mongolia" in page
    assert "The first nominee stood down" in page
    assert dump() == before
    assert post("designate", **replace, **{"designate-confirmed": "y"}).status_code == 302
    assert dump() != before
