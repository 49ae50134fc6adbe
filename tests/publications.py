"""Publications the page, export and browser tests run on, besides the synthetic demo.

- `live`: `kernmonitor refresh` in live mode against a local CBS (the demo's recorded tables served by the replay
  server, in the real OData v3 format) and a local Leefbaarometer WFS. A live source marks nothing synthetic, so
  this publication has no synthetic value at all: the path every municipality takes on its first real refresh.
- `schaars`: the same, with many cells suppressed or missing the way small areas are at CBS: half of every
  buurt's cells beyond its inhabitants, two measures of the latest year entirely, every figure of one kern, and
  Nederland's reference figures. Pages must show "–" with a reason, never break.

Both load Buren's example goals through the inbox, as a municipality's own file arrives: goals on real figures
(labelled VOORBEELD, as the goals are an example; the values they are measured on are CBS's).
"""

from __future__ import annotations

import json
import os
import random
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from pytest_httpserver import HTTPServer

from ingest.kwb import resolve_measures
from kernmonitor.config import DEFAULT_CONFIG, Config, load_config, write_variant
from tests.cbs_replay import CbsReplay, ReplayTable, add_catalog, catalog_entry
from tests.test_leefbaarometer_wfs import OWS, get_feature

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "data" / "snapshot"
# Counts and areas: what kernen sum and the publish gate reconciles with the gemeente.
SUMMED_MEASURES = set(
    pd.read_csv(ROOT / "dbt_project" / "seeds" / "kwb_measures.csv").query("aggregation == 'sum'")["measure"]
)
# Measures of the latest year that the sparse publication lacks for every region (a table that dropped them).
DROPPED_MEASURES = ("woz_gemiddeld", "afstand_huisarts_km")
# The goals file both publications find in their inbox.
GOALS = ROOT / "data" / "exports" / "VOORBEELD_Buren_doelen_2024.csv"
# The kern of the sparse publication whose buurten hold nothing but their inhabitants.
EMPTY_KERN = "Heesselt"


def snapshot_tables() -> dict[int, ReplayTable]:
    """The embedded snapshot's tables as the replay server serves them (answers unchanged)."""
    manifest = json.loads((SNAPSHOT / "manifest.json").read_text(encoding="utf-8"))

    def answer(table_id: str, name: str) -> list[dict]:
        return json.loads((SNAPSHOT / table_id / f"{name}.json").read_text(encoding="utf-8"))["value"]

    return {
        int(year): ReplayTable(
            table_id,
            answer(table_id, "TableInfos")[0],
            answer(table_id, "DataProperties"),
            answer(table_id, "WijkenEnBuurten"),
            answer(table_id, "TypedDataSet"),
        )
        for year, table_id in manifest["tables"].items()
    }


def thin_out(tables: dict[int, ReplayTable], seed: int = 7) -> dict[int, ReplayTable]:
    """Suppress cells as described in the module docstring. As at CBS, a buurt count is suppressed only when it is
    small (at most 100: what the publish gate grants a suppressed buurt); inhabitants stay."""
    rng = random.Random(seed)
    latest = max(tables)
    mapping = pd.read_csv(ROOT / "data" / "kernen" / "kern_buurt.csv", dtype=str)
    empty_kern = set(mapping.loc[mapping["kern"] == EMPTY_KERN, "buurtcode"])
    for year, table in tables.items():
        keys = resolve_measures(table.data_properties).keys
        topics = [p for p in table.data_properties if p.get("Type") == "Topic"]
        keep = {keys["inwoners"], "ID", "WijkenEnBuurten"} | {p["Key"] for p in topics if p["Datatype"] == "String"}
        counts = {keys[m] for m in SUMMED_MEASURES if m in keys}
        dropped = {keys[m] for m in DROPPED_MEASURES if m in keys} if year == latest else set()
        for row in table.rows:
            code = str(row["WijkenEnBuurten"]).strip()
            for key in sorted(row.keys() - keep):  # sorted: a set's order changes with PYTHONHASHSEED
                if key in counts:
                    small = code.startswith("BU") and row[key] is not None and row[key] <= 100
                    suppress = small and (code in empty_kern or rng.random() < 0.5)
                else:
                    buurt_cell = code.startswith("BU") and (code in empty_kern or rng.random() < 0.5)
                    suppress = key in dropped or code == "NL00" or buurt_cell
                if suppress:
                    row[key] = None
    return tables


@contextmanager
def local_cbs(tables: dict[int, ReplayTable]) -> Iterator[dict[str, str]]:
    """A local CBS (OData v3 and catalogue) and Leefbaarometer WFS; yields the environment that points at them."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        replay, feed = CbsReplay(server), CbsReplay(server, "/ODataFeed/odata")
        for table in tables.values():
            replay.add_table(table)
            feed.add_table(table)
        catalog = add_catalog(server, [catalog_entry(t.table_id, year) for year, t in tables.items()])
        server.expect_request(OWS).respond_with_handler(get_feature)
        yield {
            "KERNMONITOR_SOURCE_MODE": "live",
            "KERNMONITOR_CBS_V3_URL": replay.base_url,
            "KERNMONITOR_CBS_CATALOG_URL": catalog,
            "KERNMONITOR_LEEFBAAROMETER_URL": server.url_for(OWS),
        }
    finally:
        server.clear()
        if server.is_running():
            server.stop()


@contextmanager
def home_environment(home: Path, **settings: str) -> Iterator[None]:
    """KERNMONITOR_HOME (and other settings) for one build, DAGSTER_HOME unset; the process environment is restored
    afterwards, so the session's other homes never see them."""
    settings = {"KERNMONITOR_HOME": str(home), **settings}
    previous = {key: os.environ.get(key) for key in [*settings, "DAGSTER_HOME"]}
    os.environ.update(settings)
    os.environ.pop("DAGSTER_HOME", None)
    try:
        yield
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def refresh_into(home: Path, environment: dict[str, str], tables: dict[int, str]) -> Config:
    """`kernmonitor refresh` of these KWB tables into a fresh home with these environment settings."""
    from kernmonitor.cli import refresh

    # Only what the local CBS serves: no StatLine export laid over it.
    config_file = write_variant(DEFAULT_CONFIG, home / "kernmonitor.toml", tables=tables, statline_files=[])
    with home_environment(home, KERNMONITOR_CONFIG=str(config_file), **environment):
        cfg = load_config()
        refresh(cfg)
    return cfg


def build(kind: str, home: Path) -> Config:
    tables = snapshot_tables()
    if kind == "schaars":
        tables = thin_out(tables)
    (home / "inbox").mkdir(parents=True, exist_ok=True)
    shutil.copy2(GOALS, home / "inbox" / GOALS.name)  # its own date: a file that has settled
    with local_cbs(tables) as environment:
        return refresh_into(home, environment, {year: table.table_id for year, table in tables.items()})
