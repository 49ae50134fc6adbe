"""The PDF briefings as tagged HTML: the Jinja templates, the charts and the kern map as SVG, and WeasyPrint.

Every PDF is rendered from an HTML template (dashboards/briefing/templates/) as PDF/UA-1: a structure tree in
reading order with real headings, tables with header cells, every chart and map a Figure whose alternative text
states its figures, the document title shown and the language Dutch. Charts are small vector SVGs written here
(no browser, no Plotly): they print sharp and cost next to nothing. The PNG exports (charts.py) use Plotly with
the same data and colours. Nothing in a template loads anything from the network.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markupsafe import Markup, escape

from dashboards import vocabulary as v

TEMPLATES = Path(__file__).resolve().parent / "templates"
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


# Rendering -----------------------------------------------------------------------------------------------


@cache
def _omgeving():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["kleur"] = {naam: getattr(v, naam) for naam in dir(v) if naam.startswith("KLEUR_")}
    return env


@cache
def _stylesheet():
    from weasyprint import CSS

    return CSS(filename=str(TEMPLATES / "briefing.css"))


def html(template: str, **velden) -> str:
    """A template filled in: the HTML of one briefing."""
    return _omgeving().get_template(template).render(**velden)


def document(inhoud: str):
    """The laid-out pages (weasyprint.Document) of an HTML briefing; `pdf` writes them."""
    from weasyprint import HTML

    # No base URL and no url() in the templates: rendering never touches the network or the disk.
    return HTML(string=inhoud).render(stylesheets=[_stylesheet()], pdf_variant="pdf/ua-1")


def pdf(doc, pages=None) -> bytes:
    """Write laid-out pages as a tagged PDF (PDF/UA-1); `pages` picks and orders them across documents."""
    if pages is not None:
        doc = doc.copy(pages)
    return doc.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)


# Text width (for SVG labels, which do not wrap) --------------------------------------------------------------


@cache
def _breedtes(vet: bool) -> tuple[dict[int, float], float]:
    """Advance width per code point in em, from DejaVu Sans (the font the templates use)."""
    bestand = _DEJAVU / ("DejaVuSans-Bold.ttf" if vet else "DejaVuSans.ttf")
    try:
        from fontTools.ttLib import TTFont

        font = TTFont(str(bestand), lazy=True)
        per_em = font["head"].unitsPerEm
        hmtx, cmap = font["hmtx"], font.getBestCmap()
        return {cp: hmtx[glyph][0] / per_em for cp, glyph in cmap.items()}, 0.62
    except Exception:  # no font file: a fair average keeps labels roughly in their box
        return {}, 0.62 if vet else 0.58


def tekst_breedte(tekst: str, size: float, vet: bool = False) -> float:
    breedtes, standaard = _breedtes(vet)
    return sum(breedtes.get(ord(ch), standaard) for ch in tekst) * size


def passend(tekst: str, size: float, breedte: float, vet: bool = False) -> str:
    """Shorten text with an ellipsis so it fits in width (labels must never run into the next column)."""
    if tekst_breedte(tekst, size, vet) <= breedte:
        return tekst
    while tekst and tekst_breedte(tekst + "…", size, vet) > breedte:
        tekst = tekst[:-1]
    return tekst.rstrip() + "…"


# SVG ----------------------------------------------------------------------------------------------------


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _tekst(x: float, y: float, tekst: str, size: float, kleur: str = v.KLEUR_TEKST, anker: str = "start", vet=False):
    gewicht = ' font-weight="bold"' if vet else ""
    return (
        f'<text x="{_f(x)}" y="{_f(y)}" font-size="{_f(size)}" fill="{kleur}" text-anchor="{anker}"{gewicht}>'
        f"{escape(tekst)}</text>"
    )


def _svg(breedte: float, hoogte: float, alt: str, inhoud: list[str]) -> Markup:
    """A chart as an image of SVG; its alt text becomes the Figure's alternative text in the structure tree.

    An <img> with a data: URL rather than inline <svg>: the same vector drawing, but its hundreds of shapes skip
    the HTML parser and the CSS cascade (a third of the layout time of a one-pager).
    """
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_f(breedte)}pt" height="{_f(hoogte)}pt" '
        f'viewBox="0 0 {_f(breedte)} {_f(hoogte)}" font-family="DejaVu Sans"><title>{escape(alt)}</title>'
        + "".join(inhoud)
        + "</svg>"
    )
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return Markup(
        f'<img class="figuur" alt="{escape(alt)}" width="{_f(breedte * 4 / 3)}" height="{_f(hoogte * 4 / 3)}" '
        f'style="width: {_f(breedte)}pt; height: {_f(hoogte)}pt" src="data:image/svg+xml;base64,{data}">'
    )


@dataclass
class Reeks:
    naam: str
    waarden: Sequence[float | None]
    kleur: str


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * exp >= value:
            return step * exp
    return 10 * exp


def _leeg(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def staafdiagram_horizontaal(
    breedte: float,
    hoogte: float,
    categorieen: Sequence[str],
    reeksen: Sequence[Reeks],
    opmaak: Callable[[float | None], str],
    alt: str,
    label_breedte: float = 80,
    ontbreekt: Sequence[str] | None = None,
) -> Markup:
    """Grouped horizontal bars with the value at the end of each bar and a legend on top.

    ontbreekt: per category, what a missing value of the first series (the kern) says instead of "–".
    """
    delen: list[str] = []
    legenda_h = 12.0
    x = label_breedte
    for reeks in reeksen:
        delen.append(f'<rect x="{_f(x)}" y="1" width="7" height="7" fill="{reeks.kleur}"/>')
        delen.append(_tekst(x + 10, 7.5, reeks.naam, 7))
        x += 14 + tekst_breedte(reeks.naam, 7)
    n_cat = max(1, len(categorieen))
    groep_h = (hoogte - legenda_h) / n_cat
    bar_h = min(8.0, (groep_h - 3) / max(1, len(reeksen)))
    label_size = max(5.2, min(6.8, bar_h - 0.2))
    alle = [w for r in reeksen for w in r.waarden if not _leeg(w)]
    vmax = _nice_max(max(alle) if alle else 1.0)
    plot_w = breedte - label_breedte - 38
    delen.append(
        f'<line x1="{_f(label_breedte)}" y1="{_f(legenda_h)}" x2="{_f(label_breedte)}" y2="{_f(hoogte)}" '
        f'stroke="{v.KLEUR_LIJN}" stroke-width="0.5"/>'
    )
    for i, cat in enumerate(categorieen):
        mid = legenda_h + (i + 0.5) * groep_h
        delen.append(_tekst(label_breedte - 4, mid + 2.6, passend(cat, 7.5, label_breedte - 6), 7.5, anker="end"))
        start = mid - bar_h * len(reeksen) / 2
        for j, reeks in enumerate(reeksen):
            value = reeks.waarden[i] if i < len(reeks.waarden) else None
            by = start + j * bar_h
            text_y = by + bar_h / 2 + label_size * 0.36
            if _leeg(value):
                tekst = ontbreekt[i] if ontbreekt and j == 0 and i < len(ontbreekt) else "–"
                delen.append(
                    _tekst(
                        label_breedte + 3, text_y, passend(tekst, label_size, plot_w + 30), label_size, v.KLEUR_ZACHT
                    )
                )
                continue
            bw = max(0.0, value) / vmax * plot_w
            delen.append(
                f'<rect x="{_f(label_breedte)}" y="{_f(by + 0.4)}" width="{_f(bw)}" height="{_f(bar_h - 0.8)}" '
                f'fill="{reeks.kleur}"/>'
            )
            vet = j == 0 and reeks.kleur == v.KLEUR_KERN
            delen.append(_tekst(label_breedte + bw + 2, text_y, opmaak(value), label_size, vet=vet))
    return _svg(breedte, hoogte, alt, delen)


def staafdiagram_verticaal(
    breedte: float,
    hoogte: float,
    labels: Sequence[str],
    waarden: Sequence[float | None],
    opmaak: Callable[[float | None], str],
    alt: str,
    kleur: str = v.KLEUR_KERN,
) -> Markup:
    """Bars over years with their value on top. The axis starts at zero (no drama)."""
    delen: list[str] = []
    n = max(1, len(labels))
    label_h = 10.0
    plot_h = hoogte - label_h - 10
    alle = [w for w in waarden if not _leeg(w)]
    vmax = _nice_max(max(alle) if alle else 1.0)
    slot = breedte / n
    bw = min(26.0, slot * 0.62)
    basis = hoogte - label_h
    delen.append(
        f'<line x1="0" y1="{_f(basis)}" x2="{_f(breedte)}" y2="{_f(basis)}" stroke="{v.KLEUR_LIJN}" '
        'stroke-width="0.5"/>'
    )
    for i, (label, value) in enumerate(zip(labels, waarden, strict=False)):
        cx = slot * i + slot / 2
        delen.append(_tekst(cx, hoogte - 1.5, str(label), 7, v.KLEUR_ZACHT, "middle"))
        if _leeg(value):
            delen.append(_tekst(cx, basis - 3, "–", 7, v.KLEUR_ZACHT, "middle"))
            continue
        bh = max(0.0, value) / vmax * plot_h
        delen.append(
            f'<rect x="{_f(cx - bw / 2)}" y="{_f(basis - bh)}" width="{_f(bw)}" height="{_f(bh)}" fill="{kleur}"/>'
        )
        delen.append(_tekst(cx, basis - bh - 2, opmaak(value), 6.5, anker="middle"))
    return _svg(breedte, hoogte, alt, delen)


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
    code: str = ""


def kaart_buurten(buurten, kern: str) -> list[KaartBuurt]:
    out = []
    for row in buurten.itertuples(index=False):
        rings = _rings(getattr(row, "geometry_geojson", None))
        if rings:
            out.append(KaartBuurt(str(row.buurtnaam), row.kern == kern, rings, str(getattr(row, "buurtcode", ""))))
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


def _projectie(punten: list[tuple[float, float]], w: float, h: float, marge: float = 0):
    """Equirectangular with cos(latitude) scaling (at the scale of a gemeente indistinguishable from RD); SVG's y
    runs down, so north is up by flipping the latitude."""
    lons = [p[0] for p in punten]
    lats = [p[1] for p in punten]
    lon0, lon1, lat0, lat1 = min(lons), max(lons), min(lats), max(lats)
    kx = math.cos(math.radians((lat0 + lat1) / 2))
    span_x = max((lon1 - lon0) * kx, 1e-9)
    span_y = max(lat1 - lat0, 1e-9)
    scale = min(w / span_x, h / span_y)
    ox = (w - span_x * scale) / 2
    oy = (h - span_y * scale) / 2

    def proj(lon: float, lat: float) -> tuple[float, float]:
        return marge + ox + (lon - lon0) * kx * scale, marge + h - (oy + (lat - lat0) * scale)

    return proj


def kern_kaart(
    breedte: float, hoogte: float, buurten, kern: str, gemeentenaam: str, alleen_kern: bool = True
) -> tuple[Markup, list[KaartBuurt]]:
    """The kern's buurten, coloured and numbered, on the grey buurten of its gemeente.

    With alleen_kern the view zooms to the kern. Returns the SVG and the kern's buurten in number order (for the
    legend beside the map); the alternative text names every numbered buurt.
    """
    items = kaart_buurten(buurten, kern)
    kern_items = [b for b in items if b.in_kern]
    if not items:
        alt = f"Kaart van {kern}: geen buurtgrenzen beschikbaar."
        return _svg(
            breedte,
            hoogte,
            alt,
            [_tekst(breedte / 2, hoogte / 2, "Geen buurtgrenzen beschikbaar", 8, v.KLEUR_ZACHT, "middle")],
        ), []
    focus = [p for b in items if b.in_kern or not alleen_kern for r in b.rings for p in r]
    if not focus:
        focus = [p for b in items for r in b.rings for p in r]
    proj = _projectie(focus, breedte - 8, hoogte - 8, 4)
    delen = [
        f'<clipPath id="kaartrand"><rect width="{_f(breedte)}" height="{_f(hoogte)}"/></clipPath>',
        '<g clip-path="url(#kaartrand)">',
    ]
    for nr, b in enumerate(sorted(items, key=lambda b: b.in_kern)):
        d = []
        for ring in b.rings:
            punten = [proj(lon, lat) for lon, lat in ring]
            d.append("M" + " L".join(f"{_f(x)} {_f(y)}" for x, y in punten) + " Z")
        if b.in_kern:
            kleur = v.KAART_TINTEN[kern_items.index(b) % len(v.KAART_TINTEN)]
            delen.append(f'<path d="{" ".join(d)}" fill="{kleur}" stroke="white" stroke-width="0.8"/>')
        else:
            delen.append(f'<path d="{" ".join(d)}" fill="{v.KLEUR_ANDERE_BUURTEN}" stroke="white" stroke-width="0.4"/>')
        del nr
    for nr, b in enumerate(kern_items, start=1):
        andere = [max(o.rings, key=len) for o in kern_items if o is not b]
        cx, cy = proj(*label_punt(b.rings, andere))
        delen.append(f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="5.5" fill="white"/>')
        delen.append(_tekst(cx, cy + 2.3, str(nr), 6.5, v.KLEUR_KOP, "middle", vet=True))
    delen.append("</g>")
    namen = "; ".join(f"{nr} {b.naam}" + (f" ({b.code})" if b.code else "") for nr, b in enumerate(kern_items, 1))
    alt = (
        f"Kaart van {kern}: de {len(kern_items)} buurten van de kern, genummerd, tussen de andere buurten van "
        f"gemeente {gemeentenaam}. {namen}."
    )
    return _svg(breedte, hoogte, alt, delen), kern_items


def anker(tekst: str) -> str:
    """A name as an HTML id ('Kerk-Avezaath' -> 'kerk-avezaath'); unique per kern within a gemeente."""
    import re
    import unicodedata

    ascii_ = unicodedata.normalize("NFKD", tekst).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "kern"


def regels_nodig(tekst: str, size: float, breedte: float, vet: str = "") -> int:
    """How many lines a paragraph needs at this width (greedy word wrap, as the renderer does); `vet` is a bold
    tail appended to the text."""
    regels, regel = 1, 0.0
    spatie = tekst_breedte(" ", size)
    woorden = [(w, False) for w in tekst.split()] + [(w, True) for w in vet.split()]
    for woord, is_vet in woorden:
        w = tekst_breedte(woord, size, is_vet)
        if regel and regel + spatie + w > breedte:
            regels, regel = regels + 1, w
        else:
            regel = regel + spatie + w if regel else w
    return regels
