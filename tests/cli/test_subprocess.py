"""The installed ``planner`` command as a real process: exit codes and streams."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # each test starts the planner as a new process

PLANNER = [str(Path(sys.executable).with_name("planner"))]


def run(*args, cwd):
    return subprocess.run([*PLANNER, *args], cwd=cwd, capture_output=True, text=True)


def test_demo_then_show_in_a_fresh_directory_uses_planner_db_there(tmp_path):
    assert run("demo", cwd=tmp_path).returncode == 0
    assert (tmp_path / "planner.db").exists()
    shown = run("conference", "show", "fourth-2020", "--format", "json", cwd=tmp_path)
    assert json.loads(shown.stdout)["start"] == "2020-04-24"


def test_refusal_goes_to_stderr_with_exit_1(tmp_path):
    run("demo", cwd=tmp_path)
    result = run("conference", "show", "missing", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "error: conference: no conference 'missing'\n"


def test_bad_usage_exits_2(tmp_path):
    assert run("conference", "add", cwd=tmp_path).returncode == 2
