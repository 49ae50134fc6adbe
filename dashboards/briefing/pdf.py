"""The raad briefing: an A4 one-pager per kern, and all kernen of a gemeente in one PDF.

Drawn with the reportlab canvas at fixed positions, so a one-pager is always exactly one page whatever the data:
every text that could grow is wrapped or shortened to its box.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

import pandas as pd
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas as rl_canvas

from dashboards.briefing import tekenen as t
from dashboards.briefing.context import KernContext, kernagenda_punten
from dashboards.formatting import ONTBREEKT, aandeel, datum, getal, is_missing, met_eenheid, revisie
from dashboards.oordeel import AANDACHT, GEEN_SIGNALEN, OPVALLEND, STERK, signalen
from dashboards.vocabulary import AFGESLOTEN, GEREALISEERD, LEEFTIJDSGROEPEN, OPEN, VOORZIENINGEN, WONINGMIX

PAGE_W, PAGE_H = A4
MARGE = 34.0
BREEDTE = PAGE_W - 2 * MARGE

TEGELS = (
    ("inwoners", "Inwoners"),
    ("woningvoorraad", "Woningen"),
    ("aandeel_65_plus", "Ouderen (65+)"),
    ("aandeel_0_15", "Jongeren (0-15 jaar)"),
    ("lbm_klasse", "Leefbaarometer (1-9)"),
    ("woz_gemiddeld", "Gemiddelde WOZ-waarde"),
    ("inkomen_per_inwoner", "Inkomen per inwoner"),
    ("afstand_huisarts_km", "Afstand tot huisarts"),
)


SYNTHETISCH_KORT = (
    "Let op: synthetische voorbeeldgegevens. De cijfers zijn gesimuleerd om kernmonitor te demonstreren en "
    "beschrijven niet de werkelijke situatie in de kern. Gebruik ze niet voor besluiten. "
    "Synthetische waarden zijn gemarkeerd met *."
)

KLEUR_OORDEEL = {STERK: t.KLEUR_STERK, AANDACHT: t.KLEUR_AANDACHT, OPVALLEND: t.KLEUR_OPVALLEND}


def ster(row) -> str:
    """The marker printed after a synthetic value."""
    return "*" if row is not None and bool(row.get("synthetisch")) else ""


def waarde_tekst(row) -> str:
    if row is None or is_missing(row.get("waarde")):
        return ONTBREEKT
    return met_eenheid(row["waarde"], int(row["decimalen"]), row["eenheid"]) + ster(row)


def _float(value) -> float | None:
    return None if is_missing(value) else float(value)


def _vandaag() -> dt.date:
    return dt.date.today()


# Building blocks -----------------------------------------------------------------------------------------


def _kop(c, ctx: KernContext, soort: str) -> float:
    """The dark header band; returns the y just below it."""
    h = 64.0
    top = PAGE_H - MARGE + 10
    c.setFillColor(t.KLEUR_KOP)
    c.roundRect(MARGE, top - h, BREEDTE, h, 4, stroke=0, fill=1)
    c.setFillColor(colors.white)
    c.setFont(t.font(), 8.5)
    c.drawString(MARGE + 14, top - 16, soort)
    naam = t.passend(ctx.kern, t.bold(), 22, BREEDTE * 0.62)
    c.setFont(t.bold(), 22)
    c.drawString(MARGE + 14, top - 39, naam)
    inwoners = ctx.indicator("inwoners")
    sub = [f"gemeente {ctx.gemeentenaam}"]
    if inwoners is not None and not is_missing(inwoners.get("waarde")):
        sub.append(f"{getal(inwoners['waarde'])}{ster(inwoners)} inwoners")
    if ctx.jaar:
        sub.append(f"peiljaar {ctx.jaar}")
    c.setFont(t.font(), 9)
    c.drawString(MARGE + 14, top - 54, t.passend(" · ".join(sub), t.font(), 9, BREEDTE * 0.62))
    c.setFont(t.font(), 8)
    rechts = MARGE + BREEDTE - 14
    c.drawRightString(rechts, top - 16, f"Gemaakt op {datum(_vandaag())}")
    c.drawRightString(rechts, top - 28, f"Gegevens gepubliceerd op {datum(ctx.publicatie['gepubliceerd_op'])}")
    c.drawRightString(rechts, top - 40, t.passend(f"Dataversie {ctx.publicatie['versie']}", t.font(), 8, 200))
    return top - h


def _synthetisch_blok(c, y_top: float, tekst: str = SYNTHETISCH_KORT) -> float:
    """The orange notice box; returns the y below it."""
    style = t.stijl(8, 10, t.KLEUR_TEKST)
    para = t.Paragraph(f"<b>{t.esc(tekst.split('.')[0])}.</b>{t.esc(tekst[len(tekst.split('.')[0]) + 1 :])}", style)
    _, ph = para.wrap(BREEDTE - 20, 200)
    h = ph + 10
    c.setFillColor(t.KLEUR_WAARSCHUWING)
    c.setStrokeColor(t.KLEUR_WAARSCHUWING_RAND)
    c.setLineWidth(0.8)
    c.roundRect(MARGE, y_top - h, BREEDTE, h, 3, stroke=1, fill=1)
    para.drawOn(c, MARGE + 10, y_top - h + 5)
    return y_top - h


def _tegel(c, x: float, y: float, w: float, h: float, ctx: KernContext, indicator_id: str, label: str) -> None:
    row = ctx.indicator(indicator_id)
    c.setFillColor(t.KLEUR_VLAK)
    c.roundRect(x, y, w, h, 3, stroke=0, fill=1)
    oordeel = None if row is None else row.get("oordeel")
    if oordeel in KLEUR_OORDEEL:
        c.setFillColor(KLEUR_OORDEEL[oordeel])
        c.rect(x, y + 3, 3, h - 6, stroke=0, fill=1)
    c.setFillColor(t.KLEUR_ZACHT)
    c.setFont(t.font(), 7.5)
    c.drawString(x + 8, y + h - 12, t.passend(label, t.font(), 7.5, w - 12))
    c.setFillColor(t.KLEUR_TEKST)
    c.setFont(t.bold(), 14)
    c.drawString(x + 8, y + h - 29, t.passend(waarde_tekst(row), t.bold(), 14, w - 12))
    c.setFont(t.font(), 6.8)
    c.setFillColor(t.KLEUR_ZACHT)
    regels = _pak_regels(_tegel_regels(row), w - 12, 6.8)
    for i, regel in enumerate(regels):
        c.drawString(x + 8, y + h - 41 - i * 8.3, t.passend(regel, t.font(), 6.8, w - 12))


def _tegel_regels(row) -> list[str]:
    if row is None:
        return ["niet in de catalogus"]
    if is_missing(row.get("waarde")):
        return [str(row.get("status") or "geen gegevens").replace("geen gegevens: ", "")]
    dec, eenheid = int(row["decimalen"]), row["eenheid"]
    regels = [f"gemeente {met_eenheid(row['gemeente_waarde'], dec, eenheid)}"]
    if eenheid == "aantal":
        vorig = _float(row.get("vorig_jaar_waarde"))
        if vorig:
            groei = (float(row["waarde"]) - vorig) / vorig * 100
            regels.append(f"{'+' if groei > 0 else ''}{getal(groei, 1)}% ten opzichte van {int(row['jaar']) - 1}")
    elif not is_missing(row.get("nederland_waarde")):
        regels.append(f"Nederland {met_eenheid(row['nederland_waarde'], dec, eenheid)}")
    laatste = [f"{int(row['jaar'])}"]
    if not is_missing(row.get("rang")) and not is_missing(row.get("rang_van")) and eenheid != "aantal":
        laatste.append(f"rang {int(row['rang'])} van {int(row['rang_van'])}")
    dekking = _float(row.get("dekking"))
    if dekking is not None and dekking < 0.995:
        laatste.append(f"dekking {aandeel(dekking)}")
    if row.get("status") == "wijkcijfer":
        laatste.append("wijkcijfer")
    regels.append(" · ".join(laatste))
    return regels


def _pak_regels(regels: list[str], breedte: float, size: float, max_regels: int = 3) -> list[str]:
    """Fit a tile's small lines in max_regels: split a line that is too wide at its ' · ', then join the
    narrowest neighbours that fit, preferring parts of the same original line ('2024 · rang 6 van 26')."""

    def past(tekst: str) -> bool:
        return t.pdfmetrics.stringWidth(tekst, t.font(), size) <= breedte

    lijnen: list[tuple[int, str]] = []
    for nr, regel in enumerate(regels):
        lijnen.extend([(nr, regel)] if past(regel) else [(nr, deel) for deel in regel.split(" · ")])
    while len(lijnen) > max_regels:
        paren = [
            (lijnen[i][0] != lijnen[i + 1][0], len(lijnen[i][1]) + len(lijnen[i + 1][1]), i)
            for i in range(len(lijnen) - 1)
            if past(lijnen[i][1] + " · " + lijnen[i + 1][1])
        ]
        if not paren:
            break
        _, _, i = min(paren)
        lijnen[i : i + 2] = [(lijnen[i][0], lijnen[i][1] + " · " + lijnen[i + 1][1])]
    return [t.passend(regel, t.font(), size, breedte) for _, regel in lijnen[:max_regels]]


def _reeks(ctx: KernContext, ids: Iterable[str], kolom: str) -> list[float | None]:
    out = []
    for indicator_id in ids:
        row = ctx.indicator(indicator_id)
        out.append(None if row is None else _float(row.get(kolom)))
    return out


def _synth(ctx: KernContext, ids: Iterable[str]) -> str:
    rows = ctx.profiel[ctx.profiel["indicator_id"].isin(list(ids))]
    return "*" if bool(rows["synthetisch"].fillna(False).astype(bool).any()) else ""


def _vergelijk(c, x, y, w, h, ctx: KernContext, titel: str, ids: dict[str, str], eenheid_fmt) -> None:
    """The kern against its gemeente and Nederland, one group of bars per indicator (ids: indicator -> label)."""
    t.titel(c, titel + _synth(ctx, ids), x, y + h - 9, 9)
    reeksen = [
        t.Reeks(ctx.kern, _reeks(ctx, ids, "waarde"), t.KLEUR_KERN),
        t.Reeks("Gemeente", _reeks(ctx, ids, "gemeente_waarde"), t.KLEUR_GEMEENTE),
        t.Reeks("Nederland", _reeks(ctx, ids, "nederland_waarde"), t.KLEUR_NEDERLAND),
    ]
    # The kern stays in the chart (its bars read "–") so a reader sees it is missing, not forgotten.
    reeksen = reeksen[:1] + [r for r in reeksen[1:] if any(v is not None for v in r.waarden)]
    redenen = []
    for indicator_id in ids:
        row = ctx.indicator(indicator_id)
        status = str(row.get("status") or "") if row else "geen gegevens"
        redenen.append("– " + status.replace("geen gegevens: ", "") if status else "–")
    t.staafdiagram_horizontaal(c, x, y, w, h - 14, list(ids.values()), reeksen, eenheid_fmt, 80, ontbreekt=redenen)


def _trend(c, x, y, w, h, ctx: KernContext) -> None:
    rows = ctx.reeks[ctx.reeks["indicator_id"] == "inwoners"].sort_values("jaar")
    synth = "*" if bool(rows["synthetisch"].fillna(False).astype(bool).any()) else ""
    jaren = rows["jaar"].tolist()
    titel = f"Inwoners {jaren[0]}-{jaren[-1]}{synth}" if jaren else "Inwoners"
    t.titel(c, titel, x, y + h - 9, 9)
    t.staafdiagram_verticaal(
        c,
        x,
        y,
        w,
        h - 16,
        [str(j) for j in jaren],
        [_float(v) for v in rows["waarde"]],
        lambda v: getal(v, 0),
    )


def signaal_regels(ctx: KernContext, maximum: int = 8) -> list[tuple[str, str]]:
    """(oordeel, paragraph markup) per strength, attention point or notable figure: the verdicts of
    marts.kern_oordelen, the same the dashboard, the Kansenkaart and the XLSX show."""
    regels = []
    for row in signalen(ctx.profiel).head(maximum).to_dict("records"):
        tekst = f"<b>{t.esc(row['label'])}</b>: {t.esc(waarde_tekst(row))}"
        tekst += f" (gemeente {t.esc(met_eenheid(row['gemeente_waarde'], int(row['decimalen']), row['eenheid']))})"
        if row.get("reden"):
            tekst += f" – {t.esc(row['reden'])}"
        regels.append((row["oordeel"], tekst))
    return regels


def _signalen_blok(c, x: float, y_top: float, w: float, h: float, ctx: KernContext) -> None:
    t.titel(c, "Opvallend", x, y_top - 10, 10)
    y = y_top - 18
    regels = signaal_regels(ctx)
    bodem = y_top - h + 12
    if not regels:
        y -= t.paragraaf(c, GEEN_SIGNALEN, x, y, w, t.stijl(7.6, 9.4)) + 4
    style = t.stijl(7.6, 9.4)
    for oordeel, tekst in regels:
        para = t.Paragraph(tekst, style)
        _, ph = para.wrap(w - 12, 200)
        if y - ph < bodem:
            break
        c.setFillColor(KLEUR_OORDEEL.get(oordeel, t.KLEUR_OPVALLEND))
        c.circle(x + 3, y - 5, 2.6, stroke=0, fill=1)
        para.drawOn(c, x + 10, y - ph)
        y -= ph + 3
    spiegel = _spiegel_regel(ctx)
    if spiegel:
        para = t.Paragraph(spiegel, t.stijl(7.4, 9.2))
        _, ph = para.wrap(w, 200)
        if y - 22 - ph >= bodem:
            y = _kopje(c, "Lijkt het meest op", x, y - 6)
            para.drawOn(c, x, y - ph)
    c.setFont(t.font(), 6.5)
    lx, legenda_y = x, y_top - h + 1
    for kleur, naam in ((t.KLEUR_STERK, "sterk"), (t.KLEUR_AANDACHT, "aandacht"), (t.KLEUR_OPVALLEND, "opvallend")):
        c.setFillColor(kleur)
        c.circle(lx + 3, legenda_y + 2.2, 2.4, stroke=0, fill=1)
        c.setFillColor(t.KLEUR_ZACHT)
        c.drawString(lx + 8, legenda_y, naam)
        lx += 14 + t.pdfmetrics.stringWidth(naam, t.font(), 6.5)
    c.drawString(
        lx + 4,
        legenda_y,
        "ten opzichte van de gemeente. Stippen en strepen volgen één regel (zie het Kansenkaart-pakket).",
    )


def _kopje(c, tekst: str, x: float, y: float) -> float:
    t.titel(c, tekst, x, y - 10, 10)
    return y - 16


def _kernagenda_regels(ctx: KernContext) -> tuple[list[tuple[str, str]], list[str], str]:
    """(counts, open points, progress line) for the kernagenda block."""
    punten = kernagenda_punten(ctx)
    if punten is None:
        return [], [], "Nog geen kernagenda-export van de gemeente in deze publicatie."
    if punten.empty:
        return [], [], "Geen kernagenda-punten voor deze kern."
    tel = punten["status_groep"].value_counts()
    tellingen = [(str(int(tel.get(groep, 0))), groep) for groep in (OPEN, GEREALISEERD, AFGESLOTEN)]
    open_punten = punten.loc[punten["status_groep"] == OPEN, "actiepunt"].dropna().astype(str).tolist()
    voortgang = []
    if "peildatum" in punten.columns and punten["peildatum"].notna().any():
        voortgang.append(f"peildatum {datum(punten['peildatum'].max())}")
    vg = ctx.tabel("kern_kernagenda_voortgang")
    if vg is not None and not vg.empty and "peildatum" in vg.columns:
        laatste = vg.sort_values("peildatum").iloc[-1]
        if not is_missing(laatste.get("punten_nieuw")) and not is_missing(laatste.get("vorige_peildatum")):
            voortgang.append(f"{int(laatste['punten_nieuw'])} nieuw sinds {datum(laatste['vorige_peildatum'])}")
        if not is_missing(laatste.get("punten_lang_open")) and int(laatste["punten_lang_open"]) > 0:
            voortgang.append(f"{int(laatste['punten_lang_open'])} al lang open")
    return tellingen, open_punten, " · ".join(voortgang)


def _subsidie_regel(ctx: KernContext) -> str:
    frame = ctx.tabel("kern_subsidies")
    if frame is not None and not frame.empty and {"jaar", "regeling", "toegekend_aantal"} <= set(frame.columns):
        jaar = int(frame["jaar"].max())
        rows = frame[frame["jaar"] == jaar].sort_values("regeling")
        totaal = rows["toegekend_bedrag"].sum() if "toegekend_bedrag" in rows.columns else None
        kop = f"<b>{jaar}: {getal(rows['toegekend_aantal'].sum())} aanvragen toegekend"
        kop += f", € {getal(totaal)}</b>" if totaal is not None and not is_missing(totaal) else "</b>"
        delen = ", ".join(f"{t.esc(r['regeling'])} {getal(r['toegekend_aantal'])}" for r in rows.to_dict("records"))
        jaren = frame.groupby("jaar")["toegekend_aantal"].sum()
        reeks = " · ".join(f"{int(j)}: {getal(n)}" for j, n in jaren.tail(5).items())
        return f"{kop} ({delen}).<br/>Per jaar: {reeks}.<br/>Bron: subsidie-export van de gemeente."
    row = ctx.indicator("initiatieven_per_1000")
    if row is not None and not is_missing(row.get("waarde")):
        return f"{t.esc(row['label'])}: <b>{t.esc(waarde_tekst(row))}</b> ({int(row['jaar'])})"
    return "Nog geen subsidie-export van de gemeente in deze publicatie."


def _spiegel_regel(ctx: KernContext) -> str | None:
    frame = ctx.tabel("kern_spiegelkernen")
    if frame is None or frame.empty or "spiegelkern" not in frame.columns:
        return None
    rows = frame.sort_values("rang") if "rang" in frame.columns else frame
    namen = []
    for row in rows.head(4).to_dict("records"):
        naam = t.esc(row["spiegelkern"])
        if row.get("spiegel_gemeentecode") and row.get("spiegel_gemeentecode") != ctx.gemeentecode:
            naam += f" ({t.esc(row.get('spiegel_gemeentenaam') or row.get('spiegel_gemeentecode'))})"
        namen.append(naam)
    return ", ".join(namen) + ". Vergelijkbaar in omvang, leeftijd, wonen en voorzieningen."


def _rechter_kolom(c, x: float, y_top: float, w: float, h: float, ctx: KernContext) -> None:
    bodem = y_top - h
    y = _kopje(c, "Kernagenda", x, y_top)
    tellingen, open_punten, voortgang = _kernagenda_regels(ctx)
    if tellingen:
        kx = x
        for getal_tekst, naam in tellingen:
            c.setFont(t.bold(), 15)
            c.setFillColor(t.KLEUR_TEKST)
            c.drawString(kx, y - 12, getal_tekst)
            c.setFont(t.font(), 6.8)
            c.setFillColor(t.KLEUR_ZACHT)
            c.drawString(kx, y - 21, naam)
            kx += max(46, t.pdfmetrics.stringWidth(naam, t.font(), 6.8) + 14)
        y -= 26
    if voortgang:
        y -= t.paragraaf(c, t.esc(voortgang), x, y, w, t.stijl(7, 8.6, t.KLEUR_ZACHT)) + 2
    for punt in open_punten[:3]:
        para = t.Paragraph("• " + t.esc(punt), t.stijl(7.3, 8.9))
        _, ph = para.wrap(w, 100)
        if y - ph < bodem + 60:
            break
        para.drawOn(c, x, y - ph)
        y -= ph + 1
    if len(open_punten) > 3:
        y -= t.paragraaf(c, f"en {len(open_punten) - 3} andere open punten", x, y, w, t.stijl(7, 8.6, t.KLEUR_ZACHT))
    y -= 6
    y = _kopje(c, "Bewonersinitiatieven", x, y)
    t.paragraaf(c, _subsidie_regel(ctx), x, y, w, t.stijl(7.3, 8.9))
    del bodem


def bronnen_tekst(ctx: KernContext, profiel: pd.DataFrame | None = None, met_kern: bool = True) -> str:
    """Which sources, tables, revisions and years the figures of a briefing come from."""
    profiel = ctx.profiel if profiel is None else profiel
    met_waarde = profiel[profiel["waarde"].notna()]
    delen = []
    cbs = met_waarde[met_waarde["bron"].astype(str).str.startswith("CBS")]
    if not cbs.empty:
        tabellen = (
            cbs[["jaar", "bron_tabel", "bron_revisie"]]
            .drop_duplicates()
            .sort_values("jaar", ascending=False)
            .itertuples(index=False)
        )
        delen.append(
            "CBS Kerncijfers wijken en buurten "
            + "; ".join(f"{r.jaar} (tabel {r.bron_tabel}, revisie {revisie(r.bron_revisie)})" for r in tabellen)
        )
    punten = kernagenda_punten(ctx)
    peildatum = (
        datum(punten["peildatum"].max())
        if punten is not None and not punten.empty and "peildatum" in punten.columns
        else None
    )
    subsidies = ctx.tabel("kern_subsidies")
    subsidie_jaren = (
        f"{int(subsidies['jaar'].min())}-{int(subsidies['jaar'].max())}"
        if subsidies is not None and not subsidies.empty and "jaar" in subsidies.columns
        else None
    )
    for bron, groep in met_waarde[~met_waarde["bron"].astype(str).str.startswith("CBS")].groupby("bron"):
        jaren = ", ".join(str(int(j)) for j in sorted(groep["jaar"].unique()))
        tekst = f"{bron} {jaren}"
        # The export marts tell more than the indicator's year: the peildatum, the years of grants.
        if str(bron).lower().startswith("kernagenda") and peildatum:
            tekst += f" (peildatum {peildatum})"
            peildatum = None
        elif str(bron).lower().startswith("subsidie") and subsidie_jaren:
            tekst = f"{bron} {subsidie_jaren}"
            subsidie_jaren = None
        delen.append(tekst)
    if peildatum:
        delen.append(f"kernagenda-export van de gemeente (peildatum {peildatum})")
    if subsidie_jaren:
        delen.append(f"subsidie-export van de gemeente {subsidie_jaren}")
    if ctx.reeks is not None and not ctx.reeks.empty:
        jaren = sorted(ctx.reeks.loc[ctx.reeks["waarde"].notna(), "jaar"].unique())
        if jaren:
            delen.append(f"tijdreeks {int(jaren[0])}-{int(jaren[-1])}")
    volledig = int((met_waarde["status"] == "volledig").sum())
    dekking = (
        f"Dekking: {volledig} van {len(met_waarde)} cijfers volledig; de andere rusten op een deel van de buurten "
        "(geheimhouding van CBS) of op een wijkcijfer."
    )
    indeling = (
        "door de gemeente vastgesteld"
        if bool(ctx.kern_row.get("indeling_door_gemeente"))
        else "afgeleid uit buurtnamen"
    )
    buurten = ctx.kern_row.get("aantal_buurten")
    kern = f"De kern bestaat uit {int(buurten)} CBS-buurten ({indeling})." if not is_missing(buurten) else ""
    if not met_kern:
        kern = "Elke kern is een groep hele CBS-buurten."
    return "Bronnen: " + "; ".join(delen) + ". " + dekking + " " + kern


def _voet(c, ctx: KernContext, pagina: str | None, met_kern: bool = True) -> float:
    """The sources footer, bottom-aligned above the page margin; returns its top (it grows with the sources)."""
    tekst = t.esc(bronnen_tekst(ctx, met_kern=met_kern))
    tekst += (
        f" Dataversie {t.esc(ctx.publicatie['versie'])}, gepubliceerd op {datum(ctx.publicatie['gepubliceerd_op'])}."
        " Een – betekent: geen gegevens."
    )
    if ctx.synthetisch:
        tekst += " <b>* = synthetische (gesimuleerde) waarde.</b>"
    tekst += " Gemaakt met kernmonitor (open source)."
    para = t.Paragraph(tekst, t.stijl(6.6, 8.2, t.KLEUR_ZACHT))
    _, hoogte = para.wrap(BREEDTE - (44 if pagina else 0), 400)
    onder = MARGE - 10
    para.drawOn(c, MARGE, onder)
    y_top = onder + hoogte + 4
    c.setStrokeColor(t.KLEUR_LIJN)
    c.setLineWidth(0.6)
    c.line(MARGE, y_top, MARGE + BREEDTE, y_top)
    if pagina:
        c.setFont(t.font(), 7)
        c.setFillColor(t.KLEUR_ZACHT)
        c.drawRightString(MARGE + BREEDTE, MARGE - 10, pagina)
    return y_top


def teken_onepager(c, ctx: KernContext, pagina: str | None = None) -> None:
    """One kern on one A4 page (the caller calls showPage)."""
    c.setTitle(f"Kernbriefing {ctx.kern} ({ctx.gemeentenaam})")
    y = _kop(c, ctx, "Kernbriefing voor de gemeenteraad") - 8
    if ctx.synthetisch:
        y = _synthetisch_blok(c, y) - 8

    # Headline tiles: two rows of four.
    gap = 8.0
    tw, th = (BREEDTE - 3 * gap) / 4, 66.0
    for i, (indicator_id, label) in enumerate(TEGELS):
        rij, kol = divmod(i, 4)
        _tegel(c, MARGE + kol * (tw + gap), y - th - rij * (th + gap), tw, th, ctx, indicator_id, label)
    y -= 2 * th + gap + 14

    # Four charts in a 2 × 2 grid.
    cw, ch = (BREEDTE - 18) / 2, 134.0
    links, rechts = MARGE, MARGE + cw + 18
    _trend(c, links, y - ch, cw, ch, ctx)
    _vergelijk(
        c, rechts, y - ch, cw, ch, ctx, "Leeftijdsopbouw (% van de inwoners)", LEEFTIJDSGROEPEN, lambda v: getal(v, 1)
    )
    y -= ch + 12
    _vergelijk(
        c,
        links,
        y - ch,
        cw,
        ch,
        ctx,
        "Afstand tot voorzieningen (km over de weg)",
        VOORZIENINGEN,
        lambda v: getal(v, 1),
    )
    _vergelijk(c, rechts, y - ch, cw, ch, ctx, "Woningen naar eigendom (%)", WONINGMIX, lambda v: getal(v, 1))
    y -= ch + 12

    # Signals and kernagenda side by side, down to the footer.
    voet_top = _voet(c, ctx, pagina)
    blok_h = y - voet_top - 6
    _signalen_blok(c, links, y, cw, blok_h, ctx)
    _rechter_kolom(c, rechts, y, cw, blok_h, ctx)


def _nieuw_canvas(buf: io.BytesIO, titel: str) -> rl_canvas.Canvas:
    c = rl_canvas.Canvas(buf, pagesize=A4, lang="nl-NL", pageCompression=1)
    c.setAuthor("kernmonitor")
    c.setCreator("kernmonitor")
    c.setTitle(titel)
    c.setSubject("Kernbriefing voor de gemeenteraad")
    t.fonts()
    return c


def onepager_pdf(ctx: KernContext) -> bytes:
    buf = io.BytesIO()
    c = _nieuw_canvas(buf, f"Kernbriefing {ctx.kern}")
    teken_onepager(c, ctx)
    c.showPage()
    c.save()
    return buf.getvalue()


def gebundeld_pdf(contexts: list[KernContext]) -> bytes:
    """All kernen of a gemeente: a cover with a contents list, then one page per kern (with bookmarks)."""
    buf = io.BytesIO()
    eerste = contexts[0]
    c = _nieuw_canvas(buf, f"Kernbriefingen {eerste.gemeentenaam}")
    _voorblad(c, contexts)
    c.showPage()
    totaal = len(contexts) + 1
    for nr, ctx in enumerate(contexts, start=2):
        key = f"kern{nr}"
        c.bookmarkPage(key)
        c.addOutlineEntry(ctx.kern, key, level=0)
        teken_onepager(c, ctx, pagina=f"pagina {nr} van {totaal}")
        c.showPage()
    c.setTitle(f"Kernbriefingen {eerste.gemeentenaam}")
    c.save()
    return buf.getvalue()


def _voorblad(c, contexts: list[KernContext]) -> None:
    ctx = contexts[0]
    top = PAGE_H - MARGE + 10
    c.setFillColor(t.KLEUR_KOP)
    c.roundRect(MARGE, top - 90, BREEDTE, 90, 4, stroke=0, fill=1)
    c.setFillColor(colors.white)
    c.setFont(t.font(), 10)
    c.drawString(MARGE + 16, top - 22, "Kernbriefingen voor de gemeenteraad")
    c.setFont(t.bold(), 26)
    c.drawString(MARGE + 16, top - 54, t.passend(f"Gemeente {ctx.gemeentenaam}", t.bold(), 26, BREEDTE - 32))
    c.setFont(t.font(), 9)
    c.drawString(
        MARGE + 16,
        top - 74,
        f"{len(contexts)} kernen · gegevens gepubliceerd op {datum(ctx.publicatie['gepubliceerd_op'])} · "
        f"gemaakt op {datum(_vandaag())}",
    )
    y = top - 104
    if any(x.synthetisch for x in contexts):
        y = _synthetisch_blok(c, y) - 10
    tekst = (
        "Per kern één pagina: de kerncijfers met de gemeente en Nederland ernaast, vier grafieken, wat opvalt ten "
        "opzichte van de gemeente en de stand van de kernagenda. Een kern is een groep hele CBS-buurten; de "
        "bronnen staan onderaan elke pagina."
    )
    y -= t.paragraaf(c, t.esc(tekst), MARGE, y, BREEDTE, t.stijl(9, 12)) + 22
    t.titel(c, "De kernen in één oogopslag", MARGE, y, 12)
    y -= 20
    # Contents as a table: a raadslid finds a kern, sees its size and a few headline figures, and jumps to it.
    kolommen = [
        ("Kern", None, 0.0, "l"),
        ("Inwoners", "inwoners", 0.30, "r"),
        ("65+", "aandeel_65_plus", 0.43, "r"),
        ("Leefbaarometer", "lbm_klasse", 0.59, "r"),
        ("Afstand huisarts", "afstand_huisarts_km", 0.77, "r"),
        ("Kernagenda open", "_agenda", 0.92, "r"),
        ("Pagina", "_pagina", 1.0, "r"),
    ]
    c.setFont(t.bold(), 7.6)
    c.setFillColor(t.KLEUR_ZACHT)
    for kop, _, pos, uitlijning in kolommen:
        kx = MARGE + pos * BREEDTE
        (c.drawString if uitlijning == "l" else c.drawRightString)(kx, y, kop)
    y -= 5
    c.setStrokeColor(t.KLEUR_LIJN)
    c.line(MARGE, y, MARGE + BREEDTE, y)
    rij_h = min(15.0, (y - MARGE - 90) / max(1, len(contexts) + 1))
    for i, kctx in enumerate(contexts):
        ky = y - (i + 1) * rij_h + 4
        if i % 2 == 0:
            c.setFillColor(t.KLEUR_VLAK)
            c.rect(MARGE, ky - 4, BREEDTE, rij_h, stroke=0, fill=1)
        for _kop, bron, pos, _uitlijning in kolommen:
            kx = MARGE + pos * BREEDTE
            c.setFillColor(t.KLEUR_TEKST)
            c.setFont(t.font(), 8.4)
            if bron is None:
                c.setFont(t.bold(), 8.4)
                c.drawString(kx, ky, t.passend(kctx.kern, t.bold(), 8.4, BREEDTE * 0.22))
                continue
            if bron == "_pagina":
                tekst = str(i + 2)
            elif bron == "_agenda":
                punten = kernagenda_punten(kctx)
                tekst = ONTBREEKT if punten is None else str(int((punten["status_groep"] == OPEN).sum()))
            else:
                tekst = waarde_tekst(kctx.indicator(bron))
            c.drawRightString(kx, ky, tekst)
        c.linkRect("", f"kern{i + 2}", (MARGE, ky - 4, MARGE + BREEDTE, ky - 4 + rij_h), relative=0)
    # The gemeente's own figures as the reference row.
    ky = y - (len(contexts) + 1) * rij_h + 4
    c.setStrokeColor(t.KLEUR_LIJN)
    c.line(MARGE, ky + rij_h - 4, MARGE + BREEDTE, ky + rij_h - 4)
    c.setFont(t.bold(), 8.4)
    c.setFillColor(t.KLEUR_TEKST)
    c.drawString(MARGE, ky, f"Gemeente {ctx.gemeentenaam}")
    for _kop, bron, pos, _ in kolommen:
        row = ctx.indicator(bron) if bron and not bron.startswith("_") else None
        if row is not None and not is_missing(row.get("gemeente_waarde")):
            c.drawRightString(
                MARGE + pos * BREEDTE, ky, met_eenheid(row["gemeente_waarde"], int(row["decimalen"]), row["eenheid"])
            )
    y -= (len(contexts) + 1) * rij_h + 12
    c.setFont(t.font(), 7)
    c.setFillColor(t.KLEUR_ZACHT)
    c.drawString(MARGE, y, "Klik op een kern om naar haar pagina te gaan. Alle cijfers: laatste jaar met een waarde.")
    _voet(c, ctx, f"pagina 1 van {len(contexts) + 1}", met_kern=False)
