"""The input domain (issue 11): each class of value that used to be accepted and then broke
something is refused at the operations, with one message naming the field, exit 1, and
the database exactly as it was, on SQLite and PostgreSQL alike."""

import pytest

CONF = "fourth-2020"
MEETING = ["meeting", "add", CONF, "--title", "Prep", "--timezone", "America/New_York"]
AT = ["--start", "2020-02-03 10:00", "--end", "2020-02-03 11:00"]


def pledge(**changes) -> list[str]:
    values = {"--party": "KAZ", "--amount": "1000", "--currency": "USD",
              "--due": "2020-03-01", "--date": "2020-01-01", **changes}  # fmt: skip
    args = ["pledge", "add", CONF]
    for option, value in values.items():
        args += [option, value]
    return args


REFUSED = [
    (  # year 1 and 9999 used to be accepted, then every feed of the conference failed
        [*MEETING, "--start", "0001-01-01 10:00", "--end", "0001-01-01 11:00"],
        "error: start: 0001-01-01 is outside 1970-01-01 to 2037-12-31",
    ),
    (
        [*MEETING, "--start", "9999-12-30 10:00", "--end", "9999-12-30 11:00"],
        "error: start: 9999-12-30 is outside 1970-01-01 to 2037-12-31",
    ),
    (
        [*MEETING, "--all-day", "--start", "2040-01-01", "--end", "2040-01-02"],
        "error: start: 2040-01-01 is outside 1970-01-01 to 2037-12-31",
    ),
    (
        [*MEETING[:4], "Prep\x1b[31m", *MEETING[5:], *AT],
        "error: title: contains a control character (U+001B)",
    ),
    ([*MEETING[:4], "Prep\x07", *MEETING[5:], *AT], "error: title: contains a control"),
    ([*MEETING[:4], "two\nlines", *MEETING[5:], *AT], "error: title: contains a line break"),
    ([*MEETING, *AT, "--venue", "Room\tA"], "error: venue: contains a line break or tab"),
    (
        [*MEETING, *AT, "--repeat", "FREQ=WEEKLY;COUNT=3\nRRULE:FREQ=DAILY;COUNT=2"],
        "error: repeat: 'FREQ=WEEKLY;COUNT=3\\nRRULE:FREQ=DAILY;COUNT=2' is not one RRULE",
    ),
    (
        [*MEETING, *AT, "--repeat", "FREQ=YEARLY;COUNT=40"],
        "error: repeat: 'FREQ=YEARLY;COUNT=40' repeats until 2059-02-03, outside",
    ),
    (
        [*MEETING[:6], "localtime", *AT],
        "error: timezone: unknown IANA time zone 'localtime'",
    ),
    (
        [*MEETING[:6], "US/Eastern", *AT],
        "error: timezone: 'US/Eastern' is an alias; give the canonical IANA time zone "
        "'America/New_York'",
    ),
    (
        [*MEETING, "--start", "20200203T1000", "--end", "2020-02-03 11:00"],
        "error: start: '20200203T1000' is not a local time (YYYY-MM-DD HH:MM)",
    ),
    (pledge(**{"--due": "20200214"}), "error: due: '20200214' is not a date (YYYY-MM-DD)"),
    (pledge(**{"--date": "20200101"}), "error: date: '20200101' is not a date"),
    (
        pledge(**{"--amount": "10000000000000"}),
        "error: amount: 10000000000000 is too large: amounts stay below 1,000,000,000,000",
    ),
    (
        pledge(**{"--amount": "1000000000000"}),
        "error: amount: 1000000000000 is too large",
    ),
    (
        pledge(**{"--currency": "EUR", "--rate": "100000000"}),
        "error: rate: 100000000 is too large: rates stay below 100,000,000",
    ),
    (
        pledge(**{"--due": "2019-12-31"}),
        "error: due: 2019-12-31 is before the pledge date 2020-01-01",
    ),
    (
        [
            "pledge",
            "add",
            CONF,
            "--party",
            "KAZ",
            "--amount",
            "100",
            "--currency",
            "USD",
            "--date",
            "2020-01-01",
            "--instalment",
            "2019-06-01=50",
            "--instalment",
            "2020-06-01=50",
        ],
        "error: instalment: 2019-06-01 is before the pledge date 2020-01-01",
    ),
    (pledge(**{"--amount": "1234,50"}), "error: amount: '1234,50' is not a number"),
]


@pytest.mark.parametrize(("args", "message"), REFUSED)
def test_refused_without_changing_the_database(refused, demo, args, message):
    refused(args, message)


def test_the_limits_themselves_are_accepted(cli, demo):
    """The boundaries are inside the domain: the last amount, the first and last dates."""
    almost = "999999999999.99"
    assert cli(*pledge(**{"--amount": almost, "--due": "2037-12-31"})).exit_code == 0
    day = ["--start", "1970-01-01", "--end", "1970-01-01", "--all-day"]
    assert cli(*MEETING[:6], "Etc/UTC", *day).exit_code == 0
    multi = cli(*MEETING, *AT, "--agenda", "line one\r\n\tline two")
    assert multi.exit_code == 0, multi.stderr
