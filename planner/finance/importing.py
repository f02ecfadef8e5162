"""Importing pledges and payments from CSV files, all or nothing.

The accepted files are what spreadsheets write: UTF-8 with or without a byte
order mark, comma- or semicolon-separated (the delimiter is whichever of the two
the header line uses). Every bad row is reported with its line number; if any
row is bad, nothing is written. A row is identified by party + reference, so
importing the same file again adds nothing. The header is documented in
docs/finance.md.
"""

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from planner import audit
from planner.audit import Context
from planner.conferences.models import Conference
from planner.conferences.operations import conference_by_slug
from planner.directory.models import Membership, Party, PartyKind
from planner.errors import Conflict, PlannerError, TooLarge, ValidationError
from planner.finance.models import (
    ExchangeRate,
    Instalment,
    Payment,
    Pledge,
    PledgeCancellation,
    Void,
)
from planner.finance.money import currency_code, parse_amount, rate_for
from planner.finance.operations import closed_refusal, payment_schedule, with_standing
from planner.finance.rates import RatesInForce, rate_values
from planner.i18n import translations
from planner.refusals import N_
from planner.validation import (
    Collector,
    Problems,
    known_locale,
    optional_text,
    parse_date,
    required_text,
)

PLEDGE_COLUMNS = {
    "required": ("party", "amount", "currency", "pledged", "reference"),
    "optional": ("due", "instalments", "rate", "note"),
}
PAYMENT_COLUMNS = {
    "required": ("party", "amount", "currency", "received", "reference"),
    "optional": ("rate", "pledge", "note"),
}
Progress = Callable[[list[Any]], Iterable[Any]]
Recorded = dict[tuple[int, str | None], tuple[Decimal, str]]  # (party, reference) -> amount
# The largest import accepted, by the CLI and the web alike (docs/finance.md): a year of
# a busy secretariat's payments is a few thousand rows; these limits keep one request's
# memory and transaction bounded. A larger file is split and imported in parts.
MAX_BYTES = 16 * 2**20
MAX_ROWS = 100_000
_INSTALMENT_BREAK = re.compile(r"\s+(?=[^\s=]+=)")


ROW_LINE = N_("line %(line)s: %(problem)s")


@dataclass(frozen=True)
class RowProblem:
    """Why the row on ``line`` of the file was refused."""

    line: int
    refusal: PlannerError

    def text(self, locale: str | None = None) -> str:
        template = translations(locale).gettext(ROW_LINE) if locale else ROW_LINE
        return template % {"line": self.line, "problem": _refusal_line(self.refusal, locale)}


def _refusal_line(refusal: PlannerError, locale: str | None) -> str:
    """``field: reason`` (every field at fault, for several problems of one row)."""
    parts = refusal.errors if isinstance(refusal, Problems) else [refusal]
    return "; ".join(
        f"{part.field}: {part.text(locale)}" if part.field else part.text(locale) for part in parts
    )


class ImportRefused(ValidationError):
    """One message for the whole file, one line per bad row; ``codes`` of the refusals in it."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        found = [
            part
            for problem in problems
            for part in (
                problem.refusal.errors
                if isinstance(problem.refusal, Problems)
                else [problem.refusal]
            )
        ]
        self.codes = frozenset(part.code for part in found if part.code)
        super().__init__(field="file", code="import.bad_rows", count=len(problems))

    def text(self, locale: str | None = None) -> str:
        """The count, then one indented line per bad row."""
        return super().text(locale) + "".join(f"\n  {line}" for line in self.lines(locale))

    def lines(self, locale: str | None = None) -> list[str]:
        return [problem.text(locale) for problem in self.problems]


@dataclass
class ImportResult:
    kind: str
    rows: int
    added: list[int] = field(default_factory=list)
    unchanged: int = 0
    dry_run: bool = False
    new_lines: list[int] = field(default_factory=list)  # file lines of the rows to add


def read_rows(
    content: bytes, columns: dict[str, tuple[str, ...]]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, row) pairs; a bad encoding or header, or too big a file, refuses it all."""
    if len(content) > MAX_BYTES:
        raise TooLarge(field="file", code="import.too_many_bytes", megabytes=MAX_BYTES // 2**20)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            field="file", code="import.not_utf8", reason=error.reason, position=error.start
        ) from None
    header_line = text.split("\n", 1)[0]
    if not header_line.strip():
        raise ValidationError(field="file", code="import.empty")
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader)]
    expected = ", ".join(columns["required"] + columns["optional"])
    missing = [name for name in columns["required"] if name not in header]
    unknown = [name for name in header if name not in columns["required"] + columns["optional"]]
    if missing:
        raise ValidationError(
            field="file",
            code="import.missing_column",
            columns=", ".join(missing),
            expected=expected,
        )
    if unknown:
        raise ValidationError(
            field="file",
            code="import.unknown_column",
            columns=", ".join(unknown),
            expected=expected,
        )
    if len(set(header)) != len(header):
        raise ValidationError(field="file", code="import.repeated_column", expected=expected)
    rows = 0
    for values in reader:
        if not any(value.strip() for value in values):
            continue
        rows += 1
        if rows > MAX_ROWS:
            raise TooLarge(field="file", code="import.too_many_rows", limit=MAX_ROWS)
        if len(values) != len(header):
            yield reader.line_num, {"__width__": len(values), "__expected__": len(header)}
            continue
        yield reader.line_num, dict(zip(header, values, strict=True))
    if not rows:
        raise ValidationError(field="file", code="import.no_rows")


def _checked(
    line: int,
    row: dict[str, Any],
    build: Callable[[dict[str, Any]], dict[str, Any]],
    problems: list[RowProblem],
) -> dict[str, Any] | None:
    """The row's values, or None with its refusal noted by line."""
    if "__width__" in row:
        width = ValidationError(
            field="file",
            code="import.row_width",
            count=row["__width__"],
            expected=row["__expected__"],
        )
        problems.append(RowProblem(line, width))
        return None
    try:
        return build(row)
    except PlannerError as error:
        problems.append(RowProblem(line, error))
        return None


def _states_on_party_list(session: Session) -> dict[str, int]:
    return dict(
        session.execute(
            select(Party.code, Party.id)
            .where(Party.kind == PartyKind.STATE)
            .where(Party.id.in_(select(Membership.state_id)))
        ).all()
    )


def _lock(session: Session, party_ids: set[int]) -> None:
    if party_ids:
        session.execute(select(Party.id).where(Party.id.in_(party_ids)).with_for_update())


class RowChecker:
    """Turns one CSV row into the values of a new record, or records why it cannot."""

    def __init__(self, session: Session, conference: Conference, locale: str | None = None):
        self.conference = conference
        self.locale = known_locale(locale) if locale else None
        self.parties = _states_on_party_list(session)
        self.problems: list[RowProblem] = []
        self.seen: dict[tuple[int, str], int] = {}
        self.rates = RatesInForce(session, conference.currency)

    def take_rate_in_force(self, values: dict[str, Any], day: date | None) -> None:
        """A row without a rate takes the rates table's rate in force on its date."""
        if values and day is not None and values["rate"] is None:
            values["rate"], values["rate_id"] = self.rates.on(values["currency"], day)

    def check(
        self, line: int, row: dict[str, Any], build: Callable[[dict[str, Any]], dict[str, Any]]
    ) -> dict[str, Any] | None:
        values = _checked(line, row, build, self.problems)
        if values is None:
            return None
        key = (values["party_id"], values["reference"])
        if key in self.seen:
            repeated = ValidationError(
                field="reference",
                code="import.repeated_reference",
                reference=values["reference"],
                party=row["party"].strip(),
                line=self.seen[key],
            )
            self.problems.append(RowProblem(line, repeated))
            return None
        self.seen[key] = line
        return values

    def common(self, row: dict[str, Any]) -> dict[str, Any]:
        """The columns pledges and payments share; every problem of the row is reported."""
        fields = Collector()
        code = (row["party"] or "").strip().upper()
        if code not in self.parties:
            fields.errors.append(
                ValidationError(field="party", code="finance.state_not_on_party_list", value=code)
            )
        currency = fields.take(lambda: currency_code(row["currency"]))
        amount = rate = None
        if currency:
            amount = fields.take(lambda: parse_amount(row["amount"], currency, locale=self.locale))
            if currency != self.conference.currency and not (row.get("rate") or "").strip():
                rate = None  # the rate in force on the row's date, once that is read
            else:
                rate = fields.take(
                    lambda: rate_for(
                        currency, self.conference.currency, row.get("rate"), self.locale
                    )
                )
        reference = fields.take(lambda: required_text(row["reference"], "reference", 100))
        note = fields.take(lambda: optional_text(row.get("note"), "note", multiline=True))
        fields.raise_any()
        return {
            "conference_id": self.conference.id,
            "party_id": self.parties[code],
            "amount": amount,
            "currency": currency,
            "rate": rate,
            "rate_id": None,
            "reference": reference,
            "note": note,
        }


def _existing(
    session: Session, model: type[Pledge] | type[Payment], conference: Conference
) -> Recorded:
    return {
        (party_id, reference): (amount, currency)
        for party_id, reference, amount, currency in session.execute(
            select(model.party_id, model.reference, model.amount, model.currency).where(
                model.conference_id == conference.id, model.reference.is_not(None)
            )
        )
    }


def _split_new(
    checker: RowChecker, rows: list[tuple[int, dict[str, Any]]], existing: Recorded
) -> tuple[list[dict[str, Any]], list[int], int]:
    """Rows not yet recorded (and their lines); a recorded reference with other values is bad."""
    new, new_lines, unchanged = [], [], 0
    for line, values in rows:
        recorded = existing.get((values["party_id"], values["reference"]))
        if recorded is None:
            new.append(values)
            new_lines.append(line)
        elif recorded == (values["amount"], values["currency"]):
            unchanged += 1
        else:
            differs = Conflict(
                field="reference",
                code="import.recorded_differently",
                reference=values["reference"],
                recorded=f"{recorded[0]} {recorded[1]}",
                given=f"{values['amount']} {values['currency']}",
            )
            checker.problems.append(RowProblem(line, differs))
    return new, new_lines, unchanged


def _rows_to_insert(
    session: Session,
    context: Context,
    checker: RowChecker,
    checked: list[Any],
    model: type[Pledge] | type[Payment],
    conference_row: Conference,
    kind: str,
    dry_run: bool,
) -> tuple[ImportResult, list[dict[str, Any]]]:
    """All or nothing: refuse the file if any row is bad, else the rows that are new.

    Rows already recorded (same party and reference) are counted, not inserted again; a dry
    run inserts nothing. The parties concerned are locked before anything is written.
    """
    new, new_lines, unchanged = _split_new(
        checker, checked, _existing(session, model, conference_row)
    )
    if checker.problems:
        raise ImportRefused(checker.problems)
    result = ImportResult(
        kind, len(checked), unchanged=unchanged, dry_run=dry_run, new_lines=new_lines
    )
    if dry_run or not new:
        return result, []
    _lock(session, {values["party_id"] for values in new})
    now = context.now()
    return result, [{**values, "is_sample": False, "recorded_at": now} for values in new]


def import_pledges(
    session: Session,
    context: Context,
    conference: str,
    content: bytes,
    *,
    source: str = "file",
    dry_run: bool = False,
    progress: Progress = iter,
    locale: str | None = None,
) -> ImportResult:
    conference_row = conference_by_slug(session, conference)
    checker = RowChecker(session, conference_row, locale)
    schedules: dict[tuple[int, str | None], list[tuple[date, Decimal]]] = {}

    def build(row: dict[str, Any]) -> dict[str, Any]:
        fields = Collector()
        values = fields.take(lambda: checker.common(row)) or {}
        pledged_on = fields.take(lambda: parse_date(row["pledged"], "pledged", checker.locale))
        due = (row.get("due") or "").strip()
        instalments = _instalments(row.get("instalments"))
        schedule = None
        if values and pledged_on:
            schedule = fields.take(
                lambda: payment_schedule(
                    values["amount"],
                    values["currency"],
                    pledged_on,
                    due,
                    instalments,
                    "instalments",
                    checker.locale,
                )
            )
        fields.take(lambda: checker.take_rate_in_force(values, pledged_on))
        fields.raise_any()
        # raise_any() above has refused a row without a schedule
        assert schedule is not None  # nosec B101
        values["pledged_on"] = pledged_on
        values["due_on"] = schedule[0][0] if due else None
        if instalments:
            schedules[(values["party_id"], values["reference"])] = schedule
        return values

    checked = _check_all(checker, content, PLEDGE_COLUMNS, build, progress)
    result, rows = _rows_to_insert(
        session, context, checker, checked, Pledge, conference_row, "pledge", dry_run
    )
    if not rows:
        return result
    inserted = session.execute(
        insert(Pledge).returning(Pledge.id, Pledge.party_id, Pledge.reference),
        rows,
    ).all()
    instalment_rows = [
        {"pledge_id": pledge_id, "due_on": due_on, "amount": amount}
        for pledge_id, party_id, reference in inserted
        for due_on, amount in schedules.get((party_id, reference), ())
    ]
    if instalment_rows:
        session.execute(insert(Instalment), instalment_rows)
    result.added = [pledge_id for pledge_id, _party, _reference in inserted]
    _audit(session, context, result, source)
    return result


def import_payments(
    session: Session,
    context: Context,
    conference: str,
    content: bytes,
    *,
    source: str = "file",
    dry_run: bool = False,
    progress: Progress = iter,
    locale: str | None = None,
) -> ImportResult:
    conference_row = conference_by_slug(session, conference)
    checker = RowChecker(session, conference_row, locale)
    open_pledges = _open_pledges_by_reference(session, conference_row)

    def target_pledge(party_id: int, party: str, reference: str) -> int | None:
        if not reference:
            return None
        found = open_pledges.get((party_id, reference))
        if found is None:
            raise ValidationError(
                field="pledge", code="pledge.unknown_reference", party=party, reference=reference
            )
        if isinstance(found, Conflict):
            raise found
        return found

    def build(row: dict[str, Any]) -> dict[str, Any]:
        fields = Collector()
        values = fields.take(lambda: checker.common(row)) or {}
        received_on = fields.take(lambda: parse_date(row["received"], "received", checker.locale))
        pledge_reference = (row.get("pledge") or "").strip()
        pledge_id = None
        if values:
            pledge_id = fields.take(
                lambda: target_pledge(values["party_id"], row["party"].strip(), pledge_reference)
            )
        fields.take(lambda: checker.take_rate_in_force(values, received_on))
        fields.raise_any()
        return {**values, "received_on": received_on, "pledge_id": pledge_id}

    checked = _check_all(checker, content, PAYMENT_COLUMNS, build, progress)
    result, rows = _rows_to_insert(
        session, context, checker, checked, Payment, conference_row, "payment", dry_run
    )
    if not rows:
        return result
    table = cast(Table, Payment.__table__)  # a Core insert: no ORM bookkeeping per row
    statement = insert(table).returning(table.c.id)
    result.added = list(session.scalars(statement, rows))
    _audit(session, context, result, source)
    return result


def _instalments(text: str | None) -> list[str]:
    """``DATE=AMOUNT`` items separated by spaces; a space inside an amount (``4 000`` in
    fr_FR) is grouping, so a new item starts only where the next ``DATE=`` does."""
    return [item for item in _INSTALMENT_BREAK.split((text or "").strip()) if item]


def _check_all(
    checker: RowChecker,
    content: bytes,
    columns: dict[str, tuple[str, ...]],
    build: Callable[[dict[str, Any]], dict[str, Any]],
    progress: Progress,
) -> list[tuple[int, dict[str, Any]]]:
    rows = list(read_rows(content, columns))
    checked = []
    for line, row in progress(rows):
        values = checker.check(line, row, build)
        if values is not None:
            checked.append((line, values))
    return checked


def _open_pledges_by_reference(
    session: Session, conference: Conference
) -> dict[tuple[int, str | None], int | Conflict]:
    """(party id, reference) -> pledge id, or why the pledge cannot take payments."""
    query = with_standing(
        select(
            Pledge.id,
            Pledge.party_id,
            Pledge.reference,
            PledgeCancellation.cancelled_on,
            Void.voided_on,
        )
    ).where(Pledge.conference_id == conference.id, Pledge.reference.is_not(None))
    return {
        (party_id, reference): closed_refusal(repr(reference), cancelled_on, voided_on) or pledge_id
        for pledge_id, party_id, reference, cancelled_on, voided_on in session.execute(query)
    }


def _audit(session: Session, context: Context, result: ImportResult, source: str) -> None:
    """One entry per import: the rows themselves are immutable, so their ids are enough."""
    audit.record(
        session,
        context,
        "import",
        result.kind,
        f"{result.added[0]}-{result.added[-1]}",
        after={"file": source, "rows": result.rows, "added": result.added},
    )


RATE_COLUMNS = {
    "required": ("currency", "to", "valid_from", "rate"),
    "optional": ("source",),
}


def import_rates(
    session: Session, context: Context, content: bytes, *, source: str = "file"
) -> list[int]:
    """All or nothing, every bad row with its line number (the pledge and payment importer's
    reader and refusal); a row already recorded with the same rate is left as it is."""
    recorded = {
        (row.currency, row.to_currency, row.valid_from): row.rate
        for row in session.scalars(select(ExchangeRate))
    }
    problems: list[RowProblem] = []
    new: list[dict[str, Any]] = []
    seen: dict[tuple[str, str, date], int] = {}
    for line, row in read_rows(content, RATE_COLUMNS):
        values = _checked(
            line,
            row,
            lambda row: rate_values(
                row["currency"], row["to"], row["valid_from"], row["rate"], row.get("source")
            ),
            problems,
        )
        if values is None:
            continue
        key = (values["currency"], values["to_currency"], values["valid_from"])
        if key in seen:
            repeated = ValidationError(field="valid_from", code="rates.repeated", line=seen[key])
            problems.append(RowProblem(line, repeated))
            continue
        seen[key] = line
        if key in recorded:
            if recorded[key] != values["rate"]:
                differs = Conflict(
                    field="rate",
                    code="rates.recorded_differently",
                    currency=key[0],
                    to=key[1],
                    valid_from=key[2],
                    recorded=recorded[key].normalize(),
                    given=values["rate"].normalize(),
                )
                problems.append(RowProblem(line, differs))
            continue
        new.append(values)
    if problems:
        raise ImportRefused(problems)
    if not new:
        return []
    now = context.now()
    added = list(
        session.scalars(
            insert(ExchangeRate).returning(ExchangeRate.id),
            [{**values, "is_sample": False, "recorded_at": now} for values in new],
        )
    )
    audit.record(
        session,
        context,
        "import",
        "exchange_rate",
        f"{added[0]}-{added[-1]}",
        after={"file": source, "added": added},
    )
    return added
