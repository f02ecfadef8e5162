"""Organizers' meeting pages: list, schedule, reschedule, cancel, single occurrences.

Clashes are warnings shown after saving (the meeting is kept, as with the CLI). A
local time in a daylight-saving gap is refused next to its field; an ambiguous one
(the clocks go back) is refused with the choice of the earlier or the later instant.
"""

from collections.abc import Sequence
from typing import Any, TypeVar

from flask import Blueprint, Response, abort, jsonify, render_template, request, url_for
from flask.typing import ResponseReturnValue
from wtforms import BooleanField, SelectMultipleField, StringField, TextAreaField
from wtforms.widgets import DateInput, NumberInput

from planner.advisories import meeting_advisories
from planner.calendars.addresses import absolute
from planner.calendars.feeds import meeting_calendar
from planner.errors import PlannerError
from planner.meetings.clashes import Clash, find_clashes
from planner.meetings.models import (
    MEETING_KINDS,
    MEETING_STATUSES,
    VISIBILITIES,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Visibility,
)
from planner.meetings.notice import who_will_be_told
from planner.meetings.operations import (
    SCHEDULED_STATUSES,
    add_meeting,
    cancel_meeting,
    list_meetings,
    meeting_by_id,
    reschedule_meeting,
    uid_host,
    update_meeting,
)
from planner.meetings.preview import SchedulePreview, preview_schedule, step_out_of_gap
from planner.meetings.recurrence import build_rule
from planner.meetings.schedule import override_for, series_occurrences
from planner.meetings.timing import AmbiguousLocalTime, SkippedLocalTime, out_of_gap
from planner.notifications.recipients import recipients
from planner.summaries.meetings import clash_view
from planner.web.auth import role_required, viewer
from planner.web.database import context, db, state
from planner.web.forms import FlaskForm, show_error
from planner.web.localization import gettext, locale
from planner.web.scheduling import (
    LocalDateTimeField,
    invitee_field,
    invitee_groups,
    recurrence_choices,
    timezone_groups,
)
from planner.web.submitting import saved, submit
from planner.web.workspace import READERS, advisory_texts, conference, open_select

Chosen = TypeVar("Chosen", bound=FlaskForm)
blueprint = Blueprint("meetings", __name__, url_prefix="/<lang>/manage/<conf>/meetings")


def kind_labels() -> dict[str, str]:
    return {
        MeetingKind.CONFERENCE: gettext("Conference"),
        MeetingKind.PREPARATORY: gettext("Preparatory meeting"),
        MeetingKind.FOCAL_POINTS: gettext("Focal points meeting"),
        MeetingKind.CONSULTATION_GROUP: gettext("Consultation group"),
        MeetingKind.SEMINAR: gettext("Seminar"),
        MeetingKind.SIDE_EVENT: gettext("Side event"),
        MeetingKind.OTHER: gettext("Other"),
    }


def status_labels() -> dict[str, str]:
    return {
        MeetingStatus.TENTATIVE: gettext("tentative"),
        MeetingStatus.CONFIRMED: gettext("confirmed"),
        MeetingStatus.CANCELLED: gettext("cancelled"),
    }


def visibility_labels() -> dict[str, str]:
    return {
        Visibility.PUBLIC: gettext("public"),
        Visibility.RESTRICTED: gettext("restricted (invitees only)"),
    }


class MeetingForm(FlaskForm):
    # set on a refused ambiguous local time (the template asks whether it is defined)
    needs_fold: bool
    # set on a local time the clocks skip: the real times either side, to choose from
    gap_choices: list[tuple[str, str]]
    quiet = BooleanField()  # the organizer chose not to notify anyone (web/_notify.html)


class ScheduleForm(MeetingForm):
    title = StringField()
    kind = open_select()
    start = LocalDateTimeField()
    end = LocalDateTimeField()
    timezone = open_select()
    all_day = BooleanField()
    fold = StringField()
    gap = StringField()
    venue = StringField()
    online_url = StringField()
    visibility = open_select()
    invite = invitee_field()
    repeat_frequency = open_select()
    repeat_interval = StringField(default="1", widget=NumberInput())
    repeat_weekdays = SelectMultipleField(choices=[], validate_choice=False)
    repeat_ordinal = open_select()
    repeat_count = StringField(widget=NumberInput())
    repeat_until = StringField(widget=DateInput())
    repeat = StringField()
    status = open_select()

    def rule(self) -> str | None:
        """The expert's raw RRULE when typed, else the one the builder's words describe."""
        raw = (self.repeat.data or "").strip()
        if raw:
            return raw
        return build_rule(
            self.repeat_frequency.data,
            interval=self.repeat_interval.data,
            weekdays=self.repeat_weekdays.data or [],
            ordinal=self.repeat_ordinal.data,
            count=self.repeat_count.data,
            until=self.repeat_until.data,
        )

    def local(self, field: LocalDateTimeField) -> str:
        """A start or end as the domain reads it: the date alone all day, else out of a
        daylight-saving gap when the organizer chose how."""
        if self.all_day.data:
            return field.day
        return step_out_of_gap(field.data or "", self.timezone.data or "", self.gap.data or None)


class DetailsForm(MeetingForm):
    title = StringField()
    kind = open_select()
    status = open_select()
    visibility = open_select()
    online_url = StringField()
    invite = StringField()
    uninvite = StringField()


class RescheduleForm(MeetingForm):
    occurrence = open_select()
    start = StringField()
    end = StringField()
    timezone = StringField()
    fold = StringField()
    venue = StringField()


class CancelForm(FlaskForm):
    occurrence = open_select()
    reason = TextAreaField()
    quiet = BooleanField()


def _choose(form: Chosen, statuses: Sequence[str] = SCHEDULED_STATUSES) -> Chosen:
    """Fill the selects' choices in the request's language."""
    choices: dict[str, Any] = {
        "kind": [(kind, kind_labels()[kind]) for kind in MEETING_KINDS],
        "status": [(status, status_labels()[status]) for status in statuses],
        "visibility": [(value, visibility_labels()[value]) for value in VISIBILITIES],
    }
    if isinstance(form, ScheduleForm):
        choices["timezone"] = dict(timezone_groups())
        choices.update(recurrence_choices())
    for name, values in choices.items():
        if hasattr(form, name):
            getattr(form, name).choices = values
    return form


def _codes(text: str | list[str] | None) -> list[str]:
    """Invitees as typed: party codes or contact ids separated by spaces or commas."""
    if isinstance(text, list):
        return text
    return (text or "").replace(",", " ").split()


def _fold(form: ScheduleForm | RescheduleForm) -> str | None:
    return (form.fold.data or "").strip() or None


def _refuse(form: MeetingForm, refusal: PlannerError) -> int:
    """Show the refusal; an ambiguous time gets a plain explanation and the fold choice."""
    if isinstance(refusal, AmbiguousLocalTime):
        form.needs_fold = True
        message = gettext(
            "This local time happens twice (the clocks go back): "
            "choose the earlier or the later one below."
        )
        return show_error(form, refusal, message)
    if isinstance(refusal, SkippedLocalTime):
        form.gap_choices = [
            (choice, f"{out_of_gap(refusal.local, refusal.zone_name, choice):%H:%M}")
            for choice in ("earlier", "later")
        ]
        skipped = f"{refusal.local:%H:%M}"
        message = gettext(
            "%(time)s does not exist in %(zone)s: the clocks skip that hour. "
            "Choose the time just before or just after the change below.",
            time=skipped,
            zone=refusal.zone_name,
        )
        return show_error(form, refusal, message)
    return show_error(form, refusal)


def _meeting(conf: str, meeting_id: int) -> Meeting:
    meeting = meeting_by_id(db(), meeting_id)
    if meeting.conference_id != conference(conf).id:
        abort(404)
    return meeting


def _list_page(
    conf: str, form: ScheduleForm, status: int = 200, preview: SchedulePreview | None = None
) -> ResponseReturnValue:
    found = conference(conf)
    return render_template(
        "web/manage/meetings.html",
        conference=found,
        meetings=list_meetings(db(), conf, viewer=viewer()),
        form=_choose(form),
        invitee_groups=invitee_groups(),
        preview=preview,
        kinds=kind_labels(),
        statuses=status_labels(),
    ), status


@blueprint.get("")
@role_required(*READERS)
def index(conf: str) -> ResponseReturnValue:
    found = conference(conf)
    form = ScheduleForm(formdata=None, timezone=found.timezone, kind="preparatory")
    return _list_page(conf, form)


@blueprint.post("")
@role_required("organizer")
def schedule(conf: str) -> ResponseReturnValue:
    form = _choose(ScheduleForm())
    if request.form.get("action") == "preview":
        return _preview(conf, form)

    def change() -> tuple[Meeting, list[str]]:
        meeting = add_meeting(
            db(),
            context(),
            conference=conf,
            title=form.title.data or "",
            start=form.local(form.start),
            end=form.local(form.end),
            timezone=form.timezone.data or "",
            all_day=form.all_day.data,
            fold=_fold(form),
            kind=form.kind.data,
            status=form.status.data,
            visibility=form.visibility.data,
            venue=form.venue.data,
            online_url=form.online_url.data,
            repeat=form.rule(),
            invite=_codes(form.invite.data),
            uid_host=uid_host(state().settings.public_base_url),
            notify=not form.quiet.data,
        )
        advisories = advisory_texts(meeting_advisories(db(), meeting))
        return meeting, _clash_warnings(find_clashes(db(), meeting)) + advisories

    return submit(
        change,
        lambda refusal: _list_page(conf, form, _refuse(form, refusal)),
        lambda done: _shown(conf, gettext("Meeting %(id)s scheduled.", id=done[0].id), *done),
    )


def _clash_warnings(clashes: list[Clash]) -> list[str]:
    """Each clash worded as the status summary words it, in the page's language."""
    return [render_template("web/manage/clash.txt", clash=clash_view(clash)) for clash in clashes]


def _schedule_preview(conf: str, form: ScheduleForm) -> SchedulePreview:
    """What the form's schedule would be, by the domain's :func:`preview_schedule`."""
    return preview_schedule(
        form.local(form.start),
        form.local(form.end),
        form.timezone.data or "",
        conference(conf).timezone,
        all_day=form.all_day.data,
        fold=_fold(form),
        repeat=form.rule(),
    )


def _preview(conf: str, form: ScheduleForm) -> ResponseReturnValue:
    """The schedule as it would be saved (nothing is): UTC, the conference's zone, the
    first occurrences; a refusal shows next to its field as saving would show it."""
    try:
        preview = _schedule_preview(conf, form)
    except PlannerError as refusal:
        return _list_page(conf, form, _refuse(form, refusal))
    return _list_page(conf, form, preview=preview)


@blueprint.get("/preview.json")
@role_required("organizer")
def preview_json(conf: str) -> ResponseReturnValue:
    """The live preview the schedule form's script asks for while the organizer types: the
    same :func:`preview_schedule` as the form's Preview button, as JSON (nothing is saved)."""
    form = ScheduleForm(formdata=request.args, meta={"csrf": False})
    try:
        preview = _schedule_preview(conf, form)
    except PlannerError as refusal:
        return jsonify(error=refusal.text(locale()), field=refusal.field), refusal.http_status
    shown = "%Y-%m-%d %H:%M"
    return jsonify(
        utc=f"{preview.start_utc:{shown}}Z – {preview.end_utc:{shown}}Z",
        conference_zone=preview.conference_zone,
        conference=(
            f"{preview.start_in_conference_zone:{shown}} – {preview.end_in_conference_zone:{shown}}"
        ),
        rule=preview.rule,
        occurrences=[f"{o.original_local:{shown}}" for o in preview.first_occurrences],
        occurrence_count=preview.occurrence_count,
    )


def _shown(conf: str, message: str, meeting: Meeting, clashes: list[str]) -> ResponseReturnValue:
    """After a change: the meeting's page, with the change told and any clash warned about."""
    return saved(message, url_for(".show", conf=conf, meeting_id=meeting.id), clashes)


def _occurrences(meeting: Meeting) -> list[dict[str, Any]]:
    """Each occurrence of a series as planned, and what became of it."""
    if not meeting.recurrence:
        return []
    rows = []
    for occurrence in series_occurrences(meeting):
        override = override_for(meeting, occurrence)
        rows.append({"planned": occurrence.original_local, "override": override})
    return rows


def _occurrence_choices(occurrences: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [("", gettext("The whole meeting"))] + [
        (row["planned"].date().isoformat(), row["planned"].strftime("%Y-%m-%d %H:%M"))
        for row in occurrences
    ]


def _detail_page(
    conf: str,
    meeting: Meeting,
    details: DetailsForm | None = None,
    reschedule: RescheduleForm | None = None,
    cancel: CancelForm | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    occurrences = _occurrences(meeting)
    occurrence_choices = _occurrence_choices(occurrences)
    details = details or DetailsForm(
        formdata=None,
        prefix="details",
        title=meeting.title,
        kind=meeting.kind,
        status=meeting.status,
        visibility=meeting.visibility,
        online_url=meeting.online_url or "",
    )
    reschedule = reschedule or RescheduleForm(
        formdata=None, prefix="reschedule", timezone=meeting.timezone, venue=meeting.venue or ""
    )
    cancel = cancel or CancelForm(formdata=None, prefix="cancel")
    reschedule.occurrence.choices = occurrence_choices
    cancel.occurrence.choices = occurrence_choices
    # a cancelled meeting shows its status; it cannot be chosen for any other meeting
    details = _choose(
        details,
        MEETING_STATUSES if meeting.status == MeetingStatus.CANCELLED else SCHEDULED_STATUSES,
    )
    return render_template(
        "web/manage/meeting.html",
        conference=conference(conf),
        meeting=meeting,
        occurrences=occurrences,
        meeting_link=absolute(
            state().settings.public_base_url,
            url_for(".show", conf=conf, meeting_id=meeting.id),
        ),
        details=details,
        reschedule=reschedule,
        cancel=cancel,
        kinds=kind_labels(),
        statuses=status_labels(),
        visibilities=visibility_labels(),
        notified=recipients(db(), meeting),
    ), status


@blueprint.get("/<int:meeting_id>")
@role_required(*READERS)
def show(conf: str, meeting_id: int) -> ResponseReturnValue:
    return _detail_page(conf, _meeting(conf, meeting_id))


@blueprint.get("/<int:meeting_id>/calendar.ics")
@role_required(*READERS)
def calendar_file(conf: str, meeting_id: int) -> ResponseReturnValue:
    """ "Add to calendar": the meeting alone, as the feeds write it, for whoever may see it."""
    meeting = _meeting(conf, meeting_id)
    body = meeting_calendar(db(), viewer(), meeting.id)
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="meeting-{meeting.id}.ics"'},
    )


@blueprint.post("/<int:meeting_id>/details")
@role_required("organizer")
def change_details(conf: str, meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting(conf, meeting_id)
    form = _choose(DetailsForm(prefix="details"))

    def change() -> list[str]:
        update_meeting(
            db(),
            context(),
            meeting.id,
            title=form.title.data,
            kind=form.kind.data,
            status=form.status.data if form.status.data != meeting.status else None,
            visibility=form.visibility.data,
            online_url=form.online_url.data,
            invite=_codes(form.invite.data),
            uninvite=_codes(form.uninvite.data),
            notify=not form.quiet.data,
        )
        return _clash_warnings(find_clashes(db(), meeting))

    def refused(refusal: PlannerError) -> ResponseReturnValue:
        status = _refuse(form, refusal)
        return _detail_page(conf, _meeting(conf, meeting_id), details=form, status=status)

    message = gettext("Meeting %(id)s updated.", id=meeting.id)
    return submit(change, refused, lambda clashes: _shown(conf, message, meeting, clashes))


@blueprint.post("/<int:meeting_id>/reschedule")
@role_required("organizer")
def reschedule(conf: str, meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting(conf, meeting_id)
    form = RescheduleForm(prefix="reschedule")

    def change() -> list[str]:
        reschedule_meeting(
            db(),
            context(),
            meeting.id,
            start=form.start.data or "",
            end=form.end.data or "",
            timezone=(form.timezone.data or "").strip() or None,
            fold=_fold(form),
            occurrence=form.occurrence.data or None,
            venue=form.venue.data,
            notify=not form.quiet.data,
        )
        return _clash_warnings(find_clashes(db(), meeting))

    def refused(refusal: PlannerError) -> ResponseReturnValue:
        status = _refuse(form, refusal)
        return _detail_page(conf, _meeting(conf, meeting_id), reschedule=form, status=status)

    message = gettext("Meeting %(id)s rescheduled.", id=meeting.id)
    return submit(change, refused, lambda clashes: _shown(conf, message, meeting, clashes))


def _confirm_cancel_page(
    conf: str, meeting: Meeting, form: CancelForm, status: int = 200
) -> ResponseReturnValue:
    """What cancelling will do, to which meeting or occurrence, and who will be told."""
    form.occurrence.choices = _occurrence_choices(_occurrences(meeting))
    return render_template(
        "web/manage/confirm_cancel.html",
        conference=conference(conf),
        meeting=meeting,
        form=form,
        told=who_will_be_told(meeting),
        notified=recipients(db(), meeting),
    ), status


@blueprint.get("/<int:meeting_id>/cancel")
@role_required("organizer")
def confirm_cancel(conf: str, meeting_id: int) -> ResponseReturnValue:
    form = CancelForm(
        formdata=None, prefix="cancel", occurrence=request.args.get("cancel-occurrence")
    )
    return _confirm_cancel_page(conf, _meeting(conf, meeting_id), form)


@blueprint.post("/<int:meeting_id>/cancel")
@role_required("organizer")
def cancel(conf: str, meeting_id: int) -> ResponseReturnValue:
    meeting = _meeting(conf, meeting_id)
    form = CancelForm(prefix="cancel")

    def change() -> None:
        cancel_meeting(
            db(),
            context(),
            meeting.id,
            reason=form.reason.data or "",
            occurrence=form.occurrence.data or None,
            notify=not form.quiet.data,
        )

    def refused(refusal: PlannerError) -> ResponseReturnValue:
        status = show_error(form, refusal)
        return _confirm_cancel_page(conf, _meeting(conf, meeting_id), form, status)

    message = gettext("Meeting %(id)s cancelled.", id=meeting.id)
    return submit(change, refused, lambda _: _shown(conf, message, meeting, []))
