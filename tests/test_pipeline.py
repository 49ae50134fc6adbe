"""A full materialization on the embedded data: the kernen, their buurten, their figures."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from ingest.kernen import load_kern_mapping

pytestmark = pytest.mark.slow


def read(path, sql: str, params: list | None = None) -> pd.DataFrame:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, params or []).df()


def test_one_row_per_kern_41_in_all(serving_path) -> None:
    kernen = read(serving_path, "select gemeentecode, count(*) as n from marts.kernen group by 1 order by 1")
    assert dict(zip(kernen.gemeentecode, kernen.n, strict=True)) == {"GM0214": 15, "GM1960": 26}


def test_every_buurt_of_both_gemeenten_mapped_exactly_once(pipeline_home) -> None:
    buurten = read(pipeline_home.serving_path, "select buurtcode, kern from marts.kern_buurten")
    assert len(buurten) == 105 and buurten.buurtcode.is_unique
    published = read(
        pipeline_home.warehouse_path,
        "select distinct region_code from intermediate.int_kwb_harmonised where region_level = 'BU'",
    )
    assert set(published.region_code) == set(buurten.buurtcode)
    unmapped = read(pipeline_home.warehouse_path, "select * from intermediate.int_kwb_unmapped_buurten")
    assert unmapped.empty


def test_kern_figures_are_the_sum_of_their_buurten(pipeline_home) -> None:
    """Beesd 2024: inhabitants equal the sum of its three buurten in the raw CBS rows."""
    mapping = load_kern_mapping(pipeline_home.kern_mapping)
    codes = mapping.loc[mapping.kern == "Beesd", "buurtcode"].tolist()
    raw = read(
        pipeline_home.warehouse_path,
        "select sum(value) as s from raw.kwb_values where year = 2024 and measure = 'inwoners'"
        " and region_code in (select unnest(?::varchar[]))",
        [codes],
    )
    mart = read(
        pipeline_home.serving_path,
        "select waarde from marts.kern_indicators where kern = 'Beesd' and jaar = 2024 and indicator_id = 'inwoners'",
    )
    assert len(codes) == 3
    assert mart.waarde.iloc[0] == raw.s.iloc[0] > 0


def test_every_catalogue_indicator_present_for_every_kern_and_year(serving_path) -> None:
    counts = read(
        serving_path,
        "select count(*) as n, count(distinct indicator_id) as indicators, count(distinct jaar) as jaren,"
        " count(distinct kern) as kernen from marts.kern_indicators",
    ).iloc[0]
    catalogue = pd.read_csv(Path(__file__).resolve().parent.parent / "dbt_project" / "seeds" / "indicators.csv")
    demo_years = json.loads((Path(__file__).resolve().parent.parent / "data/snapshot/manifest.json").read_text())
    assert counts.jaren == len(demo_years["tables"]) and counts.kernen == 41
    # The seed and the own figures (eigen cijfers) of the example exports: all members of the catalogue.
    own = read(serving_path, "select count(*) as n from marts.indicator_catalogus where eigen_cijfer").iloc[0].n
    assert own >= 6 and counts.indicators == len(catalogue) + own
    assert counts.n == counts.indicators * counts.jaren * counts.kernen
    missing_reason = read(
        serving_path, "select count(*) as n from marts.kern_indicators where waarde is null and status is null"
    )
    assert missing_reason.n.iloc[0] == 0


def test_every_rank_counts_the_kernen_of_the_gemeente_that_do_better(serving_path) -> None:
    """Rank = 1 + the kernen of the gemeente with a better figure that year (by the indicator's direction; equal
    figures share a rank, also when their sums differ in the last bit); rang_van = the kernen with a figure; the
    previous year's figure is the kern's own. Checked in plain pandas for every row of the demo."""
    rows = read(
        serving_path,
        "select gemeentecode, kern, jaar, indicator_id, richting, waarde, rang, rang_van, vorig_jaar_waarde"
        " from marts.kern_indicators",
    )
    rows["score"] = (rows.waarde.where(rows.richting == "lager_beter", -rows.waarde)).round(9)
    groups = rows.groupby(["gemeentecode", "jaar", "indicator_id"])
    better = groups["score"].rank(method="min")
    with_value = rows.waarde.notna()
    assert with_value.sum() > 15_000
    assert (rows.rang[with_value] == better[with_value]).all()
    assert rows.rang[~with_value].isna().all()
    assert (rows.rang_van == groups["waarde"].transform("count")).all()
    # The year before = the previous year the table holds (the demo's are consecutive, a publication's need not be).
    years = sorted(rows.jaar.unique())
    next_year = dict(zip(years, years[1:], strict=False))
    previous = rows.assign(jaar=rows.jaar.map(next_year))[["gemeentecode", "kern", "indicator_id", "jaar", "waarde"]]
    previous = previous.dropna(subset=["jaar"]).astype({"jaar": rows.jaar.dtype})
    joined = rows.merge(previous, on=["gemeentecode", "kern", "indicator_id", "jaar"], how="left", suffixes=("", "_p"))
    later = joined.jaar > joined.jaar.min()
    pd.testing.assert_series_equal(
        joined.vorig_jaar_waarde[later], joined.waarde_p[later], check_names=False, check_index=False
    )
    assert joined.vorig_jaar_waarde[~later].isna().all()


def test_leefbaarometer_per_kern_is_inhabitant_weighted(pipeline_home) -> None:
    """Kern score = sum(class x inhabitants) / sum(inhabitants) over the scored buurten of the kern."""
    expected = read(
        pipeline_home.warehouse_path,
        """
        select sum(l.kscore * w.value) / sum(w.value) as score
        from raw.leefbaarometer l
        join raw.kwb_values w on w.region_code = l.region_code and w.year = 2024 and w.measure = 'inwoners'
        join raw.kern_buurt k on k.buurtcode = l.region_code
        where k.kern = 'Maurik' and l.kscore is not null
        """,
    )
    mart = read(pipeline_home.serving_path, "select leefbaarometer_klasse from marts.kernen where kern = 'Maurik'")
    assert mart.leefbaarometer_klasse.iloc[0] == pytest.approx(expected.score.iloc[0])


def test_serving_file_holds_only_the_marts(serving_path) -> None:
    schemas = read(serving_path, "select distinct table_schema from information_schema.tables")
    assert set(schemas.table_schema) == {"marts"}


@pytest.mark.parametrize("mart", ["kern_indicators", "kern_profiel", "kern_oordelen"])
def test_the_large_marts_are_served_in_gemeente_order(serving_path, mart: str) -> None:
    """The dashboard reads these per gemeente: stored in gemeente order, DuckDB skips every other gemeente's row
    groups (a kern page on a new publication of all of NL ~60 ms sooner). A plain select returns the stored order."""
    codes = read(serving_path, f"select gemeentecode from marts.{mart}")["gemeentecode"].tolist()
    assert len(set(codes)) == 2 and codes == sorted(codes)


def test_a_new_homes_first_build_reuses_the_prepared_parse(pipeline_home) -> None:
    """The session's home is new: its dbt build starts from the parse `kernmonitor prepare` made in the dbt project
    (dagster-dbt copies it in) instead of parsing every model again (kernmonitor/dbt_in_home.py)."""
    log = (pipeline_home.home / "dbt-target" / "dbt.log").read_text(encoding="utf-8")
    assert "Unable to do partial parsing" not in log, "a full parse (after a change to the dbt project: run prepare)"
    assert "Partial parsing enabled" in log
