"""Opvallend: the kern's strongest strengths, attention points and notable figures, from marts.kern_oordelen (the
same verdicts the Kansenkaart, the briefings and the XLSX show)."""

from __future__ import annotations

from urllib.parse import quote

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboards import components, oordeel
from dashboards import formatting as fmt
from dashboards.data import ServingData

OORDEEL = {
    oordeel.STERK: ("signaal-sterk", "▲"),
    oordeel.AANDACHT: ("signaal-aandacht", "●"),
    oordeel.OPVALLEND: ("signaal-opvallend", "◆"),
}


def _met_eenheid(tekst: str, eenheid: str) -> str:
    extra = fmt.eenheid_tekst(eenheid)
    return f"{tekst} {extra}" if extra and tekst != fmt.ONTBREEKT else tekst


def signaal_tekst(r: pd.Series) -> str:
    eenheid, decimalen = str(r["eenheid"]), int(r["decimalen"])
    waarde = _met_eenheid(fmt.waarde(r["waarde"], eenheid, decimalen), eenheid)
    gemeente = _met_eenheid(fmt.waarde(r["gemeente_waarde"], eenheid, decimalen), eenheid)
    tekst = f"{r['label']}: {waarde} in {int(r['jaar'])}, tegen {gemeente} in de hele gemeente"
    return tekst + (f" ({r['reden']})." if not fmt.is_missing(r["reden"]) else ".")


def signalen_sectie(data: ServingData, kern: pd.Series) -> html.Section:
    gemeentecode, naam = str(kern["gemeentecode"]), str(kern["kern"])
    signalen = oordeel.signalen(data.oordelen(gemeentecode, naam))
    if signalen.empty:
        inhoud = [html.P(oordeel.GEEN_SIGNALEN, className="text-body-secondary")]
    else:
        items = []
        for _, r in signalen.iterrows():
            klasse, teken = OORDEEL[r["oordeel"]]
            regel = [
                html.Span(teken, className=f"signaal-teken {klasse}", **{"aria-hidden": "true"}),
                html.Strong(f"{str(r['oordeel']).capitalize()}: "),
                html.Span(signaal_tekst(r)),
            ]
            if bool(r.get("synthetisch")):
                regel.append(components.synthetisch_badge())
            items.append(html.Li(regel, className="signaal mb-2"))
        inhoud = [html.Ul(items, className="list-unstyled mb-0", id="kern-signalen")]
    kansenkaart = f"/kansenkaart?gemeente={quote(gemeentecode)}&kern={quote(naam)}"
    return html.Section(
        [
            html.H2("Opvallend", className="h3"),
            html.P(
                [
                    "Waar deze kern het meest afwijkt van de gemeente: de grootste sterke punten, aandachtspunten en "
                    "opvallende cijfers. Hoe dat bepaald wordt, staat bij ",
                    dcc.Link("Bronnen en methode", href="/bronnen#bronnen-oordeelregel"),
                    "; alle oordelen per programma in het ",
                    dcc.Link("Kansenkaart-pakket", href=kansenkaart),
                    ".",
                ],
                className="text-body-secondary",
            ),
            dbc.Card(dbc.CardBody(inhoud)),
        ],
        className="mb-4",
        id="sectie-opvallend",
    )
