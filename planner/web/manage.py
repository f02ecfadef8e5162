"""Signed-in pages for the secretariat. Every form calls the same operation as the CLI.

The contacts page is the pattern later pages follow: the list for any signed-in role,
the form for the role that may change data; ``role_required`` on each view, a
Flask-WTF form (CSRF), the operation in ``try``, ``show_error`` on refusal (nothing
committed), ``commit()`` once and redirect on success.
"""

from flask import Blueprint, flash, redirect, render_template, url_for

from planner.directory.operations import add_contact, list_contacts
from planner.errors import PlannerError
from planner.users.models import ROLES
from planner.visibility import sees_contact_details
from planner.web.auth import role_required, viewer
from planner.web.database import commit, context, db
from planner.web.forms import ContactForm, show_error
from planner.web.localization import gettext

blueprint = Blueprint("manage", __name__, url_prefix="/<lang>/manage")


def _contacts_page(form: ContactForm, status: int = 200):
    contacts = list_contacts(db())
    details = sees_contact_details(viewer())
    page = render_template(
        "web/manage/contacts.html", form=form, contacts=contacts, details=details
    )
    return page, status


@blueprint.get("/contacts")
@role_required(*ROLES)
def contacts():
    return _contacts_page(ContactForm(formdata=None))


@blueprint.post("/contacts")
@role_required("organizer")
def add_contact_view():
    form = ContactForm()
    try:
        contact = add_contact(
            db(),
            context(),
            name=form.name.data,
            title=form.title.data,
            email=form.email.data,
            party=form.party.data or None,
        )
    except PlannerError as refusal:
        return _contacts_page(form, show_error(form, refusal))
    commit()
    flash(gettext("Contact %(name)s added.", name=contact.name))
    return redirect(url_for("manage.contacts"))
