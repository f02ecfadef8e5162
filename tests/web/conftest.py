"""Fixtures for the web planner: an app on the test database, users, signed-in clients."""

import re
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from planner.audit import Context
from planner.db import unit_of_work
from planner.settings import Settings
from planner.users.operations import add_user
from planner.web import create_app
from tests.conftest import FIXED_NOW

PASSWORD = "correct horse battery"
CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class SteppingClock:
    """A clock the test moves forward by hand (sign-in delays, session ages)."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock(FIXED_NOW)


@pytest.fixture
def settings(database_url, clock) -> Settings:
    return Settings(database_url=database_url, secret_key="test-secret", clock=clock)


@pytest.fixture
def app(settings) -> Flask:
    app = create_app(settings)
    yield app
    app.extensions["planner"].dispose()


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    password: str = PASSWORD


@pytest.fixture
def make_user(engine, context) -> Callable[..., Account]:
    def make(username: str, role: str, password: str = PASSWORD) -> Account:
        with unit_of_work(engine) as session:
            add_user(
                session,
                Context(actor="admin", clock=context.clock),
                username=username,
                role=role,
                password=password,
                display_name=username.title(),
            )
        return Account(username, role, password)

    return make


def csrf_token(html: str) -> str:
    match = CSRF_PATTERN.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def sign_in(client: FlaskClient, account: Account, password: str | None = None, lang="en"):
    page = client.get(f"/{lang}/sign-in")
    return client.post(
        f"/{lang}/sign-in",
        data={
            "csrf_token": csrf_token(page.get_data(as_text=True)),
            "username": account.username,
            "password": account.password if password is None else password,
        },
    )


@pytest.fixture
def signed_in(client, make_user) -> Callable[[str], FlaskClient]:
    """A client signed in as a new user with the given role."""

    def as_role(role: str) -> FlaskClient:
        response = sign_in(client, make_user(f"{role}-user", role))
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return as_role


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
