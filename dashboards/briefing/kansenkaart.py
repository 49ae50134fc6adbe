"""The Kansenkaart pack: per programme the catalogue's indicators, the strengths and points of attention, and the
kernagenda points tagged with it; plus the kern map with its buurten. Feeds the Kansenkaart page and its PDF.

The PDF is rendered from templates/kansenkaart.html.j2 as a tagged PDF/UA-1 (see tekenen.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboards.briefing import tekenen as t
from dashboards.briefing.context import KernContext, kernagenda_punten
from dashboards.briefing.pdf import (
    OORDEEL_TEKSTKLASSE,
    SYNTHETISCH_VOET,
    bronnen_tekst,
    ster,
    synthetisch_tekst,
    waarde_tekst,
)
from dashboards.formatting import ONTBREEKT, aandeel, datum, getal, is_missing, korte_eenheid, met_eenheid
from dashboards.oordeel import AANDACHT, OORDEEL_VOLGORDE, OPVALLEND, REGEL_TITEL, STERK
from dashboards.vocabulary import GEREALISEERD, OPEN

# The four programmes the gemeente links every kernagenda to in the Kansenkaart (the catalogue's `programma`).
PROGRAMMAS = ("duurzaamheid", "sociale kracht", "klimaatadaptatie", "woningbouw")
PROGRAMMA_UITLEG = {
    "duurzaamheid": "Energie, bouwjaar van de woningen en mobiliteit.",
    "sociale kracht": "Leefbaarheid, voorzieningen dichtbij, inkomen, bewonersinitiatieven en de samenstelling "
    "van de bevolking.",
    "klimaatadaptatie": "De fysieke omgeving: groen, water en hitte.",
    "woningbouw": "De woningvoorraad, de groei ervan en de woningmarkt.",
}


@dataclass
class ProgrammaSectie:
    programma: str
    indicatoren: pd.DataFrame  # the kern's profile rows tied to this programme, ordered by judgement
    kernagenda_open: pd.DataFrame | None
    kernagenda_gerealiseerd: pd.DataFrame | None

    def met_oordeel(self, oordeel: str) -> pd.DataFrame:
        return self.indicatoren[self.indicatoren["oordeel"] == oordeel]


def programma_secties(ctx: KernContext) -> list[ProgrammaSectie]:
    punten = kernagenda_punten(ctx)
    secties = []
    for programma in PROGRAMMAS:
        rows = ctx.profiel[ctx.profiel["programma"].astype("string").str.lower() == programma].copy()
        rows["_orde"] = rows["oordeel"].map(OORDEEL_VOLGORDE)
        rows = rows.sort_values(["_orde", "label"]).drop(columns="_orde")
        open_, klaar = None, None
        if punten is not None:
            tagged = punten[punten["programma"].astype("string").str.strip().str.lower() == programma]
            open_ = tagged[tagged["status_groep"] == OPEN]
            klaar = tagged[tagged["status_groep"] == GEREALISEERD]
        secties.append(ProgrammaSectie(programma, rows.reset_index(drop=True), open_, klaar))
    return secties


# PDF ------------------------------------------------------------------------------------------------------

INTRO = (
    "Eens in de vier jaar verbindt de gemeente elke kernagenda met de programma's duurzaamheid, sociale "
    "kracht, klimaatadaptatie en woningbouw, in een Kansenkaart die samen met een klankbordgroep van "
    "inwoners wordt gemaakt. Dit pakket geeft daarvoor per programma de cijfers die erbij horen, wat "
    "sterk is en wat aandacht vraagt ten opzichte van de gemeente, en de kernagenda-punten die aan het "
    "programma gekoppeld zijn."
)


def _indicator_rij(row: dict) -> dict:
    dec, eenheid = int(row["decimalen"]), row["eenheid"]
    # Long units ("per 1.000 inwoners") go with the label, so the number columns stay narrow.
    cel_eenheid = eenheid if korte_eenheid(eenheid) else None
    rang = (
        f"{int(row['rang'])} van {int(row['rang_van'])}"
        if not is_missing(row.get("rang")) and not is_missing(row.get("rang_van"))
        else ONTBREEKT
    )
    toelichting = f"{eenheid}; " if cel_eenheid is None else ""
    toelichting += f"{int(row['jaar'])}"
    dekking = row.get("dekking")
    if not is_missing(dekking) and float(dekking) < 0.995:
        toelichting += f", dekking {aandeel(dekking)}"
    if is_missing(row.get("waarde")):
        reden = str(row.get("status") or "").replace("geen gegevens: ", "")
    else:
        reden = row.get("reden") or ""
    return {
        "label": row["label"],
        "toelichting": f"({toelichting})",
        "kern": waarde_tekst({**row, "eenheid": cel_eenheid}),
        "gemeente": met_eenheid(row["gemeente_waarde"], dec, cel_eenheid),
        "nederland": met_eenheid(row["nederland_waarde"], dec, cel_eenheid),
        "rang": rang,
        "oordeel": row["oordeel"],
        "oordeel_klasse": OORDEEL_TEKSTKLASSE.get(row["oordeel"], "zacht"),
        "waarom": reden,
        "ontbreekt": is_missing(row.get("waarde")) and bool(reden),
    }


def _agenda_rijen(punten: pd.DataFrame) -> list[list[str]]:
    def veld(row, kolom) -> str:
        value = row.get(kolom)
        if is_missing(value):
            return ONTBREEKT
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    return [
        [veld(row, kolom) for kolom in ("nummer", "actiepunt", "status", "trekker", "jaar_opgenomen")]
        for row in punten.to_dict("records")
    ]


def _signaal_tekst(row: dict) -> str:
    tekst = (
        f"{waarde_tekst(row)} (gemeente {met_eenheid(row['gemeente_waarde'], int(row['decimalen']), row['eenheid'])})"
    )
    if row.get("reden"):
        tekst += f" – {row['reden']}"
    return tekst


def _sectie_velden(sectie: ProgrammaSectie, met_agenda: bool) -> dict:
    blokken = []
    for oordeel, kop in ((STERK, "Sterke punten"), (AANDACHT, "Aandachtspunten"), (OPVALLEND, "Opvallend")):
        rows = sectie.met_oordeel(oordeel)
        if not rows.empty:
            items = [{"label": r["label"], "tekst": _signaal_tekst(r)} for r in rows.to_dict("records")]
            blokken.append({"kop": kop, "items": items})
    agenda = []
    if met_agenda:
        for titel, frame in (("Open", sectie.kernagenda_open), ("Gerealiseerd", sectie.kernagenda_gerealiseerd)):
            rijen = [] if frame is None else _agenda_rijen(frame)
            agenda.append({"titel": titel, "rijen": rijen})
    return {
        "titel": sectie.programma.capitalize(),
        "uitleg": PROGRAMMA_UITLEG.get(sectie.programma, ""),
        "blokken": blokken,
        "indicatoren": [_indicator_rij(r) for r in sectie.indicatoren.to_dict("records")],
        "agenda": agenda,
    }


def _samenvatting(secties: list[ProgrammaSectie], met_agenda: bool) -> tuple[list[str], list[list[str]]]:
    kop = ["Programma", "Indicatoren", "Sterk", "Aandacht", "Opvallend"]
    if met_agenda:
        kop += ["Agenda open", "Agenda gerealiseerd"]
    rijen = []
    for sectie in secties:
        rij = [
            sectie.programma.capitalize(),
            str(len(sectie.indicatoren)),
            str(len(sectie.met_oordeel(STERK))),
            str(len(sectie.met_oordeel(AANDACHT))),
            str(len(sectie.met_oordeel(OPVALLEND))),
        ]
        if met_agenda:
            rij += [
                str(0 if sectie.kernagenda_open is None else len(sectie.kernagenda_open)),
                str(0 if sectie.kernagenda_gerealiseerd is None else len(sectie.kernagenda_gerealiseerd)),
            ]
        rijen.append(rij)
    return kop, rijen


def css_tekst(tekst: str) -> str:
    """A CSS string literal (for the running header of @page)."""
    veilig = tekst.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ").replace("\n", " ")
    return f'"{veilig}"'


def kansenkaart_document(ctx: KernContext) -> bytes:
    secties = programma_secties(ctx)
    punten = kernagenda_punten(ctx)
    inwoners = ctx.indicator("inwoners")
    sub = f"Gemeente {ctx.gemeentenaam}"
    if inwoners is not None and not is_missing(inwoners.get("waarde")):
        sub += f" · {getal(inwoners['waarde'])}{ster(inwoners)} inwoners"
    sub += f" · dataversie {ctx.publicatie['versie']} van {datum(ctx.publicatie['gepubliceerd_op'])}"
    kaart, kaart_buurten = t.kern_kaart(330.0, 230.0, ctx.buurten, ctx.kern, ctx.gemeentenaam)
    kop, rijen = _samenvatting(secties, punten is not None)
    zonder = None
    if punten is not None:
        leeg = punten["programma"].isna() | (punten["programma"].astype("string").str.strip() == "")
        if leeg.any():
            zonder = _agenda_rijen(punten[leeg])
    voet = bronnen_tekst(ctx) + f" Gemaakt op {datum(pd.Timestamp.now().date())} met kernmonitor."
    inhoud = t.html(
        "kansenkaart.html.j2",
        titel=f"Kansenkaart-pakket {ctx.kern}",
        kopregel=t.Markup(css_tekst(f"Kansenkaart-pakket {ctx.kern} · gemeente {ctx.gemeentenaam}")),
        kern=ctx.kern,
        gemeentenaam=ctx.gemeentenaam,
        sub=sub,
        synthetisch=synthetisch_tekst() if ctx.synthetisch else None,
        intro=INTRO,
        kaart=kaart,
        buurten=kaart_buurten,
        samenvatting_kop=kop,
        samenvatting=rijen,
        regel_titel=REGEL_TITEL,
        regel=list(ctx.regel),
        secties=[_sectie_velden(sectie, punten is not None) for sectie in secties],
        met_agenda=punten is not None,
        zonder_programma=zonder,
        voet=voet,
        voet_synthetisch=SYNTHETISCH_VOET if ctx.synthetisch else "",
    )
    return t.pdf(t.document(inhoud))
