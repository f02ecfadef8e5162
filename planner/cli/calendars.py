"""``planner calendar CONF [--party CODE | --contact ID] [--lang LANG] [-o FILE]``: write a feed."""

from pathlib import Path

import click

from planner.calendars.feeds import audience, build_feed
from planner.cli.app import CliState, pass_state
from planner.i18n import DEFAULT_LOCALE, LOCALES


@click.command("calendar")
@click.argument("conference")
@click.option("--party", metavar="CODE", help="The feed of a party (adds its restricted meetings).")
@click.option("--contact", metavar="ID", help="The feed of a contact (its party's and its own).")
@click.option(
    "--lang",
    type=click.Choice(LOCALES),
    default=DEFAULT_LOCALE,
    show_default=True,
    help="The language of the calendar's name and of the events' texts.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE."
)
@pass_state
def calendar_command(
    state: CliState,
    conference: str,
    party: str | None,
    contact: str | None,
    lang: str,
    output: Path | None,
) -> None:
    """Write the conference's iCalendar feed (stdout unless -o FILE)."""
    with state.session() as session:
        feed = build_feed(session, audience(session, conference, party, contact), lang)
    if output is None:
        click.echo(feed, nl=False)  # bytes go to the binary stream as they are
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(feed)
    click.echo(f"wrote {output}")


COMMANDS = (calendar_command,)
