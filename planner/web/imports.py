"""Importing pledges or payments from CSV: a dry-run preview first, then a confirm step.

The application keeps nothing between requests, so the preview page carries the
uploaded file itself to the confirm step: base64 in a hidden field, signed with the
application's secret key (``itsdangerous``) together with the conference and the kind.
A changed file, kind or conference fails the signature and is refused. The confirm
step runs the same all-or-nothing import again, so rows recorded meanwhile are
reported rather than doubled.
"""

import base64

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import HiddenField

from planner.errors import PlannerError, TooLarge, ValidationError
from planner.finance import importing
from planner.web.auth import role_required
from planner.web.database import commit, context, db
from planner.web.errors import too_large_text
from planner.web.forms import show_error
from planner.web.localization import gettext
from planner.web.workspace import conference, open_select

blueprint = Blueprint("imports", __name__, url_prefix="/<lang>/manage/<conf>/import")

KINDS = {
    "pledges": (importing.import_pledges, importing.PLEDGE_COLUMNS),
    "payments": (importing.import_payments, importing.PAYMENT_COLUMNS),
}
PREVIEW_ROWS = 500  # rows listed on the preview page; the counts cover the whole file
SIGNING_SALT = "planner.csv-import"


class UploadForm(FlaskForm):
    kind = open_select()
    file = FileField()


class ConfirmForm(FlaskForm):
    payload = HiddenField()


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=SIGNING_SALT)


def sign_upload(conf: str, kind: str, name: str, content: bytes) -> str:
    data = {"conference": conf, "kind": kind, "name": name}
    return _serializer().dumps({**data, "content": base64.b64encode(content).decode("ascii")})


def open_upload(conf: str, payload: str) -> tuple[str, str, bytes]:
    """(kind, file name, content) of a signed upload; 400 when tampered with or misdirected."""
    try:
        data = _serializer().loads(payload or "")
    except BadSignature:
        abort(400, gettext("The uploaded file did not come back unchanged; upload it again."))
    if data.get("conference") != conf or data.get("kind") not in KINDS:
        abort(400, gettext("The uploaded file did not come back unchanged; upload it again."))
    return data["kind"], data["name"], base64.b64decode(data["content"])


def _kind_choices() -> list[tuple[str, str]]:
    return [("pledges", gettext("Pledges")), ("payments", gettext("Payments"))]


def _importer(kind: str | None):
    if kind not in KINDS:
        raise ValidationError(f"{kind!r} must be pledges or payments", "kind")
    return KINDS[kind]


def _form_page(conf: str, form: UploadForm | None = None, status: int = 200, problems=()):
    form = form or UploadForm(formdata=None, kind="payments")
    form.kind.choices = _kind_choices()
    return render_template(
        "web/manage/import.html",
        conference=conference(conf),
        form=form,
        problems=list(problems),
        columns={kind: columns for kind, (_run, columns) in KINDS.items()},
    ), status


@blueprint.get("")
@role_required("finance")
def form(conf: str):
    return _form_page(conf)


@blueprint.post("/preview")
@role_required("finance")
def preview(conf: str):
    """A dry run: every row checked, nothing written; the rows to add or every bad row."""
    upload = UploadForm()
    kind = upload.kind.data
    file = upload.file.data
    content = file.read() if file else b""
    name = (file.filename if file else "") or "upload.csv"
    try:
        run, columns = _importer(kind)
        result = run(db(), context(), conf, content, source=name, dry_run=True)
    except importing.ImportRefused as refused:
        db().rollback()
        return _form_page(conf, upload, refused.http_status, refused.problems)
    except TooLarge as refusal:
        db().rollback()
        return _form_page(conf, upload, show_error(upload, refusal, too_large_text()))
    except PlannerError as refusal:
        db().rollback()
        return _form_page(conf, upload, show_error(upload, refusal))
    db().rollback()  # a dry run writes nothing; make sure of it
    new_lines = set(result.new_lines)
    rows = [(line, row, line in new_lines) for line, row in importing.read_rows(content, columns)]
    confirm = ConfirmForm(formdata=None, payload=sign_upload(conf, kind, name, content))
    return render_template(
        "web/manage/import_preview.html",
        conference=conference(conf),
        kind=kind,
        name=name,
        result=result,
        rows=rows[:PREVIEW_ROWS],
        hidden_rows=max(0, len(rows) - PREVIEW_ROWS),
        columns=columns["required"] + columns["optional"],
        confirm=confirm,
    )


@blueprint.post("/confirm")
@role_required("finance")
def confirm(conf: str):
    kind, name, content = open_upload(conf, ConfirmForm().payload.data)
    run, _columns = KINDS[kind]
    try:
        result = run(db(), context(), conf, content, source=name)
    except importing.ImportRefused as refused:
        db().rollback()
        upload = UploadForm(formdata=None, kind=kind)
        return _form_page(conf, upload, refused.http_status, refused.problems)
    except PlannerError as refusal:
        db().rollback()
        upload = UploadForm(formdata=None, kind=kind)
        return _form_page(conf, upload, show_error(upload, refusal))
    commit()
    flash(
        gettext(
            "%(file)s imported: %(added)s added, %(unchanged)s already recorded.",
            file=name,
            added=len(result.added),
            unchanged=result.unchanged,
        )
    )
    return redirect(url_for(f"finance.{kind}", conf=conf))
