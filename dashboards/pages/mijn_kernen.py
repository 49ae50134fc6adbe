"""Mijn kernen (/mijn-kernen?gebiedsmakelaar=...): a gebiedsmakelaar's own kernen; a chooser when none is given."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, html, no_update

from dashboards import components
from dashboards.context import current_data
from dashboards.kaart import geklikte_kern
from dashboards.views import mijn_kernen as view

dash.register_page(
    __name__, path=view.PAD, name="Mijn kernen", title="Mijn kernen – kernmonitor", order=3
)  # fmt: skip


def layout(gebiedsmakelaar: str | None = None, **_: object) -> html.Div:
    return view.pagina(current_data(), gebiedsmakelaar if isinstance(gebiedsmakelaar, str) else None)


@callback(Output("mijn-kernen-naar", "href"), Input("mijn-kernen-kaart", "clickData"), prevent_initial_call=True)
def open_kern(click_data: dict | None):
    kern = geklikte_kern(click_data)
    return components.kern_href(kern) if kern else no_update
