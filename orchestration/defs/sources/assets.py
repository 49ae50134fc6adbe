"""Raw loads: CBS KWB, Leefbaarometer, boundaries and the kern mapping into the `raw` schema."""

import dagster as dg

from ingest import warehouse
from ingest.kernen import load_kern_mapping
from ingest.snapshot import SnapshotSource
from orchestration.resources import KernmonitorResource

GROUP = "bronnen"


def kwb_source(cfg):
    """The configured KWB source: the recorded snapshot folder, or the live CBS OData service."""
    if cfg.source_mode == "live":
        from ingest.cbs_odata import CbsV3Client

        return CbsV3Client(cfg.cbs_v3_url), False
    source = SnapshotSource(cfg.snapshot_dir)
    return source, source.synthetic


@dg.asset(key=["raw", "kern_buurt"], group_name=GROUP, kinds={"duckdb"})
def kern_buurt(context: dg.AssetExecutionContext, kernmonitor: KernmonitorResource) -> dg.MaterializeResult:
    """The buurt -> kern mapping: the derived default with the municipality's override applied."""
    cfg = kernmonitor.config()
    mapping = load_kern_mapping(cfg.kern_mapping, cfg.kern_mapping_override)
    if not cfg.all_gemeenten:
        mapping = mapping[mapping["gemeentecode"].isin(cfg.gemeenten)]
    with kernmonitor.warehouse() as con:
        rows = warehouse.load_kern_mapping(con, mapping)
    return dg.MaterializeResult(
        metadata={"buurten": rows, "kernen": int(mapping[["gemeentecode", "kern"]].drop_duplicates().shape[0])}
    )


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            ["raw", "kwb_values"],
            group_name=GROUP,
            kinds={"duckdb"},
            description="CBS KWB values, one row per table, region and measure (long form).",
        ),
        dg.AssetSpec(
            ["raw", "kwb_tables"],
            group_name=GROUP,
            kinds={"duckdb"},
            description="One row per KWB table: revision date, resolved measures, metadata snapshot.",
        ),
    ]
)
def kwb_values(context: dg.AssetExecutionContext, kernmonitor: KernmonitorResource):
    """CBS Kerncijfers wijken en buurten for every configured year, measures resolved from each table's metadata."""
    cfg = kernmonitor.config()
    source, synthetic = kwb_source(cfg)
    real_cells = getattr(source, "real_cells", None)
    values, metadata = warehouse.kwb_frames(source, cfg.kwb_tables, cfg.gemeenten, synthetic, real_cells)
    with kernmonitor.warehouse() as con:
        rows = warehouse.load_kwb(con, values, metadata)
    yield dg.MaterializeResult(
        asset_key=["raw", "kwb_tables"],
        metadata={
            "tables": len(metadata),
            "revisions": dg.MetadataValue.json(dict(zip(metadata.table_id, metadata.revision, strict=True))),
        },
    )
    yield dg.MaterializeResult(
        asset_key=["raw", "kwb_values"],
        metadata={
            "rows": rows,
            "tables": dg.MetadataValue.json({str(r.year): r.table_id for r in metadata.itertuples()}),
            "synthetic_rows": int(values["synthetic"].sum()),
            "source": "synthetic-demo snapshot" if synthetic else cfg.source_mode,
        },
    )


@dg.asset(key=["raw", "leefbaarometer"], group_name=GROUP, kinds={"duckdb"})
def leefbaarometer(context: dg.AssetExecutionContext, kernmonitor: KernmonitorResource) -> dg.MaterializeResult:
    """Leefbaarometer 3.0 scores per buurt and gemeente (the embedded 2024 extract)."""
    cfg = kernmonitor.config()
    gemeente_file = cfg.leefbaarometer_file.with_name(cfg.leefbaarometer_file.name.replace("buurten", "gemeenten"))
    with kernmonitor.warehouse() as con:
        rows = warehouse.load_leefbaarometer(con, cfg.leefbaarometer_file, gemeente_file)
    return dg.MaterializeResult(metadata={"rows": rows})


@dg.asset(key=["raw", "buurt_geometrie"], group_name=GROUP, kinds={"duckdb"})
def buurt_geometrie(context: dg.AssetExecutionContext, kernmonitor: KernmonitorResource) -> dg.MaterializeResult:
    """Simplified buurt boundaries (CBS wijk- en buurtkaart 2023) for the maps."""
    cfg = kernmonitor.config()
    path = cfg.kern_mapping.parent.parent / "cbs" / "cbs_buurten_2023_GM1960_GM0214.geojson"
    with kernmonitor.warehouse() as con:
        rows = warehouse.load_buurt_geometry(con, path)
    return dg.MaterializeResult(metadata={"buurten": rows})
