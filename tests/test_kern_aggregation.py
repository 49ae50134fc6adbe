"""Buurten to kernen on a tiny hand-made gemeente, against values computed by hand.

Proefgemeente (GM9999, tests/data/proefgemeente): Noorddorp = all of wijk WK999900 (buurten 00: 1.000 inw.,
400 won.; 01: 100 inw., 50 won.), Zuiddorp = buurten 0100 (2.000 inw., 900 won.), 0101 (300, 100) and 0200
(50, 20). The full pipeline (Dagster, dbt, publish) runs on it with the real 85984NED metadata (and the same
metadata for last year's table, 85618NED, that holds only inhabitants and dwellings: the growth indicators).

`test_every_catalogue_indicator_follows_its_rule` checks every indicator of the catalogue against a value computed
here, in plain Python, from the buurt values of the proefgemeente by the indicator's rule; an indicator that has no
rule here fails it.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from ingest.kwb import DWELLING_TYPE_SHARES, dwellings_of_type, resolve_measures

pytestmark = pytest.mark.slow

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CASE = json.loads((HERE / "data" / "proefgemeente" / "buurten.json").read_text(encoding="utf-8"))
PROPS = json.loads((ROOT / "data/cbs/85984NED_DataProperties_2025-03-27.json").read_text(encoding="utf-8"))
INFOS = json.loads((ROOT / "data/cbs/85984NED_TableInfos_2025-03-27.json").read_text(encoding="utf-8"))
EXPORTS = HERE / "data" / "proefgemeente" / "exports"


def _answer(value: list) -> dict:
    return {"odata.metadata": "test", "value": value}


def build_case(folder: Path) -> Path:
    """Snapshot, mapping, Leefbaarometer, boundaries, exports and a config file for the Proefgemeente."""
    keys = resolve_measures(PROPS).keys
    tables = {"2023": ("85618NED", CASE["regions_2023"]), "2024": ("85984NED", CASE["regions"])}
    for table_id, regions in tables.values():
        snapshot = folder / "snapshot" / table_id
        snapshot.mkdir(parents=True)
        rows = []
        for i, (code, values) in enumerate(regions.items()):
            row = {"ID": i, "WijkenEnBuurten": code.ljust(10), "Gemeentenaam_1": CASE["gemeente"]["naam"]}
            row |= {key: values.get(measure) for measure, key in keys.items()}
            rows.append(row)
        answers = {
            "TableInfos": [INFOS[0] | {"Identifier": table_id}],
            "DataProperties": PROPS,
            "WijkenEnBuurten": [{"Key": c.ljust(10), "Title": c} for c in regions],
            "TypedDataSet": rows,
        }
        for name, value in answers.items():
            (snapshot / f"{name}.json").write_text(json.dumps(_answer(value)), encoding="utf-8")
    manifest = {"kind": "live", "gemeenten": ["GM9999"], "tables": {y: t for y, (t, _) in tables.items()}}
    (folder / "snapshot" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    lines = ["gemeentecode,wijkcode,buurtcode,buurtnaam,kern,basis,bron"]
    lines += [f"GM9999,{w},{b},{name},{kern},naam,afgeleid" for b, (w, name, kern) in CASE["kernen"].items()]
    (folder / "kern_buurt.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    square = {"type": "Polygon", "coordinates": [[[5, 52], [5.01, 52], [5.01, 52.01], [5, 52]]]}
    scores = CASE["leefbaarometer"] | {"GM9999": CASE["leefbaarometer_gemeente"]}
    lbm = [
        {"type": "Feature", "geometry": square, "properties": {"code": c, "raw": fields | {"year": "2024"}}}
        for c, fields in scores.items()
    ]
    (folder / "lbm.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": lbm}), encoding="utf-8")
    geo = [
        {"type": "Feature", "geometry": square, "properties": {"statcode": b, "statnaam": name}}
        for b, (_, name, _) in CASE["kernen"].items()
    ]
    (folder / "buurten.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": geo}), "utf-8")
    shutil.copytree(EXPORTS, folder / "exports")
    config = folder / "kernmonitor.toml"
    config.write_text(
        f"""
[gemeenten]
codes = ["GM9999"]
[kwb]
tables = {{ 2023 = "85618NED", 2024 = "85984NED" }}
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
def case(tmp_path_factory: pytest.TempPathFactory):
    """The Config of the proefgemeente, built once for this module (its warehouse, dbt target and serving file)."""
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
    return cfg


@pytest.fixture(scope="module")
def marts(case):
    con = duckdb.connect(str(case.serving_path), read_only=True)
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
    counts = marts.execute(
        "select count(*) from marts.kern_indicators where indicator_id = 'inwoners' and jaar = 2024"
    ).fetchone()
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


# --- every indicator of the catalogue, by its rule, computed here from the buurt values ---------------------------

SEEDS = ROOT / "dbt_project" / "seeds"
CATALOGUE = pd.read_csv(SEEDS / "indicators.csv", dtype=str).set_index("indicator_id")
MEASURE_RULES = pd.read_csv(SEEDS / "kwb_measures.csv", dtype=str).fillna("").set_index("measure")
# Counts the pipeline derives from published counts (int_kwb_harmonised).
DERIVED = {
    "leeftijd_15_65": ("leeftijd_15_25", "leeftijd_25_45", "leeftijd_45_65"),
    "leeftijd_0_25": ("leeftijd_0_15", "leeftijd_15_25"),
    "opleiding_totaal": ("opleiding_laag", "opleiding_midden", "opleiding_hoog"),
}
KERN_BUURTEN = {kern: [b for b, (_, _, k) in CASE["kernen"].items() if k == kern] for kern in ("Noorddorp", "Zuiddorp")}
WHOLE_WIJK = {"Noorddorp": "WK999900"}  # Zuiddorp spans two wijken: no wijk figure to fall back on
MIN_COVERAGE = 0.8  # dbt var kern_min_coverage
LBM_FIELDS = {"kscore", "afw", "won", "fys", "vrz", "soc", "onv"}
# Measures the 2024 table does not publish (bouwjaar vanaf 2000 ended in 2023): missing by rule, not by omission.
UNPUBLISHED_2024 = set(resolve_measures(PROPS).missing_optional)


def cbs(code: str, measure: str, year: int = 2024) -> float | None:
    regions = CASE["regions"] if year == 2024 else CASE["regions_2023"]
    if measure in DERIVED:
        parts = [cbs(code, part, year) for part in DERIVED[measure]]
        return None if None in parts else sum(parts)
    if measure in DWELLING_TYPE_SHARES:  # dwellings of a type: woningvoorraad x share / 100
        return dwellings_of_type(
            {m: cbs(code, m, year) for m in ("woningvoorraad", DWELLING_TYPE_SHARES[measure])}, measure
        )
    return regions[code].get(measure)


def _weighted(pairs: list[tuple[float | None, float | None]]) -> tuple[float | None, float]:
    """(value, weight) per buurt -> (weighted mean over buurten with both, share of the weight with a value)."""
    weights = [w for _, w in pairs if w is not None]
    known = [(v, w) for v, w in pairs if v is not None and w is not None]
    total = sum(weights)
    coverage = sum(w for _, w in known) / total if total else 0.0
    if not known or not sum(w for _, w in known):
        return None, coverage
    return sum(v * w for v, w in known) / sum(w for _, w in known), coverage


def by_hand(indicator_id: str, kern: str, year: int = 2024) -> tuple[float | None, float, str]:
    """(value, coverage, status) of one kern by the catalogue's rule, from the proefgemeente's buurt values."""
    row = CATALOGUE.loc[indicator_id]
    factor = float(row.factor)
    buurten = KERN_BUURTEN[kern]
    if row.berekening == "growth":
        this, this_cov, _ = by_hand(row.teller, kern, year)
        last, last_cov, _ = by_hand(row.teller, kern, year - 1)
        if this is None or last is None:
            return None, min(this_cov, last_cov), "onvoldoende gegevens"
        return (this / last - 1) * factor, min(this_cov, last_cov), "volledig"
    if row.berekening == "leefbaarometer":
        assert row.teller in LBM_FIELDS
        scores = CASE["leefbaarometer"]
        pairs = [(scores.get(b, {}).get(row.teller), cbs(b, "inwoners", year)) for b in buurten]
        value, coverage = _weighted(pairs)
        enough, wijk_value = coverage >= MIN_COVERAGE, None
    elif row.berekening == "ratio":
        pairs = [(cbs(b, row.teller, year), cbs(b, row.noemer, year)) for b in buurten]
        both = [(n, d) for n, d in pairs if n is not None and d is not None]
        denominators = sum(d for _, d in pairs if d is not None)
        coverage = sum(d for _, d in both) / denominators if denominators else 0.0
        value = sum(n for n, _ in both) / sum(d for _, d in both) * factor if both and sum(d for _, d in both) else None
        enough = coverage >= MIN_COVERAGE
        wijk = WHOLE_WIJK.get(kern)
        n, d = (cbs(wijk, row.teller, year), cbs(wijk, row.noemer, year)) if wijk else (None, None)
        wijk_value = n / d * factor if n is not None and d else None
    elif row.berekening == "measure":
        rule = MEASURE_RULES.loc[row.teller]
        weight = rule.weight or "inwoners"
        pairs = [(cbs(b, row.teller, year), cbs(b, weight, year)) for b in buurten]
        value, coverage = _weighted(pairs)
        if rule.aggregation == "sum":
            enough = all(v is not None for v, _ in pairs)
            value = sum(v for v, _ in pairs) if enough else None
        elif rule.aggregation == "weighted_median":
            # The class of the median inhabitant: the lowest class at which half of the weight is reached.
            known = sorted((v, w) for v, w in pairs if v is not None and w)
            half, cumulative = sum(w for _, w in known) / 2, 0.0
            for v, w in known:
                cumulative += w
                if cumulative >= half:
                    value = v
                    break
            enough = coverage >= MIN_COVERAGE
        else:
            assert rule.aggregation == "weighted_mean", rule.aggregation
            enough = coverage >= MIN_COVERAGE
        wijk = WHOLE_WIJK.get(kern)
        wijk_value = cbs(wijk, row.teller, year) if wijk else None
    else:
        raise AssertionError(f"{indicator_id}: no rule by hand for berekening {row.berekening!r}: add one here")
    if enough:
        return value, coverage, "volledig" if coverage >= 0.9999 else "gedeeltelijk"
    if wijk_value is not None:
        return wijk_value, coverage, "wijkcijfer"
    return None, coverage, "onvoldoende gegevens"


def _export_rows(name: str, delimiter: str) -> list[dict]:
    with (EXPORTS / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def export_by_hand(indicator_id: str, kern: str) -> tuple[float | None, str]:
    """(value, status) of the indicators made from the proefgemeente's own exports (its folder exports/)."""
    row = CATALOGUE.loc[indicator_id]
    factor = float(row.factor)
    inwoners = sum(cbs(b, "inwoners") for b in KERN_BUURTEN[kern])
    if row.berekening == "export_subsidie":
        granted = [
            r
            for r in _export_rows("GM9999_subsidies_2024.csv", ";")
            if r["Kern"] == kern and r["Status"] == "toegekend" and row.teller in ("alle", r["Regeling"])
        ]
        amount = (
            len(granted)
            if row.noemer == "toegekend_aantal"
            else sum(float(r["Bedrag toegekend"].replace(",", ".")) for r in granted)
        )
        return amount / inwoners * factor, "volledig"
    if row.berekening == "export_kernagenda":
        points = [r for r in _export_rows("GM9999_kernagenda_2024-11-28.csv", ",") if r["Kern"] == kern]
        if row.teller == "punten_totaal":
            return len(points) * factor, "volledig"
        assert row.teller == "aandeel_gerealiseerd", row.teller
        return sum(r["Status"] == "gerealiseerd" for r in points) / len(points) * factor, "volledig"
    if row.berekening == "export_enquete":
        (result,) = [
            r
            for r in _export_rows("GM9999_burgerpeiling_2024.csv", ";")
            if r["Kern"] == kern and r["Vraag-id"] == row.teller
        ]
        if int(result["Aantal respondenten"]) < 10:  # dbt var enquete_min_n
            return None, "geen gegevens"
        column = {"gemiddelde": "Gemiddelde", "aandeel": "Aandeel eens"}[row.noemer]
        return float(result[column].replace(",", ".")) * factor, "enquête, ongewogen"
    raise AssertionError(f"{indicator_id}: no rule by hand for berekening {row.berekening!r}: add one here")


def _same(actual: object, expected: float | None) -> bool:
    if expected is None:
        return actual is None or actual != actual
    return actual == pytest.approx(expected, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("indicator_id", sorted(CATALOGUE.index))
@pytest.mark.parametrize("kern", ["Noorddorp", "Zuiddorp"])
def test_every_catalogue_indicator_follows_its_rule(marts, indicator_id: str, kern: str) -> None:
    """One case per catalogue indicator and kern: value, coverage and status as the rule gives them by hand."""
    spec = CATALOGUE.loc[indicator_id]
    if spec.berekening in ("measure", "ratio"):
        # Without buurt values the case would pass on two missing values: give the proefgemeente some.
        for measure in (spec.teller, spec.noemer):
            if isinstance(measure, str) and measure not in UNPUBLISHED_2024:
                assert any(cbs(b, measure) is not None for b in CASE["kernen"]), f"no buurt value for {measure}"
    row = indicator(marts, kern, indicator_id)
    if spec.berekening.startswith("export_"):
        value, status = export_by_hand(indicator_id, kern)
        assert _same(row["waarde"], value), (row["waarde"], value)
        assert str(row["status"]).startswith(status), row["status"]
        return
    value, coverage, status = by_hand(indicator_id, kern)
    assert (row["status"], _same(row["waarde"], value)) == (status, True), (row["waarde"], value)
    if CATALOGUE.loc[indicator_id, "berekening"] != "growth":
        assert row["dekking"] == pytest.approx(coverage)


def test_the_catalogue_case_exercises_every_rule() -> None:
    """The proefgemeente is rich enough that the rules differ where it matters: each outcome occurs."""
    statuses = {
        by_hand(i, kern)[2]
        for i in CATALOGUE.index[CATALOGUE.berekening.isin(["measure", "ratio"])]
        for kern in KERN_BUURTEN
    }
    assert statuses == {"volledig", "gedeeltelijk", "wijkcijfer", "onvoldoende gegevens"}
    assert {rule.aggregation for _, rule in MEASURE_RULES.iterrows()} == {"sum", "weighted_mean", "weighted_median"}


# --- own figures (eigen cijfers, exports/GM9999_eigen_cijfers_2024.csv): the same aggregation by their own rule ---
# Weights of the buurten 0000, 0001 | 0100, 0101, 0200: inwoners 1000, 100 | 2000, 300, 50; woningen 400, 50 |
# 900, 100, 20; oppervlakte 60, 400 | 120, 150, 900 (ha).
OWN_FIGURES = {
    # sum of the buurten: 3 + 2 | 4 + 1 + 0; gemeente 10
    "eigen_som": {"Noorddorp": (5, 1, "volledig"), "Zuiddorp": (5, 1, "volledig"), "gemeente": 10},
    # mean weighted by inhabitants; buurt 0200 has no value: coverage 2300 / 2350
    "eigen_inw": {
        "Noorddorp": ((1000 * 10 + 100 * 20) / 1100, 1, "volledig"),
        "Zuiddorp": ((2000 * 30 + 300 * 40) / 2300, 2300 / 2350, "gedeeltelijk"),
        "gemeente": (12000 + 72000) / 3400,
    },
    # mean weighted by dwellings; Nederland as the file gives it
    "eigen_won": {
        "Noorddorp": ((400 * 1 + 50 * 2) / 450, 1, "volledig"),
        "Zuiddorp": ((900 * 3 + 100 * 4 + 20 * 5) / 1020, 1, "volledig"),
        "gemeente": (500 + 3200) / 1470,
        "nederland": 2.5,
    },
    # mean weighted by area; the gemeente figure as the file gives it (33), not computed
    "eigen_opp": {
        "Noorddorp": ((60 * 50 + 400 * 10) / 460, 1, "volledig"),
        "Zuiddorp": ((120 * 60 + 150 * 40 + 900 * 5) / 1170, 1, "volledig"),
        "gemeente": 33,
    },
    # ratio of the two supplied columns x 100 (unit %): summed numerators over summed denominators; buurt 0200 is
    # missing from the file: a buurt without a value, its 50 inhabitants count against coverage 2300 / 2350
    "eigen_ratio": {
        "Noorddorp": ((40 + 10) / (400 + 50) * 100, 1, "volledig"),
        "Zuiddorp": ((90 + 30) / (900 + 100) * 100, 2300 / 2350, "gedeeltelijk"),
        "gemeente": 170 / 1450 * 100,
    },
    # delivered per kern: taken as it is (coverage 1, status eigen cijfer); the gemeente is their sum
    "eigen_kern": {"Noorddorp": (7, 1, "eigen cijfer"), "Zuiddorp": (9, 1, "eigen cijfer"), "gemeente": 16},
}


@pytest.mark.parametrize("indicator_id", sorted(OWN_FIGURES))
def test_own_figures_aggregate_by_their_rule(marts, indicator_id: str) -> None:
    expected = OWN_FIGURES[indicator_id]
    for kern in ("Noorddorp", "Zuiddorp"):
        row = indicator(marts, kern, indicator_id)
        value, coverage, status = expected[kern]
        assert (row["waarde"], row["dekking"], row["status"]) == (
            pytest.approx(value),
            pytest.approx(coverage),
            status,
        ), kern
        assert row["gemeente_waarde"] == pytest.approx(expected["gemeente"])
        assert _same(row["nederland_waarde"], expected.get("nederland"))
        assert row["bron"] == "Proefbron" and not row["synthetisch"]
    catalogue = marts.execute(
        "select eigen_cijfer from marts.indicator_catalogus where indicator_id = ?", [indicator_id]
    ).fetchone()
    assert catalogue == (True,)


def test_own_indicators_are_listed_only_for_the_gemeenten_that_delivered_them(case, tmp_path: Path) -> None:
    """A second gemeente that delivered no own figures: its kernen do not list GM9999's own indicators.

    Runs the compiled mart (kern_indicators) on a copy of the proefgemeente's warehouse with one more kern."""
    from orchestration.defs.dbt.assets import DBT_TARGET

    compiled = case.home / DBT_TARGET / "compiled" / "kernmonitor" / "models" / "marts" / "kern" / "kern_indicators.sql"
    warehouse = tmp_path / case.warehouse_path.name  # the compiled SQL names the catalogue by the file's name
    shutil.copy(case.warehouse_path, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "insert into marts.kernen by name select 'GM9998' as gemeentecode, 'Andere gemeente' as gemeentenaam, "
            "'Anderdorp' as kern"
        )
        listed = con.execute(
            f"""select gemeentecode, count(distinct indicator_id) filter (where indicator_id like 'eigen%')
                from ({compiled.read_text(encoding="utf-8").rstrip().rstrip(";")})
                where (indicator_id = 'inwoners' or indicator_id in ({", ".join(f"'{i}'" for i in OWN_FIGURES)}))
                  and jaar = 2024
                group by all order by all"""
        ).fetchall()
    # Anderdorp is in the table (with its CBS indicators), without the own indicators of GM9999.
    assert listed == [("GM9998", 0), ("GM9999", len(OWN_FIGURES))]
