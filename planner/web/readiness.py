"""The readiness panel of the conference page: the status summary's HTML sections.

It renders the same :func:`~planner.summaries.readiness.readiness` tree through the
same partial (``templates/summaries/_readiness.html``) as ``planner summary --format
html``, in the request's language, as of today by the application's clock, for the
viewer of the request (signed out: the public's picture).
"""

from sqlalchemy.orm import Session

from planner.conferences.models import Conference
from planner.summaries.formatting import Formatter
from planner.summaries.readiness import readiness
from planner.web.auth import viewer
from planner.web.database import state
from planner.web.localization import locale
from planner.web.portal import Panel


def readiness_panel(session: Session, conference: Conference) -> Panel:
    today = state().settings.clock().date()
    return Panel(
        "web/portal/panels/readiness.html",
        {"r": readiness(session, conference, today, viewer()), "fmt": Formatter(locale())},
    )
