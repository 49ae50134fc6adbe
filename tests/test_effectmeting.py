"""Effectmeting: Buren's pilot against its spiegelkernen. The difference in differences checked by hand against
marts.kern_indicators, the group rule for a share, the margin from CBS's rounding, the plain verdict, and the PDF
for the raad (its text and its tags)."""

from __future__ import annotations

import math
import os
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from dashboards.briefing.effectmeting import effectmeting_pdf
from dashboards.data import ServingData
from dashboards.views import effectmeting as view
from tests.test_pdf_tagged import assert_document, assert_tabel_met_koppen, structuur

BUREN = "GM0214"
PILOT = ["Ingen", "Ravenswaaij", "Zoelen"]
SPIEGEL = ["Kerk-Avezaath", "Maurik", "Ommeren"]


@pytest.fixture(scope="module")
def demo(request) -> ServingData:
    override = os.environ.get("KERNMONITOR_TEST_SERVING")
    return ServingData(Path(override) if override else request.getfixturevalue("serving_path"))


@pytest.fixture(scope="module")
def buren(demo) -> view.Analyse:
    """What the page opens on for Buren."""
    analyse = view.standaard_analyse(demo, BUREN)
    assert analyse is not None
    return analyse


def mart(demo: ServingData, indicator_id: str) -> pd.DataFrame:
    return demo.query(
        "select kern, jaar, waarde, synthetisch from marts.kern_indicators where gemeentecode = ? and indicator_id = ?",
        [BUREN, indicator_id],
    )


def uitkomst(analyse: view.Analyse, indicator_id: str) -> view.Uitkomst:
    return next(u for u in analyse.uitkomsten if u.indicator_id == indicator_id)


def test_buren_opens_on_its_pilot_against_the_spiegelkernen_from_2019_to_the_latest_year(demo, buren) -> None:
    assert sorted(buren.behandeld) == PILOT and sorted(buren.vergelijking) == SPIEGEL
    assert (buren.behandeld_naam, buren.vergelijking_naam) == ("pilot", "spiegel")
    assert buren.nulmeting == 2019 and buren.eindmeting == max(demo.jaren(BUREN))


def test_difference_in_differences_of_inwoners_by_hand(demo, buren) -> None:
    rijen = mart(demo, "inwoners")

    def som(kernen: list[str], jaar: int) -> float:
        return float(rijen[rijen["kern"].isin(kernen) & (rijen["jaar"] == jaar)]["waarde"].sum())

    n, e = buren.nulmeting, buren.eindmeting
    hand = (som(PILOT, e) - som(PILOT, n)) - (som(SPIEGEL, e) - som(SPIEGEL, n))
    u = uitkomst(buren, "inwoners")
    assert u.waarden[("behandeld", n)].waarde == som(PILOT, n)
    assert u.verschil == pytest.approx(hand)
    assert u.verschil != 0
    # The demo's 2019 buurt figures are synthetic: no margin, no verdict, and the page and table say so.
    assert rijen[rijen["jaar"] == n]["synthetisch"].any()
    assert u.synthetisch and u.marge is None and u.oordeel == view.SYNTHETISCH
    kop, regels = view.tabel_regels(buren)
    regel = next(r for r in regels if r[0].startswith("Inwoners"))
    assert regel[0] == "Inwoners *" and regel[-2] == "onbekend"
    assert regel[7] == ("+" if hand > 0 else "") + f"{hand:,.0f}".replace(",", ".")


def test_a_share_of_the_group_is_weighted_by_its_base(demo, buren) -> None:
    """Ouderen (65+) of the pilot = the 65+ of its kernen summed over their inhabitants summed."""
    aandeel, inwoners = mart(demo, "aandeel_65_plus"), mart(demo, "inwoners")
    e = buren.eindmeting
    rijen = aandeel[aandeel["kern"].isin(PILOT) & (aandeel["jaar"] == e)].merge(
        inwoners[inwoners["jaar"] == e], on=["kern", "jaar"], suffixes=("", "_inwoners")
    )
    hand = (rijen["waarde"] * rijen["waarde_inwoners"]).sum() / rijen["waarde_inwoners"].sum()
    assert uitkomst(buren, "aandeel_65_plus").waarden[("behandeld", e)].waarde == pytest.approx(hand)
    assert "gewogen naar inwoners" in uitkomst(buren, "aandeel_65_plus").regel


def test_rounding_margin_of_a_count_is_n_times_25_over_12() -> None:
    """12 buurten, each count rounded to fives: variance 12 x 25/12 = 25, so 95% margin 1,96 x 5."""
    rijen = pd.DataFrame(
        {
            "kern": ["A", "B", "C"],
            "waarde": [1000.0, 500.0, 250.0],
            "status": ["volledig"] * 3,
            "synthetisch": [False] * 3,
            "dekking": [1.0] * 3,
            "buurten": [4, 3, 5],
            "buurten_met_waarde": [4, 3, 5],
        }
    )
    regel = {"regel": "som", "afrondingsruis": True, "afronding_stap": 5.0, "factor": 1.0}
    groep = view.groepswaarde(rijen, None, regel, ["A", "B", "C"])
    assert groep.waarde == 1750 and groep.marge == pytest.approx(1.96 * 5)
    # Synthetic values were never rounded by CBS: no known margin.
    groep = view.groepswaarde(rijen.assign(synthetisch=True), None, regel, ["A", "B", "C"])
    assert groep.marge is None and groep.synthetisch
    # A kern without a value: no group value, and the reason names it.
    groep = view.groepswaarde(rijen.assign(waarde=[1000.0, None, 250.0]), None, regel, ["A", "B", "C"])
    assert groep.waarde is None and "B" in groep.reden
    # The DiD of four such values: the variances add up.
    assert math.hypot(math.hypot(9.8, 9.8), math.hypot(9.8, 9.8)) == pytest.approx(19.6)


@pytest.mark.parametrize(
    "verschil, marge, synthetisch, verwacht",
    [
        (12.0, 17.0, False, view.BINNEN_RUIS),
        (-12.0, 17.0, False, view.BINNEN_RUIS),
        (-125.0, 17.0, False, view.BUITEN_MARGE),
        (0.4, 0.3, False, view.BUITEN_MARGE),
        (-125.0, None, False, view.MARGE_ONBEKEND),
        (-125.0, 17.0, True, view.SYNTHETISCH),
        (None, 17.0, False, view.GEEN_GEGEVENS),
    ],
)
def test_the_verdict_never_claims_an_effect(verschil, marge, synthetisch, verwacht) -> None:
    tekst = view.oordeel(verschil, marge, synthetisch)
    assert tekst == verwacht
    assert "effect" not in tekst


def test_leefbaarometer_has_no_known_margin(demo, buren) -> None:
    regels = demo.groepsregels().set_index("indicator_id")
    assert not regels.loc["lbm_klasse", "afrondingsruis"] and regels.loc["inwoners", "afrondingsruis"]
    assert regels.loc["woz_gemiddeld", "gewicht_indicator"] == "woningvoorraad"
    assert regels.loc["groei_inwoners", "regel"] == "groei"


def test_suggested_comparison_group_is_similar_kernen_outside_the_pilot(demo) -> None:
    voorstel = view.voorgestelde_vergelijking(demo, BUREN, PILOT)
    assert len(voorstel) == 3 and not set(voorstel) & set(PILOT)
    assert set(voorstel) <= set(demo.kernen(BUREN)["kern"])


def test_the_pdf_for_the_raad_shows_the_table_and_is_tagged(demo, buren, tmp_path: Path) -> None:
    pdf = effectmeting_pdf(buren, demo.publication())
    pad = tmp_path / "effectmeting.pdf"
    pad.write_bytes(pdf)
    tekst = subprocess.run(["pdftotext", "-layout", str(pad), "-"], capture_output=True, text=True, check=True).stdout
    assert "Verschil in verandering per indicator" in tekst
    assert "Ingen, Ravenswaaij, Zoelen" in tekst and "synthetische voorbeeldgegevens" in tekst
    _, regels = view.tabel_regels(buren)
    inwoners = next(r for r in regels if r[0].startswith("Inwoners"))
    assert " ".join(inwoners[1:3]) in " ".join(tekst.split())
    reader, root = structuur(pdf)
    titel = f"Effectmeting pilot tegenover spiegel, {buren.nulmeting}–{buren.eindmeting}"
    assert_document(reader, titel)
    assert [h.tekst for h in root.alle("H1")] == ["Effectmeting pilot tegenover spiegel"]
    (tabel,) = root.alle("Table")
    assert_tabel_met_koppen(tabel)


def test_a_small_group_is_named_and_a_kern_in_both_groups_counts_once(demo) -> None:
    analyse = view.analyse(demo, BUREN, ["Ingen", "Zoelen"], ["Zoelen", "Aalst"], 2019, 2024, ["inwoners"])
    assert analyse.vergelijking == ["Aalst"]
    assert any(m.startswith("Kleine groep: vergelijkingsgroep (1 kern") for m in analyse.meldingen)
    assert any("Zoelen staat in beide groepen" in m for m in analyse.meldingen)


def test_a_group_goal_and_the_effectmeting_give_a_group_the_same_value(demo) -> None:
    """A group's value is made twice by the same rule (marts.indicator_groepsregel): in SQL for its goals
    (marts.kern_doelen) and in Python for the Effectmeting, where a user picks any kernen. They must agree."""
    doelen = demo.doelen()
    rows = doelen[(doelen["scope_soort"] == "groep") & doelen["waarde"].notna()]
    assert not rows.empty, "the example goals hold a group goal with values"
    for (gemeentecode, groep, indicator_id), goal in rows.groupby(["gemeentecode", "scope", "indicator_id"]):
        kernen = view.groepen(demo, gemeentecode)[groep]
        ander = [k for k in demo.kernen(gemeentecode)["kern"] if k not in kernen][:1]
        jaren = sorted(goal["jaar"].astype(int))
        for jaar in jaren:
            analyse = view.analyse(demo, gemeentecode, kernen, ander, jaren[0], jaar, [indicator_id])
            python = analyse.uitkomsten[0].waarden[("behandeld", jaar)].waarde
            sql = float(goal.loc[goal["jaar"] == jaar, "waarde"].iloc[0])
            assert python == pytest.approx(sql, rel=1e-9), (groep, indicator_id, jaar)
