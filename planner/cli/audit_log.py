"""``planner audit list``."""

from typing import Any

import click

from planner.audit import AuditEntry, list_entries
from planner.cli.app import CliState, pass_state
from planner.cli.output import emit, format_option


def entry_record(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": entry.at,
        "actor": entry.actor,
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "before": entry.before,
        "after": entry.after,
    }


@click.group("audit")
def audit_group() -> None:
    """The audit log."""


@audit_group.command("list")
@click.option("--entity", help="Only entries for this kind of record (e.g. conference).")
@click.option("--limit", type=click.IntRange(min=1), help="Only the most recent N entries.")
@format_option
@pass_state
def audit_list(state: CliState, entity: str | None, limit: int | None, fmt: str) -> None:
    """List audit entries, oldest first."""
    with state.session() as session:
        rows = [entry_record(entry) for entry in list_entries(session, entity, limit)]
    columns = None if fmt == "json" else ("id", "at", "actor", "action", "entity", "entity_id")
    emit(rows, fmt, columns)


COMMANDS = (audit_group,)
