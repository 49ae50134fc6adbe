"""Vergelijkbare kernen: the kernen most like this one (marts.kern_spiegelkernen), with a link to compare them."""

from __future__ import annotations

from urllib.parse import quote

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboards import components
from dashboards import formatting as fmt
from dashboards.data import ServingData
from dashboards.views import gemeentenamen


def _kaart(r: pd.Series, namen: dict[str, str]) -> dbc.Col:
    titel = [dcc.Link(str(r["spiegelkern"]), href=components.kern_href(r["spiegelkern"]), className="fw-bold")]
    if bool(r.get("synthetisch")):
        titel.append(components.synthetisch_badge())
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.Div(titel, className="fs-5"),
                    html.Div(
                        f"gemeente {namen.get(r['spiegel_gemeentecode'], r['spiegel_gemeentecode'])}",
                        className="text-body-secondary",
                    ),
                    html.Div(
                        f"afstand {fmt.getal(r['afstand'], 2)} over {fmt.getal(r['indicatoren'])} kenmerken",
                        className="small",
                    ),
                ]
            ),
            className="h-100",
        ),
        className="mb-3",
    )


def spiegelkernen_sectie(data: ServingData, kern: pd.Series) -> html.Section | None:
    spiegel = data.spiegelkernen(str(kern["gemeentecode"]), str(kern["kern"]))
    if spiegel.empty:
        return None
    namen = gemeentenamen(data)
    alle = [str(kern["kern"]), *spiegel["spiegelkern"].astype(str).head(3)]
    return html.Section(
        [
            html.H2("Vergelijkbare kernen", className="h3"),
            html.P(
                "Kernen die qua bevolking, woningen en voorzieningen het meest op deze kern lijken "
                "(kleinere afstand = meer gelijk). Handig om ervaringen uit te wisselen.",
                className="text-body-secondary",
            ),
            dbc.Row(
                [_kaart(r, namen) for _, r in spiegel.iterrows()],
                className="g-3 row-cols-1 row-cols-sm-2 row-cols-lg-5",
            ),
            dcc.Link(
                "Vergelijk deze kernen naast elkaar",
                href="/vergelijken?kernen=" + quote(",".join(alle)),
                className="btn btn-outline-primary",
            ),
        ],
        className="mb-4",
        id="sectie-spiegelkernen",
    )
