"""Read a municipal export (subsidy grants or kernagenda action points) from a real-world CSV or XLSX file.

The format is published in docs/exports-formaat.md and defined in ingest/exports_spec.py. Reading is strict
about rows and forgiving about spreadsheets: title rows, aliases, Dutch numbers and dates, typos in kern names
are handled; a bad row is rejected with a Dutch reason and the row number the user sees in Excel, and the good
rows of the same file are kept. Personal columns are dropped as soon as the header is known, and their values
are scrubbed from any text that is kept, so they can never reach a table, a message or the archive.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from ingest.exports_doelen import parse_gemeente
from ingest.exports_eigen_cijfers import Definitions, is_buurtcode
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
from ingest.exports_kernregister import holds_contact_details
from ingest.exports_rows import RowContext, validate_row
from ingest.exports_spec import (
    DOELEN,
    EIGEN_CIJFERS,
    ENQUETE,
    ENQUETE_RESULTATEN,
    FIELDS,
    KERNAGENDA,
    KERNREGISTER,
    KINDS,
    SUBSIDIES,
    key,
)
from ingest.exports_values import (
    EMAIL,
    FORMULA_PREFIXES,
    PHONE,
    CellError,
    display,
    fuzzy_pick,
    is_empty,
    is_phone_number,
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
        "kernagendapunt": "string",
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
    DOELEN: {
        "gemeentecode": "string",
        "scope": "string",
        "scope_soort": "string",
        "indicator_id": "string",
        "in_catalogus": "boolean",
        "omschrijving": "string",
        "basisjaar": "Int64",
        "basiswaarde": "Float64",
        "streefwaarde": "Float64",
        "streefjaar": "Int64",
        "richting": "string",
        "eigenaar": "string",
        "programma": "string",
        "brondocument": "string",
        "bronrij": "Int64",
    },
    KERNREGISTER: {
        "gemeentecode": "string",
        "kern": "string",
        "functie": "string",
        "werknaam": "string",
        "platform": "string",
        "platformvorm": "string",
        "jaar_kernagenda": "Int64",
        "website": "string",
        "bronrij": "Int64",
    },
    # Resident surveys: no free text, no postcode or buurtcode (only the kern), no personal column.
    ENQUETE: {
        "gemeentecode": "string",
        "meting": "string",
        "datum": "datetime64[s]",
        "jaar": "Int64",
        "vraag_id": "string",
        "vraag": "string",
        "thema": "string",
        "schaal": "string",
        "respondent": "string",
        "kern": "string",
        "antwoord_getal": "Float64",
        "antwoord_keuze": "string",
        "leeftijdsgroep": "string",
        "geslacht": "string",
        "bronrij": "Int64",
    },
    ENQUETE_RESULTATEN: {
        "gemeentecode": "string",
        "meting": "string",
        "datum": "datetime64[s]",
        "jaar": "Int64",
        "vraag_id": "string",
        "vraag": "string",
        "thema": "string",
        "schaal": "string",
        "gebied": "string",
        "n": "Int64",
        "gemiddelde": "Float64",
        "standaardafwijking": "Float64",
        "aandeel": "Float64",
        "bronrij": "Int64",
    },
    # Own figures: one row per area, indicator and year, the definition repeated on every row (docs/eigen-cijfers.md).
    EIGEN_CIJFERS: {
        "gemeentecode": "string",
        "gebied": "string",
        "gebied_soort": "string",
        "buurtcode": "string",
        "kern": "string",
        "indicator_id": "string",
        "jaar": "Int64",
        "waarde": "Float64",
        "noemer": "Float64",
        "label": "string",
        "uitleg": "string",
        "eenheid": "string",
        "rekenregel": "string",
        "richting": "string",
        "programma": "string",
        "thema": "string",
        "bron": "string",
        "factor": "Float64",
        "decimalen": "Int64",
        "bronrij": "Int64",
    },
}
# Free text that is kept and may therefore carry a personal value typed in the wrong column.
TEXT_COLUMNS = (
    "regeling_bron",
    "dossiernummer",
    "omschrijving",
    "thema",
    "nummer",
    "actiepunt",
    "brondocument",
    "kernagendapunt",
    "platform",
    "meting",
    "vraag",
    "vraag_id",
    "respondent",
    "antwoord_keuze",
    "label",
    "uitleg",
    "eenheid",
    "bron",
)
# Within one file these identify a row; a second row with the same key is rejected.
ROW_KEYS = {
    SUBSIDIES: ("dossiernummer",),
    KERNAGENDA: ("kern", "nummer"),
    DOELEN: ("scope", "indicator_id", "streefjaar"),
    KERNREGISTER: ("kern", "platform"),
    ENQUETE: ("meting", "respondent", "vraag_id"),
    ENQUETE_RESULTATEN: ("meting", "gebied", "vraag_id"),
    EIGEN_CIJFERS: ("gebied", "indicator_id", "jaar"),
}
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
    corrections: pd.DataFrame  # corrections of accepted rows: row, column, value, corrected, score (None: a note)
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
        if self.accepted.empty or self.kind in (KERNAGENDA, KERNREGISTER):
            return []
        if self.kind == DOELEN:
            first, last = self.accepted["basisjaar"].min(), self.accepted["streefjaar"].max()
            return [int(first), int(last)]
        return sorted(int(y) for y in self.accepted["jaar"].dropna().unique())


def read_export(
    path: Path | str,
    mapping: pd.DataFrame,
    today: date | None = None,
    groups: pd.DataFrame | None = None,
    points: pd.DataFrame | None = None,
    own_definitions: dict[str, dict[str, dict[str, Any]]] | None = None,
    kwb_years: frozenset[int] | None = None,
) -> ExportRead:
    """Read and validate one export; raise ExportFileError when the file itself cannot be used.

    `points` (gemeentecode, kern, nummer): the loaded kernagenda points a grant's kernagendapunt must name; when
    None (no warehouse at hand) that column is read but not checked.

    `groups` (gemeentecode, groep) are the named groups of kernen a goal may name as its scope.

    Own figures only: `own_definitions` (indicator code -> gemeentecode -> definition) are the loaded definitions
    of the gemeenten, a code another gemeente gave another rule, unit, direction or factor is refused;
    `kwb_years` the years with CBS buurt figures, a row of another year is refused. None: not checked.

    The file is read as a stream, twice: a first pass finds the gemeente, the peildatum and every personal value
    (all needed before the first row can be judged and scrubbed), a second validates the rows. Only the accepted
    rows are kept, column by column; no row of the file is held as a whole.
    """
    path = Path(path)
    name = path.name
    try:
        sha256 = _sha256(path)
    except FileNotFoundError as exc:
        raise ExportFileError(f"{name}: bestand niet gevonden ({path})") from exc
    except IsADirectoryError as exc:
        raise ExportFileError(f"{name}: dit is een map, geen bestand; verwacht een CSV- of XLSX-bestand") from exc
    today = today or date.today()
    header = find_header(name, read_grids(name, path))
    survey = _survey(header, today)
    if not survey.rows:
        raise ExportFileError(
            f"{name}: kopregel gevonden op rij {header.row_number}, maar daaronder staan geen gegevensrijen"
        )
    lookup = kern_lookup(mapping)
    gemeentecode = _gemeente(name, header, survey, lookup)
    peildatum = _peildatum(name, header, survey.peildatums, today) if header.kind == KERNAGENDA else None

    ctx = RowContext(header.kind, gemeentecode, lookup, header.headers, today, peildatum, groups=_groups(groups))
    if points is not None and header.kind == SUBSIDIES:
        own = points[points["gemeentecode"] == gemeentecode]
        ctx.points = {}
        for kern, nummer in zip(own["kern"], own["nummer"], strict=True):
            ctx.points.setdefault(kern, {}).setdefault(key(nummer), nummer)
    if header.kind == ENQUETE:  # a respondent's kern may follow from a buurtcode
        ctx.buurten = dict(zip(mapping["buurtcode"].str.upper(), mapping["kern"], strict=True))
    definitions = (
        Definitions(header.headers, gemeentecode, own_definitions, kwb_years) if header.kind == EIGEN_CIJFERS else None
    )
    if definitions is not None:  # a buurtcode must be one of the file's gemeente
        ctx.buurt_gemeenten = {
            str(b).upper(): (str(g), str(k))
            for b, g, k in zip(mapping["buurtcode"], mapping["gemeentecode"], mapping["kern"], strict=True)
        }
    scrub = _scrubber(survey.personal)
    accepted = _Columns(header.kind)
    rejects: list[dict[str, Any]] = []
    first: dict[tuple, tuple[int, int]] = {}  # row key -> (row, fingerprint of the row) of its first occurrence
    officials: dict[str, tuple[int, str, str]] = {}  # kernregister: kern -> (row, functie, werknaam) of its first row
    for number, values in _data_rows(header, []):
        ctx.row = number
        corrected = len(ctx.corrections)
        record, problems = validate_row(values, ctx)
        if problems:
            rejects.extend(_scrubbed(_reject(header, number, values, c, reason), scrub) for c, reason in problems)
            del ctx.corrections[corrected:]
            continue
        record.update(gemeentecode=gemeentecode, bronrij=number)
        if header.kind == SUBSIDIES:
            spelling = " ".join(display(values.get("regeling")).split())
            # '=leefbaarheidsbudget' reads as the regeling, but is kept (and archived) as a formula never.
            record["regeling_bron"] = record["regeling"] if spelling.startswith(FORMULA_PREFIXES) else spelling
        elif header.kind == KERNAGENDA:
            record["peildatum"] = peildatum
        if definitions is not None and (problems := definitions.resolve(record)):
            rejects.extend(_scrubbed(_reject(header, number, values, c, reason), scrub) for c, reason in problems)
            del ctx.corrections[corrected:]
            continue
        duplicate = _duplicate(header, record, values, first)
        if duplicate is None and header.kind == KERNREGISTER:
            duplicate = _second_official(header, record, values, officials)
        if duplicate is not None:
            rejects.append(_scrubbed(duplicate, scrub))
            del ctx.corrections[corrected:]
            continue
        for column in TEXT_COLUMNS:
            if record.get(column):
                record[column] = scrub(record[column])
        accepted.append(record)
    for correction in ctx.corrections:
        correction["value"] = scrub(correction["value"])

    rejects.sort(key=lambda r: r["row"])
    read = ExportRead(
        file_name=name,
        kind=header.kind,
        sha256=sha256,
        gemeentecode=gemeentecode,
        rows_read=survey.rows,
        accepted=accepted.frame(),
        rejects=pd.DataFrame(rejects, columns=REJECT_COLUMNS).astype({"row": "int64"}),
        corrections=_corrections(ctx.corrections),
        peildatum=peildatum,
        header_row=header.row_number,
        sheet=header.grid.sheet,
        skipped=survey.skipped,
        personal_columns=header.personal_headers,
        ignored_columns=header.ignored_headers,
    )
    assert read.rows_read == len(read.accepted) + read.rejected, "a row was lost between reading and validating"
    return read


def _groups(groups: pd.DataFrame | None) -> dict[str, dict[str, str]]:
    """gemeentecode -> normalised group name -> group name."""
    found: dict[str, dict[str, str]] = {}
    if groups is None or groups.empty:
        return found
    for gemeentecode, groep in groups[["gemeentecode", "groep"]].drop_duplicates().itertuples(index=False):
        found.setdefault(str(gemeentecode), {})[key(groep)] = str(groep)
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class _Survey:
    """What the first pass over the rows learns: everything the second needs before it judges the first row."""

    rows: int = 0  # data rows
    skipped: list[dict[str, Any]] = field(default_factory=list)
    personal: set[str] = field(default_factory=set)  # every value in a personal (or unnamed) column
    kernen: Counter[str] = field(default_factory=Counter)  # kern (goals: scope) as written -> rows
    gemeenten: Counter[str] = field(default_factory=Counter)  # goals: gemeentecode in the Gemeente column -> rows
    peildatums: Counter[date] = field(default_factory=Counter)  # kernagenda: peildatum column value -> rows


def _survey(header: Header, today: date) -> _Survey:
    survey = _Survey()
    for _, values in _data_rows(header, survey.skipped, survey.personal):
        survey.rows += 1
        if not is_empty(kern := values.get("kern", values.get("scope", values.get("gebied")))):
            survey.kernen[display(kern)] += 1
        buurtcode = display(values.get("buurtcode")).strip().upper() if header.kind == ENQUETE else ""
        if header.kind == EIGEN_CIJFERS and is_buurtcode(values.get("gebied")):
            buurtcode = display(values.get("gebied")).strip().upper()
        if re.fullmatch(r"BU\d{8}", buurtcode):  # a survey's buurtcode names its gemeente (BU0214.... -> GM0214)
            survey.gemeenten[f"GM{buurtcode[2:6]}"] += 1
        if header.kind == DOELEN and not is_empty(gemeente := values.get("gemeente")):
            with contextlib.suppress(CellError):  # the row itself is rejected for it when validated
                survey.gemeenten[parse_gemeente(gemeente)] += 1
        if header.kind == KERNAGENDA:
            try:
                if (value := parse_date(values.get("peildatum"), today)) is not None:
                    survey.peildatums[value] += 1
            except CellError:
                pass  # the row itself is rejected for it when validated
    return survey


def _data_rows(
    header: Header, skipped: list[dict[str, Any]], personal: set[str] | None = None
) -> Iterator[tuple[int, dict[str, object]]]:
    """The rows under the header that hold data, as field -> cell; the others go to `skipped`, with why.

    With `personal`, every value in a personal column, or in a column without a header, is collected there.
    """
    blank: list[int] = []  # blank rows so far: skipped when a row with content follows, else the sheet's tail
    columns = list(header.columns.items())
    named = header.named_columns
    rows = header.grid.all_rows()
    header_row = header.row_number
    for number, cells in rows:
        if number <= header_row:
            continue
        if personal is not None:
            for col, cell in enumerate(cells):
                if col not in named and not is_empty(cell):
                    personal.add(display(cell))
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
        values = {name: (cells[col] if col < len(cells) else None) for name, col in columns}
        if sum(not is_empty(v) for v in values.values()) < 2:
            skipped.append({"row": number, "reason": "minder dan twee herkende kolommen ingevuld; geen gegevensrij"})
            continue
        yield number, values


def _gemeente(name: str, header: Header, survey: _Survey, lookup: dict) -> str:
    """The gemeente of a file: a GM code in its name, else (goals) in its Gemeente column, else the gemeente most
    of its kernen belong to."""
    known = ", ".join(sorted(lookup))
    kernen = survey.kernen
    if match := re.search(r"gm\d{4}", name, re.IGNORECASE):
        code = match.group(0).upper()
        if code not in lookup:
            raise ExportFileError(
                f"{name}: gemeente {code} uit de bestandsnaam staat niet in de kernindeling ({known})"
            )
        return code
    if survey.gemeenten:
        code = survey.gemeenten.most_common(1)[0][0]
        if code not in lookup:
            raise ExportFileError(
                f"{name}: gemeente {code} uit kolom '{header.headers['gemeente']}' staat niet in de kernindeling "
                f"({known}); verwacht een gemeente uit de kernindeling"
            )
        return code
    words: Counter[str] = Counter()
    for text, rows in kernen.items():
        words[normalise_name(text)] += rows
    votes: Counter[str] = Counter()
    for word, rows in words.items():
        owners = [g for g, names in lookup.items() if word in names]
        if not owners:
            owners = [g for g, names in lookup.items() if fuzzy_pick(word, names)[0] is not None]
        if len(owners) == 1:
            votes[owners[0]] += rows
    ranked = votes.most_common(2)
    column = header.headers.get("kern") or header.headers.get("scope")
    if not ranked:
        raise ExportFileError(
            f"{name}: geen enkele kern in kolom '{column}' hoort bij een gemeente uit de "
            f"kernindeling ({known}); verwacht kernnamen van de gemeente, of de gemeentecode in de bestandsnaam"
        )
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        raise ExportFileError(
            f"{name}: de kernen horen evenveel bij {ranked[0][0]} als bij {ranked[1][0]}; "
            "zet de gemeentecode in de bestandsnaam (bijvoorbeeld GM1960_subsidies.xlsx)"
        )
    return ranked[0][0]


def _peildatum(name: str, header: Header, found: Counter[date], today: date) -> date:
    """The date a kernagenda export describes: the Peildatum column, else a title row, else the file name."""
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
    if spec is not None and spec.parse in ("werknaam", "website") and holds_contact_details(shown):
        shown = NOT_SHOWN  # a private e-mail address or phone number in the register: never shown
    return {
        "row": number,
        "column": header.headers.get(column, spec.label if spec else column),
        "value": shown,
        "reason": reason,
    }


def _corrections(corrections: list[dict[str, Any]]) -> pd.DataFrame:
    """The corrections of a file; a note without a score (an unchecked kernagendapunt) keeps None, not NaN."""
    frame = pd.DataFrame(corrections, columns=CORRECTION_COLUMNS)
    if any(c["score"] is None for c in corrections):
        frame["score"] = pd.Series([c["score"] for c in corrections], dtype=object)
    return frame


def _scrubbed(reject: dict[str, Any], scrub) -> dict[str, Any]:
    reject["value"], reject["reason"] = scrub(reject["value"]), scrub(reject["reason"])
    return reject


def _duplicate(
    header: Header, record: dict[str, Any], values: dict[str, object], first: dict[tuple, tuple[int, int]]
) -> dict[str, Any] | None:
    """The first row with a key is kept; a later one is rejected, naming the first, so nothing goes unnoticed.

    Of each first row only its number and a fingerprint of its values are remembered, not the row itself.
    """
    fields = ROW_KEYS[header.kind]
    row_key = tuple(key(record[f]) if f != "kern" else record[f] for f in fields)
    fingerprint = hash(tuple(v for k, v in record.items() if k != "bronrij"))  # the same key order in every record
    earlier = first.get(row_key)
    if earlier is None:
        first[row_key] = (record["bronrij"], fingerprint)
        return None
    earlier_row, earlier_fingerprint = earlier
    column = fields[-1]
    if header.kind == KERNREGISTER and record["platform"] is None:
        column = "kern"  # a kern without a platform, twice (the file may have no platform column at all)
    label = header.headers[column]
    if fingerprint == earlier_fingerprint:
        reason = f"dubbele rij: gelijk aan rij {earlier_row}; verwacht elke rij één keer"
    elif header.kind == DOELEN:
        reason = (
            f"er staat al een doel voor {record['scope']}, indicator {record['indicator_id']} en "
            f"{label.lower()} {record[column]} op rij {earlier_row}; verwacht één doel per kern of groep, "
            "indicator en streefjaar"
        )
    elif header.kind == EIGEN_CIJFERS:
        reason = (
            f"er staat al een waarde voor {record['gebied']}, indicator {record['indicator_id']} en jaar "
            f"{record['jaar']} op rij {earlier_row}; verwacht één rij per gebied, indicator en jaar"
        )
    elif header.kind == KERNREGISTER:
        what = f"platform '{record['platform']}'" if column == "platform" else "zonder platform"
        reason = (
            f"kern {record['kern']} staat al {what} op rij {earlier_row}, met andere gegevens; verwacht één rij "
            "per kern en platform"
        )
    else:
        per_kern = f" per kern (kern {record['kern']})" if header.kind == KERNAGENDA else ""
        reason = (
            f"{label} '{record[column]}' staat ook op rij {earlier_row}, met andere gegevens; "
            f"verwacht elk {label.lower()} maar één keer{per_kern}"
        )
    return {"row": record["bronrij"], "column": label, "value": display(values[column]), "reason": reason}


def _second_official(
    header: Header, record: dict[str, Any], values: dict[str, object], officials: dict[str, tuple[int, str, str]]
) -> dict[str, Any] | None:
    """A kern has one gebiedsmakelaar or kernambtenaar: a later row of the kern that names another is rejected."""
    kern, functie, werknaam = record["kern"], record["functie"], record["werknaam"]
    earlier = officials.setdefault(kern, (record["bronrij"], functie, werknaam))
    if (key(earlier[1]), key(earlier[2])) == (key(functie), key(werknaam)):
        return None
    label = header.headers["werknaam"]
    return {
        "row": record["bronrij"],
        "column": label,
        "value": display(values["werknaam"]),
        "reason": (
            f"kern {kern} heeft op rij {earlier[0]} al {earlier[1]} {earlier[2]}; verwacht één gebiedsmakelaar of "
            "kernambtenaar per kern (herhaal op elke rij van de kern dezelfde)"
        ),
    }


_IBAN = re.compile(r"\b[A-Z]{2}\d{2}\s?[A-Z]{4}(?:\s?\d){10}\b", re.IGNORECASE)


def _scrubber(personal_values: set[str]):
    """A function that removes this file's personal values, e-mail addresses, IBANs and phone numbers from text."""
    names = _NameFinder(personal_values)

    def phone(match: re.Match) -> str:
        return SCRUBBED if is_phone_number(match.group(0)) else match.group(0)

    def scrub(text: str) -> str:
        if not text:
            return text
        text = names.replace(text, SCRUBBED)
        text = EMAIL.sub(SCRUBBED, text)
        text = _IBAN.sub(SCRUBBED, text)
        return PHONE.sub(phone, text)

    return scrub


def _fold(text: str) -> str:
    """Lower case, one character for one (so that positions in the folded text are positions in the text)."""
    folded = text.lower()
    if len(folded) == len(text):
        return folded
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


class _NameFinder:
    """Finds any of a file's personal values in a text, case-insensitively: the leftmost, and there the longest.

    A regular expression of 100.000 applicants' names takes minutes and hundreds of MB to compile (even shaped as
    a trie); this index costs a set and a dict: the values by their first PREFIX characters, with the lengths
    that occur after each prefix, so a text is scanned once with a dict look-up per position.
    """

    PREFIX = MIN_SCRUB_LENGTH

    def __init__(self, values: set[str]) -> None:
        self.values = {_fold(v.strip()) for v in values if len(v.strip()) >= MIN_SCRUB_LENGTH}
        lengths: dict[str, set[int]] = {}
        for value in self.values:
            lengths.setdefault(value[: self.PREFIX], set()).add(len(value))
        self.lengths = {prefix: sorted(found, reverse=True) for prefix, found in lengths.items()}

    def replace(self, text: str, by: str) -> str:
        if not self.values or len(text) < self.PREFIX:
            return text
        folded = _fold(text)
        n = self.PREFIX
        if self.lengths.keys().isdisjoint([folded[i : i + n] for i in range(len(folded) - n + 1)]):
            return text  # no value starts anywhere in the text: the common case, decided at C speed
        parts: list[str] = []
        start = i = 0
        last = len(text) - self.PREFIX
        while i <= last:
            lengths = self.lengths.get(folded[i : i + self.PREFIX])
            if lengths is not None:
                found = next((n for n in lengths if folded[i : i + n] in self.values), 0)
                if found:
                    parts += (text[start:i], by)
                    i = start = i + found
                    continue
            i += 1
        if not parts:
            return text
        parts.append(text[start:])
        return "".join(parts)


class _Columns:
    """The accepted rows, kept column by column (a list per column, not a dict per row), typed at the end."""

    # Values made anew for every row that repeat a lot: one object each is kept (kernen and statuses already are).
    SHARED = ("regeling_bron", "thema", "datum_besluit", "datum_aanvraag", "jaar", "jaar_opgenomen", "jaar_gereed")

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.columns: dict[str, list[Any]] = {name: [] for name in ACCEPTED_COLUMNS[kind]}
        self.shared: dict[Any, Any] = {}

    def append(self, record: dict[str, Any]) -> None:
        shared = self.shared
        for name, values in self.columns.items():
            value = record.get(name)
            if name in self.SHARED and value is not None:
                value = shared.setdefault((name, value), value)
            values.append(value)

    def frame(self) -> pd.DataFrame:
        return _typed(self.kind, self.columns)


def _typed(kind: str, columns: dict[str, list[Any]]) -> pd.DataFrame:
    types = ACCEPTED_COLUMNS[kind]
    frame = pd.DataFrame({name: columns[name] for name in types}, columns=list(types))
    columns.clear()
    for column, dtype in types.items():
        if dtype.startswith("datetime"):
            frame[column] = pd.to_datetime(frame[column]).astype(dtype)
        else:
            frame[column] = frame[column].astype(dtype)
    return frame.reset_index(drop=True)
