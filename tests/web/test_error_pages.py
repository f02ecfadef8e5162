"""Error pages in the page's language, with the signed-in header; a 500 is logged, not shown."""

import logging

import pytest
from werkzeug.exceptions import TooManyRequests

from planner.web import UPLOAD_LIMIT
from tests.web.conftest import sign_in

SECRET = "db password is hunter2"  # in the exception: must reach the log, never the page


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def app(app):
    """The test app, with routes that exist only here: one raises, one answers 429."""

    def explode():
        raise RuntimeError(SECRET)

    def busy():
        raise TooManyRequests(retry_after=30)

    app.add_url_rule("/<lang>/test-only/explode", "explode", explode)
    app.add_url_rule("/<lang>/test-only/busy", "busy", busy)
    return app


@pytest.fixture
def viewer(client, make_user):
    sign_in(client, make_user("vera", "viewer"))
    return client


def requests(client):
    """One request per error status, as a signed-in viewer would make them."""
    return {
        400: lambda lang: client.post(f"/{lang}/account/password"),  # no CSRF token
        403: lambda lang: client.get(f"/{lang}/manage/fourth-2020/import"),  # finance only
        404: lambda lang: client.get(f"/{lang}/no-such-page"),
        405: lambda lang: client.get(f"/{lang}/sign-out"),
        413: lambda lang: client.post(
            f"/{lang}/manage/fourth-2020/import/preview",
            data=b"x" * (UPLOAD_LIMIT + 1),
            content_type="application/octet-stream",
        ),
        429: lambda lang: client.get(f"/{lang}/test-only/busy"),
        500: lambda lang: client.get(f"/{lang}/test-only/explode"),
    }


TITLES = {
    "en": {
        400: "Form refused",
        403: "Not allowed",
        404: "Not found",
        405: "Method not allowed",
        413: "Too large",
        429: "Too many requests",
        500: "Something went wrong",
    },
    "zh": {
        400: "表单被拒绝",
        403: "无权访问",
        404: "未找到",
        405: "不允许的请求方法",
        413: "内容过大",
        429: "请求过多",
        500: "出错了",
    },
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_error_page_speaks_the_language_and_keeps_the_header(viewer, demo, lang):
    for status, request in requests(viewer).items():
        response = request(lang)
        page = text(response)
        assert response.status_code == status, (status, page[:300])
        assert f"<h1>{TITLES[lang][status]} <span" in page, status
        assert f'<html lang="{"zh-Hans" if lang == "zh" else "en"}" dir="ltr">' in page, status
        assert "Vera</a>" in page, f"the {status} page lost the signed-in header"
        assert ('aria-current="true">中文' in page) == (lang == "zh"), status


def test_405_and_429_keep_their_headers(viewer):
    assert set(viewer.get("/en/sign-out").headers["Allow"].split(", ")) == {"OPTIONS", "POST"}
    assert viewer.get("/en/test-only/busy").headers["Retry-After"] == "30"


def test_413_names_the_limits(viewer):
    page = text(requests(viewer)[413]("en"))
    assert "at most 16 MB and 100,000 rows" in page
    assert "最多 16 MB、100,000 行" in text(requests(viewer)[413]("zh"))


def test_500_shows_no_traceback_and_is_logged(viewer, caplog):
    with caplog.at_level(logging.ERROR):
        response = viewer.get("/en/test-only/explode")
    page = text(response)
    assert response.status_code == 500
    assert "Traceback" not in page and SECRET not in page and "RuntimeError" not in page
    assert "The error was logged" in page
    [record] = [r for r in caplog.records if r.exc_info]
    assert record.exc_info[0] is RuntimeError and SECRET in str(record.exc_info[1])
    assert "/en/test-only/explode" in record.getMessage()


def test_signed_out_error_pages_offer_sign_in(client):
    page = text(client.get("/zh/no-such-page"))
    assert "<h1>未找到 <span" in page and 'href="/zh/sign-in"' in page


def test_a_throttled_sign_in_is_a_429_page_in_the_language(client, make_user):
    account = make_user("ana", "viewer")
    for _ in range(3):
        sign_in(client, account, password="wrong password!", lang="zh")
    response = sign_in(client, account, lang="zh")
    assert (response.status_code, response.headers["Retry-After"]) == (429, "1")
    assert "登录失败次数过多" in text(response)


def test_unknown_language_prefix_is_a_404_in_the_negotiated_language(client):
    response = client.get("/xx/zones", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert response.status_code == 404 and "<h1>未找到 <span" in text(response)
