"""Per-party figures on public pages: hidden until an organizer publishes them (audited)."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from planner.audit import AuditEntry
from planner.conferences.models import Conference
from tests.web.conftest import SteppingClock, csrf_token

PAGE = "/en/conferences/fourth-2020"
CONTRIBUTIONS = "/en/manage/fourth-2020/finance/contributions"
NAMED = "PL-2019-NZL"  # the largest overdue pledge's reference, as of 2020-03-01


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock(datetime(2020, 3, 1, 12, 0, tzinfo=UTC))


def text(response) -> str:
    return response.get_data(as_text=True)


def publish(client, choice: str):
    page = client.get(CONTRIBUTIONS)
    return client.post(
        "/en/manage/fourth-2020/finance/publication",
        data={"csrf_token": csrf_token(text(page)), "contributions": choice},
    )


def test_public_page_shows_totals_only_until_the_organizer_publishes(
    app, client, signed_in, demo, engine
):
    public = text(app.test_client().get(PAGE))
    assert NAMED not in public and "Largest overdue pledges" not in public
    assert "Figures by party are not published" in public
    assert "$146,400.00" in public  # the totals stay
    organizer = signed_in("organizer")
    assert NAMED in text(organizer.get(PAGE))  # the secretariat always sees them
    saved = publish(organizer, "per-party")
    assert saved.status_code == 302
    assert NAMED in text(app.test_client().get(PAGE))
    with engine.connect() as connection:
        entry = connection.execute(
            select(AuditEntry.actor, AuditEntry.entity_id).where(AuditEntry.action == "publish")
        ).one()
    assert tuple(entry) == ("organizer-user", "fourth-2020")
    assert publish(organizer, "totals").status_code == 302
    assert NAMED not in text(app.test_client().get(PAGE))


def test_only_organizers_see_the_form_and_a_bad_choice_is_refused_next_to_it(
    signed_in, demo, engine, dump
):
    organizer = signed_in("organizer")
    assert 'action="/en/manage/fourth-2020/finance/publication"' in text(
        organizer.get(CONTRIBUTIONS)
    )
    before = dump()
    refused = publish(organizer, "everything")
    assert refused.status_code == 422
    assert 'id="contributions-error"' in text(refused)
    assert dump() == before
    with engine.connect() as connection:
        stored = connection.scalar(select(Conference.contributions_publication).limit(1))
    assert stored == "totals"


@pytest.mark.parametrize("role", ["viewer", "finance"])
def test_other_roles_read_the_choice_but_have_no_form(signed_in, demo, role):
    page = text(signed_in(role).get(CONTRIBUTIONS))
    assert "Public pages show: Totals only." in page
    assert "/finance/publication" not in page
