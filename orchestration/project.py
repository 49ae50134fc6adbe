"""The dbt project as Dagster sees it."""

from __future__ import annotations

import os
from pathlib import Path

from dagster_dbt import DbtProject

from kernmonitor.config import DBT_EXECUTABLE as DBT_IN_HOME
from kernmonitor.config import load_config
from orchestration.defs.dbt.resource import KernmonitorDbtCliResource

REPO_ROOT = Path(__file__).resolve().parent.parent
# The dbt of this Python environment (found even when the venv is not activated, PATH lacks it), started in the
# warehouse's folder (kernmonitor/dbt_in_home.py).
DBT_EXECUTABLE = str(DBT_IN_HOME)

dbt_project = DbtProject(project_dir=REPO_ROOT / "dbt_project", profiles_dir=REPO_ROOT / "dbt_project")
if os.environ.get("DAGSTER_IS_DEV_CLI"):
    # Under `dagster dev` the models may change while the UI runs: parse on every code reload, with this
    # environment's dbt and the same arguments as the builds (so they can reuse the parse). Elsewhere
    # `kernmonitor prepare` (dbt parse) builds the manifest once.
    KernmonitorDbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE).cli(
        ["parse", "--quiet", *load_config().dbt_args()], target_path=dbt_project.target_path
    ).wait()
