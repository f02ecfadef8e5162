"""Printing records as a table, JSON or CSV: the one output path of every list command.

JSON is for scripts: stable keys, ISO dates, amounts as strings. CSV cells that a
spreadsheet would run as a formula are neutralised.
"""

import csv
import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import click

from planner.finance.reports import display_width
from planner.spreadsheets import safe_spreadsheet_text

FORMATS = ("table", "json", "csv")
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output format.",
)


def jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    return value


def to_json(value: Any) -> str:
    return json.dumps(jsonable(value), ensure_ascii=False, indent=2)


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    value = jsonable(value)
    if isinstance(value, list):
        return " ".join(str(item) for item in value)
    return str(value)


def render(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None) -> str:
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt == "json":
        return to_json(list(rows))
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([safe_spreadsheet_text(cell(row.get(name))) for name in columns])
        return buffer.getvalue().rstrip("\n")
    if not rows:
        return "(none)"
    table = [columns] + [[cell(row.get(name)) for name in columns] for row in rows]
    widths = [max(display_width(line[index]) for line in table) for index in range(len(columns))]
    lines = [
        "  ".join(
            text + " " * (width - display_width(text))
            for text, width in zip(line, widths, strict=True)
        ).rstrip()
        for line in table
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def emit(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None) -> None:
    click.echo(render(rows, fmt, columns))


def emit_created(record: dict[str, Any], fmt: str, label: str) -> None:
    """What a creating command prints: the new id last (or the whole record as JSON)."""
    if fmt == "json":
        click.echo(to_json(record))
    else:
        click.echo(f"created {label} {record['id']}")
