"""Build the embedded demo snapshot: real CBS figures where we have them, a seeded synthetic fill elsewhere.

Offline we hold real KWB values only for gemeente and wijk totals of 2024 (8 fields), gemeente population and
age groups of 2019, and Buren's buurt WOZ, household size and urbanity of 2024 (see data/cbs/PROVENANCE.md).
Everything else a kern profile needs is generated here, deterministically (seed below), so that:
- every real value is kept exactly, and the buurten of a wijk or gemeente add up to its real totals;
- every synthetic cell is listed as such: the manifest names the real cells, anything else is synthetic, and the
  pipeline carries that status to the dashboard and the exports ("synthetisch").
The answers are written in the CBS OData v3 format, so the demo runs through the same parser as a live pull.

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
from ingest.kwb import load_measures, resolve_measures

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
    2025: "86165NED",
}
GEMEENTEN = {"GM1960": "West Betuwe", "GM0214": "Buren"}
NL_CODE = "NL00"
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
            # 2025 moved the distances up, as a later revision of 85984NED did: another suffix shift.
            prop["Key"] = f"{stem}_{position + (3 if year == 2025 else 0)}"
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
        with (CBS / "bevolkingskernen2021_kernen_GM1960_GM0214_from_NL_PP_towns.csv").open(encoding="utf-8") as fh:
            towns = {r["name"]: int(r["population"]) for r in csv.DictReader(fh)}
        # Geldermalsen and Meteren are one CBS bevolkingskern; split it roughly by their buurten.
        if "Geldermalsen/Meteren" in towns:
            both = towns.pop("Geldermalsen/Meteren")
            towns["Geldermalsen"], towns["Meteren"] = round(both * 0.72), round(both * 0.28)
        self.kern_size = towns
        self.buurten = self.mapping.to_dict("records")
        self._buurt_traits()

    def _buurt_traits(self) -> None:
        """Fixed per-buurt characteristics that make the synthetic figures hang together across years."""
        rng = self.rng
        for b in self.buurten:
            outskirts = _is_outskirts(b["buurtnaam"])
            kern_pop = self.kern_size.get(b["kern"], 500)
            core_count = (
                sum(1 for x in self.buurten if x["kern"] == b["kern"] and not _is_outskirts(x["buurtnaam"])) or 1
            )
            b["weight"] = (kern_pop * 0.1 if outskirts else kern_pop * 0.9 / core_count) * rng.uniform(0.8, 1.2)
            b["outskirts"] = outskirts
            b["age_mix"] = [
                rng.uniform(0.13, 0.19),
                rng.uniform(0.09, 0.13),
                rng.uniform(0.19, 0.26),
                rng.uniform(0.26, 0.32),
                rng.uniform(0.17, 0.27),
            ]
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
            wijk_real = year == 2024
            wijk_inw = (
                [int(self.kwb2024[w]["AantalInwoners_5"]) for w in wijken]
                if wijk_real
                else split_exact(g_inw, [float(self.kwb2024[w]["AantalInwoners_5"]) for w in wijken])
            )
            b_inw_all: dict[str, int] = {}
            for w, w_inw in zip(wijken, wijk_inw, strict=True):
                members = [b for b in buurten if b["wijkcode"] == w]
                weights = [b["weight"] * (1 + 0.01 * (year - 2019) * (0.5 - (i % 2))) for i, b in enumerate(members)]
                b_inw_all.update(zip([b["buurtcode"] for b in members], split_exact(w_inw, weights), strict=True))
            if year == 2019:
                # Real gemeente age groups and men: fitted to the buurten without changing their inhabitants.
                targets = [int(self.kwb2019[gm][c]) for c in ("b_00_14", "b_15_24", "b_25_44", "b_45_64", "b_65_oo")]
                ages = fit_table([b_inw_all[b["buurtcode"]] for b in buurten], targets, [b["age_mix"] for b in buurten])
                ages_by_buurt = {b["buurtcode"]: row for b, row in zip(buurten, ages, strict=True)}
                men_by_buurt = dict(
                    zip(
                        [b["buurtcode"] for b in buurten],
                        split_exact(int(self.kwb2019[gm]["men"]), [float(b_inw_all[b["buurtcode"]]) for b in buurten]),
                        strict=True,
                    )
                )
            else:
                ages_by_buurt = {b["buurtcode"]: split_exact(b_inw_all[b["buurtcode"]], b["age_mix"]) for b in buurten}
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
                if wijk_real:
                    men = split_exact(int(self.kwb2024[w]["Mannen_6"]), [float(n) for n in b_inw])
                elif year == 2019:
                    men = [men_by_buurt[b["buurtcode"]] for b in members]
                else:
                    men = [round(n * 0.502) for n in b_inw]
                for b, n, area, land, dwell, m in zip(members, b_inw, areas, lands, dwellings, men, strict=True):
                    rows[b["buurtcode"]] = self._buurt_values(
                        b, year, n, ages_by_buurt[b["buurtcode"]], area, land, dwell, m
                    )
                    if year == 2024 and b["buurtcode"] in self.buren2024:
                        mark_real(b["buurtcode"], "woz_gemiddeld", "huishoudensgrootte", "stedelijkheid")
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
                    )
                    mark_real(
                        code,
                        "inwoners",
                        "mannen",
                        "vrouwen",
                        "bevolkingsdichtheid",
                        "woningvoorraad",
                        "oppervlakte_totaal_ha",
                        "oppervlakte_land_ha",
                    )
            if year == 2019:
                src = self.kwb2019[gm]
                rows[gm].update(inwoners=int(src["population"]), mannen=int(src["men"]), vrouwen=int(src["women"]))
                mark_real(
                    gm,
                    "inwoners",
                    "mannen",
                    "vrouwen",
                    "leeftijd_0_15",
                    "leeftijd_15_25",
                    "leeftijd_25_45",
                    "leeftijd_45_65",
                    "leeftijd_65_plus",
                )
        rows[NL_CODE] = self._nederland(year)
        return self._to_typed_rows(rows, keys, props), real

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
                    weights = [rows[c].get(spec[name]["weight"]) or 0 for c in members]
                    pairs = [(v, w) for v, w in zip(vals, weights, strict=True) if v is not None and w]
                    total = sum(w for _, w in pairs)
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
