"""Bronnen en methode (/bronnen): sources, revisions, how kernen are built, the rules, the data version."""

from __future__ import annotations

import dash
from dash import html

from dashboards.context import current_data
from dashboards.views import bronnen as view

dash.register_page(
    __name__, path="/bronnen", name="Bronnen en methode", title="Bronnen en methode – kernmonitor", order=9
)


def layout(**_: object) -> html.Div:
    return view.pagina(current_data())
