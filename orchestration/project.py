"""The dbt project as Dagster sees it."""

from __future__ import annotations

from pathlib import Path

from dagster_dbt import DbtProject

REPO_ROOT = Path(__file__).resolve().parent.parent

dbt_project = DbtProject(project_dir=REPO_ROOT / "dbt_project", profiles_dir=REPO_ROOT / "dbt_project")
# Parses the project under `dagster dev` only; elsewhere `kernmonitor prepare` (dbt parse) builds the manifest.
dbt_project.prepare_if_dev()
