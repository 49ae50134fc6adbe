"""Vergelijken: two to four kernen side by side on the indicators the reader picks."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboards import charts, components
from dashboards import formatting as fmt
from dashboards.data import OnbekendeKern, ServingData
from dashboards.views import gemeentenaam, gemeentenamen, kern_profiel
from dashboards.views.overzicht import indicator_opties

MINIMUM, MAXIMUM = 2, 4
STANDAARD_INDICATOREN = [
    "inwoners",
    "aandeel_65_plus",
    "woz_gemiddeld",
    "lbm_klasse",
    "afstand_huisarts_km",
    "koopwoningen_pct",
]
SCHEIDING = "|"


def sleutel(gemeentecode: str, kern: str) -> str:
    return f"{gemeentecode}{SCHEIDING}{kern}"


def kern_opties(data: ServingData) -> list[dict]:
    kernen = data.kernen()
    namen = gemeentenamen(data)
    return [
        {"label": f"{r.kern} ({namen[r.gemeentecode]})", "value": sleutel(r.gemeentecode, r.kern)}
        for r in kernen.sort_values(["kern", "gemeentecode"]).itertuples()
    ]


def sleutels_uit_namen(data: ServingData, namen: str | list[str] | None) -> list[str]:
    """Keys for the kernen named in the URL (?kernen=Vuren,Beesd), unknown names left out."""
    if not namen:
        return []
    if isinstance(namen, str):
        namen = namen.split(",")
    gevonden = []
    for naam in namen:
        try:
            kern = data.kern(naam, eerste=True)  # the kern the profile of that name shows
        except OnbekendeKern:
            continue
        gevonden.append(sleutel(kern["gemeentecode"], kern["kern"]))
    return list(dict.fromkeys(gevonden))[:MAXIMUM]


def vergelijking(data: ServingData, sleutels: list[str] | None, indicator_ids: list[str] | None) -> dict:
    """The notice, table and charts for the chosen kernen; `melding` says what is missing from the choice."""
    sleutels = list(dict.fromkeys(sleutels or []))
    indicator_ids = list(indicator_ids or [])
    if len(sleutels) < MINIMUM:
        return {
            "melding": components.melding("Kies minstens twee kernen om te vergelijken.", "info", "vergelijk-melding"),
            "inhoud": [],
        }
    melding = None
    if len(sleutels) > MAXIMUM:
        melding = components.melding(
            f"U koos {len(sleutels)} kernen; we tonen de eerste vier. Haal er een weg om een andere te zien.",
            "warning",
            "vergelijk-melding",
        )
        sleutels = sleutels[:MAXIMUM]
    if not indicator_ids:
        return {
            "melding": components.melding("Kies minstens één cijfer om te vergelijken.", "info", "vergelijk-melding"),
            "inhoud": [],
        }
    kernen = []
    profielen = []
    for key in sleutels:
        gemeentecode, kern = key.split(SCHEIDING, 1)
        profiel = kern_profiel(data, gemeentecode, kern)
        if profiel.empty:
            continue
        kernen.append((gemeentecode, kern, gemeentenaam(data, gemeentecode)))
        profielen.append(profiel)
    if len(kernen) < MINIMUM:
        return {
            "melding": components.melding("Niet alle gekozen kernen zijn bekend.", "warning", "vergelijk-melding"),
            "inhoud": [],
        }
    alles = pd.concat(profielen, ignore_index=True)
    alles = alles[alles["indicator_id"].isin(indicator_ids)]
    synthetisch = bool((alles["waarde"].notna() & alles["synthetisch"].astype(bool)).any())

    inhoud: list = []
    if synthetisch:
        inhoud.append(components.synthetisch_melding(wat="cijfers in deze vergelijking"))
    inhoud.append(_tabel(alles, kernen, indicator_ids))
    grafieken = []
    for indicator_id in indicator_ids:
        deel = alles[alles["indicator_id"] == indicator_id]
        if deel.empty:
            continue
        volgorde = {kern: i for i, (_, kern, _) in enumerate(kernen)}
        deel = deel.assign(_volgorde=deel["kern"].map(volgorde)).sort_values("_volgorde")
        label = str(deel["label"].iloc[0])
        met = deel.dropna(subset=["waarde"])
        bron = components.bron_tekst(
            {
                "bron": deel["bron"].iloc[0],
                "jaar": met["jaar"].max() if not met.empty else None,
                "dekking": met["dekking"].min() if not met.empty else None,
            }
        )
        grafieken.append(
            dbc.Col(
                components.grafiek_kaart(
                    label,
                    charts.vergelijk_staven(deel, ""),
                    {"type": "vergelijk-grafiek", "index": indicator_id},
                    bron.replace("dekking", "laagste dekking"),
                    bool((met["synthetisch"].astype(bool)).any()),
                ),
                lg=6,
                className="mb-3",
            )
        )
    inhoud.append(dbc.Row(grafieken, className="g-3 mt-2"))
    return {"melding": melding, "inhoud": inhoud}


def _tabel(alles: pd.DataFrame, kernen: list[tuple[str, str, str]], indicator_ids: list[str]) -> dbc.Table:
    kop = html.Thead(
        html.Tr(
            [html.Th("Cijfer", scope="col")]
            + [
                html.Th(
                    [dcc.Link(kern, href=components.kern_href(kern)), html.Div(gemeente, className="small fw-normal")],
                    scope="col",
                    className="text-end",
                )
                for _, kern, gemeente in kernen
            ]
            + [html.Th("Nederland", scope="col", className="text-end")]
        )
    )
    regels = []
    for indicator_id in indicator_ids:
        deel = alles[alles["indicator_id"] == indicator_id].set_index("kern")
        if deel.empty:
            continue
        eerste = deel.iloc[0]
        cellen = [html.Th(eerste["label"], scope="row", className="fw-normal")]
        for _, kern, _ in kernen:
            if kern not in deel.index:
                cellen.append(html.Td(fmt.ONTBREEKT, className="text-end"))
                continue
            r = deel.loc[kern]
            inhoud: list = [fmt.waarde(r["waarde"], r["eenheid"], r["decimalen"])]
            if fmt.is_missing(r["waarde"]):
                inhoud.append(html.Div(components.status_tekst(r), className="small text-body-secondary"))
            else:
                if bool(r["synthetisch"]):
                    inhoud.append(components.synthetisch_badge())
                inhoud.append(html.Div(f"{int(r['jaar'])}", className="small text-body-secondary"))
            cellen.append(html.Td(inhoud, className="text-end", **{"data-kern": kern, "data-indicator": indicator_id}))
        nederland = deel["nederland_waarde"].dropna()
        cellen.append(
            html.Td(
                fmt.waarde(nederland.iloc[0] if not nederland.empty else None, eerste["eenheid"], eerste["decimalen"]),
                className="text-end",
            )
        )
        regels.append(html.Tr(cellen))
    return dbc.Table(
        [kop, html.Tbody(regels)],
        bordered=False,
        striped=True,
        responsive=True,
        id="vergelijk-tabel",
        className="vergelijk-tabel",
    )


__all__ = ["indicator_opties", "kern_opties", "sleutels_uit_namen", "vergelijking"]
