"""Jaarbeeld kerngericht werken (/jaarbeeld): per gemeente and year (or period, ?van=2019&tot=2023) the
participation picture for the raad, with a PDF. What it shows is dashboards.views.jaarbeeld."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboards.context import current_data
from dashboards.views import jaarbeeld as view
from dashboards.views.overzicht import gemeente_opties

dash.register_page(
    __name__,
    path=view.PAD,
    name="Jaarbeeld",
    title="Jaarbeeld kerngericht werken – kernmonitor",
    description="Wat kerngericht werken in een jaar of periode opleverde: initiatieven, kernen, kernagenda, budgetten.",
    order=7,
)


def _jaar(waarde: object) -> int | None:
    try:
        return int(str(waarde))
    except (TypeError, ValueError):
        return None


def _jaar_opties(jaren: list[int]) -> list[dict]:
    return [{"label": str(j), "value": str(j)} for j in jaren]


def layout(gemeente: str | None = None, van: str | None = None, tot: str | None = None, **_: object) -> html.Div:
    data = current_data()
    opties = gemeente_opties(data)
    codes = [o["value"] for o in opties]
    met_jaarbeeld = [c for c in codes if view.perioden(data, c)]
    keuze = gemeente if gemeente in codes else (met_jaarbeeld[0] if met_jaarbeeld else (codes[0] if codes else ""))
    jaren = view.perioden(data, keuze)
    jaar_van, jaar_tot = _jaar(van), _jaar(tot)
    if jaar_van not in jaren:
        jaar_van = jaar_tot if jaar_tot in jaren else (jaren[-1] if jaren else None)
    if jaar_tot not in jaren or (jaar_van is not None and jaar_tot < jaar_van):
        jaar_tot = jaar_van
    jb = view.maak(data, keuze, jaar_van, jaar_tot)
    return html.Div(
        [
            html.H1("Jaarbeeld kerngericht werken"),
            html.P(
                "Wat kerngericht werken in een jaar of een periode opleverde, voor de raad: initiatieven uit het "
                "leefbaarheidsbudget, bereikte kernen, het kernenbudget en de kernagenda, platforms, budgetten en "
                "doelen. Elk cijfer met zijn bron en datum.",
                className="lead",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label("Gemeente", html_for="jaarbeeld-gemeente"),
                            dbc.Select(id="jaarbeeld-gemeente", options=opties, value=keuze),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Van jaar", html_for="jaarbeeld-van"),
                            dbc.Select(
                                id="jaarbeeld-van",
                                options=_jaar_opties(jaren),
                                value=str(jaar_van) if jaar_van else None,
                            ),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Tot en met jaar", html_for="jaarbeeld-tot"),
                            dbc.Select(
                                id="jaarbeeld-tot",
                                options=_jaar_opties(jaren),
                                value=str(jaar_tot) if jaar_tot else None,
                            ),
                        ],
                        md=4,
                    ),
                ],
                className="g-3 mb-3 bedieningsbalk",
            ),
            view.pdf_knop(),
            dcc.Loading(html.Div(view.inhoud(jb), id="jaarbeeld-inhoud"), type="circle"),
        ]
    )


@callback(
    Output("jaarbeeld-van", "options"),
    Output("jaarbeeld-tot", "options"),
    Output("jaarbeeld-van", "value"),
    Output("jaarbeeld-tot", "value"),
    Input("jaarbeeld-gemeente", "value"),
    State("jaarbeeld-van", "value"),
    State("jaarbeeld-tot", "value"),
    prevent_initial_call=True,
)
def kies_gemeente(gemeentecode: str | None, van: str | None, tot: str | None):
    jaren = view.perioden(current_data(), gemeentecode or "")
    opties = _jaar_opties(jaren)
    if not jaren:
        return opties, opties, None, None
    van_j = _jaar(van) if _jaar(van) in jaren else jaren[-1]
    tot_j = _jaar(tot) if _jaar(tot) in jaren and _jaar(tot) >= van_j else van_j
    return opties, opties, str(van_j), str(tot_j)


@callback(
    Output("jaarbeeld-inhoud", "children"),
    Input("jaarbeeld-gemeente", "value"),
    Input("jaarbeeld-van", "value"),
    Input("jaarbeeld-tot", "value"),
    prevent_initial_call=True,
)
def toon(gemeentecode: str | None, van: str | None, tot: str | None):
    jaar_van, jaar_tot = _jaar(van), _jaar(tot)
    if jaar_van is not None and jaar_tot is not None and jaar_tot < jaar_van:
        jaar_van, jaar_tot = jaar_tot, jaar_van
    return view.inhoud(view.maak(current_data(), gemeentecode or "", jaar_van, jaar_tot))


@callback(
    Output("jaarbeeld-download", "data"),
    Input("jaarbeeld-pdf", "n_clicks"),
    State("jaarbeeld-gemeente", "value"),
    State("jaarbeeld-van", "value"),
    State("jaarbeeld-tot", "value"),
    prevent_initial_call=True,
)
def download(n_clicks: int | None, gemeentecode: str | None, van: str | None, tot: str | None):
    from dashboards.briefing.jaarbeeld import bestandsnaam_jaarbeeld, jaarbeeld_pdf

    data = current_data()
    jaar_van, jaar_tot = _jaar(van), _jaar(tot)
    if jaar_van is not None and jaar_tot is not None and jaar_tot < jaar_van:
        jaar_van, jaar_tot = jaar_tot, jaar_van
    jb = view.maak(data, gemeentecode or "", jaar_van, jaar_tot)
    return dcc.send_bytes(jaarbeeld_pdf(jb, data.publication()), bestandsnaam_jaarbeeld(jb), type="application/pdf")
