"""The dashboard without a browser: the app shell, the page router, and each page's plain functions on the demo
serving file (compared with the mart values, formatted in Dutch)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from dash import no_update

from dashboards import formatting as fmt
from dashboards.app import create_app
from dashboards.context import current_data
from dashboards.data import OnbekendeKern, ServingData
from dashboards.router import ENDPOINT, router_request
from dashboards.tekst_tabel import TekstTabel
from dashboards.views import bronnen, gemeentenaam, kernagenda, kernprofiel, overzicht, vergelijken
from dashboards.views.kernprofiel import alle_cijfers


@pytest.fixture(scope="session")
def dashboard_serving(request: pytest.FixtureRequest) -> Path:
    override = os.environ.get("KERNMONITOR_TEST_SERVING")
    return Path(override) if override else request.getfixturevalue("serving_path")


@pytest.fixture(scope="module")
def app(dashboard_serving: Path):
    return create_app(dashboard_serving)


@pytest.fixture
def data(app):
    with app.server.test_request_context():
        yield current_data()


def by_id(component, element_id: str):
    """The first component in a layout tree with this id (None when absent)."""
    if getattr(component, "id", None) == element_id:
        return component
    for child in component._traverse():
        if getattr(child, "id", None) == element_id:
            return child
    return None


def texts(component) -> list[str]:
    """Every string in a layout tree, in order (also the cells of a table of text, dashboards/tekst_tabel.py)."""
    found = []
    for child in [component, *component._traverse()]:
        if isinstance(child, TekstTabel):
            found += child.teksten()
            continue
        value = getattr(child, "children", None)
        items = value if isinstance(value, list) else [value]
        found += [item for item in items if isinstance(item, str)]
    return found


def indicator_texts(component) -> dict[str, str]:
    """Tile value per indicator: what the reader sees as the big figure."""
    found = {}
    for child in component._traverse():
        indicator = getattr(child, "data-indicator", None)
        if indicator and getattr(child, "className", "").startswith("tegel-cijfer"):
            found[indicator] = child.children[0].children
    return found


def route(app, pathname: str, search: str = "") -> dict:
    """What the Dash pages router answers for a URL: the same POST the browser sends."""
    response = app.server.test_client().post(f"/{ENDPOINT}", json=router_request(pathname, search))
    assert response.status_code == 200, response.data[:500]
    return json.loads(response.data)["response"]


def page_module(app, name: str):
    """A page module as the app loaded it (page modules only import inside a Dash app)."""
    return sys.modules[f"pages.{name}"]


# The app shell -------------------------------------------------------------------------------------------


def test_index_is_dutch_and_loads_nothing_from_the_internet(app) -> None:
    client = app.server.test_client()
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert "bootstrap.min.css" in html and "plotly-locale-nl.js" in html
    for cdn in ("unpkg.com", "cdn.plot.ly", "cdn.jsdelivr", "cdnjs", "googleapis"):
        assert cdn not in html
    for asset in ("bootstrap.min.css", "plotly-locale-nl.js", "topojson/world_110m.json", "kernmonitor.css"):
        assert client.get(f"/assets/{asset}").status_code == 200, asset


def test_layout_has_menu_and_data_version(app, data) -> None:
    layout = json.loads(app.server.test_client().get("/_dash-layout").data)
    flat = json.dumps(layout)
    for naam in ("Overzicht", "Vergelijken", "Kernagenda", "Bronnen en methode"):
        assert naam in flat
    assert data.publication()["version"] in flat


def test_router_renders_a_kern_profile_with_its_title(app) -> None:
    answer = route(app, "/kern/Vuren")
    assert '"kern-naam"' in json.dumps(answer["_pages_content"])
    assert answer["_pages_store"]["data"]["title"].startswith("Vuren")


def test_router_decodes_kern_names_with_spaces(app) -> None:
    answer = route(app, "/kern/Eck%20en%20Wiel")
    assert "Eck en Wiel" in json.dumps(answer["_pages_content"], ensure_ascii=False)
    assert answer["_pages_store"]["data"]["title"].startswith("Eck en Wiel")


def test_router_gives_a_friendly_dutch_404(app) -> None:
    answer = route(app, "/kern/Atlantis")
    kern = json.dumps(answer["_pages_content"], ensure_ascii=False)
    assert "Deze kern kennen we niet" in kern and "Atlantis" in kern and "Traceback" not in kern
    assert answer["_pages_store"]["data"]["title"] == "Kern niet gevonden – kernmonitor"
    page = route(app, "/bestaat/niet")
    assert "Deze pagina bestaat niet" in json.dumps(page["_pages_content"], ensure_ascii=False)


@pytest.mark.parametrize("pathname", ["/", "/vergelijken", "/kernagenda", "/bronnen"])
def test_every_page_renders(app, pathname: str) -> None:
    answer = route(app, pathname)
    assert answer["_pages_store"]["data"]["title"].endswith("kernmonitor")


# Overzicht -----------------------------------------------------------------------------------------------


def test_overzicht_table_has_every_kern_plus_gemeente_and_nederland(data) -> None:
    for gemeentecode, aantal in (("GM1960", 26), ("GM0214", 15)):
        tabel = overzicht.kernen_tabel(data, gemeentecode)
        soorten = [row["soort"] for row in tabel["data"]]
        assert soorten.count("kern") == aantal
        assert soorten[-2:] == ["gemeente", "nederland"]


def test_overzicht_table_values_are_the_mart_values(data) -> None:
    tabel = overzicht.kernen_tabel(data, "GM1960")
    rows = {row["naam"]: row for row in tabel["data"]}
    mart = data.indicator_voor_kernen("GM1960", "aandeel_65_plus").set_index("kern")
    for kern, waarde in mart["waarde"].items():
        assert rows[kern]["aandeel_65_plus"] == pytest.approx(round(waarde, 1))
    woz = data.indicator_voor_kernen("GM1960", "woz_gemiddeld").set_index("kern")["waarde"]
    assert rows["Vuren"]["woz_gemiddeld"] == round(woz["Vuren"]) * 1000


def test_overzicht_lists_all_41_kernen(data) -> None:
    index = overzicht.kernen_index(data)
    assert len(by_id(index, "kernen-GM1960").children) == 26
    assert len(by_id(index, "kernen-GM0214").children) == 15


def test_overzicht_map_has_one_shape_per_kern(data) -> None:
    figuren = overzicht.kaart_en_ranglijst(data, "GM0214", "lbm_klasse")
    kaart = figuren["kaart"]
    assert isinstance(kaart, go.Figure)
    locaties = [loc for trace in kaart.data if trace.type == "choropleth" for loc in (trace.locations or [])]
    assert sorted(set(locaties)) == sorted(data.kernen("GM0214")["kern"])
    assert len(kaart.data[0].geojson["features"]) == 15
    assert "Leefbaarometer" in figuren["bron"]


def test_overzicht_callbacks_are_thin_wrappers(app, data) -> None:
    pagina = page_module(app, "overzicht")
    with app.server.test_request_context():
        kop, melding, kaart_kaart, staven_kaart = pagina.toon_kaart("GM1960", "woz_gemiddeld")
        kolommen = pagina.toon_tabel("GM1960", "woz_gemiddeld")[1]
    assert texts(kop[0])[0].startswith(f"{gemeentenaam_van(app, 'GM1960')} telt 26 kernen")
    jaar = overzicht.jaren(data, "GM1960", "woz_gemiddeld")[-1]
    assert f"Kaart: Gemiddelde WOZ-waarde, {jaar}" in texts(kaart_kaart)
    assert [k["field"] for k in kolommen][:2] == ["kern", "inwoners"]
    assert not any("sort" in k for k in kolommen)
    # The keyboard's sort choice travels in the column definitions, and clears a sort made on another column;
    # the table's own columns carry no sort, so a new gemeente keeps the reader's sort.
    gesorteerd = pagina.sorteer_tabel("woz_gemiddeld|desc", kolommen)
    assert {k["field"]: k["sort"] for k in gesorteerd if k["sort"]} == {"woz_gemiddeld": "desc"}
    assert all("sort" in k for k in gesorteerd)
    assert pagina.open_kern({"points": [{"location": "Eck en Wiel"}]}) == "/kern/Eck%20en%20Wiel"


def test_overzicht_table_shows_dutch_text_and_sorts_by_number(data) -> None:
    tabel = overzicht.kernen_tabel(data, "GM1960")
    rows = {row["naam"]: row for row in tabel["data"]}
    woz = data.indicator_voor_kernen("GM1960", "woz_gemiddeld").set_index("kern").loc["Vuren"]
    assert rows["Vuren"]["woz_gemiddeld__tekst"] == fmt.waarde(woz["waarde"], woz["eenheid"], woz["decimalen"])
    assert rows["Vuren"]["woz_gemiddeld__tekst"].startswith("€ ") and "." in rows["Vuren"]["woz_gemiddeld__tekst"]
    assert rows["Vuren"]["woz_gemiddeld__uitleg"].startswith(f"{int(woz['jaar'])} · dekking ")
    kolom = next(k for k in tabel["columns"] if k["field"] == "woz_gemiddeld")
    assert kolom["cellDataType"] == "number" and kolom["tooltipField"] == "woz_gemiddeld__uitleg"


def test_overzicht_map_and_ranking_of_a_chosen_year(data) -> None:
    jaren = overzicht.jaren(data, "GM1960", "inwoners")
    assert len(jaren) > 1
    eerste = overzicht.kaart_en_ranglijst(data, "GM1960", "inwoners", jaar=jaren[0])
    laatste = overzicht.kaart_en_ranglijst(data, "GM1960", "inwoners", jaar=jaren[-1])
    assert (eerste["jaar"], laatste["jaar"]) == (jaren[0], jaren[-1])
    assert f"· {jaren[0]} ·" in eerste["bron"]
    mart = data.indicator_reeks("GM1960", "Beesd", ["inwoners"])
    beesd = mart[mart["jaar"] == jaren[0]]
    staaf = eerste["staven"].data[0]
    assert staaf.x[list(staaf.y).index("Beesd")] == pytest.approx(float(beesd["waarde"].iloc[0]))
    assert eerste["grenzen"].startswith("Grenzen: CBS-buurtkaart") and "26 kernen" in eerste["grenzen"]


def test_overzicht_change_map_is_the_difference_centred_on_zero(data) -> None:
    jaren = overzicht.jaren(data, "GM1960", "aandeel_65_plus")
    verandering = overzicht.verandering(data, "GM1960", "aandeel_65_plus", jaren[0], jaren[-1])
    kaart = verandering["kaart"]
    kleur = next(t for t in kaart.data if t.type == "choropleth" and t.zmid == 0)
    assert kleur.zmin == -kleur.zmax
    assert "procentpunt" in kleur.colorbar.title.text
    reeks = data.indicator_reeks("GM1960", "Beesd", ["aandeel_65_plus"]).set_index("jaar")["waarde"]
    i = list(kleur.locations).index("Beesd")
    assert kleur.z[i] == pytest.approx(reeks[jaren[-1]] - reeks[jaren[0]])
    assert f"{jaren[0]}–{jaren[-1]}" in verandering["titel"]
    # One year only: no change to show, and it says so.
    lbm = overzicht.jaren(data, "GM1960", "lbm_klasse")
    if len(lbm) == 1:
        leeg = overzicht.verandering(data, "GM1960", "lbm_klasse", None, None)
        assert "geen verandering te tonen" in json.dumps(leeg["kaart"].to_plotly_json(), ensure_ascii=False)


def test_change_in_words_is_signed_and_in_percentage_points() -> None:
    from dashboards.kaart import verschil_tekst

    assert verschil_tekst(1.26, "%", 1) == "+1,3 procentpunt"
    assert verschil_tekst(-1234, "aantal", 0) == "-1.234"
    assert verschil_tekst(0.01, "%", 1) == "0,0 procentpunt"
    assert verschil_tekst(-3, "x 1.000 euro", 0) == "-€ 3.000"


def test_overzicht_change_map_keeps_the_narrowing(app) -> None:
    pagina = page_module(app, "overzicht")
    vernauwing = {"gemeentecode": "GM1960", "kernen": ["Beesd", "Rumpt"]}
    with app.server.test_request_context():
        jaren = overzicht.jaren(current_data(), "GM1960", "inwoners")
        kaart = pagina.toon_verandering("GM1960", "inwoners", vernauwing, str(jaren[0]), str(jaren[-1]))
        opties = pagina.kies_jaren("GM1960", "inwoners")
    figuur = by_id(kaart, "overzicht-verandering").figure
    locaties = {loc for t in figuur.data if t.type == "choropleth" for loc in t.locations}
    assert locaties == {"Beesd", "Rumpt"}
    assert [o["value"] for o in opties[0]] == [str(j) for j in reversed(jaren)]
    assert (opties[1], opties[3], opties[5]) == (str(jaren[-1]), str(jaren[0]), str(jaren[-1]))


def gemeentenaam_van(app, gemeentecode: str) -> str:
    with app.server.test_request_context():
        return gemeentenaam(current_data(), gemeentecode)


# Kernprofiel ---------------------------------------------------------------------------------------------


def test_kern_profile_shows_the_mart_figures_in_dutch(data) -> None:
    pagina = kernprofiel.profiel_pagina(data, "Vuren")
    assert by_id(pagina, "kern-naam").children == "Vuren"
    profiel = data.profiel("GM1960", "Vuren").set_index("indicator_id")
    getoond = indicator_texts(pagina)
    for indicator_id in kernprofiel.KOPCIJFERS:
        row = profiel.loc[indicator_id]
        assert getoond[indicator_id] == fmt.waarde(row["waarde"], row["eenheid"], row["decimalen"])
    assert getoond["inwoners"] == fmt.getal(profiel.loc["inwoners", "waarde"])


def test_both_gemeenten_have_all_their_kernen(data) -> None:
    """Every kern's profile renders on every publication: test_publications."""
    kernen = data.kernen()
    assert sorted(kernen["gemeentecode"].value_counts().items()) == [("GM0214", 15), ("GM1960", 26)]


def test_kern_profile_labels_synthetic_values(data) -> None:
    pagina = kernprofiel.profiel_pagina(data, "Vuren")
    profiel = data.profiel("GM1960", "Vuren")
    synthetisch = int((profiel["waarde"].notna() & profiel["synthetisch"]).sum())
    melding = by_id(pagina, "synthetisch-melding")
    if synthetisch:
        assert melding is not None
        assert any(f"{synthetisch} van de" in t for t in texts(melding))
        # Every synthetic value is labelled in the all-figures table (drawn when a reader opens it), and the page
        # labels the ones it shows besides.
        assert texts(alle_cijfers.tabel_van(data, "GM1960", "Vuren")).count("synthetisch") >= synthetisch
        tegels = by_id(pagina, "sectie-kopcijfers")
        getoond = profiel.set_index("indicator_id").loc[list(kernprofiel.KOPCIJFERS)]
        if (getoond["waarde"].notna() & getoond["synthetisch"]).any():
            assert "synthetisch" in texts(tegels)
    else:
        assert melding is None


def test_kern_profile_shows_a_dash_and_the_reason_for_missing_values(data) -> None:
    ontbrekend_overal = pd.concat([data.profielen(g) for g in data.gemeenten()["gemeentecode"]])
    ontbrekend_overal = ontbrekend_overal[ontbrekend_overal["waarde"].isna()]
    if ontbrekend_overal.empty:
        pytest.skip("every indicator of every kern has a value in this publication")
    gemeentecode, kern = ontbrekend_overal.iloc[0][["gemeentecode", "kern"]]
    profiel = data.profiel(gemeentecode, kern)
    ontbrekend = profiel[profiel["waarde"].isna()]
    pagina = kernprofiel.profiel_pagina(data, kern)
    getoond = indicator_texts(pagina)
    alle = texts(pagina)
    for row in ontbrekend.itertuples():
        if row.indicator_id in getoond:
            assert getoond[row.indicator_id] == "–"
    reden = ontbrekend["status"].iloc[0].replace("geen gegevens: ", "").lower()
    assert any(reden in t.lower() for t in alle)


def test_kern_profile_names_source_year_and_coverage(data) -> None:
    alle = " ".join(texts(kernprofiel.profiel_pagina(data, "Vuren")))
    assert "Bron: CBS Kerncijfers wijken en buurten" in alle
    assert "dekking 100%" in alle
    assert "Bron: Leefbaarometer 3.0" in alle


def test_kern_lookup_ignores_case_and_respects_gemeente(data) -> None:
    assert kernprofiel.kern_van_url(data, " vuren ")["kern"] == "Vuren"
    assert kernprofiel.kern_van_url(data, "Vuren", "GM1960")["gemeentecode"] == "GM1960"
    assert kernprofiel.kern_van_url(data, "Vuren", "GM0214") is None
    assert kernprofiel.kern_van_url(data, "Atlantis") is None
    # The same look-up serves the briefings and `kernmonitor export`, with a Dutch reason and the nearest names.
    with pytest.raises(OnbekendeKern, match="Kern 'Vuuren' bestaat niet in gemeente GM1960. Bedoelt u Vuren"):
        data.kern("Vuuren", "GM1960")


class _TweeGemeenten(ServingData):
    """A publication where two gemeenten each have a kern "Oosterwijk" (and "oosterwijk" is nobody's exact name)."""

    def __init__(self) -> None:
        super().__init__(Path("niet-gebruikt.duckdb"))

    def kernen(self, gemeentecode: str | None = None) -> pd.DataFrame:
        frame = pd.DataFrame(
            {
                "gemeentecode": ["GM0001", "GM0002", "GM0002"],
                "gemeentenaam": ["Aadorp", "Bedum", "Bedum"],
                "kern": ["Oosterwijk", "Oosterwijk", "Westerwijk"],
            }
        )
        return frame[frame["gemeentecode"] == gemeentecode] if gemeentecode else frame


def test_a_kern_name_two_gemeenten_share_asks_which_one() -> None:
    data = _TweeGemeenten()
    with pytest.raises(OnbekendeKern, match=r"bestaat in meer gemeenten: Aadorp \(GM0001\), Bedum \(GM0002\)"):
        data.kern("oosterwijk")
    assert data.kern("Oosterwijk", "GM0002")["gemeentecode"] == "GM0002"
    # A URL without gemeente shows the first, as the overview lists them.
    assert kernprofiel.kern_van_url(data, "oosterwijk")["gemeentecode"] == "GM0001"
    with pytest.raises(OnbekendeKern, match="Gemeente GM0003 staat niet in deze publicatie"):
        data.kern("Oosterwijk", "GM0003")


def test_unknown_kern_gets_the_dutch_404(data) -> None:
    pagina = kernprofiel.profiel_pagina(data, "Atlantis")
    assert by_id(pagina, "niet-gevonden") is not None
    assert "Deze kern kennen we niet" in texts(pagina)


def test_trend_of_a_share_compares_with_gemeente_and_nederland(data) -> None:
    figuren = kernprofiel.trend_figuren(data, "GM1960", "Vuren", "aandeel_65_plus")
    namen = [trace.name for trace in figuren["trend"].data]
    assert namen == ["Vuren", f"Gemeente {gemeentenaam(data, 'GM1960')}", "Nederland"]
    reeks = data.indicator_reeks("GM1960", "Vuren", ["aandeel_65_plus"]).dropna(subset=["waarde"])
    assert list(figuren["trend"].data[0].x) == reeks["jaar"].astype(int).tolist()
    assert "2019" in figuren["bron"] or str(reeks["jaar"].min()) in figuren["bron"]


def test_without_a_publication_a_question_fails_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before the first refresh there is no serving file, and none will appear by waiting (a publication is swapped
    in with os.replace, never deleted first): every page used to wait ten seconds of retries for it."""
    import dashboards.data as data_module

    slept: list[float] = []
    monkeypatch.setattr(data_module.time, "sleep", slept.append)
    with pytest.raises(FileNotFoundError):
        ServingData(tmp_path / "serving.duckdb").publication()
    assert slept == []


def test_every_figure_the_tests_build_is_checked_against_plotlys_schema(data, monkeypatch) -> None:
    """The dashboard builds its figures unchecked (charts.VALIDATE, for speed); the tests check every one, so a
    misspelt property fails here instead of plotly.js silently drawing without it."""
    from dashboards import charts

    def misspelt() -> list[dict]:  # anew each time: Plotly's check takes the dicts apart
        return [{"type": "bar", "x": ["a"], "y": [1], "colour": "red"}]

    with pytest.raises(ValueError, match="colour"):
        charts.figuur(misspelt(), charts.basis_layout(200))
    trend = kernprofiel.trend_figuren(data, "GM1960", "Vuren", "inwoners")["trend"]  # a real one passes
    assert trend.layout.height and trend.data[0].type == "scatter"
    # The switch reaches Plotly, and the dashboard itself runs with it off.
    monkeypatch.setattr(charts, "VALIDATE", False)
    assert charts.figuur(misspelt(), charts.basis_layout(200)).data[0].type == "bar"
    production = subprocess.run(
        [sys.executable, "-c", "from dashboards import charts; print(charts.VALIDATE)"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert production.stdout.strip() == "False"


def test_trend_of_a_count_stands_alone(data) -> None:
    figuren = kernprofiel.trend_figuren(data, "GM1960", "Vuren", "inwoners")
    assert [trace.name for trace in figuren["trend"].data] == ["Vuren"]
    assert figuren["telling"]


def test_trend_callback_is_a_thin_wrapper(app) -> None:
    kern = page_module(app, "kern")
    with app.server.test_request_context():
        kaarten = kern.toon_trend("woz_gemiddeld", {"gemeentecode": "GM1960", "kern": "Vuren"})
    assert len(kaarten) == 2
    assert "Gemiddelde WOZ-waarde door de jaren" in texts(kaarten[0])


def test_the_all_figures_table_is_drawn_when_a_reader_opens_it(app, data) -> None:
    """Folded away at the foot of the page, the table is not sent with it; opening the fold-out draws every figure of
    the kern (label, value, source), closing it leaves it as it is."""
    pagina = kernprofiel.profiel_pagina(data, "Vuren")
    profiel = data.profiel("GM1960", "Vuren")
    vouw = by_id(pagina, alle_cijfers.ACCORDION_ID)
    assert f"Alle {len(profiel)} cijfers van Vuren in een tabel" == vouw.children.title
    assert by_id(pagina, alle_cijfers.TABEL_ID) is None

    kern = page_module(app, "kern")
    sleutel = {"gemeentecode": "GM1960", "kern": "Vuren"}
    with app.server.test_request_context():
        tabel = kern.toon_alle_cijfers(alle_cijfers.ITEM_ID, sleutel)
        assert kern.toon_alle_cijfers(None, sleutel) is no_update
    assert tabel.id == alle_cijfers.TABEL_ID and tabel.kop == list(alle_cijfers.KOPPEN)
    rijen = [r for r in tabel.regels if isinstance(r, list)]
    assert all(len(r) == len(alle_cijfers.KOPPEN) for r in rijen)
    assert sorted(r[0] for r in rijen) == sorted(profiel["label"])
    themas = [r["groep"] for r in tabel.regels if isinstance(r, dict)]
    assert len(themas) == profiel["thema"].nunique() and all(themas)
    inwoners = profiel.set_index("indicator_id").loc["inwoners"]
    regel = next(r for r in rijen if r[0] == inwoners["label"])
    waarde = regel[1]["tekst"] if isinstance(regel[1], dict) else regel[1]
    assert waarde == fmt.getal(inwoners["waarde"])
    assert isinstance(regel[1], dict) == bool(inwoners["synthetisch"])  # the badge only beside a synthetic value
    assert regel[5] == str(int(inwoners["jaar"]))


def test_download_callback_sends_a_file_or_says_why_not(app) -> None:
    kern = page_module(app, "kern")
    sleutel = {"gemeentecode": "GM1960", "kern": "Vuren"}
    with app.server.test_request_context():
        bestand, melding = kern.download_xlsx(1, sleutel)
        _, mislukt = kern.download_pdf(1, {"gemeentecode": "GM1960", "kern": "Atlantis"})
    assert melding is None
    assert bestand["filename"] == "kernmonitor-vuren.xlsx"
    assert bestand["base64"] and bestand["content"]
    assert "Het maken van het bestand is mislukt" in " ".join(texts(mislukt))


# Vergelijken ---------------------------------------------------------------------------------------------


def test_vergelijken_asks_for_two_to_four_kernen(data) -> None:
    een = vergelijken.vergelijking(data, ["GM1960|Vuren"], vergelijken.STANDAARD_INDICATOREN)
    assert "minstens twee" in " ".join(texts(een["melding"]))
    sleutels = vergelijken.sleutels_uit_namen(data, "Vuren,Beesd,Buren,Asch")
    vijf = vergelijken.vergelijking(data, [*sleutels, "GM1960|Tuil"], vergelijken.STANDAARD_INDICATOREN)
    assert "eerste vier" in " ".join(texts(vijf["melding"]))


def test_vergelijken_puts_kernen_side_by_side_with_mart_values(data) -> None:
    sleutels = vergelijken.sleutels_uit_namen(data, "vuren, Buren, Atlantis")
    assert sleutels == ["GM1960|Vuren", "GM0214|Buren"]
    resultaat = vergelijken.vergelijking(data, sleutels, ["aandeel_65_plus", "afstand_huisarts_km"])
    tabel = next(c for c in resultaat["inhoud"] if getattr(c, "id", None) == "vergelijk-tabel")
    cellen = {
        (getattr(c, "data-kern"), getattr(c, "data-indicator")): c.children[0]
        for c in tabel._traverse()
        if getattr(c, "data-kern", None)
    }
    for gemeentecode, kern in (("GM1960", "Vuren"), ("GM0214", "Buren")):
        profiel = data.profiel(gemeentecode, kern).set_index("indicator_id")
        for indicator_id in ("aandeel_65_plus", "afstand_huisarts_km"):
            row = profiel.loc[indicator_id]
            assert cellen[(kern, indicator_id)] == fmt.waarde(row["waarde"], row["eenheid"], row["decimalen"])


def test_vergelijken_callback_is_a_thin_wrapper(app) -> None:
    pagina = page_module(app, "vergelijken")
    with app.server.test_request_context():
        melding, inhoud = pagina.vergelijk(["GM1960|Vuren", "GM0214|Buren"], ["inwoners"])
        te_weinig, _ = pagina.vergelijk(["GM1960|Vuren"], ["inwoners"])
    assert melding is None and inhoud
    assert "minstens twee" in " ".join(texts(te_weinig))


# Kernagenda ----------------------------------------------------------------------------------------------

PUNTEN = pd.DataFrame(
    {
        "gemeentecode": ["GM1960"] * 4,
        "kern": ["Vuren", "Vuren", "Beesd", "Beesd"],
        "peildatum": pd.to_datetime(["2025-11-01"] * 4),
        "nummer": [1, 2, 1, 2],
        "actiepunt": ["Speeltuin", "Glasvezel", "Dorpshuis", "Bankje"],
        "thema": ["spelen", "wonen", "ontmoeten", "ontmoeten"],
        "programma": ["sociale kracht", None, "sociale kracht", "duurzaamheid"],
        "trekker": ["inwoners", "gemeente", "samen", "inwoners"],
        "status": ["gerealiseerd", "in uitvoering", "idee", "gerealiseerd"],
        "status_groep": ["gerealiseerd", "open", "open", "gerealiseerd"],
        "jaar_opgenomen": [2023, 2020, 2025, 2024],
        "is_lang_open": [False, True, False, False],
    }
)


def test_kernagenda_filters_combine() -> None:
    assert len(kernagenda.filter_punten(PUNTEN, {"status": ["gerealiseerd"]})) == 2
    assert kernagenda.filter_punten(PUNTEN, {"status": ["gerealiseerd"], "trekker": ["inwoners"], "kern": ["Beesd"]})[
        "actiepunt"
    ].tolist() == ["Bankje"]
    assert len(kernagenda.filter_punten(PUNTEN, {"status": [], "thema": None})) == 4


def test_kernagenda_summary_and_options_are_dutch() -> None:
    assert kernagenda.samenvatting(PUNTEN) == (
        "4 actiepunten in 2 kernen: 2 gerealiseerd (50%), 2 open, waarvan 1 al lang open (stand van 1 november 2025)."
    )
    assert kernagenda.samenvatting(PUNTEN.iloc[0:0]) == "Geen actiepunten die aan deze keuze voldoen."
    opties = kernagenda.filter_opties(PUNTEN)
    assert [o["value"] for o in opties["status"]] == ["idee", "in uitvoering", "gerealiseerd"]
    rijen = kernagenda.tabel_rijen(PUNTEN)
    assert rijen[0]["peildatum"] == "1 november 2025" and rijen[0]["programma"] == "sociale kracht"


def test_kernagenda_callback_filters_the_export(app, data) -> None:
    if not kernagenda.beschikbaar(data):
        pytest.skip("this publication has no kernagenda export")
    pagina = page_module(app, "kernagenda")
    with app.server.test_request_context():
        samenvatting, _, rijen = pagina.toon("GM1960", [], ["gerealiseerd"], [], [], [], False)
    punten = data.kernagenda("GM1960")
    assert {r["status"] for r in rijen} == {"gerealiseerd"}
    assert len(rijen) == int((punten["status"] == "gerealiseerd").sum())
    assert samenvatting.startswith(fmt.meervoud(len(rijen), "actiepunt", "actiepunten"))


def test_kernagenda_page_without_export_says_so(app, data) -> None:
    answer = json.dumps(route(app, "/kernagenda")["_pages_content"], ensure_ascii=False)
    if kernagenda.beschikbaar(data):
        assert "agenda-tabel" in answer
    else:
        assert "Nog geen kernagenda-export geladen" in answer


# Bronnen -------------------------------------------------------------------------------------------------


def test_bronnen_lists_every_kern_with_its_buurten_in_one_table_a_gemeente(data) -> None:
    """How the kernen are made (Bronnen): per gemeente every kern as a bold row header with its buurten, one
    TekstTabel a gemeente (all of NL has 5.317 kernen: a table of html.Td was ~32.000 components there)."""
    tabellen = [c for c in bronnen.kernindeling(data)._traverse() if isinstance(c, TekstTabel)]
    assert len(tabellen) == len(data.gemeenten())
    assert all(t.rijkoppen and t.kolomklassen == ["fw-bold"] for t in tabellen)
    rijen = {regel[0]: regel for tabel in tabellen for regel in tabel.regels}
    assert sorted(rijen) == sorted(data.kernen()["kern"])
    buurten = data.buurten("GM1960")
    beesd = buurten[buurten["kern"] == "Beesd"]
    assert all(f"{b.buurtnaam} ({b.buurtcode})" in rijen["Beesd"][1] for b in beesd.itertuples())


def test_bronnen_lists_every_indicator_as_a_row_header_of_one_table(data) -> None:
    """Bronnen's rekenregels: the catalogue as one TekstTabel (108 indicators times 8 columns were ~900
    components), every indicator a bold row header with its theme, unit and source."""
    (tabel,) = [c for c in bronnen.rekenregels(data)._traverse() if isinstance(c, TekstTabel)]
    assert tabel.id == "indicator-catalogus" and tabel.rijkoppen and tabel.kolomklassen == ["fw-bold"]
    catalogus = data.catalogus()
    assert [regel[0] for regel in tabel.regels] == catalogus["label"].tolist()
    inwoners = tabel.regels[catalogus["indicator_id"].tolist().index("inwoners")]
    assert inwoners[3] == catalogus.set_index("indicator_id").loc["inwoners", "eenheid"] and "CBS" in inwoners[7]


def test_bronnen_names_every_table_with_its_revision_date(data) -> None:
    pagina = bronnen.pagina(data)
    alle = texts(pagina)
    for r in data.bronnen().itertuples():
        assert str(r.tabel) in alle
        assert fmt.datum(r.revisie) in alle
    assert str(data.publication()["version"]) in alle


# One vocabulary ------------------------------------------------------------------------------------------


def test_every_theme_of_the_catalogue_has_a_dutch_heading_in_the_one_order(data) -> None:
    from dashboards.vocabulary import THEMA_NAMEN, THEMA_VOLGORDE

    catalogus = data.catalogus()
    assert set(catalogus["thema"]) <= set(THEMA_VOLGORDE)
    # Business establishments are economy, not housing: their own section on the profile.
    vestigingen = catalogus[catalogus["indicator_id"].str.startswith("vestigingen_")]
    assert len(vestigingen) == 9 and set(vestigingen["thema"]) == {"economie"}
    pagina = kernprofiel.profiel_pagina(data, "Geldermalsen")
    secties = [
        c.id.removeprefix("sectie-") for c in pagina._traverse() if str(getattr(c, "id", "")).startswith("sectie-")
    ]
    getoond = [s for s in secties if s in THEMA_NAMEN]
    assert getoond == [t for t in THEMA_VOLGORDE if t in getoond] and "economie" in getoond
    economie = by_id(pagina, "sectie-economie")
    assert "Bedrijvigheid" in texts(economie)
    assert "vestigingen_per_1000" in indicator_texts(economie)
    assert not any(i.startswith("vestigingen_") for i in indicator_texts(by_id(pagina, "sectie-wonen")))


def test_theme_charts_draw_one_unit_and_the_tiles_show_only_what_no_chart_shows(data) -> None:
    """The grown catalogue (energy per dwelling type, education, benefits, dwelling types) comes as charts of
    kern, gemeente and Nederland; a theme's tiles repeat nothing a chart of it already shows."""
    from dashboards.views.kernprofiel.themas import GRAFIEKEN

    catalogus = data.catalogus().set_index("indicator_id")
    for thema, grafieken in GRAFIEKEN.items():
        for grafiek in grafieken:
            rijen = catalogus.loc[catalogus.index.intersection(list(grafiek.indicatoren))]
            assert len(rijen) == len(grafiek.indicatoren), grafiek.titel  # every bar is in the catalogue
            assert set(rijen["thema"]) == {thema}, grafiek.titel
            assert rijen["eenheid"].nunique() == 1, grafiek.titel  # one value axis, one unit
    pagina = kernprofiel.profiel_pagina(data, "Beesd")
    for thema, grafiek_ids in (
        ("energie", ("kern-elektriciteit", "kern-aardgas", "kern-autobrandstof")),
        ("onderwijs", ("kern-opleiding",)),
        ("zorg", ("kern-uitkeringen",)),
        ("wonen", ("kern-woningtypen",)),
    ):
        sectie = by_id(pagina, f"sectie-{thema}")
        for grafiek_id in grafiek_ids:
            figuur = by_id(sectie, grafiek_id).figure
            assert [t.name for t in figuur.data][:2] == ["Beesd", "Gemeente West Betuwe"], grafiek_id
        getekend = {i for g in GRAFIEKEN[thema] for i in g.indicatoren}
        assert not getekend & set(indicator_texts(sectie)), thema
    # Fifteen energy figures: three charts and one tile.
    assert set(indicator_texts(by_id(pagina, "sectie-energie"))) == {"stadsverwarming_pct"}
    stroom = by_id(pagina, "kern-elektriciteit").figure
    assert list(stroom.data[0].y)[0] == "Alle woningen" and stroom.layout.xaxis.title.text == "kWh per woning per jaar"


def test_kernagenda_statuses_are_the_export_formats_with_the_marts_grouping(data) -> None:
    from dashboards.vocabulary import KERNAGENDA_STATUSSEN, STATUS_GROEP
    from ingest.exports_spec import VALUES

    assert [s.waarde for s in KERNAGENDA_STATUSSEN] == list(VALUES["status_kernagenda"])
    if not kernagenda.beschikbaar(data):
        pytest.skip("this publication has no kernagenda export")
    punten = data.kernagenda()
    assert (punten["status"].map(STATUS_GROEP) == punten["status_groep"]).all()
    assert {s.kolom for s in KERNAGENDA_STATUSSEN} <= set(data.kernagenda_voortgang().columns)


def test_a_chart_grouping_has_one_label_on_the_page_and_in_the_png(data) -> None:
    from dashboards.briefing.charts import figuren
    from dashboards.briefing.context import kern_context
    from dashboards.vocabulary import VOORZIENINGEN

    pagina = kernprofiel.profiel_pagina(data, "Vuren")
    afstanden = next(c for c in pagina._traverse() if getattr(c, "id", None) == "kern-afstanden")
    op_de_pagina = list(afstanden.figure.data[0].y)
    png = figuren(kern_context(data, "GM1960", "Vuren"))["voorzieningen"]
    in_de_png = list(png.data[-1].y)[::-1]
    assert op_de_pagina == in_de_png == list(VOORZIENINGEN.values())
    assert "Kinderdagverblijf" in op_de_pagina


def test_colours_are_defined_once(data) -> None:
    """The palette lives in dashboards/vocabulary.py: no other module of the dashboards writes a colour code."""
    import re

    root = Path(__file__).resolve().parent.parent / "dashboards"
    kleur = re.compile(r"['\"]#?[0-9A-Fa-f]{6}['\"]")
    elders = [
        f"{path.relative_to(root)}:{nr}"
        for path in sorted(root.rglob("*.py"))
        if path.name != "vocabulary.py"
        for nr, regel in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if kleur.search(regel)
    ]
    assert not elders, elders


def _figuren(component) -> list:
    """Every html.Figure in a layout tree."""
    from dash import html

    return [c for c in [component, *component._traverse()] if isinstance(c, html.Figure)]


def test_every_chart_states_its_figures_and_offers_them_as_a_table(data) -> None:
    """WCAG 1.1.1: each chart on a kern profile is a figure named by its title and described by its figures, and
    its data is there as a table."""
    from dash import dcc

    pagina = kernprofiel.profiel_pagina(data, "Beesd")
    grafieken = [c for c in pagina._traverse() if isinstance(c, dcc.Graph)]
    figuren = _figuren(pagina)
    assert grafieken and len(figuren) == len(grafieken)
    for figuur in figuren:
        graph, onderschrift = figuur.children
        titel_id = getattr(figuur, "aria-labelledby")
        assert by_id(pagina, titel_id) is not None, titel_id
        assert getattr(figuur, "aria-describedby") == onderschrift.id
        assert any(ch.isdigit() for ch in onderschrift.children), onderschrift.children  # the figures, not "grafiek"
        assert by_id(pagina, f"{onderschrift.id.removesuffix('-beschrijving')}-tabel") is not None, graph.id

    # The trend in words: first and last year with the mart's values, as the tiles write them.
    trend = next(f for f in figuren if f.children[0].id == "kern-trend")
    reeks = data.indicator_reeks("GM1960", "Beesd", ["inwoners"]).dropna(subset=["waarde"]).sort_values("jaar")
    eerste, laatste = reeks.iloc[0], reeks.iloc[-1]
    verwacht = (
        f"Beesd {int(eerste['jaar'])}–{int(laatste['jaar'])}: {fmt.waarde(eerste['waarde'], 'aantal', 0)} → "
        f"{fmt.waarde(laatste['waarde'], 'aantal', 0)}"
    )
    assert trend.children[1].children.startswith(verwacht)


def test_a_table_of_text_is_one_component_and_a_table_with_links_stays_one_of_components() -> None:
    """components.tabel: text cells (the charts' tables, most tables of the pages) as one TekstTabel, its cells as
    the reader reads them; a cell that is a component (a link, a badge) or a number keeps the table of html.Td."""
    import dash_bootstrap_components as dbc
    from dash import dcc

    from dashboards import components

    tabel = components.tabel(["Kern", "Inwoners"], [["Beesd", "4.105"], ["Erichem", None]], "t", True)
    assert isinstance(tabel, TekstTabel)
    assert tabel.to_plotly_json()["props"] == {
        "id": "t",
        "kop": ["Kern", "Inwoners"],
        "regels": [["Beesd", "4.105"], ["Erichem", ""]],
        "rijkoppen": True,
        "responsive": True,
    }
    assert texts(tabel) == ["Kern", "Inwoners", "Beesd", "4.105", "Erichem", ""]
    met_link = components.tabel(["Kern"], [[dcc.Link("Beesd", href="/kern/Beesd")], ["Buren"]])
    assert isinstance(met_link, dbc.Table)
    assert texts(met_link) == ["Kern", "Beesd", "Buren"]
    # A number or a missing value as pandas gives it (NaN) is shown as html.Td shows it, not as str() writes it.
    assert isinstance(components.tabel(["Kern", "Inwoners"], [["Buren", 2400], ["Ommeren", float("nan")]]), dbc.Table)


def test_answers_are_written_by_the_standard_library_and_read_back_the_same(app, monkeypatch) -> None:
    """dashboards.app has plotly (and so Dash) write JSON with the standard library's encoder (faster here than its
    orjson path); a kern page, its charts' missing values and all, reads back as orjson's writing of it."""
    import plotly.io.json as plotly_json

    assert plotly_json.config.default_engine == "json"
    page = app.server.test_client().post(f"/{ENDPOINT}", json=router_request("/kern/Beesd")).data
    assert b"NaN" not in page and b"Infinity" not in page
    monkeypatch.setattr(plotly_json.config, "default_engine", "orjson")
    with app.server.test_request_context():
        opnieuw = kernprofiel.profiel_pagina(current_data(), "Beesd")
    assert json.loads(page)["response"]["_pages_content"]["children"] == json.loads(plotly_json.to_json_plotly(opnieuw))


def test_the_map_has_every_kern_in_words_and_in_its_table(data) -> None:
    from dashboards import charts

    figuren = overzicht.kaart_en_ranglijst(data, "GM1960", "inwoners")
    alternatief = charts.tekstalternatief(figuren["kaart"])
    kernen = sorted(data.kernen("GM1960")["kern"])
    assert [r[0] for r in alternatief.regels] == kernen
    from dashboards.views import per_kern

    waarden = per_kern(data, "GM1960", "inwoners").set_index("kern")
    hoogste = waarden["waarde"].idxmax()
    rij = waarden.loc[hoogste]
    assert f"De hoogste: {hoogste} {fmt.waarde(rij['waarde'], rij['eenheid'], rij['decimalen'])}" in (
        alternatief.beschrijving
    )
