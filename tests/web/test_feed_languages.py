"""Feeds in a chosen language: the calendar's words from the catalogs, the events' texts
from the translations with a marked fallback, read by ical.js and libical; each language
a feed of its own for HTTP validators and for the cache."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from planner.audit import Context
from planner.calendars.cache import build_feed_incrementally
from planner.calendars.feeds import audience, build_feed
from planner.calendars.models import CachedEvents
from planner.content.operations import translate_meeting
from planner.db import unit_of_work
from planner.meetings.models import Meeting
from tests.calendars.parsers import check_with_libical, parse_with_icaljs

CONF = "fourth-2020"
PUBLIC = f"/calendars/{CONF}.ics"
LATER = Context(actor="tester", clock=lambda: datetime(2020, 1, 20, 9, 30, tzinfo=UTC))
TITLES = {
    "fr": "Réunion préparatoire de la quatrième Conférence",
    "zh": "第四次会议筹备会议",
    "ar": "الاجتماع التحضيري للمؤتمر الرابع",
}
# each after the title as the language spaces a bracketed mark: no space before full-width brackets
MARKS = {"fr": " (original en anglais)", "zh": "（英文原文）", "ar": " (الأصل بالإنكليزية)"}
NAMES = {
    "fr": "Quatrième Conférence des zones exemptes d'armes nucléaires",
    "zh": "第四次无核武器区",
    "ar": "المؤتمر الرابع للمناطق الخالية من الأسلحة النووية",
}


@pytest.fixture
def translated(engine, demo) -> tuple[str, str]:
    """One public meeting with titles in fr, zh and ar; the UID of another one without."""
    with unit_of_work(engine) as session:
        public = session.scalars(
            select(Meeting).where(Meeting.visibility == "public").order_by(Meeting.start_utc)
        ).all()
        translate_meeting(
            session, LATER, public[1], {lang: {"title": title} for lang, title in TITLES.items()}
        )
        return public[1].uid, public[0].uid


@pytest.mark.parametrize("lang", ["fr", "zh", "ar"])
def test_a_feed_in_a_language_reads_translated_and_marked_in_icaljs_and_libical(
    engine, translated, lang
):
    uid, untranslated = translated
    with unit_of_work(engine) as session:
        feed = build_feed(session, audience(session, CONF), lang)
        original = session.scalar(select(Meeting.title).where(Meeting.uid == untranslated))
    assert f"SUMMARY;LANGUAGE={lang}:".encode() in feed and b"SUMMARY;LANGUAGE=en:" in feed
    parsed = parse_with_icaljs(feed)
    assert parsed.name.startswith(NAMES[lang])
    summaries = {event["uid"]: event["summary"] for event in parsed.events}
    assert summaries[uid].endswith(TITLES[lang])
    assert summaries[untranslated].endswith(f"{original}{MARKS[lang]}")
    libical = check_with_libical(feed)
    assert libical["parse_errors"] == [] and libical["restriction_errors"] == []
    assert {e["uid"]: e["summary"] for e in libical["events"]}[uid].endswith(TITLES[lang])


def test_the_english_feed_is_what_it_was_and_names_no_language(engine, translated):
    with unit_of_work(engine) as session:
        english = build_feed(session, audience(session, CONF))
    assert b"LANGUAGE=" not in english and TITLES["fr"].encode() not in english


def test_etag_and_304_per_language(client, translated):
    tags = {}
    for lang in ("en", "fr", "zh"):
        response = client.get(PUBLIC if lang == "en" else f"{PUBLIC}?lang={lang}")
        assert response.status_code == 200
        tags[lang] = response.headers["ETag"]
    assert len(set(tags.values())) == 3
    again = client.get(f"{PUBLIC}?lang=fr", headers={"If-None-Match": tags["fr"]})
    assert again.status_code == 304
    other = client.get(f"{PUBLIC}?lang=zh", headers={"If-None-Match": tags["fr"]})
    assert other.status_code == 200 and TITLES["zh"] in other.get_data(as_text=True)


def test_party_and_private_feeds_take_the_language_too(client, demo):
    response = client.get(f"/calendars/{CONF}/parties/KAZ.ics?lang=zh")
    assert response.status_code == 200
    assert parse_with_icaljs(response.data).name.endswith("— 哈萨克斯坦")
    assert client.get("/calendars/private/not-a-token.ics?lang=fr").status_code == 404


def test_an_unknown_language_is_a_clear_400(client, demo):
    response = client.get(f"{PUBLIC}?lang=de")
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert "'de'" in response.get_data(as_text=True) and "ar, zh, en, fr, ru, es" in (
        response.get_data(as_text=True)
    )


def test_the_event_cache_keeps_each_language_and_rebuilds_a_changed_translation(engine, translated):
    uid, _ = translated
    with unit_of_work(engine) as session:
        for lang in ("en", "fr"):
            assert build_feed_incrementally(session, audience(session, CONF), lang) == build_feed(
                session, audience(session, CONF), lang
            )
        languages = set(session.scalars(select(CachedEvents.language)))
        meeting = session.scalar(select(Meeting).where(Meeting.uid == uid))
        translate_meeting(
            session,
            Context("tester", clock=lambda: datetime(2020, 2, 1, tzinfo=UTC)),
            meeting,
            {"fr": {"title": "Titre corrigé"}},
        )
    assert languages == {"en", "fr"}
    with unit_of_work(engine) as session:
        french = build_feed_incrementally(session, audience(session, CONF), "fr")
        assert french == build_feed(session, audience(session, CONF), "fr")
    assert "Titre corrigé".encode() in french


def test_cli_writes_a_feed_in_a_language(cli, translated):
    result = cli("calendar", CONF, "--lang", "fr")
    assert result.exit_code == 0, result.stderr
    summaries = {event["summary"] for event in parse_with_icaljs(result.stdout_bytes).events}
    assert any(summary.endswith(TITLES["fr"]) for summary in summaries)
    assert cli("calendar", CONF, "--lang", "de").exit_code == 2


def test_the_calendars_page_offers_the_feed_in_its_language(client, demo):
    page = client.get(f"/ru/conferences/{CONF}/calendars").get_data(as_text=True)
    assert f"/calendars/{CONF}.ics?lang=ru" in page
    english = client.get(f"/en/conferences/{CONF}/calendars").get_data(as_text=True)
    assert f"/calendars/{CONF}.ics?lang" not in english
