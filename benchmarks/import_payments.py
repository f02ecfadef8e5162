"""Importing 100,000 payment rows from CSV, against a bare ``executemany`` of the same rows.

Both run in the same process on the same kind of database: the import (read, decode, check
every row, insert, audit) and the floor (the DBAPI cursor's ``executemany`` of the already
converted values into the same table). Target: the import within 3x of the floor.
Prints JSON. Run: ``python benchmarks/import_payments.py [--postgres URL]``.
"""

import json
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._database import arguments, scratch_database
from planner.audit import Context
from planner.db import make_engine, unit_of_work
from planner.directory.models import Party
from planner.finance.importing import import_payments
from planner.finance.models import Payment
from planner.finance.money import RATE_DECIMALS
from tests.finance.factory import fill

ROWS = 100_000
START = date(2020, 1, 1)
COLUMNS = (
    "conference_id, party_id, pledge_id, amount, currency, rate, received_on, reference, "
    "note, is_sample, recorded_at"
)


def write_csv(path: Path, codes: list[str]) -> list[tuple]:
    """The CSV file, and the same rows as (code, amount, currency, rate, received, reference)."""
    rows = []
    with path.open("w", encoding="utf-8") as out:
        out.write("party,amount,currency,received,rate,reference\n")
        for n in range(ROWS):
            euro = n % 3 == 0
            row = (
                codes[n % len(codes)],
                Decimal(f"{1 + n % 5000}.{n % 100:02d}"),
                "EUR" if euro else "USD",
                Decimal("1.1") if euro else Decimal(1),
                START + timedelta(days=n % 200),
                f"R{n}",
            )
            rows.append(row)
            rate = "1.1" if euro else ""
            out.write(f"{row[0]},{row[1]},{row[2]},{row[4].isoformat()},{rate},{row[5]}\n")
    return rows


def bare_executemany(engine, conference_id: int, ids: dict[str, int], rows: list[tuple]) -> float:
    """The floor: one DBAPI executemany of ready-made values (what the ORM would send)."""
    sqlite = engine.dialect.name == "sqlite"
    mark = "?" if sqlite else "%s"
    now = datetime(2020, 1, 1, tzinfo=UTC)

    def exact(value: Decimal, scale: int):
        return int(value.scaleb(scale)) if sqlite else value

    values = [
        (
            conference_id,
            ids[code],
            None,
            exact(amount, 6),
            currency,
            exact(rate, RATE_DECIMALS),
            received,
            f"BARE-{reference}",
            None,
            False,
            now.replace(tzinfo=None) if sqlite else now,
        )
        for code, amount, currency, rate, received, reference in rows
    ]
    connection = engine.raw_connection()
    try:
        started = time.perf_counter()
        cursor = connection.cursor()
        cursor.executemany(
            f"INSERT INTO payments ({COLUMNS}) VALUES ({', '.join([mark] * 11)})", values
        )
        connection.commit()
        return time.perf_counter() - started
    finally:
        connection.close()


def main() -> None:
    options = arguments(__doc__)
    with scratch_database(options.postgres) as url, tempfile.TemporaryDirectory() as folder:
        engine = make_engine(url)
        with unit_of_work(engine) as session:
            conference = fill(session, parties=200, pledges=0, payments=0, seed=3)
            slug, conference_id = conference.slug, conference.id
        with unit_of_work(engine) as session:
            ids = dict(
                session.execute(select(Party.code, Party.id).where(Party.kind == "state")).all()
            )
        codes = sorted(code for code in ids if code.startswith("B3"))
        path = Path(folder) / "payments.csv"
        rows = write_csv(path, codes)

        context = Context(actor="bench", clock=lambda: datetime(2020, 6, 1, tzinfo=UTC))
        started = time.perf_counter()
        with unit_of_work(engine) as session:
            result = import_payments(session, context, slug, path.read_bytes(), source=path.name)
        import_seconds = time.perf_counter() - started

        bare_seconds = bare_executemany(engine, conference_id, ids, rows)
        with unit_of_work(engine) as session:
            stored = session.query(Payment).count()
        engine.dispose()
    print(
        json.dumps(
            {
                "benchmark": "import_payments",
                "engine": "postgresql" if options.postgres else "sqlite",
                "rows": ROWS,
                "imported": len(result.added),
                "rows_stored": stored,
                "import_seconds": round(import_seconds, 3),
                "bare_executemany_seconds": round(bare_seconds, 3),
                "ratio": round(import_seconds / bare_seconds, 2),
                "target_ratio": 3,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
