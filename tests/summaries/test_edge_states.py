"""Summaries of edge states: nothing recorded, chair designated or overdue, everything paid."""

from datetime import date

from planner.chair.operations import designate, nominate, set_target
from planner.finance.operations import add_payment, add_pledge
from planner.summaries.readiness import readiness
from planner.visibility import ORGANIZER
from tests.summaries.helpers import AS_OF, bare_conference, render_all


def warning_kinds(session, slug, as_of=AS_OF):
    return [warning.kind for warning in readiness(session, slug, as_of, ORGANIZER).warnings]


def test_a_bare_conference_says_what_is_missing(session, context, demo):
    conference = bare_conference(session, context)
    session.commit()
    picture = readiness(session, conference.slug, AS_OF, ORGANIZER)
    assert picture.meetings.empty and picture.finance.parties == 0
    assert picture.chair.state == "not_started" and not picture.actions
    assert [w.kind for w in picture.warnings] == ["no_preparatory", "funding_gap"]
    rendered = render_all(session, conference.slug)
    text = rendered["txt", "en"]
    assert "No meetings recorded." in text
    assert "No pledges or payments recorded." in text
    assert "Not started" in text and "No actions recorded." in text
    assert "Funding gap of $100,000.00 with 54 days to go: 0.0% of the budget received" in text
    assert "SAMPLE" not in text  # nothing invented here
    assert "没有会议记录。" in rendered["txt", "zh"]
    assert "没有认捐或付款记录。" in rendered["html", "zh"]
    for output in rendered.values():
        assert "Bare Conference" in output


def test_no_budget_means_no_gap_and_no_percentages(session, context, demo):
    conference = bare_conference(session, context, budget=None)
    session.commit()
    picture = readiness(session, conference.slug, AS_OF, ORGANIZER)
    assert picture.finance.gap is None and picture.finance.percent_funded is None
    assert "funding_gap" not in warning_kinds(session, conference.slug)
    assert "Budget: not set" in render_all(session, conference.slug)["txt", "en"]


def test_chair_designated(session, context, demo):
    slug = bare_conference(session, context).slug
    set_target(session, context, conference=slug, target="2020-01-31")
    nomination = nominate(session, context, conference=slug, party="MNG", on="2020-01-05")
    designate(session, context, conference=slug, nomination_id=nomination.id, on="2020-01-20")
    session.commit()
    assert "chair_overdue" not in warning_kinds(session, slug)
    rendered = render_all(session, slug)
    assert "Designated: Mongolia, since January 20, 2020" in rendered["txt", "en"]
    assert "已指定：蒙古，自2020年1月20日起" in rendered["txt", "zh"]
    # Before the designation, the same data shows nominations open.
    before = render_all(session, slug, date(2020, 1, 10))["txt", "en"]
    assert "Nominations open; target date January 31, 2020" in before


def test_chair_overdue(session, context, demo):
    slug = bare_conference(session, context).slug
    set_target(session, context, conference=slug, target="2020-02-01")
    session.commit()
    picture = readiness(session, slug, AS_OF, ORGANIZER)
    assert picture.warnings[0].kind == "chair_overdue" and picture.warnings[0].days == 29
    text = render_all(session, slug)["txt", "en"]
    assert (
        "- [high] No chair designated 29 days after the target date, February 1, 2020;"
        " 0 active nominations" in text
    )
    assert "Overdue by 29 days: no chair designated by the target date, February 1, 2020" in text
    # The day of the target date itself is not late yet.
    assert "chair_overdue" not in warning_kinds(session, slug, date(2020, 2, 1))


def test_everything_paid(session, context, demo):
    slug = bare_conference(session, context, budget="30000.00").slug
    for party, amount in (("MNG", "20000.00"), ("KAZ", "10000.00")):
        add_pledge(
            session,
            context,
            slug,
            party=party,
            amount=amount,
            currency="USD",
            due="2020-02-01",
            pledged_on="2020-01-02",
        )
        add_payment(
            session,
            context,
            slug,
            party=party,
            amount=amount,
            currency="USD",
            received="2020-02-20",
        )
    session.commit()
    finance = readiness(session, slug, AS_OF, ORGANIZER).finance
    assert finance.paid == finance.pledged == finance.budget
    assert finance.outstanding == finance.overdue == finance.gap == 0
    assert finance.largest_overdue == ()
    kinds = warning_kinds(session, slug)
    assert "overdue_pledges" not in kinds and "funding_gap" not in kinds
    text = render_all(session, slug)["txt", "en"]
    assert "Paid: $30,000.00 (100.0% of the budget)" in text
    assert "Overdue: $0.00" in text and "Funding gap: $0.00" in text
    assert "Largest overdue pledges" not in text
    # Before the payments arrived, both pledges were overdue, the larger first.
    late = readiness(session, slug, date(2020, 2, 10), ORGANIZER).finance
    assert [pledge.party for pledge in late.largest_overdue] == ["MNG", "KAZ"]
    assert late.overdue_since == date(2020, 2, 1)
