"""Kernprofiel: everything known about one kern, laid out for a dorpsavond (pictures first, plain Dutch).

`profiel_pagina` is what the /kern/<naam> route renders; the trend and download callbacks call the other
functions. All of them take a ServingData, so tests and the benchmark call them without a browser.
"""

from __future__ import annotations

from urllib.parse import quote

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboards import charts, components, oordeel
from dashboards import formatting as fmt
from dashboards.data import ServingData
from dashboards.views import gemeentenaam, gemeentenamen, kern_profiel, kern_reeks, per_kern
from dashboards.views.overzicht import THEMA_NAMEN

KOPCIJFERS = [
    "inwoners",
    "woningvoorraad",
    "lbm_klasse",
    "aandeel_65_plus",
    "woz_gemiddeld",
    "afstand_huisarts_km",
    "inkomen_per_inwoner",
    "groei_inwoners",
]
THEMA_VOLGORDE = ["demografie", "wonen", "leefbaarheid", "participatie"]
THEMA_INLEIDING = {
    "demografie": "Wie wonen er: leeftijden en huishoudens.",
    "wonen": "De woningen en hoe ver het is naar de dagelijkse voorzieningen.",
    "leefbaarheid": "Hoe leefbaar de buurten zijn volgens de Leefbaarometer van het Rijk.",
    "participatie": "Inkomen, en wat inwoners zelf oppakken: initiatieven, subsidies en de kernagenda.",
}
STANDAARD_TREND = "inwoners"
KERNAGENDA_STATUSSEN = [
    ("punten_idee", "idee"),
    ("punten_in_onderzoek", "in onderzoek"),
    ("punten_in_uitvoering", "in uitvoering"),
    ("punten_gerealiseerd", "gerealiseerd"),
    ("punten_niet_haalbaar", "niet haalbaar"),
    ("punten_vervallen", "vervallen"),
]
OORDEEL = {
    oordeel.STERK: ("signaal-sterk", "▲"),
    oordeel.AANDACHT: ("signaal-aandacht", "●"),
    oordeel.OPVALLEND: ("signaal-opvallend", "◆"),
}


def zoek_kern(data: ServingData, naam: str | None, gemeente: str | None = None) -> pd.Series | None:
    """The kern a URL names (case-insensitive; `gemeente` settles a name two gemeenten share)."""
    if not naam:
        return None
    kernen = data.kernen()  # every kern, one cached query
    match = kernen[kernen["kern"].str.lower() == naam.strip().lower()]
    if gemeente:
        match = match[match["gemeentecode"] == gemeente]
    return None if match.empty else match.iloc[0]


def _tegels(by_id: pd.DataFrame, ids: list[str], kolommen: int = 4) -> dbc.Row:
    """Tiles for the given indicators; `by_id` is the profile indexed by indicator_id (column kept)."""
    tegels = [
        dbc.Col(components.indicator_tegel(by_id.loc[i]), xs=12, sm=6, lg=12 // kolommen, className="mb-3")
        for i in ids
        if i in by_id.index
    ]
    return dbc.Row(tegels, className="g-3")


def _thema_grafieken(profiel: pd.DataFrame, kern: pd.Series, thema: str) -> tuple[list, set[str]]:
    """The charts of a theme section and the indicators they already show."""
    naam, gemeente = str(kern["kern"]), str(kern["gemeentenaam_getoond"])

    def synthetisch(ids: list[str]) -> bool:
        rows = profiel[profiel["indicator_id"].isin(ids) & profiel["waarde"].notna()]
        return bool(rows["synthetisch"].any())

    def bron(ids: list[str]) -> str:
        rows = profiel[profiel["indicator_id"].isin(ids) & profiel["waarde"].notna()]
        if rows.empty:
            return "Bron: –"
        eerste = rows.sort_values("jaar").iloc[-1]
        dekking = rows["dekking"].min()
        return components.bron_tekst({**eerste.to_dict(), "dekking": dekking})

    kaarten: list = []
    getoond: set[str] = set()
    if thema == "demografie":
        fig = charts.referentie_staven(profiel, charts.LEEFTIJDEN, charts.LEEFTIJD_LABELS, naam, gemeente)
        kaarten.append(
            components.grafiek_kaart(
                "Leeftijdsopbouw",
                fig,
                "kern-leeftijd",
                bron(charts.LEEFTIJDEN),
                synthetisch(charts.LEEFTIJDEN),
                toelichting="Aandeel van de inwoners per leeftijdsgroep.",
            )
        )
        getoond |= set(charts.LEEFTIJDEN)
    elif thema == "wonen":
        labels = {"koopwoningen_pct": "Koop", "huurwoningen_pct": "Huur", "corporatiewoningen_pct": "Corporatie"}
        fig = charts.referentie_staven(profiel, charts.WONINGMIX, labels, naam, gemeente, horizontaal=False)
        kaarten.append(
            components.grafiek_kaart(
                "Woningmix",
                fig,
                "kern-woningmix",
                bron(charts.WONINGMIX),
                synthetisch(charts.WONINGMIX),
                toelichting="Corporatiewoningen zijn een deel van de huurwoningen.",
            )
        )
        labels = {
            "afstand_huisarts_km": "Huisarts",
            "afstand_supermarkt_km": "Supermarkt",
            "afstand_school_km": "Basisschool",
            "afstand_kinderdagverblijf_km": "Kinderdagverblijf",
        }
        fig = charts.referentie_staven(profiel, charts.AFSTANDEN, labels, naam, gemeente)
        kaarten.append(
            components.grafiek_kaart(
                "Afstand tot voorzieningen",
                fig,
                "kern-afstanden",
                bron(charts.AFSTANDEN),
                synthetisch(charts.AFSTANDEN),
                toelichting="Gemiddelde afstand over de weg; korter is beter.",
            )
        )
        getoond |= set(charts.WONINGMIX) | set(charts.AFSTANDEN)
    elif thema == "leefbaarheid":
        fig = charts.leefbaarometer_dimensies(profiel, naam, gemeente)
        kaarten.append(
            components.grafiek_kaart(
                "Leefbaarometer: de vijf dimensies",
                fig,
                "kern-leefbaarometer",
                bron(charts.LBM_DIMENSIES),
                synthetisch(charts.LBM_DIMENSIES),
                toelichting="Afwijking van het landelijk gemiddelde; rechts van de lijn is beter dan Nederland.",
            )
        )
        getoond |= set(charts.LBM_DIMENSIES)
    return kaarten, getoond


SUBSIDIE_INDICATOREN = ["initiatieven_per_1000", "subsidie_euro_per_1000"]
KERNAGENDA_INDICATOREN = ["kernagenda_punten", "kernagenda_gerealiseerd_pct"]


def export_synthetisch(data: ServingData, gemeentecode: str, indicator_ids: list[str]) -> bool:
    """Whether the gemeente's export behind these indicators holds example (synthetic) data.

    The export marts carry no flag of their own; the indicators computed from them do.
    """
    profielen = data.profielen(gemeentecode)
    rows = profielen[profielen["indicator_id"].isin(indicator_ids) & profielen["waarde"].notna()]
    return bool(rows["synthetisch"].astype(bool).any())


def _subsidies_sectie(data: ServingData, kern: pd.Series) -> list:
    if not data.has_table("kern_subsidies"):
        return [components.melding("Nog geen subsidie-export van de gemeente geladen.", "secondary")]
    subsidies = data.subsidies(str(kern["gemeentecode"]), str(kern["kern"]))
    if subsidies.empty:
        return [components.melding("Geen subsidies bekend voor deze kern.", "secondary")]
    frame = subsidies.assign(jaar=subsidies["jaar"].astype(int), bedrag=subsidies["toegekend_bedrag"].astype(float))
    synthetisch = export_synthetisch(data, str(kern["gemeentecode"]), SUBSIDIE_INDICATOREN)
    fig = charts.gestapelde_staven(
        frame, "jaar", "bedrag", "regeling", "toegekend bedrag (euro)", synthetisch=synthetisch
    )
    totaal = int(frame["toegekend_aantal"].fillna(0).sum())
    bedrag = float(frame["bedrag"].fillna(0).sum())
    jaren = f"{frame['jaar'].min()}–{frame['jaar'].max()}"
    return [
        components.grafiek_kaart(
            "Subsidies per jaar",
            fig,
            "kern-subsidies",
            f"Bron: subsidie-export van de gemeente · {jaren}",
            synthetisch,
            toelichting=f"{fmt.getal(totaal)} toegekende aanvragen, samen {fmt.euro(bedrag)}.",
        )
    ]


def _kernagenda_sectie(data: ServingData, kern: pd.Series) -> list:
    if not data.has_table("kern_kernagenda_voortgang"):
        return [components.melding("Nog geen kernagenda-export geladen.", "secondary")]
    voortgang = data.kernagenda_voortgang(str(kern["gemeentecode"]), str(kern["kern"]))
    if voortgang.empty:
        return [components.melding("Geen kernagenda bekend voor deze kern.", "secondary")]
    rows = []
    for r in voortgang.itertuples():
        for kolom, status in KERNAGENDA_STATUSSEN:
            punten = getattr(r, kolom)
            if not fmt.is_missing(punten) and punten:
                rows.append({"peildatum": fmt.datum(r.peildatum), "status": status, "punten": int(punten)})
    synthetisch = export_synthetisch(data, str(kern["gemeentecode"]), KERNAGENDA_INDICATOREN)
    fig = charts.gestapelde_staven(
        pd.DataFrame(rows),
        "peildatum",
        "punten",
        "status",
        "aantal punten",
        hoogte=300,
        kleuren=charts.STATUS_KLEUREN,
        synthetisch=synthetisch,
    )
    laatste = voortgang.iloc[-1]
    tekst = (
        f"Op {fmt.datum(laatste['peildatum'])}: {fmt.getal(laatste['punten_totaal'])} punten, "
        f"{fmt.getal(laatste['punten_gerealiseerd'])} gerealiseerd ({fmt.aandeel(laatste['aandeel_gerealiseerd'])}), "
        f"{fmt.getal(laatste['punten_open'])} open."
    )
    return [
        components.grafiek_kaart(
            "Voortgang van de kernagenda",
            fig,
            "kern-kernagenda",
            "Bron: kernagenda-export van de gemeente",
            synthetisch,
            toelichting=tekst,
            extra=[
                dcc.Link(
                    "Alle punten van deze kern bekijken",
                    href=f"/kernagenda?kern={quote(str(kern['kern']))}",
                    className="small",
                )
            ],
        )
    ]


def _met_eenheid(tekst: str, eenheid: str) -> str:
    extra = fmt.eenheid_tekst(eenheid)
    return f"{tekst} {extra}" if extra and tekst != fmt.ONTBREEKT else tekst


def _signaal_tekst(r: pd.Series) -> str:
    eenheid, decimalen = str(r["eenheid"]), int(r["decimalen"])
    waarde = _met_eenheid(fmt.waarde(r["waarde"], eenheid, decimalen), eenheid)
    gemeente = _met_eenheid(fmt.waarde(r["gemeente_waarde"], eenheid, decimalen), eenheid)
    tekst = f"{r['label']}: {waarde} in {int(r['jaar'])}, tegen {gemeente} in de hele gemeente"
    return tekst + (f" ({r['reden']})." if not fmt.is_missing(r["reden"]) else ".")


def signalen_sectie(data: ServingData, kern: pd.Series) -> html.Section:
    """The kern's strongest strengths, attention points and notable figures: the verdicts of marts.kern_oordelen,
    the same the Kansenkaart, the briefings and the XLSX show."""
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
                html.Span(_signaal_tekst(r)),
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


def spiegelkernen_sectie(data: ServingData, kern: pd.Series) -> html.Section | None:
    if not data.has_table("kern_spiegelkernen"):
        return None
    spiegel = data.spiegelkernen(str(kern["gemeentecode"]), str(kern["kern"]))
    if spiegel.empty:
        return None
    namen = gemeentenamen(data)
    kaarten = []
    for _, r in spiegel.iterrows():
        titel = [dcc.Link(str(r["spiegelkern"]), href=components.kern_href(r["spiegelkern"]), className="fw-bold")]
        if bool(r.get("synthetisch")):
            titel.append(components.synthetisch_badge())
        kaarten.append(
            dbc.Col(
                dbc.Card(
                    dbc.CardBody(
                        [
                            html.Div(titel, className="fs-5"),
                            html.Div(
                                f"gemeente {namen.get(r['spiegel_gemeentecode'], r['spiegel_gemeentecode'])}",
                                className="text-body-secondary",
                            ),
                            html.Div(
                                f"afstand {fmt.getal(r['afstand'], 2)} over {fmt.getal(r['indicatoren'])} kenmerken",
                                className="small",
                            ),
                        ]
                    ),
                    className="h-100",
                ),
                className="mb-3",
            )
        )
    alle = [str(kern["kern"]), *spiegel["spiegelkern"].astype(str).head(3)]
    return html.Section(
        [
            html.H2("Vergelijkbare kernen", className="h3"),
            html.P(
                "Kernen die qua bevolking, woningen en voorzieningen het meest op deze kern lijken "
                "(kleinere afstand = meer gelijk). Handig om ervaringen uit te wisselen.",
                className="text-body-secondary",
            ),
            dbc.Row(kaarten, className="g-3 row-cols-1 row-cols-sm-2 row-cols-lg-5"),
            dcc.Link(
                "Vergelijk deze kernen naast elkaar",
                href="/vergelijken?kernen=" + quote(",".join(alle)),
                className="btn btn-outline-primary",
            ),
        ],
        className="mb-4",
        id="sectie-spiegelkernen",
    )


def _alle_cijfers(profiel: pd.DataFrame) -> dbc.Table:
    kop = html.Thead(
        html.Tr(
            [
                html.Th(t, scope="col")
                for t in ("Cijfer", "Kern", "Gemeente", "Nederland", "Rang", "Jaar", "Dekking", "Toelichting")
            ]
        )
    )
    regels = []
    for thema in THEMA_VOLGORDE:
        deel = profiel[profiel["thema"] == thema].sort_values("label")
        if deel.empty:
            continue
        regels.append(html.Tr(html.Th(THEMA_NAMEN.get(thema, thema), colSpan=8, scope="colgroup")))
        for _, r in deel.iterrows():
            waarde = [fmt.waarde(r["waarde"], r["eenheid"], r["decimalen"])]
            if not fmt.is_missing(r["waarde"]) and bool(r["synthetisch"]):
                waarde.append(components.synthetisch_badge())
            regels.append(
                html.Tr(
                    [
                        html.Th(r["label"], scope="row", className="fw-normal"),
                        html.Td(waarde, className="text-end text-nowrap"),
                        html.Td(fmt.waarde(r["gemeente_waarde"], r["eenheid"], r["decimalen"]), className="text-end"),
                        html.Td(fmt.waarde(r["nederland_waarde"], r["eenheid"], r["decimalen"]), className="text-end"),
                        html.Td(
                            "" if fmt.is_missing(r["rang"]) else f"{int(r['rang'])} van {int(r['rang_van'])}",
                            className="text-nowrap",
                        ),
                        html.Td("" if fmt.is_missing(r["jaar"]) else str(int(r["jaar"]))),
                        html.Td(fmt.aandeel(r["dekking"])),
                        html.Td(components.status_tekst(r) or components.bron_tekst(r).split(" · ")[0]),
                    ]
                )
            )
    return dbc.Table(
        [kop, html.Tbody(regels)],
        striped=True,
        hover=True,
        responsive=True,
        size="sm",
        className="alle-cijfers",
        id="kern-alle-cijfers",
    )


def trend_opties(profiel: pd.DataFrame) -> list[dict]:
    rows = profiel.sort_values(["thema", "label"])
    return [
        {"label": f"{THEMA_NAMEN.get(r.thema, r.thema)} – {r.label}", "value": r.indicator_id}
        for r in rows.itertuples()
    ]


def trend_figuren(data: ServingData, gemeentecode: str, kern: str, indicator_id: str) -> dict:
    """The trend of one indicator and where the kern stands among the kernen of its gemeente."""
    reeks = kern_reeks(data, gemeentecode, kern, indicator_id)
    gemeente = gemeentenaam(data, gemeentecode)
    alle_kernen = per_kern(data, gemeentecode, indicator_id)
    met_waarde = reeks.dropna(subset=["waarde"])
    if met_waarde.empty:
        bron = "Bron: –"
    else:
        jaren = met_waarde["jaar"].astype(int)
        laatste = met_waarde.iloc[-1]
        bron = f"Bron: {laatste['bron']} · {jaren.min()}–{jaren.max()} · dekking {fmt.aandeel(laatste['dekking'])}"
    return {
        "trend": charts.trend(reeks, kern, gemeente),
        "positie": charts.kernen_staven(alle_kernen, uitgelicht=[kern]),
        "bron": bron,
        "synthetisch": bool(met_waarde["synthetisch"].any())
        or bool(alle_kernen.loc[alle_kernen["waarde"].notna(), "synthetisch"].any()),
        "label": str(reeks["label"].iloc[0]) if not reeks.empty else indicator_id,
        "telling": charts.is_telling(reeks["eenheid"].iloc[0]) if not reeks.empty else False,
    }


def trend_kaarten(figuren: dict) -> list:
    return [
        dbc.Col(
            components.grafiek_kaart(
                f"{figuren['label']} door de jaren",
                figuren["trend"],
                "kern-trend",
                figuren["bron"],
                figuren["synthetisch"],
                toelichting=(
                    "Alleen de kern: een aantal valt niet te vergelijken met het totaal van gemeente of land."
                    if figuren["telling"]
                    else "Dikke lijn: deze kern; stippellijnen: gemeente en Nederland."
                ),
                vol=False,
            ),
            lg=6,
            className="mb-3",
        ),
        dbc.Col(
            components.grafiek_kaart(
                f"{figuren['label']}: alle kernen van de gemeente",
                figuren["positie"],
                "kern-positie",
                figuren["bron"],
                figuren["synthetisch"],
                toelichting="Donkerblauw: deze kern." + ("" if figuren["telling"] else " Stippellijn: de gemeente."),
                vol=False,
            ),
            lg=6,
            className="mb-3",
        ),
    ]


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


def profiel_pagina(data: ServingData, naam: str | None, gemeente: str | None = None) -> html.Div:
    """The whole kern profile, or the friendly 404 when the kern is unknown."""
    kern = zoek_kern(data, naam, gemeente)
    if kern is None:
        return niet_gevonden(naam)
    gemeentecode, kernnaam = str(kern["gemeentecode"]), str(kern["kern"])
    kern = kern.copy()
    kern["gemeentenaam_getoond"] = gemeentenaam(data, gemeentecode)
    profiel = kern_profiel(data, gemeentecode, kernnaam)
    by_id = profiel.set_index("indicator_id", drop=False)
    synthetisch_aantal = int((profiel["waarde"].notna() & profiel["synthetisch"].astype(bool)).sum())

    buurten = str(kern.get("buurtcodes") or "").split(",")
    ondertitel = (
        f"Kern in de gemeente {kern['gemeentenaam_getoond']} · "
        f"{fmt.meervoud(int(kern['aantal_buurten']), 'buurt', 'buurten')} ({', '.join(b for b in buurten if b)})"
    )
    if not fmt.is_missing(kern.get("jaar")):
        ondertitel += f" · cijfers tot en met {int(kern['jaar'])}"

    knoppen = html.Div(
        [
            dbc.Button("Download PDF (1 pagina)", id="kern-pdf-knop", color="primary", className="me-2 mb-2"),
            dbc.Button("Download Excel", id="kern-xlsx-knop", color="primary", outline=True, className="me-2 mb-2"),
            dcc.Link(
                "Vergelijk met andere kernen",
                href="/vergelijken?kernen=" + quote(kernnaam),
                className="btn btn-outline-secondary me-2 mb-2",
            ),
            dcc.Download(id="kern-download"),
            html.Div(id="kern-download-melding", role="status"),
        ],
        className="d-print-none",
    )

    secties: list = [
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
        knoppen,
    ]
    if synthetisch_aantal:
        secties.append(components.synthetisch_melding(synthetisch_aantal, "cijfers van deze kern"))

    secties.append(
        html.Section(
            [html.H2("In één oogopslag", className="h3"), _tegels(by_id, KOPCIJFERS)],
            className="mb-4",
            id="sectie-kopcijfers",
        )
    )
    secties.append(signalen_sectie(data, kern))

    for thema in THEMA_VOLGORDE:
        deel = profiel[profiel["thema"] == thema]
        if deel.empty:
            continue
        grafieken, getoond = _thema_grafieken(profiel, kern, thema)
        overig = [i for i in deel.sort_values("label")["indicator_id"] if i not in getoond and i not in KOPCIJFERS]
        inhoud: list = [
            html.H2(THEMA_NAMEN.get(thema, thema), className="h3"),
            html.P(THEMA_INLEIDING.get(thema, ""), className="text-body-secondary"),
        ]
        if thema == "participatie":
            grafieken = grafieken + _subsidies_sectie(data, kern) + _kernagenda_sectie(data, kern)
        if grafieken:
            breedte = 12 if len(grafieken) == 1 else 6
            inhoud.append(dbc.Row([dbc.Col(g, lg=breedte, className="mb-3") for g in grafieken], className="g-3"))
        if overig:
            inhoud.append(_tegels(by_id, overig))
        secties.append(html.Section(inhoud, className="mb-4 thema-sectie", id=f"sectie-{thema}"))

    standaard = STANDAARD_TREND if STANDAARD_TREND in by_id.index else str(profiel["indicator_id"].iloc[0])
    secties.append(
        html.Section(
            [
                html.H2("Door de jaren en tussen de andere kernen", className="h3"),
                dbc.Row(
                    dbc.Col(
                        [
                            dbc.Label("Kies een cijfer", html_for="kern-trend-indicator"),
                            dbc.Select(id="kern-trend-indicator", options=trend_opties(profiel), value=standaard),
                        ],
                        md=6,
                    ),
                    className="mb-3",
                ),
                dbc.Row(trend_kaarten(trend_figuren(data, gemeentecode, kernnaam, standaard)), id="kern-trend-rij"),
            ],
            className="mb-4",
            id="sectie-trend",
        )
    )
    spiegel = spiegelkernen_sectie(data, kern)
    if spiegel is not None:
        secties.append(spiegel)
    secties.append(
        html.Section(
            dbc.Accordion(
                dbc.AccordionItem(
                    _alle_cijfers(profiel), title=f"Alle {len(profiel)} cijfers van {kernnaam} in een tabel"
                ),
                start_collapsed=True,
            ),
            className="mb-4",
            id="sectie-alle-cijfers",
        )
    )
    return html.Div(secties, className="kernprofiel")


def download(data: ServingData, gemeentecode: str, kern: str, soort: str) -> dict:
    """The dcc.Download payload of a briefing file; raises ImportError while the briefing module is missing."""
    from dashboards import briefing

    if soort == "pdf":
        inhoud, extensie, mime = briefing.kern_pdf(data, gemeentecode, kern), "pdf", "application/pdf"
    else:
        inhoud = briefing.kern_xlsx(data, gemeentecode, kern)
        extensie, mime = "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    bestand = f"kernmonitor-{kern.lower().replace(' ', '-')}.{extensie}"
    return dcc.send_bytes(inhoud, bestand, type=mime)
