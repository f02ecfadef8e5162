"""``planner meeting add|list|show|update|reschedule|cancel``; clashes are warned about."""

from typing import Any

import click
from sqlalchemy.orm import Session

from planner.cli.app import CLI_VIEWER, CliState, pass_state, warn
from planner.cli.output import emit, emit_created, format_option, to_json
from planner.cli.translations import take_translations, translation_options
from planner.content.localized import texts_of
from planner.content.operations import MEETING_FIELDS, translate_meeting
from planner.meetings.clashes import find_clashes
from planner.meetings.models import MEETING_KINDS, Meeting, MeetingStatus
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
from planner.meetings.schedule import intervals

LIST_COLUMNS = ("id", "start_local", "end_local", "timezone", "status", "kind", "sample", "title")
fold_option = click.option(
    "--fold",
    type=click.Choice(["earlier", "later"]),
    help="Which of the two instants an ambiguous local time (clocks going back) means.",
)


def _local(meeting: Meeting, which: str) -> str:
    """The start (``which="start"``) or end as the organizer gave it: a day or a local time."""
    index = 0 if which == "start" else 1
    if meeting.all_day:
        return meeting.days[index].isoformat()
    return meeting.local_span[index].isoformat(timespec="minutes")


def meeting_record(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.id,
        "uid": meeting.uid,
        "title": meeting.title,
        "kind": meeting.kind,
        "status": meeting.status,
        "visibility": meeting.visibility,
        "sample": meeting.is_sample,
        "timezone": meeting.timezone,
        "all_day": meeting.all_day,
        "start_local": _local(meeting, "start"),
        "end_local": _local(meeting, "end"),
        "start_utc": meeting.start_utc,
        "end_utc": meeting.end_utc,
        "repeat": meeting.recurrence,
        "venue": meeting.venue,
        "online_url": meeting.online_url,
        "info_url": meeting.info_url,
        "organizer": meeting.organizer_name,
        "organizer_email": meeting.organizer_email,
        "agenda": meeting.agenda,
        "outcome": meeting.outcome,
        "cancel_reason": meeting.cancel_reason,
        "source": meeting.source,
        "translations": texts_of(meeting.translations),
        "sequence": meeting.sequence,
        "last_modified": meeting.last_modified,
        "invited": [
            i.party.code if i.party else f"contact:{i.contact_id}" for i in meeting.invitations
        ],
        "occurrences": [
            {
                "original_start_local": o.original_start_local.isoformat(timespec="minutes"),
                "cancelled": o.cancelled,
                "cancel_reason": o.cancel_reason,
                "start_local": o.start_local.isoformat(timespec="minutes")
                if o.start_local
                else None,
                "start_utc": o.start_utc,
                "end_utc": o.end_utc,
                "sequence": o.sequence,
            }
            for o in meeting.overrides
        ],
    }


def _warn_clashes(session: Session, meeting: Meeting) -> None:
    for clash in find_clashes(session, meeting):
        warn(clash.describe())


@click.group("meeting")
def meeting_group() -> None:
    """Preparatory and other meetings of a conference."""


@meeting_group.command("add")
@click.argument("conference")
@click.option("--title", required=True)
@click.option(
    "--start", required=True, help='"YYYY-MM-DD HH:MM" local time (a date with --all-day).'
)
@click.option(
    "--end", required=True, help='"YYYY-MM-DD HH:MM" local time (last day with --all-day).'
)
@click.option("--timezone", required=True, metavar="ZONE", help="IANA name, e.g. America/New_York.")
@click.option("--all-day", is_flag=True, help="Date-based meeting; --end is the last day.")
@fold_option
@click.option("--kind", type=click.Choice(MEETING_KINDS), default="preparatory", show_default=True)
@click.option("--venue")
@click.option("--online-url", metavar="URL")
@click.option("--info-url", metavar="URL", help="A page about the meeting.")
@click.option("--organizer", metavar="NAME")
@click.option("--organizer-email", metavar="EMAIL")
@click.option("--agenda")
@click.option("--repeat", metavar="RRULE", help="e.g. FREQ=MONTHLY;BYDAY=2TU;COUNT=6")
@click.option(
    "--visibility", type=click.Choice(["public", "restricted"]), default="public", show_default=True
)
@click.option(
    "--invite", multiple=True, metavar="PARTY_OR_CONTACT", help="Party code or contact id."
)
@click.option(
    "--status",
    type=click.Choice(SCHEDULED_STATUSES),
    default=MeetingStatus.TENTATIVE.value,
    show_default=True,
)
@translation_options(MEETING_FIELDS)
@format_option
@pass_state
def meeting_add(state: CliState, /, conference: str, fmt: str, **options: Any) -> None:
    """Schedule a meeting (or a series with --repeat)."""
    organizer = options.pop("organizer")
    texts = take_translations(options, MEETING_FIELDS)
    with state.session() as session:
        meeting = add_meeting(
            session,
            state.context,
            conference=conference,
            organizer_name=organizer,
            uid_host=uid_host(state.settings.public_base_url),
            **options,
        )
        translate_meeting(session, state.context, meeting, texts)
        _warn_clashes(session, meeting)
        record = meeting_record(meeting)
    emit_created(record, fmt, "meeting")


@meeting_group.command("list")
@click.argument("conference", required=False)
@click.option("--from", "start", metavar="DATE", help="Only meetings on or after this UTC date.")
@click.option("--to", "end", metavar="DATE", help="Only meetings on or before this UTC date.")
@format_option
@pass_state
def meeting_list(
    state: CliState, conference: str | None, start: str | None, end: str | None, fmt: str
) -> None:
    """List meetings by start time."""
    with state.session() as session:
        rows = [
            meeting_record(m)
            for m in list_meetings(session, conference, start, end, viewer=CLI_VIEWER)
        ]
    emit(rows, fmt, None if fmt == "json" else LIST_COLUMNS)


@meeting_group.command("show")
@click.argument("meeting_id", metavar="ID")
@format_option
@pass_state
def meeting_show(state: CliState, meeting_id: str, fmt: str) -> None:
    """Show one meeting with its occurrences."""
    with state.session() as session:
        meeting = meeting_by_id(session, meeting_id)
        record = meeting_record(meeting)
        record["occupies_utc"] = [{"start": start, "end": end} for start, end in intervals(meeting)]
    if fmt == "json":
        click.echo(to_json(record))
    else:
        emit([{"field": key, "value": value} for key, value in record.items()], fmt)


@meeting_group.command("update")
@click.argument("meeting_id", metavar="ID")
@click.option("--title")
@click.option("--kind", type=click.Choice(MEETING_KINDS))
@click.option("--status", type=click.Choice(SCHEDULED_STATUSES))
@click.option("--visibility", type=click.Choice(["public", "restricted"]))
@click.option("--venue")
@click.option("--online-url", metavar="URL")
@click.option("--info-url", metavar="URL")
@click.option("--organizer", metavar="NAME")
@click.option("--organizer-email", metavar="EMAIL")
@click.option("--agenda")
@click.option("--outcome", help="What the meeting decided (for a held meeting).")
@click.option("--invite", multiple=True, metavar="PARTY_OR_CONTACT")
@click.option("--uninvite", multiple=True, metavar="PARTY_OR_CONTACT")
@translation_options(MEETING_FIELDS)
@format_option
@pass_state
def meeting_update(state: CliState, /, meeting_id: str, fmt: str, **options: Any) -> None:
    """Change a meeting's details and their translations (times: use reschedule)."""
    options["organizer_name"] = options.pop("organizer")
    texts = take_translations(options, MEETING_FIELDS)
    with state.session() as session:
        meeting = update_meeting(session, state.context, meeting_id, **options)
        translate_meeting(session, state.context, meeting, texts)
        _warn_clashes(session, meeting)
        record = meeting_record(meeting)
    _emit_changed(record, fmt, "updated")


@meeting_group.command("reschedule")
@click.argument("meeting_id", metavar="ID")
@click.option("--start", required=True)
@click.option("--end", required=True)
@click.option("--timezone", metavar="ZONE", help="Default: the meeting's zone.")
@fold_option
@click.option("--venue")
@click.option("--occurrence", metavar="DATE", help="Move only this occurrence of a series.")
@format_option
@pass_state
def meeting_reschedule(state: CliState, /, meeting_id: str, fmt: str, **options: Any) -> None:
    """Move a meeting (or one occurrence of a series) to another time."""
    with state.session() as session:
        meeting = reschedule_meeting(session, state.context, meeting_id, **options)
        _warn_clashes(session, meeting)
        record = meeting_record(meeting)
    _emit_changed(record, fmt, "rescheduled")


@meeting_group.command("cancel")
@click.argument("meeting_id", metavar="ID")
@click.option("--reason", required=True)
@click.option("--occurrence", metavar="DATE", help="Cancel only this occurrence of a series.")
@format_option
@pass_state
def meeting_cancel(
    state: CliState, meeting_id: str, reason: str, occurrence: str | None, fmt: str
) -> None:
    """Cancel a meeting or one occurrence; it stays listed (and in feeds) as cancelled."""
    with state.session() as session:
        meeting = cancel_meeting(
            session, state.context, meeting_id, reason=reason, occurrence=occurrence
        )
        record = meeting_record(meeting)
    _emit_changed(record, fmt, "cancelled")


def _emit_changed(record: dict[str, Any], fmt: str, verb: str) -> None:
    if fmt == "json":
        click.echo(to_json(record))
    else:
        click.echo(f"{verb} meeting {record['id']} (sequence {record['sequence']})")


COMMANDS = (meeting_group,)
