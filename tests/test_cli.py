"""The console script as a user runs it: load an export, publish it, write briefings."""

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
    assert set(summary) == {"file", "kind", "rows", "accepted", "rejected", "rejects"}
    assert summary["rows"] == summary["accepted"] + summary["rejected"] and summary["rejected"] >= 1
    assert all({"row", "column", "value", "reason"} == set(r) for r in summary["rejects"])
    assert (home / "serving.duckdb").stat().st_ino != before  # a new publication was swapped in
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        files = con.execute("select file_name from raw.export_files").fetchall()
    assert ("08_negatief_bedrag.csv",) in files


def test_an_unreadable_file_exits_2_and_publishes_nothing(home: Path) -> None:
    before = (home / "serving.duckdb").read_bytes()
    result = kernmonitor(home, "load-export", str(CORPUS / "16_geen_spreadsheet.xlsx"))
    assert result.returncode == 2
    assert "16_geen_spreadsheet.xlsx" in result.stdout and "verwacht" in result.stdout
    assert (home / "serving.duckdb").read_bytes() == before


def test_export_writes_a_pdf_per_kern_and_refuses_an_unknown_kern(home: Path, tmp_path: Path) -> None:
    result = kernmonitor(home, "export", "--format", "pdf", "--gemeente", "GM0214", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(list(tmp_path.rglob("*.pdf"))) == 15 + 1  # one per kern of Buren, plus the combined one
    unknown = kernmonitor(home, "export", "--format", "pdf", "--kern", "Atlantis", "--out", str(tmp_path))
    assert unknown.returncode == 2 and "Atlantis" in unknown.stderr
