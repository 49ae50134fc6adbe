"""Doelen: the goals of this kern and of the groups of kernen it belongs to (marts.kern_doelen), each with its
status in words and a sign, its value against the path, and its chart; shown only when the kern has goals."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboards.data import ServingData
from dashboards.views import doelen as view


def doelen_sectie(data: ServingData, kern: pd.Series) -> html.Section | None:
    gemeentecode, naam = str(kern["gemeentecode"]), str(kern["kern"])
    doelen = data.doelen(gemeentecode, naam)
    standen = view.stand(doelen)
    if standen.empty:
        return None
    kop: list = [html.H2("Doelen", className="h3 d-inline")]
    if view.is_voorbeeld(doelen):
        kop.append(view.voorbeeld_badge())
    return html.Section(
        [
            html.Div(kop),
            html.P(
                f"Wat de gemeente voor {naam} wil bereiken (ook als deel van een groep kernen), en of het op koers "
                f"ligt: {view.samenvatting(standen)}",
                className="text-body-secondary",
                id="kern-doelen-samenvatting",
            ),
            view.regel_blok(doelen),
            dbc.Row(
                [
                    dbc.Col(view.doel_kaart(doelen, row, "kern-doel"), md=6, xl=4, className="mb-3")
                    for _, row in standen.iterrows()
                ],
                className="g-3",
            ),
            dcc.Link(
                "Alle doelen van de gemeente",
                href=f"/doelen?gemeente={gemeentecode}",
                className="btn btn-outline-primary",
            ),
        ],
        className="mb-4",
        id="sectie-doelen",
    )
