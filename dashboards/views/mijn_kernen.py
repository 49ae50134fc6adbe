"""Mijn kernen (/mijn-kernen?gebiedsmakelaar=...): one gebiedsmakelaar's (or kernambtenaar's) kernen on one page.

The kernen come from the kernregister (marts.kernregister); per kern: the map, the open and long-open kernagenda
points (the Kernagenda page's definition: marts.kern_kernagenda.is_long_open), the subsidies of the latest year,
the signals (marts.kern_oordelen, as "Opvallend" on the profile) and the goals (marts.kern_doelen), each with its
source and date. Also the narrowing notice every page shows under `?gebiedsmakelaar=` (see dashboards/context.py).
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboards import components, kaart, oordeel
from dashboards import formatting as fmt
from dashboards.context import MIJN_KERNEN, PARAMETER, kernen_van
from dashboards.context import mijn_kernen_href as href
from dashboards.data import ServingData
from dashboards.views import gemeentenamen
from dashboards.views.kernprofiel.kernregister import voorbeeld_badge
from dashboards.views.kernprofiel.opvallend import signaal_tekst
from dashboards.vocabulary import OPEN

PAD = MIJN_KERNEN


def geen_register() -> dbc.Alert:
    return components.melding(
        [
            html.Strong("Nog geen kernregister geladen. "),
            "kernmonitor weet daarom niet welke kernen bij welke gebiedsmakelaar of kernambtenaar horen. Zodra de "
            "gemeente haar kernregister aanlevert (een CSV- of Excel-bestand in de exportmap, of `kernmonitor "
            "load-export BESTAND`; het formaat staat in docs/exports-formaat.md), staat hier per gebiedsmakelaar "
            "een pagina met haar of zijn kernen.",
        ],
        "info",
        "mijn-kernen-geen-register",
    )


def _bron(register: pd.DataFrame) -> str:
    bestanden = sorted(set(register["bron_bestand"].dropna().astype(str)))
    geladen = pd.to_datetime(register["geladen_op"]).max()
    return f"Bron: kernregister van de gemeente ({', '.join(bestanden)}) · geladen op {fmt.datum(geladen)}"


def kiezer(data: ServingData, register: pd.DataFrame) -> html.Div:
    """Every gebiedsmakelaar and kernambtenaar of the register, per gemeente, with their kernen."""
    namen = gemeentenamen(data)
    blokken = []
    for gemeentecode, rijen in register.groupby("gemeentecode", sort=True):
        items = []
        for (functie, naam), eigen in rijen.groupby(["functie", "gebiedsmakelaar"], sort=True):
            kernen = sorted(eigen["kern"].astype(str))
            items.append(
                html.Li(
                    [
                        dcc.Link(str(naam), href=href(str(naam)), className="fw-semibold"),
                        f" ({functie}): {fmt.meervoud(len(kernen), 'kern', 'kernen')}, {', '.join(kernen)}",
                    ],
                    className="mb-1",
                )
            )
        blokken.append(
            html.Section(
                [html.H2(namen.get(str(gemeentecode), str(gemeentecode)), className="h4"), html.Ul(items)],
                className="mb-3",
            )
        )
    return html.Div(
        [
            html.P("Kies een gebiedsmakelaar of kernambtenaar:", className="lead"),
            *blokken,
            html.P(_bron(register), className="small text-body-secondary"),
        ],
        id="mijn-kernen-kiezer",
    )


def _kaart(data: ServingData, gemeentecode: str, kernen: list[str]) -> dbc.Card:
    buurten = data.buurten(gemeentecode)
    buurten = buurten[buurten["kern"].isin(kernen)]
    per_kern = data.indicator_voor_kernen(gemeentecode, "inwoners")
    per_kern = per_kern[per_kern["kern"].isin(kernen)]
    jaar = int(per_kern["jaar"].max()) if not per_kern.empty and per_kern["jaar"].notna().any() else None
    bron = "Bron: CBS Kerncijfers wijken en buurten; kernen uit het kernregister" + (f" · {jaar}" if jaar else "")
    figuur = kaart.kaart(buurten, per_kern, "inwoners")
    return components.grafiek_kaart(
        "Mijn kernen op de kaart",
        figuur,
        "mijn-kernen-kaart",
        bron,
        bool(per_kern["synthetisch"].fillna(False).astype(bool).any()) if not per_kern.empty else False,
        toelichting="Gekleurd naar het aantal inwoners; klik op een kern om haar profiel te openen.",
        vol=False,
    )


def _kernen_tabel(eigen: pd.DataFrame, platforms: pd.DataFrame) -> dbc.Table:
    regels = []
    for r in eigen.sort_values("kern").itertuples():
        van_kern = platforms[platforms["kern"] == r.kern]
        tekst = "; ".join(f"{p.platform} ({p.platformvorm})" for p in van_kern.itertuples()) or "geen platform"
        sinds = "" if fmt.is_missing(r.jaar_kernagenda) else str(int(r.jaar_kernagenda))
        regels.append([dcc.Link(str(r.kern), href=components.kern_href(r.kern)), tekst, sinds or fmt.ONTBREEKT])
    return components.tabel(["Kern", "Platforms", "Kernagenda sinds"], regels, "mijn-kernen-tabel", rijkoppen=True)


def _kernagenda(data: ServingData, gemeentecode: str, kernen: list[str]) -> list:
    punten = data.kernagenda(gemeentecode)
    kop = html.H2("Open punten op de kernagenda", className="h3")
    if punten.empty:
        return [kop, components.melding("Nog geen kernagenda-export van deze gemeente geladen.", "secondary")]
    punten = punten[punten["kern"].isin(kernen)]
    open_ = punten[punten["status_groep"] == OPEN].copy()
    lang = open_[open_["is_lang_open"].fillna(False).astype(bool)]
    peildata = sorted(pd.to_datetime(punten["peildatum"]).dropna().unique())
    stand = f"stand van {fmt.datum(peildata[-1])}" if peildata else "zonder peildatum"
    samenvatting = (
        f"{fmt.meervoud(len(open_), 'open punt', 'open punten')} in {fmt.meervoud(len(kernen), 'kern', 'kernen')}, "
        f"waarvan {fmt.getal(len(lang))} al lang open (zoals de pagina Kernagenda dat telt)."
    )
    regels = [
        [
            str(r.kern),
            str(r.actiepunt),
            str(r.status),
            str(r.trekker),
            ("" if fmt.is_missing(r.jaar_opgenomen) else str(int(r.jaar_opgenomen)))
            + (" · lang open" if bool(r.is_lang_open) else ""),
        ]
        for r in open_.sort_values(["is_lang_open", "kern", "nummer"], ascending=[False, True, True]).itertuples()
    ]
    inhoud: list = [html.P(samenvatting, id="mijn-kernen-agenda-samenvatting")]
    if regels:
        inhoud.append(
            components.scrollvak(
                components.tabel(
                    ["Kern", "Actiepunt", "Status", "Trekker", "Sinds"], regels, "mijn-kernen-agenda", responsive=False
                ),
                "Tabel: open punten op de kernagenda",
            )
        )
    inhoud.append(html.P(f"Bron: kernagenda-export van de gemeente · {stand}", className="small text-body-secondary"))
    return [kop, *inhoud]


def _subsidies(data: ServingData, gemeentecode: str, kernen: list[str]) -> list:
    subsidies = data.subsidies(gemeentecode)
    kop = html.H2("Subsidies", className="h3")
    if subsidies.empty:
        return [kop, components.melding("Nog geen subsidie-export van deze gemeente geladen.", "secondary")]
    jaar = int(subsidies["jaar"].max())
    eigen = subsidies[subsidies["kern"].isin(kernen) & (subsidies["jaar"] == jaar)]
    regels = []
    for kern in sorted(kernen):
        van_kern = eigen[eigen["kern"] == kern]
        aantal = int(van_kern["toegekend_aantal"].fillna(0).sum())
        bedrag = float(van_kern["toegekend_bedrag"].fillna(0).sum())
        regelingen = ", ".join(sorted(van_kern.loc[van_kern["toegekend_aantal"].fillna(0) > 0, "regeling"]))
        regels.append([kern, fmt.getal(aantal), fmt.euro(bedrag), regelingen or "geen"])
    totaal = float(eigen["toegekend_bedrag"].fillna(0).sum())
    zonder = [r[0] for r in regels if r[1] == "0"]
    tekst = f"In {jaar} (het laatste jaar in de subsidie-export) samen {fmt.euro(totaal)} toegekend"
    tekst += f"; zonder toegekende subsidie: {', '.join(zonder)}." if zonder else "."
    return [
        kop,
        html.P(tekst, id="mijn-kernen-subsidies-samenvatting"),
        components.tabel(["Kern", "Toegekend", "Bedrag", "Regelingen"], regels, "mijn-kernen-subsidies-tabel"),
        html.P(f"Bron: subsidie-export van de gemeente · {jaar}", className="small text-body-secondary"),
    ]


def _signalen(data: ServingData, gemeentecode: str, kernen: list[str]) -> list:
    items = []
    oordelen = data.oordelen(gemeentecode)  # one question for the gebiedsmakelaar's kernen together
    for kern in sorted(kernen):
        signalen = oordeel.signalen(oordelen[oordelen["kern"] == kern].reset_index(drop=True))
        for _, r in signalen.iterrows():
            items.append(
                html.Li(
                    [
                        html.Strong(f"{kern}, {str(r['oordeel'])}: "),
                        signaal_tekst(r),
                        html.Span(f" {components.bron_tekst(r)}", className="small text-body-secondary"),
                        *([components.synthetisch_badge()] if bool(r.get("synthetisch")) else []),
                    ],
                    className="mb-1",
                )
            )
    inhoud = html.Ul(items, id="mijn-kernen-signalen") if items else html.P(oordeel.GEEN_SIGNALEN)
    return [
        html.H2("Opvallend in mijn kernen", className="h3"),
        html.P(
            ["Per kern de grootste sterke punten, aandachtspunten en opvallende cijfers (zoals op het kernprofiel; ",
             dcc.Link("hoe dat bepaald wordt", href="/bronnen#bronnen-oordeelregel"), ")."],
            className="text-body-secondary",
        ),
        html.Details([html.Summary(f"{fmt.meervoud(len(items), 'signaal', 'signalen')} tonen"), inhoud]),
    ]  # fmt: skip


def _doelen(data: ServingData, gemeentecode: str, kernen: list[str]) -> list:
    doelen = data.doelen(gemeentecode)
    kop = html.H2("Doelen voor mijn kernen", className="h3")
    if doelen.empty:
        return [kop, html.P("Geen doelen geladen voor deze gemeente.", className="text-body-secondary")]
    groepen = data.kern_groepen(gemeentecode)
    eigen_groepen = set(groepen.loc[groepen["kern"].isin(kernen), "groep"].astype(str))
    stand = doelen[doelen["is_huidige_stand"].fillna(False).astype(bool)]
    eigen = stand[
        ((stand["scope_soort"] == "kern") & stand["scope"].isin(kernen))
        | ((stand["scope_soort"] == "groep") & stand["scope"].isin(eigen_groepen))
    ]
    if eigen.empty:
        return [kop, html.P("Geen doelen voor deze kernen.", className="text-body-secondary")]
    regels = []
    for r in eigen.sort_values(["streefjaar", "scope"]).itertuples():
        waarde = fmt.waarde(r.waarde, r.eenheid, r.decimalen) if not fmt.is_missing(r.waarde) else fmt.ONTBREEKT
        streef = fmt.waarde(r.streefwaarde, r.eenheid, r.decimalen)
        bron = str(r.brondocument) if not fmt.is_missing(r.brondocument) else str(r.bron_bestand)
        regels.append([str(r.scope), str(r.label), f"{waarde} ({int(r.jaar)})", f"{streef} in {r.streefjaar}",
                       str(r.status), bron])  # fmt: skip
    return [
        kop,
        components.tabel(
            ["Kern of groep", "Indicator", "Stand", "Doel", "Status", "Bron"], regels, "mijn-kernen-doelen"
        ),
    ]


def pagina(data: ServingData, gebiedsmakelaar: str | None) -> html.Div:
    kop = [html.H1("Mijn kernen", id="mijn-kernen-titel")]
    register = data.kernregister()
    if register.empty:
        return html.Div([*kop, geen_register()])
    eigen = kernen_van(data, gebiedsmakelaar)
    if eigen.empty:
        melding = (
            [components.melding(f"Geen gebiedsmakelaar of kernambtenaar ‘{gebiedsmakelaar}’ in het kernregister.",
                                "warning", "mijn-kernen-onbekend")]
            if gebiedsmakelaar else []
        )  # fmt: skip
        return html.Div([*kop, *melding, kiezer(data, register)])
    naam, functie = str(eigen["gebiedsmakelaar"].iloc[0]), str(eigen["functie"].iloc[0])
    gemeentecode = str(eigen["gemeentecode"].iloc[0])
    kernen = sorted(eigen["kern"].astype(str))
    voorbeeld = bool(eigen["voorbeeld"].fillna(False).astype(bool).any())
    platforms = data.kern_platforms(gemeentecode)
    titel = [html.H1(["Mijn kernen: ", naam, *([voorbeeld_badge()] if voorbeeld else [])], id="mijn-kernen-titel")]
    ondertitel = html.P(
        f"{functie.capitalize()} in de gemeente {gemeentenamen(data).get(gemeentecode, gemeentecode)} voor "
        f"{fmt.meervoud(len(kernen), 'kern', 'kernen')}: {', '.join(kernen)}.",
        className="lead",
        id="mijn-kernen-ondertitel",
    )
    return html.Div(
        [
            *titel,
            ondertitel,
            html.P(
                [
                    dcc.Link("Andere gebiedsmakelaar kiezen", href=f"{PAD}?{PARAMETER}="),
                    " · ",
                    dcc.Link("Alle kernen tonen", href=f"/?{PARAMETER}="),
                ],
                className="small",
            ),  # fmt: skip
            dbc.Row(
                [
                    dbc.Col(_kaart(data, gemeentecode, kernen), lg=7, className="mb-3"),
                    dbc.Col(
                        [_kernen_tabel(eigen, platforms), html.P(_bron(eigen), className="small text-body-secondary")],
                        lg=5,
                    ),
                ]
            ),
            dcc.Location(id="mijn-kernen-naar", refresh="callback-nav"),
            html.Section(_kernagenda(data, gemeentecode, kernen), className="mb-4", id="mijn-kernen-kernagenda"),
            html.Section(_subsidies(data, gemeentecode, kernen), className="mb-4", id="mijn-kernen-subsidies"),
            html.Section(_signalen(data, gemeentecode, kernen), className="mb-4", id="mijn-kernen-opvallend"),
            html.Section(_doelen(data, gemeentecode, kernen), className="mb-4", id="mijn-kernen-doelen-sectie"),
        ],
        className="mijn-kernen",
    )


def vernauwing_melding(data: ServingData, gebiedsmakelaar: str) -> dbc.Alert:
    """The notice above every page under ?gebiedsmakelaar=: whose kernen it shows, and the way back to all."""
    eigen = kernen_van(data, gebiedsmakelaar)
    alle = dcc.Link("alle kernen tonen", href=f"/?{PARAMETER}=", id="vernauwing-opheffen")
    if eigen.empty:
        return dbc.Alert(
            [f"Geen gebiedsmakelaar ‘{gebiedsmakelaar}’ in het kernregister: deze pagina toont alle kernen (", alle,
             ")."],
            color="warning", className="vernauwing py-2", id="vernauwing",
        )  # fmt: skip
    naam = str(eigen["gebiedsmakelaar"].iloc[0])
    kernen = sorted(eigen["kern"].astype(str))
    return dbc.Alert(
        [
            html.Strong("Mijn kernen: "),
            f"de kernen van {naam}: {', '.join(kernen)}. Een pagina met een keuze van kernen toont alleen deze "
            "kernen, de andere pagina's hun gemeente. ",
            dcc.Link("Naar Mijn kernen", href=href(naam)),
            " · ",
            alle,
        ],
        color="info",
        className="vernauwing py-2",
        id="vernauwing",
    )
