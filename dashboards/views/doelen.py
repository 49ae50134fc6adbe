"""Doelen: what a gemeente wants to reach (marts.kern_doelen), per goal its value against the straight path from
baseline to target, and a status in words and a sign (never colour alone).

The page (the spoorboekje per gemeente), the kern profile's Doelen block, the PDF one-pager and the XLSX all read
the same mart through here, so a goal reads the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboards import charts, components
from dashboards import formatting as fmt
from dashboards.data import ServingData
from dashboards.vocabulary import (
    KLEUR_AANDACHT,
    KLEUR_GEMEENTE,
    KLEUR_KERN,
    KLEUR_NEDERLAND,
    KLEUR_STERK,
    KLEUR_TEKST,
)


@dataclass(frozen=True)
class Status:
    waarde: str
    woord: str
    teken: str  # shown beside the word: the status never rests on colour alone
    symbool: str  # the marker of a year with this status in a goal's chart
    kleur: str
    uitleg: str


STATUSSEN = (
    Status("behaald", "Behaald", "✔", "star", KLEUR_STERK, "de streefwaarde is bereikt"),
    Status("op koers", "Op koers", "➜", "circle", KLEUR_KERN, "de waarde ligt op of vlak bij het pad naar het doel"),
    Status("achter", "Achter", "⚠", "triangle-down", KLEUR_AANDACHT, "de waarde ligt duidelijk achter op het pad"),
    Status("geen gegevens", "Geen gegevens", "?", "circle-open", KLEUR_NEDERLAND, "er is (nog) geen waarde"),
)
STATUS = {s.waarde: s for s in STATUSSEN}
STATUS_VOLGORDE = [s.waarde for s in STATUSSEN]
SCOPE_VOLGORDE = {"gemeente": 0, "groep": 1, "kern": 2}
VOORBEELD = "VOORBEELD"
# The share of the planned change a goal may lag behind its path and still be op koers (dbt var doel_marge); read
# from the mart where a goal shows it, this only when no goal does.
STANDAARD_MARGE = 0.1


def beschikbaar(data: ServingData) -> bool:
    return not data.doelen().empty


def stand(doelen: pd.DataFrame) -> pd.DataFrame:
    """One row per goal: its current standing (the latest year with a value, else its last year)."""
    if doelen.empty or "is_huidige_stand" not in doelen:
        return doelen.iloc[0:0]
    rijen = doelen[doelen["is_huidige_stand"].fillna(False).astype(bool)].copy()
    rijen["_scope_volgorde"] = rijen["scope_soort"].map(SCOPE_VOLGORDE).fillna(3)
    return rijen.sort_values(["streefjaar", "programma", "_scope_volgorde", "scope", "label"], na_position="last")


def marge(doelen: pd.DataFrame) -> float:
    """The rule's margin as the mart applied it (marge / |streefwaarde - basiswaarde|)."""
    if doelen.empty or "marge" not in doelen:
        return STANDAARD_MARGE
    verschil = (doelen["streefwaarde"] - doelen["basiswaarde"]).abs()
    bruikbaar = doelen[(verschil > 0) & doelen["marge"].notna()]
    if bruikbaar.empty:
        return STANDAARD_MARGE
    return round(float((bruikbaar["marge"] / verschil[bruikbaar.index]).iloc[0]), 4)


def regel_tekst(doelen: pd.DataFrame | None = None) -> str:
    """The status rule in plain Dutch, with the margin the mart used."""
    procent = fmt.procent(100 * marge(doelen if doelen is not None else pd.DataFrame()), 0)
    return (
        "Per doel trekken we een rechte lijn (het pad) van de beginwaarde in het basisjaar naar de streefwaarde in "
        "het streefjaar. Behaald: de waarde heeft de streefwaarde bereikt. Op koers: nog niet, maar de waarde ligt "
        f"hoogstens {procent} van de geplande verandering achter op het pad. Achter: verder achter dan dat (na het "
        "streefjaar: de streefwaarde niet bereikt). Geen gegevens: er is voor dat jaar geen waarde, of geen "
        "beginwaarde; de reden staat erbij. Een lege beginwaarde in het doelenbestand nemen we uit de gegevens."
    )


def is_voorbeeld(doelen: pd.DataFrame) -> bool:
    return bool(not doelen.empty and "voorbeeld" in doelen and doelen["voorbeeld"].fillna(False).astype(bool).any())


def voorbeeld_badge() -> dbc.Badge:
    return dbc.Badge(
        VOORBEELD,
        color="warning",
        text_color="dark",
        className="badge-voorbeeld ms-2",
        title="Voorbeelddoel dat met kernmonitor wordt meegeleverd: verzonnen, geen besluit van de gemeente",
    )


def voorbeeld_melding() -> dbc.Alert:
    return components.melding(
        [
            html.Strong("Let op: voorbeelddoelen. "),
            "Deze doelen komen uit een voorbeeldbestand ",
            voorbeeld_badge(),
            " dat met kernmonitor wordt meegeleverd: verzonnen doelen om te laten zien hoe het werkt, behalve het "
            "doel van Buren voor de burgerpeiling (6,0 in 2019, doel 7,0 in 2023), dat uit haar eigen evaluatie komt.",
        ],
        "warning",
        "doelen-voorbeeld-melding",
    )


def geen_doelen() -> dbc.Alert:
    return components.melding(
        [
            html.Strong("Nog geen doelen geladen. "),
            "Zodra de gemeente haar doelenbestand aanlevert (een CSV- of Excel-bestand in de exportmap, of "
            "`kernmonitor load-export BESTAND`), staat hier per doel of het op koers ligt.",
        ],
        "info",
        "doelen-geen-bestand",
    )


def scope_tekst(row: pd.Series | dict) -> str:
    soort, scope = str(row.get("scope_soort")), str(row.get("scope"))
    if soort == "gemeente":
        return "hele gemeente"
    if soort == "groep":
        return f"groep {scope}"
    return scope


def _eenheid_van(row: pd.Series | dict) -> str | None:
    """The catalogue's unit; none for an indicator kernmonitor does not hold yet."""
    eenheid = row.get("eenheid")
    return None if fmt.is_missing(eenheid) else str(eenheid)


def _waarde(row: pd.Series | dict, kolom: str) -> str:
    return fmt.waarde(row.get(kolom), _eenheid_van(row), row.get("decimalen"))


def _eenheid(row: pd.Series | dict) -> str:
    eenheid = fmt.eenheid_tekst(_eenheid_van(row))
    return f" {eenheid}" if eenheid else ""


def status_label(status: str, element_id: str | None = None) -> html.Span:
    """The status as a sign and a word, in a bordered label: readable without colour."""
    s = STATUS.get(status, STATUS["geen gegevens"])
    kwargs = {"id": element_id} if element_id else {}
    return html.Span(
        [html.Span(s.teken, **{"aria-hidden": "true"}, className="me-1"), s.woord],
        className=f"doel-status doel-status-{s.waarde.replace(' ', '-')}",
        title=s.uitleg,
        **kwargs,
    )


def stand_tekst(row: pd.Series | dict, ster: str = "") -> str:
    """ "2024: 13,4 · pad 12,7" (or the reason when there is no value); `ster` marks a synthetic value (PDF)."""
    jaar = int(row["jaar"])
    if fmt.is_missing(row.get("waarde")):
        reden = str(row.get("reden") or "geen gegevens")
        return f"{jaar}: geen waarde ({reden})"
    markering = ster if bool(row.get("synthetisch")) else ""
    delen = [f"{jaar}: {_waarde(row, 'waarde')}{_eenheid(row)}{markering}"]
    if not fmt.is_missing(row.get("pad_waarde")):
        delen.append(f"pad {_waarde(row, 'pad_waarde')}")
    return " · ".join(delen)


def doel_tekst(row: pd.Series | dict) -> str:
    """ "van 13,9 (2019) naar 12,5 in 2025, lager is beter"."""
    basis = "de waarde uit de gegevens" if fmt.is_missing(row.get("basiswaarde")) else _waarde(row, "basiswaarde")
    richting = "lager is beter" if row.get("richting") == "lager_beter" else "hoger is beter"
    return (
        f"van {basis} ({int(row['basisjaar'])}) naar {_waarde(row, 'streefwaarde')}{_eenheid(row)} "
        f"in {int(row['streefjaar'])}, {richting}"
    )


def bron_tekst(row: pd.Series | dict) -> str:
    delen = [f"Cijfers: {row.get('bron') or 'onbekend'}"]
    if not fmt.is_missing(row.get("dekking")) and not fmt.is_missing(row.get("waarde")):
        delen.append(f"dekking {fmt.aandeel(row['dekking'])}")
    if row.get("brondocument") and not fmt.is_missing(row.get("brondocument")):
        delen.append(f"doel uit: {row['brondocument']}")
    return " · ".join(delen)


def filter_opties(standen: pd.DataFrame) -> dict[str, list[dict]]:
    programmas = sorted({str(p) for p in standen["programma"].dropna()}) if not standen.empty else []
    statussen = [s for s in STATUS_VOLGORDE if not standen.empty and s in set(standen["status"])]
    scopes = standen.drop_duplicates("scope").sort_values("scope") if not standen.empty else standen
    zonder = not standen.empty and bool(standen["programma"].isna().any())
    return {
        "programma": [{"label": p, "value": p} for p in programmas]
        + ([{"label": "zonder programma", "value": "-"}] if zonder else []),
        "status": [{"label": STATUS[s].woord, "value": s} for s in statussen],
        "kern": [{"label": scope_tekst(r), "value": str(r["scope"])} for _, r in scopes.iterrows()],
    }


def filter_doelen(standen: pd.DataFrame, keuzes: dict[str, list[str] | None]) -> pd.DataFrame:
    """The goals matching every non-empty choice; 'kern' matches a goal's scope (a kern, group or 'gemeente')."""
    gefilterd = standen
    for kolom, gekozen in keuzes.items():
        if not gekozen:
            continue
        veld = "scope" if kolom == "kern" else kolom
        waarden = gefilterd[veld].astype(object).where(gefilterd[veld].notna(), "-").astype(str)
        gefilterd = gefilterd[waarden.isin([str(g) for g in gekozen])]
    return gefilterd


def samenvatting(standen: pd.DataFrame) -> str:
    if standen.empty:
        return "Geen doelen die aan deze keuze voldoen."
    telling = standen["status"].value_counts()
    delen = [f"{fmt.getal(int(telling[s]))} {STATUS[s].woord.lower()}" for s in STATUS_VOLGORDE if s in telling]
    return f"{fmt.meervoud(len(standen), 'doel', 'doelen')}: {', '.join(delen)}."


def doel_figuur(reeks: pd.DataFrame):
    """One goal over the years: the value (solid line, a marker per status), the path (dashed) and the target."""
    reeks = reeks.sort_values("jaar")
    eerste = reeks.iloc[0]
    eenheid, decimalen = _eenheid_van(eerste), eerste["decimalen"]
    jaren = reeks["jaar"].astype(int).tolist()
    traces = []
    if reeks["pad_waarde"].notna().any():
        traces.append(
            {
                "type": "scatter",
                "x": jaren,
                "y": [fmt.scale_for_axis(v, eenheid) for v in reeks["pad_waarde"]],
                "text": [fmt.waarde(v, eenheid, decimalen) for v in reeks["pad_waarde"]],
                "mode": "lines",
                "name": "Pad naar het doel",
                "line": {"color": KLEUR_GEMEENTE, "width": 2.5, "dash": "dash"},
                "hovertemplate": "%{x}: %{text}<extra>pad</extra>",
            }
        )
    if reeks["waarde"].notna().any():
        traces.append(
            {
                "type": "scatter",
                "x": jaren,
                "y": [fmt.scale_for_axis(v, eenheid) for v in reeks["waarde"]],
                "text": [
                    f"{fmt.waarde(v, eenheid, decimalen)} ({STATUS.get(s, STATUS['geen gegevens']).woord.lower()})"
                    for v, s in zip(reeks["waarde"], reeks["status"], strict=True)
                ],
                "mode": "lines+markers",
                "name": "Waarde",
                "line": {"color": KLEUR_KERN, "width": 4},
                "marker": {
                    "size": 11,
                    "symbol": [STATUS.get(s, STATUS["geen gegevens"]).symbool for s in reeks["status"]],
                    "color": [STATUS.get(s, STATUS["geen gegevens"]).kleur for s in reeks["status"]],
                    "line": {"width": 1, "color": KLEUR_TEKST},
                },
                "hovertemplate": "%{x}: %{text}<extra>waarde</extra>",
                "connectgaps": False,
            }
        )
    if not traces:
        return charts.leeg("Nog geen waarden en geen pad voor dit doel")
    streef = eerste["streefwaarde"]
    traces.append(
        {
            "type": "scatter",
            "x": [int(eerste["streefjaar"])],
            "y": [fmt.scale_for_axis(streef, eenheid)],
            "text": [fmt.waarde(streef, eenheid, decimalen)],
            "mode": "markers",
            "name": "Streefwaarde",
            "marker": {
                "size": 14,
                "symbol": "diamond",
                "color": KLEUR_STERK,
                "line": {"width": 1, "color": KLEUR_TEKST},
            },
            "hovertemplate": "%{x}: %{text}<extra>streefwaarde</extra>",
        }
    )
    layout = charts.basis_layout(
        300,
        xaxis={"dtick": 1, "tickformat": "d", "title": {"text": ""}},
        yaxis={"title": {"text": fmt.as_axis_title(eenheid)}},
    )
    synthetisch = bool(reeks.loc[reeks["waarde"].notna(), "synthetisch"].fillna(False).astype(bool).any())
    return charts.figuur(traces, layout, synthetisch, categorie="Jaar")


def doel_kaart(doelen: pd.DataFrame, row: pd.Series, id_prefix: str, met_grafiek: bool = True) -> dbc.Card:
    """One goal: what, for whom, its status in words and sign, value against path, source; and its chart."""
    doel_id = str(row["doel_id"])
    sleutel = components.dom_id(f"{id_prefix}-{doel_id}")
    titel = [html.H3(str(row["label"]), className="h5 mb-1 d-inline", id=f"{sleutel}-titel")]
    if bool(row.get("voorbeeld")):
        titel.append(voorbeeld_badge())
    if not fmt.is_missing(row.get("waarde")) and bool(row.get("synthetisch")):
        titel.append(components.synthetisch_badge())
    regels: list = [
        html.Div(titel),
        html.Div(
            [
                html.Span(scope_tekst(row), className="fw-semibold"),
                html.Span(f" · {row['programma']}" if not fmt.is_missing(row.get("programma")) else ""),
                html.Span(f" · eigenaar: {row['eigenaar']}" if not fmt.is_missing(row.get("eigenaar")) else ""),
            ],
            className="text-body-secondary",
        ),
    ]
    if not fmt.is_missing(row.get("omschrijving")):
        regels.append(html.P(str(row["omschrijving"]), className="mb-1"))
    regels += [
        html.Div([status_label(str(row["status"]), f"{sleutel}-status"), html.Span(" " + stand_tekst(row))]),
        html.Div("Doel: " + doel_tekst(row), className="small"),
        html.Div(bron_tekst(row), className="small text-body-secondary doel-bron"),
    ]
    inhoud: list = [dbc.CardBody(regels)]
    if met_grafiek:
        reeks = doelen[doelen["doel_id"] == doel_id]
        inhoud.append(
            dbc.CardBody(
                components.grafiek(
                    doel_figuur(reeks),
                    {"type": f"{id_prefix}-grafiek", "doel": doel_id},
                    str(row["label"]),
                    f"{sleutel}-titel",
                ),
                className="p-2 pt-0",
            )
        )
    return dbc.Card(inhoud, className="doel-kaart h-100", id=sleutel)


def spoorboekje(doelen: pd.DataFrame, standen: pd.DataFrame, id_prefix: str = "doel") -> list:
    """The goals by target year, then programme: the spoorboekje."""
    if standen.empty:
        return [html.P("Geen doelen die aan deze keuze voldoen.", className="fst-italic")]
    delen: list = []
    for streefjaar, per_jaar in standen.groupby("streefjaar", sort=True):
        delen.append(html.H2(f"Doelen voor {int(streefjaar)}", className="h4 mt-4"))
        per_jaar = per_jaar.assign(_programma=per_jaar["programma"].fillna("zonder programma"))
        for programma, groep in per_jaar.groupby("_programma", sort=True):
            delen.append(html.H3(f"Programma {programma}", className="h6 text-uppercase text-body-secondary mt-3"))
            delen.append(
                dbc.Row(
                    [
                        dbc.Col(doel_kaart(doelen, row, id_prefix), md=6, xl=4, className="mb-3")
                        for _, row in groep.iterrows()
                    ],
                    className="g-3",
                )
            )
    return delen


def regel_blok(doelen: pd.DataFrame | None = None) -> html.Details:
    return html.Details(
        [
            html.Summary("Hoe bepalen we de status?"),
            html.P(regel_tekst(doelen), className="mt-2 mb-1"),
            html.Ul(
                [html.Li([status_label(s.waarde), f" {s.uitleg}."], className="mb-1") for s in STATUSSEN],
                className="list-unstyled",
            ),
        ],
        className="mb-3",
        id="doelen-regel",
    )
