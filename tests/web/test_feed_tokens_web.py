"""Organizers issue and revoke private calendar addresses on a contact's page."""

import re

import pytest

from planner.db import unit_of_work
from planner.directory.operations import add_contact
from tests.web.conftest import csrf_token

ADDRESS = re.compile(r'value="(http://127\.0\.0\.1:8000/calendars/private/[A-Za-z0-9_-]{43}\.ics)"')


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def contact_id(engine, context, demo) -> int:
    with unit_of_work(engine) as session:
        return add_contact(session, context, name="Delegate <b>X</b>", party="KAZ").id


def test_signed_out_is_sent_to_sign_in(client, contact_id):
    response = client.get(f"/en/manage/contacts/{contact_id}/calendar")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/en/sign-in?next=")


@pytest.mark.parametrize("role", ["finance", "viewer"])
def test_other_roles_may_not_see_or_issue(signed_in, contact_id, dump, role):
    client = signed_in(role)
    assert client.get(f"/en/manage/contacts/{contact_id}/calendar").status_code == 403
    token = csrf_token(text(client.get("/en/manage/contacts")))
    before = dump()
    url = f"/en/manage/contacts/{contact_id}/calendar"
    response = client.post(url, data={"csrf_token": token, "conference": "fourth-2020"})
    assert response.status_code == 403
    assert dump() == before
    assert "Private calendar" not in text(client.get("/en/manage/contacts"))


def test_organizer_issues_sees_the_address_once_and_revokes(signed_in, contact_id, dump):
    client = signed_in("organizer")
    contacts = text(client.get("/en/manage/contacts"))
    assert f'href="/en/manage/contacts/{contact_id}/calendar"' in contacts
    page = text(client.get(f"/en/manage/contacts/{contact_id}/calendar"))
    assert "Delegate &lt;b&gt;X&lt;/b&gt;" in page
    assert "This contact has no private calendar address." in page
    assert '<option selected value="fourth-2020">' in page
    before = dump()
    url = f"/en/manage/contacts/{contact_id}/calendar"
    assert client.post(url, data={"conference": "fourth-2020"}).status_code == 400  # no CSRF
    assert dump() == before
    issued = client.post(url, data={"csrf_token": csrf_token(page), "conference": "fourth-2020"})
    assert issued.status_code == 200
    assert issued.headers["Cache-Control"] == "no-store"
    address = ADDRESS.search(text(issued)).group(1)
    assert 'href="webcal://127.0.0.1:8000/calendars/private/' in text(issued)
    path = address.removeprefix("http://127.0.0.1:8000")
    assert client.get(path).status_code == 200
    shown_again = text(client.get(url))
    assert address not in shown_again and "Live addresses" in shown_again
    revoked = client.post(f"{url}/revoke", data={"csrf_token": csrf_token(shown_again)})
    assert revoked.status_code == 302
    after = text(client.get(url))
    assert "The private calendar address was revoked." in after
    assert "This contact has no private calendar address." in after
    assert client.get(path).status_code == 404


def test_refusals_are_shown_on_the_page_and_change_nothing(signed_in, contact_id, dump):
    client = signed_in("organizer")
    url = f"/zh/manage/contacts/{contact_id}/calendar"
    token = csrf_token(text(client.get(url)))
    before = dump()
    unknown = client.post(url, data={"csrf_token": token, "conference": "nope"})
    assert unknown.status_code == 404
    assert "没有会议 &#39;nope&#39;" in text(unknown)  # the page's language
    nothing_live = client.post(f"{url}/revoke", data={"csrf_token": token})
    assert nothing_live.status_code == 409
    assert f"联系人 {contact_id} 没有有效的订阅令牌" in text(nothing_live)
    assert client.get("/zh/manage/contacts/999/calendar").status_code == 404
    assert dump() == before
