"""Pages whose sentences read right in each language (dates, joins, names)."""

import re
from datetime import UTC, date, datetime

from planner.db import unit_of_work
from planner.directory.operations import add_contact
from planner.i18n import date_range_text
from tests.meetings.test_clash_prose import CLASH_DAY, clashing_pair
from tests.web.conftest import csrf_token, sign_in
from tests.web.manage_routes import FORMS

SCHEDULE = next(form for form in FORMS if form.name == "schedule meeting")


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_french_conference_page_writes_the_first_of_the_month_as_an_ordinal(client, demo):
    # the app's clock in the tests reads 2019-10-01
    text = page(client, "/fr/conferences/fourth-2020")
    assert "Au 1er octobre 2019" in text
    assert "1 octobre" not in text


def test_a_french_range_of_days_carries_the_ordinal_at_either_end():
    assert date_range_text(date(2020, 3, 1), date(2020, 3, 3), "fr") == "1er–3 mars 2020"
    assert (
        date_range_text(date(2020, 2, 28), date(2020, 3, 1), "fr")
        == "28 févr.\u2009–\u20091er mars 2020"
    )
    assert date_range_text(date(2020, 3, 2), date(2020, 3, 3), "fr") == "2–3 mars 2020"


def test_arabic_conference_page_joins_date_and_time_with_the_arabic_comma(client, demo):
    text = page(client, "/ar/conferences/fourth-2020")
    assert "2019، " in text
    assert "2019, " not in text


def test_clash_warning_names_the_party_in_the_page_language(signed_in, demo, session, context):
    clashing_pair(session, context)
    client = signed_in("organizer")
    meetings = "/fr/manage/fourth-2020/meetings"
    fields = {
        **SCHEDULE.valid,
        "start": f"{CLASH_DAY} 11:00",
        "end": f"{CLASH_DAY} 11:30",
        "venue": "Room C",
        "invite": ["ZAF"],
        "csrf_token": csrf_token(page(client, meetings)),
    }
    response = client.post(meetings, data=fields)
    assert response.status_code == 302, response.get_data(as_text=True)
    shown = page(client, response.headers["Location"])
    warnings = re.findall(r'<p class="flash warning" role="status">(.*?)</p>', shown, re.S)
    assert len(warnings) == 2  # one per meeting it overlaps
    for warning in warnings:
        assert "invités des deux réunions\u202f: Afrique du Sud" in warning
        assert "ZAF" not in warning


def test_chair_page_counts_the_days_late_in_the_language_plural(client, make_user, demo, clock):
    viewer = make_user("viewer-user", "viewer")
    clock.now = datetime(2020, 1, 1, 12, tzinfo=UTC)  # one day past the target date
    sign_in(client, viewer, lang="fr")
    french = page(client, "/fr/manage/fourth-2020/chair")
    assert "<strong>en retard</strong> (1 jour)" in french
    assert "1 jours" not in french
    clock.now = datetime(2020, 3, 1, 12, tzinfo=UTC)
    sign_in(client, viewer, lang="ru")
    assert "(61 день)" in page(client, "/ru/manage/fourth-2020/chair")


def test_secondary_marks_take_the_brackets_of_the_language(signed_in, demo, engine, context):
    """A code, a date or a role after a name is bracketed as the language brackets it:
    full-width and unspaced in Chinese (the pages wrote ASCII " (…)" in every language)."""
    with unit_of_work(engine) as session:
        add_contact(session, context, name="Bat Dorj", email="bat@example.org", party="MNG")
    client = signed_in("organizer")
    chinese = page(client, "/zh/manage/contacts")
    assert "（<bdi>MNG</bdi>）" in chinese
    assert not re.search(r" \(<bdi>", chinese)
    assert "（组织者）" in chinese  # the signed-in role, in the page's header
    english = page(client, "/en/manage/contacts")
    assert " (<bdi>MNG</bdi>)" in english and "（" not in english
