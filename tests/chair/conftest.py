"""A fresh conference (``fifth-2025``) next to the reference data set, for the chair's rules."""

import pytest

from planner.conferences.operations import add_conference
from planner.db import unit_of_work

FIFTH = "fifth-2025"


def created_id(result) -> int:
    """The id a creating command prints as its last word."""
    assert result.exit_code == 0, result.output
    return int(result.stdout.split()[-1])


@pytest.fixture
def fifth(engine, context, demo) -> str:
    with unit_of_work(engine) as session:
        add_conference(
            session,
            context,
            slug=FIFTH,
            title="Fifth Conference",
            start="2025-04-25",
            end="2025-04-25",
            timezone="America/New_York",
            venue="New York",
        )
    return FIFTH
