"""Crash at any moment, the refresh: `kernmonitor refresh` killed (SIGKILL, the whole process group) at seeded
random moments spread over its measured duration, each run starting on what the previous kill left behind. After
every kill the serving file holds exactly the previous publication and the working file opens; the next
uninterrupted refresh publishes what an uninterrupted refresh publishes. How many kills, and the 20-kill command:
see test_crash.py.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import pytest

from kernmonitor.config import Config
from tests.test_crash import (
    KERNMONITOR,
    KILLS,
    SEED,
    daemon_slot_free,
    kill_chain,
    last_refresh_seconds,
    leftovers,
    run,
    write_log,
)
from tests.test_load_dashboard import mart_checksums

pytestmark = pytest.mark.slow

# What `kernmonitor refresh` does before its Dagster run starts.
STARTUP = "import dagster, kernmonitor.cli as cli; cli._definitions(); cli._dagster_env(cli.load_config())"


def test_killed_refresh_leaves_the_previous_publication_and_the_next_refresh_publishes_the_same(
    pipeline_home: Config, tmp_path: Path, artifacts_dir: Path
) -> None:
    rng = random.Random(SEED + 2)
    base = mart_checksums(pipeline_home.serving_path)
    home = tmp_path / "home"
    shutil.copytree(pipeline_home.home, home)
    # How long `kernmonitor refresh` takes: the CLI's start-up (imports and the Dagster definitions, measured here)
    # plus the session build's Dagster run, so no extra refresh is needed to measure it. The kills spread over that
    # time; the last, uninterrupted refresh must publish the same.
    refresh_seconds = run(home, sys.executable, "-c", STARTUP) + last_refresh_seconds(home)
    log = [f"seed {SEED + 2}; refresh duurt {refresh_seconds:.1f} s"]
    killed = kill_chain(home, [KERNMONITOR, "refresh"], KILLS, refresh_seconds, rng, [base], log)
    run(home, KERNMONITOR, "refresh")
    assert mart_checksums(home / "serving.duckdb") == base, "a refresh on the same inputs publishes the same"
    assert not leftovers(home)
    daemon_slot_free(home)
    log.append(f"{killed} van {KILLS} runs echt gedood; daarna ververst en hetzelfde gepubliceerd")
    write_log(artifacts_dir, "refresh.txt", log)
    assert killed >= KILLS // 2 + 1, "most runs were killed before they finished"
