"""The municipality's own exports (subsidy grants, kernagenda, goals) into `raw`: the demo examples and the inbox."""

from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd

from ingest.exports import ExportFileError
from ingest.exports_enquete import write_survey_settings
from ingest.exports_files import CSV_SUFFIXES, XLSX_SUFFIXES
from ingest.exports_load import ensure_export_tables, load_export, summary_text
from orchestration.defs.exports.inbox import set_aside, waiting_files
from orchestration.defs.sources.assets import kern_mapping
from orchestration.resources import KernmonitorResource

GROUP = "gemeente_exports"
# The raw tables the exports land in: one asset each, so dbt's sources (and all that reads them) follow.
EXPORT_TABLES = (
    "export_files",
    "subsidies",
    "kernagenda",
    "doelen",
    "kernregister",
    "enquete",
    "enquete_resultaten",
    "enquete_instellingen",
    "eigen_cijfers",
    "export_rejects",
    "export_corrections",
)
EXPORT_KEYS = [dg.AssetKey(["raw", table]) for table in EXPORT_TABLES]
EXPORTS_KEY = EXPORT_KEYS[0]
EXPORT_SUFFIXES = CSV_SUFFIXES + XLSX_SUFFIXES


class ExportsConfig(dg.Config):
    """`files`: load only these inbox files (the sensor sets the one it saw); empty: every waiting file."""

    files: list[str] = []


def example_files(folder: Path | None) -> list[Path]:
    """The example exports shipped for the demo, in name order (older peildatum first, as they are named)."""
    if folder is None or not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in EXPORT_SUFFIXES)


def mapping_in_force(con: duckdb.DuckDBPyConnection | None, cfg) -> pd.DataFrame:
    """The kern mapping the last kern_buurt load wrote (derived kernen included); before any load, the same
    decision made now (`kern_mapping`). The inbox sensor's runs and `kernmonitor load-export` both use this."""
    if con is not None:
        try:
            return con.execute("select gemeentecode, buurtcode, kern from raw.kern_buurt").df()
        except duckdb.CatalogException:
            pass
    return kern_mapping(cfg)[["gemeentecode", "buurtcode", "kern"]]


@dg.multi_asset(
    name="raw__exports",
    specs=[
        # Goals may name a group of kernen: the groups are loaded first.
        dg.AssetSpec(
            key,
            group_name=GROUP,
            kinds={"duckdb"},
            deps=[dg.AssetKey(["raw", "kern_buurt"]), dg.AssetKey(["raw", "kern_groepen"])],
        )
        for key in EXPORT_KEYS
    ],
    check_specs=[
        dg.AssetCheckSpec(
            "exportbestanden_gelezen",
            asset=EXPORTS_KEY,
            description="Elk aangeboden exportbestand kon worden gelezen (afgewezen rijen tellen hier niet).",
        )
    ],
)
def exports(context: dg.AssetExecutionContext, config: ExportsConfig, kernmonitor: KernmonitorResource):
    """Subsidy grants and kernagenda points from the inbox (and, for the demo, the shipped examples).

    A file that was read is removed from the inbox: its original bytes hold personal columns, and the archive
    keeps a copy of its accepted rows without them. A file that cannot be read moves to inbox/niet-geladen/
    with the reason next to it. Loading the same content again changes nothing (content hash).
    """
    cfg = kernmonitor.config()
    examples = example_files(cfg.example_exports_dir) if cfg.source_mode == "snapshot" else []
    inbox = waiting_files(cfg.inbox_dir)
    if config.files:
        inbox = [p for p in inbox if p.name in set(config.files)]

    loaded, unreadable = [], []
    with kernmonitor.warehouse() as con:
        ensure_export_tables(con)
        write_survey_settings(con, cfg.enquete_min_n)
        mapping = mapping_in_force(con, cfg)
        for path in [*examples, *inbox]:
            from_inbox = path.parent == cfg.inbox_dir
            try:
                summary = load_export(con, path, mapping, cfg.archive_dir)
            except ExportFileError as exc:
                context.log.warning(f"Niet geladen: {exc}")
                unreadable.append({"bestand": path.name, "reden": str(exc)})
                if from_inbox:
                    set_aside(path, str(exc))
                continue
            if not summary.already_loaded:
                context.log.info(summary_text(summary))
            loaded.append(summary)
            if from_inbox:
                path.unlink()

    files = {
        s.file: {"soort": s.kind, "rijen": s.rows, "opgenomen": s.accepted, "afgewezen": s.rejected}
        | ({"al_geladen": True} if s.already_loaded else {})
        for s in loaded
    }
    for key in EXPORT_KEYS[1:]:
        yield dg.MaterializeResult(asset_key=key)
    yield dg.MaterializeResult(
        asset_key=EXPORTS_KEY,
        metadata={
            "bestanden": dg.MetadataValue.json(files),
            "nieuw_geladen": sum(not s.already_loaded for s in loaded),
            "uit_inbox": len(inbox),
            "niet_geladen": len(unreadable),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name="exportbestanden_gelezen",
                passed=not unreadable,
                # A wrong file must not stop the publish of everything else; it waits in niet-geladen/.
                severity=dg.AssetCheckSeverity.WARN,
                metadata={"niet_geladen": dg.MetadataValue.json(unreadable)},
            )
        ],
    )
