"""Effectmeting: the change in a group of kernen (a pilot) against a comparison group, with the noise stated.

Per indicator: the group value at the nulmeting and the eindmeting, the change in each group, and the difference
between the changes (difference in differences, DiD). Every indicator goes the same way: it reads the long mart
marts.kern_indicators, and marts.indicator_groepsregel says how a group's value is made from its kernen (counts
summed; shares, rates and averages weighted by their base; growth weighted by the previous year's count; a class
as the inhabitant-weighted median).

The margin is honest about what it covers. CBS rounds every buurt count to a multiple of 5: an error of at most
2,5 either way, taken as uniform, so variance 5²/12 per rounded buurt count. A group value that rests on n rounded
buurt counts then has a known margin (95%: 1,96 standard deviations), propagated through ratios and growth; the
roundings of the two years and the two groups are independent, so the variances of a change and of the DiD add
up. Nothing else has a known margin here: Leefbaarometer scores, averages CBS publishes per buurt (WOZ, income,
distances) and synthetic values carry "marge onbekend" and never a verdict. The verdict is plain: "verschil valt
binnen de ruis" or "verschil groter dan de marge", never "effect": the margin covers rounding only, not chance in
a small group nor other differences between the groups.

Plain functions of the data; the page's callbacks only route. The PDF (dashboards/briefing/effectmeting.py) prints
the same `analyse`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboards import charts, components
from dashboards import formatting as fmt
from dashboards import vocabulary as v
from dashboards.data import ServingData, gemeente_naam

Z95 = 1.96
# A group with fewer inhabitants than this (or a single kern) is small: chance (a few households moving) moves its
# figures more than CBS's rounding does, and the margin does not cover chance.
KLEINE_GROEP_INWONERS = 2000
STANDAARD_INDICATOREN = [
    "inwoners",
    "aandeel_65_plus",
    "aandeel_0_15",
    "woningvoorraad",
    "lbm_klasse",
    "initiatieven_per_1000",
]
# Group names that open by default: the treatment group and its comparison group (see docs/effectmeting.md).
BEHANDEL_STANDAARD, VERGELIJK_STANDAARD = "pilot", "spiegel"
VOORSTEL = "__voorstel__"
ZELF = "__zelf__"

BINNEN_RUIS = "verschil valt binnen de ruis"
BUITEN_MARGE = "verschil groter dan de marge"
MARGE_ONBEKEND = "marge onbekend: geen oordeel"
SYNTHETISCH = "synthetische waarden: geen oordeel"
GEEN_GEGEVENS = "geen gegevens"

REGEL_UITLEG = (
    "Hoe een groep haar waarde krijgt: aantallen worden opgeteld over de kernen; aandelen, verhoudingen en "
    "gemiddelden zijn het gemiddelde van de kernen gewogen naar hun basis (aandeel ouderen naar inwoners, "
    "WOZ-waarde naar woningen), wat gelijk is aan de opgetelde tellers gedeeld door de opgetelde noemers; groei "
    "weegt naar het aantal van het jaar ervoor; een klasse (stedelijkheid) is die van de middelste inwoner. Waar "
    "de catalogus de basis niet kent, wegen we naar inwoners en zeggen we dat erbij."
)
RUIS_UITLEG = (
    "De marge (95%) komt van de afronding door CBS: elk buurtaantal is afgerond op een veelvoud van 5, dus "
    "hooguit 2,5 ernaast. Over n buurtaantallen geeft dat een spreiding van n × 25/12; de afrondingen van de "
    "twee jaren en de twee groepen tellen op. Voor cijfers zonder bekende marge (Leefbaarometer, gemiddelden "
    "die CBS per buurt publiceert, synthetische waarden) staat er 'marge onbekend' en geven we geen oordeel. "
    "De marge dekt niet het toeval in een kleine groep (een paar verhuizingen) en niet andere verschillen "
    "tussen de groepen: een verschil groter dan de marge is dus nog geen aangetoond effect van de aanpak."
)


# The analysis -------------------------------------------------------------------------------------------------


@dataclass
class GroepWaarde:
    """One group's value of one indicator in one year, with its margin (None: unknown) and what it rests on."""

    waarde: float | None
    marge: float | None = None
    synthetisch: bool = False
    dekking: float | None = None
    reden: str = ""
    afwijkend: list[str] = field(default_factory=list)  # "Zoelen: gedeeltelijk"


@dataclass
class Uitkomst:
    """One indicator: the four group values, the two changes, the DiD with its margin, and the verdict."""

    indicator_id: str
    label: str
    eenheid: str
    decimalen: int
    bron: str
    regel: str
    waarden: dict[tuple[str, int], GroepWaarde]
    verandering_behandeld: float | None
    marge_behandeld: float | None
    verandering_vergelijking: float | None
    marge_vergelijking: float | None
    verschil: float | None
    marge: float | None
    synthetisch: bool
    oordeel: str
    toelichting: str


@dataclass
class Analyse:
    gemeentecode: str
    gemeentenaam: str
    behandeld: list[str]
    vergelijking: list[str]
    behandeld_naam: str
    vergelijking_naam: str
    nulmeting: int
    eindmeting: int
    uitkomsten: list[Uitkomst]
    meldingen: list[str]

    @property
    def synthetisch(self) -> bool:
        return any(u.synthetisch for u in self.uitkomsten)


def oordeel(verschil: float | None, marge: float | None, synthetisch: bool = False) -> str:
    """The plain verdict on a difference in differences: within the noise, or larger than the margin; never an
    effect. Without a known margin (or on synthetic values) no verdict at all."""
    if verschil is None or (isinstance(verschil, float) and math.isnan(verschil)):
        return GEEN_GEGEVENS
    if synthetisch:
        return SYNTHETISCH
    if marge is None:
        return MARGE_ONBEKEND
    return BUITEN_MARGE if abs(verschil) > marge else BINNEN_RUIS


def afrondingsmarge(aantal_buurten: int, stap: float = 5.0) -> float:
    """Standard deviation of a sum of `aantal_buurten` counts each rounded to a multiple of `stap` (uniform error
    of at most stap/2 either way: variance stap²/12 each)."""
    return math.sqrt(aantal_buurten * stap * stap / 12.0)


def _getal(value) -> float | None:
    return None if fmt.is_missing(value) else float(value)


def _regel(regels: pd.DataFrame, indicator_id: str) -> dict:
    hit = regels[regels["indicator_id"] == indicator_id]
    if hit.empty:  # a publication without the rule, or an indicator it does not know: inhabitants, stated
        return {"regel": "gewogen", "gewicht_indicator": "inwoners", "gewicht_exact": False, "afrondingsruis": False}
    return hit.iloc[0].to_dict()


def regel_tekst(regel: dict, labels: dict[str, str]) -> str:
    gewicht = labels.get(str(regel.get("gewicht_indicator")), str(regel.get("gewicht_indicator"))).lower()
    soort = regel["regel"]
    if soort == "som":
        return "opgeteld over de kernen"
    if soort == "groei":
        return f"groei van het opgetelde aantal ({gewicht})"
    if soort == "mediaan":
        return f"klasse van de middelste inwoner (mediaan gewogen naar {gewicht})"
    if bool(regel.get("gewicht_exact")):
        return f"gewogen naar {gewicht}"
    return "benadering: gewogen naar inwoners (de basis van dit cijfer staat niet in de catalogus)"


def groepswaarde(rijen: pd.DataFrame, gewichten: pd.DataFrame | None, regel: dict, kernen: list[str]) -> GroepWaarde:
    """The value of a group of kernen in one year from their rows of marts.kern_indicators (`rijen`) and, for a
    weighted rule, the rows of the weight indicator (`gewichten`, same year). Missing when a kern has no value: a
    partial group would say something about other kernen."""
    rijen = rijen.set_index("kern").reindex(kernen)
    afwijkend = [
        f"{kern}: {components.status_tekst(row) or row['status']}"
        for kern, row in rijen.iterrows()
        if not fmt.is_missing(row.get("waarde")) and str(row.get("status")) not in ("volledig", "nan")
    ]
    ontbreekt = [kern for kern, row in rijen.iterrows() if fmt.is_missing(row.get("waarde"))]
    if ontbreekt:
        statussen = sorted(
            {components.status_tekst(rijen.loc[k]) for k in ontbreekt if not fmt.is_missing(rijen.loc[k].get("status"))}
        )
        waarom = f" ({'; '.join(s for s in statussen if s)})" if any(statussen) else ""
        return GroepWaarde(None, reden=f"geen waarde voor {', '.join(ontbreekt)}{waarom}", afwijkend=afwijkend)
    waarden = rijen["waarde"].astype(float)
    synthetisch = bool(rijen["synthetisch"].astype(bool).any())
    dekking = float(rijen["dekking"].astype(float).min()) if rijen["dekking"].notna().any() else None
    buurten = int(rijen["buurten_met_waarde"].fillna(rijen["buurten"]).fillna(0).astype(int).sum())
    soort = regel["regel"]
    stap = float(regel.get("afronding_stap") or 5.0)
    factor = _getal(regel.get("factor")) or 1.0
    ruis = bool(regel.get("afrondingsruis"))
    # Synthetic values were not rounded by CBS: their margin is unknown.
    ruis = ruis and not synthetisch
    if soort == "som":
        marge = Z95 * afrondingsmarge(buurten, stap) if ruis else None
        return GroepWaarde(float(waarden.sum()), marge, synthetisch, dekking, afwijkend=afwijkend)
    if gewichten is None or gewichten.empty:
        return GroepWaarde(None, reden="het gewicht ontbreekt", afwijkend=afwijkend)
    gewichten = gewichten.set_index("kern").reindex(kernen)
    kolom = "vorig_jaar_waarde" if soort == "groei" else "waarde"
    if gewichten[kolom].isna().any():
        zonder = ", ".join(gewichten.index[gewichten[kolom].isna()])
        return GroepWaarde(None, reden=f"geen gewicht voor {zonder}", afwijkend=afwijkend)
    w = gewichten[kolom].astype(float)
    synthetisch = synthetisch or bool(gewichten["synthetisch"].astype(bool).any())
    ruis = ruis and not synthetisch
    if w.sum() <= 0:
        return GroepWaarde(None, reden="het gewicht is nul", afwijkend=afwijkend)
    if soort == "mediaan":
        volgorde = waarden.sort_values()
        cumulatief = w.reindex(volgorde.index).cumsum()
        waarde = float(volgorde[cumulatief >= w.sum() / 2].iloc[0])
        return GroepWaarde(waarde, None, synthetisch, dekking, afwijkend=afwijkend)
    waarde = float((waarden * w).sum() / w.sum())
    marge = None
    if ruis:
        # A ratio T/N * factor (or growth N1/N0 - 1): both counts rest on the same rounded buurten.
        verhouding = waarde / factor + (1.0 if soort == "groei" else 0.0)
        sd = (factor / w.sum()) * afrondingsmarge(buurten, stap) * math.sqrt(1.0 + verhouding * verhouding)
        marge = Z95 * sd
    return GroepWaarde(waarde, marge, synthetisch, dekking, afwijkend=afwijkend)


def _verschil(eind: GroepWaarde, begin: GroepWaarde) -> tuple[float | None, float | None]:
    if eind.waarde is None or begin.waarde is None:
        return None, None
    marge = None if eind.marge is None or begin.marge is None else math.hypot(eind.marge, begin.marge)
    return eind.waarde - begin.waarde, marge


def analyse(
    data: ServingData,
    gemeentecode: str,
    behandeld: list[str],
    vergelijking: list[str],
    nulmeting: int,
    eindmeting: int,
    indicator_ids: list[str],
    behandeld_naam: str = "behandelgroep",
    vergelijking_naam: str = "vergelijkingsgroep",
) -> Analyse:
    """The difference in differences of every chosen indicator between the two groups of kernen."""
    behandeld = list(dict.fromkeys(behandeld))
    dubbel = [k for k in vergelijking if k in behandeld]
    vergelijking = [k for k in dict.fromkeys(vergelijking) if k not in behandeld]
    catalogus = data.catalogus()
    labels = dict(zip(catalogus["indicator_id"], catalogus["label"], strict=True))
    regels = data.groepsregels()
    per_indicator = {i: _regel(regels, i) for i in indicator_ids}
    gewicht_ids = {str(r["gewicht_indicator"]) for r in per_indicator.values() if r["regel"] != "som"}
    alle_kernen = behandeld + vergelijking
    rijen = data.indicatoren_van_kernen(
        gemeentecode, alle_kernen, sorted(set(indicator_ids) | gewicht_ids | {"inwoners"}), [nulmeting, eindmeting]
    )
    meldingen: list[str] = []
    if dubbel:
        meldingen.append(
            f"{', '.join(dubbel)} {'staat' if len(dubbel) == 1 else 'staan'} in beide groepen en telt alleen mee "
            "in de behandelgroep."
        )
    for naam, kernen in ((behandeld_naam, behandeld), (vergelijking_naam, vergelijking)):
        inwoners = rijen[(rijen["indicator_id"] == "inwoners") & rijen["kern"].isin(kernen)]
        totaal = inwoners.groupby("jaar")["waarde"].sum(min_count=1).max() if not inwoners.empty else None
        if len(kernen) == 1 or (totaal is not None and not fmt.is_missing(totaal) and totaal < KLEINE_GROEP_INWONERS):
            grootte = f"{fmt.meervoud(len(kernen), 'kern', 'kernen')}"
            if totaal is not None and not fmt.is_missing(totaal):
                grootte += f", {fmt.getal(totaal)} inwoners"
            meldingen.append(
                f"Kleine groep: {naam} ({grootte}). Toeval (een paar verhuizingen of geboorten) weegt hier zwaar "
                "en zit niet in de marge; lees elk verschil met extra voorzichtigheid."
            )
    uitkomsten = []
    for indicator_id in indicator_ids:
        regel = per_indicator[indicator_id]
        eigen = rijen[rijen["indicator_id"] == indicator_id]
        if eigen.empty:
            continue
        gewicht = rijen[rijen["indicator_id"] == str(regel["gewicht_indicator"])]
        waarden: dict[tuple[str, int], GroepWaarde] = {}
        for groep, kernen in (("behandeld", behandeld), ("vergelijking", vergelijking)):
            for jaar in (nulmeting, eindmeting):
                waarden[(groep, jaar)] = groepswaarde(
                    eigen[(eigen["jaar"] == jaar) & eigen["kern"].isin(kernen)],
                    gewicht[(gewicht["jaar"] == jaar) & gewicht["kern"].isin(kernen)],
                    regel,
                    kernen,
                )
        vb, mb = _verschil(waarden[("behandeld", eindmeting)], waarden[("behandeld", nulmeting)])
        vv, mv = _verschil(waarden[("vergelijking", eindmeting)], waarden[("vergelijking", nulmeting)])
        verschil = None if vb is None or vv is None else vb - vv
        marge = None if verschil is None or mb is None or mv is None else math.hypot(mb, mv)
        synthetisch = any(w.synthetisch for w in waarden.values())
        eerste = eigen.iloc[0]
        uitleg = [regel_tekst(regel, labels).capitalize() + "."]
        namen = {"behandeld": behandeld_naam, "vergelijking": vergelijking_naam}
        redenen = [f"{namen[g]} {j}: {w.reden}" for (g, j), w in waarden.items() if w.reden]
        if redenen:
            uitleg.append("Geen groepswaarde: " + "; ".join(redenen) + ".")
        afwijkend = [f"{j}: {a}" for (_, j), w in waarden.items() for a in w.afwijkend]
        if afwijkend:
            uitleg.append("Status: " + "; ".join(sorted(set(afwijkend))) + ".")
        dekking = [w.dekking for w in waarden.values() if w.dekking is not None]
        if dekking and min(dekking) < 0.995:
            uitleg.append(f"Laagste dekking van een kern: {fmt.aandeel(min(dekking))}.")
        uitkomsten.append(
            Uitkomst(
                indicator_id=indicator_id,
                label=str(eerste["label"]),
                eenheid=str(eerste["eenheid"] or ""),
                decimalen=int(eerste["decimalen"]),
                bron=str(eerste["bron"] or ""),
                regel=regel_tekst(regel, labels),
                waarden=waarden,
                verandering_behandeld=vb,
                marge_behandeld=mb,
                verandering_vergelijking=vv,
                marge_vergelijking=mv,
                verschil=verschil,
                marge=marge,
                synthetisch=synthetisch,
                oordeel=oordeel(verschil, marge, synthetisch),
                toelichting=" ".join(uitleg),
            )
        )
    naam = gemeente_naam(data.gemeenten().set_index("gemeentecode")["gemeentenaam"].get(gemeentecode), gemeentecode)
    return Analyse(
        gemeentecode,
        naam,
        behandeld,
        vergelijking,
        behandeld_naam,
        vergelijking_naam,
        nulmeting,
        eindmeting,
        uitkomsten,
        meldingen,
    )


# Choices: groups, the suggested comparison group, years ------------------------------------------------------


def groepen(data: ServingData, gemeentecode: str | None) -> dict[str, list[str]]:
    """The named groups of a gemeente: name -> its kernen."""
    if not gemeentecode:
        return {}
    frame = data.kern_groepen(gemeentecode)
    return {str(g): list(rows["kern"].astype(str)) for g, rows in frame.groupby("groep", sort=True)}


def voorgestelde_vergelijking(data: ServingData, gemeentecode: str, behandeld: list[str]) -> list[str]:
    """The structurally most similar kernen of the treatment group (marts.kern_spiegelkernen) in the same
    gemeente, not in the group itself: as many as the group has, the nearest on average first."""
    if not behandeld:
        return []
    spiegel = data.spiegelkernen(gemeentecode)
    spiegel = spiegel[
        spiegel["kern"].isin(behandeld)
        & (spiegel["spiegel_gemeentecode"] == gemeentecode)
        & ~spiegel["spiegelkern"].isin(behandeld)
    ]
    if spiegel.empty:
        return []
    afstand = "afstand" if "afstand" in spiegel.columns else "rang"
    # How often a kern is named, then how near it is on average.
    score = spiegel.groupby("spiegelkern").agg(keer=("kern", "count"), afstand=(afstand, "mean"))
    score = score.sort_values(["keer", "afstand"], ascending=[False, True])
    return list(score.index[: len(behandeld)].astype(str))


def jaar_standaard(jaren: list[int]) -> tuple[int | None, int | None]:
    """Nulmeting 2019 (the Buren pilot's) when present, else the first year; eindmeting the last year."""
    if not jaren:
        return None, None
    return (2019 if 2019 in jaren else jaren[0]), jaren[-1]


def standaard_keuze(data: ServingData, gemeentecode: str | None) -> dict:
    """What the page opens on for a gemeente: a group named `pilot` (else the first group) against a group named
    `spiegel` (else the suggested comparison group), nulmeting 2019, eindmeting the latest year."""
    benoemd = groepen(data, gemeentecode)
    behandel = BEHANDEL_STANDAARD if BEHANDEL_STANDAARD in benoemd else next(iter(benoemd), None)
    vergelijk = VERGELIJK_STANDAARD if VERGELIJK_STANDAARD in benoemd and behandel != VERGELIJK_STANDAARD else VOORSTEL
    nul, eind = jaar_standaard(data.jaren(gemeentecode)) if gemeentecode else (None, None)
    return {
        "behandel": behandel or ZELF,
        "vergelijk": vergelijk,
        "nulmeting": None if nul is None else str(nul),
        "eindmeting": None if eind is None else str(eind),
    }


def standaard_analyse(data: ServingData, gemeentecode: str) -> Analyse | None:
    """What the page opens on for a gemeente (`standaard_keuze`, the standard indicators), or None when the gemeente
    has no named group: `kernmonitor export --format effectmeting` prints this."""
    keuze = standaard_keuze(data, gemeentecode)
    behandeld = kernen_van_keuze(data, gemeentecode, keuze["behandel"]) or []
    vergelijking = kernen_van_keuze(data, gemeentecode, keuze["vergelijk"], behandeld) or []
    if not behandeld or not vergelijking or keuze["nulmeting"] is None or keuze["nulmeting"] == keuze["eindmeting"]:
        return None
    return analyse(
        data,
        gemeentecode,
        behandeld,
        vergelijking,
        int(keuze["nulmeting"]),
        int(keuze["eindmeting"]),
        STANDAARD_INDICATOREN,
        groep_naam(keuze["behandel"], "behandelgroep"),
        groep_naam(keuze["vergelijk"], "vergelijkingsgroep"),
    )


def gemeente_opties(data: ServingData) -> list[dict]:
    frame = data.gemeenten()
    opties = []
    for r in frame.itertuples():
        naam = gemeente_naam(r.gemeentenaam, r.gemeentecode)
        opties.append(
            {"label": naam if naam == r.gemeentecode else f"{naam} ({r.gemeentecode})", "value": r.gemeentecode}
        )
    return opties


def kern_opties(data: ServingData, gemeentecode: str | None) -> list[dict]:
    if not gemeentecode:
        return []
    return [{"label": k, "value": k} for k in sorted(data.kernen(gemeentecode)["kern"].astype(str))]


def groep_opties(data: ServingData, gemeentecode: str | None, vergelijking: bool = False) -> list[dict]:
    opties = [
        {"label": f"{naam} ({', '.join(kernen)})", "value": naam}
        for naam, kernen in groepen(data, gemeentecode).items()
    ]
    if vergelijking:
        opties.insert(0, {"label": "Voorgestelde vergelijkingsgroep (meest vergelijkbare kernen)", "value": VOORSTEL})
    opties.append({"label": "Zelf kiezen", "value": ZELF})
    return opties


def kernen_van_keuze(
    data: ServingData, gemeentecode: str | None, keuze: str | None, behandeld: list[str] | None = None
) -> list[str] | None:
    """The kernen a group choice stands for; None for "zelf kiezen" (the checklist keeps what it has)."""
    if not gemeentecode or keuze in (None, ZELF):
        return None
    if keuze == VOORSTEL:
        return voorgestelde_vergelijking(data, gemeentecode, behandeld or [])
    return groepen(data, gemeentecode).get(keuze, [])


def van_gemeente(data: ServingData, gemeentecode: str | None, kernen: list[str] | None) -> list[str]:
    """The kernen of the list that belong to the gemeente (a list may still hold another gemeente's)."""
    if not gemeentecode:
        return []
    eigen = set(data.kernen(gemeentecode)["kern"].astype(str))
    return [k for k in kernen or [] if k in eigen]


def indicator_opties(data: ServingData) -> list[dict]:
    return v.indicator_keuzes(data.catalogus())


def jaar_opties(data: ServingData, gemeentecode: str | None) -> list[dict]:
    return [{"label": str(j), "value": str(j)} for j in (data.jaren(gemeentecode) if gemeentecode else [])]


# Showing it ---------------------------------------------------------------------------------------------------


def _eenheid(u: Uitkomst, verschil: bool) -> str | None:
    # A change in a percentage is in percentage points: 20% -> 22% is +2 %-punt (procentpunt), not +2%.
    if verschil and u.eenheid == "%":
        return "%-punt"
    return u.eenheid or None


def waarde_tekst(value: float | None, u: Uitkomst, teken: bool = False, decimalen: int | None = None) -> str:
    """A group value; with `teken` a change (sign shown, percentages in procentpunt)."""
    if value is None:
        return fmt.ONTBREEKT
    decimalen = u.decimalen if decimalen is None else decimalen
    if teken and round(value, decimalen) == 0:
        return fmt.met_eenheid(0, decimalen, _eenheid(u, teken))
    tekst = fmt.met_eenheid(value, decimalen, _eenheid(u, teken))
    return ("+" + tekst) if teken and value > 0 else tekst


def marge_tekst(marge: float | None, u: Uitkomst, decimalen: int | None = None) -> str:
    if marge is None:
        return "onbekend"
    if decimalen is None:
        # A margin below the shown precision still exists: one more decimal, at least.
        decimalen = u.decimalen if marge >= 10 ** (-u.decimalen) else u.decimalen + 1
    return "± " + fmt.met_eenheid(marge, decimalen, _eenheid(u, True))


def verschil_decimalen(u: Uitkomst) -> int:
    """Decimals for the DiD and its margin: more when, rounded, they would look the same (+0,3 against ± 0,3)."""
    decimalen = u.decimalen if u.marge is None or u.marge >= 10 ** (-u.decimalen) else u.decimalen + 1
    if u.verschil is None or u.marge is None:
        return decimalen
    while decimalen < u.decimalen + 3 and round(abs(u.verschil), decimalen) == round(u.marge, decimalen):
        decimalen += 1
    return decimalen


def _met_marge(value: float | None, marge: float | None, u: Uitkomst, teken: bool = False) -> str:
    tekst = waarde_tekst(value, u, teken)
    if value is None or marge is None:
        return tekst
    return f"{tekst} ({marge_tekst(marge, u)})"


def tabel_regels(a: Analyse) -> tuple[list[str], list[list[str]]]:
    """The table the page and the PDF print: one row per indicator."""
    n, e = a.nulmeting, a.eindmeting
    kop = [
        "Indicator",
        f"{a.behandeld_naam} {n}",
        f"{a.behandeld_naam} {e}",
        f"Verandering {a.behandeld_naam}",
        f"{a.vergelijking_naam} {n}",
        f"{a.vergelijking_naam} {e}",
        f"Verandering {a.vergelijking_naam}",
        "Verschil in verandering",
        "Marge (95%)",
        "Oordeel",
    ]
    regels = []
    for u in a.uitkomsten:
        w = u.waarden
        regels.append(
            [
                u.label + (" *" if u.synthetisch else ""),
                waarde_tekst(w[("behandeld", n)].waarde, u),
                waarde_tekst(w[("behandeld", e)].waarde, u),
                _met_marge(u.verandering_behandeld, u.marge_behandeld, u, teken=True),
                waarde_tekst(w[("vergelijking", n)].waarde, u),
                waarde_tekst(w[("vergelijking", e)].waarde, u),
                _met_marge(u.verandering_vergelijking, u.marge_vergelijking, u, teken=True),
                waarde_tekst(u.verschil, u, teken=True, decimalen=verschil_decimalen(u)),
                marge_tekst(u.marge, u, verschil_decimalen(u)),
                u.oordeel,
            ]
        )
    return kop, regels


def samenvatting(a: Analyse) -> str:
    """One sentence on the whole table, for the page and the PDF."""
    tellen = {}
    for u in a.uitkomsten:
        tellen[u.oordeel] = tellen.get(u.oordeel, 0) + 1
    delen = []
    for soort, woord in (
        (BINNEN_RUIS, "binnen de ruis"),
        (BUITEN_MARGE, "groter dan de marge"),
        (MARGE_ONBEKEND, "zonder bekende marge"),
        (SYNTHETISCH, "op synthetische waarden (geen oordeel)"),
        (GEEN_GEGEVENS, "zonder gegevens"),
    ):
        if tellen.get(soort):
            delen.append(f"{tellen[soort]} {woord}")
    if not delen:
        return "Geen indicatoren gekozen."
    return (
        f"Van {fmt.meervoud(len(a.uitkomsten), 'indicator', 'indicatoren')}: {', '.join(delen)}. "
        "Een verschil groter dan de marge is nog geen aangetoond effect: de marge dekt alleen de afronding door CBS."
    )


def figuur(a: Analyse, indicator_id: str | None):
    """Both groups at the nulmeting and the eindmeting (with their margins), and the dashed line the treatment
    group would have followed with the comparison group's change: the gap at the end is the DiD."""
    u = next((x for x in a.uitkomsten if x.indicator_id == indicator_id), None)
    if u is None:
        return charts.leeg("Kies een indicator met gegevens")
    n, e = a.nulmeting, a.eindmeting
    w = u.waarden
    if any(w[k].waarde is None for k in w):
        return charts.leeg(f"Geen groepswaarden voor {u.label}")
    schaal = lambda v: fmt.scale_for_axis(v, u.eenheid)  # noqa: E731 - a one-line helper
    traces = []
    for groep, naam, kleur, symbool in (
        ("behandeld", a.behandeld_naam, v.KLEUR_KERN, "circle"),
        ("vergelijking", a.vergelijking_naam, v.KLEUR_GEMEENTE, "square"),
    ):
        punten = [w[(groep, n)], w[(groep, e)]]
        trace = {
            "type": "scatter",
            "x": [n, e],
            "y": [schaal(p.waarde) for p in punten],
            "text": [waarde_tekst(p.waarde, u) for p in punten],
            "mode": "lines+markers",
            "name": naam,
            "line": {"color": kleur, "width": 3},
            "marker": {"size": 10, "symbol": symbool},
            "hovertemplate": "%{x}: %{text}<extra>" + naam + "</extra>",
        }
        if all(p.marge is not None for p in punten):
            trace["error_y"] = {"type": "data", "array": [schaal(p.marge) for p in punten], "visible": True}
        traces.append(trace)
    zonder = w[("behandeld", n)].waarde + (u.verandering_vergelijking or 0.0)
    traces.append(
        {
            "type": "scatter",
            "x": [n, e],
            "y": [schaal(w[("behandeld", n)].waarde), schaal(zonder)],
            "text": [waarde_tekst(w[("behandeld", n)].waarde, u), waarde_tekst(zonder, u)],
            "mode": "lines",
            "name": f"{a.behandeld_naam} met de verandering van de {a.vergelijking_naam}",
            "line": {"color": v.KLEUR_NEDERLAND, "width": 2, "dash": "dash"},
            "hovertemplate": "%{x}: %{text}<extra>zonder verschil</extra>",
        }
    )
    layout = charts.basis_layout(
        360,
        xaxis={"tickvals": [n, e], "tickformat": "d", "title": {"text": ""}},
        yaxis={"title": {"text": fmt.as_axis_title(u.eenheid)}},
    )
    beschrijving = (
        f"{u.label}: {a.behandeld_naam} van {waarde_tekst(w[('behandeld', n)].waarde, u)} in {n} naar "
        f"{waarde_tekst(w[('behandeld', e)].waarde, u)} in {e}; {a.vergelijking_naam} van "
        f"{waarde_tekst(w[('vergelijking', n)].waarde, u)} naar {waarde_tekst(w[('vergelijking', e)].waarde, u)}. "
        f"Verschil in verandering {waarde_tekst(u.verschil, u, teken=True)}, marge {marge_tekst(u.marge, u)}: "
        f"{u.oordeel}."
    )
    return charts.figuur(traces, layout, u.synthetisch, categorie="Jaar", beschrijving=beschrijving)


def _oordeel_badge(u: Uitkomst):
    kleur = {BUITEN_MARGE: "primary", BINNEN_RUIS: "secondary"}.get(u.oordeel, "light")
    return dbc.Badge(u.oordeel, color=kleur, text_color="dark" if kleur == "light" else None, className="text-wrap")


def _tabel(a: Analyse) -> html.Div:
    kop, regels = tabel_regels(a)
    body = []
    for u, regel in zip(a.uitkomsten, regels, strict=True):
        label = [html.Span(u.label)]
        if u.synthetisch:
            label.append(components.synthetisch_badge())
        label.append(html.Div(u.toelichting, className="small text-muted"))
        cellen = [html.Th(label, scope="row", className="fw-normal")]
        cellen += [html.Td(c) for c in regel[1:-1]]
        cellen.append(html.Td(_oordeel_badge(u)))
        body.append(html.Tr(cellen, **{"data-indicator": u.indicator_id}))
    return components.scrollvak(
        dbc.Table(
            [html.Thead(html.Tr([html.Th(k, scope="col") for k in kop])), html.Tbody(body)],
            striped=True,
            size="sm",
            responsive=False,
            id="effect-tabel",
        ),
        "Tabel: verschil in verandering per indicator",
    )


def inhoud(
    data: ServingData,
    gemeentecode: str | None,
    behandeld: list[str] | None,
    vergelijking: list[str] | None,
    nulmeting: int | None,
    eindmeting: int | None,
    indicator_ids: list[str] | None,
    grafiek_indicator: str | None = None,
    behandeld_naam: str | None = None,
    vergelijking_naam: str | None = None,
):
    """The result block: notices, the table, the chart of one indicator, the method."""
    if not gemeentecode:
        return components.melding("Kies een gemeente.", "info", "effect-melding")
    # Kernen of another gemeente (left in a list when the gemeente changed) do not count.
    eigen = set(data.kernen(gemeentecode)["kern"].astype(str))
    behandeld = [k for k in behandeld or [] if k in eigen]
    vergelijking = [k for k in vergelijking or [] if k in eigen]
    if not behandeld or not vergelijking:
        return components.melding("Kies een behandelgroep en een vergelijkingsgroep.", "info", "effect-melding")
    if nulmeting is None or eindmeting is None or int(nulmeting) >= int(eindmeting):
        return components.melding("Kies een nulmeting die voor de eindmeting ligt.", "info", "effect-melding")
    if not indicator_ids:
        return components.melding("Kies minstens één indicator.", "info", "effect-melding")
    a = analyse(
        data,
        gemeentecode,
        behandeld,
        vergelijking,
        int(nulmeting),
        int(eindmeting),
        indicator_ids,
        behandeld_naam or "behandelgroep",
        vergelijking_naam or "vergelijkingsgroep",
    )
    if not a.vergelijking:
        return components.melding(
            "De vergelijkingsgroep heeft geen kernen buiten de behandelgroep.", "info", "effect-melding"
        )
    delen: list = [
        dcc.Store(id="effect-sleutel", data=sleutel(a, indicator_ids)),
        html.H2(
            f"{a.behandeld_naam.capitalize()} tegenover {a.vergelijking_naam}, {a.nulmeting}–{a.eindmeting}",
            className="h4 mt-2",
        ),
        html.P(
            [
                html.Strong(f"{a.behandeld_naam.capitalize()}: "),
                ", ".join(a.behandeld),
                html.Br(),
                html.Strong(f"{a.vergelijking_naam.capitalize()}: "),
                ", ".join(a.vergelijking),
            ]
        ),
    ]
    if a.synthetisch:
        aantal = sum(u.synthetisch for u in a.uitkomsten)
        delen.append(components.synthetisch_melding(aantal, "indicatoren in deze vergelijking"))
    for melding in a.meldingen:
        delen.append(dbc.Alert(melding, color="warning", className="effect-kleine-groep"))
    delen.append(html.P(samenvatting(a), id="effect-samenvatting", className="lead"))
    delen.append(_tabel(a))
    delen.append(
        html.Div(
            [
                dbc.Button("Download als PDF voor de raad", id="effect-pdf-knop", color="primary", className="me-2"),
                dcc.Download(id="effect-download"),
                dcc.Loading(html.Div(id="effect-download-melding", role="status"), type="dot"),
            ],
            className="d-print-none my-3",
        )
    )
    grafiek_indicator = grafiek_indicator if grafiek_indicator in indicator_ids else indicator_ids[0]
    u = next((x for x in a.uitkomsten if x.indicator_id == grafiek_indicator), None)
    titel = f"{u.label if u else 'Indicator'}: {a.behandeld_naam} en {a.vergelijking_naam}"
    delen.append(
        components.grafiek_kaart(
            titel,
            figuur(a, grafiek_indicator),
            "effect-grafiek",
            "Bron: " + (u.bron if u else "kernmonitor") + " · marts.kern_indicators",
            synthetisch=bool(u and u.synthetisch),
            toelichting="De stippellijn is de behandelgroep met de verandering van de vergelijkingsgroep; het gat "
            "aan het eind is het verschil in verandering. De streepjes om de punten zijn de afrondingsmarge.",
            vol=False,
        )
    )
    delen.append(methode_kaart())
    return html.Div(delen, id="effect-inhoud")


def methode_kaart() -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Hoe lezen we dit?", className="h5"),
                html.P(
                    "Verschil in verandering (difference in differences): de verandering in de behandelgroep min "
                    "de verandering in de vergelijkingsgroep. Wat in beide groepen gebeurt (de hele gemeente "
                    "vergrijst), valt zo weg."
                ),
                html.P(REGEL_UITLEG),
                html.P(RUIS_UITLEG),
                html.P(
                    [
                        "Oordeel: ",
                        html.Em(BINNEN_RUIS),
                        " als het verschil kleiner is dan de marge, ",
                        html.Em(BUITEN_MARGE),
                        " als het groter is. Zonder bekende marge of op synthetische waarden geven we geen oordeel. "
                        "Meer: docs/effectmeting.md en Bronnen en methode.",
                    ]
                ),
            ]
        ),
        className="bg-light my-3",
        id="effect-methode",
    )


def sleutel(a: Analyse, indicator_ids: list[str]) -> dict:
    return {
        "gemeentecode": a.gemeentecode,
        "behandeld": a.behandeld,
        "vergelijking": a.vergelijking,
        "nulmeting": a.nulmeting,
        "eindmeting": a.eindmeting,
        "indicatoren": list(indicator_ids),
        "behandeld_naam": a.behandeld_naam,
        "vergelijking_naam": a.vergelijking_naam,
    }


def download_bestand(data: ServingData, sleutel: dict) -> dict:
    """The dcc.Download payload of the PDF for the raad."""
    from dashboards.briefing.effectmeting import effectmeting_pdf

    a = analyse(
        data,
        sleutel["gemeentecode"],
        sleutel["behandeld"],
        sleutel["vergelijking"],
        int(sleutel["nulmeting"]),
        int(sleutel["eindmeting"]),
        sleutel["indicatoren"],
        sleutel["behandeld_naam"],
        sleutel["vergelijking_naam"],
    )
    naam = re.sub(r"[^\w-]+", "-", f"effectmeting-{a.behandeld_naam}-{a.nulmeting}-{a.eindmeting}".lower())
    return dcc.send_bytes(effectmeting_pdf(a, data.publication()), f"{naam.strip('-')}.pdf", type="application/pdf")


def groep_naam(keuze: str | None, standaard: str) -> str:
    if keuze in (None, ZELF):
        return standaard
    if keuze == VOORSTEL:
        return "voorgestelde vergelijkingsgroep"
    return str(keuze)


def pagina(data: ServingData, gemeente: str | None = None) -> html.Div:
    """The whole page: gemeente, the two groups (a named group, the suggestion, or kernen by hand), the years,
    the indicators, and the result."""
    gemeenten = gemeente_opties(data)
    codes = [o["value"] for o in gemeenten]
    gemeentecode = gemeente if gemeente in codes else (codes[0] if codes else None)
    keuze = standaard_keuze(data, gemeentecode)
    behandeld = kernen_van_keuze(data, gemeentecode, keuze["behandel"]) or []
    vergelijking = kernen_van_keuze(data, gemeentecode, keuze["vergelijk"], behandeld) or []
    jaren = jaar_opties(data, gemeentecode)
    return html.Div(
        [
            html.H1("Effectmeting", className="mb-2"),
            html.P(
                "Werkt een aanpak in een paar kernen (een pilot)? Vergelijk hoe de cijfers daar veranderden met "
                "hoe ze veranderden in vergelijkbare kernen zonder die aanpak. De pagina zegt eerlijk wanneer een "
                "verschil binnen de ruis valt.",
                className="lead",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label("Gemeente", html_for="effect-gemeente"),
                            dbc.Select(id="effect-gemeente", options=gemeenten, value=gemeentecode),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Nulmeting (jaar)", html_for="effect-nulmeting"),
                            dbc.Select(id="effect-nulmeting", options=jaren, value=keuze["nulmeting"]),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Eindmeting (jaar)", html_for="effect-eindmeting"),
                            dbc.Select(id="effect-eindmeting", options=jaren, value=keuze["eindmeting"]),
                        ],
                        md=4,
                    ),
                ],
                className="g-3 mb-2 bedieningsbalk d-print-none",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label("Behandelgroep", html_for="effect-behandel-groep"),
                            dbc.Select(
                                id="effect-behandel-groep",
                                options=groep_opties(data, gemeentecode),
                                value=keuze["behandel"],
                            ),
                            components.keuzelijst(
                                id="effect-behandel-kernen",
                                options=kern_opties(data, gemeentecode),
                                label="Kernen van de behandelgroep",
                                value=behandeld,
                            ),
                        ],
                        md=6,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Vergelijkingsgroep", html_for="effect-vergelijk-groep"),
                            dbc.Select(
                                id="effect-vergelijk-groep",
                                options=groep_opties(data, gemeentecode, vergelijking=True),
                                value=keuze["vergelijk"],
                            ),
                            components.keuzelijst(
                                id="effect-vergelijk-kernen",
                                options=kern_opties(data, gemeentecode),
                                label="Kernen van de vergelijkingsgroep",
                                value=vergelijking,
                            ),
                            html.Div(
                                voorstel_tekst(data, gemeentecode, behandeld),
                                id="effect-voorstel",
                                className="small text-muted mt-1",
                            ),
                        ],
                        md=6,
                    ),
                ],
                className="g-3 mb-2 bedieningsbalk d-print-none",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        components.keuzelijst(
                            id="effect-indicatoren",
                            options=indicator_opties(data),
                            label="Indicatoren",
                            value=STANDAARD_INDICATOREN,
                        ),
                        md=6,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Grafiek van", html_for="effect-grafiek-indicator"),
                            dbc.Select(
                                id="effect-grafiek-indicator",
                                options=[o for o in indicator_opties(data) if o["value"] in STANDAARD_INDICATOREN],
                                value=STANDAARD_INDICATOREN[0],
                            ),
                        ],
                        md=6,
                    ),
                ],
                className="g-3 mb-3 bedieningsbalk d-print-none",
            ),
            dcc.Loading(
                html.Div(
                    inhoud(
                        data,
                        gemeentecode,
                        behandeld,
                        vergelijking,
                        keuze["nulmeting"],
                        keuze["eindmeting"],
                        STANDAARD_INDICATOREN,
                        STANDAARD_INDICATOREN[0],
                        groep_naam(keuze["behandel"], "behandelgroep"),
                        groep_naam(keuze["vergelijk"], "vergelijkingsgroep"),
                    ),
                    id="effect-resultaat",
                ),
                type="default",
            ),
        ]
    )


def voorstel_tekst(data: ServingData, gemeentecode: str | None, behandeld: list[str]) -> str:
    voorstel = voorgestelde_vergelijking(data, gemeentecode, behandeld) if gemeentecode else []
    if not voorstel:
        return "Voorgestelde vergelijkingsgroep: geen (kies eerst kernen voor de behandelgroep)."
    return (
        f"Voorgestelde vergelijkingsgroep: {', '.join(voorstel)} (de kernen die qua opbouw het meest op de "
        "behandelgroep lijken, uit Vergelijkbare kernen)."
    )
