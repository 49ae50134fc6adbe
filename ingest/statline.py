"""StatLine CSV exports of a KWB table: parsed to our measures, and laid over the recorded or live KWB source.

Analysts download KWB tables from StatLine as CSV: `;`-separated, UTF-8 with a byte-order mark, CRLF, one header
per column as `topic group path/title (unit)` (`Bevolking/Leeftijdsgroepen/0 tot 15 jaar (aantal)`), region codes
padded with spaces and `.` for a suppressed cell. A column is placed on a measure of `kwb_measures.csv` by its title,
and by its topic group where the catalogue names one (the same title "Nederland" sits under "Herkomstland" and under
"Geboren in Nederland"), exactly as `ingest.kwb.resolve_measures` does with a table's DataProperties. A column it
cannot place is reported, never guessed.

A StatLine export may leave out the code column (a second export of the same regions with other topics). Such a
file is joined by row order to a file of the same import that has codes, after checking that the region names (and
gemeentenamen, and any measure both files hold) agree row by row.

`LayeredSource` puts imports over a KWB source (SnapshotSource or the live client) with the same methods, so
`warehouse.kwb_frames` and the kern mapping read imported values like any other: an imported cell replaces the
base's cell and is real, whatever the base is.
"""

from __future__ import annotations

import csv
import dataclasses
import gzip
import io
import json
import os
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest import kwb
from ingest.cbs_odata import SourceRequestError, pad_region_code
from ingest.snapshot import SnapshotError

CBS_DATA = Path(__file__).resolve().parent.parent / "data" / "cbs"
HOME_FOLDER = "statline"

# Region identification columns, by their (normalised) title: the region dimension and the Regioaanduiding topics.
REGION_NAME = "wijken en buurten"
IDENTIFICATION = {
    REGION_NAME: "naam",
    "gemeentenaam": "gemeentenaam",
    "soort regio": "soort regio",
    "codering": "code",
}
IDENTIFICATION_PREFIXES = {"indelingswijziging": "indelingswijziging"}

_UNIT = re.compile(r"^(?P<label>.*?)\s*\((?P<unit>[^()]*)\)\s*$")
_REGION_CODE = re.compile(r"^(NL\d{2}|GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4})$")  # Amsterdam: WK0363AA
_TABLE_ID = re.compile(r"^\d{5}NED$")


class StatlineError(ValueError):
    """A StatLine export that cannot be read or joined; the message (Dutch) names the file, row and column."""


@dataclass(frozen=True)
class Column:
    """One header of an export and where it was placed: a measure, a region column, or nowhere (with the reason)."""

    index: int
    header: str
    title: str
    group: str
    unit: str
    measure: str | None = None
    identification: str | None = None
    reason: str = ""


@dataclass
class StatlineFile:
    """One parsed export: region identification per row, and per placed measure its cells (None = suppressed)."""

    path: Path
    columns: list[Column]
    lines: list[int]
    names: list[str] | None
    gemeentenamen: list[str] | None
    codes: list[str] | None
    values: dict[str, list[float | None]]

    @property
    def placed(self) -> list[Column]:
        return [c for c in self.columns if c.measure]

    @property
    def unplaced(self) -> list[Column]:
        return [c for c in self.columns if not c.measure and not c.identification]


@dataclass
class StatlineImport:
    """The files of one import joined on region code: code -> {measure: value or None}, in the files' row order."""

    files: list[StatlineFile]
    cells: dict[str, dict[str, float | None]]
    names: dict[str, str]
    gemeentenamen: dict[str, str]
    columns: dict[str, Column] = field(default_factory=dict)

    @property
    def measures(self) -> list[str]:
        return list(self.columns)

    @property
    def unplaced(self) -> list[tuple[Path, Column]]:
        return [(f.path, c) for f in self.files for c in f.unplaced]

    def suppressed(self) -> dict[str, int]:
        counts = dict.fromkeys(self.columns, 0)
        for row in self.cells.values():
            for measure, value in row.items():
                if value is None:
                    counts[measure] += 1
        return counts

    def levels(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for code in self.cells:
            counts[kwb.region_level(code)] = counts.get(kwb.region_level(code), 0) + 1
        return counts


# --- headers -------------------------------------------------------------------------------------------------


def _split_header(header: str) -> tuple[list[str], str]:
    """`a/b/title (unit)` -> (["a", "b", "title"], "unit"); a header without a trailing "(unit)" keeps it all."""
    text = header.strip().lstrip("\ufeff")
    match = _UNIT.match(text)
    label, unit = (match["label"], match["unit"].strip()) if match else (text, "")
    return [part.strip() for part in label.split("/")], unit


def place_column(index: int, header: str, measures: Sequence[kwb.Measure]) -> Column:
    """Where one header belongs. The title is the last path segment (or the last few, should a title hold a "/"),
    its group the segment before it; the catalogue's titles and groups decide, as for a table's DataProperties."""
    segments, unit = _split_header(header)
    title = segments[-1]
    group = segments[-2] if len(segments) > 1 else ""
    base = {"index": index, "header": header.strip().lstrip("\ufeff"), "title": title, "group": group, "unit": unit}
    name = kwb._norm(title)
    if name in IDENTIFICATION:
        return Column(**base, identification=IDENTIFICATION[name])
    for prefix, kind in IDENTIFICATION_PREFIXES.items():
        if name.startswith(prefix):
            return Column(**base, identification=kind)
    if not header.strip().lstrip("\ufeff"):
        return Column(**base, reason="kolom zonder kop")
    near: list[str] = []
    # A title may itself hold a "/": try the last segment first, then the last two, and so on.
    for width in range(1, len(segments) + 1):
        title = "/".join(segments[-width:])
        group = segments[-width - 1] if width < len(segments) else ""
        by_title = [m for m in measures if kwb._norm(title) in m.titles]
        hits = [m for m in by_title if not m.group or kwb.group_matches(m.group, segments[: len(segments) - width])]
        near += [
            f"titel {title!r} hoort bij {m.name} alleen onder groep {m.group!r}, hier onder {group!r}"
            for m in by_title
            if m not in hits
        ]
        if len(hits) > 1:
            names = ", ".join(m.name for m in hits)
            return Column(**{**base, "title": title, "group": group}, reason=f"past bij meer dan één maat: {names}")
        if hits:
            return Column(**{**base, "title": title, "group": group}, measure=hits[0].name)
    if near:
        return Column(**base, reason=near[0])
    return Column(**base, reason="geen maat met deze titel in kwb_measures.csv")


# --- one file ------------------------------------------------------------------------------------------------


def _text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise StatlineError(f"{path}: bestand niet gevonden") from None
    except OSError as error:
        raise StatlineError(f"{path}: niet te lezen ({error.strerror or error})") from None
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise StatlineError(f"{path}: gzip-bestand is beschadigd ({error})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise StatlineError(
            f"{path}, regel {line}: geen UTF-8-tekst (byte {error.start}); exporteer de tabel opnieuw als CSV "
            "uit StatLine"
        ) from None


def _delimiter(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (";", "\t", ",")}
    return max(counts, key=lambda sep: counts[sep]) if any(counts.values()) else ";"


def read_statline(path: Path | str, measures: Sequence[kwb.Measure] | None = None) -> StatlineFile:
    """Parse one StatLine CSV export (plain or gzip). Raises StatlineError naming file, row and column."""
    path = Path(path)
    measures = measures if measures is not None else kwb.load_measures()
    text = _text(path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text[: text.find("\n")]))
    try:
        header = next((row for row in reader if any(cell.strip() for cell in row)), None)
        if header is None:
            raise StatlineError(f"{path}: leeg bestand, geen kopregel")
        columns = [place_column(i, h, measures) for i, h in enumerate(header)]
        if len(columns) < 2:
            raise StatlineError(
                f"{path}, regel {reader.line_num}: geen StatLine-kopregel (één kolom; scheidingsteken ';'?)"
            )
        rows, lines = [], []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise StatlineError(
                    f"{path}, regel {reader.line_num}: {len(row)} velden, de kopregel heeft er {len(header)}"
                )
            rows.append(row)
            lines.append(reader.line_num)
    except csv.Error as error:
        raise StatlineError(f"{path}, regel {reader.line_num}: onleesbare CSV ({error})") from None
    columns = _single_use(columns)

    def column_of(kind: str) -> list[str] | None:
        found = [c for c in columns if c.identification == kind]
        return [row[found[0].index].strip() for row in rows] if found else None

    codes = column_of("code")
    if codes is not None:
        codes = [code.upper() for code in codes]
        seen: dict[str, int] = {}
        for code, line in zip(codes, lines, strict=True):
            if not _REGION_CODE.match(code):
                raise StatlineError(f"{path}, regel {line}, kolom 'Codering': {code!r} is geen CBS-regiocode")
            if code in seen:
                raise StatlineError(f"{path}, regel {line}: regiocode {code} staat ook op regel {seen[code]}")
            seen[code] = line
    values: dict[str, list[float | None]] = {}
    for column in columns:
        if not column.measure:
            continue
        cells: list[float | None] = []
        for row, line in zip(rows, lines, strict=True):
            value, status = kwb.parse_value(row[column.index])
            if status == "ongeldig":
                raise StatlineError(
                    f"{path}, regel {line}, kolom {column.header!r}: {row[column.index].strip()!r} is geen getal"
                )
            cells.append(value)
        values[column.measure] = cells
    return StatlineFile(
        path=path,
        columns=columns,
        lines=lines,
        names=column_of("naam"),
        gemeentenamen=column_of("gemeentenaam"),
        codes=codes,
        values=values,
    )


def _single_use(columns: list[Column]) -> list[Column]:
    """Two columns of one file placed on the same measure (or both a code column): neither is used."""
    counts: dict[str, int] = {}
    for column in columns:
        key = column.measure or column.identification
        if key:
            counts[key] = counts.get(key, 0) + 1
    return [
        dataclasses.replace(c, measure=None, identification=None, reason="meer kolommen in dit bestand passen hierbij")
        if counts.get(c.measure or c.identification or "", 0) > 1
        else c
        for c in columns
    ]


# --- an import of one or more files ----------------------------------------------------------------------------


def read_statline_files(paths: Iterable[Path | str], measures: Sequence[kwb.Measure] | None = None) -> StatlineImport:
    """Parse the files of one import and join them on region code; files without codes join by row order."""
    measures = measures if measures is not None else kwb.load_measures()
    files = [read_statline(path, measures) for path in paths]
    if not files:
        raise StatlineError("geen bestanden opgegeven")
    coded = [f for f in files if f.codes is not None]
    if not coded:
        raise StatlineError(
            f"{', '.join(str(f.path) for f in files)}: geen kolom 'Codering' met regiocodes; geef ook een export "
            "van dezelfde regio's mét codes mee (de bestanden worden dan op rijvolgorde gekoppeld)"
        )
    result = StatlineImport(files=files, cells={}, names={}, gemeentenamen={})
    origin: dict[tuple[str, str], tuple[Path, int]] = {}
    for file in files:
        codes = file.codes if file.codes is not None else _codes_by_row_order(file, coded)
        for i, code in enumerate(codes):
            if file.names is not None:
                result.names.setdefault(code, file.names[i])
            if file.gemeentenamen is not None:
                result.gemeentenamen.setdefault(code, file.gemeentenamen[i])
            row = result.cells.setdefault(code, {})
            for measure, cells in file.values.items():
                value = cells[i]
                if measure in row and row[measure] != value:
                    other, line = origin[(code, measure)]
                    raise StatlineError(
                        f"{file.path}, regel {file.lines[i]}, kolom {_header(file, measure)!r}: {code} heeft "
                        f"{_shown(value)}, maar {other} (regel {line}) {_shown(row[measure])}"
                    )
                row[measure] = value
                origin.setdefault((code, measure), (file.path, file.lines[i]))
        for column in file.placed:
            result.columns.setdefault(column.measure, column)
    return result


def _header(file: StatlineFile, measure: str) -> str:
    return next(c.header for c in file.columns if c.measure == measure)


def _shown(value: float | None) -> str:
    return "'.' (geheim)" if value is None else f"{value:g}"


def _codes_by_row_order(file: StatlineFile, coded: list[StatlineFile]) -> list[str]:
    """The codes of the coded file whose rows are the same regions, checked row by row on names."""
    if file.names is None:
        raise StatlineError(
            f"{file.path}: geen kolom met regiocodes en geen kolom 'Wijken en buurten' met regionamen: "
            "koppelen op rijvolgorde kan niet"
        )
    problems = []
    for other in coded:
        mismatch = _first_mismatch(file, other)
        if mismatch is None:
            return list(other.codes or [])
        problems.append(mismatch)
    raise StatlineError(
        f"{file.path} heeft geen kolom met regiocodes en de rijen lopen niet gelijk met het bestand met codes: "
        + "; ".join(problems)
    )


def _first_mismatch(file: StatlineFile, other: StatlineFile) -> str | None:
    if len(file.lines) != len(other.lines):
        return f"{file.path} heeft {len(file.lines)} regio's, {other.path} {len(other.lines)}"
    checks = [("Wijken en buurten", file.names, other.names), ("Gemeentenaam", file.gemeentenamen, other.gemeentenamen)]
    checks += [(_header(file, m), file.values[m], other.values[m]) for m in file.values if m in other.values]
    for i in range(len(file.lines)):
        for label, mine, theirs in checks:
            if mine is not None and theirs is not None and mine[i] != theirs[i]:
                return (
                    f"regel {file.lines[i]}, kolom {label!r}: {_cell(mine[i])} in {file.path.name}, "
                    f"{_cell(theirs[i])} in {other.path.name} (regel {other.lines[i]})"
                )
    return None


def _cell(value: object) -> str:
    return repr(value) if isinstance(value, str) else _shown(value)  # type: ignore[arg-type]


# --- where imports come from ---------------------------------------------------------------------------------


def check_table_id(table_id: str) -> str:
    table = str(table_id).strip().upper()
    if not _TABLE_ID.match(table):
        raise StatlineError(f"ongeldige CBS-tabel {table_id!r}: verwacht vijf cijfers en NED, zoals 85984NED")
    return table


def home_folder(home: Path, table_id: str) -> Path:
    return Path(home) / HOME_FOLDER / check_table_id(table_id)


def _export_files(folder: Path) -> list[Path]:
    """The imported files of a table folder (hidden names are copies under way)."""
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


@dataclass
class StatlineLayer:
    """The files of one import for one table, parsed on first use (a refresh reads only the tables it loads)."""

    table_id: str
    files: tuple[Path, ...]
    _parsed: StatlineImport | None = field(default=None, repr=False)

    @property
    def data(self) -> StatlineImport:
        if self._parsed is None:
            self._parsed = read_statline_files(self.files)
        return self._parsed


def statline_layers(configured: Iterable[tuple[str, Sequence[Path]]], home: Path | None) -> list[StatlineLayer]:
    """The imports of the configuration (`sources.statline_files`), then those in KERNMONITOR_HOME/statline/<table>/,
    one import per table folder. Where they overlap, a later import's cells win."""
    layers = [StatlineLayer(check_table_id(table), tuple(Path(p) for p in files)) for table, files in configured]
    folder = Path(home) / HOME_FOLDER if home else None
    if folder is not None and folder.is_dir():
        for table_dir in sorted(p for p in folder.iterdir() if p.is_dir() and _TABLE_ID.match(p.name)):
            files = _export_files(table_dir)
            if files:
                layers.append(StatlineLayer(table_dir.name, tuple(files)))
    return [layer for layer in layers if layer.files]


def import_into_home(home: Path, table_id: str, paths: Sequence[Path | str]) -> tuple[StatlineImport, list[Path]]:
    """Check the files (with those imported before for this table: one import per folder), then copy them into
    KERNMONITOR_HOME/statline/<table>/ so every later refresh uses them. Nothing is copied when anything fails."""
    folder = home_folder(home, table_id)
    paths = [Path(p) for p in paths]
    doubles = sorted({p.name for p in paths if [q.name for q in paths].count(p.name) > 1})
    if doubles:
        raise StatlineError(f"twee bestanden met dezelfde naam ({', '.join(doubles)}): geef ze verschillende namen")
    if any(p.name.startswith(".") for p in paths):
        raise StatlineError("een bestandsnaam die met een punt begint wordt niet gebruikt: hernoem het bestand")
    imported = read_statline_files(paths)
    if not imported.columns:
        raise StatlineError(
            f"{', '.join(str(p) for p in paths)}: geen enkele kolom herkend als maat uit kwb_measures.csv; "
            "is dit een export van Kerncijfers wijken en buurten?"
        )
    names = {p.name for p in paths}
    earlier = [p for p in _export_files(folder) if p.name not in names] if folder.is_dir() else []
    if earlier:
        try:
            read_statline_files([*earlier, *paths])
        except StatlineError as error:
            raise StatlineError(
                f"samen met de eerder geïmporteerde bestanden in {folder} klopt het niet: {error}. Verwijder daar "
                "het oude bestand als dit een nieuwe versie is"
            ) from None
    copied = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path in paths:
            target = folder / path.name
            partial = folder / f".{path.name}.partial"
            shutil.copyfile(path, partial)
            os.replace(partial, target)
            copied.append(target)
    except OSError as error:
        raise StatlineError(f"kopiëren naar {folder} mislukt: {error}") from None
    return imported, copied


# --- the layered source --------------------------------------------------------------------------------------


def _recorded(table_id: str, name: str) -> object | None:
    """The real answer `name` of a table kept in data/cbs (`<table>_<name>_<date>.json`), newest first."""
    found = sorted(CBS_DATA.glob(f"{table_id}_{name}_*.json"))
    return json.loads(found[-1].read_text(encoding="utf-8")) if found else None


def _minimal_properties() -> list[dict]:
    return [
        {"ID": 0, "ParentID": None, "Type": "GeoDetail", "Key": "WijkenEnBuurten", "Title": "Wijken en buurten"},
        {"ID": 1, "ParentID": None, "Type": "TopicGroup", "Key": "", "Title": "Regioaanduiding"},
        {"ID": 2, "ParentID": 1, "Type": "Topic", "Key": "Gemeentenaam_1", "Title": "Gemeentenaam", "Unit": "naam"},
    ]


class LayeredSource:
    """A KWB source (SnapshotSource or CbsV3Client) with StatLine imports laid over it, with the same methods.

    For a table an import covers: regions are the base's plus the imported ones; a row holds the base's cells
    with the imported cells in their place; an imported region the base lacks gets a row of imported cells only.
    Imported cells are real (`real_cells`), whatever the base is. A table the base lacks is served from the
    recorded metadata in data/cbs when there is one, else from metadata made from the imported columns.
    """

    def __init__(self, base, imports: Sequence[StatlineLayer]) -> None:
        self.base = base
        self.imports = list(imports)
        self._cache: dict[tuple[str, str], object] = {}

    @property
    def synthetic(self) -> bool:
        return bool(getattr(self.base, "synthetic", False))

    def _memo(self, kind: str, table_id: str, make):
        key = (kind, table_id)
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def _layers(self, table_id: str) -> list[StatlineLayer]:
        return [layer for layer in self.imports if layer.table_id == table_id.strip().upper()]

    def _base_has(self, table_id: str) -> bool:
        def probe() -> bool:
            try:
                self.base.table_infos(table_id)
            except SnapshotError:
                return False
            except SourceRequestError as error:
                if error.status == 404:
                    return False
                raise
            return True

        return self._memo("base_has", table_id, probe)

    def _imported(self, table_id: str) -> StatlineImport | None:
        """All imports of one table merged; a later import's cells win."""

        def merge() -> StatlineImport | None:
            layers = [layer.data for layer in self._layers(table_id)]
            if not layers:
                return None
            merged = StatlineImport(files=[], cells={}, names={}, gemeentenamen={})
            for data in layers:
                merged.files += data.files
                for code, row in data.cells.items():
                    merged.cells.setdefault(code, {}).update(row)
                merged.names.update(data.names)
                merged.gemeentenamen.update(data.gemeentenamen)
                merged.columns.update(data.columns)
            return merged

        return self._memo("imported", table_id, merge)

    # -- the four methods of a KWB source

    def table_infos(self, table_id: str) -> dict:
        if self._imported(table_id) is None or self._base_has(table_id):
            return self.base.table_infos(table_id)
        recorded = _recorded(table_id, "TableInfos")
        if recorded:
            return dict(recorded[0])
        return {"Identifier": table_id, "Title": f"StatLine-export {table_id}", "ShortTitle": "", "Modified": ""}

    def data_properties(self, table_id: str) -> list[dict]:
        imported = self._imported(table_id)
        if imported is None:
            return self.base.data_properties(table_id)
        return self._memo("props", table_id, lambda: self._properties(table_id, imported))

    def regions(self, table_id: str) -> list[dict]:
        imported = self._imported(table_id)
        if imported is None:
            return self.base.regions(table_id)
        base = self._base_regions(table_id)
        have = {str(r["Key"]).strip().upper() for r in base}
        extra = [
            {"Key": pad_region_code(code), "Title": imported.names.get(code, ""), "Description": ""}
            for code in imported.cells
            if code not in have
        ]
        # A region both have keeps the base's name: StatLine shortens long names ("Verspr.h. ...").
        return [*base, *extra]

    def typed_dataset(self, table_id: str, region_codes: Sequence[str], columns: Sequence[str]) -> list[dict]:
        imported = self._imported(table_id)
        if imported is None:
            return self.base.typed_dataset(table_id, region_codes, columns)
        keys = self._keys(table_id)
        wanted = list(dict.fromkeys(str(code).strip().upper() for code in region_codes))
        asked = set(columns)
        rows: list[dict] = []
        if self._base_has(table_id):
            have = {str(r["Key"]).strip().upper() for r in self._base_regions(table_id)}
            base_keys = {p.get("Key") for p in self._base_properties(table_id)} | {"WijkenEnBuurten"}
            rows = self.base.typed_dataset(
                table_id,
                [pad_region_code(code) for code in wanted if code in have],
                [column for column in columns if column in base_keys],
            )
        seen = set()
        for row in rows:
            code = str(row["WijkenEnBuurten"]).strip().upper()
            seen.add(code)
            for measure, value in imported.cells.get(code, {}).items():
                if keys[measure] in asked:
                    row[keys[measure]] = value
        name_key = self._name_key(table_id)
        next_id = max((int(row.get("ID", 0) or 0) for row in rows), default=-1) + 1
        for code in wanted:
            if code in seen or code not in imported.cells:
                continue
            row = {"ID": next_id, "WijkenEnBuurten": pad_region_code(code)}
            if name_key and name_key in asked:
                row[name_key] = imported.gemeentenamen.get(code, "")
            row.update({keys[m]: v for m, v in imported.cells[code].items() if keys[m] in asked})
            rows.append(row)
            next_id += 1
        return rows

    def real_cells(self, table_id: str) -> dict[str, set[str]]:
        """The base's real cells, every imported cell, and every cell of a row only the import has."""
        base_real = getattr(self.base, "real_cells", None)
        real: dict[str, set[str]] = {}
        if base_real is not None and self._base_has(table_id):
            real = {code.strip(): set(keys) for code, keys in base_real(table_id).items()}
        imported = self._imported(table_id)
        if imported is None:
            return real
        keys = self._keys(table_id)
        have = {str(r["Key"]).strip().upper() for r in self._base_regions(table_id)}
        # One shared set for the rows only the import has: all of NL is 18,000 of them.
        whole_row = frozenset(self._row_keys(table_id))
        for code, row in imported.cells.items():
            if code not in have:
                real[code] = whole_row  # type: ignore[assignment]
            else:
                real.setdefault(code, set()).update(keys[m] for m in row)
        return real

    # -- helpers

    def _base_regions(self, table_id: str) -> list[dict]:
        return self._memo("regions", table_id, lambda: self.base.regions(table_id) if self._base_has(table_id) else [])

    def _base_properties(self, table_id: str) -> list[dict]:
        return self._memo("base_props", table_id, lambda: self.base.data_properties(table_id))

    def _properties(self, table_id: str, imported: StatlineImport) -> list[dict]:
        """The base's DataProperties (or recorded/minimal ones), plus a topic for each imported measure they lack."""
        if self._base_has(table_id):
            props = [dict(p) for p in self._base_properties(table_id)]
        else:
            props = [dict(p) for p in (_recorded(table_id, "DataProperties") or _minimal_properties())]
        found = kwb.resolve_measures(props, _optional()).keys
        next_id = max((int(p.get("ID", 0) or 0) for p in props), default=-1) + 1
        for measure, column in imported.columns.items():
            if measure in found:
                continue
            spec = next(m for m in kwb.load_measures() if m.name == measure)
            parent = None
            if spec.group:
                groups = [p for p in props if p.get("Type") == "TopicGroup" and kwb._norm(p.get("Title")) == spec.group]
                if groups:
                    parent = groups[0]["ID"]
                else:
                    parent = next_id
                    props.append(
                        {"ID": parent, "ParentID": None, "Type": "TopicGroup", "Key": "", "Title": column.group}
                    )
                    next_id += 1
            props.append(
                {
                    "ID": next_id,
                    "ParentID": parent,
                    "Type": "Topic",
                    "Key": f"Statline_{measure}",
                    "Title": column.title,
                    "Unit": column.unit,
                    "Description": "Uit een StatLine-export (kernmonitor import-statline).",
                }
            )
            next_id += 1
        return props

    def _resolution(self, table_id: str) -> kwb.MeasureResolution:
        """Every catalogue measure found in this table's DataProperties (as served by this source), all optional."""
        return self._memo(
            "resolution", table_id, lambda: kwb.resolve_measures(self.data_properties(table_id), _optional())
        )

    def _keys(self, table_id: str) -> dict[str, str]:
        """Imported measure -> its key in this table's DataProperties."""
        imported = self._imported(table_id)
        found = self._resolution(table_id).keys
        return {measure: found[measure] for measure in (imported.columns if imported else {})}

    def _row_keys(self, table_id: str) -> list[str]:
        """Every key a refresh reads from a row: all measures of the catalogue found in the table, the gemeente name."""
        return [key for key in kwb.columns_needed(self._resolution(table_id)) if key != "WijkenEnBuurten"]

    def _name_key(self, table_id: str) -> str | None:
        return self._resolution(table_id).identification.get("gemeentenaam")


def _optional() -> list[kwb.Measure]:
    """The catalogue with every measure optional: the layer maps what it has, kwb_frames enforces the rest."""
    return [dataclasses.replace(m, required=False) for m in kwb.load_measures()]
