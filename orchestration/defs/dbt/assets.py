"""The dbt models (staging -> intermediate -> marts, and the publish rules in controles) as Dagster assets; dbt
tests become asset checks."""

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, dbt_assets

from orchestration.defs.dbt.resource import KernmonitorDbtCliResource
from orchestration.project import dbt_project
from orchestration.resources import KernmonitorResource

# dbt's target folder of a home (manifest, run results, dbt.log, partial_parse.msgpack). One folder per home, reused
# by every build there: dbt then parses the project once per home and reads its partial parse afterwards (the
# working file travels as a dbt var, and a parse is only valid for the vars it was made with). dagster-dbt would
# otherwise give every build a fresh folder under dbt_project/target/, where no partial parse of this home is.
DBT_TARGET = "dbt-target"


class KernmonitorDbtTranslator(DagsterDbtTranslator):
    """Models and seeds keyed by their schema (staging/intermediate/marts/seeds) so lineage reads by layer."""

    def get_asset_key(self, dbt_resource_props) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] in ("model", "seed", "snapshot"):
            return dg.AssetKey([dbt_resource_props["config"]["schema"], dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props) -> str:
        return "dbt_" + dbt_resource_props["fqn"][1] if len(dbt_resource_props["fqn"]) > 2 else "dbt"


@dbt_assets(manifest=dbt_project.manifest_path, dagster_dbt_translator=KernmonitorDbtTranslator())
def kernmonitor_dbt_models(
    context: dg.AssetExecutionContext, dbt: KernmonitorDbtCliResource, kernmonitor: KernmonitorResource
):
    """Build and test every model on the working file of this run's configuration (passed to dbt as a var)."""
    cfg = kernmonitor.config()
    yield from dbt.cli(["build", *cfg.dbt_args()], context=context, target_path=cfg.home / DBT_TARGET).stream()
