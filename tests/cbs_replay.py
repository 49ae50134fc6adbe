"""A local CBS: serves OData v3 tables and the catalogue on a pytest-httpserver, in the real answer format.

Tests and benchmarks build a table with `kwb_table()` and serve it with `CbsReplay(httpserver).add_table(...)`.
What is real and what is not:
- TableInfos and DataProperties are the real ones of 85984NED (data/cbs, revision 2025-03-27);
- the regions are the real codes and names of West Betuwe (GM1960) and Buren (GM0214) from the gwb2023 lists,
  keyed as CBS keys them (padded to 10 characters, Nederland = `NL00`); the extra fields of a region row
  (Description, CategoryGroupID, DetailRegionCode, Municipality) follow CBS's field names, their values are
  imitations;
- the cell values are synthetic: deterministic, counts that add up from buurt to wijk to gemeente, some
  suppressed (`null`) cells.
The server honours `$filter` (only the forms the client sends: `(WijkenEnBuurten eq '<padded key>') or ...` on
TypedDataSet, `startswith(Key,'<prefix>')` on the dimension), `$select`, `$skip`/`$top`, pages with
`odata.nextLink` when `page_size` is set, and refuses selections over `row_cap` rows the way an OData service
reports an error (or, with `cut_silently`, returns the first `row_cap` rows without saying so). The wording of
the refusal is ours: no recorded CBS row-cap answer was found.
"""

from __future__ import annotations

import csv
import json
import random
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "cbs"
ROW_CAP = 10_000
GEMEENTEN = {"GM1960": "West Betuwe", "GM0214": "Buren"}
LEVEL_NAMES = {"NL": "Land", "GM": "Gemeente", "WK": "Wijk", "BU": "Buurt"}

_EQ_CLAUSE = re.compile(r"^\(?WijkenEnBuurten eq '([^']*)'\)?$")
_STARTSWITH = re.compile(r"^startswith\(Key,'([^']*)'\)$")


def real_table_infos() -> dict:
    """The real TableInfos entry of 85984NED."""
    return json.loads((DATA_DIR / "85984NED_TableInfos_2025-03-27.json").read_text(encoding="utf-8"))[0]


def real_data_properties() -> list[dict]:
    """The real DataProperties of 85984NED (172 entries)."""
    return json.loads((DATA_DIR / "85984NED_DataProperties_2025-03-27.json").read_text(encoding="utf-8"))


def region_row(code: str, title: str) -> dict:
    """One row of the WijkenEnBuurten dimension."""
    gemeente = "GM" + code[2:6] if code[:2] in ("GM", "WK", "BU") else ""
    return {
        "Key": code.ljust(10),
        "Title": title,
        "Description": "",
        "CategoryGroupID": None,
        "DetailRegionCode": code,
        "Municipality": gemeente,
    }


def realistic_regions() -> list[dict]:
    """Nederland, then per gemeente its row, each wijk and that wijk's buurten (the order CBS lists them in)."""
    wijken = _read_names("gwb2023_wijk_namen_GM1960_GM0214.csv")
    buurten = _read_names("gwb2023_buurt_namen_GM1960_GM0214.csv")
    regions = [region_row("NL00", "Nederland")]
    for gemeente in sorted(GEMEENTEN):
        regions.append(region_row(gemeente, GEMEENTEN[gemeente]))
        for wijk in sorted(code for code in wijken if code[2:6] == gemeente[2:]):
            regions.append(region_row(wijk, wijken[wijk]))
            regions += [region_row(b, buurten[b]) for b in sorted(buurten) if b[2:8] == wijk[2:]]
    return regions


def _read_names(filename: str) -> dict[str, str]:
    with (DATA_DIR / filename).open(encoding="latin-1", newline="") as fh:
        return {row[0]: row[1] for row in list(csv.reader(fh, delimiter="\t"))[1:]}


def many_regions(gemeenten: int, buurten_per_gemeente: int) -> list[dict]:
    """A large synthetic region list (for the row cap): gemeenten GM0001.. with one wijk each."""
    regions = [region_row("NL00", "Nederland")]
    for number in range(1, gemeenten + 1):
        digits = f"{number:04d}"
        regions += [region_row(f"GM{digits}", f"Gemeente {digits}"), region_row(f"WK{digits}00", "Wijk 00")]
        regions += [region_row(f"BU{digits}00{b:02d}", f"Buurt {b}") for b in range(buurten_per_gemeente)]
    return regions


def kwb_rows(data_properties: list[dict], regions: list[dict], seed: int = 2024) -> list[dict]:
    """TypedDataSet rows with synthetic values for every Topic; counts of wijk and gemeente are buurt sums."""
    rng = random.Random(seed)
    topics = [p for p in data_properties if p.get("Type") == "Topic"]
    additive = {p["Key"] for p in topics if p.get("Datatype") == "Long" and p.get("Unit") == "aantal"}
    codes = [str(r["Key"]).strip() for r in regions]
    values = {code: _cell_values(topics, code, rng) for code in codes if code.startswith("BU")}
    for code in codes:
        if not code.startswith("BU"):
            own = _cell_values(topics, code, rng)
            part_of = {"GM": code[2:6], "WK": code[2:8]}.get(code[:2])
            children = [v for c, v in values.items() if part_of is not None and c[2:].startswith(part_of)]
            for key in additive:
                if children:
                    own[key] = sum(child[key] or 0 for child in children)
            values[code] = own
    names = {str(r["Key"]).strip(): r["Title"] for r in regions}
    rows = []
    for number, code in enumerate(codes):
        level = "NL" if code.startswith("NL") else code[:2]
        strings = {
            "Gemeentenaam": (names.get("GM" + code[2:6], "") if level != "NL" else "Nederland").ljust(36),
            "SoortRegio": LEVEL_NAMES[level].ljust(10),
            "Codering": code.ljust(10),
            "IndelingswijzigingGemeenteWijkBuurt": "1" if level in ("WK", "BU") else None,
            "MeestVoorkomendePostcode": f"{4000 + int(code[2:6] or 0) % 1000}" if level == "BU" else ".",
        }
        row = {"ID": number, "WijkenEnBuurten": code.ljust(10)}
        for topic in topics:
            stem = topic["Key"].rsplit("_", 1)[0]
            row[topic["Key"]] = strings.get(stem) if topic.get("Datatype") == "String" else values[code][topic["Key"]]
        rows.append(row)
    return rows


def _cell_values(topics: list[dict], code: str, rng: random.Random) -> dict:
    cells = {}
    for topic in topics:
        if topic.get("Datatype") == "Double":
            value: float | int | None = round(rng.uniform(0.1, 99.9), int(topic.get("Decimals") or 1))
        elif topic.get("Unit") == "aantal":
            value = rng.randint(0, 1500)
        else:
            value = rng.randint(0, 100)
        # CBS suppresses small-area cells: about one in twelve buurt cells that are not counts.
        if code.startswith("BU") and topic.get("Unit") != "aantal" and rng.random() < 1 / 12:
            value = None
        cells[topic["Key"]] = value
    return cells


def renumber_keys(data_properties: list[dict], suffixes: Mapping[int, int]) -> dict[str, str]:
    """Old key -> new key when the numeric suffixes are renumbered (`Stem_39` -> `Stem_36`)."""
    mapping = {}
    for prop in data_properties:
        stem, _, number = str(prop.get("Key", "")).rpartition("_")
        if prop.get("Type") == "Topic" and number.isdigit() and int(number) in suffixes:
            mapping[prop["Key"]] = f"{stem}_{suffixes[int(number)]}"
    return mapping


def with_keys_renamed(
    data_properties: list[dict], rows: list[dict], mapping: Mapping[str, str]
) -> tuple[list[dict], list[dict]]:
    """The same metadata and rows under new column keys."""
    properties = [{**p, "Key": mapping.get(p["Key"], p["Key"])} for p in data_properties]
    renamed = [{mapping.get(key, key): value for key, value in row.items()} for row in rows]
    return properties, renamed


@dataclass
class ReplayTable:
    """One CBS table as the replay server serves it."""

    table_id: str
    table_infos: dict
    data_properties: list[dict]
    regions: list[dict]
    rows: list[dict] = field(default_factory=list)

    def answer(self, entity: str) -> list[dict]:
        return {
            "TableInfos": [self.table_infos],
            "DataProperties": self.data_properties,
            "WijkenEnBuurten": self.regions,
            "TypedDataSet": self.rows,
        }[entity]


def kwb_table(table_id: str = "85984NED", regions: list[dict] | None = None, seed: int = 2024) -> ReplayTable:
    """A KWB table with the real 85984NED metadata, realistic regions and synthetic values."""
    properties = real_data_properties()
    regions = realistic_regions() if regions is None else regions
    infos = {**real_table_infos(), "Identifier": table_id}
    return ReplayTable(table_id, infos, properties, regions, kwb_rows(properties, regions, seed))


class CbsReplay:
    """Serves ReplayTables under `<server>/<prefix>/<ID>/<entity>` and records what was asked."""

    def __init__(
        self,
        httpserver: HTTPServer,
        prefix: str = "/ODataApi/odata",
        *,
        page_size: int | None = None,
        row_cap: int = ROW_CAP,
        cut_silently: bool = False,
    ) -> None:
        self.httpserver, self.prefix = httpserver, prefix.rstrip("/")
        self.page_size, self.row_cap, self.cut_silently = page_size, row_cap, cut_silently
        self.log: list[tuple[str, str, dict[str, str]]] = []

    @property
    def base_url(self) -> str:
        return self.httpserver.url_for(self.prefix)

    def add_table(self, table: ReplayTable) -> CbsReplay:
        for entity in ("TableInfos", "DataProperties", "WijkenEnBuurten", "TypedDataSet"):
            handler = self._handler(table, entity)
            self.httpserver.expect_request(self._path(table.table_id, entity)).respond_with_handler(handler)
        return self

    def fail_once(self, table_id: str, entity: str, status: int = 500) -> None:
        """The next request for this entity gets an error answer (then the table is served again)."""
        body = _odata_error(f"Interne serverfout (test, HTTP {status})")
        self.httpserver.expect_oneshot_request(self._path(table_id, entity)).respond_with_json(body, status=status)

    def stall_once(self, table: ReplayTable, entity: str, seconds: float) -> None:
        """The next request for this entity is answered only after `seconds` (past a short client timeout)."""
        handler = self._handler(table, entity)

        def slow(request: Request) -> Response:
            time.sleep(seconds)
            return handler(request)

        self.httpserver.expect_oneshot_request(self._path(table.table_id, entity)).respond_with_handler(slow)

    def requests_for(self, entity: str) -> list[dict[str, str]]:
        """The query parameters of every request served for this entity, in order."""
        return [params for _, served, params in self.log if served == entity]

    def _path(self, table_id: str, entity: str) -> str:
        return f"{self.prefix}/{table_id}/{entity}"

    def _handler(self, table: ReplayTable, entity: str) -> Callable[[Request], Response]:
        def handle(request: Request) -> Response:
            params = dict(request.args)
            self.log.append((table.table_id, entity, params))
            try:
                rows = _select(entity, _filter(entity, table.answer(entity), params.get("$filter")), params)
            except ValueError as exc:
                return _json_response(_odata_error(str(exc)), 400)
            if len(rows) > self.row_cap and not self.cut_silently:
                message = "De gevraagde selectie is te groot: een antwoord bevat maximaal 10000 rijen."
                return _json_response(_odata_error(message), 500)
            rows = rows[: self.row_cap]
            skip = int(params.get("$skip", 0))
            end = len(rows) if "$top" not in params else skip + int(params["$top"])
            if self.page_size is not None:
                end = min(end, skip + self.page_size)
            body: dict = {
                "odata.metadata": f"{self.base_url}/{table.table_id}/$metadata#Cbs.OData.WebAPI.{entity}",
                "value": rows[skip:end],
            }
            if end < len(rows) and self.page_size is not None:
                body["odata.nextLink"] = f"{request.base_url}?{urlencode({**params, '$skip': str(end)})}"
            return _json_response(body, 200)

        return handle


def _filter(entity: str, rows: list[dict], expression: str | None) -> list[dict]:
    if not expression:
        return rows
    if entity == "TypedDataSet":
        clauses = [_EQ_CLAUSE.match(part.strip()) for part in expression.split(" or ")]
        if not all(clauses):
            raise ValueError(f"filter niet ondersteund (alleen WijkenEnBuurten eq '...'): {expression}")
        keys = {clause.group(1) for clause in clauses if clause}
        return [row for row in rows if row["WijkenEnBuurten"] in keys]
    match = _STARTSWITH.match(expression)
    if entity == "WijkenEnBuurten" and match:
        return [row for row in rows if row["Key"].startswith(match.group(1))]
    raise ValueError(f"filter niet ondersteund op {entity}: {expression}")


def _select(entity: str, rows: list[dict], params: Mapping[str, str]) -> list[dict]:
    if "$select" not in params:
        return rows
    columns = [column.strip() for column in params["$select"].split(",")]
    known = set(rows[0]) if rows else set(columns)
    unknown = [column for column in columns if column not in known]
    if unknown:
        raise ValueError(f"onbekende eigenschap(pen) {unknown} in $select van {entity}")
    return [{column: row[column] for column in columns} for row in rows]


def _odata_error(message: str) -> dict:
    return {"odata.error": {"code": "", "message": {"lang": "nl-NL", "value": message}}}


def _json_response(body: dict, status: int) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json;odata=minimalmetadata")


def catalog_entry(
    identifier: str, year: int, *, status: str = "Regulier", modified: str = "2025-03-27T02:00:00"
) -> dict:
    """One row of ODataCatalog/Tables for a KWB table, shaped like the real catalogue rows."""
    title = f"Kerncijfers wijken en buurten {year}"
    return {
        **{key: value for key, value in real_table_infos().items() if key not in ("Description", "DefaultSelection")},
        "Identifier": identifier,
        "Title": title,
        "ShortTitle": title,
        "Period": str(year),
        "Modified": modified,
        "MetaDataModified": modified,
        "OutputStatus": status,
        "ApiUrl": f"https://opendata.cbs.nl/ODataApi/OData/{identifier}",
        "FeedUrl": f"https://opendata.cbs.nl/ODataFeed/OData/{identifier}",
    }


def add_catalog(httpserver: HTTPServer, tables: list[dict], prefix: str = "/ODataCatalog") -> str:
    """Serve a catalogue answer (whatever the query) and return the catalogue base URL."""
    body = {"odata.metadata": httpserver.url_for(f"{prefix}/$metadata#Cbs.OData.WebAPI.Tables"), "value": tables}
    httpserver.expect_request(f"{prefix}/Tables").respond_with_json(body)
    return httpserver.url_for(prefix)
