"""From the bytes of a CSV or XLSX file to a grid of cells, and from the grid to a recognised header.

Row numbers are kept as the user sees them in Excel (the sheet row, or the line of a CSV record), because
every message about a row must let the user find it.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath

from ingest.exports_spec import (
    FIELDS,
    KERNAGENDA,
    KIND_LABELS,
    KINDS,
    SUBSIDIES,
    TOTAL_WORDS,
    FieldSpec,
    is_personal_header,
    key,
)
from ingest.exports_values import display, is_empty, or_list

HEADER_SEARCH_ROWS = 30
# No header is longer than this; a longer cell in the header search is data (and not worth normalising).
MAX_HEADER = 200
# A formatted but empty tail of a sheet can run to a million rows; this many empty rows in a row ends the data.
MAX_EMPTY_RUN = 500
CSV_DELIMITERS = (";", ",", "\t")  # "|" is refused on purpose: docs/exports-formaat.md names ; , and tab
# The longest cell a CSV may hold (Python's csv module stops at 131.072 characters by default). Longer means,
# nearly always, a quote that opens a cell and never closes, so that the rest of the file became one cell.
MAX_CSV_CELL = 1_000_000
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
KIND_HINTS = {SUBSIDIES: ("subsidie", "leefbaarheid", "kernenbudget", "budget"), KERNAGENDA: ("kernagenda", "agenda")}


class ExportFileError(Exception):
    """The file itself cannot be read as an export; the message (Dutch) names the file and what was expected."""


@dataclass
class Grid:
    """The cells of one sheet (or of a CSV read with one delimiter), with their Excel row numbers."""

    rows: list[tuple[int, list[object]]]
    sheet: str | None = None
    delimiter: str | None = None
    encoding: str | None = None
    # A CSV reading holds only its first rows (enough to find the header) until it is chosen; then the whole
    # text is parsed once, with the chosen delimiter only.
    text: str | None = field(default=None, repr=False)
    error: str | None = None  # why this reading stopped early (a CSV cell too long), in Dutch


@dataclass
class Header:
    """Where the header is and what each column means."""

    grid: Grid
    kind: str
    position: int  # index into grid.rows
    columns: dict[str, int]  # field name -> column index
    headers: dict[str, str]  # field name -> header text as written in the file
    personal_columns: list[int] = field(default_factory=list)
    personal_headers: list[str] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)

    @property
    def row_number(self) -> int:
        return self.grid.rows[self.position][0]


def read_grids(name: str, data: bytes) -> list[Grid]:
    """All readings of the file worth trying: every sheet of a workbook, every delimiter of a CSV."""
    suffix = PurePath(name).suffix.lower()
    if not data.strip():
        raise ExportFileError(f"{name}: het bestand is leeg; verwacht een CSV- of XLSX-bestand met een kopregel")
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_grids(name, data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ExportFileError(
            f"{name}: dit is een oud Excel-bestand (.xls) of een ander Office-bestand; "
            "sla het in Excel op als .xlsx of als CSV en probeer het opnieuw"
        )
    if suffix in XLSX_SUFFIXES:
        raise ExportFileError(
            f"{name}: het bestand heet {suffix} maar is geen Excel-werkmap; "
            "verwacht een .xlsx uit Excel (of een CSV-bestand)"
        )
    if data.startswith(b"%PDF"):
        raise ExportFileError(f"{name}: dit is een PDF-bestand; verwacht een CSV- of XLSX-bestand")
    if suffix not in CSV_SUFFIXES:
        raise ExportFileError(
            f"{name}: bestandstype '{suffix or 'zonder extensie'}' wordt niet ondersteund; verwacht .csv of .xlsx"
        )
    text, encoding = _decode(name, data)
    grids = []
    for delimiter in CSV_DELIMITERS:
        grid = Grid(rows=[], delimiter=delimiter, encoding=encoding, text=text)
        grid.rows, grid.error = _csv_rows(text, delimiter, head=HEADER_SEARCH_ROWS)
        grids.append(grid)
    return grids


def _csv_rows(text: str, delimiter: str, head: int | None = None) -> tuple[list[tuple[int, list[object]]], str | None]:
    """The records of a CSV text (all, or the first `head` non-empty ones), and why reading stopped early, if so."""
    rows: list[tuple[int, list[object]]] = []
    filled = 0
    limit = csv.field_size_limit(MAX_CSV_CELL)
    try:
        for number, record in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            cells = [c.strip() for c in record]
            rows.append((number, cells))
            if head is not None and not all(is_empty(c) for c in cells):
                filled += 1
                if filled >= head:
                    break
    except csv.Error:
        number = len(rows) + 1
        return rows, (
            f"rij {number} kan niet worden gelezen: een cel is langer dan {MAX_CSV_CELL:,} tekens".replace(",", ".")
            + ' (staat er een aanhalingsteken (") zonder afsluitend aanhalingsteken?)'
        )
    finally:
        csv.field_size_limit(limit)
    return rows, None


def _complete(name: str, grid: Grid) -> None:
    """Parse the whole text of the chosen CSV reading (it held only the rows needed to find the header)."""
    if grid.text is None:
        return
    rows, error = _csv_rows(grid.text, grid.delimiter or ";")
    if error:
        raise ExportFileError(f"{name}: {error}")
    grid.rows, grid.text = rows, None


def _decode(name: str, data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # errors="replace": a UTF-16 file cut off mid-character still reads (the broken character shows as �).
        text, encoding = data.decode("utf-16", errors="replace"), "utf-16"
    else:
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            # Excel on Windows saves "CSV (gescheiden door lijstscheidingsteken)" in Windows-1252.
            text, encoding = data.decode("cp1252", errors="replace"), "windows-1252"
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n")
    if "\x00" in text or control > max(3, len(text) // 100):
        raise ExportFileError(f"{name}: dit is geen tekstbestand (binaire inhoud); verwacht een CSV- of XLSX-bestand")
    return text, encoding


def _xlsx_grids(name: str, data: bytes) -> list[Grid]:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and data validation it does not read
            workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # a broken zip, a .docx renamed to .xlsx, ...: all mean "not a workbook"
        raise ExportFileError(
            f"{name}: het bestand kan niet als Excel-werkmap worden geopend ({type(exc).__name__}); "
            "verwacht een .xlsx uit Excel (of een CSV-bestand)"
        ) from exc
    grids = []
    for sheet in workbook.worksheets:
        rows: list[tuple[int, list[object]]] = []
        empty_run = 0
        for number, values in enumerate(sheet.iter_rows(min_row=1, min_col=1, values_only=True), start=1):
            cells = list(values)
            if all(is_empty(c) for c in cells):
                empty_run += 1
                if empty_run >= MAX_EMPTY_RUN:
                    break
            else:
                empty_run = 0
            rows.append((number, cells))
        grids.append(Grid(rows=rows, sheet=sheet.title))
    return grids


@dataclass
class _Candidate:
    kind: str
    columns: dict[str, int]
    headers: dict[str, str]
    required_found: int
    found: int


@functools.cache
def _header_ranks(kind: str) -> dict[str, tuple[FieldSpec, int]]:
    """Normalised header name -> (field, rank of the alias: 0 for the published label). Built once per kind."""
    ranks: dict[str, tuple[FieldSpec, int]] = {}
    for spec in FIELDS[kind]:
        for rank, alias in enumerate(spec.aliases):
            ranks.setdefault(key(alias), (spec, rank))
    return ranks


def _match_row(cells: list[object], kind: str) -> _Candidate:
    index = _header_ranks(kind)
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    ranks: dict[str, int] = {}
    for col, cell in enumerate(cells):
        if not isinstance(cell, str) or not cell.strip() or len(cell) > MAX_HEADER:
            continue
        found = index.get(key(cell))
        if found is None:
            continue
        spec, rank = found
        if spec.name not in columns or rank < ranks[spec.name]:
            columns[spec.name], headers[spec.name], ranks[spec.name] = col, cell.strip(), rank
    required = sum(1 for spec in FIELDS[kind] if spec.required and spec.name in columns)
    return _Candidate(kind, columns, headers, required, len(columns))


def _kind_hint(name: str) -> str | None:
    lowered = name.lower()
    hits = [kind for kind, words in KIND_HINTS.items() if any(w in lowered for w in words)]
    return hits[0] if len(hits) == 1 else None


def find_header(name: str, grids: list[Grid]) -> Header:
    """The best header over all readings: most recognised columns, the first such row, the kind it fits best."""
    best: tuple[int, int, int, Grid, int, list[_Candidate]] | None = None
    for g, grid in enumerate(grids):
        seen = 0
        for position, (_, cells) in enumerate(grid.rows):
            if all(is_empty(c) for c in cells):
                continue
            seen += 1
            if seen > HEADER_SEARCH_ROWS:
                break
            candidates = [_match_row(cells, kind) for kind in KINDS]
            found = max(c.found for c in candidates)
            score = (found, -g, -position)
            if found >= 2 and (best is None or score > best[:3]):
                best = (*score, grid, position, candidates)
    if best is None:
        stopped = next((grid.error for grid in grids if grid.error), None)
        if stopped:
            raise ExportFileError(f"{name}: {stopped}")
        raise ExportFileError(
            f"{name}: geen kopregel herkend in de eerste {HEADER_SEARCH_ROWS} rijen; verwacht kolommen zoals "
            "Kern, Regeling, Dossiernummer, Bedrag toegekend en Status (subsidies) of Kern, Nummer, Actiepunt, "
            "Trekker en Status (kernagenda), gescheiden door ; of , in een CSV-bestand"
        )
    _, _, _, grid, position, candidates = best
    kind = _choose_kind(name, candidates)
    chosen = next(c for c in candidates if c.kind == kind)
    _check_required(name, kind, chosen)
    _complete(name, grid)
    header = Header(grid, kind, position, chosen.columns, chosen.headers)
    used = set(chosen.columns.values())
    for col, cell in enumerate(grid.rows[position][1]):
        if col in used or is_empty(cell):
            continue
        text = display(cell)
        if is_personal_header(text):
            header.personal_columns.append(col)
            header.personal_headers.append(text)
        else:
            header.ignored_headers.append(text)
    # Cells under an empty header are not ours to read either, but may hold anything, personal data included.
    width = max((len(cells) for _, cells in grid.rows), default=0)
    header_cells = grid.rows[position][1]
    for col in range(width):
        if col not in used and (col >= len(header_cells) or is_empty(header_cells[col])):
            header.personal_columns.append(col)
    return header


def _choose_kind(name: str, candidates: list[_Candidate]) -> str:
    ranked = sorted(candidates, key=lambda c: (c.required_found, c.found), reverse=True)
    first, second = ranked[0], ranked[1]
    if (first.required_found, first.found) != (second.required_found, second.found):
        return first.kind
    hint = _kind_hint(name)
    if hint is not None:
        return hint
    raise ExportFileError(
        f"{name}: onbekend soort export: de kolommen ({', '.join(first.headers.values())}) passen even goed bij "
        "een subsidie-export als bij een kernagenda-export; verwacht voor subsidies ook Regeling, Dossiernummer "
        "en Bedrag toegekend, voor een kernagenda ook Nummer, Actiepunt en Trekker"
    )


def _check_required(name: str, kind: str, chosen: _Candidate) -> None:
    problems = []
    for spec in FIELDS[kind]:
        if spec.required and spec.name not in chosen.columns:
            also = spec.aliases[1:4]
            problems.append(f"{spec.label}" + (f" (ook goed: {', '.join(also)})" if also else ""))
    groups: dict[str, list[FieldSpec]] = {}
    for spec in FIELDS[kind]:
        if spec.group:
            groups.setdefault(spec.group, []).append(spec)
    for specs in groups.values():
        if not any(s.name in chosen.columns for s in specs):
            problems.append(or_list([s.label for s in specs]))
    if problems:
        raise ExportFileError(
            f"{name}: dit lijkt een {KIND_LABELS[kind]}, maar verplichte kolommen ontbreken: {'; '.join(problems)}"
        )


def is_blank(cell: object) -> bool:
    """Nothing at all in the cell: no value, or only spaces. (A '-' or 'n.v.t.' is empty, but not blank.)"""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def is_total_row(cells: list[object]) -> bool:
    first = next((c for c in cells if not is_empty(c)), None)
    return isinstance(first, str) and key(first).startswith(TOTAL_WORDS)


_NAME_DATE = (
    re.compile(r"(?<!\d)(20\d{2})[-_.]?(0[1-9]|1[0-2])[-_.]?([0-2]\d|3[01])(?!\d)"),
    re.compile(r"(?<!\d)([0-2]\d|3[01])[-_.](0[1-9]|1[0-2])[-_.](20\d{2})(?!\d)"),
)


def date_in_text(text: str) -> date | None:
    """A date written in a file name or a title row ('kernagenda_2024-02-28', 'Stand per 28-02-2024')."""
    for pattern in _NAME_DATE:
        for m in pattern.finditer(text):
            parts = [int(p) for p in m.groups()]
            year, month, day = parts if parts[0] > 31 else parts[::-1]
            try:
                return date(year, month, day)
            except ValueError:
                continue
    return None


def date_in_title_rows(header: Header) -> date | None:
    for _, cells in header.grid.rows[: header.position]:
        for cell in cells:
            if isinstance(cell, datetime):
                return cell.date()
            if isinstance(cell, date):
                return cell
            if isinstance(cell, str) and (found := date_in_text(cell)):
                return found
    return None
