"""Raad briefings and the Kansenkaart pack: PDFs that open and show the marts' figures in Dutch, XLSX whose values
equal the marts, formula injection neutralised, the batch for all kernen, and the Kansenkaart page.

The serving file is the session's pipeline build (conftest `serving_path`); set KERNMONITOR_TEST_SERVING to an
existing serving file to iterate on the briefings without rebuilding. Every PDF's first page is rendered to PNG
under test-artifacts/briefing/ for a human to look at.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from dashboards import briefing
from dashboards.briefing.context import gemeente_naam
from dashboards.briefing.xlsx import veilige_tekst
from dashboards.data import EXPORT_MARTS, ServingData
from dashboards.formatting import datum, getal, korte_eenheid, met_eenheid
from dashboards.oordeel import AANDACHT, GEEN, IN_LIJN, OPVALLEND, STERK
from dashboards.views import kansenkaart as kansenkaart_view
from dashboards.vocabulary import THEMA_VOLGORDE, thema_naam

WEST_BETUWE, BUREN = "GM1960", "GM0214"


@pytest.fixture(scope="session")
def briefing_serving(request) -> Path:
    override = os.environ.get("KERNMONITOR_TEST_SERVING")
    if override:
        return Path(override)
    return request.getfixturevalue("serving_path")


@pytest.fixture(scope="session")
def data(briefing_serving) -> ServingData:
    return ServingData(briefing_serving)


@pytest.fixture(scope="session")
def artifacts(artifacts_dir) -> Path:
    path = artifacts_dir / "briefing"
    path.mkdir(parents=True, exist_ok=True)
    return path


def render_first_page(pdf: bytes, artifacts: Path, name: str) -> Path:
    """The first page as PNG (pdftoppm), saved as a test artifact; proves the PDF renders, not only parses."""
    pdf_path = artifacts / f"{name}.pdf"
    pdf_path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf_path), str(artifacts / name)],
        check=True,
        timeout=60,
    )
    png = artifacts / f"{name}.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return png


def pdf_text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return reader, re.sub(r"\s+", " ", text)


def profiel(data: ServingData, gemeentecode: str, kern: str) -> pd.DataFrame:
    return data.profiel(gemeentecode, kern).set_index("indicator_id")


def doctored_copy(src: Path, dst: Path, sql: list[str]) -> ServingData:
    """A private copy of the serving file changed by `sql` (the original stays read-only for other tests)."""
    shutil.copy(src, dst)
    with duckdb.connect(str(dst)) as con:
        for statement in sql:
            con.execute(statement)
    return ServingData(dst)


# Formatting ------------------------------------------------------------------------------------------------


def test_dutch_formatting():
    assert getal(1234.5, 1) == "1.234,5"
    assert getal(3258) == "3.258"
    assert getal(-0.04, 1) == "0,0"
    assert getal(None) == "–"
    assert met_eenheid(23.419, 1, "%") == "23,4%"
    assert met_eenheid(1.2298, 1, "km") == "1,2 km"
    assert met_eenheid(417.84, 0, "x 1.000 euro") == "€ 418.000"
    assert met_eenheid(33.7, 1, "x 1.000 euro") == "€ 33.700"
    assert datum("2025-03-27") == "27 maart 2025"
    assert datum(pd.Timestamp("2026-11-23 23:30", tz="UTC")) == "24 november 2026"  # a Dutch reader's day


def test_formula_neutraliser_only_touches_text():
    for dangerous in ('=HYPERLINK("http://x")', "+31 6 1234", "-5 graden", "@SUM(A1)", "\t=1"):
        assert veilige_tekst(dangerous) == "'" + dangerous
    assert veilige_tekst("Dorpshuis") == "Dorpshuis"
    assert veilige_tekst(-5) == -5
    assert veilige_tekst(1.5) == 1.5


# The verdicts: one mart, the same on every page and in every export ----------------------------------------


def oordelen(data: ServingData, gemeentecode: str, kern: str) -> pd.DataFrame:
    return data.oordelen(gemeentecode, kern).set_index("indicator_id")


def test_verdict_mart_follows_the_rule_on_hand_checked_figures(data):
    """marts.kern_oordelen on figures of the demo, checked by hand against the rule (10%, 20%, the quarter)."""
    assert data.oordeel_regel() == {"drempel_procent": 10.0, "drempel_opvallend": 20.0, "kwart": 0.25}
    asperen = oordelen(data, WEST_BETUWE, "Asperen")

    # Distance to the GP, lower is better: 1,84 km against the gemeente's 1,50 km is (1,84 - 1,50) / 1,50 = 23%
    # further, so at least 10% worse: an attention point, although rank 18 of 26 is outside the worst quarter
    # (ceil(26 x 0,25) = 7 kernen: ranks 20 to 26).
    row = asperen.loc["afstand_huisarts_km"]
    assert (row["richting"], row["rang"], row["rang_van"]) == ("lager_beter", 18, 26)
    assert (row["waarde"], row["gemeente_waarde"]) == pytest.approx((1.8434, 1.5), abs=1e-4)
    assert row["afwijking_pct"] == pytest.approx((row["waarde"] - 1.5) / 1.5 * 100)
    assert (row["oordeel"], row["reden"]) == (AANDACHT, "23% slechter dan de gemeente; rang 18 van 26 kernen")

    # Leefbaarometer 6,86 against 6,0, higher is better: 14% better, a strength outside the best quarter (rank 10).
    row = asperen.loc["lbm_klasse"]
    assert (row["waarde"], row["gemeente_waarde"]) == pytest.approx((6.8589, 6.0), abs=1e-4)
    assert (row["oordeel"], row["reden"]) == (STERK, "14% beter dan de gemeente; rang 10 van 25 kernen")

    # A Leefbaarometer deviation hovers around zero: no percentage, the rank alone. 24 of 25 is in the worst
    # quarter (ceil(25 x 0,25) = 7 kernen: ranks 19 to 25).
    row = asperen.loc["lbm_sociale_samenhang"]
    assert pd.isna(row["afwijking_pct"]) and (row["rang"], row["rang_van"]) == (24, 25)
    assert (row["oordeel"], row["reden"]) == (AANDACHT, "rang 24 van 25 kernen")

    # Neutral: 18,6% elderly against 20,4% is 9% lower, below the 20% and neither the highest nor the lowest kern.
    row = asperen.loc["aandeel_65_plus"]
    assert (row["richting"], row["afwijking_pct"]) == ("neutraal", pytest.approx(-8.99, abs=0.01))
    assert (row["oordeel"], row["reden"]) == (IN_LIJN, "9% lager dan de gemeente; plaats 19 van 26 kernen")
    # ... 1.037 inhabitants per km² against 245 is 323% higher, and the highest of the gemeente: notable.
    row = asperen.loc["bevolkingsdichtheid"]
    assert (row["oordeel"], row["reden"]) == (OPVALLEND, "323% hoger dan de gemeente; hoogste van de 26 kernen")

    # A count says how big a kern is: no verdict.
    assert asperen.loc["inwoners", "oordeel"] == GEEN
    assert asperen.loc["inwoners", "reden"] == "een aantal: niet te vergelijken met de hele gemeente"

    # A small difference counts in the best quarter: Beesd's income 34,9 against 32,1 is 9% better (under 10%),
    # and rank 5 of 24 is within the best ceil(24 x 0,25) = 6.
    row = oordelen(data, WEST_BETUWE, "Beesd").loc["inkomen_per_inwoner"]
    assert (row["waarde"], row["gemeente_waarde"], row["rang"]) == (pytest.approx(34.892), pytest.approx(32.1), 5)
    assert (row["oordeel"], row["reden"]) == (STERK, "9% beter dan de gemeente; rang 5 van 24 kernen")


def profile_verdicts(data: ServingData, kern: pd.Series, labels) -> dict[str, str]:
    """Label -> verdict as the kern profile's "Opvallend" block shows it ("Sterk punt: <label>: ...")."""
    from dashboards.views import kernprofiel

    found = {}
    for item in kernprofiel.signalen_sectie(data, kern)._traverse():
        if getattr(item, "className", None) == "signaal mb-2":
            woord, tekst = item.children[1].children, item.children[2].children
            label = max((lab for lab in labels if tekst.startswith(f"{lab}: ")), key=len)
            found[label] = woord.removesuffix(": ").lower()
    return found


def kansenkaart_page_verdicts(page) -> dict[str, str]:
    """Label -> verdict in the Kansenkaart page's indicator tables (the badge or text in the Oordeel column)."""
    import dash_bootstrap_components as dbc
    from dash import html

    found = {}
    for row in page._traverse():
        if isinstance(row, html.Tr) and isinstance(row.children, list) and len(row.children) == 6:
            label, oordeel_cel = row.children[0].children, row.children[-1].children[0]
            if isinstance(label, list) and isinstance(oordeel_cel, dbc.Badge | html.Span):
                found[label[0]] = oordeel_cel.children
    return found


KOP = {STERK: "Sterke punten", AANDACHT: "Aandachtspunten", OPVALLEND: "Opvallend"}


def kansenkaart_pdf_heading(text: str, label: str) -> str | None:
    """The list a figure stands in, in the Kansenkaart PDF: the nearest "Sterke punten" / "Aandachtspunten" /
    "Opvallend" heading before its "• <label>:" line (None when the figure is in no list)."""
    plek = text.find(f"• {label}:")
    if plek < 0:
        return None
    return max(KOP.values(), key=lambda kop: text.rfind(kop, 0, plek))


def test_profile_kansenkaart_pdf_and_xlsx_give_the_same_verdict(data, briefing_serving):
    """The same figure of the same kern gets the same verdict everywhere: the mart's."""

    from dashboards.app import create_app

    gemeentecode, kern = WEST_BETUWE, "Asperen"
    mart = oordelen(data, gemeentecode, kern)
    per_label = mart.reset_index().set_index("label")

    profiel = profile_verdicts(data, data.kern(kern), per_label.index)
    assert {STERK, AANDACHT, OPVALLEND} <= set(profiel.values())

    app = create_app(briefing_serving)
    with app.server.app_context():
        pagina = kansenkaart_page_verdicts(kansenkaart_view.inhoud(data, gemeentecode, kern))
    _, pdf = pdf_text(briefing.kansenkaart_pdf(data, gemeentecode, kern))
    wb = load_workbook(io.BytesIO(briefing.kern_xlsx(data, gemeentecode, kern)))
    xlsx = pd.concat(
        [sheet_frame(wb[thema_naam(thema)]) for thema in THEMA_VOLGORDE if thema_naam(thema) in wb.sheetnames]
    ).set_index("Indicator")

    # Every figure in the profile's block: the same verdict on the Kansenkaart page, in its PDF and in the XLSX.
    in_kansenkaart = 0
    for label, oordeel in profiel.items():
        assert oordeel == per_label.loc[label, "oordeel"], label
        assert xlsx.loc[label, "Oordeel"] == oordeel, label
        assert xlsx.loc[label, "Waarom"] == per_label.loc[label, "reden"], label
        if not pd.isna(per_label.loc[label, "programma"]):
            assert pagina[label] == oordeel, label
            assert kansenkaart_pdf_heading(pdf, label) == KOP[oordeel], label
            in_kansenkaart += 1
    assert in_kansenkaart >= 2
    # And every other figure: the page and the XLSX show the mart's verdict, with its reason.
    for label, oordeel in pagina.items():
        assert oordeel == per_label.loc[label, "oordeel"], label
    for label, row in xlsx.iterrows():
        assert row["Oordeel"] == per_label.loc[label, "oordeel"], label


def test_rule_text_states_the_published_thresholds(data, briefing_serving, tmp_path):
    """The rule's numbers on Bronnen en methode, the Kansenkaart and in the exports come from marts.oordeel_regel."""
    from dashboards.views import bronnen
    from tests.test_dashboard import texts

    regel = " ".join(texts(bronnen.oordeelregel(data)))
    assert "minstens 10% van de gemeentewaarde" in regel and "het beste kwart" in regel and "minstens 20%" in regel
    ander = doctored_copy(
        briefing_serving,
        tmp_path / "regel.duckdb",
        ["update marts.oordeel_regel set drempel_procent = 12.5, drempel_opvallend = 30, kwart = 0.2"],
    )
    regel = " ".join(texts(bronnen.oordeelregel(ander)))
    assert "minstens 12,5% van de gemeentewaarde" in regel and "de beste 20%" in regel and "minstens 30%" in regel
    _, pdf = pdf_text(briefing.kansenkaart_pdf(ander, WEST_BETUWE, "Asperen"))
    assert "minstens 12,5% van de gemeentewaarde" in pdf
    wb = load_workbook(io.BytesIO(briefing.gemeente_xlsx(ander, BUREN)))
    toelichting = " ".join(str(c.value) for row in wb["Toelichting"].iter_rows() for c in row if c.value)
    assert "minstens 12,5% van de gemeentewaarde" in toelichting


# PDFs ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("gemeentecode", [WEST_BETUWE, BUREN])
def test_kern_pdf_shows_the_marts_figures(data, artifacts, gemeentecode):
    kernen = data.kernen(gemeentecode)
    # The kern with the longest name: the one most likely to overflow.
    kern = max(kernen["kern"], key=len)
    pdf = briefing.kern_pdf(data, gemeentecode, kern)
    reader, text = pdf_text(pdf)
    assert len(reader.pages) == 1
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4
    assert kern in text
    assert gemeente_naam(kernen["gemeentenaam"].iloc[0], gemeentecode) in text
    rows = profiel(data, gemeentecode, kern)
    for indicator_id in ("inwoners", "woningvoorraad", "aandeel_65_plus", "aandeel_0_15", "afstand_huisarts_km"):
        row = rows.loc[indicator_id]
        assert met_eenheid(row["waarde"], int(row["decimalen"]), row["eenheid"]) in text, indicator_id
        eenheid = row["eenheid"] if korte_eenheid(row["eenheid"]) else None  # as the table's number columns
        assert met_eenheid(row["gemeente_waarde"], int(row["decimalen"]), eenheid) in text, indicator_id
    publicatie = data.publication()
    assert publicatie["version"] in text
    assert datum(publicatie["published_at"]) in text
    assert "85984NED" in text  # the CBS table of the latest year, named as the source
    if rows["synthetisch"].any():
        assert "synthetische voorbeeldgegevens" in text.lower()
    render_first_page(pdf, artifacts, f"kernbriefing_{gemeentecode}")


def test_kansenkaart_pdf_has_programmes_rule_kernagenda_and_map(data, artifacts):
    agenda = data.kernagenda()
    if not agenda.empty:
        # A kern whose kernagenda has points tagged with a programme.
        tagged = agenda[agenda["programma"].notna()]
        gemeentecode, kern = tagged.iloc[0]["gemeentecode"], tagged.iloc[0]["kern"]
    else:
        gemeentecode, kern = WEST_BETUWE, "Asperen"
    pdf = briefing.kansenkaart_pdf(data, gemeentecode, kern)
    reader, text = pdf_text(pdf)
    assert len(reader.pages) >= 2
    assert f"Kansenkaart-pakket {kern}" in text
    for programma in ("Duurzaamheid", "Sociale kracht", "Klimaatadaptatie", "Woningbouw"):
        assert programma in text
    assert "Hoe kernmonitor sterke punten en aandachtspunten bepaalt" in text
    assert "beste kwart" in text
    rows = profiel(data, gemeentecode, kern)
    for indicator_id, row in rows[rows["programma"].notna() & rows["waarde"].notna()].iterrows():
        eenheid = row["eenheid"] if korte_eenheid(row["eenheid"]) else None  # as the table's number columns
        assert met_eenheid(row["gemeente_waarde"], int(row["decimalen"]), eenheid) in text, indicator_id
    for buurt in data.buurten(gemeentecode).query("kern == @kern")["buurtcode"]:
        assert buurt in text  # the map's legend names every buurt
    if agenda is not None:
        punten = agenda[(agenda["kern"] == kern) & agenda["programma"].notna()]
        punten = punten[punten["status_groep"].isin(["open", "gerealiseerd"])]
        for actiepunt in punten["actiepunt"]:
            assert re.sub(r"\s+", " ", actiepunt) in text
    render_first_page(pdf, artifacts, "kansenkaart")


def test_batch_writes_every_kern_and_one_combined_pdf_per_gemeente(data, artifacts, tmp_path):
    paths = briefing.export_batch(data, tmp_path, "pdf")
    kernen = data.kernen()
    combined = [p for p in paths if "alle_kernen" in p.name]
    per_kern = [p for p in paths if p not in combined]
    assert len(per_kern) == len(kernen) == 41
    assert len(combined) == kernen["gemeentecode"].nunique() == 2
    for path in combined:
        reader, text = pdf_text(path.read_bytes())
        gemeentecode = path.parent.name.split("_")[0]
        namen = data.kernen(gemeentecode)["kern"]
        assert len(reader.pages) == len(namen) + 1  # a cover with contents, then a page per kern
        assert all(naam in text for naam in namen)
        assert [o.title for o in reader.outline] == list(namen)
    for path in per_kern:
        assert len(PdfReader(path).pages) == 1  # every file opens, and every kern fits its one page
    render_first_page(combined[0].read_bytes(), artifacts, "kernbriefingen_gemeente_voorblad")
    shutil.copy(per_kern[0], artifacts / "voorbeeld_batch_kern.pdf")


def test_batch_for_one_kern_and_clear_errors(data, tmp_path):
    paths = briefing.export_batch(data, tmp_path, "pdf", kern="asperen")
    assert [p.name for p in paths] == ["kernbriefing_Asperen.pdf"]
    assert paths[0].parent.name.startswith("GM1960")
    with pytest.raises(ValueError, match="Onbekend formaat"):
        briefing.export_batch(data, tmp_path, "docx")
    with pytest.raises(briefing.OnbekendeKern, match="Asperen"):
        briefing.export_batch(data, tmp_path, "pdf", kern="Asperne")
    with pytest.raises(briefing.OnbekendeKern, match="GM9999"):
        briefing.export_batch(data, tmp_path, "xlsx", gemeentecode="GM9999")


# XLSX ---------------------------------------------------------------------------------------------------


def sheet_frame(ws) -> pd.DataFrame:
    rows = list(ws.iter_rows(values_only=True))
    return pd.DataFrame(rows[1:], columns=rows[0])


def test_kern_xlsx_values_equal_the_marts(data):
    gemeentecode, kern = WEST_BETUWE, "Asperen"
    wb = load_workbook(io.BytesIO(briefing.kern_xlsx(data, gemeentecode, kern)))
    themas = {"Bevolking", "Wonen en voorzieningen", "Bedrijvigheid", "Leefbaarheid", "Inkomen en meedoen"}
    assert themas | {"Tijdreeksen", "Bronnen", "Toelichting"} <= set(wb.sheetnames)
    mart = profiel(data, gemeentecode, kern)
    gezien = 0
    for thema in (thema_naam(t) for t in THEMA_VOLGORDE):
        frame = sheet_frame(wb[thema]).set_index("Indicator-id")
        for indicator_id, row in frame.iterrows():
            expected = mart.loc[indicator_id]
            assert row["Indicator"] == expected["label"]
            assert row["Jaar"] == expected["jaar"]
            for kolom, mart_kolom in (
                ("Waarde", "waarde"),
                ("Gemeente", "gemeente_waarde"),
                ("Nederland", "nederland_waarde"),
                ("Dekking", "dekking"),
            ):
                if pd.isna(expected[mart_kolom]):
                    assert row[kolom] is None or pd.isna(row[kolom])
                else:
                    assert isinstance(row[kolom], float | int), (indicator_id, kolom)  # numbers stay numbers
                    assert row[kolom] == pytest.approx(float(expected[mart_kolom])), (indicator_id, kolom)
            if not pd.isna(expected["rang"]):
                assert row["Rang"] == int(expected["rang"])
            assert row["Synthetisch"] == ("ja" if expected["synthetisch"] else "nee")
            gezien += 1
    assert gezien == len(mart)
    reeks = sheet_frame(wb["Tijdreeksen"])
    mart_reeks = data.indicator_reeks(gemeentecode, kern)
    assert len(reeks) == len(mart_reeks)
    merged = reeks.merge(mart_reeks, left_on=["Indicator-id", "Jaar"], right_on=["indicator_id", "jaar"])
    assert len(merged) == len(mart_reeks)
    pd.testing.assert_series_equal(merged["Waarde"].astype(float), merged["waarde"].astype(float), check_names=False)
    toelichting = " ".join(str(c.value) for row in wb["Toelichting"].iter_rows() for c in row if c.value)
    assert "synthetisch" in toelichting.lower() and data.publication()["version"] in toelichting
    bronnen = " ".join(str(c.value) for row in wb["Bronnen"].iter_rows() for c in row if c.value)
    assert "85984NED" in bronnen and "BU19600800" in bronnen


def test_gemeente_xlsx_values_equal_the_marts(data):
    wb = load_workbook(io.BytesIO(briefing.gemeente_xlsx(data, BUREN)))
    mart = data.query("select * from marts.kern_profiel where gemeentecode = ?", [BUREN])
    lang = sheet_frame(wb["Gegevens"])
    assert len(lang) == len(mart)
    merged = lang.merge(mart, left_on=["Kern", "Indicator-id"], right_on=["kern", "indicator_id"])
    assert len(merged) == len(mart)
    met = merged[merged["waarde"].notna()]
    assert (met["Waarde"].astype(float) - met["waarde"]).abs().max() < 1e-9
    # The wide theme sheet: kernen as rows, one column per indicator, the gemeente and Nederland below.
    wonen = sheet_frame(wb["Wonen en voorzieningen"]).set_index("Kern")
    kolom = next(c for c in wonen.columns if str(c).startswith("Afstand tot huisarts"))
    for kern, waarde in wonen[kolom].items():
        if kern == "Nederland" or str(kern).startswith("Gemeente "):
            continue
        expected = mart[(mart["kern"] == kern) & (mart["indicator_id"] == "afstand_huisarts_km")]["waarde"].iloc[0]
        assert waarde == pytest.approx(expected)
    naam = gemeente_naam(data.kernen(BUREN)["gemeentenaam"].iloc[0], BUREN)
    assert f"Gemeente {naam}" in wonen.index and "Nederland" in wonen.index


def test_formula_injection_is_neutralised(data, briefing_serving, tmp_path):
    if data.kernagenda().empty:
        pytest.skip("no kernagenda export in this publication")
    gevaarlijk = ['=HYPERLINK("http://evil.example","klik")', "+31 6 12345678", "-5 graden bij de brug", "@SUM(A1)"]
    statements = [
        f"insert into marts.kern_kernagenda (gemeentecode, kern, peildatum, nummer, actiepunt, thema, programma,"
        f" trekker, status, status_groep) select 'GM1960', 'Asperen', max(peildatum), '9{i}', ?, 'Test',"
        f" 'duurzaamheid', 'inwoners', 'idee', 'open' from marts.kern_kernagenda where kern = 'Asperen'"
        for i in range(len(gevaarlijk))
    ]
    dst = tmp_path / "serving.duckdb"
    shutil.copy(briefing_serving, dst)
    with duckdb.connect(str(dst)) as con:
        for statement, tekst in zip(statements, gevaarlijk, strict=True):
            con.execute(statement, [tekst])
    doctored = ServingData(dst)
    for inhoud in (briefing.kern_xlsx(doctored, WEST_BETUWE, "Asperen"), briefing.gemeente_xlsx(doctored, WEST_BETUWE)):
        wb = load_workbook(io.BytesIO(inhoud))
        waarden = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
        assert not any(c.data_type == "f" for c in waarden)  # no formulas anywhere
        teksten = {c.value for c in waarden if isinstance(c.value, str)}
        for tekst in gevaarlijk:
            assert "'" + tekst in teksten
            assert tekst not in teksten
        # Negative numbers stay numbers (only text is neutralised).
        assert any(isinstance(c.value, float) and c.value < 0 for c in waarden)
    # The PDF prints the text as it is: a PDF runs no formulas.
    _, text = pdf_text(briefing.kansenkaart_pdf(doctored, WEST_BETUWE, "Asperen"))
    assert "@SUM(A1)" in text


def test_briefings_say_so_when_the_gemeente_has_delivered_no_exports(data, briefing_serving, tmp_path):
    """The export marts are always built; a gemeente without rows in one has not delivered that export."""
    emptied = [f"delete from marts.{name}" for name in EXPORT_MARTS]
    kaal = doctored_copy(briefing_serving, tmp_path / "kaal.duckdb", emptied)
    _, text = pdf_text(briefing.kern_pdf(kaal, WEST_BETUWE, "Asperen"))
    assert "Nog geen kernagenda-export" in text
    _, text = pdf_text(briefing.kansenkaart_pdf(kaal, WEST_BETUWE, "Asperen"))
    assert "De kernagenda staat nog niet in deze publicatie" in text
    wb = load_workbook(io.BytesIO(briefing.kern_xlsx(kaal, WEST_BETUWE, "Asperen")))
    assert "Kernagenda" not in wb.sheetnames


# PNG (kaleido: the only test that starts a browser) ---------------------------------------------------------


def test_chart_pngs(data, artifacts):
    if not shutil.which("chromium") and not Path("/usr/bin/chromium").exists():
        pytest.skip("no Chromium for kaleido")
    pngs = briefing.chart_pngs(data, BUREN, "Maurik")
    assert set(pngs) == {"inwoners", "leeftijdsopbouw", "voorzieningen", "woningen", "leefbaarometer", "kaart"}
    for naam, inhoud in pngs.items():
        assert inhoud[:8] == b"\x89PNG\r\n\x1a\n", naam
        (artifacts / f"grafiek_{naam}.png").write_bytes(inhoud)


# The Kansenkaart page -------------------------------------------------------------------------------------


def test_kansenkaart_page_and_downloads(briefing_serving):
    import dash

    from dashboards.app import create_app

    app = create_app(briefing_serving)
    page = next(p for p in dash.page_registry.values() if p["path"] == "/kansenkaart")
    module = __import__(page["module"], fromlist=["layout"])
    with app.server.app_context():
        tekst = str(module.layout(kern="asperen"))
        assert "Kansenkaart-pakket Asperen" in tekst
        for programma in ("Duurzaamheid", "Sociale kracht", "Klimaatadaptatie", "Woningbouw"):
            assert programma in tekst
        assert "beste kwart" in tekst  # the rule is on the page
        assert "kansenkaart-pdf-knop" in tekst and "kansenkaart-xlsx-knop" in tekst
        onbekend = str(kansenkaart_view.inhoud(app.server.config["KERNMONITOR_DATA"], WEST_BETUWE, "Asperne"))
        assert "bestaat niet" in onbekend and "Asperen" in onbekend
        payload = kansenkaart_view.download_bestand(
            app.server.config["KERNMONITOR_DATA"], WEST_BETUWE, "Asperen", "kansenkaart"
        )
        assert payload["filename"] == "kansenkaart-asperen.pdf" and payload["base64"]
    assert app.server.test_client().get("/kansenkaart?kern=Asperen").status_code == 200


def test_kansenkaart_pack_counts_every_figure_of_a_programme_in_one_compact_list(data):
    """Sociale kracht has 35 figures: the verdicts come first with their reasons, then one table of them all."""
    from dashboards.briefing.context import kern_context
    from dashboards.briefing.kansenkaart import programma_secties

    gemeentecode, kern = WEST_BETUWE, "Beesd"
    ctx = kern_context(data, gemeentecode, kern)
    reader, tekst = pdf_text(briefing.kansenkaart_pdf(data, gemeentecode, kern))
    secties = programma_secties(ctx)
    met_programma = ctx.profiel["programma"].notna().sum()
    assert sum(len(s.indicatoren) for s in secties) == met_programma
    for sectie in secties:
        kop = f"{sectie.programma.capitalize()} "
        assert f"Alle {len(sectie.indicatoren)} cijfers van dit programma" in tekst[tekst.index(kop) :], kop
    # The table has no reason column: a verdict's reason is printed in its list above the table.
    assert "Rang Oordeel Waarom" not in tekst and "Rang Oordeel" in tekst
