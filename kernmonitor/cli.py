"""The `kernmonitor` console script."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from kernmonitor.config import REPO_ROOT, Config, load_config

DBT_DIR = REPO_ROOT / "dbt_project"


def _dbt(args: list[str], cfg: Config) -> None:
    env = {**os.environ, "KERNMONITOR_WAREHOUSE": str(cfg.warehouse_path)}
    dbt = Path(sys.executable).with_name("dbt")
    cmd = [str(dbt), *args, "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-2000:])
        raise SystemExit(f"dbt {' '.join(args)} mislukt (exit {result.returncode})")


def prepare(cfg: Config) -> None:
    """Build the dbt manifest that the Dagster definitions load (dbt parse, about 10 s)."""
    cfg.home.mkdir(parents=True, exist_ok=True)
    _dbt(["parse", "--quiet"], cfg)


def _ensure_manifest(cfg: Config) -> None:
    if not (DBT_DIR / "target" / "manifest.json").exists():
        prepare(cfg)


def _dagster_env(cfg: Config) -> None:
    cfg.dagster_home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DAGSTER_HOME", str(cfg.dagster_home))
    dagster_yaml = cfg.dagster_home / "dagster.yaml"
    if not dagster_yaml.exists():
        dagster_yaml.write_text("telemetry:\n  enabled: false\n", encoding="utf-8")


def refresh(cfg: Config) -> dict:
    """Run the whole pipeline once, in-process: raw loads, dbt build, publish."""
    _ensure_manifest(cfg)
    _dagster_env(cfg)
    import dagster as dg

    from orchestration.definitions import defs

    started = time.monotonic()
    with dg.DagsterInstance.get() as instance:
        job = defs.resolve_implicit_global_asset_job_def()
        result = job.execute_in_process(instance=instance, raise_on_error=False)
    if not result.success:
        failed = [e.step_key for e in result.all_events if e.is_step_failure]
        raise SystemExit(f"Verversen mislukt in stap(pen) {', '.join(failed)}; de vorige publicatie blijft staan.")
    return {"seconds": round(time.monotonic() - started, 1), "run_id": result.run_id}


def cmd_demo(args: argparse.Namespace) -> int:
    cfg = load_config(args.config)
    print(f"kernmonitor demo: gegevens in {cfg.home}")
    info = refresh(cfg)
    print(f"Pijplijn klaar in {info['seconds']} s; publicatie: {cfg.serving_path}")
    if args.no_serve:
        return 0
    return cmd_serve(args)


def cmd_refresh(args: argparse.Namespace) -> int:
    cfg = load_config(args.config)
    info = refresh(cfg)
    print(f"Ververst in {info['seconds']} s (run {info['run_id']})")
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

    app = create_app(cfg.serving_path)
    print(f"Dashboard op http://{args.host}:{args.port}")
    app.run(host=args.host, port=args.port, debug=False)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kernmonitor", description="De feiten van elke kern op één plek.")
    parser.add_argument("--config", help="configuratiebestand (standaard: kernmonitor.toml)")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="alles bouwen uit de meegeleverde gegevens en het dashboard starten")
    demo.add_argument("--no-serve", action="store_true", help="alleen bouwen, niet serveren")
    demo.set_defaults(func=cmd_demo)

    sub.add_parser("refresh", help="de hele pijplijn één keer draaien").set_defaults(func=cmd_refresh)
    sub.add_parser("prepare", help="het dbt-manifest bouwen (dbt parse)").set_defaults(func=cmd_prepare)

    for name, func in (("serve", cmd_serve), ("demo", None)):
        target = sub.choices[name] if name in sub.choices else sub.add_parser(name, help="het dashboard serveren")
        target.add_argument("--host", default=os.environ.get("KERNMONITOR_HOST", "127.0.0.1"))
        target.add_argument("--port", type=int, default=int(os.environ.get("KERNMONITOR_PORT", "8050")))
        if func:
            target.set_defaults(func=func)

    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
