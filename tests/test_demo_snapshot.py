"""The embedded demo snapshot keeps every real CBS figure, adds up, and labels the rest synthetic."""

from __future__ import annotations

import json
from pathlib import Path

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
    source = SnapshotSource(SNAPSHOT)
    for year, table_id in source.manifest["tables"].items():
        frame = long_table(source, table_id, int(year))
        inwoners = frame[frame.measure == "inwoners"].copy()
        inwoners["wijk"] = inwoners.region_code.str.replace("^BU", "WK", regex=True).str[:8]
        buurt_sums = inwoners[inwoners.region_level == "BU"].groupby("wijk").value.sum()
        wijken = inwoners[inwoners.region_level == "WK"].set_index("region_code").value
        assert (buurt_sums.sort_index() == wijken.sort_index()).all(), year


def test_synthetic_cells_are_everything_but_the_listed_real_ones() -> None:
    source = SnapshotSource(SNAPSHOT)
    assert source.synthetic and source.manifest["kind"] == "synthetic-demo"
    real = source.real_cells("84583NED")
    assert real["GM1960"] >= {"AantalInwoners_5", "k_65JaarOfOuder_12"}
    assert "BU19600000" not in real
