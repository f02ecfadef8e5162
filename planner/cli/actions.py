"""``planner action list|update``: the seminar's recommendations as tracked actions."""

from datetime import date
from typing import Any

import click

from planner.actions.derived import DerivedStatus, derived_status, derived_statuses
from planner.actions.models import Action
from planner.actions.operations import is_late, list_actions, update_action
from planner.cli.app import CLI_VIEWER, CliState, pass_state
from planner.cli.output import emit, format_option, to_json
from planner.conferences.operations import conference_by_slug
from planner.i18n import DEFAULT_LOCALE, party_label
from planner.validation import parse_date

LIST_COLUMNS = ("number", "title", "owner", "due", "status", "late", "derived", "fact", "notes")


def action_record(action: Action, derived: DerivedStatus | None, as_of: date) -> dict[str, Any]:
    return {
        "number": action.number,
        "title": action.title,
        "owner": action.owner.code if action.owner else None,
        "due": action.due_date,
        "status": action.status,
        "late": is_late(action, as_of),
        "derived": derived.state if derived else None,
        "fact": derived.fact if derived else None,
        "notes": [
            {"on": note.noted_on, "author": note.author, "text": note.text} for note in action.notes
        ],
        "source": action.source,
    }


@click.group("action")
def action_group() -> None:
    """The seminar's recommendations as tracked actions."""


@action_group.command("list")
@click.argument("conference")
@click.option("--as-of", metavar="DATE", help="The day for lateness and derived statuses.")
@format_option
@pass_state
def action_list(state: CliState, conference: str, as_of: str | None, fmt: str) -> None:
    """List the actions with their manual and derived statuses."""
    with state.session() as session:
        day = parse_date(as_of, "as-of") if as_of else state.context.now().date()
        derived = derived_statuses(
            session, conference_by_slug(session, conference), day, CLI_VIEWER
        )
        actions = list_actions(session, conference)
        rows = [action_record(action, derived.get(action.number), day) for action in actions]
        if fmt == "table":  # the owner by name, the code secondary
            for action, row in zip(actions, rows, strict=True):
                if action.owner:
                    row["owner"] = party_label(action.owner.code, action.owner.name, DEFAULT_LOCALE)
    if fmt != "json":
        rows = [{**row, "notes": len(row["notes"])} for row in rows]
    emit(rows, fmt, None if fmt == "json" else LIST_COLUMNS)


@action_group.command("update")
@click.argument("conference")
@click.argument("number", type=int)
@click.option("--status", help="open, in_progress, done or dropped.")
@click.option("--owner", metavar="PARTY", help="The party or organization responsible.")
@click.option("--due", metavar="DATE", help="Due date.")
@click.option("--note", metavar="TEXT", help="Add a note dated today.")
@format_option
@pass_state
def action_update(
    state: CliState,
    conference: str,
    number: int,
    status: str | None,
    owner: str | None,
    due: str | None,
    note: str | None,
    fmt: str,
) -> None:
    """Change an action's status, owner or due date, or add a note."""
    with state.session() as session:
        action = update_action(
            session,
            state.context,
            conference=conference,
            number=number,
            status=status,
            owner=owner,
            due=due,
            note=note,
        )
        day = state.context.now().date()
        derived = derived_status(session, action.conference, day, CLI_VIEWER, action.number)
        record = action_record(action, derived, day)
    if fmt == "json":
        click.echo(to_json(record))
    else:
        click.echo(f"updated action {record['number']}")


COMMANDS = (action_group,)
