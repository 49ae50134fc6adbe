"""Every page type, and several kernen, in the browser on the publications besides the demo (tests/publications.py):
a live refresh without synthetic values and a sparse one. A page that renders empty, an error in the browser
console, or a traceback in the server log fails the test (see the `page` fixture).

The demo is left out here because every other browser test runs on it (`dash_url` serves the session's demo
build, the same home as the `demo` publication): its tiles against the mart (test_dashboard_browser), its trend
section and every page type under axe-core (test_accessibility). Each page here costs seconds of Chromium on two
cores; a third pass over the demo added about two minutes to the test run and nothing it could catch."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from dashboards import formatting as fmt
from dashboards.data import ServingData
from dashboards.views.kernprofiel import KOPCIJFERS
from tests.browser.axe import assert_no_violations, wait_until_quiet
from tests.browser.paginas import open_alle_cijfers
from tests.conftest import PUBLICATIONS
from tests.publications import EMPTY_KERN

# The publications the demo-only browser tests do not reach: no synthetic value (live), suppressed cells (schaars).
BROWSER_PUBLICATIONS = tuple(name for name in PUBLICATIONS if name != "demo")

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# A large kern and the kern the sparse publication leaves without figures. Every kern's page of every publication
# is rendered and checked on the server (test_publications); a name with spaces in the URL is in the browser on
# the demo (test_accessibility, Eck en Wiel).
KERNEN = (("GM0214", "Maurik"), ("GM1960", EMPTY_KERN))


@pytest.fixture(scope="module", params=BROWSER_PUBLICATIONS)
def published(request, publication, serve) -> tuple[str, str, ServingData]:
    cfg = publication(request.param)
    return request.param, serve(cfg.serving_path), ServingData(cfg.serving_path)


def assert_clean(page) -> None:
    assert page.page_errors == [], page.page_errors
    assert page.external_requests == [], page.external_requests


def test_kern_profiles_show_their_headline_figures(page, published, screenshot) -> None:
    """Also without a WCAG 2.1 AA violation (axe-core) and without a synthetic badge: real figures reach paths the
    demo does not."""
    naam, url, data = published
    for nummer, (gemeentecode, kern) in enumerate(KERNEN):
        page.goto(f"{url}/kern/{quote(kern)}")
        page.wait_for_selector("#sectie-kopcijfers .tegel-waarde")
        assert page.inner_text("#kern-naam") == kern
        profiel = data.profiel(gemeentecode, kern).set_index("indicator_id")
        for indicator_id in KOPCIJFERS:
            row = profiel.loc[indicator_id]
            getoond = page.inner_text(f"#sectie-kopcijfers [data-indicator='{indicator_id}'] .tegel-waarde")
            assert getoond == fmt.waarde(row["waarde"], row["eenheid"], row["decimalen"]), (kern, indicator_id)
        # The trend section: the part of the page that broke on the first real figures. A count, a share and a
        # class on the first kern, the class on the others (each change redraws the section: ~2 s in the browser).
        trends = ("inwoners", "aandeel_65_plus", "stedelijkheid")
        for indicator_id in trends if nummer == 0 else trends[-1:]:
            page.select_option("#kern-trend-indicator", indicator_id)
            label = profiel.loc[indicator_id, "label"]
            page.wait_for_function(
                "(label) => document.querySelector('#kern-trend-rij')?.textContent.includes(label)", arg=label
            )
        open_alle_cijfers(page, len(profiel))
        assert page.locator(".badge-synthetisch").count() == 0
        assert page.locator("#synthetisch-melding").count() == 0
        wait_until_quiet(page)
        assert_no_violations(page, f"/kern/{kern} ({naam}, met de tabel met alle cijfers open)")
        screenshot(page, f"publicatie-{naam}-kern-{kern.replace(' ', '-').lower()}")
    assert_clean(page)


@pytest.mark.parametrize(
    "path, selector",
    [
        ("/", "#kernen-tabel .ag-cell"),
        ("/?gemeente=GM0214", "#overzicht-kaart .choroplethlayer path"),
        ("/vergelijken?kernen=Beesd,Maurik," + EMPTY_KERN, "#vergelijk-tabel"),
        ("/kernagenda", "main h1"),
        ("/kansenkaart?gemeente=GM1960&kern=" + EMPTY_KERN, "#kansenkaart-pakket"),
        ("/bronnen", "#bronnen-tabel"),
        ("/kern/Atlantis", "#niet-gevonden"),
    ],
)
def test_every_page_type(page, published, path: str, selector: str, screenshot) -> None:
    naam, url, _ = published
    page.goto(url + path)
    page.wait_for_selector(selector)
    assert page.inner_text("main").strip()
    wait_until_quiet(page)
    assert_no_violations(page, f"{path} ({naam})")
    screenshot(page, f"publicatie-{naam}-{path.strip('/').split('?')[0] or 'overzicht'}")
    assert_clean(page)
