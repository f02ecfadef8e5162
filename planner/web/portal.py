"""The public portal (no sign-in): conferences, zones and their parties.

A conference page is a list of *panels*, each rendered from its own template with
its own data. The facts panel is built in; later features add theirs (the readiness
picture, meetings, subscribe links) with :func:`add_conference_panel` in the app
factory, without touching this module.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Flask, current_app, render_template
from flask.typing import ResponseReturnValue
from markupsafe import Markup
from sqlalchemy.orm import Session

from planner.conferences.models import Conference
from planner.conferences.operations import conference_by_slug, list_conferences
from planner.directory.models import Party, PartyKind
from planner.directory.operations import list_parties, party_by_code, zone_memberships
from planner.errors import NotFound
from planner.web.database import db


@dataclass(frozen=True)
class Panel:
    """One section of the conference page: a template under ``web/`` and its values."""

    template: str
    values: dict[str, Any] = field(default_factory=dict)


ConferencePanel = Callable[[Session, Conference], Panel | None]

blueprint = Blueprint("portal", __name__, url_prefix="/<lang>")


def facts_panel(session: Session, conference: Conference) -> Panel:
    return Panel("web/portal/panels/facts.html", {"conference": conference})


def add_conference_panel(app: Flask, panel: ConferencePanel) -> None:
    """Append a panel to this app's conference page (it returns None to show nothing)."""
    app.extensions.setdefault("conference_panels", [facts_panel]).append(panel)


def conference_panels(app: Flask) -> list[ConferencePanel]:
    panels: list[ConferencePanel] = app.extensions.setdefault("conference_panels", [facts_panel])
    return panels


@blueprint.get("/")
def index() -> ResponseReturnValue:
    return render_template("web/portal/index.html", conferences=list_conferences(db()))


def _rendered_panel(panel: Panel) -> Markup:
    """A panel is an autoescaped .html template, so its output is already safe HTML;
    Markup only stops the page template from escaping it a second time."""
    html = render_template(panel.template, **panel.values)
    return Markup(html)  # nosec B704


@blueprint.get("/conferences/<slug>")
def conference(slug: str) -> ResponseReturnValue:
    session = db()
    found = conference_by_slug(session, slug)
    panels = [panel(session, found) for panel in conference_panels(current_app)]
    rendered = [_rendered_panel(panel) for panel in panels if panel]
    return render_template("web/portal/conference.html", conference=found, panels=rendered)


def _zones(session: Session) -> list[Party]:
    return [party for party in list_parties(session) if party.kind == PartyKind.ZONE]


@blueprint.get("/zones")
def zones() -> ResponseReturnValue:
    session = db()
    organizations = [
        party for party in list_parties(session) if party.kind == PartyKind.ORGANIZATION
    ]
    return render_template(
        "web/portal/zones.html", zones=_zones(session), organizations=organizations
    )


@blueprint.get("/zones/<code>")
def zone(code: str) -> ResponseReturnValue:
    session = db()
    found = party_by_code(session, code, "zone")
    if found.kind != PartyKind.ZONE:
        raise NotFound(field="zone", code="party.not_a_zone", party=found.code)
    return render_template(
        "web/portal/zone.html", zone=found, memberships=zone_memberships(session, found)
    )
