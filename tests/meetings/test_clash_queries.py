"""Clash detection reads memberships and party codes once, whatever the number of meetings."""

from planner.meetings.clashes import clashes_among, find_clashes
from planner.meetings.operations import add_meeting, list_meetings
from planner.visibility import ORGANIZER
from tests.conftest import count_queries


def schedule(session, context, count, day):
    """``count`` meetings on one day, each overlapping all others (10-12 or 11-13 New York
    time), inviting Pelindaba or two of its states: every pair clashes."""
    meetings = []
    for n in range(count):
        meetings.append(
            add_meeting(
                session,
                context,
                conference="fourth-2020",
                title=f"Meeting {day} {n}",
                start=f"{day} {10 + n % 2}:00",
                end=f"{day} {12 + n % 2}:00",
                timezone="America/New_York",
                venue=f"Room {n % 2}",
                invite=["PELINDABA"] if n % 2 else ["ZAF", "NGA"],
            )
        )
    return meetings


def test_find_clashes_costs_the_same_for_3_or_30_candidates(engine, session, context, demo):
    few = schedule(session, context, 4, "2020-05-04")
    many = schedule(session, context, 31, "2020-05-05")
    session.commit()
    counts = []
    for meetings in (few, many):
        session.expunge_all()
        queries, warnings = count_queries(
            engine, lambda m=meetings[0]: find_clashes(session, session.merge(m, load=False))
        )
        counts.append(queries)
        assert len(warnings) == len(meetings) - 1  # all share ZAF (Pelindaba) or a room
    assert counts[0] == counts[1], counts
    sentence = find_clashes(session, many[0])[0].describe()
    assert sentence.startswith(f'meeting {many[0].id} "Meeting 2020-05-05 0" overlaps meeting ')
    assert (
        "both invite Nigeria (NGA), South Africa (ZAF)" in sentence or "same venue Room" in sentence
    )


def test_clashes_among_finds_each_pair_once(engine, session, context, demo):
    schedule(session, context, 5, "2020-05-06")
    session.commit()
    meetings = [
        m
        for m in list_meetings(session, "fourth-2020", viewer=ORGANIZER)
        if m.title.startswith("Meeting")
    ]
    queries, clashes = count_queries(engine, lambda: clashes_among(session, meetings))
    assert queries == 2
    pairs = {frozenset((clash.meeting.id, clash.other.id)) for clash in clashes}
    assert len(clashes) == len(pairs) == 10  # each of the 5 x 4 / 2 pairs, once
    for clash in clashes:
        assert {"NGA", "ZAF"} <= {party.code for party in clash.parties}
        assert clash.at == max(clash.meeting.start_utc, clash.other.start_utc)
