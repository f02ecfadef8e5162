"""The six languages beyond the portal: error pages, the chair, actions and contributions pages."""

import pytest

from tests.web.conftest import sign_in

CONF = "fourth-2020"


def text(response) -> str:
    return response.get_data(as_text=True)


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
