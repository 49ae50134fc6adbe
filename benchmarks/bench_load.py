"""The dashboard under concurrent clients while the serving file is swapped, on loopback.

    .venv/bin/python benchmarks/bench_load.py [--clients 50] [--seconds 30] [--publish-every 5] [--think 0.3]
        [--werkzeug]

Serves a copy of the configured KERNMONITOR_HOME's serving file (build it with `kernmonitor demo --no-serve`) with
gunicorn as deployed (2 workers x 4 threads, accounts on: every client logs in), or with Werkzeug's threaded
server with `--werkzeug`, and lets the clients ask for pages, the Dash layout and the pages router callback.
Meanwhile it publishes the working file onto the copy every few seconds (`kernmonitor.publish.publish`: the swap
the pipeline does, without the pipeline's CPU), so the figures show what the swap costs the readers.
Prints requests, failures, p50/p95/max and the versions seen.
tests/test_load_dashboard.py does the same (50 clients, gunicorn) around a real refresh; this is the heavier
variant: shorter pauses between clicks and a swap every few seconds.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboards.router import ENDPOINT, router_request  # noqa: E402
from kernmonitor.accounts import accounts_path, add_account  # noqa: E402
from kernmonitor.config import REPO_ROOT, load_config  # noqa: E402
from kernmonitor.publish import publish  # noqa: E402

VERSION = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]{8}")
WERKZEUG = """
import sys
from werkzeug.serving import make_server
from kernmonitor.wsgi import create_application
make_server("127.0.0.1", int(sys.argv[1]), create_application(sys.argv[2], sys.argv[3]), threaded=True).serve_forever()
"""
USER, PASSWORD = "bench", "een-lang-wachtwoord"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--publish-every", type=float, default=5.0, help="seconds between swaps (0: none)")
    parser.add_argument("--think", type=float, default=0.3, help="mean pause of a client between requests (s)")
    parser.add_argument("--werkzeug", action="store_true", help="Werkzeug's threaded server instead of gunicorn")
    args = parser.parse_args(argv)

    cfg = load_config()
    if not cfg.serving_path.exists():
        print(f"Geen publicatie in {cfg.serving_path}: draai eerst `kernmonitor demo --no-serve`.")
        return 2
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    serving = work / "serving.duckdb"
    shutil.copy(cfg.serving_path, serving)
    add_account(accounts_path(work), USER, PASSWORD, "lezer")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    if not args.werkzeug:
        command = [str(Path(sys.executable).with_name("gunicorn")), "--workers", "2", "--threads", "4"]
        app = f"kernmonitor.wsgi:create_application({str(serving)!r}, {str(work)!r})"
        command += ["--bind", f"127.0.0.1:{port}", app]
    else:
        command = [sys.executable, "-c", WERKZEUG, str(port), str(serving), str(work)]
    server = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/_dash-layout", timeout=60)  # a worker's first answer sets Dash up
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        kernen = ["Beesd", "Buren", "Asperen", "Maurik", "Zoelen"]
        todo = [("GET", f"{base}/", None), ("GET", f"{base}/_dash-layout", None)]
        todo += [("GET", f"{base}/kern/{k}", None) for k in kernen]
        todo += [("POST", f"{base}/{ENDPOINT}", router_request(p)) for p in ["/", *(f"/kern/{k}" for k in kernen)]]
        results: list[tuple[float, bool, frozenset]] = []
        stop = threading.Event()

        def client(seed: int) -> None:
            rng, session = random.Random(seed), requests.Session()
            session.auth = (USER, PASSWORD)
            # One connection per request, as nginx in deploy/ talks to gunicorn (see tests/test_load_dashboard.py).
            session.headers["Connection"] = "close"
            while not stop.is_set():
                method, url, body = rng.choice(todo)
                started = time.perf_counter()
                try:
                    response = session.request(method, url, json=body, timeout=30)
                    ok, seen = response.status_code == 200, frozenset(VERSION.findall(response.text))
                except requests.RequestException:
                    ok, seen = False, frozenset()
                results.append((time.perf_counter() - started, ok, seen))
                stop.wait(rng.expovariate(1 / args.think) if args.think else 0)

        threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(args.clients)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        publishes = []
        while time.monotonic() - started < args.seconds:
            time.sleep(args.publish_every or args.seconds)
            if args.publish_every and time.monotonic() - started < args.seconds:
                publishes.append(publish(cfg.warehouse_path, serving)["version"])
        stop.set()
        for thread in threads:
            thread.join(timeout=35)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)

    latencies = sorted(r[0] for r in results)
    versions = set().union(*(r[2] for r in results))
    name = "werkzeug threaded" if args.werkzeug else "gunicorn 2x4"
    print(f"server: {name}, {args.clients} clients, {args.seconds:.0f} s")
    print(f"requests {len(results)}, failed {sum(not r[1] for r in results)}, publishes {len(publishes)}")
    p50, p95 = latencies[len(latencies) // 2], latencies[int(0.95 * len(latencies))]
    print(f"p50 {1000 * p50:.0f} ms, p95 {1000 * p95:.0f} ms, max {1000 * latencies[-1]:.0f} ms")
    print(f"versions seen {len(versions)}, answers with more than one version {sum(len(r[2]) > 1 for r in results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
