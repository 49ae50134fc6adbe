"""Counts over the kernen of a gemeente add up to CBS's own gemeente figure."""

from __future__ import annotations

import duckdb
import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def reconciliation(pipeline_home):
    with duckdb.connect(str(pipeline_home.warehouse_path), read_only=True) as con:
        return con.execute("select * from marts.kern_reconciliatie order by gemeentecode, jaar, maat").df()


def test_every_count_of_every_year_and_gemeente_is_reconciled(reconciliation) -> None:
    assert set(reconciliation.gemeentecode) == {"GM0214", "GM1960"}
    assert set(reconciliation.jaar) == set(range(2019, 2025))  # the demo covers 2019-2024
    assert {"inwoners", "woningvoorraad", "huishoudens", "leeftijd_65_plus"} <= set(reconciliation.maat)


def test_kernen_lose_and_double_no_buurt(reconciliation) -> None:
    complete = reconciliation[reconciliation.buurten_geheim == 0]
    assert (complete.som_kernen == complete.som_buurten).all()


def test_sum_over_kernen_equals_the_cbs_gemeente_figure(reconciliation) -> None:
    """Exact for every count, except CBS's own rounding of its real buurt and wijk counts to fives."""
    complete = reconciliation[(reconciliation.buurten_geheim == 0) & reconciliation.cbs_gemeente.notna()]
    exact = complete[complete.verschil == 0]
    rounded = complete[complete.verschil != 0]
    print("\nVerschillen met het CBS-gemeentecijfer (afronding op vijftallen door CBS):")
    print(rounded[["gemeentecode", "jaar", "maat", "som_kernen", "cbs_gemeente", "verschil"]].to_string(index=False))
    assert len(exact) > 0
    # Our synthetic fill adds up exactly; every difference is on a real CBS figure and within the rounding bound.
    assert (complete[complete.gemeente_synthetisch].verschil == 0).all()
    assert (~rounded.gemeente_synthetisch).all()
    assert (rounded.verschil.abs() <= 2.5 * rounded.buurten).all()
    assert reconciliation.afwijking.isna().all()  # the rule of the dbt test and the publish gate agrees


def test_suppressed_buurten_are_reported_not_hidden(reconciliation) -> None:
    suppressed = reconciliation[reconciliation.buurten_geheim > 0]
    # Small benefit, care and education counts (synthetic) and the sectors of small buurten in the real 2022
    # establishments.
    sectors = {"landbouw", "nijverheid", "handel_horeca", "vervoer_ict", "financieel", "zakelijk", "overheid_zorg"}
    synthetic = {"bijstand", "ao_uitkering", "ww_uitkering", "aow_uitkering", "jeugdzorg", "wmo_clienten"}
    synthetic |= {"opleiding_laag", "opleiding_midden", "opleiding_hoog", "inkomensontvangers"}
    assert set(suppressed.maat) == {*synthetic, "vestigingen_cultuur_recreatie", *(f"vestigingen_{s}" for s in sectors)}
    assert (suppressed.som_buurten < suppressed.cbs_gemeente).all()
