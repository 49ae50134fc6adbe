"""Crash at any moment: `kernmonitor load-export`, `kernmonitor refresh` and the publish step are killed (SIGKILL,
the whole process group, as a power cut or the OOM killer would) at seeded random moments spread over their
measured duration. After every kill the serving file holds exactly one complete publication (the previous or the
new one, never a mix), the working file opens, and the next uninterrupted run succeeds and publishes what an
uninterrupted run publishes. The refresh's kills are in test_crash_refresh.py, so that pytest-xdist runs the two
chains side by side.

The kills chain on one home: each run starts on what the previous kill left behind. Cost: a killed run costs on
average half a run, so the number of kills per command is kept small in CI (KERNMONITOR_CRASH_KILLS, default 5);
the publish step itself, only a fraction of a second of a refresh, gets its own 20 kills on a subprocess that only
publishes. The issue's figure, 20 kills of each command:

    KERNMONITOR_CRASH_KILLS=20 .venv/bin/python -m pytest -n 2 tests/test_crash.py tests/test_crash_refresh.py -q

KERNMONITOR_CRASH_SEED picks other moments. What happened at each kill goes to test-artifacts/crash/.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from kernmonitor.config import REPO_ROOT, Config
from tests.test_load_dashboard import mart_checksums

pytestmark = pytest.mark.slow

KILLS = int(os.environ.get("KERNMONITOR_CRASH_KILLS", "5"))
PUBLISH_KILLS = int(os.environ.get("KERNMONITOR_CRASH_PUBLISH_KILLS", "20"))
SEED = int(os.environ.get("KERNMONITOR_CRASH_SEED", "19"))
KERNMONITOR = str(Path(sys.executable).with_name("kernmonitor"))
EXPORT = REPO_ROOT / "data" / "exports" / "VOORBEELD_Buren_kernagenda_2024-11-28.csv"
RUN_TIMEOUT = 600
PUBLISH_SCRIPT = """
import sys
from pathlib import Path
from kernmonitor.publish import publish
publish(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def new_export(folder: Path) -> Path:
    """A kernagenda export the demo has not loaded yet: the Buren example at a later peildatum, one point done."""
    text = EXPORT.read_text(encoding="utf-8-sig").replace("28-11-2024", "15-01-2025")
    text = text.replace(
        "Veilige fietsroute naar de school,Verkeer,sociale kracht,gemeente,idee",
        "Veilige fietsroute naar de school,Verkeer,sociale kracht,gemeente,Afgerond",
    )
    path = folder / "Buren_kernagenda_2025-01-15.csv"
    path.write_text(text, encoding="utf-8")
    return path


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME", "KERNMONITOR_CONFIG")}
    return env | {"KERNMONITOR_HOME": str(home), "KERNMONITOR_LOCK_WAIT": "30"}


def start(home: Path, *args: str) -> subprocess.Popen:
    # A session of its own: the kill takes dbt's subprocess with it, as a power cut would.
    return subprocess.Popen(
        args, env=environment(home), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )


def run(home: Path, *args: str) -> float:
    """Run to the end; return its duration. Fails the test when it does not succeed."""
    started = time.monotonic()
    process = start(home, *args)
    out, _ = process.communicate(timeout=RUN_TIMEOUT)
    assert process.returncode == 0, f"{' '.join(args)} failed after the kills:\n{out[-3000:]}"
    return time.monotonic() - started


def run_killed(home: Path, after: float, *args: str) -> str:
    """Start the command and SIGKILL its process group `after` seconds in; say what happened."""
    process = start(home, *args)
    try:
        process.wait(timeout=after)
        out = process.stdout.read()
        assert process.returncode == 0, f"{' '.join(args)} failed before it was killed:\n{out[-3000:]}"
        return "klaar vóór de kill"
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, _ = process.communicate(timeout=30)
        last = [line for line in out.splitlines() if line.strip()][-1:] or ["(nog niets)"]
        return f"gedood; laatste regel: {last[0].strip()}"


def moments(rng: random.Random, count: int, duration: float) -> list[float]:
    """`count` moments over [0, duration], one drawn uniformly in each of `count` equal parts, in random order."""
    drawn = [(i + rng.random()) * duration / count for i in range(count)]
    rng.shuffle(drawn)
    return drawn


def publication(serving: Path) -> tuple[str, dict]:
    """The serving file's version and mart checksums; fails when it is not one complete publication."""
    with duckdb.connect(str(serving), read_only=True) as con:
        rows = con.execute("select versie, tabellen from marts.publicatie").fetchall()
        tables = con.execute(
            "select count(*) from information_schema.tables where table_schema = 'marts' and table_name <> 'publicatie'"
        ).fetchone()[0]
    assert len(rows) == 1, f"{serving}: {len(rows)} rows in marts.publicatie"
    assert rows[0][1] == tables, f"{serving}: publicatie says {rows[0][1]} tables, the file holds {tables}"
    return rows[0][0], mart_checksums(serving)


def warehouse_opens(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from information_schema.tables").fetchone()[0] > 0


def leftovers(home: Path) -> list[str]:
    """Files a crashed publish or load leaves behind that no later run cleans up."""
    return sorted(p.name for p in home.iterdir() if ".tmp" in p.name)


def kill_chain(home: Path, command: list[str], count: int, duration: float, rng, allowed, log) -> int:
    """Kill `command` `count` times on `home`; after each, the serving file is one of `allowed` publications."""
    killed = 0
    for i, after in enumerate(moments(rng, count, duration), 1):
        what = run_killed(home, after, *command)
        killed += what.startswith("gedood")
        version, checksums = publication(home / "serving.duckdb")
        assert checksums in allowed, f"kill {i} at {after:.1f} s left a publication that is neither old nor new"
        warehouse_opens(home / "warehouse.duckdb")
        log.append(f"{command[1]} kill {i:2d} na {after:5.1f} s: {what}; publicatie {version}; {leftovers(home)}")
    return killed


def daemon_slot_free(home: Path) -> None:
    """No killed run keeps the Dagster daemon's only run slot (max_concurrent_runs: 1): inbox runs would never
    start."""
    with dg.DagsterInstance.from_config(str(home / "dagster")) as instance:
        started = instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED]))
    assert not started, f"runs of killed processes still count as running: {[r.run_id for r in started]}"


def last_refresh_seconds(home: Path) -> float:
    """The duration of the home's last successful refresh (its Dagster run record)."""
    with dg.DagsterInstance.from_config(str(home / "dagster")) as instance:
        records = instance.get_run_records(
            filters=dg.RunsFilter(job_name="verversen", statuses=[dg.DagsterRunStatus.SUCCESS]), limit=1
        )
    assert records, f"{home}: no refresh has succeeded here yet"
    return records[0].end_time - records[0].start_time


def write_log(artifacts_dir: Path, name: str, log: list[str]) -> None:
    (artifacts_dir / "crash").mkdir(exist_ok=True)
    (artifacts_dir / "crash" / name).write_text("\n".join(log) + "\n", encoding="utf-8")


def test_killed_load_export_leaves_one_publication_and_loads_the_file_once(
    pipeline_home: Config, tmp_path: Path, artifacts_dir: Path
) -> None:
    rng = random.Random(SEED)
    export = new_export(tmp_path)
    base = mart_checksums(pipeline_home.serving_path)
    # The uninterrupted run: what every chain must end with, and how long the command takes.
    reference_home = tmp_path / "referentie"
    shutil.copytree(pipeline_home.home, reference_home)
    load_seconds = run(reference_home, KERNMONITOR, "load-export", str(export))
    with_export = mart_checksums(reference_home / "serving.duckdb")
    assert with_export != base, "the export changes what is published"

    home = tmp_path / "home"
    shutil.copytree(pipeline_home.home, home)
    log = [f"seed {SEED}; load-export duurt {load_seconds:.1f} s"]
    killed = kill_chain(
        home, [KERNMONITOR, "load-export", str(export)], KILLS, load_seconds, rng, [base, with_export], log
    )
    # The next uninterrupted runs: the export once more (a load that was cut off is not half there), then a refresh.
    run(home, KERNMONITOR, "load-export", "--no-publish", str(export))
    run(home, KERNMONITOR, "refresh")
    assert mart_checksums(home / "serving.duckdb") == with_export
    assert not leftovers(home)
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as loaded:
        times = loaded.execute("select count(*) from raw.export_files where file_name = ?", [export.name]).fetchone()
    assert times[0] == 1, "the export is loaded exactly once"
    daemon_slot_free(home)
    log.append(f"{killed} van {KILLS} runs echt gedood; daarna geladen, ververst en hetzelfde gepubliceerd")
    write_log(artifacts_dir, "load-export.txt", log)
    assert killed >= KILLS // 2 + 1, "most runs were killed before they finished"


def test_a_killed_publish_leaves_the_old_or_the_new_publication(
    pipeline_home: Config, tmp_path: Path, artifacts_dir: Path
) -> None:
    """Two working files published in turn into one serving file, each publish killed at a random moment."""
    rng = random.Random(SEED + 1)
    home = tmp_path / "home"
    shutil.copytree(pipeline_home.home, home)
    other = tmp_path / "ander-werkbestand"
    shutil.copytree(pipeline_home.home, other)
    with duckdb.connect(str(other / "warehouse.duckdb")) as con:
        con.execute("delete from marts.kern_kernagenda where kern = 'Aalst'")
    serving = home / "serving.duckdb"
    script = [sys.executable, "-c", PUBLISH_SCRIPT]
    sources = [home / "warehouse.duckdb", other / "warehouse.duckdb"]
    published = {}
    seconds = 0.0
    for source in sources:
        seconds = max(seconds, run(home, *script, str(source), str(serving)))
        published[source] = publication(serving)[1]
    assert published[sources[0]] != published[sources[1]]

    log = [f"seed {SEED + 1}; publiceren duurt {seconds:.1f} s (met het starten van Python)"]
    killed = 0
    for i, after in enumerate(moments(rng, PUBLISH_KILLS, seconds), 1):
        source = sources[i % 2]
        what = run_killed(home, after, *script, str(source), str(serving))
        killed += what.startswith("gedood")
        version, checksums = publication(serving)
        assert checksums in published.values(), f"kill {i} at {after:.2f} s left a mixed publication"
        log.append(f"publish kill {i:2d} na {after:4.2f} s: {what}; publicatie {version}; {leftovers(home)}")
        # The next uninterrupted publish succeeds and publishes exactly its working file.
        run(home, *script, str(source), str(serving))
        assert publication(serving)[1] == published[source]
        assert not leftovers(home), f"after kill {i}: {leftovers(home)}"
    write_log(artifacts_dir, "publish.txt", log)
    assert killed >= PUBLISH_KILLS // 2, "most publishes were killed before they finished"
