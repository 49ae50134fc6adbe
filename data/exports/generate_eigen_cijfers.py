"""Generate the synthetic example own figures (eigen cijfers) in this folder (seeded: the same bytes on every run).

    .venv/bin/python data/exports/generate_eigen_cijfers.py [OUTPUT_DIR]

Klimaatadaptatie figures per buurt of the kinds a gemeente takes from the Klimaateffectatlas (heat, paving,
flooding, green, tree crowns, foundations), for every buurt of West Betuwe and Buren in 2024. Every number is
invented (VOORBEELD, synthetisch): rural buurten ("Verspreide huizen", "Buitengebied") get less paving and heat
and more green than village centres, and nothing more is meant by it. Format: docs/eigen-cijfers.md.

West Betuwe: a CSV (`;`, decimal commas) with a title row, the definition only on the first row of each indicator,
a gemeente figure for one indicator and a Nederland figure for another, and three wrong rows (a buurt of Buren, a
value written as text, a ratio without its denominator). Buren: an XLSX with the definition repeated on every row
and two buurten without a flooding figure (their coverage shows it).
"""

from __future__ import annotations

import csv
import importlib.util
import io
import random
import sys
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SEED = 20241203
YEAR = 2024
WEST_BETUWE_FILE = "VOORBEELD_West-Betuwe_eigen_cijfers_klimaat_2024.csv"
BUREN_FILE = "VOORBEELD_Buren_eigen_cijfers_klimaat_2024.xlsx"
SOURCE = "Klimaateffectatlas (VOORBEELD, synthetische cijfers)"
HEADER = [
    "Gebied",
    "Indicator",
    "Jaar",
    "Waarde",
    "Noemer",
    "Label",
    "Uitleg",
    "Eenheid",
    "Rekenregel",
    "Richting",
    "Programma",
    "Decimalen",
    "Bron",
]
# code -> (label, uitleg, eenheid, rekenregel, richting, decimalen)
INDICATORS = {
    "gevoelstemperatuur": (
        "Gevoelstemperatuur op een hete dag",
        "Gemiddelde gevoelstemperatuur in de middag van een hete zomerdag (VOORBEELD), gewogen naar inwoners",
        "°C",
        "gemiddelde gewogen naar inwoners",
        "lager is beter",
        1,
    ),
    "hittestress_woningen_pct": (
        "Woningen met hittestress",
        "Woningen waar de gevoelstemperatuur op een hete dag boven 38 °C komt, als deel van alle woningen",
        "%",
        "verhouding",
        "lager is beter",
        1,
    ),
    "verhard_pct": (
        "Verhard oppervlak",
        "Deel van het oppervlak dat verhard is (wegen, pleinen, daken, tuintegels), gewogen naar oppervlakte",
        "%",
        "gemiddelde gewogen naar oppervlakte",
        "lager is beter",
        1,
    ),
    "water_20cm_pct": (
        "Water op straat bij een extreme bui",
        "Deel van het oppervlak met meer dan 20 cm water bij een bui van 70 mm in 2 uur, gewogen naar oppervlakte",
        "%",
        "gemiddelde gewogen naar oppervlakte",
        "lager is beter",
        1,
    ),
    "groen_pct": (
        "Groen oppervlak",
        "Deel van het oppervlak met gras, struiken of bomen, gewogen naar oppervlakte",
        "%",
        "gemiddelde gewogen naar oppervlakte",
        "hoger is beter",
        1,
    ),
    "boomkroon_pct": (
        "Boomkroonbedekking",
        "Deel van het oppervlak onder een boomkroon (schaduw op een hete dag), gewogen naar oppervlakte",
        "%",
        "gemiddelde gewogen naar oppervlakte",
        "hoger is beter",
        1,
    ),
    "fundering_droogte_pct": (
        "Woningen met droogtegevoelige fundering",
        "Deel van de woningen op houten palen of op staal in een gebied met kans op lage grondwaterstand, "
        "gewogen naar woningen",
        "%",
        "gemiddelde gewogen naar woningen",
        "lager is beter",
        1,
    ),
    "kwetsbare_objecten_water": (
        "Kwetsbare objecten bij wateroverlast",
        "Aantal vitale of kwetsbare objecten (zorg, scholen, stroom) in een gebied met meer dan 20 cm water bij "
        "een extreme bui; een som over de buurten",
        "aantal",
        "som",
        "lager is beter",
        0,
    ),
}


def buurten(gemeentecode: str) -> list[tuple[str, str, bool]]:
    """(buurtcode, buurtnaam, rural) of every buurt of a gemeente in the kern mapping, by code."""
    rows = []
    with (REPO / "data" / "kernen" / "kern_buurt.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["gemeentecode"] == gemeentecode:
                name = row["buurtnaam"]
                rural = any(w in name.lower() for w in ("verspreide huizen", "buitengebied", "polder", "uiterwaard"))
                rows.append((row["buurtcode"], name, rural))
    return sorted(rows)


def figures(rng: random.Random, rural: bool) -> dict[str, tuple[float | None, float | None]]:
    """code -> (value, denominator) of one buurt."""
    paved = rng.uniform(4, 12) if rural else rng.uniform(28, 55)
    green = min(95.0, 100 - paved - rng.uniform(2, 10))
    crowns = rng.uniform(4, 14) if rural else rng.uniform(8, 22)
    feel = 33.5 + paved * 0.09 - crowns * 0.06 + rng.uniform(-0.6, 0.6)
    dwellings = rng.randint(15, 90) if rural else rng.randint(150, 900)
    hot = round(dwellings * max(0.0, min(1.0, (feel - 35.5) / 4 + rng.uniform(-0.05, 0.05))))
    water = rng.uniform(0.2, 1.5) if rural else rng.uniform(1.0, 6.5)
    foundations = rng.uniform(15, 60) if rural else rng.uniform(2, 25)
    objects = rng.choice((0, 0, 0, 1)) if rural else rng.choice((0, 0, 1, 1, 2, 3))
    return {
        "gevoelstemperatuur": (round(feel, 1), None),
        "hittestress_woningen_pct": (float(hot), float(dwellings)),
        "verhard_pct": (round(paved, 1), None),
        "water_20cm_pct": (round(water, 1), None),
        "groen_pct": (round(green, 1), None),
        "boomkroon_pct": (round(crowns, 1), None),
        "fundering_droogte_pct": (round(foundations, 1), None),
        "kwetsbare_objecten_water": (float(objects), None),
    }


def _dutch(value: float | None, decimals: int) -> str:
    if value is None:
        return ""
    return f"{value:.{decimals}f}".replace(".", ",") if decimals else f"{value:.0f}"


def _definition(code: str) -> list[object]:
    label, uitleg, eenheid, regel, richting, decimalen = INDICATORS[code]
    return [label, uitleg, eenheid, regel, richting, "klimaatadaptatie", decimalen, SOURCE]


def west_betuwe_rows(rng: random.Random) -> list[list[object]]:
    per_buurt = [(code, figures(rng, rural)) for code, _, rural in buurten("GM1960")]
    rows: list[list[object]] = []
    for indicator, (*_, decimalen) in INDICATORS.items():
        first = True
        for code, values in per_buurt:
            value, noemer = values[indicator]
            definition = _definition(indicator) if first else [""] * 8
            rows.append([code, indicator, YEAR, _dutch(value, decimalen), _dutch(noemer, 0), *definition])
            first = False
    # References: a gemeente figure (as shown) for paving, a Nederland figure for the heat.
    rows.append(["gemeente", "verhard_pct", YEAR, "21,4", "", *[""] * 8])
    rows.append(["Nederland", "gevoelstemperatuur", YEAR, "35,9", "", *[""] * 8])
    # Three wrong rows, rejected with a reason: a buurt of Buren, a value as text, a ratio without denominator.
    rows.append(["BU02140101", "verhard_pct", YEAR, "30,0", "", *[""] * 8])
    rows.append([per_buurt[0][0], "groen_pct", YEAR - 1, "n.b.", "", *[""] * 8])
    rows.append([per_buurt[1][0], "hittestress_woningen_pct", YEAR - 1, "12", "", *[""] * 8])
    return rows


def write_west_betuwe(rng: random.Random, path: Path) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Klimaatadaptatie per buurt, West Betuwe 2024 - VOORBEELD (synthetische cijfers)"])
    writer.writerow([])
    writer.writerow(HEADER)
    writer.writerows(west_betuwe_rows(rng))
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))


def write_buren(rng: random.Random, path: Path) -> None:
    per_buurt = [(code, figures(rng, rural)) for code, _, rural in buurten("GM0214")]
    no_flooding = {per_buurt[3][0], per_buurt[20][0]}  # not yet mapped: two buurten without a flooding figure
    wb = Workbook()
    ws = wb.active
    ws.title = "Eigen cijfers"
    ws.append(HEADER)
    for indicator in INDICATORS:
        for code, values in per_buurt:
            value, noemer = values[indicator]
            if indicator == "water_20cm_pct" and code in no_flooding:
                value = None
            ws.append([code, indicator, YEAR, value, noemer, *_definition(indicator)])
    _save(wb, path)


def _save(wb: Workbook, path: Path) -> None:
    spec = importlib.util.spec_from_file_location("generate_examples", HERE / "generate_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.save_workbook(wb, path)


def main(out_dir: Path = HERE) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    west_betuwe, buren = out_dir / WEST_BETUWE_FILE, out_dir / BUREN_FILE
    write_west_betuwe(rng, west_betuwe)
    write_buren(rng, buren)
    return [west_betuwe, buren]


if __name__ == "__main__":
    for written in main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(written)
