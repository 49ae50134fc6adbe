"""The raad briefing: an A4 one-pager per kern, and all kernen of a gemeente in one PDF.

Rendered from HTML (templates/kernbriefing.html.j2) as a tagged PDF/UA-1 (see tekenen.py). A one-pager is
always exactly one page whatever the data: the page is a fixed box, lines that could grow are shortened with an
ellipsis, and the lists at the bottom give way before the sources footer would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from dashboards.briefing import tekenen as t
from dashboards.briefing.context import KernContext, kernagenda_punten
from dashboards.formatting import ONTBREEKT, aandeel, datum, getal, is_missing, met_eenheid, revisie
from dashboards.oordeel import AANDACHT, GEEN_SIGNALEN, OPVALLEND, STERK, signalen
from dashboards.views import doelen as doelen_view
from dashboards.views.kernprofiel import wat_inwoners_zeggen as inwoners_view
from dashboards.vocabulary import (
    AFGESLOTEN,
    GEREALISEERD,
    KLEUR_GEMEENTE,
    KLEUR_KERN,
    KLEUR_NEDERLAND,
    LEEFTIJDSGROEPEN,
    OPEN,
    VOORZIENINGEN,
    WONINGMIX,
)

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
SYNTHETISCH_VOET = "* = synthetische (gesimuleerde) waarde."
SYNTHETISCH_ALT = "Let op: (deels) synthetische, gesimuleerde waarden."  # a screen reader reads "*" as "ster"

# CSS class and word per verdict: the colour is never the only carrier of the verdict.
OORDEEL_KLASSE = {STERK: "sterk", AANDACHT: "aandachtspunt", OPVALLEND: "opvallend"}
OORDEEL_TEKSTKLASSE = {STERK: "sterk-kleur", AANDACHT: "aandacht-kleur", OPVALLEND: "opvallend-kleur"}
OORDEEL_WOORD = {STERK: "Sterk punt", AANDACHT: "Aandachtspunt", OPVALLEND: "Opvallend"}
OORDEEL_KORT = {STERK: "sterk", AANDACHT: "aandacht", OPVALLEND: "opvallend"}

GRAFIEK_B, GRAFIEK_H = 254.0, 118.0  # pt: a quarter of the chart grid, below its heading
TEGEL_BREEDTE = 112.0  # pt of text in a headline tile
BREEDTE = 527.0  # pt: A4 less the page margins (templates/briefing.css)
PAGINA_HOOGTE = 793.0  # pt: the one-pager's box (.kernpagina)
# Where the bottom blocks start (pt from the top of the page box): the fixed heights of the header band, the
# synthetic notice, the tiles and the charts in briefing.css.
BOVEN = 64 + 2 * 71.5 + 8 + 280 + 8
BOVEN_SYNTHETISCH = BOVEN + 38.6


def ster(row) -> str:
    """The marker printed after a synthetic value."""
    return "*" if row is not None and bool(row.get("synthetisch")) else ""


def waarde_tekst(row) -> str:
    if row is None or is_missing(row.get("waarde")):
        return ONTBREEKT
    return met_eenheid(row["waarde"], int(row["decimalen"]), row["eenheid"]) + ster(row)


def synthetisch_tekst(tekst: str = SYNTHETISCH_KORT) -> dict[str, str]:
    """The notice split in its bold first sentence and the rest."""
    kop, _, rest = tekst.partition(". ")
    return {"kop": kop + ".", "rest": rest}


def _float(value) -> float | None:
    return None if is_missing(value) else float(value)


def _vandaag() -> dt.date:
    return dt.date.today()


# Building blocks -----------------------------------------------------------------------------------------


def _sub(ctx: KernContext) -> str:
    inwoners = ctx.indicator("inwoners")
    sub = [f"gemeente {ctx.gemeentenaam}"]
    if inwoners is not None and not is_missing(inwoners.get("waarde")):
        sub.append(f"{getal(inwoners['waarde'])}{ster(inwoners)} inwoners")
    if ctx.jaar:
        sub.append(f"peiljaar {ctx.jaar}")
    return " · ".join(sub)


def _tegel(ctx: KernContext, indicator_id: str, label: str) -> dict:
    row = ctx.indicator(indicator_id)
    oordeel = None if row is None else row.get("oordeel")
    return {
        "label": label,
        "waarde": waarde_tekst(row),
        "regels": _pak_regels(_tegel_regels(row), TEGEL_BREEDTE, 6.8),
        "klasse": OORDEEL_KLASSE.get(oordeel, ""),
        "oordeel": OORDEEL_KORT.get(oordeel),
        "oordeel_klasse": OORDEEL_TEKSTKLASSE.get(oordeel, ""),
    }


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
        return t.tekst_breedte(tekst, size) <= breedte

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
    return [t.passend(regel, size, breedte) for _, regel in lijnen[:max_regels]]


def _reeks(ctx: KernContext, ids: Iterable[str], kolom: str) -> list[float | None]:
    out = []
    for indicator_id in ids:
        row = ctx.indicator(indicator_id)
        out.append(None if row is None else _float(row.get(kolom)))
    return out


def _synth(ctx: KernContext, ids: Iterable[str]) -> str:
    rows = ctx.profiel[ctx.profiel["indicator_id"].isin(list(ids))]
    return "*" if bool(rows["synthetisch"].fillna(False).astype(bool).any()) else ""


def _vergelijk(ctx: KernContext, titel: str, ids: dict[str, str], decimalen: int, eenheid: str) -> dict:
    """The kern against its gemeente and Nederland, one group of bars per indicator (ids: indicator -> label)."""
    reeksen = [
        t.Reeks(ctx.kern, _reeks(ctx, ids, "waarde"), KLEUR_KERN),
        t.Reeks("Gemeente", _reeks(ctx, ids, "gemeente_waarde"), KLEUR_GEMEENTE),
        t.Reeks("Nederland", _reeks(ctx, ids, "nederland_waarde"), KLEUR_NEDERLAND),
    ]
    # The kern stays in the chart (its bars read "–") so a reader sees it is missing, not forgotten.
    reeksen = reeksen[:1] + [r for r in reeksen[1:] if any(v is not None for v in r.waarden)]
    redenen = []
    for indicator_id in ids:
        row = ctx.indicator(indicator_id)
        status = str(row.get("status") or "") if row else "geen gegevens"
        redenen.append("– " + status.replace("geen gegevens: ", "") if status else "–")

    def opmaak(value) -> str:
        return getal(value, decimalen)

    # The alternative text states every bar: what a sighted reader reads off the chart.
    delen = []
    for i, label in enumerate(ids.values()):
        waarden = []
        for reeks in reeksen:
            value = reeks.waarden[i]
            tekst = met_eenheid(value, decimalen, eenheid) if value is not None else "geen gegevens"
            if value is None and reeks is reeksen[0] and redenen[i].startswith("– ") and len(redenen[i]) > 2:
                tekst += f" ({redenen[i][2:]})"
            waarden.append(f"{'gemeente' if reeks.naam == 'Gemeente' else reeks.naam} {tekst}")
        delen.append(f"{label}: " + ", ".join(waarden))
    synth = _synth(ctx, ids)
    naast = " en ".join("de gemeente" if r.naam == "Gemeente" else r.naam for r in reeksen[1:])
    alt = f"Staafdiagram {titel}: {ctx.kern}" + (f" naast {naast}" if naast else "") + ". " + "; ".join(delen) + "."
    alt += " " + SYNTHETISCH_ALT if synth else ""
    titel += synth
    # Room for the longest category label ("Corporatiewoningen"), within limits: the bars need the rest.
    label_breedte = min(100.0, max(60.0, max(t.tekst_breedte(label, 7.5) for label in ids.values()) + 8))
    svg = t.staafdiagram_horizontaal(
        GRAFIEK_B, GRAFIEK_H, list(ids.values()), reeksen, opmaak, alt, label_breedte, redenen
    )
    return {"titel": titel, "svg": svg}


def _trend(ctx: KernContext) -> dict:
    rows = ctx.reeks[ctx.reeks["indicator_id"] == "inwoners"].sort_values("jaar")
    synth = "*" if bool(rows["synthetisch"].fillna(False).astype(bool).any()) else ""
    jaren = rows["jaar"].tolist()
    titel = f"Inwoners {jaren[0]}-{jaren[-1]}{synth}" if jaren else "Inwoners"
    waarden = [_float(v) for v in rows["waarde"]]
    per_jaar = zip(jaren, waarden, strict=True)
    reeks = "; ".join(f"{int(j)}: {getal(w) if w is not None else 'geen gegevens'}" for j, w in per_jaar)
    alt = f"Staafdiagram inwoners van {ctx.kern} per jaar: {reeks or 'geen gegevens'}."
    alt += " " + SYNTHETISCH_ALT if synth else ""
    svg = t.staafdiagram_verticaal(GRAFIEK_B, GRAFIEK_H, [str(j) for j in jaren], waarden, lambda v: getal(v), alt)
    return {"titel": titel, "svg": svg}


def signaal_regels(ctx: KernContext, maximum: int = 8) -> list[dict]:
    """One dict per strength, attention point or notable figure (woord, label, tekst, klasse): the verdicts of
    marts.kern_oordelen, the same the dashboard, the Kansenkaart and the XLSX show."""
    regels = []
    for row in signalen(ctx.profiel).head(maximum).to_dict("records"):
        tekst = waarde_tekst(row)
        tekst += f" (gemeente {met_eenheid(row['gemeente_waarde'], int(row['decimalen']), row['eenheid'])})"
        if row.get("reden"):
            tekst += f" – {row['reden']}"
        regels.append(
            {
                "woord": OORDEEL_WOORD.get(row["oordeel"], row["oordeel"]),
                "label": row["label"],
                "tekst": tekst,
                "klasse": OORDEEL_TEKSTKLASSE.get(row["oordeel"], "opvallend-kleur"),
            }
        )
    return regels


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


def _agenda(ctx: KernContext, maximum: int = 3) -> dict:
    """The kernagenda block: counts, progress, at most `maximum` open points and how many more there are."""
    tellingen, open_punten, voortgang = _kernagenda_regels(ctx)
    weg = max(0, len(open_punten) - maximum)
    meer = f"en {weg} andere open punten" if weg else ""
    return {"tellingen": tellingen, "voortgang": voortgang, "open": open_punten[:maximum], "weg": weg, "meer": meer}


def _subsidie_regels(ctx: KernContext) -> list[tuple[str, str]]:
    """(bold part, rest) per line of the Bewonersinitiatieven block."""
    frame = ctx.tabel("kern_subsidies")
    if frame is not None and not frame.empty and {"jaar", "regeling", "toegekend_aantal"} <= set(frame.columns):
        jaar = int(frame["jaar"].max())
        rows = frame[frame["jaar"] == jaar].sort_values("regeling")
        totaal = rows["toegekend_bedrag"].sum() if "toegekend_bedrag" in rows.columns else None
        kop = f"{jaar}: {getal(rows['toegekend_aantal'].sum())} aanvragen toegekend"
        kop += f", € {getal(totaal)}" if totaal is not None and not is_missing(totaal) else ""
        delen = ", ".join(f"{r['regeling']} {getal(r['toegekend_aantal'])}" for r in rows.to_dict("records"))
        jaren = frame.groupby("jaar")["toegekend_aantal"].sum()
        reeks = " · ".join(f"{int(j)}: {getal(n)}" for j, n in jaren.tail(5).items())
        return [(kop, f"({delen})."), ("", f"Per jaar: {reeks}."), ("", "Bron: subsidie-export van de gemeente.")]
    row = ctx.indicator("initiatieven_per_1000")
    if row is not None and not is_missing(row.get("waarde")):
        return [("", f"{row['label']}: {waarde_tekst(row)} ({int(row['jaar'])})")]
    return [("", "Nog geen subsidie-export van de gemeente in deze publicatie.")]


def _spiegel_regel(ctx: KernContext) -> str | None:
    frame = ctx.tabel("kern_spiegelkernen")
    if frame is None or frame.empty or "spiegelkern" not in frame.columns:
        return None
    rows = frame.sort_values("rang") if "rang" in frame.columns else frame
    namen = []
    for row in rows.head(4).to_dict("records"):
        naam = str(row["spiegelkern"])
        if row.get("spiegel_gemeentecode") and row.get("spiegel_gemeentecode") != ctx.gemeentecode:
            naam += f" ({row.get('spiegel_gemeentenaam') or row.get('spiegel_gemeentecode')})"
        namen.append(naam)
    return ", ".join(namen) + ". Vergelijkbaar in omvang, leeftijd, wonen en voorzieningen."


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
    # A survey figure ("enquête, gewogen ...") rests on no buurten: it counts as complete.
    status = met_waarde["status"].astype(str)
    volledig = int((status.eq("volledig") | status.str.startswith("enquête")).sum())
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


def _voet(ctx: KernContext, met_kern: bool = True) -> str:
    return (
        bronnen_tekst(ctx, met_kern=met_kern)
        + f" Dataversie {ctx.publicatie['versie']}, gepubliceerd op {datum(ctx.publicatie['gepubliceerd_op'])}."
        + " Een – betekent: geen gegevens."
    )


ONDER_BREEDTE = 254.0  # pt: one of the two bottom blocks


def _hoogte(tekst: str, size: float, leading: float, breedte: float = ONDER_BREEDTE, vet: str = "") -> float:
    return t.regels_nodig(tekst, size, breedte, vet) * leading


def _past_links(ctx: KernContext, hoogte: float) -> tuple[list[dict], str | None]:
    """The signals and the similar kernen that fit the left bottom block (in order; the rest is left out, as
    in the old drawing: the full list is in the Kansenkaart pack and on the dashboard)."""
    beschikbaar = hoogte - 16.5 - _hoogte(LEGENDA, 6.5, 8.2) - 4
    gekozen = []
    for regel in signaal_regels(ctx):
        h = _hoogte(f"{regel['tekst']}", 7.6, 9.4, ONDER_BREEDTE - 2, f"● {regel['woord']}: {regel['label']}:") + 3
        if h > beschikbaar:
            break
        gekozen.append(regel)
        beschikbaar -= h
    if not gekozen and beschikbaar >= 0:
        beschikbaar -= _hoogte(GEEN_SIGNALEN, 7.6, 9.4)
    spiegel = _spiegel_regel(ctx)
    if spiegel and _hoogte(spiegel, 8, 10) + 18.5 > beschikbaar:
        spiegel = None
    return gekozen, spiegel


def doelen_regels(ctx: KernContext, maximum: int = 4) -> dict | None:
    """The Doelen block: per goal of the kern (and its groups) its status in a sign and a word, and its standing."""
    standen = doelen_view.stand(ctx.doelen)
    if standen.empty:
        return None
    regels = []
    for _, row in standen.head(maximum).iterrows():
        status = doelen_view.STATUS.get(str(row["status"]), doelen_view.STATUS["geen gegevens"])
        wie = doelen_view.scope_tekst(row)
        tekst = f"{row['label']}" + ("" if wie == ctx.kern else f" ({wie})")
        regels.append(
            {
                "teken": status.teken,
                "woord": status.woord,
                "tekst": f"{tekst}: {doelen_view.stand_tekst(row, '*')}; doel {doelen_view.doel_tekst(row)}.",
            }
        )
    weg = len(standen) - len(regels)
    return {
        "regels": regels,
        "meer": _meer(weg, len(regels), "doelen", "doel", "de stand staat op de pagina Doelen"),
        "voorbeeld": doelen_view.is_voorbeeld(ctx.doelen),
    }


def inwoners_regels(ctx: KernContext, maximum: int = 3) -> dict | None:
    """Wat inwoners zeggen: the kern's figures of its latest survey (n, margin, gewogen; hidden ones say why)."""
    frame = inwoners_view.getoonde_figuren(ctx.enquete)
    if frame.empty or not (frame["kern"] == ctx.kern).any():
        return None
    eigen = frame[(frame["kern"] == ctx.kern) & frame["categorie"].isna()]
    if eigen.empty:
        return None
    laatste = eigen.sort_values("datum").iloc[-1]
    rijen = eigen[eigen["meting"] == laatste["meting"]]
    gemeente = frame[(frame["gebied_soort"] == "gemeente") & (frame["meting"] == laatste["meting"])]
    regels = []
    for _, row in rijen.head(maximum).iterrows():
        ander = gemeente[(gemeente["vraag_id"] == row["vraag_id"]) & (gemeente["maat"] == row["maat"])]
        tekst = inwoners_view.figuur_tekst(row)
        if not ander.empty and not bool(ander.iloc[0]["verborgen"]):
            tekst += f"; gemeente {inwoners_view.cijfer(row['maat'], ander.iloc[0]['waarde'])}"
        vraag = row["vraag"] if not is_missing(row["vraag"]) else row["vraag_id"]
        regels.append({"vraag": _kort(str(vraag)), "tekst": tekst})
    weg = len(rijen) - len(regels)
    return {
        "meting": f"{laatste['meting']} ({datum(laatste['datum'])})",
        "regels": regels,
        "meer": _meer(weg, len(regels), "vragen", "vraag", "de antwoorden staan in het kernprofiel"),
        "voorbeeld": bool(frame["voorbeeld"].astype(bool).any()),
    }


def _meer(weg: int, getoond: int, wat: str, wat_een: str, waar: str) -> str:
    """The line under a shortened list: how many more there are and where to find them."""
    if not weg:
        return ""
    return f"en {weg} andere {wat} ({waar})" if getoond else f"{weg} {wat if weg > 1 else wat_een}: {waar}"


def _kort(tekst: str, lengte: int = 70) -> str:
    return tekst if len(tekst) <= lengte else tekst[: lengte - 1].rstrip() + "…"


def _inwoners_hoogte(inwoners: dict | None) -> float:
    if not inwoners:
        return 0.0
    regels = sum(_hoogte(r["tekst"], 7.3, 8.9, vet=f"{r['vraag']}:") for r in inwoners["regels"])  # bold question
    meer = _hoogte(inwoners["meer"], 7, 8.9) if inwoners["meer"] else 0
    return 16.5 + _hoogte(inwoners["meting"], 7, 8.9) + regels + meer + 6


def _doelen_hoogte(doelen: dict | None) -> float:
    if not doelen:
        return 0.0
    hoogte = 16.5 + sum(_hoogte(r["tekst"], 7.3, 8.9, vet=f"{r['teken']} {r['woord']}:") for r in doelen["regels"])
    return hoogte + (_hoogte(doelen["meer"], 7, 8.9) if doelen["meer"] else 0) + 6


def _past_rechts(ctx: KernContext, hoogte: float) -> tuple[dict, list[tuple[str, str]], dict | None, dict | None]:
    """The Wat inwoners zeggen, Doelen, kernagenda and Bewonersinitiatieven blocks in the right bottom block.

    The kernagenda counts and the initiatives always stay. When the rest does not fit (a long sources footer
    leaves less room), the open kernagenda points give way first, then survey figures beyond the first, goals
    beyond the first, the survey list, the initiatives' lines below the latest year, the survey block (its pointer
    to the profile), and at last the one goal left; each block then says how many more there are and where they
    are on the dashboard.
    """
    subsidie = _subsidie_regels(ctx)
    agenda = _agenda(ctx)
    basis = 16.5 + 18.5
    if agenda["tellingen"]:
        basis += 29
    if agenda["voortgang"]:
        basis += _hoogte(agenda["voortgang"], 7, 8.9)
    inwoners_max, doelen_max, inwoners_blok = 3, 4, True
    while True:
        inwoners = inwoners_regels(ctx, inwoners_max) if inwoners_blok else None
        doelen = doelen_regels(ctx, doelen_max)
        vast = basis + _doelen_hoogte(doelen) + _inwoners_hoogte(inwoners)
        vast += sum(_hoogte(rest, 7.3, 8.9, vet=vet) for vet, rest in subsidie)
        if vast + 9 <= hoogte:
            break
        if inwoners_max > 1 and inwoners is not None:
            inwoners_max -= 1
        elif doelen_max > 1 and doelen is not None:
            inwoners_max, doelen_max = min(inwoners_max, 1), doelen_max - 1
        elif inwoners_max > 0 and inwoners is not None:
            inwoners_max = 0
        elif len(subsidie) > 1:  # the initiatives' yearly series and source line (the footer has the source)
            subsidie = subsidie[:1]
        elif inwoners is not None and doelen is not None and doelen_max > 0:  # the survey's pointer line too
            inwoners_blok = False
        elif doelen_max > 0 and doelen is not None:  # the last goal goes last: the raad steers by it
            inwoners_max, doelen_max = 0, 0
        else:
            break
    alle_open, weg = agenda["open"], agenda["weg"]
    beschikbaar = hoogte - vast - 9
    if len(alle_open) > 1 or weg:
        beschikbaar -= 8.9  # the line "en N andere open punten" under the points shown
    gekozen = []
    for punt in alle_open:
        h = _hoogte("• " + punt, 7.3, 8.9)
        if h > beschikbaar:
            break
        gekozen.append(punt)
        beschikbaar -= h
    weg += len(alle_open) - len(gekozen)
    # Without a single point shown, the count above ("7 open") says it all.
    agenda = {**agenda, "open": gekozen, "meer": f"en {weg} andere open punten" if weg and gekozen else ""}
    return agenda, subsidie, doelen, inwoners


LEGENDA = (
    "Sterk punt, aandachtspunt en opvallend: ten opzichte van de gemeente. Stippen en strepen volgen één regel "
    "(zie het Kansenkaart-pakket)."
)


def pagina_velden(ctx: KernContext, pagina: str | None = None) -> dict:
    """Everything the kernpagina macro of the template prints, as text and SVG."""
    tegels = [_tegel(ctx, indicator_id, label) for indicator_id, label in TEGELS]
    voet = _voet(ctx)
    staart = (SYNTHETISCH_VOET if ctx.synthetisch else "") + " Gemaakt met kernmonitor (open source)."
    # The footer grows with the sources: the bottom blocks end above it (one line to spare for the renderer's
    # own line breaks), so the page never overflows.
    voet_regels = t.regels_nodig(voet + (f" {pagina}." if pagina else ""), 6.6, BREEDTE, staart) + 1
    onder_top = BOVEN_SYNTHETISCH if ctx.synthetisch else BOVEN
    onder_bodem = voet_regels * 8.2 + 4.6 + 8
    onder_hoogte = PAGINA_HOOGTE - onder_top - onder_bodem
    signalen_, spiegel = _past_links(ctx, onder_hoogte)
    agenda, subsidie, doelen, inwoners = _past_rechts(ctx, onder_hoogte)
    return {
        "kern": ctx.kern,
        "anker": "kern-" + t.anker(ctx.kern),
        "sub": _sub(ctx),
        "gemaakt": datum(_vandaag()),
        "gepubliceerd": datum(ctx.publicatie["gepubliceerd_op"]),
        "versie": ctx.publicatie["versie"],
        "synthetisch": synthetisch_tekst() if ctx.synthetisch else None,
        "tegels": [tegels[:4], tegels[4:]],
        "grafieken": [
            _trend(ctx),
            _vergelijk(ctx, "Leeftijdsopbouw (% van de inwoners)", LEEFTIJDSGROEPEN, 1, "%"),
            _vergelijk(ctx, "Afstand tot voorzieningen (km over de weg)", VOORZIENINGEN, 1, "km"),
            _vergelijk(ctx, "Woningen naar eigendom (%)", WONINGMIX, 1, "%"),
        ],
        "signalen": signalen_,
        "geen_signalen": GEEN_SIGNALEN,
        "legenda": LEGENDA,
        "spiegel": spiegel,
        "agenda": agenda,
        "doelen": doelen,
        "inwoners": inwoners,
        "subsidie": subsidie,
        "voet": voet,
        "voet_synthetisch": SYNTHETISCH_VOET if ctx.synthetisch else "",
        "pagina": pagina,
        "onder_top": onder_top,
        "onder_bodem": onder_bodem,
    }


def onepager_document(ctx: KernContext):
    """The laid-out one-pager of a kern (a weasyprint Document): the batch reuses its page in the combined PDF."""
    inhoud = t.html(
        "kernbriefing.html.j2", titel=f"Kernbriefing {ctx.kern} ({ctx.gemeentenaam})", pagina=pagina_velden(ctx)
    )
    return t.document(inhoud)


def onepager_pdf(ctx: KernContext, document=None) -> bytes:
    """The one-pager as a tagged PDF; pass its `onepager_document` when the caller has laid it out already."""
    return t.pdf(document if document is not None else onepager_document(ctx))


def gebundeld_pdf(contexts: list[KernContext], documenten: list | None = None) -> bytes:
    """All kernen of a gemeente: a cover with a contents table, then one page per kern (with bookmarks).

    documenten: the kernen's laid-out one-pagers (`onepager_document`), when the caller has them (the batch).
    """
    if documenten is None:
        documenten = [onepager_document(ctx) for ctx in contexts]
    voorblad = t.document(_voorblad_html(contexts))
    if len(voorblad.pages) > 1:  # a long contents table: the kern pages start later
        voorblad = t.document(_voorblad_html(contexts, len(voorblad.pages)))
    pages = list(voorblad.pages) + [doc.pages[0] for doc in documenten]
    return t.pdf(voorblad, pages)


def _voorblad_html(contexts: list[KernContext], voorblad_paginas: int = 1) -> str:
    ctx = contexts[0]
    kolommen = [
        ("Inwoners", "inwoners"),
        ("65+", "aandeel_65_plus"),
        ("Leefbaarometer", "lbm_klasse"),
        ("Afstand huisarts", "afstand_huisarts_km"),
    ]
    rijen = []
    totaal = len(contexts) + voorblad_paginas
    for nr, kctx in enumerate(contexts, start=voorblad_paginas + 1):
        punten = kernagenda_punten(kctx)
        agenda = ONTBREEKT if punten is None else str(int((punten["status_groep"] == OPEN).sum()))
        rijen.append(
            {
                "kern": kctx.kern,
                "anker": "kern-" + t.anker(kctx.kern),
                "waarden": [waarde_tekst(kctx.indicator(bron)) for _, bron in kolommen] + [agenda],
                "pagina": str(nr),
            }
        )
    gemeente = []
    for _, bron in kolommen:
        row = ctx.indicator(bron)
        if row is not None and not is_missing(row.get("gemeente_waarde")):
            gemeente.append(met_eenheid(row["gemeente_waarde"], int(row["decimalen"]), row["eenheid"]))
        else:
            gemeente.append("")
    return t.html(
        "gebundeld.html.j2",
        titel=f"Kernbriefingen {ctx.gemeentenaam}",
        gemeentenaam=ctx.gemeentenaam,
        aantal=len(contexts),
        gepubliceerd=datum(ctx.publicatie["gepubliceerd_op"]),
        gemaakt=datum(_vandaag()),
        synthetisch=synthetisch_tekst() if any(x.synthetisch for x in contexts) else None,
        koppen=[k for k, _ in kolommen] + ["Kernagenda open"],
        rijen=rijen,
        gemeente=gemeente + [""],
        voet=_voet(ctx, met_kern=False),
        voet_synthetisch=SYNTHETISCH_VOET if any(x.synthetisch for x in contexts) else "",
        pagina=(f"pagina 1 van {totaal}" if voorblad_paginas == 1 else f"pagina's 1-{voorblad_paginas} van {totaal}"),
    )
