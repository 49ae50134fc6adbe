"""Shared helpers of the benchmarks: child processes measured for time and memory, statistics, configs.

Every figure comes from a child process, so that one benchmark's imports, caches and garbage do not leak into
the next, and so that peak memory can be read for exactly what was measured:
- `peak_tree_mb`: the largest sum of resident memory over the child and all its descendants at one moment
  (sampled from /proc every 50 ms: the number that has to fit in the machine, dbt's subprocess included);
- `max_process_mb`: the largest single process (`ru_maxrss` of the waited-for children, exact, not sampled).
"""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_WORK = Path(os.environ.get("KERNMONITOR_BENCH_DIR", "/tmp/kernmonitor-bench"))


@dataclass
class Measured:
    """One measured child process."""

    seconds: float
    returncode: int
    peak_tree_mb: float
    max_process_mb: float
    # CPU time (user + system) of the child and every descendant it waited for (dbt included): what the work costs,
    # far less sensitive than wall time to other jobs on a shared machine.
    cpu_seconds: float = float("nan")
    stdout: str = ""
    stderr: str = ""
    peak_by_command: dict[str, float] = field(default_factory=dict)

    def json_line(self) -> dict:
        """The last stdout line that is a JSON object (children report their inner timings that way)."""
        for line in reversed(self.stdout.strip().splitlines()):
            if line.startswith("{"):
                return json.loads(line)
        return {}


def _children_of(pid: int) -> list[int]:
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    found = []
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                found += [int(child) for child in fh.read().split()]
        except OSError:
            continue
    return found


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _command(pid: int) -> str:
    """A short name for a process: the script or module it runs (dbt, kernmonitor, python -m ...)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            parts = [p.decode(errors="replace") for p in fh.read().split(b"\0") if p]
    except OSError:
        return "?"
    if not parts:
        return "?"
    if "python" in Path(parts[0]).name:
        args = parts[1:]
        if "-m" in args and args.index("-m") + 1 < len(args):
            return args[args.index("-m") + 1]
        if "-c" in args:
            return "python -c"
        scripts = [arg for arg in args if not arg.startswith("-")]
        return re.sub(r"\.py$", "", Path(scripts[0]).name) if scripts else "python"
    return Path(parts[0]).name


class TreeSampler(threading.Thread):
    """Samples the resident memory of a process and its descendants until stopped."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kb = 0
        self.peak_by_command: dict[str, int] = {}
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            pids, queue = [], [self.pid]
            while queue:
                pid = queue.pop()
                pids.append(pid)
                queue += _children_of(pid)
            total = 0
            for pid in pids:
                rss = _rss_kb(pid)
                total += rss
                name = _command(pid)
                self.peak_by_command[name] = max(self.peak_by_command.get(name, 0), rss)
            self.peak_kb = max(self.peak_kb, total)
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def run_measured(
    args: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 1800
) -> Measured:
    """Run a command to completion; wall time, peak memory of its process tree, output."""
    usage_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    before = usage_before.ru_maxrss
    started = time.perf_counter()
    process = subprocess.Popen(
        args,
        env={**os.environ, **(env or {})},
        cwd=cwd or REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    sampler = TreeSampler(process.pid)
    sampler.start()
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    sampler.stop()
    usage_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    after = usage_after.ru_maxrss
    cpu = (usage_after.ru_utime + usage_after.ru_stime) - (usage_before.ru_utime + usage_before.ru_stime)
    # ru_maxrss of children is a running maximum: it only says something when this child set a new one.
    max_process = after if after > before else max(sampler.peak_by_command.values(), default=0)
    return Measured(
        seconds=seconds,
        returncode=process.returncode,
        peak_tree_mb=sampler.peak_kb / 1024,
        max_process_mb=max_process / 1024,
        cpu_seconds=cpu,
        stdout=stdout,
        stderr=stderr,
        peak_by_command={name: kb / 1024 for name, kb in sorted(sampler.peak_by_command.items())},
    )


def summary(values: list[float]) -> dict[str, float]:
    """Median, p95 (nearest rank), min and max of a sample."""
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered) + 0.5) - 1))]
    return {
        "median": statistics.median(ordered),
        "p95": p95,
        "min": ordered[0],
        "max": ordered[-1],
        "n": len(ordered),
    }


def machine() -> dict[str, object]:
    """What the figures were measured on, printed with every result (these machines are noisy)."""
    try:
        load = os.getloadavg()
    except OSError:
        load = (0.0, 0.0, 0.0)
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_1m": round(load[0], 2),
        "platform": platform.platform(terse=True),
    }


def write_config(path: Path, *, gemeenten: list[str], snapshot_dir: Path | None = None, home: Path) -> Path:
    """A kernmonitor.toml for a benchmark run: the repository's file with absolute paths and overrides."""
    text = (REPO / "kernmonitor.toml").read_text(encoding="utf-8")
    for key in (
        "snapshot_dir",
        "leefbaarometer_file",
        "leefbaarometer_gemeente_file",
        "buurt_geometrie_file",
        "kern_mapping",
        "example_exports_dir",
    ):
        text = re.sub(
            rf'^{key} = "([^"]+)"', lambda m, key=key: f'{key} = "{(REPO / m.group(1)).as_posix()}"', text, flags=re.M
        )
    if snapshot_dir is not None:
        text = re.sub(r'^snapshot_dir = "[^"]*"', f'snapshot_dir = "{snapshot_dir.as_posix()}"', text, flags=re.M)
    text = re.sub(r"^codes = .*$", "codes = " + json.dumps(gemeenten), text, flags=re.M)
    text = re.sub(r'^home = "[^"]*"', f'home = "{home.as_posix()}"', text, flags=re.M)
    # Every other relative path (e.g. the StatLine exports of sources.statline_files) resolves against the
    # repository, as for the shipped file (config.write_variant does the same).
    text = f"base_dir = {json.dumps(REPO.as_posix())}\n" + text
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def kernmonitor_env(config: Path, home: Path) -> dict[str, str]:
    """Environment of a child that runs the pipeline on `config` in its own home (never the user's)."""
    return {
        "KERNMONITOR_CONFIG": str(config),
        "KERNMONITOR_HOME": str(home),
        "DAGSTER_HOME": str(home / "dagster"),
        "PYTHONUNBUFFERED": "1",
    }


def fmt_seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def print_table(rows: list[list[str]], header: list[str]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    print(line)
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
