"""The default kern derivation on all of the Netherlands: how many kernen, how fast, and four known places.

    .venv/bin/python -m benchmarks.bench_kernen [--file CSV] [--repeat 3] [--no-legacy]

Reads the real KWB 2024 StatLine export of every region (data/cbs/statline, 342 gemeenten, 14,574 buurten with
inhabitants), derives the default buurt -> kern mapping of every gemeente with `ingest.kernen.derive_kern_mapping`
and prints: the number of kernen, the median per gemeente, the five gemeenten with the most kernen, the runtime
(reading; deriving: the first run, and the median of --repeat runs in this process) and the inhabitants of
Delden, Drachten, Bleiswijk and Elburg. "Before" is the derivation as it was before it used the wijk structure
(ingest/kernen.py at commit 638fe14, read with `git show`); without git it prints the figures recorded from that
version. The last line is the same as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

import pandas as pd

from ingest.kernen import buurten_from_statline, derive_kern_mapping
from ingest.statline import read_statline_files

REPO = Path(__file__).resolve().parent.parent
ALL_NL = REPO / "data/cbs/statline/kwb2024_85984NED_alle_regios_bevolking_statline.csv.gz"
LEGACY_COMMIT = "638fe14"  # the last ingest/kernen.py before the wijk-based derivation
PLACES = {"Delden": "GM1735", "Drachten": "GM0090", "Bleiswijk": "GM1621", "Elburg": "GM0230"}
# What the legacy derivation gave on this file (measured with `git show 638fe14:ingest/kernen.py`, 8.4 s).
RECORDED_BEFORE = {
    "kernen": 10_518,
    "median": 21.5,
    "most": [("Amsterdam", 429), ("Tilburg", 140), ("Groningen", 132), ("Amersfoort", 122), ("Dordrecht", 117)],
    "places": {"Delden": 485, "Drachten": 1_780, "Bleiswijk": 140, "Elburg": 290},
    "seconds": 8.4,
}


def figures(mapping: pd.DataFrame, buurten: pd.DataFrame) -> dict:
    """Kernen in total, per gemeente, the five gemeenten with most, and the inhabitants of the four places."""
    mapping = mapping.merge(buurten[["buurtcode", "gemeentenaam", "inwoners"]], on="buurtcode")
    per = mapping.groupby("gemeentecode").kern.nunique().sort_values(ascending=False, kind="stable")
    names = mapping.groupby("gemeentecode").gemeentenaam.first()
    sizes = mapping.groupby(["gemeentecode", "kern"]).inwoners.sum()
    return {
        "kernen": int(per.sum()),
        "median": float(per.median()),
        "most": [(str(names[code]), int(count)) for code, count in per.head(5).items()],
        "places": {place: int(sizes.get((code, place), 0)) for place, code in PLACES.items()},
    }


def legacy_derivation():
    """derive_kern_mapping as it was at LEGACY_COMMIT, or None when git or the commit is not at hand."""
    try:
        source = subprocess.run(
            ["git", "show", f"{LEGACY_COMMIT}:ingest/kernen.py"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    module = types.ModuleType("kernen_legacy")
    exec(compile(source, f"{LEGACY_COMMIT}:ingest/kernen.py", "exec"), module.__dict__)
    return module.derive_kern_mapping


def timed(function, *args, repeat: int = 1):
    """The result of the last run, and the seconds of the first run (cold: the name caches of ingest.kernen
    are empty, as in a refresh) and the median over `repeat` runs."""
    seconds, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function(*args)
        seconds.append(time.perf_counter() - started)
    return result, seconds[0], statistics.median(seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=ALL_NL, help="StatLine CSV export of all regions (.csv[.gz])")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the derivation (median is reported)")
    parser.add_argument("--no-legacy", action="store_true", help="print the recorded 'before' figures")
    args = parser.parse_args(argv)

    def read() -> pd.DataFrame:
        return buurten_from_statline(read_statline_files([args.file]))

    buurten, read_seconds, _ = timed(read)
    mapping, seconds, median = timed(derive_kern_mapping, buurten, repeat=max(args.repeat, 1))
    after = figures(mapping, buurten) | {"seconds": round(seconds, 2), "median_seconds": round(median, 2)}
    legacy = None if args.no_legacy else legacy_derivation()
    if legacy is None:
        before, source = RECORDED_BEFORE, f"recorded from {LEGACY_COMMIT}"
    else:
        old, old_seconds, _ = timed(legacy, buurten)
        before, source = figures(old, buurten) | {"seconds": round(old_seconds, 2)}, f"git {LEGACY_COMMIT}"

    print(f"{args.file.name}: {buurten.gemeentecode.nunique()} gemeenten, {len(buurten):,} buurten")
    print(f"{'':34}{'before':>12}{'after':>12}")
    print(f"{'kernen, all gemeenten':34}{before['kernen']:>12,}{after['kernen']:>12,}")
    print(f"{'median kernen per gemeente':34}{before['median']:>12}{after['median']:>12}")
    print(f"{'derivation, seconds (first run)':34}{before['seconds']:>12}{after['seconds']:>12}")
    print(f"  after: median of {max(args.repeat, 1)} runs {median:.2f} s; reading the file {read_seconds:.2f} s")
    for place in PLACES:
        print(f"{'inhabitants of ' + place:34}{before['places'][place]:>12,}{after['places'][place]:>12,}")
    print("most kernen, before: " + ", ".join(f"{name} {count}" for name, count in before["most"]))
    print("most kernen, after:  " + ", ".join(f"{name} {count}" for name, count in after["most"]))
    print(f"before: {source}; load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(json.dumps({"before": before, "after": after}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
