"""Publish the marts of the working file as the serving file, atomically.

DuckDB takes one writer or many readers, never both, so the dashboard never opens the working file: it reads a
copy that is written next to the serving file and swapped in with os.replace (atomic on one filesystem). A
reader that opened the old file keeps reading it; the next connection sees the new one.
"""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb

PUBLISHED_SCHEMA = "marts"


def publish(warehouse: Path, serving: Path) -> dict:
    """Copy every table of the marts schema to `serving`; return the data version it carries."""
    tmp = serving.with_name(serving.name + ".tmp")
    tmp.unlink(missing_ok=True)
    published_at = datetime.now(UTC).replace(microsecond=0)
    with duckdb.connect() as con:
        # The working file read-only and the new serving file read-write, side by side in one session.
        con.execute(f"attach '{warehouse}' as work (read_only)")
        con.execute(f"attach '{tmp}' as pub")
        con.execute("use work")
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
        con.execute(f"create schema pub.{PUBLISHED_SCHEMA}")
        digest = hashlib.sha256()
        for table in tables:
            con.execute(f'create table pub.{PUBLISHED_SCHEMA}."{table}" as select * from {PUBLISHED_SCHEMA}."{table}"')
            digest.update(table.encode())
            digest.update(str(con.execute(f'select count(*) from {PUBLISHED_SCHEMA}."{table}"').fetchone()).encode())
        version = published_at.strftime("%Y%m%dT%H%M%SZ") + "-" + digest.hexdigest()[:8]
        con.execute(
            f"create table pub.{PUBLISHED_SCHEMA}.publicatie"
            " as select ? as versie, ? as gepubliceerd_op, ? as tabellen",
            [version, published_at, len(tables)],
        )
        con.execute("use memory")
        con.execute("detach pub")
    os.replace(tmp, serving)
    return {"version": version, "published_at": published_at.isoformat(), "tables": tables}
