"""Raw loads: CBS KWB, Leefbaarometer, boundaries and the kern mapping into the `raw` schema."""

import logging

import dagster as dg
import pandas as pd

from ingest import kwb, warehouse
from ingest.cbs_odata import CbsV3Client, SourceRequestError, find_kwb_tables
from ingest.kernen import buurten_from_regions, derive_kern_mapping, load_kern_mapping
from ingest.kerngroepen import load_kern_groups
from ingest.leefbaarometer_wfs import LeefbaarometerWfsClient
from ingest.snapshot import SnapshotError, SnapshotSource
from ingest.statline import LayeredSource, statline_layers
from orchestration.resources import KernmonitorResource

GROUP = "bronnen"


def kwb_source(cfg):
    """The configured KWB source: the recorded snapshot folder, or the live CBS OData service, with the StatLine
    exports of the configuration and of KERNMONITOR_HOME/statline laid over it (their cells are real)."""
    if cfg.source_mode == "live":
        source, synthetic = CbsV3Client(cfg.cbs_v3_url, parallel=cfg.cbs_max_requests), False
    else:
        source = SnapshotSource(cfg.snapshot_dir)
        synthetic = source.synthetic
    imports = statline_layers(cfg.statline_files, cfg.home)
    if imports:
        source = LayeredSource(source, imports)
    return source, synthetic


def kwb_tables(cfg, source, log) -> dict[int, str]:
    """The configured tables, plus newer ones the CBS catalogue lists (live mode); offline, the configured tables
    that the recorded source holds (the demo stops at 2024, the last year it holds real figures for)."""
    tables = dict(cfg.kwb_tables)
    if cfg.source_mode != "live":
        held = {year: table_id for year, table_id in tables.items() if _holds(source, table_id)}
        if absent := sorted(set(tables.values()) - set(held.values())):
            log.info(f"Niet in de opgenomen bron, overgeslagen: {', '.join(absent)}")
        return held
    try:
        found = find_kwb_tables(cfg.cbs_catalog_url)
    except SourceRequestError as error:
        log.warning(f"CBS-catalogus niet bereikbaar, alleen de geconfigureerde tabellen: {error}")
        return tables
    for year, table_id in found.items():
        if year not in tables:
            log.info(f"Nieuwe KWB-tabel gevonden in de catalogus: {year} {table_id}")
        tables[year] = table_id
    return tables


def _holds(source, table_id: str) -> bool:
    try:
        source.table_infos(table_id)
    except SnapshotError:
        return False
    return True


def kern_mapping(cfg, log=None) -> pd.DataFrame:
    """The one decision which buurten make up each kern: the mapping file with the municipality's override, and
    for every configured gemeente the file does not cover, the default derived from the CBS buurt names (with
    inhabitants where the source has them). The kern_buurt asset stores it; the exports read what it stored."""
    mapping = load_kern_mapping(cfg.kern_mapping, cfg.kern_mapping_override)
    wanted = None if cfg.all_gemeenten else set(cfg.gemeenten)
    if wanted is not None:
        mapping = mapping[mapping["gemeentecode"].isin(wanted)]
    missing = None if wanted is None else wanted - set(mapping["gemeentecode"])
    if missing or wanted is None:
        source, _ = kwb_source(cfg)
        tables = kwb_tables(cfg, source, log or logging.getLogger(__name__))
        latest = tables[max(tables)]
        buurten = buurten_from_regions(source.regions(latest), missing)
        buurten = buurten[~buurten["buurtcode"].isin(mapping["buurtcode"])]
        derived = derive_kern_mapping(with_inhabitants(buurten, source, latest))
        if log is not None:
            log.info(f"Kernindeling afgeleid uit buurtnamen voor {derived['gemeentecode'].nunique()} gemeente(n)")
        mapping = pd.concat([mapping, derived], ignore_index=True)
    return mapping.reset_index(drop=True)


def with_inhabitants(buurten: pd.DataFrame, source, table_id: str) -> pd.DataFrame:
    """The buurt list with each buurt's inhabitants from the same table (the derivation prefers populous kernen)."""
    if buurten.empty:
        return buurten.assign(inwoners=pd.Series(dtype="float64"))
    resolution = kwb.resolve_measures(source.data_properties(table_id))
    key = resolution.keys["inwoners"]
    rows = source.typed_dataset(table_id, list(buurten["buurtcode"]), ["WijkenEnBuurten", key])
    inwoners = {str(r["WijkenEnBuurten"]).strip(): kwb.parse_value(r.get(key))[0] for r in rows}
    return buurten.assign(inwoners=buurten["buurtcode"].map(inwoners).astype("float64"))


@dg.asset(key=["raw", "kern_buurt"], group_name=GROUP, kinds={"duckdb"})
def kern_buurt(context: dg.AssetExecutionContext, kernmonitor: KernmonitorResource) -> dg.MaterializeResult:
    """The buurt -> kern mapping in force (see kern_mapping)."""
    mapping = kern_mapping(kernmonitor.config(), context.log)
    with kernmonitor.warehouse() as con:
        rows = warehouse.load_kern_mapping(con, mapping)
    return dg.MaterializeResult(
        metadata={"buurten": rows, "kernen": int(mapping[["gemeentecode", "kern"]].drop_duplicates().shape[0])}
    )


@dg.asset(
    key=["raw", "kern_groepen"],
    group_name=GROUP,
    kinds={"duckdb"},
    deps=[dg.AssetKey(["raw", "kern_buurt"])],
)
def kern_groepen(context: dg.AssetExecutionContext, kernmonitor: KernmonitorResource) -> dg.MaterializeResult:
    """Named groups of kernen (`sources.kern_groepen`, e.g. a pilot and its spiegelkernen), checked against the
    kern mapping the kern_buurt asset stored: a kern the mapping does not know stops the load with file, row and
    column (ingest/kerngroepen.py)."""
    cfg = kernmonitor.config()
    with kernmonitor.warehouse() as con:
        mapping = con.execute("select gemeentecode, kern from raw.kern_buurt").df()
        groups = load_kern_groups(cfg.kern_groepen, mapping)
        warehouse.load_kern_groups(con, groups)
    return dg.MaterializeResult(
        metadata={"groepen": int(groups[["gemeentecode", "groep"]].drop_duplicates().shape[0]), "rijen": len(groups)}
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
    tables = kwb_tables(cfg, source, context.log)
    values, metadata = warehouse.kwb_frames(source, tables, cfg.gemeenten, synthetic, real_cells)
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
    """Leefbaarometer 3.0 scores per buurt and gemeente: the BZK WFS in live mode, else the embedded extract."""
    cfg = kernmonitor.config()
    source = "bestand"
    features = None
    if cfg.source_mode == "live":
        client = LeefbaarometerWfsClient(cfg.leefbaarometer_url)
        try:
            features = client.scores("buurt", cfg.gemeenten) + client.scores("gemeente", cfg.gemeenten)
            source = "WFS"
        except SourceRequestError as error:
            # The biennial scores change rarely: the embedded extract is a sound fallback, said loudly.
            context.log.warning(f"Leefbaarometer-WFS niet bereikbaar, terugval op het bestand: {error}")
    with kernmonitor.warehouse() as con:
        if features is not None:
            rows = warehouse.load_leefbaarometer_features(con, features, source_name=cfg.leefbaarometer_url)
        else:
            rows = warehouse.load_leefbaarometer(con, cfg.leefbaarometer_file, cfg.leefbaarometer_gemeente_file)
    return dg.MaterializeResult(metadata={"rows": rows, "bron": source})


@dg.asset(key=["raw", "buurt_geometrie"], group_name=GROUP, kinds={"duckdb"})
def buurt_geometrie(context: dg.AssetExecutionContext, kernmonitor: KernmonitorResource) -> dg.MaterializeResult:
    """Simplified buurt boundaries (CBS wijk- en buurtkaart 2023) for the maps."""
    cfg = kernmonitor.config()
    with kernmonitor.warehouse() as con:
        rows = warehouse.load_buurt_geometry(con, cfg.buurt_geometrie_file)
    return dg.MaterializeResult(metadata={"buurten": rows})
