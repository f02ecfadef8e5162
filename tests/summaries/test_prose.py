"""Sentences of the status summary that read right in each language: the summary as the
CLI prints it, on the reference data set at a fixed date."""

import pytest

AS_OF = "2020-03-01"


def summary(cli, lang, fmt="txt", as_of=AS_OF):
    result = cli("summary", "fourth-2020", "--format", fmt, "--lang", lang, "--as-of", as_of)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_french_writes_the_first_of_the_month_as_an_ordinal(cli, demo, fmt):
    text = summary(cli, "fr", fmt)
    assert "Au 1er mars 2020" in text
    assert "1 mars" not in text


def test_other_days_and_other_languages_keep_the_cardinal(cli, demo):
    assert "Au 2 mars 2020" in summary(cli, "fr", as_of="2020-03-02")
    assert "As of March 1, 2020" in summary(cli, "en")
    assert "1 de marzo de 2020" in summary(cli, "es")


def test_arabic_joins_a_date_and_its_times_with_the_arabic_comma(cli, demo):
    lines = [line for line in summary(cli, "ar").splitlines() if "(America/New_York) =" in line]
    assert len(lines) == 8  # every timed occurrence: its local and its UTC day and times
    assert "الثلاثاء، 14 أبريل 2020، 3:00 م–4:30 م (America/New_York)" in lines[0]
    assert not any("," in line for line in lines)


def test_chinese_joins_a_date_and_its_times_as_cldr_does(cli, demo):
    assert "2020年4月14日周二 15:00–16:30（America/New_York）" in summary(cli, "zh")


def test_french_names_a_party_without_a_preposition_that_depends_on_it(cli, demo):
    """« de Argentine », « par Asie centrale »: the article and preposition depend on the
    name, so the French sentences introduce names with a label and a colon instead."""
    text = summary(cli, "fr")
    assert "– auteur\u202f: Amérique latine et Caraïbes (Traité de Tlatelolco)" in text
    assert "appuis\u202f: Argentine\u202f;" in text
    assert "de Argentine" not in text and "par Asie" not in text
