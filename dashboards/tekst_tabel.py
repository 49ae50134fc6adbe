"""A table of text as one Dash component, drawn by assets/tekst_tabel.js.

Dash keeps bookkeeping in the browser for every component it draws; a table of html.Tr/Th/Td is one component
per cell (a chart's table of 12 rows: ~40; a kern's all figures: ~1.000, which Dash 4.4.1, when a callback sends
them, draws at a cost per cell that grows with every component already on the page: 8-12 s here). This one draws
the same markup (dash-bootstrap-components' Table classes, headers with scope) from its headings and rows as text.
"""

from __future__ import annotations

from collections.abc import Iterator

from dash.development.base_component import Component

NAMESPACE = "kernmonitor_componenten"

# A row: a list of cells, or {"groep": text} (a heading over the rows below it, scope=colgroup).
# A cell: a text, or {"tekst": text, "badge": {"tekst", "className", "title"}} (the text with a badge after it).
Cel = str | dict
Regel = list[Cel] | dict


class TekstTabel(Component):
    """`kop`: the column headings; `regels`: the rows (see Regel); `rijkoppen`: the first cell of a row is its
    header (scope=row); `responsive`: inside a div that scrolls sideways; `hover`: rows light up under the mouse;
    `kolomklassen`: a class for the cells of each column (say "text-end" for figures; for the row headers it
    replaces their "fw-normal"); `bijschrift`: the table's caption (its name for screen readers); `gestreept`:
    every other row shaded (Bootstrap's table-striped)."""

    _children_props: list = []
    _base_nodes: list = []
    _namespace = NAMESPACE
    _type = "TekstTabel"

    def __init__(
        self,
        kop: list[str],
        regels: list[Regel],
        id: str | None = None,
        rijkoppen: bool = False,
        responsive: bool = True,
        className: str | None = None,
        hover: bool = False,
        kolomklassen: list[str] | None = None,
        bijschrift: str | None = None,
        gestreept: bool = True,
    ) -> None:
        self._prop_names = [
            "id", "kop", "regels", "rijkoppen", "responsive", "className", "hover", "kolomklassen", "bijschrift",
            "gestreept",
        ]  # fmt: skip
        self._valid_wildcard_attributes: list = []
        self.available_properties = list(self._prop_names)
        self.available_wildcard_properties: list = []
        props: dict = {"kop": kop, "regels": regels, "rijkoppen": rijkoppen, "responsive": responsive}
        facultatief = {"id": id, "className": className, "kolomklassen": kolomklassen, "bijschrift": bijschrift}
        for naam, waarde in facultatief.items():
            if waarde is not None:
                props[naam] = waarde
        if hover:
            props["hover"] = True
        if not gestreept:
            props["gestreept"] = False
        super().__init__(**props)

    @staticmethod
    def teksten_van(props: dict) -> Iterator[str]:
        """Every text the table shows, in reading order (from its props, or from its JSON's "props")."""
        if props.get("bijschrift"):
            yield props["bijschrift"]
        yield from props["kop"]
        for regel in props["regels"]:
            cellen = [regel["groep"]] if isinstance(regel, dict) else regel
            for cel in cellen:
                if isinstance(cel, dict):
                    yield cel["tekst"]
                    if cel.get("badge"):
                        yield cel["badge"]["tekst"]
                else:
                    yield cel

    def teksten(self) -> Iterator[str]:
        return self.teksten_van(self.to_plotly_json()["props"])
