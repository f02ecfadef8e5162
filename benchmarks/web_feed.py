"""The public feed of 10,000 meetings over HTTP: gunicorn (several workers) on loopback.

Measures, in one run on the same data:
- a full rebuild in-process without the cache (query + serialize: what every 200
  cost the server before the feed cache, the baseline);
- GET with a matching If-None-Match (304: one version query, no feed built);
- GET without validators (200: the whole feed) of an unchanged feed, which the
  worker's memory copy of the shared feed cache answers: with ``Accept-Encoding:
  gzip`` as calendar clients send it (about 230 kB), and without (identity, about 7 MB);
- after one meeting changes, the next full response (gzip; the cache rebuilds that
  meeting's events only, assembles the rest and compresses it), repeated for several
  meetings;
each over real HTTP to gunicorn, from a Python load generator (threads, one
``http.client`` connection per request, as gunicorn's sync workers close them),
at concurrency 1 (latency) and with several threads (throughput). Every full
response checked is compared with a fresh build (gzip ones once decoded).
Targets: a 304 at least 50x cheaper than a rebuild (rebuild / 304 p50 latency);
200 full responses (gzip) of the unchanged feed at >= 50 per second with 8 clients; the
first full response after a change in under 10% of the rebuild.
On a shared, loaded machine the rates say little alone: they are also given against
a trivial route (``/``, a redirect) measured in the same run, and the app's own CPU
time per request (in process, no network) for the unchanged feed and that route.
Prints one JSON object. Run: ``python benchmarks/web_feed.py [--postgres URL]``.
"""

import gzip
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._database import arguments, scratch_database
from benchmarks.calendar_feed import MEETINGS, populate
from planner.audit import Context
from planner.calendars.feeds import audience, build_feed
from planner.db import make_engine, unit_of_work
from planner.meetings.models import Meeting
from planner.meetings.operations import update_meeting
from planner.settings import Settings
from planner.web import create_app

WORKERS = 4
CLIENTS = 8
PATH = "/calendars/bench.ics"
TARGET_RATIO = 50
TARGET_CACHED_PER_SECOND = 50
TARGET_CHANGED_SHARE = 0.10
CHANGES = 5
TRIVIAL = "/"  # a redirect to the reader's language: no database, no template
GZIP = {"Accept-Encoding": "gzip"}  # what calendar clients send
SERVER_CPU_REQUESTS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(database_url: str) -> Iterator[int]:
    """gunicorn with several workers on a free loopback port, stopped afterwards."""
    port = free_port()
    with tempfile.TemporaryDirectory() as home:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("PLANNER_")},
            "HOME": home,  # gunicorn's control socket lives under ~/.gunicorn
            "PLANNER_DATABASE_URL": database_url,
            "PLANNER_SECRET_KEY": "benchmark",
        }
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            *("--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}", "--timeout", "300"),
            *("--log-level", "warning", "planner.web.wsgi:app"),
        ]
        process = subprocess.Popen(command, env=env)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    request(port, {"If-None-Match": "*"}, None)  # cheap: a 304
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("gunicorn did not start") from None
                    time.sleep(0.2)
            yield port
        finally:
            process.terminate()
            process.wait(timeout=30)


def request(
    port: int, headers: dict[str, str], expected: int | None, path: str = PATH
) -> tuple[float, object]:
    """One GET on a new connection: (seconds, response with ``body``)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.body = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    if expected is not None and response.status != expected:
        raise AssertionError(f"expected {expected}, got {response.status}")
    return elapsed, response


def load(
    port: int,
    headers: dict[str, str],
    expected: int,
    total: int,
    threads: int,
    path: str = PATH,
) -> dict:
    latencies: list[float] = []
    lock = threading.Lock()

    def work(count: int) -> None:
        mine = [request(port, headers, expected, path)[0] for _ in range(count)]
        with lock:
            latencies.extend(mine)

    shares = [total // threads + (1 if i < total % threads else 0) for i in range(threads)]
    workers = [threading.Thread(target=work, args=(share,)) for share in shares]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    wall = time.perf_counter() - started
    if len(latencies) != total:
        raise AssertionError("some requests failed")
    latencies.sort()
    return {
        "requests": total,
        "concurrency": threads,
        "requests_per_second": round(total / wall, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(latencies[max(0, int(len(latencies) * 0.95) - 1)] * 1000, 2),
    }


def rebuild(database_url: str) -> tuple[float, bytes]:
    """The baseline: the whole feed built without the cache, median of three."""
    engine = make_engine(database_url)
    runs = [rebuild_once(engine) for _ in range(3)]
    engine.dispose()
    return statistics.median(seconds for seconds, _ in runs), runs[-1][1]


def after_changes(url: str, port: int) -> list[float]:
    """Change one meeting at a time; time the next full response and check its bytes."""
    engine = make_engine(url)
    seconds = []
    for index in range(CHANGES):
        stamp = datetime(2021, 1, 1, tzinfo=UTC) + timedelta(minutes=index)
        with unit_of_work(engine) as session:
            meeting_id = session.scalars(
                select(Meeting.id).order_by(Meeting.id).offset(index * 997).limit(1)
            ).one()
            update_meeting(session, Context("bench", lambda stamp=stamp: stamp), meeting_id,
                           title=f"Changed meeting {index}")  # fmt: skip
        elapsed, response = request(port, GZIP, 200)
        _, fresh = rebuild_once(engine)
        if gzip.decompress(response.body) != fresh:
            raise AssertionError("the feed served after a change differs from a fresh build")
        seconds.append(elapsed)
    engine.dispose()
    return seconds


def server_cpu_per_request(database_url: str) -> dict[str, float]:
    """CPU milliseconds the app spends on one request, in this process (Flask's test
    client, no network): the unchanged feed (its bytes in the worker's memory), gzip and
    identity, and the trivial route. CPU time, unlike wall time, hardly depends on the
    machine's load."""
    app = create_app(Settings(database_url=database_url, secret_key="benchmark"))
    client = app.test_client()
    costs = {}
    for name, path, headers, status in (
        ("unchanged_feed_200", PATH, GZIP, 200),
        ("unchanged_feed_200_identity", PATH, {}, 200),
        ("trivial_302", TRIVIAL, {}, 302),
    ):
        for _ in range(3):  # the feed into this worker's memory, the statements compiled
            client.get(path, headers=headers)
        started = time.process_time()
        for _ in range(SERVER_CPU_REQUESTS):
            if client.get(path, headers=headers).status_code != status:
                raise AssertionError(f"{path}: expected {status}")
        costs[name] = round((time.process_time() - started) * 1000 / SERVER_CPU_REQUESTS, 2)
    app.extensions["planner"].dispose()
    costs["feed_over_trivial"] = round(costs["unchanged_feed_200"] / costs["trivial_302"], 1)
    return costs


def rebuild_once(engine) -> tuple[float, bytes]:
    started = time.perf_counter()
    with unit_of_work(engine) as session:
        feed = build_feed(session, audience(session, "bench"))
    return time.perf_counter() - started, feed


def main() -> None:
    options = arguments(__doc__)
    with scratch_database(options.postgres) as url:
        engine = make_engine(url)
        populate(engine)
        engine.dispose()
        rebuild_seconds, feed = rebuild(url)
        with gunicorn(url) as port:
            cold, first = request(port, GZIP, 200)  # builds every event and the feed once
            _, plain = request(port, {}, 200)
            if gzip.decompress(first.body) != feed or plain.body != feed:
                raise AssertionError("the served feed differs from the in-process build")
            matching = {"If-None-Match": first.getheader("ETag")}
            load(port, GZIP, 200, WORKERS, WORKERS)  # warm every worker up
            load(port, matching, 304, 200, WORKERS)
            not_modified = {
                "sequential": load(port, matching, 304, 500, 1),
                "concurrent": load(port, matching, 304, 2000, CLIENTS),
            }
            full = {
                "sequential": load(port, GZIP, 200, 50, 1),
                "concurrent": load(port, GZIP, 200, 400, CLIENTS),
            }
            identity = {
                "sequential": load(port, {}, 200, 20, 1),
                "concurrent": load(port, {}, 200, 200, CLIENTS),
            }
            trivial = load(port, {}, 302, 500, CLIENTS, TRIVIAL)
            changed = after_changes(url, port)
        server_cpu = server_cpu_per_request(url)
    p50_304 = not_modified["sequential"]["p50_ms"] / 1000
    changed_p50 = statistics.median(changed)
    json.dump(
        {
            "engine": "postgresql" if options.postgres else "sqlite",
            "meetings": MEETINGS,
            "feed_bytes": len(feed),
            "feed_gzip_bytes": len(first.body),
            "gunicorn_workers": WORKERS,
            "cpus": os.cpu_count(),
            "rebuild_in_process_seconds": round(rebuild_seconds, 3),
            "http_304_matching_etag": not_modified,
            "http_200_first_cold_cache_seconds": round(cold, 3),
            "http_200_unchanged_feed_from_cache": full,
            "http_200_unchanged_feed_from_cache_identity": identity,
            "http_302_trivial_route_with_8_clients": trivial,
            "unchanged_200_over_trivial_requests_per_second": round(
                full["concurrent"]["requests_per_second"] / trivial["requests_per_second"], 3
            ),
            "unchanged_identity_200_over_trivial_requests_per_second": round(
                identity["concurrent"]["requests_per_second"] / trivial["requests_per_second"], 3
            ),
            "server_cpu_ms_per_request": server_cpu,
            "http_200_after_one_meeting_changed_seconds": [round(t, 3) for t in changed],
            "after_change_p50_over_rebuild": round(changed_p50 / rebuild_seconds, 3),
            "rebuild_over_304_p50": round(rebuild_seconds / p50_304, 1),
            "throughput_304_over_200": round(
                not_modified["concurrent"]["requests_per_second"]
                / full["concurrent"]["requests_per_second"],
                1,
            ),
            "targets": {
                "rebuild_over_304_p50_at_least": TARGET_RATIO,
                "unchanged_200_per_second_with_8_clients_at_least": TARGET_CACHED_PER_SECOND,
                "after_change_share_of_rebuild_below": TARGET_CHANGED_SHARE,
            },
            "targets_met": {
                "304": rebuild_seconds / p50_304 >= TARGET_RATIO,
                "unchanged_200": full["concurrent"]["requests_per_second"]
                >= TARGET_CACHED_PER_SECOND,
                "after_change": changed_p50 / rebuild_seconds < TARGET_CHANGED_SHARE,
            },
        },
        sys.stdout,
        indent=2,
    )
    print()


if __name__ == "__main__":
    main()
