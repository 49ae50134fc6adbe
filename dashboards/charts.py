"""Plotly figures for the pages: plain functions from DataFrames to figures, so tests can call them directly.

One look for every chart: the Okabe-Ito colours of dashboards.vocabulary (told apart with every common
colour-vision deficiency), large type for a projector, Dutch separators, and a visible "synthetisch" note inside
the figure itself whenever a value in it is synthetic, so a downloaded PNG keeps the warning.

Each figure is assembled as plain dicts and validated once by `go.Figure(data, layout)`: Plotly's incremental
`update_*` calls re-validate every time and made a kern profile four times slower to build.
"""

from __future__ import annotations

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


def figuur(traces: list[dict], layout: dict, synthetisch: bool = False) -> go.Figure:
    """The figure, validated once; with the synthetic note (top right, above any legend) when needed."""
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
    return go.Figure(data=traces, layout=layout)


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
    return go.Figure(data=[], layout=layout)


def is_telling(eenheid: object) -> bool:
    """Counts (inhabitants, dwellings) of a kern cannot stand beside the gemeente's or the country's total."""
    return str(eenheid or "").strip() == "aantal"


def _rijen(profiel: pd.DataFrame, indicator_ids: list[str]) -> list[dict]:
    by_id = {r["indicator_id"]: r for r in profiel.to_dict("records")}
    return [by_id[i] for i in indicator_ids if i in by_id]


def _tekst(value: object, eenheid: str, decimalen: object) -> str:
    return fmt.waarde(value, eenheid, decimalen)


def _staaf(naam: str, kleur: str, waarden: list, teksten: list[str], horizontaal: bool, categorieen: list) -> dict:
    trace = {
        "type": "bar",
        "name": naam,
        "marker": {"color": kleur},
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
    profiel: pd.DataFrame,
    labels: dict[str, str],
    kern: str = "kern",
    gemeente: str = "gemeente",
    horizontaal: bool = True,
    hoogte: int = 340,
) -> go.Figure:
    """Grouped bars: the kern against its gemeente and Nederland, one group per indicator (labels: a chart
    grouping of dashboards.vocabulary, indicator -> label)."""
    rows = _rijen(profiel, list(labels))
    if not rows or all(fmt.is_missing(r["waarde"]) for r in rows):
        return leeg("Geen gegevens voor deze kern")
    namen = [labels[r["indicator_id"]] for r in rows]
    traces, alle_waarden = [], []
    for naam, kolom, kleur in (
        (kern, "waarde", KLEUR_KERN),
        (f"Gemeente {gemeente}", "gemeente_waarde", KLEUR_GEMEENTE),
        ("Nederland", "nederland_waarde", KLEUR_NEDERLAND),
    ):
        waarden = [fmt.scale_for_axis(r[kolom], r["eenheid"]) for r in rows]
        if all(w is None for w in waarden):
            continue
        alle_waarden += waarden
        teksten = [_tekst(r[kolom], r["eenheid"], r["decimalen"]) for r in rows]
        traces.append(_staaf(naam, kleur, waarden, teksten, horizontaal, namen))
    waarde_as = {"title": {"text": fmt.as_axis_title(rows[0]["eenheid"])}, "range": bereik(alle_waarden)}
    if horizontaal:
        layout = basis_layout(hoogte, xaxis=waarde_as, yaxis={"autorange": "reversed"})
    else:
        layout = basis_layout(hoogte, yaxis=waarde_as)
    return figuur(traces, layout, _synthetisch(rows))


def leefbaarometer_dimensies(profiel: pd.DataFrame, kern: str, gemeente: str) -> go.Figure:
    """The five Leefbaarometer dimensions as deviations from the Dutch average (0)."""
    rows = _rijen(profiel, list(LBM_DIMENSIES))
    if not rows or all(fmt.is_missing(r["waarde"]) for r in rows):
        return leeg("Geen Leefbaarometer-gegevens voor deze kern")
    namen = [LBM_DIMENSIES[r["indicator_id"]] for r in rows]
    traces, alle_waarden = [], []
    for naam, kolom, kleur in (
        (kern, "waarde", KLEUR_KERN),
        (f"Gemeente {gemeente}", "gemeente_waarde", KLEUR_GEMEENTE),
    ):
        waarden = [None if fmt.is_missing(r[kolom]) else float(r[kolom]) for r in rows]
        alle_waarden += waarden
        traces.append(_staaf(naam, kleur, waarden, [fmt.getal(r[kolom], 3) for r in rows], True, namen))
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
    return figuur(traces, layout, _synthetisch(rows))


def trend(reeks: pd.DataFrame, kern: str, gemeente: str) -> go.Figure:
    """One indicator over the years: the kern, and for shares and averages its gemeente and Nederland."""
    reeks = reeks.sort_values("jaar")
    if reeks.empty or reeks["waarde"].isna().all():
        reden = "" if reeks.empty else str(reeks["status"].dropna().iloc[-1])
        return leeg("Geen reeks voor deze kern" + (f": {reden}" if reden else ""))
    eerste = reeks.iloc[0]
    eenheid, decimalen = eerste["eenheid"], eerste["decimalen"]
    reeksen = [(kern, "waarde", KLEUR_KERN, 4)]
    if not is_telling(eenheid):
        reeksen += [
            (f"Gemeente {gemeente}", "gemeente_waarde", KLEUR_GEMEENTE, 2.5),
            ("Nederland", "nederland_waarde", KLEUR_NEDERLAND, 2.5),
        ]
    jaren = reeks["jaar"].astype(int).tolist()
    traces = []
    for naam, kolom, kleur, breedte in reeksen:
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
                "line": {"color": kleur, "width": breedte, "dash": "solid" if kolom == "waarde" else "dot"},
                "marker": {"size": 9 if kolom == "waarde" else 7},
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
    return figuur(traces, layout, synthetisch)


def kernen_staven(per_kern: pd.DataFrame, uitgelicht: list[str] | None = None, hoogte: int | None = None) -> go.Figure:
    """One indicator for every kern of a gemeente, sorted, highlighted kernen darker, the gemeente as a line."""
    data = per_kern.dropna(subset=["waarde"]).sort_values("waarde", ascending=True)
    if data.empty:
        reden = "" if per_kern.empty else str(per_kern["status"].iloc[0])
        return leeg("Geen waarden" + (f": {reden}" if reden else ""))
    eenheid, decimalen = data["eenheid"].iloc[0], data["decimalen"].iloc[0]
    uitgelicht = uitgelicht or []
    waarden = [fmt.scale_for_axis(v, eenheid) for v in data["waarde"]]
    traces = [
        {
            "type": "bar",
            "x": waarden,
            "y": data["kern"].tolist(),
            "orientation": "h",
            "marker": {"color": [KLEUR_KERN if k in uitgelicht else KLEUR_ANDER for k in data["kern"]]},
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
    layout = basis_layout(
        hoogte or max(300, 24 * len(data) + 80),
        legenda=False,
        xaxis={"title": {"text": fmt.as_axis_title(eenheid)}, "range": bereik(waarden)},
        yaxis={"title": {"text": ""}, "tickfont": {"size": 14}},
        shapes=shapes,
        annotations=annotations,
    )
    return figuur(traces, layout, bool(data["synthetisch"].astype(bool).any()))


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
    met = per_kern.loc[per_kern["waarde"].notna(), "synthetisch"]
    return figuur(traces, basis_layout(300, legenda=False, **extra), bool(met.astype(bool).any()))


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
            "marker": {"color": (kleuren or {}).get(groep, PALET[i % len(PALET)])},
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
    return figuur(traces, layout, synthetisch)
