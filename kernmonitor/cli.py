"""The `kernmonitor` console script."""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from kernmonitor.config import DBT_EXECUTABLE, DEFAULT_CONFIG, REPO_ROOT, Config, load_config, write_variant
from kernmonitor.progress import Progress, seconds

DBT_DIR = REPO_ROOT / "dbt_project"


def _dbt(args: list[str], cfg: Config, progress: Progress | None = None) -> None:
    cmd = [str(DBT_EXECUTABLE), *args, *cfg.dbt_args(), "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if progress:
        progress.log(f"$ {' '.join(cmd)}\n{result.stdout}{result.stderr}(exit {result.returncode})")
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-2000:])
        note = f"\n{progress.log_note()}" if progress and progress.log_path else ""
        raise SystemExit(f"dbt {' '.join(args)} mislukt (exit {result.returncode}){note}")


def prepare(cfg: Config, progress: Progress | None = None) -> None:
    """Build the dbt manifest that the Dagster definitions load (dbt parse, about 10 s)."""
    cfg.home.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    _dbt(["parse", "--quiet"], cfg, progress)
    if progress:
        progress.line(f"dbt-project ingelezen ({seconds(time.monotonic() - started)})")


# What dbt parses (dbt's default paths, which dbt_project.yml keeps): anything newer than the manifest in here, a
# file changed or added, or a folder whose file was deleted, means the manifest is out of date.
DBT_PARSED = (
    "dbt_project.yml",
    "profiles.yml",
    "packages.yml",
    "dependencies.yml",
    "selectors.yml",
    "models",
    "macros",
    "seeds",
    "tests",
    "snapshots",
    "analyses",
)


def manifest_current(project: Path = DBT_DIR) -> bool:
    """Whether dbt's manifest exists and is newer than everything dbt parses. After a code update that adds or
    removes a model, an old manifest would give Dagster the old list of models, and the refresh would fail on the
    first one it does not know."""
    try:
        built = (project / "target" / "manifest.json").stat().st_mtime
    except FileNotFoundError:
        return False
    for name in DBT_PARSED:
        path = project / name
        for item in [path, *path.rglob("*")] if path.is_dir() else [path]:
            try:
                if item.stat().st_mtime > built:
                    return False
            except FileNotFoundError:
                continue  # not there, or gone while this looked (an editor's swap file)
    return True


def ensure_manifest(cfg: Config) -> None:
    """Parse dbt when its manifest is missing or out of date. One process at a time: dbt writes the manifest in place,
    so a second process would read it half written; it waits here (a parse takes about 10 s) and then finds it
    current. A flock, as kernmonitor/writelock.py explains, is released by the kernel when its holder dies."""
    if manifest_current():
        return
    target = DBT_DIR / "target"
    target.mkdir(exist_ok=True)
    with (target / ".parse.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not manifest_current():
            prepare(cfg)


# The Dagster instance of this KERNMONITOR_HOME. The first line marks the file as ours: we rewrite it when these
# settings change, and leave it alone once somebody removed that line to keep their own edits.
DAGSTER_YAML_MARKER = "# Written by kernmonitor (kernmonitor/cli.py); delete this line to keep your own edits."
DAGSTER_YAML = f"""{DAGSTER_YAML_MARKER}
telemetry:
  enabled: false
concurrency:
  runs:
    # DuckDB takes one writer: an inbox run waits for a running refresh instead of failing on the file lock.
    max_concurrent_runs: 1
retention:
  # Runs are kept (Dagster never purges run history); only sensor ticks that found nothing are dropped.
  sensor:
    purge_after_days:
      skipped: 7
"""


def _dagster_env(cfg: Config) -> Path:
    """Create the Dagster instance folder under KERNMONITOR_HOME (dagster.yaml, telemetry off); return it."""
    cfg.dagster_home.mkdir(parents=True, exist_ok=True)
    dagster_yaml = cfg.dagster_home / "dagster.yaml"
    current = dagster_yaml.read_text(encoding="utf-8") if dagster_yaml.exists() else None
    if current is None or (current.startswith(DAGSTER_YAML_MARKER) and current != DAGSTER_YAML):
        dagster_yaml.write_text(DAGSTER_YAML, encoding="utf-8")
    return cfg.dagster_home


class RefreshFailed(SystemExit):
    """A refresh that failed; the message (Dutch) says which step or check failed and why, and whether the previous
    publication still stands (always, unless Dagster failed to record a run that had already published)."""

    def __init__(self, message: str, reasons: list[str], run_id: str) -> None:
        super().__init__(message)
        self.reasons, self.run_id = reasons, run_id


def _uitleg(text: str) -> str:
    """An error text, shortened, with the Dutch reason in front where it is one a reader can act on."""
    text = text if len(text) <= 500 else text[:500] + "…"
    if "Could not set lock" in text:
        return "het werkbestand is in gebruik door een ander proces (loopt er al een verversing?): " + text
    if "No space left on device" in text or "database or disk is full" in text:
        return "de schijf is vol: " + text
    if "Read-only file system" in text:
        return "de gegevensmap staat op een alleen-lezen schijf: " + text
    if "readonly database" in text:
        return "de gegevensmap is niet beschrijfbaar (een alleen-lezen schijf, of geen schrijfrechten): " + text
    if "Out of Memory" in text:
        return "DuckDB kwam geheugen tekort (verhoog [warehouse] memory_limit in kernmonitor.toml): " + text
    return text


def _innermost(error):
    while getattr(error, "cause", None) is not None:
        error = error.cause
    return error


def _failure_reasons(result) -> list[str]:
    """One Dutch line per failed check (dbt tests included) and per failed step, most specific first."""
    import dagster as dg

    reasons = []
    for evaluation in result.get_asset_check_evaluations():
        if not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR:
            rows = evaluation.metadata.get("dagster_dbt/failed_row_count")
            detail = evaluation.description or (f"{rows.value} rijen voldoen niet" if rows else "mislukt")
            reasons.append(f"controle {evaluation.check_name} op {evaluation.asset_key.to_user_string()}: {detail}")
    for event in result.get_step_failure_events():
        error = _innermost(event.step_failure_data.error)
        if error is None or error.cls_name == "DagsterAssetCheckFailedError":
            continue  # the failed blocking checks are listed above, with their reasons
        text = re.sub(r"\x1b\[[0-9;]*m", "", " ".join(error.message.split())) or error.cls_name
        text = re.sub(r"^[\w.]+(Error|Exception): ", "", text)
        if "Errors parsed from dbt logs:" in text:
            # What dbt itself said (which model or test failed) beats the generic "dbt CLI process failed".
            text = "dbt build mislukt: " + re.sub(
                r" \.{3,} ", " ", text.split("Errors parsed from dbt logs:")[-1].strip()
            )
        reasons.append(f"stap {event.step_key}: {_uitleg(text)}")
    skipped = sorted(e.step_key for e in result.get_step_skipped_events())
    if skipped and reasons:
        reasons.append(f"overgeslagen door de fout hierboven: {', '.join(skipped)}")
    return reasons


_SQLITE_WITHOUT_FSYNC = False


def _dagster_sqlite_without_fsync() -> None:
    """Let this process's Dagster run storage (SQLite) skip fsync on each of its ~1.350 commits per refresh.

    Measured (benchmarks/README.md): those fsyncs are most of what Dagster adds to a refresh, up to a minute on
    a busy disk. What it risks: the run history in KERNMONITOR_HOME/dagster after a power loss or OS crash
    during a run; the DuckDB working and serving files are not SQLite and keep their own guarantees. The
    daemon and webserver (`dagster dev`, systemd) keep Dagster's defaults.
    """
    global _SQLITE_WITHOUT_FSYNC
    if _SQLITE_WITHOUT_FSYNC:
        return
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    @event.listens_for(Engine, "connect")
    def _no_fsync(connection, _record) -> None:  # noqa: ANN001 - SQLAlchemy's hook signature
        if type(connection).__module__.startswith("sqlite3"):
            connection.execute("PRAGMA synchronous=OFF")

    _SQLITE_WITHOUT_FSYNC = True


_EVENT_LOG_POOLED = False


def _dagster_event_log_pooled() -> None:
    """Let this process's Dagster event log (SQLite, one file per run plus an index) keep one open connection per
    file instead of a new engine and connection for every write.

    Measured (benchmarks/README.md, issue 18): a refresh writes about 600 events, and each opens the run's file and
    the index a few times over (new SQLAlchemy engine, connect, first read of the WAL, close): a quarter to a third
    of the Dagster process's own CPU (218 of its 820 py-spy samples on the demo, 75 with this). The writes, their
    order and their transactions are Dagster's own (one per write, under Dagster's lock); only the connection is
    kept. The connections close when the instance is disposed (the
    end of `run_job`). The daemon and webserver keep Dagster's defaults.
    """
    global _EVENT_LOG_POOLED
    if _EVENT_LOG_POOLED:
        return
    from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
    from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
    from sqlalchemy import create_engine

    original_dispose = SqliteEventLogStorage.dispose

    @contextlib.contextmanager
    def _connect(self, shard: str):  # noqa: ANN001, ANN202 - Dagster's (private) signature
        with self._db_lock:
            engines = self.__dict__.setdefault("_kernmonitor_engines", {})
            engine = engines.get(shard)
            if engine is None:
                engine = create_engine(
                    self.conn_string_for_shard(shard), connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS}
                )
                if shard not in self._initialized_dbs:
                    try:
                        self._initdb(engine)
                    except BaseException:
                        engine.dispose()
                        raise
                    self._initialized_dbs.add(shard)
                engines[shard] = engine
            with engine.connect() as conn, conn.begin():
                yield conn

    def dispose(self) -> None:  # noqa: ANN001
        original_dispose(self)
        with self._db_lock:
            for engine in self.__dict__.pop("_kernmonitor_engines", {}).values():
                engine.dispose()

    SqliteEventLogStorage._connect = _connect
    SqliteEventLogStorage.dispose = dispose
    _EVENT_LOG_POOLED = True


class _HideDbtCore:
    """An import hook that makes `import dbt...` fail while it is installed (see `_definitions`)."""

    def find_spec(self, name: str, path=None, target=None):  # noqa: ANN001, ANN201 - importlib's finder protocol
        if name == "dbt" or name.startswith("dbt."):
            raise ModuleNotFoundError(f"dbt-core is not imported in the Dagster process ({name})", name=name)
        return None


def _definitions():
    """The Dagster definitions, imported without dbt-core when nothing in this process imported dbt-core yet.

    Measured (benchmarks/README.md, issue 18): dbt-core's own modules are more than a third of what a refresh spends
    importing, and this process never runs dbt: dbt runs as a subprocess, and the only in-process use of dbt-core
    (an adapter for row counts and column metadata) is switched off (orchestration/defs/dbt/resource.py).
    dagster-dbt supports running without dbt-core installed (its types have a fallback for the dbt Fusion
    engine); hidden while dagster-dbt is imported, it takes that path. Where dbt-core is already imported (a test
    process, `dagster dev`), nothing changes.
    """
    if "dagster_dbt" in sys.modules or "dbt" in sys.modules:
        from orchestration.definitions import defs

        return defs
    hook = _HideDbtCore()
    sys.meta_path.insert(0, hook)
    try:
        from orchestration.definitions import defs
    finally:
        sys.meta_path.remove(hook)
    return defs


def run_job(cfg: Config, job_name: str, config_file: str | None = None, progress: Progress | None = None) -> dict:
    """Run one Dagster job of the definitions in-process on this configuration's home.

    With `progress`, Dagster's and dbt's output go to its log file and each finished step to its terminal line
    (unless it is verbose); without, they go to stderr and stdout as Dagster prints them.
    Raises RefreshFailed when anything failed; the serving file is then exactly what it was before, unless only
    Dagster's record of the finished run failed (the message says so).
    """
    with _writing(cfg, f"kernmonitor ({job_name})"):
        return _run_job(cfg, job_name, config_file, progress)


def _writing(cfg: Config, what: str) -> contextlib.AbstractContextManager:
    """This home's write lock (kernmonitor/writelock.py), held for a whole write; busy or unwritable: SystemExit."""
    from kernmonitor.writelock import WriteLockError, write_lock

    @contextlib.contextmanager
    def held():
        with contextlib.ExitStack() as stack:
            try:
                stack.enter_context(write_lock(cfg.home, what, on_wait=lambda line: print(line, file=sys.stderr)))
            except WriteLockError as error:
                raise SystemExit(str(error)) from None
            yield

    return held()


def _run_job(cfg: Config, job_name: str, config_file: str | None, progress: Progress | None) -> dict:
    ensure_manifest(cfg)
    dagster_home = _dagster_env(cfg)
    _dagster_sqlite_without_fsync()
    _dagster_event_log_pooled()

    started = time.monotonic()
    # This home's folders, whatever KERNMONITOR_HOME or DAGSTER_HOME say in this process (a caller may run
    # several homes one after another, as the tests do).
    run_config = {"resources": {"kernmonitor": {"config": {"home": str(cfg.home), "config_file": config_file or ""}}}}
    with progress.captured() if progress else contextlib.nullcontext():
        import dagster as dg
        from sqlalchemy.exc import OperationalError  # Dagster's run history is SQLite through SQLAlchemy

        from kernmonitor.writelock import fail_abandoned_runs, run_tags

        defs = _definitions()

        publication_before = _stat_or_none(cfg.serving_path)
        try:
            with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
                # A killed earlier run would hold the daemon's only run slot for ever (kernmonitor/writelock.py).
                fail_abandoned_runs(instance)
                job = defs.resolve_job_def(job_name)
                if progress:
                    job, run_config = progress.instrument(job, run_config)
                result = job.execute_in_process(
                    instance=instance, raise_on_error=False, run_config=run_config, tags=run_tags()
                )
        except OperationalError as error:
            published = _stat_or_none(cfg.serving_path) != publication_before
            failure = _run_history_failure(error, cfg, dagster_home, published, progress)
            if failure is None:
                raise
            raise failure from None
    if not result.success:
        reasons = _failure_reasons(result) or ["onbekende fout; zie de run in Dagster"]
        message = (
            f"Verversen mislukt; de vorige publicatie blijft staan ({cfg.serving_path}).\n"
            + "\n".join(f"- {reason}" for reason in reasons)
            + f"\nDetails: run {result.run_id} in Dagster (DAGSTER_HOME={dagster_home})."
            + (f"\n{progress.log_note()}" if progress and progress.log_path else "")
        )
        raise RefreshFailed(message, reasons, result.run_id)
    return {"seconds": round(time.monotonic() - started, 1), "run_id": result.run_id}


def _run_history_failure(
    error: Exception, cfg: Config, dagster_home: Path, published: bool, progress: Progress | None
) -> RefreshFailed | None:
    """Dagster's own run history (SQLite) could not be written outside any step (a run's start and end are recorded
    outside them): a full or unwritable disk as a Dutch RefreshFailed, as in a step; None for any other error."""
    reason = _uitleg(" ".join(str(getattr(error, "orig", None) or error).split()))
    if not reason.startswith(("de schijf", "de gegevensmap")):
        return None
    message = (
        f"Verversen gepubliceerd ({cfg.serving_path}), maar Dagster kon de run niet vastleggen."
        if published
        else f"Verversen mislukt; de vorige publicatie blijft staan ({cfg.serving_path})."
    )
    message += f"\n- Dagsters rungeschiedenis (DAGSTER_HOME={dagster_home}): {reason}"
    if progress and progress.log_path:
        message += f"\n{progress.log_note()}"
    return RefreshFailed(message, [reason], "")


def _stat_or_none(path: Path) -> tuple | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def refresh(cfg: Config, config_file: str | None = None, progress: Progress | None = None) -> dict:
    """Run the whole pipeline once, in-process: raw loads, dbt build, checks, publish."""
    return run_job(cfg, "verversen", config_file, progress)


def demo_config(cfg: Config, config_file: str | None, gemeenten: list[str]) -> str:
    """The configuration of `kernmonitor demo --gemeente`: the given gemeenten (or all) on the embedded data.

    Kernen are derived from the real buurt names wherever the kern mapping file does not cover a gemeente; the
    real 2024 population comes from the embedded StatLine export; the fictional example exports belong to the two
    demo gemeenten and are loaded only when one of them is chosen.
    """
    from ingest.statline import statline_layers

    known: dict[str, str] = {}
    for layer in statline_layers(cfg.statline_files, None):
        known.update({code: name for code, name in layer.data.names.items() if code.startswith("GM")})
    codes = sorted(known) if [g.lower() for g in gemeenten] == ["all"] else [g.strip().upper() for g in gemeenten]
    if unknown := [code for code in codes if code not in known]:
        raise SystemExit(
            f"Onbekende gemeentecode(s): {', '.join(unknown)}. Verwacht een code als GM1735 (Hof van Twente) uit de "
            f"meegeleverde KWB 2024, of 'all' ({len(known)} gemeenten)."
        )
    demo_gemeenten = {"GM1960", "GM0214"}
    examples = {} if demo_gemeenten & set(codes) else {"example_exports_dir": ""}
    target = cfg.home / "demo-gemeenten.toml"
    source = Path(config_file) if config_file else DEFAULT_CONFIG
    return str(write_variant(source, target, codes=codes, **examples))


def cmd_demo(args: argparse.Namespace) -> int:
    cfg = load_config(args.config)
    config_file = args.config
    if args.gemeente:
        config_file = demo_config(cfg, args.config, args.gemeente)
        cfg = load_config(config_file)
    print(f"kernmonitor demo: {len(cfg.gemeenten)} gemeente(n), gegevens in {cfg.home}", flush=True)
    with Progress(cfg.home, "demo", args.verbose) as progress:
        # Always a fresh manifest: the demo must show every model of this checkout (partial parse: a few seconds).
        prepare(cfg, progress)
        info = refresh(cfg, config_file, progress)
    print(f"Pijplijn klaar in {info['seconds']} s; publicatie: {cfg.serving_path}")
    if progress.log_path:
        print(progress.log_note(), flush=True)
    if args.no_serve:
        return 0
    return cmd_serve(args)


def cmd_refresh(args: argparse.Namespace) -> int:
    cfg = load_config(args.config)
    with Progress(cfg.home, "verversen", args.verbose) as progress:
        info = refresh(cfg, args.config, progress)
    print(f"Ververst in {info['seconds']} s (run {info['run_id']})")
    if progress.log_path:
        print(progress.log_note())
    return 0


def cmd_prepare(args: argparse.Namespace) -> int:
    prepare(load_config(args.config))
    print("dbt-manifest gebouwd")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    cfg = load_config(args.config)
    if not cfg.serving_path.exists():
        print(f"Geen publicatie gevonden in {cfg.serving_path}: draai eerst `kernmonitor demo --no-serve`.")
        return 2
    from dashboards.app import create_app
    from kernmonitor.webauth import AuthConfigError, protect

    app = create_app(cfg.serving_path, bewaak_publicaties=True)
    # The same as the WSGI entry point: security headers always; accounts when KERNMONITOR_HOME/gebruikers.json
    # exists or KERNMONITOR_USER and KERNMONITOR_PASSWORD are set (a shared server).
    try:
        protected = protect(app, home=cfg.home)
    except AuthConfigError as error:
        print(str(error), file=sys.stderr)
        return 2
    print(f"Dashboard op http://{args.host}:{args.port}" + (" (met wachtwoord)" if protected else ""))
    app.run(host=args.host, port=args.port, debug=False)
    return 0


def cmd_gebruiker(args: argparse.Namespace) -> int:
    """Dashboard accounts in KERNMONITOR_HOME/gebruikers.json (kernmonitor/accounts.py)."""
    from kernmonitor.accounts import command

    return command(args, load_config(args.config).home)


def cmd_snapshot(args: argparse.Namespace) -> int:
    """Record the live CBS answers for the configured gemeenten and years (needs internet)."""
    from ingest.cbs_odata import CbsV3Client, SourceRequestError, find_kwb_tables, write_snapshot
    from ingest.kwb import columns_needed, resolve_measures

    cfg = load_config(args.config)
    tables = dict(cfg.kwb_tables)
    try:
        tables.update(find_kwb_tables(cfg.cbs_catalog_url))
    except SourceRequestError as error:
        print(f"Let op: CBS-catalogus niet bereikbaar ({error}); alleen de geconfigureerde tabellen.")
    out = Path(args.out)
    try:
        write_snapshot(
            CbsV3Client(cfg.cbs_v3_url, parallel=cfg.cbs_max_requests),
            out,
            tables,
            list(cfg.gemeenten),
            lambda props: columns_needed(resolve_measures(props)),
        )
    except SourceRequestError as error:
        print(f"Snapshot mislukt: {error}", file=sys.stderr)
        return 1
    print(f"Snapshot van {len(tables)} tabellen geschreven naar {out}")
    return 0


def cmd_load_export(args: argparse.Namespace) -> int:
    """Validate and load one municipal export, then rebuild what depends on it and publish."""
    cfg = load_config(args.config)
    # One writer at a time, from the load through the rebuild and publish (kernmonitor/writelock.py).
    with _writing(cfg, f"kernmonitor load-export {Path(args.path).name}"):
        return _load_export(args, cfg)


def _load_export(args: argparse.Namespace, cfg: Config) -> int:
    import duckdb

    from ingest.exports_load import load_export_command
    from orchestration.defs.exports.assets import mapping_in_force

    # The same kern mapping the inbox sensor's runs use: the one in force, derived kernen included.
    if cfg.warehouse_path.exists():
        with duckdb.connect(str(cfg.warehouse_path), read_only=True) as con:
            mapping = mapping_in_force(con, cfg)
    else:
        mapping = mapping_in_force(None, cfg)
    code = load_export_command(args.path, args.json, cfg.warehouse_path, mapping, cfg.archive_dir)
    if code != 0 or args.no_publish:
        return code
    # With --json, stdout holds only the summary (one JSON object): the step lines and, with --verbose, Dagster's
    # and dbt's output go to stderr.
    out = sys.stderr if args.json else sys.stdout
    sys.stdout.flush()
    try:
        with (
            Progress(cfg.home, "load-export", args.verbose, out=out) as progress,
            contextlib.redirect_stdout(out),
        ):
            run_job(cfg, "exports_laden", args.config, progress)
    except RefreshFailed as failure:
        print(str(failure), file=sys.stderr)
        return 1
    if not args.json:
        print(f"Gepubliceerd: {cfg.serving_path}")
    if progress.log_path:
        print(progress.log_note(), file=out)
    return 0


def statline_summary(imported, table_id: str) -> list[str]:
    """A short Dutch summary of an import: regions, the measures placed, what was not placed, suppressed cells."""
    from dashboards.formatting import getal

    names = {"NL": ("land", "landen"), "GM": ("gemeente", "gemeenten"), "WK": ("wijk", "wijken")}
    levels = imported.levels()
    parts = [
        f"{getal(levels[level])} {names.get(level, ('buurt', 'buurten'))[levels[level] != 1]}"
        for level in ("NL", "GM", "WK", "BU")
        if levels.get(level)
    ]
    lines = [
        f"StatLine-import voor tabel {table_id}: {len(imported.files)} bestand(en), "
        f"{getal(len(imported.cells))} regio's ({', '.join(parts)})",
        f"Maten geplaatst ({len(imported.columns)}):",
    ]
    width = max((len(m) for m in imported.columns), default=0)
    lines += [f"  {m.ljust(width)}  ← {c.header}" for m, c in imported.columns.items()]
    unplaced = imported.unplaced
    if unplaced:
        lines.append(f"Kolommen niet geplaatst ({len(unplaced)}), niet geladen:")
        lines += [f"  - {path.name}: {c.header!r}: {c.reason}" for path, c in unplaced]
    else:
        lines.append("Kolommen niet geplaatst: geen")
    suppressed = {m: n for m, n in imported.suppressed().items() if n}
    total = sum(suppressed.values())
    detail = f" ({', '.join(f'{m} {getal(n)}' for m, n in suppressed.items())})" if suppressed else ""
    lines.append(f"Geheime of onbekende cellen: {getal(total)}{detail}; die blijven leeg, geen nul")
    return lines


def cmd_import_statline(args: argparse.Namespace) -> int:
    """Read StatLine CSV exports of a KWB table, keep them in KERNMONITOR_HOME/statline/<table>/, then refresh."""
    from ingest.statline import StatlineError, check_table_id, import_into_home

    cfg = load_config(args.config)
    try:
        table = check_table_id(args.table)
        imported, copied = import_into_home(cfg.home, table, [Path(f) for f in args.files])
    except StatlineError as error:
        print(f"Import mislukt: {error}", file=sys.stderr)
        return 2
    print("\n".join(statline_summary(imported, table)))
    print(f"Bewaard in {copied[0].parent} ({len(copied)} bestand(en)); elke verversing gebruikt ze voortaan.")
    if table not in cfg.kwb_tables.values():
        print(
            f"Let op: tabel {table} staat niet in [kwb] tables van de configuratie; ververs laadt hem alleen als "
            "de CBS-catalogus hem noemt."
        )
    if args.no_publish:
        return 0
    sys.stdout.flush()
    try:
        # With --verbose, dbt's progress lines go to stderr, as Dagster's do.
        with (
            Progress(cfg.home, "import-statline", args.verbose) as progress,
            contextlib.redirect_stdout(sys.stderr if args.verbose else sys.stdout),
        ):
            info = refresh(cfg, args.config, progress)
    except RefreshFailed as failure:
        print(str(failure), file=sys.stderr)
        return 1
    print(f"Ververst in {info['seconds']} s; gepubliceerd: {cfg.serving_path}")
    if progress.log_path:
        print(progress.log_note())
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Raad briefings: PDF one-pagers, XLSX or PNG charts, per kern or for all kernen."""
    from dashboards.briefing import OnbekendeKern, export_batch
    from dashboards.data import ServingData

    cfg = load_config(args.config)
    if not cfg.serving_path.exists():
        print(f"Geen publicatie gevonden in {cfg.serving_path}: draai eerst `kernmonitor demo --no-serve`.")
        return 2
    started = time.monotonic()
    try:
        paths = export_batch(
            ServingData(cfg.serving_path), Path(args.out), args.format, args.gemeente, args.kern, args.periode
        )
    except (OnbekendeKern, ValueError) as error:
        print(str(error), file=sys.stderr)
        return 2
    print(f"{len(paths)} bestand(en) in {Path(args.out).resolve()} ({time.monotonic() - started:.1f} s)")
    return 0


def cmd_dagster_dev(args: argparse.Namespace) -> int:
    """`dagster dev` with this home's instance (run history, schedules, sensor) and environment."""
    cfg = load_config(args.config)
    prepare(cfg)
    env = {
        **os.environ,
        "DAGSTER_HOME": str(_dagster_env(cfg)),
        "KERNMONITOR_HOME": str(cfg.home),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    os.chdir(REPO_ROOT)
    os.execvpe(str(Path(sys.executable).with_name("dagster")), ["dagster", "dev", *args.dagster_args], env)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kernmonitor", description="De feiten van elke kern op één plek.")
    parser.add_argument("--config", help="configuratiebestand (standaard: kernmonitor.toml)")
    verbose_help = "de regels van Dagster en dbt live tonen in plaats van in KERNMONITOR_HOME/logs/"
    parser.add_argument("-v", "--verbose", action="store_true", help=verbose_help)
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="alles bouwen uit de meegeleverde gegevens en het dashboard starten")
    demo.add_argument("--no-serve", action="store_true", help="alleen bouwen, niet serveren")
    demo.add_argument(
        "--gemeente",
        action="append",
        help="gemeentecode (GM...) om te bouwen, herhaalbaar, of 'all' voor alle gemeenten (standaard: de config)",
    )
    demo.set_defaults(func=cmd_demo)

    sub.add_parser("refresh", help="de hele pijplijn één keer draaien").set_defaults(func=cmd_refresh)
    sub.add_parser("prepare", help="het dbt-manifest bouwen (dbt parse)").set_defaults(func=cmd_prepare)
    snapshot = sub.add_parser("snapshot", help="de CBS-antwoorden opnemen in een map (internet nodig)")
    snapshot.add_argument("--out", required=True, help="doelmap; daarna bruikbaar als sources.snapshot_dir")
    snapshot.set_defaults(func=cmd_snapshot)

    load = sub.add_parser(
        "load-export", help="een export (subsidies, kernagenda, doelen of kernregister) laden en publiceren"
    )
    load.add_argument("path", help="CSV- of XLSX-bestand")
    load.add_argument("--json", action="store_true", help="samenvatting als één JSON-object")
    load.add_argument("--no-publish", action="store_true", help="alleen laden, niet opnieuw publiceren")
    load.set_defaults(func=cmd_load_export)

    statline = sub.add_parser("import-statline", help="StatLine-export(s) van een KWB-tabel importeren en publiceren")
    statline.add_argument("files", nargs="+", metavar="FILE", help="CSV-bestand(en) uit StatLine (ook .csv.gz)")
    statline.add_argument("--table", required=True, help="CBS-tabel, bijvoorbeeld 85984NED")
    statline.add_argument("--no-publish", action="store_true", help="alleen importeren, niet opnieuw publiceren")
    statline.set_defaults(func=cmd_import_statline)

    export = sub.add_parser("export", help="briefings voor de raad: pdf, xlsx of png (alle kernen zonder --kern)")
    export.add_argument(
        "--format", required=True, choices=["pdf", "xlsx", "png", "kansenkaart", "effectmeting", "jaarbeeld"]
    )
    export.add_argument(
        "--periode", help="jaarbeeld: een jaar (2023) of een periode (2019-2023); standaard het laatste jaar"
    )
    export.add_argument("--gemeente", action="append", help="gemeentecode (GM...), herhaalbaar; standaard alle")
    export.add_argument("--kern", help="naam van één kern")
    export.add_argument("--out", default="briefings", help="doelmap (standaard: briefings)")
    export.set_defaults(func=cmd_export)

    dev = sub.add_parser("dagster-dev", help="Dagster dev starten op deze gegevensmap")
    dev.add_argument("dagster_args", nargs=argparse.REMAINDER, help="extra argumenten voor dagster dev")
    dev.set_defaults(func=cmd_dagster_dev)

    gebruiker = sub.add_parser("gebruiker", help="accounts voor het dashboard: toevoegen, verwijderen, lijst")
    acties = gebruiker.add_subparsers(dest="actie", required=True)
    toevoegen = acties.add_parser("toevoegen", help="een account toevoegen (vraagt het wachtwoord twee keer)")
    toevoegen.add_argument("naam")
    toevoegen.add_argument("--rol", choices=["lezer", "beheerder"], default="lezer", help="standaard: lezer")
    toevoegen.add_argument("--wachtwoord-stdin", action="store_true", help="het wachtwoord van stdin (scripts)")
    acties.add_parser("verwijderen", help="een account verwijderen").add_argument("naam")
    acties.add_parser("lijst", help="de accounts met hun rol")
    gebruiker.set_defaults(func=cmd_gebruiker)

    # Also after the command (`kernmonitor demo --verbose`); SUPPRESS keeps a global --verbose from being reset.
    for name in ("demo", "refresh", "load-export", "import-statline"):
        sub.choices[name].add_argument(
            "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help=verbose_help
        )

    for name, func in (("serve", cmd_serve), ("demo", None)):
        target = sub.choices[name] if name in sub.choices else sub.add_parser(name, help="het dashboard serveren")
        target.add_argument("--host", default=os.environ.get("KERNMONITOR_HOST", "127.0.0.1"))
        target.add_argument("--port", type=int, default=int(os.environ.get("KERNMONITOR_PORT", "8050")))
        if func:
            target.set_defaults(func=func)

    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except OSError as error:
        # A full or read-only disk: a Dutch message naming the file, not a traceback (kernmonitor/writelock.py).
        from kernmonitor.writelock import disk_error_message

        if (message := disk_error_message(error)) is None:
            raise
        print(message, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
