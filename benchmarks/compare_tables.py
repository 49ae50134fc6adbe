"""Compare a table of two DuckDB files row by row: the check behind a dbt model rewritten for speed.

Rows are matched on the given key columns; a number counts as the same within a relative 1e-9 (sums of the same
values in another order differ in the last bit), everything else must be equal (NULL equal to NULL). Prints the rows
missing on either side and, per column, how many matched rows differ, with a few examples.

    .venv/bin/python -m benchmarks.compare_tables OLD.duckdb NEW.duckdb marts.kern_indicators \\
        --keys gemeentecode,kern,jaar,indicator_id

Exit status 1 when anything differs. Used on 5 December 2026 for int_kern_indicators_computed,
int_kwb_kern_aggregated and kern_indicators on all of NL (benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

TOLERANCE = 1e-9
NUMBERS = {"DOUBLE", "FLOAT", "REAL"}


def differences(old: Path, new: Path, table: str, keys: list[str], examples: int = 5) -> dict:
    """{"missing": rows of old not in new, "extra": rows of new not in old, "columns": {column: (count, examples)}}."""
    con = duckdb.connect()
    con.execute("attach ? as old (read_only)", [str(old)])
    con.execute("attach ? as new (read_only)", [str(new)])
    columns = con.execute(f"describe old.{table}").fetchall()
    new_columns = [row[0] for row in con.execute(f"describe new.{table}").fetchall()]
    if [row[0] for row in columns] != new_columns:
        raise SystemExit(f"columns differ: {[row[0] for row in columns]} against {new_columns}")
    on = " and ".join(f"a.{k} is not distinct from b.{k}" for k in keys)
    missing = con.execute(f"select count(*) from old.{table} a anti join new.{table} b on {on}").fetchone()[0]
    extra = con.execute(f"select count(*) from new.{table} b anti join old.{table} a on {on}").fetchone()[0]
    found = {}
    for name, kind, *_ in columns:
        if name in keys:
            continue
        if kind in NUMBERS:
            differs = (
                f"not (a.{name} is not distinct from b.{name}"
                f" or abs(a.{name} - b.{name}) <= {TOLERANCE} * greatest(abs(a.{name}), 1))"
            )
        else:
            differs = f"a.{name} is distinct from b.{name}"
        join = f"from old.{table} a join new.{table} b on {on} where {differs}"
        count = con.execute(f"select count(*) {join}").fetchone()[0]
        if count:
            shown = ", ".join(f"a.{k}" for k in keys)
            rows = con.execute(f"select {shown}, a.{name}, b.{name} {join} limit {examples}").fetchall()
            found[name] = (count, rows)
    return {"missing": missing, "extra": extra, "columns": found}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("table", help="schema.table, the same in both files")
    parser.add_argument("--keys", required=True, help="comma-separated key columns")
    args = parser.parse_args(argv)
    result = differences(args.old, args.new, args.table, args.keys.split(","))
    print(f"{args.table}: {result['missing']} rows only in the old file, {result['extra']} only in the new one")
    for name, (count, rows) in result["columns"].items():
        print(f"  {name}: {count} rows differ, e.g. {rows}")
    same = not (result["missing"] or result["extra"] or result["columns"])
    print("the same" if same else "different")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
