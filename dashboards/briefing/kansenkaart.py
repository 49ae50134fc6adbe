"""The Kansenkaart pack: per programme the catalogue's indicators, the strengths and points of attention, and the
kernagenda points tagged with it; plus the kern map with its buurten. Feeds the Kansenkaart page and its PDF.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from dashboards.briefing import tekenen as t
from dashboards.briefing.context import KernContext, kernagenda_punten
from dashboards.briefing.pdf import MARGE, SYNTHETISCH_KORT, bronnen_tekst, ster, waarde_tekst
from dashboards.formatting import ONTBREEKT, aandeel, datum, getal, is_missing, korte_eenheid, met_eenheid
from dashboards.oordeel import AANDACHT, GEEN, IN_LIJN, OORDEEL_VOLGORDE, OPVALLEND, REGEL_TITEL, STERK
from dashboards.vocabulary import GEREALISEERD, KLEUR_ZACHT, OPEN

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


class KaartFlowable(Flowable):
    def __init__(self, ctx: KernContext, width: float, height: float) -> None:
        super().__init__()
        self.ctx, self.width, self.height = ctx, width, height
        self.namen: list[str] = []

    def wrap(self, avail_w, avail_h):
        return self.width, self.height

    def draw(self):
        c = self.canv
        kaart_w = self.width * 0.62
        c.setStrokeColor(t.KLEUR_LIJN)
        c.rect(0, 0, kaart_w, self.height, stroke=1, fill=0)
        self.namen = t.kern_kaart(c, 4, 4, kaart_w - 8, self.height - 8, self.ctx.buurten, self.ctx.kern, True)
        # Legend: numbered buurten, then the gemeente context.
        x = kaart_w + 14
        y = self.height - 10
        t.titel(c, f"Buurten van {self.ctx.kern}", x, y, 9.5)
        y -= 16
        codes = self.ctx.buurten[self.ctx.buurten["kern"] == self.ctx.kern]
        for nr, naam in enumerate(self.namen, start=1):
            code = codes.loc[codes["buurtnaam"] == naam, "buurtcode"]
            c.setFont(t.bold(), 7.5)
            c.setFillColor(t.KLEUR_KOP)
            c.drawString(x, y, f"{nr}")
            c.setFont(t.font(), 7.5)
            c.setFillColor(t.KLEUR_TEKST)
            ruimte = self.width - x - 14
            tekst = naam + (f" ({code.iloc[0]})" if not code.empty else "")
            if t.pdfmetrics.stringWidth(tekst, t.font(), 7.5) <= ruimte or code.empty:
                c.drawString(x + 12, y, t.passend(tekst, t.font(), 7.5, ruimte))
            else:
                # Name on its line, code below it: a truncated buurt code helps nobody.
                c.drawString(x + 12, y, t.passend(naam, t.font(), 7.5, ruimte))
                y -= 9
                c.setFillColor(t.KLEUR_ZACHT)
                c.drawString(x + 12, y, str(code.iloc[0]))
            y -= 10.5
            if y < 40:
                break
        c.setFillColor(t.KLEUR_ANDERE_BUURTEN)
        c.rect(x, 14, 9, 7, stroke=0, fill=1)
        c.setFont(t.font(), 7)
        c.setFillColor(t.KLEUR_ZACHT)
        c.drawString(x + 13, 15, f"andere kernen van {self.ctx.gemeentenaam}")
        c.drawString(x, 3, "Buurtgrenzen: CBS wijk- en buurtkaart (vereenvoudigd).")


def _stijlen():
    return {
        "h1": t.stijl(20, 24, t.KLEUR_KOP, True),
        "h2": t.stijl(13, 17, t.KLEUR_KOP, True),
        "h3": t.stijl(9.5, 12, t.KLEUR_KOP, True),
        "p": t.stijl(8.6, 11.2),
        "klein": t.stijl(7.4, 9.4, t.KLEUR_ZACHT),
        "cel": t.stijl(7.4, 9),
        "celvet": t.stijl(7.4, 9, t.KLEUR_TEKST, True),
        "kop": t.stijl(7.4, 9, colors.white, True),
        "waarschuwing": t.stijl(8.2, 10.4),
    }


OORDEEL_KLEUR = {
    STERK: t.KLEUR_STERK,
    AANDACHT: t.KLEUR_AANDACHT,
    OPVALLEND: t.KLEUR_OPVALLEND,
    IN_LIJN: t.KLEUR_ZACHT,
    GEEN: t.KLEUR_ZACHT,
}


def _oordeel_cel(oordeel: str, s) -> Paragraph:
    kleur = OORDEEL_KLEUR.get(oordeel, t.KLEUR_ZACHT).hexval()[2:]
    vet = oordeel in (STERK, AANDACHT, OPVALLEND)
    tekst = f'<font color="#{kleur}">{"<b>" if vet else ""}{t.esc(oordeel)}{"</b>" if vet else ""}</font>'
    return Paragraph(tekst, s["cel"])


def _indicator_tabel(rows: pd.DataFrame, s, breedte: float) -> Table:
    kop = ["Indicator", "Kern", "Gemeente", "Nederland", "Rang", "Oordeel", "Waarom"]
    data = [[Paragraph(k, s["kop"]) for k in kop]]
    for _, row in rows.iterrows():
        dec, eenheid = int(row["decimalen"]), row["eenheid"]
        # Long units ("per 1.000 inwoners") go with the label, so the number columns stay narrow.
        cel_eenheid = eenheid if korte_eenheid(eenheid) else None
        rang = (
            f"{int(row['rang'])} van {int(row['rang_van'])}"
            if not is_missing(row.get("rang")) and not is_missing(row.get("rang_van"))
            else ONTBREEKT
        )
        label = t.esc(row["label"]) + f' <font color="{KLEUR_ZACHT}">('
        if cel_eenheid is None:
            label += f"{t.esc(eenheid)}; "
        label += f"{int(row['jaar'])}"
        dekking = row.get("dekking")
        if not is_missing(dekking) and float(dekking) < 0.995:
            label += f", dekking {aandeel(dekking)}"
        label += ")</font>"
        if is_missing(row.get("waarde")):
            reden = str(row.get("status") or "").replace("geen gegevens: ", "")
        else:
            reden = row.get("reden") or ""
        data.append(
            [
                Paragraph(label, s["cel"]),
                Paragraph(t.esc(waarde_tekst({**row.to_dict(), "eenheid": cel_eenheid})), s["celvet"]),
                Paragraph(t.esc(met_eenheid(row["gemeente_waarde"], dec, cel_eenheid)), s["cel"]),
                Paragraph(t.esc(met_eenheid(row["nederland_waarde"], dec, cel_eenheid)), s["cel"]),
                Paragraph(rang, s["cel"]),
                _oordeel_cel(row["oordeel"], s),
                Paragraph(t.esc(reden), s["cel"]),
            ]
        )
    fracties = (0.25, 0.1, 0.1, 0.1, 0.1, 0.15, 0.2)
    tabel = Table(data, colWidths=[breedte * f for f in fracties], repeatRows=1)
    tabel.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), t.KLEUR_KOP),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, t.KLEUR_VLAK]),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, t.KLEUR_LIJN),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return tabel


def _agenda_tabel(punten: pd.DataFrame, s, breedte: float) -> Table:
    data = [[Paragraph(k, s["kop"]) for k in ("Nr.", "Actiepunt", "Status", "Trekker", "Sinds")]]
    for _, row in punten.iterrows():

        def veld(kolom, _row=row):
            value = _row.get(kolom)
            if is_missing(value):
                return ONTBREEKT
            if isinstance(value, float) and value.is_integer():
                return str(int(value))
            return str(value)

        data.append(
            [
                Paragraph(t.esc(veld(kolom)), s["cel"])
                for kolom in ("nummer", "actiepunt", "status", "trekker", "jaar_opgenomen")
            ]
        )
    fracties = (0.08, 0.52, 0.15, 0.15, 0.10)
    tabel = Table(data, colWidths=[breedte * f for f in fracties], repeatRows=1)
    tabel.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), t.KLEUR_KOP),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, t.KLEUR_LIJN),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return tabel


def _lijst(rows: pd.DataFrame, s) -> list[Paragraph]:
    out = []
    for _, row in rows.iterrows():
        tekst = (
            f"• <b>{t.esc(row['label'])}</b>: {t.esc(waarde_tekst(row))} "
            f"(gemeente {t.esc(met_eenheid(row['gemeente_waarde'], int(row['decimalen']), row['eenheid']))})"
        )
        if row.get("reden"):
            tekst += f" – {t.esc(row['reden'])}"
        out.append(Paragraph(tekst, s["p"]))
    return out


def _samenvatting_tabel(secties: list[ProgrammaSectie], s, breedte: float, met_agenda: bool) -> Table:
    kop = ["Programma", "Indicatoren", "Sterk", "Aandacht", "Opvallend"]
    if met_agenda:
        kop += ["Agenda open", "Agenda gerealiseerd"]
    data = [[Paragraph(k, s["kop"]) for k in kop]]
    for sectie in secties:
        rij = [
            Paragraph(f"<b>{t.esc(sectie.programma.capitalize())}</b>", s["cel"]),
            Paragraph(str(len(sectie.indicatoren)), s["cel"]),
            Paragraph(str(len(sectie.met_oordeel(STERK))), s["cel"]),
            Paragraph(str(len(sectie.met_oordeel(AANDACHT))), s["cel"]),
            Paragraph(str(len(sectie.met_oordeel(OPVALLEND))), s["cel"]),
        ]
        if met_agenda:
            rij += [
                Paragraph(str(0 if sectie.kernagenda_open is None else len(sectie.kernagenda_open)), s["cel"]),
                Paragraph(
                    str(0 if sectie.kernagenda_gerealiseerd is None else len(sectie.kernagenda_gerealiseerd)), s["cel"]
                ),
            ]
        data.append(rij)
    n = len(kop)
    widths = [breedte * 0.24] + [breedte * 0.76 / (n - 1)] * (n - 1)
    tabel = Table(data, colWidths=widths)
    tabel.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), t.KLEUR_KOP),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, t.KLEUR_VLAK]),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, t.KLEUR_LIJN),
            ]
        )
    )
    return tabel


class _Kader(Flowable):
    """A paragraph block in a coloured box (the synthetic notice, the rule)."""

    def __init__(self, inhoud: list[Paragraph], vulkleur, randkleur, breedte: float) -> None:
        super().__init__()
        self.inhoud, self.vulkleur, self.randkleur, self.breedte = inhoud, vulkleur, randkleur, breedte
        self._hoogtes: list[float] = []

    def wrap(self, avail_w, avail_h):
        self._hoogtes = [p.wrap(self.breedte - 16, avail_h)[1] for p in self.inhoud]
        self.height = sum(self._hoogtes) + 3 * (len(self.inhoud) - 1) + 14
        return self.breedte, self.height

    def draw(self):
        c = self.canv
        c.setFillColor(self.vulkleur)
        c.setStrokeColor(self.randkleur)
        c.setLineWidth(0.8)
        c.roundRect(0, 0, self.breedte, self.height, 3, stroke=1, fill=1)
        y = self.height - 7
        for p, h in zip(self.inhoud, self._hoogtes, strict=True):
            p.drawOn(c, 8, y - h)
            y -= h + 3


def kansenkaart_document(ctx: KernContext) -> bytes:
    buf = io.BytesIO()
    s = _stijlen()
    # The frame pads 6 pt on each side: tables as wide as the text, not as the margins.
    breedte = A4[0] - 2 * MARGE - 12
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGE,
        rightMargin=MARGE,
        topMargin=MARGE + 14,
        bottomMargin=MARGE + 18,
        title=f"Kansenkaart-pakket {ctx.kern}",
        author="kernmonitor",
        subject="Kansenkaart-pakket per kern",
        creator="kernmonitor",
        lang="nl-NL",
    )
    secties = programma_secties(ctx)
    punten = kernagenda_punten(ctx)
    verhaal: list = []
    verhaal.append(Paragraph(f"Kansenkaart-pakket {t.esc(ctx.kern)}", s["h1"]))
    inwoners = ctx.indicator("inwoners")
    sub = f"Gemeente {t.esc(ctx.gemeentenaam)}"
    if inwoners is not None and not is_missing(inwoners.get("waarde")):
        sub += f" · {getal(inwoners['waarde'])}{ster(inwoners)} inwoners"
    sub += f" · dataversie {t.esc(ctx.publicatie['versie'])} van {datum(ctx.publicatie['gepubliceerd_op'])}"
    verhaal.append(Paragraph(sub, s["klein"]))
    verhaal.append(Spacer(1, 8))
    if ctx.synthetisch:
        verhaal.append(
            _Kader(
                [Paragraph(t.esc(SYNTHETISCH_KORT), s["waarschuwing"])],
                t.KLEUR_WAARSCHUWING,
                t.KLEUR_WAARSCHUWING_RAND,
                breedte,
            )
        )
        verhaal.append(Spacer(1, 8))
    verhaal.append(
        Paragraph(
            "Eens in de vier jaar verbindt de gemeente elke kernagenda met de programma's duurzaamheid, sociale "
            "kracht, klimaatadaptatie en woningbouw, in een Kansenkaart die samen met een klankbordgroep van "
            "inwoners wordt gemaakt. Dit pakket geeft daarvoor per programma de cijfers die erbij horen, wat "
            "sterk is en wat aandacht vraagt ten opzichte van de gemeente, en de kernagenda-punten die aan het "
            "programma gekoppeld zijn.",
            s["p"],
        )
    )
    verhaal.append(Spacer(1, 8))
    verhaal.append(KaartFlowable(ctx, breedte, 230))
    verhaal.append(Spacer(1, 10))
    verhaal.append(Paragraph("Samenvatting per programma", s["h2"]))
    verhaal.append(Spacer(1, 4))
    verhaal.append(_samenvatting_tabel(secties, s, breedte, punten is not None))
    verhaal.append(Spacer(1, 10))
    regel = [Paragraph(f"<b>{t.esc(REGEL_TITEL)}</b>", s["cel"])]
    regel += [Paragraph(f"{i}. {t.esc(r)}", s["cel"]) for i, r in enumerate(ctx.regel, start=1)]
    verhaal.append(KeepTogether(_Kader(regel, t.KLEUR_VLAK, t.KLEUR_LIJN, breedte)))

    for sectie in secties:
        verhaal.append(CondPageBreak(220))
        verhaal.append(Spacer(1, 14))
        verhaal.append(Paragraph(t.esc(sectie.programma.capitalize()), s["h2"]))
        verhaal.append(Paragraph(t.esc(PROGRAMMA_UITLEG.get(sectie.programma, "")), s["klein"]))
        verhaal.append(Spacer(1, 5))
        blokken = []
        for oordeel, kop in ((STERK, "Sterke punten"), (AANDACHT, "Aandachtspunten"), (OPVALLEND, "Opvallend")):
            rows = sectie.met_oordeel(oordeel)
            if not rows.empty:
                blokken.append(Paragraph(kop, s["h3"]))
                blokken.extend(_lijst(rows, s))
                blokken.append(Spacer(1, 3))
        if not blokken:
            blokken.append(Paragraph("Geen sterke punten of aandachtspunten ten opzichte van de gemeente.", s["p"]))
        verhaal.extend(blokken)
        verhaal.append(Spacer(1, 4))
        if sectie.indicatoren.empty:
            verhaal.append(Paragraph("De catalogus koppelt nog geen indicatoren aan dit programma.", s["p"]))
        else:
            verhaal.append(Paragraph("Alle indicatoren van dit programma", s["h3"]))
            verhaal.append(Spacer(1, 2))
            verhaal.append(_indicator_tabel(sectie.indicatoren, s, breedte))
        verhaal.append(Spacer(1, 6))
        verhaal.append(Paragraph("Kernagenda", s["h3"]))
        if punten is None:
            verhaal.append(
                Paragraph(
                    "De kernagenda staat nog niet in deze publicatie (er is geen kernagenda-export van de gemeente "
                    "geladen). Zodra die er is, staan hier de open en gerealiseerde punten van dit programma.",
                    s["klein"],
                )
            )
            continue
        for titel, frame in (("Open", sectie.kernagenda_open), ("Gerealiseerd", sectie.kernagenda_gerealiseerd)):
            if frame is None or frame.empty:
                verhaal.append(Paragraph(f"{titel}: geen punten met dit programma.", s["klein"]))
            else:
                verhaal.append(Paragraph(f"{titel} ({len(frame)})", s["celvet"]))
                verhaal.append(_agenda_tabel(frame, s, breedte))
            verhaal.append(Spacer(1, 3))

    if punten is not None:
        zonder = punten[punten["programma"].isna() | (punten["programma"].astype("string").str.strip() == "")]
        if not zonder.empty:
            verhaal.append(Spacer(1, 10))
            verhaal.append(Paragraph("Kernagenda-punten zonder programma", s["h3"]))
            verhaal.append(_agenda_tabel(zonder, s, breedte))

    voet_tekst = bronnen_tekst(ctx)

    def op_pagina(c, doc_):
        c.saveState()
        c.setFont(t.font(), 7)
        c.setFillColor(t.KLEUR_ZACHT)
        c.drawString(MARGE, A4[1] - MARGE + 4, f"Kansenkaart-pakket {ctx.kern} · gemeente {ctx.gemeentenaam}")
        c.drawRightString(A4[0] - MARGE, A4[1] - MARGE + 4, f"pagina {doc_.page}")
        voet = t.esc(voet_tekst) + f" Gemaakt op {datum(pd.Timestamp.now().date())} met kernmonitor."
        if ctx.synthetisch:
            voet += " <b>* = synthetische (gesimuleerde) waarde.</b>"
        t.paragraaf(c, voet, MARGE, MARGE + 14, A4[0] - 2 * MARGE, t.stijl(6.2, 7.6, t.KLEUR_ZACHT))
        c.restoreState()

    t.fonts()
    doc.build(verhaal, onFirstPage=op_pagina, onLaterPages=op_pagina)
    return buf.getvalue()
