"""Writing an invitation: a readable text and HTML body in the recipient's language, and the
iTIP calendar part (RFC 6047) from the one serializer, as one ``multipart/alternative``.

The message is written when it is sent, from the meeting as it is then (so coalesced
changes show their latest state); its Message-ID and Date are the ones fixed when it was
queued, so a re-sent copy is the same message.
"""

from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from zoneinfo import ZoneInfo

from planner.calendars.serializer import SAMPLE_PREFIX, Attendee, itip
from planner.conferences.models import Conference
from planner.meetings.models import Meeting, MeetingStatus
from planner.notifications.models import Method, OutboxMessage
from planner.summaries.environment import environment
from planner.summaries.formatting import Formatter


@dataclass(frozen=True)
class InvitationView:
    """What the mail templates show of one invitation (they decide only the layout)."""

    kind: str  # invitation, update, cancellation, occurrence-cancellation
    name: str
    title: str
    when: str
    series: bool
    venue: str | None
    online_url: str | None
    status: str
    reason: str | None
    agenda: str | None
    conference: str


def _when(meeting: Meeting, fmt: Formatter, occurrence: datetime | None) -> str:
    if meeting.all_day:
        first, last = meeting.days
        return fmt.date_range(first, last)
    zone = meeting.timezone
    if occurrence is not None:
        start = occurrence.replace(tzinfo=ZoneInfo(zone))
        end = start + (meeting.end_utc - meeting.start_utc)
    else:
        start, end = meeting.start_utc, meeting.end_utc
    return f"{fmt.day_and_times(start, end, zone)} ({zone})"


def _kind(message: OutboxMessage, meeting: Meeting) -> str:
    if message.method == Method.CANCEL:
        return "occurrence-cancellation" if message.occurrence_start_local else "cancellation"
    return "update" if meeting.sequence > 0 else "invitation"


def view(message: OutboxMessage, meeting: Meeting, conference: Conference) -> InvitationView:
    fmt = Formatter(message.language)
    occurrence = message.occurrence_start_local
    override = next(
        (o for o in meeting.overrides if o.original_start_local == occurrence and occurrence),
        None,
    )
    reason = override.cancel_reason if override is not None else meeting.cancel_reason
    cancelled = message.method == Method.CANCEL
    return InvitationView(
        kind=_kind(message, meeting),
        name=message.recipient_name,
        title=(SAMPLE_PREFIX if meeting.is_sample else "") + fmt.text(meeting.title),
        when=_when(meeting, fmt, occurrence),
        series=bool(meeting.recurrence) and occurrence is None,
        venue=fmt.text(meeting.venue) or None,
        online_url=meeting.online_url,
        status=MeetingStatus.CANCELLED.value if cancelled else meeting.status,
        reason=reason if cancelled else None,
        agenda=meeting.agenda,
        conference=fmt.text(conference.title),
    )


def secretariat_address(conference: Conference) -> str:
    """The From of the planner's e-mail when ``PLANNER_MAIL_FROM`` is not set."""
    return str(Address(display_name=conference.title, addr_spec=conference.secretariat_email))


def render(template: str, lang: str, **values: object) -> str:
    return environment(lang).get_template(f"mail/{template}").render(fmt=Formatter(lang), **values)


def envelope(message: OutboxMessage, sender: str, subject: str) -> EmailMessage:
    """The headers every message carries, all fixed when it was queued."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = formataddr((message.recipient_name, message.recipient))
    mail["Subject"] = subject
    mail["Date"] = format_datetime(message.queued_at)
    mail["Message-ID"] = message.message_id
    mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies, please
    return mail


def invitation_email(
    message: OutboxMessage, meeting: Meeting, conference: Conference, sender: str
) -> EmailMessage:
    """The e-mail of a queued invitation: text, HTML and ``text/calendar; method=...``."""
    shown = view(message, meeting, conference)
    lang = message.language
    subject = " ".join(render("subject.txt", lang, v=shown).split())
    mail = envelope(message, sender, subject)
    mail.set_content(render("invitation.txt", lang, v=shown))
    mail.add_alternative(render("invitation.html", lang, v=shown), subtype="html")
    method = message.method or Method.REQUEST.value
    calendar = itip(
        meeting,
        conference.secretariat_email,
        method,
        Attendee(message.recipient, message.recipient_name),
        message.occurrence_start_local,
    )
    # as bytes: the calendar keeps its CRLF line ends (RFC 5545), base64 keeps them intact
    mail.add_alternative(
        calendar, "text", "calendar", params={"method": method, "charset": "utf-8"}
    )
    mail["Content-Language"] = lang  # after the parts: setting content clears Content-*
    return mail
