"""Measures are resolved from a table's own metadata, never from a key suffix; suppression stays missing."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from ingest.kwb import MissingMeasureError, columns_needed, parse_value, resolve_measures, to_long

DATA = Path(__file__).resolve().parent.parent / "data" / "cbs"
REAL_PROPS = json.loads((DATA / "85984NED_DataProperties_2025-03-27.json").read_text(encoding="utf-8"))


def test_real_2024_metadata_resolves_the_woz_key_39() -> None:
    resolution = resolve_measures(REAL_PROPS)
    assert resolution.keys["woz_gemiddeld"] == "GemiddeldeWOZWaardeVanWoningen_39"
    assert resolution.keys["afstand_huisarts_km"] == "AfstandTotHuisartsenpraktijk_117"
    assert "bouwjaar_voor_2000_pct" in resolution.missing_optional


def test_keys_follow_titles_when_renumbered() -> None:
    shifted = copy.deepcopy(REAL_PROPS)
    for prop in shifted:
        if prop.get("Type") == "Topic" and prop["Key"].startswith("Afstand"):
            stem, number = prop["Key"].rsplit("_", 1)
            prop["Key"] = f"{stem}_{int(number) - 7}"
    assert resolve_measures(shifted).keys["afstand_huisarts_km"] == "AfstandTotHuisartsenpraktijk_110"


def test_missing_required_measure_fails_naming_it() -> None:
    without = [p for p in REAL_PROPS if p.get("Key") != "Woningvoorraad_35"]
    with pytest.raises(MissingMeasureError, match="woningvoorraad"):
        resolve_measures(without)


@pytest.mark.parametrize("cell", [None, ".", "x", "  .  ", -99995, -99997, "-99997"])
def test_suppressed_cells_are_missing_not_zero(cell) -> None:
    assert parse_value(cell) == (None, "geheim")


def test_to_long_keeps_suppression_and_region_levels() -> None:
    resolution = resolve_measures(REAL_PROPS)
    rows = [
        {"WijkenEnBuurten": "GM1960    ", "AantalInwoners_5": 52948, "GemiddeldeWOZWaardeVanWoningen_39": 391},
        {"WijkenEnBuurten": "BU19600000", "AantalInwoners_5": 1200, "GemiddeldeWOZWaardeVanWoningen_39": None},
    ]
    frame = to_long(rows, resolution, "85984NED", 2024)
    woz = frame[frame.measure == "woz_gemiddeld"].set_index("region_code")
    assert woz.loc["GM1960", "value"] == 391 and woz.loc["BU19600000", "status"] == "geheim"
    assert woz["value"].isna().sum() >= 1 and (frame.region_level.unique().tolist() == ["GM", "BU"])
    assert "WijkenEnBuurten" in columns_needed(resolution)


def test_the_long_table_reaches_the_warehouse_as_text_whatever_its_frame_holds() -> None:
    """to_long keeps its text columns as categoricals (all of NL: 11 million rows); raw.kwb_values stores text."""
    import duckdb
    import pandas as pd

    from ingest import warehouse

    resolution = resolve_measures(REAL_PROPS)
    rows = [
        {"WijkenEnBuurten": "GM1960    ", "AantalInwoners_5": 52948, "GemiddeldeWOZWaardeVanWoningen_39": 391},
        {"WijkenEnBuurten": "NL00      ", "AantalInwoners_5": 17942942, "GemiddeldeWOZWaardeVanWoningen_39": "."},
    ]
    # A table with no region of the chosen gemeenten (an import that covers others) gives an empty year.
    years = [
        to_long(rows, resolution, "85984NED", 2024),
        to_long(rows[:1], resolution, "85618NED", 2023),
        to_long([], resolution, "85318NED", 2022),
    ]
    assert isinstance(years[0]["region_code"].dtype, pd.CategoricalDtype)
    expected = pd.concat(
        [year.astype({c: object for c in year.columns if year[c].dtype == "category"}) for year in years]
    )
    frame = warehouse._concat_by_column(years)
    with duckdb.connect() as con:
        assert warehouse._replace_table(con, "kwb_values", frame) == len(expected)
        types = dict(
            con.execute(
                "select column_name, data_type from duckdb_columns() where table_name = 'kwb_values'"
            ).fetchall()
        )
        stored = con.execute("select * from raw.kwb_values").df()
    assert {types[c] for c in ("table_id", "region_code", "gemeentecode", "measure", "source_key", "status")} == {
        "VARCHAR"
    }
    assert stored["table_id"].tolist() == ["85984NED"] * (2 * len(resolution.keys)) + ["85618NED"] * len(
        resolution.keys
    )
    assert stored["gemeentecode"].isna().sum() == len(resolution.keys)  # Nederland belongs to no gemeente
    pd.testing.assert_frame_equal(
        stored.drop(columns=["value", "gemeentecode"]),
        expected.drop(columns=["value", "gemeentecode"]).reset_index(drop=True),
        check_dtype=False,
    )


def test_a_title_under_two_group_paths_is_found_by_its_path() -> None:
    """'Appartement' is a topic of both the electricity and the gas group, each under 'Naar woningtype'."""
    keys = resolve_measures(REAL_PROPS).keys
    assert keys["elektriciteit_appartement_kwh"] == "Appartement_54"
    assert keys["aardgas_appartement_m3"] == "Appartement_62"
    assert keys["aardgas_vrijstaand_m3"] == "VrijstaandeWoning_66"


def test_a_statline_header_is_placed_by_its_group_path() -> None:
    from ingest.kwb import load_measures
    from ingest.statline import place_column

    measures = load_measures()
    gas = place_column(3, "Energie/Gemiddeld aardgasverbruik/Naar woningtype/Appartement (m³)", measures)
    power = place_column(4, "Energie/Gemiddelde elektriciteitslevering/Naar woningtype/Appartement (kWh)", measures)
    assert (gas.measure, power.measure) == ("aardgas_appartement_m3", "elektriciteit_appartement_kwh")
