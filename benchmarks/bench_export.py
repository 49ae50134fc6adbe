"""Briefing export speed: all kernen as PDF one-pagers in one batch (what `kernmonitor export --format pdf` does).

    .venv/bin/python benchmarks/bench_export.py [--serving PATH] [--out DIR] [--repeat N] [--also xlsx,kansenkaart,png]

Reads the published serving file of the configured KERNMONITOR_HOME (build it with `kernmonitor demo --no-serve`)
or --serving. Prints the wall time of the whole batch, the time per kern, and where the files are. The first run
in a process includes imports and the first reads of the serving file; later repeats show the warm time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serving", help="serving.duckdb (default: the configured KERNMONITOR_HOME's)")
    parser.add_argument("--out", help="output folder (default: a new temporary folder)")
    parser.add_argument("--repeat", type=int, default=3, help="batches to run (default 3)")
    parser.add_argument("--also", default="", help="other formats to time once: xlsx,kansenkaart,png")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    from dashboards.briefing import export_batch
    from dashboards.data import ServingData
    from kernmonitor.config import load_config

    imports = time.perf_counter() - started
    serving = Path(args.serving) if args.serving else load_config().serving_path
    if not serving.exists():
        print(f"Geen serving-bestand in {serving}: draai eerst `kernmonitor demo --no-serve`.", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="kernmonitor-export-"))
    data = ServingData(serving)
    kernen = len(data.kernen())

    tijden = []
    for run in range(args.repeat):
        t0 = time.perf_counter()
        paths = export_batch(data, out, "pdf")
        tijden.append(time.perf_counter() - t0)
        per_kern = [p for p in paths if "alle_kernen" not in p.name]
        print(
            f"run {run + 1}: {tijden[-1]:.2f} s for {len(per_kern)} kern PDFs + {len(paths) - len(per_kern)} combined"
            f" ({tijden[-1] / kernen * 1000:.0f} ms per kern)"
        )
    print(f"imports: {imports:.2f} s (once per process)")
    print(
        f"pdf batch, {kernen} kernen: first {tijden[0]:.2f} s, median {statistics.median(tijden):.2f} s, "
        f"{statistics.median(tijden) / kernen * 1000:.0f} ms per kern (one-pager + its page in the combined PDF)"
    )
    for fmt in [f.strip() for f in args.also.split(",") if f.strip()]:
        t0 = time.perf_counter()
        paths = export_batch(data, out, fmt)
        seconds = time.perf_counter() - t0
        print(f"{fmt} batch: {seconds:.2f} s, {len(paths)} files ({seconds / kernen * 1000:.0f} ms per kern)")
    print(f"files in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
