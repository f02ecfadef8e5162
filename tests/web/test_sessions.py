"""Server-side sessions: a copied cookie stops working once its session is ended.

A second test client holding a copy of the first one's cookie stands for a stolen
cookie (or a second browser tab restored from disk): whatever ends the session on
the server must end it for the copy too.
"""

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from planner.audit import AuditEntry
from planner.db import unit_of_work
from planner.users.models import WebSession
from tests.web.conftest import PASSWORD, csrf_token, sign_in

COOKIE = "session"


def text(response) -> str:
    return response.get_data(as_text=True)


def copy_of(app, client: FlaskClient) -> FlaskClient:
    """A new client carrying the same session cookie: another browser, the same sign-in."""
    copy = app.test_client()
    copy.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    return copy


def signed_in_as(client: FlaskClient) -> bool:
    response = client.get("/en/manage/contacts")
    return response.status_code == 200 and "Sign out" in text(response)


def post_with_token(client: FlaskClient, path: str, data=None, page="/en/account/password"):
    token = csrf_token(text(client.get(page)))
    return client.post(path, data={"csrf_token": token, **(data or {})})


def sessions(engine) -> list[WebSession]:
    with unit_of_work(engine) as session:
        return list(session.scalars(select(WebSession).order_by(WebSession.id)))


@pytest.fixture
def ana(make_user):
    return make_user("ana", "organizer")


def test_the_cookie_holds_a_random_id_whose_hash_alone_is_stored(app, client, ana, engine):
    sign_in(client, ana)
    cookie = client.get_cookie(COOKIE).value
    [row] = sessions(engine)
    assert row.ended_at is None and len(row.token_hash) == 64
    assert row.token_hash not in cookie  # the database alone does not give a usable cookie
    assert signed_in_as(copy_of(app, client))  # the copy works while the session is live


def test_sign_out_ends_the_session_for_a_copied_cookie(app, client, ana, engine):
    sign_in(client, ana)
    stolen = copy_of(app, client)
    response = post_with_token(client, "/en/sign-out", page="/en/")
    assert response.status_code == 302
    assert not signed_in_as(client)
    assert not signed_in_as(stolen)
    assert [row.end_reason for row in sessions(engine)] == ["sign-out"]


def test_changing_the_password_ends_copies_but_keeps_this_browser(app, client, ana, engine):
    sign_in(client, ana)
    stolen = copy_of(app, client)
    new = "a brand new passphrase"
    response = post_with_token(
        client,
        "/en/account/password",
        {"current_password": PASSWORD, "new_password": new, "confirm_password": new},
    )
    assert response.status_code == 302
    assert signed_in_as(client)  # this browser got a fresh session id
    assert not signed_in_as(stolen)
    assert [row.end_reason for row in sessions(engine)] == ["password-changed", None]


def test_password_set_and_user_disabled_through_the_cli_end_sessions(app, client, ana, cli):
    sign_in(client, ana)
    stolen = copy_of(app, client)
    result = cli("user", "passwd", "ana", "--password-stdin", input="another long password\n")
    assert result.exit_code == 0, result.output
    assert not signed_in_as(client) and not signed_in_as(stolen)

    assert sign_in(client, ana, password="another long password").status_code == 302
    stolen = copy_of(app, client)
    result = cli("user", "disable", "ana")
    assert result.exit_code == 0, result.output
    assert not signed_in_as(client) and not signed_in_as(stolen)
    assert sign_in(client, ana, password="another long password").status_code == 401

    result = cli("user", "enable", "ana")
    assert result.exit_code == 0 and result.output == "enabled ana\n"
    assert not signed_in_as(stolen)  # enabling does not bring old sessions back
    assert sign_in(client, ana, password="another long password").status_code == 302


def test_enable_refuses_an_enabled_user_and_an_unknown_one(cli, ana, dump):
    before = dump()
    refused = cli("user", "enable", "ana")
    assert refused.exit_code == 1 and "is not disabled" in refused.output
    unknown = cli("user", "enable", "nobody")
    assert unknown.exit_code == 1 and "no user 'nobody'" in unknown.output
    assert dump() == before


def test_sign_out_everywhere_from_the_account_page(app, make_user, ana, engine):
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, ana)
    sign_in(phone, ana)
    other = app.test_client()
    sign_in(other, make_user("bob", "viewer"))
    response = post_with_token(laptop, "/en/account/sign-out-everywhere")
    assert response.status_code == 302
    assert "Signed out on every device (2 sessions)." in text(laptop.get("/en/"))
    assert not signed_in_as(laptop) and not signed_in_as(phone)
    assert signed_in_as(other)  # another user's session is untouched
    with unit_of_work(engine) as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        logged = (entry.action, entry.actor, entry.after)
        assert logged == ("sign-out-everywhere", "ana", {"ended": 2})


def test_sign_out_everywhere_through_the_cli(app, client, ana, cli):
    sign_in(client, ana)
    stolen = copy_of(app, client)
    result = cli("user", "sign-out-everywhere", "ana")
    assert result.exit_code == 0 and result.output == "ended 1 session of ana\n"
    assert not signed_in_as(client) and not signed_in_as(stolen)


def test_sign_out_everywhere_needs_a_sign_in_and_a_token(client, ana, dump):
    before = dump()
    response = client.post("/en/account/sign-out-everywhere")
    assert response.status_code == 400  # no CSRF token
    sign_in(client, ana)
    before = dump()
    assert client.post("/en/account/sign-out-everywhere").status_code == 400
    assert dump() == before and signed_in_as(client)


def test_idle_time_out(app, client, ana, clock, engine, settings):
    sign_in(client, ana)
    idle = settings.session_idle_timeout
    clock.advance(seconds=idle.total_seconds() - 1)
    assert signed_in_as(client)  # a request just before the limit keeps the session alive
    clock.advance(seconds=idle.total_seconds() - 1)
    assert signed_in_as(client)
    clock.advance(seconds=idle.total_seconds() + 1)
    stolen = copy_of(app, client)
    assert not signed_in_as(client)
    assert not signed_in_as(stolen)
    assert [row.end_reason for row in sessions(engine)] == ["idle"]


def test_absolute_time_out_however_busy(client, ana, clock, engine, settings):
    sign_in(client, ana)
    step = settings.session_idle_timeout / 2
    steps = int(settings.session_lifetime / step)
    for _ in range(steps):  # busy all along: never idle, up to the very end of the lifetime
        clock.advance(seconds=step.total_seconds())
        assert signed_in_as(client)
    clock.advance(seconds=1)
    assert not signed_in_as(client)
    assert [row.end_reason for row in sessions(engine)] == ["expired"]


def test_time_outs_come_from_the_settings(database_url, make_user, clock):
    from dataclasses import replace

    from planner.settings import Settings
    from planner.web import create_app

    settings = Settings.from_env(
        {"PLANNER_SESSION_IDLE_MINUTES": "5", "PLANNER_SESSION_LIFETIME_HOURS": "1"},
        database_url=database_url,
        secret_key="k",
    )
    app = create_app(replace(settings, clock=clock))
    client = app.test_client()
    sign_in(client, make_user("ana", "viewer"))
    clock.advance(minutes=4)
    assert signed_in_as(client)
    clock.advance(minutes=5, seconds=1)
    assert not signed_in_as(client)
    app.extensions["planner"].dispose()


@pytest.mark.parametrize("value", ["0", "-3", "ten", "1.5"])
def test_a_bad_time_out_setting_is_refused_by_name(value):
    from planner.errors import ValidationError
    from planner.settings import Settings

    with pytest.raises(ValidationError) as refused:
        Settings.from_env({"PLANNER_SESSION_IDLE_MINUTES": value})
    assert str(refused.value) == (
        f"PLANNER_SESSION_IDLE_MINUTES: {value!r} is not a positive whole number of minutes"
    )


def test_signing_in_again_ends_the_session_the_browser_had(app, client, ana, engine):
    sign_in(client, ana)
    earlier = copy_of(app, client)
    sign_in(client, ana)
    assert signed_in_as(client) and not signed_in_as(earlier)
    assert [row.end_reason for row in sessions(engine)] == ["sign-out", None]


def test_a_made_up_session_id_signs_nobody_in(client, ana):
    sign_in(client, ana)
    with client.session_transaction() as cookie:
        cookie["session_id"] = "made-up-" + "x" * 40  # as if the signing key had leaked
    assert not signed_in_as(client)
    with client.session_transaction() as cookie:
        assert "session_id" not in cookie  # the dead id is dropped from the cookie
