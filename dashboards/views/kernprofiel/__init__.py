"""Kernprofiel: everything known about one kern, laid out for a dorpsavond (pictures first, plain Dutch).

One module per section, each with its data, figure and layout side by side: kopcijfers (In één oogopslag),
opvallend (the verdicts), themas (a section per theme, with exports for the gemeente's own files), trend (Door de
jaren), spiegelkernen (Vergelijkbare kernen), alle_cijfers (the table, drawn once opened) and downloads.
`profiel_pagina` assembles them for the /kern/<naam> route. Everything takes a ServingData, so tests and the
benchmark call it without a browser.
"""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from dashboards import components
from dashboards import formatting as fmt
from dashboards.data import OnbekendeKern, ServingData
from dashboards.views import gemeentenaam, kern_profiel
from dashboards.views.kernprofiel import alle_cijfers, downloads, kopcijfers, themas, trend
from dashboards.views.kernprofiel.doelen import doelen_sectie
from dashboards.views.kernprofiel.downloads import download
from dashboards.views.kernprofiel.kernregister import blok as kernregister_blok
from dashboards.views.kernprofiel.kopcijfers import KOPCIJFERS
from dashboards.views.kernprofiel.opvallend import signalen_sectie
from dashboards.views.kernprofiel.spiegelkernen import spiegelkernen_sectie
from dashboards.views.kernprofiel.trend import trend_figuren, trend_kaarten
from dashboards.views.kernprofiel.wat_inwoners_zeggen import sectie as inwoners_sectie

__all__ = [
    "KOPCIJFERS",
    "download",
    "kern_van_url",
    "niet_gevonden",
    "profiel_pagina",
    "signalen_sectie",
    "spiegelkernen_sectie",
    "trend_figuren",
    "trend_kaarten",
]


def kern_van_url(data: ServingData, naam: str | None, gemeente: str | None = None) -> pd.Series | None:
    """The kern a URL names (`ServingData.kern`; a name two gemeenten share: the first, unless `gemeente`)."""
    try:
        return data.kern(naam, gemeente, eerste=True)
    except OnbekendeKern:
        return None


def niet_gevonden(naam: str | None) -> html.Div:
    return components.niet_gevonden(
        "Deze kern kennen we niet",
        [
            "We hebben geen kern ",
            html.Strong(f"‘{naam}’") if naam else "zonder naam",
            " gevonden. Misschien is de naam anders gespeld, of hoort de kern bij een gemeente die kernmonitor "
            "(nog) niet volgt. Kies hieronder een kern uit het overzicht.",
        ],
    )


def _kop(kern: pd.Series) -> list:
    gemeentecode, kernnaam = str(kern["gemeentecode"]), str(kern["kern"])
    buurten = str(kern.get("buurtcodes") or "").split(",")
    ondertitel = (
        f"Kern in de gemeente {kern['gemeentenaam_getoond']} · "
        f"{fmt.meervoud(int(kern['aantal_buurten']), 'buurt', 'buurten')} ({', '.join(b for b in buurten if b)})"
    )
    if not fmt.is_missing(kern.get("jaar")):
        ondertitel += f" · cijfers tot en met {int(kern['jaar'])}"
    return [
        dcc.Store(id="kern-sleutel", data={"gemeentecode": gemeentecode, "kern": kernnaam}),
        html.Nav(
            html.Ol(
                [
                    html.Li(dcc.Link("Overzicht", href=f"/?gemeente={gemeentecode}"), className="breadcrumb-item"),
                    html.Li(str(kern["gemeentenaam_getoond"]), className="breadcrumb-item"),
                    html.Li(kernnaam, className="breadcrumb-item active", **{"aria-current": "page"}),
                ],
                className="breadcrumb",
            ),
            **{"aria-label": "Kruimelpad"},
        ),
        html.H1(kernnaam, id="kern-naam", className="mb-1"),
        html.P(ondertitel, className="lead", id="kern-ondertitel"),
        downloads.knoppen(kernnaam),
    ]


def vraag_vooraf(data: ServingData, gemeentecode: str, kern: str) -> list:
    """The questions the sections below ask, in the order they ask them, started on other threads while this one
    builds the page from the first answers (a new publication of all of NL, in-process: 16-20 ms less a page at the
    median; benchmarks/README.md). The first, the gemeente's profiles, this thread asks itself."""
    return data.vooraf(
        lambda: data.kernregister(gemeentecode),
        lambda: data.kern_platforms(gemeentecode, kern),
        lambda: data.oordelen(gemeentecode, kern),
        lambda: data.doelen(gemeentecode, kern),
        lambda: data.enquete(gemeentecode, kern),
        lambda: data.export_rows("kern_subsidies", gemeentecode, kern),
        lambda: data.export_rows("kern_kernagenda_voortgang", gemeentecode, kern),
        lambda: data.indicator_reeks(gemeentecode, kern),
        lambda: data.spiegelkernen(gemeentecode, kern),
    )


def profiel_pagina(data: ServingData, naam: str | None, gemeente: str | None = None) -> html.Div:
    """The whole kern profile, or the friendly 404 when the kern is unknown."""
    kern = kern_van_url(data, naam, gemeente)
    if kern is None:
        return niet_gevonden(naam)
    kern = kern.copy()
    vraag_vooraf(data, str(kern["gemeentecode"]), str(kern["kern"]))
    kern["gemeentenaam_getoond"] = gemeentenaam(data, str(kern["gemeentecode"]))
    profiel = kern_profiel(data, str(kern["gemeentecode"]), str(kern["kern"]))
    cijfers = kopcijfers.cijfers_van(profiel)

    secties: list = _kop(kern)
    register = kernregister_blok(data, kern)  # who works for this kern (the kernregister), when known
    if register is not None:
        secties.append(register)
    synthetisch_aantal = int((profiel["waarde"].notna() & profiel["synthetisch"].astype(bool)).sum())
    if synthetisch_aantal:
        secties.append(components.synthetisch_melding(synthetisch_aantal, "cijfers van deze kern"))
    secties.append(kopcijfers.sectie(cijfers))
    secties.append(signalen_sectie(data, kern))
    doelen = doelen_sectie(data, kern)
    if doelen is not None:
        secties.append(doelen)
    inwoners = inwoners_sectie(data, kern)  # Wat inwoners zeggen: resident surveys, when a survey names the kern
    if inwoners is not None:
        secties.append(inwoners)
    secties += themas.thema_secties(data, kern, cijfers)
    secties.append(trend.sectie(data, kern, profiel))
    spiegel = spiegelkernen_sectie(data, kern)
    if spiegel is not None:
        secties.append(spiegel)
    secties.append(alle_cijfers.sectie(len(cijfers), str(kern["kern"])))
    return html.Div(secties, className="kernprofiel")
