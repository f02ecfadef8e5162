"""Organizers issue and revoke a contact's private calendar address.

The address holds the token, which is shown once, on the page answering the
issue request (not in a flash message: those travel in the signed but readable
session cookie), with ``Cache-Control: no-store``. Afterwards only the fact that a
live token exists is shown; a lost address is replaced by issuing a new one.
"""

from contextlib import suppress

from flask import Blueprint, render_template, url_for
from flask.typing import ResponseReturnValue
from wtforms import SelectField

from planner.calendars.addresses import absolute, private_feed_path, webcal
from planner.calendars.tokens import (
    IssuedToken,
    issue_feed_token,
    latest_conference,
    live_feed_tokens,
    revoke_feed_tokens,
)
from planner.conferences.operations import list_conferences
from planner.directory.operations import contact_by_id
from planner.errors import NotFound
from planner.web.auth import role_required
from planner.web.database import context, db, state
from planner.web.forms import FlaskForm, show_error
from planner.web.localization import gettext, reference_text
from planner.web.security import holds_secret
from planner.web.submitting import saved, submit

blueprint = Blueprint("feed_tokens", __name__, url_prefix="/<lang>/manage")
blueprint.before_request(holds_secret)  # the page may show a private address


class IssueForm(FlaskForm):
    conference = SelectField(validate_choice=False)  # the operation checks it


class RevokeForm(FlaskForm):
    pass


def _page(
    contact_id: int, form: IssueForm, status: int = 200, address: str | None = None
) -> ResponseReturnValue:
    session = db()
    contact = contact_by_id(session, contact_id)
    conferences = list_conferences(session)
    form.conference.choices = [(c.slug, reference_text(c.title)) for c in conferences]
    if form.conference.data is None:
        with suppress(NotFound):  # no conference yet: the form says so when submitted
            form.conference.data = latest_conference(session).slug
    page = render_template(
        "web/manage/feed_token.html",
        contact=contact,
        tokens=live_feed_tokens(session, contact.id),
        form=form,
        revoke_form=RevokeForm(formdata=None),
        address=address,
        webcal_address=webcal(address) if address else None,
    )
    headers = {"Cache-Control": "no-store"} if address else {}
    return page, status, headers


@blueprint.get("/contacts/<int:contact_id>/calendar")
@role_required("organizer")
def show(contact_id: int) -> ResponseReturnValue:
    return _page(contact_id, IssueForm(formdata=None))


@blueprint.post("/contacts/<int:contact_id>/calendar")
@role_required("organizer")
def issue(contact_id: int) -> ResponseReturnValue:
    form = IssueForm()

    def issued(token: IssuedToken) -> ResponseReturnValue:
        address = absolute(state().settings.public_base_url, private_feed_path(token.token))
        return _page(contact_id, IssueForm(formdata=None), address=address)

    return submit(
        lambda: issue_feed_token(db(), context(), contact_id, form.conference.data or None),
        lambda refusal: _page(contact_id, form, show_error(form, refusal)),
        issued,
    )


@blueprint.post("/contacts/<int:contact_id>/calendar/revoke")
@role_required("organizer")
def revoke(contact_id: int) -> ResponseReturnValue:
    form = IssueForm(formdata=None)
    return submit(
        lambda: revoke_feed_tokens(db(), context(), contact_id),
        lambda refusal: _page(contact_id, form, show_error(form, refusal)),
        lambda _: saved(
            gettext("The private calendar address was revoked."),
            url_for("feed_tokens.show", contact_id=contact_id),
        ),
    )
