"""Vergelijken (/vergelijken): two to four kernen side by side; ?kernen=Vuren,Beesd preselects them."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html

from dashboards import components
from dashboards.context import current_data
from dashboards.views import vergelijken as view

dash.register_page(__name__, path="/vergelijken", name="Vergelijken", title="Kernen vergelijken – kernmonitor", order=2)


def layout(kernen: str | None = None, **_: object) -> html.Div:
    data = current_data()
    gekozen = view.sleutels_uit_namen(data, kernen)
    return html.Div(
        [
            html.H1("Kernen vergelijken"),
            html.P(
                "Zet twee tot vier kernen naast elkaar, ook uit verschillende gemeenten.",
                className="lead",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        components.keuzelijst(
                            id="vergelijk-kernen",
                            options=view.kern_opties(data),
                            label="Kernen",
                            value=gekozen,
                            hint="kies er twee tot vier",
                            open=True,
                        ),
                        lg=6,
                    ),
                    dbc.Col(
                        components.keuzelijst(
                            id="vergelijk-indicatoren",
                            options=view.indicator_opties(data),
                            label="Cijfers",
                            value=view.STANDAARD_INDICATOREN,
                        ),
                        lg=6,
                    ),
                ],
                className="g-3 mb-3 bedieningsbalk",
            ),
            html.Div(id="vergelijk-melding-vak", role="status"),
            html.Div(id="vergelijk-inhoud"),
        ]
    )


@callback(
    Output("vergelijk-melding-vak", "children"),
    Output("vergelijk-inhoud", "children"),
    Input("vergelijk-kernen", "value"),
    Input("vergelijk-indicatoren", "value"),
)
def vergelijk(sleutels: list[str] | None, indicator_ids: list[str] | None):
    resultaat = view.vergelijking(current_data(), sleutels, indicator_ids)
    return resultaat["melding"], resultaat["inhoud"]
