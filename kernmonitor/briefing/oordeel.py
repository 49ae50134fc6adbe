"""The documented rule that marks a kern's indicators as strengths, points of attention or notable.

One rule for the Kansenkaart page, the Kansenkaart PDF and the "Opvallend" block of the raad briefing, so the
three never disagree. It compares a kern with its own gemeente (the gemeente's own CBS figure in
`kern_indicators.gemeente_waarde`) and with the other kernen of that gemeente (`rang` of `rang_van`, where the
mart ranks 1 = best for directional indicators and 1 = highest for neutral ones).
"""

from __future__ import annotations

import math

import pandas as pd

from kernmonitor.briefing.fmt import getal, is_missing

PROGRAMMAS = ("duurzaamheid", "sociale kracht", "klimaatadaptatie", "woningbouw")

# More than this relative difference from the gemeente counts, whatever the rank.
DREMPEL_PROCENT = 10.0
# Neutral indicators differ more between villages by nature (a village has more children or more
# owner-occupied homes than its gemeente): only a larger difference is worth a raadslid's attention.
DREMPEL_OPVALLEND = 20.0
# Or: among the best/worst quarter of the kernen of the gemeente (rounded up, so at least one kern).
KWART = 0.25

STERK = "sterk punt"
AANDACHT = "aandachtspunt"
OPVALLEND = "opvallend"
IN_LIJN = "in lijn met de gemeente"
GEEN = "geen oordeel"

OORDEEL_VOLGORDE = {STERK: 0, AANDACHT: 1, OPVALLEND: 2, IN_LIJN: 3, GEEN: 4}

REGEL_TITEL = "Hoe kernmonitor sterke punten en aandachtspunten bepaalt"
REGEL = (
    "We vergelijken de kern met de eigen gemeente (het CBS-cijfer van de hele gemeente) en met de andere "
    "kernen van de gemeente, steeds in het laatste jaar met een waarde.",
    f"Sterk punt: de kern scoort beter dan de gemeente én het verschil is minstens "
    f"{getal(DREMPEL_PROCENT, 0)}% van de gemeentewaarde, of de kern hoort bij het beste kwart van de kernen "
    "van de gemeente.",
    f"Aandachtspunt: de kern scoort slechter dan de gemeente én het verschil is minstens "
    f"{getal(DREMPEL_PROCENT, 0)}%, of de kern hoort bij het slechtste kwart van de kernen.",
    "Wat beter is, staat in de indicatorcatalogus (hoger is beter, of lager is beter). Indicatoren zonder "
    f"richting (zoals het aandeel ouderen) zijn niet goed of slecht: die heten opvallend bij minstens "
    f"{getal(DREMPEL_OPVALLEND, 0)}% verschil met de gemeente, of als de kern de hoogste of laagste van de "
    "gemeente is.",
    "Bij groeicijfers en Leefbaarometer-afwijkingen (getallen rond nul) zegt een percentage niets: daar telt "
    "alleen de rangpositie.",
    "Aantallen (inwoners, woningen) zeggen iets over de omvang van de kern, niet over hoe het gaat: daar geven "
    "we geen oordeel. Zonder waarde of zonder gemeentecijfer ook niet. Synthetische (voorbeeld)cijfers krijgen "
    "wel een oordeel, maar dat is dan net zo fictief als het cijfer.",
)


def _kwart(rang_van: int) -> int:
    return max(1, math.ceil(rang_van * KWART))


def _relative(waarde: float, gemeente: float, verschilmaat: bool) -> float | None:
    if verschilmaat or is_missing(gemeente) or gemeente == 0:
        return None
    return (waarde - gemeente) / abs(gemeente) * 100.0


def beoordeel(
    waarde,
    gemeente,
    richting: str | None,
    rang=None,
    rang_van=None,
    verschilmaat: bool = False,
    omvang: bool = False,
) -> tuple[str, str, float | None]:
    """(oordeel, Dutch reason, relative difference in % or None) for one indicator of one kern."""
    if is_missing(waarde):
        return GEEN, "geen waarde", None
    if omvang:
        return GEEN, "een aantal: niet te vergelijken met de hele gemeente", None
    if is_missing(gemeente):
        return GEEN, "geen gemeentecijfer om mee te vergelijken", None
    waarde, gemeente = float(waarde), float(gemeente)
    relatief = _relative(waarde, gemeente, verschilmaat)
    n = 0 if is_missing(rang_van) else int(rang_van)
    r = None if is_missing(rang) or n < 2 else int(rang)
    rang_tekst = f"rang {r} van {n} kernen" if r is not None else ""
    groot = relatief is not None and abs(relatief) >= DREMPEL_PROCENT

    if richting in ("hoger_beter", "lager_beter"):
        beter = waarde > gemeente if richting == "hoger_beter" else waarde < gemeente
        slechter = waarde < gemeente if richting == "hoger_beter" else waarde > gemeente
        top = r is not None and r <= _kwart(n)
        bodem = r is not None and r > n - _kwart(n)
        delen = []
        if relatief is not None and round(abs(relatief)) == 0:
            delen.append("vrijwel gelijk aan de gemeente")
        elif relatief is not None:
            delen.append(f"{getal(abs(relatief), 0)}% {'beter' if beter else 'slechter'} dan de gemeente")
        if rang_tekst:
            delen.append(rang_tekst)
        reden = "; ".join(delen)
        if beter and (groot or top):
            return STERK, reden, relatief
        if slechter and (groot or bodem):
            return AANDACHT, reden, relatief
        return IN_LIJN, reden, relatief

    # Neutral: notable, never good or bad.
    hoogste = r is not None and r == 1
    laagste = r is not None and r == n
    delen = []
    if relatief is not None and round(abs(relatief)) == 0:
        delen.append("vrijwel gelijk aan de gemeente")
    elif relatief is not None:
        delen.append(f"{getal(abs(relatief), 0)}% {'hoger' if relatief > 0 else 'lager'} dan de gemeente")
    if hoogste:
        delen.append(f"hoogste van de {n} kernen")
    elif laagste:
        delen.append(f"laagste van de {n} kernen")
    elif rang_tekst:
        delen.append(rang_tekst.replace("rang", "plaats"))
    reden = "; ".join(delen)
    if (relatief is not None and abs(relatief) >= DREMPEL_OPVALLEND) or hoogste or laagste:
        return OPVALLEND, reden, relatief
    return IN_LIJN, reden, relatief


def is_verschilmaat(berekening, eenheid) -> bool:
    """Growth rates and Leefbaarometer deviations hover around zero: a percentage of them means nothing."""
    return berekening == "growth" or eenheid == "score"


def beoordeel_profiel(profiel: pd.DataFrame, catalogus: pd.DataFrame | None = None) -> pd.DataFrame:
    """The kern profile (one row per indicator) with columns oordeel, reden and afwijking_pct added."""
    frame = profiel.copy()
    berekening = {}
    if catalogus is not None and "berekening" in catalogus.columns:
        berekening = dict(zip(catalogus["indicator_id"], catalogus["berekening"], strict=False))
    uitkomsten = [
        beoordeel(
            row.waarde,
            row.gemeente_waarde,
            row.richting,
            row.rang,
            row.rang_van,
            verschilmaat=is_verschilmaat(berekening.get(row.indicator_id), row.eenheid),
            omvang=row.eenheid == "aantal",
        )
        for row in frame.itertuples(index=False)
    ]
    frame["oordeel"] = [u[0] for u in uitkomsten]
    frame["reden"] = [u[1] for u in uitkomsten]
    frame["afwijking_pct"] = pd.array([u[2] for u in uitkomsten], dtype="Float64")
    return frame


def signalen(beoordeeld: pd.DataFrame, per_soort: int = 4) -> pd.DataFrame:
    """The strongest strengths, attention points and notable values, largest difference first."""
    kies = beoordeeld[beoordeeld["oordeel"].isin([STERK, AANDACHT, OPVALLEND])].copy()
    kies["_orde"] = kies["oordeel"].map(OORDEEL_VOLGORDE)
    kies["_gewicht"] = kies["afwijking_pct"].abs().astype("float64").fillna(0.0)
    kies = kies.sort_values(["_orde", "_gewicht"], ascending=[True, False])
    return kies.groupby("oordeel", sort=False).head(per_soort).drop(columns=["_orde", "_gewicht"])
