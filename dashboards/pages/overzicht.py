"""Overzicht (/): map, ranking and table of the kernen of one gemeente; a click opens a kern's profile."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from dashboards import components
from dashboards.context import current_data
from dashboards.kaart import geklikte_kern
from dashboards.views import overzicht as view

dash.register_page(__name__, path="/", name="Overzicht", title="Overzicht van de kernen – kernmonitor", order=0)


def _jaar_keuze(id: str, label: str, jaren: list[int], waarde: int | None, md: int = 2) -> dbc.Col:
    return dbc.Col(
        [
            dbc.Label(label, html_for=id),
            dbc.Select(id=id, options=view.jaar_opties(jaren), value=str(waarde) if waarde else None),
        ],
        md=md,
    )


def layout(
    gemeente: str | None = None,
    indicator: str | None = None,
    kernen: str | None = None,
    jaar: str | None = None,
    van: str | None = None,
    tot: str | None = None,
    **_: object,
) -> html.Div:
    """`kernen` (comma-separated) narrows the map, ranking and table, as ?gebiedsmakelaar= does (dashboards.context);
    `jaar` is the year of the map and ranking, `van` and `tot` the years of the change map."""
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
    jaren = view.jaren(data, gemeentecode, indicator_id)
    van_jaar = view.gekozen_jaar(jaren, van, jaren[0] if jaren else None)
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
                        md=6,
                    ),
                    _jaar_keuze("overzicht-jaar", "Jaar", jaren, view.gekozen_jaar(jaren, jaar)),
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
            html.Section(
                [
                    html.H2("Verandering tussen twee jaren", className="h4", id="overzicht-verandering-kop"),
                    dbc.Row(
                        [
                            _jaar_keuze("overzicht-van", "Van", jaren, van_jaar),
                            _jaar_keuze("overzicht-tot", "Tot", jaren, view.gekozen_jaar(jaren, tot)),
                        ],
                        className="g-3 mb-2 bedieningsbalk",
                    ),
                    html.Div(id="overzicht-verandering-kaart"),
                ],
                className="mb-4",
                **{"aria-labelledby": "overzicht-verandering-kop"},
            ),
            html.Div(
                view.tabel_kaart(
                    {"synthetisch": False},
                    [
                        components.sorteerkeuze("kernen-tabel-sorteer", []),
                        components.ag_tabel("kernen-tabel", "Tabel: alle kernen in cijfers", getRowStyle=view.RIJSTIJL),
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
    Output("overzicht-jaar", "options"),
    Output("overzicht-jaar", "value"),
    Output("overzicht-van", "options"),
    Output("overzicht-van", "value"),
    Output("overzicht-tot", "options"),
    Output("overzicht-tot", "value"),
    Input("overzicht-gemeente", "value"),
    Input("overzicht-indicator", "value"),
    State("overzicht-jaar", "value"),
    State("overzicht-van", "value"),
    State("overzicht-tot", "value"),
)
def kies_jaren(gemeentecode: str | None, indicator_id: str | None, jaar=None, van=None, tot=None):
    """The years the chosen indicator has; a chosen year stays when the indicator has it, else the latest (the
    change map: the first and the latest)."""
    data = current_data()
    jaren = view.jaren(data, view.standaard_gemeente(data, gemeentecode), indicator_id or view.STANDAARD_INDICATOR)
    opties = view.jaar_opties(jaren)

    def waarde(keuze, standaard=None):
        gekozen = view.gekozen_jaar(jaren, keuze, standaard)
        return str(gekozen) if gekozen else None

    return opties, waarde(jaar), opties, waarde(van, jaren[0] if jaren else None), opties, waarde(tot)


def _jaar(waarde: object) -> int | None:
    try:
        return int(str(waarde))
    except (TypeError, ValueError):
        return None


@callback(
    Output("overzicht-kop", "children"),
    Output("overzicht-melding", "children"),
    Output("overzicht-kaart-kaart", "children"),
    Output("overzicht-staven-kaart", "children"),
    Input("overzicht-gemeente", "value"),
    Input("overzicht-indicator", "value"),
    Input("overzicht-vernauwing", "data"),
    Input("overzicht-jaar", "value"),
)
def toon_kaart(gemeentecode: str, indicator_id: str, vernauwing: dict | None = None, jaar: str | None = None):
    data = current_data()
    gemeentecode = view.standaard_gemeente(data, gemeentecode)
    indicator_id = indicator_id or view.STANDAARD_INDICATOR
    kernen = view.vernauwde_kernen(vernauwing, gemeentecode)
    jaren = view.jaren(data, gemeentecode, indicator_id)
    gekozen = view.gekozen_jaar(jaren, _jaar(jaar))
    figuren = view.kaart_en_ranglijst(data, gemeentecode, indicator_id, kernen, gekozen)
    melding = (
        components.synthetisch_melding(wat="kerncijfers van deze gemeente")
        if figuren["synthetisch"] or view.synthetisch_aantal(data, gemeentecode)
        else None
    )
    in_jaar = f", {figuren['jaar']}" if figuren["jaar"] else ""
    kaart_kaart = components.grafiek_kaart(
        f"Kaart: {figuren['label']}{in_jaar}",
        figuren["kaart"],
        "overzicht-kaart",
        figuren["bron"],
        figuren["synthetisch"],
        toelichting=(figuren["toelichting"] or "")
        + " Klik op een kern om het profiel te openen, of kies hem in de tabel of de lijst hieronder. "
        + figuren["grenzen"],
    )
    staven_kaart = components.grafiek_kaart(
        f"Kernen op volgorde: {figuren['label']}{in_jaar}",
        figuren["staven"],
        "overzicht-staven",
        figuren["bron"],
        figuren["synthetisch"],
        toelichting="Stippellijn: de gemeente.",
    )
    return view.kop(data, gemeentecode), melding, kaart_kaart, staven_kaart


@callback(
    Output("overzicht-verandering-kaart", "children"),
    Input("overzicht-gemeente", "value"),
    Input("overzicht-indicator", "value"),
    Input("overzicht-vernauwing", "data"),
    Input("overzicht-van", "value"),
    Input("overzicht-tot", "value"),
)
def toon_verandering(gemeentecode: str, indicator_id: str, vernauwing: dict | None = None, van=None, tot=None):
    data = current_data()
    gemeentecode = view.standaard_gemeente(data, gemeentecode)
    indicator_id = indicator_id or view.STANDAARD_INDICATOR
    jaren = view.jaren(data, gemeentecode, indicator_id)
    van_jaar, tot_jaar = _jaar(van), _jaar(tot)
    verandering = view.verandering(
        data,
        gemeentecode,
        indicator_id,
        van_jaar if van_jaar in jaren else None,
        tot_jaar if tot_jaar in jaren else None,
        view.vernauwde_kernen(vernauwing, gemeentecode),
    )
    return components.grafiek_kaart(
        verandering["titel"],
        verandering["kaart"],
        "overzicht-verandering",
        verandering["bron"],
        verandering["synthetisch"],
        toelichting=verandering["toelichting"],
        vol=False,
    )


@callback(
    Output("kernen-tabel-kop", "children"),
    Output("kernen-tabel", "columnDefs"),
    Output("kernen-tabel", "rowData"),
    Output("kernen-tabel-sorteer", "options"),
    Input("overzicht-gemeente", "value"),
    Input("overzicht-indicator", "value"),
    Input("overzicht-vernauwing", "data"),
)
def toon_tabel(gemeentecode: str, indicator_id: str, vernauwing: dict | None = None):
    """The kernen table. Its columns carry no `sort`, so the grid keeps the sort the reader chose (by a header or
    the chooser) when another gemeente or indicator is shown."""
    data = current_data()
    gemeentecode = view.standaard_gemeente(data, gemeentecode)
    tabel = view.kernen_tabel(data, gemeentecode, indicator_id, view.vernauwde_kernen(vernauwing, gemeentecode))
    return view.tabel_kop(tabel), tabel["columns"], tabel["data"], components.sorteer_opties(tabel["columns"])


@callback(
    Output("kernen-tabel", "columnDefs", allow_duplicate=True),
    Input("kernen-tabel-sorteer", "value"),
    State("kernen-tabel", "columnDefs"),
    prevent_initial_call=True,
)
def sorteer_tabel(keuze: str | None, kolommen: list[dict] | None = None):
    return components.sorteer_volgens(keuze, kolommen or [])


@callback(Output("overzicht-naar", "href"), Input("overzicht-kaart", "clickData"), prevent_initial_call=True)
def open_kern(click_data: dict | None):
    kern = geklikte_kern(click_data)
    return components.kern_href(kern) if kern else no_update
