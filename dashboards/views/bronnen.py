"""Bronnen en methode: every source with its table id and revision, how kernen are built, the rules (including the
verdict rule, with the thresholds of the publication), the version."""

from __future__ import annotations

import json

import dash_bootstrap_components as dbc
from dash import html

from dashboards import components, open_data
from dashboards import formatting as fmt
from dashboards.data import ServingData
from dashboards.oordeel import REGEL_TITEL, regel_tekst
from dashboards.views import gemeentenamen
from dashboards.vocabulary import STATUSSEN, thema_naam

BEREKENING = {
    "measure": "per kern opgeteld (aantallen) of gewogen gemiddeld over de buurten",
    "ratio": "teller gedeeld door noemer, beide eerst per kern opgeteld",
    "growth": "verandering ten opzichte van het jaar ervoor",
    "leefbaarometer": "gemiddelde van de buurten, gewogen naar inwoners",
    "export_subsidie": "uit de subsidie-export van de gemeente",
    "export_kernagenda": "uit de kernagenda-export van de gemeente",
}
RICHTING = {"hoger_beter": "hoger is beter", "lager_beter": "lager is beter", "neutraal": "geen oordeel"}
SOORT = {
    "synthetic-demo": "synthetisch (demo)",
    "snapshot": "opgeslagen CBS-antwoord",
    "live": "CBS OData",
}


def _ontbrekend(waarde: object, labels: dict[str, str]) -> str:
    """The measures a year's table lacks, by their catalogue label where there is one."""
    if fmt.is_missing(waarde) or not str(waarde).strip():
        return ""
    try:
        maten = json.loads(str(waarde))
    except ValueError:
        return str(waarde)
    if not isinstance(maten, list):
        return str(maten)
    return ", ".join(labels.get(str(m), str(m).replace("_pct", " (%)").replace("_", " ")) for m in maten)


def _inklapbaar(titel: str, inhoud, element_id: str | None = None) -> dbc.Accordion:
    kwargs = {"id": element_id} if element_id else {}
    return dbc.Accordion(dbc.AccordionItem(inhoud, title=titel), start_collapsed=True, className="mb-2", **kwargs)


def publicatie(data: ServingData) -> html.Section:
    pub = data.publication()
    return html.Section(
        [
            html.H2("Deze publicatie", className="h3"),
            html.P(
                [
                    "Gegevensversie ",
                    html.Code(str(pub["version"]), id="bronnen-versie"),
                    f", gepubliceerd op {fmt.datum_tijd(pub['published_at'])}. ",
                    "Het dashboard leest alleen deze gepubliceerde versie; een nieuwe verversing vervangt haar pas "
                    "als alle controles geslaagd zijn.",
                ]
            ),
        ],
        className="mb-4",
    )


def bronnen_tabel(data: ServingData) -> html.Section:
    bronnen = data.bronnen()
    catalogus = data.catalogus()
    labels = {str(t): str(lab) for t, lab in zip(catalogus["teller"], catalogus["label"], strict=True)}
    regels = []
    synthetisch = False
    for r in bronnen.itertuples():
        soort = SOORT.get(str(r.soort), str(r.soort))
        if str(r.soort).startswith("synthetic"):
            synthetisch = True
            soort_cel: object = [soort, components.synthetisch_badge()]
        else:
            soort_cel = soort
        regels.append(
            [
                r.bron,
                html.Code(str(r.tabel)),
                str(int(r.jaar)),
                html.Span(fmt.datum(r.revisie), className="text-nowrap"),
                soort_cel,
                _ontbrekend(r.ontbrekende_maten, labels) or "–",
                fmt.datum_tijd(r.geladen_op),
            ]
        )
    inhoud: list = [
        html.H2("CBS Kerncijfers wijken en buurten", className="h3"),
        html.P(
            "Eén StatLine-tabel per jaar. De kolomnamen verschillen per jaar en zelfs per revisie; kernmonitor "
            "zoekt elke maat op in de eigen metadata van de tabel en bewaart die metadata met de revisiedatum."
        ),
    ]
    if synthetisch:
        inhoud.append(
            components.melding(
                "In deze demo zijn de meeste buurtcijfers synthetisch: ze zijn gemaakt om het dashboard te tonen "
                "en volgen de echte gemeentecijfers, maar zijn geen metingen.",
                "warning",
            )
        )
    inhoud.append(
        components.tabel(
            ["Bron", "Tabel", "Jaar", "Revisie", "Soort", "Ontbrekende maten", "Geladen op"], regels, "bronnen-tabel"
        )
    )
    return html.Section(inhoud, className="mb-4")


def overige_bronnen(data: ServingData) -> html.Section:
    regels = [
        [
            "Leefbaarometer 3.0 (ministerie van BZK)",
            "Leefbaarheid per buurt: klasse 1–9 en vijf dimensies (woningvoorraad, fysieke omgeving, "
            "voorzieningen, sociale samenhang, overlast en onveiligheid). Verschijnt om het jaar.",
        ],
        [
            "CBS Wijk- en buurtkaart",
            "Vereenvoudigde buurtgrenzen, per kern samengevoegd voor de kaart. Geen kaarttegels: de kaart werkt "
            "ook zonder internet.",
        ],
    ]
    for tabel, naam, uitleg in (
        (data.subsidies(), "Subsidie-export van de gemeente", "Toegekende subsidies per kern, jaar en regeling."),
        (data.kernagenda(), "Kernagenda-export van de gemeente", "Actiepunten per kern met status en trekker."),
    ):
        status = "nog niet geladen" if tabel.empty else "geladen"
        regels.append([naam, f"{uitleg} ({status})"])
    return html.Section(
        [html.H2("Andere bronnen", className="h3"), components.tabel(["Bron", "Wat het levert"], regels)],
        className="mb-4",
    )


def kernindeling(data: ServingData) -> html.Section:
    blokken: list = [
        html.H2("Hoe een kern wordt gevormd", className="h3"),
        html.P(
            "CBS publiceert gemeenten, wijken en buurten, maar geen kernen. Een kern is hier een groep hele "
            "buurten. De indeling is afgeleid uit de buurtnamen (en waar dat niet kan uit de wijk) en kan door de "
            "gemeente worden overschreven met een eigen bestand. Elke buurt hoort bij precies één kern; de "
            "verversing stopt als dat niet klopt."
        ),
    ]
    namen = gemeentenamen(data)
    for gemeente in data.gemeenten().itertuples():
        buurten = data.buurten(gemeente.gemeentecode)
        regels = []
        for kern, deel in buurten.groupby("kern", sort=True):
            bronnen = sorted({"door de gemeente" if b == "gemeente" else "afgeleid" for b in deel["bron"]})
            regels.append(
                [
                    str(kern),
                    ", ".join(f"{n} ({c})" for n, c in zip(deel["buurtnaam"], deel["buurtcode"], strict=True)),
                    ", ".join(sorted(set(deel["basis"].astype(str)))),
                    ", ".join(bronnen),
                ]
            )
        blokken.append(
            dbc.Accordion(
                dbc.AccordionItem(
                    # One component a gemeente (TekstTabel): all of NL has 5.317 kernen in 342 of these.
                    components.tabel(
                        ["Kern", "Buurten", "Op basis van", "Indeling"],
                        regels,
                        rijkoppen=True,
                        kolomklassen=["fw-bold"],
                    ),
                    title=f"{namen[gemeente.gemeentecode]}: {gemeente.kernen} kernen uit {len(buurten)} buurten",
                ),
                start_collapsed=True,
                className="mb-2",
            )
        )
    return html.Section(blokken, className="mb-4")


def rekenregels(data: ServingData) -> html.Section:
    regels = []
    for r in data.catalogus().itertuples():
        regels.append(
            [
                r.label,
                thema_naam(r.thema),
                r.programma if not fmt.is_missing(r.programma) else "–",
                r.eenheid,
                BEREKENING.get(r.berekening, r.berekening),
                RICHTING.get(r.richting, r.richting),
                r.uitleg,
                r.bron,
            ]
        )
    return html.Section(
        [
            html.H2("Rekenregels", className="h3"),
            html.Ul(
                [
                    html.Li("Aantallen (inwoners, woningen, huishoudens) worden over de buurten opgeteld."),
                    html.Li(
                        "Aandelen worden opnieuw berekend uit opgetelde tellers en noemers; waar die ontbreken, "
                        "gewogen naar de basis (een % van de woningen naar woningen, van de inwoners naar inwoners)."
                    ),
                    html.Li("Gemiddelden worden gewogen: WOZ-waarde naar woningen, afstanden naar inwoners."),
                    html.Li(
                        "Klassen worden niet gemiddeld: de mate van stedelijkheid (klasse 1 tot 5) van een kern is "
                        "de klasse waarin de middelste inwoner woont (de mediaan, gewogen naar inwoners)."
                    ),
                    html.Li(
                        "Geheimgehouden buurtcijfers tellen niet als nul. Elk kerncijfer heeft een dekking: het "
                        "deel van het gewicht met een waarde. Is die te laag, dan staat er ‘onvoldoende gegevens’."
                    ),
                    html.Li(
                        "De som van de kernen van een gemeente moet het CBS-cijfer van de gemeente zelf opleveren; "
                        "zie de controle hieronder."
                    ),
                    html.Li(
                        "De rang is de plaats tussen de kernen van dezelfde gemeente: 1 is het gunstigst als de "
                        "richting bekend is, anders de hoogste waarde."
                    ),
                ]
            ),
            _inklapbaar(
                f"Alle {len(regels)} indicatoren: thema, eenheid, berekening en bron",
                components.tabel(
                    ["Indicator", "Thema", "Programma", "Eenheid", "Berekening", "Richting", "Uitleg", "Bron"],
                    regels,
                    "indicator-catalogus",
                    rijkoppen=True,
                    kolomklassen=["fw-bold"],  # the indicator: a bold row header
                ),
            ),
        ],
        className="mb-4",
    )


def oordeelregel(data: ServingData) -> html.Section:
    """The verdict rule with the thresholds this publication's verdicts were made with (marts.oordeel_regel)."""
    return html.Section(
        [
            html.H2(REGEL_TITEL, className="h3"),
            html.P(
                "Het kernprofiel (Opvallend), het Kansenkaart-pakket, de kernbriefing en de Excel-bestanden geven "
                "elk cijfer hetzelfde oordeel, volgens deze regel:"
            ),
            html.Ol([html.Li(regel) for regel in regel_tekst(data.oordeel_regel())]),
        ],
        className="mb-4",
        id="bronnen-oordeelregel",
    )


def enquetes(data: ServingData) -> html.Section:
    """How survey figures are made: intervals, weighting, the threshold (docs/enquetes.md)."""
    min_n = data.enquete_min_n() or 10
    punten = [
        "Enquêtes van de gemeente (zoals de burgerpeiling) komen als antwoorden per respondent of als resultaten "
        "per kern. Vrije tekst en postcodes worden bij het lezen weggelaten; antwoorden per respondent verlaten de "
        "ruwe gegevens nooit: alleen cijfers per kern, groep of gemeente worden gepubliceerd.",
        "Een rapportcijfer is een gemiddelde met een marge (95%-interval volgens de t-verdeling); een stelling of "
        "ja/nee-vraag een aandeel (helemaal) eens of ja met een Wilson-interval. Bij gewogen cijfers rekenen we met "
        "het effectieve aantal respondenten (Kish).",
        "Gewogen: de respondenten van een kern worden gewogen naar de leeftijdsopbouw en de verdeling man/vrouw van "
        "de kern volgens CBS (Kerncijfers wijken en buurten). CBS publiceert per buurt geen geslacht per "
        "leeftijdsgroep, dus wegen we iteratief op beide verdelingen apart (raking); de jongste CBS-groep (15 tot 25 "
        "jaar) staat voor 18-24. Gewichten liggen tussen 0,2 en 5. Een leeftijdsgroep zonder respondenten telt niet "
        "mee. Het gemeentecijfer weegt elke kern naar zijn aantal inwoners. Zonder leeftijd en geslacht of zonder "
        "CBS-cijfers is een cijfer ongewogen; bij elk cijfer staat welke van de twee.",
        f"Drempel: bij minder dan {min_n} respondenten (enquete_min_n in kernmonitor.toml) tonen we geen cijfer, "
        "nergens: het dashboard, de PDF's en de Excel-bestanden zeggen 'te weinig respondenten (n = …)'. Zou het "
        "gemeentecijfer min de getoonde kernen een kleine kern verraden, dan tonen we ook de kleinste andere "
        "kern(en) niet, tot de verborgen kernen samen minstens die drempel halen. Een groep kernen wordt alleen "
        "uit getoonde kerncijfers gemaakt.",
        "Verschil tussen twee metingen: groter dan de marge als het verschil buiten de 95%-marge van beide metingen "
        "samen valt. Heeft een meting minder dan de helft van de respondenten van de vorige, dan heet de "
        "vergelijking 'niet vergelijkbaar' (zoals Buren zelf concludeerde bij een daling van 51 naar 16).",
    ]
    return html.Section(
        [html.H2("Enquêtes: marges, weging en drempel", className="h3"), html.Ul([html.Li(p) for p in punten])],
        className="mb-4",
        id="bronnen-enquetes",
    )


def statussen() -> html.Section:
    regels = [list(regel) for regel in STATUSSEN]
    return html.Section(
        [html.H2("Wat de statussen betekenen", className="h3"), components.tabel(["Status", "Betekenis"], regels)],
        className="mb-4",
    )


FORMAAT_NAAM = {"csv": "CSV", "parquet": "Parquet", "xlsx": "Excel"}


def open_data_lijst(data: ServingData, gemeentecode: str) -> html.Div:
    """The downloads of every public mart for one gemeente (dashboards/open_data.py serves the files)."""
    namen = gemeentenamen(data)
    gemeente = namen.get(gemeentecode, gemeentecode)
    regels = []
    for m in open_data.marts(data):
        links = []
        for formaat in open_data.FORMATEN:
            if links:
                links.append(" · ")
            links.append(
                html.A(
                    FORMAAT_NAAM[formaat],
                    href=open_data.url(gemeentecode, m.naam, formaat),
                    download=open_data.bestandsnaam(m, gemeentecode, formaat),
                    **{"aria-label": f"{m.naam} als {FORMAAT_NAAM[formaat]}"},
                )
            )
        regels.append(
            [
                html.Code(m.naam),
                m.omschrijving,
                gemeente if m.per_gemeente else "gedeeld: alle gemeenten",
                fmt.getal(open_data.rijen(data, m, gemeentecode)),
                html.Span(links, className="text-nowrap"),
            ]
        )
    return html.Div(
        components.tabel(["Tabel", "Inhoud", "Voor", "Rijen", "Downloaden"], regels, "open-data-tabel"),
        id="open-data-lijst",
    )


def open_data_sectie(data: ServingData, gemeentecode: str | None = None) -> html.Section:
    gemeenten = data.gemeenten()
    namen = gemeentenamen(data)
    codes = [str(c) for c in gemeenten["gemeentecode"]]
    keuze = gemeentecode if gemeentecode in codes else (codes[0] if codes else "")
    return html.Section(
        [
            html.H2("Open data: alle tabellen downloaden", className="h3"),
            html.P(
                "Elke tabel die het dashboard leest, voor een hele gemeente: als CSV (voor een Nederlandse Excel: "
                "puntkomma, decimale komma, UTF-8), als Parquet (voor analyseprogramma's) of als Excel-bestand. Bij "
                "elk bestand hoort een woordenboek: per kolom de betekenis, het type, de eenheid en de mogelijke "
                "statussen (in de zip als woordenboek.csv, in Excel op het tabblad Woordenboek). Synthetische "
                "waarden houden hun markering in de kolom synthetisch. Tabellen zonder gemeentecode gelden voor "
                "alle gemeenten van deze publicatie. Enquêtecijfers onder de drempel zijn ook hier leeg; de "
                "beheergegevens (geladen bestanden, afgewezen rijen) staan alleen op de pagina Beheer."
            ),
            html.P(
                [
                    "Dezelfde cijfers zijn er als JSON: ",
                    html.A(html.Code("/api/kernen"), href="/api/kernen"),
                    ", ",
                    html.Code("/api/kernen/<gemeente>/<kern>/indicatoren"),
                    ", ",
                    html.A(html.Code("/api/catalogus"), href="/api/catalogus"),
                    " en ",
                    html.A(html.Code("/api/bronnen"), href="/api/bronnen"),
                    ", beschreven in ",
                    html.A(html.Code("/api/openapi.json"), href="/api/openapi.json"),
                    " (OpenAPI). Daarvoor gelden dezelfde inlogregels als voor het dashboard.",
                ]
            ),
            dbc.Row(
                dbc.Col(
                    [
                        dbc.Label("Gemeente", html_for="open-data-gemeente"),
                        dbc.Select(
                            id="open-data-gemeente",
                            options=[{"label": namen[c], "value": c} for c in codes],
                            value=keuze,
                        ),
                    ],
                    md=4,
                ),
                className="mb-2",
            ),
            html.Div(open_data_lijst(data, keuze) if keuze else None, id="open-data-inhoud", **{"aria-live": "polite"}),
        ],
        className="mb-4",
        id="bronnen-open-data",
    )


def controle(data: ServingData) -> html.Section | None:
    recon = data.reconciliatie()
    if recon.empty:
        return None
    jaar = int(recon["jaar"].max())
    laatste = recon[recon["jaar"] == jaar]
    namen = gemeentenamen(data)
    samenvatting = []
    regels = []
    for gemeentecode, deel in laatste.groupby("gemeentecode", sort=True):
        naam = str(namen.get(gemeentecode, gemeentecode))
        verschil = deel["verschil"].abs()
        gelijk = int((verschil == 0).sum())
        grootste = deel.loc[verschil.idxmax()] if verschil.notna().any() else None
        tekst = f"{naam}: {gelijk} van {len(deel)} maten precies gelijk aan CBS"
        if grootste is not None and not fmt.is_missing(grootste["verschil"]) and grootste["verschil"] != 0:
            tekst += (
                f"; grootste verschil {fmt.getal(grootste['verschil'])} ({str(grootste['maat']).replace('_', ' ')})"
            )
        samenvatting.append(html.Li(tekst + "."))
        for r in deel.itertuples():
            regels.append(
                [
                    naam,
                    str(r.maat).replace("_", " "),
                    fmt.getal(r.som_buurten),
                    fmt.getal(r.cbs_gemeente),
                    fmt.getal(r.verschil),
                    fmt.getal(r.buurten_geheim) if r.buurten_geheim else "",
                ]
            )
    return html.Section(
        [
            html.H2(f"Controle: klopt de som van de kernen? ({jaar})", className="h3"),
            html.P(
                "De buurten van alle kernen samen tegen het cijfer dat CBS voor de hele gemeente publiceert. Kleine "
                "verschillen komen van afronding door CBS; buurten met een geheimgehouden waarde staan apart."
            ),
            html.Ul(samenvatting, id="controle-samenvatting"),
            _inklapbaar(
                "Alle maten per gemeente",
                components.tabel(
                    ["Gemeente", "Maat", "Som van de buurten", "CBS-gemeentecijfer", "Verschil", "Buurten geheim"],
                    regels,
                    "controle-tabel",
                ),
            ),
        ],
        className="mb-4",
    )


def pagina(data: ServingData, gemeentecode: str | None = None) -> html.Div:
    secties = [
        html.H1("Bronnen en methode"),
        html.P(
            "Waar elk cijfer vandaan komt, hoe het per kern is berekend en wat het niet zegt.",
            className="lead",
        ),
        publicatie(data),
        bronnen_tabel(data),
        overige_bronnen(data),
        kernindeling(data),
        rekenregels(data),
        oordeelregel(data),
        enquetes(data),
        statussen(),
        open_data_sectie(data, gemeentecode),
    ]
    check = controle(data)
    if check is not None:
        secties.append(check)
    return html.Div(secties)
