"""The verdict rule's words and Dutch text, for the pages and the briefings. The rule itself is the dbt mart
`marts.kern_oordelen`.

Every verdict the project shows (the kern profile's "Opvallend", the Kansenkaart page and PDF, the raad briefing and
the XLSX) is read from that mart (`ServingData.oordelen`), so no two of them can disagree on a figure. Its
thresholds are the dbt vars oordeel_* in dbt_project.yml; the publication carries them in `marts.oordeel_regel`
(`ServingData.oordeel_regel`), and `regel_tekst` states those numbers, so the text and the verdicts cannot drift
apart either.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboards.formatting import getal

# The values of kern_oordelen.oordeel.
STERK = "sterk punt"
AANDACHT = "aandachtspunt"
OPVALLEND = "opvallend"
IN_LIJN = "in lijn met de gemeente"
GEEN = "geen oordeel"

OORDEEL_VOLGORDE = {STERK: 0, AANDACHT: 1, OPVALLEND: 2, IN_LIJN: 3, GEEN: 4}

# The kern profile's and the raad briefing's "Opvallend" show per verdict this many figures, the largest
# differences (the Kansenkaart lists them all): a short list a raadslid reads, the same in both.
SIGNALEN_PER_OORDEEL = 3
GEEN_SIGNALEN = "Geen sterke punten, aandachtspunten of opvallende cijfers: de kern is overal in lijn met de gemeente."

REGEL_TITEL = "Hoe kernmonitor sterke punten en aandachtspunten bepaalt"


def _procent(value) -> str:
    value = float(value)
    return f"{getal(value, 0 if value.is_integer() else 1)}%"


def _deel(kwart, beste: bool) -> str:
    """'het beste kwart' for 0.25 (the rule as raadsleden know it), else 'de beste 20%'."""
    woord = "beste" if beste else "slechtste"
    if abs(float(kwart) - 0.25) < 1e-9:
        return f"het {woord} kwart"
    return f"de {woord} {_procent(float(kwart) * 100)}"


def regel_tekst(drempels: Mapping) -> tuple[str, ...]:
    """The rule in Dutch, with the thresholds of the publication (`ServingData.oordeel_regel`)."""
    procent = _procent(drempels["drempel_procent"])
    return (
        "We vergelijken de kern met de eigen gemeente (het CBS-cijfer van de hele gemeente) en met de andere "
        "kernen van de gemeente, steeds in het laatste jaar met een waarde.",
        f"Sterk punt: de kern scoort beter dan de gemeente én het verschil is minstens {procent} van de "
        f"gemeentewaarde, of de kern hoort bij {_deel(drempels['kwart'], True)} van de kernen van de gemeente "
        "(naar boven afgerond, dus altijd minstens één kern).",
        f"Aandachtspunt: de kern scoort slechter dan de gemeente én het verschil is minstens {procent}, of de kern "
        f"hoort bij {_deel(drempels['kwart'], False)} van de kernen.",
        "Wat beter is, staat in de indicatorcatalogus (hoger is beter, of lager is beter). Indicatoren zonder "
        "richting (zoals het aandeel ouderen) zijn niet goed of slecht: die heten opvallend bij minstens "
        f"{_procent(drempels['drempel_opvallend'])} verschil met de gemeente, of als de kern de hoogste of laagste "
        "van de gemeente is.",
        "Bij groeicijfers en Leefbaarometer-afwijkingen (getallen rond nul) zegt een percentage niets: daar telt "
        "alleen de rangpositie.",
        "Aantallen (inwoners, woningen) zeggen iets over de omvang van de kern, niet over hoe het gaat: daar geven "
        "we geen oordeel. Zonder waarde of zonder gemeentecijfer ook niet. Synthetische (voorbeeld)cijfers krijgen "
        "wel een oordeel, maar dat is dan net zo fictief als het cijfer.",
        "Enquêtecijfers (zoals de burgerpeiling) rusten op een steekproef: die krijgen alleen een oordeel als het "
        "gemeentecijfer buiten de foutmarge (het 95%-interval) van de kern ligt; een kleiner verschil kan toeval zijn.",
    )


def signalen(beoordeeld: pd.DataFrame, per_oordeel: int = SIGNALEN_PER_OORDEEL) -> pd.DataFrame:
    """A kern's strongest strengths, attention points and notable figures (its rows of `ServingData.oordelen`):
    per verdict the first `per_oordeel` in the mart's order (largest difference first)."""
    gekozen = beoordeeld["oordeel"].isin([STERK, AANDACHT, OPVALLEND]) & (beoordeeld["volgorde"] <= per_oordeel)
    kies = beoordeeld[gekozen]
    # Mapped on the selection itself: a Series of the whole frame assigned to an empty selection would bring back
    # every row, as NaN (a kern without any verdict then crashed its profile page).
    kies = kies.assign(_orde=kies["oordeel"].map(OORDEEL_VOLGORDE))
    return kies.sort_values(["_orde", "volgorde"]).drop(columns="_orde").reset_index(drop=True)
