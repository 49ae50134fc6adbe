"""Kernagenda: the action points of every kern, filterable, with progress per kern."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboards import charts, components
from dashboards import formatting as fmt
from dashboards.data import ServingData
from dashboards.vocabulary import GEREALISEERD, KLEUR_MARKERING, OPEN, STATUS_KLEUREN, STATUS_VOLGORDE

TABEL = "kern_kernagenda"
FILTERS = ("status", "trekker", "thema", "programma")


def beschikbaar(data: ServingData) -> bool:
    """Whether any gemeente has delivered a kernagenda export."""
    return not data.kernagenda().empty


def voorbeeld_melding() -> html.Div:
    return components.melding(
        [
            html.Strong("Let op: demonstratiegegevens. "),
            "Deze kernagenda komt uit een voorbeeldexport ",
            components.synthetisch_badge(),
            ": verzonnen actiepunten om het dashboard te laten zien, niet de afspraken van een echte kern.",
        ],
        "warning",
        "synthetisch-melding",
    )


def geen_export() -> html.Div:
    return components.melding(
        [
            html.Strong("Nog geen kernagenda-export geladen. "),
            "Zodra de gemeente haar kernagenda aanlevert (een CSV- of Excel-bestand in de exportmap, of "
            "`kernmonitor load-export BESTAND`), staan hier alle actiepunten per kern, met hun voortgang.",
        ],
        "info",
        "kernagenda-geen-export",
    )


def synthetisch(data: ServingData) -> bool:
    """Whether any gemeente's kernagenda export is example data (the mart carries the flag)."""
    return bool(data.kernagenda()["synthetisch"].fillna(False).astype(bool).any())


def punten(data: ServingData, gemeentecode: str | None = None) -> pd.DataFrame:
    """The points, each with the grants that carry it out (column subsidies: "Z/2023/00546 (€ 1.000, 2023)")."""
    frame = data.kernagenda(gemeentecode or None)
    gekoppeld = _subsidies(data, frame)
    sleutels = zip(frame["gemeentecode"], frame["kern"], frame["nummer"].astype(str), strict=True)
    return frame.assign(subsidies=[gekoppeld.get(k, "") for k in sleutels])


def _subsidies(data: ServingData, frame: pd.DataFrame) -> dict[tuple[str, str, str], str]:
    """(gemeentecode, kern, point number) -> the toegekende grants carrying the point out (marts.subsidie_aanvragen)."""
    uit: dict[tuple[str, str, str], list[str]] = {}
    for code in frame["gemeentecode"].dropna().unique():
        aanvragen = data.subsidie_aanvragen(str(code))
        gekoppeld = aanvragen[aanvragen["voert_kernagendapunt_uit"].fillna(False).astype(bool)]
        for r in gekoppeld.itertuples():
            tekst = f"{r.dossiernummer} ({fmt.euro(r.bedrag_toegekend)}, {int(r.jaar)})"
            uit.setdefault((str(code), str(r.kern), str(r.kernagendapunt)), []).append(tekst)
    return {k: "; ".join(v) for k, v in uit.items()}


def _gesorteerd(waarden: pd.Series, volgorde: list[str] | None = None) -> list[str]:
    uniek = [str(v) for v in waarden.dropna().unique()]
    if volgorde:
        return [v for v in volgorde if v in uniek] + sorted(v for v in uniek if v not in volgorde)
    return sorted(uniek)


def filter_opties(alle_punten: pd.DataFrame) -> dict[str, list[dict]]:
    """Options per filter from the points themselves: a municipality's own themes show up as they are."""
    opties = {}
    for kolom in FILTERS:
        volgorde = STATUS_VOLGORDE if kolom == "status" else None
        opties[kolom] = [{"label": v, "value": v} for v in _gesorteerd(alle_punten[kolom], volgorde)]
    opties["kern"] = [{"label": v, "value": v} for v in _gesorteerd(alle_punten["kern"])]
    return opties


def filter_punten(alle_punten: pd.DataFrame, keuzes: dict[str, list[str] | None]) -> pd.DataFrame:
    """The points that match every non-empty choice (an empty choice means: all)."""
    gefilterd = alle_punten
    for kolom, gekozen in keuzes.items():
        if gekozen:
            gefilterd = gefilterd[gefilterd[kolom].astype(str).isin([str(g) for g in gekozen])]
    return gefilterd


def samenvatting(gefilterd: pd.DataFrame) -> str:
    if gefilterd.empty:
        return "Geen actiepunten die aan deze keuze voldoen."
    gerealiseerd = int((gefilterd["status_groep"] == GEREALISEERD).sum())
    open_ = int((gefilterd["status_groep"] == OPEN).sum())
    lang = int(gefilterd["is_lang_open"].fillna(False).astype(bool).sum())
    kernen = gefilterd["kern"].nunique()
    tekst = (
        f"{fmt.meervoud(len(gefilterd), 'actiepunt', 'actiepunten')} in "
        f"{fmt.meervoud(kernen, 'kern', 'kernen')}: {fmt.getal(gerealiseerd)} gerealiseerd "
        f"({fmt.procent(100 * gerealiseerd / len(gefilterd), 0)}), {fmt.getal(open_)} open"
    )
    tekst += f", waarvan {fmt.getal(lang)} al lang open" if lang else ""
    stand = peildata(gefilterd)
    return tekst + (f" ({stand})." if stand else ".")


def voortgang_figuur(gefilterd: pd.DataFrame):
    """Points per kern by status, stacked; kernen with the most points on top."""
    if gefilterd.empty:
        return charts.leeg("Geen actiepunten bij deze keuze")
    telling = gefilterd.groupby(["kern", "status"]).size().rename("punten").reset_index()
    volgorde = gefilterd.groupby("kern").size().sort_values(ascending=False).index.tolist()
    telling["kern"] = pd.Categorical(telling["kern"], categories=volgorde, ordered=True)
    telling["status"] = pd.Categorical(
        telling["status"], categories=_gesorteerd(telling["status"], STATUS_VOLGORDE), ordered=True
    )
    telling = telling.sort_values(["status", "kern"])
    telling["kern"] = telling["kern"].astype(str)
    telling["status"] = telling["status"].astype(str)
    hoogte = max(260, 26 * len(volgorde) + 110)
    return charts.gestapelde_staven(
        telling,
        "kern",
        "punten",
        "status",
        "aantal actiepunten",
        horizontaal=True,
        hoogte=hoogte,
        kleuren=STATUS_KLEUREN,
        volgorde=volgorde,
    )


def tabel_rijen(gefilterd: pd.DataFrame) -> list[dict]:
    rows = []
    for r in gefilterd.sort_values(["kern", "nummer"]).itertuples():
        rows.append(
            {
                "kern": r.kern,
                "nummer": str(r.nummer),
                "actiepunt": r.actiepunt,
                "thema": r.thema,
                "programma": r.programma if not fmt.is_missing(r.programma) else fmt.ONTBREEKT,
                "trekker": r.trekker,
                "status": r.status,
                "sinds": ("" if fmt.is_missing(r.jaar_opgenomen) else str(int(r.jaar_opgenomen)))
                + (" · lang open" if bool(r.is_lang_open) else ""),
                "lang_open": "ja" if bool(r.is_lang_open) else "",
                "peildatum": fmt.datum(r.peildatum),
                "subsidies": getattr(r, "subsidies", "") or "",
            }
        )
    return rows


# The action points table (AG Grid columnDefs): long texts wrap, the row grows with them.
TABEL_KOLOMMEN = [
    {"field": "kern", "headerName": "Kern"},
    {"field": "actiepunt", "headerName": "Actiepunt", "width": 300, "wrapText": True, "autoHeight": True},
    {"field": "thema", "headerName": "Thema"},
    {"field": "programma", "headerName": "Programma"},
    {"field": "trekker", "headerName": "Trekker"},
    {"field": "status", "headerName": "Status"},
    {"field": "sinds", "headerName": "Op de agenda sinds"},
    {"field": "subsidies", "headerName": "Uitgevoerd met subsidie", "width": 200, "wrapText": True, "autoHeight": True},
]

# Points long open: on the highlight colour (AG Grid getRowStyle).
RIJSTIJL = {
    "styleConditions": [
        {"condition": "params.data.lang_open === 'ja'", "style": {"backgroundColor": KLEUR_MARKERING}},
    ]
}


def peildata(gefilterd: pd.DataFrame) -> str:
    """ "stand van 29 november 2024" (or the range when kernen have different peildata)."""
    if gefilterd.empty:
        return ""
    data = sorted(pd.to_datetime(gefilterd["peildatum"]).dropna().unique())
    if not data:
        return ""
    if len(data) == 1:
        return f"stand van {fmt.datum(data[0])}"
    return f"stand van {fmt.datum(data[0])} tot {fmt.datum(data[-1])}"
