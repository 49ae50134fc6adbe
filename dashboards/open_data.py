"""Open data: every public mart of the serving file as CSV, Parquet or XLSX for one gemeente, with a data dictionary.

Served as plain links (GET /open-data/<gemeentecode>/<mart>.<formaat>, on the Dash app's Flask server), so the
same login, roles and security headers apply as to the pages (kernmonitor/webauth.py protects the whole server).

- Which marts: those named in OPENBAAR, an allowlist (a new mart is published only when someone adds it there; the
  operational ones, BEHEER_MARTS: file names, hashes and rejected raw values of the gemeente's exports, are shown
  only to a beheerder on /beheer; tests/test_open_data.py fails on a mart in neither list). A mart with a gemeentecode
  column holds only that gemeente's rows; a mart without one is shared by every gemeente of the publication (the
  catalogue, the sources, the publication itself) and is given whole.
- Formats (docs/open-data.md): CSV for a Dutch Excel (UTF-8 with BOM, `;` between fields, decimal comma, dates
  ISO 8601) in a zip with the dictionary as `woordenboek.csv`; Parquet (types kept) in a zip with the same
  dictionary; XLSX with the data as an Excel table on the sheet "Gegevens" and the dictionary on "Woordenboek".
- The dictionary comes from the dbt docs (dbt_project/models/marts/**/*.yml): a column's description, else the
  description of a column with the same name in another mart; its unit from the column's `config.meta.eenheid`.
  Status columns list the values present with their meaning (STATUSSEN, also shown on Bronnen en methode).
- Large marts never sit in memory twice: DuckDB writes CSV and Parquet to a temporary file itself; XLSX is written
  row by row (openpyxl's write-only mode) from a cursor. The file is sent from disk and removed when sent.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
import tempfile
import time
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import duckdb
import pandas as pd
import yaml

from dashboards.data import ServingData
from dashboards.vocabulary import ENQUETE_STATUS, STATUSSEN

MODELS = Path(__file__).resolve().parent.parent / "dbt_project" / "models" / "marts"
FORMATEN = ("csv", "parquet", "xlsx")
ROUTE = "/open-data/<gemeentecode>/<bestand>"
# Operational marts: only for a beheerder, on /beheer. Never downloadable.
BEHEER_MARTS = frozenset({"beheer_afgewezen_rijen", "beheer_exportbestanden"})
# A column without its own description takes the one of the same column in the mart it is copied from (kern_profiel,
# kern_oordelen and the catalogue carry kern_indicators' indicator columns), and the identity columns that every mart
# repeats take the one in `kernen`. Nothing else is borrowed: a `status` or `thema` means something else in every mart.
ZELFDE_KOLOMMEN_ALS = {
    "kern_profiel": "kern_indicators",
    "kern_oordelen": "kern_indicators",
    "indicator_catalogus": "kern_indicators",
}
IDENTITEIT = ("gemeentecode", "gemeentenaam", "kern")
CSV_SCHEIDING = ";"
CSV_DECIMAAL = ","
TIJDZONE = "Europe/Amsterdam"
_RETRIES = 20
_BLOK = 10_000  # rows per fetch when writing XLSX
_FORMULE = ("=", "+", "-", "@", "\t", "\r", "\n")

SYNTHETISCH_UITLEG = "waar (true): een synthetische demonstratiewaarde, geen meting; onwaar (false): een echt cijfer"

# The public marts (an allowlist) and what each holds, in a line (the page's list of downloads).
OPENBAAR = {
    "bronnen": "De bronnen: CBS-tabel per jaar met revisie, soort en ontbrekende maten",
    "indicator_catalogus": "De indicatorcatalogus: label, thema, programma, eenheid, berekening en bron",
    "indicator_groepsregel": "Per indicator hoe een groep kernen (Effectmeting) zijn waarde krijgt",
    "jaarbeeld": "Het Jaarbeeld kerngericht werken: per periode elk cijfer met bron en datum",
    "kern_buurten": "De buurten van elke kern, met de buurtgrens (GeoJSON)",
    "kern_doelen": "De doelen van de gemeente per jaar: waarde, pad en status",
    "kern_enquete": "Enquêtecijfers per kern, gemeente en Nederland (geen cijfer onder de drempel)",
    "kern_groepen": "Benoemde groepen kernen (Effectmeting)",
    "kern_indicators": "Elke indicator per kern en jaar, met dekking, status en referenties",
    "kern_kernagenda": "De actiepunten van de kernagenda's",
    "kern_kernagenda_voortgang": "De voortgang van de kernagenda per kern en peildatum",
    "kern_oordelen": "Het oordeel per cijfer: sterk punt, aandachtspunt of opvallend",
    "kern_platforms": "De platforms per kern (kernregister)",
    "kern_profiel": "Elke indicator per kern in het laatste jaar met een waarde",
    "kern_reconciliatie": "Controle: de som van de kernen tegen het CBS-gemeentecijfer",
    "kern_spiegelkernen": "De vijf meest vergelijkbare kernen van elke kern",
    "kern_subsidies": "Subsidies per kern, jaar en regeling",
    "kernen": "De kernen met hun buurten, inwoners en woningen",
    "kernregister": "Wie per kern werkt (gebiedsmakelaar of kernambtenaar, een publieke rol) en de platforms",
    "oordeel_regel": "De drempels van de oordeelregel",
    "publicatie": "De versie en het tijdstip van deze publicatie",
    "subsidie_aanvragen": "Elke subsidieaanvraag: bedrag, maximum, doorlooptijd en kernagendapunt",
    "subsidie_budgetten": "Besteding tegen het budget per jaar en regeling",
}

TYPEN = {
    "VARCHAR": "tekst",
    "BOOLEAN": "waar/onwaar",
    "INTEGER": "geheel getal",
    "BIGINT": "geheel getal",
    "DOUBLE": "getal",
    "DATE": "datum (JJJJ-MM-DD)",
    "TIMESTAMP": "tijdstip (Nederlandse tijd)",
    "TIMESTAMP WITH TIME ZONE": "tijdstip met tijdzone (in XLSX: Nederlandse tijd)",
}


class OnbekendBestand(LookupError):
    """A mart, format or gemeente that cannot be downloaded; the message is Dutch."""


@dataclass(frozen=True)
class Kolom:
    naam: str
    type: str
    betekenis: str
    eenheid: str
    waarden: str = ""


@dataclass(frozen=True)
class Mart:
    naam: str
    omschrijving: str
    per_gemeente: bool
    kolommen: tuple[tuple[str, str], ...] = field(default=())  # (name, DuckDB type) in table order


# The dbt docs ------------------------------------------------------------------------------------------------


def _yml_sleutel() -> tuple:
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in MODELS.rglob("*.yml")))


@functools.lru_cache(maxsize=4)
def _dbt_docs(_sleutel: tuple) -> dict[str, dict]:
    """Per model: {omschrijving, kolommen: {name: (description, unit)}}."""
    modellen: dict[str, dict] = {}
    for pad, _ in _sleutel:
        inhoud = yaml.safe_load(Path(pad).read_text(encoding="utf-8")) or {}
        for model in inhoud.get("models") or []:
            kolommen = {}
            for kolom in model.get("columns") or []:
                meta = {**(kolom.get("meta") or {}), **((kolom.get("config") or {}).get("meta") or {})}
                tekst = " ".join(str(kolom.get("description") or "").split())
                eenheid = str(meta.get("eenheid") or "")
                kolommen[kolom["name"]] = (tekst, eenheid)
            meta = {**(model.get("meta") or {}), **((model.get("config") or {}).get("meta") or {})}
            modellen[model["name"]] = {
                "omschrijving": str(meta.get("omschrijving") or " ".join(str(model.get("description") or "").split())),
                "kolommen": kolommen,
            }
    return modellen


def docs() -> dict[str, dict]:
    return _dbt_docs(_yml_sleutel())


# Which marts ------------------------------------------------------------------------------------------------


def marts(data: ServingData) -> list[Mart]:
    """The downloadable marts of this publication, by name."""
    frame = data.query(
        "select table_name, column_name, data_type from information_schema.columns"
        " where table_catalog = 'serving' and table_schema = 'marts' order by table_name, ordinal_position"
    )
    modellen = docs()
    uit: list[Mart] = []
    for naam, deel in frame.groupby("table_name", sort=True):
        if naam not in OPENBAAR:
            continue
        kolommen = tuple(zip(deel["column_name"], deel["data_type"], strict=True))
        uit.append(
            Mart(
                naam=str(naam),
                omschrijving=OPENBAAR[str(naam)] or modellen.get(str(naam), {}).get("omschrijving", ""),
                per_gemeente=any(k == "gemeentecode" for k, _ in kolommen),
                kolommen=kolommen,
            )
        )
    return uit


def mart(data: ServingData, naam: str) -> Mart:
    for m in marts(data):
        if m.naam == naam:
            return m
    raise OnbekendBestand(f"Tabel '{naam}' is niet te downloaden.")


def rijen(data: ServingData, m: Mart, gemeentecode: str) -> int:
    """How many rows the download of `m` for this gemeente holds."""
    if m.per_gemeente:
        frame = data.query(f'select count(*) as n from marts."{m.naam}" where gemeentecode = ?', [gemeentecode])
    else:
        frame = data.query(f'select count(*) as n from marts."{m.naam}"')
    return int(frame["n"].iloc[0])


def gemeentecodes(data: ServingData) -> list[str]:
    return [str(c) for c in data.gemeenten()["gemeentecode"]]


def _check_gemeente(data: ServingData, gemeentecode: str) -> str:
    if gemeentecode not in gemeentecodes(data):
        raise OnbekendBestand(f"Gemeente '{gemeentecode}' staat niet in deze publicatie.")
    return gemeentecode


def _getal(duckdb_type: str) -> bool:
    return duckdb_type in ("DOUBLE", "FLOAT", "REAL") or duckdb_type.startswith("DECIMAL")


def _select(m: Mart, gemeentecode: str, decimale_komma: bool = False) -> str:
    """The rows of the download. Names are checked against the serving file and gemeentecode against
    marts.kernen before they get here (COPY takes no parameters). With `decimale_komma` numbers with decimals are
    written with a comma (DuckDB's CSV writer has no option for it)."""

    def kolom(naam: str, duckdb_type: str) -> str:
        if decimale_komma and _getal(duckdb_type):
            return f"replace(cast(\"{naam}\" as varchar), '.', '{CSV_DECIMAAL}') as \"{naam}\""
        return f'"{naam}"'

    kolommen = ", ".join(kolom(k, t) for k, t in m.kolommen)
    # Qualified, so that the order is the mart's own values, not the text written for the CSV.
    volgorde = ", ".join(f'mart."{k}"' for k, _ in m.kolommen[:6])
    sql = f'select {kolommen} from serving.marts."{m.naam}" as mart'
    if m.per_gemeente:
        sql += f" where mart.gemeentecode = '{gemeentecode}'"
    return sql + f" order by {volgorde}"


# The dictionary ---------------------------------------------------------------------------------------------


def _type(duckdb_type: str) -> str:
    if duckdb_type.startswith("DECIMAL"):
        return "getal (vaste decimalen)"
    return TYPEN.get(duckdb_type, duckdb_type.lower())


def _status_waarden(gevonden: list[str]) -> str:
    uitleg = dict(STATUSSEN)
    delen, geen = [], False
    for waarde in gevonden:
        if waarde.startswith("geen gegevens"):
            geen = True
            continue
        betekenis = uitleg.get(waarde) or (uitleg[ENQUETE_STATUS] if waarde.startswith("enquête") else "")
        delen.append(f"{waarde}: {betekenis}" if betekenis else waarde)
    if geen:
        delen.append(f"geen gegevens: …: {uitleg['geen gegevens: …']}")
    return "; ".join(delen)


def woordenboek(data: ServingData, m: Mart, gemeentecode: str) -> list[Kolom]:
    """Per column of `m`: meaning (the dbt docs), type, unit and, for status columns, the values in the download."""
    modellen = docs()

    def beschrijving(model: str | None, naam: str) -> tuple[str, str]:
        return modellen.get(model, {}).get("kolommen", {}).get(naam, ("", "")) if model else ("", "")

    uit = []
    for naam, duckdb_type in m.kolommen:
        tekst, eenheid = beschrijving(m.naam, naam)
        if not tekst:
            tekst, eenheid = beschrijving(ZELFDE_KOLOMMEN_ALS.get(m.naam), naam)
        if not tekst and naam in IDENTITEIT:
            tekst, eenheid = beschrijving("kernen", naam)
        waarden = ""
        if naam == "status" and duckdb_type == "VARCHAR" and m.naam in ("kern_indicators", "kern_profiel"):
            gevonden = data.query(
                f'select distinct status from marts."{m.naam}" where gemeentecode = ? order by status',
                [gemeentecode],
            )
            waarden = _status_waarden([str(s) for s in gevonden["status"].dropna()])
        elif naam == "synthetisch" or naam.endswith("_synthetisch"):
            waarden = SYNTHETISCH_UITLEG
        uit.append(Kolom(naam, _type(duckdb_type), tekst or "(nog geen beschrijving)", eenheid, waarden))
    return uit


WOORDENBOEK_KOPPEN = ("kolom", "type", "betekenis", "eenheid", "waarden")


def woordenboek_rijen(kolommen: list[Kolom]) -> list[tuple[str, str, str, str, str]]:
    return [(k.naam, k.type, k.betekenis, k.eenheid, k.waarden) for k in kolommen]


# Writing the files ------------------------------------------------------------------------------------------


@contextmanager
def _verbinding(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived read-only connection to the published file (retried while the publisher swaps it in)."""
    for poging in range(_RETRIES):
        try:
            con = duckdb.connect()
            con.execute("attach ? as serving (read_only)", [str(path)])
            break
        except (duckdb.IOException, FileNotFoundError):
            con.close()
            if poging == _RETRIES - 1:
                raise
            time.sleep(0.05 * (poging + 1))
    try:
        yield con
    finally:
        con.close()


def bestandsnaam(m: Mart, gemeentecode: str, formaat: str) -> str:
    basis = f"kernmonitor-{gemeentecode}-{m.naam}" if m.per_gemeente else f"kernmonitor-{m.naam}"
    return basis + (".xlsx" if formaat == "xlsx" else f"-{formaat}.zip")


def _csv_woordenboek(kolommen: list[Kolom]) -> bytes:
    buf = io.StringIO()
    schrijver = csv.writer(buf, delimiter=CSV_SCHEIDING, lineterminator="\r\n")
    schrijver.writerow(WOORDENBOEK_KOPPEN)
    schrijver.writerows(woordenboek_rijen(kolommen))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _zip(data: ServingData, m: Mart, gemeentecode: str, formaat: str, uit: IO[bytes], werkmap: Path) -> None:
    pad = werkmap / f"{m.naam}.{formaat}"
    opties = (
        f"format csv, header true, delimiter '{CSV_SCHEIDING}', dateformat '%Y-%m-%d'"
        if formaat == "csv"
        else "format parquet, compression zstd"
    )
    with _verbinding(data.path) as con:
        con.execute(f"copy ({_select(m, gemeentecode, formaat == 'csv')}) to '{pad}' ({opties})")
    with zipfile.ZipFile(uit, "w", compression=zipfile.ZIP_DEFLATED) as archief:
        if formaat == "csv":
            # The BOM first, so Excel reads UTF-8; then the file DuckDB wrote, in blocks.
            with archief.open(f"{m.naam}.csv", "w", force_zip64=True) as doel, pad.open("rb") as bron:
                doel.write("\ufeff".encode())
                while blok := bron.read(1 << 20):
                    doel.write(blok)
        else:
            archief.write(pad, f"{m.naam}.parquet")
        archief.writestr("woordenboek.csv", _csv_woordenboek(woordenboek(data, m, gemeentecode)))
        archief.writestr("LEESMIJ.txt", _leesmij(data, m, gemeentecode, formaat))


def _leesmij(data: ServingData, m: Mart, gemeentecode: str, formaat: str) -> str:
    pub = data.publication()
    wat = f"gemeente {gemeentecode}" if m.per_gemeente else "alle gemeenten van de publicatie (gedeelde tabel)"
    regels = [
        f"kernmonitor, tabel {m.naam}: {wat}.",
        f"Gegevensversie {pub['version']}.",
        "woordenboek.csv beschrijft elke kolom: betekenis, type, eenheid en de mogelijke statussen.",
        "Synthetische (gesimuleerde) waarden zijn gemarkeerd in de kolom synthetisch: het zijn geen metingen.",
    ]
    if formaat == "csv":
        regels.append(
            "CSV: UTF-8 met BOM, puntkomma tussen velden, decimale komma, datums als JJJJ-MM-DD (zoals een "
            "Nederlandse Excel ze leest). Lege velden zijn ontbrekende waarden, nooit nul."
        )
    return "\r\n".join(regels) + "\r\n"


def _xlsx_waarde(value, duckdb_type: str = ""):
    if value is None:
        return None
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return pd.Timestamp(value).tz_convert(TIJDZONE).tz_localize(None).to_pydatetime()
    if isinstance(value, (list, dict, tuple)):
        return str(value)
    if isinstance(value, str) and value.startswith(_FORMULE):
        return "'" + value  # as dashboards/briefing/xlsx.py: text that a spreadsheet would run stays text
    return value


def _xlsx(data: ServingData, m: Mart, gemeentecode: str, uit: IO[bytes]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    wb = Workbook(write_only=True)
    wb.properties.creator = "kernmonitor"
    wb.properties.language = "nl-NL"
    vet = Font(bold=True)

    def tabel(ws, naam: str, koppen, rijen: int) -> None:
        t = Table(displayName=naam, ref=f"A1:{get_column_letter(len(koppen))}{max(rijen, 1) + 1}")
        t._initialise_columns()  # write-only mode: the header names must be given to the table itself
        for kolom, tekst in zip(t.tableColumns, koppen, strict=True):
            kolom.name = tekst
        t.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # openpyxl warns in write-only mode; the columns are set
            ws.add_table(t)

    def kop(ws, koppen) -> None:
        cellen = []
        for tekst in koppen:
            cel = WriteOnlyCell(ws, value=tekst)
            cel.font = vet
            cellen.append(cel)
        ws.append(cellen)

    gegevens = wb.create_sheet("Gegevens")
    kop(gegevens, [k for k, _ in m.kolommen])
    rijen = 0
    with _verbinding(data.path) as con:
        cursor = con.execute(_select(m, gemeentecode))
        while blok := cursor.fetchmany(_BLOK):
            for rij in blok:
                gegevens.append([_xlsx_waarde(v) for v in rij])
            rijen += len(blok)
    if rijen == 0:
        gegevens.append([None] * len(m.kolommen))  # an Excel table needs one data row
    tabel(gegevens, "Tabel_Gegevens", [k for k, _ in m.kolommen], rijen)

    boek = wb.create_sheet("Woordenboek")
    kop(boek, WOORDENBOEK_KOPPEN)
    inhoud = woordenboek_rijen(woordenboek(data, m, gemeentecode))
    for rij in inhoud:
        boek.append([_xlsx_waarde(v) for v in rij])
    tabel(boek, "Tabel_Woordenboek", WOORDENBOEK_KOPPEN, len(inhoud))
    wb.save(uit)


def schrijf(data: ServingData, naam: str, gemeentecode: str, formaat: str) -> tuple[IO[bytes], str, str]:
    """(an open temporary file at its start, download name, MIME type); the file is gone once closed."""
    if formaat not in FORMATEN:
        raise OnbekendBestand(f"Formaat '{formaat}' bestaat niet; kies uit {', '.join(FORMATEN)}.")
    m = mart(data, naam)
    _check_gemeente(data, gemeentecode)
    uit = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    try:
        if formaat == "xlsx":
            _xlsx(data, m, gemeentecode, uit)
            mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            with tempfile.TemporaryDirectory(prefix="kernmonitor-open-data-") as werkmap:
                _zip(data, m, gemeentecode, formaat, uit, Path(werkmap))
            mime = "application/zip"
    except BaseException:
        uit.close()
        raise
    uit.seek(0)
    return uit, bestandsnaam(m, gemeentecode, formaat), mime


def url(gemeentecode: str, naam: str, formaat: str) -> str:
    return f"/open-data/{gemeentecode}/{naam}.{formaat}"


_BESTAND = re.compile(r"^(?P<naam>[a-z0-9_]+)\.(?P<formaat>[a-z]+)$")


def register(server, data_van) -> None:
    """GET /open-data/<gemeentecode>/<mart>.<formaat> on `server` (a Flask app); `data_van()` gives the
    ServingData of the request."""
    import flask

    def download(gemeentecode: str, bestand: str):
        gevonden = _BESTAND.match(bestand)
        try:
            if gevonden is None:
                raise OnbekendBestand(f"'{bestand}' is geen tabel met formaat (zoals kernen.csv).")
            fh, naam, mime = schrijf(data_van(), gevonden["naam"], gemeentecode, gevonden["formaat"])
        except OnbekendBestand as fout:
            return flask.Response(str(fout) + "\n", status=404, mimetype="text/plain")
        return flask.send_file(fh, mimetype=mime, as_attachment=True, download_name=naam, max_age=0)

    server.add_url_rule(ROUTE, "open_data_download", download, methods=["GET"])
