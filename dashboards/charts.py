"""Plotly figures for the pages: plain functions from DataFrames to figures, so tests can call them directly.

One look for every chart: the Okabe-Ito colours of dashboards.vocabulary (told apart with every common
colour-vision deficiency), large type for a projector, Dutch separators, and a visible "synthetisch" note inside
the figure itself whenever a value in it is synthetic, so a downloaded PNG keeps the warning.

Each figure is assembled as plain dicts and wrapped once by `go.Figure(data, layout)`: Plotly's incremental
`update_*` calls re-validate every time and made a kern profile four times slower to build. The dashboard does
not validate even that once (`VALIDATE`): checking a dozen figures was a fifth of building a kern page (3 ms a
figure), and the dicts are this module's own. The tests validate every figure they build (tests/conftest.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import dash
import pandas as pd
import plotly.graph_objects as go

from dashboards import formatting as fmt
from dashboards.vocabulary import (
    KLEUR_ANDER,
    KLEUR_AS,
    KLEUR_GEMEENTE,
    KLEUR_KERN,
    KLEUR_NEDERLAND,
    KLEUR_RASTER,
    KLEUR_TEKST,
    KLEUR_WAARSCHUWING,
    KLEUR_WAARSCHUWING_TEKST,
    LBM_DIMENSIES,
    PALET,
)

LETTER = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
GRAPH_CONFIG = {
    "locale": "nl",
    "displaylogo": False,
    "responsive": True,
    # Only "download as PNG": plotly.js 4 also offers "Share chart..." (an upload to Plotly Cloud), and the zoom
    # buttons have no Dutch labels and no use on these charts.
    "modeBarButtons": [["toImage"]],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def graph_config() -> dict:
    """GRAPH_CONFIG plus where this app serves Plotly's base map (offline: never the CDN default)."""
    try:
        topojson = dash.get_asset_url("topojson/")
    except Exception:  # noqa: BLE001 - outside a running app (tests building figures): the default path
        topojson = "/assets/topojson/"
    return {**GRAPH_CONFIG, "topojsonURL": topojson}


SYNTHETISCH_NOOT = "synthetische demowaarden"


# A slim template of our own: "plotly_white" is validated anew for every figure and costs ~15 ms each.
SJABLOON = go.layout.Template(
    layout={
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "colorway": list(PALET),
        "xaxis": {"gridcolor": KLEUR_RASTER, "linecolor": KLEUR_AS, "zerolinecolor": KLEUR_AS, "automargin": True},
        "yaxis": {"gridcolor": KLEUR_RASTER, "linecolor": KLEUR_AS, "zerolinecolor": KLEUR_AS, "automargin": True},
    }
)
# Whole numbers with Dutch thousands separators ("15.000.000", "0,05"), never SI prefixes ("15M").
GETAL_AS = ",~f"


def _samenvoegen(basis: dict, extra: dict) -> dict:
    """`extra` over `basis`, nested dicts merged rather than replaced."""
    result = dict(basis)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _samenvoegen(result[key], value)
        else:
            result[key] = value
    return result


def basis_layout(hoogte: int = 360, legenda: bool = True, **extra: object) -> dict:
    layout = {
        "template": SJABLOON,
        "separators": fmt.PLOTLY_SEPARATORS,
        "font": {"family": LETTER, "size": 15, "color": KLEUR_TEKST},
        "height": hoogte,
        "margin": {"l": 10, "r": 16, "t": 40 if legenda else 16, "b": 10},
        "showlegend": legenda,
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "title": {"text": ""}},
        "hoverlabel": {"font": {"size": 15}},
        "bargap": 0.25,
        "xaxis": {"tickformat": GETAL_AS},
        "yaxis": {"tickformat": GETAL_AS},
    }
    return _samenvoegen(layout, extra)


# Whether go.Figure checks every property against Plotly's schema. Off in the dashboard (see above); the tests
# switch it on, so a misspelt property fails there instead of being dropped silently by plotly.js.
VALIDATE = False


def _figure(traces: list[dict], layout: dict) -> go.Figure:
    # `_validate` is Plotly's own switch (BaseFigure.__init__), the one it loads its built-in templates with.
    return go.Figure(data=traces, layout=layout, _validate=VALIDATE)


def figuur(
    traces: list[dict],
    layout: dict,
    synthetisch: bool = False,
    categorie: str = "",
    beschrijving: str | None = None,
    tabel: tuple[list[str], list[list[str]]] | None = None,
    inleiding: str = "",
) -> go.Figure:
    """The figure, with the synthetic note (top right, above any legend) when needed.

    `categorie` names the first column of the chart's data table ("Jaar", "Kern"); `beschrijving` and `tabel`
    replace the text alternative and the table `tekstalternatief` would derive from the traces, `inleiding` goes
    before the text alternative. They travel in `layout.meta`, so whoever draws the figure finds them with it.
    """
    meta: dict = {"categorie": categorie} if categorie else {}
    if inleiding:
        meta["inleiding"] = inleiding
    if beschrijving:
        meta["beschrijving"] = beschrijving
    if tabel is not None:
        meta["tabel"] = {"kop": list(tabel[0]), "regels": [list(r) for r in tabel[1]]}
    if meta:
        layout = {**layout, "meta": meta}
    if synthetisch:
        legenda = layout.get("showlegend", True) is not False
        noot = {
            "text": f"⚠ {SYNTHETISCH_NOOT}",
            "xref": "paper",
            "yref": "paper",
            "x": 1,
            "y": 1,
            "xanchor": "right",
            "yanchor": "bottom",
            "yshift": 32 if legenda else 4,
            "showarrow": False,
            "font": {"size": 12, "color": KLEUR_WAARSCHUWING_TEKST},
            "bgcolor": KLEUR_WAARSCHUWING,
        }
        layout = {**layout, "annotations": [*layout.get("annotations", []), noot]}
        nodig = 72 if legenda else 34
        if layout["margin"].get("t", 0) < nodig:
            layout = _samenvoegen(layout, {"margin": {"t": nodig}})
    return _figure(traces, layout)


def bereik(waarden: list, ruimte: float = 0.18) -> list[float] | None:
    """An axis range with room beyond the longest bar for its outside label, which Plotly would cut off."""
    getallen = [w for w in waarden if w is not None]
    if not getallen:
        return None
    hoog, laag = max(max(getallen), 0), min(min(getallen), 0)
    marge = (hoog - laag) * ruimte or 1
    return [laag - (marge if laag < 0 else 0), hoog + (marge if hoog > 0 else 0)]


def leeg(tekst: str, hoogte: int = 220) -> go.Figure:
    """A figure that says in words why there is nothing to draw."""
    layout = basis_layout(
        hoogte,
        legenda=False,
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[
            {
                "text": tekst,
                "showarrow": False,
                "x": 0.5,
                "y": 0.5,
                "xref": "paper",
                "yref": "paper",
                "font": {"size": 16},
            }
        ],
    )
    return _figure([], layout)


def is_telling(eenheid: object) -> bool:
    """Counts (inhabitants, dwellings) of a kern cannot stand beside the gemeente's or the country's total."""
    return str(eenheid or "").strip() == "aantal"


def _rijen(cijfers: Mapping[str, dict], indicator_ids: list[str]) -> list[dict]:
    """The rows of these indicators, in this order (`cijfers`: a kern's profile by indicator_id)."""
    return [cijfers[i] for i in indicator_ids if i in cijfers]


def _tekst(value: object, eenheid: str, decimalen: object) -> str:
    return fmt.waarde(value, eenheid, decimalen)


# Hatching besides colour (WCAG 1.4.1): the kern plain, its gemeente striped, Nederland dotted; the stacked series
# each their own. The legend shows the same hatching.
PATROON_KERN, PATROON_GEMEENTE, PATROON_NEDERLAND = "", "/", "."
PATRONEN = ("", "/", ".", "x", "\\", "+", "-", "|")


def _marker(kleur: str | list, patroon: str = "") -> dict:
    marker: dict = {"color": kleur}
    if patroon:
        marker["pattern"] = {
            "shape": patroon,
            "fillmode": "overlay",  # white hatching over the series' colour (not instead of it)
            "fgcolor": "white",
            "fgopacity": 0.8,
            "size": 7,
            "solidity": 0.3,
        }
    return marker


def _staaf(
    naam: str, kleur: str, waarden: list, teksten: list[str], horizontaal: bool, categorieen: list, patroon: str = ""
) -> dict:
    trace = {
        "type": "bar",
        "name": naam,
        "marker": _marker(kleur, patroon),
        "text": teksten,
        "textposition": "outside",
        "textfont": {"size": 13},
        "cliponaxis": False,
        "hovertemplate": "%{text}<extra>" + naam + "</extra>",
    }
    if horizontaal:
        return {**trace, "x": waarden, "y": categorieen, "orientation": "h"}
    return {**trace, "x": categorieen, "y": waarden}


def _synthetisch(rows: list[dict]) -> bool:
    return any(bool(r["synthetisch"]) and not fmt.is_missing(r["waarde"]) for r in rows)


def referentie_staven(
    cijfers: Mapping[str, dict],
    labels: dict[str, str],
    kern: str = "kern",
    gemeente: str = "gemeente",
    horizontaal: bool = True,
    hoogte: int = 340,
    as_titel: str | None = None,
) -> go.Figure:
    """Grouped bars: the kern against its gemeente and Nederland, one group per indicator (labels: a chart
    grouping of dashboards.vocabulary, indicator -> label, all in one unit). `as_titel` names the value axis
    when the catalogue's unit alone says too little ("kWh" -> "kWh per woning per jaar")."""
    rows = _rijen(cijfers, list(labels))
    if not rows or all(fmt.is_missing(r["waarde"]) for r in rows):
        return leeg("Geen gegevens voor deze kern")
    namen = [labels[r["indicator_id"]] for r in rows]
    traces, alle_waarden = [], []
    for naam, kolom, kleur, patroon in (
        (kern, "waarde", KLEUR_KERN, PATROON_KERN),
        (f"Gemeente {gemeente}", "gemeente_waarde", KLEUR_GEMEENTE, PATROON_GEMEENTE),
        ("Nederland", "nederland_waarde", KLEUR_NEDERLAND, PATROON_NEDERLAND),
    ):
        waarden = [fmt.scale_for_axis(r[kolom], r["eenheid"]) for r in rows]
        if all(w is None for w in waarden):
            continue
        alle_waarden += waarden
        teksten = [_tekst(r[kolom], r["eenheid"], r["decimalen"]) for r in rows]
        traces.append(_staaf(naam, kleur, waarden, teksten, horizontaal, namen, patroon))
    waarde_as = {"title": {"text": as_titel or fmt.as_axis_title(rows[0]["eenheid"])}, "range": bereik(alle_waarden)}
    if horizontaal:
        layout = basis_layout(hoogte, xaxis=waarde_as, yaxis={"autorange": "reversed"})
    else:
        layout = basis_layout(hoogte, yaxis=waarde_as)
    return figuur(traces, layout, _synthetisch(rows), categorie="Cijfer")


def leefbaarometer_dimensies(cijfers: Mapping[str, dict], kern: str, gemeente: str) -> go.Figure:
    """The five Leefbaarometer dimensions as deviations from the Dutch average (0)."""
    rows = _rijen(cijfers, list(LBM_DIMENSIES))
    if not rows or all(fmt.is_missing(r["waarde"]) for r in rows):
        return leeg("Geen Leefbaarometer-gegevens voor deze kern")
    namen = [LBM_DIMENSIES[r["indicator_id"]] for r in rows]
    traces, alle_waarden = [], []
    for naam, kolom, kleur, patroon in (
        (kern, "waarde", KLEUR_KERN, PATROON_KERN),
        (f"Gemeente {gemeente}", "gemeente_waarde", KLEUR_GEMEENTE, PATROON_GEMEENTE),
    ):
        waarden = [None if fmt.is_missing(r[kolom]) else float(r[kolom]) for r in rows]
        alle_waarden += waarden
        teksten = [fmt.getal(r[kolom], 3) for r in rows]
        traces.append(_staaf(naam, kleur, waarden, teksten, True, namen, patroon))
    layout = basis_layout(
        360,
        legend={"y": 1.08},
        xaxis={
            "title": {"text": "afwijking van het landelijk gemiddelde (hoger = beter)"},
            "zeroline": False,
            "range": bereik(alle_waarden),
        },
        yaxis={"autorange": "reversed"},
        shapes=[
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": 0,
                "x1": 0,
                "y0": 0,
                "y1": 1,
                "line": {"color": KLEUR_NEDERLAND, "width": 2},
            }
        ],
        annotations=[
            {
                "text": "Nederland = 0",
                "x": 0,
                "xref": "x",
                "y": 1.0,
                "yref": "paper",
                "showarrow": False,
                "yanchor": "bottom",
                "font": {"size": 13},
            }
        ],
    )
    return figuur(
        traces,
        layout,
        _synthetisch(rows),
        categorie="Dimensie",
        inleiding="Afwijking van het landelijk gemiddelde (Nederland = 0, hoger is beter).",
    )


def trend(reeks: pd.DataFrame, kern: str, gemeente: str) -> go.Figure:
    """One indicator over the years: the kern, and for shares and averages its gemeente and Nederland."""
    reeks = reeks.sort_values("jaar")
    if reeks.empty or reeks["waarde"].isna().all():
        reden = "" if reeks.empty else str(reeks["status"].dropna().iloc[-1])
        return leeg("Geen reeks voor deze kern" + (f": {reden}" if reden else ""))
    eerste = reeks.iloc[0]
    eenheid, decimalen = eerste["eenheid"], eerste["decimalen"]
    # Thick solid line with dots: the kern; dotted with squares: the gemeente; dashed with diamonds: Nederland.
    reeksen = [(kern, "waarde", KLEUR_KERN, 4, "solid", "circle")]
    if not is_telling(eenheid):
        reeksen += [
            (f"Gemeente {gemeente}", "gemeente_waarde", KLEUR_GEMEENTE, 2.5, "dot", "square"),
            ("Nederland", "nederland_waarde", KLEUR_NEDERLAND, 2.5, "dash", "diamond"),
        ]
    jaren = reeks["jaar"].astype(int).tolist()
    traces = []
    for naam, kolom, kleur, breedte, streep, symbool in reeksen:
        if reeks[kolom].isna().all():
            continue
        traces.append(
            {
                "type": "scatter",
                "x": jaren,
                "y": [fmt.scale_for_axis(v, eenheid) for v in reeks[kolom]],
                "text": [_tekst(v, eenheid, decimalen) for v in reeks[kolom]],
                "mode": "lines+markers",
                "name": naam,
                "line": {"color": kleur, "width": breedte, "dash": streep},
                "marker": {"size": 9 if kolom == "waarde" else 8, "symbol": symbool},
                "hovertemplate": "%{x}: %{text}<extra>" + naam + "</extra>",
                "connectgaps": False,
            }
        )
    layout = basis_layout(
        340,
        legenda=len(traces) > 1,
        xaxis={"dtick": 1, "tickformat": "d", "title": {"text": ""}},
        yaxis={
            "title": {"text": fmt.as_axis_title(eenheid)},
            "rangemode": "tozero" if is_telling(eenheid) else "normal",
        },
    )
    synthetisch = bool(reeks.loc[reeks["waarde"].notna(), "synthetisch"].astype(bool).any())
    return figuur(traces, layout, synthetisch, categorie="Jaar")


def kernen_staven(per_kern: pd.DataFrame, uitgelicht: list[str] | None = None, hoogte: int | None = None) -> go.Figure:
    """One indicator for every kern of a gemeente, sorted, highlighted kernen darker, the gemeente as a line."""
    data = per_kern.dropna(subset=["waarde"]).sort_values("waarde", ascending=True)
    if data.empty:
        reden = "" if per_kern.empty else str(per_kern["status"].iloc[0])
        return leeg("Geen waarden" + (f": {reden}" if reden else ""))
    eenheid, decimalen = data["eenheid"].iloc[0], data["decimalen"].iloc[0]
    uitgelicht = uitgelicht or []
    waarden = [fmt.scale_for_axis(v, eenheid) for v in data["waarde"]]
    kernen = data["kern"].tolist()
    marker = _marker([KLEUR_KERN if k in uitgelicht else KLEUR_ANDER for k in kernen])
    if uitgelicht:
        # The highlighted kern: darker, hatched, and its name bold with an arrow (not colour alone).
        marker["pattern"] = {
            "shape": ["/" if k in uitgelicht else "" for k in kernen],
            "fillmode": "overlay",
            "fgcolor": "white",
            "fgopacity": 0.8,
            "size": 7,
            "solidity": 0.3,
        }
    traces = [
        {
            "type": "bar",
            "x": waarden,
            "y": kernen,
            "orientation": "h",
            "marker": marker,
            "text": [_tekst(v, eenheid, decimalen) for v in data["waarde"]],
            "textposition": "outside",
            "textfont": {"size": 13},
            "cliponaxis": False,
            "hovertemplate": "%{y}: %{text}<extra></extra>",
            "showlegend": False,
        }
    ]
    shapes, annotations = [], []
    gemeente = data["gemeente_waarde"].dropna()
    if not gemeente.empty and not is_telling(eenheid):
        x = fmt.scale_for_axis(gemeente.iloc[0], eenheid)
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": x,
                "x1": x,
                "y0": 0,
                "y1": 1,
                "line": {"color": KLEUR_GEMEENTE, "width": 3, "dash": "dash"},
            }
        )
        annotations.append(
            {
                "text": f"gemeente: {_tekst(gemeente.iloc[0], eenheid, decimalen)}",
                "x": x,
                "xref": "x",
                "y": 0,
                "yref": "paper",
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 13},
                "bgcolor": "rgba(255,255,255,0.85)",
            }
        )
    categorie_as: dict = {"title": {"text": ""}, "tickfont": {"size": 14}}
    if uitgelicht:
        categorie_as |= {
            "tickmode": "array",
            "tickvals": kernen,
            "ticktext": [f"<b>▶ {k}</b>" if k in uitgelicht else k for k in kernen],
        }
    layout = basis_layout(
        hoogte or max(300, 24 * len(data) + 80),
        legenda=False,
        xaxis={"title": {"text": fmt.as_axis_title(eenheid)}, "range": bereik(waarden)},
        yaxis=categorie_as,
        shapes=shapes,
        annotations=annotations,
    )
    return figuur(
        traces,
        layout,
        bool(data["synthetisch"].astype(bool).any()),
        categorie="Kern",
        beschrijving=_kernen_beschrijving(per_kern, data, uitgelicht, None if gemeente.empty else gemeente.iloc[0]),
    )


def _kernen_beschrijving(per_kern: pd.DataFrame, data: pd.DataFrame, uitgelicht: list[str], gemeente) -> str:
    """ "26 kernen, van hoog naar laag: de hoogste Geldermalsen 10.995, de laagste Est 380. Beesd: 3.375, de 6e
    van 26. Gemeente: 7,2. 2 kernen zonder waarde." """
    eenheid, decimalen = data["eenheid"].iloc[0], data["decimalen"].iloc[0]
    hoog_laag = data.sort_values("waarde", ascending=False)
    hoog, laag = hoog_laag.iloc[0], hoog_laag.iloc[-1]
    zinnen = [
        f"{len(data)} kernen met een waarde: de hoogste {hoog['kern']} {_tekst(hoog['waarde'], eenheid, decimalen)}, "
        f"de laagste {laag['kern']} {_tekst(laag['waarde'], eenheid, decimalen)}"
    ]
    plaatsen = {k: i for i, k in enumerate(hoog_laag["kern"], start=1)}
    for kern in uitgelicht:
        if kern in plaatsen:
            waarde = hoog_laag.loc[hoog_laag["kern"] == kern, "waarde"].iloc[0]
            zinnen.append(
                f"{kern}: {_tekst(waarde, eenheid, decimalen)}, de {plaatsen[kern]}e van {len(data)} van hoog naar laag"
            )
        else:
            zinnen.append(f"{kern}: geen waarde")
    if gemeente is not None and not is_telling(eenheid):
        zinnen.append(f"gemeente: {_tekst(gemeente, eenheid, decimalen)}")
    zonder = len(per_kern) - len(data)
    if zonder:
        zinnen.append(f"{fmt.meervoud(zonder, 'kern', 'kernen')} zonder waarde")
    return ". ".join(z[:1].upper() + z[1:] for z in zinnen) + "."


def vergelijk_staven(per_kern: pd.DataFrame, label: str = "") -> go.Figure:
    """One indicator for the chosen kernen side by side."""
    if per_kern.empty or per_kern["waarde"].isna().all():
        return leeg("Geen waarden voor deze kernen")
    eenheid, decimalen = per_kern["eenheid"].iloc[0], per_kern["decimalen"].iloc[0]
    waarden = [fmt.scale_for_axis(v, eenheid) for v in per_kern["waarde"]]
    traces = [
        {
            "type": "bar",
            "x": per_kern["kern"].tolist(),
            "y": waarden,
            "marker": {"color": [PALET[i % len(PALET)] for i in range(len(per_kern))]},
            "text": [_tekst(v, eenheid, decimalen) for v in per_kern["waarde"]],
            "textposition": "outside",
            "textfont": {"size": 13},
            "cliponaxis": False,
            "hovertemplate": "%{x}: %{text}<extra></extra>",
            "showlegend": False,
        }
    ]
    extra: dict = {"yaxis": {"title": {"text": fmt.as_axis_title(eenheid)}, "range": bereik(waarden)}}
    if label:
        extra |= {"title": {"text": label, "font": {"size": 17}, "x": 0}, "margin": {"t": 50}}
    else:
        extra |= {"margin": {"t": 30}}
    if label or "label" in per_kern:
        traces[0]["name"] = label or str(per_kern["label"].iloc[0])
    met = per_kern.loc[per_kern["waarde"].notna(), "synthetisch"]
    return figuur(traces, basis_layout(300, legenda=False, **extra), bool(met.astype(bool).any()), categorie="Kern")


def gestapelde_staven(
    frame: pd.DataFrame,
    x: str,
    y: str,
    kleur: str,
    titel_y: str,
    horizontaal: bool = False,
    hoogte: int = 320,
    kleuren: dict[str, str] | None = None,
    volgorde: list | None = None,
    synthetisch: bool = False,
) -> go.Figure:
    """Stacked bars (subsidies per year and regeling, kernagenda points per kern and status).

    `volgorde` fixes the order of the categories; otherwise Plotly orders them by first appearance per trace.
    """
    if frame.empty:
        return leeg("Geen gegevens")
    traces = []
    for i, (groep, deel) in enumerate(frame.groupby(kleur, sort=False)):
        waarden = deel[y].astype(float).tolist()
        trace = {
            "type": "bar",
            "name": str(groep),
            "marker": _marker((kleuren or {}).get(groep, PALET[i % len(PALET)]), PATRONEN[i % len(PATRONEN)]),
            "text": [fmt.getal(v) for v in waarden],
            "textfont": {"size": 13},
            "textangle": 0,
            "hovertemplate": "%{text}<extra>" + str(groep) + "</extra>",
        }
        if horizontaal:
            trace |= {"x": waarden, "y": deel[x].tolist(), "orientation": "h"}
        else:
            trace |= {"x": deel[x].tolist(), "y": waarden}
        traces.append(trace)
    categorieen: dict = {"categoryorder": "array", "categoryarray": list(volgorde)} if volgorde else {}
    if horizontaal:
        assen = {
            "xaxis": {"title": {"text": titel_y}},
            "yaxis": {"autorange": "reversed", "title": {"text": ""}, **categorieen},
        }
    else:
        assen = {
            "yaxis": {"title": {"text": titel_y}},
            "xaxis": {"title": {"text": ""}, "dtick": 1, "tickformat": "", **categorieen},
        }
    # Legend in the order of the stack from the axis outwards, as a reader scans it.
    layout = basis_layout(hoogte, barmode="stack", legend={"traceorder": "normal"}, **assen)
    return figuur(traces, layout, synthetisch, categorie=x[:1].upper() + x[1:])


# Text alternatives ----------------------------------------------------------------------------------------------
# Every chart on a page also says in words what it shows (the figures, not "grafiek") and offers its data as a
# table: `components.grafiek_kaart` reads both from the figure through `tekstalternatief`, so no chart can lack them.

LIJST_MAX = 8  # up to this many bars a series is read out in full; beyond it the highest and the lowest


@dataclass(frozen=True)
class Reeks:
    naam: str
    categorieen: list[str]
    teksten: list[str]
    getallen: list[float | None]
    lijn: bool = False


@dataclass(frozen=True)
class Tekstalternatief:
    beschrijving: str
    kop: list[str] = field(default_factory=list)
    regels: list[list[str]] = field(default_factory=list)


def _categorie_tekst(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return re.sub(r"<[^>]+>", "", str(value))


def _reeksen(fig: go.Figure) -> list[Reeks]:
    """The data series a reader sees: bars, lines and map areas; labels and outlines (hoverinfo skip) are none."""
    reeksen = []
    for trace in fig.data:
        if trace.hoverinfo == "skip":
            continue
        soort = trace.type
        if soort == "bar":
            liggend = trace.orientation == "h"
            categorieen, waarden = (trace.y, trace.x) if liggend else (trace.x, trace.y)
        elif soort == "scatter" and "lines" in str(trace.mode or "lines"):
            categorieen, waarden = trace.x, trace.y
        elif soort == "choropleth":
            categorieen, waarden = trace.locations, trace.z
        else:
            continue
        categorieen, waarden = list(categorieen or []), list(waarden if waarden is not None else [])
        teksten = list(trace.text) if isinstance(trace.text, (list, tuple)) else []
        getallen = [None if fmt.is_missing(w) else float(w) for w in waarden]
        if len(teksten) != len(categorieen):
            teksten = [fmt.getal(w, 1) for w in getallen]
        reeksen.append(
            Reeks(
                naam=str(trace.name or ""),
                categorieen=[_categorie_tekst(c) for c in categorieen],
                teksten=[str(t) if t not in (None, "") else fmt.ONTBREEKT for t in teksten],
                getallen=getallen,
                lijn=soort == "scatter",
            )
        )
    return reeksen


def _as_titel(fig: go.Figure) -> str:
    """The title of the value axis ("aantal actiepunten"): of x for horizontal bars, else of y."""
    liggend = any(t.type == "bar" and t.orientation == "h" for t in fig.data)
    as_ = fig.layout.xaxis if liggend else fig.layout.yaxis
    return str(as_.title.text or "") if as_ and as_.title else ""


def _beschrijf(fig: go.Figure, reeksen: list[Reeks]) -> str:
    if fig.layout.barmode == "stack":
        totalen = [(r.naam, sum(g for g in r.getallen if g is not None)) for r in reeksen]
        samen = sum(t for _, t in totalen)
        wat = _as_titel(fig) or "totaal"
        delen = ", ".join(f"{naam} {fmt.getal(t)}" for naam, t in totalen)
        return f"{wat[:1].upper()}{wat[1:]}, samen {fmt.getal(samen)}: {delen}. Per staaf in de tabel."
    zinnen = []
    for r in reeksen:
        naam = f"{r.naam}: " if r.naam and len(reeksen) > 1 else ""
        paren = [(c, t, g) for c, t, g in zip(r.categorieen, r.teksten, r.getallen, strict=True)]
        met = [p for p in paren if p[2] is not None]
        if r.lijn:
            if not met:
                zinnen.append(f"{r.naam}: geen waarden")
                continue
            (c0, t0, _), (c1, t1, _) = met[0], met[-1]
            kop = f"{r.naam} {c0}–{c1}" if r.naam else f"{c0}–{c1}"
            zinnen.append(f"{kop}: {t0} → {t1}" if c0 != c1 else f"{r.naam} {c0}: {t0}".strip())
        elif len(paren) <= LIJST_MAX:
            zinnen.append(naam + ", ".join(f"{c} {t}" for c, t, _ in paren))
        elif met:
            hoog = max(met, key=lambda p: p[2])
            laag = min(met, key=lambda p: p[2])
            zinnen.append(f"{naam}{len(paren)} waarden, de hoogste {hoog[0]} {hoog[1]}, de laagste {laag[0]} {laag[1]}")
    return "; ".join(zinnen) + "." if zinnen else ""


def _tabel(fig: go.Figure, reeksen: list[Reeks], categorie: str) -> tuple[list[str], list[list[str]]]:
    """Categories as rows, series as columns, each cell the text the chart itself shows."""
    if not reeksen:
        return [], []
    volgorde: list[str] = []
    for r in reeksen:
        volgorde += [c for c in r.categorieen if c not in volgorde]
    liggend = any(t.type == "bar" and t.orientation == "h" for t in fig.data)
    vast = (fig.layout.yaxis if liggend else fig.layout.xaxis).categoryarray
    if vast:
        volgorde = [c for c in map(_categorie_tekst, vast) if c in volgorde] + [c for c in volgorde if c not in vast]
    elif any(r.lijn for r in reeksen) or all(c.isdigit() for c in volgorde):
        volgorde.sort()
    elif liggend and fig.layout.yaxis.autorange != "reversed":
        volgorde.reverse()  # horizontal bars are drawn bottom-up: the table reads top-down as the chart does
    cellen = [dict(zip(r.categorieen, r.teksten, strict=True)) for r in reeksen]
    namen = [r.naam or _as_titel(fig) or "Waarde" for r in reeksen]
    kop = [categorie or ("Jaar" if all(c.isdigit() for c in volgorde) else "Onderdeel"), *namen]
    return kop, [[c, *(cel.get(c, fmt.ONTBREEKT) for cel in cellen)] for c in volgorde]


def tekstalternatief(fig: go.Figure) -> Tekstalternatief:
    """What the chart shows in words, and its data as a table (`kop`, `regels`; empty when there is no data).

    A builder may have set both in `layout.meta` (see `figuur`); otherwise they are derived from the traces.
    """
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    reeksen = _reeksen(fig)
    if not reeksen:
        teksten = [str(a.text) for a in fig.layout.annotations if a.text and SYNTHETISCH_NOOT not in str(a.text)]
        return Tekstalternatief(str(meta.get("beschrijving") or " ".join(teksten) or "Geen gegevens."))
    beschrijving = str(meta.get("beschrijving") or _beschrijf(fig, reeksen))
    if meta.get("inleiding"):
        beschrijving = f"{meta['inleiding']} {beschrijving}"
    if any(SYNTHETISCH_NOOT in str(a.text) for a in fig.layout.annotations):
        beschrijving += " Een deel van de waarden is synthetisch (demonstratiegegevens)."
    if isinstance(meta.get("tabel"), dict):
        kop, regels = meta["tabel"]["kop"], meta["tabel"]["regels"]
    else:
        kop, regels = _tabel(fig, reeksen, str(meta.get("categorie") or ""))
    return Tekstalternatief(beschrijving, list(kop), [list(r) for r in regels])
