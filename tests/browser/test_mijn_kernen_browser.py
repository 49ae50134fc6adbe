"""Mijn kernen in the browser: a gebiedsmakelaar opens her page, follows a kern from it, and every page she then
reaches (the kern profile, the menu, the next page) stays narrowed to her kernen; axe finds nothing on the way."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlsplit

import pytest

from tests.browser.axe import assert_no_violations, wait_until_quiet

pytestmark = pytest.mark.browser

NAAM = "B. Bakker (VOORBEELD)"  # the demo register: West Betuwe's gebiedsmakelaar for Beesd and four more kernen
KERNEN = {"Beesd", "Rumpt", "Acquoy", "Rhenoy", "Gellicum"}


def _naam_in(url: str) -> str | None:
    return (parse_qs(urlsplit(url).query).get("gebiedsmakelaar") or [None])[0]


def _menu_links(page) -> dict[str, str]:
    return page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('#menu a.nav-link')]"
        ".map(a => [a.textContent.trim(), a.getAttribute('href')]))"
    )


def test_chooser_lists_every_gebiedsmakelaar(page, dash_url) -> None:
    page.goto(dash_url + "/mijn-kernen")
    page.wait_for_selector("#mijn-kernen-kiezer")
    wait_until_quiet(page)
    kiezer = page.inner_text("#mijn-kernen-kiezer")
    assert NAAM in kiezer and "kernambtenaar" in kiezer
    assert page.locator("#mijn-kernen-kiezer li").count() == 11  # 7 in West Betuwe, 4 in Buren
    assert_no_violations(page, "/mijn-kernen (kiezer)")


def test_narrowing_is_kept_from_mijn_kernen_to_a_kern_and_on(page, dash_url) -> None:
    page.goto(f"{dash_url}/mijn-kernen?gebiedsmakelaar={quote(NAAM)}")
    page.wait_for_selector("#mijn-kernen-kaart .main-svg")
    wait_until_quiet(page)
    assert NAAM in page.inner_text("#mijn-kernen-titel")
    tabel = page.inner_text("#mijn-kernen-tabel")
    assert all(kern in tabel for kern in KERNEN) and "Geldermalsen" not in tabel
    assert "al lang open" in page.inner_text("#mijn-kernen-agenda-samenvatting")
    assert "Bron: subsidie-export" in page.inner_text("#mijn-kernen-subsidies")
    assert_no_violations(page, "/mijn-kernen?gebiedsmakelaar=...")
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    assert_no_violations(page, "/mijn-kernen?gebiedsmakelaar=... met alles open")
    # The menu carries the narrowing.
    menu = _menu_links(page)
    assert _naam_in(menu["Kernagenda"]) == NAAM and _naam_in(menu["Overzicht"]) == NAAM, menu

    # Follow a kern from the page: the profile opens, narrowed, and names its gebiedsmakelaar and platform.
    page.click("#mijn-kernen-tabel a:text-is('Beesd')")
    page.wait_for_selector("#kern-naam:text-is('Beesd')")
    page.wait_for_selector("#vernauwing")
    wait_until_quiet(page)
    assert urlsplit(page.url).path == "/kern/Beesd" and _naam_in(page.url) == NAAM, page.url
    register = page.inner_text("#kern-register")
    assert NAAM in register and "Dorpsplatform Beesd (dorpsplatform)" in register
    assert _naam_in(_menu_links(page)["Kernagenda"]) == NAAM

    # On through the menu: the kernagenda, narrowed to her kernen.
    page.click("#menu a.nav-link:text-is('Kernagenda')")
    page.wait_for_selector("#agenda-samenvatting:not(:empty)")
    wait_until_quiet(page)
    assert urlsplit(page.url).path == "/kernagenda" and _naam_in(page.url) == NAAM, page.url
    assert "5 kernen" in page.inner_text("#agenda-samenvatting")
    assert NAAM in page.inner_text("#vernauwing")
    assert_no_violations(page, "/kernagenda?gebiedsmakelaar=...")

    # Ending the narrowing takes it off every link again.
    page.click("#vernauwing-opheffen")
    page.wait_for_selector("#overzicht-kaart .main-svg")
    wait_until_quiet(page)
    assert _naam_in(page.url) is None and page.locator("#vernauwing").count() == 0
    assert _naam_in(_menu_links(page)["Kernagenda"]) is None
