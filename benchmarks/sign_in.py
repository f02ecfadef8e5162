"""Failed sign-ins with a known and an unknown user name: how long each takes.

An attacker who can time the answers must not learn which names exist. Measures,
in one run, interleaved so that machine load hits both alike, the web sign-in POST
(in-process test client, real Argon2 parameters, real database) for:
- a known name with a wrong password and an unknown name (unthrottled: one Argon2
  verification each; the clock jumps an hour between attempts);
- both names while throttled (no verification: refused from the throttle table).
Target: unknown / known median within 0.8-1.25 for both. Prints one JSON object.
Run: ``python benchmarks/sign_in.py [--postgres URL]``.
"""

import json
import re
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._database import arguments, scratch_database
from planner.audit import Context
from planner.db import make_engine, unit_of_work
from planner.settings import Settings
from planner.users.operations import add_user
from planner.web import create_app

ROUNDS = 15
TARGET = (0.8, 1.25)
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Clock:
    def __init__(self):
        self.now = datetime(2020, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def timed_attempt(client, name: str) -> tuple[float, int]:
    token = CSRF.search(client.get("/en/sign-in").get_data(as_text=True)).group(1)
    form = {"csrf_token": token, "username": name, "password": "not the password"}
    start = time.perf_counter()
    response = client.post("/en/sign-in", data=form)
    return time.perf_counter() - start, response.status_code


def measure(client, clock: Clock, names: dict[str, str], throttled: bool) -> dict[str, list]:
    times: dict[str, list] = {label: [] for label in names}
    for _ in range(ROUNDS):
        for label, name in names.items():
            if not throttled:
                clock.now += timedelta(hours=1)  # past any delay: every attempt is checked
            seconds, status = timed_attempt(client, name)
            assert status == (429 if throttled else 401), (label, status)
            times[label].append(seconds)
    return times


def summary(times: dict[str, list]) -> dict:
    medians = {label: statistics.median(values) for label, values in times.items()}
    ratio = medians["unknown"] / medians["known"]
    return {
        "known_median_ms": round(medians["known"] * 1000, 2),
        "unknown_median_ms": round(medians["unknown"] * 1000, 2),
        "ratio_unknown_to_known": round(ratio, 3),
        "within_target": TARGET[0] <= ratio <= TARGET[1],
    }


def main() -> None:
    args = arguments(__doc__.splitlines()[0])
    with scratch_database(args.postgres) as url:
        engine = make_engine(url)
        clock = Clock()
        with unit_of_work(engine) as session:
            add_user(
                session, Context("bench", clock), username="ana", role="viewer", password="x" * 20
            )
        app = create_app(Settings(database_url=url, secret_key="bench", clock=clock))
        client = app.test_client()
        names = {"known": "ana", "unknown": "nobody-here"}
        timed_attempt(client, "warm-up")  # the decoy hash is made once per process
        checked = summary(measure(client, clock, names, throttled=False))
        for name in names.values():  # three free failures each, then throttled
            for _ in range(3):
                timed_attempt(client, name)
        throttled = summary(measure(client, clock, names, throttled=True))
        app.extensions["planner"].dispose()
        engine.dispose()
    engine_name = "postgresql" if args.postgres else "sqlite"
    print(
        json.dumps(
            {"engine": engine_name, "rounds": ROUNDS, "checked": checked, "throttled": throttled},
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
