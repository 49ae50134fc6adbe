"""Everything Dagster shows: `dagster dev` from the repository root loads this module (see pyproject.toml)."""

from __future__ import annotations

import dagster as dg

from kernmonitor.freshness import SOURCE_FAIL_AFTER, SOURCE_WARN_AFTER
from orchestration.defs.dbt.assets import kernmonitor_dbt_models
from orchestration.defs.dbt.resource import KernmonitorDbtCliResource
from orchestration.defs.exports.assets import exports
from orchestration.defs.exports.sensors import exports_inbox_sensor, exports_job
from orchestration.defs.publish.assets import serving
from orchestration.defs.publish.checks import publish_gate_checks
from orchestration.defs.sources.assets import buurt_geometrie, kern_buurt, kern_groepen, kwb_values, leefbaarometer
from orchestration.defs.sources.schedules import monthly_refresh_schedule, refresh_job, yearly_kwb_table_schedule
from orchestration.project import DBT_EXECUTABLE, dbt_project
from orchestration.resources import KernmonitorResource

# The sources are refreshed monthly; Dagster marks them late, then failing, when that stops happening.
SOURCE_FRESHNESS = dg.FreshnessPolicy.time_window(fail_window=SOURCE_FAIL_AFTER, warn_window=SOURCE_WARN_AFTER)
sources = [
    asset.map_asset_specs(lambda spec: spec.replace_attributes(freshness_policy=SOURCE_FRESHNESS))
    for asset in (kern_buurt, kern_groepen, kwb_values, leefbaarometer, buurt_geometrie)
]

defs = dg.Definitions(
    assets=[*sources, exports, kernmonitor_dbt_models, serving],
    asset_checks=publish_gate_checks,
    jobs=[refresh_job, exports_job],
    schedules=[monthly_refresh_schedule, yearly_kwb_table_schedule],
    sensors=[exports_inbox_sensor],
    resources={
        "kernmonitor": KernmonitorResource(),
        "dbt": KernmonitorDbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE),
    },
    # One process for all steps: the multiprocess executor costs about 10 s per step on a 2-core machine, and
    # DuckDB takes one writer at a time anyway.
    executor=dg.in_process_executor,
)
