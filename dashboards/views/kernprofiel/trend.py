"""Door de jaren en tussen de andere kernen: one chosen figure over the years, and the kern among the kernen of its
gemeente. The page's callback redraws the two cards when the reader picks another figure."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboards import charts, components
from dashboards import formatting as fmt
from dashboards.data import ServingData
from dashboards.views import gemeentenaam, kern_reeks, per_kern
from dashboards.vocabulary import indicator_keuzes

STANDAARD_TREND = "inwoners"


def trend_opties(profiel: pd.DataFrame) -> list[dict]:
    return indicator_keuzes(profiel)


def trend_figuren(data: ServingData, gemeentecode: str, kern: str, indicator_id: str) -> dict:
    """The trend of one indicator and where the kern stands among the kernen of its gemeente."""
    reeks = kern_reeks(data, gemeentecode, kern, indicator_id)
    gemeente = gemeentenaam(data, gemeentecode)
    alle_kernen = per_kern(data, gemeentecode, indicator_id)
    met_waarde = reeks.dropna(subset=["waarde"])
    if met_waarde.empty:
        bron = "Bron: –"
    else:
        jaren = met_waarde["jaar"].astype(int)
        laatste = met_waarde.iloc[-1]
        bron = f"Bron: {laatste['bron']} · {jaren.min()}–{jaren.max()} · dekking {fmt.aandeel(laatste['dekking'])}"
    return {
        "trend": charts.trend(reeks, kern, gemeente),
        "positie": charts.kernen_staven(alle_kernen, uitgelicht=[kern]),
        "bron": bron,
        "synthetisch": bool(met_waarde["synthetisch"].any())
        or bool(alle_kernen.loc[alle_kernen["waarde"].notna(), "synthetisch"].any()),
        "label": str(reeks["label"].iloc[0]) if not reeks.empty else indicator_id,
        "telling": charts.is_telling(reeks["eenheid"].iloc[0]) if not reeks.empty else False,
    }


def trend_kaarten(figuren: dict) -> list:
    return [
        dbc.Col(
            components.grafiek_kaart(
                f"{figuren['label']} door de jaren",
                figuren["trend"],
                "kern-trend",
                figuren["bron"],
                figuren["synthetisch"],
                toelichting=(
                    "Alleen de kern: een aantal valt niet te vergelijken met het totaal van gemeente of land."
                    if figuren["telling"]
                    else "Dikke lijn met rondjes: deze kern; stippellijn met vierkantjes: de gemeente; "
                    "streepjeslijn met ruitjes: Nederland."
                ),
                vol=False,
            ),
            lg=6,
            className="mb-3",
        ),
        dbc.Col(
            components.grafiek_kaart(
                f"{figuren['label']}: alle kernen van de gemeente",
                figuren["positie"],
                "kern-positie",
                figuren["bron"],
                figuren["synthetisch"],
                toelichting="Deze kern: donkerblauw en gearceerd, de naam vet met ▶."
                + ("" if figuren["telling"] else " Stippellijn: de gemeente."),
                vol=False,
            ),
            lg=6,
            className="mb-3",
        ),
    ]


def sectie(data: ServingData, kern: pd.Series, profiel: pd.DataFrame) -> html.Section:
    gemeentecode, naam = str(kern["gemeentecode"]), str(kern["kern"])
    ids = set(profiel["indicator_id"])
    standaard = STANDAARD_TREND if STANDAARD_TREND in ids else str(profiel["indicator_id"].iloc[0])
    return html.Section(
        [
            html.H2("Door de jaren en tussen de andere kernen", className="h3"),
            dbc.Row(
                dbc.Col(
                    [
                        dbc.Label("Kies een cijfer", html_for="kern-trend-indicator"),
                        dbc.Select(id="kern-trend-indicator", options=trend_opties(profiel), value=standaard),
                    ],
                    md=6,
                ),
                className="mb-3",
            ),
            dbc.Row(trend_kaarten(trend_figuren(data, gemeentecode, naam, standaard)), id="kern-trend-rij"),
        ],
        className="mb-4",
        id="sectie-trend",
    )
