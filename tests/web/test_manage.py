"""The contacts page: roles, CSRF, refusals next to their field, escaping, the audit actor."""

import pytest
from sqlalchemy import select

from planner.audit import AuditEntry
from planner.db import unit_of_work
from planner.directory.models import Contact
from tests.web.conftest import csrf_token

XSS = '<img src=x onerror="alert(1)">'


def text(response) -> str:
    return response.get_data(as_text=True)


def post_contact(client, token: str | None = "from-page", **fields):
    data = {"name": "Ms Focal Point", "title": "", "email": "", "party": "", **fields}
    if token == "from-page":
        token = csrf_token(text(client.get("/en/manage/contacts")))
    if token is not None:
        data["csrf_token"] = token
    return client.post("/en/manage/contacts", data=data)


def test_contacts_page_redirects_to_sign_in_when_signed_out(client):
    response = client.get("/zh/manage/contacts")
    assert response.status_code == 302
    assert response.headers["Location"] == "/zh/sign-in?next=/zh/manage/contacts"


def test_posting_a_contact_signed_out_redirects_and_saves_nothing(client, demo, dump):
    token = csrf_token(text(client.get("/en/sign-in")))
    before = dump()
    response = post_contact(client, token=token)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/en/sign-in")
    assert dump() == before


@pytest.mark.parametrize("role", ["finance", "viewer"])
def test_other_roles_see_the_list_but_may_not_add(signed_in, demo, dump, role):
    client = signed_in(role)
    page = text(client.get("/en/manage/contacts"))
    assert "<h1>Contacts</h1>" in page
    assert "Add a contact" not in page
    before = dump()
    token = csrf_token(page)  # the sign-out form's token
    response = post_contact(client, token=token)
    assert response.status_code == 403
    assert "Your role does not give access to this page." in text(response)
    assert dump() == before


def test_organizer_adds_a_contact_audited_as_the_signed_in_user(signed_in, demo, engine):
    client = signed_in("organizer")
    response = post_contact(
        client, name="Ms Focal Point", title="Counsellor", email="fp@example.org", party="mng"
    )
    assert response.status_code == 302
    assert "Contact Ms Focal Point added." in text(client.get("/en/manage/contacts"))
    page = text(client.get("/zh/manage/contacts"))
    assert "<td>蒙古（<bdi>MNG</bdi>）</td>" in page and "<td>Counsellor</td>" in page
    with unit_of_work(engine) as session:
        entry = session.scalars(
            select(AuditEntry).where(
                AuditEntry.entity == "contact", AuditEntry.actor == "organizer-user"
            )
        ).one()
        assert (entry.actor, entry.action) == ("organizer-user", "create")
        assert entry.after["email"] == "fp@example.org"


@pytest.mark.parametrize("token", [None, "", "not-a-token"])
def test_missing_or_wrong_csrf_token_is_400_and_saves_nothing(signed_in, demo, dump, token):
    client = signed_in("organizer")
    before = dump()
    response = post_contact(client, token=token)
    assert response.status_code == 400
    assert "Nothing was saved" in text(response)
    assert dump() == before


def test_token_from_another_session_is_refused(app, signed_in, demo, dump):
    stranger = app.test_client()
    foreign_token = csrf_token(text(stranger.get("/en/sign-in")))
    client = signed_in("organizer")
    before = dump()
    assert post_contact(client, token=foreign_token).status_code == 400
    assert dump() == before


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": "  "}, "name", "must not be empty"),
        ({"email": "not-an-address"}, "email", "is not a valid e-mail address"),
        ({"party": "XXX"}, "party", "no party with code &#39;XXX&#39;"),
    ],
)
def test_refusal_is_shown_next_to_its_field_and_saves_nothing(
    signed_in, demo, dump, fields, field, message
):
    client = signed_in("organizer")
    before = dump()
    response = post_contact(client, **fields)
    assert response.status_code in (404, 422)
    page = text(response)
    assert f'<p class="error" id="{field}-error">' in page
    assert message in page.split(f'id="{field}-error">')[1].split("</p>")[0]
    assert 'aria-invalid="true"' in page
    assert dump() == before


def test_contact_name_with_markup_is_escaped(signed_in, demo, engine):
    client = signed_in("organizer")
    assert post_contact(client, name=XSS, title=XSS).status_code == 302
    with unit_of_work(engine) as session:
        assert session.scalar(select(Contact.name).where(Contact.title == XSS)) == XSS
    page = text(client.get("/en/manage/contacts"))
    assert XSS not in page
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page
