"""The signed-in workspace: its home page and what every managing page shares.

Pages live under ``/<lang>/manage/<conf>/...``; reading is open to every signed-in
role, changing to the role named on each view. Forms carry no validators of their own:
the domain operations (the same ones the CLI calls) refuse bad input, and
:func:`planner.web.forms.show_error` puts the refusal next to its field.
"""

from collections.abc import Iterable
from datetime import date

from flask import Blueprint, flash, render_template
from flask.typing import ResponseReturnValue
from wtforms import SelectField

from planner.advisories import OVERDUE_AT_ONCE, Advisory
from planner.conferences.models import Conference
from planner.conferences.operations import conference_by_slug, list_conferences
from planner.users.models import ROLES
from planner.web.auth import role_required
from planner.web.database import db, state
from planner.web.localization import gettext, localized_date

READERS = ROLES  # every signed-in role may read the lists

blueprint = Blueprint("workspace", __name__, url_prefix="/<lang>/manage")


def today() -> date:
    """Today by the application's clock (the same injected clock the audit log uses)."""
    return state().settings.clock().date()


def conference(slug: str) -> Conference:
    return conference_by_slug(db(), slug)


def open_select(choices: Iterable[tuple[str, str]] = ()) -> SelectField:
    """A select whose value the domain operation checks (so its refusal names the field)."""
    return SelectField(choices=list(choices), validate_choice=False)


def advisory_texts(advisories: Iterable[Advisory]) -> list[str]:
    """The domain's advisories in the reader's language, to show after saving."""
    texts = []
    for advisory in advisories:
        day = localized_date(advisory.day)
        if advisory.code == OVERDUE_AT_ONCE:
            texts.append(
                gettext("Saved, but already overdue: the amount due on %(day)s is unpaid.", day=day)
            )
        else:
            texts.append(
                gettext(
                    "Saved, but %(day)s is more than a year from the conference's dates: "
                    "check the year.",
                    day=day,
                )
            )
    return texts


def warn(messages: list[str]) -> None:
    """Warnings shown after saving (clashes): the change is kept, the organizer is told."""
    for message in messages:
        flash(message, "warning")


@blueprint.get("/")
@role_required(*READERS)
def index() -> ResponseReturnValue:
    return render_template("web/manage/index.html", conferences=list_conferences(db()))
