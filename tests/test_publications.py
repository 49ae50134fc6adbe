"""Every page, every kern profile, every download and every `kernmonitor export` format on three publications:
the synthetic demo, a live refresh with no synthetic value at all, and a live refresh with many cells suppressed
or missing (tests/publications.py). A path that only real data reaches is the path a municipality takes first.

Nothing may raise, and nothing may be swallowed either: any ERROR record in the log (the pages log a traceback
when a download fails and show a Dutch sentence) fails the test.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import pytest
from openpyxl import load_workbook
from plotly.utils import PlotlyJSONEncoder
from pypdf import PdfReader

from dashboards import formatting as fmt
from dashboards.app import create_app
from dashboards.context import current_data
from dashboards.tekst_tabel import TekstTabel
from dashboards.views import effectmeting as effectmeting_view
from dashboards.views import kansenkaart as kansenkaart_view
from dashboards.views import kernprofiel
from dashboards.views.kernprofiel import alle_cijfers
from dashboards.views.vergelijken import SCHEIDING, STANDAARD_INDICATOREN, indicator_opties
from kernmonitor.cli import main
from tests.conftest import PUBLICATIONS
from tests.test_dashboard import route, texts

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=PUBLICATIONS)
def home(request: pytest.FixtureRequest, publication):
    return request.param, publication(request.param)


@pytest.fixture(scope="module")
def app(home):
    return create_app(home[1].serving_path)


@pytest.fixture
def data(app):
    with app.server.test_request_context():
        yield current_data()


def _chromium_said_goodbye(record: logging.LogRecord) -> bool:
    """choreographer (kaleido's driver of Chromium, for the PNG export) logs Chromium's closing `{bye}` on its pipe as
    an ERROR when it arrives with other messages ("JSONError decoding message. Ignoring": not JSON, and ignored by
    choreographer itself); seen once in CI on a PNG export whose file was whole. The export is checked by the test."""
    ignored = "JSONError decoding message. Ignoring"
    return record.name == "choreographer.channels.pipe" and record.getMessage() == ignored


@pytest.fixture(autouse=True)
def no_logged_errors(caplog: pytest.LogCaptureFixture):
    """Fail on any ERROR log record: a swallowed exception is still a broken page."""
    caplog.set_level(logging.ERROR)
    yield
    errors = [r for r in caplog.get_records("call") if r.levelno >= logging.ERROR and not _chromium_said_goodbye(r)]
    assert not errors, "\n".join(f"{r.name}: {r.getMessage()}\n{r.exc_text or ''}" for r in errors)


def page_module(name: str):
    return sys.modules[f"pages.{name}"]


def all_kernen(data) -> pd.DataFrame:
    return data.kernen()[["gemeentecode", "kern"]]


def test_publication_has_the_expected_kind_of_values(home, data) -> None:
    """The live publications hold no synthetic value; the sparse one has many missing with their reason."""
    naam, _ = home
    profielen = pd.concat([data.profielen(g) for g in data.gemeenten()["gemeentecode"]])
    assert len(all_kernen(data)) == 41
    if naam == "demo":
        assert profielen["synthetisch"].any()
    else:
        assert not profielen["synthetisch"].any()
    ontbrekend = profielen[profielen["waarde"].isna()]
    if naam == "schaars":
        assert len(ontbrekend) > 0.2 * len(profielen)
        assert (ontbrekend["status"].str.len() > 0).all()


@pytest.mark.parametrize(
    "pathname, search",
    [
        ("/", ""),
        ("/", "?gemeente=GM0214"),
        ("/vergelijken", ""),
        ("/vergelijken", "?kernen=Beesd,Maurik,Heesselt"),
        ("/kernagenda", ""),
        ("/kansenkaart", ""),
        ("/kansenkaart", "?gemeente=GM1960&kern=Heesselt"),
        ("/effectmeting", ""),
        ("/effectmeting", "?gemeente=GM0214"),
        ("/doelen", ""),
        ("/doelen", "?gemeente=GM1960"),
        ("/bronnen", ""),
        ("/kern/Atlantis", ""),
    ],
)
def test_every_page_type_renders(app, pathname: str, search: str) -> None:
    answer = route(app, pathname, search)
    assert answer["_pages_store"]["data"]["title"].endswith("kernmonitor")
    assert "Traceback" not in json.dumps(answer["_pages_content"])


def json_texts(tree: object) -> list[str]:
    """Every string child in a layout as the Dash router sends it (JSON), in order."""
    if isinstance(tree, list):
        return [t for item in tree for t in json_texts(item)]
    if not isinstance(tree, dict):
        return []
    if tree.get("type") == TekstTabel._type and tree.get("namespace") == TekstTabel._namespace:
        return list(TekstTabel.teksten_van(tree["props"]))
    children = tree.get("props", tree).get("children")
    return [children] if isinstance(children, str) else json_texts(children)


def test_every_kern_profile_renders_its_figures_with_source_year_and_coverage(home, app, data) -> None:
    """Each kern's page once, as the browser asks for it (the router's answer), not once more by the view."""
    naam, _ = home
    for gemeentecode, kern in all_kernen(data).itertuples(index=False):
        answer = route(app, "/kern/" + quote(kern))
        assert answer["_pages_store"]["data"]["title"].startswith(kern), kern
        inhoud = json.dumps(answer["_pages_content"], ensure_ascii=False)
        assert '"id": "kern-naam"' in inhoud and '"id": "niet-gevonden"' not in inhoud, kern
        alle = " ".join(json_texts(answer["_pages_content"]))
        inwoners = data.profiel(gemeentecode, kern).set_index("indicator_id").loc["inwoners"]
        assert fmt.waarde(inwoners["waarde"], inwoners["eenheid"], inwoners["decimalen"]) in alle, kern
        assert f"· {int(inwoners['jaar'])} ·" in alle and "dekking" in alle, kern
        # The all-figures table, drawn when a reader opens it: every figure of the kern, on every publication.
        tabel = alle_cijfers.tabel_van(data, gemeentecode, kern)
        assert sum(isinstance(regel, list) for regel in tabel.regels) == len(data.profiel(gemeentecode, kern)), kern
        tabel = json.dumps(tabel.to_plotly_json(), cls=PlotlyJSONEncoder)
        if naam != "demo":
            assert "synthetisch" not in (inhoud + tabel).lower(), kern


def test_every_kern_trend_and_position_chart(home, data) -> None:
    """The trend section (where the real-data bug lived) for every kern, on indicators of every kind."""
    catalogus = data.catalogus()
    soorten = catalogus.drop_duplicates("berekening")["indicator_id"].tolist() + ["stedelijkheid", "inwoners"]
    for gemeentecode, kern in all_kernen(data).itertuples(index=False):
        for indicator_id in soorten:
            figuren = kernprofiel.trend_figuren(data, gemeentecode, kern, indicator_id)
            assert figuren["bron"].startswith("Bron: "), (kern, indicator_id)
    gemeentecode, kern = all_kernen(data).iloc[0]
    for indicator_id in catalogus["indicator_id"]:
        kernprofiel.trend_kaarten(kernprofiel.trend_figuren(data, gemeentecode, kern, indicator_id))


def test_page_callbacks_on_every_gemeente(app, data) -> None:
    overzicht, vergelijken = page_module("overzicht"), page_module("vergelijken")
    kernagenda, kansenkaart = page_module("kernagenda"), page_module("kansenkaart")
    with app.server.test_request_context():
        for gemeentecode in data.gemeenten()["gemeentecode"]:
            for indicator_id in ("inwoners", "aandeel_65_plus", "woz_gemiddeld", "lbm_klasse", "stedelijkheid"):
                overzicht.toon_kaart(gemeentecode, indicator_id)
                overzicht.toon_tabel(gemeentecode, indicator_id)
            kernagenda.kern_opties(gemeentecode)
            kernagenda.toon(gemeentecode, None, None, None, None, None)
            kernen = data.kernen(gemeentecode)["kern"].tolist()
            kansenkaart.kies_gemeente(gemeentecode, None)
            for kern in kernen:
                kansenkaart.kies_kern(kern, gemeentecode)
            sleutels = [f"{gemeentecode}{SCHEIDING}{k}" for k in kernen[:4]]
            indicatoren = [o["value"] for o in indicator_opties(data)]
            for keuze in (STANDAARD_INDICATOREN, indicatoren):
                melding, inhoud = vergelijken.vergelijk(sleutels, keuze)
                assert melding is None and inhoud, gemeentecode


def test_every_download_of_the_pages(app, data) -> None:
    kern_pagina = page_module("kern")
    kernen = all_kernen(data)
    # Two kernen per gemeente (the first and the last by name): every file type each.
    keuze = pd.concat([kernen.groupby("gemeentecode").head(1), kernen.groupby("gemeentecode").tail(1)])
    with app.server.test_request_context():
        for gemeentecode, kern in keuze.itertuples(index=False):
            sleutel = {"gemeentecode": gemeentecode, "kern": kern}
            for callback in (kern_pagina.download_pdf, kern_pagina.download_xlsx):
                bestand, melding = callback(1, sleutel)
                assert melding is None and bestand["content"], (kern, callback.__name__)
            for soort in ("kansenkaart", "briefing", "xlsx"):
                payload = kansenkaart_view.download_bestand(current_data(), gemeentecode, kern, soort)
                assert payload["content"], (kern, soort)


def test_effectmeting_on_every_gemeente_and_its_pdf(home, app, data) -> None:
    """Buren's pilot against its spiegelkernen: real values (live) get a margin and a verdict for every CBS count,
    synthetic ones (demo) none; the page's callbacks for every gemeente and the PDF download."""
    naam, _ = home
    pagina = page_module("effectmeting")
    with app.server.test_request_context():
        analyse = effectmeting_view.standaard_analyse(data, "GM0214")
        inwoners = next(u for u in analyse.uitkomsten if u.indicator_id == "inwoners")
        if naam == "demo":
            assert inwoners.oordeel == effectmeting_view.SYNTHETISCH and inwoners.marge is None
        else:
            assert not inwoners.synthetisch and inwoners.marge > 0
            assert inwoners.oordeel in (effectmeting_view.BINNEN_RUIS, effectmeting_view.BUITEN_MARGE)
        lbm = next(u for u in analyse.uitkomsten if u.indicator_id == "lbm_klasse")
        assert lbm.marge is None and lbm.oordeel in (effectmeting_view.MARGE_ONBEKEND, effectmeting_view.GEEN_GEGEVENS)
        for gemeentecode in data.gemeenten()["gemeentecode"]:
            keuzes = pagina.kies_gemeente(gemeentecode)
            kernen = [o["value"] for o in keuzes[4]]
            indicatoren = [o["value"] for o in effectmeting_view.indicator_opties(data)]
            inhoud = pagina.toon(
                kernen[:2],
                kernen[2:5],
                keuzes[7],
                keuzes[9],
                indicatoren,
                "inwoners",
                gemeentecode,
                effectmeting_view.ZELF,
                effectmeting_view.VOORSTEL,
            )
            assert "Traceback" not in str(inhoud)
        sleutel = effectmeting_view.sleutel(analyse, effectmeting_view.STANDAARD_INDICATOREN)
        bestand, melding = pagina.download(1, sleutel)
        assert melding is None and bestand["content"]


def test_doelen_page_and_blocks_on_every_publication(home, app, data) -> None:
    """The Doelen page, its callbacks and the kern profile's Doelen block: the demo's example goals, and on the
    real-data publications Buren's example goals from the inbox, measured on CBS figures (labelled VOORBEELD)."""
    naam, _ = home
    pagina = page_module("doelen")
    with app.server.test_request_context():
        inhoud = json.dumps(pagina.layout(), default=str)
        doelen = data.doelen()
        if naam == "demo":
            assert set(doelen["gemeentecode"]) == {"GM0214", "GM1960"} and "VOORBEELD" in inhoud
        else:
            assert set(doelen["gemeentecode"]) == {"GM0214"}
            assert not doelen["synthetisch"].fillna(False).astype(bool).any()
            gemeten = doelen[doelen["waarde"].notna()]
            assert set(gemeten["status"]) & {"behaald", "op koers", "achter"}
            # A measured year has no status only when the baseline year has no value (the sparse publication).
            zonder = gemeten[gemeten["status"] == "geen gegevens"]
            assert zonder["reden"].str.startswith("geen basiswaarde").all(), zonder[["doel_id", "reden"]]
        for gemeentecode in data.gemeenten()["gemeentecode"]:
            pagina.opties(gemeentecode)
            samenvatting, lijst = pagina.toon(gemeentecode, None, None, None)
            assert "Traceback" not in str(lijst)
            assert ("VOORBEELD" in str(lijst)) == (gemeentecode in set(doelen["gemeentecode"]))
            assert samenvatting.startswith(("Geen doelen", "1 doel", *[f"{n} doelen" for n in range(2, 40)]))
        blok = " ".join(texts(kernprofiel.profiel_pagina(data, "Lienden", "GM0214")))
        assert "Doelen" in blok and "VOORBEELD" in blok


@pytest.mark.parametrize("formaat", ["pdf", "xlsx", "kansenkaart", "png", "effectmeting"])
def test_every_export_format(home, data, formaat: str, tmp_path: Path, monkeypatch, capsys) -> None:
    """`kernmonitor export` in every format. XLSX and Effectmeting for Buren, and on the sparse publication (no
    synthetic value, the most gaps) for both gemeenten; there also Buren's PDF and Kansenkaart of every kern (Buren
    has the example goals, so the one-pagers carry goals on gappy figures) plus Heesselt's (no buurt figures at
    all there); demo and live make PDF, Kansenkaart and PNG for Heesselt and Maurik. All 41 demo one-pagers are
    made in test_briefing's batch, and every kern's figures on every publication are checked on its profile. A PDF
    or Kansenkaart costs about 1 and 3 s of CPU per kern, so one gemeente on one publication pays for the batch."""
    naam, cfg = home
    monkeypatch.setenv("KERNMONITOR_HOME", str(cfg.home))
    args = ["export", "--format", formaat, "--out", str(tmp_path)]
    per_kern = formaat == "png" or (naam != "schaars" and formaat in ("pdf", "kansenkaart"))
    kernen = ["Heesselt", "Maurik"] if per_kern else ["Heesselt"] if formaat in ("pdf", "kansenkaart") else []
    for kern in kernen:
        assert main([*args, "--kern", kern]) == 0
    if not per_kern:
        heel = naam == "schaars" and formaat not in ("pdf", "kansenkaart")
        gemeenten = list(data.gemeenten()["gemeentecode"]) if heel else ["GM0214"]
        assert main([*args, *(f"--gemeente={code}" for code in gemeenten)]) == 0
    files = sorted(tmp_path.rglob("*.*"))
    assert files, formaat
    for path in files:
        if path.suffix == ".pdf":
            assert len(PdfReader(path).pages) >= 1, path.name
        elif path.suffix == ".xlsx":
            assert load_workbook(path, read_only=True).sheetnames, path.name
        else:
            assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", path.name
    if formaat in ("pdf", "kansenkaart"):
        wanted = len(kernen) + (0 if per_kern else len(data.kernen("GM0214")))
        assert len([p for p in files if p.suffix == ".pdf"]) >= wanted
    assert "bestand(en)" in capsys.readouterr().out


def component_data(tree: object, component_id: str) -> object:
    """The `data` of the component with this id in a Dash layout as JSON."""
    if isinstance(tree, dict):
        if tree.get("id") == component_id:
            return tree.get("data")
        children = tree.values()
    elif isinstance(tree, list):
        children = tree
    else:
        return None
    return next((d for d in (component_data(c, component_id) for c in children) if d is not None), None)


def test_mijn_kernen_on_every_publication(home, app) -> None:
    """Mijn kernen and the ?gebiedsmakelaar= narrowing: the demo's example register (seven gebiedsmakelaars in West
    Betuwe, four kernambtenaren in Buren); the real-data publications have no register, and the page says so."""
    naam, _ = home
    gebiedsmakelaar = quote("B. Bakker (VOORBEELD)")
    kiezer = json.dumps(route(app, "/mijn-kernen")["_pages_content"], ensure_ascii=False)
    eigen = json.dumps(route(app, "/mijn-kernen", f"?gebiedsmakelaar={gebiedsmakelaar}"), ensure_ascii=False)
    agenda = json.dumps(route(app, "/kernagenda", f"?gebiedsmakelaar={gebiedsmakelaar}"), ensure_ascii=False)
    if naam == "demo":
        assert "mijn-kernen-kiezer" in kiezer and kiezer.count("/mijn-kernen?gebiedsmakelaar=") == 11
        assert "Mijn kernen: " in eigen and "Rhenoy" in eigen and "VOORBEELD" in eigen
        assert "de kernen van B. Bakker (VOORBEELD): Acquoy, Beesd, Gellicum, Rhenoy, Rumpt." in agenda
        # The Overzicht's map, ranking and table show her five kernen, for her own gemeente only.
        overzicht = route(app, "/", f"?gebiedsmakelaar={gebiedsmakelaar}")["_pages_content"]
        vernauwing = {"gemeentecode": "GM1960", "kernen": ["Acquoy", "Beesd", "Gellicum", "Rhenoy", "Rumpt"]}
        assert component_data(overzicht, "overzicht-vernauwing") == vernauwing
        pagina = page_module("overzicht")
        with app.server.test_request_context():
            rijen = pagina.toon_tabel("GM1960", "inwoners", vernauwing)[2]
            staven = pagina.toon_kaart("GM1960", "inwoners", vernauwing)[3]
            buren = pagina.toon_tabel("GM0214", "inwoners", vernauwing)[2]
        assert [r["naam"] for r in rijen] == [*vernauwing["kernen"], "Gemeente West Betuwe", "Nederland"]
        assert "Beesd" in str(staven) and "Geldermalsen" not in str(staven)
        assert len(buren) == 15 + 2  # another gemeente chosen: all of its kernen
    else:
        assert "Nog geen kernregister geladen" in kiezer and "mijn-kernen-kiezer" not in kiezer
        assert "Nog geen kernregister geladen" in eigen
        assert "Geen gebiedsmakelaar" in agenda  # narrowed to nobody: the page says so and shows every kern


def test_jaarbeeld_page_and_export_on_every_publication(home, app, data, tmp_path: Path, monkeypatch) -> None:
    """The Jaarbeeld on every publication: the demo's example subsidies give figures; the real-data publications have
    no subsidy export, and the page, the PDF and the export say so plainly instead of showing zeros."""
    from dashboards.views import jaarbeeld as jaarbeeld_view

    naam, cfg = home
    pagina = page_module("jaarbeeld")
    for gemeentecode in data.gemeenten()["gemeentecode"]:
        periode = "&van=2019&tot=2023" if naam == "demo" else ""  # the years of the example subsidy exports
        antwoord = route(app, "/jaarbeeld", f"?gemeente={gemeentecode}{periode}")["_pages_content"]
        tekst = json.dumps(antwoord, ensure_ascii=False)
        inhoud = " ".join(texts(pagina.toon(gemeentecode, None, None)))
        if naam == "demo":
            assert "initiatieven gesteund" in tekst and "Bron en datum" in tekst, gemeentecode
        else:
            assert "jaarbeeld-geen-export" in tekst and "geen subsidie-export geladen" in tekst, gemeentecode
            assert "geen subsidie-export geladen" in inhoud and "€" not in inhoud
        assert "Traceback" not in tekst
    monkeypatch.setenv("KERNMONITOR_HOME", str(cfg.home))
    assert main(["export", "--format", "jaarbeeld", "--gemeente", "GM0214", "--out", str(tmp_path)]) == 0
    pdfs, csvs = sorted(tmp_path.rglob("*.pdf")), sorted(tmp_path.rglob("*.csv"))
    assert len(pdfs) == 1
    tekst = " ".join(" ".join(p.extract_text() for p in PdfReader(pdfs[0]).pages).split())
    if naam == "demo":
        assert len(csvs) == 1 and "Jaarbeeld kerngericht werken Buren 2024" in tekst
        # The years of subsidies, kernagenda and measured goals together (the kernagenda starts in 2019).
        assert jaarbeeld_view.perioden(data, "GM0214") == [2019, 2020, 2021, 2022, 2023, 2024]
    else:
        # Buren's goals give the real-data publications a Jaarbeeld: it says plainly that no subsidies are loaded.
        assert len(csvs) == 1 and "geen subsidie-export geladen" in csvs[0].read_text(encoding="utf-8-sig")
        assert "geen subsidie-export" in tekst
