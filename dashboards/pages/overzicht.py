"""Overzicht (/): map, ranking and table of the kernen of one gemeente; a click opens a kern's profile."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dash_table, dcc, html, no_update

from dashboards import charts, components
from dashboards.context import current_data
from dashboards.kaart import geklikte_kern
from dashboards.views import overzicht as view

dash.register_page(__name__, path="/", name="Overzicht", title="Overzicht van de kernen – kernmonitor", order=0)


def layout(
    gemeente: str | None = None, indicator: str | None = None, kernen: str | None = None, **_: object
) -> html.Div:
    """`kernen` (comma-separated) narrows the map, ranking and table, as ?gebiedsmakelaar= does (dashboards.context)."""
    data = current_data()
    gemeentecode = view.standaard_gemeente(data, gemeente)
    vernauwing = (
        {"gemeentecode": gemeentecode, "kernen": [k.strip() for k in kernen.split(",") if k.strip()]}
        if kernen
        else None
    )
    indicator_opties = view.indicator_opties(data)
    ids = [o["value"] for o in indicator_opties]
    indicator_id = indicator if indicator in ids else view.STANDAARD_INDICATOR
    return html.Div(
        [
            dcc.Location(id="overzicht-naar", refresh="callback-nav"),
            dcc.Store(id="overzicht-vernauwing", data=vernauwing),
            html.H1("Overzicht van de kernen", className="mb-2"),
            html.Div(id="overzicht-kop", children=view.kop(data, gemeentecode)),
            html.Div(id="overzicht-melding"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label("Gemeente", html_for="overzicht-gemeente"),
                            dbc.Select(id="overzicht-gemeente", options=view.gemeente_opties(data), value=gemeentecode),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Kleur de kaart naar", html_for="overzicht-indicator"),
                            dbc.Select(id="overzicht-indicator", options=indicator_opties, value=indicator_id),
                        ],
                        md=8,
                    ),
                ],
                className="g-3 mb-3 bedieningsbalk",
            ),
            dbc.Row(
                [
                    dbc.Col(html.Div(id="overzicht-kaart-kaart"), lg=7, className="mb-3"),
                    dbc.Col(html.Div(id="overzicht-staven-kaart"), lg=5, className="mb-3"),
                ],
                className="g-3",
            ),
            html.Div(
                view.tabel_kaart(
                    {"synthetisch": False},
                    [
                        components.sorteerkeuze("kernen-tabel-sorteer", []),
                        dash_table.DataTable(
                            id="kernen-tabel",
                            sort_action="native",
                            sort_mode="single",
                            # No active cell: DataTable would keep Tab inside the table, cell by cell (a
                            # keyboard trap); its links stay reachable with Tab.
                            cell_selectable=False,
                            markdown_options={"link_target": "_self"},
                            style_table={"overflowX": "auto"},
                            style_cell={"fontSize": "15px", "padding": "6px 10px", "fontFamily": charts.LETTER},
                            style_header={"fontWeight": "bold", "whiteSpace": "normal", "height": "auto"},
                            style_cell_conditional=[{"if": {"column_id": "kern"}, "textAlign": "left"}],
                            tooltip_delay=0,
                            tooltip_duration=None,
                        ),
                    ],
                ),
                id="overzicht-tabel-kaart",
                className="mb-4",
            ),
            html.H2("Alle kernen", className="h4 mt-4"),
            view.kernen_index(data),
        ]
    )


@callback(
    Output("overzicht-kop", "children"),
    Output("overzicht-melding", "children"),
    Output("overzicht-kaart-kaart", "children"),
    Output("overzicht-staven-kaart", "children"),
    Input("overzicht-gemeente", "value"),
    Input("overzicht-indicator", "value"),
    Input("overzicht-vernauwing", "data"),
)
def toon_kaart(gemeentecode: str, indicator_id: str, vernauwing: dict | None = None):
    data = current_data()
    gemeentecode = view.standaard_gemeente(data, gemeentecode)
    kernen = view.vernauwde_kernen(vernauwing, gemeentecode)
    figuren = view.kaart_en_ranglijst(data, gemeentecode, indicator_id or view.STANDAARD_INDICATOR, kernen)
    melding = (
        components.synthetisch_melding(wat="kerncijfers van deze gemeente")
        if figuren["synthetisch"] or view.synthetisch_aantal(data, gemeentecode)
        else None
    )
    kaart_kaart = components.grafiek_kaart(
        f"Kaart: {figuren['label']}",
        figuren["kaart"],
        "overzicht-kaart",
        figuren["bron"],
        figuren["synthetisch"],
        toelichting=(figuren["toelichting"] or "")
        + " Klik op een kern om het profiel te openen, of kies hem in de tabel of de lijst hieronder.",
    )
    staven_kaart = components.grafiek_kaart(
        f"Kernen op volgorde: {figuren['label']}",
        figuren["staven"],
        "overzicht-staven",
        figuren["bron"],
        figuren["synthetisch"],
        toelichting="Stippellijn: de gemeente.",
    )
    return view.kop(data, gemeentecode), melding, kaart_kaart, staven_kaart


@callback(
    Output("kernen-tabel-kop", "children"),
    Output("kernen-tabel", "columns"),
    Output("kernen-tabel", "data"),
    Output("kernen-tabel", "tooltip_data"),
    Output("kernen-tabel", "style_data_conditional"),
    Output("kernen-tabel-sorteer", "options"),
    Input("overzicht-gemeente", "value"),
    Input("overzicht-indicator", "value"),
    Input("overzicht-vernauwing", "data"),
)
def toon_tabel(gemeentecode: str, indicator_id: str, vernauwing: dict | None = None):
    data = current_data()
    gemeentecode = view.standaard_gemeente(data, gemeentecode)
    tabel = view.kernen_tabel(data, gemeentecode, indicator_id, view.vernauwde_kernen(vernauwing, gemeentecode))
    return (
        view.tabel_kop(tabel),
        tabel["columns"],
        tabel["data"],
        tabel["tooltip_data"],
        tabel["style_data_conditional"],
        components.sorteer_opties(tabel["columns"]),
    )


@callback(Output("kernen-tabel", "sort_by"), Input("kernen-tabel-sorteer", "value"), prevent_initial_call=True)
def sorteer_tabel(keuze: str | None):
    return components.sorteer_volgens(keuze)


@callback(Output("overzicht-naar", "href"), Input("overzicht-kaart", "clickData"), prevent_initial_call=True)
def open_kern(click_data: dict | None):
    kern = geklikte_kern(click_data)
    return components.kern_href(kern) if kern else no_update
