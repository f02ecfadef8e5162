"""Fixtures of the feed tests: two app instances on one database, a fresh build to compare."""

from datetime import UTC, datetime

import pytest
from flask import Flask

from planner.calendars.feeds import audience, build_feed
from planner.db import unit_of_work
from planner.settings import Settings
from planner.web import create_app
from tests.web.conftest import SteppingClock


def fresh(engine, **who) -> bytes:
    """The feed built by the one serializer from the database, no cache involved."""
    with unit_of_work(engine) as session:
        return build_feed(session, audience(session, "fourth-2020", **who))


@pytest.fixture
def two_workers(database_url, clock) -> list[Flask]:
    """Two app instances on one database: two gunicorn workers, each with its own memory."""
    apps = [
        create_app(Settings(database_url=database_url, secret_key="test-secret", clock=clock))
        for _ in range(2)
    ]
    yield apps
    for app in apps:
        app.extensions["planner"].dispose()


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock(datetime(2020, 1, 21, 8, 0, tzinfo=UTC))
