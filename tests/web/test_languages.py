"""The six languages beyond the portal: feeds, error pages, the chair and actions pages."""

import pytest
from icalendar import Calendar

from tests.web.conftest import sign_in

CONF = "fourth-2020"


def text(response) -> str:
    return response.get_data(as_text=True)


def calendar_text(calendar: Calendar, name: str) -> str:
    """X-WR-* properties are parsed untyped (still TEXT-escaped): unescape them."""
    value = str(calendar[name])
    for escaped, plain in (("\\,", ","), ("\\;", ";"), ("\\n", "\n"), ("\\\\", "\\")):
        value = value.replace(escaped, plain)
    return value


@pytest.mark.parametrize(
    ("lang", "name", "description"),
    [
        ("fr", "Quatrième Conférence des zones exemptes d'armes nucléaires", "Réunions de la"),
        ("ru", "Четвертая конференция зон, свободных от ядерного оружия", "Заседания:"),
        ("ar", "المؤتمر الرابع للمناطق الخالية من الأسلحة النووية ومنغوليا", "اجتماعات"),
    ],
)
def test_feed_in_a_chosen_language(client, demo, lang, name, description):
    english = client.get(f"/calendars/{CONF}.ics")
    response = client.get(f"/calendars/{CONF}.ics?lang={lang}")
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.data)
    assert calendar_text(calendar, "X-WR-CALNAME").startswith(name)
    assert calendar_text(calendar, "X-WR-CALDESC").startswith(description)
    assert response.headers["ETag"] != english.headers["ETag"]
    # The events are the same meetings: only the calendar's own words change.
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    assert uids == {str(e["UID"]) for e in Calendar.from_ical(english.data).walk("VEVENT")}


def test_party_feed_is_named_by_the_cldr_name_and_unknown_language_is_404(client, demo):
    response = client.get(f"/calendars/{CONF}/parties/KAZ.ics?lang=zh")
    assert calendar_text(Calendar.from_ical(response.data), "X-WR-CALNAME").endswith("— 哈萨克斯坦")
    assert client.get(f"/calendars/{CONF}.ics?lang=de").status_code == 404
    assert (
        client.get(f"/calendars/{CONF}.ics?lang=en").data
        == client.get(f"/calendars/{CONF}.ics").data
    )


def test_calendars_page_offers_the_feed_in_its_language(client, demo):
    page = text(client.get(f"/ru/conferences/{CONF}/calendars"))
    assert f"/calendars/{CONF}.ics?lang=ru" in page
    assert f"/calendars/{CONF}.ics?lang" not in text(
        client.get(f"/en/conferences/{CONF}/calendars")
    )


@pytest.mark.parametrize(
    ("lang", "title"),
    [("ar", "غير موجود"), ("ru", "Не найдено"), ("es", "No encontrado"), ("zh", "未找到")],
)
def test_error_page_for_an_unknown_address_speaks_the_language_of_the_address(
    client, demo, lang, title
):
    response = client.get(f"/{lang}/no/such/page")
    assert response.status_code == 404
    assert title in text(response)
    assert f'<html lang="{"zh-Hans" if lang == "zh" else lang}"' in text(response)


def test_chair_and_actions_pages_name_states_and_facts_in_the_language(
    client, demo, make_user, clock
):
    clock.advance(days=152)  # 2020-03-01: nominations made, a preparatory meeting held
    sign_in(client, make_user("zh-viewer", "viewer"), lang="zh")
    chair = text(client.get(f"/zh/manage/{CONF}/chair"))
    assert "哈萨克斯坦" in chair
    assert "Kazakhstan" not in chair
    assert "<bdi>KAZ</bdi>" in chair
    assert "2019年10月15日" in chair  # the nomination's date through Babel, not ISO
    actions = text(client.get(f"/zh/manage/{CONF}/actions"))
    assert "已举行1次" in actions  # recommendation 10's derived fact, from the catalog
    assert "held (last on" not in actions and "active nomination" not in actions
    contributions = text(client.get(f"/zh/manage/{CONF}/finance/contributions"))
    assert "Kazakhstan" not in contributions
    assert "哈萨克斯坦" in contributions
    assert "中亚（塞米巴拉金斯克条约）" in contributions  # the zone by its translated name
    assert "over-180" not in contributions and "180天以上" in contributions
