"""Every benchmark of issue 9, one after the other, with one command; see benchmarks/README.md.

    .venv/bin/python -m benchmarks.run_all            # the full set, about 35 minutes on 2 cores
    .venv/bin/python -m benchmarks.run_all --quick    # smoke run of each, about 5 minutes
    .venv/bin/python -m benchmarks.run_all --only download,scale

Order matters: `refresh` leaves a published demo home and `scale` an all-NL one; the dashboard benchmark reads
the all-NL serving file (its goal is stated for all-NL-size data) and the export and load benchmarks the demo
one (the 41 kernen of West Betuwe and Buren). Each benchmark runs as its own process and prints its own figures;
everything printed is also written to `<work>/run_all-<timestamp>.log`, JSON results next to it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import DEFAULT_WORK, PYTHON, REPO, machine  # noqa: E402

ORDER = ("download", "refresh", "scale", "dashboard", "browser", "export", "load")


def commands(work: Path, quick: bool, stamp: str) -> dict[str, tuple[list[str], dict[str, str]]]:
    """Each benchmark's command line and extra environment."""
    demo_home = work / "refresh" / "dagster-0"
    all_nl = work / ("scale-10" if quick else "scale-all") / "run-0" / "serving.duckdb"
    out = work / f"results-{stamp}"
    quick_flag = ["--quick"] if quick else []
    demo_env = {"KERNMONITOR_HOME": str(demo_home), "KERNMONITOR_CONFIG": str(demo_home / "kernmonitor.toml")}
    module = [PYTHON, "-m"]
    return {
        "download": ([*module, "benchmarks.bench_download", *quick_flag, "--json", str(out / "download.json")], {}),
        "refresh": (
            [
                *module,
                "benchmarks.bench_refresh",
                *quick_flag,
                "--work",
                str(work),
                "--json",
                str(out / "refresh.json"),
            ],
            {},
        ),
        "scale": (
            [*module, "benchmarks.bench_scale", *quick_flag, "--work", str(work), "--json", str(out / "scale.json")],
            {},
        ),
        "dashboard": (
            [PYTHON, "benchmarks/bench_dashboard.py", "--serving", str(all_nl), *(["--rounds", "11"] if quick else [])],
            {},
        ),
        "browser": (
            [
                PYTHON,
                "benchmarks/bench_browser.py",
                "--serving",
                str(all_nl),
                *(["--loads", "3"] if quick else []),
                "--json",
                str(out / "browser.json"),
            ],
            {},
        ),
        "export": (
            [PYTHON, "benchmarks/bench_export.py", "--serving", str(demo_home / "serving.duckdb")]
            + (["--repeat", "1"] if quick else []),
            demo_env,
        ),
        "load": (
            [PYTHON, "benchmarks/bench_load.py", *(["--seconds", "10", "--clients", "5"] if quick else [])],
            demo_env,
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run of every benchmark")
    parser.add_argument("--only", default=",".join(ORDER), help=f"comma-separated subset of {', '.join(ORDER)}")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="scratch folder (default %(default)s)")
    args = parser.parse_args(argv)
    selected = [name for name in ORDER if name in {s.strip() for s in args.only.split(",")}]
    stamp = time.strftime("%Y%m%d-%H%M%S")
    args.work.mkdir(parents=True, exist_ok=True)
    (args.work / f"results-{stamp}").mkdir(exist_ok=True)
    log_path = args.work / f"run_all-{stamp}.log"
    plan = commands(args.work, args.quick, stamp)
    failed = []
    with log_path.open("w", encoding="utf-8") as log:

        def say(text: str) -> None:
            print(text, flush=True)
            log.write(text + "\n")
            log.flush()

        say(f"kernmonitor benchmarks ({'quick' if args.quick else 'full'}): {', '.join(selected)}; {machine()}")
        for name in selected:
            args_, extra_env = plan[name]
            say(f"\n=== {name}: {' '.join(args_)}")
            started = time.perf_counter()
            process = subprocess.Popen(
                args_,
                cwd=REPO,
                env={**os.environ, **extra_env},
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            assert process.stdout is not None
            for line in process.stdout:
                say(line.rstrip("\n"))
            process.wait()
            say(f"=== {name}: exit {process.returncode} after {time.perf_counter() - started:.0f} s")
            if process.returncode != 0:
                failed.append(name)
        say(f"\nlog: {log_path}" + (f"; FAILED: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
