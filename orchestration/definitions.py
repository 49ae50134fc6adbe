"""Everything Dagster shows: `dagster dev` from the repository root loads this module (see pyproject.toml)."""

from __future__ import annotations

import sys
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.defs.dbt.assets import kernmonitor_dbt_models
from orchestration.defs.publish.assets import serving
from orchestration.defs.sources.assets import buurt_geometrie, kern_buurt, kwb_values, leefbaarometer
from orchestration.project import dbt_project
from orchestration.resources import KernmonitorResource

defs = dg.Definitions(
    assets=[kern_buurt, kwb_values, leefbaarometer, buurt_geometrie, kernmonitor_dbt_models, serving],
    resources={
        "kernmonitor": KernmonitorResource(),
        # The dbt of this Python environment, found even when the venv is not activated (PATH lacks it).
        "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=str(Path(sys.executable).with_name("dbt"))),
    },
    executor=dg.in_process_executor,
)
