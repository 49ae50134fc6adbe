"""Beheer (/beheer): what the beheerder watches. Not in the menu; beheerders only (see kernmonitor.webauth)."""

from __future__ import annotations

import dash
from dash import html

from dashboards.context import current_data
from dashboards.views import beheer as view
from kernmonitor.webauth import current_user, is_beheerder

dash.register_page(__name__, path="/beheer", name="Beheer", title="Beheer – kernmonitor", in_menu=False)


def layout(**_: object) -> html.Div:
    # Dash routes in the browser: this layout is asked for by a callback request, which carries the login too.
    if not is_beheerder():
        user = current_user()
        return view.geen_toegang(user[1] if user else None)
    data = current_data()
    if not data.path.exists():  # Dash builds every layout at its first request, published or not
        return view.geen_publicatie()
    return view.pagina(data)
