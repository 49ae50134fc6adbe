"""From the bytes of a CSV or XLSX file to a grid of cells, and from the grid to a recognised header.

Row numbers are kept as the user sees them in Excel (the sheet row, or the line of a CSV record), because
every message about a row must let the user find it.
"""

from __future__ import annotations

import codecs
import csv
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePath

from ingest.exports_spec import (
    DOELEN,
    EIGEN_CIJFERS,
    ENQUETE,
    ENQUETE_RESULTATEN,
    FIELDS,
    KERNAGENDA,
    KERNREGISTER,
    KIND_LABELS,
    KINDS,
    SUBSIDIES,
    TOTAL_WORDS,
    FieldSpec,
    is_personal_header,
    key,
)
from ingest.exports_values import display, is_empty, or_list
from ingest.exports_xlsx import Sheet, WorkbookError, open_workbook

HEADER_SEARCH_ROWS = 30
# No header is longer than this; a longer cell in the header search is data (and not worth normalising).
MAX_HEADER = 200
# Semicolon, comma and tab; "|" is refused on purpose: Dutch municipal systems (Excel, zaaksystemen, financial
# systems) export with ; or , and a pipe inside free text (omschrijvingen) would split a row wrongly. See
# docs/exports-formaat.md.
CSV_DELIMITERS = (";", ",", "\t")
# Read only to say why a file was refused: a header found with it gets its own message.
REFUSED_DELIMITER = "|"
# The longest cell a CSV may hold (Python's csv module stops at 131.072 characters by default). Longer means,
# nearly always, a quote that opens a cell and never closes, so that the rest of the file became one cell.
MAX_CSV_CELL = 1_000_000
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
KIND_HINTS = {
    SUBSIDIES: ("subsidie", "leefbaarheid", "kernenbudget", "budget"),
    KERNAGENDA: ("kernagenda", "agenda"),
    DOELEN: ("doelen", "spoorboekje", "streefwaarden"),
    KERNREGISTER: ("kernregister", "gebiedsmakelaar", "kernambtenaar", "platforms"),
    ENQUETE: ("enquete", "peiling", "vragenlijst", "respondent"),
    ENQUETE_RESULTATEN: ("enqueteresultaten", "peilingresultaten", "resultaten"),
    EIGEN_CIJFERS: ("eigen_cijfers", "eigen-cijfers", "eigen cijfers", "eigencijfers", "klimaat"),
}
CHUNK = 1 << 20
# Control characters other than tab and line breaks: a text file holds (almost) none.
_CONTROL = {i: None for i in range(32) if chr(i) not in "\t\r\n"}


class ExportFileError(Exception):
    """The file itself cannot be read as an export; the message (Dutch) names the file and what was expected."""


@dataclass
class Grid:
    """One sheet (or a CSV read with one delimiter): its first rows, and every row again when asked.

    Only the first rows (enough to find the header) are held; `all_rows()` reads the file again from its first
    row, so a file of 100.000 rows is never held whole. Row numbers are those Excel shows.
    """

    rows: list[tuple[int, list[object]]]  # the first rows, up to HEADER_SEARCH_ROWS with content
    sheet: str | None = None
    delimiter: str | None = None
    encoding: str | None = None
    stream: Callable[[], Iterator[tuple[int, list[object]]]] | None = field(default=None, repr=False)
    error: str | None = None  # why this reading stopped early (a CSV cell too long), in Dutch
    refused: bool = False  # a reading with a delimiter we do not accept: never chosen, only explains a refusal

    def all_rows(self) -> Iterator[tuple[int, list[object]]]:
        return self.stream() if self.stream is not None else iter(self.rows)


@dataclass
class Header:
    """Where the header is and what each column means."""

    grid: Grid
    kind: str
    position: int  # index into grid.rows
    columns: dict[str, int]  # field name -> column index
    headers: dict[str, str]  # field name -> header text as written in the file
    personal_columns: list[int] = field(default_factory=list)  # under a personal header (an empty one: any column)
    personal_headers: list[str] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    named_columns: set[int] = field(default_factory=set)  # columns under a header that is not personal

    @property
    def row_number(self) -> int:
        return self.grid.rows[self.position][0]


def read_grids(name: str, path: Path) -> list[Grid]:
    """All readings of the file worth trying: every sheet of a workbook, every delimiter of a CSV."""
    suffix = PurePath(name).suffix.lower()
    with path.open("rb") as fh:
        start = fh.read(4096)
        blank = not start.strip()
        while blank and (chunk := fh.read(CHUNK)):
            blank = not chunk.strip()
    if blank:
        raise ExportFileError(f"{name}: het bestand is leeg; verwacht een CSV- of XLSX-bestand met een kopregel")
    if start.startswith(b"PK\x03\x04"):
        return _xlsx_grids(name, path)
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        raise ExportFileError(
            f"{name}: dit is een oud Excel-bestand (.xls) of een ander Office-bestand; "
            "sla het in Excel op als .xlsx of als CSV en probeer het opnieuw"
        )
    if suffix in XLSX_SUFFIXES:
        raise ExportFileError(
            f"{name}: het bestand heet {suffix} maar is geen Excel-werkmap; "
            "verwacht een .xlsx uit Excel (of een CSV-bestand)"
        )
    if start.startswith(b"%PDF"):
        raise ExportFileError(f"{name}: dit is een PDF-bestand; verwacht een CSV- of XLSX-bestand")
    if suffix not in CSV_SUFFIXES:
        raise ExportFileError(
            f"{name}: bestandstype '{suffix or 'zonder extensie'}' wordt niet ondersteund; verwacht .csv of .xlsx"
        )
    encoding = _encoding(name, path, start)
    grids = []
    for delimiter in (*CSV_DELIMITERS, REFUSED_DELIMITER):
        grid = Grid(rows=[], delimiter=delimiter, encoding=encoding, refused=delimiter == REFUSED_DELIMITER)
        grid.stream = functools.partial(_csv_stream, name, path, encoding, delimiter)
        grid.rows, grid.error = _head(name, grid.stream())
        grids.append(grid)
    return grids


class _CsvCellTooLong(Exception):
    def __init__(self, number: int) -> None:
        super().__init__(
            f"rij {number} kan niet worden gelezen: een cel is langer dan {MAX_CSV_CELL:,} tekens".replace(",", ".")
            + ' (staat er een aanhalingsteken (") zonder afsluitend aanhalingsteken?)'
        )


def _csv_records(path: Path, encoding: str, delimiter: str) -> Iterator[tuple[int, list[object]]]:
    """The records of a CSV file, read as a stream, numbered from 1; _CsvCellTooLong where one cannot be read."""
    limit = csv.field_size_limit(MAX_CSV_CELL)
    number = 0
    try:
        with path.open(encoding=encoding, errors="replace", newline="") as fh:
            for number, record in enumerate(csv.reader(fh, delimiter=delimiter), start=1):  # noqa: B007
                yield number, [c.strip() for c in record]
    except csv.Error:
        raise _CsvCellTooLong(number + 1) from None
    finally:
        csv.field_size_limit(limit)


def _csv_stream(name: str, path: Path, encoding: str, delimiter: str) -> Iterator[tuple[int, list[object]]]:
    try:
        yield from _csv_records(path, encoding, delimiter)
    except _CsvCellTooLong as exc:
        raise ExportFileError(f"{name}: {exc}") from None


def _head(name: str, rows: Iterator[tuple[int, list[object]]]) -> tuple[list[tuple[int, list[object]]], str | None]:
    """The first rows of a reading, up to HEADER_SEARCH_ROWS with content, and why it stopped early, if so."""
    head: list[tuple[int, list[object]]] = []
    filled = 0
    try:
        for number, cells in rows:
            head.append((number, cells))
            if not all(is_empty(c) for c in cells):
                filled += 1
                if filled >= HEADER_SEARCH_ROWS:
                    break
    except ExportFileError as exc:
        return head, str(exc).removeprefix(f"{name}: ")
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
    return head, None


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 saved without a BOM, told by its NUL bytes: every other byte is 0 in mostly Latin text."""
    sample = sample[: len(sample) // 2 * 2]
    pairs = len(sample) // 2
    if pairs < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.4 * pairs and even <= 0.05 * pairs:
        return "utf-16-le"
    if even >= 0.4 * pairs and odd <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _encoding(name: str, path: Path, start: bytes) -> str:
    """The encoding of a CSV file (read once, in chunks); refuse it when the text holds binary content."""
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        # errors="replace": a UTF-16 file cut off mid-character still reads (the broken character shows as �).
        candidates = ["utf-16"]
    elif found := _utf16_without_bom(start):
        candidates = [found]
    else:
        # Excel on Windows saves "CSV (gescheiden door lijstscheidingsteken)" in Windows-1252.
        candidates = ["utf-8-sig", "cp1252"]
    for encoding in candidates:
        strict = encoding == "utf-8-sig"
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict" if strict else "replace")
        length = control = 0
        try:
            with path.open("rb") as fh:
                while True:
                    chunk = fh.read(CHUNK)
                    text = decoder.decode(chunk, final=not chunk)
                    length += len(text)
                    control += len(text) - len(text.translate(_CONTROL))
                    if "\x00" in text:
                        control = length = -1
                        break
                    if not chunk:
                        break
        except UnicodeDecodeError:
            continue
        if control < 0 or control > max(3, length // 100):
            raise ExportFileError(
                f"{name}: dit is geen tekstbestand (binaire inhoud); verwacht een CSV- of XLSX-bestand"
            )
        return encoding
    raise AssertionError("cp1252 with errors='replace' decodes any bytes")  # pragma: no cover


def _xlsx_grids(name: str, path: Path) -> list[Grid]:
    def unreadable(exc: Exception) -> ExportFileError:
        return ExportFileError(
            f"{name}: het bestand kan niet als Excel-werkmap worden geopend ({exc}); "
            "verwacht een .xlsx uit Excel (of een CSV-bestand)"
        )

    def stream(sheet: Sheet) -> Iterator[tuple[int, list[object]]]:
        try:
            yield from sheet.rows()
        except WorkbookError as exc:
            raise unreadable(exc) from exc

    try:
        sheets = open_workbook(path)
    except WorkbookError as exc:
        raise unreadable(exc) from exc
    grids = []
    for sheet in sheets:
        grid = Grid(rows=[], sheet=sheet.title, stream=functools.partial(stream, sheet))
        grid.rows, grid.error = _head(name, grid.stream())
        if grid.error:  # a workbook that cannot be read past its first rows cannot be read
            raise ExportFileError(f"{name}: {grid.error}")
        grids.append(grid)
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
    accepted = [grid for grid in grids if not grid.refused]
    for g, grid in enumerate(accepted):
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
        if any(_has_header(grid) for grid in grids if grid.refused):
            raise ExportFileError(
                f"{name}: de kolommen zijn gescheiden door een verticale streep ({REFUSED_DELIMITER}); verwacht een "
                "CSV-bestand gescheiden door ; of , (of tab): sla het op als 'CSV (gescheiden door "
                "lijstscheidingsteken)' of stel het scheidingsteken van de export in op ;"
            )
        stopped = next((grid.error for grid in accepted if grid.error), None)
        if stopped:
            raise ExportFileError(f"{name}: {stopped}")
        raise ExportFileError(
            f"{name}: geen kopregel herkend in de eerste {HEADER_SEARCH_ROWS} rijen; verwacht kolommen zoals "
            "Kern, Regeling, Dossiernummer, Bedrag toegekend en Status (subsidies) of Kern, Nummer, Actiepunt, "
            "Trekker en Status (kernagenda) of Kern of groep, Indicator, Basisjaar, Streefwaarde en Streefjaar "
            "(doelen) of Kern, Functie en Gebiedsmakelaar (kernregister), gescheiden door ; of , in een CSV-bestand"
        )
    _, _, _, grid, position, candidates = best
    kind = _choose_kind(name, candidates)
    chosen = next(c for c in candidates if c.kind == kind)
    _check_required(name, kind, chosen)
    header = Header(grid, kind, position, chosen.columns, chosen.headers)
    header.named_columns = set(chosen.columns.values())
    for col, cell in enumerate(grid.rows[position][1]):
        if col in header.named_columns or is_empty(cell):
            continue
        text = display(cell)
        if is_personal_header(text):
            header.personal_columns.append(col)
            header.personal_headers.append(text)
        else:
            header.ignored_headers.append(text)
            header.named_columns.add(col)
    # Cells under an empty header (any column not in named_columns) are not ours to read either, but may hold
    # anything, personal data included: the reader treats them as personal columns.
    return header


def _has_header(grid: Grid) -> bool:
    """Whether a row in the first rows of a reading has two or more recognised column names."""
    return any(max(_match_row(cells, kind).found for kind in KINDS) >= 2 for _, cells in grid.rows)


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
