"""Refreshes that fail: the previous publication stays in place byte for byte, the dashboard keeps answering, and
the error says why. Each test works on its own copy of the session's built KERNMONITOR_HOME."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from dashboards.data import ServingData
from kernmonitor.cli import RefreshFailed, refresh
from kernmonitor.config import REPO_ROOT, Config, load_config, write_variant

pytestmark = pytest.mark.slow


@pytest.fixture
def published_home(pipeline_home: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    """A copy of the built home (working file, serving file, Dagster instance) that a test may break."""
    home = tmp_path / "home"
    shutil.copytree(pipeline_home.home, home)
    monkeypatch.setenv("KERNMONITOR_HOME", str(home))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    return load_config()


def config_with(tmp_path: Path, **values: str) -> Path:
    """kernmonitor.toml with some source settings replaced (relative paths keep resolving against the original)."""
    return write_variant(REPO_ROOT / "kernmonitor.toml", tmp_path / "kernmonitor.toml", **values)


def assert_dashboard_still_answers(serving: Path, version: str) -> None:
    data = ServingData(serving)
    assert data.publication()["version"] == version
    assert len(data.kernen()) == 41


def test_a_refresh_failing_in_ingestion_keeps_the_publication(
    published_home, httpserver, monkeypatch, artifacts_dir
) -> None:
    """CBS answers 500 to everything: the KWB load fails after its retries, nothing is published."""
    httpserver.expect_request(re.compile(".*")).respond_with_data("Service Unavailable", status=500)
    monkeypatch.setenv("KERNMONITOR_SOURCE_MODE", "live")
    for variable in ("CBS_V3_URL", "CBS_V4_URL", "CBS_CATALOG_URL", "LEEFBAAROMETER_URL"):
        monkeypatch.setenv(f"KERNMONITOR_{variable}", httpserver.url_for("/storing"))
    # The client still retries every request; only the waiting between attempts is skipped.
    monkeypatch.setattr("ingest.cbs_odata.time", SimpleNamespace(sleep=lambda _seconds: None))
    serving = published_home.serving_path
    before, version = serving.read_bytes(), ServingData(serving).publication()["version"]

    with pytest.raises(RefreshFailed) as failed:
        refresh(load_config())

    assert serving.read_bytes() == before
    assert_dashboard_still_answers(serving, version)
    message = str(failed.value)
    (artifacts_dir / "refresh_failure_ingestion.txt").write_text(message, encoding="utf-8")
    assert "de vorige publicatie blijft staan" in message
    assert "stap kwb_values" in message and "HTTP 500" in message, message
    assert len(httpserver.log) > 1, "the failing server was really asked"


def test_a_refresh_failing_a_blocking_check_keeps_the_publication(published_home, tmp_path, artifacts_dir) -> None:
    """A kern mapping that lost a buurt: the mapping check fails and stops the publish."""
    mapping = pd.read_csv(published_home.kern_mapping, dtype=str, keep_default_na=False)
    lost = mapping.iloc[0]["buurtcode"]
    doctored = tmp_path / "kern_buurt_zonder_een_buurt.csv"
    mapping.iloc[1:].to_csv(doctored, index=False)
    config_file = config_with(tmp_path, kern_mapping=str(doctored))
    serving = published_home.serving_path
    before, version = serving.read_bytes(), ServingData(serving).publication()["version"]

    with pytest.raises(RefreshFailed) as failed:
        refresh(load_config(config_file), config_file=str(config_file))

    assert serving.read_bytes() == before
    assert_dashboard_still_answers(serving, version)
    message = str(failed.value)
    (artifacts_dir / "refresh_failure_check.txt").write_text(message, encoding="utf-8")
    assert "de vorige publicatie blijft staan" in message
    assert "buurt" in message and ("buurt_zonder_kern" in message or "elke_buurt_in_een_kern" in message)
    # The old publication still maps the buurt the doctored mapping lost: nothing of the bad build got out.
    assert lost in ServingData(serving).query("select buurtcode from marts.kern_buurten")["buurtcode"].tolist()
