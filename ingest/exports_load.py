"""Load a read export into the DuckDB warehouse (schema raw), archive it, and report on it.

Rules kept here, documented in docs/exports-formaat.md:
- Idempotent: a file is known by the sha256 of its bytes; loading the same content again changes nothing.
- Replacement: an export covers slices - (gemeente, regeling, jaar) for subsidies, (gemeente, kern, peildatum)
  for a kernagenda, the gemeente for a goals file (the gemeente's whole list of goals). For every slice, the
  current rows are those of the most recently loaded file that has accepted rows in it. Older rows stay in raw
  with is_current = false and superseded_by = the newer file; a file none of whose rows is current any more is
  marked superseded in raw.export_files. A file whose rows are all rejected covers no slice and so replaces
  nothing.
- Privacy: only the columns of the published format are stored. The original bytes are never kept (they hold
  the personal columns); the archive holds a copy of the accepted rows in the published format (reloadable with
  `kernmonitor load-export`) and a JSON manifest with the counts and rejects, both without personal data.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TextIO

import duckdb
import pandas as pd

from ingest.exports import ACCEPTED_COLUMNS, EMPTY_ROW, ExportFileError, ExportRead, read_export
from ingest.exports_eigen_cijfers import SHARED_FIELDS
from ingest.exports_spec import (
    DOELEN,
    EIGEN_CIJFERS,
    ENQUETE,
    ENQUETE_RESULTATEN,
    FIELDS,
    KERNAGENDA,
    KERNREGISTER,
    KIND_LABELS,
    SUBSIDIES,
)
from ingest.exports_values import dutch_date

# Raw tables: what came in, with load metadata. Column order of subsidies/kernagenda follows ACCEPTED_COLUMNS.
RAW_TABLES: dict[str, str] = {
    "export_files": """
        load_id integer not null,
        file_sha256 varchar not null,
        file_name varchar not null,
        kind varchar not null,
        gemeentecode varchar not null,
        peildatum date,
        jaar_van integer,
        jaar_tot integer,
        rows_read integer not null,
        accepted integer not null,
        rejected integer not null,
        skipped integer not null,
        corrected integer not null,
        loaded_at timestamp not null,
        archive_path varchar,
        superseded_by varchar,
        superseded_at timestamp
    """,
    SUBSIDIES: """
        file_sha256 varchar not null,
        load_id integer not null,
        gemeentecode varchar not null,
        kern varchar not null,
        regeling varchar not null,
        regeling_bron varchar,
        dossiernummer varchar not null,
        omschrijving varchar,
        thema varchar,
        jaar integer not null,
        datum_besluit date,
        datum_aanvraag date,
        bedrag_aangevraagd decimal(12, 2),
        bedrag_toegekend decimal(12, 2),
        status varchar not null,
        kernagendapunt varchar,
        bronrij integer not null,
        is_current boolean not null,
        superseded_by varchar
    """,
    KERNAGENDA: """
        file_sha256 varchar not null,
        load_id integer not null,
        gemeentecode varchar not null,
        kern varchar not null,
        nummer varchar not null,
        actiepunt varchar not null,
        thema varchar,
        programma varchar,
        trekker varchar not null,
        status varchar not null,
        jaar_opgenomen integer not null,
        jaar_gereed integer,
        peildatum date not null,
        bronrij integer not null,
        is_current boolean not null,
        superseded_by varchar
    """,
    DOELEN: """
        file_sha256 varchar not null,
        load_id integer not null,
        gemeentecode varchar not null,
        scope varchar not null,
        scope_soort varchar not null,
        indicator_id varchar not null,
        in_catalogus boolean not null,
        omschrijving varchar,
        basisjaar integer not null,
        basiswaarde double,
        streefwaarde double not null,
        streefjaar integer not null,
        richting varchar not null,
        eigenaar varchar,
        programma varchar,
        brondocument varchar,
        bronrij integer not null,
        is_current boolean not null,
        superseded_by varchar
    """,
    KERNREGISTER: """
        file_sha256 varchar not null,
        load_id integer not null,
        gemeentecode varchar not null,
        kern varchar not null,
        functie varchar not null,
        werknaam varchar not null,
        platform varchar,
        platformvorm varchar,
        jaar_kernagenda integer,
        website varchar,
        bronrij integer not null,
        is_current boolean not null,
        superseded_by varchar
    """,
    # Resident surveys (docs/enquetes.md): respondent rows stay in raw; only aggregates leave it (marts.kern_enquete).
    ENQUETE: """
        file_sha256 varchar not null,
        load_id integer not null,
        gemeentecode varchar not null,
        meting varchar not null,
        datum date,
        jaar integer not null,
        vraag_id varchar not null,
        vraag varchar,
        thema varchar,
        schaal varchar not null,
        respondent varchar not null,
        kern varchar not null,
        antwoord_getal double,
        antwoord_keuze varchar,
        leeftijdsgroep varchar,
        geslacht varchar,
        bronrij integer not null,
        is_current boolean not null,
        superseded_by varchar
    """,
    ENQUETE_RESULTATEN: """
        file_sha256 varchar not null,
        load_id integer not null,
        gemeentecode varchar not null,
        meting varchar not null,
        datum date,
        jaar integer not null,
        vraag_id varchar not null,
        vraag varchar,
        thema varchar,
        schaal varchar not null,
        gebied varchar not null,
        n integer not null,
        gemiddelde double,
        standaardafwijking double,
        aandeel double,
        bronrij integer not null,
        is_current boolean not null,
        superseded_by varchar
    """,
    # Own figures per buurt or kern, with the indicator's definition on every row (docs/eigen-cijfers.md).
    EIGEN_CIJFERS: """
        file_sha256 varchar not null,
        load_id integer not null,
        gemeentecode varchar not null,
        gebied varchar not null,
        gebied_soort varchar not null,
        buurtcode varchar,
        kern varchar,
        indicator_id varchar not null,
        jaar integer not null,
        waarde double,
        noemer double,
        label varchar not null,
        uitleg varchar,
        eenheid varchar,
        rekenregel varchar not null,
        richting varchar not null,
        programma varchar,
        thema varchar not null,
        bron varchar not null,
        factor double not null,
        decimalen integer not null,
        bronrij integer not null,
        is_current boolean not null,
        superseded_by varchar
    """,
    # The survey threshold (enquete_min_n in kernmonitor.toml), written at every run (ingest/exports_enquete.py).
    "enquete_instellingen": """
        min_n integer not null
    """,
    "export_rejects": """
        file_sha256 varchar not null,
        file_name varchar not null,
        row_number integer not null,
        column_name varchar,
        value varchar,
        reason varchar not null
    """,
    # Rows under the header that are not data (empty rows, totals, notes), with the reason: with the accepted and
    # rejected rows they account for every row of the file.
    "export_skipped": """
        file_sha256 varchar not null,
        row_number integer not null,
        reason varchar not null
    """,
    "export_corrections": """
        file_sha256 varchar not null,
        row_number integer not null,
        column_name varchar not null,
        value varchar,
        corrected varchar not null,
        score double
    """,
}
# The columns that say which slice of the data a row belongs to (see the replacement rule above).
SLICE_COLUMNS = {
    SUBSIDIES: ("gemeentecode", "regeling", "jaar"),
    KERNAGENDA: ("gemeentecode", "kern", "peildatum"),
    DOELEN: ("gemeentecode",),
    KERNREGISTER: ("gemeentecode",),  # a register is the gemeente's whole list: a newer one replaces it all
    ENQUETE: ("gemeentecode", "meting"),  # a newer file of the same measurement replaces it
    ENQUETE_RESULTATEN: ("gemeentecode", "meting"),
    EIGEN_CIJFERS: ("gemeentecode", "indicator_id", "jaar"),  # a newer file of an indicator and year replaces it
}
# Goals may name a group of kernen; the groups are read from this raw table when it exists (see ingest/kerngroepen).
GROUPS_TABLE = "raw.kern_groepen"
DATE_COLUMNS = ("datum_besluit", "datum_aanvraag", "peildatum", "datum")
# A field of the format kept under another column name (the goals' indicator is stored as its catalogue code).
STORED_AS = {"indicator": "indicator_id"}


@dataclass
class LoadSummary:
    """What one load did. to_dict() is the `--json` object; the other attributes are for people and the sensor."""

    file: str
    kind: str
    rows: int
    accepted: int
    rejected: int
    rejects: list[dict[str, Any]]
    rows_in: int = 0  # every row under the header up to the last one with content: accepted + rejected + skipped
    sha256: str = ""
    gemeentecode: str = ""
    peildatum: date | None = None
    already_loaded: bool = False
    loaded_at: datetime | None = None
    archive_path: Path | None = None
    replaced: list[dict[str, Any]] = field(default_factory=list)  # older files whose rows this load replaced
    corrections: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    personal_columns: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": self.kind,
            "rows": self.rows,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "rejects": [
                {"row": int(r["row"]), "column": r["column"], "value": r["value"], "reason": r["reason"]}
                for r in self.rejects
            ],
            "rows_in": self.rows_in,
            "skipped": [{"row": int(s["row"]), "reason": s["reason"]} for s in self.skipped],
        }


def ensure_export_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw export tables when missing, so the dbt models build before any export was loaded."""
    con.execute("create schema if not exists raw")
    for table, columns in RAW_TABLES.items():
        con.execute(f"create table if not exists raw.{table} ({columns})")
    # Added after the first release: a warehouse made before gets the column (empty for its older rows).
    con.execute("alter table raw.subsidies add column if not exists kernagendapunt varchar")


def load_export(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    mapping: pd.DataFrame,
    archive_dir: Path,
    today: date | None = None,
    groups: pd.DataFrame | None = None,
) -> LoadSummary:
    """Validate one export file and load it; raise ExportFileError when the file itself cannot be read.

    `groups` (gemeentecode, groep): the groups of kernen a goal may name; by default those of GROUPS_TABLE.
    """
    path = Path(path)
    ensure_export_tables(con)
    try:
        sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    except (FileNotFoundError, IsADirectoryError) as exc:
        raise ExportFileError(f"{path.name}: bestand niet gevonden of geen bestand ({path})") from exc
    known = _stored_summary(con, sha256, path.name)
    if known is not None:
        return known

    read = read_export(
        path,
        mapping,
        today=today,
        groups=groups if groups is not None else known_groups(con),
        points=_loaded_points(con),
        own_definitions=_own_definitions(con),
        kwb_years=_kwb_years(con),
    )
    loaded_at = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    summary = LoadSummary(
        file=read.file_name,
        kind=read.kind,
        rows=read.rows_read,
        accepted=len(read.accepted),
        rejected=read.rejected,
        rejects=read.rejects.to_dict("records"),
        rows_in=read.rows_in,
        sha256=read.sha256,
        gemeentecode=read.gemeentecode,
        peildatum=read.peildatum,
        loaded_at=loaded_at,
        corrections=read.corrections.to_dict("records"),
        skipped=read.skipped,
        personal_columns=read.personal_columns,
        ignored_columns=read.ignored_columns,
    )
    archive_path = _archive_path(archive_dir, read, loaded_at)
    con.execute("begin transaction")
    try:
        load_id = con.execute("select coalesce(max(load_id), 0) + 1 from raw.export_files").fetchone()[0]
        _insert_file(con, read, load_id, loaded_at, archive_path)
        _insert_rows(con, read, load_id)
        summary.replaced = _supersede(con, read, loaded_at)
        _insert_messages(con, read)
        _write_archive(archive_path, read, summary)
        con.execute("commit")
    except BaseException:
        # A commit that failed (a full disk) has already ended the transaction: report its error, not this one's.
        with contextlib.suppress(duckdb.Error):
            con.execute("rollback")
        for written in (archive_path, archive_path.with_suffix(".json")):
            written.unlink(missing_ok=True)
        raise
    summary.archive_path = archive_path
    return summary


def known_groups(con: duckdb.DuckDBPyConnection) -> pd.DataFrame | None:
    """The named groups of kernen in the warehouse (gemeentecode, groep), or None before any were loaded."""
    try:
        return con.execute(f"select distinct gemeentecode, groep from {GROUPS_TABLE}").df()
    except duckdb.Error:
        return None


def _loaded_points(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every kernagenda point loaded so far (any peildatum), for the check of a grant's kernagendapunt."""
    return con.execute(
        "select distinct gemeentecode, kern, nummer from raw.kernagenda where is_current order by all"
    ).df()


def _own_definitions(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, dict[str, Any]]]:
    """indicator code -> gemeentecode -> the definition of its current own figures (its latest loaded file's)."""
    fields = ", ".join(f"arg_max({f}, load_id) as {f}" for f in SHARED_FIELDS)
    rows = con.execute(
        f"select indicator_id, gemeentecode, {fields} from raw.{EIGEN_CIJFERS} where is_current group by all"
    ).fetchall()
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for code, gemeente, *values in rows:
        found.setdefault(code, {})[gemeente] = dict(zip(SHARED_FIELDS, values, strict=True))
    return found


def _kwb_years(con: duckdb.DuckDBPyConnection) -> frozenset[int] | None:
    """The years with CBS buurt figures in the warehouse; None before the first KWB load (then not checked)."""
    try:
        years = con.execute(
            "select distinct cast(year as integer) from raw.kwb_values where trim(region_code) like 'BU%'"
        ).fetchall()
    except duckdb.CatalogException:
        return None
    return frozenset(y for (y,) in years) or None


def _stored_summary(con: duckdb.DuckDBPyConnection, sha256: str, name: str) -> LoadSummary | None:
    row = con.execute(
        """select file_name, kind, gemeentecode, peildatum, rows_read, accepted, rejected, loaded_at, archive_path
           from raw.export_files where file_sha256 = ?""",
        [sha256],
    ).fetchone()
    if row is None:
        return None
    rejects = con.execute(
        """select row_number, column_name, value, reason from raw.export_rejects
           where file_sha256 = ? order by row_number, rowid""",
        [sha256],
    ).fetchall()
    skipped = con.execute(
        "select row_number, reason from raw.export_skipped where file_sha256 = ? order by row_number", [sha256]
    ).fetchall()
    return LoadSummary(
        file=name,
        kind=row[1],
        rows=row[4],
        accepted=row[5],
        rejected=row[6],
        rejects=[{"row": r[0], "column": r[1], "value": r[2], "reason": r[3]} for r in rejects],
        rows_in=row[4] + len(skipped),
        skipped=[{"row": r[0], "reason": r[1]} for r in skipped],
        sha256=sha256,
        gemeentecode=row[2],
        peildatum=row[3],
        already_loaded=True,
        loaded_at=row[7],
        archive_path=Path(row[8]) if row[8] else None,
    )


def _insert_file(
    con: duckdb.DuckDBPyConnection, read: ExportRead, load_id: int, loaded_at: datetime, archive_path: Path
) -> None:
    years = read.years
    con.execute(
        "insert into raw.export_files values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, null)",
        [
            load_id,
            read.sha256,
            read.file_name,
            read.kind,
            read.gemeentecode,
            read.peildatum,
            years[0] if years else None,
            years[-1] if years else None,
            read.rows_read,
            len(read.accepted),
            read.rejected,
            len(read.skipped),
            len(read.corrections),
            loaded_at,
            str(archive_path),
        ],
    )


def _insert_rows(con: duckdb.DuckDBPyConnection, read: ExportRead, load_id: int) -> None:
    if read.accepted.empty:
        return
    frame = read.accepted
    columns = []
    for name in ACCEPTED_COLUMNS[read.kind]:
        columns.append(f"cast({name} as date) as {name}" if name in DATE_COLUMNS else name)
    con.register("export_accepted", frame)
    try:
        con.execute(
            f"""insert into raw.{read.kind} by name
                select ? as file_sha256, ? as load_id, {", ".join(columns)}, true as is_current, null as superseded_by
                from export_accepted""",
            [read.sha256, load_id],
        )
    finally:
        con.unregister("export_accepted")


def _supersede(con: duckdb.DuckDBPyConnection, read: ExportRead, loaded_at: datetime) -> list[dict[str, Any]]:
    """Apply the replacement rule for the slices this file covers; return what was replaced, per older file."""
    table = f"raw.{read.kind}"
    slice_columns = ", ".join(SLICE_COLUMNS[read.kind])
    old_columns = ", ".join(f"old.{c}" for c in SLICE_COLUMNS[read.kind])
    replaced = con.execute(
        f"""select f.file_name, f.file_sha256, count(*) as rows
            from {table} as old
            join raw.export_files as f using (file_sha256)
            where old.is_current and old.file_sha256 <> ?
              and ({old_columns}) in (select ({slice_columns}) from {table} where file_sha256 = ?)
            group by all order by f.file_name""",
        [read.sha256, read.sha256],
    ).fetchall()
    con.execute(
        f"""update {table} set is_current = false, superseded_by = ?
            where is_current and file_sha256 <> ?
              and ({slice_columns}) in (select ({slice_columns}) from {table} where file_sha256 = ?)""",
        [read.sha256, read.sha256, read.sha256],
    )
    con.execute(
        f"""update raw.export_files set superseded_by = ?, superseded_at = ?
            where kind = ? and superseded_by is null and file_sha256 <> ? and accepted > 0
              and file_sha256 not in (select file_sha256 from {table} where is_current)""",
        [read.sha256, loaded_at, read.kind, read.sha256],
    )
    return [{"file": name, "sha256": sha, "rows": rows} for name, sha, rows in replaced]


def _insert_messages(con: duckdb.DuckDBPyConnection, read: ExportRead) -> None:
    if len(read.rejects):
        con.executemany(
            "insert into raw.export_rejects values (?, ?, ?, ?, ?, ?)",
            [
                [read.sha256, read.file_name, int(r["row"]), r["column"], r["value"], r["reason"]]
                for r in read.rejects.to_dict("records")
            ],
        )
    if read.skipped:
        con.executemany(
            "insert into raw.export_skipped values (?, ?, ?)",
            [[read.sha256, int(s["row"]), s["reason"]] for s in read.skipped],
        )
    if len(read.corrections):
        con.executemany(
            "insert into raw.export_corrections values (?, ?, ?, ?, ?, ?)",
            [
                [read.sha256, int(c["row"]), c["column"], c["value"], c["corrected"], _score(c["score"])]
                for c in read.corrections.to_dict("records")
            ],
        )


def _score(score: object) -> float | None:
    """A fuzzy match's score; none for a note that is not a match (a kernagendapunt that could not be checked)."""
    return None if score is None or pd.isna(score) else float(score)  # type: ignore[arg-type]


def _archive_path(archive_dir: Path, read: ExportRead, loaded_at: datetime) -> Path:
    stem = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in Path(read.file_name).stem)[:60]
    name = f"{loaded_at:%Y%m%dT%H%M%S}_{read.sha256[:12]}_{read.gemeentecode}_{read.kind}_{stem}.csv"
    return Path(archive_dir) / read.gemeentecode / read.kind / name


def _write_archive(path: Path, read: ExportRead, summary: LoadSummary) -> None:
    """The accepted rows in the published format (reloadable), and a manifest; never the original bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    specs = [s for s in FIELDS[read.kind] if STORED_AS.get(s.name, s.name) in ACCEPTED_COLUMNS[read.kind]]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        title = f"Archiefkopie zonder persoonsgegevens van {read.file_name} (sha256 {read.sha256})"
        writer.writerow([f"{title}; alleen opgenomen rijen"])
        writer.writerow([s.label for s in specs] + ["Bronrij"])
        names = list(read.accepted.columns)
        for values in read.accepted.itertuples(index=False, name=None):  # one row at a time, not a dict per row
            record = dict(zip(names, values, strict=True))
            writer.writerow([_archive_cell(s.name, record) for s in specs] + [record["bronrij"]])
    manifest = summary.to_dict() | {
        "sha256": read.sha256,
        "gemeentecode": read.gemeentecode,
        "peildatum": read.peildatum.isoformat() if read.peildatum else None,
        "loaded_at": summary.loaded_at.isoformat() if summary.loaded_at else None,
        "header_row": read.header_row,
        "sheet": read.sheet,
        "skipped": read.skipped,
        "corrections": read.corrections.to_dict("records"),
        "personal_columns_dropped": read.personal_columns,
        "ignored_columns": read.ignored_columns,
        "replaced": summary.replaced,
    }
    path.with_suffix(".json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2, default=str), "utf-8")


def _archive_cell(name: str, record: dict[str, Any]) -> str:
    value = record.get(STORED_AS.get(name, name))
    if name == "regeling" and not pd.isna(record.get("regeling_bron")):
        value = record["regeling_bron"]  # the spelling of the file, which reads back to the same regeling
    if value is None or pd.isna(value):
        return ""
    if isinstance(value, pd.Timestamp | datetime | date):
        return dutch_date(value)
    if isinstance(value, float) and name in ("basiswaarde", "streefwaarde", "waarde", "noemer", "factor"):
        return f"{value:.6f}".rstrip("0").rstrip(".").replace(".", ",")  # a goal's value, as precise as written
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def summary_text(summary: LoadSummary) -> str:
    """The Dutch summary `kernmonitor load-export` prints."""
    gemeente = f" van gemeente {summary.gemeentecode}" if summary.gemeentecode else ""
    peildatum = f", peildatum {dutch_date(summary.peildatum)}" if summary.peildatum else ""
    lines = [f"{summary.file}: {KIND_LABELS.get(summary.kind, summary.kind)}{gemeente}{peildatum}"]
    if summary.already_loaded:
        when = f" op {summary.loaded_at:%d-%m-%Y %H:%M} (UTC)" if summary.loaded_at else ""
        lines.append(f"  Dit bestand is al eerder geladen{when}, met dezelfde inhoud; er is niets veranderd.")
    lines.append(
        f"  {summary.rows} {'rij' if summary.rows == 1 else 'rijen'} gelezen: "
        f"{summary.accepted} opgenomen, {summary.rejected} afgewezen."
    )
    if summary.skipped:
        # Empty rows are counted, the others (totals, notes) named: those a user may want to check.
        empty = sum(1 for s in summary.skipped if s["reason"] == EMPTY_ROW)
        named = [s for s in summary.skipped if s["reason"] != EMPTY_ROW]
        parts = [f"{empty} {'lege rij' if empty == 1 else 'lege rijen'}"] if empty else []
        parts += [f"rij {s['row']} ({s['reason']})" for s in named[:10]]
        more = f" en nog {len(named) - 10}" if len(named) > 10 else ""
        count = len(summary.skipped)
        lines.append(
            f"  {count} {'rij' if count == 1 else 'rijen'} overgeslagen (geen gegevensrij): {', '.join(parts)}{more}."
        )
    if summary.personal_columns:
        lines.append(f"  Niet ingelezen, want persoonsgegevens: {', '.join(summary.personal_columns)}.")
    if summary.ignored_columns:
        lines.append(f"  Niet gebruikt (geen kolom van het formaat): {', '.join(summary.ignored_columns)}.")
    for c in summary.corrections:
        if _score(c.get("score")) is None:  # a note, not a match: the value was kept out, with the reason
            lines.append(f"  Let op: rij {c['row']}, {c['column']} '{c['value']}' {c['corrected']}.")
        else:
            lines.append(f"  Verbeterd: rij {c['row']}, {c['column']} '{c['value']}' gelezen als '{c['corrected']}'.")
    if summary.rejects:
        lines.append("  Afgewezen:")
        for r in summary.rejects:
            value = f" '{r['value']}'" if r["value"] else ""
            lines.append(f"    rij {r['row']}, {r['column']}{value}: {r['reason']}")
    for r in summary.replaced:
        lines.append(f"  Vervangt {r['rows']} rijen uit {r['file']} (zelfde gemeente en periode, eerder geladen).")
    if summary.archive_path:
        lines.append(f"  Gearchiveerd (zonder persoonsgegevens): {summary.archive_path}")
    return "\n".join(lines)


def load_export_command(
    path: str,
    as_json: bool,
    warehouse: Path,
    mapping: pd.DataFrame,
    archive_dir: Path,
    out: TextIO | None = None,
) -> int:
    """`kernmonitor load-export PATH [--json]`: 0 when the file was read (even with rejects), 2 when it was not."""
    out = out or sys.stdout  # looked up now, not at import: a redirected stdout must receive it
    try:
        Path(warehouse).parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(warehouse))
    except duckdb.IOException as exc:
        print(f"De database {warehouse} is in gebruik of niet te openen: {exc}", file=out)
        return 1
    try:
        summary = load_export(con, Path(path), mapping, Path(archive_dir))
    except ExportFileError as exc:
        if as_json:
            print(json.dumps({"file": Path(path).name, "error": str(exc)}, ensure_ascii=False), file=out)
        else:
            print(f"Niet geladen: {exc}", file=out)
        return 2
    finally:
        con.close()
    if as_json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False), file=out)
    else:
        print(summary_text(summary), file=out)
    return 0
