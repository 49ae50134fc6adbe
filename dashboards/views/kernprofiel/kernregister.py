"""Wie werkt voor deze kern: the kern's gebiedsmakelaar or kernambtenaar and its platforms, from the kernregister
(marts.kernregister, marts.kern_platforms). Nothing when no register names the kern."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboards import formatting as fmt
from dashboards.context import mijn_kernen_href as href
from dashboards.data import ServingData

VOORBEELD_UITLEG = "Voorbeeldregister dat met kernmonitor wordt meegeleverd: verzonnen namen, geen echte medewerkers"


def voorbeeld_badge() -> dbc.Badge:
    return dbc.Badge(
        "VOORBEELD", color="warning", text_color="dark", className="badge-voorbeeld ms-2", title=VOORBEELD_UITLEG
    )


def blok(data: ServingData, kern: pd.Series) -> html.Div | None:
    gemeentecode, naam = str(kern["gemeentecode"]), str(kern["kern"])
    register = data.kernregister(gemeentecode)
    rij = register[register["kern"] == naam]
    if rij.empty:
        return None
    r = rij.iloc[0]
    platforms = data.kern_platforms(gemeentecode, naam)
    delen: list = [
        html.Span(f"{str(r['functie']).capitalize()}: "),
        dcc.Link(str(r["gebiedsmakelaar"]), href=href(str(r["gebiedsmakelaar"])), id="kern-gebiedsmakelaar"),
    ]
    if platforms.empty:
        delen.append(" · geen platform bekend")
    else:
        delen.append(" · Platform" + ("s: " if len(platforms) > 1 else ": "))
        for i, p in enumerate(platforms.itertuples()):
            tekst = f"{p.platform} ({p.platformvorm})"
            delen.append("; " if i else "")
            delen.append(html.A(tekst, href=p.website) if not fmt.is_missing(p.website) else tekst)
    if not fmt.is_missing(r["jaar_kernagenda"]):
        delen.append(f" · kernagenda sinds {int(r['jaar_kernagenda'])}")
    if bool(r["voorbeeld"]):
        delen.append(voorbeeld_badge())
    bron = f"Bron: kernregister van de gemeente ({r['bron_bestand']}), geladen op {fmt.datum(r['geladen_op'])}"
    return html.Div(
        [html.P(delen, className="mb-0"), html.P(bron, className="small text-body-secondary")],
        className="kern-register mb-3",
        id="kern-register",
    )
