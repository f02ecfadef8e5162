"""``planner conference add|update|list|show|publish``."""

from typing import Any

import click

from planner.cli.app import CliState, pass_state
from planner.cli.output import emit, emit_created, format_option, to_json
from planner.cli.translations import take_translations, translation_options
from planner.conferences.models import PUBLICATIONS, Conference
from planner.conferences.operations import (
    add_conference,
    conference_by_slug,
    list_conferences,
    publish_contributions,
)
from planner.content.localized import texts_of
from planner.content.operations import CONFERENCE_FIELDS, translate_conference
from planner.finance.money import round_to_minor_unit

LIST_COLUMNS = ("id", "slug", "start", "end", "venue", "timezone", "currency", "title")


def conference_record(conference: Conference) -> dict[str, Any]:
    return {
        "id": conference.id,
        "slug": conference.slug,
        "title": conference.title,
        "start": conference.start_date,
        "end": conference.end_date,
        "venue": conference.venue,
        "timezone": conference.timezone,
        "currency": conference.currency,
        "secretariat_email": conference.secretariat_email,
        "budget": (
            round_to_minor_unit(conference.budget, conference.currency)
            if conference.budget
            else None
        ),
        "budget_is_sample": conference.budget_is_sample,
        "decided_by": conference.decided_by,
        "uncertain": conference.uncertain,
        "source": conference.source,
        "contributions_publication": conference.contributions_publication,
        "translations": texts_of(conference.translations),
    }


@click.group("conference")
def conference_group() -> None:
    """Conferences being prepared."""


@conference_group.command("add")
@click.argument("slug")
@click.option("--title", required=True)
@click.option("--start", required=True, metavar="DATE")
@click.option("--end", required=True, metavar="DATE")
@click.option("--timezone", required=True, metavar="ZONE", help="IANA name, e.g. America/New_York.")
@click.option("--venue", required=True)
@click.option("--currency", default="USD", show_default=True, help="Reporting currency.")
@click.option("--budget", metavar="AMOUNT", help="Estimated budget in the reporting currency.")
@click.option(
    "--secretariat-email",
    metavar="EMAIL",
    help="The ORGANIZER of the conference's calendar events (default secretariat@planner.nwfz).",
)
@translation_options(CONFERENCE_FIELDS)
@format_option
@pass_state
def conference_add(
    state: CliState,
    /,
    slug: str,
    title: str,
    start: str,
    end: str,
    timezone: str,
    venue: str,
    currency: str,
    budget: str | None,
    secretariat_email: str | None,
    fmt: str,
    **translations: str | None,
) -> None:
    """Add a conference."""
    texts = take_translations(translations, CONFERENCE_FIELDS)
    with state.session() as session:
        conference = add_conference(
            session,
            state.context,
            slug=slug,
            title=title,
            start=start,
            end=end,
            timezone=timezone,
            venue=venue,
            currency=currency,
            budget=budget,
            secretariat_email=secretariat_email,
        )
        translate_conference(session, state.context, conference, texts)
        record = conference_record(conference)
    emit_created(record, fmt, "conference")


@conference_group.command("update")
@click.argument("slug")
@translation_options(CONFERENCE_FIELDS)
@format_option
@pass_state
def conference_update(state: CliState, /, slug: str, fmt: str, **translations: str | None) -> None:
    """Change the translations of a conference's title and venue (an empty value removes one)."""
    texts = take_translations(translations, CONFERENCE_FIELDS)
    with state.session() as session:
        conference = translate_conference(
            session, state.context, conference_by_slug(session, slug), texts
        )
        record = conference_record(conference)
    if fmt == "json":
        click.echo(to_json(record))
    else:
        click.echo(f"updated conference {slug}")


@conference_group.command("list")
@format_option
@pass_state
def conference_list(state: CliState, fmt: str) -> None:
    """List conferences by date."""
    with state.session() as session:
        rows = [conference_record(conference) for conference in list_conferences(session)]
    emit(rows, fmt, None if fmt == "json" else LIST_COLUMNS)


@conference_group.command("show")
@click.argument("slug")
@format_option
@pass_state
def conference_show(state: CliState, slug: str, fmt: str) -> None:
    """Show one conference."""
    with state.session() as session:
        record = conference_record(conference_by_slug(session, slug))
    if fmt == "json":
        click.echo(to_json(record))
    else:
        emit([{"field": key, "value": value} for key, value in record.items()], fmt)


@conference_group.command("publish")
@click.argument("slug")
@click.option(
    "--contributions",
    required=True,
    type=click.Choice(PUBLICATIONS),
    help="What public pages show of the status of contributions.",
)
@pass_state
def conference_publish(state: CliState, slug: str, contributions: str) -> None:
    """Decide what public pages show of the status of contributions (audited).

    totals (the default of every conference) or per-party: who pledged, paid and owes what.
    """
    with state.session() as session:
        conference = publish_contributions(session, state.context, slug, contributions)
        choice = conference.contributions_publication
    click.echo(f"public pages of {slug} show contributions: {choice}")


COMMANDS = (conference_group,)
