"""The kern map: buurt boundaries dissolved per kern, coloured by one indicator, drawn without web tiles.

CBS's simplified buurt boundaries share their edges vertex for vertex, so a kern's outline is simply the set of
edges that belong to exactly one of its buurten; chaining those edges gives its rings. That needs no geometry
library. Where the chaining does not close (a sliver or a mismatched vertex), the kern keeps its buurt polygons:
the colour is the same, only the inner lines show.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go

from dashboards import charts
from dashboards import formatting as fmt
from dashboards.vocabulary import KAART_SCHAAL, KLEUR_GEEN_GEGEVENS, KLEUR_TEKST, VERANDER_SCHAAL

Point = tuple[float, float]
Ring = list[Point]


def _polygons(geometry: dict) -> list[list[Ring]]:
    if geometry["type"] == "Polygon":
        return [[[tuple(p) for p in ring] for ring in geometry["coordinates"]]]
    if geometry["type"] == "MultiPolygon":
        return [[[tuple(p) for p in ring] for ring in poly] for poly in geometry["coordinates"]]
    return []


def _signed_area(ring: Ring) -> float:
    return 0.5 * sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))


def _inside(point: Point, ring: Ring) -> bool:
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _chain(segments: list[tuple[Point, Point]]) -> list[Ring] | None:
    """Closed rings from undirected boundary edges; None when an edge leads nowhere."""
    by_vertex: dict[Point, list[int]] = defaultdict(list)
    for i, (a, b) in enumerate(segments):
        by_vertex[a].append(i)
        by_vertex[b].append(i)
    used = [False] * len(segments)
    rings: list[Ring] = []
    for start_index in range(len(segments)):
        if used[start_index]:
            continue
        used[start_index] = True
        start, current = segments[start_index]
        ring = [start, current]
        while current != start:
            nxt = next((i for i in by_vertex[current] if not used[i]), None)
            if nxt is None:
                return None
            used[nxt] = True
            a, b = segments[nxt]
            current = b if a == current else a
            ring.append(current)
        rings.append(ring)
    return rings


def dissolve(geometries: list[dict]) -> dict | None:
    """The union of polygons that share edges exactly, as one (Multi)Polygon; None when that cannot be done."""
    polygons = [poly for geometry in geometries for poly in _polygons(geometry)]
    if not polygons:
        return None
    exterior_sign = 1.0 if sum(_signed_area(poly[0]) for poly in polygons) >= 0 else -1.0
    counts: dict[frozenset, int] = defaultdict(int)
    edges: dict[frozenset, tuple[Point, Point]] = {}
    for poly in polygons:
        for ring in poly:
            for a, b in zip(ring, ring[1:], strict=False):
                if a == b:
                    continue
                key = frozenset((a, b))
                counts[key] += 1
                edges[key] = (a, b)
    boundary = [edges[key] for key, n in counts.items() if n == 1]
    rings = _chain(boundary)
    if not rings:
        return None
    # Outer rings and holes by nesting depth; each hole goes to the smallest outer ring around it.
    rings.sort(key=lambda r: abs(_signed_area(r)), reverse=True)
    depth = []
    for i, ring in enumerate(rings):
        probe = ((ring[0][0] + ring[1][0]) / 2, (ring[0][1] + ring[1][1]) / 2)
        depth.append(sum(1 for j in range(i) if _inside(probe, rings[j])))
    result: list[list[Ring]] = []
    owner: dict[int, int] = {}
    for i, ring in enumerate(rings):
        want = exterior_sign if depth[i] % 2 == 0 else -exterior_sign
        oriented = ring if _signed_area(ring) * want > 0 else ring[::-1]
        if depth[i] % 2 == 0:
            owner[i] = len(result)
            result.append([oriented])
        else:
            probe = ((ring[0][0] + ring[1][0]) / 2, (ring[0][1] + ring[1][1]) / 2)
            outer = next((j for j in range(i - 1, -1, -1) if depth[j] % 2 == 0 and _inside(probe, rings[j])), None)
            if outer is None:
                return None
            result[owner[outer]].append(oriented)
    coordinates = [[[list(p) for p in ring] for ring in poly] for poly in result]
    return {"type": "MultiPolygon", "coordinates": coordinates}


def _label_point(geometry: dict) -> Point:
    """The centroid of the largest outer ring: where the kern's name goes."""
    polygons = _polygons(geometry)
    ring = max((poly[0] for poly in polygons), key=lambda r: abs(_signed_area(r)))
    area = _signed_area(ring)
    if area == 0:
        return ring[0]
    cx = sum((x1 + x2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))
    cy = sum((y1 + y2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))
    return cx / (6 * area), cy / (6 * area)


def _kader(geojson: dict, breedte: int = 640) -> tuple[list[float], list[float], int]:
    """Lon and lat ranges around all kernen (with a margin) and a figure height that fits their shape."""
    lons, lats = [], []
    for feature in geojson["features"]:
        for poly in _polygons(feature["geometry"]):
            for x, y in poly[0]:
                lons.append(x)
                lats.append(y)
    (x0, x1), (y0, y1) = (min(lons), max(lons)), (min(lats), max(lats))
    dx, dy = (x1 - x0) * 0.03, (y1 - y0) * 0.03

    def mercator(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    aspect = (mercator(y1 + dy) - mercator(y0 - dy)) / math.radians(x1 - x0 + 2 * dx)
    hoogte = int(min(max(aspect * breedte + 20, 320), 620))
    return [x0 - dx, x1 + dx], [y0 - dy, y1 + dy], hoogte


@lru_cache(maxsize=16)
def _kern_features(pairs: tuple[tuple[str, str], ...]) -> str:
    by_kern: dict[str, list[dict]] = defaultdict(list)
    for kern, geojson in pairs:
        if geojson:
            by_kern[kern].append(json.loads(geojson))
    features = []
    for kern, geometries in sorted(by_kern.items()):
        geometry = dissolve(geometries) or {
            "type": "MultiPolygon",
            "coordinates": [poly for g in geometries for poly in (json.loads(json.dumps(_polygons(g))))],
        }
        lon, lat = _label_point(geometry)
        features.append(
            {
                "type": "Feature",
                "id": kern,
                "properties": {"kern": kern, "label_lon": lon, "label_lat": lat},
                "geometry": geometry,
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features})


def kern_geojson(buurten: pd.DataFrame) -> dict:
    """A FeatureCollection with one feature per kern (id = kern name), from `ServingData.buurten`."""
    pairs = tuple(
        (str(k), str(g))
        for k, g in zip(buurten["kern"], buurten["geometry_geojson"], strict=True)
        if isinstance(g, str)
    )
    return json.loads(_kern_features(pairs))


def _namen(geojson: dict, kernen: list[str]) -> dict:
    """The kern names on the map, at each kern's label point."""
    return {
        "type": "scattergeo",
        "lon": [f["properties"]["label_lon"] for f in geojson["features"]],
        "lat": [f["properties"]["label_lat"] for f in geojson["features"]],
        "text": kernen,
        "mode": "text",
        "textfont": {"size": 12, "color": KLEUR_TEKST, "shadow": "0 0 3px white, 0 0 2px white"},
        "hoverinfo": "skip",
        "showlegend": False,
    }


def _kaart_layout(geojson: dict) -> dict:
    """The frame of a kern map (the map and the change map): fitted to the kernen, no base map, no dragging."""
    lon_range, lat_range, hoogte = _kader(geojson)
    return charts.basis_layout(
        hoogte,
        legenda=False,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        dragmode=False,
        # Axis ranges rather than fitbounds: fitbounds keeps the world map's frame and leaves the kernen small.
        # Plotly's geo subplot always loads a base map: the copy shipped in assets/topojson (see
        # `charts.graph_config`), never the CDN. The base map itself stays hidden.
        geo={
            "visible": False,
            "projection": {"type": "mercator"},
            "lonaxis": {"range": lon_range},
            "lataxis": {"range": lat_range},
        },
    )


def kaart(buurten: pd.DataFrame, per_kern: pd.DataFrame, label: str, uitgelicht: str | None = None) -> go.Figure:
    """A choropleth of the kernen of one gemeente; `per_kern` is `ServingData.indicator_voor_kernen`."""
    geojson = kern_geojson(buurten)
    if not geojson["features"]:
        return charts.leeg("Geen kaartgegevens voor deze gemeente", 480)
    waarden = {r["kern"]: r for r in per_kern.to_dict("records")}
    kernen = [f["id"] for f in geojson["features"]]
    eenheid = per_kern["eenheid"].iloc[0] if not per_kern.empty else ""
    decimalen = per_kern["decimalen"].iloc[0] if not per_kern.empty else 1
    met = [k for k in kernen if k in waarden and not fmt.is_missing(waarden[k]["waarde"])]
    zonder = [k for k in kernen if k not in met]
    lijn = {"line": {"color": "white", "width": 1.5}}
    traces: list[dict] = []
    if met:

        def hover(k: str) -> str:
            row = waarden[k]
            extra = " (synthetisch)" if bool(row["synthetisch"]) else ""
            return f"{fmt.waarde(row['waarde'], eenheid, decimalen)}{extra}, {int(row['jaar'])}"

        traces.append(
            {
                "type": "choropleth",
                "geojson": geojson,
                "locations": met,
                "featureidkey": "id",
                "z": [fmt.scale_for_axis(waarden[k]["waarde"], eenheid) for k in met],
                "text": [hover(k) for k in met],
                "customdata": met,
                "colorscale": [list(stap) for stap in KAART_SCHAAL],
                "marker": lijn,
                "colorbar": {
                    "title": {"text": fmt.as_axis_title(eenheid), "side": "top"},
                    "thickness": 16,
                    "len": 0.8,
                    "tickfont": {"size": 13},
                    "tickformat": charts.GETAL_AS,
                },
                "hovertemplate": "<b>%{location}</b><br>%{text}<br><i>klik om het profiel te openen</i><extra></extra>",
                "name": label,
            }
        )
    if zonder:
        redenen = [str(waarden[k]["status"]) if k in waarden else "geen gegevens" for k in zonder]
        traces.append(
            {
                "type": "choropleth",
                "geojson": geojson,
                "locations": zonder,
                "featureidkey": "id",
                "z": [0] * len(zonder),
                "text": [f"– ({reden})" for reden in redenen],
                "customdata": zonder,
                "colorscale": [[0, KLEUR_GEEN_GEGEVENS], [1, KLEUR_GEEN_GEGEVENS]],
                "showscale": False,
                "marker": lijn,
                "hovertemplate": "<b>%{location}</b><br>%{text}<extra></extra>",
                "name": "geen gegevens",
            }
        )
    if uitgelicht and uitgelicht in kernen:
        traces.append(
            {
                "type": "choropleth",
                "geojson": geojson,
                "locations": [uitgelicht],
                "featureidkey": "id",
                "z": [0],
                "colorscale": [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                "showscale": False,
                "marker": {"line": {"color": "black", "width": 3}},
                "hoverinfo": "skip",
            }
        )
    traces.append(_namen(geojson, kernen))
    layout = _kaart_layout(geojson)
    synthetisch = any(bool(waarden[k]["synthetisch"]) for k in met)
    beschrijving, tabel = _in_woorden(kernen, met, zonder, waarden, label, eenheid, decimalen)
    return charts.figuur(traces, layout, synthetisch, beschrijving=beschrijving, tabel=tabel)


def _in_woorden(
    kernen: list[str], met: list[str], zonder: list[str], waarden: dict, label: str, eenheid: str, decimalen
) -> tuple[str, tuple[list[str], list[list[str]]]]:
    """The map's text alternative and its data as a table: every kern with its value, or why it has none."""
    zinnen = [f"Kaart van {len(kernen)} kernen, gekleurd naar {label} (lichter is lager, donkerder is hoger)"]
    if met:
        hoog = max(met, key=lambda k: float(waarden[k]["waarde"]))
        laag = min(met, key=lambda k: float(waarden[k]["waarde"]))
        zinnen.append(
            f"De hoogste: {hoog} {fmt.waarde(waarden[hoog]['waarde'], eenheid, decimalen)}, "
            f"de laagste: {laag} {fmt.waarde(waarden[laag]['waarde'], eenheid, decimalen)}"
        )
    if zonder:
        zinnen.append(f"Zonder waarde (grijs): {', '.join(zonder)}")
    regels = []
    for k in sorted(kernen):
        if k in met:
            row = waarden[k]
            toelichting = f"{int(row['jaar'])}" + (" · synthetisch" if bool(row["synthetisch"]) else "")
            regels.append([k, fmt.waarde(row["waarde"], eenheid, decimalen), toelichting])
        else:
            reden = str(waarden[k]["status"]) if k in waarden else "geen gegevens"
            regels.append([k, fmt.ONTBREEKT, reden])
    return ". ".join(zinnen) + ".", (["Kern", label, "Jaar of reden"], regels)


def verschil_eenheid(eenheid: str) -> str:
    """The unit of a change: percentage points for a share, else the indicator's own unit."""
    return "procentpunt" if eenheid.strip() == "%" else fmt.as_axis_title(eenheid)


def verschil_tekst(verschil: float, eenheid: str, decimalen: int) -> str:
    """A change with its sign in Dutch: "+1,2 procentpunt", "-€ 3.000", "0"."""
    dec = int(decimalen)
    if round(verschil, dec) == 0:
        teken, verschil = "", 0.0
    else:
        teken = "+" if verschil > 0 else "-"
    grootte = abs(verschil)
    if eenheid.strip() == "%":
        return f"{teken}{fmt.getal(grootte, dec)} procentpunt"
    tekst = fmt.waarde(grootte, eenheid, dec)
    rest = fmt.eenheid_tekst(eenheid)
    return f"{teken}{tekst}" + (f" {rest}" if rest else "")


def veranderkaart(
    buurten: pd.DataFrame, voor: pd.DataFrame, na: pd.DataFrame, label: str, van: int, tot: int
) -> tuple[go.Figure, int]:
    """The change of one indicator per kern from `van` to `tot` on the kern map, diverging colours centred on 0;
    a kern without a value in either year is grey with the reason. Returns the figure and how many kernen have a
    change."""
    geojson = kern_geojson(buurten)
    if not geojson["features"]:
        return charts.leeg("Geen kaartgegevens voor deze gemeente", 320), 0
    rijen_voor = {r["kern"]: r for r in voor.to_dict("records")}
    rijen_na = {r["kern"]: r for r in na.to_dict("records")}
    basis = next(iter(rijen_na.values()), None) or next(iter(rijen_voor.values()), None) or {}
    eenheid, decimalen = str(basis.get("eenheid") or ""), int(basis.get("decimalen") or 0)
    kernen = [f["id"] for f in geojson["features"]]
    verschillen: dict[str, float] = {}
    redenen: dict[str, str] = {}
    for k in kernen:
        ontbreekt = []
        for jaar, rijen in ((van, rijen_voor), (tot, rijen_na)):
            rij = rijen.get(k)
            if rij is None or fmt.is_missing(rij["waarde"]):
                reden = str(rij["status"]) if rij is not None and rij.get("status") else "geen gegevens"
                ontbreekt.append(f"geen waarde in {jaar} ({reden})")
        if ontbreekt:
            redenen[k] = "; ".join(ontbreekt)
        else:
            verschillen[k] = float(rijen_na[k]["waarde"]) - float(rijen_voor[k]["waarde"])
    met = [k for k in kernen if k in verschillen]
    zonder = [k for k in kernen if k not in verschillen]
    lijn = {"line": {"color": "white", "width": 1.5}}
    traces: list[dict] = []
    eenheid_as = verschil_eenheid(eenheid)
    if met:
        grootste = max(abs(fmt.scale_for_axis(verschillen[k], eenheid) or 0) for k in met) or 1.0

        def hover(k: str) -> str:
            a, b = rijen_voor[k], rijen_na[k]
            return (
                f"{verschil_tekst(verschillen[k], eenheid, decimalen)} ({van}: "
                f"{fmt.waarde(a['waarde'], eenheid, decimalen)}, {tot}: {fmt.waarde(b['waarde'], eenheid, decimalen)})"
                + (" (synthetisch)" if bool(a["synthetisch"]) or bool(b["synthetisch"]) else "")
            )

        traces.append(
            {
                "type": "choropleth",
                "geojson": geojson,
                "locations": met,
                "featureidkey": "id",
                "z": [fmt.scale_for_axis(verschillen[k], eenheid) for k in met],
                "zmid": 0,
                "zmin": -grootste,
                "zmax": grootste,
                "text": [hover(k) for k in met],
                "customdata": met,
                "colorscale": [list(stap) for stap in VERANDER_SCHAAL],
                "marker": lijn,
                "colorbar": {
                    "title": {"text": f"verschil ({eenheid_as})" if eenheid_as else "verschil", "side": "top"},
                    "thickness": 16,
                    "len": 0.8,
                    "tickfont": {"size": 13},
                    "tickformat": charts.GETAL_AS,
                },
                "hovertemplate": "<b>%{location}</b><br>%{text}<extra></extra>",
                "name": f"verandering {van}–{tot}",
            }
        )
    if zonder:
        traces.append(
            {
                "type": "choropleth",
                "geojson": geojson,
                "locations": zonder,
                "featureidkey": "id",
                "z": [0] * len(zonder),
                "text": [f"– {redenen[k]}" for k in zonder],
                "customdata": zonder,
                "colorscale": [[0, KLEUR_GEEN_GEGEVENS], [1, KLEUR_GEEN_GEGEVENS]],
                "showscale": False,
                "marker": lijn,
                "hovertemplate": "<b>%{location}</b><br>%{text}<extra></extra>",
                "name": "geen gegevens",
            }
        )
    traces.append(_namen(geojson, kernen))
    layout = _kaart_layout(geojson)
    zinnen = [
        f"Kaart van {len(kernen)} kernen, gekleurd naar de verandering van {label} van {van} tot {tot} "
        "(oranje is gedaald, paars is gestegen, wit is gelijk gebleven)"
    ]
    if met:
        op = max(met, key=lambda k: verschillen[k])
        neer = min(met, key=lambda k: verschillen[k])
        zinnen.append(
            f"De grootste stijging: {op} {verschil_tekst(verschillen[op], eenheid, decimalen)}, "
            f"de grootste daling: {neer} {verschil_tekst(verschillen[neer], eenheid, decimalen)}"
        )
    if zonder:
        zinnen.append(f"Zonder waarde in een van beide jaren (grijs): {', '.join(zonder)}")
    regels = [
        [k, verschil_tekst(verschillen[k], eenheid, decimalen), ""]
        if k in verschillen
        else [k, fmt.ONTBREEKT, redenen[k]]
        for k in sorted(kernen)
    ]
    synthetisch = any(bool(rijen_voor[k]["synthetisch"]) or bool(rijen_na[k]["synthetisch"]) for k in met)
    figuur = charts.figuur(
        traces,
        layout,
        synthetisch,
        beschrijving=". ".join(zinnen) + ".",
        tabel=(["Kern", f"Verandering {van}–{tot}", "Reden"], regels),
    )
    return figuur, len(met)


def geklikte_kern(click_data: dict | None) -> str | None:
    """The kern a map click landed on (None for a label or an empty spot)."""
    if not click_data or not click_data.get("points"):
        return None
    point = click_data["points"][0]
    kern = point.get("location") or point.get("customdata")
    return str(kern) if kern else None
