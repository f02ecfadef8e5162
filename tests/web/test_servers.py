"""The planner over real HTTP: gunicorn with several workers, and ``planner serve``."""

import http.cookiejar
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.web.conftest import csrf_token, free_port
from tests.web.servers import running

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent


@pytest.fixture
def base_env(tmp_path):
    """The test's environment without PLANNER_* settings; HOME apart, so that concurrent
    gunicorns do not share a control socket under ~/.gunicorn."""

    def environment(**variables: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PLANNER_")}
        return {**env, "HOME": str(tmp_path), **variables}

    return environment


class Browser:
    """urllib with a cookie jar: enough to sign in and follow redirects."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str, **headers: str):
        request = urllib.request.Request(self.base + path, headers=headers)
        with self.opener.open(request, timeout=10) as response:
            return response.status, response.geturl(), response.read().decode()

    def post(self, path: str, data: dict[str, str]):
        body = urllib.parse.urlencode(data).encode()
        with self.opener.open(self.base + path, data=body, timeout=10) as response:
            return response.status, response.geturl(), response.read().decode()


def test_gunicorn_with_several_workers_serves_and_keeps_sign_ins(
    database_url, demo, make_user, base_env
):
    account = make_user("ana", "organizer")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(BIN / "gunicorn"), "-w", "3", "-b", f"127.0.0.1:{port}", "planner.web.wsgi:app"]
    env = base_env(PLANNER_DATABASE_URL=database_url, PLANNER_SECRET_KEY="shared by all workers")
    with running(command, env, f"{base}/en/"):
        browser = Browser(base)
        status, url, page = browser.get("/", **{"Accept-Language": "zh-CN"})
        assert (status, url) == (200, f"{base}/zh/")
        assert "第四次无核武器区和蒙古会议" in page
        _, _, page = browser.get("/en/sign-in")
        status, url, page = browser.post(
            "/en/sign-in?next=/en/manage/contacts",
            {
                "csrf_token": csrf_token(page),
                "username": account.username,
                "password": account.password,
            },
        )
        assert (status, url) == (200, f"{base}/en/manage/contacts")
        # every later request may land on another worker: the cookie holds for all of them
        for _ in range(12):
            status, url, page = browser.get("/en/manage/contacts")
            assert (status, url) == (200, f"{base}/en/manage/contacts")
            assert "Add a contact" in page


def test_gunicorn_refuses_to_start_without_a_shared_secret_key(database_url, base_env):
    result = subprocess.run(
        [
            str(BIN / "gunicorn"),
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{free_port()}",
            "planner.web.wsgi:app",
        ],
        env=base_env(PLANNER_DATABASE_URL=database_url),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "PLANNER_SECRET_KEY must be set" in result.stdout + result.stderr


def test_planner_serve_migrates_a_new_database_and_serves(tmp_path, base_env):
    port = free_port()
    database = tmp_path / "new.db"
    command = [
        str(BIN / "planner"),
        "--database",
        f"sqlite:///{database}",
        "serve",
        "--port",
        str(port),
    ]
    with running(command, base_env(), f"http://127.0.0.1:{port}/en/") as process:
        status, _, page = Browser(f"http://127.0.0.1:{port}").get("/en/zones")
        assert status == 200 and "<h1>Nuclear-weapon-free zones and Mongolia</h1>" in page
    output = process.stdout.read()
    assert "warning: PLANNER_SECRET_KEY is not set" in output
    assert f"serving the planner on http://127.0.0.1:{port}/" in output
    current = subprocess.run(
        [str(BIN / "planner"), "--database", f"sqlite:///{database}", "db", "current"],
        capture_output=True,
        text=True,
    )
    assert "up to date" in current.stdout
