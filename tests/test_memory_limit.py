"""DuckDB's memory ceiling (`[warehouse] memory_limit` in kernmonitor.toml) reaches both connections a refresh
writes through: the loads' (orchestration.resources) and dbt's (profiles.yml, given as a dbt var). Without it
DuckDB takes up to 80% of the machine's memory, 7,5 GB for all of the Netherlands (benchmarks/README.md)."""

from __future__ import annotations

import subprocess

import duckdb
import pytest

from kernmonitor.cli import DBT_DIR
from kernmonitor.config import (
    DBT_EXECUTABLE,
    DEFAULT_CONFIG,
    DEFAULT_MEMORY_LIMIT,
    load_config,
    write_variant,
)
from orchestration.resources import KernmonitorResource


def duckdb_says(limit: str) -> str:
    """How DuckDB reports a ceiling once set (it rounds to binary units: "777MB" is "741.0 MiB")."""
    with duckdb.connect() as con:
        con.execute(f"set memory_limit = '{limit}'")
        return con.execute("select current_setting('memory_limit')").fetchone()[0]


def test_the_ceiling_is_read_from_the_config_and_a_wrong_one_is_refused(tmp_path) -> None:
    assert load_config().memory_limit == DEFAULT_MEMORY_LIMIT == "1500MB"  # the shipped file
    bare = tmp_path / "kaal.toml"
    bare.write_text('[gemeenten]\ncodes = ["GM0214"]\n', encoding="utf-8")
    assert load_config(bare).memory_limit == DEFAULT_MEMORY_LIMIT
    groot = write_variant(DEFAULT_CONFIG, tmp_path / "groot.toml", memory_limit="4GB")
    assert load_config(groot).memory_limit == "4GB"
    assert (
        load_config(write_variant(DEFAULT_CONFIG, tmp_path / "gib.toml", memory_limit="2.5GiB")).memory_limit
        == "2.5GiB"
    )
    for fout in ("veel", "80%", "50MB", "0GB"):
        variant = write_variant(DEFAULT_CONFIG, tmp_path / "fout.toml", memory_limit=fout)
        with pytest.raises(ValueError, match=rf"fout\.toml: warehouse\.memory_limit = '{fout}', verwacht .* 100MB"):
            load_config(variant)


def test_the_loads_and_dbt_run_under_the_configured_ceiling(tmp_path) -> None:
    config = write_variant(DEFAULT_CONFIG, tmp_path / "kernmonitor.toml", memory_limit="777MB")
    expected = duckdb_says("777MB")
    assert expected != duckdb_says(DEFAULT_MEMORY_LIMIT)

    resource = KernmonitorResource(config_file=str(config), home=str(tmp_path / "home"))
    with resource.warehouse() as con:
        assert con.execute("select current_setting('memory_limit')").fetchone()[0] == expected

    cfg = resource.config()
    result = subprocess.run(
        [
            str(DBT_EXECUTABLE),
            "--quiet",
            "show",
            "--inline",
            "select current_setting('memory_limit') as plafond",
            *cfg.dbt_args(),
            "--project-dir",
            str(DBT_DIR),
            "--profiles-dir",
            str(DBT_DIR),
            "--target-path",
            str(tmp_path / "dbt-target"),
            "--log-path",
            str(tmp_path / "dbt-logs"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert expected in result.stdout, result.stdout
