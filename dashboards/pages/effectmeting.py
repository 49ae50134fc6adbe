"""Effectmeting (/effectmeting): a treatment group of kernen against a comparison group, nulmeting to eindmeting,
per indicator the difference in differences with its margin. ?gemeente=GM0214 picks the gemeente.

What the page shows is dashboards.views.effectmeting; the callbacks only route.
"""

from __future__ import annotations

import logging

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, no_update

from dashboards.context import current_data
from dashboards.views import effectmeting as view

dash.register_page(
    __name__,
    path="/effectmeting",
    name="Effectmeting",
    title="Effectmeting: pilotkernen tegenover vergelijkbare kernen – kernmonitor",
    description="Verschil in verandering tussen een groep kernen en een vergelijkingsgroep, met de marge.",
    order=6,
)

LOG = logging.getLogger(__name__)


def layout(gemeente: str | None = None, **_: object):
    return view.pagina(current_data(), gemeente)


@callback(
    Output("effect-behandel-groep", "options"),
    Output("effect-behandel-groep", "value"),
    Output("effect-vergelijk-groep", "options"),
    Output("effect-vergelijk-groep", "value"),
    Output("effect-behandel-kernen", "options"),
    Output("effect-vergelijk-kernen", "options"),
    Output("effect-nulmeting", "options"),
    Output("effect-nulmeting", "value"),
    Output("effect-eindmeting", "options"),
    Output("effect-eindmeting", "value"),
    Input("effect-gemeente", "value"),
    prevent_initial_call=True,
)
def kies_gemeente(gemeentecode: str | None):
    data = current_data()
    keuze = view.standaard_keuze(data, gemeentecode)
    kernen = view.kern_opties(data, gemeentecode)
    jaren = view.jaar_opties(data, gemeentecode)
    return (
        view.groep_opties(data, gemeentecode),
        keuze["behandel"],
        view.groep_opties(data, gemeentecode, vergelijking=True),
        keuze["vergelijk"],
        kernen,
        kernen,
        jaren,
        keuze["nulmeting"],
        jaren,
        keuze["eindmeting"],
    )


@callback(
    Output("effect-behandel-kernen", "value"),
    Input("effect-behandel-groep", "value"),
    State("effect-gemeente", "value"),
    State("effect-behandel-kernen", "value"),
    prevent_initial_call=True,
)
def kies_behandelgroep(keuze: str | None, gemeentecode: str | None, huidige: list[str] | None):
    data = current_data()
    kernen = view.kernen_van_keuze(data, gemeentecode, keuze)
    return view.van_gemeente(data, gemeentecode, huidige) if kernen is None else kernen


@callback(
    Output("effect-vergelijk-kernen", "value"),
    Output("effect-voorstel", "children"),
    Input("effect-vergelijk-groep", "value"),
    Input("effect-behandel-kernen", "value"),
    State("effect-gemeente", "value"),
    State("effect-vergelijk-kernen", "value"),
    prevent_initial_call=True,
)
def kies_vergelijkingsgroep(keuze: str | None, behandeld: list[str] | None, gemeentecode: str | None, huidige):
    data = current_data()
    tekst = view.voorstel_tekst(data, gemeentecode, behandeld or [])
    if dash.ctx.triggered_id == "effect-behandel-kernen" and keuze != view.VOORSTEL:
        return no_update, tekst
    kernen = view.kernen_van_keuze(data, gemeentecode, keuze, behandeld or [])
    return (view.van_gemeente(data, gemeentecode, huidige) if kernen is None else kernen), tekst


@callback(
    Output("effect-grafiek-indicator", "options"),
    Output("effect-grafiek-indicator", "value"),
    Input("effect-indicatoren", "value"),
    State("effect-grafiek-indicator", "value"),
    prevent_initial_call=True,
)
def kies_indicatoren(indicator_ids: list[str] | None, huidige: str | None):
    opties = [o for o in view.indicator_opties(current_data()) if o["value"] in (indicator_ids or [])]
    waarden = [o["value"] for o in opties]
    return opties, huidige if huidige in waarden else (waarden[0] if waarden else None)


@callback(
    Output("effect-resultaat", "children"),
    Input("effect-behandel-kernen", "value"),
    Input("effect-vergelijk-kernen", "value"),
    Input("effect-nulmeting", "value"),
    Input("effect-eindmeting", "value"),
    Input("effect-indicatoren", "value"),
    Input("effect-grafiek-indicator", "value"),
    State("effect-gemeente", "value"),
    State("effect-behandel-groep", "value"),
    State("effect-vergelijk-groep", "value"),
    prevent_initial_call=True,
)
def toon(behandeld, vergelijking, nulmeting, eindmeting, indicator_ids, grafiek, gemeentecode, bgroep, vgroep):
    return view.inhoud(
        current_data(),
        gemeentecode,
        behandeld,
        vergelijking,
        int(nulmeting) if nulmeting else None,
        int(eindmeting) if eindmeting else None,
        indicator_ids,
        grafiek,
        view.groep_naam(bgroep, "behandelgroep"),
        view.groep_naam(vgroep, "vergelijkingsgroep"),
    )


@callback(
    Output("effect-download", "data"),
    Output("effect-download-melding", "children"),
    Input("effect-pdf-knop", "n_clicks"),
    State("effect-sleutel", "data"),
    prevent_initial_call=True,
)
def download(n_clicks: int | None, sleutel: dict | None):
    if not n_clicks or not sleutel:
        return no_update, no_update
    try:
        return view.download_bestand(current_data(), sleutel), None
    except Exception:  # noqa: BLE001 - the reader gets a Dutch sentence, the log gets the traceback
        LOG.exception("effectmeting PDF for %s failed", sleutel)
        return no_update, dbc.Alert("Het maken van de PDF is mislukt. Probeer het later opnieuw.", color="danger")
