"""Publish the marts of the working file as the serving file, atomically, and only when they pass the gates.

DuckDB takes one writer or many readers, never both, so the dashboard never opens the working file: it reads a
copy that is written next to the serving file and swapped in with os.replace (atomic on one filesystem). A
reader that opened the old file keeps reading it; the next connection sees the new one.

Publishing bad figures to the raad is worse than publishing none. The gates below are the rules whose failure
stops a publish. Dagster runs them as blocking asset checks (orchestration/defs/publish/checks.py), so a failing
run shows which one and never reaches the `serving` step; `publish()` runs them again on the working file just
before copying, so a publish started on its own (the `serving` asset alone, an export run) cannot skip them.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

PUBLISHED_SCHEMA = "marts"


@dataclass(frozen=True)
class Gate:
    """A rule the working file must pass before it is published: `sql` returns the rows that break it."""

    name: str
    table: tuple[str, str]  # (schema, table) the rule reads
    # The Dagster asset the blocking check is attached to: one that `serving` (or dbt) depends on directly,
    # because Dagster holds back only the direct dependents of a failed blocking check.
    asset: tuple[str, str]
    description: str  # Dutch: what the rule guarantees
    failure: str  # Dutch: what a failure means, followed by the offending rows
    sql: str


GATES: tuple[Gate, ...] = (
    Gate(
        name="som_kernen_sluit_aan_op_cbs",
        table=("marts", "kern_reconciliatie"),
        asset=("marts", "kern_indicators"),
        description=(
            "Voor elke telling (inwoners, woningen, huishoudens, ...) is de som over de kernen gelijk aan de som"
            " over de buurten, en wijkt die van het CBS-cijfer van de gemeente niet meer af dan de afronding van"
            " CBS plus een marge per geheime buurt (de regel en de marges: kolom afwijking van"
            " marts.kern_reconciliatie, dbt-vars cbs_afronding_per_buurt en geheime_buurt_marge)."
        ),
        failure="De kernen tellen niet op tot het CBS-cijfer van de gemeente",
        sql="""
            select gemeentecode, jaar, maat, buurten, buurten_geheim, som_kernen, som_buurten, cbs_gemeente,
                   verschil, afwijking as reden
            from marts.kern_reconciliatie
            where afwijking is not null
            order by gemeentecode, jaar, maat
        """,
    ),
    Gate(
        name="elke_kern_heeft_inwoners",
        table=("marts", "kernen"),
        asset=("marts", "kernen"),
        description="Elke kern heeft in het laatste jaar inwoners (een kern zonder inwoners is een indelingsfout).",
        failure="Kernen zonder inwoners",
        sql="""
            select gemeentecode, kern, aantal_buurten, buurtcodes, inwoners, jaar
            from marts.kernen
            where coalesce(inwoners, 0) <= 0
            order by gemeentecode, kern
        """,
    ),
    Gate(
        name="elke_buurt_in_een_kern",
        table=("intermediate", "int_kwb_unmapped_buurten"),
        asset=("marts", "kern_buurten"),
        description="Elke buurt die CBS voor de gemeente publiceert, hoort bij een kern van de kernindeling.",
        failure="Buurten die bij geen enkele kern horen (vul de kernindeling aan)",
        sql="""
            select gemeentecode, buurtcode, any_value(region_name) as buurtnaam,
                   string_agg(distinct cast(year as varchar), ', ' order by cast(year as varchar)) as jaren
            from intermediate.int_kwb_unmapped_buurten
            group by gemeentecode, buurtcode
            order by gemeentecode, buurtcode
        """,
    ),
    Gate(
        name="buurt_in_hoogstens_een_kern",
        table=("raw", "kern_buurt"),
        asset=("raw", "kern_buurt"),
        description="Geen buurt staat in meer dan één kern (of meer dan eens) in de kernindeling.",
        failure="Buurten die in meer dan één kern staan",
        sql="""
            select buurtcode, count(*) as keer, string_agg(distinct kern, ', ' order by kern) as kernen
            from raw.kern_buurt
            group by buurtcode
            having count(*) > 1
            order by buurtcode
        """,
    ),
)


@dataclass(frozen=True)
class GateResult:
    gate: Gate
    rows: list[dict]  # the offending rows (empty: passed)
    checked: bool  # False when the table the gate reads does not exist in this file

    @property
    def passed(self) -> bool:
        return not self.rows

    def message(self, limit: int = 5) -> str:
        """One Dutch line: what failed and the first offending rows."""
        shown = "; ".join(", ".join(f"{k}={v}" for k, v in row.items()) for row in self.rows[:limit])
        more = f" (en nog {len(self.rows) - limit})" if len(self.rows) > limit else ""
        return f"{self.gate.failure}: {len(self.rows)} — {shown}{more}"


class PublishRefused(RuntimeError):
    """The working file failed at least one gate; the serving file was left as it was."""

    def __init__(self, failed: list[GateResult]) -> None:
        self.failed = failed
        lines = [f"- {r.gate.name}: {r.message()}" for r in failed]
        header = "Niet gepubliceerd; de vorige publicatie blijft staan. Controles mislukt:"
        super().__init__("\n".join([header, *lines]))


def _table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    found = con.execute(
        "select count(*) from information_schema.tables where table_catalog = current_database()"
        " and table_schema = ? and table_name = ?",
        [schema, table],
    ).fetchone()
    return bool(found and found[0])


def run_gate(con: duckdb.DuckDBPyConnection, gate: Gate) -> GateResult:
    """Evaluate one gate on a connection whose current database is the working file."""
    if not _table_exists(con, *gate.table):
        return GateResult(gate, [], checked=False)
    cursor = con.execute(gate.sql)
    columns = [d[0] for d in cursor.description]
    return GateResult(gate, [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()], checked=True)


def run_gates(con: duckdb.DuckDBPyConnection, gates: tuple[Gate, ...] = GATES) -> list[GateResult]:
    return [run_gate(con, gate) for gate in gates]


def publish(warehouse: Path, serving: Path, gates: tuple[Gate, ...] = GATES) -> dict:
    """Copy every table of the marts schema to `serving`; return the data version it carries.

    Raises PublishRefused, before anything is written, when the working file fails a gate. A gate whose table
    does not exist is reported as unchecked, not failed: a working file without it has not been built by our
    dbt project, and Dagster's blocking checks (which do fail on a missing table) guard the real pipeline.
    """
    tmp = serving.with_name(serving.name + ".tmp")
    tmp.unlink(missing_ok=True)
    published_at = datetime.now(UTC).replace(microsecond=0)
    with duckdb.connect() as con:
        # The working file read-only and the new serving file read-write, side by side in one session.
        con.execute(f"attach '{warehouse}' as work (read_only)")
        con.execute("use work")
        results = run_gates(con, gates)
        failed = [r for r in results if not r.passed]
        if failed:
            raise PublishRefused(failed)
        tables = [
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables where table_catalog = 'work' and table_schema = ?"
                " and table_type = 'BASE TABLE' order by table_name",
                [PUBLISHED_SCHEMA],
            ).fetchall()
        ]
        if not tables:
            raise RuntimeError(f"{warehouse}: no tables in schema {PUBLISHED_SCHEMA}; run the dbt models first")
        try:
            con.execute(f"attach '{tmp}' as pub")
            con.execute(f"create schema pub.{PUBLISHED_SCHEMA}")
            digest = hashlib.sha256()
            for table in tables:
                con.execute(
                    f'create table pub.{PUBLISHED_SCHEMA}."{table}" as select * from {PUBLISHED_SCHEMA}."{table}"'
                )
                digest.update(table.encode())
                count = con.execute(f'select count(*) from {PUBLISHED_SCHEMA}."{table}"').fetchone()
                digest.update(str(count).encode())
            version = published_at.strftime("%Y%m%dT%H%M%SZ") + "-" + digest.hexdigest()[:8]
            con.execute(
                f"create table pub.{PUBLISHED_SCHEMA}.publicatie"
                " as select ? as versie, ? as gepubliceerd_op, ? as tabellen",
                [version, published_at, len(tables)],
            )
            con.execute("use memory")
            con.execute("detach pub")
        except BaseException:
            # A half-written copy must not be mistaken for a publication, nor fill the disk run after run.
            con.execute("use memory")
            con.execute("detach database if exists pub")
            tmp.unlink(missing_ok=True)
            raise
    # fsync before the swap: after a power cut the serving file is either the old or the complete new one.
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, serving)
    return {
        "version": version,
        "published_at": published_at.isoformat(),
        "tables": tables,
        "gates": {r.gate.name: ("geslaagd" if r.checked else "niet gecontroleerd") for r in results},
    }
