"""Read a municipal export (subsidy grants or kernagenda action points) from a real-world CSV or XLSX file.

The format is published in docs/exports-formaat.md and defined in ingest/exports_spec.py. Reading is strict
about rows and forgiving about spreadsheets: title rows, aliases, Dutch numbers and dates, typos in kern names
are handled; a bad row is rejected with a Dutch reason and the row number the user sees in Excel, and the good
rows of the same file are kept. Personal columns are dropped as soon as the header is known, and their values
are scrubbed from any text that is kept, so they can never reach a table, a message or the archive.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from ingest.exports_files import (
    ExportFileError,
    Header,
    date_in_text,
    date_in_title_rows,
    find_header,
    is_blank,
    is_total_row,
    read_grids,
)
from ingest.exports_rows import RowContext, validate_row
from ingest.exports_spec import FIELDS, KERNAGENDA, KINDS, SUBSIDIES, key
from ingest.exports_values import (
    FORMULA_PREFIXES,
    CellError,
    display,
    fuzzy_pick,
    is_empty,
    parse_date,
    shorten,
)
from ingest.kernen import kern_lookup, normalise_name

__all__ = [
    "ACCEPTED_COLUMNS",
    "KINDS",
    "ExportFileError",
    "ExportRead",
    "read_export",
]

# The typed columns of the accepted rows, per kind, in order (the raw tables have the same columns).
ACCEPTED_COLUMNS: dict[str, dict[str, str]] = {
    SUBSIDIES: {
        "gemeentecode": "string",
        "kern": "string",
        "regeling": "string",
        "regeling_bron": "string",
        "dossiernummer": "string",
        "omschrijving": "string",
        "thema": "string",
        "jaar": "Int64",
        "datum_besluit": "datetime64[s]",
        "datum_aanvraag": "datetime64[s]",
        "bedrag_aangevraagd": "Float64",
        "bedrag_toegekend": "Float64",
        "status": "string",
        "bronrij": "Int64",
    },
    KERNAGENDA: {
        "gemeentecode": "string",
        "kern": "string",
        "nummer": "string",
        "actiepunt": "string",
        "thema": "string",
        "programma": "string",
        "trekker": "string",
        "status": "string",
        "jaar_opgenomen": "Int64",
        "jaar_gereed": "Int64",
        "peildatum": "datetime64[s]",
        "bronrij": "Int64",
    },
}
# Free text that is kept and may therefore carry a personal value typed in the wrong column.
TEXT_COLUMNS = ("regeling_bron", "dossiernummer", "omschrijving", "thema", "nummer", "actiepunt")
# Within one file these identify a row; a second row with the same key is rejected.
ROW_KEYS = {SUBSIDIES: ("dossiernummer",), KERNAGENDA: ("kern", "nummer")}
REJECT_COLUMNS = ["row", "column", "value", "reason"]
CORRECTION_COLUMNS = ["row", "column", "value", "corrected", "score"]
SCRUBBED = "[persoonsgegeven verwijderd]"
NOT_SHOWN = "(niet getoond)"
# The longest value a reject shows; a longer one is cut (its start is enough to find the cell).
MAX_SHOWN = 80
# The reason given for a row without any value under the header (blank, or only '-', 'n.v.t.' and the like).
EMPTY_ROW = "lege rij"
# Shorter values in a personal column ("ja", "nvt") are not names and would scrub ordinary words.
MIN_SCRUB_LENGTH = 4


@dataclass
class ExportRead:
    """One export file, read and validated.

    rows_read (the data rows) == accepted + rejected rows, and rows_in (every row under the header up to the last
    one with content) == rows_read + skipped rows, always: no row is dropped without a reason.
    """

    file_name: str
    kind: str
    sha256: str
    gemeentecode: str
    rows_read: int
    accepted: pd.DataFrame
    rejects: pd.DataFrame  # one line per problem: row (as in Excel), column (as in the file), value, reason
    corrections: pd.DataFrame  # fuzzy corrections of accepted rows: row, column, value, corrected, score
    peildatum: date | None = None
    header_row: int = 0
    sheet: str | None = None
    skipped: list[dict[str, Any]] = field(default_factory=list)  # rows that are not data: empty, totals, notes
    personal_columns: list[str] = field(default_factory=list)  # headers of dropped personal columns
    ignored_columns: list[str] = field(default_factory=list)  # headers not in the format, not stored

    @property
    def rows_in(self) -> int:
        """Every row under the header up to the last one with content: accepted + rejected + skipped."""
        return self.rows_read + len(self.skipped)

    @property
    def rejected(self) -> int:
        return int(self.rejects["row"].nunique()) if len(self.rejects) else 0

    @property
    def years(self) -> list[int]:
        if self.kind != SUBSIDIES or self.accepted.empty:
            return []
        return sorted(int(y) for y in self.accepted["jaar"].dropna().unique())


def read_export(path: Path | str, mapping: pd.DataFrame, today: date | None = None) -> ExportRead:
    """Read and validate one export; raise ExportFileError when the file itself cannot be used."""
    path = Path(path)
    name = path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ExportFileError(f"{name}: bestand niet gevonden ({path})") from exc
    except IsADirectoryError as exc:
        raise ExportFileError(f"{name}: dit is een map, geen bestand; verwacht een CSV- of XLSX-bestand") from exc
    today = today or date.today()
    header = find_header(name, read_grids(name, data))
    data_rows, skipped, personal_values = _data_rows(header)
    if not data_rows:
        raise ExportFileError(
            f"{name}: kopregel gevonden op rij {header.row_number}, maar daaronder staan geen gegevensrijen"
        )
    lookup = kern_lookup(mapping)
    gemeentecode = _gemeente(name, header, data_rows, lookup)
    peildatum = _peildatum(name, header, data_rows, today) if header.kind == KERNAGENDA else None

    ctx = RowContext(header.kind, gemeentecode, lookup, header.headers, today, peildatum)
    accepted: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    for number, values in data_rows:
        ctx.row = number
        record, problems = validate_row(values, ctx)
        if problems:
            rejects.extend(_reject(header, number, values, column, reason) for column, reason in problems)
            continue
        record.update(gemeentecode=gemeentecode, bronrij=number)
        if header.kind == SUBSIDIES:
            spelling = " ".join(display(values.get("regeling")).split())
            # '=leefbaarheidsbudget' reads as the regeling, but is kept (and archived) as a formula never.
            record["regeling_bron"] = record["regeling"] if spelling.startswith(FORMULA_PREFIXES) else spelling
        else:
            record["peildatum"] = peildatum
        accepted.append(record)
    accepted = _drop_duplicates(header, accepted, data_rows, rejects)

    kept_rows = {r["bronrij"] for r in accepted}
    corrections = [c for c in ctx.corrections if c["row"] in kept_rows]
    scrub = _scrubber(personal_values)
    for record in accepted:
        for column in TEXT_COLUMNS:
            if record.get(column):
                record[column] = scrub(record[column])
    for reject in rejects:
        reject["value"], reject["reason"] = scrub(reject["value"]), scrub(reject["reason"])
    for correction in corrections:
        correction["value"] = scrub(correction["value"])

    rejects.sort(key=lambda r: r["row"])
    read = ExportRead(
        file_name=name,
        kind=header.kind,
        sha256=hashlib.sha256(data).hexdigest(),
        gemeentecode=gemeentecode,
        rows_read=len(data_rows),
        accepted=_typed(header.kind, accepted),
        rejects=pd.DataFrame(rejects, columns=REJECT_COLUMNS).astype({"row": "int64"}),
        corrections=pd.DataFrame(corrections, columns=CORRECTION_COLUMNS),
        peildatum=peildatum,
        header_row=header.row_number,
        sheet=header.grid.sheet,
        skipped=skipped,
        personal_columns=header.personal_headers,
        ignored_columns=header.ignored_headers,
    )
    assert read.rows_read == len(read.accepted) + read.rejected, "a row was lost between reading and validating"
    return read


def _data_rows(header: Header) -> tuple[list[tuple[int, dict[str, object]]], list[dict[str, Any]], set[str]]:
    """Rows under the header that hold data, the rows skipped with why, and every personal value seen."""
    rows: list[tuple[int, dict[str, object]]] = []
    skipped: list[dict[str, Any]] = []
    personal: set[str] = set()
    blank: list[int] = []  # blank rows so far: skipped when a row with content follows, else the sheet's tail
    for number, cells in header.grid.rows[header.position + 1 :]:
        for col in header.personal_columns:
            if col < len(cells) and not is_empty(cells[col]):
                personal.add(display(cells[col]))
        if all(is_empty(c) for c in cells):
            if any(not is_blank(c) for c in cells):
                skipped.extend({"row": r, "reason": EMPTY_ROW} for r in blank)
                blank.clear()
                skipped.append({"row": number, "reason": EMPTY_ROW})
            else:
                blank.append(number)
            continue
        skipped.extend({"row": r, "reason": EMPTY_ROW} for r in blank)
        blank.clear()
        if is_total_row(cells):
            skipped.append({"row": number, "reason": "totaalregel"})
            continue
        values = {name: (cells[col] if col < len(cells) else None) for name, col in header.columns.items()}
        if sum(not is_empty(v) for v in values.values()) < 2:
            skipped.append({"row": number, "reason": "minder dan twee herkende kolommen ingevuld; geen gegevensrij"})
            continue
        rows.append((number, values))
    return rows, skipped, personal


def _gemeente(name: str, header: Header, rows: list[tuple[int, dict[str, object]]], lookup: dict) -> str:
    """The gemeente of a file: a GM code in its name, else the gemeente most of its kernen belong to."""
    known = ", ".join(sorted(lookup))
    if match := re.search(r"gm\d{4}", name, re.IGNORECASE):
        code = match.group(0).upper()
        if code not in lookup:
            raise ExportFileError(
                f"{name}: gemeente {code} uit de bestandsnaam staat niet in de kernindeling ({known})"
            )
        return code
    words = [normalise_name(display(v["kern"])) for _, v in rows if not is_empty(v.get("kern"))]
    votes: Counter[str] = Counter()
    for word in words:
        owners = [g for g, names in lookup.items() if word in names]
        if not owners:
            owners = [g for g, names in lookup.items() if fuzzy_pick(word, names)[0] is not None]
        if len(owners) == 1:
            votes[owners[0]] += 1
    ranked = votes.most_common(2)
    if not ranked:
        raise ExportFileError(
            f"{name}: geen enkele kern in kolom '{header.headers['kern']}' hoort bij een gemeente uit de "
            f"kernindeling ({known}); verwacht kernnamen van de gemeente, of de gemeentecode in de bestandsnaam"
        )
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        raise ExportFileError(
            f"{name}: de kernen horen evenveel bij {ranked[0][0]} als bij {ranked[1][0]}; "
            "zet de gemeentecode in de bestandsnaam (bijvoorbeeld GM1960_subsidies.xlsx)"
        )
    return ranked[0][0]


def _peildatum(name: str, header: Header, rows: list[tuple[int, dict[str, object]]], today: date) -> date:
    """The date a kernagenda export describes: the Peildatum column, else a title row, else the file name."""
    found: Counter[date] = Counter()
    for _, values in rows:
        try:
            if (value := parse_date(values.get("peildatum"), today)) is not None:
                found[value] += 1
        except CellError:
            continue  # the row itself is rejected for it when validated
    if found:
        return found.most_common(1)[0][0]
    from_file = date_in_title_rows(header) or date_in_text(Path(name).stem)
    if from_file is None:
        raise ExportFileError(
            f"{name}: geen peildatum gevonden; verwacht een kolom Peildatum, een titelregel zoals "
            "'Stand per 28-02-2024', of de datum in de bestandsnaam (kernagenda_2024-02-28.xlsx)"
        )
    try:
        return parse_date(from_file, today, "peildatum")
    except CellError as exc:
        raise ExportFileError(f"{name}: {exc}") from exc


def _reject(header: Header, number: int, values: dict[str, object], column: str, reason: str) -> dict[str, Any]:
    spec = next((s for s in FIELDS[header.kind] if s.name == column), None)
    shown = display(values.get(column)) if spec else ""
    if len(shown) > MAX_SHOWN:  # a cell of 100.000 characters is named by its start, in the value and the reason
        reason = reason.replace(shown, shorten(shown, MAX_SHOWN))
        shown = shorten(shown, MAX_SHOWN)
    if spec is not None and spec.may_hold_names and shown:
        shown = NOT_SHOWN
    return {
        "row": number,
        "column": header.headers.get(column, spec.label if spec else column),
        "value": shown,
        "reason": reason,
    }


def _drop_duplicates(
    header: Header,
    accepted: list[dict[str, Any]],
    rows: list[tuple[int, dict[str, object]]],
    rejects: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The first row with a key is kept; a later one is rejected, naming the first, so nothing goes unnoticed."""
    fields = ROW_KEYS[header.kind]
    first: dict[tuple, dict[str, Any]] = {}
    kept = []
    raw = dict(rows)
    for record in accepted:
        row_key = tuple(key(record[f]) if f != "kern" else record[f] for f in fields)
        earlier = first.get(row_key)
        if earlier is None:
            first[row_key] = record
            kept.append(record)
            continue
        same = {k: v for k, v in record.items() if k != "bronrij"} == {
            k: v for k, v in earlier.items() if k != "bronrij"
        }
        column = fields[-1]
        label = header.headers[column]
        if same:
            reason = f"dubbele rij: gelijk aan rij {earlier['bronrij']}; verwacht elke rij één keer"
        else:
            per_kern = f" per kern (kern {record['kern']})" if header.kind == KERNAGENDA else ""
            reason = (
                f"{label} '{record[column]}' staat ook op rij {earlier['bronrij']}, met andere gegevens; "
                f"verwacht elk {label.lower()} maar één keer{per_kern}"
            )
        rejects.append(
            {
                "row": record["bronrij"],
                "column": label,
                "value": display(raw[record["bronrij"]][column]),
                "reason": reason,
            }
        )
    return kept


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}\s?[A-Z]{4}(?:\s?\d){10}\b", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w-])(?:\+31|0031|0)[\d\s()-]{8,14}\d(?![\w-])")


def _scrubber(personal_values: set[str]):
    """A function that removes this file's personal values, e-mail addresses, IBANs and phone numbers from text."""
    values = {v.strip().lower() for v in personal_values if len(v.strip()) >= MIN_SCRUB_LENGTH}
    # One pattern shaped as a trie of the values: a flat "a|b|c|..." of 100.000 applicants' names is tried name
    # by name at every position of every text (quadratic: a big file never finished); a trie tries one branch.
    long_values = sorted((v for v in values if len(v) > MAX_SHOWN), key=len, reverse=True)  # few, and deep tries
    values -= set(long_values)
    named = re.compile(_trie_pattern(values), re.IGNORECASE) if values else None
    if long_values:
        flat = "|".join(re.escape(v) for v in long_values)
        named = re.compile(flat + (f"|{named.pattern}" if named else ""), re.IGNORECASE)

    def phone(match: re.Match) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        national = digits[2:] if digits.startswith("31") else digits[4:] if digits.startswith("0031") else digits[1:]
        return SCRUBBED if len(national) == 9 else match.group(0)

    def scrub(text: str) -> str:
        if not text:
            return text
        if named is not None:
            text = named.sub(SCRUBBED, text)
        text = _EMAIL.sub(SCRUBBED, text)
        text = _IBAN.sub(SCRUBBED, text)
        return _PHONE.sub(phone, text)

    return scrub


def _trie_pattern(words: set[str]) -> str:
    """A regular expression matching any of the words, longest first, built as a trie of their characters."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            return f"(?:{'|'.join(branches)})?" if branches else ""
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return pattern(trie)


def _typed(kind: str, records: list[dict[str, Any]]) -> pd.DataFrame:
    columns = ACCEPTED_COLUMNS[kind]
    frame = pd.DataFrame(records, columns=list(columns))
    for column, dtype in columns.items():
        if dtype.startswith("datetime"):
            frame[column] = pd.to_datetime(frame[column]).astype(dtype)
        else:
            frame[column] = frame[column].astype(dtype)
    return frame.reset_index(drop=True)
