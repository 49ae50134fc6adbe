"""Kansenkaart (/kansenkaart): the data pack per kern for the four-yearly Kansenkaart, with its downloads.

What the page shows is dashboards.views.kansenkaart; the callbacks only route.
"""

from __future__ import annotations

import logging

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, html, no_update

from dashboards.context import current_data
from dashboards.views import kansenkaart as view

dash.register_page(
    __name__,
    path="/kansenkaart",
    name="Kansenkaart",
    title="Kansenkaart-pakket per kern – kernmonitor",
    description="Per kern de cijfers, sterke punten, aandachtspunten en kernagenda per programma.",
    order=5,
)

LOG = logging.getLogger(__name__)


def layout(gemeente: str | None = None, kern: str | None = None, **_: object) -> html.Div:
    return view.pagina(current_data(), gemeente, kern)


@callback(
    Output("kansenkaart-kern", "options"),
    Output("kansenkaart-kern", "value"),
    Input("kansenkaart-gemeente", "value"),
    State("kansenkaart-kern", "value"),
    prevent_initial_call=True,
)
def kies_gemeente(gemeentecode: str | None, huidige: str | None):
    opties = view.kern_opties(current_data(), gemeentecode)
    waarden = [o["value"] for o in opties]
    return opties, huidige if huidige in waarden else (waarden[0] if waarden else None)


@callback(
    Output("kansenkaart-pakket", "children"),
    Input("kansenkaart-kern", "value"),
    State("kansenkaart-gemeente", "value"),
    prevent_initial_call=True,
)
def kies_kern(kern: str | None, gemeentecode: str | None):
    return view.inhoud(current_data(), gemeentecode, kern)


@callback(
    Output("kansenkaart-download", "data"),
    Output("kansenkaart-download-melding", "children"),
    Input("kansenkaart-pdf-knop", "n_clicks"),
    Input("kansenkaart-briefing-knop", "n_clicks"),
    Input("kansenkaart-xlsx-knop", "n_clicks"),
    State("kansenkaart-sleutel", "data"),
    prevent_initial_call=True,
)
def download(_pdf: int | None, _briefing: int | None, _xlsx: int | None, sleutel: dict | None):
    soort = view.KNOPPEN.get(dash.ctx.triggered_id)
    if not sleutel or soort is None:
        return no_update, no_update
    try:
        return view.download_bestand(current_data(), sleutel["gemeentecode"], sleutel["kern"], soort), None
    except Exception:  # noqa: BLE001 - the reader gets a Dutch sentence, the log gets the traceback
        LOG.exception("kansenkaart download %s for %s failed", soort, sleutel)
        return no_update, dbc.Alert("Het maken van het bestand is mislukt. Probeer het later opnieuw.", color="danger")
