"""``planner db upgrade|current`` and ``planner demo``."""

import click

from planner.cli.app import CliState, pass_state
from planner.db import current_revisions, head_revisions, unit_of_work, upgrade
from planner.reference import load_reference


@click.group("db")
def db_group() -> None:
    """Migrate the database."""


@db_group.command("upgrade")
@pass_state
def db_upgrade(state: CliState) -> None:
    """Bring the schema to the latest migration."""
    upgrade(state.engine)
    click.echo(f"database at {', '.join(current_revisions(state.engine))}")


@db_group.command("current")
@pass_state
def db_current(state: CliState) -> None:
    """Show the schema revision and whether it is the latest."""
    current = current_revisions(state.engine)
    heads = head_revisions()
    status = "up to date" if set(current) == set(heads) else f"behind (head {', '.join(heads)})"
    click.echo(f"{', '.join(current) or 'empty'} {status}")


@click.command("demo")
@click.option(
    "--reset", is_flag=True, help="Empty every table before loading (demo databases only)."
)
@pass_state
def demo(state: CliState, reset: bool) -> None:
    """Load the bundled reference data set (running it again changes nothing)."""
    upgrade(state.engine)
    with unit_of_work(state.engine) as session:
        load_reference(session, state.context, reset=reset)
    click.echo("reference data set loaded")


COMMANDS = (db_group, demo)
