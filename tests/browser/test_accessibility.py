"""WCAG 2.1 AA as far as a machine can check it: axe-core on every page type, in the states a reader reaches (a
filter opened, a kern chosen, a chart changed), plus language, page titles, the footer link to the
toegankelijkheidsverklaring and verdicts that do not rest on colour alone.

A state is scanned with its fold-outs open (`open_fold_outs`): axe-core skips what a closed fold-out hides, so the
open state checks everything the closed one shows and the tables behind it too, in one scan (a scan of a kern
page takes 3 to 5 s of Chromium here, of the kernagenda 7 to 9 s).

axe-core is vendored (tests/browser/vendor/axe-core/, MPL-2.0): no network at test time.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from dashboards.data import ServingData
from dashboards.views import toegankelijkheid
from tests.browser.axe import assert_no_violations, axe_version, wait_until_quiet
from tests.browser.paginas import open_alle_cijfers

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def data(dashboard_serving) -> ServingData:
    return ServingData(dashboard_serving)


def visit(page, url: str, selector: str) -> None:
    page.goto(url)
    page.wait_for_selector(selector)
    wait_until_quiet(page)


def open_fold_outs(page) -> int:
    """Open every fold-out (the charts' "Toon als tabel", the Kansenkaart's indicator lists): their content is
    checked too. Returns how many there were."""
    return page.evaluate(
        "() => { const d = document.querySelectorAll('details'); d.forEach(e => e.open = true); return d.length; }"
    )


def test_overview(page, dash_url) -> None:
    visit(page, dash_url + "/", "#overzicht-kaart .choroplethlayer path")
    assert_no_violations(page, "/")
    page.select_option("#overzicht-gemeente", "GM0214")
    page.wait_for_function("() => document.querySelectorAll('#kernen-tabel [role=row]').length === 18")
    wait_until_quiet(page)
    assert open_fold_outs(page) >= 2
    assert_no_violations(page, "/ met Buren gekozen en de grafiektabellen open")


@pytest.mark.parametrize("kern", ["Beesd", "Geldermalsen", "Eck en Wiel"])
def test_kern_profile(page, dash_url, data, kern: str) -> None:
    visit(page, dash_url + "/kern/" + quote(kern), "#kern-trend .main-svg")
    assert open_fold_outs(page) >= 2
    open_alle_cijfers(page, len(data.profiel(data.kern(kern)["gemeentecode"], kern)))
    wait_until_quiet(page)
    assert_no_violations(page, f"/kern/{kern} met de grafiektabellen en de tabel met alle cijfers open")
    page.select_option("#kern-trend-indicator", "aandeel_65_plus")
    page.wait_for_function("() => document.querySelector('#kern-trend')?.textContent.includes('Nederland')")
    wait_until_quiet(page)
    open_fold_outs(page)  # the redrawn trend section's own tables
    assert_no_violations(page, f"/kern/{kern} met een ander trendcijfer")


def test_compare(page, dash_url) -> None:
    visit(page, dash_url + "/vergelijken?kernen=Beesd,Maurik", "#vergelijk-tabel")
    assert_no_violations(page, "/vergelijken?kernen=Beesd,Maurik")
    assert page.locator("#vergelijk-kernen-keuze").get_attribute("open") is not None  # the kernen: open at once
    page.click("#vergelijk-indicatoren-keuze > summary")
    page.get_by_role("checkbox", name="Vuren (West Betuwe)").check()
    page.wait_for_function("() => document.querySelectorAll('#vergelijk-tabel thead a').length === 3")
    wait_until_quiet(page)
    assert_no_violations(page, "/vergelijken met beide keuzelijsten open en een derde kern")


def test_compare_without_kernen(page, dash_url) -> None:
    visit(page, dash_url + "/vergelijken", "#vergelijk-melding")
    assert_no_violations(page, "/vergelijken zonder kernen")


def test_kernagenda_with_a_filter_open(page, dash_url) -> None:
    visit(page, dash_url + "/kernagenda", "main h1")
    assert_no_violations(page, "/kernagenda")
    if page.locator("#agenda-status-keuze").count() == 0:
        return  # a publication without a kernagenda export: the notice alone, checked above
    voor = page.inner_text("#agenda-samenvatting")
    page.click("#agenda-status-keuze > summary")
    page.get_by_role("checkbox", name="gerealiseerd", exact=True).check()
    page.wait_for_function("(voor) => document.querySelector('#agenda-samenvatting').textContent !== voor", arg=voor)
    wait_until_quiet(page)
    open_fold_outs(page)
    assert_no_violations(page, "/kernagenda met een status gekozen en alle keuzelijsten en de grafiektabel open")


def test_kansenkaart(page, dash_url) -> None:
    visit(page, dash_url + "/kansenkaart?gemeente=GM1960&kern=Beesd", "#kansenkaart-kaart .main-svg")
    assert_no_violations(page, "/kansenkaart?gemeente=GM1960&kern=Beesd")
    page.select_option("#kansenkaart-kern", "Meteren")
    page.wait_for_function("() => document.querySelector('#kansenkaart-pakket')?.textContent.includes('Meteren')")
    wait_until_quiet(page)
    assert open_fold_outs(page) >= 1
    assert_no_violations(page, "/kansenkaart met Meteren gekozen en alle indicatorlijsten open")


def test_effectmeting(page, dash_url) -> None:
    visit(page, dash_url + "/effectmeting?gemeente=GM0214", "#effect-grafiek .main-svg")
    assert_no_violations(page, "/effectmeting?gemeente=GM0214")
    page.select_option("#effect-vergelijk-groep", "__voorstel__")
    page.wait_for_function("() => document.querySelector('#effect-inhoud')?.textContent.includes('voorgestelde')")
    page.click("#effect-indicatoren-keuze > summary")
    wait_until_quiet(page)
    assert_no_violations(page, "/effectmeting met de voorgestelde vergelijkingsgroep en de indicatorlijst open")


def test_doelen_with_a_filter_and_the_rule_open(page, dash_url) -> None:
    visit(page, dash_url + "/doelen?gemeente=GM0214", "#doelen-lijst .main-svg")
    assert_no_violations(page, "/doelen?gemeente=GM0214")
    page.select_option("#doelen-gemeente", "GM1960")
    page.wait_for_function("() => document.querySelector('#doelen-lijst')?.textContent.includes('Geldermalsen')")
    voor = page.inner_text("#doelen-samenvatting")
    page.click("#doelen-status-keuze > summary")
    page.get_by_role("checkbox", name="Achter", exact=True).check()
    page.wait_for_function("(voor) => document.querySelector('#doelen-samenvatting').textContent !== voor", arg=voor)
    wait_until_quiet(page)
    assert open_fold_outs(page) >= 2
    assert_no_violations(
        page, "/doelen met West Betuwe en het statusfilter gekozen, de statusregel en de grafiektabellen open"
    )


def test_kern_profile_with_goals(page, dash_url) -> None:
    visit(page, dash_url + "/kern/Zoelen", "#sectie-doelen .main-svg")
    assert "groep pilot" in page.inner_text("#sectie-doelen")
    # Wat inwoners zeggen (resident surveys): n, margin, gewogen, and Zoelen's fall in response flagged.
    inwoners = page.inner_text("#wat-inwoners-zeggen")
    assert "gewogen" in inwoners and "n = " in inwoners and "niet vergelijkbaar" in inwoners
    assert_no_violations(page, "/kern/Zoelen met het blok Doelen en Wat inwoners zeggen")


@pytest.mark.parametrize(
    ("path", "selector"),
    [
        ("/bronnen", "#bronnen-tabel"),
        ("/jaarbeeld?gemeente=GM1960&van=2019&tot=2023", "#jaarbeeld-koppelingen"),
        ("/kern/Atlantis", "#niet-gevonden"),
        ("/bestaat-niet", "#niet-gevonden"),
        ("/beheer", "main h1"),
        ("/toegankelijkheid", "#toegankelijkheid-contact"),
    ],
)
def test_other_pages(page, dash_url, path: str, selector: str) -> None:
    visit(page, dash_url + path, selector)
    assert_no_violations(page, path)


PAGINAS = [
    "/",
    "/kern/Beesd",
    "/vergelijken",
    "/kernagenda",
    "/kansenkaart?gemeente=GM1960&kern=Beesd",
    "/effectmeting?gemeente=GM0214",
    "/doelen?gemeente=GM0214",
    "/mijn-kernen",
    "/jaarbeeld",
    "/bronnen",
    "/toegankelijkheid",
    "/bestaat-niet",
]


def test_every_page_is_dutch_has_its_own_title_and_links_the_statement(page, dash_url) -> None:
    titels = {}
    for path in PAGINAS:
        visit(page, dash_url + path, "footer #link-toegankelijkheid")
        assert page.locator("html").get_attribute("lang") == "nl", path
        titels[path] = page.title()
        assert titels[path].endswith(" – kernmonitor"), (path, titels[path])
        assert page.locator("main h1").count() == 1, path
    assert len(set(titels.values())) == len(PAGINAS), titels

    visit(page, dash_url + "/", "footer #link-toegankelijkheid")
    page.click("footer #link-toegankelijkheid")
    page.wait_for_selector("#toegankelijkheid-contact")
    assert page.url.endswith("/toegankelijkheid")
    assert page.inner_text("main h1") == "Toegankelijkheidsverklaring"


def test_statement_names_the_measurement_and_the_missing_contact(page, dash_url) -> None:
    visit(page, dash_url + "/toegankelijkheid", "#toegankelijkheid-contact")
    tekst = page.inner_text("main")
    assert f"axe-core {axe_version()}" in tekst, "de verklaring noemt een andere axe-versie dan de tests gebruiken"
    assert "WCAG 2.1 niveau AA" in tekst
    assert "PDF" in page.inner_text("#toegankelijkheid-problemen")
    # kernmonitor.toml ships a placeholder: the page says it still has to be filled in, and never shows it as a
    # contact address.
    contact = page.inner_text("#toegankelijkheid-contact")
    assert "nog niet ingevuld" in contact
    assert toegankelijkheid.CONTACT_PLAATSHOUDER not in contact
    assert re.search(r"opgesteld op \d{1,2} [a-z]+ \d{4}\.", page.inner_text("#toegankelijkheid-datum"))


def test_a_filled_in_contact_is_shown(tmp_path) -> None:
    config = tmp_path / "kernmonitor.toml"
    config.write_text('[toegankelijkheid]\ncontact = "toegankelijkheid@westbetuwe.nl"\n', encoding="utf-8")
    assert toegankelijkheid.contact(config) == "toegankelijkheid@westbetuwe.nl"
    placeholder = tmp_path / "placeholder.toml"
    placeholder.write_text(f'[toegankelijkheid]\ncontact = "{toegankelijkheid.CONTACT_PLAATSHOUDER}: …"\n')
    assert toegankelijkheid.contact(placeholder) is None


def test_verdicts_carry_a_word_and_a_sign_not_only_a_colour(page, dash_url) -> None:
    visit(page, dash_url + "/kern/Beesd", "#kern-naam")
    signalen = page.locator("#kern-signalen li.signaal")
    if signalen.count() == 0:
        pytest.skip("Beesd heeft in deze publicatie geen opvallende cijfers")
    for tekst in signalen.all_inner_texts():
        assert re.match(r"^[▲●◆]\s*(Sterk punt|Aandachtspunt|Opvallend): ", tekst), tekst
