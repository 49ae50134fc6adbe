"""A table of text as one Dash component, drawn by assets/tekst_tabel.js.

Dash keeps bookkeeping in the browser for every component it draws; a table of html.Tr/Th/Td is one component
per cell (a chart's table of 12 rows: ~40). This one draws the same markup (dash-bootstrap-components' Table
classes, headers with scope) from its headings and rows as text.
"""

from __future__ import annotations

from dash.development.base_component import Component

NAMESPACE = "kernmonitor_componenten"


class TekstTabel(Component):
    """`kop`: the column headings; `regels`: rows of cell texts; `rijkoppen`: the first cell of a row is its
    header (scope=row); `responsive`: inside a div that scrolls sideways."""

    _children_props: list = []
    _base_nodes: list = []
    _namespace = NAMESPACE
    _type = "TekstTabel"

    def __init__(
        self,
        kop: list[str],
        regels: list[list[str]],
        id: str | None = None,
        rijkoppen: bool = False,
        responsive: bool = True,
        className: str | None = None,
    ) -> None:
        self._prop_names = ["id", "kop", "regels", "rijkoppen", "responsive", "className"]
        self._valid_wildcard_attributes: list = []
        self.available_properties = list(self._prop_names)
        self.available_wildcard_properties: list = []
        props = {"kop": kop, "regels": regels, "rijkoppen": rijkoppen, "responsive": responsive}
        if id is not None:
            props["id"] = id
        if className is not None:
            props["className"] = className
        super().__init__(**props)
