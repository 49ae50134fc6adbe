"""PNG charts of a kern (Plotly figures rendered by kaleido on the system Chromium).

Same data and colours as the charts in the PDF one-pager. kaleido starts a browser per call unless its sync
server runs: `png_sessie()` starts it for a batch and stops it afterwards (≈ 2 s once, then ≈ 0.2 s a chart).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import plotly.graph_objects as go

from dashboards import vocabulary as v
from dashboards.briefing.context import KernContext
from dashboards.briefing.tekenen import kaart_buurten, label_punt
from dashboards.formatting import getal, is_missing

FONT = "DejaVu Sans, Arial, sans-serif"

BREEDTE, HOOGTE, SCHAAL = 960, 540, 2


def _opmaak(fig: go.Figure, titel: str, ctx: KernContext, bron: str) -> go.Figure:
    noot = f"Bron: {bron} · dataversie {ctx.publicatie['versie']}"
    if ctx.synthetisch:
        noot = "<b>SYNTHETISCHE VOORBEELDGEGEVENS – geen echte cijfers</b><br>" + noot
    links = (fig.layout.margin.l if fig.layout.margin.l is not None else 150) - 24
    rechts = fig.layout.margin.r if fig.layout.margin.r is not None else 40
    fig.update_layout(
        title={"text": f"<b>{titel}</b><br><sup>{ctx.kern}, gemeente {ctx.gemeentenaam}</sup>", "x": 0.02},
        separators=",.",
        font={"family": FONT, "size": 15, "color": v.KLEUR_TEKST},
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": links + 24, "r": rechts, "t": 120, "b": 125},
        legend={"orientation": "h", "y": 1.01, "yanchor": "bottom", "x": 0, "xanchor": "left"},
        annotations=[
            {
                "text": noot,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "xshift": -links,
                "yshift": -78,
                "yanchor": "top",
                "align": "left",
                "showarrow": False,
                "xanchor": "left",
                "font": {"size": 12, "color": v.KLEUR_WAARSCHUWING_RAND if ctx.synthetisch else v.KLEUR_ZACHT},
            }
        ],
    )
    fig.update_xaxes(gridcolor=v.KLEUR_RASTER, zerolinecolor=v.KLEUR_NEDERLAND)
    fig.update_yaxes(gridcolor=v.KLEUR_RASTER, zerolinecolor=v.KLEUR_NEDERLAND)
    return fig


def _waarden(ctx: KernContext, ids: dict[str, str], kolom: str) -> list[float | None]:
    out = []
    for indicator_id in ids:
        row = ctx.indicator(indicator_id)
        out.append(None if row is None or is_missing(row.get(kolom)) else float(row[kolom]))
    return out


def _vergelijking(ctx: KernContext, ids: dict[str, str], titel: str, decimalen: int = 1, suffix: str = "") -> go.Figure:
    labels = list(ids.values())[::-1]
    fig = go.Figure()
    for naam, kolom, kleur in (
        ("Nederland", "nederland_waarde", v.KLEUR_NEDERLAND),
        ("Gemeente", "gemeente_waarde", v.KLEUR_GEMEENTE),
        (ctx.kern, "waarde", v.KLEUR_KERN),
    ):
        waarden = _waarden(ctx, ids, kolom)[::-1]
        if all(w is None for w in waarden):
            continue
        fig.add_bar(
            y=labels,
            x=waarden,
            name=naam,
            orientation="h",
            marker_color=kleur,
            text=[getal(w, decimalen) + suffix if w is not None else "–" for w in waarden],
            textposition="outside",
            cliponaxis=False,
        )
    fig.update_layout(barmode="group", bargap=0.25, legend={"traceorder": "reversed"})
    return _opmaak(fig, titel, ctx, "CBS Kerncijfers wijken en buurten")


def inwoners_figuur(ctx: KernContext) -> go.Figure:
    rows = ctx.reeks[ctx.reeks["indicator_id"] == "inwoners"].sort_values("jaar")
    waarden = [None if is_missing(w) else float(w) for w in rows["waarde"]]
    fig = go.Figure(
        go.Bar(
            x=[str(j) for j in rows["jaar"]],
            y=waarden,
            marker_color=v.KLEUR_KERN,
            text=[getal(w, 0) for w in waarden],
            textposition="outside",
            cliponaxis=False,
            name=ctx.kern,
        )
    )
    fig.update_layout(showlegend=False, margin={"l": 90})
    fig.update_yaxes(rangemode="tozero", title="inwoners", tickformat=",d")
    return _opmaak(fig, "Inwoners per jaar (1 januari)", ctx, "CBS Kerncijfers wijken en buurten")


def leefbaarometer_figuur(ctx: KernContext) -> go.Figure:
    labels = list(v.LBM_DIMENSIES.values())[::-1]
    fig = go.Figure()
    for naam, kolom, kleur in (("Gemeente", "gemeente_waarde", v.KLEUR_GEMEENTE), (ctx.kern, "waarde", v.KLEUR_KERN)):
        waarden = _waarden(ctx, v.LBM_DIMENSIES, kolom)[::-1]
        fig.add_bar(
            y=labels,
            x=waarden,
            name=naam,
            orientation="h",
            marker_color=kleur,
            text=[getal(w, 3) if w is not None else "–" for w in waarden],
            textposition="outside",
            cliponaxis=False,
        )
    fig.update_layout(barmode="group", legend={"traceorder": "reversed"})
    fig.update_xaxes(title="afwijking van het landelijk gemiddelde (0 = gemiddeld; hoger = beter)")
    return _opmaak(fig, "Leefbaarometer: de vijf dimensies", ctx, "Leefbaarometer 3.0 (BZK)")


def kaart_figuur(ctx: KernContext) -> go.Figure:
    """The kern's buurten, named, on the grey buurten of its gemeente (no map tiles: it works offline).

    The view frames the kern: a reader wants its buurten, with just enough of the neighbours to place it.
    """
    fig = go.Figure()
    kx: list[float] = []
    ky: list[float] = []
    items = kaart_buurten(ctx.buurten, ctx.kern)
    kern_items = [b for b in items if b.in_kern]
    for in_kern in (False, True):
        for b in items:
            if b.in_kern != in_kern:
                continue
            xs: list[float | None] = []
            ys: list[float | None] = []
            for ring in b.rings:
                xs += [p[0] for p in ring] + [None]
                ys += [p[1] for p in ring] + [None]
            if in_kern:
                kx += [p for p in xs if p is not None]
                ky += [p for p in ys if p is not None]
            fig.add_scatter(
                x=xs,
                y=ys,
                fill="toself",
                mode="lines",
                line={"color": "white", "width": 2 if in_kern else 0.8},
                fillcolor=v.KLEUR_KERN if in_kern else v.KLEUR_ANDERE_BUURTEN,
                opacity=0.85 if in_kern else 1,
                hoverinfo="text",
                text=b.naam,
                showlegend=False,
            )
    # Numbers on the map, names in a list beside it: buurt names are long and buurten small.
    punten = [label_punt(b.rings, [max(o.rings, key=len) for o in kern_items if o is not b]) for b in kern_items]
    if punten:
        fig.add_scatter(
            x=[p[0] for p in punten],
            y=[p[1] for p in punten],
            mode="markers+text",
            marker={"size": 26, "color": "white", "line": {"color": v.KLEUR_KOP, "width": 1}},
            text=[str(i) for i in range(1, len(punten) + 1)],
            textfont={"size": 14, "color": v.KLEUR_KOP},
            hovertext=[b.naam for b in kern_items],
            hoverinfo="text",
            showlegend=False,
        )
        lijst = "<br>".join(f"<b>{i}</b>  {b.naam}" for i, b in enumerate(kern_items, start=1))
    if kx:
        # Frame the kern with a margin of its own size around it, at the map's aspect ratio.
        x0, x1, y0, y1 = min(kx), max(kx), min(ky), max(ky)
        dx, dy = (x1 - x0) or 0.01, (y1 - y0) or 0.01
        fig.update_xaxes(range=[x0 - 0.4 * dx, x1 + 0.4 * dx])
        fig.update_yaxes(range=[y0 - 0.3 * dy, y1 + 0.3 * dy])
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1.6)
    fig.update_layout(margin={"l": 40, "r": 360})
    fig = _opmaak(fig, "De kern en haar buurten", ctx, "CBS wijk- en buurtkaart (vereenvoudigd)")
    # _opmaak sets the source note as the annotations: keep the buurt list too.
    if punten:
        fig.add_annotation(
            text=f"<b>Buurten van {ctx.kern}</b><br>{lijst}",
            xref="paper",
            yref="paper",
            x=1.02,
            y=1,
            xanchor="left",
            yanchor="top",
            align="left",
            showarrow=False,
            font={"size": 13},
        )
    return fig


def figuren(ctx: KernContext) -> dict[str, go.Figure]:
    return {
        "inwoners": inwoners_figuur(ctx),
        "leeftijdsopbouw": _vergelijking(ctx, v.LEEFTIJDSGROEPEN, "Leeftijdsopbouw (% van de inwoners)", 1, "%"),
        "voorzieningen": _vergelijking(ctx, v.VOORZIENINGEN, "Afstand tot voorzieningen (km over de weg)", 1),
        "woningen": _vergelijking(ctx, v.WONINGMIX, "Woningen naar eigendom (% van de woningen)", 1, "%"),
        "leefbaarometer": leefbaarometer_figuur(ctx),
        "kaart": kaart_figuur(ctx),
    }


def _server_loopt() -> bool:
    import kaleido

    server = getattr(kaleido, "_global_server", None)  # private, so guarded: only an optimisation depends on it
    return bool(server is not None and server.is_running())


@contextlib.contextmanager
def png_sessie() -> Iterator[None]:
    """Keep one kaleido browser running for the charts rendered inside (unless one runs already)."""
    import kaleido

    if _server_loopt():
        yield
        return
    kaleido.start_sync_server(silence_warnings=True)
    try:
        yield
    finally:
        kaleido.stop_sync_server(silence_warnings=True)


def png(fig: go.Figure) -> bytes:
    import kaleido

    return kaleido.calc_fig_sync(fig, opts={"format": "png", "width": BREEDTE, "height": HOOGTE, "scale": SCHAAL})


def pngs(ctx: KernContext) -> dict[str, bytes]:
    with png_sessie():
        return {naam: png(fig) for naam, fig in figuren(ctx).items()}
