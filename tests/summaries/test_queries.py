"""Building (and rendering) the readiness picture costs the same number of queries for a
small conference and for one with ten times the meetings, invitations, pledges and payments."""

from datetime import date, timedelta

from planner.chair.operations import endorse, nominate, set_target
from planner.chair.status import chair_status
from planner.conferences.operations import conference_by_slug
from planner.finance.status import status_of_contributions
from planner.meetings.operations import add_meeting
from planner.summaries.readiness import readiness
from planner.summaries.render import render_summary
from planner.visibility import ORGANIZER
from tests.conftest import count_queries, recorded_statements
from tests.finance.factory import fill

AS_OF = date(2020, 12, 20)


def populate(session, context, *, seed, parties, pledges, payments, meetings):
    conference = fill(session, parties=parties, pledges=pledges, payments=payments, seed=seed)
    states = [f"B{seed}{n:04d}" for n in range(parties)]
    first_day = AS_OF - timedelta(days=meetings // 2)
    for n in range(meetings):
        day = first_day + timedelta(days=n)
        add_meeting(
            session,
            context,
            conference=conference.slug,
            title=f"Meeting {n}",
            start=f"{day} 10:00",
            end=f"{day} 12:00",
            timezone="Europe/Vienna",
            kind="preparatory" if n % 3 == 0 else "consultation-group",
            status="tentative" if n % 2 else "confirmed",
            venue=f"Room {n % 4}",
            # Every meeting invites the zone or two states: parties in common, so clashes.
            invite=[f"ZONE{seed}"] if n % 2 else states[n % parties : n % parties + 2],
            repeat="FREQ=WEEKLY;COUNT=3" if n % 5 == 0 else None,
        )
        if n % 4 == 0:  # a parallel side event at the same venue: a clash
            add_meeting(
                session,
                context,
                conference=conference.slug,
                title=f"Side event {n}",
                start=f"{day} 11:00",
                end=f"{day} 13:00",
                timezone="Europe/Vienna",
                kind="side-event",
                venue=f"Room {n % 4}",
            )
    set_target(session, context, conference=conference.slug, target="2020-10-01")
    for state in states[:3]:
        nomination = nominate(
            session,
            context,
            conference=conference.slug,
            party=state,
            by=f"ZONE{seed}",
            on="2020-09-01",
        )
        endorse(session, context, nomination_id=nomination.id, party=states[-1], on="2020-09-02")
    return conference


def test_query_count_does_not_grow_with_the_data(engine, session, context):
    small = populate(session, context, seed=1, parties=3, pledges=6, payments=10, meetings=4)
    large = populate(session, context, seed=2, parties=30, pledges=200, payments=1000, meetings=40)
    session.commit()
    counts, pictures = [], {}
    for conference in (small, large):
        session.expunge_all()

        def build(slug=conference.slug):
            pictures[slug] = picture = readiness(session, slug, AS_OF, ORGANIZER)
            for fmt in ("txt", "md", "html"):
                render_summary(picture, fmt, "zh")  # rendering must not lazy-load anything

        counts.append(count_queries(engine, build)[0])
    assert counts[0] == counts[1] <= 40, counts
    large_picture = pictures[large.slug]
    assert len(large_picture.meetings.held) + len(large_picture.meetings.upcoming) > 60
    assert large_picture.meetings.clashes and large_picture.meetings.tentative_soon
    assert large_picture.finance.parties == 30
    assert [w.kind for w in large_picture.warnings][:1] == ["chair_overdue"]


def test_the_picture_reads_the_chair_and_the_contributions_once(engine, session, context):
    """The finance part and recommendation 12 show one status of contributions, the chair
    part and recommendation 11 one chair status: each is computed once per picture."""
    conference = populate(session, context, seed=3, parties=3, pledges=6, payments=10, meetings=4)
    session.commit()

    def statements(action) -> list[str]:
        return recorded_statements(engine, action)[0]

    def reading(table: str, found: list[str]) -> int:
        return sum(1 for statement in found if f"FROM {table}" in statement)

    session.expunge_all()
    picture = statements(lambda: readiness(session, conference.slug, AS_OF, ORGANIZER))
    session.expunge_all()
    found = conference_by_slug(session, conference.slug)
    one_status = statements(lambda: status_of_contributions(session, found, AS_OF))
    one_chair = statements(lambda: chair_status(session, found, AS_OF))
    assert reading("payments", one_status) >= 1 and reading("chair_processes", one_chair) >= 1
    assert reading("payments", picture) == reading("payments", one_status)
    assert reading("chair_processes", picture) == reading("chair_processes", one_chair)
