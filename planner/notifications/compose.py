"""Writing an invitation: a readable text and HTML body in the recipient's language, and the
iTIP calendar part (RFC 6047) from the one serializer, as one ``multipart/alternative``.

The message is written when it is sent, from the meeting as it is then (so coalesced
changes show their latest state); its Message-ID and Date are the ones fixed when it was
queued, so a re-sent copy is the same message. What it says is the same for everyone
told of one state of a meeting in one language (an :class:`Edition`: subject, bodies and
calendar, written once); only the name in the greeting and the ATTENDEE are the
recipient's.
"""

from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from typing import NamedTuple
from zoneinfo import ZoneInfo

from markupsafe import escape

from planner.calendars.serializer import SAMPLE_PREFIX, Attendee, ItipCalendar, itip_calendar
from planner.conferences.models import Conference
from planner.content.localized import plain_text
from planner.meetings.models import Meeting, MeetingStatus
from planner.notifications.models import Method, OutboxMessage
from planner.summaries.environment import environment
from planner.summaries.formatting import Formatter


@dataclass(frozen=True)
class InvitationView:
    """What the mail templates show of one invitation (they decide only the layout)."""

    kind: str  # invitation, update, cancellation, occurrence-cancellation, withdrawal
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
    return fmt.day_and_times(start, end, zone) + fmt.aside(zone)


NAME_MARK = "\x00name\x00"
"""Where the recipient's name goes in an edition's bodies: no accepted text holds a
control character, so the mark cannot come from the data."""


class EditionKey(NamedTuple):
    """What decides an invitation's words: the meeting's state, the method, the cancelled
    occurrence and the language."""

    meeting_id: int
    sequence: int
    last_modified: datetime
    method: str
    occurrence: datetime | None
    language: str


@dataclass(frozen=True)
class Edition:
    """An invitation as everyone told of one :class:`EditionKey` reads it."""

    subject: str
    text: str  # NAME_MARK where the name goes
    html: str
    calendar: ItipCalendar
    method: str
    language: str


def withdrawn(method: str, occurrence: datetime | None, meeting: Meeting) -> bool:
    """A CANCEL of a meeting that still takes place: the recipient is no longer among
    its invitees (or may no longer see it), RFC 5546's "uninvite"."""
    return (
        method == Method.CANCEL and occurrence is None and meeting.status != MeetingStatus.CANCELLED
    )


def _kind(method: str, occurrence: datetime | None, meeting: Meeting) -> str:
    if withdrawn(method, occurrence, meeting):
        return "withdrawal"
    if method == Method.CANCEL:
        return "occurrence-cancellation" if occurrence else "cancellation"
    return "update" if meeting.sequence > 0 else "invitation"


def view(
    key: EditionKey, meeting: Meeting, conference: Conference, name: str = NAME_MARK
) -> InvitationView:
    lang = key.language
    fmt = Formatter(lang)
    occurrence = key.occurrence
    override = next(
        (o for o in meeting.overrides if o.original_start_local == occurrence and occurrence),
        None,
    )
    reason = override.cancel_reason if override is not None else meeting.cancel_reason
    cancelled = key.method == Method.CANCEL and not withdrawn(key.method, occurrence, meeting)
    return InvitationView(
        kind=_kind(key.method, occurrence, meeting),
        name=name,
        title=(SAMPLE_PREFIX if meeting.is_sample else "") + plain_text(meeting, "title", lang),
        when=_when(meeting, fmt, occurrence),
        series=bool(meeting.recurrence) and occurrence is None,
        venue=plain_text(meeting, "venue", lang) or None,
        online_url=meeting.online_url,
        status=MeetingStatus.CANCELLED.value if cancelled else meeting.status,
        reason=reason if cancelled else None,
        agenda=plain_text(meeting, "agenda", lang) or None,
        conference=plain_text(conference, "title", lang),
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


def edition(key: EditionKey, meeting: Meeting, conference: Conference) -> Edition:
    """Write what an invitation says to everyone of ``key``."""
    shown = view(key, meeting, conference)
    lang = key.language
    return Edition(
        subject=" ".join(render("subject.txt", lang, v=shown).split()),
        text=render("invitation.txt", lang, v=shown),
        html=render("invitation.html", lang, v=shown),
        calendar=itip_calendar(
            meeting,
            conference.secretariat_email,
            key.method,
            key.occurrence,
            withdrawn=withdrawn(key.method, key.occurrence, meeting),
            language=lang,
        ),
        method=key.method,
        language=lang,
    )


def invitation_email(message: OutboxMessage, written: Edition, sender: str) -> EmailMessage:
    """The e-mail of a queued invitation: text, HTML and ``text/calendar; method=...``."""
    name = message.recipient_name
    mail = envelope(message, sender, written.subject)
    mail.set_content(written.text.replace(NAME_MARK, name))
    mail.add_alternative(written.html.replace(NAME_MARK, str(escape(name))), subtype="html")
    calendar = written.calendar.for_attendee(Attendee(message.recipient, name))
    # as bytes: the calendar keeps its CRLF line ends (RFC 5545), base64 keeps them intact
    mail.add_alternative(
        calendar, "text", "calendar", params={"method": written.method, "charset": "utf-8"}
    )
    mail["Content-Language"] = written.language  # after the parts: setting content clears Content-*
    return mail
