"""Doelen (/doelen): the spoorboekje of a gemeente, its goals by target year and programme, filterable by
programme, status and kern, each with its value against the path to the target and a status in words."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html

from dashboards import components
from dashboards.context import current_data
from dashboards.views import doelen as view
from dashboards.views.overzicht import gemeente_opties

dash.register_page(__name__, path="/doelen", name="Doelen", title="Doelen – kernmonitor", order=5)

FILTER_LABELS = {"programma": "Programma", "status": "Status", "kern": "Kern, groep of gemeente"}


def _filter(kolom: str, opties: list[dict], waarde: list[str] | None = None) -> dbc.Col:
    return dbc.Col(
        components.keuzelijst(
            id=f"doelen-{kolom}", options=opties, label=FILTER_LABELS[kolom], value=waarde, hint="niets gekozen: alle"
        ),
        md=6,
        lg=3,
    )


def layout(gemeente: str | None = None, kern: str | None = None, **_: object) -> html.Div:
    data = current_data()
    kop = [
        html.H1("Doelen"),
        html.P(
            "Wat de gemeente per kern, per groep kernen of voor de hele gemeente wil bereiken, en of het op koers "
            "ligt: het spoorboekje, per streefjaar en programma.",
            className="lead",
        ),
    ]
    alle = data.doelen()
    if alle.empty:
        return html.Div([*kop, view.geen_doelen(), view.regel_blok()])
    met_doelen = set(alle["gemeentecode"])
    opties = [o for o in gemeente_opties(data) if o["value"] in met_doelen]
    keuze = gemeente if gemeente in met_doelen else opties[0]["value"]
    standen = view.stand(data.doelen(keuze))
    filters = view.filter_opties(standen)
    kern_keuze = [k for k in (kern.split(",") if kern else []) if k in {o["value"] for o in filters["kern"]}]
    melding = [view.voorbeeld_melding()] if view.is_voorbeeld(alle) else []
    return html.Div(
        [
            *kop,
            *melding,
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label("Gemeente", html_for="doelen-gemeente"),
                            dbc.Select(id="doelen-gemeente", options=opties, value=keuze),
                        ],
                        md=6,
                        lg=3,
                    ),
                    _filter("programma", filters["programma"]),
                    _filter("status", filters["status"]),
                    _filter("kern", filters["kern"], kern_keuze),
                ],
                className="g-3 mb-3 bedieningsbalk",
            ),
            view.regel_blok(alle),
            html.P(id="doelen-samenvatting", className="fs-5", role="status"),
            html.Div(id="doelen-lijst"),
        ]
    )


@callback(
    Output("doelen-programma", "options"),
    Output("doelen-status", "options"),
    Output("doelen-kern", "options"),
    Input("doelen-gemeente", "value"),
)
def opties(gemeentecode: str | None):
    filters = view.filter_opties(view.stand(current_data().doelen(gemeentecode)))
    return filters["programma"], filters["status"], filters["kern"]


@callback(
    Output("doelen-samenvatting", "children"),
    Output("doelen-lijst", "children"),
    Input("doelen-gemeente", "value"),
    Input("doelen-programma", "value"),
    Input("doelen-status", "value"),
    Input("doelen-kern", "value"),
)
def toon(gemeentecode, programmas, statussen, kernen):
    doelen = current_data().doelen(gemeentecode)
    standen = view.filter_doelen(view.stand(doelen), {"programma": programmas, "status": statussen, "kern": kernen})
    return view.samenvatting(standen), view.spoorboekje(doelen, standen)
