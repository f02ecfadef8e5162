"""A clash names the parties both meetings reach by their names in the reader's language:
the CLI's warning (English, the code after the name as its tables show it) and the status
summary (names only); the web page's warning is in tests/web/test_prose_pages.py."""

from tests.meetings.test_clash_queries import schedule

CLASH_DAY = "2020-04-06"  # after the summary's as-of date: the clash is still to come


def clashing_pair(session, context):
    """Two overlapping meetings at different venues, one inviting South Africa and Nigeria,
    the other the Pelindaba zone (so both states again)."""
    meetings = schedule(session, context, 2, CLASH_DAY)
    session.commit()
    return meetings


def test_cli_warning_names_the_party_then_its_code(cli, demo):
    common = ("--start", "2020-04-06 10:00", "--end", "2020-04-06 12:00")
    zone = ("--timezone", "America/New_York", "--invite", "NZL")
    first = cli("meeting", "add", "fourth-2020", "--title", "Talks 0", *common, *zone)
    assert first.exit_code == 0, first.stderr
    second = cli("meeting", "add", "fourth-2020", "--title", "Talks 1", *common, *zone)
    assert second.exit_code == 0, second.stderr
    assert "(both invite New Zealand (NZL))" in second.stderr
    assert "invite NZL" not in second.stderr


def test_summary_names_the_parties_in_each_language(cli, demo, session, context):
    first, second = clashing_pair(session, context)
    expected = {
        "en": "both invite Nigeria, South Africa",
        "fr": "invités des deux réunions\u202f: Nigeria, Afrique du Sud",
        "zh": "尼日利亚，南非",
        "ar": "نيجيريا، جنوب أفريقيا",
    }
    for lang, words in expected.items():
        result = cli("summary", "fourth-2020", "--lang", lang, "--as-of", "2020-03-01")
        assert result.exit_code == 0, result.stderr
        clash = [
            line
            for line in result.stdout.splitlines()
            if first.title in line and second.title in line
        ]
        assert len(clash) == 2, clash  # the warning and the list of clashes
        assert all(words in line for line in clash), (lang, clash)
        assert not any("NGA" in line or "ZAF" in line for line in clash)
