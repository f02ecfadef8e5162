"""The public portal: pages, languages, the conference facts and the zones, with no sign-in."""

import pytest

from planner.db import unit_of_work
from planner.directory.models import Party
from planner.web import create_app
from planner.web.portal import Panel, add_conference_panel

XSS = '<script>alert("x")</script>'


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.5", "/zh/"),
        ("en-GB,en;q=0.8", "/en/"),
        ("fr-FR", "/fr/"),
        ("ar-EG,ar;q=0.9", "/ar/"),
        ("ru-RU,ru;q=0.9,en;q=0.5", "/ru/"),
        ("es-419,es;q=0.9", "/es/"),
        ("de-DE", "/en/"),
        ("", "/en/"),
    ],
)
def test_root_redirects_by_accept_language(client, accept_language, expected):
    response = client.get("/", headers={"Accept-Language": accept_language})
    assert response.status_code == 302
    assert response.headers["Location"] == expected
    assert "Accept-Language" in response.headers["Vary"]


def test_language_comes_from_the_url_not_the_header(client, demo):
    page = text(client.get("/en/", headers={"Accept-Language": "zh"}))
    assert '<html lang="en" dir="ltr">' in page
    assert "Fourth Conference of Nuclear-Weapon-Free Zones and Mongolia" in page
    page = text(client.get("/zh/", headers={"Accept-Language": "en"}))
    assert '<html lang="zh-Hans" dir="ltr">' in page
    assert "第四次无核武器区和蒙古会议" in page
    assert "2020年4月24日" in page


def test_unknown_language_is_404(client, demo):
    assert client.get("/de/").status_code == 404


def test_language_switcher_links_to_the_same_page(client, demo):
    page = text(client.get("/zh/zones/PELINDABA"))
    assert 'href="/en/zones/PELINDABA" hreflang="en"' in page
    assert (
        'href="/zh/zones/PELINDABA" hreflang="zh-Hans" lang="zh-Hans" dir="ltr" aria-current="true"'
    ) in page
    for lang in ("ar", "fr", "ru", "es"):
        assert f'href="/{lang}/zones/PELINDABA" hreflang="{lang}"' in page
    assert 'lang="ar" dir="rtl">العربية</a>' in page


@pytest.mark.parametrize(
    ("lang", "direction", "title", "opening"),
    [
        (
            "ar",
            "rtl",
            "المؤتمر الرابع للمناطق الخالية من الأسلحة النووية ومنغوليا",
            "24 أبريل 2020",
        ),
        (
            "fr",
            "ltr",
            "Quatrième Conférence des zones exemptes d’armes nucléaires",
            "24 avril 2020",
        ),
        (
            "ru",
            "ltr",
            "Четвертая конференция зон, свободных от ядерного оружия, и Монголии",
            "24 апреля 2020",
        ),
        (
            "es",
            "ltr",
            "Cuarta Conferencia de las Zonas Libres de Armas Nucleares y Mongolia",
            "24 de abril de 2020",
        ),
    ],
)
def test_conference_page_in_each_un_language(client, demo, lang, direction, title, opening):
    page = text(client.get(f"/{lang}/conferences/fourth-2020"))
    assert f'<html lang="{lang}" dir="{direction}">' in page
    assert title in page.replace("&#39;", "’").replace("'", "’")
    assert opening in page


def test_conference_page_shows_the_facts_with_sample_budget_marked(client, demo):
    page = text(client.get("/en/conferences/fourth-2020"))
    assert "April 24, 2020" in page
    assert "United Nations Headquarters, New York" in page
    assert "America/New_York" in page
    assert "$250,000.00" in page and "SAMPLE" in page
    assert "A/RES/73/71" in page
    assert "opanal.org page on the Fourth Conference" in page


def test_conference_without_budget_shows_no_sample_mark(client, demo):
    page = text(client.get("/en/conferences/first-2005"))
    assert "Mexico City" in page
    assert '<span class="sample"' not in page


def test_unknown_conference_is_404_with_the_message(client, demo):
    response = client.get("/zh/conferences/fifth-2030")
    assert response.status_code == 404
    page = text(response)
    assert "没有会议 &#39;fifth-2030&#39;" in page  # the refusal in the page's language
    assert "no conference" not in page


def test_added_conference_panel_is_rendered_after_the_facts(settings, demo, tmp_path):
    app = create_app(settings)
    add_conference_panel(app, lambda session, conference: None)
    add_conference_panel(
        app,
        lambda session, conference: Panel(
            "web/error.html", {"status": 1, "title": "T", "message": conference.slug}
        ),
    )
    page = text(app.test_client().get("/en/conferences/fourth-2020"))
    assert page.index('id="facts"') < page.index("<h1>T <span")
    app.extensions["planner"].dispose()


def test_zones_page_lists_treaty_facts_with_sources_and_as_of_dates(client, demo):
    page = text(client.get("/en/zones"))
    for zone in ("TLATELOLCO", "RAROTONGA", "BANGKOK", "PELINDABA", "SEMIPALATINSK", "MONGOLIA"):
        assert f'href="/en/zones/{zone}"' in page
    assert "Treaty on the Southeast Asia Nuclear Weapon-Free Zone (Treaty of Bangkok)" in page
    assert "February 14, 1967" in page
    assert "(as of November 27, 2026)" in page
    assert "UNODA Treaties Database (treaties.unoda.org/t/rarotonga)" in page
    assert "International Atomic Energy Agency" in page


def test_zones_page_in_chinese_uses_the_catalog(client, demo):
    page = text(client.get("/zh/zones"))
    assert "东南亚无核武器区条约（曼谷条约）" in page
    assert "1967年2月14日" in page
    assert "国际原子能机构" in page


def test_zone_page_lists_member_states_with_cldr_names(client, demo):
    english = text(client.get("/en/zones/SEMIPALATINSK"))
    chinese = text(client.get("/zh/zones/SEMIPALATINSK"))
    for code, en, zh in [
        ("KAZ", "Kazakhstan", "哈萨克斯坦"),
        ("UZB", "Uzbekistan", "乌兹别克斯坦"),
    ]:
        assert f"<td>{en}</td>" in english and f"<td>{zh}</td>" in chinese
        assert f"<td>{code}</td>" in chinese
    assert "5 states listed." in english


def test_zone_page_refuses_a_state_code(client, demo):
    response = client.get("/en/zones/MNG")
    assert response.status_code == 404
    assert "MNG is not a zone" in text(response)


def test_party_name_with_markup_is_escaped(client, demo, engine):
    with unit_of_work(engine) as session:
        session.add(Party(code="EVIL", kind="organization", name=XSS, source=XSS))
    page = text(client.get("/en/zones"))
    assert XSS not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_portal_pages_need_no_sign_in(client, demo):
    for url in ("/en/", "/zh/conferences/fourth-2020", "/en/zones", "/zh/zones/MONGOLIA"):
        assert client.get(url).status_code == 200, url
