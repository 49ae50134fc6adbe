"""Write the corpus of deliberately broken (and a few good) export files used by tests/test_exports*.py.

    .venv/bin/python tests/data/exports/make_corpus.py

Deterministic: the same bytes on every run. Each file tests one way real spreadsheets go wrong; what the
reader must make of it is listed in tests/test_exports_corpus.py. All names, e-mail addresses, phone numbers
and IBANs are invented; PERSONAL_VALUES lists them for the privacy test.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

# Every personal value written into a personal column (and sometimes, wrongly, elsewhere) of a corpus file.
PERSONAL_VALUES = [
    "Jan Corpusnaam",
    "Anna Testpersoon",
    "Piet Verzinsel",
    "Greet Nepnaam",
    "Karel Proefkonijn",
    "jan.corpusnaam@voorbeeld.invalid",
    "anna.testpersoon@voorbeeld.invalid",
    "NL91TEST0123456789",
    "NL20TEST9876543210",
    "06-11223344",
    "0345-987654",
    "Proefstraat 13",
    "4191 ZZ",
]
JAN, ANNA, PIET, GREET, KAREL, MAIL_JAN, MAIL_ANNA, IBAN_1, IBAN_2, PHONE_1, PHONE_2, STREET, POSTCODE = PERSONAL_VALUES

SUB_HEADER = [
    "Regeling",
    "Kern",
    "Dossiernummer",
    "Omschrijving",
    "Aanvrager",
    "Bedrag aangevraagd",
    "Bedrag toegekend",
    "Datum besluit",
    "Status",
]


def sub(
    kern: str,
    dossier: str,
    omschrijving: str,
    toegekend: object,
    datum: object,
    status: str = "toegekend",
    regeling: str = "Leefbaarheidsbudget",
    person: str = JAN,
    aangevraagd: object = "1.000",
) -> list[object]:
    return [regeling, kern, dossier, omschrijving, person, aangevraagd, toegekend, datum, status]


def csv_text(rows: list[list[object]], delimiter: str = ";") -> str:
    lines = []
    for row in rows:
        cells = []
        for cell in row:
            text = "" if cell is None else str(cell)
            if delimiter in text or '"' in text or "\n" in text:
                text = '"' + text.replace('"', '""') + '"'
            cells.append(text)
        lines.append(delimiter.join(cells))
    return "\r\n".join(lines) + "\r\n"


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Blad1"
    for row in rows:
        ws.append(row)
    stamp = datetime(2024, 12, 2, 9, 0, 0)
    wb.properties.created = wb.properties.modified = stamp
    raw = io.BytesIO()
    wb.save(raw)
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                import re

                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>2024-12-02T09:00:00Z\g<2>", data)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(2024, 12, 2, 9, 0, 0)), data)
    path.write_bytes(fixed.getvalue())


def files() -> dict[str, bytes | list[list[object]]]:
    """File name -> bytes (written as is) or rows (an .xlsx)."""
    out: dict[str, bytes | list[list[object]]] = {}
    out["01_ok_puntkomma_utf8.csv"] = csv_text(
        [
            SUB_HEADER,
            sub("Beesd", "Z-01", "Speeltuin opknappen", "€ 1.234,56", "12-03-2023"),
            sub("Geldermalsen", "Z-02", "Buurtfeest", "750", "2023-04-01", person=ANNA),
            sub("Herwijnen", "Z-03", "Kerstmarkt", "1250,5", "12/05/2023"),
            sub("Tricht", "Z-04", "Jeu de boules-baan", "", "01-06-2023", status="in behandeling", aangevraagd="800"),
        ]
    ).encode("utf-8")
    out["02_komma_gescheiden.csv"] = csv_text(
        [
            SUB_HEADER,
            sub("Beesd", "Z-11", "Bankjes, langs de dijk", "1.234,56", "01-02-2022"),
            sub("Asperen", "Z-12", "AED-kast", "€ 2.000,-", "15-06-2022", person=PIET),
            sub("Varik", "Z-13", "Dorpskrant", "350,00", "2022-09-30"),
        ],
        delimiter=",",
    ).encode("utf-8")
    out["03_windows1252.csv"] = csv_text(
        [
            SUB_HEADER,
            sub("Beesd", "Z-21", "Café-avond in het dorpshuis", "€ 1.250,00", "12-03-2023", person=GREET),
            sub("Enspijk", "Z-22", "Crèche-uitje", "€ 300", "13-03-2023"),
            sub("Rumpt", "Z-23", "Ouderensoos", "€ 99,95", "14-03-2023"),
        ]
    ).encode("cp1252")
    out["04_utf8_bom.csv"] = b"\xef\xbb\xbf" + csv_text(
        [
            ["Kern", "Regeling", "Zaaknummer", "Initiatief", "Verleend bedrag", "Besluitdatum", "Besluit", "E-mail"],
            ["Spijk", "Kernenbudget", "K-1", "Oversteek bij de school", "12.500", "01-07-2023", "Toegekend", MAIL_JAN],
            ["Est", "Kernenbudget", "K-2", "Dorpsplein vergroenen", "8.000", "02-07-2023", "Afgewezen", MAIL_ANNA],
        ]
    ).encode("utf-8")
    # Row 3 above is rejected: afgewezen with EUR 8,000 granted.
    out["05_verkeerd_scheidingsteken.csv"] = csv_text(
        [
            SUB_HEADER,
            sub("Beesd", "Z-31", "Speeltuin", "500", "12-03-2023"),
        ],
        delimiter="|",
    ).encode("utf-8")
    out["06_verplichte_kolom_ontbreekt.csv"] = csv_text(
        [
            SUB_HEADER[:-1],
            sub("Beesd", "Z-41", "Speeltuin", "500", "12-03-2023")[:-1],
        ]
    ).encode("utf-8")
    out["07_onbekende_kern.csv"] = csv_text(
        [
            SUB_HEADER,
            sub("Geldermalsen", "Z-51", "Buurtfeest", "500", "12-03-2023"),
            sub("Herwijen", "Z-52", "Kerstmarkt", "500", "12-03-2023"),
            sub("Tiel", "Z-53", "Speeltuin", "500", "12-03-2023"),
            sub("Kerk Avezaath", "Z-54", "Dorpskrant", "500", "12-03-2023"),
            sub("hellouw", "Z-55", "Zwerfafvalactie", "500", "12-03-2023"),
        ]
    ).encode("utf-8")
    out["08_negatief_bedrag.csv"] = csv_text(
        [
            SUB_HEADER,
            sub("Beesd", "Z-61", "Speeltuin", "500", "12-03-2023"),
            sub("Beesd", "Z-62", "Buurtfeest", "-50", "12-03-2023"),
            sub("Deil", "Z-63", "Kerstmarkt", "€ 50,00", "12-03-2023", aangevraagd="(100,00)"),
            sub("Deil", "Z-64", "Dorpskrant", "200", "12-03-2023"),
        ]
    ).encode("utf-8")
    out["09_tekst_in_bedrag.csv"] = csv_text(
        [
            SUB_HEADER,
            sub("Beesd", "Z-71", "Speeltuin", "vijftig euro", "12-03-2023"),
            sub("Beesd", "Z-72", "Buurtfeest", "n.t.b.", "12-03-2023"),
            sub("Deil", "Z-73", "Kerstmarkt", "1.2.3", "12-03-2023"),
            sub("Deil", "Z-74", "Dorpskrant", "200", "12-03-2023"),
        ]
    ).encode("utf-8")
    out["10_onmogelijke_datum.csv"] = csv_text(
        [
            SUB_HEADER,
            sub("Beesd", "Z-81", "Speeltuin", "500", "31-02-2023"),
            sub("Beesd", "Z-82", "Buurtfeest", "500", "12-03-2099"),
            sub("Beesd", "Z-83", "Kerstmarkt", "500", "01-01-1899"),
            sub("Beesd", "Z-84", "Dorpskrant", "500", "gisteren"),
            sub("Beesd", "Z-85", "Zwerfafvalactie", "500", "12 maart 2023"),
        ]
    ).encode("utf-8")
    out["11_dubbele_rijen.csv"] = csv_text(
        [
            SUB_HEADER,
            sub("Beesd", "Z-91", "Speeltuin", "500", "12-03-2023"),
            sub("Beesd", "Z-91", "Speeltuin", "500", "12-03-2023"),
            sub("Deil", "Z-92", "Buurtfeest", "500", "12-03-2023"),
            sub("Deil", "Z-92", "Kerstmarkt", "900", "12-03-2023"),
        ]
    ).encode("utf-8")
    out["12_totaalregel.xlsx"] = [
        SUB_HEADER,
        sub("Beesd", "Z-101", "Speeltuin", 500, datetime(2023, 3, 12)),
        sub("Deil", "Z-102", "Buurtfeest", 750.5, datetime(2023, 4, 1)),
        sub("Varik", "Z-103", "Kerstmarkt", 1000, datetime(2023, 5, 1)),
        [],
        ["Totaal", None, None, None, None, None, 2250.5],
    ]
    out["13_titelregels.xlsx"] = [
        ["Gemeente West Betuwe - subsidies kernen"],
        ["Overzicht per 31-12-2023", None, None, "Opgesteld door " + KAREL],
        [],
        [],
        ["Dossiernummer", "Soort subsidie", "Dorp", "Project", "Naam", "Toegekend", "Besluitdatum", "Status"],
        ["Z-111", "Leefbaarheidsbudget", "Meteren", "Speeltuin", PIET, 500, datetime(2023, 3, 12), "Verleend"],
        ["Z-112", "Leefbaarheidsbudget", "Meteren", "Buurtfeest", GREET, 650, 45000, "Verleend"],
        ["Z-113", "Leefbaarheidsbudget", "Meteren", "Kerstmarkt", ANNA, -20, datetime(2023, 3, 14), "Verleend"],
        ["Z-114", "Platformsubsidie", "Ophemert", "Dorpsplatform", JAN, 1500, "15-03-2023", "Verleend"],
    ]
    out["14_formule_tekst.csv"] = csv_text(
        [
            SUB_HEADER,
            sub("Beesd", "Z-121", '=HYPERLINK("https://voorbeeld.invalid/aanvraag","Speeltuin")', "500", "12-03-2023"),
            sub("Beesd", "Z-122", "@SUM(1+1)", "500", "12-03-2023"),
            sub("Beesd", "=1+1", "Buurtfeest", "500", "12-03-2023"),
            sub("Beesd", "Z-124", "Kerstmarkt", "=500*2", "12-03-2023"),
            sub("Beesd", "Z-125", "- opknappen bankjes", "500", "12-03-2023"),
        ]
    ).encode("utf-8")
    out["15_leeg.csv"] = b""
    out["16_geen_spreadsheet.xlsx"] = b"Dit is een tekstbestand dat .xlsx is genoemd.\n" * 3
    out["17_alleen_kopregel.csv"] = csv_text([SUB_HEADER]).encode("utf-8")
    out["18_onbekend_soort.csv"] = csv_text(
        [
            ["Naam", "Adres", "Woonplaats", "Status"],
            [JAN, STREET, "Beesd", "actief"],
        ]
    ).encode("utf-8")
    out["19_oud_excel.xls"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    out["20_kernagenda_ok_2024-02-28.xlsx"] = [
        ["Kernagenda Beesd en Rumpt, stand voorjaar"],
        [],
        [
            "Kern",
            "Actiepunt nr",
            "Actiepunt",
            "Thema",
            "Programma",
            "Eigenaar",
            "Status",
            "Jaar opgenomen",
            "Jaar gereed",
            "Contactpersoon",
        ],
        [
            "Beesd",
            1,
            "Veilige fietsroute naar school",
            "Verkeer",
            "Sociaal",
            "Dorpsplatform",
            "In uitvoering",
            2023,
            None,
            JAN,
        ],
        ["Beesd", 2, "Zonnepanelen op het dorpshuis", "Energie", "duurzaamheid", "Samen", "Afgerond", 2023, 2024, ANNA],
        ["Beesd", 3, "Woningen voor starters", "Wonen", "Woningbouw", "Gemeente", "Idee", 2021.0, None, None],
        [
            "Rumpt",
            1,
            "Hittebestendig plein",
            "Groen",
            "Klimaat",
            "Inwoners en gemeente",
            "Onderzoek",
            "2023",
            None,
            PIET,
        ],
        ["Rumpt", 2, "Buurtbus", "Vervoer", None, "Provincie", "Vervallen", 2023, None, None],
    ]
    out["21_kernagenda_zonder_peildatum.csv"] = csv_text(
        [
            ["Kern", "Nummer", "Actiepunt", "Trekker", "Status", "Jaar opgenomen"],
            ["Beesd", "1", "Fietsroute", "Inwoners", "Idee", "2023"],
        ]
    ).encode("utf-8")
    out["22_kernagenda_foute_waarden_2024-11-29.csv"] = csv_text(
        [
            ["Kern", "Nummer", "Actiepunt", "Programma", "Trekker", "Status", "Jaar opgenomen", "Jaar gereed", "Naam"],
            ["Beesd", "1", "Fietsroute", "", "Inwoners", "on hold", "2023", "", JAN],
            ["Beesd", "2", "Zonnepanelen", "", KAREL, "Idee", "2023", "", ANNA],
            ["Beesd", "3", "Speelplek", "sport", "Gemeente", "Idee", "2023", "", ""],
            ["Beesd", "4", "Dorpshuis", "", "Samen", "Gerealiseerd", "2023", "2021", ""],
            ["Beesd", "5", "Glasvezel", "", "Extern", "Idee", "volgend jaar", "", ""],
            ["Beesd", "6", "Laadpalen", "", "Gemeente", "In uitvoering", "2025", "", ""],
            ["Beesd", "7", "Bankjes", "", "Gemeente", "Idee", "2024", "", ""],
            ["Beesd", "", "Zonder nummer", "", "Gemeente", "Idee", "2024", "", ""],
        ]
    ).encode("utf-8")
    out["23_kernagenda_peildatum_kolom.csv"] = csv_text(
        [
            ["Kern", "Nr", "Wens", "Trekker", "Voortgang", "Sinds", "Peildatum", "Telefoon"],
            ["Varik", "1", "Fietsroute", "Inwoners", "Idee", "2023", "28-02-2025", PHONE_1],
            ["Varik", "2", "Speelplek", "Gemeente", "Bezig", "2023", "28-02-2025", PHONE_2],
            ["Varik", "3", "Dorpshuis", "Samen", "Klaar", "2023", "2025-02-28", ""],
            ["Varik", "4", "Bankjes", "Samen", "Idee", "2024", "30-11-2024", ""],
        ]
    ).encode("utf-8")
    out["24_persoonsgegevens_overal.xlsx"] = [
        [
            "Regeling",
            "Kern",
            "Kenmerk",
            "Omschrijving",
            "Aanvrager",
            "Naam",
            "Contactpersoon",
            "E-mail",
            "Telefoon",
            "IBAN",
            "Adres",
            "Postcode",
            "Bedrag toegekend",
            "Datum",
            "Status",
        ],
        [
            "Leefbaarheidsbudget",
            "Heukelum",
            "Z-141",
            f"Afscheid van meester {KAREL}",
            JAN,
            ANNA,
            PIET,
            MAIL_JAN,
            PHONE_1,
            IBAN_1,
            STREET,
            POSTCODE,
            400,
            datetime(2023, 6, 1),
            "Toegekend",
        ],
        [
            "Leefbaarheidsbudget",
            "Heukelum",
            "Z-142",
            f"Info via {MAIL_ANNA} of {PHONE_2}",
            GREET,
            KAREL,
            None,
            MAIL_ANNA,
            PHONE_2,
            IBAN_2,
            STREET,
            POSTCODE,
            300,
            datetime(2023, 6, 2),
            "Toegekend",
        ],
        [
            "Leefbaarheidsbudget",
            "Heukelum",
            "Z-143",
            "Zomerspelen",
            JAN,
            None,
            None,
            None,
            None,
            IBAN_1,
            None,
            None,
            "veel",
            datetime(2023, 6, 3),
            "Toegekend",
        ],
    ]
    out["25_lege_rijen_en_spaties.csv"] = csv_text(
        [
            [],
            ["  REGELING ", " kern", "dossier-nummer", "bedrag toegekend (€)", "Datum  besluit", "STATUS", "", ""],
            [],
            ["Leefbaarheidsbudget", " Beesd ", "Z-151", " 500 ", "12-03-2023", " Toegekend ", "", ""],
            ["", "", "", "", "", "", "", ""],
            ["Leefbaarheidsbudget", "BEESD", "Z-152", "600", "13-03-2023", "toegekend", "", ""],
            [],
            ["Bron: subsidiesysteem", "", "", "", "", "", "", ""],
        ]
    ).encode("utf-8")
    out["26_getypte_waarden.csv"] = csv_text(
        [
            SUB_HEADER,
            sub("Beesd", "Z-161", "Speeltuin", "500", "12-03-2023", regeling="Leefbaarheidbudget", status="toegekent"),
            sub("Geldermalse", "Z-162", "Buurtfeest", "500", "12-03-2023", regeling="Kernen budget"),
            sub("Beesd", "Z-163", "Kerstmarkt", "500", "12-03-2023", regeling="subsidie", status="Verleend"),
        ]
    ).encode("utf-8")
    out["27_status_en_bedrag_strijdig.csv"] = csv_text(
        [
            SUB_HEADER,
            sub("Beesd", "Z-171", "Speeltuin", "500", "12-03-2023", status="Afgewezen"),
            sub("Beesd", "Z-172", "Buurtfeest", "", "12-03-2023", status="Toegekend"),
            sub("Beesd", "Z-173", "Kerstmarkt", "0", "12-03-2023", status="Afgewezen"),
            sub("Beesd", "Z-174", "Dorpskrant", "300", "12-03-2023", status="Ingetrokken"),
        ]
    ).encode("utf-8")
    out["28_pdf_hernoemd.csv"] = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    out["29_binair_als_csv.csv"] = bytes(range(256)) * 4
    out["30_kapotte_zip.xlsx"] = b"PK\x03\x04" + b"\x14\x00\x00\x00\x08\x00" + b"kapot" * 20
    out["31_engelse_getallen.csv"] = csv_text(
        [
            SUB_HEADER,
            sub("Beesd", "Z-191", "Speeltuin", "1,234.56", "12-03-2023"),
            sub("Beesd", "Z-192", "Buurtfeest", "EUR 2.500", "12-03-2023"),
            sub("Beesd", "Z-193", "Kerstmarkt", "1.234.567,00", "12-03-2023"),
            sub("Beesd", "Z-194", "Dorpskrant", "12.5", "12-03-2023"),
        ]
    ).encode("utf-8")
    out["32_GM0214_subsidies_buren.csv"] = csv_text(
        [
            SUB_HEADER,
            sub("Buren", "B-1", "Dorpsbelangen", "375", "01-02-2024", regeling="Subsidie dorpsbelangenorganisatie"),
            sub("Beesd", "B-2", "Signaleringsgroep", "750", "01-02-2024", regeling="Signaleringsgroep"),
            sub("Kapel-Avezaath", "B-3", "Buurtfeest", "750", "01-02-2024"),
        ]
    ).encode("utf-8")
    out["33_niet_ondersteund.ods"] = b"PK-but-not-really"
    out["34_kernagenda_per_kern_2024-11-29.csv"] = csv_text(
        [
            ["Kern", "Nummer", "Actiepunt", "Trekker", "Status", "Jaar opgenomen"],
            ["Beesd", "1", "Veilige fietsroute naar school", "Dorpsplatform", "Gerealiseerd", "2023"],
            ["Beesd", "2", "Zonnepanelen op het dorpshuis", "Samen", "Gerealiseerd", "2023"],
            ["Beesd", "3", "Woningen voor starters", "Gemeente", "In onderzoek", "2021"],
            ["Beesd", "4", "Buurtkamer", "Inwoners", "Idee", "2024"],
        ]
    ).encode("utf-8")
    return out


def main() -> list[Path]:
    written = []
    for name, content in files().items():
        path = HERE / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            write_xlsx(path, content)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in main():
        print(path.name)
