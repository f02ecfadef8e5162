"""The designation's status as of a date, its history, and the audit trail of every step."""

from datetime import date

import pytest
from sqlalchemy import func, select

from planner.audit import AuditEntry
from planner.chair import operations as chair
from planner.chair.models import ChairDesignation
from planner.chair.status import ChairState, chair_status
from planner.conferences.operations import conference_by_slug
from planner.summaries.environment import sentence


def status_on(session, slug, day):
    return chair_status(session, conference_by_slug(session, slug), date.fromisoformat(day))


def test_nothing_recorded_is_not_started_without_a_target(session, fifth):
    status = status_on(session, fifth, "2025-01-01")
    assert (status.state, status.target_date, status.nominations, status.chair) == (
        ChairState.NOT_STARTED,
        None,
        (),
        None,
    )
    assert sentence("chair_state", "en", status) == "Not started"
    assert not status.sample


@pytest.fixture
def nominated(session, context, fifth):
    chair.set_target(session, context, conference=fifth, target="2024-12-31")
    kaz = chair.nominate(
        session,
        context,
        conference=fifth,
        party="kaz",
        person="A. Person",
        title="Ambassador",
        by="SEMIPALATINSK",
        on="2024-10-01",
    )
    chair.endorse(session, context, nomination_id=kaz.id, party="MNG", on="2024-10-05")
    chair.endorse(session, context, nomination_id=kaz.id, party="BANGKOK", on="2024-10-09")
    session.flush()
    return kaz


def test_nominations_open_shows_only_what_happened_by_the_date(session, fifth, nominated):
    assert status_on(session, fifth, "2024-09-30").state == ChairState.NOT_STARTED
    status = status_on(session, fifth, "2024-10-05")
    assert status.state == ChairState.NOMINATIONS_OPEN
    [nomination] = status.nominations
    assert (nomination.state, nomination.person, nomination.title, nomination.nominated_by) == (
        "KAZ",
        "A. Person",
        "Ambassador",
        "SEMIPALATINSK",
    )
    assert [e.party for e in nomination.endorsements] == ["MNG"]
    later = status_on(session, fifth, "2024-12-31")
    assert later.state == ChairState.NOMINATIONS_OPEN  # the target day itself is not late
    assert [e.party for e in later.nominations[0].endorsements] == ["MNG", "BANGKOK"]


def test_overdue_counts_the_days_past_the_target(session, fifth, nominated):
    status = status_on(session, fifth, "2025-01-10")
    assert (status.state, status.days_overdue) == (ChairState.OVERDUE, 10)
    assert sentence("chair_state", "en", status) == (
        "Overdue by 10 days: no chair designated by the target date, December 31, 2024"
    )
    assert sentence("chair_state", "ru", status) == (
        "Просрочено на 10 дней: Председатель не назначен к целевой дате, 31 декабря 2024\u202fг."
    )
    assert status_on(session, fifth, "2025-01-01").days_overdue == 1


def test_a_withdrawal_counts_from_its_date(session, context, fifth, nominated):
    mex = chair.nominate(session, context, conference=fifth, party="MEX", on="2024-10-02")
    chair.withdraw(session, context, nomination_id=mex.id, on="2024-11-01")
    before, after = status_on(session, fifth, "2024-10-31"), status_on(session, fifth, "2024-11-01")
    assert [n.withdrawn_on for n in before.nominations] == [None, None]
    assert [n.withdrawn_on for n in after.nominations] == [None, date(2024, 11, 1)]
    assert sentence("chair_state", "en", after) == "Nominations open; target date December 31, 2024"
    again = chair.nominate(session, context, conference=fifth, party="MEX", on="2024-11-05")
    assert again.id != mex.id  # a withdrawn state may be nominated anew


def test_designation_and_replacement_keep_the_history(session, context, fifth, nominated):
    first = chair.designate(
        session, context, conference=fifth, nomination_id=nominated.id, on="2025-01-20", at="prep-1"
    )
    assert status_on(session, fifth, "2025-01-19").state == ChairState.OVERDUE
    status = status_on(session, fifth, "2025-01-20")
    assert status.state == ChairState.DESIGNATED and status.days_overdue is None
    assert (status.chair.nomination.state, status.chair.designated_on, status.chair.at) == (
        "KAZ",
        date(2025, 1, 20),
        "prep-1",
    )
    assert sentence("chair_state", "en", status) == (
        "Designated: Kazakhstan (A. Person, Ambassador), since January 20, 2025"
    )
    assert sentence("chair_state", "fr", status) == (
        "Désignation\u202f: Kazakhstan (A. Person, Ambassador), depuis le 20 janvier 2025"
    )
    mng = chair.nominate(session, context, conference=fifth, party="MNG", on="2025-02-01")
    second = chair.designate(
        session,
        context,
        conference=fifth,
        nomination_id=mng.id,
        on="2025-03-01",
        replace=True,
        reason="the first chair was recalled",
    )
    session.flush()
    assert (second.replaces_id, second.reason) == (first.id, "the first chair was recalled")
    assert status_on(session, fifth, "2025-02-28").chair.nomination.state == "KAZ"
    status = status_on(session, fifth, "2025-03-01")
    assert status.chair.nomination.state == "MNG"
    assert [(h.nomination.state, h.replaced_on, h.replacement_reason) for h in status.history] == [
        ("KAZ", date(2025, 3, 1), "the first chair was recalled"),
        ("MNG", None, None),
    ]
    session.expire_all()
    kept = session.get(ChairDesignation, first.id)
    assert (kept.nomination_id, kept.designated_on, kept.meeting_ref, kept.reason) == (
        nominated.id,
        date(2025, 1, 20),
        "prep-1",
        None,
    )
    count = session.scalar(select(func.count()).select_from(ChairDesignation))
    assert count == 2
    # the replaced chair's nomination is no longer the designated one: it may be withdrawn now
    chair.withdraw(session, context, nomination_id=nominated.id, on="2025-03-02")


def test_every_step_is_audited(session, context, fifth, nominated):
    chair.designate(session, context, conference=fifth, nomination_id=nominated.id, on="2025-01-02")
    other = chair.nominate(session, context, conference=fifth, party="CHL", on="2025-01-03")
    chair.designate(
        session,
        context,
        conference=fifth,
        nomination_id=other.id,
        on="2025-01-04",
        replace=True,
        reason="why not",
    )
    chair.withdraw(session, context, nomination_id=nominated.id, on="2025-01-05")
    session.flush()
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.entity.like("chair%")).order_by(AuditEntry.id)
    ).all()
    assert [(e.action, e.entity) for e in entries[-8:]] == [
        ("create", "chair_process"),
        ("create", "chair_nomination"),
        ("create", "chair_endorsement"),
        ("create", "chair_endorsement"),
        ("designate", "chair_designation"),
        ("create", "chair_nomination"),
        ("replace", "chair_designation"),
        ("withdraw", "chair_nomination"),
    ]
    replace = next(e for e in entries if e.action == "replace")
    assert replace.before["nomination_id"] == nominated.id
    assert replace.after["reason"] == "why not"
    withdraw = next(e for e in entries if e.action == "withdraw")
    assert (withdraw.before["withdrawn_on"], withdraw.after["withdrawn_on"]) == (None, "2025-01-05")
    assert all(e.at and e.actor for e in entries)


def test_moving_the_target_is_audited_with_before_and_after(session, context, fifth, nominated):
    chair.set_target(session, context, conference=fifth, target="2025-02-28")
    session.flush()
    entry = session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "chair_process").order_by(AuditEntry.id)
    ).all()[-1]
    assert (entry.action, entry.before["target_date"], entry.after["target_date"]) == (
        "update",
        "2024-12-31",
        "2025-02-28",
    )
    assert status_on(session, fifth, "2025-01-10").state == ChairState.NOMINATIONS_OPEN
