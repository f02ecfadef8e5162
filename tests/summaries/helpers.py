"""Small builders for the summary tests: a bare conference and a rendering shortcut."""

from datetime import date

from planner.conferences.operations import add_conference
from planner.summaries.readiness import readiness
from planner.summaries.render import render_summary
from planner.visibility import ORGANIZER

AS_OF = date(2020, 3, 1)


def bare_conference(session, context, slug="bare-2020", budget="100000.00"):
    """A conference with no meetings, pledges, chair process or actions."""
    return add_conference(
        session,
        context,
        slug=slug,
        title="Bare Conference",
        start=date(2020, 4, 24),
        end=date(2020, 4, 24),
        timezone="America/New_York",
        venue="Geneva",
        budget=budget,
    )


def render_all(session, slug, as_of=AS_OF) -> dict[tuple[str, str], str]:
    """Every format in every language, from one readiness computation."""
    picture = readiness(session, slug, as_of, ORGANIZER)
    return {
        (fmt, lang): render_summary(picture, fmt, lang)
        for fmt in ("txt", "md", "html")
        for lang in ("en", "zh")
    }
