"""Kansenkaart: the data pack per kern for the four-yearly Kansenkaart, with its downloads.

Per programme (duurzaamheid, sociale kracht, klimaatadaptatie, woningbouw): the catalogue's indicators, the
strengths and points of attention against the gemeente (the rule is shown on the page), and the kernagenda points
tagged with the programme; plus the kern map with its buurten. The pack itself (`programma_secties`) is the same
the Kansenkaart PDF prints. Plain functions of the data; the page's callbacks only route.
"""

from __future__ import annotations

import re

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboards import components
from dashboards.briefing.context import KernContext, kern_context, kernagenda_punten
from dashboards.briefing.kansenkaart import PROGRAMMA_UITLEG, ProgrammaSectie, programma_secties
from dashboards.charts import Tekstalternatief
from dashboards.data import OnbekendeKern, ServingData, gemeente_naam
from dashboards.formatting import ONTBREEKT, aandeel, datum, getal, is_missing, korte_eenheid, meervoud, met_eenheid
from dashboards.oordeel import AANDACHT, OPVALLEND, REGEL_TITEL, STERK

BADGE = {STERK: "success", AANDACHT: "danger", OPVALLEND: "info"}
KOPPEN = {STERK: "Sterke punten", AANDACHT: "Aandachtspunten", OPVALLEND: "Opvallend"}
# The download buttons and the file each makes.
KNOPPEN = {
    "kansenkaart-pdf-knop": "kansenkaart",
    "kansenkaart-briefing-knop": "briefing",
    "kansenkaart-xlsx-knop": "xlsx",
}


def gemeente_opties(data: ServingData) -> list[dict]:
    frame = data.gemeenten()
    opties = []
    for r in frame.itertuples():
        naam = gemeente_naam(r.gemeentenaam, r.gemeentecode)
        opties.append(
            {"label": naam if naam == r.gemeentecode else f"{naam} ({r.gemeentecode})", "value": r.gemeentecode}
        )
    return opties


def kern_opties(data: ServingData, gemeentecode: str | None) -> list[dict]:
    if not gemeentecode:
        return []
    return [{"label": k, "value": k} for k in data.kernen(gemeentecode)["kern"].astype(str)]


def _anker(programma: str) -> str:
    return "kansenkaart-programma-" + re.sub(r"\W+", "-", programma)


def _waarde(row, eenheid=None) -> str:
    if is_missing(row.get("waarde")):
        return ONTBREEKT
    eenheid = row["eenheid"] if eenheid is None else eenheid
    tekst = met_eenheid(row["waarde"], int(row["decimalen"]), eenheid or None)
    return tekst + (" *" if bool(row.get("synthetisch")) else "")


def _punt(row) -> html.Li:
    gemeente = met_eenheid(row["gemeente_waarde"], int(row["decimalen"]), row["eenheid"])
    return html.Li(
        [
            html.Strong(row["label"]),
            f": {_waarde(row)} (gemeente {gemeente})",
            html.Span(f" – {row['reden']}" if row.get("reden") else "", className="text-muted"),
        ]
    )


def _indicator_tabel(rows: pd.DataFrame) -> dbc.Table:
    kop = html.Thead(
        html.Tr([html.Th(k, scope="col") for k in ("Indicator", "Kern", "Gemeente", "Nederland", "Rang", "Oordeel")])
    )
    body = []
    for _, row in rows.iterrows():
        dec = int(row["decimalen"])
        cel_eenheid = row["eenheid"] if korte_eenheid(row["eenheid"]) else ""
        label = [row["label"]]
        extra = [] if korte_eenheid(row["eenheid"]) else [str(row["eenheid"])]
        extra.append(str(int(row["jaar"])))
        if not is_missing(row.get("dekking")) and float(row["dekking"]) < 0.995:
            extra.append(f"dekking {aandeel(row['dekking'])}")
        label.append(html.Small(f" ({', '.join(extra)})", className="text-muted"))
        rang = (
            f"{int(row['rang'])} van {int(row['rang_van'])}"
            if not is_missing(row.get("rang")) and not is_missing(row.get("rang_van"))
            else ONTBREEKT
        )
        oordeel = row["oordeel"]
        oordeel_cel = (
            # Bootstrap's white text on its light "info" cyan fails WCAG contrast (1,9:1): dark text there.
            dbc.Badge(
                oordeel,
                color=BADGE[oordeel],
                text_color="dark" if BADGE[oordeel] == "info" else None,
                className="me-1",
            )
            if oordeel in BADGE
            else html.Span(oordeel)
        )
        toelichting = row.get("reden") if not is_missing(row.get("waarde")) else row.get("status")
        body.append(
            html.Tr(
                [
                    html.Td(label),
                    html.Td(html.Strong(_waarde(row, cel_eenheid))),
                    html.Td(met_eenheid(row["gemeente_waarde"], dec, cel_eenheid or None)),
                    html.Td(met_eenheid(row["nederland_waarde"], dec, cel_eenheid or None)),
                    html.Td(rang),
                    html.Td([oordeel_cel, html.Div(toelichting or "", className="small text-muted")]),
                ]
            )
        )
    return dbc.Table([kop, html.Tbody(body)], bordered=False, hover=True, responsive=True, size="sm", striped=True)


def _agenda_lijst(punten: pd.DataFrame | None, titel: str) -> html.Div:
    if punten is None or punten.empty:
        return html.P(f"{titel}: geen punten met dit programma.", className="small text-muted mb-1")
    items = []
    for _, row in punten.iterrows():
        delen = [str(row.get("actiepunt") or "")]
        meta = [str(row[k]) for k in ("status", "trekker") if not is_missing(row.get(k))]
        if not is_missing(row.get("jaar_opgenomen")):
            meta.append(f"sinds {int(row['jaar_opgenomen'])}")
        items.append(html.Li([*delen, html.Span(f" ({', '.join(meta)})" if meta else "", className="text-muted")]))
    return html.Div([html.H4(f"{titel} ({len(punten)})", className="h6 mt-2"), html.Ul(items, className="mb-2")])


def _sectie(sectie: ProgrammaSectie, heeft_agenda: bool) -> dbc.Card:
    blokken: list = [html.P(PROGRAMMA_UITLEG.get(sectie.programma, ""), className="text-muted")]
    for oordeel in (STERK, AANDACHT, OPVALLEND):
        rows = sectie.met_oordeel(oordeel)
        if not rows.empty:
            blokken.append(html.H4(KOPPEN[oordeel], className="h6 mt-2"))
            blokken.append(html.Ul([_punt(r) for _, r in rows.iterrows()]))
    if len(blokken) == 1:
        blokken.append(html.P("Geen sterke punten of aandachtspunten ten opzichte van de gemeente."))
    if sectie.indicatoren.empty:
        blokken.append(html.P("De catalogus koppelt nog geen indicatoren aan dit programma."))
    else:
        blokken.append(
            html.Details(
                [
                    html.Summary(f"Alle {len(sectie.indicatoren)} indicatoren van dit programma"),
                    _indicator_tabel(sectie.indicatoren),
                ],
                className="mb-2",
            )
        )
    blokken.append(html.H4("Kernagenda", className="h6 mt-3"))
    if not heeft_agenda:
        blokken.append(
            html.P(
                "De kernagenda staat nog niet in deze publicatie: er is geen kernagenda-export van de gemeente "
                "geladen.",
                className="small text-muted",
            )
        )
    else:
        blokken.append(_agenda_lijst(sectie.kernagenda_open, "Open"))
        blokken.append(_agenda_lijst(sectie.kernagenda_gerealiseerd, "Gerealiseerd"))
    return dbc.Card(
        [
            dbc.CardHeader(html.H3(sectie.programma.capitalize(), className="h5 mb-0")),
            dbc.CardBody(blokken),
        ],
        className="mb-3",
        id=_anker(sectie.programma),
    )


def _samenvatting(secties: list[ProgrammaSectie], heeft_agenda: bool) -> dbc.Table:
    kop = ["Programma", "Indicatoren", "Sterke punten", "Aandachtspunten", "Opvallend"]
    if heeft_agenda:
        kop += ["Kernagenda: open", "Kernagenda: gerealiseerd"]
    rijen = []
    for s in secties:
        cellen = [
            html.Td(html.A(s.programma.capitalize(), href=f"#{_anker(s.programma)}")),
            html.Td(len(s.indicatoren)),
            html.Td(len(s.met_oordeel(STERK))),
            html.Td(len(s.met_oordeel(AANDACHT))),
            html.Td(len(s.met_oordeel(OPVALLEND))),
        ]
        if heeft_agenda:
            cellen += [
                html.Td(0 if s.kernagenda_open is None else len(s.kernagenda_open)),
                html.Td(0 if s.kernagenda_gerealiseerd is None else len(s.kernagenda_gerealiseerd)),
            ]
        rijen.append(html.Tr(cellen))
    return dbc.Table(
        [html.Thead(html.Tr([html.Th(k, scope="col") for k in kop])), html.Tbody(rijen)],
        size="sm",
        bordered=False,
        striped=True,
        responsive=True,
        id="kansenkaart-samenvatting",
    )


def regel_kaart(regel: tuple[str, ...]) -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [html.H2(REGEL_TITEL, className="h6"), html.Ol([html.Li(r) for r in regel], className="small mb-0")]
        ),
        className="mb-3 bg-light",
        id="kansenkaart-regel",
    )


def _kaart(ctx: KernContext) -> html.Div:
    from dashboards.briefing.charts import kaart_figuur  # plotly's figure of the PNG export, drawn on the page

    fig = kaart_figuur(ctx)
    fig.update_layout(title=None, annotations=[], height=420, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    buurten = ctx.buurten[ctx.buurten["kern"] == ctx.kern]
    # The map's data is its numbered buurten: the list beside it names them, in the same order.
    alternatief = Tekstalternatief(
        f"Kaart van {ctx.kern} met {meervoud(len(buurten), 'buurt', 'buurten')}, genummerd in de volgorde van de "
        "lijst ernaast, tussen de grijze buurten van de rest van de gemeente."
    )
    return html.Div(
        components.grafiek(
            fig,
            "kansenkaart-kaart",
            f"Kaart van {ctx.kern} en haar buurten",
            config={"displaylogo": False, "locale": "nl", "modeBarButtonsToRemove": ["select2d", "lasso2d"]},
            alternatief=alternatief,
        )
    )


def inhoud(data: ServingData, gemeentecode: str | None, kern: str | None):
    """The pack of one kern (or a prompt, or a Dutch message for an unknown kern)."""
    if not kern:
        return dbc.Alert("Kies een gemeente en een kern.", color="info")
    try:
        ctx = kern_context(data, gemeentecode, kern)
    except OnbekendeKern as exc:
        return dbc.Alert(str(exc), color="warning", id="kansenkaart-onbekend")
    secties = programma_secties(ctx)
    heeft_agenda = kernagenda_punten(ctx) is not None
    buurten = ctx.buurten[ctx.buurten["kern"] == ctx.kern]
    inwoners = ctx.indicator("inwoners")
    sub = f"Gemeente {ctx.gemeentenaam}"
    if inwoners is not None and not is_missing(inwoners.get("waarde")):
        sub += f" · {getal(inwoners['waarde'])} inwoners"
    sub += f" · gegevens van {datum(ctx.publicatie['gepubliceerd_op'])} (versie {ctx.publicatie['versie']})"
    delen: list = [
        dcc.Store(id="kansenkaart-sleutel", data={"gemeentecode": ctx.gemeentecode, "kern": ctx.kern}),
        html.H2(f"Kansenkaart-pakket {ctx.kern}", className="h3 mt-2"),
        html.P(sub, className="text-muted"),
    ]
    if ctx.synthetisch:
        delen.append(
            dbc.Alert(
                [
                    html.Strong("Let op: synthetische voorbeeldgegevens. "),
                    "De cijfers zijn gesimuleerd om kernmonitor te demonstreren en beschrijven niet de werkelijke "
                    "situatie. Synthetische waarden zijn gemarkeerd met *.",
                ],
                color="warning",
                id="kansenkaart-synthetisch",
            )
        )
    delen.append(
        html.Div(
            [
                dbc.Button(
                    "Download Kansenkaart-pakket (PDF)",
                    id="kansenkaart-pdf-knop",
                    color="primary",
                    className="me-2 mb-2",
                ),
                dbc.Button(
                    "Download kernbriefing (PDF, 1 pagina)",
                    id="kansenkaart-briefing-knop",
                    color="primary",
                    outline=True,
                    className="me-2 mb-2",
                ),
                dbc.Button(
                    "Download Excel", id="kansenkaart-xlsx-knop", color="primary", outline=True, className="me-2 mb-2"
                ),
                dcc.Download(id="kansenkaart-download"),
                dcc.Loading(html.Div(id="kansenkaart-download-melding", role="status"), type="dot"),
            ],
            className="d-print-none mb-2",
        )
    )
    delen.append(
        dbc.Row(
            [
                dbc.Col(_kaart(ctx), lg=7),
                dbc.Col(
                    [
                        html.H3(f"Buurten van {ctx.kern}", className="h6"),
                        html.Ol([html.Li(f"{r.buurtnaam} ({r.buurtcode})") for r in buurten.itertuples()]),
                        html.P("Buurtgrenzen: CBS wijk- en buurtkaart (vereenvoudigd).", className="small text-muted"),
                    ],
                    lg=5,
                ),
            ],
            className="mb-3",
        )
    )
    delen.append(html.H3("Samenvatting per programma", className="h5"))
    delen.append(_samenvatting(secties, heeft_agenda))
    delen.append(regel_kaart(ctx.regel))
    delen.extend(_sectie(s, heeft_agenda) for s in secties)
    return html.Div(delen, id="kansenkaart-inhoud")


BESTANDEN = {
    "kansenkaart": ("kansenkaart", "pdf", "application/pdf"),
    "briefing": ("kernbriefing", "pdf", "application/pdf"),
    "xlsx": ("kernmonitor", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def download_bestand(data: ServingData, gemeentecode: str, kern: str, soort: str) -> dict:
    """The dcc.Download payload for one of the three files."""
    from dashboards import briefing

    maker = {
        "kansenkaart": briefing.kansenkaart_pdf,
        "briefing": briefing.kern_pdf,
        "xlsx": briefing.kern_xlsx,
    }[soort]
    voorvoegsel, extensie, mime = BESTANDEN[soort]
    naam = re.sub(r"[^\w-]+", "-", kern.lower()).strip("-")
    return dcc.send_bytes(maker(data, gemeentecode, kern), f"{voorvoegsel}-{naam}.{extensie}", type=mime)


def pagina(data: ServingData, gemeente: str | None = None, kern: str | None = None) -> html.Div:
    """The whole page: the choice of gemeente and kern (from the URL when it names them) and the pack."""
    gemeenten = gemeente_opties(data)
    codes = [o["value"] for o in gemeenten]
    gemeentecode = gemeente if gemeente in codes else None
    if kern and not gemeentecode:
        try:
            gemeentecode = str(data.kern(kern, eerste=True)["gemeentecode"])
        except OnbekendeKern:
            gemeentecode = None
    gemeentecode = gemeentecode or (codes[0] if codes else None)
    kernen = kern_opties(data, gemeentecode)
    kern_waarden = {o["value"].lower(): o["value"] for o in kernen}
    gekozen = kern_waarden.get(str(kern).strip().lower()) if kern else None
    gekozen = gekozen or (kernen[0]["value"] if kernen else None)
    return html.Div(
        [
            html.H1("Kansenkaart", className="mb-2"),
            html.P(
                "Eens in de vier jaar verbindt de gemeente elke kernagenda met de programma's duurzaamheid, "
                "sociale kracht, klimaatadaptatie en woningbouw, in een Kansenkaart die samen met een "
                "klankbordgroep van inwoners wordt gemaakt. Hier staat per kern het datapakket daarvoor: per "
                "programma de cijfers, wat sterk is en wat aandacht vraagt, en de kernagenda-punten.",
                className="lead",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label("Gemeente", html_for="kansenkaart-gemeente"),
                            dbc.Select(id="kansenkaart-gemeente", options=gemeenten, value=gemeentecode),
                        ],
                        md=5,
                    ),
                    dbc.Col(
                        [
                            dbc.Label("Kern", html_for="kansenkaart-kern"),
                            dbc.Select(id="kansenkaart-kern", options=kernen, value=gekozen),
                        ],
                        md=7,
                    ),
                ],
                className="g-3 mb-3 bedieningsbalk d-print-none",
            ),
            dcc.Loading(html.Div(inhoud(data, gemeentecode, gekozen), id="kansenkaart-pakket"), type="default"),
        ]
    )
