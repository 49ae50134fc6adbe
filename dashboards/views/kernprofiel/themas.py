"""The theme sections (Bevolking, Wonen en voorzieningen, Bedrijvigheid, ...): per theme its charts, then tiles
for the figures no chart or headline tile shows yet. The themes and their order are dashboards.vocabulary's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import html

from dashboards import charts, components
from dashboards import formatting as fmt
from dashboards.data import ServingData
from dashboards.views.kernprofiel import exports
from dashboards.views.kernprofiel.kopcijfers import KOPCIJFERS, Cijfers, tegels
from dashboards.vocabulary import (
    AUTO_BRANDSTOF,
    ENERGIE_AARDGAS,
    ENERGIE_ELEKTRICITEIT,
    LBM_DIMENSIES,
    LEEFTIJDSGROEPEN,
    OPLEIDINGSNIVEAU,
    UITKERINGEN,
    VOORZIENINGEN,
    WONINGMIX,
    WONINGTYPEN,
    thema_naam,
    thema_orde,
)

THEMA_INLEIDING = {
    "demografie": "Wie wonen er: leeftijden en huishoudens.",
    "wonen": "De woningen en hoe ver het is naar de dagelijkse voorzieningen.",
    "energie": "Hoeveel stroom en gas een woning gemiddeld gebruikt, en op welke brandstof de auto's rijden.",
    "economie": "Bedrijven en instellingen in de kern, per 1.000 inwoners en naar sector.",
    "onderwijs": "Welke opleiding inwoners hebben en hoeveel van hen werken.",
    "leefbaarheid": "Hoe leefbaar de buurten zijn volgens de Leefbaarometer van het Rijk.",
    "participatie": "Inkomen, en wat inwoners zelf oppakken: initiatieven, subsidies en de kernagenda.",
    "zorg": "Hoeveel inwoners een uitkering, jeugdzorg of hulp via de Wmo krijgen.",
}


@dataclass(frozen=True)
class Grafiek:
    titel: str
    id: str
    indicatoren: dict[str, str]  # a chart grouping of dashboards.vocabulary: indicator -> label
    toelichting: str
    figuur: Callable[[Cijfers, dict[str, str], str, str], go.Figure]  # (cijfers, indicatoren, kern, gemeente)


def _staven(cijfers, indicatoren, kern, gemeente, horizontaal=True, **opties) -> go.Figure:
    return charts.referentie_staven(cijfers, indicatoren, kern, gemeente, horizontaal=horizontaal, **opties)


GRAFIEKEN: dict[str, list[Grafiek]] = {
    "demografie": [
        Grafiek(
            "Leeftijdsopbouw",
            "kern-leeftijd",
            LEEFTIJDSGROEPEN,
            "Aandeel van de inwoners per leeftijdsgroep.",
            _staven,
        )
    ],
    "wonen": [
        Grafiek(
            "Woningmix",
            "kern-woningmix",
            WONINGMIX,
            "Corporatiewoningen zijn een deel van de huurwoningen.",
            lambda c, i, k, g: _staven(c, i, k, g, horizontaal=False),
        ),
        Grafiek(
            "Afstand tot voorzieningen",
            "kern-afstanden",
            VOORZIENINGEN,
            "Gemiddelde afstand over de weg; korter is beter.",
            _staven,
        ),
        Grafiek(
            "Woningtypen",
            "kern-woningtypen",
            WONINGTYPEN,
            "Aandeel van de woningen per type; samen is dat alle woningen.",
            lambda c, i, k, g: _staven(c, i, k, g, hoogte=380, as_titel="% van de woningen"),
        ),
    ],
    "energie": [
        Grafiek(
            "Stroom per woningtype",
            "kern-elektriciteit",
            ENERGIE_ELEKTRICITEIT,
            "Gemiddelde levering van elektriciteit per woning in een jaar, in kWh.",
            lambda c, i, k, g: _staven(c, i, k, g, hoogte=440, as_titel="kWh per woning per jaar"),
        ),
        Grafiek(
            "Gas per woningtype",
            "kern-aardgas",
            ENERGIE_AARDGAS,
            "Gemiddeld gebruik van aardgas per woning in een jaar, in m³.",
            lambda c, i, k, g: _staven(c, i, k, g, hoogte=440, as_titel="m³ aardgas per woning per jaar"),
        ),
        Grafiek(
            "Auto's naar brandstof",
            "kern-autobrandstof",
            AUTO_BRANDSTOF,
            "Aandeel van alle personenauto's van inwoners.",
            lambda c, i, k, g: _staven(c, i, k, g, hoogte=260, as_titel="% van de personenauto's"),
        ),
    ],
    "onderwijs": [
        Grafiek(
            "Opleidingsniveau",
            "kern-opleiding",
            OPLEIDINGSNIVEAU,
            "Hoogst behaalde opleiding van inwoners van 15 tot 75 jaar.",
            lambda c, i, k, g: _staven(c, i, k, g, hoogte=300, as_titel="% van de inwoners van 15 tot 75 jaar"),
        ),
    ],
    "zorg": [
        Grafiek(
            "Uitkeringen",
            "kern-uitkeringen",
            UITKERINGEN,
            "Mensen met een uitkering per 1.000 inwoners van 15 tot 65 jaar. AOW staat hieronder, de bijstand bij "
            "Inkomen en meedoen.",
            lambda c, i, k, g: _staven(c, i, k, g, hoogte=260, as_titel="per 1.000 inwoners van 15 tot 65 jaar"),
        ),
    ],
    "leefbaarheid": [
        Grafiek(
            "Leefbaarometer: de vijf dimensies",
            "kern-leefbaarometer",
            LBM_DIMENSIES,
            "Afwijking van het landelijk gemiddelde; rechts van de lijn is beter dan Nederland.",
            lambda c, _i, k, g: charts.leefbaarometer_dimensies(c, k, g),
        )
    ],
}


def _met_waarde(cijfers: Cijfers, ids) -> list[dict]:
    return [cijfers[i] for i in ids if i in cijfers and not fmt.is_missing(cijfers[i]["waarde"])]


def _bron(rows: list[dict]) -> str:
    """The source line of a chart: the latest year of its figures with a value, and their lowest coverage."""
    if not rows:
        return "Bron: –"
    jaren = [r["jaar"] for r in rows if not fmt.is_missing(r["jaar"])]
    laatste = [r for r in rows if r["jaar"] == max(jaren)][-1] if jaren else rows[-1]
    dekking = min((r["dekking"] for r in rows if not fmt.is_missing(r["dekking"])), default=None)
    return components.bron_tekst({**laatste, "dekking": dekking})


def grafiek_kaart(cijfers: Cijfers, kern: str, gemeente: str, grafiek: Grafiek):
    rows = _met_waarde(cijfers, grafiek.indicatoren)
    return components.grafiek_kaart(
        grafiek.titel,
        grafiek.figuur(cijfers, grafiek.indicatoren, kern, gemeente),
        grafiek.id,
        _bron(rows),
        any(not fmt.is_missing(r["synthetisch"]) and bool(r["synthetisch"]) for r in rows),
        toelichting=grafiek.toelichting,
    )


def thema_sectie(data: ServingData, kern: pd.Series, cijfers: Cijfers, thema: str) -> html.Section:
    deel = sorted((r for r in cijfers.values() if r["thema"] == thema), key=lambda r: r["label"])
    naam, gemeente = str(kern["kern"]), str(kern["gemeentenaam_getoond"])
    grafieken = GRAFIEKEN.get(thema, [])
    kaarten = [grafiek_kaart(cijfers, naam, gemeente, g) for g in grafieken]
    if thema == "participatie":
        kaarten += exports.subsidies_kaart(data, kern) + exports.kernagenda_kaart(data, kern)
    getoond = {i for g in grafieken for i in g.indicatoren} | set(KOPCIJFERS)
    overig = [r["indicator_id"] for r in deel if r["indicator_id"] not in getoond]
    inhoud: list = [
        html.H2(thema_naam(thema), className="h3"),
        html.P(THEMA_INLEIDING.get(thema, ""), className="text-body-secondary"),
    ]
    if kaarten:
        # Two cards a row; an odd last card takes the whole row (its legend then fits on one line).
        breedtes = [6] * (len(kaarten) - len(kaarten) % 2) + [12] * (len(kaarten) % 2)
        kolommen = [dbc.Col(k, lg=b, className="mb-3") for k, b in zip(kaarten, breedtes, strict=True)]
        inhoud.append(dbc.Row(kolommen, className="g-3"))
    if overig:
        inhoud.append(tegels(cijfers, overig))
    return html.Section(inhoud, className="mb-4 thema-sectie", id=f"sectie-{thema}")


def thema_secties(data: ServingData, kern: pd.Series, cijfers: Cijfers) -> list[html.Section]:
    """One section per theme the kern has figures for, in the vocabulary's order (a theme the catalogue adds
    later comes last)."""
    return [thema_sectie(data, kern, cijfers, t) for t in thema_orde(r["thema"] for r in cijfers.values())]
