"""Bronnen en methode (/bronnen): sources, revisions, how kernen are built, the rules, the data version, and the open
data downloads of every mart for a chosen gemeente (`?gemeente=GM1960`)."""

from __future__ import annotations

import dash
from dash import Input, Output, html

from dashboards.context import current_data
from dashboards.views import bronnen as view

dash.register_page(
    __name__, path="/bronnen", name="Bronnen en methode", title="Bronnen en methode – kernmonitor", order=9
)


def layout(gemeente: str | None = None, **_: object) -> html.Div:
    return view.pagina(current_data(), gemeente if isinstance(gemeente, str) else None)


@dash.callback(Output("open-data-inhoud", "children"), Input("open-data-gemeente", "value"), prevent_initial_call=True)
def _open_data(gemeentecode: str | None):
    data = current_data()
    if not gemeentecode or gemeentecode not in set(data.gemeenten()["gemeentecode"]):
        return dash.no_update
    return view.open_data_lijst(data, gemeentecode)
