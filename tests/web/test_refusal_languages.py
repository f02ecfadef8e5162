"""A refusal on a web page speaks the page's language, names its field, and saves nothing."""

import html

import pytest

from planner.i18n import translations
from planner.refusals import FIELD_NAMES, REFUSALS
from tests.web.conftest import csrf_token


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def translated(lang: str, message: str, **values: object) -> str:
    return translations(lang).gettext(message) % values


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "zone\u202f: MNG n'est pas une zone"),
        ("zh", "区：MNG 不是无核武器区"),
        ("ar", "المنطقة: MNG ليست منطقة"),
    ],
)
def test_an_error_page_gives_the_refusal_in_the_page_language_with_its_field(
    client, demo, lang, expected
):
    response = client.get(f"/{lang}/zones/MNG")
    assert response.status_code == 404
    page = text(response)
    assert expected in page
    assert expected == translated(
        lang,
        "%(field)s: %(reason)s",
        field=translated(lang, FIELD_NAMES["zone"]),
        reason=translated(lang, REFUSALS["party.not_a_zone"], party="MNG"),
    )
    assert "is not a zone" not in page


@pytest.mark.parametrize("lang", ["fr", "zh", "ar"])
def test_a_form_refusal_is_in_the_page_language_next_to_its_field(signed_in, demo, dump, lang):
    client = signed_in("organizer")
    before = dump()
    page = text(client.get(f"/{lang}/manage/contacts"))
    data = {"name": "Focal", "title": "", "email": "", "party": "XXX"}
    response = client.post(
        f"/{lang}/manage/contacts", data={**data, "csrf_token": csrf_token(page)}
    )
    assert response.status_code == 404
    shown = text(response).split('id="party-error">')[1].split("</p>")[0]
    assert shown == translated(lang, REFUSALS["party.unknown"], value="XXX")
    assert "no party" not in shown
    assert dump() == before
