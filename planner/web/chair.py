"""The chair designation: its status, and nominate, endorse, withdraw, designate for organizers."""

from collections.abc import Callable
from typing import Any

from flask import Blueprint, render_template, url_for
from flask.typing import ResponseReturnValue
from wtforms import BooleanField, StringField, TextAreaField

from planner.chair.operations import designate, endorse, nominate, nomination_by_id, withdraw
from planner.chair.status import chair_status
from planner.errors import PlannerError, ValidationError
from planner.web.auth import role_required
from planner.web.database import context, db
from planner.web.forms import FlaskForm, show_error
from planner.web.localization import gettext, party_label, party_text
from planner.web.submitting import saved, submit
from planner.web.workspace import READERS, conference, open_select, today

blueprint = Blueprint("chair", __name__, url_prefix="/<lang>/manage/<conf>/chair")


class NominateForm(FlaskForm):
    party = StringField()
    person = StringField()
    title = StringField()
    by = StringField()
    date = StringField()


class EndorseForm(FlaskForm):
    nomination = open_select()
    party = StringField()
    date = StringField()


class ConfirmedForm(FlaskForm):
    """A form whose change may need a confirmation page first (its button sets this)."""

    confirmed = BooleanField()


class WithdrawForm(ConfirmedForm):
    nomination = open_select()
    date = StringField()


class DesignateForm(ConfirmedForm):
    nomination = open_select()
    date = StringField()
    at = StringField()
    replace = BooleanField()
    reason = TextAreaField()


FORMS = {
    "nominate": NominateForm,
    "endorse": EndorseForm,
    "withdraw": WithdrawForm,
    "designate": DesignateForm,
}


def _nomination_id(text: str | None) -> int:
    """The nomination chosen in a form (the CLI gets an integer from click)."""
    try:
        return int(text or "")
    except ValueError:
        raise ValidationError(
            field="nomination", code="nomination.malformed_id", value=text
        ) from None


def _page(conf: str, submitted: FlaskForm | None = None, status: int = 200) -> ResponseReturnValue:
    found = conference(conf)
    chair = chair_status(db(), found, today())
    active = [
        (
            str(nomination.id),
            f"{nomination.id}: {party_text(nomination.state, nomination.state_name)}",
        )
        for nomination in chair.nominations
        if nomination.withdrawn_on is None
    ]
    forms = {}
    for name, form_class in FORMS.items():
        form = submitted if submitted is not None and submitted._prefix == f"{name}-" else None
        form = form or form_class(formdata=None, prefix=name)
        if hasattr(form, "nomination"):
            form.nomination.choices = active
        forms[name] = form
    return render_template(
        "web/manage/chair.html",
        conference=found,
        chair=chair,
        forms=forms,
    ), status


@blueprint.get("")
@role_required(*READERS)
def index(conf: str) -> ResponseReturnValue:
    return _page(conf)


def _record(
    conf: str,
    name: str,
    change: Callable[[Any], None],
    done: str,
    confirmation: Callable[[Any], list[str]] | None = None,
) -> ResponseReturnValue:
    """Run one chair operation from its form: refused -> the page with the error, else saved.

    A destructive one (``confirmation`` says what it will do, or returns nothing when it is
    not destructive this time) is first tried and rolled back: refused, the error shows as
    usual; accepted, a confirmation page asks before the same post is sent for good."""
    form = FORMS[name](prefix=name)
    happens = confirmation(form) if confirmation else []
    if happens and isinstance(form, ConfirmedForm) and not form.confirmed.data:
        try:
            change(form)
        except PlannerError as refusal:
            db().rollback()
            return _page(conf, form, show_error(form, refusal))
        db().rollback()
        return render_template(
            "web/manage/confirm_chair.html",
            conference=conference(conf),
            form=form,
            happens=happens,
            action=url_for(f".{name}_view", conf=conf),
        )
    return submit(
        lambda: change(form),
        lambda refusal: _page(conf, form, show_error(form, refusal)),
        lambda _: saved(done, url_for(".index", conf=conf)),
    )


def _nominee(chosen: str | None) -> str:
    """The nomination as the chair page lists it: its number and the nominated state
    (as typed when there is no such nomination: the operation then refuses it)."""
    try:
        nomination = nomination_by_id(db(), chosen)
    except PlannerError:
        return chosen or ""
    return f"{nomination.id}: {party_label(nomination.state)}"


@blueprint.post("/nominate")
@role_required("organizer")
def nominate_view(conf: str) -> ResponseReturnValue:
    def change(form: NominateForm) -> None:
        nominate(
            db(),
            context(),
            conference=conf,
            party=form.party.data or "",
            person=form.person.data,
            title=form.title.data,
            by=(form.by.data or "").strip() or None,
            on=form.date.data,
        )

    return _record(conf, "nominate", change, gettext("Nomination recorded."))


@blueprint.post("/endorse")
@role_required("organizer")
def endorse_view(conf: str) -> ResponseReturnValue:
    def change(form: EndorseForm) -> None:
        endorse(
            db(),
            context(),
            nomination_id=_nomination_id(form.nomination.data),
            party=form.party.data or "",
            on=form.date.data,
        )

    return _record(conf, "endorse", change, gettext("Endorsement recorded."))


@blueprint.post("/withdraw")
@role_required("organizer")
def withdraw_view(conf: str) -> ResponseReturnValue:
    def change(form: WithdrawForm) -> None:
        withdraw(
            db(), context(), nomination_id=_nomination_id(form.nomination.data), on=form.date.data
        )

    def confirmation(form: WithdrawForm) -> list[str]:
        nominee = _nominee(form.nomination.data)
        return [
            gettext(
                "Nomination %(nomination)s will be withdrawn: it can no longer be endorsed or "
                "designated, and it stays in the history with its endorsements.",
                nomination=nominee,
            )
        ]

    done = gettext("Nomination withdrawn.")
    return _record(conf, "withdraw", change, done, confirmation)


@blueprint.post("/designate")
@role_required("organizer")
def designate_view(conf: str) -> ResponseReturnValue:
    def change(form: DesignateForm) -> None:
        designate(
            db(),
            context(),
            conference=conf,
            nomination_id=_nomination_id(form.nomination.data),
            on=form.date.data,
            at=form.at.data,
            replace=form.replace.data,
            reason=form.reason.data,
        )

    def confirmation(form: DesignateForm) -> list[str]:
        if not form.replace.data:
            return []  # a first designation takes nothing away
        nominee = _nominee(form.nomination.data)
        return [
            gettext(
                "The designated chair will be replaced by nomination %(nomination)s; the "
                "previous designation stays in the history with your reason.",
                nomination=nominee,
            )
        ]

    return _record(conf, "designate", change, gettext("Chair designated."), confirmation)
