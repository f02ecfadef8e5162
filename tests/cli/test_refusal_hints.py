"""The CLI's refusal line: ``error: FIELD: reason (use --FLAG)``; the flag comes from the CLI,
never from the domain's message, and ``--lang`` renders the reason in that language."""

from datetime import date

import pytest

from planner.i18n import translations
from planner.refusals import REFUSALS

NY = "America/New_York"
MEETING = ["meeting", "add", "fourth-2020", "--title", "Consultations"]


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            [
                *MEETING,
                "--start",
                "2019-11-03 01:30",
                "--end",
                "2019-11-03 03:00",
                "--timezone",
                NY,
            ],
            "error: start: 2019-11-03 01:30 is ambiguous in America/New_York (it happens twice "
            "when the clocks go back); say which: the earlier or the later "
            "(use --fold earlier|later)",
        ),
        (
            [
                "pledge",
                "add",
                "fourth-2020",
                "--party",
                "KAZ",
                "--amount",
                "100",
                "--currency",
                "EUR",
                "--due",
                "2020-04-01",
            ],
            "error: rate: no EUR to USD rate is in force on {today}: give the rate or record one "
            "in the rates table (use --rate)",
        ),
        (
            [
                "pledge",
                "add",
                "fourth-2020",
                "--party",
                "KAZ",
                "--amount",
                "100",
                "--currency",
                "USD",
            ],
            "error: due: give a due date or instalments (use --due | --instalment)",
        ),
        (
            [
                "pledge",
                "add",
                "fourth-2020",
                "--party",
                "KAZ",
                "--amount",
                "10.005",
                "--currency",
                "USD",
                "--due",
                "2020-04-01",
            ],
            "error: amount: 10.005 has more decimals than USD allows (2) (use --amount)",
        ),
        (
            ["calendar", "fourth-2020", "--party", "KAZ", "--contact", "1"],
            "error: contact: give a party or a contact, not both (use --party | --contact)",
        ),
    ],
)
def test_the_refusal_line_names_the_field_and_hints_the_flag(refused, demo, args, line):
    result = refused(args, "error: ")
    assert result.stderr.strip() == line.format(today=date.today().isoformat())


def test_a_refusal_without_a_matching_flag_has_no_hint(refused, demo):
    result = refused(["conference", "show", "nowhere"], "error: conference: no conference")
    assert "(use" not in result.stderr


def test_the_reason_follows_lang_and_the_flag_stays(refused, demo):
    result = refused(
        ["summary", "fourth-2020", "--lang", "fr", "--as-of", "2020-02-30"], "error: as"
    )
    reason = translations("fr").gettext(REFUSALS["date.malformed"]) % {
        "value": "2020-02-30",
        "shape": "YYYY-MM-DD",
    }
    hint = translations("fr").gettext(" (use %(flag)s)") % {"flag": "--as-of"}
    assert result.stderr.strip() == f"error: as-of: {reason}{hint}"
