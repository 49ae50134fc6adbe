"""What the console script shows while the pipeline runs: one Dutch line per finished step, the logs in a file.

Dagster's event lines and dbt's progress go to KERNMONITOR_HOME/logs/<command>-<time>.log instead of the
terminal; the command's last line names that file. `--verbose` shows them live again, as before, without a file.
On a terminal a status line (bar, running step, seconds) is redrawn in place; elsewhere only whole lines appear.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

LOG_FOLDER = "logs"
KEEP_LOGS = 50  # per command; older log files of that command are removed when a new one starts

# The Dagster steps as a user knows them (step key -> what it does). Check steps are named after their check.
STEP_NAMES = {
    "kwb_values": "CBS-cijfers",
    "raw__kern_buurt": "kernindeling",
    "raw__kern_groepen": "kerngroepen",
    "raw__leefbaarometer": "Leefbaarometer",
    "raw__buurt_geometrie": "buurtgrenzen",
    "raw__exports": "gemeentelijke exports",
    "kernmonitor_dbt_models": "dbt (modellen en tests)",
    "serving": "publiceren",
}
DBT_STEP = "kernmonitor_dbt_models"
LOGGER_KEYS = ("kernmonitor_logboek", "kernmonitor_voortgang")
# Dagster's own console format, without the colours.
LOG_FORMAT = "%(asctime)s - dagster - %(levelname)s - %(message)s"
LOG_DATE_FORMAT = "%Y-%m-%d %H:%M:%S %z"


def number(value: Any) -> str:
    """12345 -> '12.345' (Dutch thousands separator); anything else as it is."""
    return f"{value:,}".replace(",", ".") if isinstance(value, int) else str(value)


def seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + " s"


def new_log_path(home: Path, command: str, now: datetime | None = None) -> Path:
    """A new, empty log file KERNMONITOR_HOME/logs/<command>-<yyyymmdd-hhmmss>.log; old ones beyond KEEP_LOGS go."""
    folder = home / LOG_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    old = sorted(folder.glob(f"{command}-*.log"))
    for path in old[: max(0, len(old) - KEEP_LOGS + 1)]:
        path.unlink(missing_ok=True)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    for attempt in range(1, 1000):
        path = folder / (f"{command}-{stamp}.log" if attempt == 1 else f"{command}-{stamp}-{attempt}.log")
        try:
            path.open("x", encoding="utf-8").close()
            return path
        except FileExistsError:
            continue
    raise FileExistsError(f"geen vrije naam voor een logbestand in {folder}")


def step_plan(job) -> dict[str, tuple[str, int]]:
    """Per step of the job: its Dutch name and how many assets and checks it yields (at least 1).

    A step that only runs checks is named after them. The counts weigh the progress bar: the dbt step yields
    most of them and takes most of the time.
    """
    import dagster as dg

    try:
        from dagster._core.definitions.dependency import NodeHandle  # not public: the fallback is output counts
    except ImportError:
        NodeHandle = None  # noqa: N806
    plan = {}
    for node in job.graph.nodes:
        try:
            keys = job.asset_layer.get_selected_entity_keys_for_node(NodeHandle(node.name, None))
        except Exception:  # only the display depends on it
            keys = set()
        checks = sorted(k.name for k in keys if isinstance(k, dg.AssetCheckKey))
        if node.name in STEP_NAMES or not checks or len(checks) < len(keys):
            name = STEP_NAMES.get(node.name, node.name)
        else:
            name = "controle " + ", ".join(checks)
        plan[node.name] = (name, max(1, len(keys) or len(node.definition.output_defs)))
    return plan


def _metadata(event) -> dict[str, Any]:
    """A materialization event's metadata as plain values."""
    materialization = event.step_materialization_data.materialization
    return {key: getattr(value, "value", value) for key, value in materialization.metadata.items()}


class StepTally:
    """What one running step produced so far: materializations (by asset key) and check evaluations."""

    def __init__(self, step_key: str, started: float) -> None:
        self.step_key, self.started = step_key, started
        self.materialized: dict[str, dict[str, Any]] = {}
        self.checks: list[tuple[str, bool, str]] = []  # (check name, passed, severity)

    @property
    def events(self) -> int:
        return len(self.materialized) + len(self.checks)

    def result(self) -> str:
        """The one-line Dutch result of the finished step: what it did, then what came of it."""
        m, key = self.materialized, self.step_key
        if key == DBT_STEP:
            warned = sum(not passed for _, passed, _ in self.checks)
            text = f"dbt: {number(len(m))} modellen gebouwd, {number(len(self.checks) - warned)} tests geslaagd"
            return text + (f", {number(warned)} met waarschuwing" if warned else "")
        if "raw/kwb_values" in m:
            values, tables = m["raw/kwb_values"], m.get("raw/kwb_tables", {}).get("tables")
            text = f"CBS-cijfers geladen: {number(values.get('rows', '?'))} waarden"
            return text + (f" uit {number(tables)} tabellen" if tables else "")
        if "raw/kern_buurt" in m:
            meta = m["raw/kern_buurt"]
            return f"kernindeling geladen: {number(meta.get('kernen'))} kernen, {number(meta.get('buurten'))} buurten"
        if "raw/kern_groepen" in m:
            meta = m["raw/kern_groepen"]
            return f"kerngroepen geladen: {number(meta.get('groepen'))} groepen, {number(meta.get('rijen'))} kernen"
        if "raw/leefbaarometer" in m:
            meta = m["raw/leefbaarometer"]
            source = {"bestand": "het meegeleverde bestand", "WFS": "de WFS van BZK"}.get(meta.get("bron"), "?")
            return f"Leefbaarometer geladen: {number(meta.get('rows'))} rijen uit {source}"
        if "raw/buurt_geometrie" in m:
            return f"buurtgrenzen geladen: {number(m['raw/buurt_geometrie'].get('buurten'))} buurten"
        if "serving" in m:
            return f"gepubliceerd: {number(m['serving'].get('tables'))} tabellen"
        exports = next((meta for meta in m.values() if "nieuw_geladen" in meta), None)
        if exports is not None:
            files, new = exports.get("bestanden") or {}, number(exports.get("nieuw_geladen", 0))
            text = f"gemeentelijke exports geladen: {number(len(files))} bestanden, {new} nieuw"
            unreadable = exports.get("niet_geladen") or 0
            return text + (f", {number(unreadable)} onleesbaar (zie inbox/niet-geladen/)" if unreadable else "")
        if self.checks and not m:
            return "; ".join(
                f"controle {name}: " + ("in orde" if passed else "waarschuwing" if severity == "WARN" else "mislukt")
                for name, passed, severity in self.checks
            )
        return f"{STEP_NAMES.get(key, key)}: klaar"


class _Forward(logging.Handler):
    def __init__(self, progress: Progress) -> None:
        super().__init__(logging.DEBUG)
        self.progress = progress

    def emit(self, record: logging.LogRecord) -> None:
        event = getattr(record, "dagster_event", None)
        if event is not None:
            self.progress.on_event(event)


class Progress:
    """The progress display and log file of one command (`demo`, `verversen`, ...).

    Use it as a context manager around the whole command; `captured()` around the Dagster run sends stdout and
    stderr (dbt's progress, warnings) to the log file, `instrument()` adds the loggers that write Dagster's
    lines to that file and the step lines to the terminal.
    """

    def __init__(self, home: Path, command: str, verbose: bool = False, out: TextIO | None = None) -> None:
        self.verbose = verbose
        self.out = out if out is not None else sys.stdout
        self.log_path: Path | None = None if verbose else new_log_path(home, command)
        try:
            self.tty = not verbose and self.out.isatty() and os.environ.get("TERM") != "dumb"
        except (AttributeError, ValueError):
            self.tty = False
        self.plan: dict[str, tuple[str, int]] = {}
        self.total = 0
        self.done = 0
        self.units_done = 0
        self.running: StepTally | None = None
        self._lock = threading.RLock()
        self._status_shown = False
        self._ticker: threading.Thread | None = None
        self._stop = threading.Event()
        self._handlers: list[logging.Handler] = []
        self.log(f"kernmonitor {command}, {datetime.now():%d-%m-%Y %H:%M:%S}; gegevens in {home}")

    # -- the context of the whole command
    def __enter__(self) -> Progress:
        return self

    def __exit__(self, exc_type, exc, _tb) -> None:
        self._stop_ticker()
        if exc is not None and self.log_path and str(self.log_path) not in str(exc):
            # An unexpected error: say where the rest of the story is (the error itself follows from Python).
            print(self.log_note(), file=sys.stderr)

    def log_note(self) -> str:
        return f"Logboek: {self.log_path}" if self.log_path else ""

    def line(self, text: str) -> None:
        """One finished line on the terminal (above the status line, which is redrawn)."""
        if self.verbose:
            return
        with self._lock:
            self._clear_status()
            self.out.write(f"  {text}\n")
            self.out.flush()
            self._draw_status()

    def log(self, text: str) -> None:
        """Append text to the log file (not shown)."""
        if self.log_path:
            with self.log_path.open("a", encoding="utf-8") as log:
                log.write(text if text.endswith("\n") else text + "\n")

    # -- around the Dagster run
    @contextlib.contextmanager
    def captured(self) -> Iterator[None]:
        """stdout and stderr into the log file (appending), restored afterwards; nothing changes when verbose.

        Real files, so Dagster's per-step capture (its compute logs, which mirror the step's output through
        `tail`) keeps working; dbt's output reaches the log file through that mirror.
        """
        if self.log_path is None:
            yield
            return
        with (
            self.log_path.open("a", encoding="utf-8", buffering=1) as stdout,
            self.log_path.open("a", encoding="utf-8", buffering=1) as stderr,
            contextlib.redirect_stdout(stdout),
            contextlib.redirect_stderr(stderr),
        ):
            try:
                yield
            finally:
                self._stop_ticker()
                while self._handlers:
                    self._handlers.pop().close()

    def instrument(self, job, run_config: dict) -> tuple[Any, dict]:
        """The job with two extra loggers (Dagster's lines to the log file, steps to the terminal) and its config.

        When verbose, the job and config are returned as they are: Dagster's console logger prints everything.
        """
        if self.verbose or self.log_path is None:
            return job, run_config
        import dagster as dg

        log_path = self.log_path

        def to_file(_context) -> logging.Logger:
            logger = logging.Logger("dagster", logging.DEBUG)
            handler = logging.FileHandler(log_path, encoding="utf-8")
            handler.setFormatter(logging.Formatter(LOG_FORMAT, LOG_DATE_FORMAT))
            logger.addHandler(handler)
            self._handlers.append(handler)
            return logger

        def to_progress(_context) -> logging.Logger:
            logger = logging.Logger("kernmonitor.voortgang", logging.DEBUG)
            logger.addHandler(_Forward(self))
            return logger

        loggers = {
            LOGGER_KEYS[0]: dg.LoggerDefinition(to_file, description="Dagster's lines to the kernmonitor log file"),
            LOGGER_KEYS[1]: dg.LoggerDefinition(to_progress, description="one Dutch line per finished step"),
        }
        self.plan = step_plan(job)
        self.total, self.done, self.units_done = len(self.plan), 0, 0
        return job.with_logger_defs(loggers), {**run_config, "loggers": {key: {} for key in LOGGER_KEYS}}

    # -- Dagster events (called by the progress logger, in the thread that runs the steps)
    def on_event(self, event) -> None:
        kind = event.event_type_value
        with self._lock:
            if kind == "STEP_START":
                self.running = StepTally(event.step_key, time.monotonic())
                self._start_ticker()
            elif kind == "ASSET_MATERIALIZATION" and self.running:
                self.running.materialized[event.asset_key.to_user_string()] = _metadata(event)
            elif kind == "ASSET_CHECK_EVALUATION" and self.running:
                evaluation = event.asset_check_evaluation_data
                severity = getattr(evaluation.severity, "value", str(evaluation.severity))
                self.running.checks.append((evaluation.check_name, evaluation.passed, severity))
            elif kind in ("STEP_SUCCESS", "STEP_FAILURE"):
                tally = self.running or StepTally(event.step_key or "?", time.monotonic())
                self.running = None
                self.done += 1
                self.units_done += self._units(tally.step_key)
                took = seconds(time.monotonic() - tally.started)
                if kind == "STEP_SUCCESS":
                    self.line(f"{self._counter()} {tally.result()} ({took})")
                else:
                    self.line(f"{self._counter()} {self._name(tally.step_key)}: mislukt ({took})")
            elif kind == "STEP_SKIPPED":
                self.done += 1
                self.units_done += self._units(event.step_key)
            else:
                return
            self._draw_status()

    def _name(self, step_key: str) -> str:
        return self.plan.get(step_key, (STEP_NAMES.get(step_key, step_key), 1))[0]

    def _units(self, step_key: str | None) -> int:
        return self.plan.get(step_key or "", ("", 1))[1]

    def _counter(self) -> str:
        width = len(str(self.total or self.done))
        return f"[{self.done:>{width}}/{self.total or '?'}]"

    # -- the status line on a terminal
    def _status(self) -> str:
        if self.running is None:
            return ""
        total = max(self.total, self.done + 1)
        units = self._units(self.running.step_key)
        all_units = max(sum(u for _, u in self.plan.values()), self.units_done + units)
        filled = int(20 * (self.units_done + min(self.running.events, units)) / all_units)
        name = self._name(self.running.step_key)
        count = f", {self.running.events} van {units}" if units > 1 else ""
        took = seconds(time.monotonic() - self.running.started)
        return f"  [{'#' * filled}{'.' * (20 - filled)}] stap {self.done + 1}/{total}: {name}{count} ({took})"

    def _draw_status(self) -> None:
        if not self.tty:
            return
        status = self._status()
        if status:
            self.out.write("\r" + status + "\x1b[K")
            self.out.flush()
            self._status_shown = True
        else:
            self._clear_status()

    def _clear_status(self) -> None:
        if self.tty and self._status_shown:
            self.out.write("\r\x1b[K")
            self.out.flush()
            self._status_shown = False

    def _start_ticker(self) -> None:
        """Redraw the status line twice a second so the seconds count on during a long step."""
        if not self.tty or (self._ticker and self._ticker.is_alive()):
            return
        self._stop.clear()

        def tick() -> None:
            while not self._stop.wait(0.5):
                with self._lock:
                    self._draw_status()

        self._ticker = threading.Thread(target=tick, name="kernmonitor-voortgang", daemon=True)
        self._ticker.start()

    def _stop_ticker(self) -> None:
        if self._ticker:
            self._stop.set()
            self._ticker.join(timeout=2)
            self._ticker = None
        with self._lock:
            self._clear_status()
