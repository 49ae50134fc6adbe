"""Buurten to kernen on a tiny hand-made gemeente, against values computed by hand.

Proefgemeente (GM9999, tests/data/proefgemeente): Noorddorp = all of wijk WK999900 (buurten 00: 1.000 inw.,
400 won.; 01: 100 inw., 50 won.), Zuiddorp = buurten 0100 (2.000 inw., 900 won.), 0101 (300, 100) and 0200
(50, 20). The full pipeline (Dagster, dbt, publish) runs on it with the real 85984NED metadata.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest

from ingest.kwb import resolve_measures

pytestmark = pytest.mark.slow

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CASE = json.loads((HERE / "data" / "proefgemeente" / "buurten.json").read_text(encoding="utf-8"))
PROPS = json.loads((ROOT / "data/cbs/85984NED_DataProperties_2025-03-27.json").read_text(encoding="utf-8"))
INFOS = json.loads((ROOT / "data/cbs/85984NED_TableInfos_2025-03-27.json").read_text(encoding="utf-8"))


def _answer(value: list) -> dict:
    return {"odata.metadata": "test", "value": value}


def build_case(folder: Path) -> Path:
    """Snapshot, mapping, Leefbaarometer, boundaries and a config file for the Proefgemeente."""
    keys = resolve_measures(PROPS).keys
    snapshot = folder / "snapshot" / "85984NED"
    snapshot.mkdir(parents=True)
    rows = []
    for i, (code, values) in enumerate(CASE["regions"].items()):
        row = {"ID": i, "WijkenEnBuurten": code.ljust(10), "Gemeentenaam_1": CASE["gemeente"]["naam"]}
        row |= {key: values.get(measure) for measure, key in keys.items()}
        rows.append(row)
    answers = {
        "TableInfos": [INFOS[0]],
        "DataProperties": PROPS,
        "WijkenEnBuurten": [{"Key": c.ljust(10), "Title": c} for c in CASE["regions"]],
        "TypedDataSet": rows,
    }
    for name, value in answers.items():
        (snapshot / f"{name}.json").write_text(json.dumps(_answer(value)), encoding="utf-8")
    manifest = {"kind": "live", "gemeenten": ["GM9999"], "tables": {"2024": "85984NED"}}
    (folder / "snapshot" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    lines = ["gemeentecode,wijkcode,buurtcode,buurtnaam,kern,basis,bron"]
    lines += [f"GM9999,{w},{b},{name},{kern},naam,afgeleid" for b, (w, name, kern) in CASE["kernen"].items()]
    (folder / "kern_buurt.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    square = {"type": "Polygon", "coordinates": [[[5, 52], [5.01, 52], [5.01, 52.01], [5, 52]]]}
    lbm = [
        {"type": "Feature", "geometry": square, "properties": {"code": c, "raw": {"kscore": k, "year": "2024"}}}
        for c, k in CASE["leefbaarometer"].items()
    ]
    (folder / "lbm.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": lbm}), encoding="utf-8")
    geo = [
        {"type": "Feature", "geometry": square, "properties": {"statcode": b, "statnaam": name}}
        for b, (_, name, _) in CASE["kernen"].items()
    ]
    (folder / "buurten.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": geo}), "utf-8")
    (folder / "exports").mkdir()
    config = folder / "kernmonitor.toml"
    config.write_text(
        f"""
[gemeenten]
codes = ["GM9999"]
[kwb]
tables = {{ 2024 = "85984NED" }}
[sources]
mode = "snapshot"
snapshot_dir = "{folder / "snapshot"}"
leefbaarometer_file = "{folder / "lbm.geojson"}"
buurt_geometrie_file = "{folder / "buurten.geojson"}"
kern_mapping = "{folder / "kern_buurt.csv"}"
example_exports_dir = "{folder / "exports"}"
[folders]
home = "{folder / "home"}"
""",
        encoding="utf-8",
    )
    return config


@pytest.fixture(scope="module")
def marts(tmp_path_factory: pytest.TempPathFactory):
    from kernmonitor.cli import refresh
    from kernmonitor.config import load_config

    folder = tmp_path_factory.mktemp("proefgemeente")
    saved = {k: os.environ.pop(k, None) for k in ("KERNMONITOR_HOME", "DAGSTER_HOME", "KERNMONITOR_CONFIG")}
    try:
        cfg = load_config(build_case(folder))
        os.environ["KERNMONITOR_CONFIG"] = str(folder / "kernmonitor.toml")
        refresh(cfg)
    finally:
        for key, value in saved.items():
            os.environ.pop(key, None)
            if value is not None:
                os.environ[key] = value
    con = duckdb.connect(str(cfg.serving_path), read_only=True)
    yield con
    con.close()


def indicator(marts, kern: str, indicator_id: str) -> dict:
    frame = marts.execute(
        "select * from marts.kern_indicators where kern = ? and indicator_id = ? and jaar = 2024", [kern, indicator_id]
    ).df()
    assert len(frame) == 1
    return frame.iloc[0].to_dict()


def test_counts_are_summed(marts) -> None:
    assert indicator(marts, "Noorddorp", "inwoners")["waarde"] == 1100
    assert indicator(marts, "Zuiddorp", "inwoners")["waarde"] == 2350
    assert indicator(marts, "Zuiddorp", "woningvoorraad")["dekking"] == 1


def test_shares_are_ratios_of_summed_counts(marts) -> None:
    # (500 + 60 + 10) / (2000 + 300 + 50) * 100
    assert indicator(marts, "Zuiddorp", "aandeel_65_plus")["waarde"] == pytest.approx(570 / 2350 * 100)
    assert indicator(marts, "Noorddorp", "aandeel_65_plus")["waarde"] == pytest.approx(230 / 1100 * 100)


def test_averages_are_weighted_by_their_base(marts) -> None:
    # WOZ by dwellings: (900*250 + 100*400 + 20*500) / 1020
    woz = indicator(marts, "Zuiddorp", "woz_gemiddeld")
    assert woz["waarde"] == pytest.approx(275000 / 1020) and woz["status"] == "volledig"
    # Distance by inhabitants: (2000*0.5 + 300*3 + 50*5) / 2350
    assert indicator(marts, "Zuiddorp", "afstand_huisarts_km")["waarde"] == pytest.approx(2150 / 2350)


def test_a_suppressed_cell_lowers_coverage_not_the_value(marts) -> None:
    # Noorddorp WOZ: buurt 01 suppressed; 400 of 450 dwellings covered, value of buurt 00 alone.
    woz = indicator(marts, "Noorddorp", "woz_gemiddeld")
    assert woz["waarde"] == 300 and woz["dekking"] == pytest.approx(400 / 450) and woz["status"] == "gedeeltelijk"
    # Bijstand per 1.000: only buurten where both counts are known (20 per 1.000 of buurt 00).
    bijstand = indicator(marts, "Noorddorp", "bijstand_per_1000")
    assert bijstand["waarde"] == pytest.approx(20.0) and bijstand["dekking"] == pytest.approx(1000 / 1100)


def test_low_coverage_falls_back_to_the_wijk_when_the_kern_is_the_whole_wijk(marts) -> None:
    # Noorddorp owner-occupied share: only 50 of 450 dwellings covered, so CBS's wijk figure 71 is used.
    koop = indicator(marts, "Noorddorp", "koopwoningen_pct")
    assert koop["waarde"] == 71 and koop["status"] == "wijkcijfer"


def test_low_coverage_without_a_whole_wijk_is_missing_with_the_reason(marts) -> None:
    # Zuiddorp income: buurt 0100 (2.000 of 2.350 inhabitants) suppressed, and Zuiddorp is no whole wijk.
    inkomen = indicator(marts, "Zuiddorp", "inkomen_per_inwoner")
    assert inkomen["waarde"] is None or inkomen["waarde"] != inkomen["waarde"]
    assert inkomen["status"] == "onvoldoende gegevens" and inkomen["dekking"] == pytest.approx(350 / 2350)


def test_a_partial_count_is_not_shown(marts) -> None:
    assert indicator(marts, "Noorddorp", "bijstand_per_1000")["status"] == "gedeeltelijk"
    counts = marts.execute("select count(*) from marts.kern_indicators where indicator_id = 'inwoners'").fetchone()
    assert counts[0] == 2


def test_references_are_cbs_own_gemeente_and_nederland_figures(marts) -> None:
    woz = indicator(marts, "Zuiddorp", "woz_gemiddeld")
    assert woz["gemeente_waarde"] == 280 and woz["nederland_waarde"] == 400
    share = indicator(marts, "Zuiddorp", "aandeel_65_plus")
    assert share["gemeente_waarde"] == pytest.approx(800 / 3450 * 100)


def test_rank_follows_the_better_direction(marts) -> None:
    # Shorter distance is better: Noorddorp (1.0*1000 + 4.0*100)/1100 = 1,27 km vs Zuiddorp 0,91 km.
    assert indicator(marts, "Zuiddorp", "afstand_huisarts_km")["rang"] == 1
    assert indicator(marts, "Noorddorp", "afstand_huisarts_km")["rang"] == 2


def test_leefbaarometer_is_weighted_by_inhabitants_with_coverage(marts) -> None:
    lbm = indicator(marts, "Zuiddorp", "lbm_klasse")
    assert lbm["waarde"] == 5 and lbm["dekking"] == pytest.approx(2000 / 2350)


def test_spiegelkernen_distance_is_the_rms_of_standardised_differences(marts) -> None:
    """With two kernen every standardised value is +1 or -1, so each differing indicator adds (1 - -1)^2 = 4."""
    rows = marts.execute("select kern, rang, spiegelkern, afstand, indicatoren from marts.kern_spiegelkernen").df()
    assert set(zip(rows.kern, rows.spiegelkern, strict=True)) == {("Noorddorp", "Zuiddorp"), ("Zuiddorp", "Noorddorp")}
    assert (rows.rang == 1).all() and (rows.indicatoren > 0).all()
    assert rows.afstand.tolist() == pytest.approx([2.0, 2.0])


def test_verdicts_follow_the_rule(marts) -> None:
    """marts.kern_oordelen by hand. With two kernen the best and the worst quarter are one kern each (rounded up)."""

    def oordeel(kern: str, indicator_id: str) -> tuple[str, str]:
        return marts.execute(
            "select oordeel, reden from marts.kern_oordelen where kern = ? and indicator_id = ?", [kern, indicator_id]
        ).fetchone()

    # Distance to the GP, lower is better: Zuiddorp 2150 / 2350 = 0,915 km against the gemeente's 1,1 km is 17%
    # closer; Noorddorp 1400 / 1100 = 1,273 km is 16% further. Both more than 10%, and the best and worst kern too.
    assert oordeel("Zuiddorp", "afstand_huisarts_km") == (
        "sterk punt",
        "17% beter dan de gemeente; rang 1 van 2 kernen",
    )
    assert oordeel("Noorddorp", "afstand_huisarts_km") == (
        "aandachtspunt",
        "16% slechter dan de gemeente; rang 2 van 2 kernen",
    )
    # Neutral: Zuiddorp's 570 / 2350 = 24,3% elderly against the gemeente's 800 / 3450 = 23,2% is only 5% more
    # (under 20%), but it is the highest kern of the gemeente: notable.
    assert oordeel("Zuiddorp", "aandeel_65_plus") == (
        "opvallend",
        "5% hoger dan de gemeente; hoogste van de 2 kernen",
    )
    # No value (income suppressed), or a count: no verdict.
    assert oordeel("Zuiddorp", "inkomen_per_inwoner") == ("geen oordeel", "geen waarde")
    assert oordeel("Noorddorp", "inwoners") == ("geen oordeel", "een aantal: niet te vergelijken met de hele gemeente")
