"""The map through time on the Overzicht: a year for the map and the ranking, and the change between two years."""

from __future__ import annotations

import pytest

from dashboards import formatting as fmt
from dashboards.data import ServingData
from tests.browser.axe import assert_no_violations, wait_until_quiet

pytestmark = pytest.mark.browser

KERN = "Beesd"


def _cel(page, tabel: str, kern: str) -> str:
    """The second cell of `kern`'s row in a chart's "Toon als tabel" table."""
    rij = page.locator(f"#{tabel} tr", has=page.locator(f"th:text-is('{kern}')"))
    return (rij.locator("td").first.text_content() or "").strip()


def test_changing_the_map_year_changes_map_ranking_and_change_map(page, dash_url, dashboard_serving) -> None:
    reeks = ServingData(dashboard_serving).indicator_reeks("GM1960", KERN, ["inwoners"]).dropna(subset=["waarde"])
    waarden = dict(zip(reeks["jaar"].astype(int), reeks["waarde"], strict=True))
    jaren = sorted(waarden)
    assert len(jaren) > 1, "de demo heeft inwoners van meer dan één jaar"
    eerste, laatste = jaren[0], jaren[-1]
    label = str(reeks["label"].iloc[0])

    page.goto(dash_url + "/?gemeente=GM1960&indicator=inwoners")
    page.wait_for_selector("#overzicht-staven .main-svg")
    wait_until_quiet(page)
    # By default the latest year, in the titles of the map and the ranking.
    assert page.input_value("#overzicht-jaar") == str(laatste)
    assert page.inner_text("#overzicht-staven-titel") == f"Kernen op volgorde: {label}, {laatste}"
    assert _cel(page, "overzicht-staven-tabel", KERN) == fmt.getal(waarden[laatste])
    assert "Grenzen: CBS-buurtkaart" in page.inner_text("#overzicht-kaart-kaart")

    page.select_option("#overzicht-jaar", str(eerste))
    page.wait_for_function(
        "(t) => document.querySelector('#overzicht-staven-titel')?.textContent === t",
        arg=f"Kernen op volgorde: {label}, {eerste}",
    )
    assert page.inner_text("#overzicht-kaart-titel") == f"Kaart: {label}, {eerste}"
    assert _cel(page, "overzicht-staven-tabel", KERN) == fmt.getal(waarden[eerste])
    assert _cel(page, "overzicht-kaart-tabel", KERN) == fmt.getal(waarden[eerste])

    # The change map: from the first to the latest year, signed, in the indicator's unit.
    assert page.input_value("#overzicht-van") == str(eerste)
    assert page.input_value("#overzicht-tot") == str(laatste)
    assert page.inner_text("#overzicht-verandering-titel") == f"Verandering: {label}, {eerste}–{laatste}"
    verschil = waarden[laatste] - waarden[eerste]
    verwacht = ("+" if round(verschil) > 0 else "-" if round(verschil) < 0 else "") + fmt.getal(abs(verschil))
    assert _cel(page, "overzicht-verandering-tabel", KERN) == verwacht
    wait_until_quiet(page)
    assert_no_violations(page, "/ met een ander kaartjaar")
