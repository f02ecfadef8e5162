"""Every GET route of the app's url_map, with its parameters filled from the data set.

Used by the tests that must visit every page (security headers): a route added
without a way to fill its parameters fails ``urls_of_every_get_route`` loudly
instead of being skipped.
"""

from flask import Flask
from sqlalchemy import select

from planner.actions.models import Action
from planner.audit import Context
from planner.calendars.tokens import issue_feed_token
from planner.db import unit_of_work
from planner.directory.models import Party
from planner.directory.operations import add_contact
from planner.finance.models import Payment, Pledge
from planner.meetings.models import Meeting

CONFERENCE = "fourth-2020"
LANGUAGES = ("en", "zh")


def route_values(engine, context: Context) -> dict[str, object]:
    """One real value for each parameter name, from the demo data set plus a contact with a
    private feed token (the data set has no contacts)."""
    with unit_of_work(engine) as session:
        contact = add_contact(
            session, context, name="Route Visitor", email="visitor@example.org", party="MNG"
        )
        session.flush()
        zone = session.scalars(select(Party).where(Party.kind == "zone").order_by(Party.id)).first()
        token = issue_feed_token(session, context, contact.id, CONFERENCE).token
        return {
            "slug": CONFERENCE,
            "conf": CONFERENCE,
            "conference": CONFERENCE,
            "zone_code": zone.code,
            "party_code": "MNG",
            "contact_id": contact.id,
            "meeting_id": session.scalars(select(Meeting.id).order_by(Meeting.id)).first(),
            "pledge_id": session.scalars(select(Pledge.id).order_by(Pledge.id)).first(),
            "payment_id": session.scalars(select(Payment.id).order_by(Payment.id)).first(),
            "number": session.scalars(select(Action.number).order_by(Action.number)).first(),
            "token": token,
        }


def urls_of_every_get_route(
    app: Flask, values: dict[str, object], languages: tuple[str, ...] = LANGUAGES
) -> list[tuple[str, str]]:
    """(endpoint, path) for every GET rule, once per language where the rule has one."""
    urls = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if "GET" not in rule.methods:
            continue
        filled = {}
        for name in rule.arguments - {"lang"}:
            key = name
            if name == "code":
                key = "zone_code" if rule.endpoint == "portal.zone" else "party_code"
            assert values.get(key) is not None, f"no value for {name} of {rule.endpoint}"
            filled[name] = values[key]
        for lang in languages if "lang" in rule.arguments else (None,):
            arguments = {**filled, "lang": lang} if lang else filled
            urls.append((rule.endpoint, rule.build(arguments)[1]))
    return urls
