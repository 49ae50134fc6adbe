"""StatLine CSV exports: columns placed by title and group, suppression kept missing, files joined by row order,
laid over the KWB source as real cells; the import command."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from ingest import warehouse
from ingest.kwb import resolve_measures
from ingest.snapshot import SnapshotSource
from ingest.statline import (
    LayeredSource,
    StatlineError,
    StatlineLayer,
    read_statline,
    read_statline_files,
    statline_layers,
)
from kernmonitor.cli import main

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "statline"
BEVOLKING = SMALL / "kwb2024_klein_bevolking.csv"
HERKOMST = SMALL / "kwb2024_klein_herkomst.csv"
ALL_NL = ROOT / "data" / "cbs" / "statline"
ALL_NL_FILES = [
    ALL_NL / "kwb2024_85984NED_alle_regios_bevolking_statline.csv.gz",
    ALL_NL / "kwb2024_85984NED_alle_regios_herkomst_statline.csv.gz",
]
REAL_PROPS = json.loads((ROOT / "data/cbs/85984NED_DataProperties_2025-03-27.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def all_nl():
    return read_statline_files(ALL_NL_FILES)


# --- parsing -------------------------------------------------------------------------------------------------


def test_origin_measures_resolve_uniquely_from_the_real_2024_metadata() -> None:
    keys = resolve_measures(REAL_PROPS).keys
    assert keys["herkomst_nederland"] == "Nederland_17"
    assert keys["herkomst_europa"] == "EuropaExclusiefNederland_18"
    assert keys["herkomst_buiten_europa"] == "BuitenEuropa_19"


def test_a_crafted_export_with_bom_crlf_padded_codes_and_suppression() -> None:
    parsed = read_statline(BEVOLKING)
    assert parsed.codes == ["GM1960", "WK196000", "BU19600000", "BU19600001", "BU0363AA01"]
    assert parsed.gemeentenamen[0] == "West Betuwe" and parsed.names[2] == "Geldermalsen Centrum"
    assert {c.measure for c in parsed.placed} == {"inwoners", "mannen", "woz_gemiddeld"}
    kinds = {c.identification for c in parsed.columns if c.identification}
    assert kinds == {"naam", "gemeentenaam", "soort regio", "code", "indelingswijziging"}
    assert parsed.unplaced == []
    # ".", "x", empty and the sentinel are missing, never zero.
    assert parsed.values["woz_gemiddeld"] == [None, None, 512.0, None, 650.5]
    assert parsed.values["inwoners"][3] is None and parsed.values["mannen"][3] is None


def test_a_gzipped_export_reads_the_same(tmp_path: Path) -> None:
    packed = tmp_path / (BEVOLKING.name + ".gz")
    packed.write_bytes(gzip.compress(BEVOLKING.read_bytes()))
    assert read_statline(packed).values == read_statline(BEVOLKING).values


def test_a_column_it_cannot_place_is_reported_not_guessed() -> None:
    parsed = read_statline(SMALL / "kwb2024_klein_onbekende_kolommen.csv")
    assert [c.measure for c in parsed.placed] == ["inwoners"]
    unplaced = {c.header: c.reason for c in parsed.unplaced}
    assert "geen maat" in unplaced["Bevolking/Burgerlijke staat/Ongehuwd (aantal)"]
    # The same title as herkomst_nederland, under another topic group: not that measure.
    reason = unplaced["Bevolking/Bevolking naar herkomst/Geboren in Nederland/Nederland (aantal)"]
    assert "herkomst_nederland" in reason and "Herkomstland".lower() in reason.lower()
    imported = read_statline_files([SMALL / "kwb2024_klein_onbekende_kolommen.csv"])
    assert len(imported.unplaced) == 2 and set(imported.measures) == {"inwoners"}


def test_unreadable_input_names_file_row_and_column(tmp_path: Path) -> None:
    with pytest.raises(StatlineError, match=r"kwb2024_klein_kapot\.csv, regel 4, kolom 'Bevolking/Aantal inwoners"):
        read_statline(SMALL / "kwb2024_klein_kapot.csv")
    latin = tmp_path / "latin1.csv"
    latin.write_bytes(BEVOLKING.read_bytes()[3:].replace(b"Centrum", "Centrüm".encode("latin-1")))
    with pytest.raises(StatlineError, match=r"latin1\.csv, regel 4: geen UTF-8"):
        read_statline(latin)
    short = tmp_path / "kort.csv"
    short.write_text(BEVOLKING.read_text("utf-8-sig").replace(";650.5", ""), encoding="utf-8")
    with pytest.raises(StatlineError, match=r"kort\.csv, regel 6: 7 velden, de kopregel heeft er 8"):
        read_statline(short)
    with pytest.raises(StatlineError, match="niet gevonden"):
        read_statline(tmp_path / "bestaat-niet.csv")


def test_a_file_without_codes_joins_its_companion_by_row_order() -> None:
    imported = read_statline_files([HERKOMST, BEVOLKING])
    assert list(imported.cells) == ["GM1960", "WK196000", "BU19600000", "BU19600001", "BU0363AA01"]
    centrum = imported.cells["BU19600000"]
    assert centrum["herkomst_nederland"] == 1000 and centrum["inwoners"] == 1234 and centrum["woz_gemiddeld"] == 512
    assert imported.cells["BU19600001"]["herkomst_europa"] is None
    assert imported.suppressed()["herkomst_buiten_europa"] == 1
    with pytest.raises(StatlineError, match="geen kolom 'Codering'"):
        read_statline_files([HERKOMST])


def test_rows_out_of_order_fail_naming_the_first_mismatch() -> None:
    with pytest.raises(StatlineError, match=r"regel 4, kolom 'Wijken en buurten': 'Geldermalsen Middengebied'"):
        read_statline_files([BEVOLKING, SMALL / "kwb2024_klein_herkomst_andere_volgorde.csv"])


def test_the_real_all_nl_exports(all_nl) -> None:
    assert len(all_nl.cells) == 18_310 and all_nl.unplaced == []
    assert set(all_nl.measures) == {
        "inwoners",
        "mannen",
        "vrouwen",
        "leeftijd_0_15",
        "leeftijd_15_25",
        "leeftijd_25_45",
        "leeftijd_45_65",
        "leeftijd_65_plus",
        "herkomst_nederland",
        "herkomst_europa",
        "herkomst_buiten_europa",
    }
    nederland = all_nl.cells["NL00"]
    assert nederland["inwoners"] == 17_942_942
    assert nederland["herkomst_nederland"] + nederland["herkomst_europa"] + nederland["herkomst_buiten_europa"] == (
        17_942_942
    )
    west_betuwe = all_nl.cells["GM1960"]
    assert (west_betuwe["inwoners"], west_betuwe["herkomst_nederland"]) == (52_948, 46_360)
    assert all_nl.names["WK0363AA"] and all_nl.gemeentenamen["BU19600000"] == "West Betuwe"
    assert all_nl.levels() == {"NL": 1, "GM": 342, "WK": 3_393, "BU": 14_574}


# --- the layered source --------------------------------------------------------------------------------------


def _flags(source, table_id: str, gemeenten: list[str]):
    values, _ = warehouse.kwb_frames(source, {2024: table_id}, gemeenten, source.synthetic, source.real_cells)
    return values.set_index(["region_code", "source_key"])


@pytest.mark.parametrize("categorical", [True, False], ids=["categories", "text"])
def test_exactly_the_cells_listed_as_real_are_not_synthetic(categorical: bool) -> None:
    """Listed pairs of regions and keys elsewhere in NL, or keys the table lacks, change nothing; a cell without a
    region or key stays synthetic."""
    import pandas as pd

    frame = pd.DataFrame(
        {"region_code": ["A", "A", "B", "B", None, "B"], "source_key": ["x", "y", "x", None, "y", "y"]}
    )
    if categorical:
        frame = frame.astype("category")
    real = {"A": {"y"}, "B": {"x", "z"}, "C": {"x", "y"}}
    assert warehouse._synthetic_flags(frame, real).tolist() == [True, False, False, True, True, True]
    assert warehouse._synthetic_flags(frame, {}).all()


def test_an_imported_buurt_value_replaces_the_base_and_is_real() -> None:
    base = SnapshotSource(ROOT / "data" / "snapshot")
    layered = LayeredSource(base, [StatlineLayer("85984NED", (HERKOMST, BEVOLKING))])
    assert layered.synthetic is base.synthetic is True
    before = _flags(base, "85984NED", ["GM1960"])
    after = _flags(layered, "85984NED", ["GM1960"])
    assert before.index.equals(after.index)
    woz = ("BU19600000", "GemiddeldeWOZWaardeVanWoningen_39")
    assert before.loc[woz, "synthetic"] and before.loc[woz, "value"] != 512
    assert after.loc[woz, "value"] == 512 and not after.loc[woz, "synthetic"]
    assert after.loc[("BU19600000", "AantalInwoners_5"), "value"] == 1234
    # A suppressed imported cell is real and missing, not the base's synthetic figure.
    middengebied = after.loc[("BU19600001", "GemiddeldeWOZWaardeVanWoningen_39")]
    assert middengebied["status"] == "geheim" and not middengebied["synthetic"]
    imported = {"GM1960", "WK196000", "BU19600000", "BU19600001"}
    imported_keys = {
        "AantalInwoners_5",
        "Mannen_6",
        "GemiddeldeWOZWaardeVanWoningen_39",
        "Nederland_17",
        "EuropaExclusiefNederland_18",
        "BuitenEuropa_19",
    }
    others = [cell for cell in after.index if not (cell[0] in imported and cell[1] in imported_keys)]
    assert after.loc[others, "synthetic"].equals(before.loc[others, "synthetic"])
    assert after.loc[others, "value"].equals(before.loc[others, "value"])


def test_an_imported_region_the_base_lacks_gets_a_row_of_real_cells() -> None:
    base = SnapshotSource(ROOT / "data" / "snapshot")
    layered = LayeredSource(base, [StatlineLayer("85984NED", (BEVOLKING,))])
    regions = {r["Key"].strip(): r["Title"] for r in layered.regions("85984NED")}
    assert regions["BU0363AA01"] == "Burgwallen-Oude Zijde" and len(regions) == len(base.regions("85984NED")) + 1
    values = _flags(layered, "85984NED", ["GM0363"])
    amsterdam = values.loc["BU0363AA01"]
    assert amsterdam.loc["AantalInwoners_5", "value"] == 2500 and not amsterdam["synthetic"].any()
    assert amsterdam.loc["Mannen_6", "region_name"] == "Amsterdam"
    # Tables without an import pass straight through.
    assert layered.regions("85618NED") == base.regions("85618NED")


def test_a_table_the_base_lacks_uses_the_recorded_metadata(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text(json.dumps({"kind": "live"}), encoding="utf-8")
    base = SnapshotSource(tmp_path)
    layered = LayeredSource(base, [StatlineLayer("85984NED", (BEVOLKING,)), StatlineLayer("99999NED", (BEVOLKING,))])
    assert layered.table_infos("85984NED")["Modified"] == "2025-03-27T02:00:00"
    assert len(layered.data_properties("85984NED")) == len(REAL_PROPS)
    values, metadata = warehouse.kwb_frames(layered, {2024: "85984NED"}, ["GM1960"], False)
    assert set(values.region_code) == {"GM1960", "WK196000", "BU19600000", "BU19600001"}
    assert values.set_index(["region_code", "measure"]).loc[("BU19600000", "inwoners"), "value"] == 1234
    # Without recorded metadata: topics made from the imported columns, found by the same resolution.
    minimal = layered.data_properties("99999NED")
    keys = {p["Key"] for p in minimal if p["Type"] == "Topic"}
    assert {"Statline_inwoners", "Statline_mannen", "Statline_woz_gemiddeld"} <= keys
    rows = layered.typed_dataset("99999NED", ["BU19600000"], ["Statline_inwoners", "Gemeentenaam_1"])
    assert rows == [
        {"ID": 0, "WijkenEnBuurten": "BU19600000", "Gemeentenaam_1": "West Betuwe", "Statline_inwoners": 1234}
    ]


def test_imports_come_from_the_config_and_the_home_folder(tmp_path: Path) -> None:
    folder = tmp_path / "statline" / "85984NED"
    folder.mkdir(parents=True)
    shutil.copy(BEVOLKING, folder)
    layers = statline_layers([("85984NED", ALL_NL_FILES)], tmp_path)
    assert [(layer.table_id, len(layer.files)) for layer in layers] == [("85984NED", 2), ("85984NED", 1)]
    # The home import comes last: its cells win over the configured ones.
    layered = LayeredSource(SnapshotSource(ROOT / "data" / "snapshot"), layers)
    row = layered.typed_dataset("85984NED", ["BU19600000"], ["AantalInwoners_5", "Nederland_17"])[0]
    assert row["AantalInwoners_5"] == 1234 and row["Nederland_17"] == 1240


def test_kwb_source_wraps_the_base_when_imports_are_configured(tmp_path: Path, monkeypatch) -> None:
    from kernmonitor.config import load_config
    from orchestration.defs.sources.assets import kwb_source

    monkeypatch.setenv("KERNMONITOR_HOME", str(tmp_path))
    cfg = load_config()
    assert cfg.statline_files == (("85984NED", tuple(ALL_NL_FILES)),)
    source, synthetic = kwb_source(cfg)
    assert isinstance(source, LayeredSource) and synthetic == source.synthetic


# --- the command ---------------------------------------------------------------------------------------------


def test_import_statline_copies_into_home_and_exits_0_or_2(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("KERNMONITOR_HOME", str(tmp_path))
    code = main(["import-statline", str(HERKOMST), str(BEVOLKING), "--table", "85984NED", "--no-publish"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "5 regio's" in out and "herkomst_nederland" in out and "Geheime of onbekende cellen: 8" in out
    assert sorted(p.name for p in (tmp_path / "statline" / "85984NED").iterdir()) == [BEVOLKING.name, HERKOMST.name]

    code = main(["import-statline", str(SMALL / "kwb2024_klein_kapot.csv"), "--table", "85984NED", "--no-publish"])
    assert code == 2 and "kwb2024_klein_kapot.csv, regel 4" in capsys.readouterr().err
    assert not (tmp_path / "statline" / "85984NED" / "kwb2024_klein_kapot.csv").exists()
    assert main(["import-statline", str(HERKOMST), "--table", "85984NED", "--no-publish"]) == 2
    assert main(["import-statline", str(BEVOLKING), "--table", "2024", "--no-publish"]) == 2
    assert "ongeldige CBS-tabel" in capsys.readouterr().err

    code = main(
        ["import-statline", str(SMALL / "kwb2024_klein_onbekende_kolommen.csv"), "--table", "85984NED", "--no-publish"]
    )
    out = capsys.readouterr().out
    assert code == 0 and "Kolommen niet geplaatst (2)" in out and "Ongehuwd" in out
