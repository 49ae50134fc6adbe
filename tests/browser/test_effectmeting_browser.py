"""The Effectmeting page in the browser: Buren's pilot against its spiegelkernen, with the difference in
differences of inwoners as the reader sees it, checked by hand against marts.kern_indicators."""

from __future__ import annotations

import pytest

from dashboards.data import ServingData
from tests.browser.axe import wait_until_quiet

pytestmark = pytest.mark.browser

PILOT, SPIEGEL = ["Ingen", "Ravenswaaij", "Zoelen"], ["Kerk-Avezaath", "Maurik", "Ommeren"]


def test_burens_pilot_shows_the_hand_checked_difference_and_says_what_the_noise_is(
    page, dash_url, dashboard_serving
) -> None:
    page.goto(dash_url + "/effectmeting?gemeente=GM0214")
    page.wait_for_selector("#effect-grafiek .main-svg")
    wait_until_quiet(page)
    data = ServingData(dashboard_serving)
    rijen = data.query(
        "select kern, jaar, waarde from marts.kern_indicators"
        " where gemeentecode = 'GM0214' and indicator_id = 'inwoners'"
    )
    eind = max(data.jaren("GM0214"))

    def som(kernen: list[str], jaar: int) -> float:
        return float(rijen[rijen["kern"].isin(kernen) & (rijen["jaar"] == jaar)]["waarde"].sum())

    hand = (som(PILOT, eind) - som(PILOT, 2019)) - (som(SPIEGEL, eind) - som(SPIEGEL, 2019))
    verwacht = ("+" if hand > 0 else "") + f"{hand:,.0f}".replace(",", ".")
    cellen = page.locator("#effect-tabel tr[data-indicator='inwoners'] td").all_inner_texts()
    assert cellen[6] == verwacht, cellen
    kop = page.locator("#effect-inhoud h2").first.inner_text()
    assert kop == f"Pilot tegenover spiegel, 2019–{eind}"
    oordeel = cellen[-1]
    assert oordeel in (
        "synthetische waarden: geen oordeel",
        "verschil valt binnen de ruis",
        "verschil groter dan de marge",
    )
    assert "effect aangetoond" not in page.inner_text("main")
    assert "De marge dekt niet het toeval" in page.inner_text("#effect-methode")
