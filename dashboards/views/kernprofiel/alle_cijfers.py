"""Alle cijfers: every figure of the kern in one table, grouped by theme (folded away at the foot of the page)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboards import components
from dashboards import formatting as fmt
from dashboards.views.kernprofiel.kopcijfers import Cijfers
from dashboards.vocabulary import thema_naam, thema_orde

KOPPEN = ("Cijfer", "Kern", "Gemeente", "Nederland", "Rang", "Jaar", "Dekking", "Toelichting")


def _regel(r: dict) -> html.Tr:
    waarde = [fmt.waarde(r["waarde"], r["eenheid"], r["decimalen"])]
    if not fmt.is_missing(r["waarde"]) and bool(r["synthetisch"]):
        waarde.append(components.synthetisch_badge())
    return html.Tr(
        [
            html.Th(r["label"], scope="row", className="fw-normal"),
            html.Td(waarde, className="text-end text-nowrap"),
            html.Td(fmt.waarde(r["gemeente_waarde"], r["eenheid"], r["decimalen"]), className="text-end"),
            html.Td(fmt.waarde(r["nederland_waarde"], r["eenheid"], r["decimalen"]), className="text-end"),
            html.Td(
                "" if fmt.is_missing(r["rang"]) else f"{int(r['rang'])} van {int(r['rang_van'])}",
                className="text-nowrap",
            ),
            html.Td("" if fmt.is_missing(r["jaar"]) else str(int(r["jaar"]))),
            html.Td(fmt.aandeel(r["dekking"])),
            html.Td(components.status_tekst(r) or components.bron_tekst(r).split(" · ")[0]),
        ]
    )


def tabel(cijfers: Cijfers) -> dbc.Table:
    op_label = sorted(cijfers.values(), key=lambda r: r["label"])
    regels = []
    for thema in thema_orde(r["thema"] for r in op_label):
        regels.append(html.Tr(html.Th(thema_naam(thema), colSpan=len(KOPPEN), scope="colgroup")))
        regels += [_regel(r) for r in op_label if r["thema"] == thema]
    return dbc.Table(
        [html.Thead(html.Tr([html.Th(k, scope="col") for k in KOPPEN])), html.Tbody(regels)],
        striped=True,
        hover=True,
        responsive=True,
        size="sm",
        className="alle-cijfers",
        id="kern-alle-cijfers",
    )


def sectie(cijfers: Cijfers, kernnaam: str) -> html.Section:
    return html.Section(
        dbc.Accordion(
            dbc.AccordionItem(tabel(cijfers), title=f"Alle {len(cijfers)} cijfers van {kernnaam} in een tabel"),
            start_collapsed=True,
        ),
        className="mb-4",
        id="sectie-alle-cijfers",
    )
