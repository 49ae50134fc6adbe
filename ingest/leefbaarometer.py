"""Leefbaarometer 3.0 (BZK): liveability class 1-9 per buurt and its five dimensions, from WFS GeoJSON."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

CLASS_FIELDS = ["kscore", "kafw", "kwon", "kfys", "kvrz", "ksoc", "konv"]
SCORE_FIELDS = ["afw", "won", "fys", "vrz", "soc", "onv"]
COLUMNS = ["region_code", "year", *CLASS_FIELDS, *SCORE_FIELDS]


def parse_features(features: list[dict]) -> pd.DataFrame:
    """GeoJSON features of lbm3:buurtscore24 / gemeentescore24 (or our extract) -> one row per region."""
    records = []
    for feature in features:
        props = feature.get("properties") or {}
        # The BZK WFS puts the fields at the top level; the embedded extract nests them under "raw".
        raw = props.get("raw") or props
        # The BZK WFS names the region `id` (BU00140000, GM0014); our extract calls it `code`.
        code = props.get("code") or props.get("id") or raw.get("code") or raw.get("id")
        if not code:
            raise ValueError(f"Leefbaarometer feature without a region code: {sorted(props)}")
        year = raw.get("year") or raw.get("jaar")
        records.append(
            {
                "region_code": str(code).strip(),
                "year": int(year) if year is not None else None,
                **{f: _number(raw.get(f)) for f in CLASS_FIELDS + SCORE_FIELDS},
            }
        )
    return pd.DataFrame.from_records(records, columns=COLUMNS)


def _number(value: object) -> float | None:
    if value is None or value == "":
        return None
    return float(value)


def read_geojson(path: Path) -> pd.DataFrame:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return parse_features(data["features"])
