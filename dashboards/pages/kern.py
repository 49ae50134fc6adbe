"""Kernprofiel (/kern/<naam>): one kern for a dorpsavond; an unknown name gives a friendly Dutch 404."""

from __future__ import annotations

import logging
from urllib.parse import unquote

import dash
from dash import Input, Output, State, callback, html, no_update

from dashboards import components
from dashboards.context import current_data
from dashboards.views import kernprofiel as view
from dashboards.views.kernprofiel import alle_cijfers


def _naam(naam: str | None) -> str | None:
    # The browser hands over the path percent-encoded ("Eck%20en%20Wiel").
    return unquote(naam).strip() if naam else None


def _titel(naam: str | None = None, **_: object) -> str:
    try:
        kern = view.kern_van_url(current_data(), _naam(naam))
    except Exception:  # noqa: BLE001 - outside an app context, or nothing published yet: named as the URL does
        return f"{_naam(naam) or 'Kern'} – kernprofiel – kernmonitor"
    if kern is None:
        return "Kern niet gevonden – kernmonitor"
    return f"{kern['kern']} – kernprofiel – kernmonitor"


dash.register_page(
    __name__,
    path_template="/kern/<naam>",
    name="Kernprofiel",
    title=_titel,
    description="Alle cijfers van één kern.",
    order=1,
)


def layout(naam: str | None = None, gemeente: str | None = None, **_: object) -> html.Div:
    return view.profiel_pagina(current_data(), _naam(naam), gemeente)


@callback(
    Output("kern-trend-rij", "children"),
    Input("kern-trend-indicator", "value"),
    State("kern-sleutel", "data"),
    prevent_initial_call=True,
)
def toon_trend(indicator_id: str | None, sleutel: dict | None):
    if not indicator_id or not sleutel:
        return no_update
    figuren = view.trend_figuren(current_data(), sleutel["gemeentecode"], sleutel["kern"], indicator_id)
    return view.trend_kaarten(figuren)


@callback(
    Output(alle_cijfers.INHOUD_ID, "children"),
    Input(alle_cijfers.ACCORDION_ID, "active_item"),
    State("kern-sleutel", "data"),
    prevent_initial_call=True,
)
def toon_alle_cijfers(open_item: str | None, sleutel: dict | None):
    """The all-figures table when a reader opens it (from the cached profile: a few ms on the server)."""
    if open_item != alle_cijfers.ITEM_ID or not sleutel:
        return no_update
    try:
        return alle_cijfers.tabel_van(current_data(), sleutel["gemeentecode"], sleutel["kern"])
    except Exception:  # noqa: BLE001 - the reader gets a Dutch sentence instead of "wordt geladen" for ever
        logging.getLogger(__name__).exception("all-figures table for %s failed", sleutel)
        return components.melding("De tabel kon niet worden gemaakt. Probeer het later opnieuw.", "danger")


def bestand(soort: str, sleutel: dict | None):
    """The download (or a Dutch sentence why there is none) for the PDF and Excel buttons."""
    if not sleutel:
        return no_update, no_update
    try:
        return view.download(current_data(), sleutel["gemeentecode"], sleutel["kern"], soort), None
    except Exception:  # noqa: BLE001 - the reader gets a Dutch sentence, the log gets the traceback
        logging.getLogger(__name__).exception("briefing %s for %s failed", soort, sleutel)
        return no_update, components.melding(
            "Het maken van het bestand is mislukt. Probeer het later opnieuw.", "danger"
        )


@callback(
    Output("kern-download", "data", allow_duplicate=True),
    Output("kern-download-melding", "children", allow_duplicate=True),
    Input("kern-pdf-knop", "n_clicks"),
    State("kern-sleutel", "data"),
    prevent_initial_call=True,
)
def download_pdf(n_clicks: int | None, sleutel: dict | None):
    return bestand("pdf", sleutel)


@callback(
    Output("kern-download", "data", allow_duplicate=True),
    Output("kern-download-melding", "children", allow_duplicate=True),
    Input("kern-xlsx-knop", "n_clicks"),
    State("kern-sleutel", "data"),
    prevent_initial_call=True,
)
def download_xlsx(n_clicks: int | None, sleutel: dict | None):
    return bestand("xlsx", sleutel)
