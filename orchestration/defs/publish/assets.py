"""The last step: copy the marts to the serving file and swap it in atomically."""

import dagster as dg

from kernmonitor.publish import CONTROLES_SCHEMA, publish
from orchestration.defs.dbt.assets import kernmonitor_dbt_models
from orchestration.resources import KernmonitorResource

# Every dbt model in the marts schema: exactly what publish() copies.
MARTS = sorted(key for key in kernmonitor_dbt_models.keys if key.path[0] == "marts")
# The publish rules' views: their blocking checks hold the publish back.
CONTROLES = sorted(key for key in kernmonitor_dbt_models.keys if key.path[0] == CONTROLES_SCHEMA)


@dg.asset(
    key=["serving"],
    group_name="publicatie",
    deps=MARTS + CONTROLES,
    kinds={"duckdb"},
)
def serving(context: dg.AssetExecutionContext, kernmonitor: KernmonitorResource) -> dg.MaterializeResult:
    """The serving file the dashboard reads: replaced only after every model and test above succeeded."""
    cfg = kernmonitor.config()
    result = publish(cfg.warehouse_path, cfg.serving_path)
    return dg.MaterializeResult(metadata={"version": result["version"], "tables": len(result["tables"])})
