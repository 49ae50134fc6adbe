"""The embedded demo snapshot keeps every real CBS figure, adds up, and labels the rest synthetic."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ingest.demo_snapshot import write_demo_snapshot
from ingest.kwb import columns_needed, resolve_measures, to_long
from ingest.snapshot import SnapshotSource

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "data" / "snapshot"
REAL_2024 = json.loads((ROOT / "data/cbs/kwb2024_85984NED_gm_wk_westbetuwe_buren_stripped.json").read_text("utf-8"))


def long_table(source: SnapshotSource, table_id: str, year: int):
    resolution = resolve_measures(source.data_properties(table_id))
    codes = [r["Key"] for r in source.regions(table_id)]
    return to_long(source.typed_dataset(table_id, codes, columns_needed(resolution)), resolution, table_id, year)


def test_regenerating_gives_the_committed_snapshot(tmp_path: Path) -> None:
    write_demo_snapshot(tmp_path)
    committed = sorted(p.relative_to(SNAPSHOT) for p in SNAPSHOT.rglob("*.json"))
    assert committed == sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.json"))
    for rel in committed:
        assert (tmp_path / rel).read_bytes() == (SNAPSHOT / rel).read_bytes(), rel


def test_real_2024_gemeente_and_wijk_figures_are_kept_and_marked_real() -> None:
    source = SnapshotSource(SNAPSHOT)
    frame = long_table(source, "85984NED", 2024).set_index(["region_code", "measure"])
    real = source.real_cells("85984NED")
    for code, values in REAL_2024.items():
        assert frame.loc[(code, "inwoners"), "value"] == values["AantalInwoners_5"]
        assert frame.loc[(code, "woningvoorraad"), "value"] == values["Woningvoorraad_35"]
        assert {"AantalInwoners_5", "Woningvoorraad_35"} <= real[code]


def test_buurten_add_up_to_their_wijk_in_every_year() -> None:
    """Exactly in the synthetic years; in 2024 the real buurt counts are CBS's, rounded to fives."""
    source = SnapshotSource(SNAPSHOT)
    for year, table_id in source.manifest["tables"].items():
        frame = long_table(source, table_id, int(year))
        inwoners = frame[frame.measure == "inwoners"].copy()
        inwoners["wijk"] = inwoners.region_code.str.replace("^BU", "WK", regex=True).str[:8]
        buurten = inwoners[inwoners.region_level == "BU"]
        difference = (
            buurten.groupby("wijk").value.sum()
            - inwoners[inwoners.region_level == "WK"].set_index("region_code").value.sort_index()
        )
        if year == "2024":
            assert (difference.abs() <= 2.5 * buurten.groupby("wijk").size()).all()
            assert (buurten.value % 5 == 0).all(), "CBS rounds real buurt counts to fives"
        else:
            assert (difference == 0).all(), year


def test_real_2024_buurt_population_is_kept_and_marked_real() -> None:
    """The kern populations of 2024 are CBS's own buurt figures summed (PROVENANCE: Maurik 5.195, Lienden 4.705)."""
    source = SnapshotSource(SNAPSHOT)
    frame = long_table(source, "85984NED", 2024)
    mapping = pd.read_csv(ROOT / "data/kernen/kern_buurt.csv", dtype=str)
    buurten = frame[(frame.measure == "inwoners") & (frame.region_level == "BU")]
    per_kern = buurten.merge(mapping, left_on="region_code", right_on="buurtcode").groupby("kern").value.sum()
    assert per_kern["Maurik"] == 5195 and per_kern["Lienden"] == 4705 and per_kern["Geldermalsen"] == 10995
    real = source.real_cells("85984NED")
    assert all("AantalInwoners_5" in real[code] for code in buurten.region_code)


def test_other_years_follow_the_real_2024_buurten_and_gemeente_totals() -> None:
    """No independent draws: every year's buurt keeps within a few percent of its real 2024 share."""
    source = SnapshotSource(SNAPSHOT)
    real = long_table(source, "85984NED", 2024)
    real = real[(real.measure == "inwoners") & (real.region_level == "BU")].set_index("region_code").value
    gemeente_2019 = long_table(source, "84583NED", 2019)
    rows = gemeente_2019[gemeente_2019.measure == "inwoners"].set_index("region_code").value
    real_2019 = pd.read_csv(ROOT / "data/cbs/kwb2019_gemeente_bevolking_GM1960_GM0214.csv").set_index("unique_id")
    assert rows["GM1960"] == real_2019.population["GM1960"] and rows["GM0214"] == real_2019.population["GM0214"]
    buurten = rows[rows.index.str.startswith("BU")]
    share_2019 = buurten / buurten.groupby(buurten.index.str[:6]).transform("sum")
    share_2024 = real / real.groupby(real.index.str[:6]).transform("sum")
    assert ((share_2019 - share_2024).abs() <= 0.06 * share_2024 + 0.0005).all()


def test_synthetic_cells_are_everything_but_the_listed_real_ones() -> None:
    source = SnapshotSource(SNAPSHOT)
    assert source.synthetic and source.manifest["kind"] == "synthetic-demo"
    real = source.real_cells("84583NED")
    assert real["GM1960"] >= {"AantalInwoners_5", "k_65JaarOfOuder_12"}
    assert "BU19600000" not in real
