"""In één oogopslag: the headline figures of a kern as tiles (and the tiles every theme section reuses)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from dash import html

from dashboards import components

KOPCIJFERS = [
    "inwoners",
    "woningvoorraad",
    "lbm_klasse",
    "aandeel_65_plus",
    "woz_gemiddeld",
    "afstand_huisarts_km",
    "inkomen_per_inwoner",
    "groei_inwoners",
]


# A kern's profile (marts.kern_profiel) as one row (a dict) per indicator_id, in the profile's order: made once per
# page, because the sections each look up a handful of figures and pandas costs ~0,1 ms a row lookup.
Cijfers = Mapping[str, dict]


def cijfers_van(profiel: pd.DataFrame) -> Cijfers:
    """The profile as Cijfers: one dict per indicator_id."""
    return {r["indicator_id"]: r for r in profiel.to_dict("records")}


def tegels(cijfers: Cijfers, ids: list[str], kolommen: int = 4) -> html.Div:
    """Tiles for the given indicators (those the kern has): one, two, then `kolommen` (2-4) a row as the screen
    widens. A CSS grid (tegel-rooster in kernmonitor.css) rather than a Bootstrap column around every tile: a
    component less per tile for the browser to draw (a kern page has up to ~80)."""
    return html.Div(
        [components.indicator_tegel(cijfers[i]) for i in ids if i in cijfers],
        className=f"tegel-rooster tegel-rooster-{kolommen}",
    )


def sectie(cijfers: Cijfers) -> html.Section:
    return html.Section(
        [html.H2("In één oogopslag", className="h3"), tegels(cijfers, KOPCIJFERS)],
        className="mb-4",
        id="sectie-kopcijfers",
    )
