"""Bad input: exit 1, one message naming the field, and not a byte of the database changed."""

import pytest
from click.testing import CliRunner

from planner.cli import main

GOOD = {
    "slug": "fifth-2025",
    "--title": "Fifth",
    "--start": "2025-04-25",
    "--end": "2025-04-25",
    "--timezone": "America/New_York",
    "--venue": "New York",
}


def conference_args(**changes) -> list[str]:
    values = {**GOOD, **changes}
    args = ["conference", "add", values.pop("slug")]
    for option, value in values.items():
        args += [option, value]
    return args


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (conference_args(**{"--timezone": "Europe/Atlantis"}), "error: timezone: unknown IANA"),
        (conference_args(**{"--end": "2025-04-24"}), "error: end: 2025-04-24 is before the start"),
        (conference_args(**{"--start": "24/04/2025"}), "error: start: '24/04/2025' is not a date"),
        (conference_args(slug="fourth-2020"), "error: slug: a conference 'fourth-2020' already"),
        (conference_args(slug="Bad Slug"), "error: slug: 'Bad Slug' must be lower-case"),
        (conference_args(**{"--currency": "XYZ"}), "error: currency: unknown ISO 4217"),
        (conference_args(**{"--budget": "10.005"}), "error: budget: 10.005 has more decimals"),
        (conference_args(**{"--budget": "-5"}), "error: budget: must be greater than zero"),
        (["contact", "add", "--name", "X", "--party", "ZZZ"], "error: party: no party with code"),
        (
            ["contact", "add", "--name", "X", "--email", "not-an-address"],
            "error: email: 'not-an-address' is not a valid e-mail",
        ),
        (["contact", "add", "--name", "  "], "error: name: must not be empty"),
        (["party", "list", "--zone", "MNG"], "error: zone: MNG is not a zone (use --zone)"),
        (["conference", "show", "nowhere"], "error: conference: no conference 'nowhere'"),
    ],
)
def test_refused_without_changing_the_database(refused, demo, args, message):
    refused(args, message)


@pytest.mark.parametrize("url", ["nonsense://x", "postgresql+nodriver://h/db", "::::"])
def test_a_bad_database_url_names_the_database(url):
    result = CliRunner().invoke(main, ["--database", url, "conference", "list"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: database: not a usable database URL")
