"""Write what came in to the `raw` schema of the DuckDB working file, with load metadata.

Plain functions over a DuckDB connection, so the Dagster assets stay thin and tests can call them directly.
Each loader replaces its raw table as a whole inside one transaction: a failed load leaves the previous rows.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import duckdb
import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from ingest import kwb
from ingest.cbs_odata import region_codes_for
from ingest.leefbaarometer import parse_features


class KwbSource(Protocol):
    def table_infos(self, table_id: str) -> dict: ...
    def data_properties(self, table_id: str) -> list[dict]: ...
    def regions(self, table_id: str) -> list[dict]: ...
    def typed_dataset(self, table_id: str, region_codes: Sequence[str], columns: Sequence[str]) -> list[dict]: ...


def _replace_table(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> int:
    con.execute("create schema if not exists raw")
    con.register("_incoming", frame)
    # Categorical columns reach DuckDB as ENUMs: stored as VARCHAR, as every other text column of raw.
    categorical = [name for name, dtype in frame.dtypes.items() if isinstance(dtype, pd.CategoricalDtype)]
    select = "*"
    if categorical:
        quoted = ['"' + str(name).replace('"', '""') + '"' for name in categorical]
        select += " replace (" + ", ".join(f"cast({q} as varchar) as {q}" for q in quoted) + ")"
    try:
        con.execute("begin transaction")
        con.execute(f"create or replace table raw.{table} as select {select} from _incoming")
        con.execute("commit")
    except Exception:
        # A commit that failed (a full disk) has already ended the transaction: its error is the one to report.
        with contextlib.suppress(duckdb.Error):
            con.execute("rollback")
        raise
    finally:
        con.unregister("_incoming")
    return len(frame)


def kwb_frames(
    source: KwbSource, tables: dict[int, str], gemeenten: Sequence[str], synthetic: bool, real_cells=None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pull every table through the measure resolution: (long values, one metadata row per table)."""
    loaded_at = datetime.now(UTC).replace(microsecond=0)
    values, metadata = [], []
    for year, table_id in sorted(tables.items()):
        infos = source.table_infos(table_id)
        props = source.data_properties(table_id)
        resolution = kwb.resolve_measures(props)
        codes = region_codes_for(source.regions(table_id), gemeenten)
        rows = source.typed_dataset(table_id, codes, kwb.columns_needed(resolution))
        frame = kwb.to_long(rows, resolution, table_id, year)
        real = real_cells(table_id) if (synthetic and real_cells) else {}
        frame["synthetic"] = _synthetic_flags(frame, real) if synthetic else False
        frame["revision"] = kwb.constant_categorical(str(infos.get("Modified", "")), len(frame))
        values.append(frame)
        metadata.append(
            {
                "table_id": table_id,
                "year": year,
                "title": str(infos.get("Title", "")).strip(),
                "revision": str(infos.get("Modified", "")),
                "resolved_measures": json.dumps(resolution.keys, ensure_ascii=False),
                "missing_measures": json.dumps(resolution.missing_optional),
                "data_properties": json.dumps(props, ensure_ascii=False),
                "metadata_sha256": hashlib.sha256(json.dumps(props, sort_keys=True).encode()).hexdigest(),
                "source_kind": "synthetic-demo" if synthetic else "live",
                "regions": len(rows),
                "loaded_at": loaded_at,
            }
        )
    all_values = _concat_by_column(values)
    all_values["loaded_at"] = loaded_at
    return all_values, pd.DataFrame(metadata)


def _concat_by_column(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """pd.concat of frames with the same columns, one column at a time, emptying the frames as it goes.

    All of NL is about 11 million long rows: a plain concat holds the years and their copy at once.
    """
    if len(frames) == 1:
        return frames[0]
    columns = list(frames[0].columns)
    joined = {}
    for name in columns:
        parts = [frame.pop(name) for frame in frames]
        if all(isinstance(part.dtype, pd.CategoricalDtype) for part in parts):
            # pd.concat of categoricals with other categories falls back to Python strings.
            joined[name] = pd.Series(union_categoricals([part.array for part in parts]))
        else:
            joined[name] = pd.concat(parts, ignore_index=True)
    return pd.DataFrame(joined, columns=columns)


def _synthetic_flags(frame: pd.DataFrame, real: dict[str, set[str]]) -> np.ndarray:
    """True for every cell of a synthetic source except the (region, key) pairs listed as real.

    `real` lists the real cells of every region the StatLine layer knows (all of NL): each pair becomes one integer
    (its region's and key's position among the frame's own categories) and the frame's cells are looked up among
    those at once. A MultiIndex of the pairs took 1,3 s on the demo's 66.000 cells; this takes milliseconds."""
    if not real:
        return np.ones(len(frame), dtype=bool)
    regions = frame["region_code"].astype("category")
    keys = frame["source_key"].astype("category")
    region_at = {code: i for i, code in enumerate(regions.cat.categories)}
    key_at = {key: i for i, key in enumerate(keys.cat.categories)}
    width = len(key_at) + 1  # a missing key (code -1) can then not land on another region's cell
    listed = [
        region_at[code] * width + key_at[key]
        for code, ks in real.items()
        if code in region_at
        for key in ks
        if key in key_at
    ]
    cells = regions.cat.codes.to_numpy(np.int64) * width + keys.cat.codes.to_numpy(np.int64)
    return ~np.isin(cells, np.asarray(listed, dtype=np.int64))


def load_kwb(con: duckdb.DuckDBPyConnection, values: pd.DataFrame, metadata: pd.DataFrame) -> int:
    _replace_table(con, "kwb_tables", metadata)
    return _replace_table(con, "kwb_values", values)


def load_kern_mapping(con: duckdb.DuckDBPyConnection, mapping: pd.DataFrame) -> int:
    return _replace_table(con, "kern_buurt", mapping.assign(loaded_at=datetime.now(UTC).replace(microsecond=0)))


def load_kern_groups(con: duckdb.DuckDBPyConnection, groups: pd.DataFrame) -> int:
    """Named groups of kernen (ingest.kerngroepen), loaded with the mapping they were checked against."""
    return _replace_table(con, "kern_groepen", groups.assign(loaded_at=datetime.now(UTC).replace(microsecond=0)))


def load_leefbaarometer(con: duckdb.DuckDBPyConnection, buurten: Path, gemeenten: Path | None = None) -> int:
    """Buurt (and gemeente) scores from GeoJSON files: the embedded extract or a saved WFS answer."""
    frames = []
    for path in [buurten, gemeenten]:
        if path is None or not Path(path).exists():
            continue
        frame = parse_features(json.loads(Path(path).read_text(encoding="utf-8"))["features"])
        frame["source_file"] = Path(path).name
        frames.append(frame)
    return _load_leefbaarometer_frame(con, pd.concat(frames, ignore_index=True))


def load_leefbaarometer_features(con: duckdb.DuckDBPyConnection, features: list[dict], source_name: str) -> int:
    """Scores straight from the WFS features."""
    frame = parse_features(features)
    frame["source_file"] = source_name
    return _load_leefbaarometer_frame(con, frame)


def _load_leefbaarometer_frame(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> int:
    frame["region_level"] = frame["region_code"].str[:2]
    frame["loaded_at"] = datetime.now(UTC).replace(microsecond=0)
    return _replace_table(con, "leefbaarometer", frame)


def load_buurt_geometry(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Simplified buurt boundaries as GeoJSON text per buurt (for maps only, never for area sums)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    frame = pd.DataFrame(
        [
            {
                "buurtcode": f["properties"]["statcode"],
                "buurtnaam": f["properties"]["statnaam"],
                "geometry_geojson": json.dumps(f["geometry"], separators=(",", ":")),
            }
            for f in data["features"]
        ]
    )
    return _replace_table(con, "buurt_geometrie", frame)
