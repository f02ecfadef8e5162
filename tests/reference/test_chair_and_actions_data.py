"""The data set's chair process is sample data throughout, and reloading respects later changes."""

from datetime import date

from sqlalchemy import select

from planner.actions.models import Action
from planner.chair import operations as chair
from planner.chair.models import ChairEndorsement, ChairNomination, ChairProcess
from planner.db import unit_of_work
from planner.directory.models import Party
from planner.reference import load_reference
from planner.reference.actions import read_data as read_actions
from planner.reference.chair import read_data as read_chair


def test_every_chair_record_of_the_data_set_is_marked_sample(session, demo):
    [process] = session.scalars(select(ChairProcess)).all()
    assert (process.target_date, process.target_is_sample) == (date(2019, 12, 31), True)
    assert process.source.startswith("SAMPLE")
    nominations = session.scalars(select(ChairNomination)).all()
    endorsements = session.scalars(select(ChairEndorsement)).all()
    assert len(nominations) == 2 and len(endorsements) == 3
    assert all(record.is_sample for record in [*nominations, *endorsements])
    assert all(n.person.startswith("Sample Nominee") for n in nominations)
    assert all(n.state.kind == "state" for n in nominations)


def test_the_data_files_name_the_source_and_mark_the_sample():
    assert all(item["sample"] is True for item in read_chair()["nominations"])
    assert all(item["sample"] is True for item in read_chair()["processes"])
    actions = read_actions()
    assert "note verbale of 13 september 2019" in actions["source"]["document"].lower()
    assert sorted(item["number"] for item in actions["actions"]) == list(range(1, 14))


def test_a_withdrawal_recorded_later_survives_a_reload(engine, context, demo):
    with unit_of_work(engine) as session:
        kaz = session.scalar(
            select(ChairNomination).join(ChairNomination.state).where(Party.code == "KAZ")
        )
        chair.withdraw(session, context, nomination_id=kaz.id, on="2019-12-01")
    with unit_of_work(engine) as session:
        load_reference(session, context)
    with unit_of_work(engine) as session:
        kaz = session.scalar(
            select(ChairNomination).join(ChairNomination.state).where(Party.code == "KAZ")
        )
        assert kaz.withdrawn_on == date(2019, 12, 1)
        assert session.scalar(select(Action).where(Action.number == 11)).status == "open"
