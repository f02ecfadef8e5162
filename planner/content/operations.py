"""Recording translations of a conference's and a meeting's texts.

A translation passes the same input validation as its original (no control
characters, the same length limit, line breaks only in an agenda) and can only
translate a text the record has. Every change is audited (``translate``). A meeting
whose translation changes gets a new ``last_modified``, which is what the feed
cache and the feeds' LAST-MODIFIED follow; its SEQUENCE stays: RFC 5545 keeps
SEQUENCE for significant changes (time, place, status), and a translated title
is the same meeting in the same place.
"""

from collections.abc import Mapping

from sqlalchemy.orm import Session

from planner import audit
from planner.audit import Context
from planner.conferences.models import Conference
from planner.content.localized import texts_of
from planner.content.models import ConferenceTranslation, MeetingTranslation
from planner.errors import ValidationError
from planner.i18n import TRANSLATION_LANGUAGES
from planner.meetings.models import Meeting
from planner.validation import optional_text

# The translatable fields of each record and their limits: those of the original's column.
CONFERENCE_FIELDS = {"title": 300, "venue": 300}
MEETING_FIELDS = {"title": 300, "venue": 300, "agenda": 20000}
MULTILINE_FIELDS = frozenset({"agenda"})

# language -> field -> text: None keeps the translation as it is, "" removes it
Texts = Mapping[str, Mapping[str, str | None]]


def translate_conference(
    session: Session, context: Context, conference: Conference, texts: Texts
) -> Conference:
    if _apply(conference, ConferenceTranslation, CONFERENCE_FIELDS, texts, session, context):
        session.flush()
    return conference


def translate_meeting(
    session: Session, context: Context, meeting: Meeting, texts: Texts
) -> Meeting:
    if _apply(meeting, MeetingTranslation, MEETING_FIELDS, texts, session, context):
        meeting.last_modified = context.now()
        session.flush()
    return meeting


def _apply(
    record: Conference | Meeting,
    row_type: type[ConferenceTranslation] | type[MeetingTranslation],
    fields: Mapping[str, int],
    texts: Texts,
    session: Session,
    context: Context,
) -> bool:
    """Validate all first (a refusal changes nothing), then apply; whether anything changed."""
    wanted: dict[str, dict[str, str | None]] = {}
    for language, values in texts.items():
        if language not in TRANSLATION_LANGUAGES:
            raise ValidationError(
                field="language",
                code="choice.unknown",
                value=language,
                choices=TRANSLATION_LANGUAGES,
            )
        for field, value in values.items():
            if value is None:
                continue
            name = f"{field}_{language}"
            if field not in fields:
                raise ValidationError(field=name, code="translation.unknown_field", value=field)
            text = optional_text(value, name, fields[field], multiline=field in MULTILINE_FIELDS)
            if text is not None and getattr(record, field) is None:
                raise ValidationError(field=name, code="translation.no_original", field_name=field)
            wanted.setdefault(language, {})[field] = text
    before = texts_of(record.translations)
    rows = {row.language: row for row in record.translations}
    for language, values in wanted.items():
        row = rows.get(language)
        if row is None:
            if not any(values.values()):
                continue
            row = row_type(language=language)
            record.translations.append(row)  # type: ignore[arg-type]
        for field, text in values.items():
            setattr(row, field, text)
        if not any(getattr(row, field) for field in fields):
            record.translations.remove(row)  # type: ignore[arg-type]
    after = texts_of(record.translations)
    if after == before:
        return False
    entity, entity_id = (
        ("conference", record.slug) if isinstance(record, Conference) else ("meeting", record.id)
    )
    audit.record(session, context, "translate", entity, entity_id, before=before, after=after)
    return True
