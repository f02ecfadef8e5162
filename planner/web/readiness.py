"""The readiness panel of the conference page: the status summary's HTML sections.

It renders the same :func:`~planner.summaries.readiness.readiness` tree through the
same partial (``templates/summaries/_readiness.html``) as ``planner summary --format
html``, in the request's language, as of today by the application's clock, for the
viewer of the request (signed out: the public's picture). The panel offers the whole
summary as the PDF ``planner summary --format pdf`` writes, for the same viewer.
"""

from datetime import date

from flask import Blueprint
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from planner.conferences.models import Conference
from planner.conferences.operations import conference_by_slug
from planner.summaries.formatting import Formatter
from planner.summaries.readiness import readiness
from planner.summaries.render import render_summary
from planner.web.auth import viewer
from planner.web.database import db, state
from planner.web.downloads import pdf_attachment
from planner.web.localization import locale
from planner.web.portal import Panel

blueprint = Blueprint("readiness", __name__, url_prefix="/<lang>/conferences/<slug>")


def _today() -> date:
    return state().settings.clock().date()


def readiness_panel(session: Session, conference: Conference) -> Panel:
    return Panel(
        "web/portal/panels/readiness.html",
        {"r": readiness(session, conference, _today(), viewer()), "fmt": Formatter(locale())},
    )


@blueprint.get("/summary.pdf")
def summary_pdf(slug: str) -> ResponseReturnValue:
    """The status summary as of today, for this viewer, in this language, as an A4 PDF."""
    session = db()
    picture = readiness(session, conference_by_slug(session, slug), _today(), viewer())
    return pdf_attachment(
        render_summary(picture, "html", locale()),
        f"summary-{slug}-{picture.as_of.isoformat()}.pdf",
    )
