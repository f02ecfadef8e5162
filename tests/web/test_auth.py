"""Signing in and out: cookies, throttling in the database, sessions ended by a new password."""

from sqlalchemy import select

from planner.audit import AuditEntry
from planner.db import unit_of_work
from planner.settings import Settings
from planner.users.models import SignInThrottle
from planner.users.operations import change_password, disable_user
from planner.web import DevelopmentSecretKeyWarning, create_app
from tests.web.conftest import PASSWORD, csrf_token, sign_in


def text(response) -> str:
    return response.get_data(as_text=True)


def failures(engine, name: str) -> int:
    with unit_of_work(engine) as session:
        throttle = session.get(SignInThrottle, name)
        return throttle.failures if throttle else 0


def test_sign_in_sets_an_httponly_samesite_cookie_and_returns_to_next(client, make_user):
    account = make_user("ana", "organizer")
    page = client.get("/en/sign-in?next=/zh/zones")
    response = client.post(
        "/en/sign-in?next=/zh/zones",
        data={
            "csrf_token": csrf_token(text(page)),
            "username": "ANA ",
            "password": account.password,
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/zh/zones"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    page = text(client.get("/en/"))
    assert "Ana</a> (organizer)" in page and "Sign out" in page


def test_cookie_is_secure_when_the_public_url_is_https(database_url, make_user):
    settings = Settings(
        database_url=database_url,
        secret_key="k",
        public_base_url="https://planner.example.org",
    )
    app = create_app(settings)
    client = app.test_client()
    make_user("ana", "viewer")
    base = "https://planner.example.org"
    page = client.get("/en/sign-in", base_url=base)
    assert "Secure" in page.headers["Set-Cookie"]
    form = {"csrf_token": csrf_token(text(page)), "username": "ana", "password": PASSWORD}
    no_referrer = client.post("/en/sign-in", data=form, base_url=base)
    assert no_referrer.status_code == 400  # strict referrer check over HTTPS
    response = client.post(
        "/en/sign-in", data=form, base_url=base, headers={"Referer": f"{base}/en/sign-in"}
    )
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]
    app.extensions["planner"].dispose()


def test_next_must_be_a_local_path(client, make_user):
    make_user("ana", "viewer")
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        page = client.get("/en/sign-in")
        response = client.post(
            f"/en/sign-in?next={target}",
            data={"csrf_token": csrf_token(text(page)), "username": "ana", "password": PASSWORD},
        )
        assert response.headers["Location"] == "/en/", target


def test_wrong_password_is_refused_and_counted(client, make_user, engine):
    make_user("ana", "organizer")
    response = sign_in(client, make_user("bob", "viewer"), password="not the password")
    assert response.status_code == 401
    assert "Wrong username or password." in text(response)
    assert failures(engine, "bob") == 1
    assert failures(engine, "ana") == 0
    assert "Sign out" not in text(client.get("/en/"))


def test_unknown_username_gets_the_same_answer(client, make_user):
    make_user("ana", "organizer")
    page = client.get("/zh/sign-in")
    response = client.post(
        "/zh/sign-in",
        data={"csrf_token": csrf_token(text(page)), "username": "nobody", "password": PASSWORD},
    )
    assert response.status_code == 401
    assert "用户名或密码错误。" in text(response)


def test_repeated_failures_wait_exponentially_even_with_the_right_password(
    client, make_user, engine, clock
):
    account = make_user("ana", "organizer")
    for _ in range(3):
        assert sign_in(client, account, password="wrong password").status_code == 401
    throttled = sign_in(client, account)
    assert throttled.status_code == 429
    assert "Try again in 1 seconds." in text(throttled)
    clock.advance(seconds=1)
    assert sign_in(client, account, password="wrong again!").status_code == 401
    assert "Try again in 2 seconds." in text(sign_in(client, account))
    clock.advance(seconds=2)
    assert sign_in(client, account).status_code == 302
    assert failures(engine, "ana") == 0  # a success clears the name's throttle


def test_throttling_is_shared_by_separate_app_instances(settings, make_user, clock):
    """Two apps on one database stand for two gunicorn workers."""
    account = make_user("ana", "organizer")
    first, second = create_app(settings), create_app(settings)
    for _ in range(3):
        assert sign_in(first.test_client(), account, password="wrong pass").status_code == 401
    assert sign_in(second.test_client(), account).status_code == 429
    for app in (first, second):
        app.extensions["planner"].dispose()


def test_disabled_user_cannot_sign_in_and_is_signed_out(client, make_user, engine, context):
    account = make_user("ana", "organizer")
    assert sign_in(client, account).status_code == 302
    with unit_of_work(engine) as session:
        disable_user(session, context, "ana")
    assert "Sign out" not in text(client.get("/en/"))
    response = sign_in(client, account)
    assert response.status_code == 401
    assert "This account is disabled." in text(response)


def test_password_changed_elsewhere_ends_the_session(client, make_user, engine, context):
    account = make_user("ana", "organizer")
    sign_in(client, account)
    with unit_of_work(engine) as session:
        change_password(session, context, "ana", "another long password")
    response = client.get("/en/manage/contacts")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/en/sign-in")


def test_sign_out_needs_post_with_csrf(client, make_user):
    sign_in(client, make_user("ana", "viewer"))
    not_allowed = client.get("/en/sign-out")
    assert not_allowed.status_code == 405
    assert set(not_allowed.headers["Allow"].split(", ")) == {"OPTIONS", "POST"}
    assert client.post("/en/sign-out").status_code == 400
    assert "Sign out" in text(client.get("/en/"))
    page = client.get("/en/")
    response = client.post("/en/sign-out", data={"csrf_token": csrf_token(text(page))})
    assert response.status_code == 302
    assert "Sign out" not in text(client.get("/en/"))


def test_sign_in_without_csrf_token_is_400_and_counts_nothing(client, make_user, engine, dump):
    make_user("ana", "viewer")
    before = dump()
    response = client.post("/en/sign-in", data={"username": "ana", "password": "wrong!"})
    assert response.status_code == 400
    assert "Nothing was saved" in text(response)
    assert dump() == before


def test_password_page_requires_sign_in(client):
    response = client.get("/zh/account/password")
    assert response.status_code == 302
    assert response.headers["Location"] == "/zh/sign-in?next=/zh/account/password"


def change_own_password(client, current, new, confirm):
    page = client.get("/en/account/password")
    return client.post(
        "/en/account/password",
        data={
            "csrf_token": csrf_token(text(page)),
            "current_password": current,
            "new_password": new,
            "confirm_password": confirm,
        },
    )


def test_change_own_password_keeps_this_session_and_is_audited(client, make_user, engine):
    account = make_user("ana", "finance")
    sign_in(client, account)
    response = change_own_password(
        client, PASSWORD, "a brand new passphrase", "a brand new passphrase"
    )
    assert response.status_code == 302
    assert "Password changed." in text(client.get("/en/account/password"))
    with unit_of_work(engine) as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.entity == "user")).all()[-1]
        assert (entry.action, entry.actor, entry.entity_id) == ("change-password", "ana", "ana")
    client.post("/en/sign-out", data={"csrf_token": csrf_token(text(client.get("/en/")))})
    assert sign_in(client, account).status_code == 401
    assert sign_in(client, account, password="a brand new passphrase").status_code == 302


def test_change_own_password_errors_are_shown_next_to_their_fields(client, make_user, dump):
    sign_in(client, make_user("ana", "finance"))
    before = dump()
    wrong = change_own_password(client, "not my password", "long enough pass", "long enough pass")
    assert wrong.status_code == 401
    assert '<p class="error" id="current_password-error">Wrong password.</p>' in text(wrong)
    mismatch = change_own_password(client, PASSWORD, "long enough pass", "long enough pasS")
    assert mismatch.status_code == 422
    assert 'id="confirm_password-error">Does not match.</p>' in text(mismatch)
    short = change_own_password(client, PASSWORD, "short", "short")
    assert short.status_code == 422
    assert 'id="new_password-error">must be at least 10 characters long</p>' in text(short)
    after = dump()
    assert [row[:2] for row in after["signin_throttles"]] == [("ana", 1)]  # one failure counted
    assert [row[3] for row in after["audit_log"][len(before["audit_log"]) :]] == ["sign-in-refused"]
    kept = {"signin_throttles", "signin_address_throttles", "audit_log", "web_sessions"}
    assert {k: v for k, v in after.items() if k not in kept} == {
        k: v for k, v in before.items() if k not in kept
    }


def test_missing_secret_key_is_generated_with_a_warning(database_url):
    import pytest

    with pytest.warns(DevelopmentSecretKeyWarning):
        app = create_app(Settings(database_url=database_url))
    assert len(app.config["SECRET_KEY"]) == 64
    app.extensions["planner"].dispose()
