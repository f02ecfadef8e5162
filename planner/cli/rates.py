"""``planner rate add|list|import``: the rates table that supplies a record's missing rate."""

from pathlib import Path
from typing import Any

import click

from planner.cli.app import CliState, pass_state
from planner.cli.output import emit, emit_created, format_option
from planner.finance import importing, rates
from planner.finance.models import ExchangeRate
from planner.finance.money import plain_rate


def rate_record(row: ExchangeRate) -> dict[str, Any]:
    return {
        "id": row.id,
        "currency": row.currency,
        "to": row.to_currency,
        "valid_from": row.valid_from,
        "rate": plain_rate(row.rate),
        "source": row.source,
        "sample": row.is_sample,
    }


def rate_notice(record: ExchangeRate | None, day: object) -> None:
    """Says on stderr which table rate a pledge or payment took (none: it was given or is 1)."""
    if record is not None:
        source = f" ({record.source})" if record.source else ""
        click.echo(
            f"notice: rate: took {record.currency} 1 = {record.to_currency} "
            f"{plain_rate(record.rate)}, in force on {day} (from {record.valid_from}){source}, "
            f"rates table entry {record.id}",
            err=True,
        )


@click.group("rate")
def rate_group() -> None:
    """Exchange rates to a reporting currency, by the date from which each is valid."""


@rate_group.command("add")
@click.argument("currency", metavar="CUR")
@click.option("--to", "to", required=True, metavar="CUR", help="The reporting currency.")
@click.option("--from", "valid_from", required=True, metavar="DATE", help="Valid from this date.")
@click.option(
    "--rate", required=True, metavar="R", help="One unit of CUR is worth R units of --to."
)
@click.option("--source", metavar="TEXT", help="Where the rate comes from.")
@format_option
@pass_state
def rate_add(state: CliState, /, currency: str, fmt: str, **values: Any) -> None:
    """Record a rate, in force from its date until the pair's next one."""
    with state.session() as session:
        record = rate_record(rates.add_rate(session, state.context, currency, **values))
    emit_created(record, fmt, "rate")


@rate_group.command("list")
@click.option("--currency", metavar="CUR", help="Only this currency's rates.")
@format_option
@pass_state
def rate_list(state: CliState, currency: str | None, fmt: str) -> None:
    """Every recorded rate, by currency pair and date."""
    with state.session() as session:
        rows = [rate_record(row) for row in rates.list_rates(session, currency)]
    emit(rows, fmt)


@rate_group.command("import")
@click.argument(
    "file", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="FILE.csv"
)
@pass_state
def rate_import(state: CliState, file: Path) -> None:
    """Import rates: currency,to,valid_from,rate[,source] (all or nothing)."""
    with state.session() as session:
        added = importing.import_rates(session, state.context, file.read_bytes(), source=file.name)
    click.echo(f"added {len(added)} rates")


COMMANDS = (rate_group,)
