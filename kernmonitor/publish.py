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


CONTROLES_SCHEMA = "controles"


@dataclass(frozen=True)
class Gate:
    """A rule the working file must pass before it is published.

    The rule itself is a dbt view (dbt_project/models/controles/<controle>.sql) of the rows that break it; the dbt
    test `geen_rijen` reads the same view, so the rule and its tolerance are written once. The gate adds what a
    beheerder reads when it fails. Dagster's blocking check for the gate sits on the view's asset, which `serving`
    depends on directly.
    """

    name: str
    controle: str  # the view in schema controles
    description: str  # Dutch: what the rule guarantees
    failure: str  # Dutch: what a failure means, followed by the offending rows

    @property
    def asset(self) -> tuple[str, str]:
        return (CONTROLES_SCHEMA, self.controle)

    @property
    def relation(self) -> str:
        return f"{CONTROLES_SCHEMA}.{self.controle}"


GATES: tuple[Gate, ...] = (
    Gate(
        name="som_kernen_sluit_aan_op_cbs",
        controle="telling_wijkt_af_van_cbs",
        description=(
            "Voor elke telling (inwoners, woningen, huishoudens, ...) is de som over de kernen gelijk aan de som"
            " over de buurten, en wijkt die van het CBS-cijfer van de gemeente niet meer af dan de afronding van"
            " CBS plus een marge per geheime buurt (de regel en de marges: kolom afwijking van"
            " marts.kern_reconciliatie, dbt-vars cbs_afronding_per_buurt en geheime_buurt_marge)."
        ),
        failure="De kernen tellen niet op tot het CBS-cijfer van de gemeente",
    ),
    Gate(
        name="elke_kern_heeft_inwoners",
        controle="kern_zonder_inwoners",
        description=(
            "Elke kern heeft inwoners: in elk jaar met een inwonertal meer dan 0, en in het laatste jaar een"
            " inwonertal (een kern zonder inwoners is een indelingsfout)."
        ),
        failure="Kernen zonder inwoners",
    ),
    Gate(
        name="elke_buurt_in_een_kern",
        controle="buurt_zonder_kern",
        description="Elke buurt die CBS voor de gemeente publiceert, hoort bij een kern van de kernindeling.",
        failure="Buurten die bij geen enkele kern horen (vul de kernindeling aan)",
    ),
    Gate(
        name="buurt_in_hoogstens_een_kern",
        controle="buurt_in_meer_kernen",
        description="Geen buurt staat in meer dan één kern (of meer dan eens) in de kernindeling.",
        failure="Buurten die in meer dan één kern staan",
    ),
)


@dataclass(frozen=True)
class GateResult:
    gate: Gate
    rows: list[dict]  # the offending rows (empty: passed)
    missing: bool = False  # the view is not in the working file: not built by this dbt project, so not checked

    @property
    def passed(self) -> bool:
        return not self.rows and not self.missing

    def message(self, limit: int = 5) -> str:
        """One Dutch line: what failed and the first offending rows."""
        if self.missing:
            return f"{self.gate.failure}: niet gecontroleerd, {self.gate.relation} ontbreekt in het werkbestand"
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


def run_gate(con: duckdb.DuckDBPyConnection, gate: Gate) -> GateResult:
    """Evaluate one gate on a connection whose current database is the working file.

    Fails closed: a working file without the rule's view has not been built by this dbt project.
    """
    try:
        cursor = con.execute(f"select * from {gate.relation} order by all")
    except duckdb.CatalogException:
        return GateResult(gate, [], missing=True)
    columns = [d[0] for d in cursor.description]
    return GateResult(gate, [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()])


def run_gates(con: duckdb.DuckDBPyConnection, gates: tuple[Gate, ...] = GATES) -> list[GateResult]:
    return [run_gate(con, gate) for gate in gates]


def publish(warehouse: Path, serving: Path, gates: tuple[Gate, ...] = GATES) -> dict:
    """Copy every table of the marts schema to `serving`; return the data version it carries.

    Raises PublishRefused, before anything is written, when the working file fails a gate (or lacks a gate's view).
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
    # And the folder, so that the swap itself survives a power cut (else the old publication may come back).
    folder = os.open(serving.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
    return {
        "version": version,
        "published_at": published_at.isoformat(),
        "tables": tables,
        "gates": {r.gate.name: "geslaagd" for r in results},
    }
