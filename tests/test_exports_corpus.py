"""The broken-file corpus (tests/data/exports/): none crashes, each gives the expected counts and messages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ingest.exports import ExportFileError, read_export
from ingest.kernen import load_kern_mapping

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "data" / "exports"
TODAY = date(2025, 6, 1)  # the plausibility window of dates depends on "today"

# File -> the start of ExportFileError's reason (after "<file>: ").
UNREADABLE = {
    "05_verkeerd_scheidingsteken.csv": "de kolommen zijn gescheiden door een verticale streep (|); verwacht",
    "06_verplichte_kolom_ontbreekt.csv": "dit lijkt een subsidie-export, maar verplichte kolommen ontbreken: Status",
    "15_leeg.csv": "het bestand is leeg",
    "16_geen_spreadsheet.xlsx": "het bestand heet .xlsx maar is geen Excel-werkmap",
    "17_alleen_kopregel.csv": "kopregel gevonden op rij 1, maar daaronder staan geen gegevensrijen",
    "18_onbekend_soort.csv": "onbekend soort export",
    "19_oud_excel.xls": "dit is een oud Excel-bestand (.xls)",
    "21_kernagenda_zonder_peildatum.csv": "geen peildatum gevonden",
    "28_pdf_hernoemd.csv": "dit is een PDF-bestand",
    "29_binair_als_csv.csv": "dit is geen tekstbestand",
    "30_kapotte_zip.xlsx": "het bestand kan niet als Excel-werkmap worden geopend",
    "33_niet_ondersteund.ods": "bestandstype '.ods' wordt niet ondersteund",
}

# File -> (kind, gemeente, accepted, rejected, [(Excel row, column as in the file, part of the reason), ...]).
READABLE = {
    "01_ok_puntkomma_utf8.csv": ("subsidies", "GM1960", 4, 0, []),
    "02_komma_gescheiden.csv": ("subsidies", "GM1960", 3, 0, []),
    "03_windows1252.csv": ("subsidies", "GM1960", 3, 0, []),
    "04_utf8_bom.csv": (
        "subsidies",
        "GM1960",
        1,
        1,
        [(3, "Verleend bedrag", "de status is afgewezen maar er is 8.000,00 toegekend")],
    ),
    "07_onbekende_kern.csv": (
        "subsidies",
        "GM1960",
        3,
        2,
        [
            (4, "Kern", "kern 'Tiel' is geen kern van gemeente GM1960; bedoelde u Tuil, Deil of Tricht?"),
            (5, "Kern", "kern 'Kerk Avezaath' hoort bij gemeente GM0214, niet bij GM1960"),
        ],
    ),
    "08_negatief_bedrag.csv": (
        "subsidies",
        "GM1960",
        2,
        2,
        [
            (3, "Bedrag toegekend", "bedrag is negatief (-50,00); verwacht een bedrag van 0 of meer"),
            (4, "Bedrag aangevraagd", "bedrag is negatief (-100,00)"),
        ],
    ),
    "09_tekst_in_bedrag.csv": (
        "subsidies",
        "GM1960",
        1,
        3,
        [
            (2, "Bedrag toegekend", "'vijftig euro' is geen bedrag; verwacht een bedrag zoals 1.234,56"),
            (3, "Bedrag toegekend", "'n.t.b.' is geen bedrag"),
            (4, "Bedrag toegekend", "'1.2.3' is geen bedrag"),
        ],
    ),
    "10_onmogelijke_datum.csv": (
        "subsidies",
        "GM1960",
        1,
        4,
        [
            (2, "Datum besluit", "'31-02-2023' is geen bestaande datum"),
            (3, "Datum besluit", "datum 12-03-2099 ligt te ver in de toekomst"),
            (4, "Datum besluit", "datum 01-01-1899 ligt voor 2000"),
            (5, "Datum besluit", "'gisteren' is geen datum; verwacht een datum zoals 12-03-2023"),
        ],
    ),
    "11_dubbele_rijen.csv": (
        "subsidies",
        "GM1960",
        2,
        2,
        [
            (3, "Dossiernummer", "dubbele rij: gelijk aan rij 2"),
            (5, "Dossiernummer", "Dossiernummer 'Z-92' staat ook op rij 4, met andere gegevens"),
        ],
    ),
    "12_totaalregel.xlsx": ("subsidies", "GM1960", 3, 0, []),
    "13_titelregels.xlsx": ("subsidies", "GM1960", 3, 1, [(8, "Toegekend", "bedrag is negatief (-20,00)")]),
    "14_formule_tekst.csv": (
        "subsidies",
        "GM1960",
        1,
        4,
        [
            (2, "Omschrijving", "is een formule of begint als een formule; verwacht gewone tekst"),
            (3, "Omschrijving", "haal het '@'-teken aan het begin weg"),
            (4, "Dossiernummer", "'=1+1' is een formule"),
            (5, "Bedrag toegekend", "'=500*2' is geen bedrag"),
        ],
    ),
    "20_kernagenda_ok_2024-02-28.xlsx": ("kernagenda", "GM1960", 5, 0, []),
    "22_kernagenda_foute_waarden_2024-11-29.csv": (
        "kernagenda",
        "GM1960",
        1,
        7,
        [
            (2, "Status", "'on hold' is geen geldige waarde voor Status; verwacht idee, in onderzoek"),
            (3, "Trekker", "de waarde (niet getoond: mogelijk een naam) is geen geldige waarde voor Trekker"),
            (4, "Programma", "'sport' is geen geldige waarde voor Programma"),
            (5, "Jaar gereed", "Jaar gereed (2021) ligt voor Jaar opgenomen (2023)"),
            (6, "Jaar opgenomen", "'volgend jaar' is geen jaartal"),
            (
                7,
                "Jaar opgenomen",
                "Jaar opgenomen 2025 is niet aannemelijk; verwacht een jaar van 2000 tot en met 2024",
            ),
            (9, "Nummer", "Nummer is leeg; verwacht het nummer van het actiepunt"),
        ],
    ),
    "23_kernagenda_peildatum_kolom.csv": (
        "kernagenda",
        "GM1960",
        3,
        1,
        [(5, "Peildatum", "peildatum 30-11-2024 wijkt af van de peildatum van het bestand (28-02-2025)")],
    ),
    "24_persoonsgegevens_overal.xlsx": ("subsidies", "GM1960", 2, 1, [(4, "Bedrag toegekend", "'veel' is geen")]),
    "25_lege_rijen_en_spaties.csv": ("subsidies", "GM1960", 2, 0, []),
    "26_getypte_waarden.csv": (
        "subsidies",
        "GM1960",
        2,
        1,
        [(4, "Regeling", "'subsidie' is geen geldige waarde voor Regeling; verwacht leefbaarheidsbudget")],
    ),
    "27_status_en_bedrag_strijdig.csv": (
        "subsidies",
        "GM1960",
        2,
        2,
        [
            (2, "Bedrag toegekend", "de status is afgewezen maar er is 500,00 toegekend"),
            (3, "Bedrag toegekend", "de status is toegekend maar Bedrag toegekend is leeg"),
        ],
    ),
    "31_engelse_getallen.csv": (
        "subsidies",
        "GM1960",
        3,
        1,
        [(4, "Bedrag toegekend", "bedrag 1.234.567,00 is onwaarschijnlijk hoog")],
    ),
    "32_GM0214_subsidies_buren.csv": (
        "subsidies",
        "GM0214",
        1,
        2,
        [
            (3, "Kern", "kern 'Beesd' hoort bij gemeente GM1960, niet bij GM0214"),
            (4, "Kern", "kern 'Kapel-Avezaath' is geen kern van gemeente GM0214; bedoelde u Kerk-Avezaath"),
        ],
    ),
    "34_kernagenda_per_kern_2024-11-29.csv": ("kernagenda", "GM1960", 4, 0, []),
}


@pytest.fixture(scope="module")
def mapping():
    return load_kern_mapping(REPO / "data" / "kernen" / "kern_buurt.csv")


def test_corpus_has_at_least_twenty_broken_files_and_every_file_has_an_expectation() -> None:
    files = {p.name for p in CORPUS.iterdir() if p.suffix != ".py"}
    assert files == set(UNREADABLE) | set(READABLE)
    broken = set(UNREADABLE) | {name for name, expected in READABLE.items() if expected[3] > 0}
    assert len(broken) >= 20


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_unreadable_file_raises_export_file_error_naming_the_file(name: str, mapping) -> None:
    with pytest.raises(ExportFileError) as caught:
        read_export(CORPUS / name, mapping, today=TODAY)
    assert str(caught.value).startswith(f"{name}: {UNREADABLE[name]}")


@pytest.mark.parametrize("name", sorted(READABLE))
def test_readable_file_gives_expected_counts_and_reasons(name: str, mapping) -> None:
    kind, gemeente, accepted, rejected, reasons = READABLE[name]
    read = read_export(CORPUS / name, mapping, today=TODAY)
    assert (read.kind, read.gemeentecode) == (kind, gemeente)
    assert (len(read.accepted), read.rejected) == (accepted, rejected)
    assert read.rows_read == len(read.accepted) + read.rejected  # nothing lost
    found = [(r.row, r.column, r.reason) for r in read.rejects.itertuples()]
    assert len(found) == len(reasons)
    for (row, column, reason), (want_row, want_column, want_reason) in zip(found, reasons, strict=True):
        assert (row, column) == (want_row, want_column)
        assert want_reason in reason


def test_typos_are_corrected_and_reported(mapping) -> None:
    read = read_export(CORPUS / "26_getypte_waarden.csv", mapping, today=TODAY)
    corrections = {(c.row, c.column, c.value, c.corrected) for c in read.corrections.itertuples()}
    assert corrections == {
        (2, "Regeling", "Leefbaarheidbudget", "leefbaarheidsbudget"),
        (2, "Status", "toegekent", "toegekend"),
        (3, "Kern", "Geldermalse", "Geldermalsen"),
    }
    assert set(read.accepted["kern"]) == {"Beesd", "Geldermalsen"}
    assert set(read.accepted["regeling"]) == {"leefbaarheidsbudget", "kernenbudget"}


def test_kern_names_match_whatever_case_spaces_accents_and_hyphens(mapping) -> None:
    read = read_export(CORPUS / "07_onbekende_kern.csv", mapping, today=TODAY)
    assert list(read.accepted["kern"]) == ["Geldermalsen", "Herwijnen", "Hellouw"]
    spaced = read_export(CORPUS / "25_lege_rijen_en_spaties.csv", mapping, today=TODAY)
    assert list(spaced.accepted["kern"]) == ["Beesd", "Beesd"]


def test_dutch_amounts_and_dates_in_every_notation(mapping) -> None:
    read = read_export(CORPUS / "01_ok_puntkomma_utf8.csv", mapping, today=TODAY)
    assert list(read.accepted["bedrag_toegekend"].fillna(-1)) == [1234.56, 750.0, 1250.5, -1]
    assert [d.strftime("%Y-%m-%d") for d in read.accepted["datum_besluit"]] == [
        "2023-03-12",
        "2023-04-01",
        "2023-05-12",
        "2023-06-01",
    ]
    english = read_export(CORPUS / "31_engelse_getallen.csv", mapping, today=TODAY)
    assert list(english.accepted["bedrag_toegekend"]) == [1234.56, 2500.0, 12.5]


def test_windows_1252_is_decoded(mapping) -> None:
    read = read_export(CORPUS / "03_windows1252.csv", mapping, today=TODAY)
    assert list(read.accepted["omschrijving"][:2]) == ["Café-avond in het dorpshuis", "Crèche-uitje"]
    assert read.accepted["bedrag_toegekend"].iloc[0] == 1250.0


def test_title_rows_total_row_and_excel_dates(mapping) -> None:
    titled = read_export(CORPUS / "13_titelregels.xlsx", mapping, today=TODAY)
    assert titled.header_row == 5
    assert titled.personal_columns == ["Naam"]
    # An Excel date cell, an Excel serial number (45000 = 15-03-2023) and a text date.
    assert [d.strftime("%d-%m-%Y") for d in titled.accepted["datum_besluit"]] == [
        "12-03-2023",
        "15-03-2023",
        "15-03-2023",
    ]
    totals = read_export(CORPUS / "12_totaalregel.xlsx", mapping, today=TODAY)
    assert totals.skipped == [{"row": 5, "reason": "lege rij"}, {"row": 6, "reason": "totaalregel"}]


def test_kernagenda_values_are_read_through_the_alias_table(mapping) -> None:
    read = read_export(CORPUS / "20_kernagenda_ok_2024-02-28.xlsx", mapping, today=TODAY)
    assert str(read.peildatum) == "2024-02-28"
    rows = read.accepted[["kern", "nummer", "programma", "trekker", "status", "jaar_opgenomen"]]
    assert rows.astype(object).where(rows.notna(), None).values.tolist() == [
        ["Beesd", "1", "sociale kracht", "inwoners", "in uitvoering", 2023],
        ["Beesd", "2", "duurzaamheid", "samen", "gerealiseerd", 2023],
        ["Beesd", "3", "woningbouw", "gemeente", "idee", 2021],
        ["Rumpt", "1", "klimaatadaptatie", "samen", "in onderzoek", 2023],
        ["Rumpt", "2", None, "extern", "vervallen", 2023],
    ]


def test_personal_columns_are_dropped_and_scrubbed_from_kept_text(mapping) -> None:
    read = read_export(CORPUS / "24_persoonsgegevens_overal.xlsx", mapping, today=TODAY)
    assert read.personal_columns == [
        "Aanvrager",
        "Naam",
        "Contactpersoon",
        "E-mail",
        "Telefoon",
        "IBAN",
        "Adres",
        "Postcode",
    ]
    assert list(read.accepted["omschrijving"]) == [
        "Afscheid van meester [persoonsgegeven verwijderd]",
        "Info via [persoonsgegeven verwijderd] of [persoonsgegeven verwijderd]",
    ]
    assert not any(name.startswith(("aanvrager", "naam", "email")) for name in read.accepted.columns)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_reads_like_utf8(encoding: str, mapping, tmp_path: Path) -> None:
    """Some systems save UTF-16 without the byte-order mark: told by its NUL bytes, not refused as binary."""
    text = (CORPUS / "01_ok_puntkomma_utf8.csv").read_text("utf-8-sig")
    path = tmp_path / "GM1960_subsidies_utf16.csv"
    path.write_bytes(text.encode(encoding))
    assert not path.read_bytes().startswith((b"\xff\xfe", b"\xfe\xff"))
    read = read_export(path, mapping, today=TODAY)
    original = read_export(CORPUS / "01_ok_puntkomma_utf8.csv", mapping, today=TODAY)
    keep = [c for c in original.accepted.columns if c != "regeling_bron"]
    assert read.accepted[keep].equals(original.accepted[keep])


def test_rows_after_a_long_run_of_empty_rows_in_a_workbook_are_read(mapping, tmp_path: Path) -> None:
    """A gap of 600 empty rows does not end the data: the rows after it are read, the gap counted as empty rows."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Regeling", "Kern", "Dossiernummer", "Datum besluit", "Bedrag toegekend", "Status"])
    sheet.append(["lbb", "Beesd", "Z-1", "12-03-2024", 500, "toegekend"])
    sheet.cell(row=603, column=1, value="lbb")  # rows 3..602 stay empty; the file leaves them out
    for column, value in enumerate(["Beesd", "Z-2", "13-03-2024", 750, "toegekend"], start=2):
        sheet.cell(row=603, column=column, value=value)
    path = tmp_path / "GM1960_subsidies_gat.xlsx"
    workbook.save(path)
    read = read_export(path, mapping, today=TODAY)
    assert list(read.accepted["dossiernummer"]) == ["Z-1", "Z-2"]
    assert list(read.accepted["bronrij"]) == [2, 603]
    assert read.skipped == [{"row": row, "reason": "lege rij"} for row in range(3, 603)]
    assert read.rows_in == 602
