"""The last step: copy the marts to the serving file and swap it in atomically."""

import dagster as dg

from kernmonitor.publish import publish
from orchestration.resources import KernmonitorResource

MARTS = ["kernen", "kern_indicators", "kern_profiel", "kern_buurten", "indicator_catalogus", "bronnen"]


@dg.asset(
    key=["serving"],
    group_name="publicatie",
    deps=[dg.AssetKey(["marts", name]) for name in MARTS],
    kinds={"duckdb"},
)
def serving(context: dg.AssetExecutionContext, kernmonitor: KernmonitorResource) -> dg.MaterializeResult:
    """The serving file the dashboard reads: replaced only after every model and test above succeeded."""
    cfg = kernmonitor.config()
    result = publish(cfg.warehouse_path, cfg.serving_path)
    return dg.MaterializeResult(metadata={"version": result["version"], "tables": len(result["tables"])})
