"""Build the embedded demo snapshot: real CBS figures where we have them, a seeded synthetic fill elsewhere.

Real (see data/cbs/PROVENANCE.md): KWB 2024 inhabitants, sex, age groups and origin of every buurt, wijk and
gemeente and of Nederland; gemeente and wijk dwellings, density and area (total, land, water) of 2024; gemeente
population and age groups of 2019; Buren's buurt WOZ, household size and urbanity of 2024; business establishments
per buurt of 2022.
Everything else a kern profile needs is generated here, deterministically (seed below), so that:
- every real value is kept exactly; the population of other years follows the real 2024 buurten (each keeps
  its real share of the gemeente, drifting slowly) and adds up to the real gemeente totals of 2019 and 2024;
- every synthetic cell is listed as such: the manifest names the real cells, anything else is synthetic, and the
  pipeline carries that status to the dashboard and the exports ("synthetisch").
The demo covers 2019-2024: 2024 is the latest year for which we hold real figures, and a synthetic later year
would put an invented figure where the real one belongs. The answers are written in the CBS OData v3 format, so
the demo runs through the same parser as a live pull.

Run: `python -m ingest.demo_snapshot` (rewrites data/snapshot/).
"""

from __future__ import annotations

import copy
import csv
import json
import math
import random
from datetime import UTC, datetime
from pathlib import Path

from ingest.kernen import load_kern_mapping
from ingest.kwb import DWELLING_TYPE_SHARES, dwellings_of_type, load_measures, resolve_measures

ROOT = Path(__file__).resolve().parent.parent
CBS = ROOT / "data" / "cbs"
SEED = 20240101
REAL_TABLE = "85984NED"
TABLES = {
    2019: "84583NED",
    2020: "84799NED",
    2021: "85039NED",
    2022: "85318NED",
    2023: "85618NED",
    2024: "85984NED",
}
GEMEENTEN = {"GM1960": "West Betuwe", "GM0214": "Buren"}
NL_CODE = "NL00"
# Columns of the real 2024 population file (CBS's own short codes) -> our measures.
REAL_2024_COLUMNS = {
    "a_inw": "inwoners",
    "a_man": "mannen",
    "a_vrouw": "vrouwen",
    "a_00_14": "leeftijd_0_15",
    "a_15_24": "leeftijd_15_25",
    "a_25_44": "leeftijd_25_45",
    "a_45_64": "leeftijd_45_65",
    "a_65_oo": "leeftijd_65_plus",
    "a_nl_all": "herkomst_nederland",
    "a_eur_al": "herkomst_europa",
    "a_neu_al": "herkomst_buiten_europa",
}
POPULATION_MEASURES = tuple(REAL_2024_COLUMNS.values())
SEX_AND_AGE_MEASURES = POPULATION_MEASURES[:8]  # inhabitants, men, women and the five age groups
AGE_COLUMNS = ("a_00_14", "a_15_24", "a_25_44", "a_45_64", "a_65_oo")
# Columns of the real 2022 establishments file (SBI 2008 groups) -> our measures.
ESTABLISHMENT_COLUMNS = {
    "total": "bedrijfsvestigingen",
    "A": "vestigingen_landbouw",
    "B-F": "vestigingen_nijverheid",
    "G+I": "vestigingen_handel_horeca",
    "H+J": "vestigingen_vervoer_ict",
    "K-L": "vestigingen_financieel",
    "M-N": "vestigingen_zakelijk",
    "O-Q": "vestigingen_overheid_zorg",
    "R-U": "vestigingen_cultuur_recreatie",
}
STATLINE_NL = CBS / "statline"


def _nederland_2024() -> dict[str, int]:
    """The real Nederland row of KWB 2024 from the embedded all-NL StatLine exports (their first data row)."""
    import gzip

    def first_row(name: str) -> list[str]:
        with gzip.open(STATLINE_NL / name, "rt", encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh, delimiter=";")
            next(reader)
            return next(reader)

    bevolking = first_row("kwb2024_85984NED_alle_regios_bevolking_statline.csv.gz")
    herkomst = first_row("kwb2024_85984NED_alle_regios_herkomst_statline.csv.gz")
    if bevolking[0] != "Nederland" or herkomst[0] != "Nederland":
        raise ValueError("de eerste regel van de StatLine-bestanden is niet Nederland")
    counts = [int(v) for v in bevolking[5:13]] + [int(v) for v in herkomst[3:6]]
    return dict(zip(POPULATION_MEASURES, counts, strict=True))


# Plausible orders of magnitude for the Nederland row; synthetic, labelled as such like every other fill.
NL_INWONERS = {2019: 17_282_163, 2020: 17_407_585, 2021: 17_475_415, 2022: 17_590_672, 2023: 17_811_291}


def _pad(code: str) -> str:
    return code.ljust(10)


def split_exact(total: int, weights: list[float]) -> list[int]:
    """Integers proportional to weights that add up to total exactly (largest remainder)."""
    if total <= 0 or not weights:
        return [0] * len(weights)
    norm = sum(weights) or 1.0
    raw = [total * w / norm for w in weights]
    base = [math.floor(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - base[i], reverse=True)
    for i in order[: total - sum(base)]:
        base[i] += 1
    return base


def fit_table(row_totals: list[int], column_totals: list[int], mix: list[list[float]]) -> list[list[int]]:
    """Integer table with exact row and column totals, close to each row's mix (rows: buurten; columns: ages).

    Rows are rounded to their totals first; then single persons move within a row from a column with a surplus
    to one with a deficit, which keeps every row total, until the columns match too.
    """
    if sum(row_totals) != sum(column_totals):
        raise ValueError("row and column totals differ")
    scale = [
        t / max(1e-9, sum(r * m[j] / sum(m) for r, m in zip(row_totals, mix, strict=True)))
        for j, t in enumerate(column_totals)
    ]
    table = [
        split_exact(r, [m[j] * scale[j] for j in range(len(column_totals))])
        for r, m in zip(row_totals, mix, strict=True)
    ]
    diff = [sum(row[j] for row in table) - column_totals[j] for j in range(len(column_totals))]
    while any(diff):
        src = next(j for j, d in enumerate(diff) if d > 0)
        dst = next(j for j, d in enumerate(diff) if d < 0)
        row = max(range(len(table)), key=lambda i: table[i][src])
        table[row][src] -= 1
        table[row][dst] += 1
        diff[src] -= 1
        diff[dst] += 1
    return table


def _polygon_area_ha(geometry: dict) -> float:
    """Planar area of a WGS84 polygon in hectares (local equirectangular projection; fine for weights)."""
    rings = (
        geometry["coordinates"] if geometry["type"] == "Polygon" else [r for p in geometry["coordinates"] for r in p]
    )
    area = 0.0
    for ring in rings[:1] if geometry["type"] == "Polygon" else rings:
        lat0 = math.radians(sum(p[1] for p in ring) / len(ring))
        xs = [p[0] * 111_320 * math.cos(lat0) for p in ring]
        ys = [p[1] * 110_574 for p in ring]
        area += abs(sum(xs[i] * ys[i + 1] - xs[i + 1] * ys[i] for i in range(len(ring) - 1))) / 2
    return area / 10_000


def _is_outskirts(name: str) -> bool:
    low = name.lower()
    return any(w in low for w in ("verspreide huizen", " e.o.", "buitengebied", "polder", "industrieterrein"))


def _metadata_for_year(real_props: list[dict], year: int) -> list[dict]:
    """Reconstructed DataProperties for a year other than 2024: titles that changed, keys renumbered.

    We hold the real metadata of 85984NED only. Earlier tables named some topics differently (WOZ was
    "Gemiddelde woningwaarde" up to 2022; building period was "voor/vanaf 2000" up to 2023) and lacked the
    newbuild topics, so their keys carry other suffixes: exactly what the measure resolution must survive.
    """
    props = copy.deepcopy(real_props)
    if year == 2024:
        return props
    out: list[dict] = []
    for prop in props:
        key = prop.get("Key", "")
        if prop.get("Type") == "Topic" and year <= 2022 and key.startswith(("Nieuwbouw", "NietWoningvoorraad")):
            continue
        if key.startswith("GemiddeldeWOZWaardeVanWoningen") and year <= 2022:
            prop["Key"], prop["Title"] = "GemiddeldeWoningwaarde_0", "Gemiddelde woningwaarde"
        if key.startswith("BouwjaarMeerDanTienJaarGeleden") and year <= 2023:
            prop["Key"], prop["Title"] = "BouwjaarVoor2000_0", "Bouwjaar voor 2000"
        if key.startswith("BouwjaarAfgelopenTienJaar") and year <= 2023:
            prop["Key"], prop["Title"] = "BouwjaarVanaf2000_0", "Bouwjaar vanaf 2000"
        out.append(prop)
    position = 0
    for prop in out:
        if prop.get("Type") == "Topic":
            position += 1
            stem = prop["Key"].rsplit("_", 1)[0]
            prop["Key"] = f"{stem}_{position}"
    return out


def table_infos_for_year(real_infos: dict, year: int, table_id: str, description: str, short: str) -> dict:
    """The TableInfos of a table we hold no metadata for: 85984NED's, with this table's id, title and dates."""
    infos = dict(real_infos)
    infos.update(
        Identifier=table_id,
        Title=f"Kerncijfers wijken en buurten {year}",
        ShortTitle=f"Kerncijfers wijken en buurten {year}",
        Period=str(year),
        Modified=f"{year + 1}-03-2{year % 7}T02:00:00",
        MetaDataModified=f"{year + 1}-03-2{year % 7}T02:00:00",
        Description=description,
        ShortDescription=short,
    )
    return infos


class DemoBuilder:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.mapping = load_kern_mapping(ROOT / "data" / "kernen" / "kern_buurt.csv")
        self.real_props = json.loads((CBS / f"{REAL_TABLE}_DataProperties_2025-03-27.json").read_text("utf-8"))
        self.real_infos = json.loads((CBS / f"{REAL_TABLE}_TableInfos_2025-03-27.json").read_text("utf-8"))
        self.kwb2024 = json.loads((CBS / "kwb2024_85984NED_gm_wk_westbetuwe_buren_stripped.json").read_text("utf-8"))
        with (CBS / "kwb2019_gemeente_bevolking_GM1960_GM0214.csv").open(encoding="utf-8") as fh:
            self.kwb2019 = {r["unique_id"]: r for r in csv.DictReader(fh)}
        with (CBS / "DERIVED_kwb2024_buurt_woz_hhgro_sted_GM1960_GM0214_from_DSS_groupproject.csv").open() as fh:
            self.buren2024 = {"BU" + r["nbh_code"]: r for r in csv.DictReader(fh)}
        with (CBS / "gwb2023_wijk_namen_GM1960_GM0214.csv").open(encoding="latin-1") as fh:
            self.wijk_names = {r["WK_CODE"]: r["WK_NAAM"] for r in csv.DictReader(fh, delimiter="\t")}
        geo = json.loads((CBS / "cbs_buurten_2023_GM1960_GM0214.geojson").read_text("utf-8"))
        self.buurt_area = {f["properties"]["statcode"]: _polygon_area_ha(f["geometry"]) for f in geo["features"]}
        # Real KWB 2024 population per gemeente, wijk and buurt (StatLine export, see data/cbs/PROVENANCE.md).
        with (CBS / "kwb2024_85984NED_buurt_bevolking_herkomst_GM1960_GM0214.csv").open(encoding="utf-8") as fh:
            self.real2024 = {
                r["gwb_code"]: {k: int(v) for k, v in r.items() if k in REAL_2024_COLUMNS} for r in csv.DictReader(fh)
            }
        # Real KWB 2022 business establishments per buurt (blank = suppressed by CBS).
        with (CBS / "kwb2022_85318NED_buurt_bedrijfsvestigingen_GM1960_GM0214.csv").open(encoding="utf-8") as fh:
            self.establishments2022 = {
                r["buurtcode"]: {
                    m: (round(float(r[c])) if r[c].strip() else None) for c, m in ESTABLISHMENT_COLUMNS.items()
                }
                for r in csv.DictReader(fh)
            }
        self.nederland2024 = _nederland_2024()
        self.buurten = self.mapping.to_dict("records")
        self._buurt_traits()
        self._more_traits()

    def _buurt_traits(self) -> None:
        """Fixed per-buurt characteristics that make the synthetic figures hang together across years."""
        rng = self.rng
        for b in self.buurten:
            outskirts = _is_outskirts(b["buurtnaam"])
            real2024 = self.real2024[b["buurtcode"]]
            # Population of other years follows the real 2024 buurt: its share of the gemeente drifts by at most
            # 1% a year (a seeded synthetic trend), and the gemeente totals are the real ones of 2019 and 2024.
            b["inw2024"] = real2024["a_inw"]
            b["drift"] = rng.uniform(-0.01, 0.01)
            b["outskirts"] = outskirts
            ages = [real2024[c] for c in AGE_COLUMNS]
            b["age_mix"] = [float(a) for a in ages] if sum(ages) else [0.16, 0.11, 0.22, 0.29, 0.22]
            b["men_share"] = real2024["a_man"] / real2024["a_inw"] if real2024["a_inw"] else 0.5
            real = self.buren2024.get(b["buurtcode"])
            b["hhsize"] = float(real["avg_household_size"]) if real else rng.uniform(2.2, 2.8)
            b["woz2024"] = float(real["avg_house_value_woz"]) if real else rng.uniform(300, 520)
            b["sted"] = float(real["urbanization"]) if real else (5.0 if outskirts else rng.choice([4.0, 5.0]))
            b["koop"] = rng.uniform(70, 92) if outskirts else rng.uniform(55, 82)
            b["corp_share"] = rng.uniform(0.55, 0.85)
            b["afstand"] = [rng.uniform(1.5, 5.5) if outskirts else rng.uniform(0.3, 2.5) for _ in range(4)]
            b["inkomen"] = rng.uniform(27, 38)
            b["autos"] = rng.uniform(1.3, 1.9) if outskirts else rng.uniform(1.0, 1.5)
            b["single"] = rng.uniform(0.15, 0.25) if outskirts else rng.uniform(0.22, 0.36)
            b["kids"] = rng.uniform(0.25, 0.38)

    def _more_traits(self) -> None:
        """Traits of the measures added with the whole KWB (issue 16). A generator of their own, so that the
        figures drawn before them (and the tests and documents quoting those) stay what they were."""
        rng = random.Random(SEED + 16)
        for b in self.buurten:
            out = b["outskirts"]
            b["eengezins"] = rng.uniform(92, 99) if out else rng.uniform(68, 92)
            mix = [0.08, 0.08, 0.3, 0.54] if out else [0.36, 0.2, 0.26, 0.18]
            b["eengezins_mix"] = [m * rng.uniform(0.8, 1.2) for m in mix]  # tussen, hoek, 2-onder-1-kap, vrijstaand
            b["onbewoond"] = rng.uniform(2, 6)
            b["elektriciteit"] = rng.uniform(2400, 3100)
            b["aardgas"] = rng.uniform(1050, 1450) if out else rng.uniform(850, 1250)
            b["stadsverwarming"] = rng.uniform(1, 9) if not out and rng.random() < 0.1 else 0.0
            b["nieuwbouw"] = rng.uniform(0, 0.006) if out else rng.uniform(0, 0.02)
            b["geboorte"] = rng.uniform(0.007, 0.012)
            b["sterfte"] = rng.uniform(0.035, 0.05)
            b["opleiding_laag"] = rng.uniform(0.28, 0.38) if out else rng.uniform(0.22, 0.34)
            b["opleiding_hoog"] = rng.uniform(0.16, 0.28) if out else rng.uniform(0.2, 0.36)
            b["participatie"] = rng.uniform(66, 76)
            b["zelfstandigen"] = rng.uniform(14, 24) if out else rng.uniform(9, 17)
            b["ontvangers"] = rng.uniform(0.78, 0.84)
            b["laag_inkomen"] = rng.uniform(2.5, 8)
            b["rond_minimum"] = rng.uniform(0.5, 2.5)
            b["ao"] = rng.uniform(0.05, 0.08)
            b["ww"] = rng.uniform(0.012, 0.022)
            b["jeugdzorg"] = rng.uniform(0.08, 0.13)
            b["wmo"] = rng.uniform(0.04, 0.07)
            b["benzine"] = rng.uniform(0.6, 0.76)
            b["scholen"] = rng.uniform(1, 4) if out else rng.uniform(3, 8)
            b["oad"] = rng.uniform(100, 400) if out else rng.uniform(500, 1500)

    def _gemeente_inwoners(self, gm: str, year: int) -> int:
        start, end = int(self.kwb2019[gm]["population"]), int(self.kwb2024[gm]["AantalInwoners_5"])
        step = (end - start) / 5
        return round(start + step * (year - 2019))

    def build_year(self, year: int, keys: dict[str, str], props: list[dict]) -> tuple[list[dict], dict[str, list[str]]]:
        """Rows of one year for NL, both gemeenten, their wijken and buurten; plus the real cells."""
        rows: dict[str, dict[str, float | None]] = {}
        real: dict[str, list[str]] = {}

        def mark_real(code: str, *measures: str) -> None:
            real.setdefault(code, []).extend(keys[m] for m in measures if m in keys)

        growth = 1 + 0.012 * (year - 2024)
        for gm in GEMEENTEN:
            buurten = [b for b in self.buurten if b["gemeentecode"] == gm]
            wijken = sorted({b["wijkcode"] for b in buurten})
            g_inw = self._gemeente_inwoners(gm, year)
            real_year = year == 2024
            codes = [b["buurtcode"] for b in buurten]
            if real_year:
                b_inw_all = {c: self.real2024[c]["a_inw"] for c in codes}
            else:
                # Every buurt keeps its real 2024 size, drifting slowly; the buurten add up to the gemeente total.
                weights = [b["inw2024"] * (1 + b["drift"] * (year - 2024)) for b in buurten]
                b_inw_all = dict(zip(codes, split_exact(g_inw, weights), strict=True))
            if real_year:
                ages_by_buurt = {c: [self.real2024[c][k] for k in AGE_COLUMNS] for c in codes}
                men_by_buurt = {c: self.real2024[c]["a_man"] for c in codes}
            elif year == 2019:
                # Real gemeente age groups and men: fitted to the buurten without changing their inhabitants.
                targets = [int(self.kwb2019[gm][c]) for c in ("b_00_14", "b_15_24", "b_25_44", "b_45_64", "b_65_oo")]
                ages = fit_table([b_inw_all[c] for c in codes], targets, [b["age_mix"] for b in buurten])
                ages_by_buurt = dict(zip(codes, ages, strict=True))
                men_weights = [b_inw_all[b["buurtcode"]] * b["men_share"] for b in buurten]
                men_by_buurt = dict(zip(codes, split_exact(int(self.kwb2019[gm]["men"]), men_weights), strict=True))
            else:
                ages_by_buurt = {b["buurtcode"]: split_exact(b_inw_all[b["buurtcode"]], b["age_mix"]) for b in buurten}
                men_by_buurt = {b["buurtcode"]: round(b_inw_all[b["buurtcode"]] * b["men_share"]) for b in buurten}
            for w in wijken:
                members = [b for b in buurten if b["wijkcode"] == w]
                b_inw = [b_inw_all[b["buurtcode"]] for b in members]
                w_area = float(self.kwb2024[w]["OppervlakteTotaal_122"])
                w_land = float(self.kwb2024[w]["OppervlakteLand_123"])
                areas = split_exact(round(w_area), [self.buurt_area[b["buurtcode"]] for b in members])
                lands = [min(a, round(a * w_land / w_area)) for a in areas]
                lands = split_exact(round(w_land), [float(x) or 0.01 for x in lands])
                w_dwell = round(float(self.kwb2024[w]["Woningvoorraad_35"]) * growth)
                dwellings = split_exact(w_dwell, [n / b["hhsize"] for n, b in zip(b_inw, members, strict=True)])
                men = [men_by_buurt[b["buurtcode"]] for b in members]
                for b, n, area, land, dwell, m in zip(members, b_inw, areas, lands, dwellings, men, strict=True):
                    rows[b["buurtcode"]] = self._buurt_values(
                        b, year, n, ages_by_buurt[b["buurtcode"]], area, land, dwell, m
                    )
                    if real_year:
                        self._set_real_population(rows[b["buurtcode"]], b["buurtcode"])
                        mark_real(b["buurtcode"], *POPULATION_MEASURES)
                    if real_year and b["buurtcode"] in self.buren2024:
                        mark_real(b["buurtcode"], "woz_gemiddeld", "huishoudensgrootte", "stedelijkheid")
                    if year == 2022:
                        self._set_establishments(rows[b["buurtcode"]], b["buurtcode"])
                        mark_real(b["buurtcode"], *ESTABLISHMENT_COLUMNS.values())
            self._roll_up(rows, buurten, wijken, gm)
            if year == 2024:
                for code in [gm, *wijken]:
                    src = self.kwb2024[code]
                    rows[code].update(
                        inwoners=src["AantalInwoners_5"],
                        mannen=src["Mannen_6"],
                        vrouwen=src["Vrouwen_7"],
                        bevolkingsdichtheid=src["Bevolkingsdichtheid_34"],
                        woningvoorraad=src["Woningvoorraad_35"],
                        oppervlakte_totaal_ha=src["OppervlakteTotaal_122"],
                        oppervlakte_land_ha=src["OppervlakteLand_123"],
                        oppervlakte_water_ha=src["OppervlakteWater_124"],
                    )
                    self._set_real_population(rows[code], code)
                    mark_real(
                        code,
                        *POPULATION_MEASURES,
                        "bevolkingsdichtheid",
                        "woningvoorraad",
                        "oppervlakte_totaal_ha",
                        "oppervlakte_land_ha",
                        "oppervlakte_water_ha",
                    )
            if year == 2019:
                src = self.kwb2019[gm]
                rows[gm].update(inwoners=int(src["population"]), mannen=int(src["men"]), vrouwen=int(src["women"]))
                mark_real(gm, *SEX_AND_AGE_MEASURES)
        rows[NL_CODE] = self._nederland(year)
        if year == 2024:
            rows[NL_CODE].update(self.nederland2024)
            mark_real(NL_CODE, *self.nederland2024)
        return self._to_typed_rows(rows, keys, props), real

    def _set_real_population(self, values: dict, code: str) -> None:
        """The real KWB 2024 inhabitants, sex, age groups and origin of a buurt, wijk or gemeente."""
        real = self.real2024[code]
        values.update({measure: real[column] for column, measure in REAL_2024_COLUMNS.items()})

    def _set_establishments(self, values: dict, code: str) -> None:
        """The real KWB 2022 business establishments of a buurt; a suppressed sector stays missing, but the
        wijk and gemeente totals include it, as CBS's would (its hidden share of the buurt total, synthetic)."""
        real = self.establishments2022.get(code, {})
        values.update(real)
        hidden = [m for m, v in real.items() if v is None]
        known = sum(v for m, v in real.items() if v is not None and m != "bedrijfsvestigingen")
        rest = max(0, (real.get("bedrijfsvestigingen") or 0) - known)
        values.setdefault("_geheim", {}).update(zip(hidden, split_exact(rest, [1.0] * len(hidden)), strict=True))

    def _buurt_values(
        self, b: dict, year: int, inw: int, ages: list[int], area: int, land: int, dwell: int, men: int
    ) -> dict[str, float | None]:
        households = max(1, round(inw / b["hhsize"])) if inw else 0
        woz = b["woz2024"] * (1.065 ** (year - 2024))
        bijstand = round(inw * 0.013 / 5) * 5
        small = inw < 150
        values: dict[str, float | None] = {
            "inwoners": inw,
            "mannen": men,
            "vrouwen": inw - men,
            "leeftijd_0_15": ages[0],
            "leeftijd_15_25": ages[1],
            "leeftijd_25_45": ages[2],
            "leeftijd_45_65": ages[3],
            "leeftijd_65_plus": ages[4],
            "huishoudens": households,
            "eenpersoonshuishoudens": round(households * b["single"]),
            "huishoudens_met_kinderen": round(households * b["kids"]),
            "huishoudensgrootte": round(b["hhsize"], 1) if households else None,
            "bevolkingsdichtheid": round(inw / (land / 100)) if land else None,
            "woningvoorraad": dwell,
            # CBS suppresses averages and shares of very small buurten: we do too, so coverage gets exercised.
            "woz_gemiddeld": None if small else round(woz),
            "koopwoningen_pct": None if small else round(b["koop"]),
            "huurwoningen_pct": None if small else round(99 - b["koop"]),
            "corporatiewoningen_pct": None if small else round((99 - b["koop"]) * b["corp_share"]),
            "inkomen_per_inwoner": None if small else round(b["inkomen"] * (1.03 ** (year - 2024)), 1),
            # Counts under 10 are suppressed in KWB ('.'), and larger ones rounded to fives.
            "bijstand": bijstand if bijstand >= 10 else None,
            # What CBS knows but does not publish: the wijk and gemeente counts include suppressed buurten.
            "_geheim": {"bijstand": bijstand},
            "autos_per_huishouden": round(b["autos"], 1),
            "afstand_huisarts_km": round(b["afstand"][0], 1),
            "afstand_supermarkt_km": round(b["afstand"][1], 1),
            "afstand_kinderdagverblijf_km": round(b["afstand"][2], 1),
            "afstand_school_km": round(b["afstand"][3], 1),
            "oppervlakte_totaal_ha": area,
            "oppervlakte_land_ha": land,
            "stedelijkheid": b["sted"],
        }
        recent = min(25.0, 6 + (year - 2019) * 0.4 + (0 if b["outskirts"] else 3))
        if year <= 2023:
            values["bouwjaar_vanaf_2000_pct"] = None if small else round(recent + 8)
            values["bouwjaar_voor_2000_pct"] = None if small else round(100 - recent - 8)
        else:
            values["bouwjaar_laatste_10_jaar_pct"] = None if small else round(recent)
        more = self._more_buurt_values(b, year, inw, ages, households, area, land, dwell, small)
        values["_geheim"].update(more.pop("_geheim"))
        values.update(more)
        return values

    @staticmethod
    def _more_buurt_values(
        b: dict, year: int, inw: int, ages: list[int], households: int, area: int, land: int, dwell: int, small: bool
    ) -> dict:
        """The measures added with the whole KWB, consistent with the rest of the buurt: AOW follows the 65+
        count, cars the cars per household, education the inhabitants of 15 to 75, the dwelling types add up to
        100, the private rental share is the rental share minus the corporation share, water is area minus land.
        Counts are rounded to fives (education to tens) and suppressed under 10 like CBS's; averages and shares of
        very small buurten are suppressed."""

        def hidden_count(name: str, value: float, step: int = 5) -> None:
            rounded = round(value / step) * step
            values[name] = None if small or rounded < 10 else rounded
            values["_geheim"][name] = rounded

        working = ages[1] + ages[2] + ages[3]
        eengezins = round(b["eengezins"])
        subtypes = split_exact(eengezins, b["eengezins_mix"])
        huur = round(99 - b["koop"])
        corporatie = round((99 - b["koop"]) * b["corp_share"])
        types = {"appartement": 100 - eengezins, **dict(zip(("tussen", "hoek", "twee", "vrij"), subtypes, strict=True))}
        elektriciteit_factor = {"appartement": 0.68, "tussen": 0.9, "hoek": 0.98, "twee": 1.12, "vrij": 1.32}
        gas_factor = {"appartement": 0.6, "tussen": 0.82, "hoek": 0.95, "twee": 1.1, "vrij": 1.45}
        e_trend = 1 + 0.02 * (2024 - year)  # more solar panels every year: less delivered electricity
        g_trend = 1 + 0.04 * (2024 - year)
        autos = round(households * round(b["autos"], 1))
        benzine = round(autos * b["benzine"])
        opleiding_basis = working + round(ages[4] * 0.45)  # 15 to 75: most of 65+ is 75 or younger
        zelfstandigen = round(b["zelfstandigen"])
        values: dict = {
            "_geheim": {},
            "geboorte_totaal": round(inw * b["geboorte"]),
            "sterfte_totaal": round(ages[4] * b["sterfte"] + inw * 0.001),
            "nieuwbouw_woningen": round(dwell * b["nieuwbouw"]),
            "eengezinswoning_pct": None if small else eengezins,
            "tussenwoning_pct": None if small else subtypes[0],
            "hoekwoning_pct": None if small else subtypes[1],
            "twee_onder_een_kap_pct": None if small else subtypes[2],
            "vrijstaande_woning_pct": None if small else subtypes[3],
            "meergezinswoning_pct": None if small else 100 - eengezins,
            "onbewoonde_woningen_pct": None if small else round(b["onbewoond"]),
            "overige_verhuurders_pct": None if small else huur - corporatie,
            "stadsverwarming_pct": None if small else round(b["stadsverwarming"]),
            "nettoarbeidsparticipatie_pct": None if small else round(b["participatie"] - 0.3 * (2024 - year), 1),
            "werknemers_pct": None if small else 100 - zelfstandigen,
            "zelfstandigen_pct": None if small else zelfstandigen,
            "inkomen_per_ontvanger": None
            if small
            else round(b["inkomen"] * (1.03 ** (year - 2024)) / b["ontvangers"], 1),
            "inkomen_huishouden_gestandaardiseerd": None
            if small
            else round(b["inkomen"] * 1.12 * (1.03 ** (year - 2024)), 1),
            "laag_inkomen_pct": None if small else round(b["laag_inkomen"], 1),
            "sociaal_minimum_pct": None if small else round(b["laag_inkomen"] + b["rond_minimum"], 1),
            "autos_totaal": autos,
            "autos_benzine": benzine,
            "autos_overige_brandstof": autos - benzine,
            "scholen_binnen_3km": round(b["scholen"], 1),
            "oppervlakte_water_ha": area - land,
            "omgevingsadressendichtheid": None if small else round(b["oad"]),
            # Not a KWB column: the weight of the labour shares, as the pipeline derives it (int_kwb_harmonised).
            "leeftijd_15_65": working,
        }
        values["elektriciteit_kwh"] = (
            None
            if small
            else round(
                sum(b["elektriciteit"] * elektriciteit_factor[t] * share / 100 for t, share in types.items()) * e_trend,
                -1,
            )
        )
        values["aardgas_m3"] = (
            None
            if small
            else round(sum(b["aardgas"] * gas_factor[t] * share / 100 for t, share in types.items()) * g_trend, -1)
        )
        for suffix, t in (
            ("appartement", "appartement"),
            ("tussenwoning", "tussen"),
            ("hoekwoning", "hoek"),
            ("twee_onder_een_kap", "twee"),
            ("vrijstaand", "vrij"),
        ):
            few = small or dwell * types[t] / 100 < 10  # CBS publishes no average over fewer than 10 dwellings
            values[f"elektriciteit_{suffix}_kwh"] = (
                None if few else round(b["elektriciteit"] * elektriciteit_factor[t] * e_trend, -1)
            )
            values[f"aardgas_{suffix}_m3"] = None if few else round(b["aardgas"] * gas_factor[t] * g_trend, -1)
        hidden_count("opleiding_laag", opleiding_basis * b["opleiding_laag"], 10)
        hidden_count("opleiding_hoog", opleiding_basis * b["opleiding_hoog"], 10)
        hidden_count("opleiding_midden", opleiding_basis * (1 - b["opleiding_laag"] - b["opleiding_hoog"]), 10)
        hidden_count("inkomensontvangers", inw * b["ontvangers"], 10)
        hidden_count("ao_uitkering", working * b["ao"])
        hidden_count("ww_uitkering", working * b["ww"])
        hidden_count("aow_uitkering", ages[4] * 0.9)
        hidden_count("jeugdzorg", (ages[0] + ages[1]) * b["jeugdzorg"])
        hidden_count("wmo_clienten", inw * b["wmo"] + ages[4] * 0.1)
        return values

    def _roll_up(self, rows: dict, buurten: list[dict], wijken: list[str], gm: str) -> None:
        """Wijk and gemeente rows as CBS would publish them: sums of counts, weighted averages of the rest."""
        measures = {m.name: m for m in load_measures()}
        with (ROOT / "dbt_project" / "seeds" / "kwb_measures.csv").open(encoding="utf-8") as fh:
            spec = {r["measure"]: r for r in csv.DictReader(fh)}
        groups = {w: [b["buurtcode"] for b in buurten if b["wijkcode"] == w] for w in wijken}
        groups[gm] = [b["buurtcode"] for b in buurten]
        for code, members in groups.items():
            out: dict[str, float | None] = {}
            for name in measures:
                vals = [rows[c].get(name) for c in members]
                if name not in rows[members[0]]:
                    continue
                if spec[name]["aggregation"] == "sum":
                    known = [rows[c].get("_geheim", {}).get(name, v) for c, v in zip(members, vals, strict=True)]
                    out[name] = sum(v for v in known if v is not None)
                else:
                    weight = spec[name]["weight"]
                    if weight in DWELLING_TYPE_SHARES:
                        weights = [dwellings_of_type(rows[c], weight) or 0 for c in members]
                    else:
                        weights = [rows[c].get(weight) or 0 for c in members]
                    pairs = [(v, w) for v, w in zip(vals, weights, strict=True) if v is not None and w]
                    total = sum(w for _, w in pairs)
                    if spec[name]["aggregation"] == "weighted_median":
                        # A class: the class of the median inhabitant, as kernmonitor does for kernen.
                        cumulative = 0.0
                        for v, w in sorted(pairs):
                            cumulative += w
                            if cumulative >= total / 2:
                                out[name] = v
                                break
                        else:
                            out[name] = None
                    else:
                        out[name] = round(sum(v * w for v, w in pairs) / total, 1) if total else None
            if out.get("oppervlakte_land_ha"):
                out["bevolkingsdichtheid"] = round(out["inwoners"] / (out["oppervlakte_land_ha"] / 100))
            rows[code] = out

    def _nederland(self, year: int) -> dict[str, float | None]:
        inw = NL_INWONERS.get(year) or round(17_942_942 * (1.007 ** (year - 2024)))
        hh = round(inw / 2.12)
        values = {
            "inwoners": inw,
            "mannen": round(inw * 0.497),
            "vrouwen": inw - round(inw * 0.497),
            "leeftijd_0_15": round(inw * 0.155),
            "leeftijd_15_25": round(inw * 0.122),
            "leeftijd_25_45": round(inw * 0.254),
            "leeftijd_45_65": round(inw * 0.265),
            "leeftijd_65_plus": inw - round(inw * 0.155) - round(inw * 0.122) - round(inw * 0.254) - round(inw * 0.265),
            "huishoudens": hh,
            "eenpersoonshuishoudens": round(hh * 0.39),
            "huishoudens_met_kinderen": round(hh * 0.32),
            "huishoudensgrootte": 2.12,
            "bevolkingsdichtheid": 530,
            "woningvoorraad": round(inw / 2.2),
            "woz_gemiddeld": round(380 * (1.065 ** (year - 2024))),
            "koopwoningen_pct": 57.0,
            "huurwoningen_pct": 42.0,
            "corporatiewoningen_pct": 28.0,
            "inkomen_per_inwoner": round(34.0 * (1.03 ** (year - 2024)), 1),
            "bijstand": round(inw * 0.024),
            "autos_per_huishouden": 1.1,
            "afstand_huisarts_km": 1.0,
            "afstand_supermarkt_km": 0.9,
            "afstand_kinderdagverblijf_km": 0.7,
            "afstand_school_km": 0.7,
            "oppervlakte_totaal_ha": 4_154_300,
            "oppervlakte_land_ha": 3_367_000,
            "stedelijkheid": 2.0,
            "geboorte_totaal": round(inw * 0.0095),
            "sterfte_totaal": round(inw * 0.0099),
            "nieuwbouw_woningen": round(inw / 2.2 * 0.0085),
            "eengezinswoning_pct": 64.0,
            "tussenwoning_pct": 26.0,
            "hoekwoning_pct": 11.0,
            "twee_onder_een_kap_pct": 13.0,
            "vrijstaande_woning_pct": 14.0,
            "meergezinswoning_pct": 36.0,
            "onbewoonde_woningen_pct": 4.0,
            "overige_verhuurders_pct": 14.0,
            "elektriciteit_kwh": round(2500 * (1 + 0.02 * (2024 - year)), -1),
            "elektriciteit_appartement_kwh": round(1800 * (1 + 0.02 * (2024 - year)), -1),
            "elektriciteit_tussenwoning_kwh": round(2500 * (1 + 0.02 * (2024 - year)), -1),
            "elektriciteit_hoekwoning_kwh": round(2600 * (1 + 0.02 * (2024 - year)), -1),
            "elektriciteit_twee_onder_een_kap_kwh": round(2900 * (1 + 0.02 * (2024 - year)), -1),
            "elektriciteit_vrijstaand_kwh": round(3300 * (1 + 0.02 * (2024 - year)), -1),
            "aardgas_m3": round(950 * (1 + 0.04 * (2024 - year)), -1),
            "aardgas_appartement_m3": round(640 * (1 + 0.04 * (2024 - year)), -1),
            "aardgas_tussenwoning_m3": round(900 * (1 + 0.04 * (2024 - year)), -1),
            "aardgas_hoekwoning_m3": round(1040 * (1 + 0.04 * (2024 - year)), -1),
            "aardgas_twee_onder_een_kap_m3": round(1200 * (1 + 0.04 * (2024 - year)), -1),
            "aardgas_vrijstaand_m3": round(1550 * (1 + 0.04 * (2024 - year)), -1),
            "stadsverwarming_pct": 7.0,
            "opleiding_laag": round(inw * 0.76 * 0.26, -1),
            "opleiding_midden": round(inw * 0.76 * 0.39, -1),
            "opleiding_hoog": round(inw * 0.76 * 0.35, -1),
            "nettoarbeidsparticipatie_pct": 70.0,
            "werknemers_pct": 86.0,
            "zelfstandigen_pct": 14.0,
            "inkomensontvangers": round(inw * 0.8, -1),
            "inkomen_per_ontvanger": round(42.5 * (1.03 ** (year - 2024)), 1),
            "inkomen_huishouden_gestandaardiseerd": round(37.9 * (1.03 ** (year - 2024)), 1),
            "laag_inkomen_pct": 7.0,
            "sociaal_minimum_pct": 8.0,
            "ao_uitkering": round(inw * 0.046, -1),
            "ww_uitkering": round(inw * 0.009, -1),
            "aow_uitkering": round(inw * 0.2, -1),
            "jeugdzorg": round(inw * 0.028, -1),
            "wmo_clienten": round(inw * 0.065, -1),
            "autos_totaal": round(hh * 1.1),
            "autos_benzine": round(hh * 1.1 * 0.73),
            "autos_overige_brandstof": round(hh * 1.1) - round(hh * 1.1 * 0.73),
            "scholen_binnen_3km": 8.5,
            "oppervlakte_water_ha": 4_154_300 - 3_367_000,
            "omgevingsadressendichtheid": 2000,
        }
        if year <= 2023:
            values.update(bouwjaar_voor_2000_pct=80.0, bouwjaar_vanaf_2000_pct=20.0)
        else:
            values["bouwjaar_laatste_10_jaar_pct"] = 9.0
        return values

    def _to_typed_rows(self, rows: dict, keys: dict[str, str], props: list[dict]) -> list[dict]:
        # The region columns are renumbered with the rest: take their keys from this year's metadata.
        ident = {p["Title"].strip(): p["Key"] for p in props if p.get("Type") == "Topic"}
        typed = []
        for i, (code, values) in enumerate(sorted(rows.items())):
            level = code[:2]
            gm = "GM" + code[2:6] if level != "NL" else None
            row = {
                "ID": i,
                "WijkenEnBuurten": _pad(code),
                ident["Gemeentenaam"]: (GEMEENTEN.get(gm, "") if gm else "Nederland").ljust(36),
                ident["Soort regio"]: {"NL": "Land", "GM": "Gemeente", "WK": "Wijk", "BU": "Buurt"}[level].ljust(10),
                ident["Codering"]: _pad(code),
            }
            for measure, key in keys.items():
                value = values.get(measure)
                row[key] = (
                    int(value)
                    if isinstance(value, float) and value.is_integer() and measure != "stedelijkheid"
                    else value
                )
            typed.append(row)
        return typed

    def regions(self) -> list[dict]:
        names = {b["buurtcode"]: b["buurtnaam"] for b in self.buurten}
        names.update(self.wijk_names)
        names.update(GEMEENTEN)
        names[NL_CODE] = "Nederland"
        return [{"Key": _pad(c), "Title": n, "Description": ""} for c, n in sorted(names.items())]


def write_demo_snapshot(folder: Path = ROOT / "data" / "snapshot") -> Path:
    builder = DemoBuilder()
    folder.mkdir(parents=True, exist_ok=True)
    manifest: dict = {
        "kind": "synthetic-demo",
        "written_at": datetime(2025, 3, 27, tzinfo=UTC).isoformat(),
        "generator": "ingest/demo_snapshot.py",
        "seed": SEED,
        "gemeenten": list(GEMEENTEN),
        "tables": {str(y): t for y, t in TABLES.items()},
        "metadata": {t: ("real" if t == REAL_TABLE else "reconstructed from 85984NED") for t in TABLES.values()},
        "note": "Synthetic demo data except the cells listed in real_cells (see data/PROVENANCE.md).",
        "real_cells": {},
    }
    infos_real = builder.real_infos[0]
    for year, table_id in TABLES.items():
        props = _metadata_for_year(builder.real_props, year)
        keys = resolve_measures(props).keys
        rows, real = builder.build_year(year, keys, props)
        infos = (
            dict(infos_real)
            if table_id == REAL_TABLE
            else table_infos_for_year(
                infos_real,
                year,
                table_id,
                "Gereconstrueerd voor de kernmonitor-demo uit de metadata van 85984NED.",
                "Gereconstrueerd voor de kernmonitor-demo.",
            )
        )
        answers = {
            "TableInfos": [infos],
            "DataProperties": props,
            "WijkenEnBuurten": builder.regions(),
            "TypedDataSet": rows,
        }
        (folder / table_id).mkdir(exist_ok=True)
        for name, value in answers.items():
            body = {
                "odata.metadata": f"https://opendata.cbs.nl/ODataApi/OData/{table_id}/$metadata#Cbs.OData.WebAPI.{name}",
                "value": value,
            }
            (folder / table_id / f"{name}.json").write_text(
                json.dumps(body, ensure_ascii=False, indent=0) + "\n", "utf-8"
            )
        manifest["real_cells"][table_id] = {code: sorted(set(ks)) for code, ks in sorted(real.items())}
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return folder


if __name__ == "__main__":
    print(write_demo_snapshot())
