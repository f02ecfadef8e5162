"""Status of contributions on 200 parties, 2,000 pledges and 100,000 payments.

Prints JSON: the number of SQL queries (against the same report on a tiny ledger, to show it
does not grow with the data) and the time to compute and render the report. The machine is
shared, so the run also times a fixed reference workload (20 passes of Decimal conversions of
100,000 amounts, the ledger's kind of work) and reports the ratio of the two: the ratio, not the
absolute figure, is what compares across runs (issue 15 asks for under 0.5 s).
Run: ``python benchmarks/finance_status.py [--postgres URL]``.
"""

import json
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._database import arguments, scratch_database
from planner.db import make_engine, unit_of_work
from planner.finance.reports import render_table
from planner.finance.status import status_of_contributions
from tests.finance.factory import fill

AS_OF = date(2020, 6, 1)
RUNS = 3
REFERENCE_PASSES = 20  # long enough (~0.3 s) that the machine's load shows in it


def measure(engine, slug: str) -> tuple[int, list[float]]:
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    timings = []
    for _ in range(RUNS):
        statements.clear()
        started = time.perf_counter()
        with unit_of_work(engine) as session:
            report = status_of_contributions(session, slug, AS_OF)
            report.as_json()
            render_table(report)
        timings.append(time.perf_counter() - started)
    return len(statements), timings


def reference_seconds() -> float:
    """The median time of a fixed workload that does not depend on the code measured."""
    amounts = [Decimal(n).scaleb(-2) for n in range(100_000)]
    rate, cent = Decimal("1.1000000000"), Decimal("0.01")
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        for _pass in range(REFERENCE_PASSES):
            for amount in amounts:
                (amount * rate).quantize(cent)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    options = arguments(__doc__)
    with scratch_database(options.postgres) as url:
        engine = make_engine(url)
        started = time.perf_counter()
        with unit_of_work(engine) as session:
            small = fill(session, parties=5, pledges=20, payments=100, seed=1).slug
            large = fill(session, parties=200, pledges=2000, payments=100_000, seed=2).slug
        load_seconds = time.perf_counter() - started
        small_queries, _ = measure(engine, small)
        reference_before = reference_seconds()
        large_queries, timings = measure(engine, large)
        reference = (reference_before + reference_seconds()) / 2
        engine.dispose()
    print(
        json.dumps(
            {
                "benchmark": "finance_status",
                "engine": "postgresql" if options.postgres else "sqlite",
                "parties": 200,
                "pledges": 2000,
                "payments": 100_000,
                "queries_small_ledger": small_queries,
                "queries_large_ledger": large_queries,
                "seconds_median": round(statistics.median(timings), 3),
                "seconds_runs": [round(seconds, 3) for seconds in timings],
                "reference_seconds": round(reference, 3),
                "ratio_to_reference": round(statistics.median(timings) / reference, 2),
                "data_load_seconds": round(load_seconds, 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
