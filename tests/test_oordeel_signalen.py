"""The Opvallend section's choice of verdicts (dashboards/oordeel.signalen) for a kern with none to show: on all of
NL such kernen exist, and their profile page crashed (`KeyError: nan`) instead of saying there is nothing notable."""

from __future__ import annotations

import pandas as pd

from dashboards import oordeel
from dashboards.views.kernprofiel.opvallend import signalen_sectie


def _oordelen(verdicts: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kern": "Vorden",
            "indicator_id": [f"i{n}" for n in range(len(verdicts))],
            "oordeel": verdicts,
            "volgorde": range(1, len(verdicts) + 1),
        }
    )


def test_a_kern_without_any_verdict_has_no_signals() -> None:
    assert oordeel.signalen(_oordelen([oordeel.GEEN, oordeel.IN_LIJN, oordeel.GEEN])).empty


def test_the_page_section_says_so_in_dutch() -> None:
    class Data:
        def oordelen(self, gemeentecode, kern):
            return _oordelen([oordeel.GEEN, oordeel.IN_LIJN])

    sectie = signalen_sectie(Data(), pd.Series({"gemeentecode": "GM1859", "kern": "Vorden"}))
    assert oordeel.GEEN_SIGNALEN in str(sectie.to_plotly_json())


def test_signals_keep_the_order_of_the_verdicts() -> None:
    gekozen = oordeel.signalen(_oordelen([oordeel.OPVALLEND, oordeel.GEEN, oordeel.STERK]))
    assert gekozen["oordeel"].tolist() == [oordeel.STERK, oordeel.OPVALLEND]
