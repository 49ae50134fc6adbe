"""The dbt project as Dagster sees it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dagster_dbt import DbtProject

REPO_ROOT = Path(__file__).resolve().parent.parent

dbt_project = DbtProject(project_dir=REPO_ROOT / "dbt_project", profiles_dir=REPO_ROOT / "dbt_project")
if os.environ.get("DAGSTER_IS_DEV_CLI"):
    # `dagster dev` started without `kernmonitor dagster-dev`: let its dbt parse find this environment's dbt
    # and a working-file path (parsing opens no database).
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    os.environ.setdefault("KERNMONITOR_WAREHOUSE", str(REPO_ROOT / ".kernmonitor" / "warehouse.duckdb"))
# Parses the project under `dagster dev` only; elsewhere `kernmonitor prepare` (dbt parse) builds the manifest.
dbt_project.prepare_if_dev()
