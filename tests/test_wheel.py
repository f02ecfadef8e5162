"""The package works installed from its wheel, not from the source tree.

Templates and migrations must ship inside the wheel; this builds it, installs it
in a fresh virtual environment and runs ``planner`` from a directory outside the
repository.
"""

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parent.parent
# pip builds in the source tree (build/, *.egg-info): one test process builds, once
pytestmark = pytest.mark.xdist_group("wheel")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPOSITORY)],
        check=True,
    )
    return next(out.glob("planner-*.whl"))


@pytest.mark.slow  # builds the wheel
def test_wheel_ships_migrations_templates_and_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "planner/_migrations/env.py" in names
    assert any(name.startswith("planner/_migrations/versions/0001_") for name in names)
    assert "planner/reference/directory.toml" in names
    assert "planner/_templates/web/base.html" in names
    for lang in ("ar", "zh", "fr", "ru", "es"):
        assert f"planner/locale/{lang}/LC_MESSAGES/planner.mo" in names
    assert "planner/reference/terminology.toml" in names
    assert not any(name.startswith("tests/") for name in names)


@pytest.mark.slow
def test_installed_wheel_runs_demo_outside_the_repository(wheel, tmp_path):
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "-q", str(wheel)], check=True)
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    planner = environment / "bin" / "planner"
    env = {"PATH": f"{environment / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path)}
    demo = subprocess.run([planner, "demo"], cwd=workdir, env=env, capture_output=True, text=True)
    assert demo.returncode == 0, demo.stderr
    listed = subprocess.run(
        [planner, "conference", "list", "--format", "csv"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
    )
    assert listed.returncode == 0, listed.stderr
    assert "fourth-2020" in listed.stdout
    assert (workdir / "planner.db").exists()
    imported = subprocess.run(
        [python, "-c", "import planner; print(planner.__file__)"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(environment) in imported.stdout
    page = subprocess.run(
        [python, "-c", RENDER_FROM_WHEEL],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
    )
    assert page.returncode == 0, page.stderr
    assert page.stdout.strip() == "200 第四次无核武器区和蒙古会议"


RENDER_FROM_WHEEL = """
from planner.settings import Settings
from planner.web import create_app
app = create_app(Settings(database_url="sqlite:///planner.db", secret_key="k"))
response = app.test_client().get("/zh/conferences/fourth-2020")
title = "第四次无核武器区和蒙古会议"
print(response.status_code, title if title in response.get_data(as_text=True) else "missing")
"""
