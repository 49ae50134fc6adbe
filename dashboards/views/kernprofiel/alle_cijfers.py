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
from dashboards.tekst_tabel import TekstTabel
from dashboards.views import kern_profiel
from dashboards.views.kernprofiel.kopcijfers import Cijfers, cijfers_van
from dashboards.vocabulary import thema_naam, thema_orde

# The fold-out, its one item, the body the table is drawn into, and the table.
ACCORDION_ID, ITEM_ID = "kern-alle-cijfers-vouw", "alle-cijfers"
INHOUD_ID, TABEL_ID = "kern-alle-cijfers-inhoud", "kern-alle-cijfers"
KOPPEN = ("Cijfer", "Kern", "Gemeente", "Nederland", "Rang", "Jaar", "Dekking", "Toelichting")
KOLOMKLASSEN = ["", "text-end text-nowrap", "text-end", "text-end", "text-nowrap", "", "", ""]


def _regel(r: dict) -> list:
    waarde = fmt.waarde(r["waarde"], r["eenheid"], r["decimalen"])
    synthetisch = not fmt.is_missing(r["waarde"]) and bool(r["synthetisch"])
    return [
        r["label"],
        components.synthetisch_cel(waarde) if synthetisch else waarde,
        fmt.waarde(r["gemeente_waarde"], r["eenheid"], r["decimalen"]),
        fmt.waarde(r["nederland_waarde"], r["eenheid"], r["decimalen"]),
        "" if fmt.is_missing(r["rang"]) else f"{int(r['rang'])} van {int(r['rang_van'])}",
        "" if fmt.is_missing(r["jaar"]) else str(int(r["jaar"])),
        fmt.aandeel(r["dekking"]),
        components.status_tekst(r) or components.bron_tekst(r).split(" · ")[0],
    ]


def tabel(cijfers: Cijfers) -> TekstTabel:
    """Every figure, under a heading per theme (scope=colgroup): one component, not one per cell (the reader's
    click on the fold-out drew ~1.000 cells in 8-12 s on all of NL, dashboards/tekst_tabel.py)."""
    op_label = sorted(cijfers.values(), key=lambda r: r["label"])
    regels: list = []
    for thema in thema_orde(r["thema"] for r in op_label):
        regels.append({"groep": thema_naam(thema)})
        regels += [_regel(r) for r in op_label if r["thema"] == thema]
    return TekstTabel(
        list(KOPPEN),
        regels,
        id=TABEL_ID,
        rijkoppen=True,
        responsive=True,
        className="alle-cijfers",
        hover=True,
        kolomklassen=KOLOMKLASSEN,
    )


def tabel_van(data: ServingData, gemeentecode: str, kern: str) -> TekstTabel:
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
