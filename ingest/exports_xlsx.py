"""Stream the rows of an XLSX workbook, one sheet at a time, in bounded memory.

openpyxl builds a cell object for every cell (its full mode) or, without a <dimension> in the sheet (many export
tools write none), parses the whole sheet once just to find its size (its read-only mode): minutes and hundreds of
MB for a 100.000-row export. This reader parses the sheet XML with expat as it is unzipped and yields each row
as a list of values, as openpyxl's values_only mode gives them (data_only: a formula gives its cached value):
shared and inline strings, numbers (int or float), dates for date-formatted numbers, booleans, error texts.
Styles and number formats come from openpyxl's own tables, so dates are recognised as openpyxl recognises them.
"""

from __future__ import annotations

import pickle
import posixpath
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

CHUNK = 1 << 16
WORKSHEET_TYPE = "/worksheet"
OFFICE_DOCUMENT = "/officeDocument"


# What a broken zip, a missing part or broken XML raises while reading.
BROKEN = (OSError, zipfile.BadZipFile, zlib.error, KeyError, IndexError, ValueError, expat.ExpatError, EOFError)


class WorkbookError(Exception):
    """The bytes are not a workbook this reader understands (a broken zip, a part missing, broken XML)."""


@dataclass
class Sheet:
    title: str
    rows: Callable[[], Iterator[tuple[int, list[object]]]]  # (Excel row number, values); every row from row 1


def _local(name: str) -> str:
    return name[name.rfind("}") + 1 :]


def _parse(stream, start=None, end=None, text=None) -> Iterator[None]:
    """Feed a zip member to expat in chunks; yield after each chunk so the caller can take what was parsed."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    if start:
        parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    while chunk := stream.read(CHUNK):
        parser.Parse(chunk, False)
        yield
    parser.Parse(b"", True)
    yield


def _attributes(archive: zipfile.ZipFile, member: str, tag: str) -> list[dict[str, str]]:
    """The attributes (local names) of every element `tag` in a small part (workbook, relationships)."""
    found: list[dict[str, str]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == tag:
            found.append({_local(k): v for k, v in attrs.items()})

    with archive.open(member) as stream:
        for _ in _parse(stream, start=start):
            pass
    return found


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """rId -> (type, member path) of a part's relationships."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels not in archive.NameToInfo:
        return {}
    result = {}
    for rel in _attributes(archive, rels, "Relationship"):
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        result[rel.get("Id", "")] = (rel.get("Type", ""), path)
    return result


def _shared_strings(archive: zipfile.ZipFile, member: str | None) -> list[str]:
    strings: list[str] = []
    if not member or member not in archive.NameToInfo:
        return strings
    parts: list[str] = []
    state = {"t": False, "phonetic": 0}

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "t" and not state["phonetic"]:
            state["t"] = True
        elif tag == "rPh":
            state["phonetic"] += 1

    def end(name: str) -> None:
        tag = _local(name)
        if tag == "t":
            state["t"] = False
        elif tag == "rPh":
            state["phonetic"] -= 1
        elif tag == "si":
            strings.append("".join(parts))
            parts.clear()

    def text(data: str) -> None:
        if state["t"]:
            parts.append(data)

    with archive.open(member) as stream:
        for _ in _parse(stream, start, end, text):
            pass
    return strings


def _date_styles(archive: zipfile.ZipFile, member: str | None) -> tuple[set[int], set[int]]:
    """The cell style indices (cellXfs) that format a number as a date, and those that format it as a duration."""
    if not member or member not in archive.NameToInfo:
        return set(), set()
    custom: dict[int, str] = {}
    xfs: list[int] = []
    state = {"cellXfs": False}

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "numFmt":
            custom[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            state["cellXfs"] = True
        elif tag == "xf" and state["cellXfs"]:
            xfs.append(int(attrs.get("numFmtId", "0")))

    def end(name: str) -> None:
        if _local(name) == "cellXfs":
            state["cellXfs"] = False

    with archive.open(member) as stream:
        for _ in _parse(stream, start, end):
            pass
    dates, durations = set(), set()
    for index, format_id in enumerate(xfs):
        code = custom.get(format_id, BUILTIN_FORMATS.get(format_id, "General"))
        if is_date_format(code):
            dates.add(index)
        if is_timedelta_format(code):
            durations.add(index)
    return dates, durations


def _column(reference: str) -> int:
    """'AB12' -> 27 (0-based column)."""
    number = 0
    for ch in reference:
        if "A" <= ch <= "Z":
            number = number * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            number = number * 26 + ord(ch) - 96
        else:
            break
    return number - 1


def _row_number(reference: str) -> int:
    digits = reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz$")
    return int(digits) if digits.isdigit() else 0


def open_workbook(path: Path) -> list[Sheet]:
    """The worksheets of a workbook, in order (chart sheets left out); raise WorkbookError when it is none."""
    try:
        archive = zipfile.ZipFile(path)
        try:
            main = next(
                (p for t, p in _relationships(archive, "_rels/.rels").values() if t.endswith(OFFICE_DOCUMENT)),
                "xl/workbook.xml",
            )
            rels = _relationships(archive, main)
            epoch = CALENDAR_WINDOWS_1900
            for pr in _attributes(archive, main, "workbookPr"):
                if pr.get("date1904", "").lower() in ("1", "true"):
                    epoch = CALENDAR_MAC_1904
            sheets = _attributes(archive, main, "sheet")
            strings_part = next((p for t, p in rels.values() if t.endswith("/sharedStrings")), None)
            styles_part = next((p for t, p in rels.values() if t.endswith("/styles")), None)
            strings = _shared_strings(archive, strings_part)
            dates, durations = _date_styles(archive, styles_part)
        finally:
            archive.close()
    except BROKEN as exc:
        raise WorkbookError(type(exc).__name__) from exc
    result = []
    for sheet in sheets:
        kind, member = rels.get(sheet.get("id", ""), ("", ""))
        if not kind.endswith(WORKSHEET_TYPE):
            continue
        reader = _SheetReader(path, member, strings, dates, durations, epoch)
        result.append(Sheet(title=sheet.get("name", ""), rows=reader.rows))
    if not sheets:
        raise WorkbookError("geen werkbladen")
    return result


class _SheetReader:
    """Parses a sheet's XML once: the first full read also writes the rows to a spill file (pickled, in batches),
    and every later read replays that file, so a second pass over 100.000 rows costs no second XML parse."""

    def __init__(self, path: Path, member: str, strings: list[str], dates: set[int], durations: set[int], epoch):
        self.path, self.member, self.strings = path, member, strings
        self.dates, self.durations, self.epoch = dates, durations, epoch
        self.spill = None  # a complete spill file, once a read went through the whole sheet

    def rows(self) -> Iterator[tuple[int, list[object]]]:
        """Every row from row 1 to the last row in the sheet (rows the file leaves out come as empty rows)."""
        if self.spill is not None:
            yield from self._replay()
            return
        try:
            spill = tempfile.TemporaryFile(prefix="kernmonitor-xlsx-")  # noqa: SIM115 (kept open for the next read)
        except OSError:
            spill = None  # no room for it: the next read parses the XML again
        complete = False
        try:
            for batch in self._parsed():
                if spill is not None:
                    try:
                        pickle.dump(batch, spill, protocol=pickle.HIGHEST_PROTOCOL)
                    except OSError:  # a full temporary folder
                        spill.close()
                        spill = None
                yield from batch
            complete = True
        finally:
            if complete and spill is not None:
                self.spill = spill
            elif spill is not None:
                spill.close()

    def _replay(self) -> Iterator[tuple[int, list[object]]]:
        self.spill.seek(0)
        while True:
            try:
                batch = pickle.load(self.spill)
            except EOFError:
                return
            yield from batch

    def _parsed(self) -> Iterator[list[tuple[int, list[object]]]]:
        """The rows of the sheet in batches, as parsed (one batch per chunk of XML)."""
        done: list[tuple[int, list[object]]] = []
        state = {"row": 0, "col": -1, "type": "n", "style": 0, "in": None, "inline": False, "phonetic": 0}
        cells: dict[int, object] = {}
        text: list[str] = []
        names: dict[str, str] = {}  # qualified element name -> local name

        def start(name: str, attrs: dict[str, str]) -> None:
            tag = names.get(name) or names.setdefault(name, _local(name))
            if tag == "c":
                ref = attrs.get("r")
                state["col"] = _column(ref) if ref else state["col"] + 1
                state["type"] = attrs.get("t", "n")
                style = attrs.get("s")
                state["style"] = int(style) if style else 0
                state["inline"] = False
                text.clear()
            elif tag == "v":
                state["in"] = "v"
                text.clear()
            elif tag == "row":
                ref = attrs.get("r")
                state["row"] = int(ref) if ref and ref.isdigit() else state["row"] + 1
                state["col"] = -1
                cells.clear()
            elif tag == "is":
                state["inline"] = True
                text.clear()
            elif tag == "t" and state["inline"] and not state["phonetic"]:
                state["in"] = "t"
            elif tag == "rPh":
                state["phonetic"] += 1

        def end(name: str) -> None:
            tag = names[name]
            if tag == "c":
                value = self._value(state["type"], state["style"], "".join(text), state["inline"])
                if value is not None:
                    cells[state["col"]] = value
                text.clear()
            elif tag in ("v", "t"):
                state["in"] = None
            elif tag == "row":
                width = max(cells) + 1 if cells else 0
                done.append((state["row"], [cells.get(i) for i in range(width)]))
            elif tag == "rPh":
                state["phonetic"] -= 1

        def chars(data: str) -> None:
            if state["in"] is not None:
                text.append(data)

        last = 0
        try:
            with zipfile.ZipFile(self.path) as archive, archive.open(self.member) as stream:
                for _ in _parse(stream, start, end, chars):
                    batch: list[tuple[int, list[object]]] = []
                    for number, values in done:
                        while last + 1 < number:  # rows the file leaves out are empty rows
                            last += 1
                            batch.append((last, []))
                        last = max(last, number)
                        batch.append((number, values))
                    done.clear()
                    if batch:
                        yield batch
        except BROKEN as exc:
            raise WorkbookError(type(exc).__name__) from exc

    def _value(self, kind: str, style: int, raw: str, inline: bool) -> object:
        if kind == "inlineStr":
            return raw if inline else None
        if not raw:
            return None
        if kind == "s":
            return self.strings[int(raw)]
        if kind in ("str", "e"):
            return raw
        if kind == "b":
            return bool(int(raw))
        if kind == "d":
            return from_ISO8601(raw)
        number = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
        if style in self.dates:
            try:
                return from_excel(number, self.epoch, timedelta=style in self.durations)
            except (OverflowError, ValueError):
                return "#VALUE!"
        return number
