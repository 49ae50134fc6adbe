"""The Dagster definitions load and show the assets we expect."""

from __future__ import annotations

import dagster as dg

from orchestration.definitions import defs


def asset_keys() -> set[str]:
    return {key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys()}


def test_definitions_load() -> None:
    dg.Definitions.validate_loadable(defs)


def test_asset_keys_cover_every_layer() -> None:
    keys = asset_keys()
    expected = {
        "raw/kern_buurt",
        "raw/kwb_values",
        "raw/kwb_tables",
        "raw/leefbaarometer",
        "raw/buurt_geometrie",
        "staging/stg_cbs__kwb_values",
        "intermediate/int_kwb_harmonised",
        "intermediate/int_kern_indicators_computed",
        "marts/kernen",
        "marts/kern_indicators",
        "marts/kern_profiel",
        "seeds/indicators",
        "seeds/kwb_measures",
        "serving",
    }
    assert expected <= keys, sorted(expected - keys)


def test_serving_comes_after_the_marts() -> None:
    graph = defs.resolve_asset_graph()
    upstream = {k.to_user_string() for k in graph.get(dg.AssetKey("serving")).parent_keys}
    assert {"marts/kernen", "marts/kern_indicators"} <= upstream


def test_dagster_loads_the_code_location_from_the_repository_root(tmp_path) -> None:
    """What `dagster dev` does first: find orchestration.definitions through pyproject.toml and load it."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path), "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    result = subprocess.run(
        [str(Path(sys.executable).with_name("dagster")), "definitions", "validate"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Validation successful for code location kernmonitor" in result.stderr + result.stdout
