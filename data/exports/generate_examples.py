"""Generate the fictional example exports in this folder (seeded: the same files on every run).

    .venv/bin/python data/exports/generate_examples.py [OUTPUT_DIR]

The files imitate what municipalities really export - title rows, a total row, amounts as text with euro
signs, mixed date formats, personal columns - at the orders of magnitude of West Betuwe and Buren's own
reports (see docs/exports-formaat.md). Every name, e-mail address, phone number, IBAN, amount and action point
is invented. A few rows are wrong on purpose, so the demo shows what a rejected row looks like.
"""

from __future__ import annotations

import csv
import io
import random
import sys
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
MAPPING = HERE.parent / "kernen" / "kern_buurt.csv"
SEED = 20240301
FIXED_TIME = datetime(2024, 12, 2, 9, 0, 0)
WEST_BETUWE, BUREN = "GM1960", "GM0214"

FICTIONAL_PEOPLE = [
    "Jan Voorbeeld",
    "Anna Proefpersoon",
    "Piet Fictief",
    "Els Testdorp",
    "Kees Verzonnen",
    "Mira Nepnaam",
    "Henk Bedacht",
    "Fatima Denkbeeld",
    "Sanne Oefennaam",
    "Bram Zomaar",
    "Ineke Nietecht",
    "Joost Verdicht",
]

INITIATIVES = [
    "Buurtfeest",
    "Jeu de boules-baan",
    "AED-kast bij het dorpshuis",
    "Speeltoestel voor het trapveld",
    "Bankjes langs de dijk",
    "Kerstmarkt",
    "Dorpskrant, drukkosten",
    "Bloembakken in de dorpsstraat",
    "Moestuin bij de school",
    "Koningsdag",
    "Repair café",
    "Beweegtuin voor ouderen",
    "Jongerenontmoetingsplek",
    "Ontmoetingsochtend voor ouderen",
    "Wandelroute met informatiebordjes",
    "Insectenhotel en bloemenstrook",
    "Zwerfafvalactie",
    "Kunstroute",
    "Nieuwe stoelen voor het dorpshuis",
    "Sinterklaasintocht",
    "Zomerspelen voor kinderen",
    "Dorpsbarbecue",
    "Herdenking 4 mei",
    "Opknappen van de speeltuin",
]
KERNENBUDGET_PROJECTS = [
    "Verkeersveilige oversteek bij de school",
    "Uitbreiding van het dorpshuis",
    "Glasvezel naar het buitengebied: kwartiermaker",
    "Groene inrichting van het dorpsplein",
    "Seniorenwoningen: haalbaarheidsonderzoek",
    "Wateropvang en regentonnen",
    "Verduurzaming van de sporthal",
    "Trapveld met pannakooi",
]
AGENDA_POINTS = [
    ("Veilige fietsroute naar de school", "Verkeer", "sociale kracht"),
    ("Woningen voor starters en ouderen", "Wonen", "woningbouw"),
    ("Zonnepanelen op het dorpshuis", "Energie", "duurzaamheid"),
    ("Hittebestendig groen op het plein", "Groen", "klimaatadaptatie"),
    ("Ontmoetingsplek voor jongeren", "Jeugd", "sociale kracht"),
    ("Snelheid omlaag op de doorgaande weg", "Verkeer", ""),
    ("Wateroverlast in de laagste straten aanpakken", "Water", "klimaatadaptatie"),
    ("Dorpshuis toekomstbestendig maken", "Voorzieningen", "duurzaamheid"),
    ("Buurtbus of vervoer op maat", "Vervoer", "sociale kracht"),
    ("Nieuwe woningbouwlocatie verkennen", "Wonen", "woningbouw"),
    ("Speelplekken vernieuwen", "Spelen", ""),
    ("Laadpalen bij de kerk", "Energie", "duurzaamheid"),
    ("Meer bankjes langs de wandelroutes", "Groen", ""),
    ("Glasvezel in het buitengebied", "Voorzieningen", ""),
    ("Eenzaamheid onder ouderen tegengaan", "Zorg", "sociale kracht"),
    ("Geveltuinen en minder tegels", "Groen", "klimaatadaptatie"),
]
TREKKERS = ["Inwoners", "Gemeente", "Samen", "Dorpsplatform", "samen", "Extern"]
STATUS_ORDER = ["idee", "in onderzoek", "in uitvoering", "gerealiseerd"]


def kernen(gemeentecode: str) -> list[tuple[str, int]]:
    """(kern, number of buurten) - the buurten count stands in for the size of a kern."""
    counts: dict[str, int] = {}
    with MAPPING.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["gemeentecode"] == gemeentecode:
                counts[row["kern"]] = counts.get(row["kern"], 0) + 1
    return sorted(counts.items())


def person(rng: random.Random) -> tuple[str, str, str, str]:
    name = rng.choice(FICTIONAL_PEOPLE)
    mail = name.lower().replace(" ", ".") + "@voorbeeld.invalid"
    phone = f"06-{rng.randint(0, 99999999):08d}"
    iban = f"NL{rng.randint(10, 99)}TEST{rng.randint(0, 9999999999):010d}"
    return name, mail, phone, iban


def amount_text(rng: random.Random, value: float) -> object:
    """An amount as a spreadsheet holds it: a number, or text in one of the Dutch notations."""
    style = rng.random()
    if style < 0.45:
        return value
    whole = f"{value:,.0f}".replace(",", ".")
    cents = f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    if style < 0.7:
        return f"€ {cents}"
    if style < 0.85:
        return whole if value >= 1000 else f"{value:.0f}"
    return f"{whole},-"


def date_text(rng: random.Random, value: date, excel_cells: bool) -> object:
    style = rng.random()
    if excel_cells and style < 0.6:
        return datetime(value.year, value.month, value.day)
    if style < 0.75:
        return value.strftime("%d-%m-%Y")
    if style < 0.9:
        return value.isoformat()
    return f"{value.day}/{value.month:02d}/{value.year}"


def decision_dates(rng: random.Random, year: int) -> tuple[date, date]:
    applied = date(year, 1, 6) + timedelta(days=rng.randint(0, 300))
    decided = min(applied + timedelta(days=rng.randint(10, 45)), date(year, 12, 20))
    return applied, decided


def west_betuwe_subsidies(rng: random.Random) -> list[dict]:
    """~93 leefbaarheidsbudget grants a year 2019-2023 (467 in all), 45 kernenbudget applications, 17 platforms."""
    places = kernen(WEST_BETUWE)
    names, weights = [k for k, _ in places], [n for _, n in places]
    granted_per_year = {2019: 88, 2020: 79, 2021: 92, 2022: 101, 2023: 107}  # 467 in all
    rows: list[dict] = []
    serial = 0
    for year, granted in granted_per_year.items():
        chosen = rng.choices(names, weights=weights, k=granted)
        if year == 2023:  # every kern had at least one initiative in 2023
            chosen[: len(names)] = names
        statuses = ["toegekend"] * granted + ["afgewezen"] * rng.randint(4, 8) + ["ingetrokken"] * rng.randint(1, 3)
        if year == 2023:
            statuses += ["in behandeling"] * 3
        chosen += rng.choices(names, weights=weights, k=len(statuses) - granted)
        for kern, status in zip(chosen, statuses, strict=True):
            serial += 1
            requested = rng.randrange(250, 7500, 50)
            applied, decided = decision_dates(rng, year)
            rows.append(
                {
                    "zaak": f"Z/{year}/{serial:05d}",
                    "regeling": rng.choice(["Leefbaarheidsbudget", "Leefbaarheidsbudget", "leefbaarheids budget"]),
                    "kern": kern,
                    "omschrijving": f"{rng.choice(INITIATIVES)} {kern}",
                    "aangevraagd": requested,
                    "toegekend": (min(requested, rng.randrange(250, 7500, 50)) if status == "toegekend" else None),
                    "aanvraagdatum": applied,
                    "besluitdatum": decided if status != "in behandeling" else None,
                    "status": {"toegekend": rng.choice(["Toegekend", "Verleend", "toegekend"])}.get(status, status),
                }
            )
    # The kernagenda point a kernenbudget application carries out: drawn from a separate generator, so the other
    # example files stay as they were. Points 1-5 of every kern are on both example kernagenda's of West Betuwe.
    links = random.Random(SEED + 15)
    for number in range(45):
        serial += 1
        kern = rng.choice(names)
        requested = rng.randrange(1000, 15000, 250)
        status = "toegekend" if number < 38 else rng.choice(["afgewezen", "in behandeling"])
        applied, decided = decision_dates(rng, 2023)
        rows.append(
            {
                "zaak": f"Z/2023/{serial:05d}",
                "regeling": "Kernenbudget",
                "kern": kern,
                "omschrijving": f"{rng.choice(KERNENBUDGET_PROJECTS)} (kernagenda {kern})",
                "aangevraagd": requested,
                "toegekend": requested if status == "toegekend" else None,
                "aanvraagdatum": applied,
                "besluitdatum": decided if status != "in behandeling" else None,
                "status": status,
                "kernagendapunt": links.randint(1, 5) if links.random() < 0.8 else None,
            }
        )
    for kern in rng.sample(names, 17):
        serial += 1
        applied, decided = decision_dates(rng, 2023)
        value = float(rng.choice([1000, 1250, 1500, 2000]))
        rows.append(
            {
                "zaak": f"Z/2023/{serial:05d}",
                "regeling": "Platformsubsidie",
                "kern": kern,
                "omschrijving": f"Jaarsubsidie dorpsplatform {kern}",
                "aangevraagd": value,
                "toegekend": value,
                "aanvraagdatum": applied,
                "besluitdatum": decided,
                "status": "Verleend",
            }
        )
    rng.shuffle(rows)
    rows.sort(key=lambda r: r["zaak"].split("/")[1])
    return rows


def write_west_betuwe_subsidies(rng: random.Random, path: Path) -> None:
    rows = west_betuwe_subsidies(rng)
    # Mistakes as they happen, each rejected with a clear reason (or, for the typo, corrected).
    rows[10]["kern"] = "Herwijen"  # typo: read as Herwijnen and reported as corrected
    rows[40]["kern"] = "Tiel"  # a neighbouring town, not a kern of West Betuwe
    rows[41]["kern"] = "Kerk-Avezaath"  # a kern of Buren
    rows[70]["toegekend"] = -250.0
    rows[71]["toegekend"] = "nog onbekend"
    rows[72]["besluitdatum"] = "31-02-2021"
    rows[73]["status"] = "Toegekend"
    rows[73]["toegekend"] = None
    rows.insert(201, dict(rows[200]))  # the same row pasted twice
    rows[300]["omschrijving"] = f"Afscheidsfeest meester {FICTIONAL_PEOPLE[4]}"  # a name in the wrong column

    wb = Workbook()
    ws = wb.active
    ws.title = "Subsidies kernen"
    ws.append(["Gemeente West Betuwe - overzicht subsidies kernen 2019-2023"])
    ws.append(["FICTIEVE VOORBEELDDATA voor kernmonitor: geen echte aanvragen, namen of bedragen"])
    ws.append(["Export uit het subsidiesysteem, aangemaakt op 15-01-2024"])
    ws.append([])
    header = [
        "Zaaknummer",
        "Regeling",
        "Dorp",
        "Initiatief",
        "Aanvrager",
        "E-mail aanvrager",
        "Aanvraagdatum",
        "Bedrag aangevraagd",
        "Verleend bedrag",
        "Besluitdatum",
        "Status",
        "Opmerking",
        "Kernagendapunt",
    ]
    ws.append(header)
    for cell in ws[5]:
        cell.font = Font(bold=True)
    ws["A1"].font = Font(bold=True, size=14)
    for row in rows:
        name, mail, _, _ = person(rng)
        decided = row["besluitdatum"]
        ws.append(
            [
                row["zaak"],
                row["regeling"],
                row["kern"],
                row["omschrijving"],
                name,
                mail,
                date_text(rng, row["aanvraagdatum"], excel_cells=True),
                amount_text(rng, float(row["aangevraagd"])),
                amount_text(rng, float(row["toegekend"]))
                if isinstance(row["toegekend"], int | float)
                else row["toegekend"],
                date_text(rng, decided, excel_cells=True) if isinstance(decided, date) else decided,
                row["status"],
                f"Zie mail van {name}" if rng.random() < 0.05 else None,
                row.get("kernagendapunt"),
            ]
        )
    last = ws.max_row
    ws.append([])
    ws.append(["Totaal", None, None, None, None, None, None, f"=SUM(H6:H{last})", f"=SUM(I6:I{last})"])
    for column, width in zip("ABCDEFGHIJKLM", (14, 22, 16, 48, 20, 32, 14, 18, 16, 14, 14, 28, 16), strict=True):
        ws.column_dimensions[column].width = width
    save_workbook(wb, path)


def buren_subsidies(rng: random.Random) -> list[list[object]]:
    """Leefbaarheidsbudget up to EUR 2,000; a yearly EUR 375 per dorpsbelangenorganisatie, EUR 750 per
    signaleringsgroep."""
    places = [k for k, _ in kernen(BUREN)]
    with_dorpsbelang = [k for k in places if k not in ("Aalst", "Erichem")]
    with_signalering = rng.sample(places, 9)
    rows = []
    serial = 0
    for year in (2022, 2023, 2024):
        for _ in range(rng.randint(22, 30)):
            serial += 1
            kern = rng.choice(places)
            requested = float(rng.randrange(300, 3200, 50))
            status = rng.choices(["Toegekend", "Afgewezen", "Ingetrokken"], weights=(88, 9, 3))[0]
            granted = min(requested, 2000.0) if status == "Toegekend" else None
            applied, decided = decision_dates(rng, year)
            rows.append(
                [
                    f"BU-{year}-{serial:04d}",
                    "Leefbaarheidsbudget",
                    kern,
                    f"{rng.choice(INITIATIVES)} {kern}",
                    requested,
                    granted,
                    decided,
                    status,
                ]
            )
        for kern in with_dorpsbelang:
            serial += 1
            rows.append(
                [
                    f"BU-{year}-{serial:04d}",
                    "Subsidie dorpsbelangenorganisatie",
                    kern,
                    f"Jaarlijkse bijdrage dorpsbelangen {kern}",
                    375.0,
                    375.0,
                    date(year, 2, 1),
                    "Toegekend",
                ]
            )
        for kern in with_signalering:
            serial += 1
            rows.append(
                [
                    f"BU-{year}-{serial:04d}",
                    "Subsidie signaleringsgroep",
                    kern,
                    f"Jaarlijkse bijdrage signaleringsgroep {kern}",
                    750.0,
                    750.0,
                    date(year, 2, 1),
                    "Toegekend",
                ]
            )
    return rows


def write_buren_subsidies(rng: random.Random, path: Path) -> None:
    rows = buren_subsidies(rng)
    rows[5][2] = "Kapel Avezaath"  # the village lies in Tiel; only its countryside is in Buren
    rows[12][4], rows[12][5] = 1500.0, "-1.500"
    rows[20][0] = ""  # no kenmerk
    rows[33][7] = "Onbekend"
    rows[47][6] = "2099-01-01"
    rows.insert(60, list(rows[59]))  # pasted twice
    rows[80][2] = "eck en wiel"  # case and spaces: matched without a correction
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["FICTIEVE VOORBEELDDATA - gemeente Buren, subsidies kernen 2022-2024 (geen echte gegevens)"])
    writer.writerow(
        [
            "Kenmerk",
            "Subsidieregeling",
            "Woonplaats",
            "Omschrijving",
            "Contactpersoon",
            "Telefoon",
            "IBAN",
            "Aangevraagd",
            "Toegekend",
            "Datum",
            "Status",
        ]
    )
    for kenmerk, regeling, kern, description, requested, granted, decided, status in rows:
        name, _, phone, iban = person(rng)
        writer.writerow(
            [
                kenmerk,
                regeling,
                kern,
                description,
                name,
                phone,
                iban,
                _csv_amount(rng, requested),
                _csv_amount(rng, granted) if isinstance(granted, float) else granted or "",
                decided if isinstance(decided, str) else date_text(rng, decided, excel_cells=False),
                status,
            ]
        )
    # Excel on Windows writes CSV in Windows-1252: the euro sign is byte 0x80.
    path.write_bytes(out.getvalue().encode("cp1252"))


def _csv_amount(rng: random.Random, value: float) -> str:
    shown = amount_text(rng, value)
    return f"{shown:.2f}".replace(".", ",") if isinstance(shown, float) else shown


def agenda_points(rng: random.Random, gemeentecode: str) -> dict[str, list[dict]]:
    """Per kern 5-9 points, taken up in 2023 (some carried over from an older dorpsvisie)."""
    agenda: dict[str, list[dict]] = {}
    for kern, _ in kernen(gemeentecode):
        points = []
        for number, (text, thema, programma) in enumerate(rng.sample(AGENDA_POINTS, rng.randint(5, 9)), start=1):
            taken_up = 2023 if rng.random() < 0.85 else rng.choice([2021, 2022])
            points.append(
                {
                    "nummer": number,
                    "actiepunt": text,
                    "thema": thema,
                    "programma": programma,
                    "trekker": rng.choice(TREKKERS),
                    "status": rng.choices(STATUS_ORDER, weights=(3, 3, 3, 1))[0],
                    "opgenomen": taken_up,
                    "gereed": None,
                }
            )
            if points[-1]["status"] == "gerealiseerd":
                points[-1]["gereed"] = 2023
        agenda[kern] = points
    return agenda


def progress(rng: random.Random, agenda: dict[str, list[dict]], year: int) -> dict[str, list[dict]]:
    """The same agendas one evaluation later: points move on, a few drop off, some are added."""
    later: dict[str, list[dict]] = {}
    for kern, points in agenda.items():
        moved = []
        for point in points:
            point = dict(point)
            if point["status"] in STATUS_ORDER[:3] and rng.random() < 0.45:
                point["status"] = STATUS_ORDER[STATUS_ORDER.index(point["status"]) + 1]
            elif point["status"] in STATUS_ORDER[:2] and rng.random() < 0.08:
                point["status"] = rng.choice(["niet haalbaar", "vervallen"])
            if point["status"] == "gerealiseerd" and point["gereed"] is None:
                point["gereed"] = year
            moved.append(point)
        for _ in range(rng.randint(0, 2)):
            text, thema, programma = rng.choice(AGENDA_POINTS)
            moved.append(
                {
                    "nummer": len(moved) + 1,
                    "actiepunt": text,
                    "thema": thema,
                    "programma": programma,
                    "trekker": rng.choice(TREKKERS),
                    "status": "idee",
                    "opgenomen": year,
                    "gereed": None,
                }
            )
        later[kern] = moved
    return later


def write_kernagenda_xlsx(
    rng: random.Random, path: Path, agenda: dict[str, list[dict]], title: str, peildatum: date | None, mistakes: bool
) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Kernagenda"
    ws.append([title])
    ws.append(["FICTIEVE VOORBEELDDATA voor kernmonitor: geen echte actiepunten of namen"])
    ws.append([])
    header = [
        "Kern",
        "Actiepunt nr",
        "Actiepunt",
        "Thema",
        "Programma",
        "Trekker",
        "Status",
        "Jaar opgenomen",
        "Jaar gereed",
        "Contactpersoon dorpsplatform",
        "E-mail",
    ]
    if peildatum:
        header.append("Peildatum")
    ws.append(header)
    for cell in ws[4]:
        cell.font = Font(bold=True)
    rows = []
    for kern, points in agenda.items():
        for p in points:
            name, mail, _, _ = person(rng)
            row = [
                kern,
                p["nummer"],
                p["actiepunt"],
                p["thema"],
                p["programma"] or None,
                p["trekker"],
                p["status"].capitalize() if rng.random() < 0.5 else p["status"],
                p["opgenomen"],
                p["gereed"],
                name,
                mail,
            ]
            if peildatum:
                row.append(datetime(peildatum.year, peildatum.month, peildatum.day))
            rows.append(row)
    if mistakes:
        rows[7][5] = FICTIONAL_PEOPLE[0]  # a person as trekker: rejected, and the name is never shown or stored
        rows[19][6] = "On hold"
        rows[33][8] = 2020  # gereed before it was taken up
    for row in rows:
        ws.append(row)
    for column, width in zip("ABCDEFGHIJKL", (16, 12, 44, 14, 18, 14, 14, 14, 12, 26, 30, 12), strict=True):
        ws.column_dimensions[column].width = width
    save_workbook(wb, path)


def write_buren_kernagenda(rng: random.Random, path: Path) -> None:
    agenda = agenda_points(rng, BUREN)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=",", lineterminator="\n")
    writer.writerow(
        [
            "Kern",
            "Nummer",
            "Omschrijving",
            "Thema",
            "Programma",
            "Eigenaar",
            "Stand van zaken",
            "Opgenomen",
            "Gereed",
            "Peildatum",
            "Naam contactpersoon",
            "Telefoon",
        ]
    )
    first = True
    for kern, points in agenda.items():
        for p in points:
            name, _, phone, _ = person(rng)
            status = p["status"]
            if first:
                status, first = "Afgerond", False  # an accepted spelling of gerealiseerd
            writer.writerow(
                [
                    kern,
                    p["nummer"],
                    p["actiepunt"],
                    p["thema"],
                    p["programma"],
                    p["trekker"].lower(),
                    status,
                    p["opgenomen"],
                    p["gereed"] or "",
                    "28-11-2024",
                    name,
                    phone,
                ]
            )
    writer.writerow(
        [
            "Den Eng",
            1,
            "Fietspad langs de Linge",
            "Verkeer",
            "",
            "Gemeente",
            "Idee",
            2024,
            "",
            "28-11-2024",
            FICTIONAL_PEOPLE[1],
            "06-00000000",
        ]
    )
    writer.writerow(
        [
            "Zoelen",
            99,
            '=HYPERLINK("https://voorbeeld.invalid")',
            "",
            "",
            "Samen",
            "Idee",
            2024,
            "",
            "28-11-2024",
            FICTIONAL_PEOPLE[2],
            "",
        ]
    )
    # Excel's "CSV UTF-8" has a byte order mark.
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))


def save_workbook(wb: Workbook, path: Path) -> None:
    """Save with fixed timestamps, in the workbook and in the zip, so a rerun gives the same bytes."""
    wb.properties.creator = "kernmonitor voorbeeldgenerator"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    fixed = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            data = _fix_core_times(info.filename, data)
            dst.writestr(
                zipfile.ZipInfo(info.filename, date_time=(2024, 12, 2, 9, 0, 0)),
                data,
                compress_type=zipfile.ZIP_DEFLATED,
            )
    path.write_bytes(fixed.getvalue())


def _fix_core_times(name: str, data: bytes) -> bytes:
    """openpyxl stamps the save time into docProps/core.xml; put the fixed time back."""
    if name != "docProps/core.xml":
        return data
    import re

    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", data)


def main(out_dir: Path = HERE) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    files = {
        "subsidies_wb": out_dir / "VOORBEELD_West-Betuwe_subsidies_2019-2023.xlsx",
        "subsidies_buren": out_dir / "VOORBEELD_Buren_subsidies_2022-2024.csv",
        "agenda_voorjaar": out_dir / "VOORBEELD_West-Betuwe_kernagenda_2024-02-28.xlsx",
        "agenda_najaar": out_dir / "VOORBEELD_West-Betuwe_kernagenda_2024-11-29.xlsx",
        "agenda_buren": out_dir / "VOORBEELD_Buren_kernagenda_2024-11-28.csv",
    }
    write_west_betuwe_subsidies(rng, files["subsidies_wb"])
    write_buren_subsidies(rng, files["subsidies_buren"])
    spring = agenda_points(rng, WEST_BETUWE)
    write_kernagenda_xlsx(
        rng,
        files["agenda_voorjaar"],
        spring,
        "Kernagenda's West Betuwe - inventarisatie voorjaar 2024 (voor de Perspectiefnota)",
        peildatum=None,
        mistakes=True,
    )
    autumn = progress(rng, spring, 2024)
    write_kernagenda_xlsx(
        rng,
        files["agenda_najaar"],
        autumn,
        "Kernagenda's West Betuwe - evaluatie najaar 2024",
        peildatum=date(2024, 11, 29),
        mistakes=False,
    )
    write_buren_kernagenda(rng, files["agenda_buren"])
    return list(files.values())


if __name__ == "__main__":
    for written in main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(written)
