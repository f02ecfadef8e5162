"""The reference data set: its facts match REFERENCE.md, and loading it twice changes nothing."""

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from planner.audit import AuditEntry
from planner.conferences.models import Conference
from planner.db import unit_of_work
from planner.directory.models import Contact, Membership, Party, ZoneTreaty
from planner.directory.operations import list_parties
from planner.meetings.models import Meeting
from planner.notifications.models import MessageStatus, Method, OutboxMessage
from planner.reference import load_reference
from tests.conftest import dump_database

ZONE_PARTY_COUNTS = {
    "TLATELOLCO": 33,
    "RAROTONGA": 13,
    "BANGKOK": 10,
    "PELINDABA": 43,
    "SEMIPALATINSK": 5,
    "MONGOLIA": 1,
}
ORGANIZATIONS = {"OPANAL", "AFCONE", "SEANWFZ", "CTBTO", "IAEA", "UNODA", "UNIDIR", "VCDNP"}


def test_zones_have_their_states_parties_with_sources_and_as_of_dates(session, demo):
    for code, count in ZONE_PARTY_COUNTS.items():
        members = list_parties(session, zone=code)
        assert len(members) == count, code
        treaty = session.scalar(select(ZoneTreaty).join(Party).where(Party.code == code))
        assert treaty.parties_count == count
        assert treaty.count_as_of and treaty.source
    assert {p.code for p in list_parties(session, zone="SEMIPALATINSK")} == {
        "KAZ",
        "KGZ",
        "TJK",
        "TKM",
        "UZB",
    }
    assert (
        session.scalar(
            select(func.count())
            .select_from(Membership)
            .where(Membership.source.is_(None) | Membership.as_of.is_(None))
        )
        == 0
    )


def test_pelindaba_keeps_moroccos_2022_ratification_and_the_uncertainty_flag(session, demo):
    morocco = session.scalar(select(Membership).join(Membership.state).where(Party.code == "MAR"))
    assert morocco.since == date(2022, 4, 18)
    treaty = session.scalar(select(ZoneTreaty).join(Party).where(Party.code == "PELINDABA"))
    assert "42 in April 2020" in treaty.uncertain


def test_states_use_iso_alpha3_codes_and_names(session, demo):
    states = session.scalars(select(Party).where(Party.kind == "state")).all()
    assert len(states) == 105
    names = {state.code: state.name for state in states}
    assert names["MNG"] == "Mongolia" and names["KAZ"] == "Kazakhstan"
    organizations = session.scalars(select(Party.code).where(Party.kind == "organization")).all()
    assert set(organizations) == ORGANIZATIONS


def test_the_fourth_conference(session, demo):
    fourth = session.scalar(select(Conference).where(Conference.slug == "fourth-2020"))
    assert (fourth.start_date, fourth.end_date) == (date(2020, 4, 24), date(2020, 4, 24))
    assert fourth.venue == "United Nations Headquarters, New York"
    assert fourth.timezone == "America/New_York"
    assert "73/71" in fourth.decided_by
    assert fourth.budget == Decimal("250000") and fourth.budget_is_sample
    assert "SAMPLE" in fourth.uncertain
    slugs = session.scalars(select(Conference.slug).order_by(Conference.start_date)).all()
    assert slugs == ["first-2005", "second-2010", "third-2015", "fourth-2020"]


def test_loading_twice_changes_nothing(engine, context, demo):
    before = dump_database(engine)
    with unit_of_work(engine) as session:
        load_reference(session, context)
    assert dump_database(engine) == before


def test_a_changed_record_is_brought_back_and_audited(engine, context, demo):
    with unit_of_work(engine) as session:
        session.scalar(select(Party).where(Party.code == "MNG")).name = "Typo"
    with unit_of_work(engine) as session:
        load_reference(session, context)
    with unit_of_work(engine) as session:
        assert session.scalar(select(Party.name).where(Party.code == "MNG")) == "Mongolia"
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (last.action, last.entity, last.before["name"], last.after["name"]) == (
            "update",
            "party",
            "Typo",
            "Mongolia",
        )


def test_reset_rebuilds_the_same_data(engine, context, demo):
    def counts(session):
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (Party, Membership, ZoneTreaty, Conference)
        }

    with unit_of_work(engine) as session:
        expected = counts(session)
        session.add(Party(code="XXX", kind="state", name="Extra"))
    with unit_of_work(engine) as session:
        load_reference(session, context, reset=True)
    with unit_of_work(engine) as session:
        assert counts(session) == expected
        assert session.scalar(select(AuditEntry.action).order_by(AuditEntry.id)) == "reset"


def test_the_sample_contacts_are_queued_the_invitations_of_their_organizations(
    engine, context, demo
):
    """Each fictional contact gets one REQUEST per meeting their organization is invited
    to, in their language; loading again queues nothing new."""
    expected = {
        ("ana.ejemplo@example.org", "first-committee-74-preparatory", "es"),
        ("ana.ejemplo@example.org", "fourth-conference-2020", "es"),
        ("claire.exemple@example.org", "fourth-conference-2020", "fr"),
        ("amal.mithal@example.org", "fourth-conference-2020", "ar"),
        ("li.shili@example.org", "fourth-conference-2020", "zh"),
    }

    def queued(session):
        rows = session.execute(
            select(OutboxMessage.recipient, Meeting.uid, OutboxMessage.language)
            .join(Meeting, OutboxMessage.meeting_id == Meeting.id)
            .where(
                OutboxMessage.status == MessageStatus.QUEUED.value,
                OutboxMessage.method == Method.REQUEST.value,
            )
        ).all()
        return sorted((email, uid.partition("@")[0], language) for email, uid, language in rows)

    with unit_of_work(engine) as session:
        assert queued(session) == sorted(expected)
        contacts = session.scalars(select(Contact).where(Contact.email.like("%@example.org")))
        assert all(contact.name.startswith("Sample Contact ") for contact in contacts)
        load_reference(session, context)
        assert queued(session) == sorted(expected)
    with unit_of_work(engine) as session:
        load_reference(session, context, reset=True)
        assert queued(session) == sorted(expected)
