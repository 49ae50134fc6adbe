"""The synthetic all-NL snapshot for benchmarks: deterministic, shaped like KWB, loadable, and kernen derivable."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode

import duckdb
import pandas as pd
import pytest
import yaml
from cbs_replay import CbsReplay, ReplayTable, real_data_properties, real_table_infos

from ingest import warehouse
from ingest.cbs_odata import MAX_QUERY_LENGTH, CbsV3Client, region_codes_for
from ingest.kernen import buurten_from_regions, derive_kern_mapping, normalise_name
from ingest.kwb import columns_needed, resolve_measures
from ingest.scale_snapshot import (
    REAL_GEMEENTEN,
    build_world,
    country_rows,
    real_gemeente_codes,
    region_rows,
    write_scale_snapshot,
)
from ingest.snapshot import SnapshotSource
from ingest.statline import LayeredSource, statline_layers
from kernmonitor.config import DEFAULT_CONFIG, REPO_ROOT, load_config

TABLES = {2023: "85618NED", 2024: "85984NED", 2025: "86165NED"}


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_scale_snapshot(tmp_path_factory.mktemp("scale") / "snapshot", 3, tables=TABLES)


def test_world_has_the_size_of_the_netherlands() -> None:
    world = build_world()
    gemeenten = {b.gemeente for b in world.buurten}
    assert len(world.gemeente_names) == len(gemeenten) == 342
    assert len(world.buurten) == 14_500 and len(world.wijk_names) == 3_300
    assert len({b.code for b in world.buurten}) == 14_500
    assert {"GM1960", "GM0214"} <= gemeenten and world.select(10) == build_world().select(10)


def test_snapshot_is_labelled_synthetic_and_deterministic(three: Path, tmp_path: Path) -> None:
    source = SnapshotSource(three)
    assert source.synthetic and source.manifest["kind"] == "synthetic-scale" and source.real_cells("85984NED") == {}
    assert source.manifest["counts"]["gemeenten"] == 3
    again = write_scale_snapshot(tmp_path / "again", 3, tables={2024: "85984NED"})
    name = "85984NED/TypedDataSet.json"
    assert (again / name).read_bytes() == (three / name).read_bytes()


def test_generated_gemeenten_load_and_add_up(three: Path) -> None:
    source = SnapshotSource(three)
    gemeenten = json.loads((three / "manifest.json").read_text("utf-8"))["gemeenten"]
    values, metadata = warehouse.kwb_frames(source, TABLES, gemeenten, True, source.real_cells)
    con = duckdb.connect()
    assert warehouse.load_kwb(con, values, metadata) == len(values)
    sums = con.execute(
        """
        select g.region_code, g.year, g.value as gemeente, sum(b.value) as buurten
        from raw.kwb_values g
        join raw.kwb_values b on b.gemeentecode = g.region_code and b.year = g.year and b.measure = g.measure
        where g.region_level = 'GM' and b.region_level = 'BU' and g.measure = 'inwoners'
        group by all
        """
    ).df()
    assert len(sums) == 3 * len(TABLES) and (sums.gemeente == sums.buurten).all()
    names = con.execute("select distinct year, region_name from raw.kwb_values where region_level = 'GM'").df()
    assert (names.region_name != "").all() and len(names) == 3 * len(TABLES)
    assert values["synthetic"].all() and set(values["year"]) == set(TABLES)


def test_invented_gemeenten_take_no_real_code() -> None:
    """The shipped config lays the real KWB 2024 over the source by region code: only the two real gemeenten may
    have a real code (an invented one with a real code got the real gemeente figure and the real buurten)."""
    real = real_gemeente_codes()
    assert len(real) == 342 and set(REAL_GEMEENTEN) <= real
    assert set(build_world().gemeente_names) & real == set(REAL_GEMEENTEN)


def test_counts_add_up_with_the_real_2024_laid_over(three: Path) -> None:
    """What the benchmark refresh loads (the shipped StatLine imports over the snapshot) passes the reconciliation
    rule of kern_reconciliatie: per gemeente, year and count, the buurten add up within CBS's rounding."""
    cfg = load_config(DEFAULT_CONFIG)
    assert cfg.statline_files, "the shipped config no longer lays real StatLine exports over the source"
    source = LayeredSource(SnapshotSource(three), statline_layers(cfg.statline_files, None))
    gemeenten = json.loads((three / "manifest.json").read_text("utf-8"))["gemeenten"]
    values, _ = warehouse.kwb_frames(source, TABLES, gemeenten, True, source.real_cells)
    dbt_vars = yaml.safe_load((REPO_ROOT / "dbt_project" / "dbt_project.yml").read_text("utf-8"))["vars"]
    counts = pd.read_csv(REPO_ROOT / "dbt_project" / "seeds" / "kwb_measures.csv").query("aggregation == 'sum'")
    con = duckdb.connect()
    con.register("kwb", values[["region_level", "gemeentecode", "year", "measure", "value"]])
    con.register("counts", counts[["measure"]])
    sums = con.execute(
        """
        with buurten as (
            select gemeentecode, year, measure, sum(value) as som, count(*) as n, count(*) - count(value) as geheim
            from kwb inner join counts using (measure)
            where region_level = 'BU'
            group by all
            having count(value) > 0
        )
        select buurten.*, gemeente.value as gemeente, som - gemeente.value as verschil
        from buurten
        left join kwb as gemeente
            on gemeente.region_level = 'GM' and gemeente.gemeentecode = buurten.gemeentecode
            and gemeente.year = buurten.year and gemeente.measure = buurten.measure
        """
    ).df()
    margin = dbt_vars["cbs_afronding_per_buurt"] * (sums.n - sums.geheim)
    wrong = sums[
        sums.gemeente.isna()
        | (sums.verschil > margin)
        | (sums.verschil < -(margin + dbt_vars["geheime_buurt_marge"] * sums.geheim))
    ]
    assert set(sums.gemeentecode) == set(gemeenten) and set(sums.year) == set(TABLES)
    assert wrong.empty, wrong
    # The real gemeenten are real in 2024 (the imported cells), the invented ones synthetic in every year.
    flags = values[(values.region_level == "GM") & (values.measure == "inwoners")]
    real = flags[~flags.synthetic]
    assert set(zip(real.gemeentecode, real.year, strict=True)) == {(code, 2024) for code in REAL_GEMEENTEN}


def test_default_derivation_finds_the_generated_kernen(three: Path) -> None:
    source = SnapshotSource(three)
    derived = derive_kern_mapping(buurten_from_regions(source.regions("86165NED"), None))
    truth = pd.read_csv(three / "kern_buurt.csv", dtype=str)
    joined = derived.merge(truth, on="buurtcode", suffixes=("", "_truth"))
    assert len(joined) == len(truth) > 0
    same = joined.kern.map(normalise_name) == joined.kern_truth.map(normalise_name)
    real = joined.gemeentecode.isin(["GM1960", "GM0214"])
    # Generated names are made to be derivable; the two real gemeenten have a few ambiguous hamlets.
    assert same[~real].all(), joined[~same & ~real]


def test_all_of_nl_is_downloaded_from_the_feed_in_a_few_requests(httpserver) -> None:
    """Over 10,000 regions: the listing and the values come from CBS's bulk feed, not from ~500 API chunks."""
    world = build_world()
    everything = world.select(None)
    properties = real_data_properties()
    rows = country_rows(world, everything, properties, {2024: "85984NED"})[2024]
    table = ReplayTable("85984NED", real_table_infos(), properties, region_rows(world, everything), rows)
    api = CbsReplay(httpserver).add_table(table)
    feed = CbsReplay(httpserver, "/ODataFeed/odata", page_size=10_000, row_cap=10**9).add_table(table)
    client = CbsV3Client(api.base_url, retries=0)

    regions = client.regions("85984NED")
    columns = columns_needed(resolve_measures(properties))
    fetched = client.typed_dataset("85984NED", region_codes_for(regions, ["all"]), columns)

    assert len(regions) == len(table.regions) == len(fetched) > 18_000
    assert {row["WijkenEnBuurten"] for row in fetched} == {row["WijkenEnBuurten"] for row in rows}
    # Every row whole: the column groups joined on ID give each region exactly its own values.
    sent = {row["ID"]: {column: row[column] for column in ("ID", *columns)} for row in rows}
    assert all(row == sent[row["ID"]] for row in fetched)
    assert api.requests_for("TypedDataSet") == [] and api.requests_for("WijkenEnBuurten") == []
    # Only the wanted columns travel: their `$select` is longer than a URL may be, so it is asked for in groups
    # (each URL under the limit), every group's two pages at once.
    asked = feed.requests_for("TypedDataSet")
    groups = {params["$select"] for params in asked}
    assert len(groups) > 1 and all(len(urlencode(params)) <= MAX_QUERY_LENGTH for params in asked)
    assert {column for select in groups for column in select.split(",")} == {"ID", "WijkenEnBuurten", *columns}
    assert sorted(params.get("$skip", "0") for params in asked) == sorted(["0", "10000"] * len(groups))
    assert len(feed.requests_for("WijkenEnBuurten")) == 2
