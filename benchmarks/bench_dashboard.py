"""Server-side time of the kern profile callback against the raw DuckDB queries it needs.

The callback is measured the way a browser triggers it: a POST of the Dash pages router for /kern/<naam> to the
Flask app (layout built, serialised to JSON), in-process, so network and browser rendering are left out.

  cold  a fresh ServingData per request: every query opens the serving file (what the first visitor of a new
        publication pays when the server has not seen it yet);
  new version, warmed  the same, after `ServingData.opwarmen` (what `kernmonitor serve` and the WSGI entry point
        do within two seconds of a publication, ServingData.bewaak): the file attached, the lists of kernen and
        gemeenten read;
  warm  the same kern again: the page kept per publication (dashboards/app.py), and, to compare, the page built
        again with every query answered from ServingData's per-publication cache.

Against: the SQL statements the profile issues (recorded from one render), replayed with a fresh read-only
connection per statement (as ServingData does) and on one shared connection (the floor DuckDB itself sets).

    .venv/bin/python benchmarks/bench_dashboard.py [--serving PATH] [--rounds 41]

Without --serving it reads the serving file of the configured KERNMONITOR_HOME (run `kernmonitor demo --no-serve`
first).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path
from urllib.parse import quote

import duckdb

from dashboards.app import create_app
from dashboards.context import CONFIG_KEY
from dashboards.data import ServingData
from dashboards.router import ENDPOINT, router_request


class RecordingData(ServingData):
    """A ServingData that notes every statement it is asked to run."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.log: list[tuple[str, tuple]] = []

    def query(self, sql: str, params: list | tuple = ()):
        self.log.append((sql, tuple(params)))
        return super().query(sql, params)


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--serving", type=Path, help="serving.duckdb (default: the configured KERNMONITOR_HOME)")
    parser.add_argument("--rounds", type=int, default=41, help="requests per measurement (default: 41)")
    args = parser.parse_args()
    if args.serving is None:
        from kernmonitor.config import load_config

        args.serving = load_config().serving_path
    serving = Path(args.serving)

    app = create_app(serving)
    client = app.server.test_client()
    kernen = ServingData(serving).kernen()["kern"].tolist()
    rounds = [kernen[i % len(kernen)] for i in range(args.rounds)]

    def request(kern: str) -> float:
        started = time.perf_counter()
        response = client.post(f"/{ENDPOINT}", json=router_request("/kern/" + quote(kern)))
        elapsed = time.perf_counter() - started
        assert response.status_code == 200 and b"kern-naam" in response.data, response.data[:300]
        return elapsed

    request(rounds[0])  # first request: Dash sets up its routes and the page registry

    cold, warmed, statements = [], [], []
    for kern in rounds:  # cold and warmed in turn, so that the machine's load falls on both alike
        data = RecordingData(serving)
        app.server.config[CONFIG_KEY] = data
        cold.append(request(kern))
        statements.append(list(dict.fromkeys(data.log)))  # each distinct statement once: repeats hit the cache
        data = ServingData(serving)
        data.opwarmen()
        app.server.config[CONFIG_KEY] = data
        warmed.append(request(kern))

    def warm_requests() -> list[float]:
        samples = []
        app.server.config[CONFIG_KEY] = ServingData(serving)
        for kern in rounds:
            request(kern)
            samples.append(request(kern))
        return samples

    warm = warm_requests()
    # The same with every kern page built again from the cached query results (dashboards/app.py keeps the built
    # page per publication; this is what a page costs without that).
    endpoint = app.config.routes_pathname_prefix + ENDPOINT
    kept = app.server.view_functions[endpoint]
    app.server.view_functions[endpoint] = getattr(kept, "__wrapped__", kept)
    rebuilt = warm_requests()
    app.server.view_functions[endpoint] = kept

    fresh, shared = [], []
    with duckdb.connect(str(serving), read_only=True) as con:
        for log in statements:
            started = time.perf_counter()
            for sql, params in log:
                con.execute(sql, list(params)).df()
            shared.append(time.perf_counter() - started)
    for log in statements:
        started = time.perf_counter()
        for sql, params in log:
            with duckdb.connect(str(serving), read_only=True) as con:
                con.execute(sql, list(params)).df()
        fresh.append(time.perf_counter() - started)

    per_request = statistics.median(len(log) for log in statements)
    print(f"Kern profile callback (/kern/<naam>), {len(rounds)} requests over {len(set(rounds))} kernen, {serving}")
    print(f"Load average {os.getloadavg()[0]:.2f} (1 minute) at the end")
    print(f"{'':46} {'median':>9} {'p95':>9}")
    for label, samples in (
        ("callback, cold cache (new ServingData)", cold),
        ("callback, new version warmed (opwarmen)", warmed),
        ("callback, warm (same kern again: kept page)", warm),
        ("callback, warm queries, page built again", rebuilt),
        (f"raw queries ({per_request:.0f} distinct), connection each", fresh),
        (f"raw queries ({per_request:.0f} distinct), one connection", shared),
    ):
        median, p95 = summary(samples)
        print(f"{label:46} {median:7.1f} ms {p95:7.1f} ms")
    print(
        "cold - warm is what reading costs the callback; connection-per-query against one shared connection is "
        "what opening the file for each statement costs."
    )


if __name__ == "__main__":
    main()
