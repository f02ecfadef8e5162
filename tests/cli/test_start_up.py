"""What every command pays before it runs: the imports of the command line.

Laying out PDFs (WeasyPrint, Pango) and drawing charts (matplotlib) were together about
half of the command line's start-up; the commands that need them import them when they
do, so ``planner meeting list`` does not wait for a PDF library.
"""

import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # a subprocess
HEAVY = ("matplotlib", "weasyprint")


def test_the_command_line_starts_without_the_pdf_and_chart_libraries():
    probe = "import sys, planner.cli; print(' '.join(sorted(set(sys.modules) & set(%r))))"
    loaded = subprocess.run(
        [sys.executable, "-c", probe % (HEAVY,)], capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == []
