"""Drawing on a reportlab canvas: fonts, colours, small charts and the kern map.

Charts are drawn as vector graphics straight onto the page (≈ 1 ms each) rather than as Plotly PNGs (≈ 0.2 s
each even with a warm kaleido server): a batch of 41 one-pagers stays well under a minute, prints sharp, and
needs no browser. The PNG exports (charts.py) use Plotly with the same data and colours.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from dashboards import vocabulary as v

# The palette of dashboards.vocabulary as reportlab colours.
KLEUR_KERN = colors.HexColor(v.KLEUR_KERN)
KLEUR_GEMEENTE = colors.HexColor(v.KLEUR_GEMEENTE)
KLEUR_NEDERLAND = colors.HexColor(v.KLEUR_NEDERLAND)
KLEUR_STERK = colors.HexColor(v.KLEUR_STERK)
KLEUR_AANDACHT = colors.HexColor(v.KLEUR_AANDACHT)
KLEUR_OPVALLEND = colors.HexColor(v.KLEUR_OPVALLEND)
KLEUR_TEKST = colors.HexColor(v.KLEUR_TEKST)
KLEUR_ZACHT = colors.HexColor(v.KLEUR_ZACHT)
KLEUR_LIJN = colors.HexColor(v.KLEUR_LIJN)
KLEUR_VLAK = colors.HexColor(v.KLEUR_VLAK)
KLEUR_KOP = colors.HexColor(v.KLEUR_KOP)
KLEUR_WAARSCHUWING = colors.HexColor(v.KLEUR_WAARSCHUWING)
KLEUR_WAARSCHUWING_RAND = colors.HexColor(v.KLEUR_WAARSCHUWING_RAND)
KLEUR_ANDERE_BUURTEN = colors.HexColor(v.KLEUR_ANDERE_BUURTEN)

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@cache
def fonts() -> tuple[str, str]:
    """(regular, bold) font names: DejaVu Sans when installed (full Unicode: €, ≥, ², −), else Helvetica."""
    regular, bold = _DEJAVU / "DejaVuSans.ttf", _DEJAVU / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        try:
            pdfmetrics.registerFont(TTFont("KM-Sans", str(regular)))
            pdfmetrics.registerFont(TTFont("KM-Sans-Bold", str(bold)))
            pdfmetrics.registerFontFamily("KM-Sans", normal="KM-Sans", bold="KM-Sans-Bold")
            return "KM-Sans", "KM-Sans-Bold"
        except Exception:  # a broken font file must not stop a briefing
            pass
    return "Helvetica", "Helvetica-Bold"


def font() -> str:
    return fonts()[0]


def bold() -> str:
    return fonts()[1]


@cache
def stijl(size: float = 8.5, leading: float | None = None, kleur=KLEUR_TEKST, vet: bool = False) -> ParagraphStyle:
    return ParagraphStyle(
        f"km-{size}-{leading}-{vet}-{kleur}",
        fontName=bold() if vet else font(),
        fontSize=size,
        leading=leading or size * 1.25,
        textColor=kleur,
    )


def esc(text) -> str:
    """Text for a reportlab Paragraph (which reads a small XML dialect)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def paragraaf(c, text: str, x: float, y_top: float, width: float, style: ParagraphStyle) -> float:
    """Draw a wrapped paragraph whose top is at y_top; returns its height."""
    para = Paragraph(text, style)
    _, height = para.wrap(width, 10_000)
    para.drawOn(c, x, y_top - height)
    return height


def passend(text: str, fontname: str, size: float, width: float) -> str:
    """Shorten text with an ellipsis so it fits in width (labels must never run into the next column)."""
    if pdfmetrics.stringWidth(text, fontname, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", fontname, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def titel(c, text: str, x: float, y: float, size: float = 10) -> None:
    c.setFont(bold(), size)
    c.setFillColor(KLEUR_KOP)
    c.drawString(x, y, text)


@dataclass
class Reeks:
    naam: str
    waarden: Sequence[float | None]
    kleur: colors.Color


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * exp >= value:
            return step * exp
    return 10 * exp


def legenda(c, x: float, y: float, reeksen: Sequence[Reeks], size: float = 7) -> None:
    c.setFont(font(), size)
    for reeks in reeksen:
        c.setFillColor(reeks.kleur)
        c.rect(x, y - 1, 7, 7, stroke=0, fill=1)
        c.setFillColor(KLEUR_TEKST)
        c.drawString(x + 10, y, reeks.naam)
        x += 14 + pdfmetrics.stringWidth(reeks.naam, font(), size)


def staafdiagram_horizontaal(
    c,
    x: float,
    y: float,
    w: float,
    h: float,
    categorieen: Sequence[str],
    reeksen: Sequence[Reeks],
    opmaak: Callable[[float | None], str],
    label_breedte: float = 70,
    ontbreekt: Sequence[str] | None = None,
) -> None:
    """Grouped horizontal bars with the value at the end of each bar; (x, y) is the bottom-left corner.

    ontbreekt: per category, what a missing value of the first series (the kern) says instead of "–".
    """
    legenda_h = 12
    area_top = y + h - legenda_h
    legenda(c, x + label_breedte, y + h - 7, reeksen)
    n_cat = max(1, len(categorieen))
    groep_h = (area_top - y) / n_cat
    bar_h = min(8.0, (groep_h - 3) / max(1, len(reeksen)))
    # Value labels must not touch the label of the neighbouring bar: never larger than the bar pitch.
    label_size = max(5.2, min(6.8, bar_h - 0.2))
    alle = [w for r in reeksen for w in r.waarden if w is not None and not math.isnan(w)]
    vmax = _nice_max(max(alle) if alle else 1.0)
    plot_w = w - label_breedte - 38
    c.setStrokeColor(KLEUR_LIJN)
    c.setLineWidth(0.5)
    c.line(x + label_breedte, y, x + label_breedte, area_top)
    for i, cat in enumerate(categorieen):
        top = area_top - i * groep_h
        c.setFont(font(), 7.5)
        c.setFillColor(KLEUR_TEKST)
        mid = top - groep_h / 2
        c.drawRightString(x + label_breedte - 4, mid - 2.5, passend(cat, font(), 7.5, label_breedte - 6))
        blok_h = bar_h * len(reeksen)
        start = mid + blok_h / 2
        for j, reeks in enumerate(reeksen):
            value = reeks.waarden[i] if i < len(reeks.waarden) else None
            by = start - (j + 1) * bar_h
            text_y = by + bar_h / 2 - label_size * 0.36
            if value is None or math.isnan(value):
                c.setFont(font(), label_size)
                c.setFillColor(KLEUR_ZACHT)
                tekst = ontbreekt[i] if ontbreekt and j == 0 and i < len(ontbreekt) else "–"
                c.drawString(x + label_breedte + 3, text_y, passend(tekst, font(), label_size, plot_w))
                continue
            bw = max(0.0, value) / vmax * plot_w
            c.setFillColor(reeks.kleur)
            c.rect(x + label_breedte, by + 0.4, bw, bar_h - 0.8, stroke=0, fill=1)
            c.setFont(bold() if j == 0 and reeks.kleur == KLEUR_KERN else font(), label_size)
            c.setFillColor(KLEUR_TEKST)
            c.drawString(x + label_breedte + bw + 2, text_y, opmaak(value))


def staafdiagram_verticaal(
    c,
    x: float,
    y: float,
    w: float,
    h: float,
    labels: Sequence[str],
    waarden: Sequence[float | None],
    opmaak: Callable[[float | None], str],
    kleur=KLEUR_KERN,
) -> None:
    """Bars over years with their value on top; (x, y) bottom-left. The axis starts at zero (no drama)."""
    n = max(1, len(labels))
    label_h = 10
    plot_h = h - label_h - 10
    alle = [w for w in waarden if w is not None and not math.isnan(w)]
    vmax = _nice_max(max(alle) if alle else 1.0)
    slot = w / n
    bw = min(26.0, slot * 0.62)
    c.setStrokeColor(KLEUR_LIJN)
    c.setLineWidth(0.5)
    c.line(x, y + label_h, x + w, y + label_h)
    for i, (label, value) in enumerate(zip(labels, waarden, strict=False)):
        cx = x + slot * i + slot / 2
        c.setFont(font(), 7)
        c.setFillColor(KLEUR_ZACHT)
        c.drawCentredString(cx, y + 1.5, str(label))
        if value is None or math.isnan(value):
            c.drawCentredString(cx, y + label_h + 3, "–")
            continue
        bh = max(0.0, value) / vmax * plot_h
        c.setFillColor(kleur)
        c.rect(cx - bw / 2, y + label_h, bw, bh, stroke=0, fill=1)
        c.setFont(font(), 6.5)
        c.setFillColor(KLEUR_TEKST)
        c.drawCentredString(cx, y + label_h + bh + 2, opmaak(value))


# The kern map -------------------------------------------------------------------------------------------


def _rings(geojson: str | None) -> list[list[tuple[float, float]]]:
    """Outer and inner rings of a Polygon/MultiPolygon as (lon, lat) lists."""
    if not geojson:
        return []
    try:
        geom = json.loads(geojson)
    except (TypeError, ValueError):
        return []
    kind, coords = geom.get("type"), geom.get("coordinates") or []
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    return [[(float(p[0]), float(p[1])) for p in ring] for poly in polygons for ring in poly if len(ring) >= 3]


@dataclass
class KaartBuurt:
    naam: str
    in_kern: bool
    rings: list[list[tuple[float, float]]]


def kaart_buurten(buurten, kern: str) -> list[KaartBuurt]:
    out = []
    for row in buurten.itertuples(index=False):
        rings = _rings(getattr(row, "geometry_geojson", None))
        if rings:
            out.append(KaartBuurt(str(row.buurtnaam), row.kern == kern, rings))
    return out


def _in_ring(x: float, y: float, ring: list[tuple[float, float]]) -> bool:
    binnen = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / ((yj - yi) or 1e-12) + xi:
            binnen = not binnen
        j = i
    return binnen


def _afstand_tot_rand(x: float, y: float, ring: list[tuple[float, float]], kx: float) -> float:
    best = math.inf
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        dx, dy = (x2 - x1) * kx, y2 - y1
        px, py = (x - x1) * kx, y - y1
        lengte = dx * dx + dy * dy
        f = max(0.0, min(1.0, (px * dx + py * dy) / lengte)) if lengte else 0.0
        best = min(best, math.hypot(px - f * dx, py - f * dy))
    return best


def label_punt(
    rings: list[list[tuple[float, float]]], andere: list[list[tuple[float, float]]] = (), raster: int = 16
) -> tuple[float, float]:
    """A point well inside a buurt for its label: on a grid over the largest ring, the point farthest from its
    edges that lies in no hole and in no other buurt (a rural buurt often wraps around the village core)."""
    ring = max(rings, key=len)
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    kx = math.cos(math.radians((min(ys) + max(ys)) / 2))
    gaten = [r for r in rings if r is not ring]
    best, best_d = (sum(xs) / len(xs), sum(ys) / len(ys)), -1.0
    for i in range(1, raster):
        for j in range(1, raster):
            x = min(xs) + (max(xs) - min(xs)) * i / raster
            y = min(ys) + (max(ys) - min(ys)) * j / raster
            if not _in_ring(x, y, ring) or any(_in_ring(x, y, g) for g in gaten):
                continue
            if any(_in_ring(x, y, a) for a in andere):
                continue
            d = _afstand_tot_rand(x, y, ring, kx)
            if d > best_d:
                best, best_d = (x, y), d
    return best


def _projectie(punten: list[tuple[float, float]], x, y, w, h):
    """Equirectangular with cos(latitude) scaling: at the scale of a gemeente indistinguishable from RD."""
    lons = [p[0] for p in punten]
    lats = [p[1] for p in punten]
    lon0, lon1, lat0, lat1 = min(lons), max(lons), min(lats), max(lats)
    kx = math.cos(math.radians((lat0 + lat1) / 2))
    span_x = max((lon1 - lon0) * kx, 1e-9)
    span_y = max(lat1 - lat0, 1e-9)
    scale = min(w / span_x, h / span_y)
    ox = x + (w - span_x * scale) / 2
    oy = y + (h - span_y * scale) / 2

    def proj(lon: float, lat: float) -> tuple[float, float]:
        return ox + (lon - lon0) * kx * scale, oy + (lat - lat0) * scale

    return proj


def kern_kaart(
    c, x: float, y: float, w: float, h: float, buurten, kern: str, alleen_kern: bool = False, nummers: bool = True
) -> list[str]:
    """The kern's buurten, coloured and numbered, inside the grey outline of its gemeente.

    With alleen_kern the view zooms to the kern (its buurten still on the gemeente's grey neighbours).
    Returns the buurt names in number order (for a legend next to the map).
    """
    items = kaart_buurten(buurten, kern)
    if not items:
        c.setFont(font(), 8)
        c.setFillColor(KLEUR_ZACHT)
        c.drawCentredString(x + w / 2, y + h / 2, "Geen buurtgrenzen beschikbaar")
        return []
    focus = [p for b in items if b.in_kern or not alleen_kern for r in b.rings for p in r]
    if not focus:
        focus = [p for b in items for r in b.rings for p in r]
    proj = _projectie(focus, x, y, w, h)
    c.saveState()
    clip = c.beginPath()
    clip.rect(x, y, w, h)
    c.clipPath(clip, stroke=0, fill=0)
    namen: list[str] = []
    tints = [colors.HexColor(k) for k in v.KAART_TINTEN]
    for in_kern in (False, True):
        for b in items:
            if b.in_kern != in_kern:
                continue
            path = c.beginPath()
            for ring in b.rings:
                px, py = proj(*ring[0])
                path.moveTo(px, py)
                for lon, lat in ring[1:]:
                    path.lineTo(*proj(lon, lat))
                path.close()
            if in_kern:
                c.setFillColor(tints[len(namen) % len(tints)])
                c.setStrokeColor(colors.white)
                c.setLineWidth(0.8)
                namen.append(b.naam)
            else:
                c.setFillColor(KLEUR_ANDERE_BUURTEN)
                c.setStrokeColor(colors.white)
                c.setLineWidth(0.4)
            c.drawPath(path, stroke=1, fill=1, fillMode=0)
    if nummers:
        kern_items = [b for b in items if b.in_kern]
        for nr, b in enumerate(kern_items, start=1):
            andere = [max(o.rings, key=len) for o in kern_items if o is not b]
            cx, cy = proj(*label_punt(b.rings, andere))
            c.setFillColor(colors.white)
            c.circle(cx, cy, 5.5, stroke=0, fill=1)
            c.setFillColor(KLEUR_KOP)
            c.setFont(bold(), 6.5)
            c.drawCentredString(cx, cy - 2.3, str(nr))
    c.restoreState()
    return namen
