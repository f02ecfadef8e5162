"""Translations of a conference's and a meeting's texts: recorded, validated, audited,
moving the meeting's revision as the feeds need it, and shown with a marked fallback."""

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from planner.audit import AuditEntry, Context
from planner.conferences.operations import conference_by_slug
from planner.content.localized import localized, plain_text
from planner.content.models import MeetingTranslation
from planner.content.operations import translate_conference, translate_meeting
from planner.db import unit_of_work
from planner.errors import ValidationError
from planner.meetings.models import Meeting
from planner.meetings.operations import add_meeting

CONF = "fourth-2020"
LATER = Context(actor="translator", clock=lambda: datetime(2020, 1, 20, 9, 30, tzinfo=UTC))


def public_meeting(session) -> Meeting:
    return session.scalars(
        select(Meeting)
        .where(Meeting.visibility == "public", Meeting.venue.is_not(None))
        .order_by(Meeting.id)
    ).first()


def test_a_title_translation_moves_last_modified_but_not_the_sequence(engine, demo):
    with unit_of_work(engine) as session:
        meeting = public_meeting(session)
        before = (meeting.sequence, meeting.last_modified)
        translate_meeting(session, LATER, meeting, {"fr": {"title": "Réunion préparatoire"}})
        meeting_id = meeting.id
    with unit_of_work(engine) as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting.sequence == before[0]
        assert meeting.last_modified == LATER.now() != before[1]
        assert localized(meeting, "title", "fr").text == "Réunion préparatoire"
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "translate")).one()
        assert (entry.entity, entry.entity_id, entry.actor) == (
            "meeting",
            str(meeting_id),
            "translator",
        )
        assert entry.before == {} and entry.after == {"fr": {"title": "Réunion préparatoire"}}


def test_saying_the_same_again_changes_and_records_nothing(engine, demo, context):
    with unit_of_work(engine) as session:
        meeting = public_meeting(session)
        translate_meeting(session, context, meeting, {"ru": {"venue": "Нью-Йорк"}})
        stamp = meeting.last_modified
        translate_meeting(session, LATER, meeting, {"ru": {"venue": "Нью-Йорк", "title": None}})
        assert meeting.last_modified == stamp
        assert (
            len(session.scalars(select(AuditEntry).where(AuditEntry.action == "translate")).all())
            == 1
        )


def test_an_empty_text_removes_the_translation_and_its_row(engine, demo, context):
    with unit_of_work(engine) as session:
        meeting = public_meeting(session)
        translate_meeting(session, context, meeting, {"zh": {"title": "筹备会议"}})
        translate_meeting(session, LATER, meeting, {"zh": {"title": ""}})
        assert session.scalars(select(MeetingTranslation)).all() == []
        assert localized(meeting, "title", "zh").is_original


@pytest.mark.parametrize(
    ("texts", "field"),
    [
        ({"de": {"title": "Vorbereitung"}}, "language"),
        ({"en": {"title": "Preparatory"}}, "language"),
        ({"fr": {"title": "x" * 301}}, "title_fr"),
        ({"fr": {"title": "ligne\nnouvelle"}}, "title_fr"),
        ({"ar": {"venue": "\x07"}}, "venue_ar"),
        ({"es": {"outcome": "Resultado"}}, "outcome_es"),
    ],
)
def test_a_translation_passes_the_validation_of_its_original(engine, demo, context, texts, field):
    with unit_of_work(engine) as session:
        meeting = public_meeting(session)
        with pytest.raises(ValidationError) as refusal:
            translate_meeting(session, context, meeting, texts)
        assert refusal.value.field == field
        assert meeting.translations == []


def test_a_text_the_record_lacks_cannot_be_translated(engine, demo, context):
    with unit_of_work(engine) as session:
        meeting = add_meeting(
            session, context, conference=CONF, title="No agenda", start="2020-02-03 10:00",
            end="2020-02-03 11:00", timezone="America/New_York",
        )  # fmt: skip
        with pytest.raises(ValidationError, match="no agenda to translate"):
            translate_meeting(session, context, meeting, {"fr": {"agenda": "Ordre du jour"}})


def test_fallback_order_translation_then_catalog_then_marked_original(engine, demo, context):
    with unit_of_work(engine) as session:
        conference = conference_by_slug(session, CONF)
        # the reference data set's title is in the catalogs
        assert not localized(conference, "title", "fr").is_original
        translate_conference(session, context, conference, {"fr": {"title": "Titre recueilli"}})
        assert localized(conference, "title", "fr").text == "Titre recueilli"
        meeting = public_meeting(session)
        found = localized(meeting, "title", "ar")
        assert found.is_original and found.language == "en" and found.text == meeting.title
        assert plain_text(meeting, "title", "ar") == f"{meeting.title} (الأصل بالإنكليزية)"
        assert plain_text(meeting, "title", "en") == meeting.title  # English: never marked


def test_cli_takes_translations_on_add_and_update(cli, demo):
    added = cli(
        "meeting", "add", CONF, "--title", "Briefing", "--start", "2020-02-03 10:00",
        "--end", "2020-02-03 11:00", "--timezone", "America/New_York", "--venue", "Room 4",
        "--title-fr", "Séance d'information", "--venue-zh", "4号会议室", "--format", "json",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    record = json.loads(added.stdout)
    assert record["translations"] == {
        "fr": {"title": "Séance d'information"},
        "zh": {"venue": "4号会议室"},
    }
    updated = cli(
        "meeting", "update", str(record["id"]), "--agenda", "Item 1", "--agenda-ru", "Пункт 1",
        "--title-fr", "", "--format", "json",
    )  # fmt: skip
    assert updated.exit_code == 0, updated.stderr
    after = json.loads(updated.stdout)
    assert after["translations"] == {"ru": {"agenda": "Пункт 1"}, "zh": {"venue": "4号会议室"}}
    assert after["sequence"] == record["sequence"]
    shown = cli(
        "conference",
        "update",
        CONF,
        "--venue-es",
        "Sede de las Naciones Unidas",
        "--format",
        "json",
    )
    assert json.loads(shown.stdout)["translations"] == {
        "es": {"venue": "Sede de las Naciones Unidas"}
    }


def test_cli_refuses_a_bad_translation_and_changes_nothing(refused, demo):
    refused(["conference", "update", CONF, "--title-fr", "a\x00b"], "error: title_fr: contains")
