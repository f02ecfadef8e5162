"""A clash names the parties both meetings reach by their names in the reader's language:
the CLI's warning (English, the code after the name as its tables show it), the status
summary (names only); the web page's warning is in tests/web/test_prose_pages.py."""

from planner.meetings.operations import add_meeting


def clashing_pair(session, context, day="2020-04-06"):
    """Two meetings at different venues on one morning, both inviting New Zealand."""
    for n, venue in enumerate(("Room A", "Room B")):
        add_meeting(
            session,
            context,
            conference="fourth-2020",
            title=f"Talks {n}",
            start=f"{day} 10:00",
            end=f"{day} 12:00",
            timezone="America/New_York",
            venue=venue,
            invite=["NZL"],
        )
    session.commit()


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
    clashing_pair(session, context)
    expected = {
        "en": "both invite New Zealand",
        "fr": "invités des deux réunions\u202f: Nouvelle-Zélande",
        "zh": "新西兰",
        "ar": "نيوزيلندا",
    }
    for lang, words in expected.items():
        result = cli("summary", "fourth-2020", "--lang", lang, "--as-of", "2020-03-01")
        assert result.exit_code == 0, result.stderr
        clash = [
            line for line in result.stdout.splitlines() if "Talks 0" in line and "Talks 1" in line
        ]
        assert len(clash) == 2, clash  # the warning and the list of clashes
        assert all(words in line and "NZL" not in line for line in clash), (lang, clash)
