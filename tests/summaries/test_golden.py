"""Golden files: the data set's summary at a fixed as-of date, every format and language.

The files under ``golden/`` are compared byte for byte on SQLite and PostgreSQL, except
the charts' SVG images: those are drawn by matplotlib with the installed fonts, checked
for their numbers in tests/finance/test_charts.py, and stand here as one placeholder per
chart so that a font or matplotlib release does not rewrite every golden file. After an
intended change, regenerate them and review the diff:

    PLANNER_UPDATE_GOLDEN=1 .venv/bin/pytest tests/summaries/test_golden.py
"""

import os
import re
from pathlib import Path

import pytest
from babel.dates import format_date

from planner.i18n import LOCALES
from planner.settings import utc_now
from planner.summaries.render import FORMATS

GOLDEN = Path(__file__).parent / "golden"
AS_OF = "2020-03-01"  # the same fixed date as `make run` (AS_OF in the Makefile)
UPDATE = os.environ.get("PLANNER_UPDATE_GOLDEN") == "1"
CHART_IMAGE = re.compile(rb"data:image/svg\+xml;base64,[A-Za-z0-9+/=]+")


def without_chart_images(document: bytes) -> bytes:
    """The document with each embedded chart image replaced by a placeholder."""
    return CHART_IMAGE.sub(b"data:image/svg+xml;base64,CHART", document)


@pytest.mark.parametrize("lang", LOCALES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_summary_matches_its_golden_file(cli, demo, tmp_path, fmt, lang):
    args = ("summary", "fourth-2020", "--format", fmt, "--lang", lang, "--as-of", AS_OF)
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    produced = result.stdout_bytes
    golden = GOLDEN / f"fourth-2020.{lang}.{fmt}"
    if UPDATE:
        golden.write_bytes(without_chart_images(produced))
    assert without_chart_images(produced) == golden.read_bytes()
    # The same inputs give the same bytes, whether printed or written with -o.
    written = tmp_path / f"summary.{fmt}"
    again = cli(*args, "-o", str(written))
    assert again.exit_code == 0 and again.stdout == f"wrote {written}\n"
    assert written.read_bytes() == produced


def test_default_as_of_is_today_by_the_settings_clock(cli, demo):
    before = utc_now().date()
    result = cli("summary", "fourth-2020")
    after = utc_now().date()
    assert result.exit_code == 0, result.stderr
    first_line = result.stdout.splitlines()[1]
    assert first_line in {
        f"As of {format_date(day, 'long', locale='en')}" for day in (before, after)
    }
    assert "The conference has ended" in result.stdout


def test_bad_input_is_refused_naming_the_field(cli, demo, dump):
    before = dump()
    result = cli("summary", "fourth-2020", "--as-of", "2020-02-30")
    assert result.exit_code == 1 and result.stderr.startswith("error: as-of:")
    result = cli("summary", "no-such-conference")
    assert result.exit_code == 1 and result.stderr.startswith("error: conference:")
    result = cli("summary", "fourth-2020", "--lang", "xx")
    assert result.exit_code == 2
    assert dump() == before
