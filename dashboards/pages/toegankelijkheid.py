"""Toegankelijkheidsverklaring (/toegankelijkheid): linked from the footer of every page, not in the menu."""

from __future__ import annotations

import dash
from dash import html

from dashboards.views import toegankelijkheid as view

dash.register_page(
    __name__,
    path="/toegankelijkheid",
    name="Toegankelijkheid",
    title="Toegankelijkheidsverklaring – kernmonitor",
    in_menu=False,
)


def layout(**_: object) -> html.Div:
    return view.pagina()
