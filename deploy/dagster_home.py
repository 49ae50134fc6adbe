"""Prepare the Dagster instance folder under KERNMONITOR_HOME and print the environment Dagster needs.

    eval "$(.venv/bin/python deploy/dagster_home.py)"   # then: dagster dev, dagster-daemon run, ...

Writes <KERNMONITOR_HOME>/dagster/dagster.yaml (telemetry off, one run at a time, run history kept) and builds
the dbt manifest when it is missing. Prints export lines for DAGSTER_HOME, KERNMONITOR_HOME and a PATH with
this Python environment first (for the `dagster` commands; the pipeline tells dbt its working file itself).
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kernmonitor.cli import _dagster_env, ensure_manifest  # noqa: E402
from kernmonitor.config import load_config  # noqa: E402


def main() -> int:
    cfg = load_config()
    cfg.home.mkdir(parents=True, exist_ok=True)
    ensure_manifest(cfg)
    environment = {
        "KERNMONITOR_HOME": str(cfg.home),
        "DAGSTER_HOME": str(_dagster_env(cfg)),
    }
    for name, value in environment.items():
        print(f"export {name}={shlex.quote(value)}")
    print(f'export PATH={shlex.quote(str(Path(sys.executable).parent))}:"$PATH"')
    return 0


if __name__ == "__main__":
    sys.exit(main())
