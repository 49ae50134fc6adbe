"""Scale: the full pipeline (`kernmonitor refresh`) on 1, 10, 100 gemeenten and all of the Netherlands.

The data is the generated all-NL snapshot (ingest/scale_snapshot.py: 342 gemeenten, 3,300 wijken, 14,500
buurten, seven KWB years, the real KWB columns; synthetic and labelled so), written per size the way
`kernmonitor snapshot` records a selection: only those gemeenten, plus Nederland. The kern mapping is the
shipped file for West Betuwe and Buren and, for every other gemeente, the default derived from the buurt names
(what a province without mapping files gets). "All" runs with `gemeenten.codes = ["all"]` in the config.

Every run is `python -m kernmonitor.cli refresh` in a fresh home: raw loads, `dbt build` with its tests, the
publish gates, the publish. Reported per size: wall time (median of the runs), peak memory of the whole process
tree (the refresh and its dbt subprocess together; sampled) and of the largest single process (exact), the
slowest Dagster steps and dbt models; then how time grows against the number of regions.
Goals (issue 9): all of NL within 4 GB on 2 cores; time growing no faster than the number of regions.

Run: `.venv/bin/python -m benchmarks.bench_scale` (about 10 minutes; `--quick` runs 1 and 10 gemeenten once).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402
    DEFAULT_WORK,
    PYTHON,
    fmt_seconds,
    kernmonitor_env,
    machine,
    print_table,
    run_measured,
    summary,
    write_config,
)
from ingest.scale_snapshot import SEED, build_world, write_scale_snapshot  # noqa: E402

MEMORY_GOAL_MB = 4096
SIZES = {"1": 1, "10": 10, "100": 100, "all": None}
_STEP = re.compile(r'Finished execution of step "([^"]+)" in ([^.\s]+(?:\.\d+)?[a-z]*)')


def _duration(text: str) -> float:
    """Dagster's step durations ("286ms", "2.7s", "2m8s", "1h2m") in seconds."""
    total = 0.0
    for number, unit in re.findall(r"([\d.]+)(ms|h|m|s)", text):
        total += float(number) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[unit]
    return total


def snapshot_for(work: Path, label: str, count: int | None) -> tuple[Path, dict]:
    """The snapshot of this size, generated once per work folder and seed."""
    folder = work / "snapshots" / f"scale-{label}"
    manifest = folder / "manifest.json"
    if manifest.exists():
        existing = json.loads(manifest.read_text("utf-8"))
        if existing.get("seed") == SEED and existing.get("gemeenten") == sorted(build_world().select(count)):
            return folder, existing
    shutil.rmtree(folder, ignore_errors=True)
    write_scale_snapshot(folder, count)
    return folder, json.loads(manifest.read_text("utf-8"))


def dbt_model_times(target: Path) -> dict[str, float]:
    """Execution time per dbt node of the run (from run_results.json in the home's dbt target folder)."""
    times: dict[str, float] = {}
    for results in [*target.glob("run_results.json"), *target.glob("*/run_results.json")]:
        for result in json.loads(results.read_text("utf-8")).get("results", []):
            times[result["unique_id"].split(".", 2)[-1]] = float(result.get("execution_time") or 0)
    return times


def run_size(work: Path, label: str, count: int | None, run: int) -> dict:
    snapshot, manifest = snapshot_for(work, label, count)
    home = work / f"scale-{label}" / f"run-{run}"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    codes = ["all"] if count is None else manifest["gemeenten"]
    config = write_config(home / "kernmonitor.toml", gemeenten=codes, snapshot_dir=snapshot, home=home)
    # The refresh keeps dbt's target folder in the home (home/dbt-target); a manual prepare's goes there too.
    env = kernmonitor_env(config, home) | {"DBT_TARGET_PATH": str(home / "dbt-target")}
    measured = run_measured([PYTHON, "-m", "kernmonitor.cli", "refresh"], env=env)
    if measured.returncode != 0:
        tail = (measured.stdout + measured.stderr)[-4000:]
        raise SystemExit(f"refresh of {label} gemeenten failed (exit {measured.returncode}):\n{tail}")
    steps = {name: _duration(text) for name, text in _STEP.findall(measured.stderr)}
    return {
        "size": label,
        "gemeenten": manifest["counts"]["gemeenten"],
        "regions": 1 + sum(manifest["counts"][k] for k in ("gemeenten", "wijken", "buurten")),
        "buurten": manifest["counts"]["buurten"],
        "kernen": manifest["counts"]["kernen"],
        "seconds": measured.seconds,
        "peak_tree_mb": measured.peak_tree_mb,
        "max_process_mb": measured.max_process_mb,
        "peak_by_command": measured.peak_by_command,
        "steps": steps,
        "dbt": dbt_model_times(home / "dbt-target"),
    }


def growth(results: list[dict]) -> list[list[str]]:
    """Per step up in size: regions x, time x, and the exponent (log time / log regions; <= 1 is the goal)."""
    rows = []
    for small, large in zip(results, results[1:], strict=False):
        regions = large["regions"] / small["regions"]
        seconds = large["median_seconds"] / small["median_seconds"]
        exponent = math.log(seconds) / math.log(regions) if regions > 1 else float("nan")
        marginal = (large["median_seconds"] - small["median_seconds"]) / (large["regions"] - small["regions"]) * 1000
        rows.append(
            [
                f"{small['size']} -> {large['size']}",
                f"{regions:.1f}x",
                f"{seconds:.2f}x",
                f"{exponent:.2f}",
                f"{marginal:.2f} s",
            ]
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100,all", help="comma-separated: 1, 10, 100, all")
    parser.add_argument("--runs", type=int, default=2, help="runs per size (default 2; all of NL: --runs-all)")
    parser.add_argument("--runs-all", type=int, default=2, help="runs of all of NL (default 2)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 1 and 10 gemeenten, one run each")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="scratch folder (snapshots, homes)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    sizes = ["1", "10"] if args.quick else [s.strip() for s in args.sizes.split(",")]
    print(f"Scale benchmark: kernmonitor refresh on {', '.join(sizes)} gemeenten; machine: {machine()}", flush=True)

    results = []
    for label in sizes:
        count = SIZES[label]
        runs = 1 if args.quick else (args.runs_all if count is None else args.runs)
        measured = []
        for run in range(runs):
            result = run_size(args.work, label, count, run)
            measured.append(result)
            print(
                f"  {label:>3} gemeenten ({result['regions']} regions, {result['kernen']} kernen) run {run + 1}: "
                f"{fmt_seconds(result['seconds'])}, tree {result['peak_tree_mb']:.0f} MB, "
                f"largest process {result['max_process_mb']:.0f} MB",
                flush=True,
            )
        times = summary([r["seconds"] for r in measured])
        last = measured[-1]
        results.append(
            {
                **{k: last[k] for k in ("size", "gemeenten", "regions", "buurten", "kernen")},
                "median_seconds": times["median"],
                "seconds": times,
                "peak_tree_mb": max(r["peak_tree_mb"] for r in measured),
                "max_process_mb": max(r["max_process_mb"] for r in measured),
                "peak_by_command": last["peak_by_command"],
                "steps": last["steps"],
                "dbt": last["dbt"],
                "runs": measured,
            }
        )

    print()
    print_table(
        [
            [
                r["size"],
                str(r["regions"]),
                str(r["kernen"]),
                fmt_seconds(r["median_seconds"]),
                f"{r['seconds']['min']:.1f}-{r['seconds']['max']:.1f} s",
                f"{r['peak_tree_mb']:.0f} MB",
                f"{r['max_process_mb']:.0f} MB",
                f"{r['median_seconds'] / r['regions'] * 1000:.2f} s",
            ]
            for r in results
        ],
        ["gemeenten", "regions", "kernen", "median", "range", "peak (tree)", "largest process", "per 1k regions"],
    )
    if len(results) > 1:
        print()
        print_table(growth(results), ["step", "regions", "time", "exponent", "s per extra 1k regions"])
    largest = results[-1]
    print(f"\nSlowest steps at {largest['size']} gemeenten:")
    for name, seconds in sorted(largest["steps"].items(), key=lambda item: -item[1])[:6]:
        print(f"  {seconds:7.1f} s  {name}")
    print(f"Slowest dbt nodes at {largest['size']} gemeenten:")
    for name, seconds in sorted(largest["dbt"].items(), key=lambda item: -item[1])[:8]:
        print(f"  {seconds:7.1f} s  {name}")
    print("Peak memory per process: " + ", ".join(f"{k} {v:.0f} MB" for k, v in largest["peak_by_command"].items()))
    if largest["size"] == "all":
        verdict = "meets" if largest["peak_tree_mb"] <= MEMORY_GOAL_MB else "MISSES"
        print(f"All of NL: peak {largest['peak_tree_mb']:.0f} MB for the whole tree; goal <= 4 GB: {verdict}")
    if args.json:
        args.json.write_text(json.dumps({"benchmark": "scale", "machine": machine(), "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
