"""Held, upcoming and overdue mean one thing everywhere (issue 11)."""

from datetime import date

from planner.actions.derived import derived_status, derived_statuses
from planner.conferences.operations import add_conference, conference_by_slug
from planner.db import unit_of_work
from planner.meetings.operations import add_meeting
from planner.summaries.readiness import readiness
from planner.visibility import ORGANIZER


def _auckland(session, context) -> None:
    add_conference(session, context, slug="pacific-2020", title="Pacific", start="2020-06-01",
                   end="2020-06-02", timezone="Pacific/Auckland", venue="Auckland")  # fmt: skip
    # 10:00 in Auckland on 10 March is 21:00 UTC on 9 March
    add_meeting(session, context, conference="pacific-2020", title="Prep", kind="preparatory",
                start="2020-03-10 10:00", end="2020-03-10 12:00",
                timezone="Pacific/Auckland")  # fmt: skip


def test_a_pacific_auckland_meeting_is_upcoming_in_the_summary_and_in_recommendation_10(
    engine, context, demo
):
    with unit_of_work(engine) as session:
        _auckland(session, context)
        picture = readiness(session, "pacific-2020", date(2020, 3, 10), ORGANIZER)
        derived = derived_status(
            session, picture_conference(session), date(2020, 3, 10), ORGANIZER, 10
        )
    assert [o.title for o in picture.meetings.upcoming] == ["Prep"]
    assert picture.meetings.held == ()
    # before the fix recommendation 10 said "1 held" on the same day (UTC end of the as-of day)
    assert (derived.state, derived.fact) == ("in_progress", "1 scheduled, next on 2020-03-10")


def test_the_day_after_it_is_held_in_both(engine, context, demo):
    with unit_of_work(engine) as session:
        _auckland(session, context)
        picture = readiness(session, "pacific-2020", date(2020, 3, 11), ORGANIZER)
        derived = derived_statuses(
            session, picture_conference(session), date(2020, 3, 11), ORGANIZER
        )
    assert [o.title for o in picture.meetings.held] == ["Prep"]
    assert derived[10].state == "done" and derived[10].fact.startswith(
        "1 held (last on 2020-03-10)"
    )


def picture_conference(session):
    return conference_by_slug(session, "pacific-2020")


def test_an_ended_conference_stops_counting_the_chair_overdue(engine, context, demo):
    """The fourth conference (24 April 2020) never got a chair in the demo data: years
    later the readiness picture says how late it was when it closed, not 2,500 days."""
    with unit_of_work(engine) as session:
        at_closing = readiness(session, "fourth-2020", date(2020, 4, 24), ORGANIZER)
        years_later = readiness(session, "fourth-2020", date(2027, 3, 1), ORGANIZER)
    assert at_closing.chair.days_overdue == (date(2020, 4, 24) - date(2019, 12, 31)).days
    assert years_later.chair.days_overdue == at_closing.chair.days_overdue
    assert years_later.conference.phase == "after"
    assert "chair_overdue" not in {warning.kind for warning in years_later.warnings}
