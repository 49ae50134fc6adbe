"""Alle cijfers: every figure of the kern in one table, grouped by theme (folded away at the foot of the page).

The table is drawn when a reader opens it (`tabel_van`, from the page's callback), not with the page: its ~700
cells were a third of the page's components, and the browser drew them, folded away, before the headline tiles
(all of NL: the tiles 0,08 s sooner without them)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboards import components
from dashboards import formatting as fmt
from dashboards.data import ServingData
from dashboards.views import kern_profiel
from dashboards.views.kernprofiel.kopcijfers import Cijfers, cijfers_van
from dashboards.vocabulary import thema_naam, thema_orde

# The fold-out, its one item, the body the table is drawn into, and the table.
ACCORDION_ID, ITEM_ID = "kern-alle-cijfers-vouw", "alle-cijfers"
INHOUD_ID, TABEL_ID = "kern-alle-cijfers-inhoud", "kern-alle-cijfers"
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
        id=TABEL_ID,
    )


def tabel_van(data: ServingData, gemeentecode: str, kern: str) -> dbc.Table:
    """The table of one kern, as the folded-away section shows it once opened."""
    profiel = kern_profiel(data, gemeentecode, kern)
    return tabel(cijfers_van(profiel))


def sectie(aantal: int, kernnaam: str) -> html.Section:
    """The folded-away section; its body waits for the table (`tabel_van`) until a reader opens it."""
    return html.Section(
        dbc.Accordion(
            dbc.AccordionItem(
                html.Div(html.P("De tabel wordt geladen…", className="text-muted mb-0", role="status"), id=INHOUD_ID),
                title=f"Alle {aantal} cijfers van {kernnaam} in een tabel",
                item_id=ITEM_ID,
            ),
            start_collapsed=True,
            id=ACCORDION_ID,
        ),
        className="mb-4",
        id="sectie-alle-cijfers",
    )
