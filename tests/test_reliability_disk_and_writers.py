"""A full or read-only disk, and two writers on one KERNMONITOR_HOME.

Disk: the home is copied onto a real tmpfs (`mount -t tmpfs`, so root with CAP_SYS_ADMIN; skipped with the
reason otherwise) that is either too small for a refresh or remounted read-only. Writers: another process holds
the write lock (kernmonitor/writelock.py) while a refresh, a load-export or a Dagster run (what the inbox sensor
starts) begins; they wait at most KERNMONITOR_LOCK_WAIT seconds, then stop with a Dutch message.
"""

from __future__ import annotations

import dataclasses
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from kernmonitor.config import Config
from kernmonitor.writelock import holder
from tests.test_crash import KERNMONITOR, environment, new_export, publication

pytestmark = pytest.mark.slow

HOLD = """
import sys, time
from kernmonitor.writelock import write_lock
with write_lock(sys.argv[1], sys.argv[2]):
    print("vast", flush=True)
    time.sleep(float(sys.argv[3]))
"""


@contextmanager
def lock_held(home: Path, what: str, seconds: float = 120) -> Iterator[subprocess.Popen]:
    """Another process holds the write lock of `home` for `seconds` (or until the block ends)."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(home), what, str(seconds)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout.readline().strip() == "vast"
        yield process
    finally:
        process.kill()
        process.wait()


def kernmonitor(home: Path, *args: str, wait: str = "1") -> subprocess.CompletedProcess:
    env = environment(home) | {"KERNMONITOR_LOCK_WAIT": wait}
    return subprocess.run([KERNMONITOR, *args], env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture
def home(pipeline_home: Config, tmp_path: Path) -> Path:
    target = tmp_path / "home"
    shutil.copytree(pipeline_home.home, target)
    return target


# Two writers -------------------------------------------------------------------------------------------------


def test_a_refresh_refuses_while_another_writer_holds_the_home(home: Path) -> None:
    serving = home / "serving.duckdb"
    before = serving.read_bytes()
    with lock_held(home, "kernmonitor (exports_laden)"):
        done = kernmonitor(home, "refresh", wait="1")
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "in gebruik door kernmonitor (exports_laden) (pid" in out, out
    assert "de vorige publicatie blijft staan" in out and "KERNMONITOR_LOCK_WAIT" in out, out
    assert "Traceback" not in out, out
    assert serving.read_bytes() == before


def test_a_load_export_waits_for_the_other_writer_and_then_loads(home: Path, tmp_path: Path) -> None:
    export = new_export(tmp_path)
    with lock_held(home, "kernmonitor (verversen)", seconds=4) as other:
        started = subprocess.Popen(
            [KERNMONITOR, "load-export", "--no-publish", str(export)],
            env=environment(home) | {"KERNMONITOR_LOCK_WAIT": "120"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        out, err = started.communicate(timeout=300)
        assert other.poll() is not None, "the load waited for the other writer to finish"
    assert started.returncode == 0, out + err
    assert "Wacht tot kernmonitor (verversen)" in err, err
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        loaded = con.execute("select count(*) from raw.export_files where file_name = ?", [export.name]).fetchone()
    assert loaded[0] == 1
    assert holder(home) == "", "the lock is released (and its holder line cleared) when the load is done"


def test_a_dagster_run_from_the_inbox_sensor_waits_for_a_refresh_then_stops_clearly(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The daemon's run (not the CLI) takes the same lock: it does not open the working file under a refresh, and
    the file it was started for stays in the inbox for the next run."""
    import dagster as dg

    from orchestration.definitions import defs

    inbox = home / "inbox"
    inbox.mkdir(exist_ok=True)
    dropped = inbox / "Buren_kernagenda_2025-01-15.csv"
    new_export(inbox)
    monkeypatch.setenv("KERNMONITOR_LOCK_WAIT", "1")
    run_config = {"resources": {"kernmonitor": {"config": {"home": str(home), "config_file": ""}}}}
    with lock_held(home, "kernmonitor (verversen)"), dg.DagsterInstance.ephemeral() as instance:
        result = defs.resolve_job_def("exports_laden").execute_in_process(
            instance=instance, run_config=run_config, raise_on_error=False
        )
    assert not result.success
    events = "\n".join(f"{e.message} {e.event_specific_data}" for e in result.all_events)
    assert "in gebruik door kernmonitor (verversen)" in events, events[-3000:]
    assert dropped.exists(), "the export waits in the inbox for the next run"


# A full or read-only disk ----------------------------------------------------------------------------------


@contextmanager
def tmpfs(path: Path, megabytes: int) -> Iterator[Path]:
    path.mkdir(parents=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(path)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"tmpfs niet te koppelen (root met CAP_SYS_ADMIN nodig): {mounted.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def size_mb(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) // 2**20 + 1


def assert_refused_clearly(done: subprocess.CompletedProcess, words: str) -> str:
    out = done.stdout + done.stderr
    assert done.returncode != 0, out
    assert words in out, out
    assert "Traceback" not in out, out
    return out


def test_a_refresh_on_a_full_disk_keeps_the_publication_and_leaves_no_half_file(home: Path, tmp_path: Path) -> None:
    serving_before = (home / "serving.duckdb").read_bytes()
    # Room for the home as it is plus a little: the refresh's working file and new publication do not fit.
    with tmpfs(tmp_path / "klein", size_mb(home) + 3) as disk:
        shutil.copytree(home, disk / "home")
        done = kernmonitor(disk / "home", "refresh")
        out = assert_refused_clearly(done, "de schijf is vol")
        assert (disk / "home" / "serving.duckdb").read_bytes() == serving_before
        publication(disk / "home" / "serving.duckdb")
        assert not [p.name for p in (disk / "home").iterdir() if ".tmp" in p.name]
    print(out)


def test_a_refresh_on_a_read_only_disk_says_so(home: Path, tmp_path: Path) -> None:
    serving_before = (home / "serving.duckdb").read_bytes()
    with tmpfs(tmp_path / "schijf", size_mb(home) + 20) as disk:
        shutil.copytree(home, disk / "home")
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        for command in (["refresh"], ["load-export", str(new_export(tmp_path))]):
            done = kernmonitor(disk / "home", *command)
            assert_refused_clearly(done, "alleen-lezen")
        assert (disk / "home" / "serving.duckdb").read_bytes() == serving_before


def test_the_run_of_a_killed_refresh_does_not_hold_the_daemons_run_slot(tmp_path: Path) -> None:
    """A killed CLI run stays "started" in Dagster's history; with max_concurrent_runs: 1 the daemon would queue
    every inbox run behind it for ever. The next writer marks it failed, and leaves a live process's run alone."""
    import dagster as dg

    from kernmonitor.cli import _dagster_env
    from kernmonitor.config import load_config
    from kernmonitor.writelock import RUN_PROCESS_TAG, fail_abandoned_runs

    dead = subprocess.Popen(["true"])
    dead.wait()
    alive = subprocess.Popen(["sleep", "60"])
    host = socket.gethostname()
    cfg = load_config()
    dagster_home = _dagster_env(dataclasses.replace(cfg, home=tmp_path))
    try:
        with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
            runs = {
                pid: instance.add_run(
                    dg.DagsterRun(
                        job_name="verversen",
                        status=dg.DagsterRunStatus.STARTED,
                        tags={RUN_PROCESS_TAG: f"{host}:{pid}"},
                    )
                )
                for pid in (dead.pid, alive.pid)
            }
            assert fail_abandoned_runs(instance) == [runs[dead.pid].run_id]
            status = {pid: instance.get_run_by_id(run.run_id).status for pid, run in runs.items()}
    finally:
        alive.kill()
        alive.wait()
    assert status == {dead.pid: dg.DagsterRunStatus.FAILURE, alive.pid: dg.DagsterRunStatus.STARTED}
