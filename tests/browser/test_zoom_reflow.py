"""Zoom and reflow (WCAG 1.4.4 and 1.4.10): every page type at 320 CSS pixels wide and at 200% zoom of a 1280
pixel window loses nothing: no horizontal scrolling of the page (a wide table scrolls inside its own box), nothing
sticking out of the screen or cut off, and every text, tile, chart and control still there.

Browser zoom at 200% gives the page a viewport of half the window in CSS pixels: a 1280×1024 window is 640×512
CSS pixels, which is what the layout and its media queries see (the device pixel ratio only sharpens the
drawing). Screenshots: test-artifacts/screenshots/reflow-<page>-<width>.png.
"""

from __future__ import annotations

import re
import time
from collections import Counter

import pytest

from tests.browser.axe import wait_until_quiet
from tests.browser.paginas import PAGINAS

pytestmark = pytest.mark.browser

BREED = {"width": 1366, "height": 900}
SMAL = {
    "320px": {"width": 320, "height": 640},  # WCAG 1.4.10: 320 CSS pixels (1280 at 400%)
    "1280px-200procent": {"width": 640, "height": 512},  # a 1280×1024 window at 200% zoom
}

# What a reader can see: the words outside the charts (Plotly redraws its axes per width), and the number of
# tiles, charts, tables and controls. The menu is left out: on a narrow screen it folds away behind its button
# (test_keyboard opens it).
INHOUD = """() => {
    const zichtbaar = e => e.checkVisibility({visibilityProperty: true});
    const woorden = [];
    const loper = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
    for (let n = loper.nextNode(); n; n = loper.nextNode()) {
        const ouder = n.parentElement;
        if (!ouder || ouder.closest('.js-plotly-plot, script, style') || !zichtbaar(ouder)) continue;
        woorden.push(...n.textContent.split(/\\s+/).filter(Boolean));
    }
    const tel = s => [...document.querySelectorAll(s)].filter(zichtbaar).length;
    return {woorden: woorden.sort(),
            aantallen: Object.fromEntries(['main .tegel', 'main figure', 'main .js-plotly-plot', 'main table',
                'main h1, main h2, main h3', 'main a[href], main button, main select, main input, main summary',
                'footer a[href]'].map(s => [s, tel(s)]))};
}"""

# Elements that stick out of the screen, or whose text is cut off, outside a box that scrolls by itself.
BUITEN_BEELD = """() => {
    const W = document.documentElement.clientWidth;
    const naam = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' "' +
        (e.innerText || '').trim().slice(0, 40) + '"';
    const scrollt = e => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll') return true; } return false; };
    const buiten = [], afgekapt = [];
    for (const e of document.querySelectorAll('body *')) {
        if (e.closest('svg, .visually-hidden, .visually-hidden-focusable') || !e.checkVisibility()) continue;
        const r = e.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || scrollt(e)) continue;
        if (r.right > W + 1 || r.left < -1) buiten.push(naam(e) + ' ' + Math.round(r.left) + '–' + Math.round(r.right));
        const s = getComputedStyle(e);
        if ((s.overflowX === 'hidden' || s.overflowX === 'clip') && e.scrollWidth > e.clientWidth + 1
            && e.innerText?.trim() && !e.closest('.js-plotly-plot')) afgekapt.push(naam(e));
    }
    // Text can run out of its box (one long word) without the box itself growing.
    const loper = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = loper.nextNode(); n; n = loper.nextNode()) {
        const ouder = n.parentElement;
        if (!ouder || ouder.closest('svg, script, style, .visually-hidden, .visually-hidden-focusable') ||
            !ouder.checkVisibility() || scrollt(ouder) || !n.textContent.trim()) continue;
        const bereik = document.createRange();
        bereik.selectNodeContents(n);
        const r = bereik.getBoundingClientRect();
        if (r.width && (r.right > W + 1 || r.left < -1)) {
            buiten.push('tekst "' + n.textContent.trim().slice(0, 40) + '"');
        }
    }
    return {paginabreedte: document.documentElement.scrollWidth, venster: innerWidth,
            buiten: buiten.slice(0, 10), afgekapt: afgekapt.slice(0, 10)};
}"""


def bekijk(page, url: str, selector: str) -> None:
    page.goto(url)
    page.wait_for_selector(selector)
    wait_until_quiet(page)
    # AG Grid draws its rows after Dash's last answer: measure once the page's text has stopped changing (a CI run
    # under load once compared a half-drawn kernagenda table with a whole one).
    vorige, deadline = None, time.monotonic() + 10
    while (nu := page.evaluate(INHOUD)) != vorige and time.monotonic() < deadline:
        vorige = nu
        page.wait_for_timeout(250)


def _naam(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.split("?")[0].lower()).strip("-") or "overzicht"


@pytest.mark.parametrize(("path", "selector"), PAGINAS, ids=[p for p, _ in PAGINAS])
def test_page_reflows_without_loss_at_320px_and_at_200_percent(page, dash_url, screenshot, path, selector) -> None:
    page.set_viewport_size(BREED)
    bekijk(page, dash_url + path, selector)
    breed = page.evaluate(INHOUD)
    try:
        for breedte, venster in SMAL.items():
            page.set_viewport_size(venster)
            bekijk(page, dash_url + path, selector)
            meting = page.evaluate(BUITEN_BEELD)
            waar = f"{path} op {breedte}"
            assert meting["venster"] == venster["width"], waar
            assert not meting["buiten"], f"{waar}: steekt buiten het scherm: {meting['buiten']}"
            assert meting["paginabreedte"] <= meting["venster"] + 1, f"{waar}: de pagina scrolt horizontaal"
            assert not meting["afgekapt"], f"{waar}: tekst afgekapt: {meting['afgekapt']}"
            # A page that draws in steps may still be a step behind under load: the same text is waited for (10 s);
            # a reflow that loses text never gets there. The words only one of the two has are named, so a failure
            # says what differed (it was AG Grid's "Geen rijen om te tonen" over a full kernagenda at 320 px, under
            # load: components.ag_tabel now shows no such overlay).
            smal, deadline = page.evaluate(INHOUD), time.monotonic() + 10
            while smal != breed and time.monotonic() < deadline:
                page.wait_for_timeout(250)
                smal = page.evaluate(INHOUD)
            assert smal["aantallen"] == breed["aantallen"], waar
            breed_woorden, smal_woorden = Counter(breed["woorden"]), Counter(smal["woorden"])
            assert smal_woorden == breed_woorden, (
                f"{waar}: andere tekst dan op een breed scherm: alleen breed {dict(breed_woorden - smal_woorden)},"
                f" alleen smal {dict(smal_woorden - breed_woorden)}"
            )
            screenshot(page, f"reflow-{_naam(path)}-{breedte}")
    finally:
        page.set_viewport_size(BREED)
