"""The profile's downloads: the raad briefing (PDF) and the workbook (XLSX) of the kern, and the compare link."""

from __future__ import annotations

from urllib.parse import quote

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboards.data import ServingData


def knoppen(kernnaam: str) -> html.Div:
    return html.Div(
        [
            dbc.Button("Download PDF (1 pagina)", id="kern-pdf-knop", color="primary", className="me-2 mb-2"),
            dbc.Button("Download Excel", id="kern-xlsx-knop", color="primary", outline=True, className="me-2 mb-2"),
            dcc.Link(
                "Vergelijk met andere kernen",
                href="/vergelijken?kernen=" + quote(kernnaam),
                className="btn btn-outline-secondary me-2 mb-2",
            ),
            dcc.Download(id="kern-download"),
            html.Div(id="kern-download-melding", role="status"),
        ],
        className="d-print-none",
    )


def download(data: ServingData, gemeentecode: str, kern: str, soort: str) -> dict:
    """The dcc.Download payload of a briefing file."""
    from dashboards import briefing

    if soort == "pdf":
        inhoud, extensie, mime = briefing.kern_pdf(data, gemeentecode, kern), "pdf", "application/pdf"
    else:
        inhoud = briefing.kern_xlsx(data, gemeentecode, kern)
        extensie, mime = "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    bestand = f"kernmonitor-{kern.lower().replace(' ', '-')}.{extensie}"
    return dcc.send_bytes(inhoud, bestand, type=mime)
