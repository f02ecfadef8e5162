"""Security headers on every GET route of the app, signed out and signed in as each role."""

import re

import pytest

from planner import resource_dir
from planner.settings import Settings
from planner.web import create_app
from tests.web.conftest import csrf_token, sign_in
from tests.web.route_values import route_values, urls_of_every_get_route

SECRET_PAGES = {"feeds.private_feed", "feed_tokens.show"}  # their address or page holds a token
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
INLINE_BLOCK = re.compile(r"<(script|style)\b([^>]*)>", re.IGNORECASE)


@pytest.fixture
def urls(app, engine, demo, context):
    return urls_of_every_get_route(app, route_values(engine, context))


def check_headers(endpoint: str, path: str, response, signed_in: bool, https: bool = False):
    where = f"{path} ({endpoint}, {response.status_code})"
    assert response.status_code < 500, where
    headers = response.headers
    policy = headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, where
    assert directives["frame-ancestors"] == "'none'", where
    assert directives["default-src"] == "'none'", where
    assert headers["X-Content-Type-Options"] == "nosniff", where
    expected_referrer = "no-referrer" if endpoint in SECRET_PAGES else "same-origin"
    assert headers["Referrer-Policy"] == expected_referrer, where
    assert ("Strict-Transport-Security" in headers) == https, where
    if signed_in:
        assert headers["Cache-Control"] == "no-store", where
    if response.mimetype == "text/html":
        page = response.get_data(as_text=True)
        assert not INLINE_HANDLER.search(page), where
        for tag, attributes in INLINE_BLOCK.findall(page):
            nonce = re.search(r'nonce="([^"]+)"', attributes)
            assert nonce, f"<{tag}> without a nonce on {where}"
            assert f"'nonce-{nonce.group(1)}'" in directives[f"{tag.lower()}-src"], where


def test_no_template_has_an_inline_handler_or_an_unmarked_block():
    """Pages that only a POST shows (a newly issued address) are covered here too."""
    templates = sorted((resource_dir("templates") / "web").rglob("*.html"))
    assert len(templates) > 20
    for template in templates:
        source = template.read_text(encoding="utf-8")
        assert not INLINE_HANDLER.search(source), template
        for tag, attributes in INLINE_BLOCK.findall(source):
            assert 'nonce="{{ csp_nonce() }}"' in attributes, f"<{tag}> in {template}"


def test_every_route_signed_out(client, urls):
    assert len(urls) > 30
    for endpoint, path in urls:
        check_headers(endpoint, path, client.get(path), signed_in=False)


@pytest.mark.parametrize("role", ["organizer", "finance", "viewer"])
def test_every_route_signed_in(app, client, make_user, urls, role):
    sign_in(client, make_user(f"{role}-user", role))
    statuses = set()
    for endpoint, path in urls:
        response = client.get(path)
        statuses.add(response.status_code)
        check_headers(endpoint, path, response, signed_in=True)
    assert 200 in statuses


def test_pages_with_scripts_get_a_fresh_nonce_each_time(client, urls):
    path = "/en/conferences/fourth-2020/calendars"
    first, second = (client.get(path).headers["Content-Security-Policy"] for _ in range(2))
    assert "'nonce-" in first and first != second
    assert (
        "script-src 'none'"
        in client.get("/calendars/fourth-2020.ics").headers["Content-Security-Policy"]
    )


def test_hsts_when_the_public_address_is_https(database_url, engine, demo, context):
    settings = Settings(
        database_url=database_url, secret_key="k", public_base_url="https://planner.example.org"
    )
    app = create_app(settings)
    client = app.test_client()
    for endpoint, path in urls_of_every_get_route(app, route_values(engine, context)):
        response = client.get(path, base_url="https://planner.example.org")
        check_headers(endpoint, path, response, signed_in=False, https=True)
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    app.extensions["planner"].dispose()


def test_error_and_redirect_answers_carry_the_headers_too(client, make_user):
    sign_in(client, make_user("ana", "viewer"))
    answers = {
        "/en/nowhere": client.get("/en/nowhere"),
        "/en/sign-out (GET)": client.get("/en/sign-out"),
        "/en/sign-out (no token)": client.post("/en/sign-out"),
        "/": client.get("/"),
    }
    assert [response.status_code for response in answers.values()] == [404, 405, 400, 302]
    for path, response in answers.items():
        check_headers("error", path, response, signed_in=True)


def test_the_page_showing_a_new_private_address_is_not_kept_or_referred(
    client, make_user, engine, demo, context
):
    values = route_values(engine, context)
    sign_in(client, make_user("olga", "organizer"))
    path = f"/en/manage/contacts/{values['contact_id']}/calendar"
    token = csrf_token(client.get(path).get_data(as_text=True))
    response = client.post(path, data={"csrf_token": token, "conference": "fourth-2020"})
    assert "/calendars/private/" in response.get_data(as_text=True)
    check_headers("feed_tokens.show", path, response, signed_in=True)


def test_a_wrong_private_feed_token_is_a_404_that_is_not_referred_either(client):
    response = client.get("/calendars/private/not-a-real-token.ics")
    assert response.status_code == 404
    assert response.headers["Referrer-Policy"] == "no-referrer"
    check_headers("feeds.private_feed", "/calendars/private/not-a-real-token.ics", response, False)
