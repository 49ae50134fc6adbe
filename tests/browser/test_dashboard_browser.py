"""What only a browser shows: the pages render, links and clicks navigate, filters filter, nothing leaves the
machine. Each test saves a screenshot under test-artifacts/screenshots/."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from dashboards import formatting as fmt
from dashboards.data import ServingData
from dashboards.views.kernprofiel import KOPCIJFERS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def data(dashboard_serving) -> ServingData:
    return ServingData(dashboard_serving)


def assert_clean(page) -> None:
    assert page.page_errors == [], page.page_errors
    assert page.external_requests == [], page.external_requests


def open_page(page, url: str, wait_for: str) -> None:
    page.goto(url)
    page.wait_for_selector(wait_for)


def test_overview_lists_every_kern_of_both_gemeenten(page, dash_url, data, screenshot) -> None:
    open_page(page, dash_url + "/", "#kernen-tabel .ag-cell")
    assert page.locator("#kernen-GM1960 li").count() == 26
    assert page.locator("#kernen-GM0214 li").count() == 15
    page.wait_for_selector("#overzicht-kaart .choroplethlayer path")

    for gemeentecode, aantal in (("GM1960", 26), ("GM0214", 15)):
        page.select_option("#overzicht-gemeente", gemeentecode)
        naam = data.kernen(gemeentecode)["gemeentenaam"].iloc[0]
        page.wait_for_function(
            "(naam) => document.querySelector('#overzicht-samenvatting')?.textContent.startsWith(naam)", arg=naam
        )
        page.wait_for_function(
            "(n) => document.querySelectorAll('#kernen-tabel [role=row]').length === n + 3", arg=aantal
        )  # one header row, the kernen, the gemeente and Nederland
        links = page.locator("#kernen-tabel .ag-cell a")
        assert sorted(links.all_inner_texts()) == sorted(data.kernen(gemeentecode)["kern"])
        assert page.locator("#overzicht-kaart .choroplethlayer path").count() >= aantal
    assert page.title() == "Overzicht van de kernen – kernmonitor"
    screenshot(page, "overzicht")
    assert_clean(page)


def test_click_a_kern_and_its_profile_shows_the_mart_figures(page, dash_url, data, screenshot) -> None:
    open_page(page, dash_url + "/", "#kernen-GM1960 li")
    page.get_by_role("link", name="Vuren", exact=True).first.click()
    page.wait_for_selector("#kern-naam")
    assert page.url.endswith("/kern/Vuren")
    assert page.inner_text("#kern-naam") == "Vuren"
    assert page.title().startswith("Vuren")

    profiel = data.profiel("GM1960", "Vuren").set_index("indicator_id")
    for indicator_id in KOPCIJFERS:
        row = profiel.loc[indicator_id]
        getoond = page.inner_text(f"#sectie-kopcijfers [data-indicator='{indicator_id}'] .tegel-waarde")
        assert getoond == fmt.waarde(row["waarde"], row["eenheid"], row["decimalen"]), indicator_id
    if profiel["synthetisch"].any():
        assert page.locator("#synthetisch-melding").is_visible()
        assert page.locator("#sectie-kopcijfers .badge-synthetisch").count() >= 1
    page.wait_for_selector("#kern-leeftijd .main-svg")
    screenshot(page, "kernprofiel-vuren")
    assert_clean(page)


def test_a_click_on_the_map_opens_that_kern(page, dash_url, screenshot) -> None:
    open_page(page, dash_url + "/?gemeente=GM0214", "#overzicht-kaart .choroplethlayer path")
    vorm = page.locator("#overzicht-kaart .choroplethlayer path").first
    box = vorm.bounding_box()
    # Plotly listens on the whole plot; click the middle of the first kern's shape and let hover pick it.
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(re.compile(r".*/kern/.+"))
    page.wait_for_selector("#kern-naam")
    assert page.inner_text("#kern-naam")
    assert_clean(page)


def test_kern_profile_trend_and_download(page, dash_url, screenshot) -> None:
    open_page(page, dash_url + "/kern/" + quote("Eck en Wiel"), "#kern-naam")
    assert page.inner_text("#kern-naam") == "Eck en Wiel"
    page.select_option("#kern-trend-indicator", "aandeel_65_plus")
    page.wait_for_function("() => document.querySelector('#kern-trend')?.textContent.includes('Nederland')")
    with page.expect_download() as download:
        page.click("#kern-pdf-knop")
    assert download.value.suggested_filename == "kernmonitor-eck-en-wiel.pdf"
    screenshot(page, "kernprofiel-eck-en-wiel")
    assert_clean(page)


def test_compare_two_kernen(page, dash_url, data, screenshot) -> None:
    open_page(page, dash_url + "/vergelijken", "#vergelijk-melding")
    assert "minstens twee" in page.inner_text("#vergelijk-melding")
    # The choice travels in the URL (what a shared link does); the dropdown then shows both kernen.
    page.goto(dash_url + "/vergelijken?kernen=Vuren,Buren")
    expect(page.get_by_role("checkbox", name="Vuren (West Betuwe)")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Buren (Buren)")).to_be_checked()
    page.wait_for_selector("#vergelijk-tabel")
    koppen = page.locator("#vergelijk-tabel thead a").all_inner_texts()
    assert koppen == ["Vuren", "Buren"]
    for gemeentecode, kern in (("GM1960", "Vuren"), ("GM0214", "Buren")):
        row = data.profiel(gemeentecode, kern).set_index("indicator_id").loc["aandeel_65_plus"]
        cel = page.inner_text(f"#vergelijk-tabel td[data-kern='{kern}'][data-indicator='aandeel_65_plus']")
        assert cel.startswith(fmt.waarde(row["waarde"], row["eenheid"], row["decimalen"]))
    page.wait_for_function("() => document.querySelectorAll('#vergelijk-inhoud .js-plotly-plot').length >= 2")
    screenshot(page, "vergelijken")
    assert_clean(page)


def test_kernagenda_filters(page, dash_url, data, screenshot) -> None:
    page.goto(dash_url + "/kernagenda")
    page.wait_for_selector("main h1")
    if data.kernagenda().empty:
        page.wait_for_selector("#kernagenda-geen-export")
        assert "Nog geen kernagenda-export geladen" in page.inner_text("#kernagenda-geen-export")
        screenshot(page, "kernagenda")
        assert_clean(page)
        return
    page.wait_for_selector("#agenda-tabel .ag-cell")
    # Sorting by the chooser above the table (the headers take no focus): kern Z to A.
    page.select_option("#agenda-tabel-sorteer", "kern|desc")
    page.wait_for_function(
        "() => { const rij = (e) => Number(e.closest('.ag-row').getAttribute('row-index'));"
        " const k = [...document.querySelectorAll('#agenda-tabel .ag-row .ag-cell[col-id=kern]')]"
        ".sort((a, b) => rij(a) - rij(b)).map(e => e.textContent);"
        " const z = [...k].sort((x, y) => y.localeCompare(x, 'nl'));"
        " return k.length > 1 && k[0] !== k[k.length - 1] && k.join('|') === z.join('|'); }"
    )
    voor = page.inner_text("#agenda-samenvatting")
    page.click("#agenda-status-keuze > summary")
    page.get_by_role("checkbox", name="gerealiseerd", exact=True).check()
    page.wait_for_function("(voor) => document.querySelector('#agenda-samenvatting').textContent !== voor", arg=voor)
    statussen = page.locator("#agenda-tabel .ag-cell[col-id='status']").all_inner_texts()
    assert statussen and set(statussen) == {"gerealiseerd"}
    punten = data.kernagenda()
    assert page.inner_text("#agenda-samenvatting").startswith(
        fmt.meervoud(int((punten["status"] == "gerealiseerd").sum()), "actiepunt", "actiepunten")
    )
    screenshot(page, "kernagenda")
    assert_clean(page)


def test_unknown_kern_gives_a_friendly_dutch_404(page, dash_url, screenshot) -> None:
    open_page(page, dash_url + "/kern/Atlantis", "#niet-gevonden")
    tekst = page.inner_text("#niet-gevonden")
    assert "Deze kern kennen we niet" in tekst and "Atlantis" in tekst
    assert "Traceback" not in page.content()
    screenshot(page, "kern-onbekend")
    page.get_by_role("link", name="Naar het overzicht van alle kernen").click()
    page.wait_for_selector("#kernen-GM1960 li")
    assert_clean(page)


def test_sources_page(page, dash_url, data, screenshot) -> None:
    open_page(page, dash_url + "/bronnen", "#bronnen-tabel")
    tekst = page.inner_text("#bronnen-tabel")
    for r in data.bronnen().itertuples():
        assert r.tabel in tekst and fmt.datum(r.revisie) in tekst
    # How the kernen are made: per gemeente a fold-out with its kernen as bold row headers (assets/tekst_tabel.js).
    page.get_by_role("button", name=re.compile(r"^West Betuwe: 26 kernen")).click()
    kop = page.get_by_role("rowheader", name="Beesd", exact=True)
    expect(kop).to_be_visible()
    assert kop.evaluate("th => getComputedStyle(th).fontWeight") == "700"
    screenshot(page, "bronnen")
    assert_clean(page)


def test_keyboard_reaches_the_menu_and_skip_link(page, dash_url) -> None:
    open_page(page, dash_url + "/", "#kernen-GM1960 li")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Direct naar de inhoud"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('nav') !== null")
    assert page.locator("html").get_attribute("lang") == "nl"


def test_pages_run_without_dash_s_polyfill(page, dash_url) -> None:
    """Dash's @babel/polyfill is not served (dashboards/app.py, _POLYFILL): the kern page and its late-loaded charts
    still work, on the `regeneratorRuntime` that dash-bootstrap-components defines."""
    open_page(page, dash_url + "/kern/Beesd", "#kern-trend .main-svg")
    scripts = page.evaluate("() => [...document.scripts].map((s) => s.src).filter(Boolean)")
    assert any("react-dom" in s for s in scripts) and not any("polyfill" in s for s in scripts)
    assert page.evaluate("() => typeof regeneratorRuntime") == "object"
    page.wait_for_function("() => document.querySelectorAll('.dash-graph .main-svg').length >= 8")
    assert_clean(page)


def test_a_chart_s_table_is_drawn_from_its_figures_as_one_component(page, dash_url, data) -> None:
    """The table behind a chart's "Toon als tabel" (dashboards/tekst_tabel.py, drawn by assets/tekst_tabel.js):
    the markup of a Bootstrap table, column and row headers for screen readers, and every cell the text
    alternative of the chart the server made. And the tiles stand four in a row on a wide screen (a CSS grid)."""
    from dash import dcc

    from dashboards import charts
    from dashboards.views.kernprofiel import profiel_pagina

    pagina = profiel_pagina(data, "Vuren")
    figuur = next(c.figure for c in pagina._traverse() if isinstance(c, dcc.Graph) and c.id == "kern-leeftijd")
    alternatief = charts.tekstalternatief(figuur)

    open_page(page, dash_url + "/kern/Vuren", "#kern-leeftijd .main-svg")
    tabel = page.locator("#kern-leeftijd-tabel")
    assert not tabel.is_visible()
    page.locator("#kern-leeftijd").locator("xpath=ancestor::div[contains(@class,'card-body')]").get_by_text(
        "Toon als tabel"
    ).click()
    expect(tabel).to_be_visible()
    assert tabel.evaluate("t => t.tagName + ' ' + t.className") == "TABLE table table-sm table-striped"
    assert tabel.locator("thead th[scope=col]").all_inner_texts() == alternatief.kop
    rijen = tabel.locator("tbody tr")
    assert rijen.count() == len(alternatief.regels)
    for nr, regel in enumerate(alternatief.regels):
        rij = rijen.nth(nr)
        assert rij.locator("th[scope=row]").inner_text() == regel[0]
        assert rij.locator("td").all_inner_texts() == [str(cel) for cel in regel[1:]]

    bovenkanten = page.eval_on_selector_all(
        "#sectie-kopcijfers .tegel", "tegels => tegels.map((t) => Math.round(t.getBoundingClientRect().top))"
    )
    assert len(bovenkanten) > 4 and bovenkanten[:4] == [bovenkanten[0]] * 4 and bovenkanten[4] > bovenkanten[0]
    assert_clean(page)


def test_a_page_opened_by_its_address_comes_with_the_layout_and_links_still_go_through_the_router(
    page, dash_url
) -> None:
    """A reader who opens /kern/<naam> gets the page inside Dash's layout (dashboards/app.py, _page_in_layout): no
    request to the pages router, the page's title set, its callbacks answered. A link then changes the page through
    the router as before."""
    router_posts: list[str] = []

    def note(request) -> None:
        body = (request.post_data or "") if request.method == "POST" else ""
        if "_dash-update-component" in request.url and "_pages_content" in body:
            router_posts.append(body)

    page.on("request", note)
    open_page(page, dash_url + "/kern/Eck%20en%20Wiel", "#kern-trend .main-svg")
    assert page.inner_text("#kern-naam") == "Eck en Wiel"
    page.wait_for_function("() => document.title.includes('Eck en Wiel')")
    assert router_posts == [], "the router was asked for a page the layout already held"
    page.get_by_role("navigation", name="Kruimelpad").get_by_role("link", name="Overzicht").click()
    page.wait_for_selector("#overzicht-staven .main-svg")
    assert len(router_posts) == 1 and "GM0214" in router_posts[0]
    assert_clean(page)


def test_the_survey_tables_are_drawn_as_one_component_each_with_their_caption(page, dash_url, data) -> None:
    """Wat inwoners zeggen: each measurement's table is one TekstTabel with a caption, its rows not shaded in turn:
    the caption names the measurement, each question is its row's header, and every cell is what the server
    wrote."""
    from dashboards.tekst_tabel import TekstTabel
    from dashboards.views.kernprofiel.wat_inwoners_zeggen import sectie

    tabellen = [c for c in sectie(data, data.kern("Zoelen", "GM0214"))._traverse() if isinstance(c, TekstTabel)]
    assert tabellen, "de demo heeft enquêtes die Zoelen noemen"
    open_page(page, dash_url + "/kern/Zoelen", "#wat-inwoners-zeggen table")
    getekend = page.evaluate(
        """() => [...document.querySelectorAll('#wat-inwoners-zeggen table')].map(t => ({
            klassen: t.className.split(' '), bijschrift: t.caption ? t.caption.textContent : null,
            kop: [...t.tHead.rows[0].cells].map(c => [c.tagName, c.scope, c.textContent]),
            regels: [...t.tBodies[0].rows].map(r => [...r.cells].map(c => [c.tagName, c.scope, c.className,
                c.textContent]))}))"""
    )
    assert len(getekend) == len(tabellen)
    for tabel, dom in zip(tabellen, getekend, strict=True):
        assert dom["bijschrift"] == tabel.bijschrift and dom["bijschrift"]
        assert {"enquete-tabel", "caption-top", "table", "table-sm"} <= set(dom["klassen"])
        assert "table-striped" not in dom["klassen"]
        assert dom["kop"] == [["TH", "col", k] for k in tabel.kop]
        assert [[cel[3] for cel in rij] for rij in dom["regels"]] == tabel.regels
        for rij in dom["regels"]:
            assert rij[0][:3] == ["TH", "row", "fw-bold"] and rij[1][2] == "enquete-kern"
    assert_clean(page)
