"""The seminar's recommendations as tracked actions: manual and derived status, updates."""

from flask import Blueprint, render_template, url_for
from flask.typing import ResponseReturnValue
from wtforms import StringField, TextAreaField

from planner.actions.derived import DerivedState, derived_status, derived_statuses
from planner.actions.models import ACTION_STATUSES, ActionStatus
from planner.actions.operations import action_by_number, is_late, list_actions, update_action
from planner.web.auth import role_required, viewer
from planner.web.database import context, db
from planner.web.forms import FlaskForm, show_error
from planner.web.localization import gettext
from planner.web.submitting import saved, submit
from planner.web.workspace import READERS, conference, open_select, today

blueprint = Blueprint("actions", __name__, url_prefix="/<lang>/manage/<conf>/actions")


class ActionForm(FlaskForm):
    status = open_select()
    owner = StringField()
    due = StringField()
    note = TextAreaField()


def status_labels() -> dict[str, str]:
    """Manual statuses (open, in progress, done, dropped) and derived ones (overdue too)."""
    return {
        ActionStatus.OPEN: gettext("open"),
        ActionStatus.IN_PROGRESS: gettext("in progress"),
        ActionStatus.DONE: gettext("done"),
        ActionStatus.DROPPED: gettext("dropped"),
        DerivedState.OVERDUE: gettext("overdue"),
    }


@blueprint.get("")
@role_required(*READERS)
def index(conf: str) -> ResponseReturnValue:
    found = conference(conf)
    day = today()
    actions = list_actions(db(), conf)
    return render_template(
        "web/manage/actions.html",
        conference=found,
        actions=actions,
        late={action.number for action in actions if is_late(action, day)},
        derived=derived_statuses(db(), found, day, viewer()),
        statuses=status_labels(),
        as_of=day,
    )


def _action_page(
    conf: str, number: int, form: ActionForm | None = None, status: int = 200
) -> ResponseReturnValue:
    found = conference(conf)
    action = action_by_number(db(), conf, number)
    day = today()
    if form is None:
        form = ActionForm(
            formdata=None,
            status=action.status,
            owner=action.owner.code if action.owner else "",
            due=action.due_date.isoformat() if action.due_date else "",
        )
    labels = status_labels()
    form.status.choices = [(value, labels[value]) for value in ACTION_STATUSES]
    return render_template(
        "web/manage/action.html",
        conference=found,
        action=action,
        late=is_late(action, day),
        derived=derived_status(db(), found, day, viewer(), action.number),
        statuses=labels,
        form=form,
    ), status


@blueprint.get("/<int:number>")
@role_required(*READERS)
def show(conf: str, number: int) -> ResponseReturnValue:
    return _action_page(conf, number)


@blueprint.post("/<int:number>")
@role_required("organizer")
def update(conf: str, number: int) -> ResponseReturnValue:
    form = ActionForm()
    return submit(
        lambda: update_action(
            db(),
            context(),
            conference=conf,
            number=number,
            status=form.status.data,
            owner=(form.owner.data or "").strip() or None,
            due=(form.due.data or "").strip() or None,
            note=form.note.data or None,
        ),
        lambda refusal: _action_page(conf, number, form, show_error(form, refusal)),
        lambda _: saved(
            gettext("Action %(number)s updated.", number=number),
            url_for(".show", conf=conf, number=number),
        ),
    )
