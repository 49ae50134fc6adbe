"""Keyboard alone (WCAG 2.1.1, 2.1.2, 2.4.3, 2.4.7): on every page type Tab reaches every link, button, field,
checkbox and fold-out, in the order the page reads (top to bottom, column by column), never gets stuck, and
always shows where it is; the key functions work with Enter, Space and the arrow keys.

The walk starts with nothing focused and presses Tab until focus has gone round the page once.
"""

from __future__ import annotations

import contextlib
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.axe import wait_until_quiet
from tests.browser.paginas import PAGINAS

pytestmark = pytest.mark.browser


# Everything the keyboard should reach: numbered in DOM order (data-kb), with its look while nothing has focus.
MARKEER_BEREIKBAAR = """() => {
    const stop = e => {
        if (e.disabled || e.type === 'hidden' || e.tabIndex < 0) return false;
        if (e.tagName === 'SUMMARY' && e.parentElement.firstElementChild !== e) return false;
        return e.checkVisibility({visibilityProperty: true});
    };
    const stops = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
        .filter(stop);
    // Chromium lets the keyboard into a box that scrolls and holds nothing focusable (a wide table), so that its
    // reader can scroll it: that box is a stop too.
    const scrollers = [...document.querySelectorAll('body *')].filter(e => {
        const s = getComputedStyle(e);
        const scrollt = (['auto', 'scroll'].includes(s.overflowX) && e.scrollWidth > e.clientWidth + 1) ||
                        (['auto', 'scroll'].includes(s.overflowY) && e.scrollHeight > e.clientHeight + 1);
        return scrollt && !stops.includes(e) && !stops.some(k => e.contains(k)) && e.checkVisibility();
    });
    const alle = [...stops, ...scrollers].sort(
        (a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    document.querySelectorAll('[data-kb]').forEach(e => e.removeAttribute('data-kb'));
    return alle.map((e, i) => {
        const s = getComputedStyle(e);
        e.setAttribute('data-kb', i);
        return {kb: i, naam: e.tagName.toLowerCase() + ' "' +
                    (e.innerText || e.getAttribute('aria-label') || e.value || '').trim().slice(0, 50) + '"',
                stijl: [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' ')};
    });
}"""

GEFOCUST = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const r = e.getBoundingClientRect();
    const s = getComputedStyle(e);
    // Where it sits on the page, also inside a box that has scrolled to show it.
    let x = r.left + scrollX, y = r.top + scrollY;
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
        x += p.scrollLeft;
        y += p.scrollTop;
    }
    let zicht = 1;
    for (let n = e; n; n = n.parentElement) zicht *= parseFloat(getComputedStyle(n).opacity);
    return {kb: e.hasAttribute('data-kb') ? Number(e.getAttribute('data-kb')) : -1,
            naam: e.tagName.toLowerCase() + ' "' +
                  (e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 50) + '"',
            x: x, y: y, breedte: r.width, hoogte: r.height,
            in_beeld: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
            stijl: [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' '),
            rand: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none',
            zicht: zicht};
}"""


def visit(page, url: str, selector: str) -> None:
    page.goto(url)
    page.wait_for_selector(selector)
    wait_until_quiet(page)


def tab_rond(page) -> tuple[list[dict], list[dict]]:
    """(what should be reachable, what Tab reached in order), once round the page from the top."""
    # Bootstrap scrolls smoothly to a focused element unless the reader asks for less motion: ask, so that where
    # the focus lands is where it is seen.
    page.emulate_media(reduced_motion="reduce")
    bereikbaar = page.evaluate(MARKEER_BEREIKBAAR)
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    bereikt: list[dict] = []
    for _ in range(len(bereikbaar) + 10):
        page.keyboard.press("Tab")
        # Plotly fades its download button in (0,3 s) once it has focus: judge it when it is there.
        page.wait_for_function(
            "() => { let z = 1; for (let n = document.activeElement; n; n = n.parentElement)"
            " z *= parseFloat(getComputedStyle(n).opacity);"
            " return z > 0.99 || document.activeElement === document.body; }"
        )
        gefocust = page.evaluate(GEFOCUST)
        if gefocust is None or (bereikt and gefocust["kb"] == bereikt[0]["kb"] and gefocust["kb"] >= 0):
            break
        bereikt.append(gefocust)
    return bereikbaar, bereikt


@pytest.mark.parametrize(("path", "selector"), PAGINAS, ids=[p for p, _ in PAGINAS])
def test_tab_reaches_everything_in_reading_order_with_a_visible_focus(page, dash_url, path, selector) -> None:
    visit(page, dash_url + path, selector)
    assert page.evaluate("() => [...document.querySelectorAll('[tabindex]')].filter(e => e.tabIndex > 0).length") == 0
    bereikbaar, bereikt = tab_rond(page)
    namen = {b["kb"]: b["naam"] for b in bereikbaar}
    volgorde = [b["kb"] for b in bereikt]

    # Every interactive element is reached, once, and Tab then leaves the page (no trap anywhere).
    gemist = [namen[k] for k in namen if k not in volgorde]
    assert not gemist, f"{path}: Tab bereikt niet: {gemist}"
    herhaald = [b["naam"] for i, b in enumerate(bereikt) if b["kb"] in volgorde[:i]]
    assert not herhaald, f"{path}: de focus blijft hangen op {herhaald[:3]}"
    assert -1 not in volgorde, f"{path}: Tab komt op iets onverwachts: {[b['naam'] for b in bereikt if b['kb'] < 0]}"

    # In reading order: the order of the page itself, and on screen top to bottom, or on to the next column.
    assert volgorde == sorted(volgorde), f"{path}: de tabvolgorde wijkt af van de volgorde op de pagina"
    for vorige, volgende in zip(bereikt, bereikt[1:], strict=False):
        omhoog = volgende["y"] < vorige["y"] - 8
        assert not omhoog or volgende["x"] > vorige["x"] + 20, (
            f"{path}: de focus springt terug omhoog van {vorige['naam']} naar {volgende['naam']}"
        )

    # A focus you can see: a thick outline (or shadow) that is not there without focus, on an element in view.
    rust = {b["kb"]: b["stijl"] for b in bereikbaar}
    for b in bereikt:
        assert b["rand"] and b["stijl"] != rust[b["kb"]], f"{path}: geen zichtbare focus op {b['naam']}"
        assert b["in_beeld"] and b["breedte"] > 1 and b["hoogte"] > 1, f"{path}: {b['naam']} heeft focus buiten beeld"
        assert b["zicht"] > 0.99, f"{path}: {b['naam']} heeft focus maar is onzichtbaar"


def test_skip_link_comes_first_and_jumps_to_the_content(page, dash_url) -> None:
    visit(page, dash_url + "/kern/Beesd", "#kern-naam")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Direct naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "inhoud"
    page.keyboard.press("Tab")  # the next stop is inside the content: the breadcrumb, not the menu
    assert page.evaluate("() => !!document.activeElement.closest('main')")


def test_overview_by_keyboard_choose_gemeente_sort_and_open_a_kern(page, dash_url) -> None:
    visit(page, dash_url + "/", "#kernen-tabel .ag-cell a")
    gemeente = page.locator("#overzicht-gemeente")
    voor = gemeente.input_value()
    gemeente.focus()
    page.keyboard.press("ArrowDown" if voor == "GM0214" else "ArrowUp")
    assert gemeente.input_value() != voor
    aantal = 26 if gemeente.input_value() == "GM1960" else 15
    page.wait_for_function("(n) => document.querySelectorAll('#kernen-tabel [role=row]').length === n + 3", arg=aantal)
    wait_until_quiet(page)

    # Sorting, which the grid's column headers offer to a mouse only: Z to A by keyboard.
    sorteer = page.locator("#kernen-tabel-sorteer")
    sorteer.focus()
    for _ in range(3):  # Zoals geladen, Kern: A tot Z, Kern: Z tot A
        if sorteer.input_value() != "kern|desc":
            page.keyboard.press("ArrowDown")
    assert sorteer.input_value() == "kern|desc"
    page.wait_for_function(
        "() => { const a = [...document.querySelectorAll('#kernen-tabel .ag-cell a')].map(e => e.textContent);"
        " return a.length > 1 && a.join('|') === [...a].sort((x, y) => y.localeCompare(x, 'nl')).join('|'); }"
    )

    # Tab goes from link to link through the table, not cell by cell, and Enter follows a kern's link.
    eerste = page.locator("#kernen-tabel .ag-cell a").first
    naam = eerste.inner_text()
    eerste.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") != naam
    eerste.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#kern-naam")
    assert page.inner_text("#kern-naam") == naam


def test_kern_profile_by_keyboard_trend_table_and_excel(page, dash_url) -> None:
    visit(page, dash_url + "/kern/Beesd", "#kern-trend .main-svg")
    titel = page.inner_text("#kern-trend-titel")
    page.locator("#kern-trend-indicator").focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_function("(t) => document.querySelector('#kern-trend-titel')?.textContent !== t", arg=titel)

    # A chart's data as a table: Enter on "Toon als tabel" opens it.
    samenvatting = page.locator("#kern-leeftijd-tabel").locator("xpath=ancestor::details/summary")
    samenvatting.focus()
    page.keyboard.press("Enter")
    assert page.locator("#kern-leeftijd-tabel").is_visible()

    with page.expect_download() as download:
        page.locator("#kern-xlsx-knop").focus()
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "kernmonitor-beesd.xlsx"


def test_a_choice_list_opens_and_ticks_by_keyboard(page, dash_url) -> None:
    visit(page, dash_url + "/vergelijken?kernen=Beesd,Maurik", "#vergelijk-tabel")
    cijfers = page.locator("#vergelijk-indicatoren-keuze")
    assert cijfers.get_attribute("open") is None
    cijfers.locator("summary").focus()
    page.keyboard.press("Enter")
    assert cijfers.get_attribute("open") is not None
    page.keyboard.press("Tab")
    eerste = page.evaluate(
        "() => document.activeElement.closest('#vergelijk-indicatoren-keuze') && document.activeElement.type"
    )
    assert eerste == "checkbox"

    vuren = page.get_by_role("checkbox", name="Vuren (West Betuwe)")
    vuren.focus()
    page.keyboard.press("Space")
    page.wait_for_function("() => document.querySelectorAll('#vergelijk-tabel thead a').length === 3")
    assert vuren.is_checked()


def test_kernagenda_filter_by_keyboard(page, dash_url) -> None:
    visit(page, dash_url + "/kernagenda", "main h1")
    if page.locator("#agenda-status-keuze").count() == 0:
        pytest.skip("geen kernagenda-export in deze publicatie")
    voor = page.inner_text("#agenda-samenvatting")
    page.locator("#agenda-status-keuze > summary").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    label = page.evaluate("() => document.activeElement.labels?.[0]?.textContent")
    page.keyboard.press("Space")
    page.wait_for_function("(voor) => document.querySelector('#agenda-samenvatting').textContent !== voor", arg=voor)
    # The grid draws its new rows after the summary has changed: give it time, then check what it shows.
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(
            "(label) => { const cellen = [...document.querySelectorAll(\"#agenda-tabel .ag-cell[col-id='status']\")];"
            " return cellen.length > 0 && cellen.every((cel) => cel.textContent === label); }",
            arg=label,
            timeout=10_000,
        )
    statussen = set(page.locator("#agenda-tabel .ag-cell[col-id='status']").all_inner_texts())
    assert statussen == {label}


def test_kansenkaart_by_keyboard(page, dash_url) -> None:
    visit(page, dash_url + "/kansenkaart?gemeente=GM1960&kern=Beesd", "#kansenkaart-kaart .main-svg")
    kern = page.locator("#kansenkaart-kern")
    kern.focus()
    page.keyboard.press("ArrowDown")
    nieuw = kern.input_value()
    assert nieuw != "Beesd"
    page.wait_for_function(
        "(k) => document.querySelector('#kansenkaart-pakket')?.textContent.includes('Kansenkaart-pakket ' + k)",
        arg=nieuw,
    )


def test_narrow_screen_menu_opens_by_keyboard(page, dash_url) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    try:
        visit(page, dash_url + "/bronnen", "#bronnen-tabel")
        knop = page.locator("#menu-knop")
        assert knop.is_visible() and not page.get_by_role("link", name="Kernagenda", exact=True).is_visible()
        knop.focus()
        page.keyboard.press("Enter")
        page.get_by_role("link", name="Kernagenda", exact=True).wait_for(state="visible")
        page.get_by_role("link", name="Kernagenda", exact=True).focus()
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/kernagenda$"))
    finally:
        page.set_viewport_size({"width": 1366, "height": 900})
