"""Open data (issue 16, item 4): every public mart downloads as CSV, Parquet and XLSX for one gemeente, reads back
equal to the mart, with its data dictionary; nothing the pages hide gets out.

On the demo publication (synthetic values, marked) and on publication("live") (real values only)."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import math
import re
import zipfile
from xml.etree import ElementTree

import duckdb
import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboards import open_data
from dashboards.data import ServingData

# Buren, the smaller of the two demo gemeenten (15 kernen): the XLSX read-back is what this file's time goes to.
GEMEENTE = {"demo": "GM0214", "live": "GM0214"}


@pytest.fixture(scope="module", params=["demo", "live"])
def publicatie(request, publication) -> tuple[str, ServingData]:
    return request.param, ServingData(publication(request.param).serving_path)


def _verwacht(data: ServingData, m: open_data.Mart, gemeentecode: str) -> list[tuple]:
    con = duckdb.connect()
    try:
        con.execute("attach ? as serving (read_only)", [str(data.path)])
        return con.execute(open_data._select(m, gemeentecode)).fetchall()
    finally:
        con.close()


def _bestand(data: ServingData, m: open_data.Mart, gemeentecode: str, formaat: str) -> bytes:
    fh, naam, _ = open_data.schrijf(data, m.naam, gemeentecode, formaat)
    with fh:
        assert naam == open_data.bestandsnaam(m, gemeentecode, formaat)
        return fh.read()


def _lees_csv(inhoud: bytes, m: open_data.Mart, tmp_path) -> list[tuple]:
    assert inhoud.startswith("\ufeff".encode()), "UTF-8 with BOM, for Excel"
    pad = tmp_path / f"{m.naam}.csv"
    pad.write_bytes(inhoud[3:])
    kolommen = "{" + ", ".join(f"'{k}': '{t}'" for k, t in m.kolommen) + "}"
    con = duckdb.connect()
    try:
        return con.execute(
            f"select * from read_csv(?, delim=';', decimal_separator=',', header=true, columns={kolommen},"
            " dateformat='%Y-%m-%d')",
            [str(pad)],
        ).fetchall()
    finally:
        con.close()


def _lees_parquet(inhoud: bytes, m: open_data.Mart, tmp_path) -> list[tuple]:
    pad = tmp_path / f"{m.naam}.parquet"
    pad.write_bytes(inhoud)
    con = duckdb.connect()
    try:
        return con.execute("select * from read_parquet(?)", [str(pad)]).fetchall()
    finally:
        con.close()


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _lees_xlsx_gegevens(inhoud: bytes, m: open_data.Mart) -> list[list]:
    """The sheet Gegevens (the first) read straight from its XML: openpyxl takes ~10x longer on a large mart. Numbers
    in a date or time column are Excel serial days."""
    tijd = [t in ("DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE") for _, t in m.kolommen]
    with zipfile.ZipFile(io.BytesIO(inhoud)) as archief:
        namen = archief.namelist()
        teksten = []
        if "xl/sharedStrings.xml" in namen:
            for si in ElementTree.fromstring(archief.read("xl/sharedStrings.xml")).iter(f"{_NS}si"):
                teksten.append("".join(t.text or "" for t in si.iter(f"{_NS}t")))
        blad = ElementTree.fromstring(archief.read("xl/worksheets/sheet1.xml"))
    rijen = []
    for rij in blad.iter(f"{_NS}row"):
        waarden = [None] * len(m.kolommen)
        for cel in rij.iter(f"{_NS}c"):
            kolom = 0
            for letter in re.match(r"[A-Z]+", cel.get("r")).group():
                kolom = kolom * 26 + ord(letter) - 64
            kolom -= 1
            soort, v = cel.get("t", "n"), cel.find(f"{_NS}v")
            if soort == "inlineStr":
                waarde = "".join(t.text or "" for t in cel.iter(f"{_NS}t"))
            elif v is None:
                waarde = None
            elif soort == "s":
                waarde = teksten[int(v.text)]
            elif soort == "b":
                waarde = v.text == "1"
            elif soort in ("str", "e"):
                waarde = v.text
            else:
                getal = float(v.text)
                waarde = int(getal) if re.fullmatch(r"-?\d+", v.text) else getal
                if tijd[kolom]:
                    waarde = dt.datetime(1899, 12, 30) + dt.timedelta(days=getal)
            waarden[kolom] = waarde
        rijen.append(waarden)
    return rijen


def _als_excel(waarde):
    """A mart value as the XLSX holds it: tz-aware times in Dutch time, dates as midnight, formula-like text
    escaped, decimals as floats."""
    if isinstance(waarde, dt.datetime) and waarde.tzinfo is not None:
        return pd.Timestamp(waarde).tz_convert("Europe/Amsterdam").tz_localize(None).to_pydatetime()
    if isinstance(waarde, dt.date) and not isinstance(waarde, dt.datetime):
        return dt.datetime(waarde.year, waarde.month, waarde.day)
    if isinstance(waarde, decimal.Decimal):
        return float(waarde)
    if isinstance(waarde, str) and waarde.startswith(("=", "+", "-", "@", "\t", "\r", "\n")):
        return "'" + waarde
    return waarde


def _gelijk(a, b) -> bool:
    getal = (int, float)
    if isinstance(a, getal) and isinstance(b, getal) and (isinstance(a, float) or isinstance(b, float)):
        # Excel keeps 15 significant digits: 3.9999999999999996 reads back as 4.
        return math.isclose(a, b, rel_tol=1e-14, abs_tol=1e-14) or (a != a and b != b)
    if isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
        return abs(a - b) < dt.timedelta(milliseconds=1)
    return a == b


def _rij_gelijk(rij, goed) -> bool:
    return tuple(rij) == tuple(goed) or all(_gelijk(a, b) for a, b in zip(rij, goed, strict=True))


def _tabel(ws) -> list[list]:
    """The rows of a sheet, padded to the header's width (read-only mode leaves out trailing empty cells)."""
    rijen = [list(rij) for rij in ws.iter_rows(values_only=True)]
    breedte = len(rijen[0]) if rijen else 0
    return [rij + [None] * (breedte - len(rij)) for rij in rijen]


def test_every_mart_downloads_in_every_format_and_reads_back_equal(publicatie, tmp_path):
    naam, data = publicatie
    gemeentecode = GEMEENTE[naam]
    marts = open_data.marts(data)
    assert {"kernen", "kern_indicators", "kern_profiel", "indicator_catalogus", "bronnen"} <= {m.naam for m in marts}
    for m in marts:
        verwacht = _verwacht(data, m, gemeentecode)
        if m.per_gemeente:
            positie = [k for k, _ in m.kolommen].index("gemeentecode")
            assert {r[positie] for r in verwacht} <= {gemeentecode}, f"{m.naam}: other gemeenten' rows"
        kolommen = [k for k, _ in m.kolommen]
        for formaat in ("csv", "parquet"):
            with zipfile.ZipFile(io.BytesIO(_bestand(data, m, gemeentecode, formaat))) as archief:
                assert sorted(archief.namelist()) == sorted([f"{m.naam}.{formaat}", "woordenboek.csv", "LEESMIJ.txt"])
                lezer = _lees_csv if formaat == "csv" else _lees_parquet
                gelezen = lezer(archief.read(f"{m.naam}.{formaat}"), m, tmp_path)
                assert len(gelezen) == len(verwacht), f"{m.naam}.{formaat}"
                for rij, goed in zip(gelezen, verwacht, strict=True):
                    assert _rij_gelijk(rij, goed), (m.naam, formaat, rij, goed)
                boek = list(csv.reader(io.StringIO(archief.read("woordenboek.csv").decode("utf-8-sig")), delimiter=";"))
                assert boek[0] == list(open_data.WOORDENBOEK_KOPPEN)
                assert [r[0] for r in boek[1:]] == kolommen
        xlsx = _bestand(data, m, gemeentecode, "xlsx")
        werkboek = load_workbook(io.BytesIO(xlsx), read_only=True)
        assert werkboek.sheetnames == ["Gegevens", "Woordenboek"]
        gegevens = _lees_xlsx_gegevens(xlsx, m)
        assert gegevens[0] == kolommen
        rijen = gegevens[1:] if verwacht else []
        assert len(rijen) == len(verwacht), f"{m.naam}.xlsx"
        for rij, goed in zip(rijen, verwacht, strict=True):
            assert _rij_gelijk(rij, [_als_excel(b) for b in goed]), (m.naam, rij, goed)
        assert [r[0] for r in _tabel(werkboek["Woordenboek"])[1:]] == kolommen
        werkboek.close()


def test_the_xlsx_holds_excel_tables_with_named_headers(serving_path):
    data = ServingData(serving_path)
    m = open_data.mart(data, "kernen")
    werkboek = load_workbook(io.BytesIO(_bestand(data, m, "GM0214", "xlsx")))
    for blad, koppen in (("Gegevens", [k for k, _ in m.kolommen]), ("Woordenboek", open_data.WOORDENBOEK_KOPPEN)):
        (tabel,) = werkboek[blad].tables.values()  # a screen reader announces the header with every cell
        assert [c.name for c in tabel.tableColumns] == list(koppen)
        assert tabel.ref.startswith("A1:") and int(tabel.ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) > 1


def test_the_dictionary_explains_columns_statuses_and_synthetic_values(publicatie):
    naam, data = publicatie
    m = open_data.mart(data, "kern_indicators")
    boek = {k.naam: k for k in open_data.woordenboek(data, m, GEMEENTE[naam])}
    assert boek["waarde"].type == "getal" and boek["jaar"].type == "geheel getal"
    assert "buurten" in boek["dekking"].betekenis
    assert "volledig: alle buurten van de kern hebben een waarde" in boek["status"].waarden
    assert "geen meting" in boek["synthetisch"].waarden
    beschreven = [k for k in boek.values() if k.betekenis != "(nog geen beschrijving)"]
    assert len(beschreven) == len(boek), [k.naam for k in boek.values() if k not in beschreven]


def test_synthetic_values_stay_marked_and_the_live_publication_has_none(publicatie, tmp_path):
    naam, data = publicatie
    m = open_data.mart(data, "kern_indicators")
    with zipfile.ZipFile(io.BytesIO(_bestand(data, m, GEMEENTE[naam], "parquet"))) as archief:
        (tmp_path / "k.parquet").write_bytes(archief.read("kern_indicators.parquet"))
    synthetisch = duckdb.sql(f"select count(*) filter (synthetisch) from read_parquet('{tmp_path / 'k.parquet'}')")
    aantal = synthetisch.fetchall()[0][0]
    assert (aantal > 0) if naam == "demo" else (aantal == 0)


def test_nothing_the_pages_hide_gets_out(publicatie):
    naam, data = publicatie
    schemas = data.query("select distinct table_schema from information_schema.tables where table_catalog='serving'")
    assert set(schemas["table_schema"]) == {"marts"}, "only marts are published: no raw or respondent tables"
    marts = open_data.marts(data)
    assert not {m.naam for m in marts} & open_data.BEHEER_MARTS
    alle = set(data.query("select table_name from information_schema.tables where table_schema='marts'")["table_name"])
    # Every mart is public or operational by a decision: a new one fails here until it is put in one of the lists.
    assert alle <= set(open_data.OPENBAAR) | open_data.BEHEER_MARTS, alle - set(open_data.OPENBAAR)
    with pytest.raises(open_data.OnbekendBestand, match="niet te downloaden"):
        open_data.schrijf(data, "beheer_afgewezen_rijen", GEMEENTE[naam], "csv")
    persoonlijk = ("mail", "telefoon", "contact", "respondent", "postcode", "adres", "geboorte", "antwoord")
    for m in marts:
        for kolom, _ in m.kolommen:
            assert not any(p in kolom for p in persoonlijk), f"{m.naam}.{kolom}"
    # Survey figures below the threshold are empty in the mart itself, so in every download too.
    for gemeentecode in open_data.gemeentecodes(data):
        verborgen = data.query(
            "select count(*) as n from marts.kern_enquete where gemeentecode = ? and verborgen"
            " and coalesce(waarde, ondergrens, bovengrens, vorige_waarde) is not null",
            [gemeentecode],
        )
        assert int(verborgen["n"].iloc[0]) == 0
        weinig = data.query(
            "select count(*) as n from marts.kern_indicators where gemeentecode = ?"
            " and status like '%te weinig respondenten%' and waarde is not null",
            [gemeentecode],
        )
        assert int(weinig["n"].iloc[0]) == 0


def test_downloads_are_links_served_by_the_app_and_unknown_ones_are_a_dutch_404(serving_path):
    from dashboards.app import create_app

    client = create_app(serving_path).server.test_client()
    antwoord = client.get("/open-data/GM0214/kernen.csv")
    assert antwoord.status_code == 200 and antwoord.mimetype == "application/zip"
    assert "kernmonitor-GM0214-kernen-csv.zip" in antwoord.headers["Content-Disposition"]
    antwoord = client.get("/open-data/GM0214/publicatie.xlsx")
    assert antwoord.status_code == 200 and "kernmonitor-publicatie.xlsx" in antwoord.headers["Content-Disposition"]
    for url, tekst in (
        ("/open-data/GM9999/kernen.csv", "staat niet in deze publicatie"),
        ("/open-data/GM0214/kernen.docx", "bestaat niet"),
        ("/open-data/GM0214/beheer_exportbestanden.csv", "niet te downloaden"),
    ):
        antwoord = client.get(url)
        assert antwoord.status_code == 404 and tekst in antwoord.get_data(as_text=True)
    assert client.post("/open-data/GM0214/kernen.csv").status_code == 405


def _hrefs(component) -> list[str]:
    gevonden = []
    if isinstance(component, (list, tuple)):
        for c in component:
            gevonden += _hrefs(c)
        return gevonden
    if getattr(component, "href", None):
        gevonden.append(component.href)
    kinderen = getattr(component, "children", None)
    return gevonden + (_hrefs(kinderen) if kinderen is not None and not isinstance(kinderen, str) else [])


def test_bronnen_links_every_mart_in_every_format_for_the_chosen_gemeente(serving_path):
    from dashboards.views import bronnen

    data = ServingData(serving_path)
    links = set(_hrefs(bronnen.pagina(data, "GM0214")))
    marts = open_data.marts(data)
    verwacht = {open_data.url("GM0214", m.naam, f) for m in marts for f in open_data.FORMATEN}
    assert verwacht <= links
    assert not any("GM1960" in link for link in links if link.startswith("/open-data/"))
    assert not any("beheer_" in link for link in links)
    andere = set(_hrefs(bronnen.open_data_lijst(data, "GM1960")))
    assert open_data.url("GM1960", "kern_indicators", "parquet") in andere
