"""The one visibility rule: who sees which meetings, and the publication of per-party figures."""

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from planner import visibility
from planner.actions.derived import derived_statuses
from planner.audit import AuditEntry
from planner.conferences.operations import conference_by_slug, publish_contributions
from planner.errors import ValidationError
from planner.meetings.models import Meeting

RESTRICTED = "NWFZ focal points: draft outcome document (restricted)"  # in the data set
SUMMARY = ("summary", "fourth-2020", "--as-of", "2020-03-01")


def visible_titles(session, viewer) -> set[str]:
    query = select(Meeting.title).where(visibility.sees_meeting(viewer))
    return set(session.scalars(query))


def test_staff_see_every_meeting_the_public_only_public_ones(session, demo):
    everything = set(session.scalars(select(Meeting.title)))
    assert RESTRICTED in everything
    for role in ("viewer", "finance", "organizer"):
        assert visible_titles(session, visibility.for_role(role)) == everything
    public = visible_titles(session, visibility.for_role(None))
    assert public == everything - {RESTRICTED}


def test_an_invited_party_sees_the_restricted_meeting_only_without_a_guessable_address(
    session, demo
):
    invited = session.scalar(select(Meeting).where(Meeting.title == RESTRICTED)).invitations
    party = next(invitation.party for invitation in invited if invitation.party is not None)
    private = visibility.for_party(session, party, guessable=False)
    guessable = visibility.for_party(session, party, guessable=True)
    assert RESTRICTED in visible_titles(session, private)
    assert RESTRICTED not in visible_titles(session, guessable)
    assert visible_titles(session, guessable) <= visible_titles(session, visibility.ANYONE)


def test_an_unknown_viewer_kind_is_refused():
    with pytest.raises(ValueError, match="unknown viewer kind"):
        visibility.Viewer("everyone")


def test_per_party_figures_are_for_staff_until_the_conference_publishes_them(
    session, demo, context
):
    conference = conference_by_slug(session, "fourth-2020")
    assert conference.contributions_publication == "totals"
    assert not visibility.sees_party_finance(visibility.ANYONE, conference)
    assert visibility.sees_party_finance(visibility.for_role("viewer"), conference)
    publish_contributions(session, context, "fourth-2020", "per-party")
    assert visibility.sees_party_finance(visibility.ANYONE, conference)
    assert not visibility.sees_contact_details(visibility.ANYONE)
    assert visibility.sees_contact_details(visibility.for_role("viewer"))


def publish_entries(session) -> int:
    query = select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "publish")
    return session.scalar(query)


def test_cli_publish_is_audited_and_recorded_once(cli, demo, session):
    result = cli("conference", "publish", "fourth-2020", "--contributions", "per-party")
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("per-party")
    shown = json.loads(cli("conference", "show", "fourth-2020", "--format", "json").output)
    assert shown["contributions_publication"] == "per-party"
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "publish"))
    assert (entry.entity, entry.entity_id, entry.actor) == ("conference", "fourth-2020", "tester")
    assert entry.before["contributions_publication"] == "totals"
    assert entry.after["contributions_publication"] == "per-party"
    again = cli("conference", "publish", "fourth-2020", "--contributions", "per-party")
    assert again.exit_code == 0
    assert publish_entries(session) == 1  # nothing changed, nothing recorded


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        (("fourth-2020", "--contributions", "everything"), 2, "everything"),
        (("no-such-conference", "--contributions", "per-party"), 1, "error: conference"),
        (("fourth-2020",), 2, "--contributions"),
    ],
)
def test_cli_publish_refusals_leave_the_database_unchanged(
    cli, demo, dump, args, exit_code, message
):
    before = dump()
    result = cli("conference", "publish", *args)
    assert result.exit_code == exit_code
    assert message in result.output
    assert dump() == before


def test_publish_operation_names_the_field(session, demo, context):
    with pytest.raises(ValidationError) as refusal:
        publish_contributions(session, context, "fourth-2020", "everything")
    assert refusal.value.field == "contributions"


def test_summary_is_the_organizers_by_default_and_the_public_one_on_request(cli, demo):
    organizer = cli(*SUMMARY).output
    assert RESTRICTED in organizer and "PL-2019-NZL" in organizer
    assert cli(*SUMMARY, "--viewer", "organizer").output == organizer
    public = cli(*SUMMARY, "--viewer", "public").output
    assert RESTRICTED not in public
    assert "PL-2019-NZL" not in public and "New Zealand" not in public
    assert "Figures by party are not published" in public
    assert "Held (6):" in public and "Held (7):" in organizer
    assert (
        cli("conference", "publish", "fourth-2020", "--contributions", "per-party").exit_code == 0
    )
    published = cli(*SUMMARY, "--viewer", "public").output
    assert "PL-2019-NZL" in published and RESTRICTED not in published


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_public_summary_in_every_format_keeps_the_restricted_meeting_out(cli, demo, fmt):
    organizer = cli(*SUMMARY, "--format", fmt).output
    public = cli(*SUMMARY, "--format", fmt, "--viewer", "public").output
    assert "focal points: draft outcome document" in organizer
    assert "focal points: draft outcome document" not in public
    assert "PL-2019-NZL" in organizer and "PL-2019-NZL" not in public


def test_the_chair_designated_at_a_restricted_meeting_keeps_the_place_from_the_public(
    cli, demo, session
):
    designated = cli(
        *("chair", "designate", "fourth-2020", "--nomination", "1", "--date", "2020-02-21"),
        *("--at", RESTRICTED),
    )
    assert designated.exit_code == 0, designated.output
    conference = conference_by_slug(session, "fourth-2020")
    day = date(2020, 3, 1)
    public = derived_statuses(session, conference, day, visibility.ANYONE)[11]
    organizer = derived_statuses(session, conference, day, visibility.ORGANIZER)[11]
    assert organizer.values["chair"].chair.at == RESTRICTED
    assert public.values["chair"].chair.at is None
    assert organizer.fact.startswith("Designated: ") and RESTRICTED not in public.fact


def test_contacts_seeing_agrees_with_each_contacts_private_feed(session, demo, context):
    """The batched form used for e-mail recipients and the per-viewer rule never disagree:
    a contact of a member state, of the zone itself, of another zone, without a party,
    invited directly, on every meeting of the demo (public and restricted) and on a
    restricted meeting inviting a zone and one contact."""
    from planner.directory.operations import add_contact
    from planner.meetings.operations import add_meeting

    people = [
        add_contact(session, context, name=name, email=f"{n}@example.org", party=party)
        for n, (name, party) in enumerate(
            [("Mexico", "MEX"), ("Zone", "TLATELOLCO"), ("Fiji", "FJI"), ("Nobody", None),
             ("Kazakhstan", "KAZ")]
        )
    ]  # fmt: skip
    add_meeting(
        session, context, conference="fourth-2020", title="Restricted", start="2020-03-10 10:00",
        end="2020-03-10 11:00", timezone="UTC", visibility="restricted",
        invite=["TLATELOLCO", str(people[3].id)],
    )  # fmt: skip
    meetings = list(session.scalars(select(Meeting)))
    assert any(m.visibility == "restricted" for m in meetings)
    for meeting in meetings:
        batched = visibility.contacts_seeing(session, meeting, [p.id for p in people])
        one_by_one = {
            person.id
            for person in people
            if session.scalar(
                select(Meeting.id).where(
                    Meeting.id == meeting.id,
                    visibility.sees_meeting(visibility.for_contact(session, person)),
                )
            )
        }
        assert batched == one_by_one, meeting.title
