"""Sign-in throttling by client address: one password tried on many names is slowed down.

Each name alone stays under its own limit (three free attempts); the address's counter
(twenty) catches the spraying. A forged X-Forwarded-For escapes nothing unless the
planner is told to trust a proxy, and idle counters are deleted, not kept for ever.
"""

import pytest
from sqlalchemy import func, select

from planner.db import unit_of_work
from planner.settings import Settings
from planner.users.models import AddressThrottle, SignInThrottle
from planner.web import create_app
from tests.web.conftest import csrf_token

SPRAYER = "192.0.2.7"
NEIGHBOUR = "198.51.100.9"
FREE_FAILURES = 20  # the address's free attempts (planner.users.throttle.BY_ADDRESS)


def attempt(client, name: str, password: str, address: str, headers=None):
    environ = {"REMOTE_ADDR": address}
    page = client.get("/en/sign-in", environ_base=environ)
    form = {"csrf_token": csrf_token(page.get_data(as_text=True)), "username": name}
    return client.post(
        "/en/sign-in",
        data={**form, "password": password},
        environ_base=environ,
        headers=headers or {},
    )


def spray(client, address: str, count: int = FREE_FAILURES, headers=None) -> None:
    for number in range(count):
        response = attempt(client, f"guess-{number}", "Winter2020!", address, headers)
        assert response.status_code == 401, number  # each name alone is never throttled


def counts(engine) -> dict[str, int]:
    with unit_of_work(engine) as session:
        rows = session.execute(select(AddressThrottle.address, AddressThrottle.failures))
        return {address: failures for address, failures in rows}


def test_spraying_from_one_address_is_throttled_and_other_addresses_are_not(
    client, make_user, clock, engine
):
    account = make_user("ana", "organizer")
    spray(client, SPRAYER)
    refused = attempt(client, account.username, account.password, SPRAYER)
    assert refused.status_code == 429  # even the right password waits: it is not checked
    assert refused.headers["Retry-After"] == "1"
    assert "Too many failed sign-ins" in refused.get_data(as_text=True)
    assert counts(engine) == {SPRAYER: FREE_FAILURES}
    neighbour = attempt(client, account.username, account.password, NEIGHBOUR)
    assert neighbour.status_code == 302
    clock.advance(seconds=1)
    assert attempt(client, account.username, account.password, SPRAYER).status_code == 302
    assert counts(engine) == {SPRAYER: FREE_FAILURES}  # a success does not clear the address


def test_a_forged_forwarded_for_escapes_nothing_without_a_trusted_proxy(client, engine):
    for number in range(FREE_FAILURES):
        forged = {"X-Forwarded-For": f"203.0.113.{number}"}
        attempt(client, f"guess-{number}", "Winter2020!", SPRAYER, forged)
    assert counts(engine) == {SPRAYER: FREE_FAILURES}
    assert (
        attempt(client, "guess-x", "x", SPRAYER, {"X-Forwarded-For": "203.0.113.99"}).status_code
        == 429
    )


def test_behind_a_trusted_proxy_the_forwarded_client_is_counted(database_url, clock, engine):
    settings = Settings(
        database_url=database_url, secret_key="test-secret", clock=clock, trusted_proxies=1
    )
    app = create_app(settings)
    client = app.test_client()
    proxy = "10.0.0.1"
    spray(client, proxy, 3, headers={"X-Forwarded-For": SPRAYER})
    spray(client, proxy, 2, headers={"X-Forwarded-For": "2001:db8:1:2::1"})
    spray(client, proxy, 1, headers={"X-Forwarded-For": "2001:db8:1:2::beef"})
    assert counts(engine) == {SPRAYER: 3, "2001:db8:1:2::/64": 3}
    app.extensions["planner"].dispose()


def test_an_address_forgets_after_a_quiet_hour(client, clock, engine):
    spray(client, SPRAYER, FREE_FAILURES)
    clock.advance(hours=1)
    assert attempt(client, "guess-late", "x", SPRAYER).status_code == 401
    assert counts(engine) == {SPRAYER: 1}


def test_idle_counters_are_deleted_when_a_failure_is_counted(client, clock, engine):
    spray(client, SPRAYER, 2)
    clock.advance(hours=23)
    attempt(client, "guess-0", "x", NEIGHBOUR)  # within a day: everything is kept
    with unit_of_work(engine) as session:
        assert session.scalar(select(func.count()).select_from(SignInThrottle)) == 2
    clock.advance(hours=2)
    attempt(client, "someone", "x", NEIGHBOUR)
    with unit_of_work(engine) as session:
        names = session.scalars(select(SignInThrottle.name).order_by(SignInThrottle.name))
        assert names.all() == ["guess-0", "someone"]  # guess-1 idle for 25 hours: gone
    assert counts(engine) == {NEIGHBOUR: 1}  # two hours apart: counted afresh


@pytest.mark.parametrize("address", ["", "not-an-address"])
def test_an_unknown_address_is_not_counted(client, engine, address):
    assert attempt(client, "guess", "x", address).status_code == 401
    assert counts(engine) == {}
    with unit_of_work(engine) as session:
        assert session.get(SignInThrottle, "guess").failures == 1
