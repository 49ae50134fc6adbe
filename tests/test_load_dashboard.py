"""The dashboard under load while a full refresh publishes, on loopback only; and the marts that refresh made.

50 logged-in clients ask for pages, the Dash layout and the Dash callbacks while `kernmonitor refresh` runs in
another process and swaps in a new serving file: from the moment the refresh's run starts until 5 s after the
refresh process has ended (a generous hard limit is only a safety net). Every request must succeed, and every
answer that names a data version must name exactly one, the old or the new. The figures (requests, failures,
p50/p95/max) go to test-artifacts/load_test.json.

The server is gunicorn as deployed (deploy/kernmonitor-dashboard.service, docs/beheer.md): 2 workers x 4 threads
for 2 cores, `kernmonitor.wsgi`, with accounts on (KERNMONITOR_HOME/gebruikers.json), so the security headers and
the password check are under load too.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
import requests

from dashboards.data import ServingData
from kernmonitor.accounts import accounts_path, add_account
from kernmonitor.config import REPO_ROOT, Config

pytestmark = pytest.mark.slow

CLIENTS = 50
WORKERS, THREADS = 2, 4  # as in deploy/kernmonitor-dashboard.service
HARD_STOP = 300.0  # a safety net, not a speed requirement: the load ends even when the refresh hangs
RUN_START_WAIT = 60.0
AFTER = 5.0  # seconds of load after the refresh finished
USER, PASSWORD = "raad", "een-lang-wachtwoord"
VERSION = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]{8}")
# Columns that say when something was loaded or published, not what the data is.
VOLATILE_COLUMNS = {"geladen_op", "loaded_at", "gepubliceerd_op", "versie"}
# Doubles are compared to 8 decimals: DuckDB may sum in a different order from one build to the next, which moves
# the last bit of a double (1.073059357497822 against 1.0730593574978218), not the figure anybody reads.
DOUBLE_DECIMALS = 8

REFRESH = """
from kernmonitor.cli import refresh
from kernmonitor.config import load_config
print(refresh(load_config()))
"""


@dataclass
class Answer:
    kind: str
    status: int
    seconds: float
    versions: set[str] = field(default_factory=set)
    error: str = ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def callback_body(dependency: dict, inputs: list[tuple[str, str, object]]) -> dict:
    """The POST a browser sends for this callback: every input the callback declares, in its order, with the given
    values (an input not given, such as the Overzicht's narrowing store, is sent empty as the browser would)."""
    given = {(i, p): v for i, p, v in inputs}
    outputs = [
        {"id": part.split(".")[0], "property": part.split(".")[1]}
        for part in dependency["output"].strip(".").split("...")
    ]
    return {
        "output": dependency["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": [
            {"id": i["id"], "property": i["property"], "value": given.get((i["id"], i["property"]))}
            for i in dependency["inputs"]
        ],
        "changedPropIds": [f"{inputs[0][0]}.{inputs[0][1]}"],
        # A browser sends every declared state too (the Overzicht's chosen years), empty unless given.
        "state": [
            {"id": s["id"], "property": s["property"], "value": given.get((s["id"], s["property"]))}
            for s in dependency.get("state", [])
        ],
    }


def requests_to_make(base: str, kernen: list[str], dependencies: list[dict]) -> list[tuple[str, str, str, dict | None]]:
    """(kind, method, url, json body): the pages, the layout with its version, and the pages' callbacks."""
    # The layout carries the data version in its footer: asked for more often, so both versions are seen.
    layout = ("layout", "GET", f"{base}/_dash-layout", None)
    made = [("pagina /", "GET", f"{base}/", None), layout, layout, layout]
    made += [("pagina /kern", "GET", f"{base}/kern/{kern}", None) for kern in kernen[:5]]
    router = next(d for d in dependencies if d["output"].startswith(".._pages_content"))
    for path in ["/", *(f"/kern/{kern}" for kern in kernen[:5])]:
        inputs = [("_pages_location", "pathname", path), ("_pages_location", "search", "")]
        made.append(("callback pagina", "POST", f"{base}/_dash-update-component", callback_body(router, inputs)))
    overview = [
        d for d in dependencies if "overzicht-gemeente.value" in {f"{i['id']}.{i['property']}" for i in d["inputs"]}
    ]
    for dependency in overview:
        inputs = [("overzicht-gemeente", "value", "GM1960"), ("overzicht-indicator", "value", "inwoners")]
        made.append(("callback overzicht", "POST", f"{base}/_dash-update-component", callback_body(dependency, inputs)))
    return made


def client(todo: list, stop: threading.Event, answers: list[Answer], seed: int) -> None:
    rng = random.Random(seed)
    session = requests.Session()
    session.auth = (USER, PASSWORD)
    # One connection per request, as nginx in deploy/ talks to gunicorn (HTTP/1.0 upstream, no keep-alive). A client
    # that keeps connections open races gunicorn's 2 s keep-alive timer: a request sent just as gunicorn closes the
    # idle connection is reset. Browsers resend such a request by themselves; requests does not.
    session.headers["Connection"] = "close"
    while not stop.is_set():
        kind, method, url, body = rng.choice(todo)
        started = time.perf_counter()
        try:
            response = session.request(method, url, json=body, timeout=30)
            text = response.text
            answer = Answer(kind, response.status_code, time.perf_counter() - started, set(VERSION.findall(text)))
            if response.status_code != 200:
                answer.error = text[:200]
            elif kind == "layout" and "Gegevensversie onbekend" in text:
                answer.error = "voettekst zonder gegevensversie"
        except requests.RequestException as exc:
            answer = Answer(kind, 0, time.perf_counter() - started, error=repr(exc))
        answers.append(answer)
        # A person reads before clicking again (2 to 6 s here); without a pause 50 clients are a stress test that
        # starves the refresh this test is about on a 2-core machine (benchmarks/bench_load.py is that test).
        stop.wait(rng.uniform(2.0, 6.0))


def wait_until_serving(base: str, server: subprocess.Popen, log: Path) -> None:
    """Until gunicorn answers (its workers import Dash and the app: a few seconds, longer on a busy machine)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn stopped:\n" + log.read_text(errors="replace")[-3000:]
        try:
            # The first answer of a worker also sets Dash up (every page's layout once): slow on a busy machine.
            requests.get(f"{base}/_dash-layout", timeout=60)
            return
        except requests.ConnectionError:
            time.sleep(0.3)
    raise AssertionError("gunicorn answered nothing within 120 s:\n" + log.read_text(errors="replace")[-3000:])


def mart_checksums(serving: Path) -> dict[str, tuple[int, str]]:
    """Per mart table: rows and an order-independent checksum of the rows, load times and versions left out."""
    sums = {}
    with duckdb.connect(str(serving), read_only=True) as con:
        tables = [
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
                " and table_name <> 'publicatie' order by table_name"
            ).fetchall()
        ]
        for table in tables:
            columns = [
                f'round("{name}", {DOUBLE_DECIMALS})' if kind in ("DOUBLE", "FLOAT") else f'"{name}"'
                for name, kind in con.execute(
                    "select column_name, data_type from information_schema.columns where table_schema = 'marts'"
                    " and table_name = ? order by ordinal_position",
                    [table],
                ).fetchall()
                if name not in VOLATILE_COLUMNS
            ]
            listed = ", ".join(columns)
            rows, digest = con.execute(
                f"select count(*), md5(coalesce(string_agg(h, ',' order by h), ''))"
                f' from (select md5(cast(row({listed}) as varchar)) as h from marts."{table}")'
            ).fetchone()
            sums[table] = (rows, digest)
    return sums


@pytest.fixture(scope="module")
def load_run(pipeline_home: Config, tmp_path_factory: pytest.TempPathFactory, artifacts_dir: Path) -> dict:
    """Serve a copy of the built home, load it with clients, refresh and publish meanwhile; return the figures."""
    home = tmp_path_factory.mktemp("load-home")
    shutil.rmtree(home)
    shutil.copytree(pipeline_home.home, home)
    serving = home / pipeline_home.serving_path.name
    old_version = ServingData(serving).publication()["version"]
    kernen = ServingData(serving).kernen()["kern"].tolist()

    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"} | {"KERNMONITOR_HOME": str(home)}
    env.pop("KERNMONITOR_USER", None)
    env.pop("KERNMONITOR_PASSWORD", None)
    add_account(accounts_path(home), USER, PASSWORD, "lezer")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server_log = (home / "gunicorn.log").open("w")
    gunicorn = [str(Path(sys.executable).with_name("gunicorn")), "--workers", str(WORKERS), "--threads", str(THREADS)]
    server = subprocess.Popen(
        [*gunicorn, "--bind", f"127.0.0.1:{port}", f"kernmonitor.wsgi:create_application({str(serving)!r})"],
        cwd=REPO_ROOT,
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    refresher = None
    try:
        wait_until_serving(base, server, home / "gunicorn.log")
        dependencies = requests.get(f"{base}/_dash-dependencies", auth=(USER, PASSWORD), timeout=30).json()
        todo = requests_to_make(base, kernen, dependencies)
        for _ in range(WORKERS):  # warm up every worker: the first answer of each kind builds caches
            for _, method, url, body in todo:
                requests.request(method, url, json=body, auth=(USER, PASSWORD), timeout=30)

        # The refresh first imports Dagster and loads the definitions (5 s idle, 25 s on a busy machine); it
        # touches no file until its run starts, so the load starts then and runs until the publish is done.
        # Dagster logs a lot: to a file, since an unread pipe fills up and stalls the refresh.
        refresh_log = (home / "refresh.log").open("w")
        refresher = subprocess.Popen(
            [sys.executable, "-c", REFRESH], cwd=REPO_ROOT, env=env, stdout=refresh_log, stderr=subprocess.STDOUT
        )
        refresh_started = time.monotonic()
        while refresher.poll() is None and time.monotonic() - refresh_started < RUN_START_WAIT:
            if "RUN_START" in (home / "refresh.log").read_text(errors="replace"):
                break
            time.sleep(0.2)

        answers: list[Answer] = []
        stop = threading.Event()
        threads = [threading.Thread(target=client, args=(todo, stop, answers, n), daemon=True) for n in range(CLIENTS)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        refresh_seconds = None
        try:
            refresher.wait(timeout=HARD_STOP)
            refresh_seconds = time.monotonic() - refresh_started
            # Go on a little after the publish, so the new version is read under load too.
            stop.wait(AFTER)
        except subprocess.TimeoutExpired:
            pass  # reported by refresh_published()
        stop.set()
        for thread in threads:
            thread.join(timeout=35)
        elapsed = time.monotonic() - started
    finally:
        if refresher is not None and refresher.poll() is None:
            refresher.kill()
        server.terminate()
        server.wait(timeout=30)
        server_log.close()

    new_version = ServingData(serving).publication()["version"]
    latencies = sorted(a.seconds for a in answers)
    figures = {
        "server": f"gunicorn {WORKERS} workers x {THREADS} threads",
        "clients": CLIENTS,
        "seconds": round(elapsed, 1),
        "requests": len(answers),
        "failed": sum(1 for a in answers if a.status != 200 or a.error),
        "p50_ms": round(1000 * latencies[len(latencies) // 2], 1),
        "p95_ms": round(1000 * latencies[int(len(latencies) * 0.95)], 1),
        "max_ms": round(1000 * latencies[-1], 1),
        "refresh_seconds": None if refresh_seconds is None else round(refresh_seconds, 1),
        "refresh_exit": refresher.returncode,
        "old_version": old_version,
        "new_version": new_version,
        "answers_with_a_version": sum(1 for a in answers if a.versions),
        "answers_per_version": {
            v: sum(1 for a in answers if a.versions == {v}) for v in sorted({old_version, new_version})
        },
        "answers_with_several_versions": sum(1 for a in answers if len(a.versions) > 1),
        "answers_with_an_unknown_version": sum(1 for a in answers if a.versions - {old_version, new_version}),
        "per_kind": {kind: sum(1 for a in answers if a.kind == kind) for kind in sorted({a.kind for a in answers})},
        "first_failures": [f"{a.kind}: {a.status} {a.error}" for a in answers if a.status != 200 or a.error][:5],
    }
    (artifacts_dir / "load_test.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print("\nload test:", json.dumps(figures, indent=2))
    refresh_log.close()
    return figures | {
        "serving": serving,
        "refresh_log": (home / "refresh.log").read_text(errors="replace"),
        "server_log": (home / "gunicorn.log").read_text(errors="replace"),
    }


def refresh_published(load_run: dict) -> None:
    assert load_run["refresh_exit"] is not None, f"the refresh did not finish within {HARD_STOP} s"
    assert load_run["refresh_exit"] == 0, load_run["refresh_log"][-3000:]
    assert load_run["new_version"] != load_run["old_version"], "the refresh published during the load"


def test_no_request_fails_while_a_refresh_publishes(load_run: dict) -> None:
    refresh_published(load_run)
    assert load_run["requests"] > 200
    assert load_run["failed"] == 0, (load_run["first_failures"], load_run["server_log"][-3000:])


def test_every_answer_comes_from_exactly_one_data_version(load_run: dict) -> None:
    refresh_published(load_run)
    assert load_run["answers_with_several_versions"] == 0
    assert load_run["answers_with_an_unknown_version"] == 0
    assert all(load_run["answers_per_version"].values()), "both the old and the new version were served"


def test_a_refresh_on_identical_inputs_gives_identical_marts(load_run: dict, pipeline_home: Config) -> None:
    """The refresh under load ran on a copy of the session's home: same inputs, so the same marts."""
    refresh_published(load_run)
    before = mart_checksums(pipeline_home.serving_path)
    after = mart_checksums(load_run["serving"])
    assert before.keys() == after.keys()
    differing = [table for table in before if before[table] != after[table]]
    assert differing == []
