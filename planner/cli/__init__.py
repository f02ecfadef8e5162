"""The ``planner`` command."""

import click

from planner.cli import (
    actions,
    audit_log,
    calendars,
    chair,
    conferences,
    database,
    directory,
    finance,
    meetings,
    outbox,
    rates,
    summaries,
    users,
    web,
)
from planner.cli.app import CliState, PlannerGroup
from planner.settings import Settings


@click.group(cls=PlannerGroup)
@click.option(
    "--database",
    "database_url",
    metavar="URL",
    envvar="PLANNER_DATABASE_URL",
    help="Database URL (default: sqlite:///planner.db in the current directory).",
)
@click.option(
    "--actor",
    metavar="NAME",
    envvar="PLANNER_ACTOR",
    help="Who is making the changes, for the audit log (default: the OS user).",
)
@click.version_option(package_name="planner")
@click.pass_context
def main(ctx: click.Context, database_url: str | None, actor: str | None) -> None:
    """Plan the Conference of Nuclear-Weapon-Free Zones and Mongolia."""
    ctx.obj = CliState(Settings.from_env(database_url=database_url, actor=actor))


for module in (
    database,
    conferences,
    directory,
    meetings,
    calendars,
    chair,
    actions,
    finance,
    rates,
    summaries,
    outbox,
    users,
    web,
    audit_log,
):
    for command in module.COMMANDS:
        main.add_command(command)
