"""The signed-in pages over HTTP: every form and page, every role and every refusal.

Each form posts the same domain operation as the CLI: a refusal shows next to its
field (4xx) with the database exactly as before; a valid post is saved and audited
as the signed-in user. Reading is open to every signed-in role.
"""

import re

import pytest
from sqlalchemy import select

from planner.audit import AuditEntry
from planner.db import unit_of_work
from tests.web.conftest import csrf_token
from tests.web.manage_routes import (
    FINANCE_ONLY_PAGES,
    FORMS,
    IMPORT_POSTS,
    READ_PAGES,
    FormRoute,
)

ROLES = ("organizer", "finance", "viewer")
XSS = '<script>alert("x")</script>'
ESCAPED_XSS = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"
form_ids = [form.name for form in FORMS]


def text(response) -> str:
    return response.get_data(as_text=True)


def post(client, route: FormRoute, data: dict, token: str | None = "from-page"):
    if token == "from-page":
        token = csrf_token(text(client.get(route.url(route.page))))
    payload = dict(data)
    if token is not None:
        payload["csrf_token"] = token
    return client.post(route.url(route.action), data=payload)


def error_text(page: str, field_id: str) -> str:
    match = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">(.*?)</p>', page, re.S)
    assert match, f"no error shown next to {field_id}"
    return match.group(1)


def audit_entries(engine, actor: str) -> list[tuple[str, str]]:
    with unit_of_work(engine) as session:
        return [
            (entry.entity, entry.action)
            for entry in session.scalars(
                select(AuditEntry).where(AuditEntry.actor == actor).order_by(AuditEntry.id)
            )
        ]


def test_every_post_route_is_in_the_table(app):
    """A new state-changing route must join the table (and so every test below)."""
    prefix = "/<lang>/manage/<conf>"
    posted = {  # a translation form per language: the table posts the French one
        re.sub(r"<int:\w+>", "N", rule.rule.removeprefix(prefix)).replace("<language>", "fr")
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and rule.rule.startswith(prefix)
    }
    tested = {re.sub(r"/\d+", "/N", form.action) for form in FORMS} | set(IMPORT_POSTS)
    assert posted == tested


@pytest.mark.parametrize("path", READ_PAGES + FINANCE_ONLY_PAGES)
def test_pages_redirect_to_sign_in_when_signed_out(client, demo, path):
    response = client.get(f"/zh/manage{path}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/zh/sign-in?next=/zh/manage{path}"


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_every_list(signed_in, demo, role):
    client = signed_in(role)
    for path in READ_PAGES:
        for lang in ("en", "zh"):
            response = client.get(f"/{lang}/manage{path}")
            assert response.status_code == 200, (path, response.status_code)
    for path in FINANCE_ONLY_PAGES:
        assert client.get(f"/en/manage{path}").status_code == (200 if role == "finance" else 403)


@pytest.mark.parametrize("role", ROLES)
def test_forms_are_shown_only_to_the_role_that_may_post_them(signed_in, demo, role):
    client = signed_in(role)
    for form in FORMS:
        page = text(client.get(form.url(form.page)))
        shown = f'action="{form.url(form.action)}"' in page
        assert shown == (role == form.role), (form.name, role)


@pytest.mark.parametrize("form", FORMS, ids=form_ids)
def test_posting_signed_out_redirects_and_saves_nothing(client, demo, dump, form):
    token = csrf_token(text(client.get("/en/sign-in")))
    before = dump()
    response = post(client, form, form.valid, token=token)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/en/sign-in?next=")
    assert dump() == before


WRONG_ROLES = [(form, role) for form in FORMS for role in ROLES if role != form.role]


@pytest.mark.parametrize(
    ("form", "role"), WRONG_ROLES, ids=[f"{form.name}-{role}" for form, role in WRONG_ROLES]
)
def test_other_roles_get_403_and_nothing_is_saved(signed_in, demo, dump, form, role):
    client = signed_in(role)
    before = dump()
    response = post(client, form, form.valid)
    assert response.status_code == 403
    assert "Your role does not give access to this page." in text(response)
    assert dump() == before


@pytest.mark.parametrize("form", FORMS, ids=form_ids)
def test_missing_or_wrong_csrf_token_is_400_and_saves_nothing(app, signed_in, demo, dump, form):
    foreign_token = csrf_token(text(app.test_client().get("/en/sign-in")))
    client = signed_in(form.role)
    before = dump()
    for token in (None, "", "forged-token", foreign_token):
        response = post(client, form, form.valid, token=token)
        assert response.status_code == 400, token
        assert "Nothing was saved" in text(response)
    assert dump() == before


@pytest.mark.parametrize("form", FORMS, ids=form_ids)
def test_invalid_input_is_refused_next_to_its_field_and_saves_nothing(signed_in, demo, dump, form):
    client = signed_in(form.role)
    before = dump()
    response = post(client, form, form.invalid)
    assert 400 <= response.status_code < 500, response.status_code
    page = text(response)
    assert error_text(page, form.error_field).strip()
    assert f'aria-describedby="{form.error_field}-error" aria-invalid="true"' in page
    assert dump() == before


@pytest.mark.parametrize("form", FORMS, ids=form_ids)
def test_valid_input_is_saved_and_audited_as_the_signed_in_user(
    signed_in, demo, dump, engine, form
):
    client = signed_in(form.role)
    before = dump()
    response = post(client, form, form.valid)
    assert response.status_code == 302, error_summary(text(response))
    assert dump() != before
    assert form.audited in audit_entries(engine, f"{form.role}-user")
    follow = client.get(response.headers["Location"])
    assert follow.status_code == 200
    assert '<p class="flash' in text(follow)


def error_summary(page: str) -> str:
    return " | ".join(re.findall(r'class="error"[^>]*>(.*?)</p>', page)) or page[-2000:]
