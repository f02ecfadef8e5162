"""Every refusal of the chair commands: exit 1, one line naming the field, database unchanged.

And the database's own guards, for anything that would bypass the operations.
"""

import json
import shlex

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from planner.chair.models import ChairDesignation, ChairEndorsement, ChairNomination
from planner.db import unit_of_work
from tests.chair.conftest import created_id


@pytest.fixture
def ids(cli, fifth) -> dict[str, int]:
    """On fifth-2025: a designated nomination, a second active one, a withdrawn one; and one of
    the third conference; plus the data set's (undesignated) KAZ nomination of fourth-2020."""
    active = created_id(cli("chair", "nominate", fifth, "--party", "KAZ", "--date", "2024-10-01"))
    second = created_id(cli("chair", "nominate", fifth, "--party", "BRA", "--date", "2024-10-03"))
    withdrawn = created_id(
        cli("chair", "nominate", fifth, "--party", "MEX", "--date", "2024-10-02")
    )
    assert cli("chair", "withdraw", str(withdrawn), "--date", "2024-10-10").exit_code == 0
    created_id(cli("chair", "endorse", str(active), "--party", "MNG", "--date", "2024-10-05"))
    created_id(
        cli("chair", "designate", fifth, "--nomination", str(active), "--date", "2024-11-01")
    )
    other = created_id(
        cli("chair", "nominate", "third-2015", "--party", "ARG", "--date", "2014-12-01")
    )
    fourth = json.loads(
        cli("chair", "status", "fourth-2020", "--as-of", "2020-01-15", "--format", "json").stdout
    )
    demo_kaz = next(n["id"] for n in fourth["nominations"] if n["state"] == "KAZ")
    return {
        "active": active,
        "second": second,
        "withdrawn": withdrawn,
        "other": other,
        "demo_kaz": demo_kaz,
    }


REFUSALS = [
    # designating
    (
        "chair designate fifth-2025 --nomination {withdrawn} --replace --reason x",
        "error: nomination: nomination {withdrawn} was withdrawn on 2024-10-10",
    ),
    (
        "chair designate fifth-2025 --nomination {other}",
        "error: nomination: nomination {other} belongs to conference third-2015, not fifth-2025",
    ),
    (
        "chair designate fifth-2025 --nomination {second}",
        "error: replace: a chair is already designated (nomination {active} since 2024-11-01)",
    ),
    (
        "chair designate fifth-2025 --nomination {second} --replace",
        "error: reason: is required to replace a designated chair",
    ),
    (
        "chair designate fifth-2025 --nomination {second} --replace --reason ' '",
        "error: reason: is required to replace a designated chair",
    ),
    (
        "chair designate fifth-2025 --nomination {second} --reason x",
        "error: reason: is only used when replacing the designated chair (use --replace)",
    ),
    (
        "chair designate fifth-2025 --nomination {active} --replace --reason x",
        "error: nomination: nomination {active} is already the designated chair",
    ),
    (
        "chair designate fifth-2025 --nomination {second} --replace --reason x --date 2024-10-20",
        "error: date: 2024-10-20 is before the current designation (2024-11-01)",
    ),
    (
        "chair designate fifth-2025 --nomination {second} --replace --reason x --date 2024-10-02",
        "error: date: 2024-10-02 is before the nomination (2024-10-03)",
    ),
    (
        "chair designate fourth-2020 --nomination {demo_kaz} --replace --reason x",
        "error: replace: fourth-2020 has no designated chair to replace",
    ),
    (
        "chair designate fifth-2025 --nomination 999999",
        "error: nomination: no nomination with id 999999",
    ),
    # endorsing
    (
        "chair endorse {active} --party mng",
        "error: party: MNG already endorsed nomination {active} on 2024-10-05",
    ),
    (
        "chair endorse {active} --party OPANAL",
        "error: party: OPANAL is not a state or a zone",
    ),
    (
        "chair endorse {active} --party KGZ --date 2024-09-30",
        "error: date: 2024-09-30 is before the nomination (2024-10-01)",
    ),
    (
        "chair endorse {withdrawn} --party KGZ --date 2024-10-10",
        "error: nomination: nomination {withdrawn} was withdrawn on 2024-10-10",
    ),
    ("chair endorse {active} --party XXX", "error: party: no party with code 'XXX'"),
    # nominating
    (
        "chair nominate fifth-2025 --party TLATELOLCO",
        "error: party: TLATELOLCO is not a state; only a state can be nominated",
    ),
    (
        "chair nominate fifth-2025 --party IAEA",
        "error: party: IAEA is not a state; only a state can be nominated",
    ),
    (
        "chair nominate fifth-2025 --party KAZ",
        "error: party: KAZ already has an active nomination (nomination {active})",
    ),
    (
        "chair nominate fifth-2025 --party CHL --by UNODA",
        "error: by: UNODA is not a state or a zone",
    ),
    (
        "chair nominate fifth-2025 --party CHL --date 2024-13-01",
        "error: date: '2024-13-01' is not a date",
    ),
    ("chair nominate nowhere --party CHL", "error: conference: no conference 'nowhere'"),
    # withdrawing
    (
        "chair withdraw {withdrawn}",
        "error: nomination: nomination {withdrawn} was already withdrawn on 2024-10-10",
    ),
    (
        "chair withdraw {second} --date 2024-10-02",
        "error: date: 2024-10-02 is before the nomination (2024-10-03)",
    ),
    (
        "chair withdraw {active}",
        "error: nomination: nomination {active} is the designated chair; designate a successor",
    ),
    # reading and the target
    ("chair status fifth-2025 --as-of yesterday", "error: as-of: 'yesterday' is not a date"),
    ("chair target fifth-2025 --date 31/12/2024", "error: date: '31/12/2024' is not a date"),
]


@pytest.mark.parametrize(("command", "message"), REFUSALS, ids=[r[1][7:45] for r in REFUSALS])
def test_refused_with_the_field_named_and_nothing_changed(cli, dump, ids, command, message):
    args = shlex.split(command.format(**ids))
    before = dump()
    result = cli(*args)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(message.format(**ids)), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert dump() == before


def test_the_database_refuses_a_second_first_designation(engine, ids):
    with pytest.raises(IntegrityError), unit_of_work(engine) as session:
        nomination = session.get(ChairNomination, ids["second"])
        session.execute(
            insert(ChairDesignation).values(
                conference_id=nomination.conference_id,
                nomination_id=nomination.id,
                designated_on=nomination.nominated_on,
                is_sample=False,
            )
        )


def test_the_database_refuses_a_designation_across_conferences(engine, ids):
    with pytest.raises(IntegrityError), unit_of_work(engine) as session:
        fourth = session.get(ChairNomination, ids["demo_kaz"])
        session.execute(
            insert(ChairDesignation).values(
                conference_id=fourth.conference_id,
                nomination_id=ids["other"],
                designated_on=fourth.nominated_on,
                is_sample=False,
            )
        )


def test_the_database_refuses_a_reason_without_a_replacement(engine, ids):
    with pytest.raises(IntegrityError), unit_of_work(engine) as session:
        fourth = session.get(ChairNomination, ids["demo_kaz"])
        session.execute(
            insert(ChairDesignation).values(
                conference_id=fourth.conference_id,
                nomination_id=fourth.id,
                designated_on=fourth.nominated_on,
                reason="no predecessor",
                is_sample=False,
            )
        )


def test_the_database_refuses_a_withdrawal_before_the_nomination(engine, ids):
    with pytest.raises(IntegrityError), unit_of_work(engine) as session:
        nomination = session.get(ChairNomination, ids["second"])
        nomination.withdrawn_on = nomination.nominated_on.replace(day=1)


def test_the_database_refuses_a_second_endorsement_by_the_same_party(engine, ids):
    with pytest.raises(IntegrityError), unit_of_work(engine) as session:
        first = session.query(ChairEndorsement).filter_by(nomination_id=ids["active"]).one()
        session.execute(
            insert(ChairEndorsement).values(
                nomination_id=first.nomination_id,
                party_id=first.party_id,
                endorsed_on=first.endorsed_on,
                is_sample=False,
            )
        )
