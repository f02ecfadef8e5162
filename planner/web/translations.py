"""The Translations pages: a conference's and a meeting's texts in the other languages.

A page of its own per record, one tab (an address) per language, apart from the
scheduling forms: an organizer translates when the text is settled, often someone
else than who scheduled. The form shows the original next to each field and is
written in the target language's direction (``lang`` and ``dir`` on the inputs); an
emptied field removes that translation. Reading is open to every signed-in role,
saving to organizers. The operations are those of the CLI's ``--title-fr`` options.
"""

from collections.abc import Mapping

from flask import Blueprint, abort, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from wtforms import StringField, TextAreaField

from planner.conferences.models import Conference
from planner.content.operations import (
    CONFERENCE_FIELDS,
    MEETING_FIELDS,
    translate_conference,
    translate_meeting,
)
from planner.errors import PlannerError
from planner.i18n import TRANSLATION_LANGUAGES
from planner.meetings.models import Meeting
from planner.meetings.operations import meeting_by_id
from planner.web.auth import role_required
from planner.web.database import context, db
from planner.web.forms import FlaskForm, show_error
from planner.web.localization import gettext, locale
from planner.web.submitting import saved, submit
from planner.web.workspace import READERS, conference

blueprint = Blueprint("translations", __name__, url_prefix="/<lang>/manage/<conf>")


class TranslationForm(FlaskForm):
    title = StringField()
    venue = StringField()
    agenda = TextAreaField()


def _language(language: str) -> str:
    if language not in TRANSLATION_LANGUAGES:
        abort(404)
    return language


def _first_tab() -> str:
    """The reader's own language when it is one to translate into, else the first."""
    return locale() if locale() in TRANSLATION_LANGUAGES else TRANSLATION_LANGUAGES[0]


def _meeting(conf: str, meeting_id: int) -> Meeting:
    meeting = meeting_by_id(db(), meeting_id)
    if meeting.conference_id != conference(conf).id:
        abort(404)
    return meeting


def _current(
    record: Conference | Meeting, language: str, fields: Mapping[str, int]
) -> dict[str, str]:
    row = next((row for row in record.translations if row.language == language), None)
    return {field: (getattr(row, field) or "") if row else "" for field in fields}


def _page(
    conf: str,
    record: Conference | Meeting,
    language: str,
    fields: Mapping[str, int],
    form: TranslationForm | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    if form is None:
        form = TranslationForm(formdata=None, data=_current(record, language, fields))
    if isinstance(record, Meeting):
        tabs = {
            code: url_for(".meeting", conf=conf, meeting_id=record.id, language=code)
            for code in TRANSLATION_LANGUAGES
        }
        back = url_for("meetings.show", conf=conf, meeting_id=record.id)
    else:
        tabs = {
            code: url_for(".conference_page", conf=conf, language=code)
            for code in TRANSLATION_LANGUAGES
        }
        back = None
    return render_template(
        "web/manage/translations.html",
        conference=conference(conf),
        record=record,
        language=language,
        fields=tuple(fields),
        form=form,
        tabs=tabs,
        back=back,
    ), status


def _texts(
    form: TranslationForm, language: str, fields: Mapping[str, int]
) -> dict[str, dict[str, str | None]]:
    return {language: {field: getattr(form, field).data or "" for field in fields}}


@blueprint.get("/translations")
@role_required(*READERS)
def conference_tabs(conf: str) -> ResponseReturnValue:
    return redirect(url_for(".conference_page", conf=conf, language=_first_tab()))


@blueprint.get("/meetings/<int:meeting_id>/translations")
@role_required(*READERS)
def meeting_tabs(conf: str, meeting_id: int) -> ResponseReturnValue:
    return redirect(url_for(".meeting", conf=conf, meeting_id=meeting_id, language=_first_tab()))


@blueprint.get("/translations/<language>")
@role_required(*READERS)
def conference_page(conf: str, language: str) -> ResponseReturnValue:
    return _page(conf, conference(conf), _language(language), CONFERENCE_FIELDS)


@blueprint.post("/translations/<language>")
@role_required("organizer")
def translate_conference_texts(conf: str, language: str) -> ResponseReturnValue:
    language = _language(language)
    form = TranslationForm()
    record = conference(conf)

    def refused(refusal: PlannerError) -> ResponseReturnValue:
        status = show_error(form, refusal, field_name=(refusal.field or "").rsplit("_", 1)[0])
        return _page(conf, conference(conf), language, CONFERENCE_FIELDS, form, status)

    return submit(
        lambda: translate_conference(
            db(), context(), record, _texts(form, language, CONFERENCE_FIELDS)
        ),
        refused,
        lambda _: saved(
            gettext("Translations saved."),
            url_for(".conference_page", conf=conf, language=language),
        ),
    )


@blueprint.get("/meetings/<int:meeting_id>/translations/<language>")
@role_required(*READERS)
def meeting(conf: str, meeting_id: int, language: str) -> ResponseReturnValue:
    return _page(conf, _meeting(conf, meeting_id), _language(language), MEETING_FIELDS)


@blueprint.post("/meetings/<int:meeting_id>/translations/<language>")
@role_required("organizer")
def translate_meeting_texts(conf: str, meeting_id: int, language: str) -> ResponseReturnValue:
    language = _language(language)
    form = TranslationForm()
    record = _meeting(conf, meeting_id)

    def refused(refusal: PlannerError) -> ResponseReturnValue:
        status = show_error(form, refusal, field_name=(refusal.field or "").rsplit("_", 1)[0])
        return _page(conf, _meeting(conf, meeting_id), language, MEETING_FIELDS, form, status)

    return submit(
        lambda: translate_meeting(db(), context(), record, _texts(form, language, MEETING_FIELDS)),
        refused,
        lambda _: saved(
            gettext("Translations saved."),
            url_for(".meeting", conf=conf, meeting_id=meeting_id, language=language),
        ),
    )
