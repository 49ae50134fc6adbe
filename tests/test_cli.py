"""The console script as a user runs it: build the demo, refresh, load an export, publish it, write briefings."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "exports"


@pytest.fixture(scope="module")
def home(pipeline_home, tmp_path_factory) -> Path:
    """A copy of the session's built home, so loading an export here leaves the other tests' data alone."""
    copy = tmp_path_factory.mktemp("cli") / "home"
    shutil.copytree(pipeline_home.home, copy)
    return copy


def kernmonitor(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"KERNMONITOR_HOME": str(home), "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin"}
    return subprocess.run(
        [str(Path(sys.executable).with_name("kernmonitor")), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )


def test_load_export_prints_one_json_object_and_publishes_it(home: Path) -> None:
    before = (home / "serving.duckdb").stat().st_ino
    result = kernmonitor(home, "load-export", str(CORPUS / "08_negatief_bedrag.csv"), "--json")
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout)
    assert set(summary) == {"file", "kind", "rows", "accepted", "rejected", "rejects", "rows_in", "skipped"}
    assert summary["rows"] == summary["accepted"] + summary["rejected"] and summary["rejected"] >= 1
    assert summary["rows_in"] == summary["rows"] + len(summary["skipped"])  # no row lost
    assert all({"row", "column", "value", "reason"} == set(r) for r in summary["rejects"])
    assert (home / "serving.duckdb").stat().st_ino != before  # a new publication was swapped in
    assert result.stderr.splitlines()[-1].startswith(f"Logboek: {home / 'logs'}")  # the step lines went to stderr
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        files = con.execute("select file_name from raw.export_files").fetchall()
    assert ("08_negatief_bedrag.csv",) in files


def test_an_unreadable_file_exits_2_and_publishes_nothing(home: Path) -> None:
    before = (home / "serving.duckdb").read_bytes()
    result = kernmonitor(home, "load-export", str(CORPUS / "16_geen_spreadsheet.xlsx"))
    assert result.returncode == 2
    assert "16_geen_spreadsheet.xlsx" in result.stdout and "verwacht" in result.stdout
    assert (home / "serving.duckdb").read_bytes() == before


def test_export_writes_the_kern_pdf_and_refuses_an_unknown_kern(home: Path, tmp_path: Path) -> None:
    """One kern through the console script; a whole gemeente's batch (a PDF per kern plus the combined one) is
    test_briefing's test_batch_writes_every_kern_and_one_combined_pdf_per_gemeente, on the same function."""
    result = kernmonitor(home, "export", "--format", "pdf", "--kern", "Maurik", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr[-2000:]
    assert [p.name for p in tmp_path.rglob("*.pdf")] == ["kernbriefing_Maurik.pdf"]
    assert str(tmp_path) in result.stdout  # it says where the file went
    unknown = kernmonitor(home, "export", "--format", "pdf", "--kern", "Atlantis", "--out", str(tmp_path))
    assert unknown.returncode == 2 and "Atlantis" in unknown.stderr


def log_file_named_last(result: subprocess.CompletedProcess, home: Path, stream: str = "stdout") -> Path:
    """The log file that the command's last line names; it lies in KERNMONITOR_HOME/logs/."""
    last = getattr(result, stream).splitlines()[-1]
    assert last.startswith("Logboek: "), last
    path = Path(last.removeprefix("Logboek: "))
    assert path.parent == home / "logs" and path.is_file(), path
    return path


def test_demo_shows_one_line_per_step_and_keeps_the_logs_in_a_file(tmp_path: Path) -> None:
    home = tmp_path / "home"  # fresh: no working file, no Dagster instance, no logs yet
    result = kernmonitor(home, "demo", "--no-serve")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    lines = (result.stdout + result.stderr).splitlines()
    assert len(lines) < 40, "\n".join(lines)
    assert "dagster - DEBUG" not in result.stdout + result.stderr and "START sql" not in result.stdout
    for step in ("CBS-cijfers geladen", "kernindeling geladen", "dbt: ", "modellen gebouwd", "gepubliceerd"):
        assert step in result.stdout, step
    log = log_file_named_last(result, home).read_text(encoding="utf-8")
    assert "dagster - DEBUG - verversen" in log and "STEP_SUCCESS" in log  # Dagster's lines
    assert "Running with dbt=" in log  # and dbt's


def test_verbose_shows_dagster_and_dbt_live(home: Path) -> None:
    logs_before = set((home / "logs").glob("*")) if (home / "logs").exists() else set()
    result = kernmonitor(home, "--verbose", "refresh")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "dagster - DEBUG - verversen" in result.stderr and "STEP_SUCCESS" in result.stderr
    assert "Running with dbt=" in result.stdout
    assert len((result.stdout + result.stderr).splitlines()) > 100
    assert (set((home / "logs").glob("*")) if (home / "logs").exists() else set()) == logs_before


def test_a_failing_refresh_says_why_in_dutch_and_names_the_log(pipeline_home, tmp_path: Path) -> None:
    """Another process holds the working file: every step that needs it fails at once, nothing is published."""
    home = tmp_path / "home"
    shutil.copytree(pipeline_home.home, home)
    before = (home / "serving.duckdb").read_bytes()
    with duckdb.connect(str(home / "warehouse.duckdb")):  # a read-write connection: DuckDB's lock
        result = kernmonitor(home, "refresh")
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-2000:]
    assert len((result.stdout + result.stderr).splitlines()) < 40, result.stdout + result.stderr
    assert "Verversen mislukt; de vorige publicatie blijft staan" in result.stderr
    assert "het werkbestand is in gebruik door een ander proces" in result.stderr
    assert "mislukt" in result.stdout  # the step line
    log = log_file_named_last(result, home, "stderr").read_text(encoding="utf-8")
    assert "STEP_FAILURE" in log
    assert (home / "serving.duckdb").read_bytes() == before


def test_verbose_is_accepted_before_and_after_the_command(monkeypatch) -> None:
    import kernmonitor.cli as cli

    seen = []
    monkeypatch.setattr(cli, "cmd_refresh", lambda args: seen.append(args.verbose) or 0)
    assert cli.main(["refresh"]) == 0 and cli.main(["--verbose", "refresh"]) == 0
    assert cli.main(["refresh", "-v"]) == 0 and cli.main(["-v", "refresh", "--verbose"]) == 0
    assert seen == [False, True, True, True]


def test_log_files_get_a_fresh_name_and_old_ones_are_pruned(tmp_path: Path, monkeypatch) -> None:
    from datetime import datetime

    from kernmonitor import progress

    monkeypatch.setattr(progress, "KEEP_LOGS", 3)
    moment = datetime(2026, 3, 1, 12, 0, 0)
    first, second = (progress.new_log_path(tmp_path, "verversen", moment) for _ in range(2))
    assert first.name == "verversen-20260301-120000.log" and second.name == "verversen-20260301-120000-2.log"
    for minute in range(1, 5):
        progress.new_log_path(tmp_path, "verversen", moment.replace(minute=minute))
    progress.new_log_path(tmp_path, "demo", moment)
    kept = sorted(p.name for p in (tmp_path / "logs").glob("verversen-*.log"))
    assert kept == [f"verversen-20260301-12{minute:02d}00.log" for minute in (2, 3, 4)]
    assert (tmp_path / "logs" / "demo-20260301-120000.log").exists()


@pytest.mark.parametrize(
    ("sqlite_says", "published", "expected"),
    [
        ("database or disk is full", False, "de vorige publicatie blijft staan"),
        ("database or disk is full", True, "gepubliceerd"),
        ("attempt to write a readonly database", False, "niet beschrijfbaar"),
        ("database is locked", False, None),
    ],
)
def test_a_run_history_that_cannot_be_written_is_said_in_dutch(tmp_path: Path, sqlite_says, published, expected):
    """Dagster records a run's start and end outside its steps (in SQLite): a full or unwritable disk there is a
    Dutch message that says whether the new publication was made, like a full disk inside a step; anything else is
    left to surface as it is. (The full disk itself: test_reliability_disk_and_writers.)"""
    import dataclasses
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from kernmonitor.cli import RefreshFailed, _run_history_failure
    from kernmonitor.config import load_config

    cfg = dataclasses.replace(load_config(), home=tmp_path)
    error = OperationalError("INSERT INTO event_logs ...", {}, sqlite3.OperationalError(sqlite_says))
    failure = _run_history_failure(error, cfg, tmp_path / "dagster", published, None)
    if expected is None:
        assert failure is None
        return
    assert isinstance(failure, RefreshFailed) and expected in str(failure)
    assert ("de schijf is vol" in str(failure)) == ("full" in sqlite_says)
    assert ("vorige publicatie blijft staan" in str(failure)) != published
    assert "Traceback" not in str(failure) and str(tmp_path / "dagster") in str(failure)
