"""The Dash app shell: menu, page container, footer with the data version. The pages live in `pages/`.

`create_app(serving_path)` is what `kernmonitor serve/demo` runs (`app.run(host, port)`) and what a WSGI server
takes (`create_app(path).server`). Everything is served from this package: Bootstrap and Plotly's Dutch locale
are in `assets/`, so the dashboard works without internet.
"""

from __future__ import annotations

from pathlib import Path

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, html

from dashboards import components
from dashboards import formatting as fmt
from dashboards.context import CONFIG_KEY, current_data
from dashboards.data import ServingData

HERE = Path(__file__).parent


def _voettekst() -> html.Footer:
    verouderd = None
    try:
        publicatie = current_data().publication()
        versie = (
            f"Gegevensversie {publicatie['version']}, gepubliceerd op {fmt.datum_tijd(publicatie['published_at'])}."
        )
        # Nobody watches the nightly refresh: the page itself says when the data is older than it should be.
        verouderd = components.stale_notice(publicatie["published_at"])
    except Exception:  # noqa: BLE001 - a footer must never take the page down with it
        versie = "Gegevensversie onbekend."
    return html.Footer(
        dbc.Container(
            [
                *([html.Strong(verouderd + " ", className="verouderd", role="alert")] if verouderd else []),
                html.Span(versie + " "),
                html.A("Bronnen en methode", href="/bronnen", className="link-light"),
                html.Span(" · "),
                html.A(
                    "Toegankelijkheid", href="/toegankelijkheid", className="link-light", id="link-toegankelijkheid"
                ),
                html.Span(" · kernmonitor is open source (EUPL-1.2)."),
            ],
            fluid="xxl",
        ),
        className="voettekst mt-5 py-3",
    )


def _shell() -> html.Div:
    return html.Div(
        [
            html.A("Direct naar de inhoud", href="#inhoud", className="visually-hidden-focusable skip-link"),
            components.navigatie(),
            dbc.Container(html.Main(dash.page_container, id="inhoud", tabIndex="-1"), fluid="xxl"),
            _voettekst(),
        ]
    )


def create_app(serving_path: Path) -> dash.Dash:
    """The Dash app on one published serving file."""
    app = dash.Dash(
        # This module, not the package: Flask and Dash find their root from its file, which also works when
        # `dashboards` is resolved as a namespace package (an editable install made before it had __init__.py).
        # The page modules are then registered as `pages.<name>`.
        __name__,
        use_pages=True,
        pages_folder="pages",
        assets_folder=str(HERE / "assets"),
        title="kernmonitor",
        update_title=None,
        # Pages build their content per request; their callbacks refer to ids that only exist on that page.
        suppress_callback_exceptions=True,
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
            {"name": "description", "content": "De feiten van elke kern op één plek."},
        ],
    )
    app.server.config[CONFIG_KEY] = ServingData(Path(serving_path))
    app.layout = _shell
    app.index_string = app.index_string.replace("<html>", '<html lang="nl">')

    @app.callback(
        Output("menu", "is_open"), Input("menu-knop", "n_clicks"), State("menu", "is_open"), prevent_initial_call=True
    )
    def _menu(n_clicks: int | None, is_open: bool) -> bool:
        return not is_open

    # Dash hands the page modules' `dash.callback`s to the first app that answers a request. Claim them now, so
    # a second app in the same process (tests, a WSGI reload) gets exactly its own set.
    with app.server.app_context():
        app._setup_server()
    return app
