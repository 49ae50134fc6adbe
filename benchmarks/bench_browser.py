"""A kern page in headless Chromium: bytes over the wire and time until every tile and chart is on screen.

The app runs as `kernmonitor serve` runs it (create_app, the security headers of kernmonitor.webauth.protect, no
accounts) on a threaded WSGI server in a process of its own; Debian's Chromium is driven through Playwright with
the flags of tests/browser/conftest.py (`playwright install` is never run).

  first visit   a fresh browser context per load (empty cache): what a new reader pays
  repeat visit  the same kern again in that context (the browser's cache filled by the first visit)

Per load: bytes transferred (Chromium's encodedDataLength over every request, headers included: compressed
where the server compressed) and two times from navigation start, polled every animation frame: to the tiles
(the kern's name and its headline tiles, In één oogopslag: what the reader sees first) and to the last chart
(also every chart, a `.dash-graph` with Plotly's `.main-svg` inside, most of them below the fold). Each load
opens another kern, spread over the gemeenten, so the server's per-gemeente reads are part of the first visits
as they are for real readers. Goals (issue 18): <= 2 MB on first visit, <= 1,0 s median.

    .venv/bin/python benchmarks/bench_browser.py --serving PATH [--loads 10] [--json FILE]
        [--compare | --against DIR] [--latency MS]

`--compare` also serves every page without compression and cache lifetimes; `--against DIR` from the code of
another checkout (say `git worktree add /tmp/before <commit>`), to compare two versions of the code on a noisy
machine: each kern is loaded from both servers in turn, and the ratios are per load.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import machine, print_table  # noqa: E402

# The same browser and flags as tests/browser/conftest.py.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
GOAL_BYTES = 2_000_000
GOAL_SECONDS = 1.0

# True once the kern's name and its headline tiles (In één oogopslag) are on the page: what a reader sees first.
TILES = """() => {
    const tegels = document.querySelectorAll('#sectie-kopcijfers .tegel-waarde');
    return document.querySelector('#kern-naam') && tegels.length > 0 ? performance.now() : false;
}"""

# True once the kern's name, its headline tiles and every chart on the page are drawn.
RENDERED = """() => {
    if (!document.querySelector('#kern-naam') || !document.querySelector('#sectie-kopcijfers .tegel-waarde')) {
        return false;
    }
    const graphs = [...document.querySelectorAll('.dash-graph')];
    if (graphs.length === 0 || !graphs.every((g) => g.querySelector('.main-svg'))) return false;
    return performance.now();
}"""


def _serve(serving: str, queue, plain: bool = False) -> None:
    """Child process: the app on a free loopback port; puts the port on `queue`, then serves until killed.
    `plain`: without dashboards.app's compression and cache lifetimes (the state before issue 18)."""
    from werkzeug.serving import make_server

    from dashboards import app as dashboard_app
    from dashboards.app import create_app
    from kernmonitor.webauth import protect

    if plain:
        dashboard_app._caching_and_compression = lambda app: None

    app = create_app(Path(serving))
    protect(app, home=Path(tempfile.mkdtemp(prefix="bench-browser-")), environ={})
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    queue.put(server.server_port)
    server.serve_forever()


# The app as _serve runs it, started from another checkout's code (`--against`): prints its port, serves until killed.
_SERVE_OTHER = """
import sys, tempfile
from pathlib import Path
from werkzeug.serving import make_server
from dashboards.app import create_app
from kernmonitor.webauth import protect
app = create_app(Path(sys.argv[1]))
protect(app, home=Path(tempfile.mkdtemp(prefix="bench-browser-")), environ={})
server = make_server("127.0.0.1", 0, app.server, threaded=True)
print(server.server_port, flush=True)
server.serve_forever()
"""


def _serve_other(serving: str, checkout: Path) -> tuple[subprocess.Popen, int]:
    """The app of another checkout in a process of its own (its own code first on the path); and its port."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    process = subprocess.Popen(  # noqa: S603 - this interpreter, a fixed script, the given file
        [sys.executable, "-c", _SERVE_OTHER, serving],
        cwd=checkout,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    return process, int(process.stdout.readline())


def _kernen(serving: Path, loads: int) -> list[str]:
    """`loads` + 1 kernen spread over the publication (the first only warms the server up)."""
    from dashboards.data import ServingData

    namen = ServingData(serving).kernen().drop_duplicates("kern")["kern"].tolist()
    step = max(1, len(namen) // (loads + 1))
    return [namen[(i * step) % len(namen)] for i in range(loads + 1)]


def _load(context, url: str, latency_ms: float = 0) -> dict:
    """Open `url` in a new tab of `context`; the figures of that one load. `latency_ms`: Chromium's network
    emulation makes every request take at least this long to its answer's headers (a reader on a real network, not
    on this machine)."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    if latency_ms:
        cdp.send(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": latency_ms, "downloadThroughput": -1, "uploadThroughput": -1},
        )
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    encodings: dict[str, str] = {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on(
        "Network.responseReceived",
        lambda e: encodings.__setitem__(
            e["requestId"], {k.lower(): v for k, v in e["response"]["headers"].items()}.get("content-encoding", "")
        ),
    )
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
    page.goto(url, wait_until="commit")
    tiles_ms = page.wait_for_function(TILES, polling="raf", timeout=60_000).json_value()
    rendered_ms = page.wait_for_function(RENDERED, polling="raf", timeout=60_000).json_value()
    page.wait_for_load_state("networkidle")
    page.close()
    per_url = sorted(((sizes[r], urls.get(r, "?"), encodings.get(r, "")) for r in sizes), reverse=True)
    return {
        "seconds": rendered_ms / 1000,
        "tiles_seconds": tiles_ms / 1000,
        "bytes": sum(sizes.values()),
        "requests": len(sizes),
        "plotly_requests": sum(1 for u in urls.values() if "plotly" in u.rsplit("/", 1)[-1] and u.endswith(".js")),
        "largest": [(size, u.split("/", 3)[-1][:90], enc) for size, u, enc in per_url[:5]],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--serving", type=Path, help="serving.duckdb (default: the configured KERNMONITOR_HOME)")
    parser.add_argument("--loads", type=int, default=10, help="page loads per measurement (default: 10)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--compare",
        action="store_true",
        help="also load every page from a second server without compression and cache lifetimes, "
        "interleaved with the first (ratios per load: the machine's noise hits both alike)",
    )
    parser.add_argument(
        "--against",
        type=Path,
        metavar="DIR",
        help="also load every page from a server running the code of the checkout DIR, interleaved with the first",
    )
    parser.add_argument(
        "--latency",
        type=float,
        default=0,
        metavar="MS",
        help="every request takes at least MS milliseconds (Chromium's network emulation; default 0)",
    )
    args = parser.parse_args()
    if args.compare and args.against:
        parser.error("--compare or --against, not both")
    if args.serving is None:
        from kernmonitor.config import load_config

        args.serving = load_config().serving_path
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} ontbreekt (apt-get install chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    kernen = _kernen(args.serving, args.loads)
    spawn = multiprocessing.get_context("spawn")
    servers, bases = [], []
    for plain in (False, True) if args.compare else (False,):
        queue = spawn.Queue()
        server = spawn.Process(target=_serve, args=(str(args.serving), queue, plain), daemon=True)
        server.start()
        servers.append(server)
        bases.append(f"http://127.0.0.1:{queue.get(timeout=120)}")
    if args.against:
        other, port = _serve_other(str(args.serving), args.against.resolve())
        servers.append(other)
        bases.append(f"http://127.0.0.1:{port}")
    second = "plain" if args.compare else f"{args.against}"
    first, repeat, plain_first, plain_repeat = [], [], [], []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            options = {"viewport": {"width": 1366, "height": 900}, "locale": "nl-NL"}
            for url in bases:  # the server's first request sets Dash up: not counted
                with browser.new_context(**options) as context:
                    _load(context, f"{url}/kern/{quote(kernen[0])}")
            for kern in kernen[1:]:
                for url, firsts, repeats in zip(bases, (first, plain_first), (repeat, plain_repeat), strict=False):
                    with browser.new_context(**options) as context:
                        firsts.append(_load(context, f"{url}/kern/{quote(kern)}", args.latency))
                        repeats.append(_load(context, f"{url}/kern/{quote(kern)}", args.latency))
            browser.close()
    finally:
        for server in servers:
            server.kill()
            if isinstance(server, subprocess.Popen):
                server.wait(timeout=10)
            else:
                server.join(timeout=10)

    rows = []
    measured = [("first visit", first), ("repeat visit", repeat)]
    if len(bases) > 1:
        measured += [(f"first visit, {second}", plain_first), (f"repeat visit, {second}", plain_repeat)]
    for label, loads in measured:
        seconds = [r["seconds"] for r in loads]
        tiles = [r["tiles_seconds"] for r in loads]
        megabytes = [r["bytes"] / 1e6 for r in loads]
        rows.append(
            [
                label,
                f"{statistics.median(megabytes):.2f} MB",
                f"{min(megabytes):.2f}-{max(megabytes):.2f}",
                f"{statistics.median(r['requests'] for r in loads):.0f}",
                f"{statistics.median(tiles):.2f} s",
                f"{statistics.median(seconds):.2f} s",
                f"{min(seconds):.2f}-{max(seconds):.2f} s",
            ]
        )
    info = machine()
    print(f"Kern page in headless Chromium, {len(first)} loads of different kernen, {args.serving}")
    print(f"load average {info['load_average_1m']} on {info['cpus']} cores; every request at least {args.latency:g} ms")
    print_table(rows, ["", "transferred", "range", "requests", "to the tiles", "to last chart", "range"])
    largest = "; ".join(f"{size / 1e3:.0f} kB {url} {encoding}" for size, url, encoding in first[0]["largest"])
    print("Largest transfers of the first visit: " + largest)
    print(f"plotly.js requests per first visit: {max(r['plotly_requests'] for r in first)}")
    if len(bases) > 1:
        for label, ours, plain in (("first", first, plain_first), ("repeat", repeat, plain_repeat)):
            ratios = [p["seconds"] / o["seconds"] for o, p in zip(ours, plain, strict=True)]
            tiles = [p["tiles_seconds"] / o["tiles_seconds"] for o, p in zip(ours, plain, strict=True)]
            smaller = statistics.median(p["bytes"] for p in plain) / statistics.median(o["bytes"] for o in ours)
            print(
                f"{label} visit, {second} / now, median of the per-load ratios: to the tiles "
                f"{statistics.median(tiles):.2f}x, to the last chart {statistics.median(ratios):.2f}x, "
                f"bytes {smaller:.1f}x"
            )
    bytes_ok = statistics.median(r["bytes"] for r in first) <= GOAL_BYTES
    tiles_ok = statistics.median(r["tiles_seconds"] for r in first) <= GOAL_SECONDS
    time_ok = statistics.median(r["seconds"] for r in first) <= GOAL_SECONDS
    print(
        f"Goals: first visit <= 2 MB {'met' if bytes_ok else 'MISSED'}; "
        f"median to the headline tiles <= 1,0 s {'met' if tiles_ok else 'MISSED'}; "
        f"to the last chart <= 1,0 s {'met' if time_ok else 'MISSED'}"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "benchmark": "browser",
                    "machine": info,
                    "latency_ms": args.latency,
                    "first": first,
                    "repeat": repeat,
                    "plain_first": plain_first,
                    "plain_repeat": plain_repeat,
                    "kernen": kernen,
                },
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
