"""Overzicht: the kernen of a gemeente on a map, ranked, and in a sortable table with gemeente and Nederland."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboards import charts, components, kaart
from dashboards import formatting as fmt
from dashboards.data import ServingData
from dashboards.views import gemeentenaam, gemeentenamen
from dashboards.views import per_kern as indicator_per_kern
from dashboards.vocabulary import KLEUR_MARKERING, KLEUR_REFERENTIE_RIJ, indicator_keuzes

STANDAARD_INDICATOR = "lbm_klasse"
TABEL_INDICATOREN = [
    "inwoners",
    "woningvoorraad",
    "lbm_klasse",
    "aandeel_0_15",
    "aandeel_65_plus",
    "woz_gemiddeld",
    "afstand_huisarts_km",
    "afstand_supermarkt_km",
    "inkomen_per_inwoner",
]


def standaard_gemeente(data: ServingData, gemeentecode: str | None = None) -> str:
    codes = data.gemeenten()["gemeentecode"].tolist()
    return gemeentecode if gemeentecode in codes else codes[0]


def gemeente_opties(data: ServingData) -> list[dict]:
    namen = gemeentenamen(data)
    return [
        {"label": f"{namen[r.gemeentecode]} ({r.kernen} kernen)", "value": r.gemeentecode}
        for r in data.gemeenten().itertuples()
    ]


def indicator_opties(data: ServingData) -> list[dict]:
    return indicator_keuzes(data.catalogus())


def _gemeentenaam(data: ServingData, gemeentecode: str) -> str:
    return gemeentenaam(data, gemeentecode)


def _referentie(per_kern: pd.DataFrame, kolom: str) -> object:
    """The gemeente or Nederland figure of the year most kernen show (their rows repeat it)."""
    rows = per_kern.dropna(subset=["waarde"])
    if rows.empty:
        return None
    jaar = rows["jaar"].max()
    values = rows.loc[rows["jaar"] == jaar, kolom].dropna()
    return None if values.empty else values.iloc[0]


def vernauwde_kernen(vernauwing: dict | None, gemeentecode: str) -> list[str] | None:
    """The kernen a ?gebiedsmakelaar= narrowing keeps on this gemeente's overview (None: every kern). The narrowing
    holds for the gebiedsmakelaar's own gemeente; choosing another gemeente shows all of its kernen."""
    if not vernauwing or vernauwing.get("gemeentecode") != gemeentecode:
        return None
    return list(vernauwing.get("kernen") or []) or None


def jaren(data: ServingData, gemeentecode: str, indicator_id: str | None) -> list[int]:
    """Every year in which at least one kern of the gemeente has a value for the indicator, oldest first."""
    if not indicator_id:
        return []
    reeks = data.indicator_reeksen(gemeentecode, indicator_id)
    return sorted(int(j) for j in reeks.loc[reeks["waarde"].notna(), "jaar"].dropna().unique())


def jaar_opties(jaren_: list[int]) -> list[dict]:
    return [{"label": str(j), "value": str(j)} for j in reversed(jaren_)]


def gekozen_jaar(jaren_: list[int], keuze: object, standaard: int | None = None) -> int | None:
    """The chosen year when the indicator has it, else `standaard` (else the latest year)."""
    try:
        jaar = int(str(keuze))
    except (TypeError, ValueError):
        jaar = None
    if jaar in jaren_:
        return jaar
    return standaard if standaard in jaren_ else (jaren_[-1] if jaren_ else None)


def per_kern_in_jaar(data: ServingData, gemeentecode: str, indicator_id: str, jaar: int) -> pd.DataFrame:
    """One row per kern of the gemeente for one year (marts.kern_indicators): a kern without a row that year gets
    a missing value with the reason."""
    reeks = data.indicator_reeksen(gemeentecode, indicator_id)
    rows = reeks[reeks["jaar"] == jaar]
    ontbrekend = [k for k in data.kernen(gemeentecode)["kern"] if k not in set(rows["kern"])]
    if ontbrekend and not reeks.empty:
        basis = reeks.iloc[0]
        extra = pd.DataFrame(
            [
                {
                    **{c: basis[c] for c in ("gemeentecode", "indicator_id", "label", "eenheid", "decimalen", "bron")},
                    "kern": k,
                    "jaar": jaar,
                    "waarde": None,
                    "synthetisch": False,
                    "status": f"geen gegevens: geen cijfer voor {jaar}",
                }
                for k in ontbrekend
            ]
        )
        rows = pd.concat([rows, extra], ignore_index=True)
    return rows.sort_values("kern").reset_index(drop=True)


def grenzen_tekst(buurten: pd.DataFrame) -> str:
    """Which boundaries the map draws: the buurten of the kernindeling in force, dissolved per kern."""
    if buurten.empty or buurten["geometry_geojson"].isna().all():
        return ""
    indeling = (
        "van de gemeente" if set(buurten["bron"].astype(str)) == {"gemeente"} else "afgeleid uit de CBS-buurtnamen"
    )
    if "gemeente" in set(buurten["bron"].astype(str)) and indeling != "van de gemeente":
        indeling = "deels van de gemeente, deels afgeleid uit de CBS-buurtnamen"
    return (
        f"Grenzen: CBS-buurtkaart (vereenvoudigd), {fmt.getal(len(buurten))} buurten samengevoegd tot "
        f"{fmt.getal(buurten['kern'].nunique())} kernen; kernindeling {indeling}. Elk jaar dezelfde buurten per kern."
    )


def kaart_en_ranglijst(
    data: ServingData,
    gemeentecode: str,
    indicator_id: str,
    kernen: list[str] | None = None,
    jaar: int | None = None,
) -> dict:
    """The map, the ranked bars, and the caption under them, for one gemeente and indicator; only `kernen` when
    given (a gebiedsmakelaar's kernen). With `jaar` every kern's value of that year, else each kern's latest."""
    if jaar is not None:
        per_kern = per_kern_in_jaar(data, gemeentecode, indicator_id, jaar)
    else:
        per_kern = indicator_per_kern(data, gemeentecode, indicator_id)
    if kernen is not None:
        per_kern = per_kern[per_kern["kern"].isin(kernen)]
    catalogus = data.catalogus().set_index("indicator_id")
    label = str(catalogus.loc[indicator_id, "label"]) if indicator_id in catalogus.index else indicator_id
    with_value = per_kern.dropna(subset=["waarde"])
    jaren = sorted(with_value["jaar"].dropna().astype(int).unique()) if not with_value.empty else []
    bron = components.bron_tekst(
        {
            "bron": catalogus.loc[indicator_id, "bron"] if indicator_id in catalogus.index else None,
            "jaar": jaren[-1] if jaren else None,
        }
    )
    if not with_value.empty:
        volledig = int((with_value["dekking"].fillna(0) >= 0.999).sum())
        bron += f" · {volledig} van {len(per_kern)} kernen met volledige dekking"
    zonder = len(per_kern) - len(with_value)
    toelichting = (
        f"{fmt.meervoud(zonder, 'kern', 'kernen')} zonder waarde (grijs): zie de tabel voor de reden."
        if zonder
        else None
    )
    buurten = data.buurten(gemeentecode)
    if kernen is not None:
        buurten = buurten[buurten["kern"].isin(kernen)]
    if buurten["geometry_geojson"].isna().all():
        toelichting = (
            "Geen buurtgrenzen voor deze gemeente in de gegevens (de meegeleverde grenzen dekken West Betuwe en "
            "Buren): de kaart blijft leeg; de ranglijst en de tabel tonen alle kernen. " + (toelichting or "")
        ).strip()
    return {
        "kaart": kaart.kaart(buurten, per_kern, label),
        "staven": charts.kernen_staven(per_kern),
        "label": label,
        "jaar": jaar if jaar is not None else (jaren[-1] if jaren else None),
        "grenzen": grenzen_tekst(buurten),
        "bron": bron,
        "toelichting": toelichting,
        "synthetisch": bool(with_value["synthetisch"].any()) if not with_value.empty else False,
    }


def verandering(
    data: ServingData,
    gemeentecode: str,
    indicator_id: str,
    van: int | None,
    tot: int | None,
    kernen: list[str] | None = None,
) -> dict:
    """The change map between two years: its figure, title, source line and caption."""
    catalogus = data.catalogus().set_index("indicator_id")
    label = str(catalogus.loc[indicator_id, "label"]) if indicator_id in catalogus.index else indicator_id
    buurten = data.buurten(gemeentecode)
    if kernen is not None:
        buurten = buurten[buurten["kern"].isin(kernen)]
    bron_naam = catalogus.loc[indicator_id, "bron"] if indicator_id in catalogus.index else None
    if van is None or tot is None or van == tot:
        beschikbaar = jaren(data, gemeentecode, indicator_id)
        reden = (
            f"{label} is er voor één jaar ({beschikbaar[0]}): er is geen verandering te tonen."
            if len(beschikbaar) == 1
            else "Kies twee verschillende jaren om de verandering te zien."
            if beschikbaar
            else f"{label} heeft geen waarden voor deze gemeente."
        )
        return {
            "kaart": charts.leeg(reden, 320),
            "titel": f"Verandering: {label}",
            "bron": components.bron_tekst({"bron": bron_naam}),
            "toelichting": grenzen_tekst(buurten) or None,
            "synthetisch": False,
        }
    van, tot = min(van, tot), max(van, tot)
    voor = per_kern_in_jaar(data, gemeentecode, indicator_id, van)
    na = per_kern_in_jaar(data, gemeentecode, indicator_id, tot)
    if kernen is not None:
        voor, na = voor[voor["kern"].isin(kernen)], na[na["kern"].isin(kernen)]
    figuur, aantal_met = kaart.veranderkaart(buurten, voor, na, label, van, tot)
    synthetisch = bool(voor["synthetisch"].fillna(False).astype(bool).any() or na["synthetisch"].fillna(False).any())
    bron = components.bron_tekst({"bron": bron_naam}) + f" · {van} en {tot}"
    bron += f" · {aantal_met} van {len(na)} kernen met een waarde in beide jaren"
    toelichting = (
        "Kleur: verschil tussen de twee jaren (wit: gelijk); grijs: geen waarde in een van beide jaren. "
        + grenzen_tekst(buurten)
    ).strip()
    return {
        "kaart": figuur,
        "titel": f"Verandering: {label}, {van}–{tot}",
        "bron": bron,
        "toelichting": toelichting,
        "synthetisch": synthetisch,
    }


def _tabelwaarde(value: object, eenheid: str, decimalen: int) -> float | None:
    """The number a table cell sorts by: rounded as the tiles round it, thousands of euros written out."""
    if fmt.is_missing(value):
        return None
    rounded = round(float(value), int(decimalen))  # type: ignore[arg-type]
    return fmt.scale_for_axis(rounded, eenheid)


def kernen_tabel(
    data: ServingData, gemeentecode: str, extra_indicator: str | None = None, alleen: list[str] | None = None
) -> dict:
    """Columns and rows of the sortable kernen table (AG Grid columnDefs and rowData); only the kernen in `alleen`
    when given (a gebiedsmakelaar's kernen), with the gemeente and Nederland rows as always.

    A figure's cell holds its number (to sort by), shows its Dutch text (`<id>__tekst`) and has as hover text its
    year and coverage, or why it is missing (`<id>__uitleg`)."""
    indicator_ids = list(TABEL_INDICATOREN)
    if extra_indicator and extra_indicator not in indicator_ids:
        indicator_ids.append(extra_indicator)
    naam_gemeente = _gemeentenaam(data, gemeentecode)
    kernen = data.kernen(gemeentecode)
    if alleen is not None:
        kernen = kernen[kernen["kern"].isin(alleen)]
    rows: dict[str, dict] = {
        k: {"kern": f"[{k}]({components.kern_href(k)})", "naam": k, "soort": "kern"} for k in kernen["kern"]
    }
    gemeente_row = {"kern": f"**Gemeente {naam_gemeente}**", "naam": f"Gemeente {naam_gemeente}", "soort": "gemeente"}
    nederland_row = {"kern": "**Nederland**", "naam": "Nederland", "soort": "nederland"}
    columns = [
        {
            "field": "kern",
            "headerName": "Kern",
            "cellRenderer": "markdown",
            "minWidth": 210,
        }
    ]
    synthetische_kolommen = []
    for indicator_id in indicator_ids:
        per_kern = indicator_per_kern(data, gemeentecode, indicator_id)
        if per_kern.empty:
            continue
        eerste = per_kern.iloc[0]
        eenheid, decimalen = str(eerste["eenheid"]), int(eerste["decimalen"])
        synthetisch = bool(per_kern.loc[per_kern["waarde"].notna(), "synthetisch"].any())
        naam = str(eerste["label"]) + (" ⚠" if synthetisch else "")
        if synthetisch:
            synthetische_kolommen.append(indicator_id)
        columns.append(
            {
                "field": indicator_id,
                "headerName": naam,
                "cellDataType": "number",
                "type": "rightAligned",
                "valueFormatter": {"function": f"params.data.{indicator_id}__tekst"},
                "tooltipField": f"{indicator_id}__uitleg",
            }
        )
        for r in per_kern.itertuples():
            if r.kern not in rows:
                continue
            rij = rows[r.kern]
            rij[indicator_id] = _tabelwaarde(r.waarde, eenheid, decimalen)
            rij[f"{indicator_id}__tekst"] = fmt.waarde(r.waarde, eenheid, decimalen)
            if fmt.is_missing(r.waarde):
                rij[f"{indicator_id}__uitleg"] = f"– {components.status_tekst(r._asdict())}"
            else:
                extra = " · synthetisch" if r.synthetisch else ""
                rij[f"{indicator_id}__uitleg"] = f"{int(r.jaar)} · dekking {fmt.aandeel(r.dekking)}{extra}"
        for row, kolom in ((gemeente_row, "gemeente_waarde"), (nederland_row, "nederland_waarde")):
            referentie = _referentie(per_kern, kolom)
            row[indicator_id] = _tabelwaarde(referentie, eenheid, decimalen)
            row[f"{indicator_id}__tekst"] = fmt.waarde(referentie, eenheid, decimalen)
    data_rows = [*rows.values(), gemeente_row, nederland_row]
    for row in data_rows:  # a kern without a row for an indicator still shows "–"
        for kolom in columns[1:]:
            row.setdefault(f"{kolom['field']}__tekst", fmt.ONTBREEKT)
    return {
        "columns": columns,
        "data": data_rows,
        "synthetisch": bool(synthetische_kolommen),
        "aantal_kernen": len(rows),
    }


# The gemeente and Nederland rows of the kernen table: bold on their own colour (AG Grid getRowStyle).
RIJSTIJL = {
    "styleConditions": [
        {
            "condition": f"params.data.soort === '{soort}'",
            "style": {"backgroundColor": kleur, "fontWeight": "bold"},
        }
        for soort, kleur in (("gemeente", KLEUR_MARKERING), ("nederland", KLEUR_REFERENTIE_RIJ))
    ]
}


def kernen_index(data: ServingData) -> html.Div:
    """Every kern of every gemeente as a plain link: a quick way in, also by keyboard."""
    blokken = []
    namen = gemeentenamen(data)
    for gemeente in data.gemeenten().itertuples():
        kernen = data.kernen(gemeente.gemeentecode)["kern"].tolist()
        blokken.append(
            html.Section(
                [
                    html.H3(f"{namen[gemeente.gemeentecode]} ({len(kernen)} kernen)", className="h5"),
                    html.Ul(
                        [html.Li(dcc.Link(k, href=components.kern_href(k))) for k in kernen],
                        className="kernen-lijst list-unstyled",
                        id=f"kernen-{gemeente.gemeentecode}",
                    ),
                ],
                className="mb-3",
            )
        )
    return html.Div(blokken)


def synthetisch_aantal(data: ServingData, gemeentecode: str) -> int:
    kernen = data.kernen(gemeentecode)
    return int(kernen["inwoners_synthetisch"].fillna(False).astype(bool).sum())


def kop(data: ServingData, gemeentecode: str) -> list:
    kernen = data.kernen(gemeentecode)
    naam = _gemeentenaam(data, gemeentecode)
    jaar = kernen["jaar"].dropna()
    inwoners = kernen["inwoners"].sum(min_count=1)
    tekst = (
        f"{naam} telt {len(kernen)} kernen"
        + (f" en {fmt.getal(inwoners)} inwoners" if not fmt.is_missing(inwoners) else "")
        + (f" ({int(jaar.iloc[0])})." if not jaar.empty else ".")
    )
    return [html.P(tekst, className="lead mb-1", id="overzicht-samenvatting")]


def tabel_kop(tabel: dict) -> list:
    kop = [html.H2("Alle kernen in cijfers", className="h5 mb-0 d-inline")]
    if tabel.get("synthetisch"):
        kop.append(components.synthetisch_badge())
    uitleg = (
        "Klik op een kolomkop om te sorteren, op een kernnaam om het profiel te openen. "
        "Ga met de muis op een cijfer staan voor jaar en dekking, of waarom het ontbreekt."
    )
    if tabel.get("synthetisch"):
        uitleg += " Kolommen met ⚠ bevatten synthetische waarden."
    return [html.Div(kop, className="mb-1"), html.P(uitleg, className="small text-body-secondary mb-0")]


def tabel_kaart(tabel: dict, tabel_component) -> dbc.Card:
    return dbc.Card(
        [
            dbc.CardHeader(html.Div(tabel_kop(tabel), id="kernen-tabel-kop")),
            dbc.CardBody(tabel_component),
            dbc.CardFooter(
                "Bron: CBS Kerncijfers wijken en buurten en Leefbaarometer 3.0, per kern berekend uit de buurten; "
                "gemeente en Nederland zoals CBS ze publiceert.",
                className="grafiek-bron",
            ),
        ]
    )
