"""Any address the app does not know: a friendly Dutch page, never a traceback."""

from __future__ import annotations

import dash
from dash import html

from dashboards import components

dash.register_page(__name__, path="/404", name="Niet gevonden", title="Pagina niet gevonden – kernmonitor")


def layout(**_: object) -> html.Div:
    return components.niet_gevonden(
        "Deze pagina bestaat niet",
        "Het adres klopt niet, of de pagina is verhuisd. Kies een kern in het overzicht of lees hoe de cijfers "
        "tot stand komen.",
    )
