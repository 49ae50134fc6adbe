"""Kernagenda (/kernagenda): action points per kern, filterable by status, trekker, thema and programma."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboards import components
from dashboards.context import current_data
from dashboards.views import kernagenda as view
from dashboards.views.overzicht import gemeente_opties

dash.register_page(__name__, path="/kernagenda", name="Kernagenda", title="Kernagenda – kernmonitor", order=4)

ALLE = "alle"
FILTER_LABELS = {"kern": "Kern", "status": "Status", "trekker": "Trekker", "thema": "Thema", "programma": "Programma"}


def _filter(kolom: str, opties: list[dict], waarde: list[str] | None = None) -> dbc.Col:
    return dbc.Col(
        components.keuzelijst(
            id=f"agenda-{kolom}", options=opties, label=FILTER_LABELS[kolom], value=waarde, hint="niets gekozen: alle"
        ),
        md=6,
        lg=4,
    )


def layout(kern: str | None = None, gemeente: str | None = None, **_: object) -> html.Div:
    data = current_data()
    kop = [
        html.H1("Kernagenda"),
        html.P(
            "Wat inwoners en gemeente per kern hebben afgesproken, en hoe ver het staat. Punten worden voor maart "
            "verzameld (voor de Perspectiefnota) en voor december geëvalueerd.",
            className="lead",
        ),
    ]
    if not view.beschikbaar(data):
        return html.Div([*kop, view.geen_export()])
    alle = view.punten(data)
    opties = view.filter_opties(alle)
    kern_keuze = [k for k in (kern.split(",") if kern else []) if k in {o["value"] for o in opties["kern"]}]
    gemeente_keuze = gemeente if gemeente in set(alle["gemeentecode"]) else ALLE
    synthetisch = view.synthetisch(data)
    melding = [view.voorbeeld_melding()] if synthetisch else []
    badge = [components.synthetisch_badge()] if synthetisch else []
    return html.Div(
        [
            *kop,
            *melding,
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label("Gemeente", html_for="agenda-gemeente"),
                            dbc.Select(
                                id="agenda-gemeente",
                                options=[{"label": "Alle gemeenten", "value": ALLE}, *gemeente_opties(data)],
                                value=gemeente_keuze,
                            ),
                        ],
                        md=6,
                        lg=4,
                    ),
                    _filter("kern", opties["kern"], kern_keuze),
                    _filter("status", opties["status"]),
                    _filter("trekker", opties["trekker"]),
                    _filter("thema", opties["thema"]),
                    _filter("programma", opties["programma"]),
                ],
                className="g-3 mb-3 bedieningsbalk",
            ),
            html.P(id="agenda-samenvatting", className="fs-5", role="status"),
            dbc.Row(
                [
                    dbc.Col(html.Div(id="agenda-voortgang"), lg=4, className="mb-3"),
                    dcc.Store(id="agenda-synthetisch", data=synthetisch),
                    dbc.Col(
                        dbc.Card(
                            [
                                dbc.CardHeader([html.H2("Actiepunten", className="h5 mb-0 d-inline"), *badge]),
                                dbc.CardBody(
                                    [
                                        components.sorteerkeuze("agenda-tabel-sorteer", view.TABEL_KOLOMMEN),
                                        components.ag_tabel(
                                            "agenda-tabel",
                                            "Tabel: actiepunten",
                                            view.TABEL_KOLOMMEN,
                                            defaultColDef={"width": 140},
                                            columnSize=None,
                                            getRowStyle=view.RIJSTIJL,
                                        ),
                                    ]
                                ),
                                dbc.CardFooter(
                                    "Bron: kernagenda-export van de gemeente, per kern de laatste peildatum. "
                                    "Oranje gemarkeerd: al lang open (langer dan twee jaar). Uitgevoerd met "
                                    "subsidie: toegekende aanvragen uit de subsidie-export die dit punt noemen.",
                                    className="grafiek-bron",
                                ),
                            ]
                        ),
                        lg=8,
                        className="mb-3",
                    ),
                ],
                className="g-3",
            ),
        ]
    )


@callback(
    Output("agenda-kern", "options"),
    Input("agenda-gemeente", "value"),
)
def kern_opties(gemeentecode: str | None):
    data = current_data()
    return view.filter_opties(view.punten(data, None if gemeentecode == ALLE else gemeentecode))["kern"]


@callback(
    Output("agenda-samenvatting", "children"),
    Output("agenda-voortgang", "children"),
    Output("agenda-tabel", "rowData"),
    Input("agenda-gemeente", "value"),
    Input("agenda-kern", "value"),
    Input("agenda-status", "value"),
    Input("agenda-trekker", "value"),
    Input("agenda-thema", "value"),
    Input("agenda-programma", "value"),
    State("agenda-synthetisch", "data"),
)
def toon(gemeentecode, kernen, statussen, trekkers, themas, programmas, synthetisch=False):
    data = current_data()
    alle = view.punten(data, None if gemeentecode == ALLE else gemeentecode)
    gefilterd = view.filter_punten(
        alle,
        {"kern": kernen, "status": statussen, "trekker": trekkers, "thema": themas, "programma": programmas},
    )
    kaart = components.grafiek_kaart(
        "Voortgang per kern",
        view.voortgang_figuur(gefilterd),
        "agenda-voortgang-grafiek",
        "Bron: kernagenda-export van de gemeente",
        bool(synthetisch),
        toelichting="Aantal actiepunten per status.",
    )
    return view.samenvatting(gefilterd), kaart, view.tabel_rijen(gefilterd)


@callback(Output("agenda-tabel", "columnDefs"), Input("agenda-tabel-sorteer", "value"), prevent_initial_call=True)
def sorteer_tabel(keuze: str | None):
    return components.sorteer_volgens(keuze, view.TABEL_KOLOMMEN)
