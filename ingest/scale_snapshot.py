"""A synthetic snapshot the size of all of the Netherlands, for benchmarks: seeded, deterministic, labelled.

The embedded demo holds two gemeenten; a province or a national body wants every gemeente at once. This module
generates a KWB world shaped like the real one (342 gemeenten, about 3,300 wijken and 14,500 buurten, seven
yearly tables) and writes any part of it in the snapshot format of `ingest.snapshot.SnapshotSource`, the same
format `ingest.demo_snapshot` and `kernmonitor snapshot` write. What is real and what is not:
- the metadata: the real DataProperties and TableInfos of 85984NED (data/cbs), and for the other years the same
  reconstruction the demo uses (`demo_snapshot._metadata_for_year`: renamed topics, shifted key suffixes);
- West Betuwe (GM1960) and Buren (GM0214) keep their real wijk and buurt codes and names, so the shipped
  kern mapping covers them; the other 340 gemeenten, their codes and every place name are invented. An invented
  code is never a real gemeente code of KWB 2024: the shipped kernmonitor.toml lays the real all-NL StatLine
  export of 2024 over the source (`sources.statline_files`), which replaces a region's cells by code and adds
  the regions the snapshot lacks, so an invented gemeente with a real code would get that gemeente's real 2024
  figures and its real buurten next to its own invented ones (sums that do not add up);
- every value is synthetic (the manifest says `kind: synthetic-scale` and lists no real cells), but it hangs
  together the way the pipeline's gates expect: counts of a wijk, a gemeente and Nederland are the sums of their
  buurten, averages and shares are weighted means, small buurten have suppressed (null) averages.

Buurt names follow CBS habits ("Brakeldorp Noord", "Verspreide huizen Brakeldorp", "Wijk 03 Brakeldorp"), so the
default kern derivation (`ingest.kernen.derive_kern_mapping`) finds the generated kernen; the generated mapping
itself is written next to the answers as `kern_buurt.csv`, for comparison.

A part of the world is a choice of gemeenten: the first N of a fixed order (West Betuwe, Buren, then a seeded mix
of large and small), so the 10 gemeenten of one run are among the 100 of another and each gemeente's figures
are the same in both.

Run: `python -m ingest.scale_snapshot OUT_DIR [--gemeenten N] [--columns needed|all]`.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

from ingest.demo_snapshot import STATLINE_NL, TABLES, _metadata_for_year, table_infos_for_year
from ingest.kernen import MAPPING_COLUMNS, normalise_name
from ingest.kwb import load_measures, resolve_measures
from ingest.snapshot import ANSWERS
from ingest.statline import read_statline

ROOT = Path(__file__).resolve().parent.parent
CBS = ROOT / "data" / "cbs"
SEED = 20250327
REAL_TABLE = "85984NED"
NL_CODE = "NL00"
GEMEENTEN_TOTAL = 342
WIJKEN_TOTAL = 3_300
BUURTEN_TOTAL = 14_500
# Real gemeenten kept with their own codes and names (their kern mapping ships in data/kernen).
REAL_GEMEENTEN = {"GM1960": "West Betuwe", "GM0214": "Buren"}
# The real region list of KWB 2024 (data/cbs/statline): invented gemeenten take none of its codes.
REAL_STATLINE = "kwb2024_85984NED_alle_regios_bevolking_statline.csv.gz"
# Topic groups of place names: stems and endings that read like Dutch villages without naming a real one.
_PREFIXES = ["", "", "", "", "Oud-", "Nieuw-", "Groot-", "Klein-", "Sint-", "Hoog-"]
_STEMS = [
    "Brak", "Drem", "Hel", "Zand", "Maas", "Lin", "Waal", "Beek", "Horst", "Mol", "Ker", "Veen", "Ame", "Ber",
    "Bos", "Gel", "Haar", "Lee", "Mer", "Noor", "Rie", "Stad", "Wol", "Ens", "Ork", "Ulf", "Vor", "Wijn",
    "Zwaag", "Aal", "Bar", "Dal", "Eem", "Gra", "Hul", "Kam", "Lut", "Nes", "Ol", "Pael", "Ros", "Sle", "Tol",
    "Uit", "Vel", "Wes", "Ij", "Zeg", "Har", "Lo", "Mun", "Nij", "Ot", "Rhe", "Sas", "Ter", "Vla", "Wou",
]  # fmt: skip
_ENDINGS = [
    "dorp", "veen", "wijk", "hoven", "broek", "horst", "kerk", "zand", "dijk", "lo", "beek", "hem", "um",
    "ingen", "rade", "sum", "werd", "stein", "hout", "wold", "meer", "dam", "drecht", "burg", "gooi", "huizen",
    "ooij", "rijp", "schot", "weerd", "aken", "wier", "laar", "zijl", "sloot",
]  # fmt: skip
# Buurt names inside a kern: words the kern derivation treats as generic, so the kern name stays in front.
_QUARTERS = ["Centrum", "Noord", "Oost", "Zuid", "West", "Westzijde", "Oostzijde", "Zuidzijde", "Uitbreiding"]


@dataclass
class Buurt:
    code: str
    name: str
    wijk: str
    gemeente: str
    kern: str
    kind: str  # "stad", "dorp" or "buiten" (scattered houses): drives size and character


@dataclass
class World:
    """The structure of the generated Netherlands: names and codes, no values yet."""

    gemeente_names: dict[str, str]
    wijk_names: dict[str, str]
    buurten: list[Buurt]
    order: list[str]  # gemeente codes in the fixed order that `select` takes the first N of
    kern_basis: dict[str, str] = field(default_factory=dict)

    def select(self, count: int | None) -> list[str]:
        """The first `count` gemeenten of the fixed order (all of them for None)."""
        return list(self.order if count is None else self.order[:count])


def _split(total: int, weights: np.ndarray, minimum: int) -> np.ndarray:
    """Integers proportional to weights, each at least `minimum`, adding up to total (largest remainder)."""
    spare = total - minimum * len(weights)
    raw = spare * weights / weights.sum()
    base = np.floor(raw).astype(int)
    order = np.argsort(-(raw - base), kind="stable")
    base[order[: spare - base.sum()]] += 1
    return base + minimum


class _Names:
    """Invented place names, distinct within a gemeente by more than the derivation's fuzzy threshold."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng

    def place(self, taken: list[str]) -> str:
        for _ in range(200):
            name = str(self.rng.choice(_PREFIXES)) + str(self.rng.choice(_STEMS)) + str(self.rng.choice(_ENDINGS))
            name = name[0].upper() + name[1:]
            norm = normalise_name(name)
            if all(fuzz.ratio(norm, normalise_name(other)) < 80 for other in taken) and not any(
                norm.startswith(normalise_name(other) + " ") or normalise_name(other).startswith(norm + " ")
                for other in taken
            ):
                return name
        raise RuntimeError("no distinct place name found; widen the name lists")


def build_world(seed: int = SEED) -> World:
    """The whole generated country (cheap: names and codes only)."""
    rng = np.random.default_rng(seed)
    names = _Names(rng)
    real_map = _real_mapping()
    real_wijk_names = _real_wijk_names()
    synthetic_count = GEMEENTEN_TOTAL - len(REAL_GEMEENTEN)
    real_buurten = len(real_map)
    real_wijken = len({row["wijkcode"] for row in real_map})
    # Invented codes stay clear of every real one, so no StatLine import of real figures lands on them.
    real_codes = real_gemeente_codes() | set(REAL_GEMEENTEN)
    numbers = [n for n in range(3, 2000) if f"GM{n:04d}" not in real_codes]
    codes = sorted(f"GM{n:04d}" for n in rng.choice(numbers, size=synthetic_count, replace=False))
    sizes = _split(BUURTEN_TOTAL - real_buurten, rng.lognormal(0.0, 0.75, synthetic_count), 4)
    # About 4.4 buurten per wijk, at least one wijk, at most 99 wijken (two digits in the code).
    wijk_weights = np.maximum(sizes / 4.4, 1.0)
    wijk_counts = np.minimum(_split(WIJKEN_TOTAL - real_wijken, wijk_weights, 1), 99)
    wijk_counts = np.minimum(wijk_counts, sizes)

    gemeente_names: dict[str, str] = dict(REAL_GEMEENTEN)
    wijk_names: dict[str, str] = dict(real_wijk_names)
    buurten: list[Buurt] = [
        Buurt(
            row["buurtcode"],
            row["buurtnaam"],
            row["wijkcode"],
            row["gemeentecode"],
            row["kern"],
            _kind_of_real(row["buurtnaam"], row["kern"]),
        )
        for row in real_map
    ]
    for code, n_buurten, n_wijken in zip(codes, sizes, wijk_counts, strict=True):
        gemeente_names[code], gemeente_buurten, gemeente_wijken = _gemeente(
            rng, names, code, int(n_buurten), int(n_wijken)
        )
        buurten += gemeente_buurten
        wijk_names.update(gemeente_wijken)
    # West Betuwe first (one gemeente = a real one, with its shipped mapping), then Buren, then a seeded mix.
    order = [*REAL_GEMEENTEN, *(str(code) for code in rng.permutation(codes))]
    buurten.sort(key=lambda b: b.code)
    return World(gemeente_names, wijk_names, buurten, order)


def _gemeente(
    rng: np.random.Generator, names: _Names, code: str, n_buurten: int, n_wijken: int
) -> tuple[str, list[Buurt], dict[str, str]]:
    """One invented gemeente: a main town over its first wijken, villages (and scattered houses) elsewhere."""
    digits = code[2:]
    per_wijk = _split(n_buurten, rng.uniform(0.5, 1.5, n_wijken), 1)
    while per_wijk.max() > 99:  # two digits for the buurt within its wijk
        per_wijk = _split(n_buurten, np.minimum(per_wijk, 90).astype(float), 1)
    taken: list[str] = []
    town = names.place(taken)
    taken.append(town)
    town_wijken = max(1, round(n_wijken * rng.uniform(0.15, 0.6))) if n_wijken > 1 else 1
    buurten: list[Buurt] = []
    wijken: dict[str, str] = {}
    for w, count in enumerate(per_wijk):
        wijk = f"WK{digits}{w:02d}"
        count = int(count)
        if w < town_wijken:
            kernen = [(town, count)]
        else:
            parts = min(count, 1 if rng.random() < 0.7 else 2)
            kernen = []
            for share in _split(count, rng.uniform(0.5, 1.5, parts), 1):
                village = names.place(taken)
                taken.append(village)
                kernen.append((village, int(share)))
        wijken[wijk] = f"Wijk {w:02d} " + " en ".join(kern for kern, _ in kernen[:2])
        number = 0
        for kern, share in kernen:
            scattered = w >= town_wijken and share >= 2 and rng.random() < 0.6
            for i in range(share):
                if scattered and i == share - 1:
                    label = "Verspreide huizen" if rng.random() < 0.7 else "Buitengebied"
                    name, kind = f"{label} {kern}", "buiten"
                elif share == 1:
                    name, kind = kern, "dorp"
                else:
                    quarter = _QUARTERS[i % len(_QUARTERS)]
                    suffix = f" {i // len(_QUARTERS) + 1}" if i >= len(_QUARTERS) else ""
                    name, kind = f"{kern} {quarter}{suffix}", "stad" if kern == town else "dorp"
                buurten.append(Buurt(f"BU{digits}{w:02d}{number:02d}", name, wijk, code, kern, kind))
                number += 1
    return town, buurten, wijken


def real_gemeente_codes() -> set[str]:
    """The gemeente codes of the real KWB 2024 (the embedded all-NL StatLine export, the one kernmonitor.toml
    lays over its source), read as the import reads it."""
    return {code for code in read_statline(STATLINE_NL / REAL_STATLINE).codes or [] if code.startswith("GM")}


def _real_mapping() -> list[dict[str, str]]:
    with (ROOT / "data" / "kernen" / "kern_buurt.csv").open(encoding="utf-8") as fh:
        return [row for row in csv.DictReader(fh) if row["gemeentecode"] in REAL_GEMEENTEN]


def _real_wijk_names() -> dict[str, str]:
    with (CBS / "gwb2023_wijk_namen_GM1960_GM0214.csv").open(encoding="latin-1") as fh:
        return {row["WK_CODE"]: row["WK_NAAM"] for row in csv.DictReader(fh, delimiter="\t")}


def _kind_of_real(name: str, kern: str) -> str:
    low = name.lower()
    if any(word in low for word in ("verspreide huizen", " e.o.", "buitengebied", "polder", "industrieterrein")):
        return "buiten"
    return "stad" if kern in ("Geldermalsen", "Culemborg", "Tiel") else "dorp"


# --- values -------------------------------------------------------------------------------------------------


class _Traits:
    """Fixed per-buurt characteristics (vectors over all buurten) that make the years hang together."""

    def __init__(self, world: World, rng: np.random.Generator) -> None:
        kinds = np.array([b.kind for b in world.buurten])
        n = len(kinds)
        self.n = n
        self.stad, self.buiten = kinds == "stad", kinds == "buiten"
        mean = np.where(self.stad, 1_700.0, np.where(self.buiten, 160.0, 650.0))
        self.pop = np.maximum(5, np.round(mean * rng.lognormal(-0.1, 0.5, n))).astype(np.int64)
        self.growth = rng.normal(0.005, 0.008, n)
        self.men = rng.uniform(0.48, 0.52, n)
        ages = rng.uniform([0.13, 0.09, 0.19, 0.26, 0.17], [0.19, 0.13, 0.26, 0.32, 0.27], (n, 5))
        self.ages = ages / ages.sum(axis=1, keepdims=True)
        self.hhsize = np.where(self.stad, rng.uniform(1.7, 2.4, n), rng.uniform(2.2, 2.8, n))
        self.single = np.where(self.stad, rng.uniform(0.3, 0.55, n), rng.uniform(0.18, 0.32, n))
        self.kids = rng.uniform(0.22, 0.38, n)
        self.dwellings = rng.uniform(1.0, 1.08, n)
        self.woz = np.where(self.stad, rng.uniform(280, 650, n), rng.uniform(300, 520, n))
        self.koop = np.where(self.buiten, rng.uniform(70, 92, n), rng.uniform(35, 82, n))
        self.corp = rng.uniform(0.55, 0.85, n)
        self.income = rng.uniform(25, 42, n)
        self.welfare = np.where(self.stad, rng.uniform(0.01, 0.06, n), rng.uniform(0.003, 0.02, n))
        self.cars = np.where(self.stad, rng.uniform(0.6, 1.2, n), rng.uniform(1.1, 1.9, n))
        near = np.where(self.buiten[:, None], rng.uniform(1.5, 6.0, (n, 4)), rng.uniform(0.2, 2.5, (n, 4)))
        self.distances = near
        area = np.where(self.stad, rng.uniform(20, 150, n), np.where(self.buiten, rng.uniform(400, 3_000, n), 0))
        area = np.where(area == 0, rng.uniform(40, 400, n), area)
        self.area = np.round(area).astype(np.int64)
        self.land = np.maximum(1, np.round(self.area * rng.uniform(0.85, 1.0, n))).astype(np.int64)
        self.urbanity = np.where(self.stad, rng.integers(1, 4, n), np.where(self.buiten, 5, rng.integers(4, 6, n)))
        self.recent = np.where(self.buiten, rng.uniform(2, 8, n), rng.uniform(5, 14, n))


def _buurt_year(t: _Traits, year: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Every measure of every buurt in one year; NaN is a suppressed cell."""
    years = year - 2024
    pop = np.maximum(5, np.round(t.pop * (1 + t.growth) ** years * rng.uniform(0.995, 1.005, t.n))).astype(np.int64)
    ages = np.floor(pop[:, None] * t.ages).astype(np.int64)
    ages[:, 4] = pop - ages[:, :4].sum(axis=1)
    men = np.round(pop * t.men).astype(np.int64)
    households = np.maximum(1, np.round(pop / t.hhsize)).astype(np.int64)
    small = pop < 150
    dwellings = np.round(households * t.dwellings).astype(np.int64)
    welfare = np.round(pop * t.welfare / 5) * 5
    koop = np.round(t.koop)

    def hidden(values: np.ndarray) -> np.ndarray:
        # CBS suppresses averages and shares of very small buurten: coverage gets exercised at scale too.
        return np.where(small, np.nan, values)

    values = {
        "inwoners": pop,
        "mannen": men,
        "vrouwen": pop - men,
        "leeftijd_0_15": ages[:, 0],
        "leeftijd_15_25": ages[:, 1],
        "leeftijd_25_45": ages[:, 2],
        "leeftijd_45_65": ages[:, 3],
        "leeftijd_65_plus": ages[:, 4],
        "huishoudens": households,
        "eenpersoonshuishoudens": np.round(households * t.single).astype(np.int64),
        "huishoudens_met_kinderen": np.round(households * t.kids).astype(np.int64),
        "huishoudensgrootte": np.round(t.hhsize, 1),
        "bevolkingsdichtheid": np.round(pop / (t.land / 100)),
        "woningvoorraad": dwellings,
        "woz_gemiddeld": hidden(np.round(t.woz * 1.065**years)),
        "koopwoningen_pct": hidden(koop),
        "huurwoningen_pct": hidden(99 - koop),
        "corporatiewoningen_pct": hidden(np.round((99 - koop) * t.corp)),
        "inkomen_per_inwoner": hidden(np.round(t.income * 1.03**years, 1)),
        # Counts under 10 are suppressed in KWB; the gemeente figure still includes them.
        "bijstand": np.where(welfare >= 10, welfare, np.nan),
        "autos_per_huishouden": np.round(t.cars, 1),
        "afstand_huisarts_km": np.round(t.distances[:, 0], 1),
        "afstand_supermarkt_km": np.round(t.distances[:, 1], 1),
        "afstand_kinderdagverblijf_km": np.round(t.distances[:, 2], 1),
        "afstand_school_km": np.round(t.distances[:, 3], 1),
        "oppervlakte_totaal_ha": t.area,
        "oppervlakte_land_ha": t.land,
        "stedelijkheid": t.urbanity.astype(float),
        "_bijstand_true": welfare,
    }
    recent = np.minimum(25.0, t.recent + (year - 2019) * 0.4)
    if year <= 2023:
        values["bouwjaar_vanaf_2000_pct"] = hidden(np.round(recent + 8))
        values["bouwjaar_voor_2000_pct"] = hidden(np.round(100 - recent - 8))
    else:
        values["bouwjaar_laatste_10_jaar_pct"] = hidden(np.round(recent))
    return values


def _roll_up(values: dict[str, np.ndarray], groups: np.ndarray, count: int, spec: dict[str, dict]) -> dict:
    """Values of wijken or gemeenten (group index per buurt): sums of counts, weighted means of the rest."""
    out: dict[str, np.ndarray] = {}
    for name, column in values.items():
        if name.startswith("_") or name not in spec:
            continue
        rule = spec[name]
        if rule["aggregation"] == "sum":
            source = values["_bijstand_true"] if name == "bijstand" else column
            out[name] = np.bincount(groups, weights=source.astype(float), minlength=count)
        else:
            weight = values[rule["weight"] or "inwoners"].astype(float)
            known = ~np.isnan(column)
            total = np.bincount(groups, weights=np.where(known, weight, 0.0), minlength=count)
            summed = np.bincount(groups, weights=np.where(known, column * weight, 0.0), minlength=count)
            with np.errstate(invalid="ignore", divide="ignore"):
                out[name] = np.where(total > 0, np.round(summed / total, 1), np.nan)
    if "oppervlakte_land_ha" in out:
        with np.errstate(invalid="ignore", divide="ignore"):
            out["bevolkingsdichtheid"] = np.round(out["inwoners"] / (out["oppervlakte_land_ha"] / 100))
    return out


def _measure_spec() -> dict[str, dict]:
    with (ROOT / "dbt_project" / "seeds" / "kwb_measures.csv").open(encoding="utf-8") as fh:
        return {row["measure"]: row for row in csv.DictReader(fh)}


# --- writing ------------------------------------------------------------------------------------------------


def _cell(value: float, datatype: str) -> int | float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if datatype == "Double":
        return float(value)
    return int(round(value))


def _pad(code: str) -> str:
    return code.ljust(10)


def write_scale_snapshot(
    folder: Path | str,
    gemeenten: int | None = None,
    *,
    columns: str = "needed",
    seed: int = SEED,
    tables: dict[int, str] | None = None,
) -> Path:
    """Write the first `gemeenten` gemeenten of the generated country (all for None) as a snapshot folder.

    `columns="needed"` writes the identification columns and the measures kernmonitor resolves (what
    `kernmonitor snapshot` records); `"all"` writes every topic of the table, as CBS serves it.
    """
    if columns not in ("needed", "all"):
        raise ValueError(f"columns must be 'needed' or 'all', not {columns!r}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tables = dict(tables or TABLES)
    world = build_world(seed)
    selected = world.select(gemeenten)
    real_props = json.loads((CBS / f"{REAL_TABLE}_DataProperties_2025-03-27.json").read_text("utf-8"))
    real_infos = json.loads((CBS / f"{REAL_TABLE}_TableInfos_2025-03-27.json").read_text("utf-8"))[0]
    rows_by_year = country_rows(world, selected, real_props, tables, columns=columns, seed=seed)
    regions = region_rows(world, selected)
    for year, table_id in sorted(tables.items()):
        props = _metadata_for_year(real_props, year)
        infos = table_infos_for_year(
            real_infos,
            year,
            table_id,
            "Synthetische schaaltabel voor kernmonitor-benchmarks (ingest/scale_snapshot.py).",
            "Synthetische schaaltabel voor kernmonitor-benchmarks.",
        )
        answers = {"TableInfos": [infos], "DataProperties": props, "WijkenEnBuurten": regions}
        answers["TypedDataSet"] = rows_by_year[year]
        (folder / table_id).mkdir(exist_ok=True)
        for name in ANSWERS:
            _write_answer(folder / table_id / f"{name}.json", table_id, name, answers[name])
    kept = set(selected)
    with (folder / "kern_buurt.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(MAPPING_COLUMNS)
        for b in world.buurten:
            if b.gemeente in kept:
                writer.writerow([b.gemeente, b.wijk, b.code, b.name, b.kern, "gegenereerd", "synthetisch"])
    buurten = sum(b.gemeente in kept for b in world.buurten)
    manifest = {
        "kind": "synthetic-scale",
        "written_at": datetime(2025, 3, 27, tzinfo=UTC).isoformat(),
        "generator": "ingest/scale_snapshot.py",
        "seed": seed,
        "columns": columns,
        "gemeenten": sorted(selected),
        "counts": {
            "gemeenten": len(selected),
            "wijken": sum(w[2:6] in {g[2:] for g in kept} for w in world.wijk_names),
            "buurten": buurten,
            "kernen": len({(b.gemeente, b.kern) for b in world.buurten if b.gemeente in kept}),
        },
        "tables": {str(y): t for y, t in sorted(tables.items())},
        "metadata": {t: ("real" if t == REAL_TABLE else "reconstructed from 85984NED") for t in tables.values()},
        "note": (
            "Synthetic benchmark data: every value and every place name outside GM1960 and GM0214 is invented."
            " Not for any use but measuring kernmonitor."
        ),
        "real_cells": {},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return folder


def region_rows(world: World, selected: list[str]) -> list[dict]:
    """The WijkenEnBuurten answer: Nederland and the selected gemeenten, their wijken and buurten."""
    kept = set(selected)
    names = {NL_CODE: "Nederland"}
    names.update({code: name for code, name in world.gemeente_names.items() if code in kept})
    names.update({code: name for code, name in world.wijk_names.items() if "GM" + code[2:6] in kept})
    names.update({b.code: b.name for b in world.buurten if b.gemeente in kept})
    return [{"Key": _pad(code), "Title": name, "Description": ""} for code, name in sorted(names.items())]


def country_rows(
    world: World,
    selected: list[str],
    real_props: list[dict],
    tables: dict[int, str],
    *,
    columns: str = "needed",
    seed: int = SEED,
) -> dict[int, list[dict]]:
    """TypedDataSet rows per year for Nederland and the selected gemeenten (values of the whole country)."""
    rng = np.random.default_rng(seed + 1)
    traits = _Traits(world, rng)
    spec = _measure_spec()
    buurten = world.buurten
    wijk_codes = sorted(world.wijk_names)
    gemeente_codes = sorted(world.gemeente_names)
    wijk_lookup = {code: i for i, code in enumerate(wijk_codes)}
    wijk_index = np.array([wijk_lookup[b.wijk] for b in buurten])
    gemeente_lookup = {code: i for i, code in enumerate(gemeente_codes)}
    gemeente_index = np.array([gemeente_lookup[b.gemeente] for b in buurten])
    kept = set(selected)
    out: dict[int, list[dict]] = {}
    for year in sorted(tables):
        props = _metadata_for_year(real_props, year)
        year_rng = np.random.default_rng([seed, year])
        values = _buurt_year(traits, year, year_rng)
        wijk_values = _roll_up(values, wijk_index, len(wijk_codes), spec)
        gemeente_values = _roll_up(values, gemeente_index, len(gemeente_codes), spec)
        nl_values = _roll_up(values, np.zeros(traits.n, dtype=np.int64), 1, spec)
        levels: list[tuple[str, dict[str, np.ndarray], int]] = [(NL_CODE, nl_values, 0)]
        levels += [(c, gemeente_values, i) for i, c in enumerate(gemeente_codes) if c in kept]
        levels += [(c, wijk_values, i) for i, c in enumerate(wijk_codes) if "GM" + c[2:6] in kept]
        levels += [(b.code, values, i) for i, b in enumerate(buurten) if b.gemeente in kept]
        out[year] = _typed_rows(world, props, levels, columns, year_rng)
    return out


def _typed_rows(
    world: World,
    props: list[dict],
    levels: list[tuple[str, dict[str, np.ndarray], int]],
    columns: str,
    rng: np.random.Generator,
) -> list[dict]:
    resolution = resolve_measures(props, load_measures())
    topics = [p for p in props if p.get("Type") == "Topic"]
    datatype = {p["Key"]: p.get("Datatype", "Long") for p in topics}
    by_title = {" ".join(str(p.get("Title", "")).lower().split()): p["Key"] for p in topics}
    ident = {
        "gemeente": by_title.get("gemeentenaam"),
        "soort": by_title.get("soort regio"),
        "code": by_title.get("codering"),
    }
    measured = {key: measure for measure, key in resolution.keys.items()}
    extra = [p for p in topics if p["Key"] not in measured and p["Key"] not in ident.values()]
    kind = {"NL": "Land", "GM": "Gemeente", "WK": "Wijk", "BU": "Buurt"}
    # Columns nobody resolves, when all are asked for: plausible noise, one draw per region and column.
    noise = rng.uniform(0.0, 1.0, (len(levels), len(extra))) if columns == "all" else None
    rows = []
    for number, (code, values, index) in enumerate(sorted(levels, key=lambda item: item[0])):
        level = code[:2]
        gemeente = world.gemeente_names.get("GM" + code[2:6], "") if level != "NL" else "Nederland"
        row: dict = {"ID": number, "WijkenEnBuurten": _pad(code)}
        if ident["gemeente"]:
            row[ident["gemeente"]] = gemeente.ljust(36)
        if ident["soort"]:
            row[ident["soort"]] = kind[level].ljust(10)
        if ident["code"]:
            row[ident["code"]] = _pad(code)
        for key, measure in measured.items():
            column = values.get(measure)
            row[key] = None if column is None else _cell(float(column[index]), datatype[key])
        if noise is not None:
            for j, prop in enumerate(extra):
                row[prop["Key"]] = _noise_cell(prop, code, float(noise[number, j]))
        rows.append(row)
    return rows


def _noise_cell(prop: dict, code: str, draw: float) -> str | int | float | None:
    stem = prop["Key"].rsplit("_", 1)[0]
    if prop.get("Datatype") == "String":
        if stem == "IndelingswijzigingGemeenteWijkBuurt":
            return "1" if code[:2] in ("WK", "BU") else None
        if stem == "MeestVoorkomendePostcode":
            return f"{1000 + int(code[2:6] or 0) * 4 % 9000}" if code[:2] == "BU" else "."
        return "."
    if code.startswith("BU") and draw < 1 / 12 and prop.get("Unit") != "aantal":
        return None
    if prop.get("Datatype") == "Double":
        return round(draw * 100, int(prop.get("Decimals") or 1))
    scale = 5_000 if prop.get("Unit") == "aantal" else 100
    return int(draw * scale)


def _write_answer(path: Path, table_id: str, name: str, value: list[dict]) -> None:
    """An OData v3 answer body, one row per line: the demo's structure, written fast at 18,000 rows."""
    metadata = f"https://opendata.cbs.nl/ODataApi/OData/{table_id}/$metadata#Cbs.OData.WebAPI.{name}"
    with path.open("w", encoding="utf-8") as fh:
        fh.write('{"odata.metadata": ' + json.dumps(metadata) + ',\n"value": [\n')
        fh.write(",\n".join(json.dumps(row, ensure_ascii=False) for row in value))
        fh.write("\n]}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic all-NL-size KWB snapshot (benchmarks only).")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--gemeenten", type=int, default=None, help="the first N gemeenten (default: all 342)")
    parser.add_argument("--columns", choices=["needed", "all"], default="needed")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    folder = write_scale_snapshot(args.folder, args.gemeenten, columns=args.columns, seed=args.seed)
    counts = json.loads((folder / "manifest.json").read_text("utf-8"))["counts"]
    print(f"{folder}: " + ", ".join(f"{value} {key}" for key, value in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
