"""Building blocks shared by the pages: tiles, chart cards, notices, the navigation bar.

Every figure the dashboard shows travels with its source, year and coverage; a missing figure shows "–" with the
reason; a synthetic figure carries a visible "synthetisch" badge.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboards import charts
from dashboards import formatting as fmt
from dashboards.tekst_tabel import TekstTabel
from kernmonitor import freshness

SYNTHETISCH_UITLEG = (
    "Synthetische demonstratiewaarde: gemaakt om het dashboard te laten zien, geen echte meting. "
    "Gebruik dit cijfer niet voor beleid."
)


def keuzelijst(
    id: str, options: list[dict], label: str, value: list | None = None, hint: str = "", open: bool = False
) -> html.Details:
    """A multiple choice as native checkboxes in a fold-out group: the group is named by its visible label.

    Not dcc.Dropdown: in Dash 4.4 its keyboard proxy is a focusable input hidden from screen readers (axe
    aria-hidden-focus) and its button is named by the chosen values instead of its label (axe
    label-content-name-mismatch; the label is never read out). `value` is a list, as the dropdown's was.
    """
    return html.Details(
        [
            html.Summary([html.Span(label, className="fw-semibold"), *([f" ({hint})"] if hint else [])]),
            html.Fieldset(
                [
                    html.Legend(label, className="visually-hidden"),
                    dbc.Checklist(id=id, options=options, value=list(value or [])),
                ]
            ),
        ],
        open=open,
        className="keuzelijst" + (" keuzelijst-lang" if len(options) > 12 else ""),
        id=f"{id}-keuze",
    )


# What AG Grid itself writes on the page and tells a screen reader, in Dutch (its defaults are English).
AG_GRID_TEKST = {
    "noRowsToShow": "Geen rijen om te tonen",
    "loadingOoo": "Laden…",
    "loadingError": "Fout bij laden",
    "page": "Pagina",
    "of": "van",
    "to": "tot",
    "more": "meer",
    "firstPage": "Eerste pagina",
    "lastPage": "Laatste pagina",
    "nextPage": "Volgende pagina",
    "previousPage": "Vorige pagina",
    "pageSizeSelectorLabel": "Rijen per pagina:",
    "ariaPageSizeSelectorLabel": "Rijen per pagina",
    "ariaSortableColumn": "Druk op Enter om te sorteren",
    "ariaLabelColumnMenu": "Kolommenu",
    "ariaLabelColumnFilter": "Kolomfilter",
    "ariaMenuColumn": "Druk op Alt + pijl omlaag voor het kolommenu",
    "ariaFilterColumn": "Druk op Ctrl + Enter om te filteren",
    "ariaColumnFiltered": "Kolom gefilterd",
    "ariaLabelTooltip": "Toelichting",
    "ariaChecked": "aangevinkt",
    "ariaUnchecked": "niet aangevinkt",
    "ariaIndeterminate": "gedeeltelijk",
    "ariaSkeletonCellLoading": "Rij wordt geladen",
    "ariaSkeletonCellLoadingFailed": "Rij kon niet worden geladen",
}


def ag_tabel(
    id: str, naam: str, column_defs: list[dict] | None = None, row_data: list[dict] | None = None, **opties
) -> html.Div:
    """A sortable table (dash-ag-grid; Dash 4 deprecates DataTable), the same everywhere:

    - every row and column drawn (print layout, no virtualisation): the grid never scrolls itself, a find in the
      page finds every kern, and a wide table scrolls sideways in its own box (`scrollvak`, named `naam`);
    - no focus on cells or headers: Tab goes from link to link inside it and then out of it, never cell by cell
      (a keyboard trap for whoever only wants past it); sorting by keyboard is `sorteerkeuze` above the table;
    - hover text from a column's `tooltipField`, Dutch numbers made in Python (`valueFormatter` reads the text
      beside the number, so sorting stays numeric), Dutch for what the grid writes itself (`AG_GRID_TEKST`);
    - no "Geen rijen om te tonen" overlay: AG Grid can leave it standing over rows that arrive while it is being
      drawn (ag-grid/ag-grid#12747; the reflow test saw it over a full kernagenda under load). A page whose table
      can be empty says so in its own words (the kernagenda's summary: "Geen actiepunten die aan deze keuze
      voldoen.").
    """
    grid_opties = {
        "domLayout": "print",
        "suppressCellFocus": True,
        "suppressHeaderFocus": True,
        "tabIndex": -1,
        "suppressColumnVirtualisation": True,
        "suppressRowVirtualisation": True,
        "suppressNoRowsOverlay": True,
        "ensureDomOrder": True,
        "enableCellTextSelection": True,
        "suppressMovableColumns": True,
        "tooltipShowDelay": 0,
        "tooltipHideDelay": 60000,
        "localeText": AG_GRID_TEKST,
        **opties.pop("dashGridOptions", {}),
    }
    grid = dag.AgGrid(
        id=id,
        columnDefs=column_defs or [],
        rowData=row_data or [],
        defaultColDef={
            "sortable": True,
            "resizable": False,
            "suppressHeaderMenuButton": True,
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
            **opties.pop("defaultColDef", {}),
        },
        dashGridOptions=grid_opties,
        columnSize=opties.pop("columnSize", "autoSize"),
        suppressDragLeaveHidesColumns=True,
        className="kernmonitor-tabel",
        style={"height": "auto"},  # dash-ag-grid's default is 400px: the grid takes the height of its rows
        **opties,
    )
    return scrollvak(grid, naam) if naam else grid


def sorteer_opties(kolommen: list[dict]) -> list[dict]:
    """The options of `sorteerkeuze` for AG Grid columns (columnDefs): each column up and down ("kolom|asc")."""
    opties = [{"label": "Zoals geladen", "value": "geen"}]
    for kolom in kolommen:
        naam = str(kolom["headerName"]).replace(" ⚠", "")
        if kolom.get("cellDataType") == "number":
            opties += [
                {"label": f"{naam}: hoog naar laag", "value": f"{kolom['field']}|desc"},
                {"label": f"{naam}: laag naar hoog", "value": f"{kolom['field']}|asc"},
            ]
        else:
            opties += [
                {"label": f"{naam}: A tot Z", "value": f"{kolom['field']}|asc"},
                {"label": f"{naam}: Z tot A", "value": f"{kolom['field']}|desc"},
            ]
    return opties


def sorteerkeuze(id: str, kolommen: list[dict]) -> html.Div:
    """Sorting a table by keyboard: the grid's column headers take no focus (see `ag_tabel`)."""
    return html.Div(
        [
            dbc.Label("Sorteer de tabel op", html_for=id, className="me-2 mb-0"),
            dbc.Select(id=id, options=sorteer_opties(kolommen), value="geen", className="w-auto mw-100"),
        ],
        className="d-flex flex-wrap align-items-center gap-1 mb-2 tabel-sorteren",
    )


def sorteer_volgens(keuze: str | None, kolommen: list[dict]) -> list[dict]:
    """The columnDefs of a table sorted by a `sorteerkeuze` value ("geen" = unsorted).

    The sort travels in the column definitions (`sort` on every column: the chosen direction or None, which clears
    a sort made by clicking a header), not as a separate `columnState`: the grid applies new definitions as one
    update, where a `columnState` sent while the grid was still taking new rows or columns could be lost (the
    browser test caught a table that stayed unsorted under load)."""
    kolom, richting = keuze.rsplit("|", 1) if keuze and "|" in keuze else (None, None)
    return [{**k, "sort": richting if k["field"] == kolom else None} for k in kolommen]


def kern_href(kern: str) -> str:
    return f"/kern/{quote(str(kern), safe='')}"


def synthetisch_badge() -> dbc.Badge:
    return dbc.Badge(
        "synthetisch",
        color="warning",
        text_color="dark",
        className="badge-synthetisch ms-2",
        title=SYNTHETISCH_UITLEG,
    )


def synthetisch_cel(tekst: str) -> dict:
    """A TekstTabel cell: the text with the badge of `synthetisch_badge` after it, in the markup that draws."""
    return {
        "tekst": tekst,
        "badge": {
            "tekst": "synthetisch",
            "className": "badge-synthetisch ms-2 badge text-dark bg-warning",
            "title": SYNTHETISCH_UITLEG,
        },
    }


def synthetisch_melding(aantal: int | None = None, wat: str = "cijfers op deze pagina") -> dbc.Alert:
    """The page-level notice that tells a reader not to take demo figures for real ones."""
    if aantal is None:
        hoeveel = f"Een deel van de {wat} is synthetisch"
    elif aantal == 1:
        hoeveel = f"Eén van de {wat} is synthetisch"
    else:
        hoeveel = f"{fmt.getal(aantal)} van de {wat} zijn synthetisch"
    return dbc.Alert(
        [
            html.Strong("Let op: demonstratiegegevens. "),
            f"{hoeveel} (gemaakt voor de demo, geen echte meting) en dragen het label ",
            synthetisch_badge(),
            ". Echte cijfers staan er zonder label.",
        ],
        color="warning",
        className="synthetisch-melding",
        id="synthetisch-melding",
    )


def bron_tekst(row: pd.Series | dict) -> str:
    """ "Bron: CBS Kerncijfers wijken en buurten (86165NED) · 2025 · dekking 100%".

    Without a value (`waarde` present but missing) only the source is named: a year or a CBS table id would
    suggest a figure that is not there.
    """
    bron = str(row.get("bron") or "onbekende bron")
    zonder_waarde = "waarde" in row and fmt.is_missing(row.get("waarde"))
    tabel = row.get("bron_tabel")
    if not zonder_waarde and bron.startswith("CBS") and not fmt.is_missing(tabel) and str(tabel) not in bron:
        bron = f"{bron} ({tabel})"
    delen = [f"Bron: {bron}"]
    if zonder_waarde:
        return delen[0]
    if not fmt.is_missing(row.get("jaar")):
        delen.append(str(int(row["jaar"])))
    if not fmt.is_missing(row.get("dekking")):
        delen.append(f"dekking {fmt.aandeel(row['dekking'])}")
    return " · ".join(delen)


def status_tekst(row: pd.Series | dict) -> str:
    """Why a value is missing or partial, in words a reader understands."""
    status = str(row.get("status") or "")
    if status.startswith("geen gegevens: "):
        return "Geen gegevens: " + status[len("geen gegevens: ") :]
    if status.startswith("enquête, "):  # a survey figure: gewogen or ongewogen
        return "Enquête, " + status[len("enquête, ") :]
    return {
        "onvoldoende gegevens": "Onvoldoende gegevens: te veel buurten zonder waarde (geheimhouding CBS)",
        "gedeeltelijk": "Gedeeltelijk: niet alle buurten hebben een waarde",
        "wijkcijfer": "Wijkcijfer: de waarde van de wijk, de buurten ontbreken",
        "volledig": "",
    }.get(status, status)


def indicator_tegel(row: pd.Series | dict, groot: bool = False) -> dbc.Card:
    """One figure: label, value in Dutch, how it compares, where it comes from."""
    label_id = f"tegel-{row['indicator_id']}"
    missing = fmt.is_missing(row["waarde"])
    waarde = fmt.waarde(row["waarde"], row["eenheid"], row["decimalen"])
    eenheid = fmt.eenheid_tekst(row["eenheid"])
    kop = [row["label"]]
    if not missing and bool(row.get("synthetisch")):
        kop.append(synthetisch_badge())
    body = [
        html.Div(kop, className="tegel-label", id=label_id),
        html.Div(
            [html.Span(waarde, className="tegel-waarde"), f" {eenheid}" if eenheid and not missing else ""],
            className="tegel-cijfer" + (" tegel-groot" if groot else ""),
            **{"aria-describedby": label_id, "data-indicator": row["indicator_id"]},
        ),
    ]
    if missing:
        body.append(html.Div(status_tekst(row) or "Geen waarde", className="tegel-reden"))
    else:
        vergelijk = []
        if not fmt.is_missing(row.get("gemeente_waarde")):
            vergelijk.append(f"gemeente {fmt.waarde(row['gemeente_waarde'], row['eenheid'], row['decimalen'])}")
        if not fmt.is_missing(row.get("nederland_waarde")):
            vergelijk.append(f"Nederland {fmt.waarde(row['nederland_waarde'], row['eenheid'], row['decimalen'])}")
        if vergelijk:
            body.append(html.Div(" · ".join(vergelijk), className="tegel-vergelijk"))
        rang = fmt.rang_tekst(row.get("rang"), row.get("rang_van"), row.get("richting"))
        if rang:
            body.append(html.Div(rang, className="tegel-rang"))
        status = status_tekst(row)
        if status:
            body.append(html.Div(status, className="tegel-reden"))
    body.append(html.Div(bron_tekst(row), className="tegel-bron"))
    return dbc.Card(body, body=True, className="tegel h-100" + (" tegel-ontbreekt" if missing else ""))


def grafiek_kaart(
    titel: str,
    figuur,
    graph_id: str | dict,
    bron: str,
    synthetisch: bool = False,
    toelichting: str | None = None,
    extra: list | None = None,
    vol: bool = True,
) -> dbc.Card:
    """A chart in a card: title (with badge when synthetic), the chart with its figures in words and as a table
    (`grafiek`), and what it rests on."""
    titel_id = f"{dom_id(graph_id)}-titel"
    kop = [html.H3(titel, className="h5 mb-0 d-inline", id=titel_id)]
    if synthetisch:
        kop.append(synthetisch_badge())
    inhoud = list(extra or [])
    inhoud += grafiek(figuur, graph_id, titel, titel_id)
    voet = [html.Span(bron)]
    if toelichting:
        voet.insert(0, html.Span(toelichting + " ", className="d-block"))
    return dbc.Card(
        [
            dbc.CardHeader(kop),
            dbc.CardBody(inhoud, className="p-2"),
            dbc.CardFooter(voet, className="grafiek-bron"),
        ],
        className="grafiek-kaart" + (" h-100" if vol else ""),
    )


def dom_id(component_id: str | dict) -> str:
    """A plain HTML id for the elements around a component, also for a pattern-matching (dict) id."""
    if isinstance(component_id, dict):
        component_id = "-".join(str(v) for v in component_id.values())
    return re.sub(r"[^A-Za-z0-9_-]", "-", str(component_id))


def grafiek(
    figuur,
    graph_id: str | dict,
    titel: str,
    titel_id: str | None = None,
    config: dict | None = None,
    alternatief: charts.Tekstalternatief | None = None,
) -> list:
    """Every chart on every page goes through here: the chart, what it shows in words (its figures, tied to it
    with aria-describedby and shown under it) and its data as a table behind "Toon als tabel".

    The text and the table come from `charts.tekstalternatief(figuur)` unless `alternatief` is given. The figure
    is named by its title (`titel_id`, the card's heading) or, without one, by `titel` itself.
    """
    alternatief = alternatief or charts.tekstalternatief(figuur)
    basis = dom_id(graph_id)
    naam = {"aria-labelledby": titel_id} if titel_id else {"aria-label": titel}
    delen: list = [
        html.Figure(
            [
                dcc.Graph(id=graph_id, figure=figuur, config=config or charts.graph_config()),
                html.Figcaption(alternatief.beschrijving, id=f"{basis}-beschrijving", className="grafiek-beschrijving"),
            ],
            className="grafiek mb-1",
            **naam,
            **{"aria-describedby": f"{basis}-beschrijving"},
        )
    ]
    if alternatief.regels:
        delen.append(
            html.Details(
                [
                    html.Summary(["Toon als tabel", html.Span(f": {titel}", className="visually-hidden")]),
                    scrollvak(
                        tabel(alternatief.kop, alternatief.regels, f"{basis}-tabel", rijkoppen=True, responsive=False),
                        f"Tabel: {titel}",
                    ),
                ],
                className="grafiek-tabel",
            )
        )
    return delen


def niet_gevonden(titel: str, tekst: str | list) -> html.Div:
    """The friendly Dutch 404: what went wrong and where to go from here."""
    return html.Div(
        [
            html.H1(titel, className="display-6"),
            html.P(tekst, className="lead"),
            html.P(
                [
                    dcc.Link("Naar het overzicht van alle kernen", href="/", className="btn btn-primary me-2"),
                    dcc.Link("Bronnen en methode", href="/bronnen", className="btn btn-outline-secondary"),
                ]
            ),
        ],
        className="niet-gevonden py-5",
        role="alert",
        id="niet-gevonden",
    )


def tabel(
    kop: list[str],
    regels: list[list],
    element_id: str | None = None,
    rijkoppen: bool = False,
    responsive: bool = True,
    kolomklassen: list[str] | None = None,
) -> dbc.Table | TekstTabel:
    """A small striped table with column headers (scope=col, for screen readers); with `rijkoppen` the first cell
    of every row is its header (scope=row, not bold unless `kolomklassen` says otherwise); `kolomklassen`: a class
    for each column's cells. All text (or empty): one TekstTabel, the same markup drawn as one component instead of
    one per cell; with a component (a link, a badge) or a number in it: dbc.Table."""
    kwargs = {"id": element_id} if element_id else {}
    if all(_tekst(k) for k in kop) and all(_tekst(c) for regel in regels for c in regel):
        return TekstTabel(
            [k or "" for k in kop],
            [[c or "" for c in regel] for regel in regels],
            rijkoppen=rijkoppen,
            responsive=responsive,
            kolomklassen=kolomklassen,
            **kwargs,
        )
    klassen = list(kolomklassen or [])

    def _klasse(kolom: int) -> dict:
        klasse = klassen[kolom] if kolom < len(klassen) else ""
        return {"className": klasse} if klasse else {}

    def _rij(regel: list) -> html.Tr:
        cellen = [html.Td(c, **_klasse(k)) for k, c in enumerate(regel)]
        if rijkoppen and regel:
            cellen[0] = html.Th(regel[0], scope="row", **(_klasse(0) or {"className": "fw-normal"}))
        return html.Tr(cellen)

    return dbc.Table(
        [
            html.Thead(html.Tr([html.Th(k, scope="col") for k in kop])),
            html.Tbody([_rij(regel) for regel in regels]),
        ],
        striped=True,
        responsive=responsive,
        size="sm",
        **kwargs,
    )


def _tekst(cel: object) -> bool:
    # Text as the pages make it (fmt), or nothing. A number, a bool or a NaN keeps the table of html.Td, which
    # shows them as the browser writes a JSON value (1e16 in full, NaN and True as nothing), not as Python's str().
    return cel is None or isinstance(cel, str)


def scrollvak(inhoud, naam: str) -> html.Div:
    """A wide table's own scrolling region, reachable by keyboard (axe scrollable-region-focusable) and named for
    screen readers: the table scrolls inside it, never the page. Give it a table made with responsive=False."""
    return html.Div(inhoud, className="table-responsive", tabIndex="0", role="region", **{"aria-label": naam})


def melding(tekst: str | list, kleur: str = "info", element_id: str | None = None) -> dbc.Alert:
    kwargs = {"id": element_id} if element_id else {}
    return dbc.Alert(tekst, color=kleur, className="my-3", **kwargs)


def navigatie() -> dbc.Navbar:
    """The menu, from the page registry: pages added later (the Kansenkaart) show up by themselves."""
    pages = [
        page
        for page in dash.page_registry.values()
        if not page.get("path_template")
        and page["module"].split(".")[-1] != "not_found_404"
        and page.get("in_menu", True)
    ]
    pages.sort(key=lambda p: (p.get("order") if p.get("order") is not None else 50, p["name"]))
    links = [
        dbc.NavItem(dbc.NavLink(page["name"], href=page["relative_path"], active="exact", className="px-3"))
        for page in pages
    ]
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(
                    [html.Span("kern", className="fw-light"), html.Span("monitor", className="fw-bold")],
                    href="/",
                    className="fs-3",
                ),
                dbc.NavbarToggler(id="menu-knop"),
                dbc.Collapse(dbc.Nav(links, navbar=True, className="ms-auto"), id="menu", navbar=True),
            ],
            fluid=True,
        ),
        color="dark",
        dark=True,
        className="mb-3",
    )


def stale_notice(published_at, now=None) -> str | None:
    """The Dutch notice the dashboard shows above stale data; None while the data is fresh."""
    if not freshness.is_stale(published_at, now):
        return None
    days = freshness.age(published_at, now).days
    return (
        f"Let op: deze gegevens zijn gepubliceerd op {fmt.datum(freshness.as_utc(published_at))}, {days} dagen "
        "geleden. Ze worden elke maand ververst; de laatste verversing is waarschijnlijk mislukt. Vraag de "
        "beheerder om het na te kijken."
    )
