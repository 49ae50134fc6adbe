"""In één oogopslag: the headline figures of a kern as tiles (and the tiles every theme section reuses)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboards import components

KOPCIJFERS = [
    "inwoners",
    "woningvoorraad",
    "lbm_klasse",
    "aandeel_65_plus",
    "woz_gemiddeld",
    "afstand_huisarts_km",
    "inkomen_per_inwoner",
    "groei_inwoners",
]


def tegels(by_id: pd.DataFrame, ids: list[str], kolommen: int = 4) -> dbc.Row:
    """Tiles for the given indicators; `by_id` is the profile indexed by indicator_id (column kept)."""
    rij = [
        dbc.Col(components.indicator_tegel(by_id.loc[i]), xs=12, sm=6, lg=12 // kolommen, className="mb-3")
        for i in ids
        if i in by_id.index
    ]
    return dbc.Row(rij, className="g-3")


def sectie(by_id: pd.DataFrame) -> html.Section:
    return html.Section(
        [html.H2("In één oogopslag", className="h3"), tegels(by_id, KOPCIJFERS)],
        className="mb-4",
        id="sectie-kopcijfers",
    )
