"""``planner pledge|payment|finance|import``: the finance officer's commands."""

import sys
from collections.abc import Callable, Iterator
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import click
from sqlalchemy.orm import Session

from planner.cli.app import CliState, language_option, pass_state
from planner.cli.output import emit, emit_created, format_option, to_json
from planner.cli.rates import rate_notice
from planner.conferences.operations import conference_by_slug, list_conferences
from planner.documents import pdf_from_html
from planner.errors import ValidationError
from planner.finance import importing, operations, reports
from planner.finance.charts import chart_data
from planner.finance.listing import payment_rows, pledge_rows
from planner.finance.status import LedgerView, StatusReport, load_ledger, status_of_contributions
from planner.i18n import DEFAULT_LOCALE, party_label
from planner.notifications.compose import secretariat_address
from planner.notifications.reminders import queue_reminders
from planner.summaries.render import render_status_page
from planner.validation import parse_date

Importer = Callable[..., importing.ImportResult]  # import_pledges or import_payments
PROGRESS_THRESHOLD = 1000  # rows; smaller files import before a bar would even draw

as_of_option = click.option(
    "--as-of", metavar="DATE", help="The ledger at the end of this date (default: today)."
)
date_option = click.option("--date", "on", metavar="DATE", help="Effective date (default: today).")


def _as_of(state: CliState, value: str | None) -> date:
    return parse_date(value, "as_of") if value else state.context.now().date()


def _views(
    session: Session, state: CliState, conference: str | None, as_of: str | None
) -> list[LedgerView]:
    day = _as_of(state, as_of)
    conferences = (
        [conference_by_slug(session, conference)] if conference else list_conferences(session)
    )
    return [load_ledger(session, row, day) for row in conferences]


def _allocation_text(row: dict[str, Any]) -> str:
    return "; ".join(
        f"#{item['pledge']} {item['amount']} {row['currency']}"
        + (
            f" = {item['pledge_amount']} {item['pledge_currency']}"
            if item["pledge_currency"] != row["currency"]
            else ""
        )
        for item in row["allocations"]
    )


@click.group("pledge")
def pledge_group() -> None:
    """What parties promised to contribute."""


@pledge_group.command("add")
@click.argument("conference")
@click.option("--party", required=True, metavar="CODE", help="The pledging state (ISO alpha-3).")
@click.option("--amount", required=True)
@click.option("--currency", required=True, metavar="CUR")
@click.option("--due", metavar="DATE", help="The one due date.")
@click.option(
    "--instalment", "instalments", multiple=True, metavar="DATE=AMOUNT", help="Repeat per due date."
)
@click.option("--rate", metavar="R", help="One unit of CUR is worth R reporting-currency units.")
@click.option("--reference", metavar="REF", help="The pledge's external reference.")
@click.option("--date", "pledged_on", metavar="DATE", help="When it was pledged (default: today).")
@click.option("--note")
@format_option
@pass_state
def pledge_add(state: CliState, /, conference: str, fmt: str, **values: Any) -> None:
    """Record a pledge (with one due date or an instalment schedule)."""
    with state.session() as session:
        pledge = operations.add_pledge(session, state.context, conference, **values)
        rate_notice(pledge.exchange_rate, pledge.pledged_on)
        record = {
            "id": pledge.id,
            "conference": conference,
            "party": pledge.party.code,
            "amount": pledge.amount,
            "currency": pledge.currency,
            "rate": pledge.rate,
            "pledged": pledge.pledged_on,
            "due": pledge.due_on,
            "instalments": [{"due": i.due_on, "amount": i.amount} for i in pledge.instalments],
            "reference": pledge.reference,
            "note": pledge.note,
            "rate_from_table": pledge.rate_id,
        }
    emit_created(record, fmt, "pledge")


@pledge_group.command("list")
@click.argument("conference", required=False)
@as_of_option
@format_option
@pass_state
def pledge_list(state: CliState, conference: str | None, as_of: str | None, fmt: str) -> None:
    """List pledges with what is paid and outstanding as of a date."""
    with state.session() as session:
        rows = [
            asdict(row)
            for view in _views(session, state, conference, as_of)
            for row in pledge_rows(view)
        ]
    if fmt != "json":
        for row in rows:
            row["due"] = " ".join(row["due"])
    if fmt == "table":  # states by CLDR name, the code secondary
        for row in rows:
            row["party"] = party_label(row["party"], None, DEFAULT_LOCALE)
    columns = None if fmt == "json" else (
        "id", "party", "amount", "currency", "pledged", "due", "paid", "outstanding",
        "status", "reason", "reference", "sample",
    )  # fmt: skip
    emit(rows, fmt, columns)


@pledge_group.command("cancel")
@click.argument("pledge_id", metavar="ID")
@click.option("--reason", required=True)
@date_option
@pass_state
def pledge_cancel(state: CliState, pledge_id: str, reason: str, on: str | None) -> None:
    """Cancel a pledge: the unpaid remainder is released, the amount and reason are kept."""
    with state.session() as session:
        cancellation = operations.cancel_pledge(
            session, state.context, pledge_id, reason=reason, on=on
        )
        click.echo(f"cancelled pledge {cancellation.pledge_id} on {cancellation.cancelled_on}")


@pledge_group.command("void")
@click.argument("pledge_id", metavar="ID")
@click.option("--reason", required=True)
@date_option
@pass_state
def pledge_void(state: CliState, pledge_id: str, reason: str, on: str | None) -> None:
    """Void a pledge recorded by mistake (a reversing entry; nothing is deleted)."""
    with state.session() as session:
        void = operations.void_pledge(session, state.context, pledge_id, reason=reason, on=on)
        click.echo(f"voided pledge {void.pledge_id} on {void.voided_on}")


@click.group("payment")
def payment_group() -> None:
    """Money received from parties."""


@payment_group.command("add")
@click.argument("conference")
@click.option("--party", required=True, metavar="CODE")
@click.option("--amount", required=True)
@click.option("--currency", required=True, metavar="CUR")
@click.option("--received", required=True, metavar="DATE")
@click.option("--rate", metavar="R", help="One unit of CUR is worth R reporting-currency units.")
@click.option("--pledge", metavar="ID", help="Allocate to this pledge (default: oldest due first).")
@click.option("--reference", metavar="REF")
@click.option("--note")
@format_option
@pass_state
def payment_add(state: CliState, /, conference: str, fmt: str, **values: Any) -> None:
    """Record a payment received."""
    with state.session() as session:
        payment = operations.add_payment(session, state.context, conference, **values)
        rate_notice(payment.exchange_rate, payment.received_on)
        view = load_ledger(session, conference, max(payment.received_on, _as_of(state, None)))
        record = next(asdict(row) for row in payment_rows(view) if row.id == payment.id)
    if fmt != "json":
        click.echo(
            f"allocated: {_allocation_text(record) or 'nothing'}; "
            f"credit {record['credit']} {record['currency']}"
        )
    emit_created(record, fmt, "payment")


@payment_group.command("list")
@click.argument("conference", required=False)
@as_of_option
@format_option
@pass_state
def payment_list(state: CliState, conference: str | None, as_of: str | None, fmt: str) -> None:
    """List payments with their allocations and credit; voids appear as reversing rows."""
    with state.session() as session:
        rows = [
            asdict(row)
            for view in _views(session, state, conference, as_of)
            for row in payment_rows(view)
        ]
    if fmt != "json":
        for row in rows:
            row["allocations"] = _allocation_text(row)
    if fmt == "table":
        for row in rows:
            row["party"] = party_label(row["party"], None, DEFAULT_LOCALE)
    columns = None if fmt == "json" else (
        "id", "entry", "party", "date", "amount", "currency", "rate", "allocations", "credit",
        "reference", "note", "sample",
    )  # fmt: skip
    emit(rows, fmt, columns)


@payment_group.command("void")
@click.argument("payment_id", metavar="ID")
@click.option("--reason", required=True)
@date_option
@pass_state
def payment_void(state: CliState, payment_id: str, reason: str, on: str | None) -> None:
    """Void a payment recorded by mistake (a reversing entry; nothing is deleted)."""
    with state.session() as session:
        void = operations.void_payment(session, state.context, payment_id, reason=reason, on=on)
        click.echo(f"voided payment {void.payment_id} on {void.voided_on}")


@click.group("finance")
def finance_group() -> None:
    """Reports on pledges and payments."""


@finance_group.command("status")
@click.argument("conference")
@as_of_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("table", "json", "csv", "xlsx", "pdf")),
    default="table",
    show_default=True,
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE")
@language_option("Language of the table, CSV, XLSX and PDF (JSON keys stay as documented).")
@pass_state
def finance_status(
    state: CliState, conference: str, as_of: str | None, fmt: str, output: Path | None, lang: str
) -> None:
    """The status of contributions: per party by zone, totals, budget, aging, currencies."""
    if fmt == "xlsx" and output is None:
        raise ValidationError(field="output", code="export.xlsx_needs_file")
    if fmt == "pdf" and output is None:
        raise ValidationError(field="output", code="export.pdf_needs_file")
    with state.session() as session:
        report = status_of_contributions(session, conference, _as_of(state, as_of))
    if fmt == "xlsx" and output is not None:
        reports.write_xlsx(report, output, lang)
        click.echo(f"wrote {output}")
        return
    if fmt == "pdf" and output is not None:
        # the CLI reads as the secretariat: per-party bars like the status table itself
        page = render_status_page(report, chart_data(report, per_party=True), lang)
        output.write_bytes(pdf_from_html(page))
        click.echo(f"wrote {output}")
        return
    renderers: dict[str, Callable[[StatusReport], str]] = {
        "table": lambda report: reports.render_table(report, lang),
        "csv": lambda report: reports.render_csv(report, lang),
        "json": lambda report: to_json(report.as_json()),
    }
    text = renderers[fmt](report)
    if output is None:
        click.echo(text.rstrip("\n"))
    else:
        output.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
        click.echo(f"wrote {output}")


@finance_group.command("reminders")
@click.argument("conference")
@as_of_option
@click.option("--dry-run", is_flag=True, help="Show who would be reminded; queue nothing.")
@format_option
@pass_state
def finance_reminders(
    state: CliState, conference: str, as_of: str | None, dry_run: bool, fmt: str
) -> None:
    """Queue a reminder letter to each party with an overdue contribution (outbox send)."""
    settings = state.settings
    with state.session() as session:
        record = conference_by_slug(session, conference)
        plans = queue_reminders(
            session,
            state.context,
            record.slug,
            _as_of(state, as_of),
            interval=settings.reminder_interval,
            max_count=settings.reminder_max,
            sender=settings.mail_from or secretariat_address(record),
            dry_run=dry_run,
        )
        rows = [
            {
                "party": plan.party,
                "overdue": plan.overdue,
                "currency": plan.currency,
                "outcome": f"would be {plan.outcome}" if dry_run else plan.outcome,
                "previous": plan.previous,
                "recipients": " ".join(plan.recipients),
            }
            for plan in plans
        ]
    emit(rows, fmt)


@click.group("import")
def import_group() -> None:
    """Import pledges or payments from a CSV file (all or nothing; see docs/finance.md)."""


def _progress(rows: list[Any]) -> Iterator[Any]:
    """The rows, through a progress bar on stderr for a file large enough to wait for."""
    if len(rows) < PROGRESS_THRESHOLD:
        yield from rows
        return
    with click.progressbar(rows, label="checking rows", file=sys.stderr) as bar:
        yield from bar


def _import(
    state: CliState,
    run: Importer,
    conference: str,
    path: Path,
    dry_run: bool,
    locale: str | None,
) -> None:
    content = path.read_bytes()
    with state.session() as session:
        result = run(
            session,
            state.context,
            conference,
            content,
            source=path.name,
            dry_run=dry_run,
            progress=_progress,
            locale=locale,
        )
    verb = "would add" if dry_run else "added"
    count = result.rows - result.unchanged if dry_run else len(result.added)
    click.echo(
        f"{result.rows} rows checked: {verb} {count} {result.kind}s, "
        f"{result.unchanged} already recorded"
    )


file_argument = click.argument(
    "file", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="FILE.csv"
)
dry_run_option = click.option("--dry-run", is_flag=True, help="Check every row, write nothing.")
locale_option = click.option(
    "--locale",
    metavar="LOCALE",
    help="Read numbers and dates as this CLDR locale writes them (fr_FR: 1 234,50 and 14/02/2020).",
)


@import_group.command("pledges")
@click.argument("conference")
@file_argument
@dry_run_option
@locale_option
@pass_state
def import_pledges(
    state: CliState, conference: str, file: Path, dry_run: bool, locale: str | None
) -> None:
    """Import pledges: party,amount,currency,pledged,reference[,due,instalments,rate,note]."""
    _import(state, importing.import_pledges, conference, file, dry_run, locale)


@import_group.command("payments")
@click.argument("conference")
@file_argument
@dry_run_option
@locale_option
@pass_state
def import_payments(
    state: CliState, conference: str, file: Path, dry_run: bool, locale: str | None
) -> None:
    """Import payments: party,amount,currency,received,reference[,rate,pledge,note]."""
    _import(state, importing.import_payments, conference, file, dry_run, locale)


COMMANDS = (pledge_group, payment_group, finance_group, import_group)
