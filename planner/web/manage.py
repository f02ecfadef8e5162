"""Signed-in pages for the secretariat. Every form calls the same operation as the CLI.

The contacts page is the pattern later pages follow: the list for any signed-in role,
the form for the role that may change data; ``role_required`` on each view, a
Flask-WTF form (CSRF), the operation handed to ``submit`` (refused: ``show_error``,
nothing committed; else committed once, then ``saved`` flashes and redirects).
"""

from flask import Blueprint, render_template, url_for
from flask.typing import ResponseReturnValue

from planner.directory.operations import add_contact, list_contacts
from planner.users.models import ROLES
from planner.visibility import sees_contact_details
from planner.web.auth import role_required, viewer
from planner.web.database import context, db
from planner.web.forms import ContactForm, show_error
from planner.web.localization import gettext
from planner.web.submitting import saved, submit

blueprint = Blueprint("manage", __name__, url_prefix="/<lang>/manage")


def _contacts_page(form: ContactForm, status: int = 200) -> ResponseReturnValue:
    contacts = list_contacts(db())
    details = sees_contact_details(viewer())
    page = render_template(
        "web/manage/contacts.html", form=form, contacts=contacts, details=details
    )
    return page, status


@blueprint.get("/contacts")
@role_required(*ROLES)
def contacts() -> ResponseReturnValue:
    return _contacts_page(ContactForm(formdata=None))


@blueprint.post("/contacts")
@role_required("organizer")
def add_contact_view() -> ResponseReturnValue:
    form = ContactForm()
    return submit(
        lambda: add_contact(
            db(),
            context(),
            name=form.name.data or "",
            title=form.title.data,
            email=form.email.data,
            party=form.party.data or None,
        ),
        lambda refusal: _contacts_page(form, show_error(form, refusal)),
        lambda contact: saved(
            gettext("Contact %(name)s added.", name=contact.name), url_for("manage.contacts")
        ),
    )
